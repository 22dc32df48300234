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

/* The cheapest split of a word into pieces: OFF the byte offset of each code
 * point (NC of them), and for each end E the cost of the best split up to it,
 * where its last piece starts (FROM) and whether that piece is a syllable. */
typedef struct {
  const char *w;
  size_t off[SEG_MAX + 1], nc;
  int cost[SEG_MAX + 1];
  unsigned char from[SEG_MAX + 1], sylp[SEG_MAX + 1];
  int bare;       /* pieces may be syllables written without their marks */
} split;

#define NO_SPLIT (1 << 20)

/* With BARE, 1 when the piece [B,E) and the syllable the best split ends with
 * at B are two words a lexicon value says together (cong an, van hoa), which
 * settles conganxa as cong an xa rather than con gan xa. */
static int known_pair(const nz *n, const split *sp, size_t b, size_t e)
{
  if (!sp->bare || b == 0 || !sp->sylp[b])
    return 0;
  size_t a = sp->from[b];
  const char *w = sp->w;
  const size_t *off = sp->off;
  return loa_lexicon_bare_pair(n->lex, w + off[a], off[b] - off[a], w + off[b], off[e] - off[b]);
}

/* The cost of the piece [B,E) (L code points): a syllable 4, one more when it
 * starts with a vowel after another piece (ca ma ra, not cam a ra), two less
 * when it and the one before say a known pair; a spelled letter 6; -1 if neither. */
static int piece_cost(const nz *n, const split *sp, size_t b, size_t e, size_t l)
{
  const char *p = sp->w + sp->off[b];
  size_t pl = sp->off[e] - sp->off[b];
  uint32_t first;
  loa_utf8_decode(p, pl, &first);
  if (piece_syllable(n, p, pl, sp->bare))
    return 4 + (b > 0 && loa_vn_is_vowel(first)) - 2 * known_pair(n, sp, b, e);
  if (l == 1 && loa_lexicon_letter(n->lex, p, pl))
    return 6;
  return -1;
}

/* Fill SP for W (LEN bytes); -1 when W is too long or has no split. */
static int best_split(const nz *n, split *sp, const char *w, size_t len, int bare)
{
  sp->w = w;
  sp->bare = bare;
  sp->nc = 0;
  for (size_t i = 0; i < len && sp->nc < SEG_MAX;) {
    uint32_t cp;
    sp->off[sp->nc++] = i;
    i += loa_utf8_decode(w + i, len - i, &cp);
  }
  if (sp->nc >= SEG_MAX)
    return -1;
  sp->off[sp->nc] = len;
  sp->cost[0] = 0;
  for (size_t e = 1; e <= sp->nc; e++) {
    sp->cost[e] = NO_SPLIT;
    for (size_t l = 1; l <= 7 && l <= e; l++) {
      size_t b = e - l;
      int c = sp->cost[b] >= NO_SPLIT ? -1 : piece_cost(n, sp, b, e, l);
      if (c >= 0 && sp->cost[b] + c < sp->cost[e]) {
        sp->cost[e] = sp->cost[b] + c;
        sp->from[e] = (unsigned char)b;
        sp->sylp[e] = c < 6;
      }
    }
  }
  return sp->cost[sp->nc] >= NO_SPLIT ? -1 : 0;
}

/* Split the folded word W into syllables, spelling what is left with letter
 * names (fewest pieces, letters cost more). Returns 1 if only syllables were
 * needed, 0 if letters were spelled, -1 if no split exists. EMIT 0: check.
 * BARE: pieces may be syllables written without their marks (web addresses). */
int nz_segment_marks(nz *n, const char *w, size_t len, int emit, int bare)
{
  split sp;
  if (best_split(n, &sp, w, len, bare) < 0)
    return -1;
  int only = 1;
  size_t pieces[SEG_MAX + 1], np = 0;
  for (size_t e = sp.nc; e > 0; e = sp.from[e]) {
    pieces[np++] = e;
    if (!sp.sylp[e])
      only = 0;
  }
  while (emit && np) {
    size_t e = pieces[--np], b = sp.from[e];
    const char *p = w + sp.off[b];
    size_t pl = sp.off[e] - sp.off[b];
    const char *syl = sp.sylp[e] ? piece_syllable(n, p, pl, bare) : NULL;
    if (syl == p)
      nz_emit(n, p, pl);
    else if (syl)
      nz_emits(n, syl);
    else
      nz_emits(n, loa_lexicon_letter(n->lex, p, pl));
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
