/* scheduler.h: building each slot's programme before air and putting it on air once.
 *
 * For every slot occurrence (slot + date) and every zone (zones.ini; one
 * when there is none) the scheduler works inside [start - lead, start + window):
 *   - before start it plans the zone's programme and, when the plan's content
 *     key differs from what it last built, builds it and publishes it to the
 *     playout folder (so a bulletin dropped during the lead time still gets in);
 *   - at start it hands the built programme to the zone's Liquidsoap programme
 *     queue, exactly once (schedules/onair.h: the intent is in the air log
 *     before the push; a push whose answer is late or lost is never repeated
 *     blindly); while Liquidsoap does not answer it retries within the window,
 *     and the air log says "failed" with the reason;
 *   - the playout folder and Liquidsoap are independent: a broken folder
 *     never keeps a programme off a working Liquidsoap, nor the reverse;
 *   - when it comes up inside the window of a slot it missed (downtime), it
 *     builds and airs that slot at once;
 *   - after the window, a slot never handed over is logged as missed, and the
 *     air log says so with the last reason.
 * The state file (state/schedule.tsv) records per occurrence and zone the key
 * built and published and when it was handed over; the air log
 * (state/airlog.sqlite, never pruned) is what keeps a slot from going out a
 * second time, even after the clock jumps forward and back.
 *
 * The decision is a pure function of the occurrence, NOW, the record and the
 * plan's key (loa_sched_decide), which the tests drive with their own clock.
 */
#ifndef LOA_SCHEDULER_H
#define LOA_SCHEDULER_H

#include <stddef.h>
#include <time.h>

#include "schedules/config.h"
#include "schedules/plan.h"
#include "schedules/slots.h"
#include "schedules/zones.h"
#include "schedules/airlog.h"

typedef struct {
  int ymd;
  char slot[64];             /* slot name, "SLOT@ZONE" for a zone of zones.ini */
  char key[65];              /* content key of the programme built and published ("" = none) */
  long long built;           /* when (unix time), 0 = never */
  long long aired;           /* when it was handed to the playout at air time, 0 = not yet */
  int skipped;               /* nothing was due: nothing published */
  char file[4096];           /* the programme MP3 */
} loa_sched_rec;

typedef struct {
  char path[4096];
  loa_sched_rec *r;
  size_t n, cap;
} loa_sched_state;

/* Load PATH (a missing file is an empty state). Returns 0 or -1 with err. */
int loa_sched_state_load(loa_sched_state *st, const char *path, char *err, size_t errlen);
/* Write it back atomically. */
int loa_sched_state_save(const loa_sched_state *st, char *err, size_t errlen);
/* The record of SLOT on YMD; created empty when CREATE. */
loa_sched_rec *loa_sched_state_get(loa_sched_state *st, const char *slot, int ymd, int create);
/* Forget records older than YMD. */
void loa_sched_state_prune(loa_sched_state *st, int ymd);
void loa_sched_state_free(loa_sched_state *st);

enum {
  LOA_SCHED_BUILD = 1,       /* (re)build and publish the programme */
  LOA_SCHED_AIR = 2          /* hand it to the playout now */
};

/* What to do for occurrence O at NOW, given its record (NULL = none) and the
 * key of the programme planned now. 0 = nothing (waiting, or already aired). */
int loa_sched_decide(const loa_occurrence *o, time_t now, const loa_sched_rec *rec,
                     const char *plan_key);

/* ---- the service ---- */
typedef struct {
  const loa_config *config;
  const loa_slots *slots;
  int lead_s;                /* build this long before air */
  long long clock_offset;    /* added to the system clock (tests, --now) */
  int once;                  /* one pass, then return */
  volatile int *stop;        /* set by a signal handler to stop */
  void (*log)(void *user, const char *line);
  void *log_user;
  loa_library library;       /* kept across passes: unchanged files are not read again */
  const loa_zones *zones;    /* NULL = one zone */
  loa_airlog *airlog;        /* opened by loa_scheduler_run */
  /* what the last pass could not do (for --once's exit status) */
  int failed_liquidsoap;     /* a hand-off to Liquidsoap failed or is unconfirmed */
  int failed_folder;         /* a programme could not be built or published to the folder */
} loa_scheduler;

/* One pass at NOW: plan, build, publish, air whatever is due. Returns 0, 1
 * when something must be tried again soon, or -1 when the state (schedule.tsv
 * or the air log) cannot be written: then nothing was pushed. */
int loa_scheduler_step(loa_scheduler *sc, loa_sched_state *st, time_t now);

/* Run until *stop (or one pass with ONCE). Takes the lock state/schedule.lock,
 * opens the air log, and reads Liquidsoap's play events into it every pass.
 * Returns 0, -1 with err, or -2 when another scheduler holds the lock. */
int loa_scheduler_run(loa_scheduler *sc, char *err, size_t errlen);

#endif
