/* fuzz_schedstate.c: libFuzzer target for the scheduler's state file, state/schedule.tsv
 * (loa_sched_state_parse on any bytes).
 *
 * Checks: a failure names its line; a success holds one record per slot and day, each
 * with a date that exists, and strings that end inside their fields.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "schedules/scheduler.h"

static void check(int ok)
{
  if (!ok)
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  loa_sched_state st;
  memset(&st, 0, sizeof st);
  char err[512] = "";
  int rc = loa_sched_state_parse(&st, "schedule.tsv", (const char *)data, size, err, sizeof err);
  if (rc) {
    check(!strncmp(err, "schedule.tsv:", 13) || !strcmp(err, "out of memory"));
  } else {
    for (size_t i = 0; i < st.n; i++) {
      const loa_sched_rec *r = &st.r[i];
      char d[11];
      int back;
      loa_date_format(r->ymd, d);
      check(loa_date_parse(d, &back) == 0 && back == r->ymd);
      check(strlen(r->slot) < sizeof r->slot && strlen(r->key) < sizeof r->key &&
            strlen(r->file) < sizeof r->file);
      for (size_t k = 0; k < i; k++)
        check(st.r[k].ymd != r->ymd || strcmp(st.r[k].slot, r->slot));
    }
  }
  loa_sched_state_free(&st);
  return 0;
}
