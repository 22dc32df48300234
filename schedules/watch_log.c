/* watch_log.c: one structured line per event, and the bounded results log.
 *
 *   loa-watch event=done file="sang/Tiêm phòng.txt" key=3f0c... cached=0 seconds=41.2 out="sang/Tiêm phòng.mp3"
 *
 * Lines go to stderr; under systemd (JOURNAL_STREAM set) each starts with a
 * "<N>" syslog priority so journald files errors as errors, and carries no
 * time (journald adds it). Outcomes (done, failed) are also appended, with
 * the time, to state/results.log, which is rotated to results.log.1 at 256 KiB
 * so that it stays bounded; `loa status` reads both.
 */
#include "schedules/watch_internal.h"
#include "lexicon/escape.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define RESULTS_MAX (256 * 1024)

static void put(wline *l, const char *s, size_t n)
{
  if (l->n + n >= sizeof l->buf - 2)
    n = sizeof l->buf - 2 - l->n;
  memcpy(l->buf + l->n, s, n);
  l->n += n;
  l->buf[l->n] = 0;
}

static void puts_(wline *l, const char *s)
{
  put(l, s, strlen(s));
}

void wl_begin(wline *l, int prio, const char *event)
{
  l->n = 0;
  l->buf[0] = 0;
  l->prio = prio;
  l->result = 0;
  puts_(l, "event=");
  puts_(l, event);
}

void wl_str(wline *l, const char *key, const char *value)
{
  char esc[WPATH * 2];
  value = value ? value : "";
  loa_escape_flags(value, strlen(value), LOA_ESC_QUOTE, esc, sizeof esc);
  puts_(l, " ");
  puts_(l, key);
  puts_(l, "=\"");
  puts_(l, esc);
  puts_(l, "\"");
}

void wl_int(wline *l, const char *key, long long v)
{
  char b[96];
  wfmt(b, sizeof b, " %s=%lld", key, v);
  puts_(l, b);
}

void wl_num(wline *l, const char *key, double v)
{
  char b[96];
  wfmt(b, sizeof b, " %s=%.2f", key, v);
  puts_(l, b);
}

static void append_result(int statefd, const char *line)
{
  struct stat st;
  if (fstatat(statefd, "results.log", &st, AT_SYMLINK_NOFOLLOW) == 0 && st.st_size > RESULTS_MAX)
    renameat(statefd, "results.log", statefd, "results.log.1");
  int fd = openat(statefd, "results.log", O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
                  0644);
  if (fd < 0)
    return;
  size_t n = strlen(line);
  if (write(fd, line, n) != (ssize_t)n) {
    /* the results log is a convenience: the outcome itself is in the folders */
  }
  close(fd);
}

static void stamp_now(char *stamp, size_t n)
{
  time_t t = time(NULL);
  struct tm tm;
  localtime_r(&t, &tm);
  strftime(stamp, n, "%Y-%m-%dT%H:%M:%S%z", &tm);
}

int wl_append(int dirfd, const char *name, const wline *l)
{
  char stamp[64], line[sizeof l->buf + 96];
  stamp_now(stamp, sizeof stamp);
  int n = wfmt(line, sizeof line, "time=%s %s\n", stamp, l->buf);
  int fd = openat(dirfd, name, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0)
    return -errno;
  int rc = write(fd, line, (size_t)n) == n ? 0 : -(errno ? errno : EIO);
  if (!rc && fsync(fd) != 0)
    rc = -errno;
  close(fd);
  return rc;
}

void wl_end(wlog *g, wline *l)
{
  char stamp[64];
  stamp_now(stamp, sizeof stamp);
  FILE *fp = g && g->fp ? g->fp : stderr;
  if (g && g->quiet)
    ;
  else if (g && g->journald)
    fprintf(fp, "<%d>loa-watch %s\n", l->prio, l->buf);
  else
    fprintf(fp, "loa-watch time=%s %s\n", stamp, l->buf);
  fflush(fp);
  if (l->result && g && g->statefd >= 0) {
    char line[sizeof l->buf + 96];
    wfmt(line, sizeof line, "time=%s %s\n", stamp, l->buf);
    append_result(g->statefd, line);
  }
}

int wl_get(const char *line, const char *key, char *out, size_t outlen)
{
  size_t klen = strlen(key);
  const char *p = line;
  while (*p) {
    while (*p == ' ')
      p++;
    const char *k = p;
    while (*p && *p != '=' && *p != ' ')
      p++;
    int match = (size_t)(p - k) == klen && !strncmp(k, key, klen);
    if (*p != '=') {
      continue;
    }
    p++;
    size_t o = 0;
    if (*p == '"') {
      p++;
      while (*p && *p != '"') {   /* wl_str's escapes (lexicon/escape.h) read back */
        char c[4];
        size_t used = 1, k = *p == '\\' ? loa_unescape_at(p, c, &used) : (c[0] = *p, 1);
        p += used;
        for (size_t i = 0; i < k; i++)
          if (match && o + 1 < outlen)
            out[o++] = c[i];
      }
      if (*p == '"')
        p++;
    } else {
      while (*p && *p != ' ') {
        if (match && o + 1 < outlen)
          out[o++] = *p;
        p++;
      }
    }
    if (match) {
      out[o] = 0;
      return 0;
    }
  }
  if (outlen)
    out[0] = 0;
  return -1;
}
