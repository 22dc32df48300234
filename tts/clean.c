/* clean.c: decoded text -> the blocks read aloud, page clutter out (contract: tts/clean.h).
 *
 * Three passes over the lines. (1) Each line is trimmed, its emphasis marks removed and
 * classified: blank, list item, numbered heading, capitals, table row, plain. (2) Clutter
 * is dropped, each line with its reason: page numbers and running headers/footers,
 * the motto, "Số:" lines, place-and-date lines, the issuing authority above them,
 * signature blocks, "Nơi nhận:" lists, separator rules, signature time stamps and the
 * "Ký bởi: ... / Thời gian ký: ..." lines of a digital signature, and
 * URLs a PDF footer dropped inside a sentence. (3) The rest is joined into blocks: a
 * line continues into the next unless it ends a sentence, the next starts a heading,
 * list item or table row, or a paragraph break lies between (see clean.h for when a
 * blank line is one). The vocabulary of clutter is data: tts/clean.tsv.
 */
#include "tts/clean.h"
#include "tts/markup.h"
#include "lexicon/buf.h"
#include "lexicon/lexicon.h"
#include "lexicon/vntext.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Reasons (static strings, as loa_dropped promises). */
static const char R_PAGENO[] = "page number (số trang)";
static const char R_RUNNING[] = "running header/footer (đầu/chân trang lặp lại)";
static const char R_MOTTO[] = "national motto (quốc hiệu, tiêu ngữ)";
static const char R_NUMBER[] = "document number (số văn bản)";
static const char R_DATE[] = "place and date (địa danh, ngày tháng)";
static const char R_AUTHORITY[] = "issuing authority (cơ quan ban hành)";
static const char R_SIGNATURE[] = "signature block (chữ ký)";
static const char R_RECIPIENTS[] = "recipients (nơi nhận)";
static const char R_RULE[] = "separator line (đường kẻ)";
static const char R_STAMP[] = "digital signature time stamp (dấu thời gian ký số)";
static const char R_FOOTNOTE[] = "footnote (chú thích cuối trang)";
static const char R_URL[] = "link inside a sentence, page footer (đường dẫn chen giữa câu)";

enum { L_BLANK, L_TEXT, L_LIST, L_NUM, L_CAPS, L_TABLE };

typedef struct {
  char *t;            /* trimmed, single-spaced, emphasis out */
  size_t n;
  char *key;          /* squeezed: lower case, no marks, đ->d, words separated by one space */
  int no;             /* 1-based source line */
  int page;           /* 0-based page ('\f' separated) */
  int kind;
  int caps;
  int page_break;     /* the line held a '\f' */
  int edge;           /* among the first or last two non-blank lines of its page (2: the first or last) */
  int md_heading;     /* it was a Markdown heading ("## ...") */
  int cells;          /* cells separated by tabs (a table row, when its neighbours have them too) */
  char *left;         /* two columns (a wide gap of tabs or spaces inside the line): the left one */
  char *right, *rkey; /* and the right one, and its key ("Nơi nhận:        TM. ỦY BAN NHÂN DÂN") */
  const char *raw;    /* the line as decoded */
  size_t rawn;
  const char *drop;   /* reason, when dropped */
} line_t;

typedef struct {
  char **items;
  size_t n, cap;
} wordlist;

typedef struct {
  wordlist motto, authority, sigprefix, signature, recipients, stamp, stamp_field, doctype, heading, name_prefix, signote;
} vocab;

/* ---- text helpers ---- */

static int is_letter(int32_t c)
{
  utf8proc_category_t k = utf8proc_category(c);
  return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO;
}

static int is_upper(int32_t c)
{
  return utf8proc_category(c) == UTF8PROC_CATEGORY_LU;
}

static int is_lower(int32_t c)
{
  return utf8proc_category(c) == UTF8PROC_CATEGORY_LL;
}

/* Lower case, tone and vowel marks out, đ -> d, anything not a letter or digit -> one space. */
static char *squeeze(const char *s, size_t n)
{
  utf8proc_uint8_t *m = NULL;
  utf8proc_ssize_t ml = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &m,
                                     UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
  if (ml < 0)
    return strdup("");
  char *o = malloc((size_t)ml + 1);
  if (!o) {
    free(m);
    return NULL;
  }
  size_t k = 0;
  int space = 1;
  for (size_t i = 0; i < (size_t)ml;) {
    size_t l;
    int32_t c = loa_utf8_next((const char *)m + i, (size_t)ml - i, &l);
    if (c == 0x111 || c == 0x110)
      c = 'd';
    if (c < 0x80 && isalnum((int)c)) {
      o[k++] = (char)c;
      space = 0;
    } else if (c >= 0x80 && is_letter(c)) {
      memcpy(o + k, m + i, l);
      k += l;
      space = 0;
    } else if (!space) {
      o[k++] = ' ';
      space = 1;
    }
    i += l;
  }
  while (k && o[k - 1] == ' ')
    k--;
  o[k] = 0;
  free(m);
  return o;
}

/* KEY starts with the words of WORD (both squeezed). */
static int key_starts(const char *key, const char *word)
{
  size_t wl = strlen(word);
  return wl && !strncmp(key, word, wl) && (key[wl] == 0 || key[wl] == ' ');
}

static int list_starts(const wordlist *w, const char *key)
{
  for (size_t i = 0; i < w->n; i++)
    if (key_starts(key, w->items[i]))
      return 1;
  return 0;
}

static int list_equals(const wordlist *w, const char *key)
{
  for (size_t i = 0; i < w->n; i++)
    if (!strcmp(key, w->items[i]))
      return 1;
  return 0;
}

static size_t count_words(const char *s)
{
  size_t k = 0;
  for (const char *p = s; *p;) {
    while (*p == ' ')
      p++;
    if (!*p)
      break;
    k++;
    while (*p && *p != ' ')
      p++;
  }
  return k;
}

static size_t count_chars(const char *s, size_t n)
{
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    k += ((unsigned char)s[i] & 0xC0) != 0x80;
  return k;
}

static int ends_sentence(const char *s, size_t n)
{
  while (n && strchr(" \"')]»", s[n - 1]))
    n--;
  if (!n)
    return 0;
  if (strchr(".!?:;", s[n - 1]))
    return 1;
  return n >= 3 && !memcmp(s + n - 3, "\xE2\x80\xA6", 3);   /* … */
}

static int ends_open(const char *s, size_t n)
{
  return n && strchr(",-(/&", s[n - 1]);
}

/* First letter of the line: 1 lower, 2 upper, 3 digit, 0 other. */
static int starts_with(const char *s, size_t n)
{
  size_t i = 0;
  while (i < n && strchr("\"'(", s[i]))
    i++;
  if (i >= n)
    return 0;
  if (isdigit((unsigned char)s[i]))
    return 3;
  size_t l;
  int32_t c = loa_utf8_next(s + i, n - i, &l);
  return is_lower(c) ? 1 : is_upper(c) ? 2 : 0;
}

/* ---- vocabulary ---- */

static void vocab_free(vocab *v)
{
  wordlist *all[] = {&v->motto, &v->authority, &v->sigprefix, &v->signature, &v->recipients,
                     &v->stamp, &v->stamp_field, &v->doctype, &v->heading, &v->name_prefix, &v->signote};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
    for (size_t k = 0; k < all[i]->n; k++)
      free(all[i]->items[k]);
    free(all[i]->items);
  }
}

static int vocab_add(wordlist *w, const char *phrase)
{
  char *k = squeeze(phrase, strlen(phrase));
  if (!k)
    return -1;
  char **items = loa_grow(w->items, &w->cap, w->n + 1, sizeof *items);
  if (!items) {
    free(k);
    return -1;
  }
  w->items = items;
  w->items[w->n++] = k;
  return 0;
}

