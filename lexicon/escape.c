/* escape.c: one escaping for everything loa prints that came from outside (see escape.h). */
#include "lexicon/escape.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon/vntext.h"

/* A code point a terminal or a reader takes for something other than a character. */
static int deceptive(int32_t c)
{
  return (c >= 0x80 && c <= 0x9F) || c == 0x2028 || c == 0x2029 || c == 0x200E || c == 0x200F ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x061C ||
         c == 0xFEFF;
}

/* The escaped form of the character at S (N > 0 bytes) into PIECE; *USED gets its bytes. */
static size_t piece_of(const char *s, size_t n, int flags, char piece[16], size_t *used)
{
  unsigned char b = (unsigned char)s[0];
  *used = 1;
  if (b >= 0x80) {
    int32_t c = loa_utf8_next(s, n, used);
    if (c < 0)
      return (size_t)snprintf(piece, 16, "\\x%02x", b);
    if (deceptive(c))
      return (size_t)snprintf(piece, 16, "\\u{%04X}", (unsigned)c);
    memcpy(piece, s, *used);
    return *used;
  }
  switch (b) {
  case '\\':
    if (flags & LOA_ESC_LINE)
      break;
    return (size_t)snprintf(piece, 16, "\\\\");
  case '\n': return (size_t)snprintf(piece, 16, "\\n");
  case '\r': return (size_t)snprintf(piece, 16, "\\r");
  case '\t': return (size_t)snprintf(piece, 16, "\\t");
  case '"':
    if (flags & LOA_ESC_QUOTE)
      return (size_t)snprintf(piece, 16, "\\\"");
    break;
  }
  if (b < 0x20 || b == 0x7F)
    return (size_t)snprintf(piece, 16, "\\x%02x", b);
  piece[0] = (char)b;
  return 1;
}

/* The length of S escaped. */
static size_t escaped_length(const char *s, size_t n, int flags)
{
  size_t total = 0;
  for (size_t i = 0; i < n;) {
    char piece[16];
    size_t used;
    total += piece_of(s + i, n - i, flags, piece, &used);
    i += used;
  }
  return total;
}

size_t loa_escape_flags(const char *s, size_t n, int flags, char *out, size_t outlen)
{
  int cut = escaped_length(s, n, flags) >= outlen;   /* then room is kept for "..." */
  size_t o = 0;
  for (size_t i = 0; i < n;) {
    char piece[16];
    size_t used, k = piece_of(s + i, n - i, flags, piece, &used);
    if (o + k + (cut ? 3 : 0) >= outlen) {
      if (o + 3 < outlen) {
        memcpy(out + o, "...", 3);
        o += 3;
      }
      break;
    }
    memcpy(out + o, piece, k);
    o += k;
    i += used;
  }
  out[o] = 0;
  return o;
}

size_t loa_escape(const char *s, size_t n, char *out, size_t outlen)
{
  return loa_escape_flags(s, n, 0, out, outlen);
}

void loa_buf_put_escaped(loa_buf *b, const char *s, size_t n, int flags)
{
  for (size_t i = 0; i < n;) {
    char piece[16];
    size_t used, k = piece_of(s + i, n - i, flags, piece, &used);
    loa_buf_put(b, piece, k);
    i += used;
  }
}

static int hex_digit(char c)
{
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                        : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

size_t loa_unescape_at(const char *s, char out[4], size_t *used)
{
  *used = s[1] ? 2 : 1;
  switch (s[1]) {
  case 'n': out[0] = '\n'; return 1;
  case 'r': out[0] = '\r'; return 1;
  case 't': out[0] = '\t'; return 1;
  case 'x':
    if (hex_digit(s[2]) >= 0 && hex_digit(s[3]) >= 0) {
      *used = 4;
      out[0] = (char)(hex_digit(s[2]) * 16 + hex_digit(s[3]));
      return 1;
    }
    break;
  case 'u':
    if (s[2] == '{') {
      uint32_t cp = 0;
      size_t i = 3;
      while (hex_digit(s[i]) >= 0 && i < 9)
        cp = cp * 16 + (uint32_t)hex_digit(s[i++]);
      if (i > 3 && s[i] == '}') {
        *used = i + 1;
        return loa_utf8_encode(cp, out);
      }
    }
    break;
  case 0:
    out[0] = '\\';
    return 1;
  }
  out[0] = s[1];
  return 1;
}

void loa_print_line(FILE *f, const char *fmt, ...)
{
  char small[2048], *text = small;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0)
    return;
  if ((size_t)n >= sizeof small && (text = malloc((size_t)n + 1))) {
    va_start(ap, fmt);
    vsnprintf(text, (size_t)n + 1, fmt, ap);
    va_end(ap);
  }
  if (!text) {
    text = small;
    n = (int)strlen(small);
  }
  loa_buf b = LOA_BUF_INIT;
  loa_buf_put_escaped(&b, text, (size_t)n, LOA_ESC_LINE);
  loa_buf_putc(&b, '\n');
  if (!b.oom)
    fwrite(b.p, 1, b.n, f);
  loa_buf_free(&b);
  if (text != small)
    free(text);
}
