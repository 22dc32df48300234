/* watch_internal.h: what the schedules/watch_*.c files share; not a public contract.
 *
 * watch_fs.c       folder walking that never follows a link, atomic writes, moves
 *                  that never overwrite, copies that are durable before the original goes
 * watch_journal.c  the per-file journal in state/work/ID/job, and escaping
 * watch_log.c      one structured line per event, the bounded results log
 * watch_note.c     failure classes and their notes (.loi.txt), warnings (.canh-bao.txt)
 * watch_job.c      claim, build in a child, recovery, the retry rules
 * watch_publish.c  out/+done/ or failed/, in an order a crash cannot spoil
 * watch_cache.c    built MP3s by content key
 * watch_proc.c     the build processes a killed daemon left, known again before they are stopped
 * watch.c          the daemon: lock, inotify + scans, settle, the queue
 * watch_status.c   `loa status`
 */
#ifndef LOA_WATCH_INTERNAL_H
#define LOA_WATCH_INTERNAL_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>
#include "schedules/plan.h"
#include "schedules/watch.h"

#define WPATH 4096
#define WTMP_PREFIX ".loa-watch."       /* every temporary the watcher makes */
#define WREPLACED ".replaced"           /* done/.replaced: older versions */

/* ---- crash points (watch.c) ----
 * Tests name one step in WCRASH_AT; the daemon then dies there at once, as
 * under kill -9, and the next start must repair it. NULL in normal runs. */
extern const char *wcrash_at;
void wcrash_point(const char *where);

