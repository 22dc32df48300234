/* slotprog.c: planning and writing the programme of one slot on one date. */
#include "schedules/slotprog.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lexicon/lexicon.h"
#include "schedules/announce.h"
#include "pipeline/util.h"

static int add_item(loa_slot_plan *p, size_t cap, loa_item_kind kind, const char *title,
                    const char *source, const char *text)
{
  if (p->n >= cap)
    return -1;
  loa_programme_item *it = &p->items[p->n++];
  memset(it, 0, sizeof *it);
  it->kind = kind;
  it->keep = kind != LOA_ITEM_BULLETIN;
  snprintf(it->title, sizeof it->title, "%s", title ? title : "");
  snprintf(it->source, sizeof it->source, "%s", source ? source : "");
  it->text = text;
  return 0;
}

/* Identity of a sound file for the programme key. */
static void sound_id(const char *path, char *out, size_t len)
{
  struct stat st;
  if (!*path || stat(path, &st))
    snprintf(out, len, "%s (missing)", path);
  else
    snprintf(out, len, "%s %lld %lld.%09ld", path, (long long)st.st_size,
             (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

static int plan_key(const loa_config *c, const loa_slot *sl, loa_slot_plan *p)
{
  size_t cap = 8192 + p->n * 200, len = 0;
  char *buf = malloc(cap);
  if (!buf)
    return -1;
  len += (size_t)snprintf(buf + len, cap - len, "programme %s %s gap=%.3f max=%.1f%s%s\n", sl->name,
                          p->date, sl->gap_s, sl->max_s, *p->zone ? " zone=" : "", p->zone);
  for (size_t i = 0; i < p->n && len < cap; i++) {
    const loa_programme_item *it = &p->items[i];
    char id[4400] = "";
    if (it->kind == LOA_ITEM_JINGLE || it->kind == LOA_ITEM_SIGNAL)
      sound_id(it->source, id, sizeof id);
    else if (it->kind == LOA_ITEM_BULLETIN)
      snprintf(id, sizeof id, "%s p%d r%d %s", it->key, it->priority, it->replay, it->title);
    else
      snprintf(id, sizeof id, "%.4000s", it->text ? it->text : "");
    len += (size_t)snprintf(buf + len, cap - len, "%s: %s\n", loa_item_kind_name(it->kind), id);
  }
  int rc = loa_build_key_text(buf, len < cap ? len : cap - 1, &c->build, p->key);
  free(buf);
  return rc;
}

int loa_slot_plan_make(const loa_config *c, const loa_slots *s, int slot, int ymd,
                       const loa_library *lib, loa_slot_plan *p, char *err, size_t errlen)
{
  return loa_slot_plan_make_zone(c, s, slot, ymd, lib, NULL, 0, NULL, NULL, p, err, errlen);
}

/* Keep only the bulletins due in zone ZONE of ZS. Returns the new count. */
static int keep_zone(loa_due *due, int nd, const loa_zones *zs, int zone,
                     void (*warn)(void *user, const char *line), void *user)
{
  int k = 0;
  for (int i = 0; i < nd; i++) {
    const loa_header *h = &due[i].b->h;
    loa_zone_set set;
    char e[256];
    if (loa_zones_select(zs, h->zones, h->nzones, &set, e, sizeof e) && warn) {
      char line[1400];
      snprintf(line, sizeof line, "%.1000s: %s", due[i].b->path, e);
      warn(user, line);
    }
    if (set & ((loa_zone_set)1 << zone))
      due[k++] = due[i];
  }
  return k;
}

int loa_slot_plan_make_zone(const loa_config *c, const loa_slots *s, int slot, int ymd,
                            const loa_library *lib, const loa_zones *zs, int zone,
                            void (*warn)(void *user, const char *line), void *user,
                            loa_slot_plan *p, char *err, size_t errlen)
{
  memset(p, 0, sizeof *p);
  if (zs && zone >= 0 && zone < zs->n)
    snprintf(p->zone, sizeof p->zone, "%s", zs->z[zone].name);
  const loa_slot *sl = &s->slot[slot];
  p->slot = slot, p->ymd = ymd;
  loa_date_format(ymd, p->date);

  /* the words of the announcements: the lexicon's word lists (weekdays, ngày, tháng) */
  loa_lexicon *words;
  char e[512], day[64];
  if (loa_lexicon_load_lists(&words, c->build.lexicon_dir, e, sizeof e))
    return loa_errf(err, errlen, "%s", e), -1;
  loa_announce_ctx ctx = {c->station, c->commune, sl->label, sl->start_s, ymd, words};
  int bad = loa_announce_render(sl->opening, &ctx, p->opening, sizeof p->opening, e, sizeof e) < 0 ||
            loa_announce_render(sl->closing, &ctx, p->closing, sizeof p->closing, e, sizeof e) < 0;
  const char *wd = loa_weekday_write(words, loa_date_weekday(ymd), LOA_WEEKDAY_IN_TEXT, day, sizeof day);
  loa_lexicon_free(words);
  if (bad)
    return loa_errf(err, errlen, "%s: [%s]: %s", s->path, sl->name, e), -1;
  snprintf(p->title, sizeof p->title, "Chương trình phát thanh %s, %s %02d/%02d/%04d", sl->label,
           wd ? wd : "", ymd % 100, ymd / 100 % 100, ymd / 10000);

  loa_due *due = NULL;
  int nd = loa_plan_due(s, lib, slot, ymd, &due);
  if (nd < 0)
    return loa_errf(err, errlen, "out of memory"), -1;
  if (zs && zone >= 0 && zone < zs->n && zs->n > 1)
    nd = keep_zone(due, nd, zs, zone, warn, user);
  size_t cap = (size_t)nd + 4;
  p->items = calloc(cap, sizeof *p->items);
  if (!p->items) {
    free(due);
    return loa_errf(err, errlen, "out of memory"), -1;
  }
  p->bulletins = nd;
  if (*sl->jingle)
    add_item(p, cap, LOA_ITEM_JINGLE, "Nhạc hiệu", sl->jingle, NULL);
  add_item(p, cap, LOA_ITEM_OPENING, "Lời mở đầu", NULL, p->opening);
  for (int i = 0; i < nd; i++) {
    add_item(p, cap, LOA_ITEM_BULLETIN, due[i].b->h.title, due[i].b->path, NULL);
    loa_programme_item *it = &p->items[p->n - 1];
    it->priority = (int)due[i].priority;
    it->replay = due[i].replay;
    it->keep = due[i].priority == LOA_PRIO_URGENT;   /* a khẩn cấp notice is never left out */
    snprintf(it->key, sizeof it->key, "%s", due[i].b->key);   /* no header title: the build's */
  }
  add_item(p, cap, LOA_ITEM_CLOSING, "Lời kết", NULL, p->closing);
  if (*sl->end_jingle)
    add_item(p, cap, LOA_ITEM_JINGLE, "Nhạc hiệu", sl->end_jingle, NULL);
  free(due);
  if (plan_key(c, sl, p))
    return loa_errf(err, errlen, "cannot compute the programme's key"), -1;
  return 0;
}

void loa_slot_plan_free(loa_slot_plan *p)
{
  free(p->items);
  p->items = NULL;
  p->n = 0;
}

void loa_slots_path(const loa_config *c, char *out, size_t len)
{
  if (*c->slots_file)
    snprintf(out, len, "%s", c->slots_file);
  else
    snprintf(out, len, "%s/schedules/slots.ini", loa_data_dir());
}

void loa_slot_programme_path(const loa_config *c, const loa_slots *s, int slot, int ymd,
                             const char *zone, char *out, size_t len)
{
  char d[11];
  loa_date_format(ymd, d);
  snprintf(out, len, "%s/programmes/%s-%s%s%s.mp3", c->out, d, s->slot[slot].name,
           zone && *zone ? "-" : "", zone ? zone : "");
}

int loa_slot_programme_write(const loa_config *c, const loa_slots *s, loa_slot_plan *p,
                             const char *out_mp3, loa_programme_result *r, char *err, size_t errlen)
{
  const loa_slot *sl = &s->slot[p->slot];
  loa_build_opts bo = c->build;
  if (!bo.station || !*bo.station)
    bo.station = c->station;
  bo.date = p->date;
  char cache[4200];
  loa_programme_cache_dir(c->cache, cache, sizeof cache);
  loa_programme_opts o = {&bo, cache, sl->gap_s, sl->max_s, p->title, bo.station, p->date, NULL};

  /* the slot and when it airs, for the manifest */
  time_t at = loa_slot_start(s, p->slot, p->ymd);
  int off = s->utc_offset_s, t = sl->start_s;
  char *extra = NULL;
  size_t extra_len = 0;
  FILE *f = open_memstream(&extra, &extra_len);
  if (!f)
    return loa_errf(err, errlen, "out of memory"), LOA_PROG_EOUTPUT;
  fputs("\"slot\":{\"name\":", f);
  loa_json_string(f, sl->name);
  fputs(",\"label\":", f);
  loa_json_string(f, sl->label);
  fprintf(f, ",\"time\":\"%02d:%02d:%02d\",\"air_at\":\"%sT%02d:%02d:%02d%c%02d:%02d\","
             "\"air_at_unix\":%lld,\"zone\":",
          t / 3600, t / 60 % 60, t % 60, p->date, t / 3600, t / 60 % 60, t % 60,
          off < 0 ? '-' : '+', abs(off) / 3600, abs(off) / 60 % 60, (long long)at);
  loa_json_string(f, s->zone);
  if (*p->zone) {
    fputs(",\"area\":", f);
    loa_json_string(f, p->zone);
  }
  fprintf(f, "},\n  \"key\":\"%s\",\n  \"bulletins_due\":%d", p->key, p->bulletins);
  fclose(f);
  o.manifest_extra = extra;

  int rc = loa_programme_prepare(p->items, p->n, &o, err, errlen);
  if (!rc) {
    loa_programme_trim(p->items, p->n, sl->gap_s, sl->max_s);
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", out_mp3);
    char *slash = strrchr(dir, '/');
    if (slash)
      *slash = 0;
    if (slash && loa_mkdir_p(dir))
      rc = LOA_PROG_EOUTPUT, loa_errf(err, errlen, "%s: cannot create the folder (%s)", dir,
                                      strerror(errno));
    else
      rc = loa_programme_write(out_mp3, p->items, p->n, &o, r, err, errlen);
  }
  free(extra);
  return rc;
}
