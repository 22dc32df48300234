/* speakers.c: which expected IP loudspeakers listen to their zone's Icecast mount, from Icecast's admin listener list. */
#include "schedules/speakers.h"

#include <errno.h>
#include <ini.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <netdb.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lexicon/buf.h"
#include "pipeline/publish.h"
#include "schedules/date.h"
#include "schedules/slots.h"
#include "schedules/slotprog.h"
#include "schedules/zones.h"

#define MAX_SPEAKERS 256
#define HTTP_DEADLINE_MS 5000

typedef struct {
  char name[64], label[128], mount[128], agent[128], ip[64];
  int connected;        /* now */
  int was;              /* by the state file: 1 connected, 0 not, -1 unknown */
  long long since;      /* state's since */
  char seen_ip[64];
} speaker;

typedef struct {
  char host[256];
  int port;
  char user[64], password[128];
  speaker s[MAX_SPEAKERS];
  int n;
  const loa_zones *zones;
  char msg[256];
} speakers;

static int on_key(void *user, const char *section, const char *key, const char *value)
{
  speakers *sp = user;
  if (!strcmp(section, "icecast")) {
    if (!strcmp(key, "url")) {
      const char *h = strncmp(value, "http://", 7) ? value : value + 7;
      if (sscanf(h, "%255[^:/]:%d", sp->host, &sp->port) < 1)
        return snprintf(sp->msg, sizeof sp->msg, "url '%.100s' is not http://HOST:PORT", value), 0;
      if (sp->port <= 0)
        sp->port = 8000;
    } else if (!strcmp(key, "user"))
      snprintf(sp->user, sizeof sp->user, "%s", value);
    else if (!strcmp(key, "password"))
      snprintf(sp->password, sizeof sp->password, "%s", value);
    else
      return snprintf(sp->msg, sizeof sp->msg, "unknown key '%.60s' in [icecast]", key), 0;
    return 1;
  }
  int i = 0;
  while (i < sp->n && strcmp(sp->s[i].name, section))
    i++;
  if (i == sp->n) {
    if (sp->n == MAX_SPEAKERS)
      return snprintf(sp->msg, sizeof sp->msg, "more than %d loudspeakers", MAX_SPEAKERS), 0;
    snprintf(sp->s[sp->n++].name, sizeof sp->s[0].name, "%s", section);
  }
  speaker *s = &sp->s[i];
  if (!strcmp(key, "label"))
    snprintf(s->label, sizeof s->label, "%s", value);
  else if (!strcmp(key, "mount"))
    snprintf(s->mount, sizeof s->mount, "%s", value);
  else if (!strcmp(key, "agent"))
    snprintf(s->agent, sizeof s->agent, "%s", value);
  else if (!strcmp(key, "ip"))
    snprintf(s->ip, sizeof s->ip, "%s", value);
  else if (!strcmp(key, "zone")) {
    for (int z = 0; z < sp->zones->n; z++)
      if (!strcmp(sp->zones->z[z].name, value))
        snprintf(s->mount, sizeof s->mount, "%s", sp->zones->z[z].mount);
    if (!*s->mount)
      return snprintf(sp->msg, sizeof sp->msg, "zone '%.60s' is not in zones.ini", value), 0;
  } else
    return snprintf(sp->msg, sizeof sp->msg, "unknown key '%.60s'", key), 0;
  return 1;
}

static int load(const loa_config *c, speakers *sp, loa_zones *zs, char *err, size_t errlen)
{
  memset(sp, 0, sizeof *sp);
  snprintf(sp->host, sizeof sp->host, "127.0.0.1");
  sp->port = 8000;
  snprintf(sp->user, sizeof sp->user, "admin");
  if (loa_zones_load(zs, c->zones_file, err, errlen))
    return -1;
  sp->zones = zs;
  int line = ini_parse(c->speakers_file, on_key, sp);
  if (line < 0)
    return loa_errf(err, errlen, "%s: cannot read", c->speakers_file);
  if (line > 0)
    return loa_errf(err, errlen, "%s:%d: %s", c->speakers_file, line, *sp->msg ? sp->msg : "not an INI line");
  for (int i = 0; i < sp->n; i++) {
    speaker *s = &sp->s[i];
    if (!*s->mount)
      snprintf(s->mount, sizeof s->mount, "%s", zs->n == 1 && !*zs->z[0].name ? "/loa.mp3" : "");
    if (!*s->mount || (!*s->agent && !*s->ip))
      return loa_errf(err, errlen, "%s: [%s] needs a zone (or mount) and an agent or ip",
                      c->speakers_file, s->name);
    if (!*s->label)
      memcpy(s->label, s->name, strlen(s->name) + 1);   /* a name is shorter than a label */
    s->was = -1;
  }
  return 0;
}

/* ---------------------------------------------------------------- Icecast */

