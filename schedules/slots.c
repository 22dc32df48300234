/* slots.c: loading slots.ini and the arithmetic of slot times and air windows.
 *
 * Station time is UTC plus a fixed offset (Vietnam: +7, no DST since 1975),
 * so every conversion is integer arithmetic on time_t (dates: date.c);
 * neither TZ nor the system zone nor the clock is ever consulted.
 */
#include "schedules/slots.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "lexicon/escape.h"
#include "lexicon/vntext.h"
#include "schedules/announce.h"
#include "schedules/inifile.h"
#include "pipeline/util.h"

#define DAY 86400L

/* ---------------------------------------------------------------- zones */

int loa_tz_parse(const char *zone, int *offset_s, char *err, size_t errlen)
{
  const char *z = zone && *zone ? zone : "Asia/Ho_Chi_Minh";
  if (!strcmp(z, "Asia/Ho_Chi_Minh") || !strcmp(z, "Asia/Saigon")) {
    *offset_s = 7 * 3600;
    return 0;
  }
  if (!strcmp(z, "UTC") || !strcmp(z, "Z") || !strcmp(z, "Etc/UTC")) {
    *offset_s = 0;
    return 0;
  }
  const char *p = !strncmp(z, "UTC", 3) ? z + 3 : z;
  int sign = *p == '+' ? 1 : *p == '-' ? -1 : 0;
  if (sign) {
    p++;
    int h = 0, m = 0, nd = 0;
    while (isdigit((unsigned char)*p) && nd < 2) h = h * 10 + (*p++ - '0'), nd++;
    if (nd && *p == ':')
      p++;
    int md = 0;
    while (isdigit((unsigned char)*p) && md < 2) m = m * 10 + (*p++ - '0'), md++;
    if (nd && !*p && (md == 0 || md == 2) && h <= 14 && m < 60) {
      *offset_s = sign * (h * 3600 + m * 60);
      return 0;
    }
  }
  loa_errf(err, errlen,
           "time zone '%s' is not supported: use Asia/Ho_Chi_Minh (or Asia/Saigon), UTC, "
           "or a fixed offset such as +07:00", z);
  return -1;
}

int loa_time_of_day_parse(const char *s)
{
  int h, m, sec = 0, n = 0;
  if (sscanf(s, "%2d:%2d:%2d%n", &h, &m, &sec, &n) == 3 && !s[n]) {
  } else if (n = 0, sec = 0, sscanf(s, "%2d:%2d%n", &h, &m, &n) == 2 && !s[n]) {
  } else
    return -1;
  if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59)
    return -1;
  return h * 3600 + m * 60 + sec;
}

/* ---------------------------------------------------------------- station time */

int loa_local_date(const loa_slots *s, time_t t, int *sec_of_day)
{
  return loa_date_at(t, s->utc_offset_s, sec_of_day);
}

time_t loa_slot_start(const loa_slots *s, int slot, int ymd)
{
  return (time_t)(loa_date_to_days(ymd) * DAY + s->slot[slot].start_s - s->utc_offset_s);
}

static loa_occurrence occurrence(const loa_slots *s, int slot, int ymd)
{
  loa_occurrence o = {slot, ymd, loa_slot_start(s, slot, ymd), 0};
  o.end = o.start + (time_t)s->slot[slot].window_s;
  return o;
}

int loa_slots_next(const loa_slots *s, time_t now, loa_occurrence *o)
{
  int today = loa_local_date(s, now, NULL);
  for (int d = -1; d <= 2; d++)
    for (int i = 0; i < s->n; i++) {
      loa_occurrence c = occurrence(s, i, loa_date_add(today, d));
      if (c.start >= now) {
        *o = c;
        return 0;
      }
    }
  return -1;
}

