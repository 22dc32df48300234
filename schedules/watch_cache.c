/* watch_cache.c: built MP3s by content key, so that a duplicate costs nothing.
 *
 * cache/watch/KEY.mp3 is what pipeline/build wrote (atomically) for the
 * content key KEY; cache/watch/KEY.info, written after it, makes the entry
 * whole: title, duration, the first file that had this content (to name it
 * when a duplicate comes) and the findings for the .canh-bao.txt. An entry
 * unused for 30 days is removed; out/ keeps its own link to the MP3.
 */
#include "schedules/watch_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define INFO_MAX (4 << 20)

void wcache_names(const char *key, char *mp3, char *info)
{
  wfmt(mp3, 80, "%s.mp3", key);
  wfmt(info, 80, "%s.info", key);
}

int wcache_write_info(wdaemon *d, const wjob *j, const loa_watch_outcome *o, const char *warnings)
{
  size_t cap = 4096 + 2 * strlen(warnings ? warnings : "") + 4 * WPATH, n = 0;
  char *buf = malloc(cap), esc[WPATH * 4];
  if (!buf)
    return -ENOMEM;
  wesc(o->title, esc, sizeof esc);
  n += (size_t)wfmt(buf + n, cap - n, "title=%s\nseconds=%.3f\n", esc, o->seconds);
  wesc(j->rel, esc, sizeof esc);
  n += (size_t)wfmt(buf + n, cap - n, "first=%s\n", esc);
  for (const char *p = warnings ? warnings : ""; *p && n < cap - 16;) {
    const char *e = strchr(p, '\n');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    char line[2048];
    wfmt(line, sizeof line, "%.*s", (int)(len < sizeof line ? len : sizeof line - 1), p);
    wesc(line, esc, sizeof esc);
    if (n + strlen(esc) + 16 < cap)
      n += (size_t)wfmt(buf + n, cap - n, "finding=%s\n", esc);
    p += len;
    if (*p == '\n')
      p++;
  }
  char mp3[80], info[80];
  wcache_names(o->key, mp3, info);
  int rc = wfs_write_atomic(d->cachefd, info, buf, n);
  free(buf);
  return rc;
}


int wcache_read_info(wdaemon *d, const char *key, winfo *w)
{
  char mp3[80], info[80], *buf;
  size_t n;
  memset(w, 0, sizeof *w);
  wcache_names(key, mp3, info);
  int rc = wfs_read_file(d->cachefd, info, INFO_MAX, &buf, &n);
  if (rc)
    return rc;
  size_t cap = n + 1, fn = 0;
  w->findings = calloc(1, cap);
  for (char *at = buf, *k, *v; wkv_next(&at, &k, &v);) {
    if (!strcmp(k, "title"))
      wunesc(v, w->title, sizeof w->title);
    else if (!strcmp(k, "seconds"))
      w->seconds = atof(v);
    else if (!strcmp(k, "first"))
      wunesc(v, w->first, sizeof w->first);
    else if (!strcmp(k, "finding") && w->findings) {
      char one[2048];
      wunesc(v, one, sizeof one);
      fn += (size_t)wfmt(w->findings + fn, cap - fn, "%s\n", one);
    }
  }
  free(buf);
  return 0;
}

int wcache_has(wdaemon *d, const char *key)
{
  char mp3[80], info[80];
  struct stat st;
  wcache_names(key, mp3, info);
  if (fstatat(d->cachefd, info, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
    return 0;
  if (fstatat(d->cachefd, mp3, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode) ||
      st.st_size == 0)
    return 0;
  utimensat(d->cachefd, info, NULL, AT_SYMLINK_NOFOLLOW);   /* recently used */
  return 1;
}

static int prune_old_files(const char *folder, const char *sub, long long max_age_s)
{
  int root = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (root < 0)
    return 0;
  int fd = wfs_open_dir(root, sub, 0);
  close(root);
  if (fd < 0)
    return 0;
  int fd2 = wfs_reopen(fd);
  DIR *dir = fd2 >= 0 ? fdopendir(fd2) : NULL;
  int removed = 0;
  time_t now = time(NULL);
  struct dirent *e;
  while (dir && (e = readdir(dir))) {
    struct stat st;
    if (fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
        now - st.st_mtime > max_age_s && unlinkat(fd, e->d_name, 0) == 0)
      removed++;
  }
  if (dir)
    closedir(dir);
  else if (fd2 >= 0)
    close(fd2);
  close(fd);
  return removed;
}

void wjob_prune_cache(wdaemon *d, long long max_age_s)
{
  /* what loa_urgent_air built for the air is only needed while it airs */
  prune_old_files(d->urgent_path, "khan", 7 * 24 * 3600);
  int fd = wfs_reopen(d->cachefd);
  DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
  if (!dir) {
    if (fd >= 0)
      close(fd);
    return;
  }
  time_t now = time(NULL);
  int removed = 0;
  struct dirent *e;
  while ((e = readdir(dir))) {
    size_t n = strlen(e->d_name);
    struct stat st;
    if (n != 64 + 5 || strcmp(e->d_name + 64, ".info") ||
        fstatat(d->cachefd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
        now - st.st_mtime < max_age_s)
      continue;
    char mp3[80];
    wfmt(mp3, sizeof mp3, "%.64s.mp3", e->d_name);
    /* the .info goes first: without it the entry is no longer a cache hit */
    if (unlinkat(d->cachefd, e->d_name, 0) == 0) {
      unlinkat(d->cachefd, mp3, 0);
      removed++;
    }
  }
  closedir(dir);
  if (removed) {
    wline l;
    wl_begin(&l, 6, "cache-pruned");
    wl_int(&l, "entries", removed);
    wl_end(&d->log, &l);
  }
}
