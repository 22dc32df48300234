/* normalize.c: written Vietnamese -> spoken Vietnamese, one line at a time
 * (normalize.h, READING.md). This file owns the normaliser object, cuts a line
 * into tokens, builds the output, records findings and reads punctuation and
 * symbols; numbers, dates, times and codes are in norm_numeric.c, words,
 * abbreviations, Roman numerals and URLs in norm_words.c.
 */
#include "tts/normalize.h"
#include "tts/norm_int.h"
#include "tts/numbers.h"
#include "lexicon/buf.h"
#include "lexicon/vntext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

/* ---------------------------------------------------------------- API */

void loa_findings_free(loa_findings *f)
{
  if (!f)
    return;
  free(f->items);
  f->items = NULL;
  f->n = f->cap = 0;
}

loa_normalizer *loa_normalizer_new(const loa_lexicon *lex, loa_dialect dialect)
{
  if (!lex)
    return NULL;
  loa_normalizer *n = calloc(1, sizeof *n);
  if (!n)
    return NULL;
  n->lex = lex;
  n->south = dialect == LOA_DIALECT_SOUTH;
  return n;
}

void loa_normalizer_free(loa_normalizer *n)
{
  if (!n)
    return;
  free(n->t);
  free(n->low);
  free(n->out);
  free(n->joins);
  free(n);
}

int loa_dialect_parse(const char *s)
{
  if (!s)
    return -1;
  if (!strcasecmp(s, "north") || !strcasecmp(s, "bac") || !strcmp(s, "bắc") || !strcmp(s, "Bắc"))
    return LOA_DIALECT_NORTH;
  if (!strcasecmp(s, "south") || !strcasecmp(s, "nam") || !strcmp(s, "Nam"))
    return LOA_DIALECT_SOUTH;
  return -1;
}

/* ------------------------------------------------------------- output */

static void out_put(nz *n, const char *s, size_t len)
{
  if (n->oom)
    return;
  if (n->on + len + 1 > n->ocap) {
    size_t cap = n->ocap ? n->ocap : 1024;
    while (cap < n->on + len + 1)
      cap *= 2;
    char *o = realloc(n->out, cap);
    if (!o) {
      n->oom = 1;
      return;
    }
    n->out = o;
    n->ocap = cap;
  }
  memcpy(n->out + n->on, s, len);
  n->on += len;
  n->out[n->on] = 0;
}

/* The pending pause mark: " ," or " ." (" ?", " !" with LOA_NORM_MARKS). */
static void put_pause(nz *n)
{
  if (!n->pause || !(n->flags & LOA_NORM_PAUSES))
    return;
  char m[2] = {' ', n->pause == PAUSE_STOP ? '.' : ','};
  if (n->pause == PAUSE_STOP && n->tune && (n->flags & LOA_NORM_MARKS))
    m[1] = (char)n->tune;
  out_put(n, m, 2);
}

static uint32_t hash_of(const char *s, size_t len)
{
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < len; i++)
    h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

/* With LOA_NORM_MARKS, remember where a reading of several words was put. */
static void note_join(nz *n, const char *words, size_t len)
{
  if (!(n->flags & LOA_NORM_MARKS) || !memchr(words, ' ', len) || n->oom)
    return;
  struct nz_join *j = loa_grow(n->joins, &n->joincap, n->njoins + 1, sizeof *j);
  if (!j) {
    n->oom = 1;
    return;
  }
  n->joins = j;
  n->joins[n->njoins++] = (struct nz_join){n->on, len, hash_of(words, len)};
}

/* Join the words of every reading still in the output as it was put (a reading
 * taken back by a later rule is left alone). */
static void apply_joins(nz *n)
{
  for (size_t k = 0; k < n->njoins; k++) {
    const struct nz_join *j = &n->joins[k];
    if (j->at + j->len > n->on || hash_of(n->out + j->at, j->len) != j->hash)
      continue;
    for (size_t i = j->at; i < j->at + j->len; i++)
      if (n->out[i] == ' ')
        n->out[i] = '_';
  }
}

void nz_emit(nz *n, const char *words, size_t len)
{
  while (len && *words == ' ')
    words++, len--;
  while (len && words[len - 1] == ' ')
    len--;
  if (!len)
    return;
  if (n->on) {
    put_pause(n);
    out_put(n, " ", 1);
  }
  n->pause = PAUSE_NONE;
  n->tune = 0;
  note_join(n, words, len);
  out_put(n, words, len);
}

void nz_emits(nz *n, const char *words)
{
  nz_emit(n, words, strlen(words));
}

