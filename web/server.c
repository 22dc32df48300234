/* server.c: the web console's HTTP server (libmicrohttpd): routing, sessions, CSRF,
 * login throttling, the assets and request bodies (see web.h).
 *
 * One thread per connection (a login that must wait, a word being synthesised, never
 * hold the others up: /api/health answers throughout); the shared state is behind one
 * mutex. Every decision that needs no body (404, 405, 401, 403, 413 by Content-Length)
 * is made on the request's first call, before any body is read.
 */
#include "web/web_internal.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lexicon/lexicon.h"
#include "schedules/slotprog.h"
#include "web/bulletins.h"
#include "web/json.h"
#include "web/fmt.h"

#define JSON_LIMIT (64 * 1024)
#define MULTIPART_SLACK (64 * 1024)

static volatile sig_atomic_t stop_requested;

void loa_web_request_stop(void)
{
  stop_requested = 1;
}

void loa_web_users_path(const loa_config *c, char *out, size_t len)
{
  if (c->web_users[0])
    web_fmt(out, len, "%s", c->web_users);
  else
    web_fmt(out, len, "%s/web-users.txt", c->state);
}

/* ---------------------------------------------------------------- sessions */

static int random_hex(char *out, size_t nbytes)
{
  unsigned char r[32];
  if (nbytes > sizeof r || getrandom(r, nbytes, 0) != (ssize_t)nbytes)
    return -1;
  for (size_t i = 0; i < nbytes; i++)
    web_fmt(out + 2 * i, 3, "%02x", r[i]);
  return 0;
}

static int same_secret(const char *a, const char *b)
{
  size_t na = strlen(a), nb = strlen(b);
  unsigned char d = na != nb || na == 0;
  for (size_t i = 0; i < na && i < nb; i++)
    d |= (unsigned char)(a[i] ^ b[i]);
  return !d;
}

/* The session of the request's cookie (lock held), or NULL. */
static wsession *session_of(wserver *w, struct MHD_Connection *conn, long long now)
{
  const char *id = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, "loa_session");
  if (!id || strlen(id) != 64)
    return NULL;
  for (int i = 0; i < WEB_SESSIONS_MAX; i++) {
    wsession *s = &w->sessions[i];
    if (s->id[0] && same_secret(s->id, id)) {
      if (now - s->last > WEB_SESSION_IDLE_S) {
        memset(s, 0, sizeof *s);
        return NULL;
      }
      s->last = now;
      return s;
    }
  }
  return NULL;
}

/* A new session for USER (lock held); the oldest goes when the table is full. */
static wsession *session_new(wserver *w, const char *user, loa_role role, long long now)
{
  wsession *slot = &w->sessions[0];
  for (int i = 0; i < WEB_SESSIONS_MAX; i++) {
    wsession *s = &w->sessions[i];
    if (!s->id[0] || now - s->last > WEB_SESSION_IDLE_S) {
      slot = s;
      break;
    }
    if (s->last < slot->last)
      slot = s;
  }
  memset(slot, 0, sizeof *slot);
  if (random_hex(slot->id, 32) || random_hex(slot->csrf, 32)) {
    memset(slot, 0, sizeof *slot);
    return NULL;
  }
  web_fmt(slot->user, sizeof slot->user, "%s", user);
  slot->role = role;
  slot->last = now;
  return slot;
}

/* ---------------------------------------------------------------- login throttling */

static wthrottle *throttle_of(wserver *w, const char *key, int create, long long now)
{
  wthrottle *oldest = &w->throttle[0];
  for (int i = 0; i < WEB_THROTTLE_MAX; i++) {
    wthrottle *t = &w->throttle[i];
    if (t->key[0] && !strcmp(t->key, key)) {
      if (now - t->last > 900)
        t->fails = 0;        /* a quarter of an hour without failure forgives */
      return t;
    }
    if (t->last < oldest->last)
      oldest = t;
  }
  if (!create)
    return NULL;
  memset(oldest, 0, sizeof *oldest);
  web_fmt(oldest->key, sizeof oldest->key, "%s", key);
  return oldest;
}

/* How long to wait before checking a login for IP and USER: 0 at first, then 0.25 s
 * doubling with each attempt since the last success (within a quarter of an hour), at
 * most 8 s. */