/* Returns 0, -1 (no memory) or -2 (the file cannot be read). */
static int vocab_load(vocab *v)
{
  memset(v, 0, sizeof *v);
  char path[4096];
  snprintf(path, sizeof path, "%s/tts/clean.tsv", loa_data_dir());
  FILE *fp = fopen(path, "r");
  if (!fp)
    return -2;
  char line[512];
  int rc = 0;
  while (!rc && fgets(line, sizeof line, fp)) {
    line[strcspn(line, "\r\n")] = 0;
    char *tab = strchr(line, '\t');
    if (line[0] == '#' || !tab)
      continue;
    *tab = 0;
    const char *kind = line, *phrase = tab + 1;
    wordlist *w = !strcmp(kind, "motto") ? &v->motto
                : !strcmp(kind, "authority") ? &v->authority
                : !strcmp(kind, "signature-prefix") ? &v->sigprefix
                : !strcmp(kind, "signature") ? &v->signature
                : !strcmp(kind, "recipients") ? &v->recipients
                : !strcmp(kind, "stamp") ? &v->stamp
                : !strcmp(kind, "stamp-field") ? &v->stamp_field
                : !strcmp(kind, "doctype") ? &v->doctype
                : !strcmp(kind, "heading") ? &v->heading
                : !strcmp(kind, "name-prefix") ? &v->name_prefix
                : !strcmp(kind, "signature-note") ? &v->signote : NULL;
    if (w)
      rc = vocab_add(w, phrase);
  }
  fclose(fp);
  return rc;
}

/* ---- pass 1: lines ---- */

static int all_caps(const char *s, size_t n)
{
  size_t up = 0, low = 0;
  for (size_t i = 0; i < n;) {
    size_t l;
    int32_t c = loa_utf8_next(s + i, n - i, &l);
    up += is_upper(c);
    low += is_lower(c);
    i += l;
  }
  return up >= 4 && low * 10 <= up + low && low <= 2;
}

/* The length of a list marker at the start of S ("- ", "+ ", "* ", "-x", "• ", "– "), or 0. */
static int is_bullet_start(const char *s, size_t n)
{
  if (n >= 2 && (s[0] == '-' || s[0] == '+' || s[0] == '*') && s[1] == ' ')
    return 2;
  if (n >= 4 && (!memcmp(s, "\xE2\x80\xA2", 3) || !memcmp(s, "\xE2\x80\x93", 3)) && s[3] == ' ')
    return 4;   /* • and – when the text did not come through tts/decode */
  if (n >= 2 && (s[0] == '-' || s[0] == '+') && !isdigit((unsigned char)s[1]) && s[1] != '-' && s[1] != '+' &&
      s[1] != ' ')
    return 1;
  return 0;
}

static int is_roman(const char *s, size_t n)
{
  static const char *const r[] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
                                  "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX"};
  for (size_t i = 0; i < 20; i++)
    if (strlen(r[i]) == n && !memcmp(s, r[i], n))
      return 1;
  return 0;
}

/* The next character after I (skipping spaces) is a letter (any case); *UPPER if upper. */
static int letter_follows(const char *s, size_t n, size_t i, int *upper)
{
  while (i < n && s[i] == ' ')
    i++;
  if (i >= n)
    return 0;
  size_t l;
  int32_t c = loa_utf8_next(s + i, n - i, &l);
  if (upper)
    *upper = is_upper(c);
  return is_letter(c) || c == '"' || c == '(';
}

/* "1. ", "2.Kết", "1)", "1/ ", "1- ", "2.1.1. ", "1.4 Cán" (several levels, no final dot, a capital after). */
static int is_arabic_numbered(const char *s, size_t n)
{
  int groups = 0, upper = 0;
  for (size_t i = 0;;) {
    size_t d = i;
    while (i < n && isdigit((unsigned char)s[i]))
      i++;
    if (i == d || i - d > 2)
      return 0;   /* 2025, 1.178: a number, not a heading */
    groups++;
    if (i + 1 < n && s[i] == '.' && isdigit((unsigned char)s[i + 1])) {
      i++;
      continue;
    }
    if (i < n && (s[i] == '.' || s[i] == ')') && letter_follows(s, n, i + 1, NULL))
      return 1;
    if (i + 1 < n && (s[i] == '/' || s[i] == '-') && s[i + 1] == ' ' && letter_follows(s, n, i + 1, NULL))
      return 1;   /* "1/ Mục đích", "2.1/ Lịch tiêm", "1- Trạm y tế" */
    return groups >= 2 && i < n && s[i] == ' ' && letter_follows(s, n, i, &upper) && upper;
  }
}

/* "I. ", "IV- ", "II: ", "III/ " */
static int is_roman_numbered(const char *s, size_t n)
{
  size_t i = 0;
  while (i < n && s[i] && strchr("IVX", s[i]))
    i++;
  if (!i || i >= n || !is_roman(s, i) || !strchr(".)-:/", s[i]))
    return 0;
  if ((s[i] == '-' || s[i] == ':' || s[i] == '/') && (i + 1 >= n || s[i + 1] != ' '))
    return 0;   /* X-quang, V/v */
  return letter_follows(s, n, i + 1, NULL);
}

/* "a) ", "b. ", "A. ", "c/ ", "b, Nâng", "a,Nâng" */
static int is_letter_numbered(const char *s, size_t n)
{
  size_t l;
  int upper = 0;
  int32_t c = loa_utf8_next(s, n, &l);
  if (!((c < 0x80 && isalpha((int)c)) || c == 0x111 || c == 0x110) || l >= n)
    return 0;
  if ((s[l] == ')' || s[l] == '.' || s[l] == '/') && l + 1 < n && s[l + 1] == ' ' && letter_follows(s, n, l + 1, NULL))
    return 1;   /* "a) ", "b. ", "c/ " */
  return s[l] == ',' && letter_follows(s, n, l + 1, &upper) && upper && is_lower(c);
}

static int is_numbered(const char *s, size_t n)
{
  if (n && isdigit((unsigned char)s[0]))
    return is_arabic_numbered(s, n);
  return is_roman_numbered(s, n) || is_letter_numbered(s, n);
}

/* Trim, tabs -> spaces, one space between words, '\f' noted, emphasis out, a Markdown
 * heading mark out (*HEADING set). */
static char *tidy(const char *s, size_t n, size_t *outn, int *formfeed, int *heading)
{
  char *o = malloc(n + 1);
  if (!o)
    return NULL;
  size_t k = 0;
  int space = 0;
  *formfeed = 0;
  *heading = 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '\f') {
      *formfeed = 1;
      c = ' ';
    }
    if ((unsigned char)c < 0x20 || c == 0x7F)   /* tabs, and control bytes decode never leaves */
      c = ' ';
    if (c == ' ') {
      space = k > 0;
      continue;
    }
    if (space)
      o[k++] = ' ';
    space = 0;
    o[k++] = c;
  }
  o[k] = 0;
  k = loa_strip_emphasis(o, k);
  o[k] = 0;
  if (k >= 2 && o[0] == '#') {   /* a Markdown heading in plain text */
    size_t h = 0;
    while (h < k && o[h] == '#')
      h++;
    if (h <= 6 && h < k && o[h] == ' ') {
      memmove(o, o + h + 1, k - h);
      k -= h + 1;
      *heading = 1;
    }
  }
  *outn = k;
  return o;
}

/* "Phần thứ nhất", "Phần I. KẾT QUẢ", "Chương II", "Mục 3:", "Điều 1. ...": a word of the
 * heading list, a number, Roman numeral or "thứ" and one word, then the end or '.', ':', '-', ')'. */
static int is_word_heading(const line_t *L, const vocab *w)
{
  for (size_t i = 0; i < w->heading.n; i++) {
    if (!key_starts(L->key, w->heading.items[i]))
      continue;
    const char *p = L->t;
    for (size_t k = count_words(w->heading.items[i]); k; k--) {   /* past the heading word */
      p += strcspn(p, " ");
      p += strspn(p, " ");
    }
    size_t d = strspn(p, "0123456789"), r = strspn(p, "IVXLC");
    if (d && d <= 3)
      p += d;
    else if (r && is_roman(p, r))
      p += r;
    else if (!strncmp(p, "th\xE1\xBB\xA9 ", 6) && p[6])   /* thứ + one word */
      p += 6 + strcspn(p + 6, " .:-)");
    else
      continue;
    if (!*p || (strchr(".:-)", *p) && (!p[1] || p[1] == ' ')) || (*p == ' ' && strchr(".:-", p[1]) && (!p[2] || p[2] == ' ')))
      return 1;
  }
  return 0;
}

