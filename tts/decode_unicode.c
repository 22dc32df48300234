/* decode_unicode.c: the one clean-up every decoded text goes through.
 *
 * NFC (utf8proc), '\n' line ends, and the characters Word and PDF export put where an
 * announcer sees plain ones: no-break and other spaces, dashes and minus signs, curly
 * quotes, soft hyphens and zero-width characters, ligatures, full-width forms, and the
 * bullet glyphs of Word lists (including Symbol/Wingdings private-use ones), which
 * become "- " at the start of a line. A soft hyphen is removed, except at the end of a line,
 * where a PDF broke the word and it becomes "-" (tts/clean joins the word again). Tone
 * placement (hoà/hòa) is left as written.
 * Lines are never added or removed, so line numbers still point into the source.
 */
#include "tts/decode_internal.h"
#include "tts/decode.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

enum { K_KEEP, K_DROP, K_SPACE, K_DASH, K_QUOTE1, K_QUOTE2, K_BULLET, K_NEWLINE };

static int is_bullet(int32_t c)
{
  switch (c) {
  case 0x2022: case 0x2023: case 0x2043: case 0x2219: case 0x25AA: case 0x25AB:
  case 0x25A0: case 0x25A1: case 0x25CF: case 0x25CB: case 0x25E6: case 0x25C6:
  case 0x25C7: case 0x2666: case 0x25BA: case 0x25B6: case 0x27A2: case 0x27A4:
  case 0x2794: case 0x2192: case 0x2713: case 0x2714: case 0x2756: case 0x2605:
  case 0x2606: case 0x25D8: case 0x25D9: case 0x29BF: case 0x2B9A: case 0x27A3:
    return 1;
  default:
    return c >= 0xF000 && c <= 0xF0FF;   /* Symbol / Wingdings glyphs mapped to private use */
  }
}

static int kind_of(int32_t c)
{
  switch (c) {
  case 0x00A0: case 0x1680: case 0x202F: case 0x205F: case 0x3000: case 0x000B:
  case 0x2028: case 0x2029: case 0x0085:
    return K_SPACE;
  case 0x00AD: case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
  case 0x180E: case 0x200E: case 0x200F: case 0xFFFC: case 0x034F:
    return K_DROP;
  case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
  case 0x2212: case 0xFE58: case 0xFE63: case 0xFF0D: case 0x2E3A: case 0x2E3B:
    return K_DASH;
  case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x2035: case 0xFF07:
    return K_QUOTE1;
  case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0x2036:
  case 0x00AB: case 0x00BB: case 0xFF02: case 0x301D: case 0x301E:
    return K_QUOTE2;
  case '\n':
    return K_NEWLINE;
  case '\t': case '\f':
    return K_KEEP;
  }
  if (c >= 0x2000 && c <= 0x200A)
    return K_SPACE;
  if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || (c >= 0xFE00 && c <= 0xFE0F))
    return K_DROP;
  if (c < 0x20 || (c >= 0x7F && c < 0xA0))
    return K_DROP;
  if (is_bullet(c))
    return K_BULLET;
  return K_KEEP;
}

static const char *ligature(int32_t c)
{
  static const char *const lig[] = {"ff", "fi", "fl", "ffi", "ffl", "st", "st"};
  return (c >= 0xFB00 && c <= 0xFB06) ? lig[c - 0xFB00] : NULL;
}

/* '\r\n' and lone '\r' -> '\n' (before NFC, which keeps them apart anyway). */
static char *unify_newlines(const char *in, size_t len, size_t *outlen)
{
  char *o = malloc(len + 1);
  if (!o)
    return NULL;
  size_t k = 0;
  for (size_t i = 0; i < len; i++) {
    if (in[i] == '\r') {
      o[k++] = '\n';
      if (i + 1 < len && in[i + 1] == '\n')
        i++;
    } else {
      o[k++] = in[i];
    }
  }
  o[k] = 0;
  *outlen = k;
  return o;
}

