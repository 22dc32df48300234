/* clean_tables.c: pass 2 of the cleaner, a table that a page break parts made one table
 * again. A table is a run of table rows with nothing read between them (blank lines,
 * page breaks and page furniture may be). Its first row is its header: the same row again
 * further down (the header a PDF or a word processor repeats at the top of the next
 * page) is dropped; the first row after a page break whose first cell is empty ("| Hòa
 * Phú |", or "| | Hòa Phú |" in a table written with outer bars: the rest of a row the
 * break cut) is marked to be joined, cell by cell, to the row before it (clean_blocks.c).
 */
#include "tts/clean_internal.h"

#include <string.h>

/* A page ends between lines A and B (A < B): a page break, or page numbers or running
 * headers dropped between them (text copied out of a PDF without its page breaks). */
static int page_between(const line_t *v, size_t a, size_t b)
{
  if (v[a].page != v[b].page)
    return 1;
  for (size_t k = a + 1; k < b; k++)
    if (v[k].drop == CL_R_PAGENO || v[k].drop == CL_R_RUNNING)
      return 1;
  return 0;
}

/* The first cell of L is empty: "| Hòa Phú |" in a table written without outer bars,
 * "| | Hòa Phú |" in one written with them (HEAD, its first row, starts with a bar). */
static int first_cell_empty(const line_t *L, const line_t *head)
{
  const char *t = L->t;
  if (*t != '|')
    return 0;
  if (head->t[0] != '|')
    return 1;
  t++;
  while (*t == ' ')
    t++;
  return *t == '|';
}

void cl_join_split_tables(line_t *v, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    if (v[i].kind != L_TABLE || v[i].drop)
      continue;
    size_t head = i, last = i;
    for (size_t k = i + 1; k < n; k++) {
      line_t *L = &v[k];
      if (L->kind == L_BLANK || L->drop)
        continue;
      if (L->kind != L_TABLE)
        break;
      if (!strcmp(L->key, v[head].key)) {
        cl_drop(L, CL_R_TABLE_HEADER);
        continue;
      }
      L->joins_row = last != head && first_cell_empty(L, &v[head]) && page_between(v, last, k);
      last = k;
    }
    i = last;
  }
}