static long delay_ms(wserver *w, const char *ip, const char *user, long long now)
{
  char k1[80], k2[80];
  web_fmt(k1, sizeof k1, "ip:%s", ip);
  web_fmt(k2, sizeof k2, "user:%.40s", user);
  wthrottle *a = throttle_of(w, k1, 0, now), *b = throttle_of(w, k2, 0, now);
  int fails = a ? a->fails : 0;
  if (b && b->fails > fails)
    fails = b->fails;
  if (!fails)
    return 0;
  long ms = 250;
  for (int i = 1; i < fails && ms < 8000; i++)
    ms *= 2;
  return ms > 8000 ? 8000 : ms;
}

/* Count an attempt for IP and USER before it is checked (so that attempts made at
 * once all count), or forget them after a success. */
static void throttle_note(wserver *w, const char *ip, const char *user, int attempt, long long now)
{
  char k[2][80];
  snprintf(k[0], sizeof k[0], "ip:%s", ip);
  snprintf(k[1], sizeof k[1], "user:%.40s", user);
  for (int i = 0; i < 2; i++) {
    wthrottle *t = throttle_of(w, k[i], attempt, now);
    if (!t)
      continue;
    if (attempt)
      t->fails++, t->last = now;
    else
      memset(t, 0, sizeof *t);
  }
}

static void api_login(wserver *w, struct MHD_Connection *conn, wreq *q, wres *r)
{
  char user[64], password[512];
  const char *type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
  if (!type || strncasecmp(type, "application/json", 16))
    return web_json_error(r, 400, "gửi JSON / send application/json");
  if (web_arg(q, "user", user, sizeof user) != 1 || web_arg(q, "password", password, sizeof password) != 1)
    return web_json_error(r, 400, "cần user và password / user and password needed");
  long long now = time(NULL);
  loa_users one = {0};
  pthread_mutex_lock(&w->lock);
  long wait = delay_ms(w, q->ip, user, now);
  throttle_note(w, q->ip, user, 1, now);
  for (int i = 0; i < w->users.n; i++)
    if (!strcmp(w->users.u[i].name, user))
      one.u[one.n++] = w->users.u[i];
  pthread_mutex_unlock(&w->lock);
  if (wait)
    nanosleep(&(struct timespec){wait / 1000, (wait % 1000) * 1000000L}, NULL);
  loa_role role = loa_users_verify(&one, user, password);
  explicit_bzero(password, sizeof password);
  pthread_mutex_lock(&w->lock);
  now = time(NULL);
  if (role != LOA_ROLE_NONE)
    throttle_note(w, q->ip, user, 0, now);
  /* never keep the session the request came with: a new id at every login */
  wsession *old = session_of(w, conn, now);
  if (old)
    memset(old, 0, sizeof *old);
  wsession *s = role != LOA_ROLE_NONE ? session_new(w, user, role, now) : NULL;
  wsession copy = s ? *s : (wsession){0};
  pthread_mutex_unlock(&w->lock);
  web_fmt(q->s.user, sizeof q->s.user, "%s", loa_user_name_ok(user) ? user : "?");
  if (role == LOA_ROLE_NONE) {
    web_audit(w, q, "login-failed", user, wait ? "delayed" : "");
    return web_json_error(r, 401, "sai tên hoặc mật khẩu / wrong user name or password");
  }
  if (!s)
    return web_json_error(r, 500, "no session");
  web_audit(w, q, "login", user, loa_role_name(role));
  web_fmt(r->cookie, sizeof r->cookie, "loa_session=%s; Path=/; HttpOnly; SameSite=Strict", copy.id);
  r->status = 200;
  loa_buf_putc(&r->body, '{');
  loa_json_kv_str(&r->body, 1, "csrf", copy.csrf);
  loa_json_kv_str(&r->body, 0, "user", copy.user);
  loa_json_kv_str(&r->body, 0, "role", loa_role_name(copy.role));
  loa_buf_putc(&r->body, '}');
}

