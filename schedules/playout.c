/* playout.c: handing finished MP3s to the playout: a folder (atomic copy + manifest) and Liquidsoap's server interface, one deadline per exchange. */
#include "schedules/playout.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lexicon/escape.h"
#include "pipeline/publish.h"
#include "pipeline/util.h"
#include "schedules/liq_reply.h"

/* ---------------------------------------------------------------- folder */

static int copy_atomic(const char *src, const char *dst, char *err, size_t errlen)
{
  FILE *in = fopen(src, "rb");
  if (!in)
    return loa_errf(err, errlen, "%s: cannot read (%s)", src, strerror(errno)), -1;
  loa_atomic_file af;
  if (loa_atomic_open(&af, dst)) {
    fclose(in);
    return loa_errf(err, errlen, "%s: cannot write (%s)", dst, strerror(errno)), -1;
  }
  char buf[65536];
  size_t n;
  int rc = 0;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0)
    if (fwrite(buf, 1, n, af.fp) != n) {
      rc = -1;
      break;
    }
  if (ferror(in))
    rc = -1;
  fclose(in);
  if (rc) {
    loa_atomic_abort(&af);
    return loa_errf(err, errlen, "%s: cannot copy to %s", src, dst), -1;
  }
  if (loa_atomic_commit(&af))
    return loa_errf(err, errlen, "%s: cannot write (%s)", dst, strerror(errno)), -1;
  return 0;
}

int loa_playout_to_folder(const loa_config *c, const char *mp3, const char *name,
                          const char *manifest_json, char *err, size_t errlen)
{
  if (!*c->playout)
    return loa_errf(err, errlen, "no playout folder configured"), LOA_PLAYOUT_ENOTARGET;
  if (mkdir(c->playout, 0775) && errno != EEXIST)
    return loa_errf(err, errlen, "%s: cannot create (%s)", c->playout, strerror(errno)),
           LOA_PLAYOUT_EFOLDER;
  char dst[4200];
  snprintf(dst, sizeof dst, "%s/%s", c->playout, name);
  /* the manifest first: when the MP3 appears, its manifest is already there */
  if (manifest_json) {
    char js[4200];
    snprintf(js, sizeof js, "%s", dst);
    char *dot = strrchr(js, '.'), *slash = strrchr(js, '/');
    if (dot && dot > slash)
      *dot = 0;
    strncat(js, ".json", sizeof js - strlen(js) - 1);
    if (loa_atomic_write(js, manifest_json, strlen(manifest_json)))
      return loa_errf(err, errlen, "%s: cannot write (%s)", js, strerror(errno)), LOA_PLAYOUT_EFOLDER;
  }
  return copy_atomic(mp3, dst, err, errlen) ? LOA_PLAYOUT_EFOLDER : LOA_PLAYOUT_OK;
}

/* ---------------------------------------------------------------- Liquidsoap */

/* One exchange: one connection, one deadline for all of it. */
typedef struct {
  int fd;
  struct timespec deadline;   /* CLOCK_MONOTONIC */
  loa_buf in;                 /* bytes received and not yet taken as a reply */
  char where[300];            /* "Liquidsoap 127.0.0.1:1234" */
  int sent;                   /* a command went out: its effect is unknown on failure */
} liq_x;

/* Milliseconds left before the deadline (0 when past). */
static int ms_left(const liq_x *x)
{
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  long long ms = (x->deadline.tv_sec - now.tv_sec) * 1000LL +
                 (x->deadline.tv_nsec - now.tv_nsec) / 1000000;
  return ms > 0 ? (int)(ms < 60000 ? ms : 60000) : 0;
}

/* Wait for EVENTS on the socket until the deadline. 0 ready, -1 with err
 * (deadline passed, or a signal the process catches arrived: it ends the
 * exchange, so SIGTERM stops a hung Liquidsoap at once). */
static int liq_wait(liq_x *x, short events, char *err, size_t errlen)
{
  struct pollfd p = {x->fd, events, 0};
  int ms = ms_left(x);
  int r = ms > 0 ? poll(&p, 1, ms) : 0;
  if (r > 0)
    return 0;
  if (r < 0 && errno == EINTR)
    return loa_errf(err, errlen, "%s: interrupted by a signal", x->where);
  if (r < 0)
    return loa_errf(err, errlen, "%s: %s", x->where, strerror(errno));
  return loa_errf(err, errlen, "%s did not answer within %d s", x->where, LOA_LIQ_DEADLINE_S);
}

