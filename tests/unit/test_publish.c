/* test_publish.c: atomic publish leaves either the old file or the whole new one, never a temporary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pipeline/publish.h"
#include "testutil.h"

static char dir[256];

static int setup(void **state)
{
  return tu_tmpdir(dir, sizeof dir, "publish");
}

static int teardown(void **state)
{
  return tu_rmtree(dir);
}

static void test_write_replaces_whole_file(void **state)
{
  char path[300];
  snprintf(path, sizeof path, "%s/a.mp3", dir);
  assert_int_equal(loa_atomic_write(path, "first", 5), 0);
  assert_int_equal(loa_atomic_write(path, "second!", 7), 0);
  size_t n;
  char *got = tu_read_file(path, &n);
  assert_non_null(got);
  assert_int_equal(n, 7);
  assert_string_equal(got, "second!");
  free(got);
  assert_int_equal(tu_count_entries(dir), 1);
}

static void test_abort_leaves_old_file_and_no_temporary(void **state)
{
  char path[300];
  snprintf(path, sizeof path, "%s/b.mp3", dir);
  assert_int_equal(loa_atomic_write(path, "old", 3), 0);
  loa_atomic_file f;
  assert_int_equal(loa_atomic_open(&f, path), 0);
  fputs("half-written", f.fp);
  struct stat st;
  assert_int_equal(stat(f.tmp_path, &st), 0);       /* temporary exists meanwhile */
  assert_non_null(strstr(f.tmp_path, "/.b.mp3."));   /* hidden name in the same folder */
  loa_atomic_abort(&f);
  size_t n;
  char *got = tu_read_file(path, &n);
  assert_non_null(got);
  assert_int_equal(n, 3);
  assert_string_equal(got, "old");
  free(got);
  assert_int_equal(stat(f.tmp_path, &st), -1);
}

static void test_unwritable_folder_is_an_error(void **state)
{
  assert_true(loa_atomic_write("/nonexistent-folder/x.mp3", "x", 1) < 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_write_replaces_whole_file),
    cmocka_unit_test(test_abort_leaves_old_file_and_no_temporary),
    cmocka_unit_test(test_unwritable_folder_is_an_error),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
