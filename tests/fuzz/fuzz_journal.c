/* fuzz_journal.c: libFuzzer target for the watch daemon's journal lines,
 * state/work/ID/job (wj_parse on any bytes), and the escaping its values use.
 *
 * Checks: the fields end inside their buffers; a journal written back from what was read
 * (wesc, as wj_create writes it) reads the same again.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schedules/watch_internal.h"

static void check(int ok)
{
  if (!ok)
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *text = malloc(size + 1);
  if (!text)
    return 0;
  memcpy(text, data, size);
  text[size] = 0;
  static wjournal j, again;
  memset(&j, 0, sizeof j);
  int rc = wj_parse(text, &j);
  free(text);
  check(strlen(j.rel) < sizeof j.rel && strlen(j.fail_name) < sizeof j.fail_name &&
        strlen(j.aired) < sizeof j.aired);
  if (rc)
    return 0;
  static char rel[WPATH * 4], fail[WPATH * 4], line[WPATH * 9 + 256];
  wesc(j.rel, rel, sizeof rel);
  wesc(j.fail_name, fail, sizeof fail);
  snprintf(line, sizeof line, "rel=%s\nsize=%lld\nino=%llu\nfail=%s\n", rel, j.size, j.ino, fail);
  memset(&again, 0, sizeof again);
  check(wj_parse(line, &again) == 0);
  check(!strcmp(again.rel, j.rel) && !strcmp(again.fail_name, j.fail_name));
  check(again.size == j.size && again.ino == j.ino);
  return 0;
}
