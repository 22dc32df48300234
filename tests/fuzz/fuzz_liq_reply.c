/* fuzz_liq_reply.c: libFuzzer target for Liquidsoap's answers (schedules/liq_reply.h).
 *
 * The first byte picks the terminator (END or Bye!) and the size of the pieces the rest is
 * fed in; the answer must come out the same whatever the pieces (one byte at a time, as
 * playout.c reads, or all at once), stop at its closing line, and keep its text within
 * bounds; a request number is only digits.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "schedules/liq_reply.h"

static void check(int ok)
{
  if (!ok)
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (!size)
    return 0;
  const char *term = data[0] & 1 ? "Bye!" : "END";
  size_t piece = (size_t)(data[0] >> 1) + 1;
  const char *in = (const char *)data + 1;
  size_t n = size - 1;
  static loa_liq_reply whole, pieces;
  loa_liq_reply_init(&whole, term);
  size_t took = loa_liq_reply_feed(&whole, in, n);
  check(took <= n && (whole.done || took == n));
  check(whole.len < sizeof whole.text && whole.text[whole.len] == 0);
  loa_liq_reply_init(&pieces, term);
  size_t at = 0;
  while (at < n && !pieces.done) {
    size_t k = n - at < piece ? n - at : piece;
    at += loa_liq_reply_feed(&pieces, in + at, k);
  }
  check(pieces.done == whole.done && at == took);
  check(pieces.len == whole.len && pieces.dropped == whole.dropped &&
        !memcmp(pieces.text, whole.text, whole.len));
  if (whole.done) {   /* the closing line was the last thing taken */
    size_t tl = strlen(term);
    check(took >= tl + 1 && in[took - 1] == '\n');
  }
  long long rid = loa_liq_reply_rid(&whole);
  if (rid >= 0)
    check(whole.len >= 1 && strspn(whole.text, "0123456789") == whole.len);
  return 0;
}
