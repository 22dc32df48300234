/* test_fuzz_regress.c: the inputs that once crashed, leaked or broke a promise in the fuzz
 * targets of the station's parsers (tests/fuzz/fuzz_{header,slots,config,zones,schedstate,
 * journal,liq_reply}.c), kept under tests/fuzz/regress/TARGET, now keep the promises each target
 * checks. (The decoder's and the cleaner's are replayed by test_decode.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon/vntext.h"
#include "schedules/config.h"
#include "schedules/liq_reply.h"
#include "schedules/scheduler.h"
#include "schedules/slots.h"
#include "schedules/watch_internal.h"
#include "schedules/zones.h"
#include "tts/header.h"
#include "testutil.h"

static int seen;

static void one_line(const char *err)
{
  assert_true(err[0] != 0);
  for (const unsigned char *p = (const unsigned char *)err; *p; p++)
    assert_true(*p >= 0x20 && *p != 0x7f);
}

static void header(const char *name, const char *data, size_t n)
{
  loa_header h;
  char err[512] = "";
  if (loa_header_parse(data, n, &h, err, sizeof err))
    one_line(err);
  else
    assert_true(h.body_offset <= n && h.body_line >= 1 && h.nslots <= 8);
}

static void slots(const char *name, const char *data, size_t n)
{
  loa_slots *s = malloc(sizeof *s);
  char err[512] = "";
  if (loa_slots_parse(s, "slots.ini", data, n, "/nonexistent", NULL, err, sizeof err))
    one_line(err);
  else
    for (int i = 0; i < s->n; i++)
      assert_true(isfinite(s->slot[i].window_s) && isfinite(s->slot[i].gap_s) &&
                  loa_utf8_valid(s->slot[i].label, strlen(s->slot[i].label)));
  free(s);
}

static void config(const char *name, const char *data, size_t n)
{
  loa_config *c = malloc(sizeof *c);
  char err[512] = "";
  loa_config_default(c);
  if (loa_config_parse(c, "loa.ini", data, n, "/srv/loa", err, sizeof err))
    one_line(err);
  else
    assert_int_equal(loa_build_opts_check(&c->build, err, sizeof err), 0);
  free(c);
}

static void zones(const char *name, const char *data, size_t n)
{
  loa_zones *zs = malloc(sizeof *zs);
  char err[512] = "";
  if (loa_zones_parse(zs, "zones.ini", data, n, err, sizeof err))
    one_line(err);
  else
    assert_true(zs->n >= 1 && zs->n <= LOA_ZONES_MAX);
  free(zs);
}

static void schedstate(const char *name, const char *data, size_t n)
{
  loa_sched_state st;
  memset(&st, 0, sizeof st);
  char err[512] = "";
  if (loa_sched_state_parse(&st, "schedule.tsv", data, n, err, sizeof err))
    one_line(err);
  loa_sched_state_free(&st);
}

static void journal(const char *name, const char *data, size_t n)
{
  char *text = malloc(n + 1);
  memcpy(text, data, n);
  text[n] = 0;
  wjournal *j = calloc(1, sizeof *j);
  wj_parse(text, j);
  assert_true(strlen(j->rel) < sizeof j->rel);
  free(j);
  free(text);
}

static void liq_reply(const char *name, const char *data, size_t n)
{
  if (!n)
    return;
  size_t scanned = 0, text = 0, used = 0;
  if (loa_liq_answer_end(data + 1, n - 1, data[0] & 1 ? "Bye!" : "END", &scanned, &text, &used))
    assert_true(text < used && used <= n - 1);
  loa_liq_answer_rid(data + 1, text);
  loa_liq_answer_has(data + 1, text, "loa_id", "x");
}

static void test_replay(void **state)
{
  seen += tu_each_regression("header", header);
  seen += tu_each_regression("slots", slots);
  seen += tu_each_regression("config", config);
  seen += tu_each_regression("zones", zones);
  seen += tu_each_regression("schedstate", schedstate);
  seen += tu_each_regression("journal", journal);
  seen += tu_each_regression("liq_reply", liq_reply);
  assert_true(seen > 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_replay),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
