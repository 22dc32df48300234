/* util.c: folder making and small-file reading (see util.h). */
#include "pipeline/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

int loa_mkdir_p(const char *path)
{
  char buf[4096];
  if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
    return errno = ENAMETOOLONG, -1;
  for (char *q = buf + 1; *q; q++)
    if (*q == '/') {
      *q = 0;
      if (mkdir(buf, 0775) && errno != EEXIST)
        return -1;
      *q = '/';
    }
  return mkdir(buf, 0775) && errno != EEXIST ? -1 : 0;
}

char *loa_read_small(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  char *buf = NULL;
  size_t n = 0;
  FILE *m = open_memstream(&buf, &n);
  char b[8192];
  size_t k;
  int bad = !m;
  while (m && (k = fread(b, 1, sizeof b, f)) > 0)
    if (fwrite(b, 1, k, m) != k)
      bad = 1;
  bad |= ferror(f);
  fclose(f);
  if (m && fclose(m) != 0)
    bad = 1;
  if (bad) {
    free(buf);
    return errno = errno ? errno : EIO, NULL;
  }
  if (len)
    *len = n;
  return buf;
}
