/* watch_fs.c: file-system steps of the watch folder, each safe against links and crashes;
 * which names it leaves alone (loa_watch_ignored_name), and the crash points the tests use.
 *
 * Folders are opened one component at a time with O_NOFOLLOW, so a link
 * planted anywhere under inbox/, out/, done/ or failed/ can never lead the
 * daemon out of its folders. Writes go to a ".loa-watch.*.tmp" temporary that
 * is fsynced and renamed; moves never replace an existing name; a move across
 * file systems copies and fsyncs before it removes the original.
 */
#include "schedules/watch_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int wfmt(char *out, size_t n, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int r = vsnprintf(out, n, fmt, ap);
  va_end(ap);
  return r;
}

const char *wcrash_at;

void wcrash_point(const char *where)
{
  if (wcrash_at && !strcmp(wcrash_at, where))
    _exit(99);
}

/* ------------------------------------------------------------- names */

static int ends_with_ci(const char *s, const char *suffix)
{
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && !strcasecmp(s + n - m, suffix);
}

int loa_watch_ignored_name(const char *name)
{
  static const char *temp_suffix[] = {
    ".part", ".partial", ".tmp", ".temp", ".crdownload", ".download", ".filepart",
    ".swp", ".swx", ".swo", ".lock", ".lck", ".!ut", ".!qb", ".opdownload", ".bak",
    ".kate-swp", ".sb-", NULL};
  static const char *system_name[] = {"Thumbs.db", "desktop.ini", "Icon\r", ".DS_Store",
                                      "ehthumbs.db", NULL};
  if (!name[0] || name[0] == '.' || name[0] == '~')
    return 1;     /* dotfiles (rsync, AppleDouble ._x, .~lock), ~$x.docx, ~WRL0001.tmp */
  if (name[strlen(name) - 1] == '~' || name[0] == '#')
    return 1;     /* editor backups x~, #x# */
  for (int i = 0; temp_suffix[i]; i++)
    if (ends_with_ci(name, temp_suffix[i]))
      return 1;
  if (strstr(name, ".sb-") || strstr(name, ".goutputstream-"))
    return 1;
  for (int i = 0; system_name[i]; i++)
    if (!strcasecmp(name, system_name[i]))
      return 1;
  return 0;
}

long long wnow_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int wfs_fsync(int fd)
{
  if (fsync(fd) == 0 || errno == EINVAL || errno == EROFS)
    return 0;           /* some file systems cannot fsync a folder */
  return -errno;
}

static int open_dir_at(int dirfd, const char *name, int create)
{
  int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0 || errno != ENOENT || !create)
    return fd >= 0 ? fd : -errno;
  if (mkdirat(dirfd, name, 0775) != 0 && errno != EEXIST)
    return -errno;
  int rc = wfs_fsync(dirfd);
  if (rc)
    return rc;
  fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  return fd >= 0 ? fd : -errno;
}

int wfs_open_root(const char *path, int create)
{
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0 || errno != ENOENT || !create)
    return fd >= 0 ? fd : -errno;
  /* make the missing parents too (only for the configured roots) */
  char tmp[WPATH];
  if (wfmt(tmp, sizeof tmp, "%s", path) >= (int)sizeof tmp)
    return -ENAMETOOLONG;
  for (char *p = tmp + 1; *p; p++) {
    if (*p != '/')
      continue;
    *p = 0;
    if (mkdir(tmp, 0775) != 0 && errno != EEXIST)
      return -errno;
    *p = '/';
  }
  if (mkdir(tmp, 0775) != 0 && errno != EEXIST)
    return -errno;
  fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  return fd >= 0 ? fd : -errno;
}

int wfs_reopen(int dirfd)
{
  /* not dup(): a dup shares the read position, and a folder read once
   * through it would look empty the next time */
  int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  return fd >= 0 ? fd : -errno;
}