void nz_pause(nz *n, int level)
{
  if (n->on && level > n->pause)
    n->pause = level;
}

void nz_cardinal(nz *n, uint64_t v)
{
  if (loa_num_cardinal(v, n->south, n->nb, sizeof n->nb) > 0)
    nz_emits(n, n->nb);
}

void nz_digits(nz *n, const char *d, size_t len)
{
  /* long codes are read in slices so the scratch buffer always suffices */
  while (len) {
    size_t k = len > 40 ? 40 : len;
    if (loa_num_digits(d, k, n->nb, sizeof n->nb) > 0)
      nz_emits(n, n->nb);
    d += k;
    len -= k;
  }
}

/* A count written with digits: leading zeros are not read (09 tổ -> chín
 * tổ), but a longer string starting with 0 is a code, read digit by digit. */
void nz_count(nz *n, size_t i)
{
  const char *d = n->line + n->t[i].s;
  int nd = nz_ndig(n, i);
  if ((nd >= 3 && d[0] == '0') || nd > LOA_NUM_MAXDIG) {
    if (nd > LOA_NUM_MAXDIG)
      nz_report(n, i, i + 1, "number too long to read as a number, read digit by digit");
    nz_digits(n, d, (size_t)nd);
    return;
  }
  nz_cardinal(n, nz_val(n, i));
}

/* ----------------------------------------------------------- findings */

void nz_report(nz *n, size_t i, size_t j, const char *reason)
{
  loa_findings *f = n->fnd;
  if (!f || i >= n->nt)
    return;
  if (j > n->nt)
    j = n->nt;
  if (j <= i)
    j = i + 1;
  if (f->n == f->cap) {
    size_t cap = f->cap ? f->cap * 2 : 16;
    loa_finding *it = realloc(f->items, cap * sizeof *it);
    if (!it) {
      n->oom = 1;
      return;
    }
    f->items = it;
    f->cap = cap;
  }
  loa_finding *x = &f->items[f->n++];
  memset(x, 0, sizeof *x);
  x->line = n->lineno;
  x->col = n->t[i].col;
  size_t s = n->t[i].s, e = n->t[j - 1].e;
  size_t len = e - s;
  if (len > sizeof x->token - 1) {
    len = sizeof x->token - 1;
    while (len && ((unsigned char)n->line[s + len] & 0xC0) == 0x80)
      len--;
  }
  memcpy(x->token, n->line + s, len);
  snprintf(x->reason, sizeof x->reason, "%s", reason);
}

/* ------------------------------------------------------ token helpers */

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

/* 1 when the words just before token I are PHRASE (lower case, spaces). */
int nz_prev_word_is(const nz *n, size_t i, const char *phrase)
{
  const char *end = phrase + strlen(phrase);
  size_t k = i;
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
    while (end > phrase && end[-1] == ' ')
      end--;
  }
  return 1;
}

/* 1 when the words from token I on are PHRASE (lower case, spaces). */
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
      return 1;
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

/* ---------------------------------------------------------- tokenizer */

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
  if (n->nt == n->tcap) {
    size_t cap = n->tcap ? n->tcap * 2 : 256;
    tok *t = realloc(n->t, cap * sizeof *t);
    if (!t) {
      n->oom = 1;
      return NULL;
    }
    n->t = t;
    n->tcap = cap;
  }
  tok *t = &n->t[n->nt++];
  memset(t, 0, sizeof *t);
  return t;
}

