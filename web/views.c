/* views.c: the read-only views of the web console: health, today, the schedule, the air
 * log and its monthly report, zones and loudspeakers, the record of actions. */
#include "web/web_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pipeline/mp3.h"
#include "schedules/airlog.h"
#include "schedules/report.h"
#include "schedules/speakers.h"
#include "schedules/watch.h"
#include "web/bulletins.h"
#include "web/json.h"
#include "web/fmt.h"

int web_station_date(const wserver *w, long long t, int *sec)
{
  return loa_date_at((time_t)t, w->slots.utc_offset_s, sec);
}

static void warn_nothing(void *user, const char *line)
{
}

void web_scan_library(wserver *w)
{
  char err[512];
  loa_library_scan(&w->lib, w->c->done, &w->slots, &w->c->build, warn_nothing, NULL, err, sizeof err);
}

void view_health(wserver *w, wres *r)
{
  r->status = 200;
  loa_buf_putc(&r->body, '{');
  loa_json_kv_str(&r->body, 1, "status", "ok");
  loa_json_kv_str(&r->body, 0, "version", LOA_VERSION);
  loa_json_kv_int(&r->body, 0, "uptime_s", (long long)time(NULL) - w->started);
  loa_json_kv_bool(&r->body, 0, "watch", loa_watch_daemon_pid(w->c) != 0);
  loa_json_kv_bool(&r->body, 0, "approval", w->c->web_approval);
  loa_buf_putc(&r->body, '}');
}

/* ---------------------------------------------------------------- the plan */

static double item_seconds(const wserver *w, const char *id)
{
  char mp3[4200];
  double s = 0;
  web_fmt(mp3, sizeof mp3, "%s/%s.mp3", w->c->out, id);
  if (loa_mp3_probe(mp3, &s, NULL, 0, NULL, 0, NULL))
    return 0;
  return s;
}

static const char *prio_name(loa_priority p)
{
  return p == LOA_PRIO_URGENT ? "khẩn cấp" : p == LOA_PRIO_HIGH ? "ưu tiên" : "thường";
}

/* The items of SLOT on YMD (w->lib scanned, lock held), as JSON. */
static void slot_items(wserver *w, int slot, int ymd, loa_buf *o, double *total)
{
  loa_due *due;
  int n = loa_plan_due(&w->slots, &w->lib, slot, ymd, &due);
  loa_buf_puts(o, "[");
  *total = 0;
  for (int i = 0; i < n; i++) {
    const loa_bulletin *b = due[i].b;
    char id[1024], zones[512];
    loa_wb_id_of(w->c->done, b->path, id, sizeof id);
    loa_zone_set set = LOA_ZONES_ALL;
    char e[256];
    loa_zones_select(&w->zones, (const char (*)[32])b->h.zones, b->h.nzones, &set, e, sizeof e);
    loa_zones_labels(&w->zones, set, zones, sizeof zones);
    double sec = item_seconds(w, id);
    *total += sec;
    loa_buf_puts(o, i ? ",{" : "{");
    loa_json_kv_str(o, 1, "id", id);
    loa_json_kv_str(o, 0, "title", b->title);
    loa_json_kv_str(o, 0, "priority", prio_name(due[i].priority));
    loa_json_kv_int(o, 0, "replay", due[i].replay);
    loa_json_kv_str(o, 0, "zones", zones);
    loa_json_kv_num(o, 0, "seconds", sec);
    loa_buf_putc(o, '}');
  }
  free(due);
  loa_buf_puts(o, "]");
}

typedef struct {
  loa_buf *o;
  const char *date, *slot;
  int n;
} req_ctx;

static void req_one(void *user, const loa_airlog_req *q, const char *state, const char *reason, double at)
{
  req_ctx *x = user;
  if (strcmp(q->date, x->date) || strcmp(q->slot, x->slot) || strcmp(q->kind, "programme"))
    return;
  loa_buf_puts(x->o, x->n++ ? ",{" : "{");
  loa_json_kv_str(x->o, 1, "zone", q->zone);
  loa_json_kv_str(x->o, 0, "state", state);
  loa_json_kv_str(x->o, 0, "reason", reason ? reason : "");
  loa_json_kv_num(x->o, 0, "at", at);
  loa_buf_putc(x->o, '}');
}

