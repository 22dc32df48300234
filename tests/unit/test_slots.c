/* test_slots.c: slot and date arithmetic with an injected clock, due rules, replays, priority order, trimming. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pipeline/programme.h"
#include "pipeline/render.h"
#include "schedules/plan.h"
#include "schedules/scheduler.h"
#include "schedules/slots.h"
#include "schedules/zones.h"
#include "testutil.h"

/* Instants computed independently (Python datetime, UTC+7). */
#define SANG_25 1795559400LL        /* 2026-11-25 05:30:00 +07:00 */
#define CHIEU_25 1795602600LL       /* 2026-11-25 17:30:00 +07:00 */
#define LAST_SEC_25 1795625999LL    /* 2026-11-25 23:59:59 +07:00 */
#define MIDNIGHT_26 1795626000LL    /* 2026-11-26 00:00:00 +07:00 */
#define NYE_2330 1798734600LL       /* 2026-12-31 23:30:00 +07:00 */
#define SANG_2027 1798756200LL      /* 2027-01-01 05:30:00 +07:00 */
#define SANG_LEAP 1835389800LL      /* 2028-02-29 05:30:00 +07:00 */
#define MIN 60
#define HOUR 3600

static loa_slots shipped;
static char tmpdir[64];

static const char *const zones[] = {"UTC", "America/New_York", "Asia/Tokyo", "Pacific/Kiritimati",
                                    "Europe/London", "Australia/Lord_Howe", "Asia/Ho_Chi_Minh",
                                    NULL};

static int load_shipped(void **state)
{
  char path[4096], err[512];
  tu_source_path(path, sizeof path, "schedules/slots.ini");
  if (loa_slots_load(&shipped, path, "Asia/Ho_Chi_Minh", err, sizeof err)) {
    fprintf(stderr, "%s\n", err);
    return -1;
  }
  return tu_tmpdir(tmpdir, sizeof tmpdir, "slots");
}

static int cleanup(void **state)
{
  return tu_rmtree(tmpdir);
}

/* Write TEXT to a slots.ini in the temp folder and load it. */
static int load_text(loa_slots *s, const char *text, const char *zone, char *err, size_t errlen)
{
  char path[256];
  tu_write_text(tu_path(path, sizeof path, tmpdir, "slots.ini"), text);
  return loa_slots_load(s, path, zone, err, errlen);
}

/* ---------------------------------------------------------------- zones and loading */

static void test_zone_names_and_offsets(void **state)
{
  char err[256];
  int off = -1;
  assert_int_equal(loa_tz_parse("Asia/Ho_Chi_Minh", &off, err, sizeof err), 0);
  assert_int_equal(off, 7 * HOUR);
  assert_int_equal(loa_tz_parse("Asia/Saigon", &off, err, sizeof err), 0);
  assert_int_equal(off, 7 * HOUR);
  assert_int_equal(loa_tz_parse(NULL, &off, err, sizeof err), 0);
  assert_int_equal(off, 7 * HOUR);
  assert_int_equal(loa_tz_parse("+07:00", &off, err, sizeof err), 0);
  assert_int_equal(off, 7 * HOUR);
  assert_int_equal(loa_tz_parse("+0700", &off, err, sizeof err), 0);
  assert_int_equal(off, 7 * HOUR);
  assert_int_equal(loa_tz_parse("UTC+7", &off, err, sizeof err), 0);
  assert_int_equal(off, 7 * HOUR);
  assert_int_equal(loa_tz_parse("-05:30", &off, err, sizeof err), 0);
  assert_int_equal(off, -(5 * HOUR + 30 * MIN));
  assert_int_equal(loa_tz_parse("UTC", &off, err, sizeof err), 0);
  assert_int_equal(off, 0);
  assert_int_equal(loa_tz_parse("Europe/Paris", &off, err, sizeof err), -1);
  assert_non_null(strstr(err, "Europe/Paris"));
  assert_int_equal(loa_tz_parse("GMT+7", &off, err, sizeof err), -1);
  assert_int_equal(loa_tz_parse("+25:00", &off, err, sizeof err), -1);
  assert_int_equal(loa_tz_parse("+07:0", &off, err, sizeof err), -1);
}

static void test_shipped_slots(void **state)
{
  assert_int_equal(shipped.n, 2);
  assert_string_equal(shipped.slot[0].name, "sang");
  assert_int_equal(shipped.slot[0].start_s, 5 * HOUR + 30 * MIN);
  assert_string_equal(shipped.slot[1].name, "chieu");
  assert_int_equal(shipped.slot[1].start_s, 17 * HOUR + 30 * MIN);
  assert_string_equal(shipped.slot[0].label, "buổi sáng");
  assert_string_equal(shipped.urgent_folder, "khan");
  assert_int_equal(shipped.utc_offset_s, 7 * HOUR);
  /* the indented continuation line belongs to the template */
  assert_non_null(strstr(shipped.slot[0].opening, "{year}. Kính thưa"));
  assert_true(shipped.slot[0].jingle[0] == '/');
  assert_int_equal(loa_slots_find(&shipped, "sáng"), 0);
  assert_int_equal(loa_slots_find(&shipped, "Chiều"), 1);
  assert_int_equal(loa_slots_find(&shipped, "buổi chiều"), 1);
  assert_int_equal(loa_slots_find(&shipped, "chieu"), 1);
  assert_int_equal(loa_slots_find(&shipped, "toi"), -1);
}

