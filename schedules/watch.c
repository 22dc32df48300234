/* watch.c: the watch-folder daemon: lock, find files, wait until they are
 * complete, claim them one at a time, keep the queue moving.
 *
 * Files are found three ways: a scan at start-up, inotify while running, and
 * a full rescan every rescan_s seconds for shares where inotify misses events
 * (Samba, NFS) or when the inotify queue overflowed. A file is taken only
 * when it is complete: its size, mtime and inode unchanged for settle_ms, no
 * process has it open for writing (a read lease can be taken: that covers
 * Samba's smbd writing for a Windows PC), and, when inotify saw it being
 * written, after it was closed or moved in (or, where the lease cannot tell,
 * after a long quiet time). An empty file waits 15 settle times before it is
 * refused (it is most often a new file about to be filled). Temporary names
 * of editors and copy tools are left alone (loa_watch_ignored_name).
 *
 * One daemon per folder: a POSIX lock on state/lock (its pid written inside)
 * and a flock on the inbox folder itself, so that two configurations naming
 * the same inbox cannot both run. Builds run one at a time in a child
 * process, plus one more lane for inbox/khan so that an urgent notice never
 * waits behind a long bulletin.
 */
#include "schedules/watch_internal.h"
#include "lexicon/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define MAX_DEPTH 8
#define CACHE_MAX_AGE_S (30LL * 24 * 3600)

const char *wcrash_at;

void wcrash_point(const char *where)
{
  if (wcrash_at && !strcmp(wcrash_at, where))
    _exit(99);
}

static volatile sig_atomic_t stop_requested;
static int stop_pipe[2] = {-1, -1};

