/* watch_journal.c: the journal of one claimed file, state/work/ID/job.
 *
 * Written once (in ID.new, fsynced, then renamed to ID) before the input is
 * moved in beside it as ID/src; later decisions that must survive a crash
 * (the name chosen under failed/, an urgent notice already on air) are
 * appended as "key=value" lines and fsynced. Values are escaped so that any
 * byte of a file name fits on one line.
 */
#include "schedules/watch_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void wesc(const char *in, char *out, size_t outlen)
{
  size_t o = 0;
  for (const unsigned char *p = (const unsigned char *)in; *p && o + 5 < outlen; p++) {
    if (*p == '\\') {
      out[o++] = '\\';
      out[o++] = '\\';
    } else if (*p == '\n') {
      out[o++] = '\\';
      out[o++] = 'n';
    } else if (*p == '\t') {
      out[o++] = '\\';
      out[o++] = 't';
    } else if (*p < 0x20 || *p == 0x7f) {
      o += (size_t)wfmt(out + o, outlen - o, "\\x%02x", *p);
    } else {
      out[o++] = (char)*p;
    }
  }
  out[o] = 0;
}

static int hexval(int c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

int wkv_next(char **at, char **k, char **v)
{
  while (*at && **at) {
    char *line = *at, *next = strchr(line, '\n');
    if (next)
      *next++ = 0;
    *at = next;
    char *eq = strchr(line, '=');
    if (eq) {
      *eq = 0;
      *k = line, *v = eq + 1;
      return 1;
    }
  }
  return 0;
}

void wunesc(const char *in, char *out, size_t outlen)
{
  size_t o = 0;
  for (const char *p = in; *p && o + 1 < outlen; p++) {
    if (*p != '\\' || !p[1]) {
      out[o++] = *p;
      continue;
    }
    p++;
    if (*p == 'n')
      out[o++] = '\n';
    else if (*p == 't')
      out[o++] = '\t';
    else if (*p == 'x' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
      out[o++] = (char)(hexval(p[1]) * 16 + hexval(p[2]));
      p += 2;
    } else
      out[o++] = *p;
  }
  out[o] = 0;
}

/* IDs sort in claim order (recovery redoes jobs in that order, so a newer
 * version of a file never lands before an older one): UTC time to the
 * nanosecond, fixed width, then pid and a counter for uniqueness. */
void wj_new_id(char id[64])
{
  static unsigned counter;
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm;
  gmtime_r(&ts.tv_sec, &tm);
  char stamp[32];
  strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
  wfmt(id, 64, "%s.%09ld-%ld-%u", stamp, ts.tv_nsec, (long)getpid(), ++counter);
}

static int write_line(char *buf, size_t cap, size_t *n, const char *key, const char *value)
{
  char esc[WPATH * 4 + 16];
  wesc(value, esc, sizeof esc);
  int w = wfmt(buf + *n, cap - *n, "%s=%s\n", key, esc);
  if (w < 0 || (size_t)w >= cap - *n)
    return -ENAMETOOLONG;
  *n += (size_t)w;
  return 0;
}

int wj_create(int workfd, const wjournal *j)
{
  char tmpdir[80], buf[WPATH * 5], num[64];
  size_t n = 0;
  wfmt(tmpdir, sizeof tmpdir, "%s.new", j->id);
  int rc = write_line(buf, sizeof buf, &n, "rel", j->rel);
  wfmt(num, sizeof num, "%lld", j->size);
  rc = rc ? rc : write_line(buf, sizeof buf, &n, "size", num);
  wfmt(num, sizeof num, "%lld", j->mtime_ns);
  rc = rc ? rc : write_line(buf, sizeof buf, &n, "mtime_ns", num);
  wfmt(num, sizeof num, "%llu", j->ino);
  rc = rc ? rc : write_line(buf, sizeof buf, &n, "ino", num);
  wfmt(num, sizeof num, "%lld", j->claimed);
  rc = rc ? rc : write_line(buf, sizeof buf, &n, "claimed", num);
  rc = rc ? rc : write_line(buf, sizeof buf, &n, "xdev", j->xdev ? "1" : "0");
  if (rc)
    return rc;
  if (mkdirat(workfd, tmpdir, 0775) != 0)
    return -errno;
  int dfd = openat(workfd, tmpdir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dfd < 0)
    return -errno;
  rc = wfs_write_atomic(dfd, "job", buf, n);
  close(dfd);
  if (!rc && renameat(workfd, tmpdir, workfd, j->id) != 0)
    rc = -errno;
  if (!rc)
    rc = wfs_fsync(workfd);
  if (rc) {
    unlinkat(workfd, tmpdir, AT_REMOVEDIR);
  }
  return rc;
}

int wj_append(int workfd, const char *id, const char *key, const char *value)
{
  char path[160], buf[WPATH * 4 + 64];
  size_t n = 0;
  wfmt(path, sizeof path, "%s/job", id);
  int rc = write_line(buf, sizeof buf, &n, key, value);
  if (rc)
    return rc;
  int fd = openat(workfd, path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return -errno;
  ssize_t w = write(fd, buf, n);
  rc = w == (ssize_t)n ? 0 : -(errno ? errno : EIO);
  if (!rc && fdatasync(fd) != 0)
    rc = -errno;
  close(fd);
  return rc;
}

int wj_parse(char *text, wjournal *j)
{
  for (char *at = text, *k, *v; wkv_next(&at, &k, &v);) {
    if (!strcmp(k, "rel"))
      wunesc(v, j->rel, sizeof j->rel);
    else if (!strcmp(k, "size"))
      j->size = strtoll(v, NULL, 10);
    else if (!strcmp(k, "mtime_ns"))
      j->mtime_ns = strtoll(v, NULL, 10);
    else if (!strcmp(k, "ino"))
      j->ino = strtoull(v, NULL, 10);
    else if (!strcmp(k, "claimed"))
      j->claimed = strtoll(v, NULL, 10);
    else if (!strcmp(k, "xdev"))
      j->xdev = (int)strtol(v, NULL, 10);
    else if (!strcmp(k, "fail"))
      wunesc(v, j->fail_name, sizeof j->fail_name);
    else if (!strcmp(k, "build"))
      wunesc(v, j->build, sizeof j->build);
    else if (!strcmp(k, "aired"))
      wfmt(j->aired, sizeof j->aired, "%s", v);
  }
  return j->rel[0] ? 0 : -EINVAL;
}

int wj_read(int workfd, const char *id, wjournal *j)
{
  char path[160], *buf;
  size_t n;
  memset(j, 0, sizeof *j);
  wfmt(j->id, sizeof j->id, "%s", id);
  wfmt(path, sizeof path, "%s/job", id);
  int rc = wfs_read_file(workfd, path, 1 << 20, &buf, &n);
  if (rc)
    return rc;
  rc = wj_parse(buf, j);
  free(buf);
  return rc;
}

int wj_remove(int workfd, const char *id)
{
  char path[160];
  wfmt(path, sizeof path, "%s/job", id);
  if (unlinkat(workfd, path, 0) != 0 && errno != ENOENT)
    return -errno;
  if (unlinkat(workfd, id, AT_REMOVEDIR) != 0 && errno != ENOENT)
    return -errno;
  return wfs_fsync(workfd);
}

/* Where job J keeps its source (state/work/ID/src), and its folder opened. */
void wjob_src_path(const wdaemon *d, const wjob *j, char *out, size_t n)
{
  wfmt(out, n, "%s/%s/src", d->work_path, j->id);
}

int wjob_dir(wdaemon *d, const wjob *j)
{
  int fd = openat(d->workfd, j->id, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  return fd >= 0 ? fd : -errno;
}