static void test_load_errors_name_file_and_line(void **state)
{
  loa_slots *s = malloc(sizeof *s);
  char err[512];
  assert_int_equal(load_text(s, "[sang]\ntime = 05:30\n\n[chieu]\ntime = 25:30\n", NULL, err,
                             sizeof err), -1);
  assert_non_null(strstr(err, "slots.ini:5: time '25:30'"));
  assert_int_equal(load_text(s, "[sang]\ntime = 05:30\ncolour = red\n", NULL, err, sizeof err), -1);
  assert_non_null(strstr(err, "slots.ini:3: unknown key 'colour'"));
  assert_int_equal(load_text(s, "[sang]\ntime = 05:30\nopening = Hôm nay {thu}\n", NULL, err,
                             sizeof err), -1);
  assert_non_null(strstr(err, "slots.ini:3: opening: unknown placeholder {thu}"));
  assert_int_equal(load_text(s, "[sang]\ntime = 05:30\n[chieu]\ntime = 05:30\n", NULL, err,
                             sizeof err), -1);
  assert_non_null(strstr(err, "same time"));
  assert_int_equal(load_text(s, "[sang]\nlabel = x\n", NULL, err, sizeof err), -1);
  assert_non_null(strstr(err, "[sang] has no time"));
  assert_int_equal(load_text(s, "time = 05:30\n", NULL, err, sizeof err), -1);
  assert_non_null(strstr(err, "slots.ini:1:"));
  assert_int_equal(load_text(s, "[sang]\ntime = 05:30\n", "Europe/Paris", err, sizeof err), -1);
  assert_non_null(strstr(err, "Europe/Paris"));
  assert_int_equal(load_text(s, "[sang]\ntime = 05:30\ngap = lots\n", NULL, err, sizeof err), -1);
  assert_non_null(strstr(err, "slots.ini:3: gap"));
  free(s);
}

static void test_long_lines_and_seconds(void **state)
{
  loa_slots *s = malloc(sizeof *s);
  char err[512], text[2048], tmpl[1200] = "";
  /* a one-line template far longer than inih's 200-byte line buffer */
  for (int i = 0; i < 40; i++)
    strcat(tmpl, i ? " Kính thưa bà con" : "Đây là {station}.");
  snprintf(text, sizeof text, "[thu]\ntime = 06:00:05\nopening = %s\nmax_minutes = 5\n", tmpl);
  assert_int_equal(load_text(s, text, "+07:00", err, sizeof err), 0);
  assert_string_equal(s->slot[0].opening, tmpl);
  assert_int_equal(s->slot[0].start_s, 6 * HOUR + 5);
  assert_true(s->slot[0].max_s == 300);
  /* a line error after the long line still names the right line */
  snprintf(text, sizeof text, "[thu]\ntime = 06:00\nopening = %s\nbad line\n", tmpl);
  assert_int_equal(load_text(s, text, NULL, err, sizeof err), -1);
  assert_non_null(strstr(err, "slots.ini:4:"));
  free(s);
}

/* What slots.ini says and loa once took without a word (issue 21): "nan" or "inf" passed
 * every range (window_minutes = nan never aired the slot; max_minutes and gap = nan left
 * bulletins out and wrote "nan" into JSON), a label that is not UTF-8 failed only when a
 * programme was built, a long label was cut in the middle of a letter, and a folder read
 * as an empty file said "no slot defined". */
static void test_hostile_values_name_their_line(void **state)
{
  static const struct { const char *text, *want; } cases[] = {
    {"[sang]\ntime = 05:30\nwindow_minutes = nan\n", "slots.ini:3: window_minutes 'nan'"},
    {"[sang]\ntime = 05:30\nmax_minutes = NaN\n", "slots.ini:3: max_minutes 'NaN'"},
    {"[sang]\ntime = 05:30\ngap = inf\n", "slots.ini:3: gap 'inf'"},
    {"[sang]\ntime = 05:30\nwindow_minutes = -infinity\n", "slots.ini:3: window_minutes"},
    {"[urgent]\ngap = nan\n[sang]\ntime = 05:30\n", "slots.ini:2: gap 'nan'"},
    {"[sang]\ntime = 05:30\nlabel = bu\xE1\xBB\n", "slots.ini:3: label is not UTF-8"},
    {"[sang]\ntime = 05:30\nopening = Xin ch\xE0o\n", "slots.ini:3: opening is not UTF-8"},
    {"[sang]\ntime = 05:30\nclosing = H\xEAt.\n", "slots.ini:3: closing is not UTF-8"},
    {"[sang]\ntime = 05:30\nlabel = buổi sáng buổi sáng buổi sáng buổi sáng buổi sáng\n",
     "slots.ini:3: label is longer than 63 bytes"},
    {"[sang]\ntime = 05:3\x1b[2J\n", "slots.ini:2: time '05:3\\x1b[2J'"},
    {"[sang]\ntime = 05:30\nfolder = a\nfolder = b\n", "slots.ini:4: 'folder' is given twice"},
    {"[sang]\ntime = 05:30\n\x00x = 1\n", "slots.ini:3: a NUL byte"},
  };
  loa_slots *s = malloc(sizeof *s);
  char err[512];
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    size_t n = strlen(cases[i].text);
    if (strstr(cases[i].want, "NUL"))
      n += 6;   /* the bytes after the NUL */
    if (loa_slots_parse(s, "slots.ini", cases[i].text, n, NULL, NULL, err, sizeof err) != -1 ||
        !strstr(err, cases[i].want))
      fail_msg("case %zu: '%s' lacks '%s'", i, err, cases[i].want);
  }
  char folder[256];
  tu_path(folder, sizeof folder, tmpdir, "slots-folder.ini");
  assert_int_equal(mkdir(folder, 0700), 0);
  assert_int_equal(loa_slots_load(s, folder, NULL, err, sizeof err), -1);
  assert_non_null(strstr(err, "is a folder"));
  free(s);
}

