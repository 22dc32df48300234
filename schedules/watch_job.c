/* watch_job.c: one claimed file, from the inbox to out/+done/ or failed/, crash-safe.
 *
 * claim:   state/work/ID/job is made durable first, then inbox/F is renamed to
 *          state/work/ID/src. A crash in between leaves a job without src,
 *          which recovery simply drops (the file is still in the inbox).
 * build:   a child process (its own process group, killed if the daemon dies)
 *          inspects the file (decode, header, content key) and builds it into
 *          cache/watch/KEY.mp3 unless that key was built before; it sends back
 *          one fixed-size outcome over a pipe. A crash of the child is a
 *          failure of that one file, never of the daemon.
 * publish: watch_publish.c (out/ and done/ only once the MP3 is durable;
 *          failed/ with its note). The job folder is removed last.
 *          Recovery redoes every job that still holds its src; the cache
 *          makes the redo cheap.
 */
#include "schedules/watch_internal.h"
#include "lexicon/buf.h"
#include "schedules/playout.h"

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int wjob_lane_of(const char *rel)
{
  const char *slash = strchr(rel, '/');
  if (!slash)
    return 0;
  size_t n = (size_t)(slash - rel);
  return (n == 4 && !strncasecmp(rel, "khan", 4)) ||
         (n == strlen("khẩn") && !strncmp(rel, "khẩn", n));
}

static int note_name(const char *base)
{
  size_t n = strlen(base);
  static const char *sfx[] = {".loi.txt", ".canh-bao.txt", NULL};
  for (int i = 0; sfx[i]; i++) {
    size_t l = strlen(sfx[i]);
    if (n > l && !strcasecmp(base + n - l, sfx[i]))
      return 1;
  }
  return 0;
}

void wjob_src_path(const wdaemon *d, const wjob *j, char *out, size_t n)
{
  wfmt(out, n, "%s/%s/src", d->work_path, j->id);
}

