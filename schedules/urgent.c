/* urgent.c: a khẩn cấp notice built with its attention signal and put on air at once (loa_urgent_air). */
#include "schedules/playout.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pipeline/programme.h"
#include "schedules/airlog.h"
#include "schedules/onair.h"
#include "schedules/slotprog.h"
#include "schedules/slots.h"
#include "schedules/zones.h"
#include "tts/decode.h"
#include "tts/header.h"
#include "pipeline/util.h"

/* The notice's header: title and repeats. */
static int read_header(const loa_config *c, const char *path, loa_header *h, char *err, size_t errlen)
{
  loa_text t = {0};
  char e[512];
  if (loa_decode_file(path, c->build.encoding, c->max_bytes, &t, e, sizeof e))
    return loa_errf(err, errlen, "%s: %s", path, e), -1;
  int rc = loa_header_parse(t.text, t.len, h, e, sizeof e);
  loa_text_free(&t);
  if (rc)
    return loa_errf(err, errlen, "%s: %s", path, e), -1;
  return 0;
}

/* The zones of the notice (all when its header names none), or -1 with err. */
static int notice_zones(const loa_config *c, const loa_header *h, loa_zones *zs,
                        loa_zone_set *set, char *err, size_t errlen)
{
  char e[1024];
  if (loa_zones_load(zs, c->zones_file, e, sizeof e))
    return loa_errf(err, errlen, "%s", e);
  if (loa_zones_select(zs, h->zones, h->nzones, set, e, sizeof e) && !*set)
    return loa_errf(err, errlen, "%s", e);
  return 0;   /* an unknown zone beside known ones: the known ones still hear it */
}

/* Push REPEATS copies to the urgent queue of every zone of SET, each its own
 * request (ID/ZONE/N) handed over exactly once. Returns the first failure;
 * *DONE and *TOTAL count the pushes. */
static int push_all(const loa_config *c, loa_airlog *a, loa_airlog_req *r, const char *air_id,
                    const loa_zones *zs, loa_zone_set set, int repeats, int *done, int *total,
                    char *err, size_t errlen)
{
  int first = LOA_PLAYOUT_OK;
  *done = *total = 0;
  for (int z = 0; z < zs->n; z++) {
    if (!(set & ((loa_zone_set)1 << z)))
      continue;
    for (int k = 1; k <= repeats; k++) {
      ++*total;
      if (first)
        continue;   /* after a failure nothing more: the order of the repeats stays */
      snprintf(r->zone, sizeof r->zone, "%s", zs->z[z].name);
      snprintf(r->id, sizeof r->id, "%s%s%s/%d", air_id, *r->zone ? "/" : "", r->zone, k);
      int already;
      char e[1024];
      int rc = loa_onair_push(c, a, r, LOA_QUEUE_URGENT, &already, e, sizeof e);
      if (rc == LOA_PLAYOUT_OK)
        ++*done;
      else
        first = rc, loa_errf(err, errlen, "%s", e);
    }
  }
  return first;
}

