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

/* Token I may start an address: at the line start, after a space or an opening
 * bracket or quote. */
static int may_start(const nz *n, size_t i)
{
  if (i == 0 || n->t[i].sp)
    return 1;
  uint32_t cp = n->t[i - 1].kind == TK_PUNCT ? n->t[i - 1].cp : 0;
  return cp == '(' || cp == '<' || cp == '"' || cp == 0x201C || cp == '[' || cp == '\'';
}

/* name@domain.tld in tokens [I, END). */
static int is_email(const nz *n, size_t i, size_t end)
{
  for (size_t k = i + 1; k + 1 < end; k++)
    if (nz_is_p(n, k, '@') && !nz_is_p(n, k + 1, '.'))
      for (size_t m = k + 1; m + 1 < end; m++)
        if (nz_is_p(n, m, '.') && (nz_is_word(n, m + 1) || nz_is_num(n, m + 1)))
          return 1;
  return 0;
}

/* A bare domain in tokens [I, END): label(.label)+.tld[/path], ASCII labels. */
static int is_bare_domain(const nz *n, size_t i, size_t end)
{
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
    return labels >= 2 && is_tld(n, l) && n->t[l].cas == CASE_LOWER &&
           (k == end || nz_is_p(n, k, '/') || nz_is_p(n, k, ':'));
  }
  return 0;
}

/* One token K of an address: a short number read, a long one digit by digit, a
 * word as a loanword, a syllable or the syllables it is written with, a sign named. */
static void read_part(nz *n, size_t k)
{
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

size_t nz_url(nz *n, size_t i)
{
  if (!may_start(n, i))
    return 0;
  size_t end = nz_chunk_end(n, i);
  while (end > i + 1 && n->t[end - 1].kind == TK_PUNCT && trailing_punct(n->t[end - 1].cp))
    end--;
  if (end < i + 3)
    return 0;
  int url = (nz_at_list(n, i, NL_URL_SCHEME) && nz_is_p(n, i + 1, ':') && nz_is_p(n, i + 2, '/')) ||
            (nz_word_is(n, i, "www") && nz_is_p(n, i + 1, '.')) || is_email(n, i, end) ||
            is_bare_domain(n, i, end);
  if (!url)
    return 0;
  for (size_t k = i; k < end; k++)
    read_part(n, k);
  return end - i;
}
