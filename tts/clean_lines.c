/* clean_lines.c: pass 1 of the cleaner, the text cut into lines and each line described:
 * trimmed and single-spaced, its emphasis marks and Markdown heading mark out, its key,
 * its page, its cells (a table row) or two columns, whether it is in capitals, and its
 * kind: blank, plain, list item, numbered heading, capitals, table row. Also what the
 * other passes ask about a line's shape: how it starts and ends, its words, its marker.
 */
#include "tts/clean_internal.h"
#include "tts/markup.h"
#include "lexicon/buf.h"
#include "lexicon/vntext.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

size_t cl_count_words(const char *s)
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

int cl_ends_sentence(const char *s, size_t n)
{
  while (n && strchr(" \"')]»", s[n - 1]))
    n--;
  if (!n)
    return 0;
  if (strchr(".!?:;", s[n - 1]))
    return 1;
  return n >= 3 && !memcmp(s + n - 3, "\xE2\x80\xA6", 3);   /* … */
}

int cl_ends_open(const char *s, size_t n)
{
  return n && strchr(",-(/&", s[n - 1]);
}

/* First letter of the line: 1 lower, 2 upper, 3 digit, 0 other. */
int cl_starts_with(const char *s, size_t n)
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
  return loa_is_lower(c) ? 1 : loa_is_upper(c) ? 2 : 0;
}

int cl_all_caps(const char *s, size_t n)
{
  size_t up = 0, low = 0;
  for (size_t i = 0; i < n;) {
    size_t l;
    int32_t c = loa_utf8_next(s + i, n - i, &l);
    up += loa_is_upper(c);
    low += loa_is_lower(c);
    i += l;
  }
  return up >= 4 && low * 10 <= up + low && low <= 2;
}

/* The length of a list marker at the start of S ("- ", "+ ", "* ", "-x", "• ", "– "), or 0. */
int cl_list_marker(const char *s, size_t n)
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
    *upper = loa_is_upper(c);
  return loa_is_letter(c) || c == '"' || c == '(';
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
  return s[l] == ',' && letter_follows(s, n, l + 1, &upper) && upper && loa_is_lower(c);
}

int cl_is_numbered(const char *s, size_t n)
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
    if (!cl_key_starts(L->key, w->heading.items[i]))
      continue;
    const char *p = L->t;
    for (size_t k = cl_count_words(w->heading.items[i]); k; k--) {   /* past the heading word */
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
  if (strstr(L->t, " | ") || (L->t[0] == '|' && strchr(L->t + 1, '|')))
    return L_TABLE;   /* "a | b", and "| Hòa Phú |": a row whose first cell is empty */
  if (cl_list_marker(L->t, L->n))
    return L_LIST;
  if (cl_is_numbered(L->t, L->n) || L->md_heading || is_word_heading(L, w))
    return L_NUM;
  if (L->caps)
    return L_CAPS;
  return L_TEXT;
}

void cl_free_lines(line_t *v, size_t n)
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
  L->rkey = r ? cl_squeeze(r, rn) : NULL;
  return L->left && L->rkey ? 0 : -1;
}

/* L described from its text S (N bytes, no line end), source line NO. *PAGE counts the
 * page breaks so far. 0, or -1 when out of memory (what L holds is then freed with it). */
static int read_line(line_t *L, const char *s, size_t n, int no, int *page)
{
  memset(L, 0, sizeof *L);
  L->t = tidy(s, n, &L->n, &L->page_break, &L->md_heading);
  if (!L->t)
    return -1;
  *page += L->page_break;
  L->no = no;
  L->page = *page;
  L->raw = s;
  L->rawn = n;
  L->cells = memchr(s, '\t', n) ? count_cells(s, n, NULL, NULL) : 1;
  if (split_columns(L, s, n) < 0)
    return -1;
  L->key = cl_squeeze(L->t, L->n);
  return L->key ? 0 : -1;
}

/* The line starts with a tab (after spaces): its first cell is empty. */
static int leading_tab(const char *s, size_t n)
{
  for (size_t i = 0; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
    if (s[i] == '\t')
      return 1;
  return 0;
}

/* Rows of cells separated by tabs (a table pasted from Word or a spreadsheet): a line of
 * three cells or more, or of two next to another such line, gets its cells written
 * " | " as tts/decode writes a table row (an empty first cell as "| "). 0, or -1 when
 * out of memory. */
static int mark_table_rows(line_t *v, size_t n)
{
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
      return -1;
    int ff, h, empty_first = leading_tab(L->raw, L->rawn);
    char *t = tidy(bars, bn, &bn, &ff, &h);
    free(bars);
    if (t && empty_first) {
      char *e = malloc(bn + 3);
      if (e) {
        memcpy(e, "| ", 2);
        memcpy(e + 2, t, bn + 1);
        bn += 2;
      }
      free(t);
      t = e;
    }
    if (!t)
      return -1;
    free(L->t);
    L->t = t;
    L->n = bn;
  }
  return 0;
}

int cl_split_lines(const char *text, size_t len, const vocab *w, line_t **out, size_t *nout)
{
  size_t cap = 0, n = 0;
  line_t *v = NULL;
  int page = 0, rc = 0;
  for (size_t i = 0; i < len && !rc;) {
    const char *nl = memchr(text + i, '\n', len - i);
    size_t e = nl ? (size_t)(nl - text) : len;
    line_t *grown = loa_grow(v, &cap, n + 1, sizeof *v);
    if (!grown) {
      rc = -1;
      break;
    }
    v = grown;
    n++;
    rc = read_line(&v[n - 1], text + i, e - i, (int)n, &page);
    i = nl ? e + 1 : len;
  }
  if (!rc)
    rc = mark_table_rows(v, n);
  if (rc) {
    cl_free_lines(v, n);
    return -1;
  }
  for (size_t k = 0; k < n; k++) {
    v[k].caps = cl_all_caps(v[k].t, v[k].n);
    v[k].kind = classify(&v[k], w);
  }
  *out = v;
  *nout = n;
  return 0;
}
