/* norm_gloss.c: what is not read twice: an acronym in brackets that only
 * names the words just read ("Dịch tả lợn châu Phi (DTLCP)"), and words in
 * brackets that repeat the words before them ("150.000.000 đồng (Một trăm năm
 * mươi triệu đồng)").
 */
#include "tts/norm_int.h"
#include "lexicon/vntext.h"

#include <string.h>
#include <utf8proc.h>

/* The base letter of CP, lower case, without tone or vowel marks (đ stays đ). */
static uint32_t base_letter(uint32_t cp)
{
  utf8proc_int32_t d[4];
  int lc;
  cp = loa_vn_lower(cp);
  utf8proc_ssize_t r = utf8proc_decompose_char((utf8proc_int32_t)cp, d, 4, UTF8PROC_DECOMPOSE, &lc);
  return r >= 1 ? (uint32_t)d[0] : cp;
}

/* 1 when the words before token END (dashes between them skipped) start with
 * the letters of the acronym in tokens [A,B) ('&' stands for và). */
static int initials_match(const nz *n, size_t a, size_t b, size_t end)
{
  size_t k = end;
  for (size_t p = b; p > a; p--) {
    const tok *t = &n->t[p - 1];
    size_t q = t->e;
    while (q > t->s) {
      size_t s0 = q - 1;
      while (s0 > t->s && ((unsigned char)n->line[s0] & 0xC0) == 0x80)
        s0--;
      uint32_t cp = 0;
      if (t->kind == TK_WORD)
        loa_utf8_decode(n->line + s0, q - s0, &cp);
      while (k > 0 && nz_is_dash(n, k - 1))
        k--;
      if (k == 0 || !nz_is_word(n, k - 1))
        return 0;
      k--;
      if (t->kind != TK_WORD) {
        const char *amp = nz_sign_reading(n, '&');
        if (!amp || !nz_word_is(n, k, amp))
          return 0;
      } else {
        uint32_t w;
        loa_utf8_decode(n->line + n->t[k].s, n->t[k].e - n->t[k].s, &w);
        if (base_letter(w) != base_letter(cp))
          return 0;
      }
      q = s0;
    }
  }
  return 1;
}

int nz_initials_match(const nz *n, size_t a, size_t b, size_t end)
{
  return initials_match(n, a, b, end);
}

/* 1 when the output so far ends with the words W. */
static int said_last(const nz *n, const char *w)
{
  return nz_said_ending_at(n, w, strlen(w), n->out.n);
}

/* W was said just before the last one to three words ("ban chỉ huy quân sự xã (BCHQS)":
 * the place the unit belongs to follows the name the acronym stands for). */
static int said_before_last(const nz *n, const char *w, int words)
{
  const char *o = n->out.p;
  size_t end = n->out.n;
  for (int k = 0; k < words; k++) {
    while (end > 0 && o[end - 1] == ' ')
      end--;
    while (end > 0 && o[end - 1] != ' ')
      end--;
    while (end > 0 && o[end - 1] == ' ')
      end--;
    if (nz_said_ending_at(n, w, strlen(w), end))
      return 1;
  }
  return 0;
}

/* The words of the output in [FROM, TO), pause marks left out: their starts
 * and lengths (at most MAX). Returns how many. */
static size_t out_words(const nz *n, size_t from, size_t to, size_t *at, size_t *len, size_t max)
{
  const char *o = n->out.p;
  size_t k = 0, p = from;
  while (p < to && k < max) {
    while (p < to && o[p] == ' ')
      p++;
    size_t b = p;
    while (p < to && o[p] != ' ')
      p++;
    if (p > b && !(p - b == 1 && (o[b] == ',' || o[b] == '.'))) {
      at[k] = b;
      len[k++] = p - b;
    }
  }
  return k;
}

static int word_eq(const nz *n, size_t a, size_t al, const char *w)
{
  return w && al == strlen(w) && !memcmp(n->out.p + a, w, al);
}

/* The first of the NW words at AT (lengths LEN) are a phrase of list in-words
 * ("bằng chữ") and more words follow: how many words it has, else 0. */
static size_t in_words(const nz *n, const size_t *at, const size_t *len, size_t nw)
{
  for (const char *const *p = nz_list(n, NL_IN_WORDS); *p; p++) {
    size_t k = 0;
    for (const char *w = *p; k < nw; k++) {
      size_t l = strcspn(w, " ");
      if (len[k] != l || memcmp(n->out.p + at[k], w, l))
        break;
      if (!w[l]) {
        k++;
        if (nw > k)
          return k;
        break;
      }
      w += l + 1;
    }
  }
  return 0;
}

/* "150.000.000 đồng (Một trăm năm mươi triệu đồng)", "(bằng chữ: ...)": words
 * in brackets that repeat the words just before them are not read again.
 * FROM is where the output stood at the '('. */
void nz_drop_repeat(nz *n, size_t from)
{
  enum { MAXW = 64 };
  size_t ca[MAXW], cl[MAXW], pa[2 * MAXW], pl[2 * MAXW];
  if (n->out.n <= from || n->oom || n->out.oom)
    return;
  size_t nc = out_words(n, from, n->out.n, ca, cl, MAXW), c0 = 0;
  if (nc == MAXW)
    return;
  c0 = in_words(n, ca, cl, nc);
  size_t start = from > 16 * MAXW ? from - 16 * MAXW : 0;
  size_t np = out_words(n, start, from, pa, pl, 2 * MAXW);
  if (nc == c0 || np < nc - c0 || np == 2 * MAXW)
    return;
  for (size_t k = 0; k < nc - c0; k++) {
    size_t q = np - (nc - c0) + k, c = c0 + k;
    int same = pl[q] == cl[c] && !memcmp(n->out.p + pa[q], n->out.p + ca[c], pl[q]);
    /* the Southern digits say ngàn where the words may write nghìn */
    const char *const *th = nz_list(n, NL_NUM_THOUSAND);
    if (!same && !(word_eq(n, pa[q], pl[q], th[1]) && word_eq(n, ca[c], cl[c], th[0])))
      return;
  }
  nz_unsay(n, from);
}

/* "Dịch tả lợn châu Phi (DTLCP)", "Công an xã (CAX)": an acronym in brackets
 * that only names the words just read is not read again. Returns the tokens
 * from the '(' at I to the ')', or 0. */
size_t nz_acronym_gloss(nz *n, size_t i)
{
  size_t b = i + 1;
  while (b < n->nt && !n->t[b].sp &&
         ((nz_is_word(n, b) && n->t[b].cas == CASE_UPPER) ||
          (b > i + 1 && (nz_is_p(n, b, '&') || nz_is_p(n, b, '-')) && nz_is_word(n, b + 1))))
    b++;
  if (b == i + 1 || !nz_is_p(n, b, ')') || n->t[b].sp || i == 0 || !nz_is_word(n, i - 1))
    return 0;
  size_t letters = 0;
  for (size_t k = i + 1; k < b; k++)
    letters += nz_is_word(n, k) ? (size_t)n->t[k].nch : 0;
  if (letters < 2)
    return 0;
  const char *exp = loa_lexicon_abbr(n->lex, nz_text(n, i + 1), n->t[b - 1].e - n->t[i + 1].s, NULL);
  if ((exp && (said_last(n, exp) || said_before_last(n, exp, 3))) || initials_match(n, i + 1, b, i)) {
    nz_pause(n, PAUSE_COMMA);
    return b + 1 - i;
  }
  return 0;
}