static int liq_open(const loa_config *c, liq_x *x, char *err, size_t errlen)
{
  memset(x, 0, sizeof *x);
  x->fd = -1;
  clock_gettime(CLOCK_MONOTONIC, &x->deadline);
  x->deadline.tv_sec += LOA_LIQ_DEADLINE_S;
  const char *host = *c->liquidsoap_host ? c->liquidsoap_host : "127.0.0.1";
  snprintf(x->where, sizeof x->where, "Liquidsoap %.200s:%d", host, c->liquidsoap_port);
  struct addrinfo hints = {0}, *res = NULL;
  char port[16];
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  snprintf(port, sizeof port, "%d", c->liquidsoap_port);
  int gai = getaddrinfo(host, port, &hints, &res);
  if (gai)
    return loa_errf(err, errlen, "%s: %s", x->where, gai_strerror(gai));
  int e = ECONNREFUSED;
  for (struct addrinfo *a = res; a && x->fd < 0; a = a->ai_next) {
    int fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
    if (fd < 0)
      continue;
    x->fd = fd;
    if (connect(fd, a->ai_addr, a->ai_addrlen) == 0)
      break;
    e = errno;
    socklen_t el = sizeof e;
    if (e == EINPROGRESS && liq_wait(x, POLLOUT, err, errlen) == 0 &&
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &el) == 0 && e == 0)
      break;
    if (e == EINPROGRESS)
      e = ETIMEDOUT;
    close(fd);
    x->fd = -1;
  }
  freeaddrinfo(res);
  if (x->fd < 0)
    return loa_errf(err, errlen, "%s does not answer (%s)", x->where, strerror(e));
  return 0;
}

static int liq_send(liq_x *x, const char *s, char *err, size_t errlen)
{
  size_t n = strlen(s);
  while (n) {
    ssize_t w = send(x->fd, s, n, MSG_NOSIGNAL);
    if (w > 0) {
      x->sent = 1;
      s += w, n -= (size_t)w;
    } else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (liq_wait(x, POLLOUT, err, errlen))
        return -1;
    } else if (!(w < 0 && errno == EINTR)) {
      return loa_errf(err, errlen, "%s closed the connection", x->where);
    }
  }
  return 0;
}

/* The reply to one command: the lines up to TERMINATOR ("END", or "Bye!" after
 * quit), which are left in x->in.p (the terminator line removed). A reply of
 * any length up to LOA_LIQ_REPLY_MAX is read whole (its end found by liq_reply.h). */
static int liq_reply(liq_x *x, const char *terminator, char *err, size_t errlen)
{
  size_t scanned = 0, text, used;
  loa_buf_clear(&x->in);
  for (;;) {
    if (loa_liq_answer_end(x->in.p, x->in.n, terminator, &scanned, &text, &used)) {
      loa_buf_trim(&x->in, x->in.n - text);
      return 0;
    }
    if (x->in.n > LOA_LIQ_REPLY_MAX)
      return loa_errf(err, errlen, "%s: an answer of more than %d bytes without its %s", x->where,
                      LOA_LIQ_REPLY_MAX, terminator);
    char chunk[4096];
    ssize_t r = recv(x->fd, chunk, sizeof chunk, 0);
    if (r > 0) {
      loa_buf_put(&x->in, chunk, (size_t)r);
      if (x->in.oom)
        return loa_errf(err, errlen, "out of memory");
    } else if (r == 0 || errno == ECONNRESET) {
      /* a reset is the same close, seen when the peer shut with our command unread */
      return loa_errf(err, errlen, "%s closed the connection before answering", x->where);
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      if (liq_wait(x, POLLIN, err, errlen))
        return -1;
    } else if (errno != EINTR) {
      return loa_errf(err, errlen, "%s: %s", x->where, strerror(errno));
    }
  }
}

/* Send one command line and read its reply into x->in. */
static int liq_command(liq_x *x, const char *cmd, char *err, size_t errlen)
{
  char line[PATH_MAX + 256];
  snprintf(line, sizeof line, "%s\n", cmd);
  return liq_send(x, line, err, errlen) || liq_reply(x, "END", err, errlen) ? -1 : 0;
}

static void liq_close(liq_x *x)
{
  if (x->fd >= 0) {
    char e[64];
    if (!liq_send(x, "quit\n", e, sizeof e))
      liq_reply(x, "Bye!", e, sizeof e);
    close(x->fd);
  }
  loa_buf_free(&x->in);
}

