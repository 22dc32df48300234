/* scheduler.c: the service loop that builds each slot's programme before air, publishes it and puts it on air once. */
#include "schedules/scheduler.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pipeline/programme.h"
#include "pipeline/publish.h"
#include "schedules/plan.h"
#include "schedules/playout.h"
#include "schedules/slotprog.h"
#include "pipeline/util.h"

#define KEEP_DAYS 14
#define RETRY_S 5
#define CACHE_DAYS 30   /* a cached item unused this long is removed */

/* ---------------------------------------------------------------- the service */

static void logf_(loa_scheduler *sc, const char *fmt, ...)
{
  char line[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  if (sc->log)
    sc->log(sc->log_user, line);
}

static void warn_cb(void *user, const char *line)
{
  logf_(user, "skipped bulletin: %s", line);
}

/* Build and publish the planned programme; fills REC. Returns 0 or -1. */
static int build_and_publish(loa_scheduler *sc, loa_slot_plan *p, loa_sched_rec *rec,
                             const char *what, time_t now)
{
  const loa_config *c = sc->config;
  const loa_slots *s = sc->slots;
  char path[4096], e[2048];
  loa_slot_programme_path(c, s, p->slot, p->ymd, path, sizeof path);
  loa_programme_result r;
  if (loa_slot_programme_write(c, s, p, path, &r, e, sizeof e)) {
    logf_(sc, "%s: cannot build the programme: %s", what, e);
    return -1;
  }
  logf_(sc, "%s: built %s (%d:%02d, %d items, %d left out, %d from the cache)", what, path,
        (int)r.seconds / 60, (int)r.seconds % 60, r.items, r.left_out, r.cache_hits);
  if (*c->playout) {
    char name[128], json[4200];
    snprintf(name, sizeof name, "%s-%s.mp3", p->date, s->slot[p->slot].name);
    snprintf(json, sizeof json, "%.*s.json", (int)(strlen(path) - 4), path);
    char *manifest = loa_read_small(json, NULL);
    int rc = loa_playout_to_folder(c, path, name, manifest, e, sizeof e);
    free(manifest);
    if (rc) {
      logf_(sc, "%s: cannot publish to the playout folder: %s", what, e);
      return -1;
    }
    logf_(sc, "%s: published %s/%s", what, c->playout, name);
  }
  snprintf(rec->key, sizeof rec->key, "%s", p->key);
  snprintf(rec->file, sizeof rec->file, "%s", path);
  rec->built = (long long)now;
  rec->skipped = 0;
  return 0;
}

/* Hand the built programme to Liquidsoap at air time. Returns 0, or -1 to retry. */
static int air(loa_scheduler *sc, loa_sched_rec *rec, const char *what, time_t now,
               const loa_occurrence *o)
{
  const loa_config *c = sc->config;
  if (rec->skipped) {
    logf_(sc, "%s: nothing due, nothing aired", what);
  } else if (c->liquidsoap_port > 0) {
    char e[1024];
    if (loa_playout_push(c, LOA_QUEUE_PROGRAMME, rec->file, 1, e, sizeof e)) {
      logf_(sc, "%s: cannot hand the programme to Liquidsoap (retrying): %s", what, e);
      return -1;
    }
    long late = (long)(now - o->start);
    if (late > 1)
      logf_(sc, "%s: on air %ld s late (missed slot, window open until %+ld s)", what, late,
            (long)(o->end - o->start));
    else
      logf_(sc, "%s: on air", what);
  } else
    logf_(sc, "%s: air time (playout folder only)", what);
  rec->aired = (long long)now;
  return 0;
}

int loa_scheduler_step(loa_scheduler *sc, loa_sched_state *st, time_t now)
{
  loa_occurrence occ[32];
  const loa_slots *s = sc->slots;
  const loa_config *c = sc->config;
  int n = loa_slots_pending(s, now, sc->lead_s, occ, 32), dirty = 0, retry = 0, open = 0;
  char e[2048];
  for (int i = 0; i < n; i++) {
    loa_sched_rec *rec = loa_sched_state_get(st, s->slot[occ[i].slot].name, occ[i].ymd, 0);
    open += !(rec && rec->aired);
  }
  if (!open)
    return 0;
  if (loa_library_scan(&sc->library, c->done, s, &c->build, warn_cb, sc, e, sizeof e))
    logf_(sc, "%s", e);
  for (int i = 0; i < n; i++) {
    const loa_occurrence *o = &occ[i];
    const char *name = s->slot[o->slot].name;
    loa_sched_rec *rec = loa_sched_state_get(st, name, o->ymd, 0);
    if (rec && rec->aired)
      continue;
    char what[64], d[11];
    loa_date_format(o->ymd, d);
    snprintf(what, sizeof what, "%s %s", d, name);
    loa_slot_plan p;
    if (loa_slot_plan_make(c, s, o->slot, o->ymd, &sc->library, &p, e, sizeof e)) {
      logf_(sc, "%s: %s", what, e);
      loa_slot_plan_free(&p);
      continue;
    }
    int act = loa_sched_decide(o, now, rec, p.key);
    if (act && !(rec = loa_sched_state_get(st, name, o->ymd, 1))) {
      loa_slot_plan_free(&p);
      return -1;
    }
    if (act & LOA_SCHED_BUILD) {
      if (!p.bulletins && !s->slot[o->slot].air_when_empty) {
        snprintf(rec->key, sizeof rec->key, "%s", p.key);
        rec->skipped = 1, rec->built = 0, rec->file[0] = 0;
        logf_(sc, "%s: no bulletin due", what);
        dirty = 1;
      } else if (build_and_publish(sc, &p, rec, what, now) == 0)
        dirty = 1;
      else
        act &= ~LOA_SCHED_AIR, retry = 1;
    }
    if ((act & LOA_SCHED_AIR) && (rec->built || rec->skipped)) {
      if (air(sc, rec, what, now, o) == 0)
        dirty = 1;
      else
        retry = 1;
    }
    loa_slot_plan_free(&p);
  }
  if (dirty) {
    loa_sched_state_prune(st, loa_date_add(loa_local_date(s, now, NULL), -KEEP_DAYS));
    if (loa_sched_state_save(st, e, sizeof e)) {
      logf_(sc, "%s", e);
      return -1;
    }
  }
  return retry ? 1 : 0;
}

/* Log the slots of the last day whose window closed without them going on air
 * (not on the very first run, when there is no state yet). */
static void log_missed(loa_scheduler *sc, loa_sched_state *st, time_t now)
{
  const loa_slots *s = sc->slots;
  if (!st->n)
    return;
  int today = loa_local_date(s, now, NULL);
  for (int d = -1; d <= 0; d++)
    for (int i = 0; i < s->n; i++) {
      int ymd = loa_date_add(today, d);
      time_t start = loa_slot_start(s, i, ymd), end = start + (time_t)s->slot[i].window_s;
      if (end > now || end < now - 86400)
        continue;
      loa_sched_rec *r = loa_sched_state_get(st, s->slot[i].name, ymd, 0);
      if (!r || (!r->aired && !r->skipped)) {
        char dd[11];
        loa_date_format(ymd, dd);
        logf_(sc, "%s %s: missed (loa was not running while its window was open)", dd,
              s->slot[i].name);
      }
    }
}

static time_t clock_now(const loa_scheduler *sc, struct timespec *real)
{
  clock_gettime(CLOCK_REALTIME, real);
  return (time_t)(real->tv_sec + sc->clock_offset);
}

/* Sleep until station-clock instant T (at most a second at a time, so a
 * stop request or a change of the system clock is seen). */
static void sleep_until(const loa_scheduler *sc, time_t t)
{
  for (;;) {
    struct timespec real;
    time_t now = clock_now(sc, &real);
    if (now >= t || (sc->stop && *sc->stop))
      return;
    struct timespec until = real;
    if (t - now > 1)
      until.tv_sec += 1;
    else
      until.tv_sec = (time_t)(t - sc->clock_offset), until.tv_nsec = 0;
    while (clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &until, NULL) == EINTR)
      if (sc->stop && *sc->stop)
        return;
  }
}

