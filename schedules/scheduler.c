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
#include "schedules/onair.h"
#include "schedules/slotprog.h"
#include "schedules/speakers.h"
#include "pipeline/util.h"

#define KEEP_DAYS 14
#define RETRY_S 5
#define CACHE_DAYS 30
#define SPEAKERS_S 30   /* how often the loudspeakers are checked */   /* a cached item unused this long is removed */

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

/* The zone of a pass: index into sc->zones (or the single output). */
static const char *zone_name(const loa_scheduler *sc, int z)
{
  return sc->zones && sc->zones->n > 0 ? sc->zones->z[z].name : "";
}

/* "sang" or "sang@thon-1": the state's name of a slot in a zone. */
static void rec_name(const loa_slots *s, int slot, const char *zone, char *out, size_t len)
{
  snprintf(out, len, "%s%s%s", s->slot[slot].name, *zone ? "@" : "", zone);
}

/* The air log's request for a slot's programme in a zone. */
static void programme_req(const loa_scheduler *sc, const loa_occurrence *o, const char *zone,
                          const loa_sched_rec *rec, loa_airlog_req *r)
{
  const loa_slots *s = sc->slots;
  memset(r, 0, sizeof *r);
  loa_date_format(o->ymd, r->date);
  snprintf(r->slot, sizeof r->slot, "%s", s->slot[o->slot].name);
  snprintf(r->zone, sizeof r->zone, "%s", zone);
  snprintf(r->id, sizeof r->id, "%s/%s%s%s", r->date, r->slot, *zone ? "/" : "", zone);
  snprintf(r->kind, sizeof r->kind, "programme");
  r->scheduled = (double)o->start;
  if (rec) {
    snprintf(r->key, sizeof r->key, "%s", rec->key);
    snprintf(r->file, sizeof r->file, "%s", rec->file);
  }
  snprintf(r->title, sizeof r->title, "%s", s->slot[o->slot].label);
}

/* Copy the built programme to the playout folder. Returns 0 or -1 (logged). */
static int publish_folder(loa_scheduler *sc, const loa_slot_plan *p, const char *path,
                          const char *what)
{
  const loa_config *c = sc->config;
  const loa_slots *s = sc->slots;
  char name[128], json[4200], e[2048];
  snprintf(name, sizeof name, "%s-%s%s%s.mp3", p->date, s->slot[p->slot].name, *p->zone ? "-" : "",
           p->zone);
  snprintf(json, sizeof json, "%.*s.json", (int)(strlen(path) - 4), path);
  char *manifest = loa_read_small(json, NULL);
  int rc = loa_playout_to_folder(c, path, name, manifest, e, sizeof e);
  free(manifest);
  if (rc) {
    logf_(sc, "%s: cannot publish to the playout folder: %s", what, e);
    sc->failed_folder = 1;
    return -1;
  }
  logf_(sc, "%s: published %s/%s", what, c->playout, name);
  return 0;
}

/* Build the planned programme (and publish it to the folder, which may fail on
 * its own); fills REC. Returns 0 or -1 when it could not be built. */
static int build_and_publish(loa_scheduler *sc, loa_slot_plan *p, loa_sched_rec *rec,
                             const char *what, time_t now)
{
  const loa_config *c = sc->config;
  const loa_slots *s = sc->slots;
  char path[4096], e[2048];
  loa_slot_programme_path(c, s, p->slot, p->ymd, p->zone, path, sizeof path);
  loa_programme_result r;
  if (loa_slot_programme_write(c, s, p, path, &r, e, sizeof e)) {
    logf_(sc, "%s: cannot build the programme: %s", what, e);
    sc->failed_folder = 1;
    return -1;
  }
  logf_(sc, "%s: built %s (%d:%02d, %d items, %d left out, %d from the cache)", what, path,
        (int)r.seconds / 60, (int)r.seconds % 60, r.items, r.left_out, r.cache_hits);
  if (sc->airlog && loa_onair_content(sc->airlog, p->key, p->items, p->n, e, sizeof e))
    logf_(sc, "%s: cannot record the programme's items in the air log: %s", what, e);
  if (*c->playout)
    publish_folder(sc, p, path, what);
  snprintf(rec->key, sizeof rec->key, "%s", p->key);
  snprintf(rec->file, sizeof rec->file, "%s", path);
  rec->built = (long long)now;
  rec->skipped = 0;
  return 0;
}

/* Hand the built programme to Liquidsoap at air time, exactly once. Returns 0
 * (handed over, or nothing to hand), 1 to try again, -1 when the air log
 * cannot be written (nothing pushed). */
