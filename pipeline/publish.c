/* publish.c: an unnamed file -> fsync -> a name -> rename -> fsync of the folder (see publish.h). */
#include "pipeline/publish.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int split_path(const char *path, char *dir, size_t dirlen, char *base, size_t baselen)
{
  char tmp[4096];
  if (strlen(path) >= sizeof tmp)
    return -ENAMETOOLONG;
  strcpy(tmp, path);
  snprintf(dir, dirlen, "%s", dirname(tmp));
  strcpy(tmp, path);
  snprintf(base, baselen, "%s", basename(tmp));
  return 0;
}

int loa_fsync_dir_of(const char *path)
{
  char dir[4096], base[1024];
  int rc = split_path(path, dir, sizeof dir, base, sizeof base);
  if (rc)
    return rc;
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return -errno;
  rc = fsync(fd) ? -errno : 0;
  close(fd);
  return rc == -EINVAL ? 0 : rc;   /* some file systems cannot fsync folders */
}

/* The temporary's name beside BASE in DIR: ".BASE.SUFFIX.tmp", or ".loa.SUFFIX.tmp" when
 * that would pass the longest name a folder takes (a name of 250 bytes is the
 * announcer's to keep; what loa adds is what gets shorter). */
static int tmp_name(char *out, size_t n, const char *dir, const char *base, const char *suffix)
{
  int fits = strlen(base) + strlen(suffix) + 6 <= NAME_MAX;
  int w = snprintf(out, n, "%s/.%s.%s.tmp", dir, fits ? base : "loa", suffix);
  return w < 0 || (size_t)w >= n ? -ENAMETOOLONG : 0;
}

/* FINAL may be replaced only when it is missing, a regular file or a link (the
 * rename replaces the link, never what it points to): never a device, a pipe,
 * a socket or a folder, which a rename would replace by an MP3. */
static int replaceable(const char *final_path)
{
  struct stat st;
  if (lstat(final_path, &st) != 0)
    return errno == ENOENT ? 0 : -errno;
  return S_ISREG(st.st_mode) || S_ISLNK(st.st_mode) ? 0 : -EEXIST;
}

int loa_atomic_open(loa_atomic_file *f, const char *final_path)
{
  char dir[4096], base[1024];
  memset(f, 0, sizeof *f);
  f->fd = -1;
  int rc = split_path(final_path, dir, sizeof dir, base, sizeof base);
  if (!rc)
    rc = replaceable(final_path);
  if (rc)
    return rc;
  if (snprintf(f->final_path, sizeof f->final_path, "%s", final_path) >= (int)sizeof f->final_path)
    return -ENAMETOOLONG;
  /* a file without a name: killed at any moment before the commit, nothing is left */
  f->fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
  if (f->fd < 0) {
    if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL && errno != ENOENT)
      return -errno;
    /* a file system without unnamed files: a hidden name beside the target */
    if ((rc = tmp_name(f->tmp_path, sizeof f->tmp_path, dir, base, "XXXXXX")))
      return rc;
    f->fd = mkostemps(f->tmp_path, 4, O_CLOEXEC);
    if (f->fd < 0) {
      rc = -errno;
      f->tmp_path[0] = 0;
      return rc;
    }
  }
  f->fp = fdopen(f->fd, "wb");
  if (!f->fp) {
    rc = -errno;
    close(f->fd);
    if (f->tmp_path[0])
      unlink(f->tmp_path);
    f->fd = -1;
    return rc;
  }
  fchmod(f->fd, 0644);
  return 0;
}

/* Give the unnamed file FD a hidden name beside FINAL (into TMP). */
static int name_it(int fd, const char *final, char *tmp, size_t n)
{
  char dir[4096], base[1024], proc[64], suffix[48];
  static unsigned counter;
  int rc = split_path(final, dir, sizeof dir, base, sizeof base);
  snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
  for (int tries = 0; !rc && tries < 100; tries++) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    snprintf(suffix, sizeof suffix, "%ld-%u-%ld", (long)getpid(), counter++, ts.tv_nsec % 1000000);
    if ((rc = tmp_name(tmp, n, dir, base, suffix)))
      break;
    if (linkat(AT_FDCWD, proc, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW) == 0 ||
        linkat(fd, "", AT_FDCWD, tmp, AT_EMPTY_PATH) == 0)
      return 0;
    if (errno != EEXIST)
      rc = -errno;
  }
  tmp[0] = 0;
  return rc ? rc : -EEXIST;
}

int loa_atomic_commit(loa_atomic_file *f)
{
  int rc = 0;
  if (fflush(f->fp) != 0 || ferror(f->fp))
    rc = -(errno ? errno : EIO);
  if (!rc && fsync(f->fd) != 0)
    rc = -errno;
  if (!rc)
    rc = replaceable(f->final_path);
  /* from here to the rename, a stop signal waits: the name given to the file
   * must not outlive the process */
  sigset_t stop, old;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGHUP);
  sigaddset(&stop, SIGQUIT);
  sigprocmask(SIG_BLOCK, &stop, &old);
  if (!rc && !f->tmp_path[0])
    rc = name_it(f->fd, f->final_path, f->tmp_path, sizeof f->tmp_path);
  if (fclose(f->fp) != 0 && !rc)
    rc = -(errno ? errno : EIO);
  f->fp = NULL;
  f->fd = -1;
  if (!rc && rename(f->tmp_path, f->final_path) != 0)
    rc = -errno;
  if (rc && f->tmp_path[0])
    unlink(f->tmp_path);
  sigprocmask(SIG_SETMASK, &old, NULL);
  if (rc)
    return rc;
  return loa_fsync_dir_of(f->final_path);
}

void loa_atomic_abort(loa_atomic_file *f)
{
  if (f->fp)
    fclose(f->fp);
  else if (f->fd >= 0)
    close(f->fd);
  f->fp = NULL;
  f->fd = -1;
  if (f->tmp_path[0])
    unlink(f->tmp_path);
}

int loa_atomic_write(const char *final_path, const void *buf, size_t n)
{
  loa_atomic_file f;
  int rc = loa_atomic_open(&f, final_path);
  if (rc)
    return rc;
  if (n && fwrite(buf, 1, n, f.fp) != n) {
    rc = -(errno ? errno : EIO);
    loa_atomic_abort(&f);
    return rc;
  }
  return loa_atomic_commit(&f);
}
