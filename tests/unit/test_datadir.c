/* test_datadir.c: where loa finds its data (lexicon/datadir.c). LOA_DATA_DIR wins; a program
 * run from its build tree (these tests) reads the source tree; and a folder that lacks loa's
 * data is said as such, naming the folder and the first file missing, before any loader
 * reports the first table it could not read (a missing presets.ini once came out as
 * "unknown preset 'stream'").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon/lexicon.h"
#include "testutil.h"

/* The files loa_data_check looks for, as the data folder's layout has them. */
static const char *const shipped[] = {
  "lexicon/abbreviations.tsv", "lexicon/wordlists.tsv", "lexicon/syllables.txt",
  "tts/clean.tsv", "pipeline/presets.ini", "schedules/slots.ini",
};
enum { NSHIPPED = sizeof shipped / sizeof *shipped };

/* DIR gets a copy of each shipped file but SKIP (NULL: none). */
static void copy_data(const char *dir, const char *skip)
{
  for (int i = 0; i < NSHIPPED; i++) {
    if (skip && !strcmp(shipped[i], skip))
      continue;
    char src[PATH_MAX], dst[PATH_MAX];
    tu_source_path(src, sizeof src, shipped[i]);
    tu_path(dst, sizeof dst, dir, shipped[i]);
    size_t n;
    char *text = tu_read_file(src, &n);
    assert_non_null(text);
    tu_make_parents(dst);
    tu_write_file(dst, text, n);
    free(text);
  }
}

static void test_build_tree_reads_the_source_tree(void **state)
{
  unsetenv("LOA_DATA_DIR");
  char got[PATH_MAX], want[PATH_MAX];
  assert_non_null(realpath(loa_data_dir(), got));
  assert_non_null(realpath(tu_source_dir(), want));
  assert_string_equal(got, want);
  char err[512] = "";
  assert_int_equal(loa_data_check(err, sizeof err), 0);
  assert_string_equal(err, "");
}

static void test_environment_wins(void **state)
{
  char dir[PATH_MAX];
  assert_int_equal(tu_tmpdir(dir, sizeof dir, "datadir"), 0);
  copy_data(dir, NULL);
  setenv("LOA_DATA_DIR", dir, 1);
  assert_string_equal(loa_data_dir(), dir);
  char err[512] = "";
  assert_int_equal(loa_data_check(err, sizeof err), 0);
  setenv("LOA_DATA_DIR", "", 1);           /* empty is unset */
  char got[PATH_MAX], want[PATH_MAX];
  assert_non_null(realpath(loa_data_dir(), got));
  assert_non_null(realpath(tu_source_dir(), want));
  assert_string_equal(got, want);
  unsetenv("LOA_DATA_DIR");
  tu_tmpdir_done(dir);
}

static void test_empty_folder_is_named(void **state)
{
  char dir[PATH_MAX], err[1024], want[PATH_MAX + 200];
  assert_int_equal(tu_tmpdir(dir, sizeof dir, "datadir"), 0);
  setenv("LOA_DATA_DIR", dir, 1);
  assert_int_equal(loa_data_check(err, sizeof err), -1);
  snprintf(want, sizeof want,
           "loa's data folder %s cannot be used: lexicon/abbreviations.tsv: No such file or "
           "directory (check LOA_DATA_DIR)", dir);
  assert_string_equal(err, want);
  unsetenv("LOA_DATA_DIR");
  tu_tmpdir_done(dir);
}

/* Each shipped file missing alone is the one named, whichever it is. */
static void test_each_missing_file_is_named(void **state)
{
  for (int i = 0; i < NSHIPPED; i++) {
    char dir[PATH_MAX], err[1024], want[PATH_MAX + 200];
    assert_int_equal(tu_tmpdir(dir, sizeof dir, "datadir"), 0);
    copy_data(dir, shipped[i]);
    setenv("LOA_DATA_DIR", dir, 1);
    assert_int_equal(loa_data_check(err, sizeof err), -1);
    snprintf(want, sizeof want, "loa's data folder %s cannot be used: %s: No such file or directory",
             dir, shipped[i]);
    if (strncmp(err, want, strlen(want)))
      fail_msg("%s missing: '%s'", shipped[i], err);
    unsetenv("LOA_DATA_DIR");
    tu_tmpdir_done(dir);
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_build_tree_reads_the_source_tree),
    cmocka_unit_test(test_environment_wins),
    cmocka_unit_test(test_empty_folder_is_named),
    cmocka_unit_test(test_each_missing_file_is_named),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
