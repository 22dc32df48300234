/* norm_token.c: the tokens of a line: cutting it into WORD, NUM and PUNCT
 * tokens (with case, marks, folded form and column), and the questions every
 * rule asks about them: kind, glue, value, the words before or after a token.
 */
#include "tts/norm_int.h"
#include "tts/numbers.h"
#include "lexicon/vntext.h"

#include <string.h>
#include <utf8proc.h>

int nz_is_p(const nz *n, size_t i, uint32_t cp)
{
  return i < n->nt && n->t[i].kind == TK_PUNCT && n->t[i].cp == cp;
}

int nz_is_dash(const nz *n, size_t i)
{
  return nz_is_p(n, i, '-') || nz_is_p(n, i, 0x2013) || nz_is_p(n, i, 0x2014) ||
         nz_is_p(n, i, 0x2012) || nz_is_p(n, i, 0x2212);
}

int nz_glued(const nz *n, size_t i)
{
  return i < n->nt && !n->t[i].sp;
}

int nz_is_num(const nz *n, size_t i)
{
  return i < n->nt && n->t[i].kind == TK_NUM;
}

int nz_is_word(const nz *n, size_t i)
{
  return i < n->nt && n->t[i].kind == TK_WORD;
}

const char *nz_low(const nz *n, size_t i)
{
  return n->low + n->t[i].low;
}

const char *nz_text(const nz *n, size_t i)
{
  return n->line + n->t[i].s;
}

int nz_word_is(const nz *n, size_t i, const char *low)
{
  if (!nz_is_word(n, i))
    return 0;
  size_t l = strlen(low);
  return n->t[i].lowlen == l && !memcmp(nz_low(n, i), low, l);
}

/* The words just before token I are PHRASE (lower case, spaces): how many
 * words PHRASE has, else 0. */
int nz_prev_word_is(const nz *n, size_t i, const char *phrase)
{
  const char *end = phrase + strlen(phrase);
  size_t k = i;
  int words = 0;
  while (end > phrase) {
    const char *w = end;
    while (w > phrase && w[-1] != ' ')
      w--;
    if (k == 0)
      return 0;
    k--;
    const tok *t = &n->t[k];
    if (t->kind != TK_WORD || t->lowlen != (size_t)(end - w) || memcmp(nz_low(n, k), w, t->lowlen))
      return 0;
    end = w;
    words++;
    while (end > phrase && end[-1] == ' ')
      end--;
  }
  return words ? words : 1;
}

/* The words from token I on are PHRASE (lower case, spaces): how many words
 * PHRASE has, else 0. */
int nz_words_at(const nz *n, size_t i, const char *phrase)
{
  const char *w = phrase;
  for (size_t k = i;; k++) {
    const char *e = strchr(w, ' ');
    size_t l = e ? (size_t)(e - w) : strlen(w);
    if (k >= n->nt || n->t[k].kind != TK_WORD || n->t[k].lowlen != l ||
        memcmp(nz_low(n, k), w, l))
      return 0;
    if (!e)
      return (int)(k - i + 1);
    w = e + 1;
  }
}

int nz_ndig(const nz *n, size_t i)
{
  return (int)(n->t[i].e - n->t[i].s);
}

uint64_t nz_val(const nz *n, size_t i)
{
  return loa_num_value(n->line + n->t[i].s, n->t[i].e - n->t[i].s);
}

/* First token after the glued run that starts at I. */
size_t nz_chunk_end(const nz *n, size_t i)
{
  size_t j = i + 1;
  while (j < n->nt && !n->t[j].sp)
    j++;
  return j;
}

int nz_val_ok(const nz *n, size_t i, int maxdig, uint64_t lo, uint64_t hi)
{
  if (!nz_is_num(n, i) || nz_ndig(n, i) > maxdig)
    return 0;
  uint64_t v = nz_val(n, i);
  return v >= lo && v <= hi;
}

int nz_is_sep(const nz *n, size_t i, uint32_t sep)
{
  return nz_is_p(n, i, sep) && nz_glued(n, i) && nz_glued(n, i + 1);
}