int wjob_dir(wdaemon *d, const wjob *j)
{
  int fd = openat(d->workfd, j->id, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  return fd >= 0 ? fd : -errno;
}

static wjob *enqueue(wdaemon *d, const char *id, const char *rel)
{
  wjob *j = calloc(1, sizeof *j);
  if (!j)
    return NULL;
  wfmt(j->id, sizeof j->id, "%s", id);
  wfmt(j->rel, sizeof j->rel, "%s", rel);
  j->lane = wjob_lane_of(rel);
  j->fd = -1;
  wjob **p = &d->queue;
  while (*p)
    p = &(*p)->next;
  *p = j;
  return j;
}

/* ---------------------------------------------------------------- claim */

int wjob_claim(wdaemon *d, const wcand *c)
{
  char dir[WPATH], base[1024];
  wfs_split(c->rel, dir, sizeof dir, base, sizeof base);
  int dfd = wfs_open_dir(d->inboxfd, dir, 0);
  if (dfd < 0)
    return dfd;
  struct stat st;
  if (fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) != 0) {
    int rc = -errno;
    close(dfd);
    return rc;
  }
  wjournal jr;
  memset(&jr, 0, sizeof jr);
  wj_new_id(jr.id);
  wfmt(jr.rel, sizeof jr.rel, "%s", c->rel);
  jr.size = st.st_size;
  jr.mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
  jr.ino = st.st_ino;
  jr.claimed = time(NULL);
  struct stat ws;
  jr.xdev = fstat(d->workfd, &ws) == 0 && ws.st_dev != st.st_dev;
  int rc = wj_create(d->workfd, &jr);
  if (rc) {
    close(dfd);
    return rc;
  }
  wcrash_point("claim:journal");
  int jfd = openat(d->workfd, jr.id, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (jfd < 0) {
    rc = -errno;
    close(dfd);
    wj_remove(d->workfd, jr.id);
    return rc;
  }
  /* the claim itself: one rename (or, across file systems, a durable copy
   * before the original is removed) */
  rc = wfs_move(dfd, base, jfd, "src");
  close(jfd);
  close(dfd);
  if (rc) {
    wj_remove(d->workfd, jr.id);
    return rc;
  }
  wcrash_point("claim:moved");
  wjob *j = enqueue(d, jr.id, jr.rel);
  if (!j)
    return -ENOMEM;
  wline l;
  wl_begin(&l, 6, "claim");
  wl_str(&l, "file", jr.rel);
  wl_str(&l, "id", jr.id);
  wl_int(&l, "bytes", (long long)st.st_size);
  wl_end(&d->log, &l);
  return 0;
}

/* ------------------------------------------------------------- recovery */

static int remove_new_dir(wdaemon *d, const char *name)
{
  int fd = openat(d->workfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return -errno;
  unlinkat(fd, "job", 0);
  wfs_remove_temporaries(fd, 0);
  close(fd);
  if (unlinkat(d->workfd, name, AT_REMOVEDIR) != 0)
    return -errno;
  return 0;
}

/* After a crash of the daemon, the build it had started may have left worker
 * processes behind (they were in the child's process group). Stop those that
 * run this same program; nothing else is touched. */
static int kill_stray_group(long pgid)
{
  char self[WPATH], exe[WPATH], path[64];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (pgid <= 1 || n <= 0)
    return 0;
  self[n] = 0;
  DIR *proc = opendir("/proc");
  if (!proc)
    return 0;
  int killed = 0;
  struct dirent *e;
  while ((e = readdir(proc))) {
    char *end;
    long pid = strtol(e->d_name, &end, 10);
    if (*end || pid <= 1 || pid == (long)getpid())
      continue;
    char stat[1024];
    wfmt(path, sizeof path, "/proc/%ld/stat", pid);
    FILE *f = fopen(path, "re");
    if (!f)
      continue;
    size_t got = fread(stat, 1, sizeof stat - 1, f);
    fclose(f);
    stat[got] = 0;
    char *rp = strrchr(stat, ')');
    long pgrp = 0;
    char state;
    int ppid;
    if (!rp || sscanf(rp + 1, " %c %d %ld", &state, &ppid, &pgrp) != 3 || pgrp != pgid)
      continue;
    wfmt(path, sizeof path, "/proc/%ld/exe", pid);
    n = readlink(path, exe, sizeof exe - 1);
    if (n <= 0)
      continue;
    exe[n] = 0;
    if (!strcmp(exe, self) && kill((pid_t)pid, SIGKILL) == 0)
      killed++;
  }
  closedir(proc);
  return killed;
}

static int cmp_names(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int wjob_recover(wdaemon *d)
{
  int dfd = wfs_reopen(d->workfd);
  DIR *dir = dfd >= 0 ? fdopendir(dfd) : NULL;
  if (!dir) {
    if (dfd >= 0)
      close(dfd);
    return -errno;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(dir))) {
    if (e->d_name[0] == '.')
      continue;
    char **p = loa_grow(names, &cap, n + 1, sizeof *names);
    if (!p)
      break;
    names = p;
    names[n++] = strdup(e->d_name);
  }
  closedir(dir);
  if (n)
    qsort(names, n, sizeof *names, cmp_names);
  int redo = 0;
  for (size_t i = 0; i < n; i++) {
    const char *id = names[i];
    size_t len = strlen(id);
    wline l;
    if (len > 4 && !strcmp(id + len - 4, ".new")) {
      /* crashed while writing the journal: the input never left the inbox */
      remove_new_dir(d, id);
      free(names[i]);
      continue;
    }
    wjournal jr;
    int jfd = openat(d->workfd, id, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    int has_src = jfd >= 0 && fstatat(jfd, "src", &st, AT_SYMLINK_NOFOLLOW) == 0;
    if (jfd >= 0) {
      wfs_remove_temporaries(jfd, 0);
      close(jfd);
    }
    if (wj_read(d->workfd, id, &jr) != 0) {
      if (has_src) {
        /* a src without a readable journal: keep it, under a name of its own */
        wl_begin(&l, 3, "recover-error");
        wl_str(&l, "id", id);
        wl_str(&l, "error", "journal unreadable; the file is kept in state/work");
        wl_end(&d->log, &l);
      } else {
        wj_remove(d->workfd, id);
      }
      free(names[i]);
      continue;
    }
    int killed = kill_stray_group(jr.pgid);
    if (killed) {
      wl_begin(&l, 5, "stopped-strays");
      wl_str(&l, "file", jr.rel);
      wl_int(&l, "processes", killed);
      wl_end(&d->log, &l);
    }
    if (!has_src) {
      /* either the claim never happened (the file is still in the inbox) or
       * the file already reached done/ or failed/: only the journal is left */
      wj_remove(d->workfd, id);
      free(names[i]);
      continue;
    }
    if (jr.xdev) {
      /* claimed by copying: the inbox original may still be there */
      char dir[WPATH], base[1024];
      wfs_split(jr.rel, dir, sizeof dir, base, sizeof base);
      int ifd = wfs_open_dir(d->inboxfd, dir, 0);
      struct stat is;
      if (ifd >= 0 && fstatat(ifd, base, &is, AT_SYMLINK_NOFOLLOW) == 0 &&
          is.st_ino == jr.ino && is.st_size == jr.size &&
          (long long)is.st_mtim.tv_sec * 1000000000LL + is.st_mtim.tv_nsec == jr.mtime_ns) {
        unlinkat(ifd, base, 0);
        wfs_fsync(ifd);
      }
      if (ifd >= 0)
        close(ifd);
    }
    enqueue(d, id, jr.rel);
    wl_begin(&l, 5, "recover");
    wl_str(&l, "file", jr.rel);
    wl_str(&l, "id", id);
    wl_end(&d->log, &l);
    redo++;
    free(names[i]);
  }
  free(names);
  return redo;
}

void wjob_cleanup_temporaries(wdaemon *d)
{
  int removed = 0, r;
  if ((r = wfs_remove_temporaries(d->outfd, 16)) > 0)
    removed += r;
  if ((r = wfs_remove_temporaries(d->donefd, 16)) > 0)
    removed += r;
  if ((r = wfs_remove_temporaries(d->failedfd, 16)) > 0)
    removed += r;
  if ((r = wfs_remove_temporaries(d->statefd, 0)) > 0)
    removed += r;
  /* cache/watch is the watcher's own: any dot-temporary there is a build
   * that was cut short */
  int fd = wfs_reopen(d->cachefd);
  DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
  if (dir) {
    struct dirent *e;
    while ((e = readdir(dir))) {
      size_t n = strlen(e->d_name);
      if (e->d_name[0] == '.' && n > 4 && !strcmp(e->d_name + n - 4, ".tmp") &&
          unlinkat(d->cachefd, e->d_name, 0) == 0)
        removed++;
    }
    closedir(dir);
  } else if (fd >= 0) {
    close(fd);
  }
  if (removed) {
    wline l;
    wl_begin(&l, 5, "cleanup");
    wl_int(&l, "temporaries", removed);
    wl_end(&d->log, &l);
  }
}

/* ---------------------------------------------------------------- child */

static void send_outcome(int fd, const loa_watch_outcome *o)
{
  const char *p = (const char *)o;
  size_t n = sizeof *o;
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      break;
    p += w;
    n -= (size_t)w;
  }
}

/* An urgent notice goes on air now, with its attention signal, through
 * loa_urgent_air; the version it builds for the air goes to state/urgent
 * (out/ keeps exactly one MP3 per input). At least once, never twice
 * unless a crash falls between the push and the journal line after it. */
static void air_urgent(wdaemon *d, wjob *j, const char *src, loa_watch_outcome *o)
{
  wjournal jr;
  if (wj_read(d->workfd, j->id, &jr) == 0 && !strcmp(jr.aired, o->key)) {
    o->air = LOA_WATCH_AIR_ALREADY;
    return;
  }
  static loa_config uc;          /* the station's config; air copies kept out of out/ */
  uc = *d->c;
  wfmt(uc.out, sizeof uc.out, "%s", d->urgent_path);
  wj_append(d->workfd, j->id, "airing", o->key);
  char mp3[WPATH];
  char air_id[96];
  wfmt(air_id, sizeof air_id, "watch/%s", j->id);   /* the same job never pushes twice */
  int rc = loa_urgent_air(&uc, src, air_id, mp3, sizeof mp3, o->air_err, sizeof o->air_err);
  if (rc == LOA_PLAYOUT_OK) {
    wj_append(d->workfd, j->id, "aired", o->key);
    o->air = LOA_WATCH_AIR_OK;
  } else {
    o->air = rc == LOA_PLAYOUT_ENOTARGET ? LOA_WATCH_AIR_NOTARGET : LOA_WATCH_AIR_FAILED;
  }
}

static void child_main(wdaemon *d, wjob *j, int wfd, pid_t parent)
{
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent)
    _exit(1);
  setpgid(0, 0);
  signal(SIGTERM, SIG_DFL);
  signal(SIGINT, SIG_DFL);
  signal(SIGHUP, SIG_DFL);
  signal(SIGPIPE, SIG_DFL);
  /* the folder locks belong to the daemon alone: a build outliving it must
   * not keep a restarted daemon out */
  if (d->inboxlockfd >= 0)
    close(d->inboxlockfd);
  if (d->ifd >= 0)
    close(d->ifd);
  /* the build's spool and part files go to state/tmp, emptied at each start */
  if (d->tmp_path[0])
    setenv("TMPDIR", d->tmp_path, 1);

  loa_watch_outcome o;
  memset(&o, 0, sizeof o);
  char src[WPATH];
  wjob_src_path(d, j, src, sizeof src);
  if (d->o->builder.inspect(d->c, src, &o) != 0) {
    if (!o.fail && !o.retry)
      o.fail = LOA_WF_INTERNAL;
  } else if (wcache_has(d, o.key)) {
    o.cached = 1;
  } else {
    char mp3[80], info[80], path[WPATH + 100];
    wcache_names(o.key, mp3, info);
    wfmt(path, sizeof path, "%s/%s", d->cache_path, mp3);
    char *warnings = NULL;
    if (d->o->builder.build(d->c, src, path, &o, &warnings) != 0) {
      if (!o.fail && !o.retry)
        o.fail = LOA_WF_INTERNAL;
    } else if (wcache_write_info(d, j, &o, warnings) != 0) {
      o.retry = 1;
      wfmt(o.err, sizeof o.err, "cannot write the cache entry in %s", d->cache_path);
    }
    free(warnings);
  }
  if (!o.fail && !o.retry && (j->lane == 1 || o.urgent))
    air_urgent(d, j, src, &o);
  send_outcome(wfd, &o);
  close(wfd);
  _exit(0);
}

static void log_error(wdaemon *d, const char *event, const wjob *j, const char *what, int rc)
{
  wline l;
  wl_begin(&l, 3, event);
  wl_str(&l, "file", j->rel);
  wl_str(&l, "id", j->id);
  wl_str(&l, "error", what);
  if (rc)
    wl_str(&l, "errno", strerror(-rc));
  wl_end(&d->log, &l);
}

/* --------------------------------------------------------------- driving */

static void retry_later(wdaemon *d, wjob *j, const char *what, int rc)
{
  j->attempts++;
  long long delay = 5000LL << (j->attempts < 7 ? j->attempts : 7);   /* 10 s .. 10 min */
  if (delay > 600000)
    delay = 600000;
  if (d->o->once)
    delay = d->settle_ms + 100;      /* a batch run tries again soon, then gives up */
  j->not_before_ms = wnow_ms() + delay;
  wline l;
  wl_begin(&l, 3, "retry");
  wl_str(&l, "file", j->rel);
  wl_str(&l, "id", j->id);
  wl_str(&l, "error", what);
  if (rc)
    wl_str(&l, "errno", strerror(-rc));
  wl_int(&l, "attempt", j->attempts);
  wl_int(&l, "next_in_s", delay / 1000);
  wl_end(&d->log, &l);
}

/* Did a writer that still held the file open go on writing after the claim?
 * Then what was built is not what the file now says: build it again. */
static int src_changed(wdaemon *d, wjob *j)
{
  wjournal jr;
  struct stat st;
  int jfd = wjob_dir(d, j);
  if (jfd < 0)
    return 0;
  int ok = fstatat(jfd, "src", &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
  close(jfd);
  if (!ok || wj_read(d->workfd, j->id, &jr) != 0)
    return 0;
  long long m = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
  if (st.st_size == jr.size && (jr.xdev || m == jr.mtime_ns))
    return 0;
  char num[32];
  wfmt(num, sizeof num, "%lld", (long long)st.st_size);
  wj_append(d->workfd, j->id, "size", num);
  wfmt(num, sizeof num, "%lld", m);
  wj_append(d->workfd, j->id, "mtime_ns", num);
  wline l;
  wl_begin(&l, 4, "changed-while-building");
  wl_str(&l, "file", j->rel);
  wl_int(&l, "bytes", (long long)st.st_size);
  wl_end(&d->log, &l);
  j->not_before_ms = wnow_ms() + d->settle_ms;
  return 1;
}

/* Finish J with its outcome; returns 1 when J is over. */
static int finish(wdaemon *d, wjob *j)
{
  int rc;
  if (src_changed(d, j))
    return 0;
  if (j->out.retry) {
    retry_later(d, j, j->out.err[0] ? j->out.err : "output cannot be written", 0);
    return 0;
  }
  rc = j->out.fail == LOA_WF_NONE ? wpub_done(d, j) : wpub_failed(d, j);
  if (rc) {
    retry_later(d, j, j->out.fail == LOA_WF_NONE ? "cannot publish" : "cannot move to failed/", rc);
    return 0;
  }
  wj_remove(d->workfd, j->id);
  return 1;
}

static int refuse_now(wdaemon *d, wjob *j)
{
  char dir[WPATH], base[1024];
  wfs_split(j->rel, dir, sizeof dir, base, sizeof base);
  int jfd = wjob_dir(d, j);
  struct stat st;
  memset(&j->out, 0, sizeof j->out);
  if (jfd < 0 || fstatat(jfd, "src", &st, AT_SYMLINK_NOFOLLOW) != 0) {
    if (jfd >= 0)
      close(jfd);
    return -1;
  }
  close(jfd);
  if (S_ISLNK(st.st_mode)) {
    j->out.fail = LOA_WF_SYMLINK;
    wfmt(j->out.err, sizeof j->out.err, "%s: a symbolic link; links are never followed",
             j->rel);
  } else if (!S_ISREG(st.st_mode)) {
    j->out.fail = LOA_WF_SPECIAL;
    wfmt(j->out.err, sizeof j->out.err, "%s: not a regular file", j->rel);
  } else if (st.st_nlink > 1) {
    j->out.fail = LOA_WF_HARDLINK;
    wfmt(j->out.err, sizeof j->out.err, "%s: has %lu names (hard links)", j->rel,
             (unsigned long)st.st_nlink);
  } else if (note_name(base)) {
    j->out.fail = LOA_WF_NOTE;
    wfmt(j->out.err, sizeof j->out.err, "%s: a note written by loa", j->rel);
  } else if (d->c->max_bytes && (size_t)st.st_size > d->c->max_bytes) {
    j->out.fail = LOA_WF_TOOBIG;
    wfmt(j->out.err, sizeof j->out.err, "%s: %.1f MB (%lld bytes), over the limit of %.1f MB",
             j->rel, st.st_size / 1048576.0, (long long)st.st_size, d->c->max_bytes / 1048576.0);
  } else if (st.st_size == 0) {
    j->out.fail = LOA_WF_EMPTY;
    wfmt(j->out.err, sizeof j->out.err, "%s: 0 bytes", j->rel);
  } else {
    return 0;
  }
  return 1;
}

int wjob_start(wdaemon *d, wjob *j)
{
  int r = refuse_now(d, j);
  wline l;
  if (r < 0) {
    log_error(d, "lost", j, "state/work has no src for this job; dropped", 0);
    wj_remove(d->workfd, j->id);
    return 1;
  }
  if (r > 0)
    return finish(d, j);
  int p[2];
  if (pipe2(p, O_CLOEXEC) != 0) {
    retry_later(d, j, "cannot create a pipe", -errno);
    return 0;
  }
  fflush(NULL);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    close(p[0]);
    close(p[1]);
    retry_later(d, j, "cannot start a build process", -errno);
    return 0;
  }
  if (pid == 0) {
    close(p[0]);
    child_main(d, j, p[1], parent);
  }
  setpgid(pid, pid);
  close(p[1]);
  char num[32];
  wfmt(num, sizeof num, "%ld", (long)pid);
  wj_append(d->workfd, j->id, "pgid", num);   /* so that a restart can stop its workers */
  fcntl(p[0], F_SETFL, O_NONBLOCK);
  j->pid = pid;
  j->fd = p[0];
  j->got = 0;
  j->timed_out = 0;
  j->started_ms = wnow_ms();
  memset(&j->out, 0, sizeof j->out);
  wcrash_point("build:started");
  wl_begin(&l, 6, "build");
  wl_str(&l, "file", j->rel);
  wl_str(&l, "id", j->id);
  wl_int(&l, "pid", pid);
  wl_end(&d->log, &l);
  return 0;
}

static void reap(wjob *j, int *status)
{
  *status = 0;
  if (j->pid > 0) {
    while (waitpid(j->pid, status, 0) < 0 && errno == EINTR)
      ;
    kill(-j->pid, SIGKILL);    /* any worker the build left behind */
  }
  j->pid = 0;
  if (j->fd >= 0)
    close(j->fd);
  j->fd = -1;
}

int wjob_poll(wdaemon *d, wjob *j)
{
  if (j->pid == 0)
    return 0;
  int eof = 0;
  while (j->got < sizeof j->out) {
    ssize_t r = read(j->fd, (char *)&j->out + j->got, sizeof j->out - j->got);
    if (r > 0) {
      j->got += (size_t)r;
      continue;
    }
    if (r < 0 && errno == EINTR)
      continue;
    eof = r == 0;
    break;
  }
  long long limit = (long long)d->timeout_s * 1000;
  if (j->got < sizeof j->out && !eof) {
    if (wnow_ms() - j->started_ms < limit)
      return 0;
    kill(-j->pid, SIGKILL);
    j->timed_out = 1;
  }
  int status;
  reap(j, &status);
  if (j->got < sizeof j->out) {
    memset(&j->out, 0, sizeof j->out);
    if (j->timed_out) {
      j->out.fail = LOA_WF_TIMEOUT;
      wfmt(j->out.err, sizeof j->out.err, "%s: the build ran over %d s and was stopped",
               j->rel, d->timeout_s);
    } else {
      j->out.fail = LOA_WF_CRASH;
      if (WIFSIGNALED(status))
        wfmt(j->out.err, sizeof j->out.err, "%s: the build process died (signal %d, %s)",
                 j->rel, WTERMSIG(status), strsignal(WTERMSIG(status)));
      else
        wfmt(j->out.err, sizeof j->out.err, "%s: the build process ended (status %d)",
                 j->rel, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    }
  }
  j->out.err[sizeof j->out.err - 1] = 0;
  j->out.title[sizeof j->out.title - 1] = 0;
  j->out.key[sizeof j->out.key - 1] = 0;
  if (j->out.fail == LOA_WF_NONE && !j->out.retry && strlen(j->out.key) != 64) {
    j->out.fail = LOA_WF_INTERNAL;
    wfmt(j->out.err, sizeof j->out.err, "%s: the build gave no content key", j->rel);
  }
  j->got = 0;
  return finish(d, j);
}

void wjob_abandon(wdaemon *d, wjob *j)
{
  if (j->pid > 0) {
    kill(-j->pid, SIGKILL);
    int status;
    reap(j, &status);
  }
}

/* Remove the regular files of FOLDER/SUB older than MAX_AGE_S. */