static int classify(const line_t *L, const vocab *w)
{
  if (!L->n)
    return L_BLANK;
  if (strstr(L->t, " | "))
    return L_TABLE;
  if (is_bullet_start(L->t, L->n))
    return L_LIST;
  if (is_numbered(L->t, L->n) || L->md_heading || is_word_heading(L, w))
    return L_NUM;
  if (L->caps)
    return L_CAPS;
  return L_TEXT;
}

static void free_lines(line_t *v, size_t n)
{
  for (size_t k = 0; k < n; k++) {
    free(v[k].t);
    free(v[k].key);
    free(v[k].left);
    free(v[k].right);
    free(v[k].rkey);
  }
  free(v);
}

/* A list marker alone before a tab ("1.", "a)", "-", "•"), as Word writes a list to text. */
static int is_marker_cell(const char *s, size_t n)
{
  if (n == 1 && strchr("-+*o", s[0]))
    return 1;
  if (n == 3 && (!memcmp(s, "\xE2\x80\xA2", 3) || !memcmp(s, "\xE2\x80\x93", 3)))
    return 1;
  if (n < 2 || !strchr(".)", s[n - 1]))
    return 0;
  size_t i = 0;
  if (isdigit((unsigned char)s[0])) {
    while (i < n - 1 && (isdigit((unsigned char)s[i]) || s[i] == '.'))
      i++;
  } else if (strchr("IVX", s[0])) {
    while (i < n - 1 && strchr("IVX", s[i]))
      i++;
  } else if (isalpha((unsigned char)s[0]) && n == 2) {
    i = 1;
  } else if (n == 3 && !memcmp(s, "\xC4\x91", 2)) {   /* đ) */
    i = 2;
  }
  return i == n - 1;
}

static int blank_byte(char c)
{
  return c == ' ' || c == '\t' || c == '\f' || c == '\r';
}

/* Tabs inside line S: the number of cells they separate (runs of tabs, with the spaces
 * around them, are one separator; a list marker before the first is no cell). With BARS,
 * also the line with its separators written " | " (tts/decode's form of a table row). */
static int count_cells(const char *s, size_t n, char **bars, size_t *barsn)
{
  while (n && blank_byte(s[n - 1]))
    n--;
  size_t a = 0;
  while (a < n && blank_byte(s[a]))
    a++;
  char *o = bars ? malloc(3 * (n - a) + 1) : NULL;
  if (bars && !o)
    return -1;
  int cells = 1, first = 1;
  size_t start = a, k = 0;
  for (size_t i = a; i < n; i++) {
    if (s[i] != '\t') {
      if (o)
        o[k++] = s[i];
      continue;
    }
    size_t e = i;
    while (e > start && s[e - 1] == ' ')
      e--;
    int marker = first && is_marker_cell(s + start, e - start);
    first = 0;
    cells += !marker;
    while (i + 1 < n && (s[i + 1] == '\t' || s[i + 1] == ' '))
      i++;
    start = i + 1;
    if (o && marker) {
      o[k++] = ' ';
    } else if (o) {
      memcpy(o + k, " | ", 3);
      k += 3;
    }
  }
  if (o) {
    o[k] = 0;
    *bars = o;
    *barsn = k;
  }
  return cells;
}

/* Two columns: the text either side of the last wide gap inside the line (a tab, or three
 * spaces or more), tidied and squeezed; nothing when there is none. */
static int split_columns(line_t *L, const char *s, size_t n)
{
  while (n && blank_byte(s[n - 1]))
    n--;
  size_t a = 0;
  while (a < n && blank_byte(s[a]))
    a++;
  size_t gap = 0, gapend = 0;
  for (size_t i = a; i < n; i++) {
    if (s[i] != '\t' && s[i] != ' ')
      continue;
    size_t j = i;
    int tab = 0;
    while (j < n && (s[j] == ' ' || s[j] == '\t'))
      tab |= s[j++] == '\t';
    if (tab || j - i >= 3)
      gap = i, gapend = j;
    i = j - 1;
  }
  if (!gapend || gapend >= n)
    return 0;
  size_t ln, rn;
  int ff, h;
  char *l = tidy(s + a, gap - a, &ln, &ff, &h), *r = tidy(s + gapend, n - gapend, &rn, &ff, &h);
  L->left = l;
  L->right = r;
  L->rkey = r ? squeeze(r, rn) : NULL;
  return L->left && L->rkey ? 0 : -1;
}

static int split_lines(const char *text, size_t len, const vocab *w, line_t **out, size_t *nout)
{
  size_t cap = 0, n = 0;
  line_t *v = NULL;
  int page = 0, no = 0;
  for (size_t i = 0; i < len;) {
    const char *nl = memchr(text + i, '\n', len - i);
    size_t e = nl ? (size_t)(nl - text) : len;
    no++;
    line_t *grown = loa_grow(v, &cap, n + 1, sizeof *v);
    if (!grown)
      goto oom;
    v = grown;
    line_t *L = &v[n];
    memset(L, 0, sizeof *L);
    int ff;
    L->t = tidy(text + i, e - i, &L->n, &ff, &L->md_heading);
    if (!L->t)
      goto oom;
    n++;
    if (ff)
      page++;
    L->page_break = ff;
    L->no = no;
    L->page = page;
    L->raw = text + i;
    L->rawn = e - i;
    L->cells = memchr(text + i, '\t', e - i) ? count_cells(text + i, e - i, NULL, NULL) : 1;
    if (split_columns(L, text + i, e - i) < 0)
      goto oom;
    L->key = squeeze(L->t, L->n);
    if (!L->key)
      goto oom;
    i = e + 1;
    if (!nl)
      break;
  }
  /* Rows of cells separated by tabs (a table pasted from Word or a spreadsheet): a line of
   * three cells or more, or of two next to another such line. */
  for (size_t k = 0, row = 0; k < n; k++) {
    line_t *L = &v[k];
    const line_t *prev = row ? &v[row - 1] : NULL, *next = NULL;
    if (L->n)
      row = k + 1;
    if (L->cells < 2)
      continue;
    for (size_t j = k + 1; j < n && !next; j++)
      if (v[j].n)
        next = &v[j];
    if (!(L->cells >= 3 || (prev && prev->cells >= 2) || (next && next->cells >= 2)))
      continue;
    char *bars = NULL;
    size_t bn = 0;
    if (count_cells(L->raw, L->rawn, &bars, &bn) < 0)
      goto oom;
    int ff, h;
    char *t = tidy(bars, bn, &bn, &ff, &h);
    free(bars);
    if (!t)
      goto oom;
    free(L->t);
    L->t = t;
    L->n = bn;
  }
  for (size_t k = 0; k < n; k++) {
    v[k].caps = all_caps(v[k].t, v[k].n);
    v[k].kind = classify(&v[k], w);
  }
  *out = v;
  *nout = n;
  return 0;
oom:
  free_lines(v, n);
  return -1;
}

/* ---- pass 2: clutter ---- */

static int is_page_number(const line_t *L)
{
  const char *s = L->t;
  if (key_starts(L->key, "trang") || key_starts(L->key, "page")) {
    const char *k = L->key + 4 + (L->key[0] == 't');
    while (*k == ' ')
      k++;
    if (!isdigit((unsigned char)*k))
      return 0;
    while (*k && (isdigit((unsigned char)*k) || *k == ' ' || !strncmp(k, "of", 2) || !strncmp(k, "tren", 4)))
      k += !strncmp(k, "tren", 4) ? 4 : !strncmp(k, "of", 2) ? 2 : 1;
    return !*k;
  }
  size_t i = 0, n = L->n, digits = 0;
  if (i < n && s[i] == '-')
    i++;
  while (i < n && s[i] == ' ')
    i++;
  while (i < n && isdigit((unsigned char)s[i]))
    i++, digits++;
  if (i < n && s[i] == '/') {   /* 2/5 */
    i++;
    while (i < n && isdigit((unsigned char)s[i]))
      i++;
  }
  while (i < n && s[i] == ' ')
    i++;
  if (i < n && s[i] == '-')
    i++;
  return digits >= 1 && digits <= 4 && i == n;
}

