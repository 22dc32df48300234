/* playout.c: handing finished MP3s to the playout: a folder (atomic copy + manifest) and Liquidsoap's server interface. */
#include "schedules/playout.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "pipeline/publish.h"
#include "pipeline/util.h"

#define LIQ_TIMEOUT_S 5

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

static int liq_connect(const loa_config *c, char *err, size_t errlen)
{
  struct addrinfo hints = {0}, *res = NULL;
  char port[16];
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  snprintf(port, sizeof port, "%d", c->liquidsoap_port);
  const char *host = *c->liquidsoap_host ? c->liquidsoap_host : "127.0.0.1";
  int gai = getaddrinfo(host, port, &hints, &res);
  if (gai)
    return loa_errf(err, errlen, "Liquidsoap %s:%s: %s", host, port, gai_strerror(gai)), -1;
  int fd = -1, e = 0;
  for (struct addrinfo *a = res; a && fd < 0; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0)
      continue;
    struct timeval tv = {LIQ_TIMEOUT_S, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (connect(fd, a->ai_addr, a->ai_addrlen)) {
      e = errno;
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(res);
  if (fd < 0)
    loa_errf(err, errlen, "Liquidsoap does not answer on %s:%s (%s)", host, port, strerror(e));
  return fd;
}

static int send_all(int fd, const char *s)
{
  size_t n = strlen(s);
  while (n) {
    ssize_t w = send(fd, s, n, MSG_NOSIGNAL);
    if (w <= 0) {
      if (w < 0 && errno == EINTR)
        continue;
      return -1;
    }
    s += w, n -= (size_t)w;
  }
  return 0;
}

/* Read the reply to one command: lines up to "END" (or, after quit, "Bye!").
 * REPLY gets the lines before the terminator. */
static int read_reply(int fd, const char *terminator, char *reply, size_t len)
{
  size_t n = 0;
  reply[0] = 0;
  for (;;) {
    char ch;
    ssize_t r = recv(fd, &ch, 1, 0);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      return -1;
    if (ch == '\r')
      continue;
    if (n + 1 < len)
      reply[n++] = ch, reply[n] = 0;
    if (ch != '\n')
      continue;
    /* a whole line: is it the terminator? */
    char *line = reply + n - 1;
    while (line > reply && line[-1] != '\n')
      line--;
    size_t tl = strlen(terminator);
    if (!strncmp(line, terminator, tl) && line[tl] == '\n') {
      *line = 0;
      while (line > reply && line[-1] == '\n')
        *--line = 0;
      return 0;
    }
  }
}

static int all_digits(const char *s)
{
  if (!*s)
    return 0;
  for (; *s; s++)
    if (*s < '0' || *s > '9')
      return 0;
  return 1;
}

int loa_playout_push(const loa_config *c, loa_queue q, const char *mp3, int repeats,
                     char *err, size_t errlen)
{
  if (c->liquidsoap_port <= 0)
    return loa_errf(err, errlen, "no Liquidsoap configured"), LOA_PLAYOUT_ENOTARGET;
  char path[PATH_MAX];
  if (!realpath(mp3, path))
    return loa_errf(err, errlen, "%s: %s", mp3, strerror(errno)), LOA_PLAYOUT_EFOLDER;
  if (strpbrk(path, "\r\n"))
    return loa_errf(err, errlen, "%s: a file name with a line break cannot be pushed", mp3),
           LOA_PLAYOUT_EPROTO;
  int fd = liq_connect(c, err, errlen);
  if (fd < 0)
    return LOA_PLAYOUT_ECONNECT;
  const char *queue = q == LOA_QUEUE_URGENT ? "urgent" : "programme";
  char cmd[PATH_MAX + 64], reply[512];
  int rc = LOA_PLAYOUT_OK;
  for (int i = 0; i < (repeats > 0 ? repeats : 1) && !rc; i++) {
    snprintf(cmd, sizeof cmd, "%s.push %s\n", queue, path);
    if (send_all(fd, cmd) || read_reply(fd, "END", reply, sizeof reply)) {
      loa_errf(err, errlen, "Liquidsoap %s:%d stopped answering", c->liquidsoap_host,
               c->liquidsoap_port);
      rc = LOA_PLAYOUT_ECONNECT;
    } else if (!all_digits(reply)) {   /* a request id, else an error message */
      loa_errf(err, errlen, "Liquidsoap refused '%s.push': %.200s", queue, reply);
      rc = LOA_PLAYOUT_EPROTO;
    }
  }
  if (rc != LOA_PLAYOUT_ECONNECT && !send_all(fd, "quit\n"))
    read_reply(fd, "Bye!", reply, sizeof reply);
  close(fd);
  return rc;
}
