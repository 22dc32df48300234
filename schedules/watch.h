/* watch.h: the watch-folder daemon (`loa watch`) and its report (`loa status`).
 *
 * The announcer's whole interface is one shared folder:
 *
 *   inbox/            drop bulletins here (optionally in inbox/sang, inbox/chieu, inbox/khan,
 *                     or any subfolder; the subfolder is kept all the way through)
 *   out/NAME.mp3      the finished programme item, published atomically
 *   out/NAME.canh-bao.txt   what loa had to guess (the findings of `loa check`)
 *   done/F            the source of every current programme item (the scheduler
 *                     reads done/ and its subfolders)
 *   done/.replaced/   older sources of an item replaced by a newer file of the same name
 *   failed/F + failed/F.loi.txt   a refused file and why, in Vietnamese then English
 *   state/            lock, work journal, results log, daemon status (not for people)
 *
 * Each file goes through a small crash-safe state machine:
 *
 *   inbox/F --stable for settle_ms, closed or moved in--> claim:
 *     state/work/ID.new/job written + fsynced, renamed to state/work/ID,
 *     then inbox/F renamed to state/work/ID/src (fsync of both folders)
 *   --child process--> inspect (decode, header, content key), then build into
 *     cache/watch/KEY.mp3 unless that key was built before (a duplicate costs nothing)
 *   --> out/.loa-watch.ID.tmp --fsync, rename, fsync folder--> out/NAME.mp3
 *   --> urgent notices (inbox/khan, or header "Mức độ: khẩn cấp") put on air at
 *       once with loa_urgent_air (schedules/playout.h: attention signal + notice on
 *       the playout's urgent queue), once per drop (the journal remembers)
 *   --> done/F, or failed/F + F.loi.txt --> state/work/ID removed.
 *
 * A restart redoes every state/work/ID that still holds its src before reading
 * the inbox, so after kill -9 or a power cut nothing is lost or half-done: no
 * input is moved out of state/work before the output it led to is durable, and
 * out/ only ever holds whole MP3s. Files of one name are never overwritten in
 * done/ or failed/ (failed/ adds " (2)", done/ moves the older one aside).
 */
#ifndef LOA_WATCH_H
#define LOA_WATCH_H

#include <stddef.h>
#include <stdio.h>
#include "schedules/config.h"

/* Why a file was refused; each has its own plain-language note. */
typedef enum {
  LOA_WF_NONE = 0,      /* built */
  LOA_WF_EMPTY,         /* no text at all */
  LOA_WF_BINARY,        /* not text nor a supported document */
  LOA_WF_ENCODING,      /* encoding cannot be decided / does not fit */
  LOA_WF_TOOBIG,        /* over [watch] max_bytes */
  LOA_WF_UNREADABLE,    /* permissions, I/O error */
  LOA_WF_DOCUMENT,      /* a .docx/.odt/.pdf that cannot be read */
  LOA_WF_HEADER,        /* the broadcast header has an error */
  LOA_WF_NOSPEECH,      /* nothing left to read after cleaning */
  LOA_WF_SYMLINK,       /* a symbolic link (never followed) */
  LOA_WF_SPECIAL,       /* not a regular file (pipe, device, socket) */
  LOA_WF_HARDLINK,      /* a second name of a file elsewhere */
  LOA_WF_NOTE,          /* one of loa's own .loi.txt / .canh-bao.txt notes */
  LOA_WF_CONFIG,        /* the station configuration is wrong, not the file */
  LOA_WF_TIMEOUT,       /* the build took longer than allowed */
  LOA_WF_CRASH,         /* the build process died */
  LOA_WF_INTERNAL,      /* synthesis / DSP / encoder failure */
  LOA_WF_INPUT,         /* another input problem (err says which) */
  LOA_WF_COUNT
} loa_watch_fail;