static void low_reserve(nz *n, size_t need)
{
  if (n->lowlen + need <= n->lowcap)
    return;
  size_t cap = n->lowcap ? n->lowcap : 4096;
  while (cap < n->lowlen + need)
    cap *= 2;
  char *l = realloc(n->low, cap);
  if (!l) {
    n->oom = 1;
    return;
  }
  n->low = l;
  n->lowcap = cap;
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

static void tokenize(nz *n)
{
  const char *s = n->line;
  size_t len = n->len, i = 0;
  int col = 0, sp = 1;
  tok *w = NULL; /* open WORD or NUM */
  n->nt = 0;
  n->lowlen = 0;
  while (i < len) {
    uint32_t cp;
    size_t b = i;
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
      cp = c;
      i++;
    } else {
      i += loa_utf8_decode(s + i, len - i, &cp);
    }
    col++;
    if (cp >= '0' && cp <= '9') {
      if (w && w->kind == TK_NUM) {
        w->e = (uint32_t)i;
        w->nch++;
        continue;
      }
      if (w && w->kind == TK_WORD)
        finish_word(n, w);
      w = tok_new(n);
      if (!w)
        return;
      w->kind = TK_NUM;
      w->s = (uint32_t)b;
      w->e = (uint32_t)i;
      w->col = col;
      w->nch = 1;
      w->sp = (uint8_t)sp;
      sp = 0;
      continue;
    }
    int lc = cp < 0x80 ? (((cp | 32) >= 'a' && (cp | 32) <= 'z') ? 1 : 0) : letter_class(cp);
    if (lc == 1 || (lc == 2 && w && w->kind == TK_WORD)) {
      if (w && w->kind == TK_WORD) {
        w->e = (uint32_t)i;
        w->nch++;
        continue;
      }
      w = tok_new(n);
      if (!w)
        return;
      w->kind = TK_WORD;
      w->s = (uint32_t)b;
      w->e = (uint32_t)i;
      w->col = col;
      w->nch = 1;
      w->sp = (uint8_t)sp;
      sp = 0;
      continue;
    }
    if (w && w->kind == TK_WORD)
      finish_word(n, w);
    w = NULL;
    if (is_space_cp(cp)) {
      sp = 1;
      continue;
    }
    tok *p = tok_new(n);
    if (!p)
      return;
    p->kind = TK_PUNCT;
    p->cp = cp;
    p->s = (uint32_t)b;
    p->e = (uint32_t)i;
    p->col = col;
    p->nch = 1;
    p->sp = (uint8_t)sp;
    sp = 0;
  }
  if (w && w->kind == TK_WORD)
    finish_word(n, w);
  glue_spaced_slashes(n);
}

/* An all-caps heading ("II. KẾT QUẢ THỰC HIỆN"): capital words of Vietnamese
 * are then just lower-cased. */
static int detect_heading(const nz *n)
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

/* ----------------------------------------------------- punctuation */

static int is_bullet(uint32_t cp)
{
  switch (cp) {
  case '-': case '+': case '*': case 0x2022: case 0x25CF: case 0x25CB: case 0x25E6:
  case 0x25AA: case 0x25A0: case 0x25A1: case 0x25C6: case 0x25C7: case 0x25BA:
  case 0x25B6: case 0x27A2: case 0x2713: case 0x2714: case 0x2013: case 0x2014:
  case 0x2043: case 0x2023: case 0x2219: case 0x00B7: case 0xF0B7: case 0xF0A7:
  case 0x2666: case 0x25B8: case 0x2192: case '>': case '#': case 0x2756:
    return 1;
  default:
    return 0;
  }
}

/* 1 when only bullets come before token I on this line. */
static int line_start(const nz *n, size_t i)
{
  for (size_t k = 0; k < i; k++)
    if (n->t[k].kind != TK_PUNCT || !is_bullet(n->t[k].cp))
      return 0;
  return 1;
}

/* The '.' or ')' that closes a leading enumerator ("2.1.", "a)", "II."). */
static int closes_enumerator(const nz *n, size_t i)
{
  size_t k = 0;
  while (k < i && n->t[k].kind == TK_PUNCT && is_bullet(n->t[k].cp))
    k++;
  if (k >= i)
    return 0;
  if (n->t[k].kind == TK_WORD) {
    if (n->t[k].nch > 4 || k + 1 != i)
      return 0;
    return n->t[k].nch == 1 || n->t[k].cas == CASE_UPPER;
  }
  for (; k < i; k++)
    if (n->t[k].kind != TK_NUM && !nz_is_p(n, k, '.'))
      return 0;
  return 1;
}

static const struct {
  uint32_t cp;
  const char *words;
} symbol_words[] = {
  {'&', "và"},          {'%', "phần trăm"},  {0x2030, "phần nghìn"}, {'@', "a còng"},
  {0x20AB, "đồng"},     {'$', "đô la"},      {0x20AC, "ơ rô"},       {0x00A3, "bảng anh"},
  {0x00A5, "yên"},      {0x00B0, "độ"},      {0x00A7, "mục"},        {0x2116, "số"},
  {0x00BD, "một phần hai"}, {0x00BC, "một phần tư"}, {0x00BE, "ba phần tư"},
  {0x2153, "một phần ba"}, {0x2265, "lớn hơn hoặc bằng"}, {0x2264, "nhỏ hơn hoặc bằng"},
  {0x2248, "khoảng"},   {0x00B1, "cộng trừ"}, {0x00D7, "nhân"},      {0x00F7, "chia"},
  {0x221E, "vô cùng"},
};

static const char *symbol_reading(uint32_t cp)
{
  for (size_t k = 0; k < sizeof symbol_words / sizeof symbol_words[0]; k++)
    if (symbol_words[k].cp == cp)
      return symbol_words[k].words;
  return NULL;
}

