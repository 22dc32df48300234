/* api.c: the bulletin routes of the web console: submit, list, read, audio, approve, withdraw. */
#include "web/web_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "schedules/airlog.h"
#include "tts/decode.h"
#include "tts/header.h"
#include "web/bulletins.h"
#include "web/json.h"
#include "web/fmt.h"

/* ---------------------------------------------------------------- submit */

/* The form's fields from the multipart parts or the JSON body into STORE. */
static int read_fields(const wreq *q, char store[10][2048], loa_wb_fields *f)
{
  const char *val[9] = {0};
  for (int i = 1; i < 9; i++) {
    if (!q->multipart && web_arg(q, web_form_fields[i], store[i], sizeof store[i]) < 0)
      return -1;
    val[i] = q->multipart ? q->fields[i] : store[i];
  }
  *f = (loa_wb_fields){val[1], val[2], val[3], val[4], val[5], val[6], val[7], val[8]};
  return 0;
}

static int is_urgent(const char *priority)
{
  char folded[64];
  loa_header_fold(priority ? priority : "", folded, sizeof folded);
  return !strcmp(folded, "khancap") || !strcmp(folded, "urgent");
}

void api_submit(wserver *w, wreq *q, wres *r)
{
  static __thread char store[10][2048];
  memset(store, 0, sizeof store);
  loa_wb_fields f;
  if (read_fields(q, store, &f))
    return web_json_error(r, 400, "JSON hỏng / malformed JSON");
  char *text = NULL;
  if (q->multipart)
    text = q->body.n ? strndup(q->body.p, q->body.n) : NULL;
  else {
    text = malloc(w->c->max_bytes + 2);
    int rc = text ? loa_json_get(q->body.p, q->body.n, "text", text, w->c->max_bytes + 2) : -1;
    if (rc == -2) {
      free(text);
      return web_json_error(r, 413, "bản tin quá dài / larger than [watch] max_bytes");
    }
    if (rc != 1)
      free(text), text = NULL;
  }
  int has_file = q->multipart && q->filename[0];
  if ((has_file && q->file.n > w->c->max_bytes) || (text && strlen(text) > w->c->max_bytes)) {
    free(text);
    return web_json_error(r, 413, "bản tin quá dài / larger than [watch] max_bytes");
  }
  if (!has_file && !text) {
    free(text);
    return web_json_error(r, 400, "cần nội dung (text) hoặc tệp (file) / text or file needed");
  }
  int hold = w->c->web_approval && q->s.role == LOA_ROLE_EDITOR;
  if (hold && is_urgent(f.priority)) {
    free(text);
    return web_json_error(r, 403, "tin khẩn cấp phải do người duyệt gửi / an urgent notice must come "
                                  "from an approver (it airs at once)");
  }
  char id[128], err[768];
  int rc = loa_wb_submit(w->c, &f, has_file ? NULL : text, has_file ? q->file.p : NULL,
                         has_file ? q->file.n : 0, q->filename, hold, q->s.user, id, sizeof id, err, sizeof err);
  free(text);
  if (rc == -3)
    return web_json_error(r, 413, "bản tin quá dài / larger than [watch] max_bytes");
  if (rc)
    return web_json_error(r, rc == -1 ? 400 : 500, err);
  web_audit(w, q, "submit", id, f.title && *f.title ? f.title : q->filename);
  r->status = 201;
  loa_buf_putc(&r->body, '{');
  loa_json_kv_str(&r->body, 1, "id", id);
  loa_json_kv_bool(&r->body, 0, "held", hold);
  loa_buf_putc(&r->body, '}');
}

/* ---------------------------------------------------------------- list */

typedef struct {
  loa_buf *b;
  const char *state;
  int n;
} list_ctx;

static void list_one(void *user, const loa_wb *b)
{
  list_ctx *x = user;
  if (x->state && *x->state && strcmp(x->state, loa_wb_state_name(b->state)))
    return;
  loa_buf_puts(x->b, x->n++ ? ",{" : "{");
  loa_json_kv_str(x->b, 1, "id", b->id);
  loa_json_kv_str(x->b, 0, "state", loa_wb_state_name(b->state));
  loa_json_kv_bool(x->b, 0, "audio", b->mp3[0] != 0);
  if (b->reason[0])
    loa_json_kv_str(x->b, 0, "reason", b->reason);
  loa_buf_putc(x->b, '}');
}

