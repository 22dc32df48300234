/* playout.c: handing finished MP3s to the playout - a folder, and Liquidsoap's server interface. */
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

#include "pipeline/programme.h"
#include "pipeline/publish.h"
#include "schedules/slots.h"
#include "tts/decode.h"
#include "tts/header.h"

/* Format an error message into ERR (never a compile-time truncation warning). */
__attribute__((format(printf, 3, 4))) static int errf(char *err, size_t n, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, n, fmt, ap);
  va_end(ap);
  return -1;
}

#define LIQ_TIMEOUT_S 5

/* ---------------------------------------------------------------- folder */

static int copy_atomic(const char *src, const char *dst, char *err, size_t errlen)
{
  FILE *in = fopen(src, "rb");
  if (!in)
    return errf(err, errlen, "%s: cannot read (%s)", src, strerror(errno)), -1;
  loa_atomic_file af;
  if (loa_atomic_open(&af, dst)) {
    fclose(in);
    return errf(err, errlen, "%s: cannot write (%s)", dst, strerror(errno)), -1;
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
    return errf(err, errlen, "%s: cannot copy to %s", src, dst), -1;
  }
  if (loa_atomic_commit(&af))
    return errf(err, errlen, "%s: cannot write (%s)", dst, strerror(errno)), -1;
  return 0;
}

int loa_playout_to_folder(const loa_config *c, const char *mp3, const char *name,
                          const char *manifest_json, char *err, size_t errlen)
{
  if (!*c->playout)
    return errf(err, errlen, "no playout folder configured"), LOA_PLAYOUT_ENOTARGET;
  if (mkdir(c->playout, 0775) && errno != EEXIST)
    return errf(err, errlen, "%s: cannot create (%s)", c->playout, strerror(errno)),
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
      return errf(err, errlen, "%s: cannot write (%s)", js, strerror(errno)), LOA_PLAYOUT_EFOLDER;
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
    return errf(err, errlen, "Liquidsoap %s:%s: %s", host, port, gai_strerror(gai)), -1;
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
    errf(err, errlen, "Liquidsoap does not answer on %s:%s (%s)", host, port, strerror(e));
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
    return errf(err, errlen, "no Liquidsoap configured"), LOA_PLAYOUT_ENOTARGET;
  char path[PATH_MAX];
  if (!realpath(mp3, path))
    return errf(err, errlen, "%s: %s", mp3, strerror(errno)), LOA_PLAYOUT_EFOLDER;
  if (strpbrk(path, "\r\n"))
    return errf(err, errlen, "%s: a file name with a line break cannot be pushed", mp3),
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
      errf(err, errlen, "Liquidsoap %s:%d stopped answering", c->liquidsoap_host,
               c->liquidsoap_port);
      rc = LOA_PLAYOUT_ECONNECT;
    } else if (!all_digits(reply)) {   /* a request id, else an error message */
      errf(err, errlen, "Liquidsoap refused '%s.push': %.200s", queue, reply);
      rc = LOA_PLAYOUT_EPROTO;
    }
  }
  if (rc != LOA_PLAYOUT_ECONNECT && !send_all(fd, "quit\n"))
    read_reply(fd, "Bye!", reply, sizeof reply);
  close(fd);
  return rc;
}

/* ---------------------------------------------------------------- urgent notices */

static int mkdir_p(const char *path)
{
  char buf[4096];
  if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
    return errno = ENAMETOOLONG, -1;
  for (char *q = buf + 1; *q; q++)
    if (*q == '/') {
      *q = 0;
      if (mkdir(buf, 0775) && errno != EEXIST)
        return -1;
      *q = '/';
    }
  return mkdir(buf, 0775) && errno != EEXIST ? -1 : 0;
}

static char *read_small(const char *path)
{
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  char *buf = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&buf, &len);
  char b[8192];
  size_t n;
  while (m && (n = fread(b, 1, sizeof b, f)) > 0)
    fwrite(b, 1, n, m);
  fclose(f);
  if (m)
    fclose(m);
  return buf;
}

/* The notice's header: title and repeats. */
static int read_header(const loa_config *c, const char *path, loa_header *h, char *err, size_t errlen)
{
  loa_text t = {0};
  char e[512];
  if (loa_decode_file(path, c->build.encoding, c->max_bytes, &t, e, sizeof e))
    return errf(err, errlen, "%s: %s", path, e), -1;
  int rc = loa_header_parse(t.text, t.len, h, e, sizeof e);
  loa_text_free(&t);
  if (rc)
    return errf(err, errlen, "%s: %s", path, e), -1;
  return 0;
}

int loa_urgent_air(const loa_config *c, const char *path, char *out_mp3, size_t outlen,
                   char *err, size_t errlen)
{
  int have_folder = *c->playout != 0, have_liq = c->liquidsoap_port > 0;
  if (!have_folder && !have_liq)
    return errf(err, errlen, "no playout target configured ([publish] folder or liquidsoap)"),
           LOA_PLAYOUT_ENOTARGET;
  loa_header h;
  if (read_header(c, path, &h, err, errlen))
    return LOA_PLAYOUT_EFOLDER;

  /* the attention signal and gap from slots.ini; a broken slots.ini must not
   * keep a storm warning off the air, so it only costs the signal */
  loa_slots *s = calloc(1, sizeof *s);
  char e[1024];
  double gap = 1.0;
  const char *signal = "";
  if (s && !loa_slots_load(s, c->slots_file, c->timezone, e, sizeof e)) {
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
  loa_programme_opts o = {&bo, c->cache, gap, 0, "", c->station, today, "\"urgent\":true"};
  int rc = loa_programme_prepare(items, n, &o, e, sizeof e);
  if (!rc && items[n - 1].left_out)
    snprintf(e, sizeof e, "%s", items[n - 1].reason), rc = LOA_PROG_EBUILD;
  if (rc)
    return errf(err, errlen, "%s", e), LOA_PLAYOUT_EFOLDER;
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
  if (mkdir_p(dir))
    return errf(err, errlen, "%s: cannot create (%s)", dir, strerror(errno)), LOA_PLAYOUT_EFOLDER;
  if (loa_programme_write(mp3, items, n, &o, NULL, e, sizeof e))
    return errf(err, errlen, "%s", e), LOA_PLAYOUT_EFOLDER;
  if (out_mp3)
    snprintf(out_mp3, outlen, "%s", mp3);

  int repeats = h.repeats > 0 ? h.repeats : 1, first_rc = LOA_PLAYOUT_OK;
  *err = 0;
  if (have_liq) {
    rc = loa_playout_push(c, LOA_QUEUE_URGENT, mp3, repeats, e, sizeof e);
    if (rc)
      first_rc = rc, errf(err, errlen, "%s", e);
  }
  if (have_folder) {
    char name[400], json[4700];
    snprintf(name, sizeof name, "khan-%s-%.8s.mp3", stem, items[n - 1].key);
    snprintf(json, sizeof json, "%s/%s-%.8s.json", dir, stem, items[n - 1].key);
    char *manifest = read_small(json);
    rc = loa_playout_to_folder(c, mp3, name, manifest, e, sizeof e);
    free(manifest);
    if (rc && !first_rc)
      first_rc = rc, errf(err, errlen, "%s", e);
  }
  return first_rc;
}
