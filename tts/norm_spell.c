/* norm_spell.c: words that are not in the lexicon: spelled with the letter
 * names, or split into the syllables they are made of (quốcgia, xaxuanhoa),
 * the cheapest split first.
 */
#include "tts/norm_int.h"
#include "lexicon/vntext.h"

#include <string.h>
#define SEG_MAX 48   /* code points of a word that may be split into syllables */

int nz_syllable(const nz *n, const char *w, size_t len)
{
  return loa_lexicon_is_syllable(n->lex, w, len);
}

static void emit_letter(nz *n, uint32_t cp)
{
  char b[8];
  size_t l = loa_utf8_encode(cp, b);
  const char *name = loa_lexicon_letter(n->lex, b, l);
  if (name) {
    nz_emits(n, name);
    return;
  }
  /* a toned vowel (é, à) is itself a syllable */
  char low[16];
  int k = loa_vn_fold(b, l, low, sizeof low);
  if (k > 0 && nz_syllable(n, low, (size_t)k))
    nz_emit(n, low, (size_t)k);
}

void nz_spell(nz *n, const char *s, size_t len)
{
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    i += loa_utf8_decode(s + i, len - i, &cp);
    if (cp >= '0' && cp <= '9')
      nz_digits(n, (const char *)&s[i - 1], 1);
    else
      emit_letter(n, cp);
  }
}


/* The syllable the piece W is: itself, or with BARE the syllable it is written
 * without its marks (xuan, hiem in an address); NULL when none. */
static const char *piece_syllable(const nz *n, const char *w, size_t len, int bare)
{
  if (nz_syllable(n, w, len))
    return w;
  return bare ? loa_lexicon_bare_syllable(n->lex, w, len) : NULL;
}

/* With BARE, 1 when the piece [B,E) of W and the syllable the best split
 * ends with at B are two words a lexicon value says together (cong an, van
 * hoa), which settles conganxa as cong an xa rather than con gan xa. */
static int known_pair(const nz *n, const char *w, const size_t *off, const unsigned char *from,
                      const unsigned char *sylp, size_t b, size_t e, int bare)
{
  if (!bare || b == 0 || !sylp[b])
    return 0;
  size_t a = from[b];
  return loa_lexicon_bare_pair(n->lex, w + off[a], off[b] - off[a], w + off[b], off[e] - off[b]);
}

/* Split the folded word W into syllables, spelling what is left with letter
 * names (fewest pieces, letters cost more). Returns 1 if only syllables were
 * needed, 0 if letters were spelled, -1 if no split exists. EMIT 0: check.
 * BARE: pieces may be syllables written without their marks (web addresses). */
int nz_segment_marks(nz *n, const char *w, size_t len, int emit, int bare)
{
  size_t off[SEG_MAX + 1];
  size_t nc = 0;
  for (size_t i = 0; i < len && nc < SEG_MAX;) {
    uint32_t cp;
    off[nc++] = i;
    i += loa_utf8_decode(w + i, len - i, &cp);
  }
  if (nc >= SEG_MAX)
    return -1;
  off[nc] = len;
  int cost[SEG_MAX + 1];
  unsigned char from[SEG_MAX + 1], sylp[SEG_MAX + 1];
  cost[0] = 0;
  for (size_t e = 1; e <= nc; e++) {
    cost[e] = 1 << 20;
    for (size_t l = 1; l <= 7 && l <= e; l++) {
      size_t b = e - l;
      if (cost[b] >= 1 << 20)
        continue;
      /* syllables cost 4, one more when they start with a vowel after
       * another piece (ca ma ra, not cam a ra); spelled letters cost 6 */
      int c;
      uint32_t first;
      loa_utf8_decode(w + off[b], off[e] - off[b], &first);
      if (piece_syllable(n, w + off[b], off[e] - off[b], bare))
        c = 4 + (b > 0 && loa_vn_is_vowel(first)) -
            2 * known_pair(n, w, off, from, sylp, b, e, bare);
      else if (l == 1 && loa_lexicon_letter(n->lex, w + off[b], off[e] - off[b]))
        c = 6;
      else
        continue;
      if (cost[b] + c < cost[e]) {
        cost[e] = cost[b] + c;
        from[e] = (unsigned char)b;
        sylp[e] = c < 6;
      }
    }
  }
  if (cost[nc] >= 1 << 20)
    return -1;
  int only = 1;
  size_t pieces[SEG_MAX + 1], np = 0;
  for (size_t e = nc; e > 0; e = from[e]) {
    pieces[np++] = e;
    if (!sylp[e])
      only = 0;
  }
  if (!emit)
    return only;
  while (np) {
    size_t e = pieces[--np], b = from[e];
    const char *syl = sylp[e] ? piece_syllable(n, w + off[b], off[e] - off[b], bare) : NULL;
    if (syl == w + off[b])
      nz_emit(n, w + off[b], off[e] - off[b]);
    else if (syl)
      nz_emits(n, syl);
    else
      nz_emits(n, loa_lexicon_letter(n->lex, w + off[b], off[e] - off[b]));
  }
  return only;
}

int nz_segment(nz *n, const char *w, size_t len, int emit)
{
  return nz_segment_marks(n, w, len, emit, 0);
}

/* A word that is not in the lexicon: split into syllables if it can be,
 * else spelled. Reported either way. */
void nz_unknown_word(nz *n, size_t i, const char *w, size_t len, size_t rep_from,
                         size_t rep_to, const char *reason)
{
  int r = nz_segment(n, w, len, 1);
  if (r < 0) {
    nz_spell(n, w, len);
    nz_report(n, rep_from, rep_to, reason ? reason : "unknown word, spelled");
    return;
  }
  (void)i;
  nz_report(n, rep_from, rep_to,
            reason ? reason
                   : r == 1 ? "not a Vietnamese word, read as the syllables it contains"
                            : "unknown word, read in syllables and letters");
}