static void api_logout(wserver *w, struct MHD_Connection *conn, wreq *q, wres *r)
{
  pthread_mutex_lock(&w->lock);
  wsession *s = session_of(w, conn, time(NULL));
  if (s)
    memset(s, 0, sizeof *s);
  pthread_mutex_unlock(&w->lock);
  web_audit(w, q, "logout", q->s.user, "");
  web_fmt(r->cookie, sizeof r->cookie, "loa_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
  r->status = 200;
  loa_buf_puts(&r->body, "{}");
}

static void api_me(wserver *w, wreq *q, wres *r)
{
  r->status = 200;
  loa_buf_putc(&r->body, '{');
  loa_json_kv_str(&r->body, 1, "user", q->s.user);
  loa_json_kv_str(&r->body, 0, "role", loa_role_name(q->s.role));
  loa_json_kv_str(&r->body, 0, "csrf", q->s.csrf);
  loa_json_kv_bool(&r->body, 0, "approval", w->c->web_approval);
  loa_json_kv_str(&r->body, 0, "station", w->c->station);
  loa_json_kv_int(&r->body, 0, "utc_offset", w->slots.utc_offset_s);
  loa_buf_putc(&r->body, '}');
}

/* ---------------------------------------------------------------- users (admin) */

void users_list(wserver *w, wres *r)
{
  r->status = 200;
  loa_buf_puts(&r->body, "{\"users\":[");
  pthread_mutex_lock(&w->lock);
  for (int i = 0; i < w->users.n; i++) {
    loa_buf_puts(&r->body, i ? ",{" : "{");
    loa_json_kv_str(&r->body, 1, "name", w->users.u[i].name);
    loa_json_kv_str(&r->body, 0, "role", loa_role_name(w->users.u[i].role));
    loa_buf_putc(&r->body, '}');
  }
  pthread_mutex_unlock(&w->lock);
  loa_buf_puts(&r->body, "]}");
}

void users_put(wserver *w, wreq *q, wres *r)
{
  char name[64], role[32], password[512], err[256];
  if (web_arg(q, "name", name, sizeof name) != 1 || web_arg(q, "role", role, sizeof role) != 1 ||
      web_arg(q, "password", password, sizeof password) != 1)
    return web_json_error(r, 400, "cần name, role, password / name, role and password needed");
  int changed = 0, rc;
  pthread_mutex_lock(&w->lock);
  loa_users next = w->users;
  rc = loa_users_set(&next, name, loa_role_parse(role), password, &changed, err, sizeof err);
  if (!rc && !(rc = loa_users_save(&next, w->users_path, err, sizeof err)))
    w->users = next;
  pthread_mutex_unlock(&w->lock);
  explicit_bzero(password, sizeof password);
  if (rc)
    return web_json_error(r, 400, err);
  web_audit(w, q, changed ? "user-changed" : "user-added", name, role);
  r->status = changed ? 200 : 201;
  loa_buf_puts(&r->body, "{}");
}

void users_delete(wserver *w, wreq *q, wres *r, const char *name)
{
  char err[256] = "";
  pthread_mutex_lock(&w->lock);
  loa_users next = w->users;
  int rc = loa_users_remove(&next, name) ? 404 : loa_users_save(&next, w->users_path, err, sizeof err) ? 500 : 0;
  if (!rc) {
    w->users = next;
    for (int i = 0; i < WEB_SESSIONS_MAX; i++)   /* a removed user is logged out at once */
      if (!strcmp(w->sessions[i].user, name))
        memset(&w->sessions[i], 0, sizeof w->sessions[i]);
  }
  pthread_mutex_unlock(&w->lock);
  if (rc)
    return web_json_error(r, rc, rc == 404 ? "không có người dùng này / no such user" : err);
  web_audit(w, q, "user-removed", name, "");
  r->status = 200;
  loa_buf_puts(&r->body, "{}");
}

/* ---------------------------------------------------------------- assets */

static const char *asset_type(const char *name)
{
  static const char *const t[][2] = {
    {".html", "text/html; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"}, {".svg", "image/svg+xml"},
    {".png", "image/png"}, {".ico", "image/x-icon"}, {".woff2", "font/woff2"}};
  const char *dot = strrchr(name, '.');
  for (size_t i = 0; dot && i < sizeof t / sizeof t[0]; i++)
    if (!strcmp(dot, t[i][0]))
      return t[i][1];
  return NULL;
}

static int asset_name_ok(const char *n)
{
  if (!*n || n[0] == '.' || strlen(n) >= 64)
    return 0;
  for (; *n; n++)
    if (!((*n >= 'a' && *n <= 'z') || (*n >= '0' && *n <= '9') || *n == '.' || *n == '-' || *n == '_'))
      return 0;
  return 1;
}

static int load_assets(wserver *w, const char *dir, char *err, size_t errlen)
{
  DIR *d = opendir(dir);
  if (!d)
    return loa_errf(err, errlen, "%s: %s (the console's pages)", dir, strerror(errno));
  struct dirent *e;
  size_t cap = 0;
  int rc = 0;
  while (!rc && (e = readdir(d))) {
    const char *type = asset_type(e->d_name);
    if (!type || !asset_name_ok(e->d_name))
      continue;
    char path[4200];
    web_fmt(path, sizeof path, "%s/%s", dir, e->d_name);
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size > (4 << 20)) {
      if (fd >= 0)
        close(fd);
      continue;
    }
    wasset *a = loa_grow(w->assets, &cap, w->nassets + 1, sizeof *a);
    char *data = malloc((size_t)st.st_size + 1);
    if (!a || !data) {
      free(data);
      close(fd);
      rc = loa_errf(err, errlen, "out of memory");
      break;
    }
    w->assets = a;
    a = &w->assets[w->nassets];
    ssize_t got = read(fd, data, (size_t)st.st_size);
    close(fd);
    if (got != st.st_size) {
      free(data);
      continue;
    }
    web_fmt(a->name, sizeof a->name, "%s", e->d_name);
    web_fmt(a->type, sizeof a->type, "%s", type);
    a->data = data;
    a->len = (size_t)got;
    w->nassets++;
  }
  closedir(d);
  if (!rc) {
    int has_index = 0;
    for (size_t i = 0; i < w->nassets; i++)
      has_index |= !strcmp(w->assets[i].name, "index.html");
    if (!has_index)
      rc = loa_errf(err, errlen, "%s: no index.html (the console's pages)", dir);
  }
  return rc;
}