/* The number of a page-number line (at most six digits), or -1. */
static long lone_number(const line_t *L)
{
  if (!is_page_number(L))
    return -1;
  const char *p = L->t;
  while (*p && !isdigit((unsigned char)*p))
    p++;
  long v = 0;
  for (int d = 0; isdigit((unsigned char)*p); p++, d++) {
    if (d == 6)
      return -1;
    v = v * 10 + (*p - '0');
  }
  return v;
}

static int is_rule_line(const line_t *L)
{
  if (L->n && strspn(L->t, "*| ") == L->n)
    return 1;   /* the star under a Party committee's name; a table row of empty cells */
  if (L->n < 3)
    return 0;
  for (size_t i = 0; i < L->n; i++) {
    unsigned char c = (unsigned char)L->t[i];
    if (c >= 0x80 || isalnum(c))
      return 0;
  }
  return 1;
}

/* "Số: 12/TB-UBND", "Số:      /BC-UBND"; NEXT is the following non-blank line, for a PDF
 * that split the line at its blank ("Số:" / "/BC-UBND"): 2 when both lines are it. */
static int is_number_line(const line_t *L, const line_t *next)
{
  if (!key_starts(L->key, "so"))
    return 0;
  const char *p = L->t + strcspn(L->t, ": ");   /* after "Số" */
  int colon = *p == ':';
  if (!*p || p - L->t > 4)
    return 0;
  if (!strcmp(L->key, "so") && colon && next && next->t[0] == '/' && next->n < 40 && !strchr(next->t, ' '))
    return 2;
  const char *slash = strchr(p, '/');
  if (!slash || slash - p > 24)
    return 0;
  if (!colon) {   /* "Số 15/KH-UBND", "Số 04-GM/CB" (the Party's): only the number before '/' */
    const char *q = p + 1;
    while (q < slash && (isdigit((unsigned char)*q) || *q == ' '))
      q++;
    if (q < slash && *q == '-' && q > p + 1 && isdigit((unsigned char)q[-1]))
      for (q++; q < slash && (isupper((unsigned char)*q) || !strncmp(q, "\xC4\x90", 2)); q += *q == '\xC4' ? 2 : 1)
        ;
    if (q != slash)
      return 0;
  }
  slash++;
  while (*slash == ' ')
    slash++;
  size_t l;
  int32_t c = loa_utf8_next(slash, strlen(slash), &l);
  return is_upper(c);
}

/* "Hoằng Kim, ngày 5 tháng 9 năm 2024", "Hà Nội, ngày   tháng   năm 2024", "..., ngày 12/9/2024" */
static int is_place_date(const line_t *L, int anywhere)
{
  const char *k = L->key;
  const char *ngay = strstr(k, "ngay ");
  if (!ngay && !(ngay = strstr(k, "ngay")))
    return 0;
  size_t before = (size_t)(ngay - k);
  const char *t = L->t;
  if (t[0] == '*' && t[1] == ' ')   /* "*    Tân Phú, ngày ...": the star of a Party header beside it */
    t += 2;
  const char *comma = strchr(t, ',');
  if (before > 0) {
    if (!comma || before > 40)
      return 0;
    for (const char *p = t; p < comma; p++)   /* the place: words, no digits */
      if (isdigit((unsigned char)*p))
        return 0;
    size_t l;
    if (!is_upper(loa_utf8_next(t, strlen(t), &l)))
      return 0;
  } else if (!anywhere) {
    return 0;
  }
  /* the rest: only "ngày .. tháng .. năm YYYY" or a d/m/yyyy date */
  const char *r = ngay + 4;
  int year = 0;
  while (*r) {
    if (*r == ' ') {
      r++;
      continue;
    }
    if (!strncmp(r, "thang", 5)) {
      r += 5;
    } else if (!strncmp(r, "nam", 3)) {
      r += 3;
    } else if (isdigit((unsigned char)*r)) {
      size_t d = strspn(r, "0123456789");
      year |= d == 4;
      r += d;
    } else {
      return 0;
    }
  }
  if (!year && !strchr(L->t, '/'))
    return 0;
  if (strchr(L->t, '/')) {   /* d/m/yyyy: the key loses the slashes, check the text */
    const char *p = strchr(L->t, '/');
    if (!isdigit((unsigned char)p[1]))
      return 0;
  }
  return 1;
}

static int is_stamp(const line_t *L)
{
  const char *s = L->t;
  if (L->n < 16)
    return 0;
  for (int i = 0; i < 10; i++)
    if ((i == 4 || i == 7) ? s[i] != '-' : !isdigit((unsigned char)s[i]))
      return 0;
  return s[10] == 'T' && isdigit((unsigned char)s[11]) && s[13] == ':' && !strchr(s, ' ');
}

/* The words of LIST that open line L, followed by ':' in its text ("Ký bởi: ...",
 * "Thời gian ký: ..."). */
static int starts_field(const wordlist *list, const line_t *L)
{
  if (!list_starts(list, L->key))
    return 0;
  const char *colon = strchr(L->t, ':');
  if (!colon)
    return 0;
  char *head = squeeze(L->t, (size_t)(colon - L->t));
  int ok = head && list_equals(list, head);
  free(head);
  return ok;
}

static int is_url_only(const line_t *L)
{
  return (!strncmp(L->t, "http://", 7) || !strncmp(L->t, "https://", 8) || !strncmp(L->t, "www.", 4)) &&
         !strchr(L->t, ' ');
}

static void drop(line_t *L, const char *why)
{
  if (L->kind != L_BLANK && !L->drop)
    L->drop = why;
}

static line_t *next_nonblank(line_t *v, size_t n, size_t i)
{
  for (size_t j = i + 1; j < n; j++)
    if (v[j].kind != L_BLANK)
      return &v[j];
  return NULL;
}

/* A place-and-date line a PDF split after "ngày" ("Hoằng Kim, ngày" / "tháng 9 năm 2024"). */
static int is_split_place_date(const line_t *L, const line_t *next)
{
  size_t kl = strlen(L->key);
  if (!next || kl < 5 || (strcmp(L->key + kl - 4, "ngay") && !strstr(L->key, "ngay ")))
    return 0;
  if (!key_starts(next->key, "thang") && !(isdigit((unsigned char)next->key[0]) && strstr(next->key, "thang")))
    return 0;
  line_t both = *L;
  size_t n = L->n + 1 + next->n;
  char *t = malloc(n + 1), *k = malloc(kl + 1 + strlen(next->key) + 1);
  int ok = 0;
  if (t && k) {
    snprintf(t, n + 1, "%s %s", L->t, next->t);
    snprintf(k, kl + 1 + strlen(next->key) + 1, "%s %s", L->key, next->key);
    both.t = t, both.n = n, both.key = k;
    ok = is_place_date(&both, 0);
  }
  free(t);
  free(k);
  return ok;
}

/* The motto: alone on its line, or beside the authority of a two-column header ("XÃ YÊN
 * THỊNH Độc lập - Tự do - Hạnh phúc"); not a sentence that names the state ("theo Hiến pháp
 * nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2013", "... của Đảng Cộng sản Việt Nam."). */
static int is_motto(const line_t *L, const vocab *w)
{
  char last = L->n ? L->t[L->n - 1] : 0;
  for (size_t i = 0; i < w->motto.n; i++) {
    const char *m = w->motto.items[i];
    size_t ml = strlen(m);
    const char *p = *m ? strstr(L->key, m) : NULL;
    if (!p || (p > L->key && p[-1] != ' ') || (p[ml] && p[ml] != ' '))
      continue;
    if (L->caps)
      return 1;
    if (strchr(".,;", last))
      continue;
    char rest[512];
    snprintf(rest, sizeof rest, "%.*s%s", (int)(p - L->key), L->key, p[ml] ? p + ml + 1 : "");
    if (!*rest || list_starts(&w->authority, rest))
      return 1;
  }
  return 0;
}