/* The air log's hand-over states of SLOT on DATE. */
static void slot_air(wserver *w, loa_airlog *a, const char *date, const char *slot, time_t start, loa_buf *o)
{
  loa_buf_puts(o, "[");
  if (a) {
    req_ctx x = {o, date, slot, 0};
    char e[256];
    loa_airlog_each_request(a, (double)start - 1, (double)start + 1, req_one, &x, e, sizeof e);
  }
  loa_buf_puts(o, "]");
}

static loa_airlog *open_airlog(wserver *w)
{
  char db[4200], e[256];
  struct stat st;
  loa_airlog *a;
  web_fmt(db, sizeof db, "%s/airlog.sqlite", w->c->state);
  if (stat(db, &st) || loa_airlog_open(&a, w->c->state, e, sizeof e))
    return NULL;
  return a;
}

/* The slots from FROM to TO (YYYYMMDD, at most 62 days) with their items, into O. */
static void schedule_json(wserver *w, int from, int to, loa_buf *o)
{
  loa_airlog *a = open_airlog(w);
  pthread_mutex_lock(&w->lock);
  web_scan_library(w);
  loa_buf_puts(o, "[");
  int n = 0;
  for (int d = from, k = 0; d <= to && k < 62; d = loa_date_add(d, 1), k++)
    for (int s = 0; s < w->slots.n; s++) {
      char date[11];
      double total;
      loa_date_format(d, date);
      time_t start = loa_slot_start(&w->slots, s, d);
      loa_buf_puts(o, n++ ? ",{" : "{");
      loa_json_kv_str(o, 1, "date", date);
      loa_json_kv_str(o, 0, "slot", w->slots.slot[s].name);
      loa_json_kv_str(o, 0, "label", w->slots.slot[s].label);
      loa_json_kv_int(o, 0, "start", (long long)start);
      loa_json_kv_num(o, 0, "max_seconds", w->slots.slot[s].max_s);
      loa_buf_puts(o, ",\"items\":");
      slot_items(w, s, d, o, &total);
      loa_json_kv_num(o, 0, "seconds", total);
      loa_buf_puts(o, ",\"air\":");
      slot_air(w, a, date, w->slots.slot[s].name, start, o);
      loa_buf_putc(o, '}');
    }
  loa_buf_puts(o, "]");
  pthread_mutex_unlock(&w->lock);
  if (a)
    loa_airlog_close(a);
}

static int query_date(struct MHD_Connection *conn, const char *key, int *ymd)
{
  const char *v = web_query(conn, key);
  return v && !loa_date_parse(v, ymd) && loa_date_valid(*ymd) ? 0 : -1;
}

void view_schedule(wserver *w, struct MHD_Connection *conn, wres *r)
{
  int from, to;
  if (query_date(conn, "from", &from) || query_date(conn, "to", &to) || to < from)
    return web_json_error(r, 400, "cần from=YYYY-MM-DD và to=YYYY-MM-DD / from and to needed");
  if (loa_date_to_days(to) - loa_date_to_days(from) > 61)
    return web_json_error(r, 400, "tối đa 62 ngày / at most 62 days");
  char a[11], b[11];
  loa_date_format(from, a);
  loa_date_format(to, b);
  r->status = 200;
  loa_buf_putc(&r->body, '{');
  loa_json_kv_str(&r->body, 1, "from", a);
  loa_json_kv_str(&r->body, 0, "to", b);
  loa_buf_puts(&r->body, ",\"slots\":");
  schedule_json(w, from, to, &r->body);
  loa_buf_putc(&r->body, '}');
}

/* ---------------------------------------------------------------- today */

typedef struct {
  loa_buf *o;
  int n;
  const char *kind;
} list_ctx;

static void held_one(void *user, const loa_wb *b)
{
  list_ctx *x = user;
  if (strcmp(x->kind, loa_wb_state_name(b->state)))
    return;
  loa_buf_puts(x->o, x->n++ ? ",{" : "{");
  loa_json_kv_str(x->o, 1, "id", b->id);
  loa_json_kv_str(x->o, 0, "state", loa_wb_state_name(b->state));
  loa_json_kv_str(x->o, 0, "reason", b->reason[0] ? b->reason
                                     : b->state == LOA_WB_AWAITING ? "chờ duyệt / awaiting approval" : "");
  loa_buf_putc(x->o, '}');
}