static const wasset *asset(const wserver *w, const char *name)
{
  for (size_t i = 0; i < w->nassets; i++)
    if (!strcmp(w->assets[i].name, name))
      return &w->assets[i];
  return NULL;
}

/* ---------------------------------------------------------------- routing */

enum { NEED_NONE = 0, NEED_LOGIN = 1 };

typedef struct {
  const char *method, *path;  /* a path ending in '*' matches its prefix */
  loa_role role;              /* LOA_ROLE_NONE: no login */
  int id;
} wroute;

enum {
  R_HEALTH, R_LOGIN, R_LOGOUT, R_ME, R_SUBMIT, R_LIST, R_BULLETIN, R_BULLETIN_POST, R_SCHEDULE,
  R_AIRLOG, R_REPORT, R_TODAY, R_ZONES, R_AUDIT, R_LEX_GET, R_LEX_PUT, R_LEX_DELETE, R_SPEAK,
  R_USERS_GET, R_USERS_PUT, R_USERS_POST
};

static const wroute routes[] = {
  {"GET", "/api/health", LOA_ROLE_NONE, R_HEALTH},
  {"POST", "/api/login", LOA_ROLE_NONE, R_LOGIN},
  {"POST", "/api/logout", LOA_ROLE_EDITOR, R_LOGOUT},
  {"GET", "/api/me", LOA_ROLE_EDITOR, R_ME},
  {"POST", "/api/bulletins", LOA_ROLE_EDITOR, R_SUBMIT},
  {"GET", "/api/bulletins", LOA_ROLE_EDITOR, R_LIST},
  {"GET", "/api/bulletins/*", LOA_ROLE_EDITOR, R_BULLETIN},
  {"POST", "/api/bulletins/*", LOA_ROLE_EDITOR, R_BULLETIN_POST},
  {"GET", "/api/schedule", LOA_ROLE_EDITOR, R_SCHEDULE},
  {"GET", "/api/airlog", LOA_ROLE_EDITOR, R_AIRLOG},
  {"GET", "/api/report", LOA_ROLE_EDITOR, R_REPORT},
  {"GET", "/api/today", LOA_ROLE_EDITOR, R_TODAY},
  {"GET", "/api/zones", LOA_ROLE_EDITOR, R_ZONES},
  {"GET", "/api/audit", LOA_ROLE_APPROVER, R_AUDIT},
  {"GET", "/api/lexicon", LOA_ROLE_EDITOR, R_LEX_GET},
  {"POST", "/api/lexicon", LOA_ROLE_ADMIN, R_LEX_PUT},
  {"POST", "/api/lexicon/delete", LOA_ROLE_ADMIN, R_LEX_DELETE},
  {"POST", "/api/speak", LOA_ROLE_EDITOR, R_SPEAK},
  {"GET", "/api/users", LOA_ROLE_ADMIN, R_USERS_GET},
  {"POST", "/api/users", LOA_ROLE_ADMIN, R_USERS_PUT},
  {"POST", "/api/users/*", LOA_ROLE_ADMIN, R_USERS_POST},
};