int wfs_open_dir(int rootfd, const char *rel, int create)
{
  int fd = wfs_reopen(rootfd);
  if (fd < 0)
    return fd;
  const char *p = rel;
  while (*p) {
    const char *slash = strchr(p, '/');
    size_t len = slash ? (size_t)(slash - p) : strlen(p);
    char part[256];
    if (len >= sizeof part) {
      close(fd);
      return -ENAMETOOLONG;
    }
    memcpy(part, p, len);
    part[len] = 0;
    if (len && strcmp(part, ".")) {
      if (!strcmp(part, "..")) {
        close(fd);
        return -EPERM;
      }
      int next = open_dir_at(fd, part, create);
      close(fd);
      if (next < 0)
        return next;
      fd = next;
    }
    p += len;
    if (*p == '/')
      p++;
  }
  return fd;
}

static int write_all(int fd, const void *buf, size_t n)
{
  const char *p = buf;
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR)
        continue;
      return -errno;
    }
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

/* A fresh temporary in DIRFD; name into TMP. */
static int open_tmp(int dirfd, char *tmp, size_t tmplen)
{
  static unsigned counter;
  for (int tries = 0; tries < 100; tries++) {
    wfmt(tmp, tmplen, WTMP_PREFIX "%ld.%u.%u.tmp", (long)getpid(), counter++,
             (unsigned)(wnow_ms() & 0xffffff));
    int fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd >= 0) {
      fchmod(fd, 0644);
      return fd;
    }
    if (errno != EEXIST)
      return -errno;
  }
  return -EEXIST;
}

int wfs_write_atomic(int dirfd, const char *name, const void *buf, size_t n)
{
  char tmp[128];
  int fd = open_tmp(dirfd, tmp, sizeof tmp);
  if (fd < 0)
    return fd;
  int rc = write_all(fd, buf, n);
  if (!rc && fsync(fd) != 0)
    rc = -errno;
  if (close(fd) != 0 && !rc)
    rc = -errno;
  if (!rc && renameat(dirfd, tmp, dirfd, name) != 0)
    rc = -errno;
  if (rc) {
    unlinkat(dirfd, tmp, 0);
    return rc;
  }
  return wfs_fsync(dirfd);
}

int wfs_read_file(int dirfd, const char *name, size_t max, char **buf, size_t *n)
{
  *buf = NULL;
  *n = 0;
  int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    return -errno;
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > max) {
    int rc = S_ISREG(st.st_mode) ? -EFBIG : -EINVAL;
    close(fd);
    return rc;
  }
  char *b = malloc((size_t)st.st_size + 1);
  if (!b) {
    close(fd);
    return -ENOMEM;
  }
  size_t got = 0;
  while (got < (size_t)st.st_size) {
    ssize_t r = read(fd, b + got, (size_t)st.st_size - got);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      break;
    got += (size_t)r;
  }
  close(fd);
  b[got] = 0;
  *buf = b;
  *n = got;
  return 0;
}

static int copy_fd(int in, int out)
{
  char buf[65536];
  for (;;) {
    ssize_t r = read(in, buf, sizeof buf);
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0)
      return -errno;
    if (r == 0)
      return 0;
    int rc = write_all(out, buf, (size_t)r);
    if (rc)
      return rc;
  }
}