/* out/ID.canh-bao.txt: what will not air as asked, or what loa had to guess. */
static void notes(wserver *w, loa_buf *o)
{
  loa_buf_puts(o, "[");
  loa_library *lib = &w->lib;
  int n = 0;
  for (size_t i = 0; i < lib->n && n < 100; i++) {
    const loa_bulletin *b = &lib->b[i];
    char id[1024], path[4300], first[512] = "";
    loa_wb_id_of(w->c->done, b->path, id, sizeof id);
    web_fmt(path, sizeof path, "%s/%s.canh-bao.txt", w->c->out, id);
    FILE *f = fopen(path, "re");
    if (!f && !b->invalid)
      continue;
    if (f) {
      char line[512];
      while (fgets(line, sizeof line, f)) {
        char *p = line + (strncmp(line, "\xef\xbb\xbf", 3) ? 0 : 3);
        p[strcspn(p, "\r\n")] = 0;
        if (*p) {
          web_fmt(first, sizeof first, "%s", p);
          break;
        }
      }
      fclose(f);
    } else
      web_fmt(first, sizeof first, "phần đầu bản tin sai, không phát / the header is wrong: never airs");
    loa_buf_puts(o, n++ ? ",{" : "{");
    loa_json_kv_str(o, 1, "id", id);
    loa_json_kv_str(o, 0, "title", b->title);
    loa_json_kv_str(o, 0, "note", first);
    loa_buf_putc(o, '}');
  }
  loa_buf_puts(o, "]");
}

typedef struct {
  loa_buf *o;
  int n;
  double now;
  char onair[256];
} fail_ctx;

static void failed_req(void *user, const loa_airlog_req *q, const char *state, const char *reason, double at)
{
  fail_ctx *x = user;
  if (!strcmp(state, "queued") && q->scheduled <= x->now && x->now - q->scheduled < 3600)
    web_fmt(x->onair, sizeof x->onair, "%s", q->title);
  if (strcmp(state, "failed") && strcmp(state, "missed") && strcmp(state, "unknown"))
    return;
  loa_buf_puts(x->o, x->n++ ? ",{" : "{");
  loa_json_kv_str(x->o, 1, "what", q->title[0] ? q->title : q->id);
  loa_json_kv_str(x->o, 0, "zone", q->zone);
  loa_json_kv_str(x->o, 0, "state", state);
  loa_json_kv_str(x->o, 0, "reason", reason ? reason : "");
  loa_buf_putc(x->o, '}');
}

void view_today(wserver *w, wreq *q, wres *r)
{
  long long now = time(NULL);
  int sec, today = web_station_date(w, now, &sec);
  loa_buf *o = &r->body;
  r->status = 200;
  loa_buf_putc(o, '{');
  loa_json_kv_int(o, 1, "now", now);
  char date[11];
  loa_date_format(today, date);
  loa_json_kv_str(o, 0, "date", date);
  loa_occurrence next;
  if (loa_slots_next(&w->slots, (time_t)now, &next) == 0) {
    loa_buf_puts(o, ",\"next\":{");
    loa_json_kv_str(o, 1, "slot", w->slots.slot[next.slot].name);
    loa_json_kv_str(o, 0, "label", w->slots.slot[next.slot].label);
    loa_json_kv_int(o, 0, "start", (long long)next.start);
    loa_buf_putc(o, '}');
  }
  loa_buf_puts(o, ",\"programmes\":");
  schedule_json(w, today, today, o);
  /* failures of the air today, and what is on the air now */
  loa_airlog *a = open_airlog(w);
  fail_ctx x = {o, 0, (double)now, ""};
  loa_buf_puts(o, ",\"air_failures\":[");
  if (a) {
    char e[256];
    time_t day0 = (time_t)(now - sec);
    loa_airlog_each_request(a, (double)day0, (double)day0 + 86400, failed_req, &x, e, sizeof e);
    loa_airlog_close(a);
  }
  loa_buf_puts(o, "]");
  loa_json_kv_str(o, 0, "on_air", x.onair);
  loa_buf_puts(o, ",\"held\":[");
  list_ctx h = {o, 0, "awaiting-approval"};
  loa_wb_each(w->c, 500, held_one, &h);
  loa_buf_puts(o, "],\"failed\":[");
  h = (list_ctx){o, 0, "failed"};
  loa_wb_each(w->c, 500, held_one, &h);
  loa_buf_puts(o, "],\"notes\":");
  pthread_mutex_lock(&w->lock);
  notes(w, o);
  pthread_mutex_unlock(&w->lock);
  loa_json_kv_bool(o, 0, "watch", loa_watch_daemon_pid(w->c) != 0);
  loa_buf_putc(o, '}');
}

/* ---------------------------------------------------------------- the air log */

