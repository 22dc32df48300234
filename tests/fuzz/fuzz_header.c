/* fuzz_header.c: libFuzzer target for the bulletin header (loa_header_parse on any bytes).
 *
 * Checks what header.h promises: the body starts inside the text, on a line that exists;
 * a header's dates are real days in order, its counts in their ranges, at most 8 slots;
 * the title is UTF-8 when the text is; a failure is one line naming its line, with
 * nothing in it that could drive a terminal.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon/vntext.h"
#include "tts/header.h"

static void check(int ok)
{
  if (!ok)
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *text = (const char *)data;
  loa_header h;
  char err[512] = "";
  if (loa_header_parse(text, size, &h, err, sizeof err)) {
    check(!strncmp(err, "dòng ", strlen("dòng ")));
    for (const unsigned char *p = (const unsigned char *)err; *p; p++)
      check(*p >= 0x20 && *p != 0x7f);
    return 0;
  }
  int lines = 1;
  for (size_t i = 0; i < size; i++)
    lines += data[i] == '\n';
  check(h.body_offset <= size && h.body_line >= 1 && h.body_line <= lines + 1);
  if (!h.present) {
    check(h.body_offset == 0 && h.body_line == 1);
    return 0;
  }
  check(h.nslots >= 0 && h.nslots <= 8);
  check(h.times_per_day >= 0 && h.times_per_day <= 8 && h.repeats >= 0 && h.repeats <= 20);
  check(!h.first_day || !h.last_day || h.first_day <= h.last_day);
  check(strlen(h.title) < sizeof h.title);
  if (loa_utf8_valid(text, size) && !memchr(text, 0, size))
    check(loa_utf8_valid(h.title, strlen(h.title)));
  return 0;
}