/* ---- watch_fs.c ---- */
/* snprintf for names and messages that may be cut short (on purpose, bounded). */
int wfmt(char *out, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
long long wnow_ms(void);                 /* monotonic clock */
/* Open folder REL (may be "" or contain '/') under the open folder ROOTFD,
 * component by component, refusing links (-ELOOP); with CREATE, make what is
 * missing (0775, each new folder's parent fsynced). Returns an fd or -errno. */
int wfs_open_dir(int rootfd, const char *rel, int create);
int wfs_open_root(const char *path, int create);
/* A new descriptor of the folder DIRFD with its own read position. */
int wfs_reopen(int dirfd);
int wfs_fsync(int fd);
/* Write NAME in DIRFD atomically (temporary, fsync, rename, fsync folder). */
int wfs_write_atomic(int dirfd, const char *name, const void *buf, size_t n);
/* Read a regular file (no links) of at most MAX bytes; *BUF is NUL-terminated. */
int wfs_read_file(int dirfd, const char *name, size_t max, char **buf, size_t *n);
/* Copy FROM to a new temporary in TODIR and fsync it; its name goes in TMP. */
int wfs_copy_to_tmp(int fromdir, const char *from, int todir, char *tmp, size_t tmplen);
/* Move FROM to TO, never replacing an existing TO (-EEXIST). Across file
 * systems: durable copy first, original removed after. Both folders fsynced. */
int wfs_move(int fromdir, const char *from, int todir, const char *to);
/* 1 if both name regular files with the same bytes, 0 if not, -errno. */
int wfs_same_content(int da, const char *a, int db, const char *b);
/* NAME+SUFFIX as one name a folder takes (NAME_MAX, 255 bytes): when that is too
 * long, the middle of NAME is cut at character boundaries and "…" marks the cut,
 * keeping its last 16 bytes (" (2).txt" tells names apart) (the name loa adds
 * gets shorter, and says so; the announcer's own file keeps its name).
 * Returns 1 when NAME was cut, 0 when not. */
int wfs_fit_name(const char *name, const char *suffix, char *out, size_t outlen);
/* A name in DIRFD not yet used for NAME nor its note wfs_fit_name(NAME, SUFFIX):
 * "F.txt", "F (2).txt", ... (a name too long for " (2)" is cut as above). */
int wfs_unique_name(int dirfd, const char *name, const char *suffix, char *out, size_t outlen);
/* "a/b/c.txt" -> dir "a/b", base "c.txt" ("" dir at top). */
void wfs_split(const char *rel, char *dir, size_t dirlen, char *base, size_t baselen);
/* NAME without its last extension (".txt"), unless it has none or is only one. */
void wfs_stem(const char *name, char *out, size_t outlen);
/* Remove the watcher's stray temporaries in DIRFD and, to DEPTH levels, below it. */
int wfs_remove_temporaries(int dirfd, int depth);
/* Remove everything inside DIRFD (not DIRFD itself), never following links. */
int wfs_empty_dir(int dirfd, int depth);

/* ---- watch_journal.c ---- */
typedef struct {
  char id[64];
  char rel[WPATH];          /* the file's path under inbox/ */
  long long size, mtime_ns;
  unsigned long long ino;
  long long claimed;        /* unix time */
  int xdev;                 /* claimed by copying (inbox on another file system) */
  char fail_name[WPATH];    /* name chosen under failed/, once decided */
  char aired[65];           /* content key already pushed to the urgent queue */
  char build[128];          /* the last build started: "PID START BOOT" (watch_proc.c), "" = none */
} wjournal;

void wj_new_id(char id[64]);
/* Write state/work/ID.new/job, rename to ID, fsync. */
int wj_create(int workfd, const wjournal *j);
int wj_append(int workfd, const char *id, const char *key, const char *value);
int wj_read(int workfd, const char *id, wjournal *j);
/* The "key=value" lines of a journal in TEXT (NUL-terminated, cut in place) into J (its id
 * left as it is; unknown keys and lines without '=' skipped). Returns 0, or -EINVAL when
 * it names no file. */
int wj_parse(char *text, wjournal *j);
/* Remove ID/job and the ID folder (refuses if anything else is left). */
int wj_remove(int workfd, const char *id);
/* Escape bytes for one-line key=value text (\\ \n \t \xHH), and back. */
void wesc(const char *in, char *out, size_t outlen);
void wunesc(const char *in, char *out, size_t outlen);
/* The next "key=value" line of the text at *AT, cut in place: 1 with *K and *V set
 * and *AT moved past it, 0 at the end. Lines without '=' are skipped. */
int wkv_next(char **at, char **k, char **v);

/* ---- watch_proc.c ---- */
/* "PID START BOOT" of the running process PID, for the journal; 0 or -1. */
int wproc_identity(long pid, char *out, size_t n);
/* Stop the processes of the build IDENTITY names that still run, and nothing
 * else (see watch_proc.c); returns how many were stopped. */
int wproc_stop_strays(const char *identity);

/* ---- watch_log.c ---- */
typedef struct {
  FILE *fp;
  int journald;             /* stderr is journald: prefix <N> priorities, no time */
  int statefd;              /* results.log lives here; -1 = none */
  int quiet;                /* results.log only, nothing on fp */
} wlog;

typedef struct {
  char buf[8192];
  size_t n;
  int prio;                 /* syslog priority: 3 err, 4 warning, 6 info */
  int result;               /* also append to state/results.log */
} wline;

void wl_begin(wline *l, int prio, const char *event);
void wl_str(wline *l, const char *key, const char *value);
void wl_int(wline *l, const char *key, long long v);
void wl_num(wline *l, const char *key, double v);
void wl_end(wlog *g, wline *l);
/* Append L, with the time, to the log NAME in DIRFD, durably (fsync); 0 or -errno. */
int wl_append(int dirfd, const char *name, const wline *l);
/* Parse one "k=v k="v w" ..." line: the value of KEY into OUT; 0 or -1. */
int wl_get(const char *line, const char *key, char *out, size_t outlen);

/* ---- watch_note.c ---- */
/* Class of a decode error (tts/decode.h LOA_DEC_*). */
loa_watch_fail wnote_class_of_decode(int dec_code);
/* Class of a build error (pipeline/build.h LOA_BUILD_*); retry set when the
 * fault is the output side's. */
loa_watch_fail wnote_class_of_build(int build_code, int *retry);
/* 1 when a one-line error says the disk is full (the pipeline's messages carry
 * strerror of the write that failed). */
int wnote_is_nospace(const char *err);
/* Replace every occurrence of FROM in TEXT (in place, bounded) by TO. */
void wnote_replace(char *text, size_t cap, const char *from, const char *to);
/* The line number an error text names ("FILE:12: ..." or "dòng 12"/"line 12"), 0 if none. */
int wnote_line_of(const char *err);
/* What out/NAME.canh-bao.txt says; any part may be NULL. */
typedef struct {
  const char *findings;     /* "LINE:COL<TAB>TOKEN<TAB>REASON" lines: where loa had to guess */
  const char *dup_of;       /* the earlier file with the same content */
  const char *mp3_name;     /* the MP3's name, when it had to be shortened */
  const char *not_airing;   /* "VI<TAB>EN" lines: why it will not air as its header asks */
} wnote_warn;
/* Say C (schedules/plan.h) for people: "VI<TAB>EN" lines into LINES, the short
 * names into CODES (see loa_watch_outcome.airing). */
void wnote_airing(const loa_air_check *c, int never, double seconds, char *lines, size_t n,
                  char *codes, size_t cn);
/* The text of out/NAME.canh-bao.txt (UTF-8 with BOM, CRLF, Vietnamese then English). */
char *wnote_warnings_text(const char *name, const wnote_warn *w);

/* ---- the daemon (watch.c, watch_job.c) ---- */
typedef struct wjob {
  char id[64];
  char rel[WPATH];
  int lane;                 /* 0 = normal, 1 = urgent (inbox/khan): runs beside a normal build */
  pid_t pid;                /* build child, 0 = none */
  int fd;                   /* outcome pipe from the child, -1 = none */
  long long started_ms, not_before_ms;
  int attempts;
  int nospace;              /* waiting for space on a full disk */
  int timed_out;
  loa_watch_outcome out;
  size_t got;
  struct wjob *next;
} wjob;

typedef struct {
  char *rel;
  unsigned long long dev, ino;
  long long size, mtime_ns;
  unsigned mode;
  long long changed_ms;     /* first seen or last change */
  long long event_ms;       /* last inotify event */
  int writing;              /* modified and not yet closed (inotify) */
  int mark;                 /* seen by the scan in progress */
} wcand;

typedef struct {
  int wd;
  char *rel;
} wwatch;

typedef struct {
  const loa_watch_opts *o;
  const loa_config *c;
  wlog log;
  char work_path[WPATH], cache_path[WPATH], out_path[WPATH], tmp_path[WPATH];
  char urgent_path[WPATH];  /* state/urgent: what loa_urgent_air builds for the air */
  int inboxfd, outfd, donefd, failedfd, statefd, workfd, cachefd, tmpfd;
  int lockfd, inboxlockfd;
  wjob *queue;              /* claimed files, oldest first */
  wcand *cand;
  size_t ncand, capcand;
  int ifd;                  /* inotify, -1 = scanning only */
  wwatch *watches;
  size_t nwatch, capwatch;
  long long next_scan_ms, settle_ms, write_timeout_ms, empty_grace_ms;
  int timeout_s;
  int incomplete;           /* --once: files left in state/work or in the inbox */
  int claims_failing;       /* --once: claims failed (a full disk): take no more */
  long long nospace_since;  /* unix time the disk was found full, 0 = it is not */
  char nospace_err[512];    /* what could not be written */
  unsigned long long nospace_free;   /* free bytes then (the least of the folders) */
  long long next_space_ms;  /* when to look at the free space again */
  unsigned long long inbox_dev, inbox_ino;   /* the inbox folder watched */
  long long inbox_missing_since;  /* unix time the inbox path was found gone, 0 = there */
  long long inbox_replaced;  /* unix time it was last found replaced by a new folder */
  long long next_inbox_ms;  /* when to look at the inbox path again */
  long long done_count, failed_count;
  long long started;        /* unix time */
} wdaemon;

/* watch_cache.c */
typedef struct {
  char title[256];
  double seconds;
  char first[WPATH];        /* the first file built with this content */
  char *findings;           /* malloc'd, one per line */
} winfo;
void wcache_names(const char *key, char *mp3, char *info);   /* 80 bytes each */
int wcache_has(wdaemon *d, const char *key);
int wcache_write_info(wdaemon *d, const wjob *j, const loa_watch_outcome *o, const char *warnings);
int wcache_read_info(wdaemon *d, const char *key, winfo *w);

/* watch_publish.c: 0, or -errno (the job stays and is retried) */
int wpub_done(wdaemon *d, wjob *j);
int wpub_failed(wdaemon *d, wjob *j);

/* watch_job.c */
int wjob_dir(wdaemon *d, const wjob *j);
void wjob_src_path(const wdaemon *d, const wjob *j, char *out, size_t n);
int wjob_claim(wdaemon *d, const wcand *c);
int wjob_recover(wdaemon *d);
void wjob_cleanup_temporaries(wdaemon *d);
/* Start J: refuse it at once or fork its build. Returns 1 when J is over. */
int wjob_start(wdaemon *d, wjob *j);
/* Remove cache entries unused for MAX_AGE_S seconds. */
void wjob_prune_cache(wdaemon *d, long long max_age_s);
/* J's pipe is readable (or its time is up): collect the outcome; returns 1
 * when J is finished (remove it from the queue), 0 while it goes on. */
int wjob_poll(wdaemon *d, wjob *j);
/* Stop J's child, leaving J in state/work for the next start. */
void wjob_abandon(wdaemon *d, wjob *j);
int wjob_lane_of(const char *rel);
void wdaemon_write_status(wdaemon *d);
/* watch_health.c: one message to systemd's NOTIFY_SOCKET (none: nothing); while the disk
 * is full, look at the free space every few seconds and wake the jobs waiting for it. */
void wdaemon_notify(const char *msg);
void wdaemon_space_check(wdaemon *d, long long now, long long *wake);
/* The disk is full: say so once, remember how much was free (watch.c). */
void wdaemon_disk_full(wdaemon *d, const wjob *j, const char *err);
/* Something was written again: the disk is no longer full. */
void wdaemon_disk_ok(wdaemon *d);

#endif
