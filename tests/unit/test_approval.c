/* test_approval.c: a bulletin with a hold mark (DIR/.NAME.cho-duyet) waits for approval:
 * the library marks it held at every scan, the plan leaves it out, and removing the mark
 * (approving) puts it back in the programme at the next scan, the file unchanged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pipeline/build.h"
#include "schedules/plan.h"
#include "schedules/slots.h"
#include "testutil.h"

static char dir[64];
static loa_slots slots;
static loa_build_opts opts;

static int setup(void **state)
{
  char path[4096], err[512];
  tu_source_path(path, sizeof path, "schedules/slots.ini");
  if (loa_slots_load(&slots, path, NULL, err, sizeof err))
    return fprintf(stderr, "%s\n", err), -1;
  loa_build_opts_default(&opts);
  return tu_tmpdir(dir, sizeof dir, "approval");
}

static int teardown(void **state)
{
  return tu_rmtree(dir);
}

static void test_hold_path(void **state)
{
  char out[256];
  assert_int_equal(loa_bulletin_hold_path("/srv/done/web-1.txt", out, sizeof out), 0);
  assert_string_equal(out, "/srv/done/.web-1.txt.cho-duyet");
  assert_int_equal(loa_bulletin_hold_path("sang/a.docx", out, sizeof out), 0);
  assert_string_equal(out, "sang/.a.docx.cho-duyet");
  assert_int_equal(loa_bulletin_hold_path("a.txt", out, sizeof out), 0);
  assert_string_equal(out, ".a.txt.cho-duyet");
  assert_int_equal(loa_bulletin_hold_path("/a/long-name.txt", out, 10), -1);
}

/* The titles of what airs in slot 0 (sáng) on 25/11/2026, joined by '|'. */
static void due_titles(const loa_library *lib, char *out, size_t len)
{
  loa_due *due;
  int n = loa_plan_due(&slots, lib, 0, 20261125, &due);
  assert_true(n >= 0);
  out[0] = 0;
  for (int i = 0; i < n; i++)
    snprintf(out + strlen(out), len - strlen(out), "%s%s", i ? "|" : "", due[i].b->title);
  free(due);
}

static void test_held_never_airs_until_approved(void **state)
{
  char a[256], b[256], mark[300], titles[256], err[512];
  tu_path(a, sizeof a, dir, "hop-dan.txt");
  tu_path(b, sizeof b, dir, "tiem-phong.txt");
  tu_write_text(a, "Tiêu đề: Họp dân\nBuổi: sáng\nTừ ngày: 25/11/2026\n---\nHọp dân lúc 19 giờ.\n");
  tu_write_text(b, "Tiêu đề: Tiêm phòng\nBuổi: sáng\nTừ ngày: 25/11/2026\nMức độ: ưu tiên\n---\n"
                   "Bà con đưa gia cầm đi tiêm.\n");
  assert_int_equal(loa_bulletin_hold_path(b, mark, sizeof mark), 0);
  tu_write_text(mark, "editor1\n");

  loa_library lib = {0};
  assert_int_equal(loa_library_scan(&lib, dir, &slots, &opts, NULL, NULL, err, sizeof err), 0);
  assert_int_equal((int)lib.n, 2);      /* the mark is a dotfile: not a bulletin */
  due_titles(&lib, titles, sizeof titles);
  assert_string_equal(titles, "Họp dân");

  /* approving removes the mark: the same unchanged file airs, first by its priority */
  assert_int_equal(unlink(mark), 0);
  assert_int_equal(loa_library_scan(&lib, dir, &slots, &opts, NULL, NULL, err, sizeof err), 0);
  due_titles(&lib, titles, sizeof titles);
  assert_string_equal(titles, "Tiêm phòng|Họp dân");

  /* a mark put back holds it again, though nothing else changed */
  tu_write_text(mark, "editor1\n");
  assert_int_equal(loa_library_scan(&lib, dir, &slots, &opts, NULL, NULL, err, sizeof err), 0);
  due_titles(&lib, titles, sizeof titles);
  assert_string_equal(titles, "Họp dân");
  loa_library_free(&lib);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_hold_path),
    cmocka_unit_test(test_held_never_airs_until_approved),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
