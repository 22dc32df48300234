/* publish.c: temporary name -> fsync -> rename -> fsync of the folder (see publish.h). */
#include "pipeline/publish.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
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

int loa_atomic_open(loa_atomic_file *f, const char *final_path)
{
  char dir[4096], base[1024];
  memset(f, 0, sizeof *f);
  f->fd = -1;
  int rc = split_path(final_path, dir, sizeof dir, base, sizeof base);
  if (rc)
    return rc;
  snprintf(f->final_path, sizeof f->final_path, "%s", final_path);
  if (snprintf(f->tmp_path, sizeof f->tmp_path, "%s/.%s.XXXXXX.tmp", dir, base) >=
      (int)sizeof f->tmp_path)
    return -ENAMETOOLONG;
  f->fd = mkostemps(f->tmp_path, 4, O_CLOEXEC);
  if (f->fd < 0)
    return -errno;
  f->fp = fdopen(f->fd, "wb");
  if (!f->fp) {
    rc = -errno;
    close(f->fd);
    unlink(f->tmp_path);
    f->fd = -1;
    return rc;
  }
  fchmod(f->fd, 0644);
  return 0;
}

int loa_atomic_commit(loa_atomic_file *f)
{
  int rc = 0;
  if (fflush(f->fp) != 0 || ferror(f->fp))
    rc = -(errno ? errno : EIO);
  if (!rc && fsync(f->fd) != 0)
    rc = -errno;
  if (fclose(f->fp) != 0 && !rc)
    rc = -(errno ? errno : EIO);
  f->fp = NULL;
  f->fd = -1;
  if (!rc && rename(f->tmp_path, f->final_path) != 0)
    rc = -errno;
  if (rc) {
    unlink(f->tmp_path);
    return rc;
  }
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
