/* test_publish.c: atomic publish leaves either the old file or the whole new one, never a temporary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
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
  fflush(f.fp);
  assert_int_equal(tu_count_entries(dir), 1);        /* no name in the folder meanwhile */
  loa_atomic_abort(&f);
  size_t n;
  char *got = tu_read_file(path, &n);
  assert_non_null(got);
  assert_int_equal(n, 3);
  assert_string_equal(got, "old");
  free(got);
  assert_int_equal(tu_count_entries(dir), 1);
}

/* Killed while it writes (SIGTERM, as systemd or Ctrl-C stops a build): the folder
 * holds the old file and nothing else. */
static void test_killed_writer_leaves_nothing(void **state)
{
  char path[300];
  snprintf(path, sizeof path, "%s/c.mp3", dir);
  assert_int_equal(loa_atomic_write(path, "old", 3), 0);
  int ready[2];
  assert_int_equal(pipe(ready), 0);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    loa_atomic_file f;
    if (loa_atomic_open(&f, path) == 0) {
      fputs("half-written", f.fp);
      fflush(f.fp);
    }
    if (write(ready[1], "x", 1) != 1)
      _exit(1);
    pause();
    _exit(0);
  }
  char c;
  assert_int_equal(read(ready[0], &c, 1), 1);
  kill(pid, SIGTERM);
  int st;
  assert_int_equal(waitpid(pid, &st, 0), pid);
  assert_true(WIFSIGNALED(st));
  close(ready[0]);
  close(ready[1]);
  assert_int_equal(tu_count_entries(dir), 1);
  char *got = tu_read_file(path, NULL);
  assert_string_equal(got, "old");
  free(got);
}

/* A pipe, a device or a folder at the target is never replaced. */
static void test_only_regular_files_are_replaced(void **state)
{
  char fifo[300], folder[300], node[300], link[300];
  snprintf(fifo, sizeof fifo, "%s/pipe.mp3", dir);
  snprintf(folder, sizeof folder, "%s/folder.mp3", dir);
  snprintf(node, sizeof node, "%s/null.mp3", dir);
  snprintf(link, sizeof link, "%s/link.mp3", dir);
  assert_int_equal(mkfifo(fifo, 0644), 0);
  assert_int_equal(mkdir(folder, 0755), 0);
  assert_int_equal(loa_atomic_write(fifo, "x", 1), -EEXIST);
  assert_int_equal(loa_atomic_write(folder, "x", 1), -EEXIST);
  struct stat st;
  assert_int_equal(lstat(fifo, &st), 0);
  assert_true(S_ISFIFO(st.st_mode));
  if (mknod(node, S_IFCHR | 0666, makedev(1, 3)) == 0) {     /* as root: a copy of /dev/null */
    assert_int_equal(loa_atomic_write(node, "x", 1), -EEXIST);
    assert_int_equal(lstat(node, &st), 0);
    assert_true(S_ISCHR(st.st_mode));
  } else {
    print_message("not root: the device case is left to the e2e test with /dev/full\n");
  }
  /* a link is replaced by the file, what it points to is untouched */
  assert_int_equal(symlink(fifo, link), 0);
  assert_int_equal(loa_atomic_write(link, "mp3", 3), 0);
  assert_int_equal(lstat(link, &st), 0);
  assert_true(S_ISREG(st.st_mode));
  assert_int_equal(lstat(fifo, &st), 0);
  assert_true(S_ISFIFO(st.st_mode));
}

/* A name as long as a folder takes (255 bytes) is published: the hidden name of
 * the temporary is what gets shorter. */
static void test_longest_name(void **state)
{
  char name[256], path[600];
  memset(name, 'a', 251);
  strcpy(name + 251, ".mp3");
  snprintf(path, sizeof path, "%s/%s", dir, name);
  assert_int_equal(loa_atomic_write(path, "long", 4), 0);
  char *got = tu_read_file(path, NULL);
  assert_string_equal(got, "long");
  free(got);
  assert_int_equal(tu_count_entries(dir), 1);
}

static void test_unwritable_folder_is_an_error(void **state)
{
  assert_true(loa_atomic_write("/nonexistent-folder/x.mp3", "x", 1) < 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_write_replaces_whole_file, setup, teardown),
    cmocka_unit_test_setup_teardown(test_abort_leaves_old_file_and_no_temporary, setup, teardown),
    cmocka_unit_test_setup_teardown(test_unwritable_folder_is_an_error, setup, teardown),
    cmocka_unit_test_setup_teardown(test_killed_writer_leaves_nothing, setup, teardown),
    cmocka_unit_test_setup_teardown(test_only_regular_files_are_replaced, setup, teardown),
    cmocka_unit_test_setup_teardown(test_longest_name, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