static int path_matches(const char *pattern, const char *path)
{
  size_t n = strlen(pattern);
  if (pattern[n - 1] == '*')
    return !strncmp(pattern, path, n - 1) && path[n - 1];
  return !strcmp(pattern, path);
}

/* The route of METHOD PATH; *KNOWN_PATH = 1 when the path is the API's under another method. */
static const wroute *route_of(const char *method, const char *path, int *known_path)
{
  *known_path = 0;
  const wroute *wild = NULL;
  for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
    if (!path_matches(routes[i].path, path))
      continue;
    *known_path = 1;
    if (strcmp(routes[i].method, method))
      continue;
    if (routes[i].path[strlen(routes[i].path) - 1] != '*')
      return &routes[i];
    wild = &routes[i];
  }
  return wild;
}

static int state_changing(const char *method)
{
  return strcmp(method, "GET") && strcmp(method, "HEAD");
}

/* The decisions made before any body is read: 0 = go on, else the status put in R. */
static int precheck(wserver *w, struct MHD_Connection *conn, wreq *q, const wroute *rt, wres *r)
{
  if (rt->role == LOA_ROLE_NONE)
    return 0;
  pthread_mutex_lock(&w->lock);
  wsession *s = session_of(w, conn, time(NULL));
  if (s)
    q->s = *s;
  pthread_mutex_unlock(&w->lock);
  if (!s)
    return web_json_error(r, 401, "cần đăng nhập / login required"), 401;
  if (state_changing(q->method)) {
    const char *tok = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-CSRF-Token");
    if (!tok || !same_secret(tok, q->s.csrf))
      return web_json_error(r, 403, "thiếu mã chống giả mạo (X-CSRF-Token) / CSRF token missing or wrong"), 403;
  }
  if (q->s.role < rt->role)
    return web_json_error(r, 403, "không đủ quyền / not allowed for your role"), 403;
  return 0;
}

static void dispatch(wserver *w, struct MHD_Connection *conn, wreq *q, const wroute *rt, wres *r)
{
  const char *rest = q->url + strlen(rt->path) - 1;   /* after a '*' pattern's prefix */
  switch (rt->id) {
  case R_HEALTH: view_health(w, r); break;
  case R_LOGIN: api_login(w, conn, q, r); break;
  case R_LOGOUT: api_logout(w, conn, q, r); break;
  case R_ME: api_me(w, q, r); break;
  case R_SUBMIT: api_submit(w, q, r); break;
  case R_LIST: api_bulletin(w, q, r, NULL, web_query(conn, "state")); break;
  case R_BULLETIN:
  case R_BULLETIN_POST: {
    char id[1100];
    web_fmt(id, sizeof id, "%s", rest);
    const char *action = "";
    char *slash = strrchr(id, '/');
    if (slash && (!strcmp(slash, "/audio") || !strcmp(slash, "/approve") || !strcmp(slash, "/withdraw") ||
                  !strcmp(slash, "/reading")))
      action = slash + 1, *slash = 0;
    int post = rt->id == R_BULLETIN_POST;
    if (post != (!strcmp(action, "approve") || !strcmp(action, "withdraw")))
      return web_json_error(r, *action || post ? 405 : 404, post ? "method not allowed" : "not found");
    api_bulletin(w, q, r, id, action);
    break;
  }
  case R_SCHEDULE: view_schedule(w, conn, r); break;
  case R_AIRLOG: view_airlog(w, conn, r); break;
  case R_REPORT: view_report(w, conn, r); break;
  case R_TODAY: view_today(w, q, r); break;
  case R_ZONES: view_zones(w, r); break;
  case R_AUDIT: view_audit(w, r); break;
  case R_LEX_GET: lex_get(w, r); break;
  case R_LEX_PUT: lex_put(w, q, r); break;
  case R_LEX_DELETE: lex_delete(w, q, r); break;
  case R_SPEAK: lex_speak(w, q, r); break;
  case R_USERS_GET: users_list(w, r); break;
  case R_USERS_PUT: users_put(w, q, r); break;
  case R_USERS_POST: {
    char name[64];
    web_fmt(name, sizeof name, "%s", rest);
    char *slash = strchr(name, '/');
    if (!slash || strcmp(slash, "/delete"))
      return web_json_error(r, 404, "not found");
    *slash = 0;
    users_delete(w, q, r, name);
    break;
  }
  }
}