int loa_dec_nfc(loa_buf *s)
{
  if (!s->n)
    return 0;
  utf8proc_uint8_t *nfc = NULL;
  utf8proc_ssize_t nl = utf8proc_map((const utf8proc_uint8_t *)s->p, (utf8proc_ssize_t)s->n, &nfc,
                                     UTF8PROC_STABLE | UTF8PROC_COMPOSE);
  if (nl < 0)
    return nl == UTF8PROC_ERROR_NOMEM ? LOA_DEC_ENOMEM : LOA_DEC_EIO;
  free(s->p);
  s->p = (char *)nfc;
  s->n = (size_t)nl;
  s->cap = s->n + 1;
  return 0;
}

int loa_dec_finish(const char *in, size_t len, loa_buf *out)
{
  size_t nl;
  char *u = unify_newlines(in, len, &nl);   /* NFC comes last, once the look-alikes are out */
  if (!u)
    return LOA_DEC_ENOMEM;
  int line_start = 1;     /* only white space so far on this line */
  int skip_space = 0;     /* just wrote a bullet: swallow the spaces after it */
  for (size_t i = 0; i < nl;) {
    size_t l;
    int32_t c = loa_utf8_next(u + i, nl - i, &l);
    i += l;
    int k = kind_of(c);
    if (skip_space && (k == K_SPACE || c == ' ' || c == '\t' || k == K_DROP))
      continue;
    skip_space = 0;
    const char *lig = ligature(c);
    if (lig) {
      loa_buf_puts(out, lig);
    } else if (c >= 0xFF01 && c <= 0xFF5E && k == K_KEEP) {
      loa_buf_putc(out, (char)(c - 0xFEE0));   /* full-width ASCII */
    } else {
      switch (k) {
      case K_DROP:
        if (c == 0x00AD && !line_start) {   /* a soft hyphen ending a line: the word was broken there */
          size_t j = i;
          while (j < nl && (u[j] == ' ' || u[j] == '\t'))
            j++;
          if (j < nl && u[j] == '\n')
            loa_buf_putc(out, '-');
        }
        break;
      case K_SPACE: loa_buf_putc(out, ' '); break;
      case K_QUOTE1: loa_buf_putc(out, '\''); break;
      case K_QUOTE2: loa_buf_putc(out, '"'); break;
      case K_NEWLINE: loa_buf_putc(out, '\n'); break;
      case K_DASH:
      case K_BULLET:
        if (line_start) {
          loa_buf_puts(out, "- ");
          skip_space = 1;
        } else if (k == K_DASH || c < 0xF000 || c > 0xF0FF) {
          loa_buf_putc(out, '-');
        }
        break;
      default: loa_buf_put_cp(out, c); break;
      }
    }
    if (k == K_NEWLINE)
      line_start = 1;
    else if (!(k == K_SPACE || k == K_DROP || c == ' ' || c == '\t'))
      line_start = 0;
  }
  free(u);
  if (out->n && out->p[out->n - 1] != '\n')
    loa_buf_putc(out, '\n');
  if (out->oom)
    return LOA_DEC_ENOMEM;
  return loa_dec_nfc(out);
}

int loa_dec_blank(const char *text, size_t len)
{
  for (size_t i = 0; i < len; i++)
    if (!strchr(" \t\n\r\f\v", text[i]))
      return 0;
  return 1;
}

static int expected(int32_t c)
{
  if (c < 0x80)
    return c >= 0x20 || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  if (c == 0xFFFD)
    return 0;
  if ((c >= 0xA0 && c <= 0x24F) || (c >= 0x300 && c <= 0x36F) || (c >= 0x1E00 && c <= 0x1EFF) ||
      (c >= 0x2000 && c <= 0x27BF) || (c >= 0xF000 && c <= 0xF0FF) || (c >= 0xFB00 && c <= 0xFB06) ||
      c == 0xFEFF || (c >= 0x2B00 && c <= 0x2BFF) || (c >= 0x370 && c <= 0x3FF))
    return 1;
  return 0;
}

double loa_dec_oddness(const char *text, size_t len)
{
  size_t n = 0, odd = 0;
  for (size_t i = 0; i < len;) {
    size_t l;
    int32_t c = loa_utf8_next(text + i, len - i, &l);
    i += l;
    if (c == ' ' || c == '\n')
      continue;
    n++;
    odd += !expected(c);
  }
  return n ? (double)odd / (double)n : 0.0;
}
