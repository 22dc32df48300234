/* norm_url.c: web and e-mail addresses, read part by part: words as their
 * syllables (written without marks: xaxuanhoa), numbers, and the signs named
 * (symbols.tsv, the rows marked address: . chấm, / gạch chéo, @ a còng).
 */
#include "tts/norm_int.h"

#include <string.h>

/* Token I is a top-level domain (list tld: vn, com, gov). */
static int is_tld(const nz *n, size_t i)
{
  return nz_is_word(n, i) && n->t[i].ascii && nz_at_list(n, i, NL_TLD);
}

static int trailing_punct(uint32_t cp)
{
  return cp == '.' || cp == ',' || cp == ';' || cp == ':' || cp == ')' || cp == ']' ||
         cp == '}' || cp == '>' || cp == '"' || cp == 0x201D || cp == '\'' || cp == 0x2019 ||
         cp == '!' || cp == '?' || cp == 0x2026;
}

size_t nz_url(nz *n, size_t i)
{
  if (!(i == 0 || n->t[i].sp ||
        (n->t[i - 1].kind == TK_PUNCT && (n->t[i - 1].cp == '(' || n->t[i - 1].cp == '<' ||
                                           n->t[i - 1].cp == '"' || n->t[i - 1].cp == 0x201C ||
                                           n->t[i - 1].cp == '[' || n->t[i - 1].cp == '\''))))
    return 0;
  size_t end = nz_chunk_end(n, i);
  while (end > i + 1 && n->t[end - 1].kind == TK_PUNCT && trailing_punct(n->t[end - 1].cp))
    end--;
  if (end < i + 3)
    return 0;
  int url = 0;
  /* scheme:// */
  if (nz_at_list(n, i, NL_URL_SCHEME) && nz_is_p(n, i + 1, ':') && nz_is_p(n, i + 2, '/'))
    url = 1;
  else if (nz_word_is(n, i, "www") && nz_is_p(n, i + 1, '.'))
    url = 1;
  if (!url) {
    /* e-mail: name@domain.tld */
    for (size_t k = i + 1; k + 1 < end && !url; k++)
      if (nz_is_p(n, k, '@') && !nz_is_p(n, k + 1, '.')) {
        for (size_t m = k + 1; m + 1 < end; m++)
          if (nz_is_p(n, m, '.') && (nz_is_word(n, m + 1) || nz_is_num(n, m + 1)))
            url = 1;
      }
  }
  if (!url) {
    /* bare domain: label(.label)+.tld[/path] */
    size_t k = i;
    int labels = 0;
    while (k < end && (nz_is_word(n, k) || nz_is_num(n, k))) {
      if (nz_is_word(n, k) && !n->t[k].ascii)
        return 0;
      labels++;
      size_t l = k;
      k++;
      while (k < end && nz_is_p(n, k, '-') && k + 1 < end &&
             (nz_is_word(n, k + 1) || nz_is_num(n, k + 1)))
        k += 2;
      if (k < end && nz_is_p(n, k, '.') && k + 1 < end) {
        k++;
        continue;
      }
      if (labels >= 2 && is_tld(n, l) && n->t[l].cas == CASE_LOWER &&
          (k == end || nz_is_p(n, k, '/') || nz_is_p(n, k, ':')))
        url = 1;
      break;
    }
  }
  if (!url)
    return 0;
  for (size_t k = i; k < end; k++) {
    const tok *t = &n->t[k];
    if (t->kind == TK_NUM) {
      if (nz_ndig(n, k) <= 2 && nz_text(n, k)[0] != '0')
        nz_cardinal(n, nz_val(n, k));
      else
        nz_digits(n, nz_text(n, k), (size_t)nz_ndig(n, k));
    } else if (t->kind == TK_WORD) {
      const char *r = loa_lexicon_loanword(n->lex, nz_text(n, k), t->e - t->s);
      if (r)
        nz_emits(n, r);
      else if (nz_syllable(n, nz_low(n, k), t->lowlen))
        nz_emit(n, nz_low(n, k), t->lowlen);
      else if (nz_segment_marks(n, nz_low(n, k), t->lowlen, 1, t->ascii) < 0)
        nz_spell(n, nz_text(n, k), t->e - t->s);
    } else {
      const char *w = nz_sign_name(n, t->cp);
      if (w)
        nz_emits(n, w);
      else
        nz_report(n, k, k + 1, "symbol in an address not read");
    }
  }
  return end - i;
}