void loa_watch_request_stop(void)
{
  int saved = errno;
  stop_requested = 1;
  if (stop_pipe[1] >= 0 && write(stop_pipe[1], "x", 1) < 0) {
    /* the flag alone is enough; the pipe only wakes poll() */
  }
  errno = saved;
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

/* ------------------------------------------------------------- candidates */

static wcand *find_cand(wdaemon *d, const char *rel)
{
  for (size_t i = 0; i < d->ncand; i++)
    if (!strcmp(d->cand[i].rel, rel))
      return &d->cand[i];
  return NULL;
}

static void drop_cand(wdaemon *d, wcand *c)
{
  free(c->rel);
  *c = d->cand[--d->ncand];
}

static void drop_cands_under(wdaemon *d, const char *reldir)
{
  size_t n = strlen(reldir);
  for (size_t i = 0; i < d->ncand;) {
    if (!strncmp(d->cand[i].rel, reldir, n) && d->cand[i].rel[n] == '/')
      drop_cand(d, &d->cand[i]);
    else
      i++;
  }
}

static long long mtime_ns(const struct stat *st)
{
  return (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
}

static wcand *observe(wdaemon *d, const char *rel, const struct stat *st, long long now)
{
  wcand *c = find_cand(d, rel);
  if (!c) {
    wcand *p = loa_grow(d->cand, &d->capcand, d->ncand + 1, sizeof *p);
    if (!p)
      return NULL;
    d->cand = p;
    c = &d->cand[d->ncand];
    memset(c, 0, sizeof *c);
    c->rel = strdup(rel);
    if (!c->rel)
      return NULL;
    d->ncand++;
    c->changed_ms = now;
    c->dev = st->st_dev;
    c->ino = st->st_ino;
    c->size = st->st_size;
    c->mtime_ns = mtime_ns(st);
    c->mode = st->st_mode;
    wline l;
    wl_begin(&l, 6, "seen");
    wl_str(&l, "file", rel);
    wl_int(&l, "bytes", (long long)st->st_size);
    wl_end(&d->log, &l);
    return c;
  }
  if (c->dev != st->st_dev || c->ino != st->st_ino || c->size != st->st_size ||
      c->mtime_ns != mtime_ns(st) || c->mode != st->st_mode) {
    c->dev = st->st_dev;
    c->ino = st->st_ino;
    c->size = st->st_size;
    c->mtime_ns = mtime_ns(st);
    c->mode = st->st_mode;
    c->changed_ms = now;
  }
  return c;
}

static void join(char *out, size_t n, const char *dir, const char *name)
{
  wfmt(out, n, "%s%s%s", dir, dir[0] ? "/" : "", name);
}

/* ---------------------------------------------------------------- inotify */

static wwatch *find_watch(wdaemon *d, int wd)
{
  for (size_t i = 0; i < d->nwatch; i++)
    if (d->watches[i].wd == wd)
      return &d->watches[i];
  return NULL;
}

static void add_watch(wdaemon *d, int dirfd, const char *rel)
{
  if (d->ifd < 0)
    return;
  char proc[64];
  wfmt(proc, sizeof proc, "/proc/self/fd/%d", dirfd);
  int wd = inotify_add_watch(d->ifd, proc,
                             IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM |
                                 IN_DELETE | IN_ATTRIB | IN_ONLYDIR | IN_EXCL_UNLINK);
  if (wd < 0) {
    wline l;
    wl_begin(&l, 4, "inotify-error");
    wl_str(&l, "folder", rel);
    wl_str(&l, "error", strerror(errno));
    wl_end(&d->log, &l);
    return;
  }
  wwatch *w = find_watch(d, wd);
  if (w) {
    if (strcmp(w->rel, rel)) {
      free(w->rel);
      w->rel = strdup(rel);
    }
    return;
  }
  wwatch *p = loa_grow(d->watches, &d->capwatch, d->nwatch + 1, sizeof *p);
  if (!p)
    return;
  d->watches = p;
  d->watches[d->nwatch].wd = wd;
  d->watches[d->nwatch].rel = strdup(rel);
  d->nwatch++;
}

static void scan_dir(wdaemon *d, const char *rel, int depth, long long now, int *found_new)
{
  int fd = wfs_open_dir(d->inboxfd, rel, 0);
  if (fd < 0)
    return;
  add_watch(d, fd, rel);
  int fd2 = wfs_reopen(fd);
  DIR *dir = fd2 >= 0 ? fdopendir(fd2) : NULL;
  if (!dir) {
    if (fd2 >= 0)
      close(fd2);
    close(fd);
    return;
  }
  struct dirent *e;
  char child[WPATH];
  while ((e = readdir(dir))) {
    if (loa_watch_ignored_name(e->d_name))
      continue;
    join(child, sizeof child, rel, e->d_name);
    struct stat st;
    if (fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
      continue;
    if (S_ISDIR(st.st_mode)) {
      if (depth < MAX_DEPTH)
        scan_dir(d, child, depth + 1, now, found_new);
      continue;
    }
    size_t before = d->ncand;
    wcand *c = observe(d, child, &st, now);
    if (c)
      c->mark = 1;
    if (found_new && d->ncand > before)
      (*found_new)++;
  }
  closedir(dir);
  close(fd);
}

static void full_scan(wdaemon *d, long long now, int log_missed)
{
  for (size_t i = 0; i < d->ncand; i++)
    d->cand[i].mark = 0;
  int found_new = 0;
  scan_dir(d, "", 0, now, &found_new);
  for (size_t i = 0; i < d->ncand;) {
    if (!d->cand[i].mark)
      drop_cand(d, &d->cand[i]);
    else
      i++;
  }
  if (found_new && log_missed && d->ifd >= 0) {
    wline l;
    wl_begin(&l, 5, "rescan-found");
    wl_int(&l, "files", found_new);
    wl_str(&l, "note", "files inotify did not report (a network share?)");
    wl_end(&d->log, &l);
  }
}

static void handle_events(wdaemon *d, long long now)
{
  char buf[65536] __attribute__((aligned(__alignof__(struct inotify_event))));
  for (;;) {
    ssize_t n = read(d->ifd, buf, sizeof buf);
    if (n <= 0)
      return;
    for (char *p = buf; p < buf + n;) {
      struct inotify_event *ev = (struct inotify_event *)p;
      p += sizeof *ev + ev->len;
      if (ev->mask & IN_Q_OVERFLOW) {
        d->next_scan_ms = 0;
        continue;
      }
      wwatch *w = find_watch(d, ev->wd);
      if (!w)
        continue;
      if (ev->mask & IN_IGNORED) {
        free(w->rel);
        *w = d->watches[--d->nwatch];
        continue;
      }
      if (!ev->len || loa_watch_ignored_name(ev->name))
        continue;
      char rel[WPATH];
      join(rel, sizeof rel, w->rel, ev->name);
      if (ev->mask & IN_ISDIR) {
        if (ev->mask & (IN_CREATE | IN_MOVED_TO))
          scan_dir(d, rel, 1, now, NULL);
        else if (ev->mask & (IN_MOVED_FROM | IN_DELETE))
          drop_cands_under(d, rel);
        continue;
      }
      wcand *c = find_cand(d, rel);
      if (ev->mask & (IN_DELETE | IN_MOVED_FROM)) {
        if (c)
          drop_cand(d, c);
        continue;
      }
      char dir[WPATH], base[1024];
      wfs_split(rel, dir, sizeof dir, base, sizeof base);
      int fd = wfs_open_dir(d->inboxfd, dir, 0);
      struct stat st;
      int ok = fd >= 0 && fstatat(fd, base, &st, AT_SYMLINK_NOFOLLOW) == 0;
      if (fd >= 0)
        close(fd);
      if (!ok) {
        if (c)
          drop_cand(d, c);
        continue;
      }
      c = observe(d, rel, &st, now);
      if (!c)
        continue;
      c->event_ms = now;
      if (ev->mask & (IN_CREATE | IN_MODIFY)) {
        c->writing = 1;
        c->changed_ms = now;
      }
      if (ev->mask & (IN_CLOSE_WRITE | IN_MOVED_TO))
        c->writing = 0;
    }
  }
}

/* --------------------------------------------------------------- settling */

enum { PROBE_FREE, PROBE_BUSY, PROBE_UNKNOWN };

/* Is anybody holding the file open for writing? A read lease can only be
 * taken when nobody is. */
static int lease_probe(int dirfd, const char *base)
{
  int fd = openat(dirfd, base, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    return errno == EWOULDBLOCK ? PROBE_BUSY : PROBE_UNKNOWN;
  int r = PROBE_UNKNOWN;
  if (fcntl(fd, F_SETLEASE, F_RDLCK) == 0) {
    fcntl(fd, F_SETLEASE, F_UNLCK);
    r = PROBE_FREE;
  } else if (errno == EAGAIN) {
    r = PROBE_BUSY;
  }
  close(fd);
  return r;
}

static int cmp_changed(const void *a, const void *b)
{
  const wcand *x = *(wcand *const *)a, *y = *(wcand *const *)b;
  if (x->changed_ms != y->changed_ms)
    return x->changed_ms < y->changed_ms ? -1 : 1;
  return strcmp(x->rel, y->rel);
}

static void wake_at(long long *wake, long long t)
{
  if (t < *wake)
    *wake = t;
}

/* The oldest complete file of LANE, or NULL; *WAKE gets when to look again. */
static wcand *next_ready(wdaemon *d, int lane, long long now, long long *wake)
{
  if (!d->ncand)
    return NULL;
  wcand **order = malloc(d->ncand * sizeof *order);
  if (!order)
    return NULL;
  size_t n = 0;
  for (size_t i = 0; i < d->ncand; i++)
    if (wjob_lane_of(d->cand[i].rel) == lane)
      order[n++] = &d->cand[i];
  qsort(order, n, sizeof *order, cmp_changed);
  wcand *ready = NULL;
  for (size_t i = 0; i < n && !ready; i++) {
    wcand *c = order[i];
    if (now - c->changed_ms < d->settle_ms) {
      wake_at(wake, c->changed_ms + d->settle_ms);
      continue;
    }
    char dir[WPATH], base[1024];
    wfs_split(c->rel, dir, sizeof dir, base, sizeof base);
    int fd = wfs_open_dir(d->inboxfd, dir, 0);
    struct stat st;
    if (fd < 0 || fstatat(fd, base, &st, AT_SYMLINK_NOFOLLOW) != 0) {
      if (fd >= 0)
        close(fd);
      c->mark = -1;            /* gone: dropped below */
      continue;
    }
    long long before = c->changed_ms;
    observe(d, c->rel, &st, now);
    if (c->changed_ms != before) {
      wake_at(wake, now + d->settle_ms);
      close(fd);
      continue;
    }
    if (S_ISREG(st.st_mode)) {
      int probe = lease_probe(fd, base);
      if (probe == PROBE_BUSY) {
        c->changed_ms = now;   /* still open for writing: start the settle again */
        wake_at(wake, now + d->settle_ms);
        close(fd);
        continue;
      }
      if (probe == PROBE_FREE)
        c->writing = 0;
      if (c->writing && now - c->event_ms < d->write_timeout_ms) {
        wake_at(wake, c->event_ms + d->write_timeout_ms);
        close(fd);
        continue;
      }
      /* an empty file is usually one just made in the inbox ("New Text
       * Document.txt") and about to be filled: give it longer */
      if (st.st_size == 0 && now - c->changed_ms < d->empty_grace_ms) {
        wake_at(wake, c->changed_ms + d->empty_grace_ms);
        close(fd);
        continue;
      }
    }
    close(fd);
    ready = c;
  }
  free(order);
  for (size_t i = 0; i < d->ncand;) {
    if (d->cand[i].mark == -1 && &d->cand[i] != ready)
      drop_cand(d, &d->cand[i]);
    else
      i++;
  }
  return ready;
}

/* ---------------------------------------------------------------- set-up */

static int open_folder(const char *what, const char *path, int *fd, char *err, size_t errlen)
{
  if (!path || !path[0]) {
    wfmt(err, errlen, "[paths] %s is not set", what);
    return -1;
  }
  *fd = wfs_open_root(path, 1);
  if (*fd < 0) {
    wfmt(err, errlen, "%s: cannot open or create the %s folder: %s", path, what,
             strerror(-*fd));
    return -1;
  }
  return 0;
}

static int inside(const char *a, const char *b)
{
  size_t n = strlen(b);
  return !strncmp(a, b, n) && (a[n] == '/' || a[n] == 0);
}

static int check_layout(const loa_config *c, char *err, size_t errlen)
{
  const char *names[] = {"inbox", "out", "done", "failed", "state"};
  const char *paths[] = {c->inbox, c->out, c->done, c->failed, c->state};
  char real[5][PATH_MAX];
  for (int i = 0; i < 5; i++)
    if (!realpath(paths[i], real[i])) {
      wfmt(err, errlen, "%s: %s", paths[i], strerror(errno));
      return -1;
    }
  for (int i = 0; i < 5; i++)
    for (int k = 0; k < 5; k++)
      if (i != k && inside(real[i], real[k])) {
        wfmt(err, errlen, "the %s folder (%s) must not be the %s folder nor inside it (%s)",
                 names[i], real[i], names[k], real[k]);
        return -1;
      }
  return 0;
}

static int take_locks(wdaemon *d, char *err, size_t errlen)
{
  d->lockfd = openat(d->statefd, "lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (d->lockfd < 0) {
    wfmt(err, errlen, "%s/lock: %s", d->c->state, strerror(errno));
    return LOA_WATCH_ESETUP;
  }
  struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
  if (fcntl(d->lockfd, F_SETLK, &fl) != 0) {
    struct flock q = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
    long pid = fcntl(d->lockfd, F_GETLK, &q) == 0 && q.l_type != F_UNLCK ? (long)q.l_pid : 0;
    wfmt(err, errlen, "another loa watch (pid %ld) already runs on %s; only one may", pid,
             d->c->state);
    return LOA_WATCH_EBUSY;
  }
  char pid[32];
  int n = wfmt(pid, sizeof pid, "%ld\n", (long)getpid());
  if (ftruncate(d->lockfd, 0) != 0 || pwrite(d->lockfd, pid, (size_t)n, 0) != n) {
    /* the pid in the file is informative; the lock is what counts */
  }
  /* A build process forked by a daemon killed a moment ago may still hold
   * the inbox lock for the few milliseconds it takes to die (it drops the
   * lock as its first step, and dies with its parent): wait that out. */
  d->inboxlockfd = open(d->c->inbox, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int locked = 0;
  for (int i = 0; d->inboxlockfd >= 0 && i < 30 && !locked; i++) {
    locked = flock(d->inboxlockfd, LOCK_EX | LOCK_NB) == 0;
    if (!locked && errno != EWOULDBLOCK)
      break;
    if (!locked)
      usleep(100 * 1000);
  }
  if (!locked) {
    wfmt(err, errlen, "another loa watch already watches the inbox %s (with another state folder)",
             d->c->inbox);
    return LOA_WATCH_EBUSY;
  }
  return 0;
}

static int setup(wdaemon *d, char *err, size_t errlen)
{
  const loa_config *c = d->c;
  struct stat st;
  int fresh_inbox = c->inbox[0] && stat(c->inbox, &st) != 0;
  if (open_folder("inbox", c->inbox, &d->inboxfd, err, errlen) ||
      open_folder("out", c->out, &d->outfd, err, errlen) ||
      open_folder("done", c->done, &d->donefd, err, errlen) ||
      open_folder("failed", c->failed, &d->failedfd, err, errlen) ||
      open_folder("state", c->state, &d->statefd, err, errlen))
    return LOA_WATCH_ESETUP;
  if (check_layout(c, err, errlen))
    return LOA_WATCH_ESETUP;
  if (!realpath(c->out, d->out_path))
    wfmt(d->out_path, sizeof d->out_path, "%s", c->out);
  char real_state[PATH_MAX];
  if (!realpath(c->state, real_state))
    wfmt(real_state, sizeof real_state, "%s", c->state);
  wfmt(d->work_path, sizeof d->work_path, "%s/work", real_state);
  d->workfd = wfs_open_dir(d->statefd, "work", 1);
  if (d->workfd < 0) {
    wfmt(err, errlen, "%s: %s", d->work_path, strerror(-d->workfd));
    return LOA_WATCH_ESETUP;
  }
  wfmt(d->urgent_path, sizeof d->urgent_path, "%s/urgent", real_state);
  wfmt(d->tmp_path, sizeof d->tmp_path, "%s/tmp", real_state);
  d->tmpfd = wfs_open_dir(d->statefd, "tmp", 1);
  if (d->tmpfd < 0) {
    wfmt(err, errlen, "%s: %s", d->tmp_path, strerror(-d->tmpfd));
    return LOA_WATCH_ESETUP;
  }
  const char *cache_root = c->cache[0] ? c->cache : real_state;
  int croot = wfs_open_root(cache_root, 1);
  d->cachefd = croot >= 0 ? wfs_open_dir(croot, "watch", 1) : croot;
  if (croot >= 0)
    close(croot);
  char real_cache[PATH_MAX];
  if (d->cachefd < 0 || !realpath(cache_root, real_cache)) {
    wfmt(err, errlen, "%s/watch: cannot open or create the cache folder", cache_root);
    return LOA_WATCH_ESETUP;
  }
  wfmt(d->cache_path, sizeof d->cache_path, "%s/watch", real_cache);
  if (fresh_inbox) {
    /* a new station: show the announcer where morning, evening and urgent go */
    static const char *subs[] = {"sang", "chieu", "khan", NULL};
    for (int i = 0; subs[i]; i++) {
      int fd = wfs_open_dir(d->inboxfd, subs[i], 1);
      if (fd >= 0)
        close(fd);
    }
  }
  d->log.statefd = d->statefd;
  return 0;
}

/* ------------------------------------------------------------------ systemd */

static void sd_notify_(const char *msg)
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
  /* informative only: a temporary and a rename, without fsync */
  char tmp[64];
  wfmt(tmp, sizeof tmp, WTMP_PREFIX "status.%ld.tmp", (long)getpid());
  int fd = openat(d->statefd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd >= 0) {
    int ok = write(fd, buf, n) == (ssize_t)n;
    close(fd);
    if (!ok || renameat(d->statefd, tmp, d->statefd, "daemon.status") != 0)
      unlinkat(d->statefd, tmp, 0);
  }
  char msg[256];
  int building = 0;
  for (wjob *j = d->queue; j; j = j->next)
    building += j->pid > 0;
  wfmt(msg, sizeof msg, "STATUS=%s; %zu waiting; %lld done, %lld failed",
       building ? "building" : "idle", d->ncand + (size_t)queued, d->done_count, d->failed_count);
  sd_notify_(msg);
}

/* ------------------------------------------------------------------ the loop */

static void remove_job(wdaemon *d, wjob *j)
{
  for (wjob **p = &d->queue; *p; p = &(*p)->next)
    if (*p == j) {
      *p = j->next;
      free(j);
      return;
    }
}

static wjob *running_in(wdaemon *d, int lane)
{
  for (wjob *j = d->queue; j; j = j->next)
    if (j->lane == lane && j->pid > 0)
      return j;
  return NULL;
}

/* Start the next piece of work of LANE if it is free. Returns 1 if anything changed. */
static int feed_lane(wdaemon *d, int lane, long long now, long long *wake)
{
  if (running_in(d, lane))
    return 0;
  for (wjob *j = d->queue; j; j = j->next) {
    if (j->lane != lane)
      continue;
    if (j->not_before_ms > now) {
      wake_at(wake, j->not_before_ms);
      continue;
    }
    if (wjob_start(d, j))
      remove_job(d, j);
    return 1;
  }
  wcand *c = next_ready(d, lane, now, wake);
  if (!c)
    return 0;
  char rel[WPATH];
  wfmt(rel, sizeof rel, "%s", c->rel);
  drop_cand(d, c);
  int rc = wjob_claim(d, &(wcand){.rel = rel});
  if (rc && rc != -ENOENT) {
    wline l;
    wl_begin(&l, 3, "claim-error");
    wl_str(&l, "file", rel);
    wl_str(&l, "error", strerror(-rc));
    wl_end(&d->log, &l);
    wake_at(wake, now + 5000);
  }
  return 1;
}

static void give_up_once(wdaemon *d)
{
  /* --once: a file that keeps failing for reasons outside it stays in
   * state/work for the next run; say so and stop trying */
  for (wjob *j = d->queue, *next; j; j = next) {
    next = j->next;
    if (j->pid == 0 && j->attempts >= 3) {
      wline l;
      wl_begin(&l, 3, "left-in-state");
      wl_str(&l, "file", j->rel);
      wl_str(&l, "id", j->id);
      wl_end(&d->log, &l);
      d->incomplete++;
      remove_job(d, j);
    }
  }
}

static int run_loop(wdaemon *d)
{
  long long scan_every = d->o->no_inotify || d->o->once ? d->settle_ms / 2
                                                        : (long long)d->c->rescan_s * 1000;
  if (scan_every < 100)
    scan_every = 100;
  long long watchdog_ms = 0, last_ping = 0, last_prune = wnow_ms();
  const char *wd_usec = getenv("WATCHDOG_USEC");
  if (wd_usec && atoll(wd_usec) > 0)
    watchdog_ms = atoll(wd_usec) / 2000;
  int idle_scans = 0;

  while (!stop_requested) {
    long long now = wnow_ms();
    long long wake = now + 60000;
    if (now >= d->next_scan_ms) {
      full_scan(d, now, 1);
      d->next_scan_ms = now + scan_every;
      idle_scans = d->queue || d->ncand ? 0 : idle_scans + 1;
    }
    wake_at(&wake, d->next_scan_ms);
    int changed = 0;
    for (int lane = 0; lane < 2; lane++)
      while (feed_lane(d, lane, now, &wake))
        changed = 1;
    if (changed)
      wdaemon_write_status(d);
    if (d->o->once) {
      give_up_once(d);
      if (!d->queue && !d->ncand && idle_scans >= 1)
        break;
    }
    if (now - last_prune > 24LL * 3600 * 1000) {
      wjob_prune_cache(d, CACHE_MAX_AGE_S);
      last_prune = now;
    }
    if (watchdog_ms) {
      if (now - last_ping >= watchdog_ms) {
        sd_notify_("WATCHDOG=1");
        last_ping = now;
      }
      wake_at(&wake, last_ping + watchdog_ms);
    }

    struct pollfd pf[4];
    wjob *pj[4];
    int np = 0;
    pf[np].fd = stop_pipe[0];
    pf[np++].events = POLLIN;
    if (d->ifd >= 0) {
      pf[np].fd = d->ifd;
      pf[np++].events = POLLIN;
    }
    int first_job = np;
    for (wjob *j = d->queue; j && np < 4; j = j->next)
      if (j->pid > 0) {
        pj[np] = j;
        pf[np].fd = j->fd;
        pf[np++].events = POLLIN;
        wake_at(&wake, j->started_ms + (long long)d->timeout_s * 1000);
      }
    long long timeout = wake - now;
    if (timeout < 0)
      timeout = 0;
    int r = poll(pf, (nfds_t)np, (int)(timeout > 60000 ? 60000 : timeout));
    if (r < 0 && errno != EINTR)
      break;
    now = wnow_ms();
    if (r > 0 && (pf[0].revents & POLLIN)) {
      char b[64];
      while (read(stop_pipe[0], b, sizeof b) > 0)
        ;
    }
    if (d->ifd >= 0 && r > 0 && (pf[1].revents & POLLIN))
      handle_events(d, now);
    for (int i = first_job; i < np; i++) {
      wjob *j = pj[i];
      if ((r > 0 && pf[i].revents) || now - j->started_ms >= (long long)d->timeout_s * 1000) {
        if (wjob_poll(d, j))
          remove_job(d, j);
        wdaemon_write_status(d);
      }
    }
  }
  return 0;
}

static void close_all(wdaemon *d)
{
  while (d->queue) {
    wjob *j = d->queue;
    wjob_abandon(d, j);
    d->queue = j->next;
    free(j);
  }
  for (size_t i = 0; i < d->ncand; i++)
    free(d->cand[i].rel);
  free(d->cand);
  for (size_t i = 0; i < d->nwatch; i++)
    free(d->watches[i].rel);
  free(d->watches);
  int *fds[] = {&d->inboxfd, &d->outfd, &d->donefd, &d->failedfd, &d->workfd, &d->cachefd,
                &d->tmpfd, &d->ifd, &d->inboxlockfd, &d->lockfd, &d->statefd};
  for (size_t i = 0; i < sizeof fds / sizeof *fds; i++)
    if (*fds[i] >= 0) {
      close(*fds[i]);
      *fds[i] = -1;
    }
}

int loa_watch_run(const loa_watch_opts *o, char *err, size_t errlen)
{
  wdaemon dd, *d = &dd;
  memset(d, 0, sizeof *d);
  d->o = o;
  d->c = o->cfg;
  d->log.fp = o->log ? o->log : stderr;
  d->log.journald = getenv("JOURNAL_STREAM") != NULL && !o->log;
  d->log.statefd = -1;
  d->inboxfd = d->outfd = d->donefd = d->failedfd = d->statefd = d->workfd = d->cachefd = -1;
  d->tmpfd = -1;
  d->lockfd = d->inboxlockfd = d->ifd = -1;
  d->settle_ms = d->c->settle_ms > 0 ? d->c->settle_ms : 0;
  d->write_timeout_ms = d->settle_ms * 20 > 60000 ? d->settle_ms * 20 : 60000;
  d->empty_grace_ms = d->settle_ms * 15;
  d->timeout_s = o->build_timeout_s > 0 ? o->build_timeout_s : 1800;
  d->started = time(NULL);
  stop_requested = 0;
  if (!o->builder.inspect || !o->builder.build) {
    wfmt(err, errlen, "no builder given");
    return LOA_WATCH_ESETUP;
  }

  int rc = setup(d, err, errlen);
  if (!rc)
    rc = take_locks(d, err, errlen);
  if (!rc && pipe2(stop_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
    wfmt(err, errlen, "pipe: %s", strerror(errno));
    rc = LOA_WATCH_ESETUP;
  }
  if (rc) {
    close_all(d);
    return rc;
  }
  wline l;
  wl_begin(&l, 6, "start");
  wl_int(&l, "pid", getpid());
  wl_str(&l, "inbox", d->c->inbox);
  wl_str(&l, "out", d->c->out);
  wl_int(&l, "settle_ms", d->settle_ms);
  wl_int(&l, "rescan_s", d->c->rescan_s);
  wl_int(&l, "max_bytes", (long long)d->c->max_bytes);
  wl_int(&l, "inotify", !o->no_inotify);
  wl_end(&d->log, &l);

  /* before anything new: finish what a crash interrupted */
  wjob_recover(d);                 /* also stops workers a killed daemon left behind */
  wjob_cleanup_temporaries(d);
  wfs_empty_dir(d->tmpfd, 8);
  wjob_prune_cache(d, CACHE_MAX_AGE_S);
  if (!o->no_inotify) {
    d->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (d->ifd < 0) {
      wl_begin(&l, 4, "inotify-error");
      wl_str(&l, "error", strerror(errno));
      wl_str(&l, "note", "falling back to scanning");
      wl_end(&d->log, &l);
    }
  }
  full_scan(d, wnow_ms(), 0);
  d->next_scan_ms = wnow_ms() + (d->ifd >= 0 && !o->once ? (long long)d->c->rescan_s * 1000 : 0);
  wdaemon_write_status(d);
  sd_notify_("READY=1");

  run_loop(d);

  sd_notify_("STOPPING=1");
  int left = 0;
  for (wjob *j = d->queue; j; j = j->next)
    left++;
  wl_begin(&l, 6, "stop");
  wl_int(&l, "done", d->done_count);
  wl_int(&l, "failed", d->failed_count);
  wl_int(&l, "redo_on_next_start", left + d->incomplete);
  wl_end(&d->log, &l);
  int incomplete = d->incomplete;
  close_all(d);
  close(stop_pipe[0]);
  close(stop_pipe[1]);
  stop_pipe[0] = stop_pipe[1] = -1;
  if (o->once && incomplete) {
    wfmt(err, errlen, "%d file(s) could not be finished and stay in state/work", incomplete);
    return LOA_WATCH_EINCOMPLETE;
  }
  return LOA_WATCH_OK;
}