/* The reader hands inih every line whole: a key line, an indented continuation and a
 * comment far longer than inih's 200-byte buffer keep their values and line numbers. */
static void test_long_values_and_continuations(void **state)
{
  loa_slots *s = malloc(sizeof *s);
  char err[512], text[8192], part[1500] = "";
  for (int i = 0; i < 60; i++)
    strcat(part, i ? " bà con" : "Kính thưa");
  snprintf(text, sizeof text,
           "; %s\n[sang]\ntime = 05:30\nclosing = Xin chào ; %s\n  %s\n  ; %s\nlabel = sáng sớm\n"
           "window_minutes = 45.5\n[urgent]\nfolder = khan-cap\n",
           part, part, part, part);
  if (loa_slots_parse(s, "mem.ini", text, strlen(text), "/srv", "UTC", err, sizeof err))
    fail_msg("%s", err);
  char want[4000];
  snprintf(want, sizeof want, "Xin chào %s", part);
  assert_string_equal(s->slot[0].closing, want);
  assert_string_equal(s->slot[0].label, "sáng sớm");
  assert_true(s->slot[0].window_s == 45.5 * 60);
  assert_string_equal(s->urgent_folder, "khan-cap");
  assert_int_equal(s->utc_offset_s, 0);
  snprintf(text, sizeof text, "[sang]\ntime = 05:30\nlabel = %s\n", part);
  assert_int_equal(loa_slots_parse(s, "mem.ini", text, strlen(text), NULL, NULL, err, sizeof err), -1);
  assert_non_null(strstr(err, "mem.ini:3: label is longer"));
  snprintf(text, sizeof text, "[sang]\ntime = 05:30\n%s\n", part);
  assert_int_equal(loa_slots_parse(s, "mem.ini", text, strlen(text), NULL, NULL, err, sizeof err), -1);
  assert_non_null(strstr(err, "mem.ini:3: not a 'key = value' line"));
  free(s);
}

/* zones.ini is read by the same reader as slots.ini (schedules/inifile.h): a line longer
 * than inih's 200 bytes is one key still (its rest was read as another key, and the message
 * named that), a name with a control byte is quoted escaped, a folder is refused. */
static void test_zones_file(void **state)
{
  loa_zones *zs = malloc(sizeof *zs);
  char err[512], text[1024] = "[thon-1]\nlabel = ";
  for (int i = 0; i < 30; i++)
    strcat(text, "thôn Đông ");   /* 11 bytes each: longer than a label (127) and a line (199) */
  strcat(text, "\nmount = /thon-1.mp3\n[thon-2]\n");
  assert_int_equal(loa_zones_parse(zs, "zones.ini", text, strlen(text), err, sizeof err), -1);
  assert_int_equal(strncmp(err, "zones.ini:2: label 'thôn Đông thôn", 36), 0);
  const char *good = "[thon-1]\nlabel = thôn Đông\nmount = /thon-1.mp3\n[thon-2]\nlabel = thôn 2\n";
  if (loa_zones_parse(zs, "zones.ini", good, strlen(good), err, sizeof err))
    fail_msg("%s", err);
  assert_int_equal(zs->n, 2);
  assert_string_equal(zs->z[0].label, "thôn Đông");
  assert_string_equal(zs->z[1].mount, "/thon-2.mp3");
  const char *bad = "[thon-1]\nlabel = a\n[th\x1b[2Jon]\nlabel = b\n";
  assert_int_equal(loa_zones_parse(zs, "zones.ini", bad, strlen(bad), err, sizeof err), -1);
  assert_string_equal(err, "zones.ini:4: zone name 'th\\x1b[2Jon' must be a-z, 0-9 and '-', at most 31");
  char folder[256];
  tu_path(folder, sizeof folder, tmpdir, "zones-folder.ini");
  assert_int_equal(mkdir(folder, 0700), 0);
  assert_int_equal(loa_zones_load(zs, folder, err, sizeof err), -1);
  assert_non_null(strstr(err, "is a folder"));
  free(zs);
}

/* ---------------------------------------------------------------- dates */