/* Punctuation that is not read and needs no report: quotes, brackets,
 * emphasis marks, bullets, separators. */
static int is_silent(uint32_t cp)
{
  if (is_bullet(cp))
    return 1;
  switch (cp) {
  case '"': case '\'': case '`': case '_': case '|': case '/': case '\\': case '^':
  case 0x201C: case 0x201D: case 0x201E: case 0x2018: case 0x2019: case 0x201A:
  case 0x00AB: case 0x00BB: case 0x2039: case 0x203A: case 0x2032: case 0x2033:
  case 0x00B4: case 0x02BC: case 0x2010: case 0x2011: case 0x2015: case '~': case '=':
  case 0xFFFC:
    return 1;
  default:
    return 0;
  }
}

static int pause_of(uint32_t cp)
{
  switch (cp) {
  case '.': case '!': case '?': case 0x2026: case 0x3002: case 0xFF01: case 0xFF1F:
    return PAUSE_STOP;
  case ',': case ';': case ':': case '(': case ')': case '[': case ']': case '{': case '}':
  case 0x3001: case 0xFF0C: case 0xFF1B: case 0xFF1A: case 0xFF08: case 0xFF09:
    return PAUSE_COMMA;
  default:
    return PAUSE_NONE;
  }
}

static int word_caps(const nz *n, size_t i)
{
  return nz_is_word(n, i) && (n->t[i].cas == CASE_UPPER || n->t[i].cas == CASE_MIXED);
}

/* Words that a slash joins as alternatives, read as a pause: ông/bà,
 * anh/chị, nam/nữ, xã/phường, có/không. */
static int is_alternative(const nz *n, size_t i)
{
  static const char *const w[] = {
    "ông", "bà", "anh", "chị", "em", "cô", "chú", "bác", "cháu", "nam", "nữ", "và", "hoặc", "hay",
    "có", "không", "đúng", "sai", "xã", "phường", "thị", "trấn", "thôn", "xóm", "bản", "làng",
    "tổ", "khu", "ấp", "huyện", "quận", "thị xã", "thành", "phố", "tỉnh", "sáng", "chiều", "tối",
    "đạt", "chưa", "vợ", "chồng", "con", "cha", "mẹ", NULL};
  for (int k = 0; w[k]; k++)
    if (nz_word_is(n, i, w[k]))
      return 1;
  return 0;
}

/* '.': a heading number's dot (short pause), a dot inside "TT.HĐND"
 * (nothing), else the end of a sentence ("...", "./." included). */
static size_t dot(nz *n, size_t i)
{
  const tok *t = &n->t[i];
  if (closes_enumerator(n, i)) {
    nz_pause(n, PAUSE_COMMA);
    return 1;
  }
  if (i > 0 && !t->sp && nz_glued(n, i + 1) && word_caps(n, i - 1) && word_caps(n, i + 1))
    return 1;
  size_t j = i + 1;
  while (j < n->nt && !n->t[j].sp && (nz_is_p(n, j, '.') || nz_is_p(n, j, '/')))
    j++;
  nz_pause(n, PAUSE_STOP);
  return j - i;
}

/* A sign that ends an amount or a unit: % $ € ₫ ² ³ (50%/năm, 10$/kg, m²/người). */
static int unit_sign(const nz *n, size_t k)
{
  return nz_is_p(n, k, '%') || nz_is_p(n, k, '$') || nz_is_p(n, k, 0x20AC) || nz_is_p(n, k, 0x20AB) ||
         nz_is_p(n, k, 0x00B2) || nz_is_p(n, k, 0x00B3);
}

static int left_is_unit(const nz *n, size_t k)
{
  if (nz_is_num(n, k) || unit_sign(n, k))
    return 1;
  if (!nz_is_word(n, k))
    return 0;
  return loa_lexicon_unit(n->lex, nz_text(n, k), n->t[k].e - n->t[k].s) ||
         nz_word_is(n, k, "đồng") || nz_word_is(n, k, "nghìn") || nz_word_is(n, k, "ngàn") ||
         nz_word_is(n, k, "triệu") || nz_word_is(n, k, "tỷ");
}

/* '/' between words: "trên" after a unit or before a denominator (đồng/hộ,
 * lượt/năm, 0,5%/tháng), a pause between alternatives (ông/bà, CMND/CCCD),
 * otherwise a pause that is reported. A spaced slash is not read. */
