/* test_airlog.c: the air log: play events become aired items only when the programme has left
 * the air; a pause for an urgent notice is not an end; an item the notice cut into is marked
 * interrupted and still completed; a half-written line waits; rows cannot be changed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "schedules/airlog.h"
#include "testutil.h"

typedef struct {
  loa_airlog_aired r[8];
  int n;
} rows;

static void collect(void *user, const loa_airlog_aired *row)
{
  rows *x = user;
  if (x->n < 8)
    x->r[x->n++] = *row;
}

static void append(const char *path, const char *text)
{
  FILE *f = fopen(path, "a");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static void test_programme_paused_by_urgent(void **state)
{
  char dir[512], events[600], err[512];
  assert_int_equal(tu_tmpdir(dir, sizeof dir, "airlog"), 0);
  loa_airlog *a;
  assert_int_equal(loa_airlog_open(&a, dir, err, sizeof err), 0);
  loa_airlog_events_path(dir, events, sizeof events);

  loa_airlog_req p = {"2026-11-25/sang/thon-1", "programme", "thon-1", "sang", "2026-11-25", 100.0,
                      "K", "/p.mp3", "buổi sáng"};
  loa_airlog_req u = {"khan/x/thon-1/1", "urgent", "thon-1", "", "2026-11-25", 90.0, "U", "/u.mp3",
                      "Bão"};
  loa_airlog_item items[3] = {{"opening", "Lời mở đầu", "", "", "", 0, 2},
                              {"bulletin", "Họp dân", "/lib/hop.txt", "thường", "", 2, 8},
                              {"closing", "Lời kết", "", "", "", 10, 2}};
  assert_int_equal(loa_airlog_content(a, "K", items, 3, err, sizeof err), 0);
  assert_int_equal(loa_airlog_handover(a, &p, "intent", NULL, NULL, 99, err, sizeof err), 0);
  assert_int_equal(loa_airlog_handover(a, &p, "queued", "7", NULL, 99.5, err, sizeof err), 0);
  assert_int_equal(loa_airlog_handover(a, &u, "queued", "8", NULL, 103, err, sizeof err), 0);
  char st[32], reason[64];
  assert_int_equal(loa_airlog_state(a, p.id, st, sizeof st, reason, sizeof reason, err, sizeof err), 0);
  assert_string_equal(st, "queued");

  /* the programme starts, the notice cuts in at 4 s: paused, not over */
  append(events, "100.0\tthon-1\t2026-11-25/sang/thon-1\t/p.mp3\n"
                 "104.0\tthon-1\tkhan/x/thon-1/1\t/u.mp3\n"
                 "108.0\tthon-1\t2026-11-25/sang");           /* still being written */
  assert_int_equal(loa_airlog_ingest(a, events, err, sizeof err), 2);
  assert_int_equal(loa_airlog_played(a, p.id, err, sizeof err), 1);
  rows x = {0};
  assert_int_equal(loa_airlog_each_aired(a, 0, 1e12, collect, &x, err, sizeof err), 0);
  assert_int_equal(x.n, 0);

  /* it resumes at 108 and ends at 116: three items, the bulletin interrupted and complete */
  append(events, "/thon-1\t/p.mp3\n116.0\tthon-1\t\t\n");
  assert_int_equal(loa_airlog_ingest(a, events, err, sizeof err), 2);
  assert_int_equal(loa_airlog_each_aired(a, 0, 1e12, collect, &x, err, sizeof err), 0);
  assert_int_equal(x.n, 4);   /* the notice (one item: no content rows), then the programme's */
  const loa_airlog_aired *b = NULL;
  for (int i = 0; i < x.n; i++)
    if (!strcmp(x.r[i].item_title, "Họp dân"))
      b = &x.r[i];
  assert_non_null(b);
  assert_string_equal(b->zone, "thon-1");
  assert_string_equal(b->source, "/lib/hop.txt");
  assert_true(b->start > 101.99 && b->start < 102.01);
  assert_true(b->end > 113.99 && b->end < 114.01);   /* 2 s + 4 s pause + 6 s */
  assert_int_equal(b->interrupted, 1);
  assert_int_equal(b->completed, 1);
  assert_string_equal(x.r[x.n - 1].item_title, "Lời kết");
  assert_int_equal(x.r[x.n - 1].interrupted, 0);

  /* reading again adds nothing; the rows are append-only */
  assert_int_equal(loa_airlog_ingest(a, events, err, sizeof err), 0);
  loa_airlog_close(a);
  char db[600];
  snprintf(db, sizeof db, "%s/airlog.sqlite", dir);
  sqlite3 *h;
  assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
  assert_int_not_equal(sqlite3_exec(h, "UPDATE aired SET completed = 0", NULL, NULL, NULL), SQLITE_OK);
  assert_int_not_equal(sqlite3_exec(h, "DELETE FROM handover", NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close(h);
  tu_tmpdir_done(dir);
}

/* Liquidsoap restarted in the middle: the programme is over, its last item cut short. */
static void test_cut_by_restart(void **state)
{
  char dir[512], events[600], err[512];
  assert_int_equal(tu_tmpdir(dir, sizeof dir, "airlog"), 0);
  loa_airlog *a;
  assert_int_equal(loa_airlog_open(&a, dir, err, sizeof err), 0);
  loa_airlog_events_path(dir, events, sizeof events);
  loa_airlog_req p = {"d/chieu", "programme", "", "chieu", "2026-11-25", 100.0, "K2", "/p.mp3", "chiều"};
  loa_airlog_item items[2] = {{"opening", "Mở", "", "", "", 0, 2}, {"bulletin", "Tin", "/t", "thường", "", 2, 8}};
  assert_int_equal(loa_airlog_content(a, "K2", items, 2, err, sizeof err), 0);
  assert_int_equal(loa_airlog_handover(a, &p, "queued", "1", NULL, 99, err, sizeof err), 0);
  append(events, "100.5\t\td/chieu\t/p.mp3\n105.5\t*\tliquidsoap-start\t\n105.6\t\t\t\n");
  assert_int_equal(loa_airlog_ingest(a, events, err, sizeof err), 3);
  rows x = {0};
  assert_int_equal(loa_airlog_each_aired(a, 0, 1e12, collect, &x, err, sizeof err), 0);
  assert_int_equal(x.n, 2);
  assert_int_equal(x.r[0].completed, 1);
  assert_int_equal(x.r[1].completed, 0);
  assert_true(x.r[1].end > 105.59 && x.r[1].end < 105.61);
  loa_airlog_close(a);
  tu_tmpdir_done(dir);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_programme_paused_by_urgent),
    cmocka_unit_test(test_cut_by_restart),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
