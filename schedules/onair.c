/* onair.c: one request handed to Liquidsoap exactly once: air log first, ask before pushing again, intent before push. */
#include "schedules/onair.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lexicon/buf.h"

double loa_onair_now(void)
{
  struct timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* Record STATE; a failure to record is returned as _ESTATE with err. */
static int record(loa_airlog *a, const loa_airlog_req *r, const char *state, const char *rid,
                  const char *reason, char *err, size_t errlen)
{
  char e[1024];
  if (loa_airlog_handover(a, r, state, rid, reason, loa_onair_now(), e, sizeof e))
    return loa_errf(err, errlen, "the air log cannot be written: %s", e), LOA_PLAYOUT_ESTATE;
  return 0;
}

/* Is R already with Liquidsoap, by the air log or by asking it? 1 yes, 0 no,
 * or a LOA_PLAYOUT_E* code. */
static int already_there(const loa_config *c, loa_airlog *a, const loa_airlog_req *r, char *err,
                         size_t errlen)
{
  char state[32], e[1024], events[4200];
  if (loa_airlog_state(a, r->id, state, sizeof state, NULL, 0, e, sizeof e))
    return loa_errf(err, errlen, "the air log cannot be read: %s", e), LOA_PLAYOUT_ESTATE;
  if (!strcmp(state, "queued"))
    return 1;
  if (!strcmp(state, "intent") || !strcmp(state, "unknown")) {
    /* an earlier push may have reached it: Liquidsoap's word first */
    char rid[16] = "";
    int f = loa_playout_find(c, r->id, rid, e, sizeof e);
    if (f == 1) {
      int rc = record(a, r, "queued", rid, "found in Liquidsoap after an unanswered push", err, errlen);
      return rc ? rc : 1;
    }
    if (f < 0)
      return loa_errf(err, errlen, "cannot tell whether the earlier push reached Liquidsoap, "
                      "so nothing is pushed again: %s", e), LOA_PLAYOUT_EUNKNOWN;
    /* not alive there: perhaps it already played and left */
    loa_airlog_events_path(c->state, events, sizeof events);
    loa_airlog_ingest(a, events, e, sizeof e);
  }
  int p = loa_airlog_played(a, r->id, e, sizeof e);
  if (p < 0)
    return loa_errf(err, errlen, "the air log cannot be read: %s", e), LOA_PLAYOUT_ESTATE;
  if (p) {
    int rc = record(a, r, "queued", NULL, "reported playing by Liquidsoap", err, errlen);
    return rc ? rc : 1;
  }
  return 0;
}

typedef struct {
  loa_airlog *a;
  const loa_airlog_req *r;
  char err[1024];
} intent_ctx;

/* Connected, about to send: the intent goes to disk first, or nothing is sent. */
static int write_intent(void *user)
{
  intent_ctx *x = user;
  return record(x->a, x->r, "intent", NULL, NULL, x->err, sizeof x->err);
}

int loa_onair_push(const loa_config *c, loa_airlog *a, const loa_airlog_req *r, loa_queue q,
                   int *already, char *err, size_t errlen)
{
  *already = 0;
  int there = already_there(c, a, r, err, errlen);
  if (there < 0)
    return there;
  if (there) {
    *already = 1;
    return LOA_PLAYOUT_OK;
  }
  intent_ctx x = {a, r, ""};
  char rid[16] = "", e[1024] = "", last[32], last_reason[1024];
  int rc = loa_playout_push(c, q, r->zone, r->file, r->id, write_intent, &x, rid, e, sizeof e);
  if (rc == LOA_PLAYOUT_ESTATE)
    return loa_errf(err, errlen, "%s", x.err), rc;
  loa_errf(err, errlen, "%s", e);
  const char *state = rc == LOA_PLAYOUT_OK ? "queued" : rc == LOA_PLAYOUT_EUNKNOWN ? "unknown" : "failed";
  /* Liquidsoap down for half an hour is one row, not one per retry */
  if (rc != LOA_PLAYOUT_OK && rc != LOA_PLAYOUT_EUNKNOWN &&
      loa_airlog_state(a, r->id, last, sizeof last, last_reason, sizeof last_reason, e, sizeof e) == 0 &&
      !strcmp(last, "failed") && !strcmp(last_reason, err))
    return rc;
  /* when this row cannot be written the intent stands, and the next attempt asks first */
  record(a, r, state, rc == LOA_PLAYOUT_OK ? rid : NULL, rc == LOA_PLAYOUT_OK ? NULL : err, e,
         sizeof e);
  return rc;
}

int loa_onair_content(loa_airlog *a, const char *key, const loa_programme_item *items, size_t n,
                      char *err, size_t errlen)
{
  static const char *prio[] = {"thường", "ưu tiên", "khẩn cấp"};
  loa_airlog_item *it = calloc(n ? n : 1, sizeof *it);
  if (!it)
    return loa_errf(err, errlen, "out of memory");
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (items[i].left_out)
      continue;
    it[k].kind = loa_item_kind_name(items[i].kind);
    it[k].title = items[i].title;
    it[k].source = items[i].source;
    it[k].priority = items[i].kind == LOA_ITEM_BULLETIN && items[i].priority >= 0 &&
                     items[i].priority <= 2 ? prio[items[i].priority] : "";
    it[k].zones = "";
    it[k].start = items[i].start;
    it[k].duration = items[i].seconds;
    k++;
  }
  int rc = loa_airlog_content(a, key, it, k, err, errlen);
  free(it);
  return rc;
}