static size_t slash(nz *n, size_t i)
{
  const tok *t = &n->t[i];
  /* "1/ Mục đích", "a/ ...", "I/ ...": a heading number's slash */
  if (!t->sp && (i + 1 >= n->nt || n->t[i + 1].sp) && closes_enumerator(n, i)) {
    nz_pause(n, PAUSE_COMMA);
    return 1;
  }
  /* "2.345 hộ/3.012 hộ", "112 bé trai/100 bé gái": a count over a count */
  if (!t->sp && nz_glued(n, i + 1) && nz_is_num(n, i + 1)) {
    size_t k = i;
    while (k > 0 && i - k < 3 && nz_is_word(n, k - 1) && n->t[k - 1].cas == CASE_LOWER)
      k--;
    if (k < i && k > 0 && nz_is_num(n, k - 1)) {
      nz_emits(n, "trên");
      return 1;
    }
  }
  if (!(i > 0 && !t->sp && nz_glued(n, i + 1) && nz_is_word(n, i + 1) &&
        (nz_is_word(n, i - 1) || nz_is_num(n, i - 1) || unit_sign(n, i - 1))))
    return 1;
  /* "mũi 1/mũi 2", "thôn 3/xã Hòa Phú": after a bare number only a
   * denominator reads trên */
  int bare = nz_is_num(n, i - 1);
  /* "10.000đ/lượt/xe", "đồng/người/tháng": the next slash of a per-unit chain */
  int chain = i >= 3 && nz_is_p(n, i - 2, '/') && !n->t[i - 2].sp && nz_glued(n, i - 1) &&
              nz_is_word(n, i - 1) && n->t[i + 1].cas == CASE_LOWER &&
              ((left_is_unit(n, i - 3) && !nz_is_num(n, i - 3)) || nz_is_denominator(n, i - 1));
  /* "5 hộ/thôn", "3 buổi/tuần": a count per something */
  chain = chain || (i >= 2 && nz_is_num(n, i - 2) && nz_is_denominator(n, i - 1) &&
                    n->t[i + 1].cas == CASE_LOWER);
  if ((left_is_unit(n, i - 1) && !bare) || nz_is_denominator(n, i + 1) || chain) {
    size_t used = 0;
    nz_emits(n, "trên");
    return nz_unit_at(n, i + 1, &used) ? 1 + used : 1;
  }
  int same = bare && i >= 2 && nz_is_word(n, i - 2) &&
             n->t[i - 2].lowlen == n->t[i + 1].lowlen &&
             !memcmp(nz_low(n, i - 2), nz_low(n, i + 1), n->t[i + 1].lowlen);
  if (!(word_caps(n, i - 1) || word_caps(n, i + 1) || same ||
        (is_alternative(n, i - 1) && is_alternative(n, i + 1))))
    nz_report(n, i - 1, i + 2, "ambiguous slash, read as a pause");
  nz_pause(n, PAUSE_COMMA);
  return 1;
}

/* The same word with a number (or a weekday) on both sides of the dash at I:
 * "thứ 2 - thứ 6", "thứ Hai - Chủ nhật", "tháng 5 - tháng 7", "quý I - quý III". */
static int same_word_range(const nz *n, size_t i)
{
  static const char *const w[] = {"thứ", "tháng", "quý", "năm", "tuần", NULL};
  const char *const *day = loa_lexicon_list(n->lex, "weekday");
  if (i < 2 || i + 2 >= n->nt || !nz_is_word(n, i - 2))
    return 0;
  int k = 0;
  while (w[k] && !nz_word_is(n, i - 2, w[k]))
    k++;
  if (!w[k])
    return 0;
  int wd = !strcmp(w[k], "thứ");
  size_t a = i - 1;
  int left = nz_is_num(n, a) || (nz_is_word(n, a) && n->t[a].cas == CASE_UPPER && n->t[a].ascii);
  if (wd)
    for (int q = 0; day[q]; q++)
      if (nz_word_is(n, a, day[q]))
        left = 1;
  if (!left)
    return 0;
  if (wd && nz_word_is(n, i + 1, "chủ") && nz_word_is(n, i + 2, "nhật"))
    return 1;
  if (!nz_word_is(n, i + 1, w[k]))
    return 0;
  size_t b = i + 2;
  if (nz_is_num(n, b) || (nz_is_word(n, b) && n->t[b].cas == CASE_UPPER && n->t[b].ascii))
    return 1;
  for (int q = 0; wd && day[q]; q++)
    if (nz_word_is(n, b, day[q]))
      return 1;
  return 0;
}

static int hour_word(const nz *n, size_t k)
{
  return nz_word_is(n, k, "giờ") || nz_word_is(n, k, "phút") ||
         ((nz_word_is(n, k, "h") || nz_word_is(n, k, "g")) && nz_glued(n, k));
}

