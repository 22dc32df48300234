/* test_config.c: the station configuration file (schedules/config.h): defaults, paths, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "schedules/config.h"
#include "testutil.h"

static char dir[64];

static int setup(void **state)
{
  return tu_tmpdir(dir, sizeof dir, "config");
}

static int teardown(void **state)
{
  return tu_rmtree(dir);
}

static const char *write_ini(const char *name, const char *text)
{
  static char path[128];
  tu_write_text(tu_path(path, sizeof path, dir, name), text);
  return path;
}

static void test_defaults(void **state)
{
  loa_config c;
  loa_config_default(&c);
  assert_string_equal(c.timezone, "Asia/Ho_Chi_Minh");
  assert_string_equal(c.inbox, "/var/lib/loa/inbox");
  assert_string_equal(c.failed, "/var/lib/loa/failed");
  assert_true(c.build.lufs == -16.0);
  assert_string_equal(c.build.voice, "north");
  assert_int_equal(c.max_bytes, 2 * 1024 * 1024);
  assert_int_equal(c.liquidsoap_port, 0);
}

static void test_full_file_and_relative_paths(void **state)
{
  const char *p = write_ini("loa.ini",
                            "; a station\n"
                            "[station]\nname = Đài truyền thanh xã Yên Hòa\ncommune = xã Yên Hòa\n"
                            "[voice]\nvoice = south\nrate = 150\ndialect = south\nlexicon = local.tsv\n"
                            "[audio]\nlufs = -18\ntrue_peak = -2\npreset = loudspeaker\nbitrate = 64\n"
                            "[paths]\nroot = station\nout = /srv/out\n"
                            "[publish]\nliquidsoap = 127.0.0.1:1234\nlead_minutes = 5\n"
                            "[watch]\nsettle_ms = 500\nmax_bytes = 100000\n");
  loa_config c;
  char err[256] = "";
  loa_config_default(&c);
  assert_int_equal(loa_config_load(&c, p, err, sizeof err), 0);
  char want[4200];
  assert_string_equal(c.station, "Đài truyền thanh xã Yên Hòa");
  assert_string_equal(c.build.station, "Đài truyền thanh xã Yên Hòa");
  assert_string_equal(c.build.voice, "south");
  assert_int_equal(c.build.rate_wpm, 150);
  assert_int_equal(c.build.dialect, LOA_DIALECT_SOUTH);
  assert_true(c.build.lufs == -18.0);
  assert_true(c.build.true_peak == -2.0);
  assert_string_equal(c.build.preset, "loudspeaker");
  assert_int_equal(c.build.mp3.bitrate_kbps, 64);
  char real[4096];
  assert_non_null(realpath(dir, real));
  snprintf(want, sizeof want, "%s/local.tsv", real);
  assert_string_equal(c.build.lexicon_override, want);
  snprintf(want, sizeof want, "%s/station/inbox", real);
  assert_string_equal(c.inbox, want);
  assert_string_equal(c.out, "/srv/out");             /* set alone, kept */
  assert_string_equal(c.liquidsoap_host, "127.0.0.1");
  assert_int_equal(c.liquidsoap_port, 1234);
  assert_int_equal(c.lead_minutes, 5);
  assert_int_equal(c.settle_ms, 500);
  assert_int_equal(c.max_bytes, 100000);
  assert_int_equal(c.build.max_input_bytes, 100000);
}

static void test_errors_name_file_and_line(void **state)
{
  static const struct { const char *text, *want; } cases[] = {
    {"[station]\nname = A\n[audio]\nlufs = loud\n", ":4: 'loud' must be a number"},
    {"[audio]\nlufs = -50\n", ":2: '-50' must be a number from -40 to -5"},
    {"[voice]\nvoice = robot\n", ":2: unknown voice 'robot'"},
    {"[paths]\nroot = /x\nsecret = 1\n", ":3: unknown key 'secret' in [paths]"},
    {"[radio]\nx = 1\n", ":2: unknown section [radio]"},
    {"[watch]\nsettle_ms = -1\n", ":2:"},
    {"[publish]\nliquidsoap = localhost:99999\n", ":2:"},
    {"[station]\njust some words\n", ":2:"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *p = write_ini("bad.ini", cases[i].text);
    loa_config c;
    char err[512] = "";
    loa_config_default(&c);
    assert_int_equal(loa_config_load(&c, p, err, sizeof err), -1);
    if (!strstr(err, "bad.ini") || !strstr(err, cases[i].want))
      fail_msg("case %zu: '%s' lacks '%s'", i, err, cases[i].want);
  }
}

static void test_missing_file(void **state)
{
  loa_config c;
  char err[512] = "";
  loa_config_default(&c);
  assert_int_equal(loa_config_load(&c, "/nonexistent/loa.ini", err, sizeof err), -1);
  assert_non_null(strstr(err, "/nonexistent/loa.ini"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_defaults),
    cmocka_unit_test(test_full_file_and_relative_paths),
    cmocka_unit_test(test_errors_name_file_and_line),
    cmocka_unit_test(test_missing_file),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