/* Lead and window are at most a day (checked on load), so two days either side suffice. */
int loa_slots_pending(const loa_slots *s, time_t now, int lead_s, loa_occurrence *out, int max)
{
  int today = loa_local_date(s, now, NULL), n = 0;
  for (int d = -2; d <= 2; d++)
    for (int i = 0; i < s->n; i++) {
      loa_occurrence c = occurrence(s, i, loa_date_add(today, d));
      if (now >= c.start - lead_s && now < c.end && n < max)
        out[n++] = c;
    }
  return n;
}

time_t loa_slots_next_event(const loa_slots *s, time_t now, int lead_s)
{
  int today = loa_local_date(s, now, NULL);
  time_t best = 0;
  for (int d = -2; d <= 3; d++)
    for (int i = 0; i < s->n; i++) {
      loa_occurrence c = occurrence(s, i, loa_date_add(today, d));
      time_t ev[2] = {c.start - lead_s, c.start};
      for (int k = 0; k < 2; k++)
        if (ev[k] > now && (!best || ev[k] < best))
          best = ev[k];
    }
  return best;
}

/* ---------------------------------------------------------------- names */

/* Lower-case, accents stripped (đ -> d), spaces and '_'/'-' removed:
 * "Buổi sáng" -> "buoisang", "chiều" -> "chieu". */
static void fold(const char *in, char *out, size_t outlen)
{
  size_t o = 0;
  utf8proc_uint8_t *m = NULL;
  if (utf8proc_map((const utf8proc_uint8_t *)in, 0, &m,
                   UTF8PROC_NULLTERM | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |
                   UTF8PROC_CASEFOLD) < 0) {
    snprintf(out, outlen, "%s", in);
    return;
  }
  for (const char *p = (const char *)m; *p && o + 1 < outlen; p++) {
    if (!strncmp(p, "đ", 2) || !strncmp(p, "Đ", 2)) {
      out[o++] = 'd';
      p++;
    } else if (*p != ' ' && *p != '_' && *p != '-')
      out[o++] = *p;
  }
  out[o] = 0;
  free(m);
}

int loa_slots_find(const loa_slots *s, const char *name)
{
  char want[128], have[128];
  fold(name, want, sizeof want);
  if (!*want)
    return -1;
  for (int i = 0; i < s->n; i++) {
    const char *cands[3] = {s->slot[i].name, s->slot[i].folder, s->slot[i].label};
    for (int k = 0; k < 3; k++) {
      fold(cands[k], have, sizeof have);
      if (!strcmp(want, have))
        return i;
      /* "sáng" matches the label "buổi sáng" */
      if (k == 2 && !strncmp(have, "buoi", 4) && !strcmp(want, have + 4))
        return i;
    }
  }
  return -1;
}

/* ---------------------------------------------------------------- loading */

typedef struct {
  loa_slots *s;
  char dir[4096];                     /* relative sound files are relative to it */
  char last_section[64], last_key[64];
  unsigned seen[LOA_MAX_SLOTS + 1];   /* keys seen per section, bit per key */
} loader;

static const char *const slot_keys[] = {"time", "label", "opening", "closing", "jingle",
                                        "end_jingle", "gap", "max_minutes", "window_minutes",
                                        "folder", "when_empty", NULL};
static const char *const urgent_keys[] = {"folder", "jingle", "gap", NULL};

static int key_index(const char *const *keys, const char *k)
{
  for (int i = 0; keys[i]; i++)
    if (!strcmp(keys[i], k))
      return i;
  return -1;
}

static void resolve_path(const loader *L, const char *v, char *out, size_t outlen)
{
  char joined[8192], real[4096];
  if (!*v || v[0] == '/')
    snprintf(joined, sizeof joined, "%s", v);
  else
    snprintf(joined, sizeof joined, "%s/%s", L->dir, v);
  /* "x/../samples/a.flac" -> "/abs/samples/a.flac" when it exists; a missing
   * file keeps its name (it is reported, and left out, when a programme is made) */
  const char *use = *joined && realpath(joined, real) ? real : joined;
  if (snprintf(out, outlen, "%s", use) >= (int)outlen)
    out[0] = 0;
}