/* A dash between two times of day, one of them written in words: "7 giờ - 11
 * giờ", "7 giờ 30 - 11 giờ", "7h30 - 11 giờ" (a range, đến). */
static int time_range_dash(const nz *n, size_t i)
{
  /* "7 giờ -", "30 phút -", then "7 giờ 30 -", "7h30 -", "7 giờ 30 phút -" */
  int left = i >= 2 && hour_word(n, i - 1) && nz_is_num(n, i - 2);
  size_t k = i - (i > 0 && nz_word_is(n, i - 1, "phút"));
  if (!left && k >= 3 && nz_is_num(n, k - 1) && hour_word(n, k - 2) && nz_is_num(n, k - 3))
    left = 1;
  int right = nz_is_num(n, i + 1) &&
              (nz_word_is(n, i + 2, "giờ") ||
               (nz_glued(n, i + 2) && (nz_word_is(n, i + 2, "h") || nz_word_is(n, i + 2, "g") ||
                                       nz_is_p(n, i + 2, ':'))));
  return left && right;
}

static int duration_word(const nz *n, size_t k)
{
  static const char *const w[] = {"giây", "phút", "giờ", "ngày", "tuần", "tháng", "năm", "tuổi",
                                  NULL};
  for (int q = 0; w[q]; q++)
    if (nz_word_is(n, k, w[q]))
      return 1;
  return 0;
}

/* "từ thôn 1 - thôn 5", "từ lớp 1 - lớp 5", "cấp 6 - cấp 7", "Km 5 - Km 10": the
 * same word numbered on both sides of the dash after từ (or for cấp and km,
 * always) is a range, đến; without từ "Tổ 1 - Tổ 2" may be a pair. */
static int numbered_range_dash(const nz *n, size_t i)
{
  if (i < 2 || i + 2 >= n->nt || !nz_is_word(n, i - 2) || !nz_is_num(n, i - 1) ||
      !nz_is_word(n, i + 1) || !nz_is_num(n, i + 2) || nz_glued(n, i - 1) || nz_glued(n, i + 2))
    return 0;
  size_t la = n->t[i - 2].lowlen;
  if (la != n->t[i + 1].lowlen || memcmp(nz_low(n, i - 2), nz_low(n, i + 1), la))
    return 0;
  return nz_prev_word_is(n, i - 2, "từ") || nz_word_is(n, i - 2, "cấp") || nz_word_is(n, i - 2, "km");
}

/* A dash between two counts of the same thing or two durations: "15 tuổi - 60
 * tuổi", "50 con - 100 con", "2 tuần - 1 tháng", "6 tháng - 5 tuổi" (đến). */
static int count_range_dash(const nz *n, size_t i)
{
  if (i < 2 || i + 2 >= n->nt || !nz_is_num(n, i - 2) || !nz_is_num(n, i + 1) ||
      !nz_is_word(n, i - 1) || !nz_is_word(n, i + 2) || n->t[i - 1].cas != CASE_LOWER ||
      n->t[i + 2].cas != CASE_LOWER || !n->t[i - 1].sp || !n->t[i + 2].sp)
    return 0;
  size_t la = n->t[i - 1].lowlen;
  int same = la == n->t[i + 2].lowlen && !memcmp(nz_low(n, i - 1), nz_low(n, i + 2), la);
  return same || (duration_word(n, i - 1) && duration_word(n, i + 2));
}

/* '-' and the dashes: a bullet at the start, nothing inside a written word
 * ("Bà Rịa-Vũng Tàu", "BC-UBND"), đến in a range, else a short pause between clauses. */
static size_t dash(nz *n, size_t i)
{
  if (count_range_dash(n, i) || numbered_range_dash(n, i) || time_range_dash(n, i) ||
      same_word_range(n, i)) {
    nz_emits(n, "đến");
    return 1;
  }
  /* "5 triệu - 10 triệu đồng", "2 tỷ – 3 tỷ": a range of amounts */
  if (i >= 2 && nz_is_num(n, i + 1) && nz_is_num(n, i - 2) && nz_is_word(n, i - 1) &&
      n->t[i - 1].cas == CASE_LOWER && left_is_unit(n, i - 1)) {
    nz_emits(n, "đến");
    return 1;
  }
  if (!line_start(n, i) && !(!n->t[i].sp && nz_glued(n, i + 1)))
    nz_pause(n, PAUSE_COMMA);
  return 1;
}