int wfs_copy_to_tmp(int fromdir, const char *from, int todir, char *tmp, size_t tmplen)
{
  int in = openat(fromdir, from, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (in < 0)
    return -errno;
  int out = open_tmp(todir, tmp, tmplen);
  if (out < 0) {
    close(in);
    return out;
  }
  int rc = copy_fd(in, out);
  if (!rc && fsync(out) != 0)
    rc = -errno;
  if (close(out) != 0 && !rc)
    rc = -errno;
  close(in);
  if (rc)
    unlinkat(todir, tmp, 0);
  return rc;
}

static int rename_noreplace(int fromdir, const char *from, int todir, const char *to)
{
  if (renameat2(fromdir, from, todir, to, RENAME_NOREPLACE) == 0)
    return 0;
  if (errno != EINVAL && errno != ENOSYS)
    return -errno;
  /* the file system has no RENAME_NOREPLACE: link (fails on an existing name) + unlink */
  if (linkat(fromdir, from, todir, to, 0) != 0)
    return -errno;
  unlinkat(fromdir, from, 0);
  return 0;
}

int wfs_move(int fromdir, const char *from, int todir, const char *to)
{
  int rc = rename_noreplace(fromdir, from, todir, to);
  if (rc == -EXDEV) {
    struct stat st;
    if (fstatat(fromdir, from, &st, AT_SYMLINK_NOFOLLOW) != 0)
      return -errno;
    char tmp[128];
    if (S_ISLNK(st.st_mode)) {
      char target[WPATH];
      ssize_t n = readlinkat(fromdir, from, target, sizeof target - 1);
      if (n < 0)
        return -errno;
      target[n] = 0;
      wfmt(tmp, sizeof tmp, WTMP_PREFIX "%ld.link.tmp", (long)getpid());
      unlinkat(todir, tmp, 0);
      if (symlinkat(target, todir, tmp) != 0)
        return -errno;
    } else if (S_ISREG(st.st_mode)) {
      if ((rc = wfs_copy_to_tmp(fromdir, from, todir, tmp, sizeof tmp)))
        return rc;
    } else {
      return -EXDEV;
    }
    rc = rename_noreplace(todir, tmp, todir, to);
    if (rc) {
      unlinkat(todir, tmp, 0);
      return rc;
    }
    if ((rc = wfs_fsync(todir)))
      return rc;
    if (unlinkat(fromdir, from, 0) != 0)
      return -errno;
    return wfs_fsync(fromdir);
  }
  if (rc)
    return rc;
  if ((rc = wfs_fsync(todir)))
    return rc;
  return wfs_fsync(fromdir);
}

int wfs_same_content(int da, const char *a, int db, const char *b)
{
  int fa = openat(da, a, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fa < 0)
    return -errno;
  int fb = openat(db, b, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fb < 0) {
    int rc = -errno;
    close(fa);
    return rc;
  }
  struct stat sa, sb;
  int same = fstat(fa, &sa) == 0 && fstat(fb, &sb) == 0 && S_ISREG(sa.st_mode) &&
             S_ISREG(sb.st_mode) && sa.st_size == sb.st_size;
  char ba[16384], bb[16384];
  while (same) {
    ssize_t ra = read(fa, ba, sizeof ba);
    if (ra <= 0) {
      same = ra == 0 && read(fb, bb, 1) == 0;
      break;
    }
    ssize_t got = 0;
    while (got < ra) {
      ssize_t rb = read(fb, bb + got, (size_t)(ra - got));
      if (rb <= 0)
        break;
      got += rb;
    }
    same = got == ra && !memcmp(ba, bb, (size_t)ra);
    if (!same)
      break;
  }
  close(fa);
  close(fb);
  return same;
}

int wfs_fit_name(const char *name, const char *suffix, char *out, size_t outlen)
{
  static const char mark[] = "\xe2\x80\xa6";     /* … */
  size_t n = strlen(name), m = strlen(suffix), ml = sizeof mark - 1;
  if (n + m <= NAME_MAX) {
    wfmt(out, outlen, "%s%s", name, suffix);
    return 0;
  }
  /* the middle goes: the end of NAME (" (2).txt", the extension) tells names apart */
  size_t tail = n < 16 ? n : 16;
  while (tail && ((unsigned char)name[n - tail] & 0xC0) == 0x80)
    tail--;                                      /* never inside a character */
  size_t room = NAME_MAX > m + ml + tail ? NAME_MAX - m - ml - tail : 0;
  size_t keep = room < n - tail ? room : n - tail;
  while (keep && ((unsigned char)name[keep] & 0xC0) == 0x80)
    keep--;
  wfmt(out, outlen, "%.*s%s%s%s", (int)keep, name, mark, name + n - tail, suffix);
  return 1;
}

/* NAME and, with SUFFIX, its note are both free in DIRFD. */
static int name_free(int dirfd, const char *name, const char *suffix)
{
  struct stat st;
  char note[WPATH];
  if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0)
    return 0;
  if (!suffix)
    return 1;
  wfs_fit_name(name, suffix, note, sizeof note);
  return fstatat(dirfd, note, &st, AT_SYMLINK_NOFOLLOW) != 0;
}