static void drop_local(line_t *v, size_t n, const vocab *w)
{
  for (size_t i = 0; i < n; i++) {
    line_t *L = &v[i];
    if (L->kind == L_BLANK || L->drop)
      continue;
    line_t *next = next_nonblank(v, n, i);
    int num;
    if ((num = is_number_line(L, next))) {
      drop(L, R_NUMBER);
      if (num == 2)
        drop(next, R_NUMBER);
    } else if (is_motto(L, w)) {
      drop(L, R_MOTTO);
    } else if (is_rule_line(L)) {
      drop(L, R_RULE);
    } else if (is_place_date(L, 0)) {
      drop(L, R_DATE);
    } else if (is_split_place_date(L, next)) {
      drop(L, R_DATE);
      drop(next, R_DATE);
    } else if (is_stamp(L)) {
      drop(L, R_STAMP);
    }
  }
}

/* A digital signature's stamp, line by line ("Ký bởi: ...", "Email: ...", "Thời gian ký: ..."),
 * across the page furniture a PDF puts in the middle of it. */
static void drop_stamps(line_t *v, size_t n, const vocab *w)
{
  for (size_t i = 0; i < n; i++) {
    if (v[i].kind == L_BLANK || v[i].drop || !starts_field(&w->stamp, &v[i]))
      continue;
    drop(&v[i], R_STAMP);
    for (size_t j = i + 1; j < n; j++) {
      line_t *f = &v[j];
      if (f->kind == L_BLANK || f->drop == R_PAGENO || f->drop == R_RUNNING)
        continue;
      if (f->drop || !(starts_field(&w->stamp, f) || starts_field(&w->stamp_field, f)))
        break;
      drop(f, R_STAMP);
      i = j;
    }
  }
}

/* The length of the superscript digits S starts with (¹ ² ³ ⁰ ⁴-⁹), or 0. */
static size_t superscript_digits(const char *s, size_t n)
{
  size_t i = 0;
  for (;;) {
    if (i + 1 < n && (unsigned char)s[i] == 0xC2 && strchr("\xB9\xB2\xB3", s[i + 1]) && s[i + 1])
      i += 2;
    else if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x81 &&
             ((unsigned char)s[i + 2] == 0xB0 || ((unsigned char)s[i + 2] >= 0xB4 && (unsigned char)s[i + 2] <= 0xB9)))
      i += 3;
    else
      return i;
  }
}

/* "¹ Công văn số 2157/SYT-NVY được đăng trên ...": a footnote, with the lines it wraps onto. */
static void drop_footnotes(line_t *v, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    line_t *L = &v[i];
    size_t m;
    if (L->kind == L_BLANK || L->drop || !(m = superscript_digits(L->t, L->n)) || m == L->n)
      continue;
    drop(L, R_FOOTNOTE);
    for (const line_t *last = L; !ends_sentence(last->t, last->n);) {
      line_t *c = next_nonblank(v, n, (size_t)(last - v));
      if (!c || c->drop || c->kind != L_TEXT || starts_with(c->t, c->n) != 1)
        break;
      drop(c, R_FOOTNOTE);
      last = c;
    }
  }
}

/* The marks of the footnotes found ("¹" of "¹ Công văn ..."), where the text refers to them
 * ("rubella¹;"): out of the blocks, as a reader does not say them. Not after m (m², m³). */
static void drop_footnote_marks(const line_t *v, size_t n, loa_doc *d)
{
  for (size_t i = 0; i < n; i++) {
    size_t m;
    if (v[i].drop != R_FOOTNOTE || !(m = superscript_digits(v[i].t, v[i].n)))
      continue;
    for (size_t b = 0; b < d->nblocks; b++) {
      char *t = d->blocks[b].text;
      size_t k = 0, len = strlen(t);
      for (size_t j = 0; j < len;) {
        size_t run = superscript_digits(t + j, len - j);
        if (run == m && !memcmp(t + j, v[i].t, m) && j > 0 && t[j - 1] != ' ' && t[j - 1] != 'm') {
          j += run;
          continue;
        }
        if (run) {
          memmove(t + k, t + j, run);
          k += run, j += run;
          continue;
        }
        t[k++] = t[j++];
      }
      t[k] = 0;
    }
  }
}

/* Marks the first and last two non-blank lines of every page. */
static void mark_edges(line_t *v, size_t n)
{
  for (size_t a = 0; a < n;) {
    size_t z = a;
    while (z < n && v[z].page == v[a].page)
      z++;
    int seen = 0;
    for (size_t i = a; i < z && seen < 2; i++)
      if (v[i].kind != L_BLANK)
        v[i].edge = seen++ ? 1 : 2;
    seen = 0;
    for (size_t i = z; i-- > a && seen < 2;)
      if (v[i].kind != L_BLANK) {
        if (!seen++ || v[i].edge != 2)
          v[i].edge = seen == 1 ? 2 : 1;
      }
    a = z;
  }
}

typedef struct {
  long value;
  size_t first, last;   /* lines where this value stands alone */
} lone_t;

static int cmp_lone(const void *a, const void *b)
{
  long x = ((const lone_t *)a)->value, y = ((const lone_t *)b)->value;
  return (x > y) - (x < y);
}

static const lone_t *find_lone(const lone_t *v, size_t n, long value)
{
  lone_t key = {value, 0, 0};
  return n ? bsearch(&key, v, n, sizeof *v, cmp_lone) : NULL;
}

/* Lone numbers that count up (2 ... 3 ... 4) are page numbers even without page breaks;
 * with page breaks, a lone number at the top or bottom of a page is one. */
static int drop_page_numbers(line_t *v, size_t n, int pages)
{
  long *num = malloc((n + 1) * sizeof *num);
  lone_t *lone = malloc((n + 1) * sizeof *lone);
  if (!num || !lone) {
    free(num);
    free(lone);
    return -1;
  }
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    num[i] = v[i].kind == L_BLANK || v[i].drop ? -1 : lone_number(&v[i]);
    if (num[i] >= 0)
      lone[k++] = (lone_t){num[i], i, i};
  }
  if (k)
    qsort(lone, k, sizeof *lone, cmp_lone);
  size_t u = 0;   /* one entry per value: the first and last line holding it */
  for (size_t i = 0; i < k; i++) {
    if (u && lone[u - 1].value == lone[i].value) {
      if (lone[i].first < lone[u - 1].first)
        lone[u - 1].first = lone[i].first;
      if (lone[i].last > lone[u - 1].last)
        lone[u - 1].last = lone[i].last;
    } else {
      lone[u++] = lone[i];
    }
  }
  for (size_t i = 0; i < n; i++) {
    if (num[i] < 0)
      continue;
    int explicit = key_starts(v[i].key, "trang") || key_starts(v[i].key, "page");
    const lone_t *next = find_lone(lone, u, num[i] + 1), *prev = num[i] ? find_lone(lone, u, num[i] - 1) : NULL;
    int seq = (next && next->last > i) || (prev && prev->first < i);
    int own = v[i].edge == 2 && num[i] == v[i].page + 1;   /* "1" at the foot of a one-page PDF */
    if (explicit || seq || own || (pages > 1 && v[i].edge))
      drop(&v[i], R_PAGENO);
  }
  free(num);
  free(lone);
  return 0;
}

typedef struct {
  const char *key;
  int page;
  size_t line;
} edge_t;

static int cmp_edge(const void *a, const void *b)
{
  const edge_t *x = a, *y = b;
  int c = strcmp(x->key, y->key);
  return c ? c : (x->page > y->page) - (x->page < y->page);
}

/* With page breaks: a line at the top or bottom of at least two pages, and of half of
 * them, is a running header or footer. */
static int drop_running(line_t *v, size_t n, int pages)
{
  if (pages < 2)
    return 0;
  edge_t *e = malloc((n + 1) * sizeof *e);
  if (!e)
    return -1;
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (v[i].edge && !v[i].drop && v[i].kind != L_BLANK && *v[i].key)
      e[k++] = (edge_t){v[i].key, v[i].page, i};
  if (k)
    qsort(e, k, sizeof *e, cmp_edge);
  for (size_t a = 0; a < k;) {
    size_t z = a;
    int count = 0;
    for (; z < k && !strcmp(e[z].key, e[a].key); z++)
      count += z == a || e[z].page != e[z - 1].page;
    if (count >= 2 && count * 2 >= pages)
      for (size_t i = a; i < z; i++)
        drop(&v[e[i].line], R_RUNNING);
    a = z;
  }
  free(e);
  return 0;
}