/* '+': a bullet at the start, "cộng" between numbers or glued, else a pause. */
static size_t plus(nz *n, size_t i)
{
  if (line_start(n, i))
    return 1;
  if ((i > 0 && nz_is_num(n, i - 1) && nz_is_num(n, i + 1)) || !n->t[i].sp || nz_glued(n, i + 1))
    nz_emits(n, "cộng");
  else
    nz_pause(n, PAUSE_COMMA);
  return 1;
}

/* '=' reads bằng; '>' and '<' before a number read lớn hơn / nhỏ hơn; runs of
 * = ~ * # _ are decoration (Markdown emphasis, rules). */
static size_t operator(nz *n, size_t i)
{
  uint32_t cp = n->t[i].cp;
  if (cp == '>' || cp == '<') {
    if (line_start(n, i) || !(nz_is_num(n, i + 1) || nz_is_p(n, i + 1, '=')))
      return 1;
    int eq = nz_is_p(n, i + 1, '=');
    nz_emits(n, cp == '>' ? (eq ? "lớn hơn hoặc bằng" : "lớn hơn")
                          : (eq ? "nhỏ hơn hoặc bằng" : "nhỏ hơn"));
    return eq ? 2 : 1;
  }
  size_t j = i + 1;
  while (j < n->nt && nz_is_p(n, j, cp) && !n->t[j].sp)
    j++;
  if (cp == '=' && j == i + 1 && !line_start(n, i) && j < n->nt) {
    nz_emits(n, "bằng");
    return 1;
  }
  return j - i;
}

/* ----------------------------------------------- acronym glosses */

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
        if (!nz_word_is(n, k, "và"))
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

int nz_said_ending_at(const nz *n, const char *w, size_t l, size_t end)
{
  return l && end >= l && !memcmp(n->out + end - l, w, l) && (end == l || n->out[end - l - 1] == ' ');
}

/* 1 when the output so far ends with the words W. */
static int said_last(const nz *n, const char *w)
{
  return nz_said_ending_at(n, w, strlen(w), n->on);
}

/* W was said just before the last one to three words ("ban chỉ huy quân sự xã (BCHQS)":
 * the place the unit belongs to follows the name the acronym stands for). */
