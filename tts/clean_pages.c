/* clean_pages.c: pass 2 of the cleaner, the furniture of pages: page numbers (with page
 * breaks, at the top or foot of a page; without, numbers that count up) and running
 * headers and footers (the same line at the edge of many pages, or next to the page
 * numbers of text copied out of a PDF; a table row is none).
 */
#include "tts/clean_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static int is_page_number(const line_t *L)
{
  const char *s = L->t;
  if (cl_key_starts(L->key, "trang") || cl_key_starts(L->key, "page")) {
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

/* Marks the first and last two non-blank lines of every page. */
void cl_mark_edges(line_t *v, size_t n)
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
int cl_drop_page_numbers(line_t *v, size_t n, int pages)
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
    int explicit = cl_key_starts(v[i].key, "trang") || cl_key_starts(v[i].key, "page");
    const lone_t *next = find_lone(lone, u, num[i] + 1), *prev = num[i] ? find_lone(lone, u, num[i] - 1) : NULL;
    int seq = (next && next->last > i) || (prev && prev->first < i);
    int own = v[i].edge == 2 && num[i] == v[i].page + 1;   /* "1" at the foot of a one-page PDF */
    if (explicit || seq || own || (pages > 1 && v[i].edge))
      cl_drop(&v[i], CL_R_PAGENO);
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

/* A line that may be a running header or footer: not dropped, not empty, and no table
 * row (a table's header repeated on the next page is the table's: clean_tables.c). */
static int candidate(const line_t *L)
{
  return L->kind != L_BLANK && L->kind != L_TABLE && !L->drop && *L->key;
}

static int cmp_edge(const void *a, const void *b)
{
  const edge_t *x = a, *y = b;
  int c = strcmp(x->key, y->key);
  return c ? c : (x->page > y->page) - (x->page < y->page);
}

/* With page breaks: a line at the top or bottom of at least two pages, and of half of
 * them, is a running header or footer. */
int cl_drop_running(line_t *v, size_t n, int pages)
{
  if (pages < 2)
    return 0;
  edge_t *e = malloc((n + 1) * sizeof *e);
  if (!e)
    return -1;
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (v[i].edge && candidate(&v[i]))
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
        cl_drop(&v[e[i].line], CL_R_RUNNING);
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
int cl_drop_running_unpaged(line_t *v, size_t n, int pages)
{
  if (pages > 1)
    return 0;
  edge_t *e = malloc((4 * n + 2) * sizeof *e);
  if (!e)
    return -1;
  size_t k = 0, top = 0;
  int pno = 0;
  for (size_t i = 0; i < n && top < 2; i++)   /* the top of the first page */
    if (v[i].kind != L_BLANK && ++top && candidate(&v[i]))
      e[k++] = (edge_t){v[i].key, 0, i};
  size_t first = k;
  for (size_t i = 0; i < n; i++) {
    if (v[i].drop != CL_R_PAGENO)
      continue;
    pno++;
    size_t seen = 0;   /* two non-blank lines each side */
    for (size_t j = i; j-- > 0 && seen < 2;)
      if (v[j].kind != L_BLANK) {
        seen++;
        if (candidate(&v[j]))
          e[k++] = (edge_t){v[j].key, pno, j};
      }
    seen = 0;
    for (size_t j = i + 1; j < n && seen < 2; j++)
      if (v[j].kind != L_BLANK) {
        seen++;
        if (candidate(&v[j]))
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
        cl_drop(&v[e[i].line], CL_R_RUNNING);
    a = z;
  }
  free(e);
  return 0;
}
