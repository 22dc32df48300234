/* watch_health.c: what the watch daemon says of itself, and its full disk: the systemd
 * notifications (READY, STATUS, WATCHDOG), state/daemon.status (read by `loa status`), and
 * the free space watched while a disk is full (files then wait in state/work and are built
 * once space comes back). Below the loop (watch.c) and the jobs (watch_job.c), which both
 * report to it.
 */
#include "schedules/watch_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------------ systemd */

void wdaemon_notify(const char *msg)
{
  const char *path = getenv("NOTIFY_SOCKET");
  if (!path || !path[0] || strlen(path) >= sizeof(((struct sockaddr_un *)0)->sun_path))
    return;
  int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return;
  struct sockaddr_un sa = {.sun_family = AF_UNIX};
  memcpy(sa.sun_path, path, strlen(path));
  if (sa.sun_path[0] == '@')
    sa.sun_path[0] = 0;
  socklen_t len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path));
  if (sendto(fd, msg, strlen(msg), MSG_NOSIGNAL, (struct sockaddr *)&sa, len) < 0) {
    /* not fatal: systemd then sees us as started by the timeout */
  }
  close(fd);
}

/* ------------------------------------------------------------- a full disk */

#define SPACE_CHECK_MS 2000
#define SPACE_BACK_BYTES (1ULL << 20)   /* this much freed since: try again at once */

/* The least free space (for this user) of the folders the daemon writes in. */
static unsigned long long least_free(const wdaemon *d)
{
  int fds[] = {d->tmpfd, d->cachefd, d->outfd, d->donefd, d->failedfd, d->workfd};
  unsigned long long least = ~0ULL;
  for (size_t i = 0; i < sizeof fds / sizeof *fds; i++) {
    struct statvfs v;
    if (fds[i] >= 0 && fstatvfs(fds[i], &v) == 0 &&
        (unsigned long long)v.f_bavail * v.f_frsize < least)
      least = (unsigned long long)v.f_bavail * v.f_frsize;
  }
  return least;
}

void wdaemon_disk_full(wdaemon *d, const wjob *j, const char *err)
{
  d->nospace_free = least_free(d);
  d->next_space_ms = wnow_ms() + SPACE_CHECK_MS;
  if (d->nospace_since)
    return;
  d->nospace_since = time(NULL);
  wfmt(d->nospace_err, sizeof d->nospace_err, "%s", err);
  wline l;
  wl_begin(&l, 3, "disk-full");
  wl_str(&l, "file", j->rel);
  wl_str(&l, "error", err);
  wl_int(&l, "free_bytes", (long long)d->nospace_free);
  wl_str(&l, "note", "files wait in state/work and are built once there is space");
  wl_end(&d->log, &l);
  wdaemon_write_status(d);
}

void wdaemon_disk_ok(wdaemon *d)
{
  if (!d->nospace_since)
    return;
  wline l;
  wl_begin(&l, 5, "disk-space-back");
  wl_int(&l, "free_bytes", (long long)least_free(d));
  wl_int(&l, "full_for_s", (long long)(time(NULL) - d->nospace_since));
  wl_end(&d->log, &l);
  d->nospace_since = 0;
  d->nospace_err[0] = 0;
  wdaemon_write_status(d);
}

/* While the disk is full, look at the free space every few seconds; once some
 * came back, every file waiting for it is tried at once. */
void wdaemon_space_check(wdaemon *d, long long now, long long *wake)
{
  if (!d->nospace_since)
    return;
  if (now >= d->next_space_ms) {
    d->next_space_ms = now + SPACE_CHECK_MS;
    if (least_free(d) >= d->nospace_free + SPACE_BACK_BYTES)
      for (wjob *j = d->queue; j; j = j->next)
        if (j->nospace && j->pid == 0)
          j->not_before_ms = now;
  }
  if (d->next_space_ms < *wake)
    *wake = d->next_space_ms;
}

/* daemon.status, replaced whole; on a full disk, where a new file cannot be
 * made, written over the old one in place (it is small: its blocks are there). */
static void put_status(wdaemon *d, const char *buf, size_t n)
{
  char tmp[64];
  wfmt(tmp, sizeof tmp, WTMP_PREFIX "status.%ld.tmp", (long)getpid());
  int fd = openat(d->statefd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd >= 0) {
    int ok = write(fd, buf, n) == (ssize_t)n;
    close(fd);
    if (ok && renameat(d->statefd, tmp, d->statefd, "daemon.status") == 0)
      return;
    unlinkat(d->statefd, tmp, 0);
  }
  fd = openat(d->statefd, "daemon.status", O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return;
  if (pwrite(fd, buf, n, 0) == (ssize_t)n && ftruncate(fd, (off_t)n) == 0) {
    /* informative only: nothing else to do if even this fails */
  }
  close(fd);
}

void wdaemon_write_status(wdaemon *d)
{
  char buf[WPATH * 3], esc[WPATH * 2];
  size_t n = 0;
  int queued = 0;
  n += (size_t)wfmt(buf + n, sizeof buf - n, "pid=%ld\nsince=%lld\nupdated=%lld\n",
                    (long)getpid(), d->started, (long long)time(NULL));
  for (wjob *j = d->queue; j; j = j->next) {
    if (j->pid > 0) {
      wesc(j->rel, esc, sizeof esc);
      n += (size_t)wfmt(buf + n, sizeof buf - n, "building=%s\n", esc);
    } else {
      queued++;
    }
  }
  n += (size_t)wfmt(buf + n, sizeof buf - n,
                    "claimed_waiting=%d\nseen=%zu\ndone=%lld\nfailed=%lld\n", queued, d->ncand,
                    d->done_count, d->failed_count);
  n += (size_t)wfmt(buf + n, sizeof buf - n, "inbox_id=%llu:%llu\n", d->inbox_dev, d->inbox_ino);
  if (d->inbox_missing_since && n < sizeof buf)
    n += (size_t)wfmt(buf + n, sizeof buf - n, "inbox_missing_since=%lld\n", d->inbox_missing_since);
  if (d->inbox_replaced && n < sizeof buf)
    n += (size_t)wfmt(buf + n, sizeof buf - n, "inbox_replaced=%lld\n", d->inbox_replaced);
  if (d->nospace_since && n < sizeof buf) {
    wesc(d->nospace_err, esc, sizeof esc);
    n += (size_t)wfmt(buf + n, sizeof buf - n, "disk_full_since=%lld\ndisk_full=%s\n",
                      d->nospace_since, esc);
  }
  if (n >= sizeof buf)
    n = sizeof buf - 1;
  put_status(d, buf, n);   /* informative only: without fsync */
  char msg[256];
  int building = 0;
  for (wjob *j = d->queue; j; j = j->next)
    building += j->pid > 0;
  wfmt(msg, sizeof msg, "STATUS=%s; %zu waiting; %lld done, %lld failed",
       d->nospace_since ? "disk full" : building ? "building" : "idle",
       d->ncand + (size_t)queued, d->done_count, d->failed_count);
  wdaemon_notify(msg);
}