static int air(loa_scheduler *sc, loa_sched_rec *rec, const char *what, time_t now,
               const loa_occurrence *o, const char *zone)
{
  const loa_config *c = sc->config;
  if (rec->skipped) {
    logf_(sc, "%s: nothing due, nothing handed over", what);
  } else if (c->liquidsoap_port > 0) {
    char e[2048];
    loa_airlog_req r;
    int already;
    programme_req(sc, o, zone, rec, &r);
    int rc = loa_onair_push(c, sc->airlog, &r, LOA_QUEUE_PROGRAMME, &already, e, sizeof e);
    if (rc == LOA_PLAYOUT_ESTATE) {
      logf_(sc, "%s: nothing handed to Liquidsoap: %s", what, e);
      return -1;
    }
    if (rc == LOA_PLAYOUT_EUNKNOWN) {
      logf_(sc, "%s: handed to Liquidsoap, no answer yet (asking again before any new push): %s",
            what, e);
      sc->failed_liquidsoap = 1;
      return 1;
    }
    if (rc) {
      logf_(sc, "%s: cannot hand the programme to Liquidsoap (retrying): %s", what, e);
      sc->failed_liquidsoap = 1;
      return 1;
    }
    long late = (long)(now - o->start);
    if (already)
      logf_(sc, "%s: already with Liquidsoap (not pushed again)", what);
    else if (late > 1)
      logf_(sc, "%s: handed to Liquidsoap %ld s late (missed slot, window open until %+ld s)", what,
            late, (long)(o->end - o->start));
    else
      logf_(sc, "%s: handed to Liquidsoap", what);
  } else {
    char e[1024];
    loa_airlog_req r;
    programme_req(sc, o, zone, rec, &r);
    if (loa_airlog_handover(sc->airlog, &r, "folder", NULL, "no Liquidsoap: the playout folder only",
                            loa_onair_now(), e, sizeof e)) {
      logf_(sc, "%s: the air log cannot be written: %s", what, e);
      return -1;
    }
    logf_(sc, "%s: air time (playout folder only)", what);
  }
  rec->aired = (long long)now;
  return 0;
}

/* Already handed over by the air log (which a clock jump does not prune)? */
static int handed_over(loa_scheduler *sc, const loa_occurrence *o, const char *zone)
{
  loa_airlog_req r;
  char state[32], e[512];
  programme_req(sc, o, zone, NULL, &r);
  if (!sc->airlog || loa_airlog_state(sc->airlog, r.id, state, sizeof state, NULL, 0, e, sizeof e))
    return 0;
  return !strcmp(state, "queued") || !strcmp(state, "folder");
}

static int nzones(const loa_scheduler *sc)
{
  return sc->zones && sc->zones->n > 0 ? sc->zones->n : 1;
}