static void test_dates(void **state)
{
  assert_int_equal(loa_date_add(20261231, 1), 20270101);
  assert_int_equal(loa_date_add(20280228, 1), 20280229);
  assert_int_equal(loa_date_add(20270228, 1), 20270301);
  assert_int_equal(loa_date_add(20270301, -1), 20270228);
  assert_int_equal(loa_date_add(21000228, 1), 21000301);   /* 2100 is not a leap year */
  assert_int_equal(loa_date_add(20000228, 1), 20000229);   /* 2000 is */
  assert_int_equal(loa_date_weekday(20261125), 3);          /* Wednesday */
  assert_int_equal(loa_date_weekday(19700101), 4);
  assert_int_equal(loa_date_weekday(20261129), 0);          /* Sunday */
  int d;
  assert_int_equal(loa_date_parse("2026-11-25", &d), 0);
  assert_int_equal(d, 20261125);
  assert_int_equal(loa_date_parse("25/11/2026", &d), 0);
  assert_int_equal(d, 20261125);
  assert_int_equal(loa_date_parse("2026-02-29", &d), -1);
  assert_int_equal(loa_date_parse("2026-11-25x", &d), -1);
  char buf[11];
  loa_date_format(20270105, buf);
  assert_string_equal(buf, "2027-01-05");
  assert_int_equal(loa_time_of_day_parse("05:30"), 19800);
  assert_int_equal(loa_time_of_day_parse("17:30:15"), 63015);
  assert_int_equal(loa_time_of_day_parse("24:00"), -1);
  assert_int_equal(loa_time_of_day_parse("5h30"), -1);
}

/* Slot instants and local dates are the same whatever TZ says. */
static void test_time_zone_independent(void **state)
{
  char *old = getenv("TZ") ? strdup(getenv("TZ")) : NULL;
  for (int z = 0; zones[z]; z++) {
    setenv("TZ", zones[z], 1);
    tzset();
    assert_int_equal((long long)loa_slot_start(&shipped, 0, 20261125), SANG_25);
    assert_int_equal((long long)loa_slot_start(&shipped, 1, 20261125), CHIEU_25);
    assert_int_equal((long long)loa_slot_start(&shipped, 0, 20280229), SANG_LEAP);
    int sec;
    assert_int_equal(loa_local_date(&shipped, (time_t)LAST_SEC_25, &sec), 20261125);
    assert_int_equal(sec, 86399);
    assert_int_equal(loa_local_date(&shipped, (time_t)MIDNIGHT_26, &sec), 20261126);
    assert_int_equal(sec, 0);
    /* 05:30 in Vietnam is still the evening before in UTC */
    assert_int_equal(loa_local_date(&shipped, (time_t)SANG_25, &sec), 20261125);
    assert_int_equal(sec, 5 * HOUR + 30 * MIN);
  }
  if (old) {
    setenv("TZ", old, 1);
    free(old);
  } else
    unsetenv("TZ");
  tzset();
}

static void test_fixed_offset_zone(void **state)
{
  loa_slots *s = malloc(sizeof *s);
  char err[256];
  assert_int_equal(load_text(s, "[sang]\ntime = 05:30\n", "UTC", err, sizeof err), 0);
  assert_int_equal((long long)loa_slot_start(s, 0, 20261125), SANG_25 + 7 * HOUR);
  assert_int_equal(load_text(s, "[sang]\ntime = 05:30\n", "+07:00", err, sizeof err), 0);
  assert_int_equal((long long)loa_slot_start(s, 0, 20261125), SANG_25);
  free(s);
}

static void test_next_slot_across_midnight_and_year(void **state)
{
  loa_occurrence o;
  assert_int_equal(loa_slots_next(&shipped, (time_t)LAST_SEC_25, &o), 0);
  assert_int_equal(o.slot, 0);
  assert_int_equal(o.ymd, 20261126);
  assert_int_equal((long long)o.start, SANG_25 + 24 * HOUR);
  assert_int_equal(loa_slots_next(&shipped, (time_t)SANG_25, &o), 0);   /* starting now counts */
  assert_int_equal(o.ymd, 20261125);
  assert_int_equal(o.slot, 0);
  assert_int_equal(loa_slots_next(&shipped, (time_t)(SANG_25 + 1), &o), 0);
  assert_int_equal(o.slot, 1);
  assert_int_equal(loa_slots_next(&shipped, (time_t)NYE_2330, &o), 0);
  assert_int_equal(o.ymd, 20270101);
  assert_int_equal((long long)o.start, SANG_2027);
}

static void test_pending_lead_and_window(void **state)
{
  loa_occurrence o[8];
  int lead = 10 * MIN;
  assert_int_equal(loa_slots_pending(&shipped, (time_t)(SANG_25 - lead - 1), lead, o, 8), 0);
  assert_int_equal(loa_slots_pending(&shipped, (time_t)(SANG_25 - lead), lead, o, 8), 1);
  assert_int_equal(o[0].slot, 0);
  assert_int_equal(o[0].ymd, 20261125);
  assert_int_equal(loa_slots_pending(&shipped, (time_t)SANG_25, lead, o, 8), 1);
  assert_int_equal(loa_slots_pending(&shipped, (time_t)(SANG_25 + 30 * MIN - 1), lead, o, 8), 1);
  assert_int_equal((long long)o[0].end, SANG_25 + 30 * MIN);
  assert_int_equal(loa_slots_pending(&shipped, (time_t)(SANG_25 + 30 * MIN), lead, o, 8), 0);
  /* a lead time across midnight: a slot at 00:05 is built on the day before */
  loa_slots *s = malloc(sizeof *s);
  char err[256];
  assert_int_equal(load_text(s, "[dem]\ntime = 00:05\n", NULL, err, sizeof err), 0);
  assert_int_equal(loa_slots_pending(s, (time_t)(MIDNIGHT_26 - 5 * MIN), lead, o, 8), 1);
  assert_int_equal(o[0].ymd, 20261126);
  free(s);
}