int loa_scheduler_run(loa_scheduler *sc, char *err, size_t errlen)
{
  const loa_config *c = sc->config;
  char path[4200];
  if (loa_mkdir_p(c->state))
    return loa_errf(err, errlen, "%s: cannot create (%s)", c->state, strerror(errno)), -1;
  snprintf(path, sizeof path, "%s/schedule.lock", c->state);
  int lock = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0664);
  if (lock < 0)
    return loa_errf(err, errlen, "%s: cannot open (%s)", path, strerror(errno)), -1;
  if (flock(lock, LOCK_EX | LOCK_NB)) {
    close(lock);
    return loa_errf(err, errlen, "%s: another `loa schedule` is running", path), -2;
  }
  loa_sched_state st;
  snprintf(path, sizeof path, "%s/schedule.tsv", c->state);
  if (loa_sched_state_load(&st, path, err, errlen)) {
    close(lock);
    return -1;
  }
  struct timespec real;
  time_t now = clock_now(sc, &real);
  if (!sc->once) {
    loa_occurrence next;
    log_missed(sc, &st, now);
    if (!loa_slots_next(sc->slots, now, &next)) {
      char d[11];
      loa_date_format(next.ymd, d);
      logf_(sc, "next slot: %s %s, built %d min before", d, sc->slots->slot[next.slot].name,
            sc->lead_s / 60);
    }
  }
  int rc = 0, pruned_day = 0;
  char cache[4200];
  loa_programme_cache_dir(c->cache, cache, sizeof cache);
  for (;;) {
    now = clock_now(sc, &real);
    int today = loa_local_date(sc->slots, now, NULL);
    if (today != pruned_day) {   /* once a day; file times are on the system clock */
      int k = loa_programme_cache_prune(cache, real.tv_sec, CACHE_DAYS * 86400L);
      if (k)
        logf_(sc, "removed %d cached item(s) unused for %d days", k, CACHE_DAYS);
      pruned_day = today;
    }
    int step = loa_scheduler_step(sc, &st, now);
    if (step < 0) {
      loa_errf(err, errlen, "%s: the state cannot be written", st.path);
      rc = -1;
      break;
    }
    if (sc->once || (sc->stop && *sc->stop))
      break;
    /* wake for the next slot entering its lead time or going on air; while a
     * programme waits for air, look for new bulletins every rescan_s */
    time_t wake = loa_slots_next_event(sc->slots, now, sc->lead_s);
    loa_occurrence pend[8];
    int rescan = c->rescan_s > 0 ? c->rescan_s : 30;
    if (loa_slots_pending(sc->slots, now, sc->lead_s, pend, 8) && (!wake || wake > now + rescan))
      wake = now + rescan;
    if (step == 1 && (!wake || wake > now + RETRY_S))
      wake = now + RETRY_S;
    sleep_until(sc, wake ? wake : now + 3600);
    if (sc->stop && *sc->stop)
      break;
  }
  loa_sched_state_free(&st);
  loa_library_free(&sc->library);
  close(lock);
  return rc;
}
