/* escape.c: one escaping for everything loa prints that came from outside (see escape.h). */
#include "lexicon/escape.h"

#include <stdio.h>
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
      return (size_t)snprintf(piece, 16, "\\x%02X", b);
    if (deceptive(c))
      return (size_t)snprintf(piece, 16, "\\u{%04X}", (unsigned)c);
    memcpy(piece, s, *used);
    return *used;
  }
  switch (b) {
  case '\\': return (size_t)snprintf(piece, 16, "\\\\");
  case '\n': return (size_t)snprintf(piece, 16, "\\n");
  case '\r': return (size_t)snprintf(piece, 16, "\\r");
  case '\t': return (size_t)snprintf(piece, 16, "\\t");
  case '"':
    if (flags & LOA_ESC_QUOTE)
      return (size_t)snprintf(piece, 16, "\\\"");
    break;
  }
  if (b < 0x20 || b == 0x7F)
    return (size_t)snprintf(piece, 16, "\\x%02X", b);
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