/* ---------------------------------------------------------------- responses */

static enum MHD_Result send_res(struct MHD_Connection *conn, wres *r, int api)
{
  struct MHD_Response *resp = NULL;
  int status = r->status ? r->status : 500;
  if (r->file) {
    int fd = open(r->file_path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
      uint64_t size = (uint64_t)st.st_size, from = 0, to = size ? size - 1 : 0;
      const char *range = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Range");
      unsigned long long a, b;
      int partial = 0;
      if (range && size) {
        int k = sscanf(range, "bytes=%llu-%llu", &a, &b);
        if (k >= 1 && a < size) {
          from = a, to = k == 2 && b < size && b >= a ? b : size - 1;
          partial = 1;
        }
      }
      resp = MHD_create_response_from_fd_at_offset64(to - from + 1, fd, from);
      if (resp) {
        char cr[96];
        status = partial ? 206 : 200;
        if (partial) {
          web_fmt(cr, sizeof cr, "bytes %llu-%llu/%llu", (unsigned long long)from,
                   (unsigned long long)to, (unsigned long long)size);
          MHD_add_response_header(resp, "Content-Range", cr);
        }
        MHD_add_response_header(resp, "Accept-Ranges", "bytes");
      } else
        close(fd);
    } else {
      if (fd >= 0)
        close(fd);
      web_json_error(r, 404, "không có tệp âm thanh / no audio");
      r->type = NULL;
      status = 404;
    }
  }
  if (!resp) {
    size_t n = r->body.n;
    char *data = loa_buf_take(&r->body);
    if (!data)
      return MHD_NO;
    resp = MHD_create_response_from_buffer(n, data, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
      free(data);
      return MHD_NO;
    }
  }
  MHD_add_response_header(resp, "Content-Type", r->file && status < 300 ? r->type
                                                : r->type ? r->type : "application/json; charset=utf-8");
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, "X-Frame-Options", "DENY");
  MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
  MHD_add_response_header(resp, "Content-Security-Policy",
                          "default-src 'self'; img-src 'self' data:; media-src 'self' blob:; "
                          "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  MHD_add_response_header(resp, "Cache-Control", api ? "no-store" : "no-cache");
  if (r->cookie[0])
    MHD_add_response_header(resp, "Set-Cookie", r->cookie);
  if (r->disposition[0])
    MHD_add_response_header(resp, "Content-Disposition", r->disposition);
  enum MHD_Result ok = MHD_queue_response(conn, (unsigned)status, resp);
  MHD_destroy_response(resp);
  return ok;
}

/* ---------------------------------------------------------------- request bodies */

static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                               const char *content_type, const char *encoding, const char *data,
                               uint64_t off, size_t size)
{
  wreq *q = cls;
  if (!strcmp(key, "file")) {
    if (filename && !q->filename[0])
      web_fmt(q->filename, sizeof q->filename, "%s", filename);
    if (q->file.n + size > q->limit)
      q->too_big = 1;
    else
      loa_buf_put(&q->file, data, size);
    return MHD_YES;
  }
  for (int i = 0; i < 10; i++)
    if (!strcmp(key, web_form_fields[i])) {
      size_t have = strlen(q->fields[i]);
      if (i == 0) {                        /* text: into the body buffer, it may be long */
        if (q->body.n + size > q->limit)
          q->too_big = 1;
        else
          loa_buf_put(&q->body, data, size);
      } else if (have + size < sizeof q->fields[i])
        memcpy(q->fields[i] + have, data, size), q->fields[i][have + size] = 0;
      else
        q->bad_body = 1;
    }
  return MHD_YES;
}

static size_t body_limit(const wserver *w, const wroute *rt)
{
  return rt->id == R_SUBMIT ? w->c->max_bytes + MULTIPART_SLACK : JSON_LIMIT;
}

static enum MHD_Result first_call(wserver *w, struct MHD_Connection *conn, wreq *q, const char *url,
                                  const char *method)
{
  web_fmt(q->url, sizeof q->url, "%s", url);
  web_fmt(q->method, sizeof q->method, "%s", method);
  const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (ci && ci->client_addr) {
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
      inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, q->ip, sizeof q->ip);
    else if (sa->sa_family == AF_INET6)
      inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, q->ip, sizeof q->ip);
  }
  return MHD_YES;
}

