/* markup.c: paired emphasis marks out of a line (see markup.h). */
#include "tts/markup.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static int is_ws(unsigned char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\f';
}

static int is_punct(unsigned char c)
{
  return c < 0x80 && ispunct(c);
}

static size_t run_of(const char *s, size_t n, size_t i)
{
  size_t j = i;
  while (j < n && s[j] == s[i])
    j++;
  return j - i;
}

/* The start of the closing run matching an opening run of LEN marks C before FROM, or 0. */
static size_t find_closer(const char *s, size_t n, size_t from, char c, size_t len)
{
  for (size_t j = from; j < n;) {
    if (s[j] == '\\') {
      j += 2;
      continue;
    }
    if (s[j] != c) {
      j++;
      continue;
    }
    size_t r = run_of(s, n, j);
    unsigned char after = j + r < n ? (unsigned char)s[j + r] : ' ';
    if (r == len && !is_ws((unsigned char)s[j - 1]) && (is_ws(after) || is_punct(after)))
      return j;
    j += r;
  }
  return 0;
}

int loa_emphasis_marks(const char *s, size_t n, unsigned char *del)
{
  int any = 0;
  memset(del, 0, n);
  for (size_t i = 0; i < n;) {
    char c = s[i];
    if (c == '\\') {
      i += 2;
      continue;
    }
    if ((c != '*' && c != '_' && c != '~') || del[i]) {
      i++;
      continue;
    }
    size_t r = run_of(s, n, i);
    unsigned char prev = i ? (unsigned char)s[i - 1] : ' ';
    int ok_len = c == '~' ? r == 2 : r <= 3;
    if (ok_len && i + r < n && !is_ws((unsigned char)s[i + r]) && (is_ws(prev) || is_punct(prev))) {
      size_t j = find_closer(s, n, i + r, c, r);
      if (j) {
        memset(del + i, 1, r);
        memset(del + j, 1, r);
        any = 1;
      }
    }
    i += r;
  }
  return any;
}

size_t loa_strip_emphasis(char *s, size_t n)
{
  if (!memchr(s, '*', n) && !memchr(s, '_', n) && !memchr(s, '~', n))
    return n;
  unsigned char *del = calloc(n ? n : 1, 1);
  if (!del)
    return n;
  loa_emphasis_marks(s, n, del);
  size_t o = 0;
  for (size_t i = 0; i < n; i++)
    if (!del[i])
      s[o++] = s[i];
  free(del);
  if (o < n)
    s[o] = 0;
  return o;
}