static int cmp_edge_line(const void *a, const void *b)
{
  const edge_t *x = a, *y = b;
  int c = strcmp(x->key, y->key);
  return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Without page breaks (text copied out of a PDF): the same line next to two of the page
 * numbers found (or next to one and at the top of the text) is a running header or footer. */
static int drop_running_unpaged(line_t *v, size_t n, int pages)
{
  if (pages > 1)
    return 0;
  edge_t *e = malloc((4 * n + 2) * sizeof *e);
  if (!e)
    return -1;
  size_t k = 0, top = 0;
  int pno = 0;
  for (size_t i = 0; i < n && top < 2; i++)   /* the top of the first page */
    if (v[i].kind != L_BLANK && ++top && !v[i].drop && *v[i].key)
      e[k++] = (edge_t){v[i].key, 0, i};
  size_t first = k;
  for (size_t i = 0; i < n; i++) {
    if (v[i].drop != R_PAGENO)
      continue;
    pno++;
    size_t seen = 0;   /* two non-blank lines each side */
    for (size_t j = i; j-- > 0 && seen < 2;)
      if (v[j].kind != L_BLANK) {
        seen++;
        if (!v[j].drop && *v[j].key)
          e[k++] = (edge_t){v[j].key, pno, j};
      }
    seen = 0;
    for (size_t j = i + 1; j < n && seen < 2; j++)
      if (v[j].kind != L_BLANK) {
        seen++;
        if (!v[j].drop && *v[j].key)
          e[k++] = (edge_t){v[j].key, pno, j};
      }
  }
  if (k == first)
    k = 0;   /* no page numbers */
  if (k)
    qsort(e, k, sizeof *e, cmp_edge_line);
  for (size_t a = 0; a < k;) {
    size_t z = a;
    int count = 0;   /* different lines (one line can sit between two page numbers) */
    for (; z < k && !strcmp(e[z].key, e[a].key); z++)
      count += z == a || e[z].line != e[z - 1].line;
    if (count >= 2)
      for (size_t i = a; i < z; i++)
        drop(&v[e[i].line], R_RUNNING);
    a = z;
  }
  free(e);
  return 0;
}

/* A line naming the issuing body: in capitals ("ỦY BAN NHÂN DÂN", "XÃ YÊN HÒA"), or typed in
 * lower case as a short line with no sentence punctuation ("Uỷ ban nhân dân xã Quảng Thạch"). */
static int is_authority(const line_t *L, const vocab *w)
{
  if (!list_starts(&w->authority, L->key))
    return 0;
  if (L->kind == L_CAPS)
    return 1;
  return L->kind == L_TEXT && count_words(L->t) <= 12 && !ends_sentence(L->t, L->n) && !ends_open(L->t, L->n) &&
         L->t[L->n - 1] != ',';
}

/* The title that names the kind of document ("THÔNG BÁO", "BÁO CÁO", "GIẤY MỜI"). */
static int is_doctype(const line_t *L, const vocab *w)
{
  return L->kind == L_CAPS && !L->drop && list_starts(&w->doctype, L->key);
}

/* The top of the document: the authority above the number, motto and date, or right above
 * the title that names the kind of document (a notice with no motto). */
static void drop_authority(line_t *v, size_t n, const vocab *w)
{
  size_t last_anchor = 0, end = 0;
  int anchors = 0;
  for (size_t i = 0; i < n; i++) {
    line_t *L = &v[i];
    if (L->kind == L_BLANK)
      continue;
    int anchor = L->drop == R_MOTTO || L->drop == R_NUMBER || L->drop == R_DATE || L->drop == R_RULE;
    int title = !anchor && is_doctype(L, w);
    if (anchor || title) {
      anchors++;
      last_anchor = i;
    } else if (!L->drop && !(L->caps && L->kind == L_CAPS) && !is_authority(L, w)) {
      break;
    }
    end = i + 1;
    if (title)
      break;
  }
  if (!anchors)
    return;
  for (size_t i = 0; i < end && i < last_anchor; i++)
    if (!v[i].drop && is_authority(&v[i], w))
      drop(&v[i], R_AUTHORITY);
}

/* The signer's name: two to five words in capitals (Nguyễn Văn Bình, NGUYỄN VĂN BÌNH), after
 * a rank or degree of clean.tsv name-prefix ("Thiếu tá Lê Văn Bình", "BS. Trần Thị Mai"). */
static int is_person_name(const line_t *L, const vocab *w)
{
  const char *p = L->t;
  for (size_t i = 0; i < w->name_prefix.n && p == L->t; i++) {
    const char *pre = w->name_prefix.items[i];
    if (!key_starts(L->key, pre))
      continue;
    for (const char *q = L->t; *q;) {   /* past the words of the text that squeeze to PRE */
      q += strcspn(q, " ");
      char *k = squeeze(L->t, (size_t)(q - L->t));
      int done = !k || strlen(k) >= strlen(pre);
      free(k);
      q += strspn(q, " ");
      if (done) {
        p = q;
        break;
      }
    }
  }
  size_t words = count_words(p);
  if (words < 2 || words > 5 || strlen(p) > 48)
    return 0;
  while (*p) {
    size_t l;
    int32_t c = loa_utf8_next(p, strlen(p), &l);
    if (!is_upper(c))
      return 0;
    p += l;
    while (*p && *p != ' ') {
      c = loa_utf8_next(p, strlen(p), &l);
      if (!is_letter(c) && c != '.')
        return 0;
      p += l;
    }
    while (*p == ' ')
      p++;
  }
  return 1;
}

static int title_text(const char *t, size_t n, const char *key, const vocab *w)
{
  if (!n || count_words(t) > 10)
    return 0;
  if (list_equals(&w->signature, key))
    return 1;
  if (!all_caps(t, n))
    return 0;
  if (list_starts(&w->signature, key) && count_words(t) <= 6)
    return 1;   /* "CHỦ TỊCH UBND XÃ", "TRƯỞNG BAN CHỈ HUY" */
  if (!list_starts(&w->sigprefix, key))
    return 0;
  size_t tok = strcspn(t, " ");
  return memchr(t, '.', tok) || memchr(t, '/', tok);
}

/* An office title above the signer ("CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN"), alone on its line or
 * as the right column beside the "Nơi nhận:" list. */
static int is_signature_title(const line_t *L, const vocab *w)
{
  if (L->kind == L_BLANK)
    return 0;
  if (title_text(L->t, L->n, L->key, w) || (L->right && title_text(L->right, strlen(L->right), L->rkey, w)))
    return 1;
  if (count_words(L->t) > 24)
    return 0;
  /* the columns run together (a PDF): the title in capitals after the list's punctuation,
   * "Nơi nhận: TM. ỦY BAN NHÂN DÂN", "- Như trên; CHỦ TỊCH" */
  for (const char *p = L->t; (p = strpbrk(p, ":;.)")); p++) {
    const char *r = p + 1;
    if (*r != ' ' || !r[1])
      continue;
    r++;
    size_t rn = strlen(r);
    if (!all_caps(r, rn))
      continue;
    char *k = squeeze(r, rn);
    int t = k && title_text(r, rn, k, w);
    free(k);
    if (t)
      return 1;
  }
  return 0;
}

/* A note between a signature title and the name: in brackets ("(Đã ký)", "[Đã ký và đóng dấu]"),
 * or one of clean.tsv signature-note written bare ("Đã ký"). */
static int is_signature_note(const line_t *L, const vocab *w)
{
  if (L->n >= 2 && L->n < 60 && ((L->t[0] == '(' && L->t[L->n - 1] == ')') || (L->t[0] == '[' && L->t[L->n - 1] == ']')))
    return 1;
  return list_equals(&w->signote, L->key);
}

/* A title, then (blank lines, more titles, "(Đã ký)" notes, stamps) and the signer's name. */
static void drop_signatures(line_t *v, size_t n, const vocab *w)
{
  for (size_t i = 0; i < n; i++) {
    if (v[i].drop == R_SIGNATURE || !is_signature_title(&v[i], w))
      continue;
    size_t j = i + 1, name = 0;
    for (; j < n && j < i + 24; j++) {
      line_t *L = &v[j];
      if (L->kind == L_BLANK || L->drop || is_signature_title(L, w) || is_signature_note(L, w))
        continue;
      if (is_person_name(L, w))
        name = j + 1;
      break;
    }
    int to_end = 1;
    for (size_t k = i + 1; k < n && to_end; k++)
      to_end = v[k].kind == L_BLANK || v[k].drop || is_signature_title(&v[k], w) || is_signature_note(&v[k], w);
    if (!name && !to_end)
      continue;
    size_t stop = name ? name : n;
    for (size_t k = i; k < stop; k++)
      if (!v[k].drop)
        drop(&v[k], R_SIGNATURE);
  }
}

static void drop_recipients(line_t *v, size_t n, const vocab *w)
{
  for (size_t i = 0; i < n; i++) {
    if (v[i].kind == L_BLANK || !list_starts(&w->recipients, v[i].key))
      continue;
    drop(&v[i], R_RECIPIENTS);
    for (size_t j = i + 1; j < n; j++) {
      line_t *L = &v[j];
      if (L->kind == L_BLANK || L->drop)
        continue;
      const char *t = L->left && *L->left ? L->left : L->t;   /* beside a signature in two columns */
      size_t tn = strlen(t);
      char last = t[tn - 1];
      int item = L->kind == L_LIST || is_bullet_start(t, tn) || key_starts(L->key, "luu") ||
                 ((last == ';' || last == '.' || last == ',') && count_words(t) <= 12 && L->kind != L_NUM);
      if (!item)
        break;
      drop(L, R_RECIPIENTS);
    }
  }
}

/* ---- pass 3: blocks ---- */

typedef struct {
  loa_doc *doc;
  size_t capb, capd;
  int oom;
  /* the block being built */
  loa_buf text;
  int open, origin, first_line;
  int subject;           /* the block right under a title in capitals: joins like a heading */
  int title_caps;        /* the first block is a title in capitals */
  const line_t *last;
  /* layout of the whole text */
  int double_spaced;     /* every line is followed by a blank line: single blanks mean nothing */
  int long_lines;        /* one paragraph per line (Word, typed text): join only on clear signs */
  double median;         /* characters in a body line */
} builder;

static void add_dropped(builder *B, const line_t *L)
{
  loa_doc *d = B->doc;
  loa_dropped *v = loa_grow(d->dropped, &B->capd, d->ndropped + 1, sizeof *v);
  if (!v) {
    B->oom = 1;
    return;
  }
  d->dropped = v;
  char *t = strdup(L->t);
  if (!t) {
    B->oom = 1;
    return;
  }
  d->dropped[d->ndropped++] = (loa_dropped){L->no, t, L->drop};
}

static void table_text(const char *s, loa_buf *out)
{
  int first = 1;
  while (*s) {
    const char *bar = strchr(s, '|');
    size_t n = bar ? (size_t)(bar - s) : strlen(s);
    while (n && s[n - 1] == ' ')
      n--;
    const char *c = s;
    while (n && *c == ' ')
      c++, n--;
    if (n) {
      if (!first)
        loa_buf_puts(out, strchr(",.;:", out->p[out->n - 1]) ? " " : ", ");
      loa_buf_put(out, c, n);
      first = 0;
    }
    if (!bar)
      break;
    s = bar + 1;
  }
}

/* A numbered block that is an item of a list, not a heading: long, or a sentence that ends
 * with '.' or ';' ("2. Bàn mức đóng góp của mỗi hộ và số ngày công lao động."). */
static int is_numbered_item(const char *s, size_t n)
{
  size_t words = count_words(s);
  while (n && strchr(" \"')]", s[n - 1]))
    n--;
  return words > 20 || (words > 6 && n && (s[n - 1] == '.' || s[n - 1] == ';'));
}

static void flush_block(builder *B)
{
  if (!B->open)
    return;
  B->open = 0;
  loa_buf t = B->text;
  memset(&B->text, 0, sizeof B->text);
  if (t.oom || !t.p) {
    free(t.p);
    B->oom |= t.oom;
    return;
  }
  if (t.n >= 3 && !strcmp(t.p + t.n - 3, "./."))   /* the end mark of a document */
    t.p[--t.n] = 0, t.p[--t.n] = 0;
  loa_block_kind kind = B->origin == L_TABLE ? LOA_BLOCK_TABLE_ROW
                      : B->origin == L_LIST ? LOA_BLOCK_LIST
                      : B->origin == L_NUM ? (is_numbered_item(t.p, t.n) ? LOA_BLOCK_LIST : LOA_BLOCK_HEADING)
                      : B->origin == L_CAPS ? LOA_BLOCK_HEADING : LOA_BLOCK_BODY;
  if (kind == LOA_BLOCK_TABLE_ROW) {
    loa_buf row = LOA_BUF_INIT;
    table_text(t.p, &row);
    free(t.p);
    t = row;
    if (!t.p) {
      B->oom |= t.oom;
      return;
    }
  }
  loa_doc *d = B->doc;
  loa_block *v = loa_grow(d->blocks, &B->capb, d->nblocks + 1, sizeof *v);
  if (!v) {
    free(t.p);
    B->oom = 1;
    return;
  }
  d->blocks = v;
  d->blocks[d->nblocks++] = (loa_block){kind, B->first_line, t.p};
}

static void open_block(builder *B, const line_t *L)
{
  flush_block(B);
  size_t nb = B->doc->nblocks;
  if (nb == 1 && B->doc->blocks[0].kind == LOA_BLOCK_HEADING && B->origin == L_CAPS)
    B->title_caps = 1;
  B->subject = nb == 1 && B->title_caps && L->kind == L_TEXT;
  B->subject |= nb <= 2 && L->kind == L_TEXT && (key_starts(L->key, "ve viec") || key_starts(L->key, "v v"));
  B->open = 1;
  B->origin = L->kind;
  B->first_line = L->no;
  const char *s = L->t;
  size_t n = L->n;
  if (L->kind == L_LIST) {   /* the marker is not read */
    size_t m = (size_t)is_bullet_start(s, n);
    s += m;
    n -= m;
    while (n && *s == ' ')
      s++, n--;
  }
  loa_buf_put(&B->text, s, n);
  B->last = L;
}

static int is_short(const builder *B, const line_t *L)
{
  return B->median >= 30 && (double)count_chars(L->t, L->n) < 0.5 * B->median;
}

/* PREV ends with a web or e-mail address broken after a '/', '-', '.', '_' or '@'
 * ("https://dichvucong.gov.vn/p/home/" / "dvc-trang-chu.html") and NEXT goes on with
 * it: one address again. */
static int broken_address(const char *prev, size_t pn, const char *next, size_t nn)
{
  if (!prev || pn < 5 || !nn || !strchr("/-._@", prev[pn - 1]) || !isalnum((unsigned char)next[0]))
    return 0;
  size_t a = pn;
  while (a > 0 && prev[a - 1] != ' ')
    a--;
  const char *tok = prev + a;
  size_t tn = pn - a;
  int url = 0;
  for (size_t k = 0; k < tn && !url; k++)
    url = tok[k] == '@' || (k + 3 <= tn && !memcmp(tok + k, "://", 3)) ||
          (k + 4 <= tn && !memcmp(tok + k, "www.", 4));
  return url;
}

/* PREV ends with a phone number broken after one of its dots ("0912.345.") and NEXT
 * starts with the rest of it ("678 để biết"): the dot is no full stop. */
static int broken_number(const char *prev, size_t pn, const char *next, size_t nn)
{
  if (!prev || pn < 5 || prev[pn - 1] != '.')
    return 0;
  size_t a = pn - 1, dots = 0;
  while (a > 0 && (isdigit((unsigned char)prev[a - 1]) || prev[a - 1] == '.')) {
    dots += prev[a - 1] == '.';
    a--;
  }
  if (a > 0 && prev[a - 1] != ' ' && prev[a - 1] != '(')
    return 0;
  if (prev[a] != '0' || !dots || pn - 1 - a < 6)
    return 0;
  size_t j = 0;
  while (j < nn && isdigit((unsigned char)next[j]))
    j++;
  return j >= 2 && j <= 4 && (j == nn || next[j] == ' ' || next[j] == ',' || next[j] == ';');
}

/* PREV ends inside a phone number or an address that NEXT goes on with. */
static int broken_token(const char *prev, size_t pn, const char *next, size_t nn)
{
  return broken_number(prev, pn, next, nn) || broken_address(prev, pn, next, nn);
}

static int can_join(const builder *B, const line_t *L, int para)
{
  if (!B->open || L->kind == L_LIST || L->kind == L_NUM || L->kind == L_TABLE || B->origin == L_TABLE)
    return 0;
  const line_t *last = B->last;
  if (!para && broken_token(last->t, last->n, L->t, L->n))
    return 1;
  int st = starts_with(L->t, L->n);
  char end = last->n ? last->t[last->n - 1] : 0;
  if (ends_sentence(last->t, last->n) && !(st == 1 && (end == ';' || end == ':')))
    return 0;
  if (ends_open(last->t, last->n) || st == 1)
    return 1;
  if (para)
    return 0;
  if ((B->origin == L_CAPS || B->origin == L_NUM) && last->caps)
    return L->kind == L_CAPS;
  if (B->origin == L_CAPS)
    return 0;
  if (B->origin == L_NUM || B->subject)
    return st == 3;
  if (L->kind == L_CAPS || B->long_lines)
    return 0;
  return !(is_short(B, last) && st == 2);
}

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void measure(builder *B, const line_t *v, size_t n)
{
  size_t pairs = 0, spaced = 0, k = 0;
  double *len = malloc((n + 1) * sizeof *len);
  for (size_t i = 0; i < n; i++) {
    if (v[i].kind == L_BLANK)
      continue;
    if (!v[i].drop && (v[i].kind == L_TEXT || v[i].kind == L_LIST) && len)
      len[k++] = (double)count_chars(v[i].t, v[i].n);
    size_t j = i + 1, gap = 0;
    for (; j < n && v[j].kind == L_BLANK; j++)
      gap += !v[j].page_break;
    if (j < n) {
      pairs++;
      spaced += gap >= 1;
    }
  }
  B->double_spaced = pairs >= 4 && spaced * 10 > pairs * 6;
  B->median = 0;
  double p90 = 0;
  if (len && k) {
    qsort(len, k, sizeof *len, cmp_double);
    B->median = len[k / 2];
    p90 = len[k * 9 / 10];
  }
  free(len);
  /* No page holds a line of 150 characters: lines that long are whole paragraphs. */
  B->long_lines = B->median > 120 || p90 > 150;
}

/* PREV ends with a word of Latin letters broken by a hyphen at the end of the line, and
 * NEXT starts with the rest of it ("Post-" / "mart", "Inter-" / "net"). Vietnamese words
 * ("kinh tế-" / "xã hội") are not: a PDF does not hyphenate a syllable. */
static int hyphenated_word(const char *prev, size_t pn, const char *next, size_t nn)
{
  if (!prev || pn < 3 || prev[pn - 1] != '-')
    return 0;
  size_t k = 0;
  while (k + 1 < pn && isalpha((unsigned char)prev[pn - 2 - k]))
    k++;
  if (k < 2 || (k + 1 < pn && (unsigned char)prev[pn - 2 - k] >= 0x80))
    return 0;
  size_t j = 0;
  while (j < nn && islower((unsigned char)next[j]))
    j++;
  return j >= 2 && (j == nn || !(isalpha((unsigned char)next[j]) || (unsigned char)next[j] >= 0x80));
}

static void build(builder *B, line_t *v, size_t n)
{
  measure(B, v, n);
  size_t gap = 0;
  int dropped = 0;
  for (size_t i = 0; i < n && !B->oom; i++) {
    const line_t *L = &v[i];
    if (L->kind == L_BLANK) {
      gap += !L->page_break;
      continue;
    }
    if (L->drop) {
      add_dropped(B, L);
      dropped = 1;
      continue;
    }
    int para = !dropped && (B->double_spaced ? gap >= 2 : gap >= 1);
    if (can_join(B, L, para)) {
      if (hyphenated_word(B->text.p, B->text.n, L->t, L->n))
        loa_buf_trim(&B->text, 1);   /* "Post-" + "mart": one word again */
      else if (broken_token(B->text.p, B->text.n, L->t, L->n))
        ;                             /* "0912.345." + "678": one number again */
      else
        loa_buf_putc(&B->text, ' ');
      loa_buf_put(&B->text, L->t, L->n);
      B->last = L;
    } else {
      open_block(B, L);
    }
    gap = 0;
    dropped = 0;
  }
  flush_block(B);
}

/* The first block is the title when it is in capitals (or a "V/v" subject line); the
 * unpunctuated block right under a title in capitals is its subject line. */
static void mark_title(loa_doc *d)
{
  if (!d->nblocks)
    return;
  loa_block *b = &d->blocks[0];
  char *k = squeeze(b->text, strlen(b->text));
  int caps = b->kind == LOA_BLOCK_HEADING && all_caps(b->text, strlen(b->text)) && !is_numbered(b->text, strlen(b->text));
  int vv = k && (key_starts(k, "v v") || key_starts(k, "ve viec"));
  free(k);
  if (!caps && !vv)
    return;
  b->kind = LOA_BLOCK_TITLE;
  if (caps && d->nblocks > 1) {
    loa_block *s = &d->blocks[1];
    size_t l = strlen(s->text);
    if (s->kind == LOA_BLOCK_BODY && !ends_sentence(s->text, l) && count_words(s->text) <= 60)
      s->kind = LOA_BLOCK_TITLE;
  }
}

/* Standalone URLs that interrupt a sentence are a page footer the export interleaved. */
static void drop_url_interruptions(line_t *v, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    if (v[i].kind == L_BLANK || v[i].drop || !is_url_only(&v[i]))
      continue;
    size_t p = i, q = i + 1;
    while (p > 0 && (v[p - 1].kind == L_BLANK || v[p - 1].drop))
      p--;
    while (q < n && (v[q].kind == L_BLANK || v[q].drop))
      q++;
    if (p > 0 && q < n && !ends_sentence(v[p - 1].t, v[p - 1].n) && starts_with(v[q].t, v[q].n) == 1)
      drop(&v[i], R_URL);
  }
}