static void test_next_event(void **state)
{
  int lead = 10 * MIN;
  assert_int_equal((long long)loa_slots_next_event(&shipped, (time_t)(SANG_25 - HOUR), lead),
                   SANG_25 - lead);
  assert_int_equal((long long)loa_slots_next_event(&shipped, (time_t)(SANG_25 - lead), lead),
                   SANG_25);
  assert_int_equal((long long)loa_slots_next_event(&shipped, (time_t)SANG_25, lead),
                   CHIEU_25 - lead);
  assert_int_equal((long long)loa_slots_next_event(&shipped, (time_t)(CHIEU_25 + 1), lead),
                   SANG_25 + 24 * HOUR - lead);
}

/* ---------------------------------------------------------------- the scheduler's decisions */

static void test_decide_build_air_missed(void **state)
{
  loa_occurrence o = {0, 20261125, (time_t)SANG_25, (time_t)(SANG_25 + 30 * MIN)};
  loa_sched_rec rec = {0};
  rec.ymd = 20261125;
  snprintf(rec.slot, sizeof rec.slot, "sang");
  /* lead time, nothing built yet: build */
  assert_int_equal(loa_sched_decide(&o, (time_t)(SANG_25 - 600), NULL, "k1"), LOA_SCHED_BUILD);
  /* built with the same key: wait */
  snprintf(rec.key, sizeof rec.key, "k1");
  rec.built = SANG_25 - 600;
  assert_int_equal(loa_sched_decide(&o, (time_t)(SANG_25 - 300), &rec, "k1"), 0);
  /* a bulletin arrived during the lead time: the key changed, build again */
  assert_int_equal(loa_sched_decide(&o, (time_t)(SANG_25 - 300), &rec, "k2"), LOA_SCHED_BUILD);
  /* air time */
  assert_int_equal(loa_sched_decide(&o, (time_t)SANG_25, &rec, "k1"), LOA_SCHED_AIR);
  /* aired: never again, even if the content changed */
  rec.aired = SANG_25;
  assert_int_equal(loa_sched_decide(&o, (time_t)(SANG_25 + 60), &rec, "k2"), 0);
  /* down over the slot time, back inside the window: build and air at once */
  assert_int_equal(loa_sched_decide(&o, (time_t)(SANG_25 + 12 * MIN), NULL, "k1"),
                   LOA_SCHED_BUILD | LOA_SCHED_AIR);
  /* back after the window: nothing */
  assert_int_equal(loa_sched_decide(&o, (time_t)(SANG_25 + 30 * MIN), NULL, "k1"), 0);
  /* nothing was due (skipped) and still nothing: nothing to build, air marks it done */
  loa_sched_rec sk = rec;
  sk.aired = 0, sk.built = 0, sk.skipped = 1;
  assert_int_equal(loa_sched_decide(&o, (time_t)(SANG_25 - 60), &sk, "k1"), 0);
  assert_int_equal(loa_sched_decide(&o, (time_t)SANG_25, &sk, "k1"), LOA_SCHED_AIR);
}

static void test_state_round_trip(void **state)
{
  char path[256], err[256];
  snprintf(path, sizeof path, "%s/schedule.tsv", tmpdir);
  loa_sched_state st;
  assert_int_equal(loa_sched_state_load(&st, path, err, sizeof err), 0);   /* missing: empty */
  assert_int_equal((int)st.n, 0);
  loa_sched_rec *r = loa_sched_state_get(&st, "sang", 20261125, 1);
  snprintf(r->key, sizeof r->key, "%064d", 7);
  r->built = SANG_25 - 600;
  r->aired = SANG_25;
  snprintf(r->file, sizeof r->file, "/x/programmes/2026-11-25-sang.mp3");
  r = loa_sched_state_get(&st, "chieu", 20261125, 1);
  r->skipped = 1;
  r = loa_sched_state_get(&st, "sang", 20261101, 1);
  assert_int_equal(loa_sched_state_save(&st, err, sizeof err), 0);
  loa_sched_state_free(&st);

  assert_int_equal(loa_sched_state_load(&st, path, err, sizeof err), 0);
  assert_int_equal((int)st.n, 3);
  r = loa_sched_state_get(&st, "sang", 20261125, 0);
  assert_non_null(r);
  assert_int_equal(r->aired, SANG_25);
  assert_int_equal(r->built, SANG_25 - 600);
  assert_string_equal(r->file, "/x/programmes/2026-11-25-sang.mp3");
  assert_int_equal((int)strlen(r->key), 64);
  assert_int_equal(loa_sched_state_get(&st, "chieu", 20261125, 0)->skipped, 1);
  assert_null(loa_sched_state_get(&st, "chieu", 20261126, 0));
  /* a restart reads "aired" back: the slot is never aired twice */
  loa_occurrence o = {0, 20261125, (time_t)SANG_25, (time_t)(SANG_25 + 30 * MIN)};
  assert_int_equal(loa_sched_decide(&o, (time_t)(SANG_25 + 5), r, r->key), 0);
  loa_sched_state_prune(&st, 20261120);
  assert_int_equal((int)st.n, 2);
  loa_sched_state_free(&st);

  tu_write_text(path, "# comment\n2026-11-25\tsang\n");
  assert_int_equal(loa_sched_state_load(&st, path, err, sizeof err), -1);
  assert_non_null(strstr(err, "schedule.tsv:2:"));
  loa_sched_state_free(&st);
}

