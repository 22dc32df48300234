/* norm_abbr.c: abbreviations (docs/reading.md, "Abbreviations and context"):
 * looked up with the words around them as context, glued tokens that form one
 * lexicon key (TP., v/v, NN&PTNT), and the parts of a document number's code.
 */
#include "tts/norm_int.h"
#include "lexicon/vntext.h"

#include <string.h>

/* The lower-cased words around token I, for abbreviations such as BCH. */
const char *nz_context(nz *n, size_t i)
{
  /* eight words each side; numbers and signs between them do not count
   * ("45/KH-BCH ngày 3/9/2025 của Ban CHQS": CHQS is near) */
  size_t lo = i, hi = i + 1, k = 0;
  for (int w = 0; lo > 0 && w < 8; lo--)
    w += n->t[lo - 1].kind == TK_WORD;
  for (int w = 0; hi < n->nt && w < 8; hi++)
    w += n->t[hi].kind == TK_WORD;
  n->ctx[0] = 0;
  for (size_t j = lo; j < hi; j++) {
    if (j != i && n->t[j].kind != TK_WORD)
      continue;
    /* the abbreviation's own place: the nearest decisive word wins (lexicon.h) */
    const char *w = j == i ? LOA_ABBR_HERE : nz_low(n, j);
    size_t l = j == i ? strlen(LOA_ABBR_HERE) : n->t[j].lowlen;
    if (k + l + 2 >= sizeof n->ctx)
      break;
    if (k)
      n->ctx[k++] = ' ';
    memcpy(n->ctx + k, w, l);
    k += l;
  }
  /* inside "123/UBND-NV" the parts are offices: rows for "#code" win */
  size_t ml = n->mark ? strlen(n->mark) : 0;
  if (ml && k + ml + 2 < sizeof n->ctx) {
    if (k)
      n->ctx[k++] = ' ';
    memcpy(n->ctx + k, n->mark, ml);
    k += ml;
  }
  n->ctx[k] = 0;
  return n->ctx;
}

/* Token I is the only word or number of its line, or of its table cell between two '|':
 * a column's header ("TT" thứ tự, "ĐVT"), for the rows of "#cell". */
int nz_alone_in_cell(const nz *n, size_t i)
{
  size_t a = i, b = i + 1;
  while (a > 0 && !nz_is_p(n, a - 1, '|'))
    a--;
  while (b < n->nt && !nz_is_p(n, b, '|'))
    b++;
  for (size_t k = a; k < b; k++)
    if (k != i && n->t[k].kind != TK_PUNCT)
      return 0;
  return 1;
}

/* Abbreviation S (LEN bytes) as written, then in upper case, then in lower
 * case ("B/c" finds "b/c"). */
const char *nz_abbr_lookup(nz *n, const char *s, size_t len, size_t at, int variants)
{
  const char *ctx = nz_context(n, at);
  const char *r = loa_lexicon_abbr(n->lex, s, len, ctx);
  if (r || !variants || len > 120)
    return r;
  char buf[512];
  for (int pass = 0; pass < 2 && !r; pass++) {
    size_t o = 0, i = 0;
    while (i < len && o + 4 < sizeof buf) {
      uint32_t cp;
      i += loa_utf8_decode(s + i, len - i, &cp);
      o += loa_utf8_encode(pass ? loa_vn_lower(cp) : loa_vn_upper(cp), buf + o);
    }
    if (o != len || memcmp(buf, s, len))
      r = loa_lexicon_abbr(n->lex, buf, o, ctx);
  }
  return r;
}

static int chunk_punct(uint32_t cp)
{
  return cp == '.' || cp == '/' || cp == '&' || cp == '-' || cp == '\'' || cp == 0x2019;
}

/* Glued tokens forming one lexicon key: "TP.", "v/v", "NN&PTNT", "e-mail". */
size_t nz_lex_chunk(nz *n, size_t i)
{
  size_t end = i + 1;
  while (end < n->nt && end < i + 9 && !n->t[end].sp &&
         (n->t[end].kind != TK_PUNCT || chunk_punct(n->t[end].cp)))
    end++;
  if (end == i + 1)
    return 0;
  for (size_t k = end; k >= i + 2; k--) {
    const tok *last = &n->t[k - 1];
    if (last->kind == TK_PUNCT && last->cp != '.')
      continue;
    if (k < n->nt && !n->t[k].sp && n->t[k].kind != TK_PUNCT && n->t[k].kind == last->kind)
      continue;
    const char *s = nz_text(n, i);
    size_t len = last->e - n->t[i].s;
    const char *r = nz_abbr_lookup(n, s, len, i, 1);
    /* "P. Đông Thọ" is phường only near an address; a bare "P." is no guess */
    if (r && last->kind == TK_PUNCT && k == i + 2 &&
        loa_lexicon_abbr_how(n->lex, s, len, nz_context(n, i)) == LOA_ABBR_GUESS)
      continue;
    if (!r)
      r = loa_lexicon_loanword(n->lex, s, len);
    if (r) {
      nz_emits(n, r);
      /* "... của UBND TP." ends the sentence too */
      if (last->kind == TK_PUNCT && k == n->nt)
        nz_pause(n, PAUSE_STOP);
      return k - i;
    }
  }
  return 0;
}

static void code_part(nz *n, size_t i, size_t end)
{
  const char *s = nz_text(n, i);
  size_t len = n->t[end - 1].e - n->t[i].s;
  const char *r = nz_abbr_lookup(n, s, len, i, 1);
  if (r) {
    nz_emits(n, r);
    return;
  }
  for (size_t k = i; k < end; k++) {
    if (nz_is_p(n, k, '&')) {
      nz_say_sign(n, '&');
      continue;
    }
    const tok *t = &n->t[k];
    r = nz_abbr_lookup(n, nz_text(n, k), t->e - t->s, k, 1);
    if (!r)
      r = loa_lexicon_loanword(n->lex, nz_text(n, k), t->e - t->s);
    if (r) {
      nz_emits(n, r);
      continue;
    }
    nz_spell(n, nz_text(n, k), t->e - t->s);
    nz_report(n, k, k + 1, "unknown abbreviation in a document number, spelled");
  }
}

void nz_code_part(nz *n, size_t i, size_t end)
{
  n->mark = "#code";
  code_part(n, i, end);
  n->mark = NULL;
}
