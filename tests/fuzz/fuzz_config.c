/* fuzz_config.c: libFuzzer target for loa.ini (loa_config_parse on any bytes).
 *
 * Checks what config.h promises of a success: the build settings within the table's ranges
 * (loa_build_opts_check), the station's name and commune UTF-8, Liquidsoap on this machine
 * unless the file allows another, every folder an absolute path; and of a failure: a
 * one-line message with nothing in it that could drive a terminal.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon/vntext.h"
#include "schedules/config.h"

static void check(int ok)
{
  if (!ok)
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static loa_config c;
  char err[512] = "";
  loa_config_default(&c);
  if (loa_config_parse(&c, "loa.ini", (const char *)data, size, "/srv/loa", err, sizeof err)) {
    check(err[0] != 0);
    for (const unsigned char *p = (const unsigned char *)err; *p; p++)
      check(*p >= 0x20 && *p != 0x7f);
    return 0;
  }
  char why[512];
  check(loa_build_opts_check(&c.build, why, sizeof why) == 0);
  check(loa_utf8_valid(c.station, strlen(c.station)) && loa_utf8_valid(c.commune, strlen(c.commune)));
  check(c.liquidsoap_port >= 0 && c.liquidsoap_port <= 65535);
  check(!c.liquidsoap_port || c.liquidsoap_remote || loa_config_liquidsoap_is_local(c.liquidsoap_host));
  const char *dirs[] = {c.inbox, c.out, c.done, c.failed, c.state, c.cache, c.playout};
  for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++)
    check(!dirs[i][0] || dirs[i][0] == '/');
  check(c.build.max_input_bytes == c.max_bytes && c.max_bytes >= 1024);
  return 0;
}