/* A number of seconds (or minutes, SCALE 60) in LO..HI: "nan" and "inf", which strtod takes
 * and no comparison refuses, are not in any range. */
static int parse_seconds(const char *v, double lo, double hi, double scale, double *out)
{
  char *end;
  double x = strtod(v, &end);
  if (end == v || *end || !isfinite(x) || x < lo || x > hi)
    return -1;
  *out = x * scale;
  return 0;
}

static int is_folder_name(const char *v)
{
  if (!*v)
    return 0;
  for (; *v; v++)
    if (!isalnum((unsigned char)*v) && *v != '-' && *v != '_')
      return 0;
  return 1;
}

static void slot_defaults(loa_slot *sl, const char *name)
{
  memset(sl, 0, sizeof *sl);
  snprintf(sl->name, sizeof sl->name, "%s", name);
  snprintf(sl->label, sizeof sl->label, "%s", name);
  snprintf(sl->folder, sizeof sl->folder, "%s", name);
  sl->start_s = -1;
  snprintf(sl->opening, sizeof sl->opening,
           "Đây là {station}. Hôm nay, {weekday}, ngày {day} tháng {month} năm {year}.");
  snprintf(sl->closing, sizeof sl->closing,
           "Chương trình phát thanh {slot} của {station} đến đây là kết thúc. "
           "Xin chào và hẹn gặp lại.");
  sl->gap_s = 1.0;
  sl->max_s = 30 * 60;
  sl->window_s = 30 * 60;
}

/* Text that is spoken (label, opening, closing) is UTF-8, checked here where the line is
 * known (it failed only when a programme was built). */
static int spoken_text(const char *k, const char *v, char *msg, size_t msglen)
{
  if (loa_utf8_valid(v, strlen(v)))
    return 0;
  return loa_errf(msg, msglen, "%s is not UTF-8 text (save the file as UTF-8)", k);
}

/* Set one key of a slot; returns 0 or -1 with MSG. */
static int slot_key(loader *L, loa_slot *sl, const char *k, const char *v, int continued,
                    char *msg, size_t msglen)
{
  char e[256], shown[160];
  loa_escape(v, strlen(v), shown, sizeof shown);
  if (!strcmp(k, "time")) {
    if ((sl->start_s = loa_time_of_day_parse(v)) < 0)
      return loa_errf(msg, msglen, "time '%s' is not HH:MM or HH:MM:SS", shown);
  } else if (!strcmp(k, "label")) {
    if (spoken_text(k, v, msg, msglen))
      return -1;
    if (strlen(v) >= sizeof sl->label)
      return loa_errf(msg, msglen, "label is longer than %zu bytes", sizeof sl->label - 1);
    snprintf(sl->label, sizeof sl->label, "%s", v);
  } else if (!strcmp(k, "opening") || !strcmp(k, "closing")) {
    char *t = !strcmp(k, "opening") ? sl->opening : sl->closing;
    size_t cap = sizeof sl->opening, len = continued ? strlen(t) : 0;
    if (spoken_text(k, v, msg, msglen))
      return -1;
    if (snprintf(t + len, cap - len, "%s%s", continued ? " " : "", v) >= (int)(cap - len))
      return loa_errf(msg, msglen, "%s is longer than %zu bytes", k, cap - 1);
    if (loa_announce_check(t, e, sizeof e)) {
      char shown_e[300];
      loa_escape(e, strlen(e), shown_e, sizeof shown_e);
      return loa_errf(msg, msglen, "%s: %s", k, shown_e);
    }
  } else if (!strcmp(k, "jingle"))
    resolve_path(L, v, sl->jingle, sizeof sl->jingle);
  else if (!strcmp(k, "end_jingle"))
    resolve_path(L, v, sl->end_jingle, sizeof sl->end_jingle);
  else if (!strcmp(k, "gap")) {
    if (parse_seconds(v, 0, 30, 1, &sl->gap_s))
      return loa_errf(msg, msglen, "gap '%s' is not 0..30 seconds", shown);
  } else if (!strcmp(k, "max_minutes")) {
    if (parse_seconds(v, 0, 600, 60, &sl->max_s))
      return loa_errf(msg, msglen, "max_minutes '%s' is not 0..600", shown);
  } else if (!strcmp(k, "window_minutes")) {
    if (parse_seconds(v, 0, 720, 60, &sl->window_s))
      return loa_errf(msg, msglen, "window_minutes '%s' is not 0..720", shown);
  } else if (!strcmp(k, "folder")) {
    if (!is_folder_name(v) || strlen(v) >= sizeof sl->folder)
      return loa_errf(msg, msglen, "folder '%s' must be one short plain folder name", shown);
    snprintf(sl->folder, sizeof sl->folder, "%s", v);
  } else if (!strcmp(k, "when_empty")) {
    if (strcmp(v, "skip") && strcmp(v, "air"))
      return loa_errf(msg, msglen, "when_empty '%s' is not skip or air", shown);
    sl->air_when_empty = !strcmp(v, "air");
  }
  return 0;
}