/* An id loa writes into Liquidsoap's metadata: letters, digits and -_.:/@ only. */
static int id_ok(const char *id)
{
  if (!*id || strlen(id) > 200)
    return 0;
  for (; *id; id++)
    if (!((*id >= 'a' && *id <= 'z') || (*id >= 'A' && *id <= 'Z') || (*id >= '0' && *id <= '9') ||
          strchr("-_.:/@", *id)))
      return 0;
  return 1;
}

void loa_playout_queue_name(loa_queue q, const char *zone, char *out, size_t len)
{
  const char *base = q == LOA_QUEUE_URGENT ? "urgent" : "programme";
  if (zone && *zone)
    snprintf(out, len, "%s_%s", base, zone);
  else
    snprintf(out, len, "%s", base);
}

int loa_playout_push(const loa_config *c, loa_queue q, const char *zone, const char *mp3,
                     const char *loa_id, int (*before_send)(void *user), void *user, char *rid,
                     char *err, size_t errlen)
{
  if (c->liquidsoap_port <= 0)
    return loa_errf(err, errlen, "no Liquidsoap configured"), LOA_PLAYOUT_ENOTARGET;
  char path[PATH_MAX];
  if (!realpath(mp3, path))
    return loa_errf(err, errlen, "%s: %s", mp3, strerror(errno)), LOA_PLAYOUT_EFOLDER;
  if (strpbrk(path, "\r\n\""))
    return loa_errf(err, errlen, "%s: a file name with a line break or a quote cannot be pushed",
                    mp3), LOA_PLAYOUT_EPROTO;
  if (!id_ok(loa_id))
    return loa_errf(err, errlen, "'%s' is not a request id", loa_id), LOA_PLAYOUT_EPROTO;
  liq_x x;
  if (liq_open(c, &x, err, errlen)) {
    liq_close(&x);
    return LOA_PLAYOUT_ECONNECT;
  }
  char queue[128], cmd[PATH_MAX + 512];
  loa_playout_queue_name(q, zone, queue, sizeof queue);
  snprintf(cmd, sizeof cmd, "%s.push annotate:loa_id=\"%s\":%s", queue, loa_id, path);
  int rc = before_send ? before_send(user) : LOA_PLAYOUT_OK;
  if (rc) {
    close(x.fd);   /* nothing sent: no need to say goodbye */
    x.fd = -1;
  } else if (liq_command(&x, cmd, err, errlen)) {
    rc = x.sent ? LOA_PLAYOUT_EUNKNOWN : LOA_PLAYOUT_ECONNECT;
  } else if (loa_liq_answer_rid(x.in.p, x.in.n) < 0) {   /* a request id, else an error message */
    char said[256];
    loa_escape(x.in.p ? x.in.p : "", x.in.n, said, sizeof said);
    loa_errf(err, errlen, "%s refused '%s.push': %s", x.where, queue, said);
    rc = LOA_PLAYOUT_EPROTO;
  } else if (rid) {
    snprintf(rid, 16, "%s", x.in.p);
  }
  liq_close(&x);
  return rc;
}

int loa_playout_find(const loa_config *c, const char *loa_id, char *rid, char *err, size_t errlen)
{
  if (c->liquidsoap_port <= 0)
    return loa_errf(err, errlen, "no Liquidsoap configured"), LOA_PLAYOUT_ENOTARGET;
  liq_x x;
  if (liq_open(c, &x, err, errlen)) {
    liq_close(&x);
    return LOA_PLAYOUT_ECONNECT;
  }
  /* request.all: every request alive (waiting in a queue, being prepared, playing) */
  int rc = liq_command(&x, "request.all", err, errlen) ? LOA_PLAYOUT_EUNKNOWN : 0;
  char *all = rc ? NULL : loa_buf_take(&x.in);
  for (char *save = NULL, *tok = all ? strtok_r(all, " \n", &save) : NULL; tok && !rc;
       tok = strtok_r(NULL, " \n", &save)) {
    if (loa_liq_answer_rid(tok, strlen(tok)) < 0) {
      char said[256];
      loa_escape(tok, strlen(tok), said, sizeof said);
      loa_errf(err, errlen, "%s: 'request.all' answered '%s', not request numbers", x.where, said);
      rc = LOA_PLAYOUT_EPROTO;
      break;
    }
    char cmd[64];
    snprintf(cmd, sizeof cmd, "request.metadata %s", tok);
    if (liq_command(&x, cmd, err, errlen))
      rc = LOA_PLAYOUT_EUNKNOWN;
    else if (loa_liq_answer_has(x.in.p, x.in.n, "loa_id", loa_id)) {
      if (rid)
        snprintf(rid, 16, "%s", tok);
      rc = 1;
    }
  }
  free(all);
  liq_close(&x);
  return rc;
}
