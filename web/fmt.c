/* fmt.c: bounded formatting (see fmt.h). */
#include "web/fmt.h"

#include <stdarg.h>
#include <stdio.h>

int web_fmt(char *out, size_t n, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int k = vsnprintf(out, n, fmt, ap);
  va_end(ap);
  return k;
}