static void api_list(wserver *w, wres *r, const char *state)
{
  r->status = 200;
  loa_buf_puts(&r->body, "{\"bulletins\":[");
  list_ctx x = {&r->body, state, 0};
  loa_wb_each(w->c, 500, list_one, &x);
  loa_buf_puts(&r->body, "]}");
}

/* ---------------------------------------------------------------- one bulletin */

static void title_of(const loa_wb *b, char *out, size_t len, const loa_config *c)
{
  web_fmt(out, len, "%s", b->id);
  if (!b->path[0])
    return;
  loa_text t;
  char e[256];
  loa_header h;
  if (loa_decode_file(b->path, c->build.encoding, c->max_bytes, &t, e, sizeof e))
    return;
  if (!loa_header_parse(t.text, t.len, &h, e, sizeof e) && h.title[0])
    web_fmt(out, len, "%s", h.title);
  loa_text_free(&t);
}

/* The airings of B from today on (30 days), as the scheduler's plan has them. */
static void airings(wserver *w, const loa_wb *b, loa_buf *o)
{
  loa_buf_puts(o, "[");
  loa_library lib = {0};
  char e[512];
  if (!b->path[0] || loa_library_add_file(&lib, b->path, "", &w->c->build, e, sizeof e) || !lib.n) {
    loa_library_free(&lib);
    loa_buf_puts(o, "]");
    return;
  }
  /* the drop subfolder counts as the scheduler counts it */
  const char *slash = strchr(b->rel, '/');
  if (slash && (size_t)(slash - b->rel) < sizeof lib.b[0].folder)
    web_fmt(lib.b[0].folder, sizeof lib.b[0].folder, "%.*s", (int)(slash - b->rel), b->rel);
  int today = web_station_date(w, time(NULL), NULL), n = 0;
  for (int k = 0, d = today; k < 30; k++, d = loa_date_add(d, 1))
    for (int s = 0; s < w->slots.n; s++) {
      int replay;
      if (!loa_bulletin_airs(&w->slots, &lib.b[0], s, d, &replay))
        continue;
      char date[11];
      loa_date_format(d, date);
      loa_buf_puts(o, n++ ? ",{" : "{");
      loa_json_kv_str(o, 1, "date", date);
      loa_json_kv_str(o, 0, "slot", w->slots.slot[s].name);
      loa_json_kv_str(o, 0, "label", w->slots.slot[s].label);
      loa_json_kv_int(o, 0, "start", (long long)loa_slot_start(&w->slots, s, d));
      loa_json_kv_int(o, 0, "replay", replay);
      loa_buf_putc(o, '}');
    }
  loa_library_free(&lib);
  loa_buf_puts(o, "]");
}

typedef struct {
  const char *path;
  loa_buf *o;
  int n;
} aired_ctx;

static void aired_one(void *user, const loa_airlog_aired *a)
{
  aired_ctx *x = user;
  if (strcmp(a->source, x->path))
    return;
  loa_buf_puts(x->o, x->n++ ? ",{" : "{");
  loa_json_kv_num(x->o, 1, "start", a->start);
  loa_json_kv_num(x->o, 0, "end", a->end);
  loa_json_kv_str(x->o, 0, "zone", a->zone);
  loa_json_kv_str(x->o, 0, "slot", a->slot);
  loa_json_kv_bool(x->o, 0, "completed", a->completed);
  loa_buf_putc(x->o, '}');
}

/* What the air log says aired of the source PATH (the last 60 days). */
static void aired(wserver *w, const char *path, loa_buf *o)
{
  loa_buf_puts(o, "[");
  loa_airlog *a;
  char e[256];
  char db[4200];
  struct stat st;
  web_fmt(db, sizeof db, "%s/airlog.sqlite", w->c->state);
  if (path[0] && stat(db, &st) == 0 && loa_airlog_open(&a, w->c->state, e, sizeof e) == 0) {
    aired_ctx x = {path, o, 0};
    double now = (double)time(NULL);
    loa_airlog_each_aired(a, now - 60 * 86400.0, now + 1, aired_one, &x, e, sizeof e);
    loa_airlog_close(a);
  }
  loa_buf_puts(o, "]");
}