static int query_month(struct MHD_Connection *conn, int *y, int *m)
{
  const char *v = web_query(conn, "month");
  char tail;
  return v && sscanf(v, "%4d-%2d%c", y, m, &tail) == 2 && *y >= 1970 && *y <= 9999 && *m >= 1 && *m <= 12
           ? 0 : -1;
}

typedef struct {
  loa_buf *o;
  const loa_config *c;
  int n;
} aired_ctx;

static void aired_one(void *user, const loa_airlog_aired *a)
{
  aired_ctx *x = user;
  char id[1024];
  loa_wb_id_of(x->c->done, a->source, id, sizeof id);
  if (!id[0]) {
    char withdrawn[4200];
    web_fmt(withdrawn, sizeof withdrawn, "%s/.withdrawn", x->c->done);
    loa_wb_id_of(withdrawn, a->source, id, sizeof id);
  }
  loa_buf_puts(x->o, x->n++ ? ",{" : "{");
  loa_json_kv_str(x->o, 1, "programme", a->title);
  loa_json_kv_str(x->o, 0, "slot", a->slot);
  loa_json_kv_str(x->o, 0, "date", a->date);
  loa_json_kv_str(x->o, 0, "zone", a->zone);
  loa_json_kv_int(x->o, 0, "item", a->item);
  loa_json_kv_str(x->o, 0, "kind", a->item_kind);
  loa_json_kv_str(x->o, 0, "title", a->item_title);
  loa_json_kv_str(x->o, 0, "id", id);
  loa_json_kv_str(x->o, 0, "priority", a->priority);
  loa_json_kv_num(x->o, 0, "scheduled", a->scheduled);
  loa_json_kv_num(x->o, 0, "start", a->start);
  loa_json_kv_num(x->o, 0, "end", a->end);
  loa_json_kv_num(x->o, 0, "seconds", a->duration);
  loa_json_kv_bool(x->o, 0, "interrupted", a->interrupted);
  loa_json_kv_bool(x->o, 0, "completed", a->completed);
  loa_buf_putc(x->o, '}');
}

static void month_range(const wserver *w, int y, int m, double *from, double *to)
{
  int ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
  *from = (double)(loa_date_to_days(y * 10000 + m * 100 + 1) * 86400 - w->slots.utc_offset_s);
  *to = (double)(loa_date_to_days(ny * 10000 + nm * 100 + 1) * 86400 - w->slots.utc_offset_s);
}

void view_airlog(wserver *w, struct MHD_Connection *conn, wres *r)
{
  int y, m;
  if (query_month(conn, &y, &m))
    return web_json_error(r, 400, "cần month=YYYY-MM / month=YYYY-MM needed");
  double from, to;
  month_range(w, y, m, &from, &to);
  loa_buf *o = &r->body;
  char month[16];
  web_fmt(month, sizeof month, "%04d-%02d", y, m);
  loa_buf_putc(o, '{');
  loa_json_kv_str(o, 1, "month", month);
  loa_buf_puts(o, ",\"aired\":[");
  loa_airlog *a = open_airlog(w);
  int rc = 0;
  char e[256] = "";
  if (a) {
    aired_ctx x = {o, w->c, 0};
    rc = loa_airlog_each_aired(a, from, to, aired_one, &x, e, sizeof e);
    loa_airlog_close(a);
  }
  loa_buf_puts(o, "]}");
  if (rc)
    return web_json_error(r, 500, e);
  r->status = 200;
}

