/* liq_reply.c: reading Liquidsoap's answers from the bytes received (see liq_reply.h). */
#include "schedules/liq_reply.h"

#include <string.h>

int loa_liq_answer_end(const char *buf, size_t n, const char *terminator, size_t *scanned,
                       size_t *text, size_t *used)
{
  size_t tl = strlen(terminator);
  while (*scanned < n) {
    const char *line = buf + *scanned;
    const char *nl = memchr(line, '\n', n - *scanned);
    if (!nl)
      return 0;   /* the line goes on: look at it again when it is whole */
    size_t len = (size_t)(nl - line);
    if (len && line[len - 1] == '\r')
      len--;
    if (len == tl && !memcmp(line, terminator, tl)) {
      size_t t = *scanned;
      while (t && (buf[t - 1] == '\n' || buf[t - 1] == '\r'))
        t--;
      *text = t;
      *used = (size_t)(nl - buf) + 1;
      return 1;
    }
    *scanned = (size_t)(nl - buf) + 1;
  }
  return 0;
}

long long loa_liq_answer_rid(const char *text, size_t n)
{
  if (n < 1 || n > 15)
    return -1;
  long long v = 0;
  for (size_t i = 0; i < n; i++) {
    if (text[i] < '0' || text[i] > '9')
      return -1;
    v = v * 10 + (text[i] - '0');
  }
  return v;
}

int loa_liq_answer_has(const char *text, size_t n, const char *key, const char *value)
{
  size_t kl = strlen(key), vl = strlen(value);
  for (size_t at = 0; at < n;) {
    const char *line = text + at;
    const char *nl = memchr(line, '\n', n - at);
    size_t len = nl ? (size_t)(nl - line) : n - at;
    at += len + 1;
    if (len && line[len - 1] == '\r')
      len--;
    if (len == kl + vl + 3 && !memcmp(line, key, kl) && line[kl] == '=' && line[kl + 1] == '"' &&
        !memcmp(line + kl + 2, value, vl) && line[len - 1] == '"')
      return 1;
  }
  return 0;
}
