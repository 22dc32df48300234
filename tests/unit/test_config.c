/* test_config.c: the station configuration file (schedules/config.h): defaults, paths, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
  assert_string_equal(c.web_listen, "127.0.0.1:8080");
  assert_string_equal(c.web_users, "");
  assert_int_equal(c.web_approval, 0);
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
                            "[watch]\nsettle_ms = 500\nmax_bytes = 100000\n"
                            "[web]\nlisten = 0.0.0.0:8443\nusers = users.txt\napproval = yes\n");
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
  assert_string_equal(c.web_listen, "0.0.0.0:8443");
  snprintf(want, sizeof want, "%s/users.txt", real);
  assert_string_equal(c.web_users, want);
  assert_int_equal(c.web_approval, 1);
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
    {"[web]\napproval = maybe\n", ":2: 'maybe' must be yes or no"},
    {"[web]\nlisten = 8080\n", ":2: '8080' must be ADDRESS:PORT"},
    {"[web]\nlisten = 127.0.0.1:0\n", ":2:"},
    {"[web]\ntheme = dark\n", ":2: unknown key 'theme' in [web]"},
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

/* What the file says and loa once took without a word, or took wrong (issue 21): a value
 * that is not UTF-8 (it failed at build time, with no line), a value longer than inih's
 * 200-byte line (the rest of the line was read as another key: "unknown key"), a folder
 * (read as an empty file: every default silently), Liquidsoap on another machine (its
 * server interface has no password), a number that is not finite. */
static void test_hostile_values_name_their_line(void **state)
{
  char longhost[400] = "[publish]\nliquidsoap = ";
  for (int i = 0; i < 300; i++)
    strcat(longhost, "a");
  strcat(longhost, ":1234\n");
  char longpath[700] = "[station]\nname = A\n[paths]\nroot = /";
  for (int i = 0; i < 60; i++)
    strcat(longpath, "thu-muc/");
  strcat(longpath, "\n[watch]\nrescan_s = x\n");
  static const struct { const char *text, *want; } cases[] = {
    {"[station]\nname = \xC4\x90\xE0i xa\xCC\n", ":2: the value is not UTF-8 text"},
    {"[station]\n\ncommune = x\xFF\n", ":3: the value is not UTF-8 text"},
    {NULL, ":2: host name too long"},
    {"[publish]\nliquidsoap = 192.168.1.20:1234\n", ":2: Liquidsoap at '192.168.1.20' is not on this machine"},
    {"[publish]\nliquidsoap = radio.example:1234\nlead_minutes = 5\n", ":2: Liquidsoap at 'radio.example'"},
    {"[publish]\nliquidsoap = 10.0.0.1:1234\nliquidsoap_remote = maybe\n", ":3: 'maybe' must be yes or no"},
    {"[publish]\nliquidsoap = 127.0.0.1:1234\nlead_minutes = nan\n", ":3: 'nan' must be a whole number"},
    {"[audio]\nlufs = nan\n", ":2: 'nan' must be a number"},
    {"[audio]\ntrue_peak = inf\n", ":2: 'inf' must be a number"},
    {"[publish]\nliquidsoap = ho\x1b[2Jst:1\n", ":2: 'ho\\x1b[2Jst' is not a host name"},
    {"[radio\x1b]\nx = 1\n", ":2: unknown section [radio\\x1b]"},
    {NULL, ":6: 'x' must be a whole number"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *text = cases[i].text ? cases[i].text : i == 2 ? longhost : longpath;
    const char *p = write_ini("bad.ini", text);
    loa_config c;
    char err[512] = "";
    loa_config_default(&c);
    assert_int_equal(loa_config_load(&c, p, err, sizeof err), -1);
    if (!strstr(err, "bad.ini") || !strstr(err, cases[i].want))
      fail_msg("case %zu: '%s' lacks '%s'", i, err, cases[i].want);
  }
  /* a long path is read whole, on its own line */
  longpath[strlen(longpath) - strlen("[watch]\nrescan_s = x\n")] = 0;
  loa_config c;
  char err[512] = "";
  loa_config_default(&c);
  assert_int_equal(loa_config_load(&c, write_ini("long.ini", longpath), err, sizeof err), 0);
  assert_int_equal(strlen(c.root), 1 + 60 * 8);
  assert_int_equal(strncmp(c.inbox, c.root, strlen(c.root)), 0);
  /* Liquidsoap elsewhere when the file says so; this machine by any of its names */
  static const char *const fine[] = {"[publish]\nliquidsoap = 10.0.0.1:1234\nliquidsoap_remote = yes\n",
                                     "[publish]\nliquidsoap_remote = yes\nliquidsoap = radio.example:1234\n",
                                     "[publish]\nliquidsoap = localhost:1234\n",
                                     "[publish]\nliquidsoap = 127.0.1.1:1234\n",
                                     "[publish]\nliquidsoap = [::1]:1234\n",
                                     "[publish]\nliquidsoap = 1234\n"};
  for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++) {
    loa_config_default(&c);
    if (loa_config_load(&c, write_ini("ok.ini", fine[i]), err, sizeof err))
      fail_msg("'%s': %s", fine[i], err);
    assert_int_equal(c.liquidsoap_port, 1234);
  }
  assert_string_equal(c.liquidsoap_host, "127.0.0.1");
  /* a folder is not an empty file */
  char folder[128];
  tu_path(folder, sizeof folder, dir, "folder.ini");
  assert_int_equal(mkdir(folder, 0700), 0);
  loa_config_default(&c);
  assert_int_equal(loa_config_load(&c, folder, err, sizeof err), -1);
  assert_non_null(strstr(err, "is a folder"));
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
    cmocka_unit_test(test_hostile_values_name_their_line),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