/* What inspecting and building one claimed file gave. */
typedef struct {
  loa_watch_fail fail;  /* LOA_WF_NONE = fine */
  int retry;            /* 1: not the file's fault and may pass later (disk full,
                           output folder unwritable): the file stays in state/work */
  char key[65];         /* content key (pipeline/build.h) */
  int cached;           /* 1 = KEY was built before: nothing rebuilt */
  int urgent;           /* the header says khẩn cấp */
  int repeats;          /* urgent repeats from the header, 0 = not given */
  double seconds;       /* duration of the MP3 */
  char title[256];
  char err[512];        /* one line; names the file as given to the builder */
  int air;              /* urgent notices: LOA_WATCH_AIR_* */
  char air_err[256];
} loa_watch_outcome;

enum {
  LOA_WATCH_AIR_NONE = 0,      /* not urgent, or not tried */
  LOA_WATCH_AIR_OK = 1,        /* on the playout's urgent queue */
  LOA_WATCH_AIR_NOTARGET = 2,  /* no playout configured: said in the log, the file still succeeds */
  LOA_WATCH_AIR_FAILED = 3,    /* the playout refused or is down (air_err) */
  LOA_WATCH_AIR_ALREADY = 4    /* handed over before a crash; not twice */
};

/* How a claimed file becomes an MP3. Both run in a child process. */
typedef struct {
  /* Decode SRC, read its header and compute its content key. Returns 0, or
   * -1 with o->fail (or o->retry) and o->err set. */
  int (*inspect)(const loa_config *c, const char *src, loa_watch_outcome *o);
  /* Build SRC into MP3 (written atomically). *WARNINGS receives malloc'd text,
   * one finding per line "LINE:COL<TAB>TOKEN<TAB>REASON", or NULL.
   * Returns 0, or -1 with o->fail (or o->retry) and o->err set. */
  int (*build)(const loa_config *c, const char *src, const char *mp3,
               loa_watch_outcome *o, char **warnings);
} loa_watch_builder;

/* The real one: tts/decode, tts/header, pipeline/build (schedules/watch_build.c). */
extern const loa_watch_builder loa_watch_real_builder;

typedef struct {
  const loa_config *cfg;    /* paths, [watch] settle_ms rescan_s max_bytes */
  loa_watch_builder builder;
  int once;                 /* return once the inbox is empty and nothing is in progress */
  int no_inotify;           /* 1 = find files by scanning only (as on a share where
                               inotify sees nothing); the scan then runs every settle_ms */
  int build_timeout_s;      /* a build running longer fails with LOA_WF_TIMEOUT; 0 = 1800 */
  FILE *log;                /* one structured line per event; NULL = stderr */
} loa_watch_opts;

enum {
  LOA_WATCH_OK = 0,
  LOA_WATCH_EBUSY = -1,       /* another daemon holds the folder (err names its pid) */
  LOA_WATCH_ESETUP = -2,      /* folders missing/unusable, bad configuration */
  LOA_WATCH_EINCOMPLETE = -3  /* --once: some file could not be finished (disk full...) */
};

/* Run the daemon until loa_watch_request_stop() (or, with ONCE, until the
 * inbox is empty). Returns LOA_WATCH_OK or a code above with err set. */
int loa_watch_run(const loa_watch_opts *o, char *err, size_t errlen);

/* Ask a running loa_watch_run to stop (async-signal-safe: call it from a
 * SIGTERM handler). A build in progress is abandoned and redone on restart. */
void loa_watch_request_stop(void);

/* Print the queue, what is being built, recent results and whether the daemon
 * runs. Reads only; never takes the lock. Returns 0 or -1 with err. */
int loa_watch_status(const loa_config *c, FILE *out, int recent, char *err, size_t errlen);

/* 1 if NAME (one path component) is a temporary or system file the watcher
 * leaves alone: dotfiles, ~$x, x~, *.part, *.tmp, *.crdownload, Thumbs.db, ... */
int loa_watch_ignored_name(const char *name);

/* Short stable name of a failure class ("empty", "binary", ...), used in logs. */
const char *loa_watch_fail_name(loa_watch_fail f);

/* The text of failed/F.loi.txt for a file shown as NAME (UTF-8 with BOM, CRLF):
 * what is wrong and what to do, in Vietnamese then English, with ERR as the
 * detail. OLD_KEPT: an earlier version of this item is still in out/.
 * Returns a malloc'd string. */
char *loa_watch_note_text(const char *name, const loa_watch_outcome *o, int line,
                          size_t max_bytes, int old_kept);

#endif