/* ---- the word lists (norm_lists.h) ---- */

const char *const *nz_list(const nz *n, nz_list_id l)
{
  return n->list[l];
}

const char *nz_said(const nz *n, nz_list_id l)
{
  return n->list[l][0];
}

int nz_at_list(const nz *n, size_t i, nz_list_id l)
{
  if (!nz_is_word(n, i))
    return 0;
  char c = nz_low(n, i)[0];   /* the first byte sorts out most phrases */
  for (const char *const *p = n->list[l]; *p; p++) {
    int w = **p == c ? nz_words_at(n, i, *p) : 0;
    if (w)
      return w;
  }
  return 0;
}

int nz_after_list(const nz *n, size_t i, nz_list_id l)
{
  if (i == 0 || !nz_is_word(n, i - 1))
    return 0;
  /* the last word of a phrase is the word before I: that sorts out most phrases */
  const char *w = nz_low(n, i - 1);
  size_t wl = n->t[i - 1].lowlen;
  const struct nz_phrase_end *e = n->ends[l];
  for (const char *const *p = n->list[l]; *p; p++, e++) {
    if ((size_t)(e->len - e->last) != wl || memcmp(*p + e->last, w, wl))
      continue;
    int k = nz_prev_word_is(n, i, *p);
    if (k)
      return k;
  }
  return 0;
}

int nz_starts_list(const nz *n, size_t i, nz_list_id l)
{
  if (!nz_is_word(n, i))
    return 0;
  size_t len = n->t[i].lowlen;
  for (const char *const *p = n->list[l]; *p; p++)
    if (!strncmp(*p, nz_low(n, i), len) && ((*p)[len] == ' ' || (*p)[len] == 0))
      return 1;
  return 0;
}

static int is_space_cp(uint32_t cp)
{
  if (cp <= 0x20 || cp == 0x7F || cp == 0x85 || cp == 0xA0)
    return 1;
  if (cp < 0x80)
    return 0;
  utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
  return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP ||
         c == UTF8PROC_CATEGORY_CC || c == UTF8PROC_CATEGORY_CF;
}

/* 0 other, 1 letter, 2 combining mark */
static int letter_class(uint32_t cp)
{
  if (cp < 0x80)
    return ((cp | 32) >= 'a' && (cp | 32) <= 'z') ? 1 : 0;
  utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
  if (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO)
    return 1;
  if (c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC)
    return 2;
  return 0;
}

static tok *tok_new(nz *n)
{
  tok *t = loa_grow(n->t, &n->tcap, n->nt + 1, sizeof *t);
  if (!t) {
    n->oom = 1;
    return NULL;
  }
  n->t = t;
  t = &n->t[n->nt++];
  memset(t, 0, sizeof *t);
  return t;
}

static void low_reserve(nz *n, size_t need)
{
  char *l = loa_grow(n->low, &n->lowcap, n->lowlen + need, 1);
  if (!l) {
    n->oom = 1;
    return;
  }
  n->low = l;
}

/* Fill in the case flags and the folded form of a WORD token. */
static void finish_word(nz *n, tok *t)
{
  int up = 0, lo = 0, first_up = 0, k = 0;
  t->ascii = 1;
  t->latin = 1;
  for (size_t i = t->s; i < t->e;) {
    uint32_t cp;
    i += loa_utf8_decode(n->line + i, t->e - i, &cp);
    if (cp >= 0x80)
      t->ascii = 0;
    if (cp >= 0x250 && !(cp >= 0x1E00 && cp <= 0x1EFF) && !(cp >= 0x300 && cp <= 0x36F))
      t->latin = 0;
    uint32_t l = loa_vn_lower(cp), u = loa_vn_upper(cp);
    if (l != cp) {
      up++;
      if (k == 0)
        first_up = 1;
    } else if (u != cp) {
      lo++;
    }
    if (!t->marked && loa_vn_is_marked(cp))
      t->marked = 1;
    k++;
  }
  if (up && !lo)
    t->cas = CASE_UPPER;
  else if (!up)
    t->cas = CASE_LOWER;
  else if (up == 1 && first_up)
    t->cas = CASE_TITLE;
  else
    t->cas = CASE_MIXED;
  size_t len = t->e - t->s;
  low_reserve(n, len * 2 + 8);
  if (n->oom)
    return;
  int r = loa_vn_fold(n->line + t->s, len, n->low + n->lowlen, n->lowcap - n->lowlen);
  if (r < 0)
    r = 0;
  t->low = (uint32_t)n->lowlen;
  t->lowlen = (uint32_t)r;
  n->lowlen += (size_t)r + 1;
}