void view_report(wserver *w, struct MHD_Connection *conn, wres *r)
{
  int y, m;
  if (query_month(conn, &y, &m))
    return web_json_error(r, 400, "cần month=YYYY-MM / month=YYYY-MM needed");
  const char *f = web_query(conn, "format");
  loa_report_format fmt = !f || !strcmp(f, "html") ? LOA_REPORT_HTML : !strcmp(f, "csv") ? LOA_REPORT_CSV
                        : !strcmp(f, "ods") ? LOA_REPORT_ODS : (loa_report_format)-1;
  if ((int)fmt < 0)
    return web_json_error(r, 400, "format: html, csv hoặc ods / html, csv or ods");
  loa_airlog *a;
  char e[512];
  if (loa_airlog_open(&a, w->c->state, e, sizeof e))
    return web_json_error(r, 500, e);
  static const char *const ext[] = {"csv", "ods", "html"};
  static const char *const type[] = {"text/csv; charset=utf-8",
                                     "application/vnd.oasis.opendocument.spreadsheet",
                                     "text/html; charset=utf-8"};
  char tmp[4200];
  web_fmt(tmp, sizeof tmp, "%s/.web-report-XXXXXX", w->c->state);
  int fd = mkstemp(tmp);
  loa_report_opts ro = {w->c->station, y, m, w->slots.utc_offset_s, fmt, &w->zones};
  int rc = fd < 0 ? loa_errf(e, sizeof e, "%s: %s", tmp, strerror(errno))
                  : loa_report_write(a, &ro, tmp, e, sizeof e);
  loa_airlog_close(a);
  if (fd >= 0)
    close(fd);
  size_t n = 0;
  char *data = NULL;
  FILE *in = rc ? NULL : fopen(tmp, "re");
  if (in) {
    loa_buf b = LOA_BUF_INIT;
    char chunk[8192];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, in)) > 0)
      loa_buf_put(&b, chunk, k);
    fclose(in);
    n = b.n;
    data = loa_buf_take(&b);
  }
  if (fd >= 0)
    unlink(tmp);
  if (rc || !data) {
    free(data);
    return web_json_error(r, 500, rc ? e : "cannot read the report");
  }
  r->status = 200;
  r->type = type[fmt];
  loa_buf_clear(&r->body);
  loa_buf_put(&r->body, data, n);
  free(data);
  web_fmt(r->disposition, sizeof r->disposition, "%s; filename=\"bao-cao-%04d-%02d.%s\"",
           fmt == LOA_REPORT_HTML ? "inline" : "attachment", y, m, ext[fmt]);
}

/* ---------------------------------------------------------------- zones, loudspeakers */

void view_zones(wserver *w, wres *r)
{
  loa_buf *o = &r->body;
  r->status = 200;
  loa_buf_puts(o, "{\"zones\":[");
  for (int i = 0, n = 0; i < w->zones.n; i++) {
    if (!w->zones.z[i].name[0])    /* the single unnamed zone of a station without zones.ini */
      continue;
    loa_buf_puts(o, n++ ? ",{" : "{");
    loa_json_kv_str(o, 1, "name", w->zones.z[i].name);
    loa_json_kv_str(o, 0, "label", w->zones.z[i].label);
    loa_json_kv_str(o, 0, "mount", w->zones.z[i].mount);
    loa_buf_putc(o, '}');
  }
  loa_buf_puts(o, "],\"speakers\":[");
  if (w->c->speakers_file[0]) {
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    char e[512] = "";
    int rc = mem ? loa_speakers_report(w->c, mem, e, sizeof e) : -1;
    if (mem)
      fclose(mem);
    int n = 0;
    for (char *line = text, *next; !rc && line && *line; line = next) {
      next = strchr(line, '\n');
      if (next)
        *next++ = 0;
      if (!*line)
        continue;
      loa_buf_puts(o, n++ ? "," : "");
      loa_json_str(o, line);
    }
    free(text);
    loa_buf_puts(o, "]");
    if (rc)
      loa_json_kv_str(o, 0, "speakers_error", e);
  } else
    loa_buf_puts(o, "]");
  loa_json_kv_bool(o, 0, "speakers_configured", w->c->speakers_file[0] != 0);
  loa_buf_putc(o, '}');
}

/* ---------------------------------------------------------------- the record of actions */

typedef struct {
  loa_buf *o;
  int n;
} audit_ctx;

static void audit_one(void *user, const loa_audit_row *a)
{
  audit_ctx *x = user;
  loa_buf_puts(x->o, x->n++ ? ",{" : "{");
  loa_json_kv_num(x->o, 1, "at", a->at);
  loa_json_kv_str(x->o, 0, "user", a->user);
  loa_json_kv_str(x->o, 0, "action", a->action);
  loa_json_kv_str(x->o, 0, "target", a->target);
  loa_json_kv_str(x->o, 0, "detail", a->detail);
  loa_json_kv_str(x->o, 0, "ip", a->ip);
  loa_buf_putc(x->o, '}');
}

void view_audit(wserver *w, wres *r)
{
  char e[256];
  loa_buf_puts(&r->body, "{\"actions\":[");
  audit_ctx x = {&r->body, 0};
  pthread_mutex_lock(&w->lock);
  int rc = loa_audit_each(w->audit, NULL, 200, audit_one, &x, e, sizeof e);
  pthread_mutex_unlock(&w->lock);
  loa_buf_puts(&r->body, "]}");
  if (rc)
    return web_json_error(r, 500, e);
  r->status = 200;
}