static void detail(wserver *w, const loa_wb *b, wres *r)
{
  char title[256];
  title_of(b, title, sizeof title, w->c);
  loa_buf *o = &r->body;
  r->status = 200;
  loa_buf_putc(o, '{');
  loa_json_kv_str(o, 1, "id", b->id);
  loa_json_kv_str(o, 0, "title", title);
  loa_json_kv_str(o, 0, "state", loa_wb_state_name(b->state));
  loa_json_kv_str(o, 0, "file", b->rel);
  if (b->reason[0])
    loa_json_kv_str(o, 0, "reason", b->reason);
  loa_json_kv_bool(o, 0, "audio", b->mp3[0] != 0);
  loa_buf_puts(o, ",\"reading\":");
  loa_buf warnings = LOA_BUF_INIT;
  if (!b->path[0] || lex_reading(w, b->path, o, &warnings))
    loa_buf_puts(o, "[]");
  loa_buf_puts(o, ",\"warnings\":");
  loa_buf_puts(o, warnings.n ? warnings.p : "[]");
  loa_buf_free(&warnings);
  loa_buf_puts(o, ",\"airings\":");
  if (b->state == LOA_WB_APPROVED || b->state == LOA_WB_AWAITING)
    airings(w, b, o);
  else
    loa_buf_puts(o, "[]");
  loa_buf_puts(o, ",\"aired\":");
  aired(w, b->state == LOA_WB_WITHDRAWN || b->state == LOA_WB_APPROVED ? b->path : "", o);
  loa_buf_putc(o, '}');
}

static void approve(wserver *w, wreq *q, wres *r, loa_wb *b)
{
  if (q->s.role < LOA_ROLE_APPROVER)
    return web_json_error(r, 403, "chỉ người duyệt được duyệt / only an approver approves");
  if (b->state == LOA_WB_FAILED || b->state == LOA_WB_WITHDRAWN)
    return web_json_error(r, 409, b->state == LOA_WB_FAILED ? "bản tin lỗi / the bulletin failed"
                                                             : "đã rút / withdrawn");
  /* the hold mark sits in done/ from the start, whatever the file's state now */
  loa_wb at_done = *b;
  web_fmt(at_done.path, sizeof at_done.path, "%s/%s", w->c->done, b->rel);
  char err[512];
  if (loa_wb_approve(w->c, &at_done, err, sizeof err))
    return web_json_error(r, 500, err);
  web_audit(w, q, "approve", b->id, "");
  r->status = 200;
  loa_buf_putc(&r->body, '{');
  loa_json_kv_str(&r->body, 1, "id", b->id);
  loa_json_kv_str(&r->body, 0, "state", b->state == LOA_WB_AWAITING ? "approved" : loa_wb_state_name(b->state));
  loa_buf_putc(&r->body, '}');
}

static void withdraw(wserver *w, wreq *q, wres *r, loa_wb *b)
{
  if (q->s.role < LOA_ROLE_APPROVER)
    return web_json_error(r, 403, "chỉ người duyệt được rút bản tin / only an approver withdraws");
  char err[512];
  int rc = loa_wb_withdraw(w->c, b, q->s.user, err, sizeof err);
  if (rc)
    return web_json_error(r, rc > 0 ? 409 : 500, err);
  web_audit(w, q, "withdraw", b->id, "");
  r->status = 200;
  loa_buf_putc(&r->body, '{');
  loa_json_kv_str(&r->body, 1, "id", b->id);
  loa_json_kv_str(&r->body, 0, "state", "withdrawn");
  loa_buf_putc(&r->body, '}');
}

void api_bulletin(wserver *w, wreq *q, wres *r, const char *id, const char *action)
{
  if (!id)
    return api_list(w, r, action);
  loa_wb b;
  if (!loa_wb_find(w->c, id, &b))
    return web_json_error(r, 404, "không có bản tin này / no such bulletin");
  if (!strcmp(action, "audio")) {
    if (!b.mp3[0])
      return web_json_error(r, 404, "chưa có âm thanh / no audio yet");
    r->file = "audio/mpeg";
    r->type = "audio/mpeg";
    web_fmt(r->file_path, sizeof r->file_path, "%s", b.mp3);
    r->status = 200;
    return;
  }
  if (!strcmp(action, "approve"))
    return approve(w, q, r, &b);
  if (!strcmp(action, "withdraw"))
    return withdraw(w, q, r, &b);
  detail(w, &b, r);
}