static void base64(const char *in, char *out)
{
  static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t n = strlen(in), o = 0;
  for (size_t i = 0; i < n; i += 3) {
    unsigned v = (unsigned char)in[i] << 16 | (i + 1 < n ? (unsigned char)in[i + 1] << 8 : 0) |
                 (i + 2 < n ? (unsigned char)in[i + 2] : 0);
    out[o++] = t[v >> 18 & 63];
    out[o++] = t[v >> 12 & 63];
    out[o++] = i + 1 < n ? t[v >> 6 & 63] : '=';
    out[o++] = i + 2 < n ? t[v & 63] : '=';
  }
  out[o] = 0;
}

/* GET PATH from Icecast with the admin credentials, the whole exchange within
 * HTTP_DEADLINE_MS. BODY gets the response body. */
static int http_get(const speakers *sp, const char *path, loa_buf *body, char *err, size_t errlen)
{
  struct addrinfo hints = {0}, *res = NULL;
  char port[16], cred[200], auth[300];
  hints.ai_socktype = SOCK_STREAM;
  snprintf(port, sizeof port, "%d", sp->port);
  if (getaddrinfo(sp->host, port, &hints, &res))
    return loa_errf(err, errlen, "Icecast %s:%d: unknown host", sp->host, sp->port);
  int fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct timeval tv = {HTTP_DEADLINE_MS / 1000, 0};
  if (fd >= 0) {
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  }
  int ok = fd >= 0 && connect(fd, res->ai_addr, res->ai_addrlen) == 0;
  freeaddrinfo(res);
  if (!ok) {
    if (fd >= 0)
      close(fd);
    return loa_errf(err, errlen, "Icecast %s:%d does not answer (%s)", sp->host, sp->port, strerror(errno));
  }
  snprintf(cred, sizeof cred, "%s:%s", sp->user, sp->password);
  base64(cred, auth);
  loa_buf req = LOA_BUF_INIT;
  loa_buf_printf(&req, "GET %s HTTP/1.0\r\nHost: %s\r\nAuthorization: Basic %s\r\n"
                       "User-Agent: loa\r\n\r\n", path, sp->host, auth);
  ok = !req.oom && send(fd, req.p, req.n, MSG_NOSIGNAL) == (ssize_t)req.n;
  loa_buf_free(&req);
  char chunk[4096];
  ssize_t r;
  struct timespec t0, t;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  while (ok && (r = recv(fd, chunk, sizeof chunk, 0)) > 0 && body->n < (1u << 20)) {
    loa_buf_put(body, chunk, (size_t)r);
    clock_gettime(CLOCK_MONOTONIC, &t);
    if ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 > HTTP_DEADLINE_MS)
      break;
  }
  close(fd);
  if (!ok || body->oom || !body->p)
    return loa_errf(err, errlen, "Icecast %s:%d: no answer", sp->host, sp->port);
  if (strncmp(body->p, "HTTP/1.", 7) || strncmp(body->p + 9, "200", 3)) {
    char *nl = strchr(body->p, '\r');
    return loa_errf(err, errlen, "Icecast %s:%d answered '%.*s' (is [icecast] password Icecast's admin password?)",
                    sp->host, sp->port, nl ? (int)(nl - body->p) : 40, body->p);
  }
  return 0;
}

/* Mark the loudspeakers of MOUNT that Icecast lists as listening. */
static int listeners(speakers *sp, const char *mount, char *err, size_t errlen)
{
  char path[300];
  snprintf(path, sizeof path, "/admin/listclients?mount=%s", mount);
  loa_buf body = LOA_BUF_INIT;
  if (http_get(sp, path, &body, err, errlen)) {
    loa_buf_free(&body);
    return -1;
  }
  char *xml = strstr(body.p, "\r\n\r\n");
  xmlDocPtr doc = xml ? xmlReadMemory(xml + 4, (int)strlen(xml + 4), "listclients.xml", NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)
                      : NULL;
  loa_buf_free(&body);
  if (!doc)
    return loa_errf(err, errlen, "Icecast's listener list for %s is not XML", mount);
  xmlNodePtr root = xmlDocGetRootElement(doc);
  for (xmlNodePtr src = root ? root->children : NULL; src; src = src->next)
    for (xmlNodePtr l = src->children; l; l = l->next) {
      if (l->type != XML_ELEMENT_NODE || xmlStrcmp(l->name, BAD_CAST "listener"))
        continue;
      char ip[64] = "", agent[256] = "";
      for (xmlNodePtr f = l->children; f; f = f->next) {
        xmlChar *v = f->type == XML_ELEMENT_NODE ? xmlNodeGetContent(f) : NULL;
        if (v && !xmlStrcmp(f->name, BAD_CAST "IP"))
          snprintf(ip, sizeof ip, "%s", (const char *)v);
        else if (v && !xmlStrcmp(f->name, BAD_CAST "UserAgent"))
          snprintf(agent, sizeof agent, "%s", (const char *)v);
        xmlFree(v);
      }
      for (int i = 0; i < sp->n; i++) {
        speaker *s = &sp->s[i];
        if (strcmp(s->mount, mount) || (*s->ip && strcmp(s->ip, ip)) ||
            (*s->agent && !strstr(agent, s->agent)))
          continue;
        s->connected = 1;
        snprintf(s->seen_ip, sizeof s->seen_ip, "%s", ip);
      }
    }
  xmlFreeDoc(doc);
  return 0;
}

