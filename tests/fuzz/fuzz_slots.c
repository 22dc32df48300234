/* fuzz_slots.c: libFuzzer target for slots.ini (loa_slots_parse on any bytes).
 *
 * Checks what slots.h promises of a success: 1 to LOA_MAX_SLOTS slots sorted by a start
 * within the day, each with finite gap, length and window in their ranges, UTF-8 label,
 * opening and closing, plain folder names; and of a failure: a one-line message with
 * nothing in it that could drive a terminal (values are escaped).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon/vntext.h"
#include "schedules/slots.h"

static void check(int ok)
{
  if (!ok)
    abort();
}

static void check_message(const char *err)
{
  check(err[0] != 0);
  for (const unsigned char *p = (const unsigned char *)err; *p; p++)
    check(*p >= 0x20 && *p != 0x7f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static loa_slots s;
  char err[512] = "";
  if (loa_slots_parse(&s, "slots.ini", (const char *)data, size, "/nonexistent", NULL, err,
                      sizeof err)) {
    check_message(err);
    return 0;
  }
  check(s.n >= 1 && s.n <= LOA_MAX_SLOTS);
  for (int i = 0; i < s.n; i++) {
    const loa_slot *sl = &s.slot[i];
    check(sl->start_s >= 0 && sl->start_s < 86400 && (i == 0 || sl->start_s > s.slot[i - 1].start_s));
    check(isfinite(sl->gap_s) && sl->gap_s >= 0 && sl->gap_s <= 30);
    check(isfinite(sl->max_s) && sl->max_s >= 0 && sl->max_s <= 600 * 60);
    check(isfinite(sl->window_s) && sl->window_s >= 0 && sl->window_s <= 720 * 60);
    check(loa_utf8_valid(sl->label, strlen(sl->label)) && loa_utf8_valid(sl->opening, strlen(sl->opening)) &&
          loa_utf8_valid(sl->closing, strlen(sl->closing)));
    check(sl->folder[0] && strcmp(sl->folder, s.urgent_folder) != 0);
  }
  check(isfinite(s.urgent_gap_s) && s.urgent_gap_s >= 0 && s.urgent_gap_s <= 30);
  return 0;
}
