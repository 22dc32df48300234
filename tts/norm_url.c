/* norm_url.c: web and e-mail addresses (docs/reading.md, "Web and e-mail addresses"), read
 * as an announcer does: the scheme (http://, https://) is not said, www is vê kép vê kép
 * vê kép; the host is read label by label, each label as the parts it is glued from
 * (norm_glued.c: congdichvucong cổng dịch vụ công, nghean nghệ an, a brand as its
 * loanword), the signs between them named (symbols.tsv, the rows marked address: .
 * chấm, @ a còng, - gạch ngang); a path that only names a page or an account is read the
 * same way (facebook.com/xahoangkim), any other path or query is not read at all (and
 * reported): the listener is sent to the site, not read a string of characters.
 */
#include "tts/norm_int.h"

#include <string.h>

enum { PATH_MAX_CHARS = 30 };

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
  return cp == '(' || cp == '<' || cp == '"' || cp == 0x201C || cp == '[' || cp == '\'' ||
         cp == 0x2018;
}

/* name@domain.tld in tokens [I, END): the first '@' that is not "@." decides (a later
 * one has fewer tokens after it). */
static int is_email(const nz *n, size_t i, size_t end)
{
  for (size_t k = i + 1; k + 1 < end; k++)
    if (nz_is_p(n, k, '@') && !nz_is_p(n, k + 1, '.')) {
      for (size_t m = k + 1; m + 1 < end; m++)
        if (nz_is_p(n, m, '.') && (nz_is_word(n, m + 1) || nz_is_num(n, m + 1)))
          return 1;
      return 0;
    }
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

/* A word K of an address: a top-level domain or a loanword as the table says (gov gờ ô
 * vê, com), else the parts it is glued from, else spelled. */
static void read_word(nz *n, size_t k)
{
  const tok *t = &n->t[k];
  const char *s = nz_text(n, k);
  size_t len = t->e - t->s;
  const char *r = loa_lexicon_loanword(n->lex, s, len);
  if (r) {
    nz_emits(n, r);
    return;
  }
  unsigned char cut[64], caps[64];
  int mixed = t->cas == CASE_MIXED && len < sizeof cut;
  if (mixed)
    nz_case_parts(s, len, cut, caps);
  if (!t->ascii || nz_read_glued(n, nz_low(n, k), t->lowlen, mixed ? cut : NULL,
                                 mixed ? caps : NULL, 1) < 0)
    nz_spell(n, s, len);
}

/* One token K of an address: a short number read, a long one digit by digit, a word
 * (read_word), a sign named. */
static void read_part(nz *n, size_t k)
{
  const tok *t = &n->t[k];
  if (t->kind == TK_NUM) {
    if (nz_ndig(n, k) <= 2 && nz_text(n, k)[0] != '0')
      nz_cardinal(n, nz_val(n, k));
    else
      nz_digits(n, nz_text(n, k), (size_t)nz_ndig(n, k));
  } else if (t->kind == TK_WORD) {
    read_word(n, k);
  } else {
    const char *w = nz_sign_name(n, t->cp);
    if (w)
      nz_emits(n, w);
    else
      nz_report(n, k, k + 1, "symbol in an address not read");
  }
}

#define MAX_ADDRESS_TOKENS 256   /* a long web address has a hundred; more is not one */

/* The path [P, END) (from its '/') names a page or an account: one segment of letters
 * (a handle may start with @), of digits (a phone number), or of letters then digits,
 * thirty characters at most, a final '/' aside (facebook.com/xahoangkim,
 * zalo.me/0912345678, bit.ly/khaosat2025). Any other path (segments, words joined by
 * '-', a file, a query, a code of mixed letters and digits) is not read. */
static int page_name(const nz *n, size_t p, size_t end)
{
  int chars = 0, words = 0, nums = 0;
  if (end > p + 1 && nz_is_p(n, end - 1, '/'))
    end--;
  for (size_t k = p + 1; k < end; k++) {
    if (n->t[k].kind == TK_PUNCT && !(k == p + 1 && n->t[k].cp == '@'))
      return 0;
    words += n->t[k].kind == TK_WORD;
    nums += n->t[k].kind == TK_NUM;
    chars += n->t[k].nch;
  }
  /* letters then digits at most (khaosat2025), not a code of both (abc123XYZ) */
  int code = words > 1 || nums > 1 || (words && nums && n->t[end - 1].kind != TK_NUM);
  return end > p + 1 && chars <= PATH_MAX_CHARS && !code;
}

size_t nz_url(nz *n, size_t i)
{
  if (!may_start(n, i))
    return 0;
  size_t end = nz_chunk_end(n, i, MAX_ADDRESS_TOKENS);
  if (end - i > MAX_ADDRESS_TOKENS)
    return 0;
  while (end > i + 1 && n->t[end - 1].kind == TK_PUNCT && trailing_punct(n->t[end - 1].cp))
    end--;
  if (end < i + 3)
    return 0;
  int scheme = nz_at_list(n, i, NL_URL_SCHEME) && nz_is_p(n, i + 1, ':') &&
               nz_is_p(n, i + 2, '/');
  int url = scheme || (nz_word_is(n, i, "www") && nz_is_p(n, i + 1, '.')) ||
            is_email(n, i, end) || is_bare_domain(n, i, end);
  if (!url)
    return 0;
  size_t k = i;
  if (scheme)                         /* http://, https:// are not said */
    for (k = i + 2; k < end && nz_is_p(n, k, '/'); k++)
      ;
  n->naddr_units = 0;                 /* the units its places may be in */
  for (size_t u = i; u < end && n->naddr_units < 4; u++) {
    const char *kind = NULL;
    if (n->t[u].kind == TK_WORD && n->t[u].ascii &&
        loa_lexicon_place(n->lex, nz_low(n, u), n->t[u].lowlen, &kind) &&
        (!strcmp(kind, "province") || !strcmp(kind, "district")))
      n->addr_units[n->naddr_units++] = u;
  }
  size_t path = k;                    /* the first '/' after the host, or END */
  while (path < end && !nz_is_p(n, path, '/'))
    path++;
  for (; k < path; k++)
    read_part(n, k);
  if (page_name(n, path, end))
    for (k = path; k < end && !(k + 1 == end && nz_is_p(n, k, '/')); k++)
      read_part(n, k);
  else if (path + 1 < end)
    nz_report(n, path, end, "path of a web address not read");
  n->naddr_units = 0;
  return end - i;
}