/* ---------------------------------------------------------------- state */

static void state_path(const loa_config *c, char *out, size_t len)
{
  snprintf(out, len, "%s/speakers.tsv", c->state);
}

static void state_load(const loa_config *c, speakers *sp)
{
  char path[4200], name[64];
  state_path(c, path, sizeof path);
  FILE *f = fopen(path, "r");
  int was;
  long long since;
  while (f && fscanf(f, "%63[^\t]\t%d\t%lld\n", name, &was, &since) == 3)
    for (int i = 0; i < sp->n; i++)
      if (!strcmp(sp->s[i].name, name))
        sp->s[i].was = was, sp->s[i].since = since;
  if (f)
    fclose(f);
}

static int state_save(const loa_config *c, const speakers *sp, char *err, size_t errlen)
{
  char path[4200];
  state_path(c, path, sizeof path);
  loa_buf b = LOA_BUF_INIT;
  for (int i = 0; i < sp->n; i++)
    loa_buf_printf(&b, "%s\t%d\t%lld\n", sp->s[i].name, sp->s[i].was, sp->s[i].since);
  int rc = b.oom || loa_atomic_write(path, b.p ? b.p : "", b.n);
  loa_buf_free(&b);
  return rc ? loa_errf(err, errlen, "%s: cannot write (%s)", path, strerror(errno)) : 0;
}

static void fmt_time(long long t, int off, char *out, size_t len)
{
  int sec, ymd = loa_date_at((time_t)t, off, &sec);
  char d[11];
  loa_date_format(ymd, d);
  snprintf(out, len, "%s %02d:%02d:%02d", d, sec / 3600, sec / 60 % 60, sec % 60);
}

static int check(const loa_config *c, speakers *sp, loa_zones *zs, time_t now, int off,
                 void (*log)(void *user, const char *line), void *user, char *err, size_t errlen)
{
  if (load(c, sp, zs, err, errlen))
    return -1;
  state_load(c, sp);
  for (int i = 0; i < sp->n; i++) {   /* each mount once */
    int asked = 0;
    for (int k = 0; k < i && !asked; k++)
      asked = !strcmp(sp->s[k].mount, sp->s[i].mount);
    if (!asked && listeners(sp, sp->s[i].mount, err, errlen))
      return -1;
  }
  int down = 0;
  for (int i = 0; i < sp->n; i++) {
    speaker *s = &sp->s[i];
    down += !s->connected;
    if (s->connected == s->was)
      continue;
    s->was = s->connected;
    s->since = (long long)now;
    if (log) {
      char line[600], t[32];
      fmt_time(s->since, off, t, sizeof t);
      snprintf(line, sizeof line, "loudspeaker %s (%s) on %s: %s since %s", s->name, s->label,
               s->mount, s->connected ? "connected" : "disconnected", t);
      log(user, line);
    }
  }
  if (state_save(c, sp, err, errlen))
    return -1;
  return down;
}

static int station_offset(const loa_config *c)
{
  int off = 7 * 3600;
  char e[256];
  loa_tz_parse(c->timezone, &off, e, sizeof e);
  return off;
}

int loa_speakers_check(const loa_config *c, time_t now, int utc_offset_s,
                       void (*log)(void *user, const char *line), void *user, char *err,
                       size_t errlen)
{
  static speakers sp;
  static loa_zones zs;
  return check(c, &sp, &zs, now, utc_offset_s, log, user, err, errlen);
}

int loa_speakers_report(const loa_config *c, FILE *out, char *err, size_t errlen)
{
  static speakers sp;
  static loa_zones zs;
  time_t now = time(NULL);
  int off = station_offset(c);
  if (check(c, &sp, &zs, now, off, NULL, NULL, err, errlen) < 0)
    return -1;
  for (int i = 0; i < sp.n; i++) {
    const speaker *s = &sp.s[i];
    char t[32];
    fmt_time(s->since, off, t, sizeof t);
    if (s->connected)
      fprintf(out, "  %-24s %-12s connected (%s) since %s\n", s->name, s->mount, s->seen_ip, t);
    else
      fprintf(out, "  %-24s %-12s DISCONNECTED since %s (%lld min)  %s\n", s->name, s->mount, t,
              (long long)(now - s->since) / 60, s->label);
  }
  return 0;
}