int loa_scheduler_step(loa_scheduler *sc, loa_sched_state *st, time_t now)
{
  loa_occurrence occ[32];
  const loa_slots *s = sc->slots;
  const loa_config *c = sc->config;
  int n = loa_slots_pending(s, now, sc->lead_s, occ, 32), dirty = 0, retry = 0, open = 0;
  char e[2048], name[64];
  sc->failed_liquidsoap = sc->failed_folder = 0;
  for (int i = 0; i < n; i++)
    for (int z = 0; z < nzones(sc); z++) {
      rec_name(s, occ[i].slot, zone_name(sc, z), name, sizeof name);
      loa_sched_rec *rec = loa_sched_state_get(st, name, occ[i].ymd, 0);
      open += !(rec && rec->aired);
    }
  if (!open)
    return 0;
  if (loa_library_scan(&sc->library, c->done, s, &c->build, warn_cb, sc, e, sizeof e))
    logf_(sc, "%s", e);
  for (int i = 0; i < n; i++)
    for (int z = 0; z < nzones(sc); z++) {
      const loa_occurrence *o = &occ[i];
      const char *zone = zone_name(sc, z);
      rec_name(s, o->slot, zone, name, sizeof name);
      loa_sched_rec *rec = loa_sched_state_get(st, name, o->ymd, 0);
      if (rec && rec->aired)
        continue;
      char what[128], d[11];
      loa_date_format(o->ymd, d);
      snprintf(what, sizeof what, "%s %s%s%s", d, s->slot[o->slot].name, *zone ? " " : "", zone);
      if (handed_over(sc, o, zone)) {   /* the state file lost it (pruned after a clock jump) */
        if (!(rec = loa_sched_state_get(st, name, o->ymd, 1)))
          return -1;
        rec->aired = (long long)now;
        dirty = 1;
        logf_(sc, "%s: already handed over (air log), not again", what);
        continue;
      }
      loa_slot_plan p;
      if (loa_slot_plan_make_zone(c, s, o->slot, o->ymd, &sc->library, sc->zones, z, warn_cb, sc,
                                  &p, e, sizeof e)) {
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
      loa_slot_plan_free(&p);
      if (!((act & LOA_SCHED_AIR) && (rec->built || rec->skipped)))
        continue;
      /* what was built is on disk before anything goes to the playout */
      if (dirty && loa_sched_state_save(st, e, sizeof e)) {
        logf_(sc, "%s: nothing handed over: %s", what, e);
        return -1;
      }
      dirty = 0;
      int a = air(sc, rec, what, now, o, zone);
      if (a < 0)
        return -1;
      if (a == 0)
        dirty = 1;
      else
        retry = 1;
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

/* The slots of the last day whose window closed without being handed over:
 * logged, and a "missed" row in the air log with the last reason (once). Not
 * for slots before the scheduler first ran on this station. */
static void record_missed(loa_scheduler *sc, loa_sched_state *st, time_t now)
{
  const loa_slots *s = sc->slots;
  char e[512];
  if (!st->n || !sc->airlog)
    return;
  double since = loa_airlog_since(sc->airlog, (double)now, e, sizeof e);
  int today = loa_local_date(s, now, NULL);
  for (int d = -1; d <= 0; d++)
    for (int i = 0; i < s->n; i++)
      for (int z = 0; z < nzones(sc); z++) {
        int ymd = loa_date_add(today, d);
        loa_occurrence o = {i, ymd, loa_slot_start(s, i, ymd), 0};
        o.end = o.start + (time_t)s->slot[i].window_s;
        if (o.end > now || o.end < now - 86400 || (double)o.start < since)
          continue;
        const char *zone = zone_name(sc, z);
        char name[64], state[32], reason[1024], what[128], dd[11];
        rec_name(s, i, zone, name, sizeof name);
        loa_sched_rec *r = loa_sched_state_get(st, name, ymd, 0);
        if (r && (r->aired || r->skipped))
          continue;
        loa_airlog_req q;
        programme_req(sc, &o, zone, r, &q);
        if (loa_airlog_state(sc->airlog, q.id, state, sizeof state, reason, sizeof reason, e,
                             sizeof e) ||
            !strcmp(state, "missed") || !strcmp(state, "queued") || !strcmp(state, "folder"))
          continue;
        if (!*state || !*reason)
          snprintf(reason, sizeof reason, "loa was not running while its window was open");
        loa_date_format(ymd, dd);
        snprintf(what, sizeof what, "%s %s%s%s", dd, s->slot[i].name, *zone ? " " : "", zone);
        logf_(sc, "%s: missed (%s)", what, reason);
        if (loa_airlog_handover(sc->airlog, &q, "missed", NULL, reason, loa_onair_now(), e, sizeof e))
          logf_(sc, "%s: the air log cannot be written: %s", what, e);
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
  char e[1024], events[4200];
  if (loa_airlog_open(&sc->airlog, c->state, e, sizeof e)) {
    loa_errf(err, errlen, "the air log cannot be opened, so nothing can be handed over: %s", e);
    loa_sched_state_free(&st);
    close(lock);
    return -1;
  }
  loa_airlog_events_path(c->state, events, sizeof events);
  struct timespec real;
  time_t now = clock_now(sc, &real);
  if (!sc->once) {
    loa_occurrence next;
    if (!loa_slots_next(sc->slots, now, &next)) {
      char d[11];
      loa_date_format(next.ymd, d);
      logf_(sc, "next slot: %s %s, built %d min before", d, sc->slots->slot[next.slot].name,
            sc->lead_s / 60);
    }
  }
  int rc = 0, pruned_day = 0;
  time_t next_speakers = 0;
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
    if (loa_airlog_ingest(sc->airlog, events, e, sizeof e) < 0)
      logf_(sc, "cannot read Liquidsoap's play events: %s", e);
    record_missed(sc, &st, now);
    if (*c->speakers_file && real.tv_sec >= next_speakers) {
      if (loa_speakers_check(c, real.tv_sec, sc->slots->utc_offset_s, sc->log, sc->log_user, e,
                             sizeof e) < 0)
        logf_(sc, "loudspeakers: %s", e);
      next_speakers = real.tv_sec + SPEAKERS_S;
    }
    int step = loa_scheduler_step(sc, &st, now);
    if (step < 0) {
      loa_errf(err, errlen, "%s: the state cannot be written: nothing was handed over", st.path);
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
    if (*c->speakers_file && (!wake || wake > now + SPEAKERS_S))
      wake = now + SPEAKERS_S;
    sleep_until(sc, wake ? wake : now + 3600);
    if (sc->stop && *sc->stop)
      break;
  }
  loa_sched_state_free(&st);
  loa_library_free(&sc->library);
  loa_airlog_close(sc->airlog);
  sc->airlog = NULL;
  close(lock);
  return rc;
}