int loa_urgent_air(const loa_config *c, const char *path, const char *air_id, char *out_mp3,
                   size_t outlen, char *err, size_t errlen)
{
  int have_folder = *c->playout != 0, have_liq = c->liquidsoap_port > 0;
  if (!have_folder && !have_liq)
    return loa_errf(err, errlen, "no playout target configured ([publish] folder or liquidsoap)"),
           LOA_PLAYOUT_ENOTARGET;
  loa_header h;
  if (read_header(c, path, &h, err, errlen))
    return LOA_PLAYOUT_EBUILD;
  static loa_zones zs;
  loa_zone_set zset;
  if (notice_zones(c, &h, &zs, &zset, err, errlen))
    return LOA_PLAYOUT_EBUILD;

  /* the attention signal and gap from slots.ini; a broken slots.ini must not
   * keep a storm warning off the air, so it only costs the signal */
  loa_slots *s = calloc(1, sizeof *s);
  char e[1024];
  double gap = 1.0;
  const char *signal = "";
  char slots_file[4096];
  loa_slots_path(c, slots_file, sizeof slots_file);
  if (s && !loa_slots_load(s, slots_file, c->timezone, e, sizeof e)) {
    signal = s->urgent_jingle;
    gap = s->urgent_gap_s;
  }

  loa_programme_item items[2];
  memset(items, 0, sizeof items);
  size_t n = 0;
  if (*signal && access(signal, R_OK) == 0) {
    items[n].kind = LOA_ITEM_SIGNAL;
    items[n].keep = 1;
    snprintf(items[n].title, sizeof items[n].title, "Tín hiệu khẩn cấp");
    snprintf(items[n].source, sizeof items[n].source, "%s", signal);
    n++;
  }
  items[n].kind = LOA_ITEM_BULLETIN;
  items[n].keep = 1;
  items[n].priority = LOA_PRIO_URGENT;
  snprintf(items[n].title, sizeof items[n].title, "%s", h.title);
  snprintf(items[n].source, sizeof items[n].source, "%s", path);
  n++;
  free(s);

  /* today's date in station time, for the tags: an urgent notice airs now */
  int off = 7 * 3600;
  char today[11];
  loa_tz_parse(c->timezone, &off, e, sizeof e);
  loa_date_format(loa_date_at(time(NULL), off, NULL), today);

  loa_build_opts bo = c->build;
  bo.station = c->station;
  bo.date = today;
  char cache[4200];
  loa_programme_cache_dir(c->cache, cache, sizeof cache);
  loa_programme_opts o = {&bo, cache, gap, 0, "", c->station, today, "\"urgent\":true"};
  int rc = loa_programme_prepare(items, n, &o, e, sizeof e);
  if (!rc && items[n - 1].left_out)
    snprintf(e, sizeof e, "%s", items[n - 1].reason), rc = LOA_PROG_EBUILD;
  if (rc)
    return loa_errf(err, errlen, "%s", e), rc == LOA_PROG_EOUTPUT ? LOA_PLAYOUT_EFOLDER : LOA_PLAYOUT_EBUILD;
  o.title = items[n - 1].title;

  /* out/khan/<name>-<key>.mp3: the same notice gives the same file */
  const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
  char stem[256], dir[4200], mp3[4600];
  snprintf(stem, sizeof stem, "%s", base);
  char *dot = strrchr(stem, '.');
  if (dot && dot != stem)
    *dot = 0;
  snprintf(dir, sizeof dir, "%s/khan", c->out);
  snprintf(mp3, sizeof mp3, "%s/%s-%.8s.mp3", dir, stem, items[n - 1].key);
  if (loa_mkdir_p(dir))
    return loa_errf(err, errlen, "%s: cannot create (%s)", dir, strerror(errno)), LOA_PLAYOUT_EFOLDER;
  if (loa_programme_write(mp3, items, n, &o, NULL, e, sizeof e))
    return loa_errf(err, errlen, "%s", e), LOA_PLAYOUT_EFOLDER;
  if (out_mp3)
    snprintf(out_mp3, outlen, "%s", mp3);

  int repeats = h.repeats > 0 ? h.repeats : 1;
  /* the folder first and on its own: a broken folder never keeps it off the air */
  char folder_err[1024] = "";
  int folder_rc = LOA_PLAYOUT_OK;
  if (have_folder) {
    char name[400], json[4700];
    snprintf(name, sizeof name, "khan-%s-%.8s.mp3", stem, items[n - 1].key);
    snprintf(json, sizeof json, "%s/%s-%.8s.json", dir, stem, items[n - 1].key);
    char *manifest = loa_read_small(json, NULL);
    folder_rc = loa_playout_to_folder(c, mp3, name, manifest, folder_err, sizeof folder_err);
    free(manifest);
  }
  *err = 0;
  loa_airlog *a;
  if (loa_airlog_open(&a, c->state, e, sizeof e))
    return loa_errf(err, errlen, "nothing handed over: the air log cannot be opened: %s", e),
           LOA_PLAYOUT_ESTATE;
  char gen[96];
  if (!air_id) {   /* a new airing each time the clerk asks */
    snprintf(gen, sizeof gen, "khan/%.8s/%lld-%d", items[n - 1].key, (long long)time(NULL),
             (int)getpid());
    air_id = gen;
  }
  loa_airlog_req r;
  memset(&r, 0, sizeof r);
  snprintf(r.kind, sizeof r.kind, "urgent");
  snprintf(r.date, sizeof r.date, "%s", today);
  snprintf(r.key, sizeof r.key, "%s", items[n - 1].key);
  snprintf(r.file, sizeof r.file, "%.4000s", mp3);
  snprintf(r.title, sizeof r.title, "%s", items[n - 1].title);
  struct stat sb;
  r.scheduled = stat(path, &sb) == 0 ? (double)sb.st_mtim.tv_sec + sb.st_mtim.tv_nsec / 1e9
                                     : loa_onair_now();   /* when the clerk dropped it */
  if (loa_onair_content(a, r.key, items, n, e, sizeof e)) {
    loa_airlog_close(a);
    return loa_errf(err, errlen, "nothing handed over: %s", e), LOA_PLAYOUT_ESTATE;
  }
  rc = LOA_PLAYOUT_OK;
  if (have_liq) {
    int done, total;
    rc = push_all(c, a, &r, air_id, &zs, zset, repeats, &done, &total, e, sizeof e);
    if (rc)
      loa_errf(err, errlen, "%d of %d pushes handed to Liquidsoap (%s%s): %s", done, total,
               done ? "the rest were not" : "nothing is on air",
               rc == LOA_PLAYOUT_EUNKNOWN ? "; one is unconfirmed and will not be pushed again" : "",
               e);
  } else {
    for (int z = 0; z < zs.n && folder_rc == LOA_PLAYOUT_OK; z++)
      if (zset & ((loa_zone_set)1 << z)) {
        snprintf(r.zone, sizeof r.zone, "%s", zs.z[z].name);
        snprintf(r.id, sizeof r.id, "%s%s%s", air_id, *r.zone ? "/" : "", r.zone);
        if (loa_airlog_handover(a, &r, "folder", NULL, "no Liquidsoap: the playout folder only",
                                loa_onair_now(), e, sizeof e))
          rc = LOA_PLAYOUT_ESTATE, loa_errf(err, errlen, "the air log cannot be written: %s", e);
      }
  }
  loa_airlog_close(a);
  if (folder_rc && !rc) {
    loa_errf(err, errlen, "%s%s", have_liq ? "handed to Liquidsoap, but not to the playout folder: " : "",
             folder_err);
    rc = folder_rc;
  } else if (folder_rc) {
    size_t l = strlen(err);
    snprintf(err + l, errlen - l, "; the playout folder failed too: %s", folder_err);
  }
  return rc;
}