static int urgent_key(loader *L, const char *k, const char *v, char *msg, size_t msglen)
{
  loa_slots *s = L->s;
  char shown[160];
  loa_escape(v, strlen(v), shown, sizeof shown);
  if (!strcmp(k, "folder")) {
    if (!is_folder_name(v) || strlen(v) >= sizeof s->urgent_folder)
      return loa_errf(msg, msglen, "folder '%s' must be one short plain folder name", shown);
    snprintf(s->urgent_folder, sizeof s->urgent_folder, "%s", v);
  } else if (!strcmp(k, "jingle"))
    resolve_path(L, v, s->urgent_jingle, sizeof s->urgent_jingle);
  else if (!strcmp(k, "gap") && parse_seconds(v, 0, 30, 1, &s->urgent_gap_s))
    return loa_errf(msg, msglen, "gap '%s' is not 0..30 seconds", shown);
  return 0;
}

static int find_slot_named(const loa_slots *s, const char *name)
{
  for (int i = 0; i < s->n; i++)
    if (!strcmp(s->slot[i].name, name))
      return i;
  return -1;
}

/* One key of slots.ini (loa_ini_fn). */
static int on_key(void *user, const char *section, const char *key, const char *value,
                  int line, char *msg, size_t msglen)
{
  loader *L = user;
  loa_slots *s = L->s;
  char sec[80], k[80];
  loa_escape(section, strlen(section), sec, sizeof sec);
  loa_escape(key, strlen(key), k, sizeof k);
  int urgent = !strcmp(section, "urgent");
  if (!*section)
    return loa_errf(msg, msglen, "'%s' is outside a [slot] section", k);
  int idx = urgent ? LOA_MAX_SLOTS : find_slot_named(s, section);
  if (!urgent && idx < 0) {
    if (!is_folder_name(section) || strlen(section) >= sizeof s->slot[0].name)
      return loa_errf(msg, msglen,
                      "slot name [%s] must be a short plain name (letters, digits, - or _)", sec);
    if (s->n == LOA_MAX_SLOTS)
      return loa_errf(msg, msglen, "more than %d slots", LOA_MAX_SLOTS);
    idx = s->n++;
    slot_defaults(&s->slot[idx], section);
  }
  int ki = key_index(urgent ? urgent_keys : slot_keys, key);
  if (ki < 0)
    return loa_errf(msg, msglen, "unknown key '%s' in [%s]", k, sec);
  /* inih reports a continuation line as the same key again */
  int continued = !strcmp(L->last_section, section) && !strcmp(L->last_key, key);
  if (!continued && (L->seen[idx] & (1u << ki)))
    return loa_errf(msg, msglen, "'%s' is given twice in [%s]", k, sec);
  if (continued && strcmp(key, "opening") && strcmp(key, "closing"))
    return loa_errf(msg, msglen, "'%s' is given twice in [%s]", k, sec);
  L->seen[idx] |= 1u << ki;
  snprintf(L->last_section, sizeof L->last_section, "%s", section);
  snprintf(L->last_key, sizeof L->last_key, "%s", key);
  return urgent ? urgent_key(L, key, value, msg, msglen)
                : slot_key(L, &s->slot[idx], key, value, continued, msg, msglen);
}

