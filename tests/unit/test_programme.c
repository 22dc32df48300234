/* test_programme.c: the programme cache's pruning by age (clock injected) and the manifest's JSON strings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pipeline/programme.h"
#include "testutil.h"

static char dir[64];

static int setup(void **state)
{
  return tu_tmpdir(dir, sizeof dir, "programme");
}

static int teardown(void **state)
{
  return tu_rmtree(dir);
}

/* Create NAME in the folder with modification time T. */
static void touch_at(const char *name, time_t t)
{
  char path[256];
  tu_write_text(tu_path(path, sizeof path, dir, name), "x");
  struct timespec ts[2] = {{t, 0}, {t, 0}};
  assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
}

static int exists(const char *name)
{
  char path[256];
  return tu_exists(tu_path(path, sizeof path, dir, name));
}

static void test_prune_by_age(void **state)
{
  const time_t now = 1795559400, day = 86400;
  char old[80], fresh[80], name[96];
  memset(old, 'a', 64), old[64] = 0;
  memset(fresh, 'b', 64), fresh[64] = 0;
  snprintf(name, sizeof name, "%s.json", old), touch_at(name, now - 31 * day);
  snprintf(name, sizeof name, "%s.frames", old), touch_at(name, now - 31 * day);
  snprintf(name, sizeof name, "%s.json", fresh), touch_at(name, now - 29 * day);
  snprintf(name, sizeof name, "%s.frames", fresh), touch_at(name, now - 40 * day);
  touch_at("notes.json", now - 400 * day);          /* not a cache entry: left alone */
  touch_at("ABCD.json", now - 400 * day);
  assert_int_equal(loa_programme_cache_prune(dir, now, 30 * day), 1);
  snprintf(name, sizeof name, "%s.json", old);
  assert_false(exists(name));
  snprintf(name, sizeof name, "%s.frames", old);
  assert_false(exists(name));
  /* age is the metadata's (a cache hit renews it), not the frames' */
  snprintf(name, sizeof name, "%s.frames", fresh);
  assert_true(exists(name));
  assert_true(exists("notes.json"));
  assert_true(exists("ABCD.json"));
  /* a day later than 30 days after the fresh one: it goes too */
  assert_int_equal(loa_programme_cache_prune(dir, now + 2 * day, 30 * day), 1);
  assert_int_equal(loa_programme_cache_prune("/nonexistent/loa", now, 1), 0);
}

static void test_json_strings(void **state)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  loa_json_string(f, "Tin \"khẩn\"\\ngày\n25\t11\x01");
  fputc(' ', f);
  loa_json_string(f, NULL);
  fclose(f);
  assert_string_equal(buf, "\"Tin \\\"khẩn\\\"\\\\ngày\\n25\\t11\\u0001\" \"\"");
  free(buf);
}

static void test_cache_dir(void **state)
{
  char out[64];
  loa_programme_cache_dir("/var/lib/loa/cache", out, sizeof out);
  assert_string_equal(out, "/var/lib/loa/cache/programme");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_prune_by_age),
    cmocka_unit_test(test_json_strings),
    cmocka_unit_test(test_cache_dir),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