static int said_before_last(const nz *n, const char *w, int words)
{
  size_t end = n->on;
  for (int k = 0; k < words; k++) {
    while (end > 0 && n->out[end - 1] == ' ')
      end--;
    while (end > 0 && n->out[end - 1] != ' ')
      end--;
    while (end > 0 && n->out[end - 1] == ' ')
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
  size_t k = 0, p = from;
  while (p < to && k < max) {
    while (p < to && n->out[p] == ' ')
      p++;
    size_t b = p;
    while (p < to && n->out[p] != ' ')
      p++;
    if (p > b && !(p - b == 1 && (n->out[b] == ',' || n->out[b] == '.'))) {
      at[k] = b;
      len[k++] = p - b;
    }
  }
  return k;
}

static int word_eq(const nz *n, size_t a, size_t al, const char *w)
{
  return al == strlen(w) && !memcmp(n->out + a, w, al);
}

/* "150.000.000 đồng (Một trăm năm mươi triệu đồng)", "(bằng chữ: ...)": words
 * in brackets that repeat the words just before them are not read again.
 * FROM is where the output stood at the '('. */
static void drop_repeat(nz *n, size_t from)
{
  enum { MAXW = 64 };
  size_t ca[MAXW], cl[MAXW], pa[2 * MAXW], pl[2 * MAXW];
  if (n->on <= from || n->oom)
    return;
  size_t nc = out_words(n, from, n->on, ca, cl, MAXW), c0 = 0;
  if (nc == MAXW)
    return;
  if (nc > 2 && word_eq(n, ca[0], cl[0], "bằng") && word_eq(n, ca[1], cl[1], "chữ"))
    c0 = 2;
  size_t start = from > 16 * MAXW ? from - 16 * MAXW : 0;
  size_t np = out_words(n, start, from, pa, pl, 2 * MAXW);
  if (nc == c0 || np < nc - c0 || np == 2 * MAXW)
    return;
  for (size_t k = 0; k < nc - c0; k++) {
    size_t q = np - (nc - c0) + k, c = c0 + k;
    int same = pl[q] == cl[c] && !memcmp(n->out + pa[q], n->out + ca[c], pl[q]);
    /* the Southern digits say ngàn where the words may write nghìn */
    if (!same && !(word_eq(n, pa[q], pl[q], "ngàn") && word_eq(n, ca[c], cl[c], "nghìn")))
      return;
  }
  n->on = from;
  n->out[n->on] = 0;
}

/* "Dịch tả lợn châu Phi (DTLCP)", "Công an xã (CAX)": an acronym in brackets
 * that only names the words just read is not read again. Returns the tokens
 * from the '(' at I to the ')', or 0. */
static size_t acronym_gloss(nz *n, size_t i)
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

static size_t punct(nz *n, size_t i)
{
  uint32_t cp = n->t[i].cp;
  size_t used = nz_signed(n, i);
  if (used)
    return used;
  if (cp == '.')
    return dot(n, i);
  if (cp == '(' && (used = acronym_gloss(n, i)))
    return used;
  if (cp == '(') {
    n->paren = n->on + 1;
  } else if (cp == ')' && n->paren) {
    drop_repeat(n, n->paren - 1);
    n->paren = 0;
  }
  if (cp == ')' && closes_enumerator(n, i)) {
    nz_pause(n, PAUSE_COMMA);
    return 1;
  }
  int p = pause_of(cp);
  if (p) {
    nz_pause(n, p);
    if (p == PAUSE_STOP && n->on && (cp == '?' || cp == 0xFF1F || cp == '!' || cp == 0xFF01))
      n->tune = cp == '?' || cp == 0xFF1F ? '?' : '!';
    return 1;
  }
  if (nz_is_dash(n, i) || cp == 0x2015)
    return dash(n, i);
  if (cp == '/')
    return slash(n, i);
  if (cp == '+')
    return plus(n, i);
  if (cp == '=' || cp == '~' || cp == '*' || cp == '#' || cp == '_' || cp == '>' || cp == '<')
    return operator(n, i);
  const char *w = symbol_reading(cp);
  if (w) {
    nz_emits(n, w);
    /* ½ ha */
    if ((cp == 0x00BD || cp == 0x00BC || cp == 0x00BE || cp == 0x2153) &&
        nz_unit_at(n, i + 1, &used))
      return 1 + used;
    return 1;
  }
  if (!is_silent(cp))
    nz_report(n, i, i + 1, cp == 0xFFFD ? "invalid byte, not read" : "symbol not read");
  return 1;
}

/* ------------------------------------------------------------- driver */

/* NFC copy of LINE when it holds combining marks (NFD input); NULL when the
 * line can be used as it is. */
static char *nfc_if_needed(const char *line, size_t len, size_t *outlen, int *err)
{
  int need = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)line[i];
    if (c == 0xCC || c == 0xCD) {
      need = 1;
      break;
    }
  }
  *err = 0;
  if (!need)
    return NULL;
  utf8proc_uint8_t *out = NULL;
  utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)line, (utf8proc_ssize_t)len, &out,
                                    UTF8PROC_STABLE | UTF8PROC_COMPOSE);
  if (r < 0) {
    if (r == UTF8PROC_ERROR_NOMEM)
      *err = -1;
    return NULL; /* invalid UTF-8: read as it is, bad bytes are reported */
  }
  *outlen = (size_t)r;
  return (char *)out;
}

int loa_normalize_line(loa_normalizer *n, const char *line, size_t len, int lineno, int flags,
                       char **out, loa_findings *findings)
{
  *out = NULL;
  int err;
  size_t nlen = len;
  char *nfc = nfc_if_needed(line, len, &nlen, &err);
  if (err)
    return -1;
  n->line = nfc ? nfc : line;
  n->len = nfc ? nlen : len;
  n->lineno = lineno;
  n->flags = flags;
  n->fnd = findings;
  n->on = 0;
  n->pause = PAUSE_NONE;
  n->tune = 0;
  n->njoins = 0;
  n->datelist = 0;
  n->mark = NULL;
  n->paren = 0;
  n->dialed = 0;
  n->oom = 0;
  tokenize(n);
  n->heading = detect_heading(n);
  for (size_t i = 0; i < n->nt && !n->oom;) {
    size_t used = 0;
    switch (n->t[i].kind) {
    case TK_NUM:
      used = nz_number(n, i);
      break;
    case TK_WORD:
      used = nz_url(n, i);
      if (!used)
        used = nz_word(n, i);
      break;
    default:
      used = punct(n, i);
      break;
    }
    i += used ? used : 1;
  }
  if (n->on)
    put_pause(n);
  if (flags & LOA_NORM_MARKS)
    apply_joins(n);
  free(nfc);
  n->line = NULL;
  if (n->oom)
    return -1;
  char *res = malloc(n->on + 1);
  if (!res)
    return -1;
  if (n->on)
    memcpy(res, n->out, n->on);
  res[n->on] = 0;
  *out = res;
  return 0;
}
