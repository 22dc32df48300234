/* fuzz_liq_reply.c: libFuzzer target for Liquidsoap's answers (schedules/liq_reply.h).
 *
 * The first byte picks the closing line (END or Bye!) and the size of the pieces in which the
 * rest arrives; the end of the answer must be found at the same place whatever the pieces
 * (as playout.c finds it while bytes come) as in the whole, on a whole closing line; a request
 * number is digits only, and a metadata line is found only where it is.
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
  size_t piece = (size_t)(data[0] >> 1) + 1, tl = strlen(term);
  const char *in = (const char *)data + 1;
  size_t n = size - 1;
  size_t s1 = 0, text = 0, used = 0;
  int whole = loa_liq_answer_end(in, n, term, &s1, &text, &used);
  size_t s2 = 0, text2 = 0, used2 = 0, got = 0;
  int found = 0;
  while (!found && got < n) {
    got = got + piece < n ? got + piece : n;
    found = loa_liq_answer_end(in, got, term, &s2, &text2, &used2);
  }
  check(found == whole);
  if (!whole)
    return 0;
  check(text2 == text && used2 == used);
  check(text < used && used <= n && in[used - 1] == '\n');
  size_t line = used - 1 - (used >= 2 && in[used - 2] == '\r' ? 1 : 0);   /* the closing line */
  check(line >= tl && !memcmp(in + line - tl, term, tl) && (line == tl || in[line - tl - 1] == '\n'));
  check(!text || (in[text - 1] != '\n' && in[text - 1] != '\r'));
  long long rid = loa_liq_answer_rid(in, text);
  check(rid < 0 || (text >= 1 && text <= 15 && strspn(in, "0123456789") >= text));
  if (loa_liq_answer_has(in, text, "loa_id", "a"))
    check(memmem(in, text, "loa_id=\"a\"", 10) != NULL);
  return 0;
}
