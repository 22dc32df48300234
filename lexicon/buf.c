/* buf.c: the growing byte string, the growing array and the error message (see buf.h). */
#include "lexicon/buf.h"
#include "lexicon/vntext.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *loa_grow(void *items, size_t *cap, size_t need, size_t size)
{
  if (need <= *cap)
    return items;
  size_t c = *cap ? *cap : 16;
  while (c < need) {
    if (c > ((size_t)-1) / 2)
      return NULL;
    c *= 2;
  }
  if (size && c > ((size_t)-1) / size)
    return NULL;
  void *p = realloc(items, c * size);
  if (!p)
    return NULL;
  *cap = c;
  return p;
}

int loa_buf_reserve(loa_buf *b, size_t extra)
{
  if (b->oom)
    return -1;
  if (extra > ((size_t)-1) - b->n - 1) {
    b->oom = 1;
    return -1;
  }
  if (b->n + extra + 1 <= b->cap)
    return 0;
  char *p = loa_grow(b->p, &b->cap, b->n + extra + 1, 1);
  if (!p) {
    b->oom = 1;
    return -1;
  }
  b->p = p;
  return 0;
}

void loa_buf_put(loa_buf *b, const void *data, size_t n)
{
  if (loa_buf_reserve(b, n) < 0)
    return;
  if (n)
    memcpy(b->p + b->n, data, n);
  b->n += n;
  b->p[b->n] = 0;
}

void loa_buf_putc(loa_buf *b, char c)
{
  loa_buf_put(b, &c, 1);
}

void loa_buf_puts(loa_buf *b, const char *s)
{
  loa_buf_put(b, s, strlen(s));
}

void loa_buf_put_cp(loa_buf *b, uint32_t cp)
{
  char u[4];
  loa_buf_put(b, u, loa_utf8_encode(cp, u));
}

void loa_buf_printf(loa_buf *b, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int k = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (k < 0 || loa_buf_reserve(b, (size_t)k) < 0)
    return;
  va_start(ap, fmt);
  vsnprintf(b->p + b->n, (size_t)k + 1, fmt, ap);
  va_end(ap);
  b->n += (size_t)k;
}

void loa_buf_clear(loa_buf *b)
{
  b->n = 0;
  if (b->p)
    b->p[0] = 0;
}

void loa_buf_trim(loa_buf *b, size_t n)
{
  b->n = n > b->n ? 0 : b->n - n;
  if (b->p)
    b->p[b->n] = 0;
}

char *loa_buf_take(loa_buf *b)
{
  if (loa_buf_reserve(b, 0) == 0)
    b->p[b->n] = 0;   /* an empty buffer gets its NUL too */
  char *p = b->oom ? NULL : b->p;
  if (!p)
    free(b->p);
  b->p = NULL;
  b->n = b->cap = 0;
  b->oom = 0;
  return p;
}

void loa_buf_free(loa_buf *b)
{
  free(b->p);
  b->p = NULL;
  b->n = b->cap = 0;
  b->oom = 0;
}

int loa_errf(char *err, size_t n, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  if (err && n)
    vsnprintf(err, n, fmt, ap);
  va_end(ap);
  return -1;
}