/* ---------------------------------------------------------------- due rules */

static loa_bulletin bulletin(const char *name, const char *folder, long long arrived)
{
  loa_bulletin b;
  memset(&b, 0, sizeof b);
  snprintf(b.path, sizeof b.path, "/lib/%s%s%s.txt", folder, *folder ? "/" : "", name);
  snprintf(b.folder, sizeof b.folder, "%s", folder);
  snprintf(b.title, sizeof b.title, "%s", name);
  b.arrived = (time_t)arrived;
  return b;
}

static void set_slots(loa_bulletin *b, const char *a, const char *c)
{
  b->h.present = 1;
  b->h.nslots = 0;
  if (a)
    snprintf(b->h.slots[b->h.nslots++], 32, "%s", a);
  if (c)
    snprintf(b->h.slots[b->h.nslots++], 32, "%s", c);
}

static int airs(const loa_bulletin *b, int slot, int ymd, int *replay)
{
  int r = -1;
  int yes = loa_bulletin_airs(&shipped, b, slot, ymd, &r);
  if (replay)
    *replay = yes ? r : -1;
  return yes;
}

static void test_first_last_day_and_replays(void **state)
{
  /* both slots, twice a day, 25 to 27 November, arrived a week before */
  loa_bulletin b = bulletin("tiem-phong", "", SANG_25 - 7 * 24 * HOUR);
  set_slots(&b, "sang", "chieu");
  b.h.first_day = 20261125, b.h.last_day = 20261127, b.h.times_per_day = 2;
  int r;
  assert_false(airs(&b, 0, 20261124, NULL));
  assert_false(airs(&b, 1, 20261124, NULL));
  assert_true(airs(&b, 0, 20261125, &r));
  assert_int_equal(r, 0);
  assert_true(airs(&b, 1, 20261125, &r));
  assert_int_equal(r, 1);
  assert_true(airs(&b, 0, 20261126, &r));
  assert_int_equal(r, 2);
  assert_true(airs(&b, 1, 20261127, &r));
  assert_int_equal(r, 5);
  assert_false(airs(&b, 0, 20261128, NULL));
  /* once a day: the earliest of its slots */
  b.h.times_per_day = 1;
  assert_true(airs(&b, 0, 20261126, &r));
  assert_int_equal(r, 1);
  assert_false(airs(&b, 1, 20261126, NULL));
  /* the slot from "Buổi" with accents and "cả hai" (header gives "*") */
  set_slots(&b, "*", NULL);
  b.h.times_per_day = 2;
  assert_true(airs(&b, 1, 20261126, &r));
  assert_int_equal(r, 3);
  /* a slot the station does not have: never */
  set_slots(&b, "toi", NULL);
  assert_false(airs(&b, 0, 20261125, NULL));
  /* last day before first day: never */
  set_slots(&b, NULL, NULL);
  b.h.first_day = 20261127, b.h.last_day = 20261125;
  assert_false(airs(&b, 0, 20261126, NULL));
  /* a range across the new year */
  b.h.first_day = 20261231, b.h.last_day = 20270102, b.h.times_per_day = 1;
  assert_true(airs(&b, 0, 20270102, &r));
  assert_int_equal(r, 2);
}

static void test_arrival_decides_defaults(void **state)
{
  int r;
  /* no header, dropped at 10:00 on the 25th: the evening slot, that day only */
  loa_bulletin b = bulletin("tin-sang", "", SANG_25 + 4 * HOUR + 30 * MIN);
  assert_false(airs(&b, 0, 20261125, NULL));
  assert_true(airs(&b, 1, 20261125, &r));
  assert_int_equal(r, 0);
  assert_false(airs(&b, 0, 20261126, NULL));
  assert_false(airs(&b, 1, 20261126, NULL));
  /* dropped at 19:00: the next morning */
  b.arrived = (time_t)(CHIEU_25 + 90 * MIN);
  assert_false(airs(&b, 1, 20261125, NULL));
  assert_true(airs(&b, 0, 20261126, &r));
  assert_int_equal(r, 0);
  assert_false(airs(&b, 1, 20261126, NULL));
  /* dropped at 23:59:59, the morning after midnight */
  b.arrived = (time_t)LAST_SEC_25;
  assert_true(airs(&b, 0, 20261126, NULL));
  /* first day given, once a day, both slots, dropped at 10:00 on the first
   * day: the morning is over, so that day it is the evening */
  b = bulletin("hop-dan", "", SANG_25 + 4 * HOUR + 30 * MIN);
  set_slots(&b, "sang", "chieu");
  b.h.first_day = 20261125, b.h.last_day = 20261126, b.h.times_per_day = 1;
  assert_false(airs(&b, 0, 20261125, NULL));
  assert_true(airs(&b, 1, 20261125, &r));
  assert_int_equal(r, 0);
  assert_true(airs(&b, 0, 20261126, &r));
  assert_int_equal(r, 1);
  assert_false(airs(&b, 1, 20261126, NULL));
}