int loa_clean(const char *text, size_t len, loa_doc *doc)
{
  memset(doc, 0, sizeof *doc);
  vocab w;
  int rc = vocab_load(&w);
  if (rc) {
    vocab_free(&w);
    return rc;
  }
  line_t *v = NULL;
  size_t n = 0;
  if (split_lines(text ? text : "", text ? len : 0, &w, &v, &n) < 0) {
    vocab_free(&w);
    return -1;
  }
  int pages = n ? v[n - 1].page + 1 : 1;
  mark_edges(v, n);
  drop_local(v, n, &w);
  drop_footnotes(v, n);
  if (drop_page_numbers(v, n, pages) < 0 || drop_running(v, n, pages) < 0 || drop_running_unpaged(v, n, pages) < 0) {
    free_lines(v, n);
    vocab_free(&w);
    return -1;
  }
  drop_stamps(v, n, &w);
  drop_authority(v, n, &w);
  drop_recipients(v, n, &w);
  drop_signatures(v, n, &w);
  drop_url_interruptions(v, n);
  builder B = {.doc = doc};
  build(&B, v, n);
  drop_footnote_marks(v, n, doc);
  mark_title(doc);
  free_lines(v, n);
  vocab_free(&w);
  loa_buf_free(&B.text);
  if (B.oom) {
    loa_doc_free(doc);
    return -1;
  }
  return 0;
}

void loa_doc_free(loa_doc *doc)
{
  if (!doc)
    return;
  for (size_t i = 0; i < doc->nblocks; i++)
    free(doc->blocks[i].text);
  for (size_t i = 0; i < doc->ndropped; i++)
    free(doc->dropped[i].text);
  free(doc->blocks);
  free(doc->dropped);
  memset(doc, 0, sizeof *doc);
}
