/* flat.c: the plain-toned spelling of a syllable (see flat.h). */
#include "tts/flat.h"

#include <string.h>
#include <utf8proc.h>

#define MAXCP 32
#define ACUTE 0x0301

static int is_tone_mark(utf8proc_int32_t c)
{
  return c == 0x0300 || c == 0x0301 || c == 0x0303 || c == 0x0309 || c == 0x0323;
}

/* Ends in p, t, c or ch: a checked syllable, which carries sắc or nặng only. */
static int checked(const char *w, size_t len)
{
  char last = len ? w[len - 1] : 0;
  return last == 'p' || last == 't' || last == 'c' || (last == 'h' && len > 1 && w[len - 2] == 'c');
}

int loa_flat_spelling(const char *word, size_t len, char *out, size_t cap)
{
  utf8proc_int32_t cp[MAXCP], flat[MAXCP + 1];
  utf8proc_ssize_t n = utf8proc_decompose((const utf8proc_uint8_t *)word, (utf8proc_ssize_t)len,
                                          cp, MAXCP, UTF8PROC_DECOMPOSE);
  if (n < 0 || n > MAXCP)
    return -1;
  int tone = -1;                 /* index of the base letter that carried the mark */
  utf8proc_ssize_t k = 0, base = -1;
  for (utf8proc_ssize_t i = 0; i < n; i++) {
    if (!utf8proc_get_property(cp[i])->combining_class)
      base = k;
    if (is_tone_mark(cp[i]))
      tone = (int)base;
    else
      flat[k++] = cp[i];
  }
  if (tone < 0)
    return 0;
  if (checked(word, len)) {      /* sắc after the letter's other marks (â, ơ...) */
    utf8proc_ssize_t at = tone + 1;
    while (at < k && utf8proc_get_property(flat[at])->combining_class)
      at++;
    memmove(flat + at + 1, flat + at, (size_t)(k - at) * sizeof *flat);
    flat[at] = ACUTE;
    k++;
  }
  utf8proc_ssize_t m = utf8proc_normalize_utf32(flat, k, UTF8PROC_COMPOSE);
  if (m < 0)
    return -1;
  size_t o = 0;
  for (utf8proc_ssize_t i = 0; i < m; i++) {
    utf8proc_uint8_t buf[4];
    utf8proc_ssize_t b = utf8proc_encode_char(flat[i], buf);
    if (o + (size_t)b + 1 > cap)
      return -1;
    memcpy(out + o, buf, (size_t)b);
    o += (size_t)b;
  }
  out[o] = 0;
  return o != len || memcmp(out, word, len) ? (int)o : 0;
}