int wfs_unique_name(int dirfd, const char *name, const char *suffix, char *out, size_t outlen)
{
  if (wfmt(out, outlen, "%s", name) >= (int)outlen || strlen(name) > NAME_MAX)
    return -ENAMETOOLONG;
  if (name_free(dirfd, out, suffix))
    return 0;
  char stem[WPATH], tail[WPATH];
  wfs_stem(name, stem, sizeof stem);
  const char *ext = name + strlen(stem);
  for (int i = 2; i < 100000; i++) {
    wfmt(tail, sizeof tail, " (%d)%s", i, ext);
    wfs_fit_name(stem, tail, out, outlen);
    if (name_free(dirfd, out, suffix))
      return 0;
  }
  return -EEXIST;
}

void wfs_split(const char *rel, char *dir, size_t dirlen, char *base, size_t baselen)
{
  const char *slash = strrchr(rel, '/');
  if (!slash) {
    wfmt(dir, dirlen, "%s", "");
    wfmt(base, baselen, "%s", rel);
    return;
  }
  wfmt(dir, dirlen, "%.*s", (int)(slash - rel), rel);
  wfmt(base, baselen, "%s", slash + 1);
}

void wfs_stem(const char *name, char *out, size_t outlen)
{
  const char *dot = strrchr(name, '.');
  size_t len = strlen(name);
  int alpha = 0, ok = dot && dot != name && dot[1] && strlen(dot) <= 8;
  for (const char *p = dot ? dot + 1 : ""; ok && *p; p++) {
    alpha |= (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z');
    ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9');
  }
  if (ok && alpha)      /* ".txt", ".docx", ".mp3"; not ".2026" nor ". ban sua" */
    len = (size_t)(dot - name);
  wfmt(out, outlen, "%.*s", (int)len, name);
}

int wfs_remove_temporaries(int dirfd, int depth)
{
  int dfd = wfs_reopen(dirfd);
  if (dfd < 0)
    return dfd;
  DIR *d = fdopendir(dfd);
  if (!d) {
    close(dfd);
    return -errno;
  }
  int removed = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    const char *n = e->d_name;
    if (!strcmp(n, ".") || !strcmp(n, ".."))
      continue;
    size_t len = strlen(n);
    struct stat st;
    if (fstatat(dirfd, n, &st, AT_SYMLINK_NOFOLLOW) != 0)
      continue;
    if (!strncmp(n, WTMP_PREFIX, strlen(WTMP_PREFIX)) && len > 4 &&
        !strcmp(n + len - 4, ".tmp") && !S_ISDIR(st.st_mode)) {
      if (unlinkat(dirfd, n, 0) == 0)
        removed++;
    } else if (S_ISDIR(st.st_mode) && depth > 0) {
      int sub = openat(dirfd, n, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub >= 0) {
        int r = wfs_remove_temporaries(sub, depth - 1);
        if (r > 0)
          removed += r;
        close(sub);
      }
    }
  }
  closedir(d);
  if (removed)
    wfs_fsync(dirfd);
  return removed;
}

int wfs_empty_dir(int dirfd, int depth)
{
  int dfd = wfs_reopen(dirfd);
  DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
  if (!d) {
    if (dfd >= 0)
      close(dfd);
    return -errno;
  }
  int removed = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    const char *n = e->d_name;
    struct stat st;
    if (!strcmp(n, ".") || !strcmp(n, "..") || fstatat(dirfd, n, &st, AT_SYMLINK_NOFOLLOW) != 0)
      continue;
    if (S_ISDIR(st.st_mode)) {
      int sub = depth > 0 ? openat(dirfd, n, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) : -1;
      if (sub >= 0) {
        wfs_empty_dir(sub, depth - 1);
        close(sub);
      }
      if (unlinkat(dirfd, n, AT_REMOVEDIR) == 0)
        removed++;
    } else if (unlinkat(dirfd, n, 0) == 0) {
      removed++;
    }
  }
  closedir(d);
  return removed;
}
