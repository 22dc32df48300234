/* tsv.c: reading loa's data files line by line, strictly (see tsv.h). */
#include "lexicon/tsv.h"
#include "lexicon/buf.h"
#include "lexicon/vntext.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char LOA_TSV_NOMEM[] = "out of memory";

/* LINE (*LEN bytes as read) without its BOM (on the first line) and line end. */
static char *bare_line(char *line, size_t *len, int first)
{
  size_t n = *len;
  if (first && n >= 3 && !memcmp(line, "\xEF\xBB\xBF", 3))
    line += 3, n -= 3;
  if (n && line[n - 1] == '\n')
    n--;
  if (n && line[n - 1] == '\r')
    n--;
  line[n] = 0;
  *len = n;
  return line;
}

static int skipped(const char *line, size_t len)
{
  size_t k = strspn(line, " ");
  return k >= len || line[k] == '#';
}

int loa_tsv_read(const char *path, loa_tsv_row_fn fn, void *user, char *err, size_t errlen)
{
  FILE *f = fopen(path, "r");
  if (!f) {
    int e = errno;
    loa_errf(err, errlen, "%s: %s", path, strerror(e));
    errno = e;
    return LOA_TSV_EOPEN;
  }
  char *buf = NULL;
  size_t cap = 0;
  ssize_t got;
  int no = 0;
  const char *why = NULL;
  while (!why && (got = getline(&buf, &cap, f)) >= 0) {
    size_t n = (size_t)got;
    char *line = bare_line(buf, &n, ++no == 1);
    if (skipped(line, n))
      continue;
    why = loa_utf8_valid(line, n) ? fn(line, n, user) : "not valid UTF-8";
  }
  int unread = !why && !feof(f);
  free(buf);
  fclose(f);
  if (why) {
    loa_errf(err, errlen, "%s:%d: %s", path, no, why);
    return why == LOA_TSV_NOMEM ? LOA_TSV_ENOMEM : LOA_TSV_EROW;
  }
  if (unread) {
    loa_errf(err, errlen, "%s: %s", path, strerror(EIO));
    errno = EIO;
    return LOA_TSV_EOPEN;
  }
  return LOA_TSV_OK;
}

int loa_tsv_split(const char *line, size_t len, const char **col, size_t *clen, int max)
{
  int k = 0;
  size_t s = 0;
  for (size_t i = 0; i <= len; i++) {
    if (i < len && line[i] != '\t')
      continue;
    if (k == max)
      return max + 1;
    col[k] = line + s;
    clen[k] = i - s;
    k++;
    s = i + 1;
  }
  return k;
}

int loa_tsv_cut(char *line, size_t len, char **col, int max)
{
  int k = 1;
  for (size_t i = 0; i < len; i++)
    k += line[i] == '\t';
  if (k > max)
    return max + 1;
  col[0] = line;
  k = 1;
  for (size_t i = 0; i < len; i++)
    if (line[i] == '\t') {
      line[i] = 0;
      col[k++] = line + i + 1;
    }
  return k;
}
