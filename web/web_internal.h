/* web_internal.h: what the web/ files share; not a public contract.
 *
 * server.c   the HTTP server: routing, sessions, CSRF, login throttling, assets, bodies
 * api.c      the bulletin routes: submit, read, audio, approve, withdraw
 * views.c    the read-only views: today, schedule, air log, report, zones, audit
 * lexedit.c  the local lexicon: rows, validation as the CLI validates, word previews
 */
#ifndef LOA_WEB_INTERNAL_H
#define LOA_WEB_INTERNAL_H

#include <microhttpd.h>
#include <pthread.h>
#include <stddef.h>

#include "lexicon/buf.h"
#include "schedules/config.h"
#include "schedules/plan.h"
#include "schedules/slots.h"
#include "schedules/zones.h"
#include "tts/normalize.h"
#include "web/audit.h"
#include "web/users.h"
#include "web/web.h"

#define WEB_SESSIONS_MAX 512
#define WEB_SESSION_IDLE_S (8 * 3600)
#define WEB_THROTTLE_MAX 256

typedef struct {
  char id[65], csrf[65];
  char user[33];
  loa_role role;
  long long last;            /* unix time of the last request */
} wsession;

typedef struct {
  char key[80];              /* "ip:ADDRESS" or "user:NAME" */
  int fails;
  long long last;
} wthrottle;

typedef struct {
  char name[64], type[64];
  char *data;
  size_t len;
} wasset;

typedef struct {
  const loa_web_opts *o;
  const loa_config *c;
  loa_slots slots;
  loa_zones zones;
  pthread_mutex_t lock;      /* everything below */
  char users_path[4096];
  loa_users users;
  loa_audit *audit;
  wsession sessions[WEB_SESSIONS_MAX];
  wthrottle throttle[WEB_THROTTLE_MAX];
  wasset *assets;
  size_t nassets;
  loa_library lib;           /* done/, kept between scans */
  loa_lexicon *lex;
  loa_normalizer *norm;
  long long started;
} wserver;

/* One request. */
typedef struct {
  char method[8];
  char url[2048];
  char ip[64];
  loa_buf body;
  size_t limit;              /* bytes of body allowed */
  int too_big, bad_body;
  struct MHD_PostProcessor *pp;
  int multipart;
  loa_buf file;              /* multipart: field file */
  char filename[256];
  char fields[10][2048];     /* multipart text fields, by index of form_fields[] */
  /* resolved at dispatch */
  wsession s;                /* copy of the session; s.user[0] = 0: none */
} wreq;

/* A response under construction. */
typedef struct {
  int status;
  loa_buf body;
  const char *type;          /* default application/json */
  char cookie[256];
  const char *file;          /* send this file instead of the body (audio) */
  char file_path[4096];
  char disposition[256];
} wres;

extern const char *const web_form_fields[10];   /* text, title, slots, from, to, times, priority, zones, repeats, csrf */

/* server.c */
void web_json_error(wres *r, int status, const char *msg);
void web_log(wserver *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void web_audit(wserver *w, const wreq *q, const char *action, const char *target, const char *detail);
/* The request's JSON member KEY into OUT: 1, 0 absent, -1 malformed body. */
int web_arg(const wreq *q, const char *key, char *out, size_t len);
/* A query-string argument. */
const char *web_query(struct MHD_Connection *conn, const char *key);
/* Rescan done/ into w->lib (lock held). */
void web_scan_library(wserver *w);

/* api.c */
void api_submit(wserver *w, wreq *q, wres *r);
void api_bulletin(wserver *w, wreq *q, wres *r, const char *id, const char *action);

/* views.c */
void view_today(wserver *w, wreq *q, wres *r);
void view_schedule(wserver *w, struct MHD_Connection *conn, wres *r);
void view_airlog(wserver *w, struct MHD_Connection *conn, wres *r);
void view_report(wserver *w, struct MHD_Connection *conn, wres *r);
void view_zones(wserver *w, wres *r);
void view_audit(wserver *w, wres *r);
void view_health(wserver *w, wres *r);
/* The station date of unix time T (YYYYMMDD) and seconds into it. */
int web_station_date(const wserver *w, long long t, int *sec);

/* lexedit.c */
int lex_reload(wserver *w, char *err, size_t errlen);
void lex_get(wserver *w, wres *r);
void lex_put(wserver *w, wreq *q, wres *r);
void lex_delete(wserver *w, wreq *q, wres *r);
void lex_speak(wserver *w, wreq *q, wres *r);
/* The reading of the source file PATH: JSON lines with their findings into B, and every
 * finding with its line (what `loa check` lists) into WARNINGS. 0, or -1 (nothing put). */
int lex_reading(wserver *w, const char *path, loa_buf *b, loa_buf *warnings);

/* users (server.c) */
void users_list(wserver *w, wres *r);
void users_put(wserver *w, wreq *q, wres *r);
void users_delete(wserver *w, wreq *q, wres *r, const char *name);

#endif