static int by_start(const void *a, const void *b)
{
  return ((const loa_slot *)a)->start_s - ((const loa_slot *)b)->start_s;
}

static int check_slots(loa_slots *s, char *err, size_t errlen)
{
  if (!s->n)
    return loa_errf(err, errlen, "%s: no slot defined", s->path), -1;
  for (int i = 0; i < s->n; i++)
    if (s->slot[i].start_s < 0)
      return loa_errf(err, errlen, "%s: [%s] has no time", s->path, s->slot[i].name), -1;
  qsort(s->slot, (size_t)s->n, sizeof s->slot[0], by_start);
  for (int i = 0; i < s->n; i++)
    for (int j = i + 1; j < s->n; j++) {
      if (s->slot[i].start_s == s->slot[j].start_s)
        return loa_errf(err, errlen, "%s: [%s] and [%s] start at the same time", s->path,
                        s->slot[i].name, s->slot[j].name), -1;
      if (!strcmp(s->slot[i].folder, s->slot[j].folder))
        return loa_errf(err, errlen, "%s: [%s] and [%s] use the same folder '%s'", s->path,
                        s->slot[i].name, s->slot[j].name, s->slot[i].folder), -1;
    }
  for (int i = 0; i < s->n; i++)
    if (!strcmp(s->slot[i].folder, s->urgent_folder))
      return loa_errf(err, errlen, "%s: [%s] uses the urgent folder '%s'", s->path,
                      s->slot[i].name, s->urgent_folder), -1;
  return 0;
}

int loa_slots_parse(loa_slots *s, const char *name, const char *text, size_t n, const char *dir,
                    const char *zone, char *err, size_t errlen)
{
  memset(s, 0, sizeof *s);
  snprintf(s->path, sizeof s->path, "%s", name);
  snprintf(s->zone, sizeof s->zone, "%s", zone && *zone ? zone : "Asia/Ho_Chi_Minh");
  snprintf(s->urgent_folder, sizeof s->urgent_folder, "khan");
  s->urgent_gap_s = 1.0;
  char e[256];
  if (loa_tz_parse(s->zone, &s->utc_offset_s, e, sizeof e))
    return loa_errf(err, errlen, "%s", e), -1;
  loader *L = calloc(1, sizeof *L);
  if (!L)
    return loa_errf(err, errlen, "%s: out of memory", name), -1;
  L->s = s;
  snprintf(L->dir, sizeof L->dir, "%s", dir && *dir ? dir : ".");
  int rc = loa_ini_parse(name, text, n, on_key, L, err, errlen);
  free(L);
  return rc ? -1 : check_slots(s, err, errlen);
}

int loa_slots_load(loa_slots *s, const char *path, const char *zone, char *err, size_t errlen)
{
  char *text;
  size_t n;
  if (loa_ini_read(path, &text, &n, err, errlen)) {
    memset(s, 0, sizeof *s);
    return -1;
  }
  /* relative sound files are relative to this file's folder, made absolute */
  char dir[4096], real[4096], *slash;
  snprintf(dir, sizeof dir, "%s", path);
  if ((slash = strrchr(dir, '/')))
    *slash = 0;
  else
    snprintf(dir, sizeof dir, ".");
  const char *d = *dir ? dir : "/";
  int rc = loa_slots_parse(s, path, text, n, realpath(d, real) ? real : d, zone, err, errlen);
  free(text);
  return rc;
}
