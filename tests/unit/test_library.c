/* test_library.c: reading the library of processed bulletins: drop folders, headers, keys, rescans. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pipeline/build.h"
#include "schedules/plan.h"
#include "schedules/slots.h"
#include "testutil.h"

static char dir[64];
static loa_slots slots;
static loa_build_opts opts;
static int warnings;
static char last_warning[1024];

static void put(const char *name, const char *text)
{
  char path[256];
  tu_path(path, sizeof path, dir, name);
  tu_make_parents(path);
  tu_write_text(path, text);
}

static void on_warning(void *user, const char *line)
{
  warnings++;
  snprintf(last_warning, sizeof last_warning, "%s", line);
}

static int setup(void **state)
{
  char path[4096], err[512];
  tu_source_path(path, sizeof path, "schedules/slots.ini");
  if (loa_slots_load(&slots, path, NULL, err, sizeof err))
    return fprintf(stderr, "%s\n", err), -1;
  loa_build_opts_default(&opts);
  return tu_tmpdir(dir, sizeof dir, "library");
}

static int teardown(void **state)
{
  return tu_rmtree(dir);
}

static const loa_bulletin *find(const loa_library *lib, const char *name)
{
  for (size_t i = 0; i < lib->n; i++) {
    const char *base = strrchr(lib->b[i].path, '/');
    if (base && !strcmp(base + 1, name))
      return &lib->b[i];
  }
  return NULL;
}

static void test_scan(void **state)
{
  put("tiem-phong.txt", "Tiêu đề: Tiêm phòng\nBuổi: sáng, chiều\nTừ ngày: 25/11/2026\n"
                        "Mức độ: ưu tiên\n---\nBà con đưa gia cầm đi tiêm.\n");
  put("sang/hop-dan.txt", "Thông báo họp dân lúc 19 giờ.\n");
  put("khan/bao.txt", "Bão số 9 đang vào gần bờ.\n");
  put("chieu/cu/tin-cu.md", "Tin cũ.\n");
  put(".an.txt", "không đọc\n");
  put("sang/.bao.txt.tmp", "đang chép\n");
  put("loi.loi.txt", "ghi chú lỗi của watch\n");
  put("nhac.flac", "không phải bản tin");
  put("sai.txt", "Tiêu đề: Sai\nMàu: đỏ\n---\nNội dung.\n");

  loa_library lib = {0};
  char err[512];
  time_t before = time(NULL) - 5;
  warnings = 0;
  assert_int_equal(loa_library_scan(&lib, dir, &slots, &opts, on_warning, NULL, err, sizeof err), 0);
  assert_int_equal((int)lib.n, 5);   /* four bulletins and the invalid one, marked */
  assert_int_equal(warnings, 1);
  assert_non_null(strstr(last_warning, "sai.txt"));
  assert_non_null(strstr(last_warning, "dòng 2"));
  assert_int_equal(find(&lib, "sai.txt")->invalid, 1);

  const loa_bulletin *b = find(&lib, "tiem-phong.txt");
  assert_non_null(b);
  assert_string_equal(b->folder, "");
  assert_string_equal(b->title, "Tiêm phòng");
  assert_int_equal(b->h.first_day, 20261125);
  assert_int_equal(b->h.priority, LOA_PRIO_HIGH);
  assert_int_equal(loa_bulletin_slots(&slots, b), 3u);
  assert_int_equal((int)strlen(b->key), 64);
  assert_true(b->arrived >= before);

  b = find(&lib, "hop-dan.txt");
  assert_string_equal(b->folder, "sang");
  assert_string_equal(b->title, "hop-dan");       /* no header title: the file name */
  assert_int_equal(loa_bulletin_slots(&slots, b), 1u);
  assert_int_equal(loa_bulletin_priority(&slots, find(&lib, "bao.txt")), LOA_PRIO_URGENT);
  assert_string_equal(find(&lib, "tin-cu.md")->folder, "chieu");   /* the first folder level */

  /* a rescan reads only what changed and reports nothing again */
  char key[65];
  snprintf(key, sizeof key, "%s", find(&lib, "tiem-phong.txt")->key);
  char old_hop[65];
  snprintf(old_hop, sizeof old_hop, "%s", find(&lib, "hop-dan.txt")->key);
  sleep(1);   /* a different modification time */
  put("sang/hop-dan.txt", "Thông báo họp dân lúc 19 giờ 30.\n");
  assert_int_equal(loa_library_scan(&lib, dir, &slots, &opts, on_warning, NULL, err, sizeof err), 0);
  assert_int_equal(warnings, 1);
  assert_int_equal((int)lib.n, 5);
  assert_string_equal(find(&lib, "tiem-phong.txt")->key, key);
  assert_string_not_equal(find(&lib, "hop-dan.txt")->key, old_hop);
  /* same text, same settings: same key; other settings: another key */
  loa_build_opts other = opts;
  other.lufs = -20;
  loa_library lib2 = {0};
  assert_int_equal(loa_library_scan(&lib2, dir, &slots, &other, NULL, NULL, err, sizeof err), 0);
  assert_string_not_equal(find(&lib2, "tiem-phong.txt")->key, key);
  loa_library_free(&lib2);
  loa_library_free(&lib);

  /* a missing library is an empty one */
  assert_int_equal(loa_library_scan(&lib, "/nonexistent/loa/done", &slots, &opts, NULL, NULL, err,
                                    sizeof err), 0);
  assert_int_equal((int)lib.n, 0);
  loa_library_free(&lib);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_scan),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