static void test_drop_folder_rules(void **state)
{
  /* dropped in inbox/chieu with no "Buổi": the evening slot only */
  loa_bulletin b = bulletin("thong-bao", "chieu", SANG_25 - 24 * HOUR);
  b.h.present = 1;
  b.h.first_day = 20261125, b.h.last_day = 20261125, b.h.times_per_day = 2;
  assert_int_equal(loa_bulletin_slots(&shipped, &b), 2u);
  assert_false(airs(&b, 0, 20261125, NULL));
  assert_true(airs(&b, 1, 20261125, NULL));
  /* the header wins over the folder */
  set_slots(&b, "sáng", NULL);
  assert_int_equal(loa_bulletin_slots(&shipped, &b), 1u);
  /* inbox/khan without "Mức độ" is khẩn cấp; the header can say otherwise */
  loa_bulletin k = bulletin("bao", "khan", SANG_25 - HOUR);
  assert_int_equal(loa_bulletin_priority(&shipped, &k), LOA_PRIO_URGENT);
  assert_int_equal(loa_bulletin_slots(&shipped, &k), 3u);
  k.h.priority = LOA_PRIO_HIGH;
  assert_int_equal(loa_bulletin_priority(&shipped, &k), LOA_PRIO_HIGH);
  loa_bulletin n = bulletin("tin", "", SANG_25 - HOUR);
  assert_int_equal(loa_bulletin_priority(&shipped, &n), LOA_PRIO_NORMAL);
}

static void test_programme_order(void **state)
{
  loa_library lib = {0};
  lib.cap = lib.n = 6;
  lib.b = calloc(lib.n, sizeof *lib.b);
  long long week = SANG_25 - 7 * 24 * HOUR;
  /* 0: ordinary, first airing today */
  lib.b[0] = bulletin("a-thuong", "", week + 3);
  set_slots(&lib.b[0], "sang", NULL);
  lib.b[0].h.first_day = 20261125;
  /* 1: ưu tiên, replayed since the 23rd (third airing) */
  lib.b[1] = bulletin("b-uu-tien-phat-lai", "", week);
  set_slots(&lib.b[1], "sang", NULL);
  lib.b[1].h.first_day = 20261123, lib.b[1].h.last_day = 20261130;
  lib.b[1].h.priority = LOA_PRIO_HIGH;
  /* 2: khẩn cấp from the urgent folder, first airing */
  lib.b[2] = bulletin("c-bao", "khan", week + 5);
  lib.b[2].h.present = 1, lib.b[2].h.first_day = 20261125;
  /* 3: ordinary replay (second airing) */
  lib.b[3] = bulletin("d-thuong-phat-lai", "", week + 1);
  set_slots(&lib.b[3], "sang", NULL);
  lib.b[3].h.first_day = 20261124, lib.b[3].h.last_day = 20261126;
  /* 4: ưu tiên first airing, arrived later than 0 */
  lib.b[4] = bulletin("e-uu-tien", "", week + 10);
  set_slots(&lib.b[4], "sang", NULL);
  lib.b[4].h.first_day = 20261125, lib.b[4].h.priority = LOA_PRIO_HIGH;
  /* 5: over: its last day was yesterday */
  lib.b[5] = bulletin("f-het-han", "", week);
  set_slots(&lib.b[5], "sang", NULL);
  lib.b[5].h.first_day = 20261120, lib.b[5].h.last_day = 20261124;

  loa_due *d = NULL;
  int n = loa_plan_due(&shipped, &lib, 0, 20261125, &d);
  assert_int_equal(n, 5);
  const char *want[] = {"c-bao", "e-uu-tien", "a-thuong", "b-uu-tien-phat-lai", "d-thuong-phat-lai"};
  int replays[] = {0, 0, 0, 2, 1};
  for (int i = 0; i < n; i++) {
    assert_string_equal(d[i].b->title, want[i]);
    assert_int_equal(d[i].replay, replays[i]);
  }
  assert_int_equal(d[0].priority, LOA_PRIO_URGENT);
  free(d);
  /* the evening: only the urgent notice is for every slot */
  n = loa_plan_due(&shipped, &lib, 1, 20261125, &d);
  assert_int_equal(n, 0);   /* once a day: it aired in the morning */
  free(d);
  free(lib.b);
}

/* ---------------------------------------------------------------- trimming */

static loa_programme_item item(loa_item_kind k, const char *title, double seconds, int prio,
                               int replay)
{
  loa_programme_item it;
  memset(&it, 0, sizeof it);
  it.kind = k;
  it.keep = k != LOA_ITEM_BULLETIN || prio == LOA_PRIO_URGENT;
  snprintf(it.title, sizeof it.title, "%s", title);
  it.seconds = seconds;
  it.priority = prio;
  it.replay = replay;
  return it;
}

