/* fuzz_zones.c: libFuzzer target for zones.ini (loa_zones_parse on any bytes).
 *
 * Checks what zones.h promises of a success: 1 to LOA_ZONES_MAX zones, each named a-z, 0-9
 * and '-', with a UTF-8 label and a mount that starts with '/'; and of a failure: a
 * one-line message with nothing in it that could drive a terminal.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon/vntext.h"
#include "schedules/zones.h"

static void check(int ok)
{
  if (!ok)
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static loa_zones zs;
  char err[512] = "";
  if (loa_zones_parse(&zs, "zones.ini", (const char *)data, size, err, sizeof err)) {
    check(err[0] != 0);
    for (const unsigned char *p = (const unsigned char *)err; *p; p++)
      check(*p >= 0x20 && *p != 0x7f);
    return 0;
  }
  check(zs.n >= 1 && zs.n <= LOA_ZONES_MAX);
  for (int i = 0; i < zs.n; i++) {
    const loa_zone *z = &zs.z[i];
    check(z->name[0] && strspn(z->name, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(z->name));
    check(loa_utf8_valid(z->label, strlen(z->label)) && z->label[0]);
    check(z->mount[0] == '/' && !strpbrk(z->mount, " \t\"'"));
    for (int k = 0; k < i; k++)
      check(strcmp(zs.z[k].name, z->name) != 0);
  }
  return 0;
}