/* "29 / 9 / 2025", "5 / 9 thôn": a slash spaced between two numbers (as text
 * out of a PDF or typed by hand writes it) is read as if glued. */
static void glue_spaced_slashes(nz *n)
{
  for (size_t k = 1; k + 1 < n->nt; k++)
    if (n->t[k].kind == TK_PUNCT && n->t[k].cp == '/' && (n->t[k].sp || n->t[k + 1].sp) &&
        n->t[k - 1].kind == TK_NUM && n->t[k + 1].kind == TK_NUM)
      n->t[k].sp = n->t[k + 1].sp = 0;
}

/* A new token of KIND for the character at bytes [B,I), column COL; *SP says
 * whether white space came before it (and is reset). NULL when out of memory. */
static tok *tok_start(nz *n, int kind, size_t b, size_t i, int col, int *sp)
{
  tok *t = tok_new(n);
  if (!t)
    return NULL;
  t->kind = (uint8_t)kind;
  t->s = (uint32_t)b;
  t->e = (uint32_t)i;
  t->col = col;
  t->nch = 1;
  t->sp = (uint8_t)*sp;
  *sp = 0;
  return t;
}

/* Token T goes on to the character that ends at byte I. */
static void tok_grow(tok *t, size_t i)
{
  t->e = (uint32_t)i;
  t->nch++;
}

void nz_tokenize(nz *n)
{
  const char *s = n->line;
  size_t len = n->len, i = 0;
  int col = 0, sp = 1;
  tok *w = NULL; /* open WORD or NUM */
  n->nt = 0;
  n->lowlen = 0;
  while (i < len) {
    uint32_t cp = (unsigned char)s[i];
    size_t b = i;
    i += cp < 0x80 ? 1 : loa_utf8_decode(s + i, len - i, &cp);
    col++;
    int lc = cp < 0x80 ? (((cp | 32) >= 'a' && (cp | 32) <= 'z') ? 1 : 0) : letter_class(cp);
    int word = w && w->kind == TK_WORD;
    if (cp >= '0' && cp <= '9') {
      if (w && w->kind == TK_NUM) {
        tok_grow(w, i);
        continue;
      }
      if (word)
        finish_word(n, w);
      if (!(w = tok_start(n, TK_NUM, b, i, col, &sp)))
        return;
    } else if (lc == 1 || (lc == 2 && word)) {
      if (word)
        tok_grow(w, i);
      else if (!(w = tok_start(n, TK_WORD, b, i, col, &sp)))
        return;
    } else {
      if (word)
        finish_word(n, w);
      w = NULL;
      tok *p = NULL;
      if (is_space_cp(cp))
        sp = 1;
      else if (!(p = tok_start(n, TK_PUNCT, b, i, col, &sp)))
        return;
      if (p)
        p->cp = cp;
    }
  }
  if (w && w->kind == TK_WORD)
    finish_word(n, w);
  glue_spaced_slashes(n);
}

/* An all-caps heading ("II. KẾT QUẢ THỰC HIỆN"): capital words of Vietnamese
 * are then just lower-cased. */
int nz_detect_heading(const nz *n)
{
  int up = 0, other = 0;
  for (size_t i = 0; i < n->nt; i++) {
    const tok *t = &n->t[i];
    if (t->kind != TK_WORD || t->nch < 2)
      continue;
    if (t->cas == CASE_UPPER)
      up++;
    else
      other++;
  }
  return up >= 2 && up >= 2 * other + 2;
}