static void test_trim_by_rule(void **state)
{
  loa_programme_item it[8];
  it[0] = item(LOA_ITEM_JINGLE, "nhac", 5, 0, 0);
  it[1] = item(LOA_ITEM_OPENING, "mo", 10, 0, 0);
  it[2] = item(LOA_ITEM_BULLETIN, "khan", 300, LOA_PRIO_URGENT, 0);
  it[3] = item(LOA_ITEM_BULLETIN, "uu-tien", 400, LOA_PRIO_HIGH, 0);
  it[4] = item(LOA_ITEM_BULLETIN, "thuong", 200, LOA_PRIO_NORMAL, 0);
  it[5] = item(LOA_ITEM_BULLETIN, "uu-tien-lai-3", 300, LOA_PRIO_HIGH, 3);
  it[6] = item(LOA_ITEM_BULLETIN, "thuong-lai-1", 100, LOA_PRIO_NORMAL, 1);
  it[7] = item(LOA_ITEM_CLOSING, "ket", 10, 0, 0);
  /* everything: 1325 s and gaps of 2 s in all, less the silence the spoken items have at
   * their ends: 1.7 s after the jingle, 1.0 s between spoken items */
  const double js = 2 - LOA_RENDER_LEAD_S, ss = 2 - LOA_RENDER_TAIL_S - LOA_RENDER_LEAD_S;
  assert_true(fabs(loa_programme_layout(it, 8, 2) - (1325 + js + 6 * ss)) < 1e-9);
  /* fits in 25 minutes: nothing left out */
  loa_programme_trim(it, 8, 2, 1500);
  for (int i = 0; i < 8; i++)
    assert_int_equal(it[i].left_out, 0);
  /* 20 minutes: leave out the lowest priority, most replayed first until it
   * fits: thuong-lai-1 (1332.7 -> 1231.7), then thuong (-> 1030.7) */
  loa_programme_trim(it, 8, 2, 1200);
  assert_int_equal(it[6].left_out, 1);
  assert_int_equal(it[4].left_out, 1);
  assert_int_equal(it[3].left_out, 0);
  assert_int_equal(it[5].left_out, 0);
  assert_non_null(strstr(it[6].reason, "would run 22:13, over its 20:00 limit: priority thường, replay 1"));
  assert_non_null(strstr(it[4].reason, "would run 20:32"));
  double total = loa_programme_layout(it, 8, 2);
  assert_true(fabs(total - (5 + 10 + 300 + 400 + 300 + 10 + js + 4 * ss)) < 1e-9);
  /* start offsets follow the kept items */
  assert_true(fabs(it[5].start - (5 + 10 + 300 + 400 + js + 3 * ss)) < 1e-9);
  assert_true(fabs(it[7].start - (5 + 10 + 300 + 400 + 300 + js + 4 * ss)) < 1e-9);
  /* ưu tiên goes before thường only when thường is gone: 17 minutes */
  for (int i = 0; i < 8; i++)
    it[i].left_out = 0;
  loa_programme_trim(it, 8, 2, 1020);
  assert_int_equal(it[6].left_out + it[4].left_out, 2);
  assert_int_equal(it[5].left_out, 1);   /* replay 3 before the first airing */
  assert_int_equal(it[3].left_out, 0);
  for (int i = 0; i < 8; i++)
    it[i].left_out = 0;
  /* a limit below what must stay: only the bulletins that may go, go */
  for (int i = 0; i < 8; i++)
    it[i].left_out = 0;
  loa_programme_trim(it, 8, 2, 60);
  assert_int_equal(it[2].left_out, 0);   /* khẩn cấp is never left out */
  assert_int_equal(it[0].left_out + it[1].left_out + it[7].left_out, 0);
  assert_int_equal(it[3].left_out + it[4].left_out + it[5].left_out + it[6].left_out, 4);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_zone_names_and_offsets),
    cmocka_unit_test(test_shipped_slots),
    cmocka_unit_test(test_load_errors_name_file_and_line),
    cmocka_unit_test(test_long_lines_and_seconds),
    cmocka_unit_test(test_hostile_values_name_their_line),
    cmocka_unit_test(test_long_values_and_continuations),
    cmocka_unit_test(test_zones_file),
    cmocka_unit_test(test_dates),
    cmocka_unit_test(test_time_zone_independent),
    cmocka_unit_test(test_fixed_offset_zone),
    cmocka_unit_test(test_next_slot_across_midnight_and_year),
    cmocka_unit_test(test_pending_lead_and_window),
    cmocka_unit_test(test_next_event),
    cmocka_unit_test(test_decide_build_air_missed),
    cmocka_unit_test(test_state_round_trip),
    cmocka_unit_test(test_first_last_day_and_replays),
    cmocka_unit_test(test_arrival_decides_defaults),
    cmocka_unit_test(test_drop_folder_rules),
    cmocka_unit_test(test_programme_order),
    cmocka_unit_test(test_trim_by_rule),
  };
  return cmocka_run_group_tests(tests, load_shipped, cleanup);
}