static enum MHD_Result serve_page(wserver *w, struct MHD_Connection *conn, wreq *q)
{
  wres r = {.status = 404};
  const wasset *a = NULL;
  if (!strcmp(q->method, "GET") || !strcmp(q->method, "HEAD")) {
    if (!strcmp(q->url, "/"))
      a = asset(w, "index.html");
    else if (!strncmp(q->url, "/assets/", 8))
      a = asset(w, q->url + 8);
  }
  if (a) {
    r.status = 200;
    r.type = a->type;
    loa_buf_put(&r.body, a->data, a->len);
  } else {
    r.type = "text/plain; charset=utf-8";
    loa_buf_puts(&r.body, "404 không có trang này / not found\n");
  }
  return send_res(conn, &r, 0);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                              const char *version, const char *upload_data, size_t *upload_data_size,
                              void **con_cls)
{
  wserver *w = cls;
  wreq *q = *con_cls;
  if (!q) {
    if (!(q = calloc(1, sizeof *q)))
      return MHD_NO;
    *con_cls = q;
    first_call(w, conn, q, url, method);
    if (strncmp(q->url, "/api/", 5))
      return MHD_YES;                /* a page: answered once the request is whole */
    int known;
    const wroute *rt = route_of(q->method, q->url, &known);
    wres r = {0};
    if (!rt) {
      web_json_error(&r, known ? 405 : 404, known ? "method not allowed" : "not found");
      q->bad_body = 2;
      return send_res(conn, &r, 1);
    }
    if (precheck(w, conn, q, rt, &r)) {
      q->bad_body = 2;
      return send_res(conn, &r, 1);
    }
    q->limit = body_limit(w, rt);
    const char *len = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
    if (len && strtoull(len, NULL, 10) > q->limit) {
      web_json_error(&r, 413, "tệp quá lớn / larger than [watch] max_bytes");
      q->bad_body = 2;
      return send_res(conn, &r, 1);
    }
    const char *type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
    if (rt->id == R_SUBMIT && type && !strncasecmp(type, "multipart/form-data", 19)) {
      q->multipart = 1;
      q->pp = MHD_create_post_processor(conn, 65536, on_part, q);
      if (!q->pp)
        q->bad_body = 1;
    }
    return MHD_YES;
  }
  if (q->bad_body == 2) {            /* answered on the first call: the rest is dropped */
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (*upload_data_size) {
    if (q->pp && !q->bad_body && MHD_post_process(q->pp, upload_data, *upload_data_size) != MHD_YES)
      q->bad_body = 1;
    else if (!q->multipart) {
      if (q->body.n + *upload_data_size > q->limit)
        q->too_big = 1;
      else
        loa_buf_put(&q->body, upload_data, *upload_data_size);
    }
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (strncmp(q->url, "/api/", 5))
    return serve_page(w, conn, q);
  int known;
  const wroute *rt = route_of(q->method, q->url, &known);
  wres r = {0};
  if (q->too_big)
    web_json_error(&r, 413, "tệp quá lớn / larger than [watch] max_bytes");
  else if (q->bad_body || q->body.oom || q->file.oom)
    web_json_error(&r, 400, "nội dung gửi lên hỏng / malformed request body");
  else if (!q->multipart && q->body.n && rt->id != R_SUBMIT && loa_json_check(q->body.p, q->body.n))
    web_json_error(&r, 400, "JSON hỏng / malformed JSON");
  else {
    pthread_mutex_lock(&w->lock);   /* the session may have ended while the body came */
    int alive = rt->role == LOA_ROLE_NONE || session_of(w, conn, time(NULL));
    pthread_mutex_unlock(&w->lock);
    if (alive)
      dispatch(w, conn, q, rt, &r);
    else
      web_json_error(&r, 401, "cần đăng nhập / login required");
  }
  return send_res(conn, &r, 1);
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
  wreq *q = *con_cls;
  if (!q)
    return;
  if (q->pp)
    MHD_destroy_post_processor(q->pp);
  loa_buf_free(&q->body);
  loa_buf_free(&q->file);
  explicit_bzero(q, sizeof *q);
  free(q);
  *con_cls = NULL;
}

/* ---------------------------------------------------------------- the service */

static int parse_listen(const char *listen, struct sockaddr_storage *ss, int *v6, char *err, size_t errlen)
{
  char host[256];
  const char *colon = strrchr(listen, ':');
  if (!colon || colon == listen || (size_t)(colon - listen) >= sizeof host)
    return loa_errf(err, errlen, "listen '%s': expected ADDRESS:PORT", listen);
  web_fmt(host, sizeof host, "%.*s", (int)(colon - listen), listen);
  char *end;
  long port = strtol(colon + 1, &end, 10);
  if (*end || port < 1 || port > 65535)
    return loa_errf(err, errlen, "listen '%s': bad port", listen);
  memset(ss, 0, sizeof *ss);
  char *h = host;
  if (h[0] == '[' && h[strlen(h) - 1] == ']')
    h++, h[strlen(h) - 1] = 0;
  struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
  struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
  if (inet_pton(AF_INET, h, &a4->sin_addr) == 1) {
    a4->sin_family = AF_INET, a4->sin_port = htons((uint16_t)port), *v6 = 0;
    return 0;
  }
  if (inet_pton(AF_INET6, h, &a6->sin6_addr) == 1) {
    a6->sin6_family = AF_INET6, a6->sin6_port = htons((uint16_t)port), *v6 = 1;
    return 0;
  }
  return loa_errf(err, errlen, "listen '%s': '%s' is not an IP address", listen, h);
}

static int setup(wserver *w, const loa_web_opts *o, char *err, size_t errlen)
{
  const loa_config *c = o->config;
  char path[4200], e[512];
  loa_slots_path(c, path, sizeof path);
  if (loa_slots_load(&w->slots, path, c->timezone, e, sizeof e))
    return loa_errf(err, errlen, "%s", e);
  if (loa_zones_load(&w->zones, c->zones_file, e, sizeof e))
    return loa_errf(err, errlen, "%s", e);
  loa_web_users_path(c, w->users_path, sizeof w->users_path);
  if (loa_users_load(&w->users, w->users_path, e, sizeof e))
    return loa_errf(err, errlen, "%s", e);
  if (!w->users.n)
    web_log(w, "event=no-users file=\"%s\" hint=\"echo PASSWORD | loa user add NAME --role admin\"",
            w->users_path);
  if (mkdir(c->state, 0775) && errno != EEXIST)
    return loa_errf(err, errlen, "%s: %s", c->state, strerror(errno));
  if (loa_audit_open(&w->audit, c->state, err, errlen))
    return -1;
  if (o->assets_dir)
    web_fmt(path, sizeof path, "%s", o->assets_dir);
  else
    web_fmt(path, sizeof path, "%s/web/assets", loa_data_dir());
  if (load_assets(w, path, err, errlen))
    return -1;
  return lex_reload(w, err, errlen);
}

static void teardown(wserver *w)
{
  for (size_t i = 0; i < w->nassets; i++)
    free(w->assets[i].data);
  free(w->assets);
  loa_audit_close(w->audit);
  loa_library_free(&w->lib);
  loa_normalizer_free(w->norm);
  loa_lexicon_free(w->lex);
  pthread_mutex_destroy(&w->lock);
  explicit_bzero(w, sizeof *w);
}

int loa_web_run(const loa_web_opts *o, char *err, size_t errlen)
{
  wserver *w = calloc(1, sizeof *w);
  if (!w)
    return loa_errf(err, errlen, "out of memory");
  w->o = o;
  w->c = o->config;
  w->started = time(NULL);
  pthread_mutex_init(&w->lock, NULL);
  const char *listen = o->listen ? o->listen : o->config->web_listen;
  struct sockaddr_storage ss;
  int v6 = 0, rc = -1;
  struct MHD_Daemon *d = NULL;
  if (!parse_listen(listen, &ss, &v6, err, errlen) && !setup(w, o, err, errlen)) {
    d = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
                         (v6 ? MHD_USE_IPv6 : 0),
                         0, NULL, NULL, handle, w,
                         MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
                         MHD_OPTION_NOTIFY_COMPLETED, completed, w,
                         MHD_OPTION_CONNECTION_LIMIT, 200u,
                         MHD_OPTION_CONNECTION_TIMEOUT, 30u,
                         MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024),
                         MHD_OPTION_END);
    if (!d)
      loa_errf(err, errlen, "cannot listen on %s: %s", listen, strerror(errno));
  }
  if (d) {
    web_log(w, "event=listening address=%s pid=%ld", listen, (long)getpid());
    while (!stop_requested)
      nanosleep(&(struct timespec){0, 100000000L}, NULL);
    MHD_stop_daemon(d);
    web_log(w, "event=stopped");
    rc = 0;
  }
  stop_requested = 0;
  teardown(w);
  free(w);
  return rc;
}
