/* plan.h: which bulletins air in which slot on which day, and in what order.
 *
 * The library is the folder of processed bulletins (done/ under the station
 * root: the watch daemon moves each built source to done/<drop subfolder>/NAME).
 * Each bulletin's broadcast rules come from its header (tts/header.h) or,
 * for what the header does not say, from the subfolder it was dropped in
 * (inbox/sang -> slot sang, inbox/khan -> khẩn cấp) and from when it arrived:
 *
 *   slots        header "Buổi", else the drop subfolder's slot, else every slot
 *   first day    header "Từ ngày", else the day it arrived
 *   last day     header "Đến ngày", else the day of its first airing (it airs one day)
 *   times a day  header "Số lần mỗi ngày" (default 1): it airs in the earliest
 *                that many of its slots each day; never in a slot that began
 *                before it arrived
 *   priority     header "Mức độ", else khẩn cấp in the urgent subfolder, else thường
 *   approval     a bulletin with a hold mark beside it (DIR/.NAME.cho-duyet, made by the
 *                web console before it drops an editor's bulletin when [web] approval =
 *                yes) is held: it never airs until the mark is removed (approved)
 *
 * An airing after the first is a replay (replay number 1, 2, ...). A
 * programme lists the first airings by priority (khẩn cấp, ưu tiên, thường),
 * then the replays by priority and fewest replays first; ties go by arrival.
 * The same text dropped under two names (one content key) airs once in a
 * programme: the one that arrived first. A bulletin withdrawn (`loa withdraw`)
 * is no longer in the library: its source is kept in LIBRARY/.withdrawn/.
 * Everything here is a pure function of the bulletins, the slots and the
 * date: nothing reads the clock.
 */
#ifndef LOA_PLAN_H
#define LOA_PLAN_H

#include <stddef.h>
#include <time.h>

#include "schedules/slots.h"
#include "tts/header.h"

typedef struct {
  char path[4096];           /* the source file */
  char folder[32];           /* drop subfolder ("sang", "khan"; "" at the top) */
  loa_header h;
  time_t arrived;            /* when it was dropped */
  char title[256];           /* header title, else the file name */
  char key[65];              /* content key (text + build settings) */
  long long size, mtime_ns, ctime_ns;   /* to see that the file did not change */
  int invalid;               /* unreadable or bad header: never airs (reported once) */
  int held;                  /* waits for approval (its hold mark exists): never airs */
} loa_bulletin;

typedef struct {
  loa_bulletin *b;
  size_t n, cap;
} loa_library;

/* Read every bulletin under DIR (recursively; dotfiles, *.tmp and outputs
 * skipped). LIB may hold the result of an earlier scan: files that did not
 * change since are taken from it instead of being read again. A bulletin whose header is invalid is skipped and reported
 * through WARN (may be NULL), one line each. BUILD_OPTS (a loa_build_opts*,
 * may be NULL) is used for the content keys. Returns 0, or -1 with err when
 * DIR cannot be read (a missing DIR is an empty library). */
typedef void (*loa_warn_fn)(void *user, const char *line);
int loa_library_scan(loa_library *lib, const char *dir, const loa_slots *s,
                     const void *build_opts, loa_warn_fn warn, void *user,
                     char *err, size_t errlen);
/* Add one bulletin file (the same rules, FOLDER given). */
int loa_library_add_file(loa_library *lib, const char *path, const char *folder,
                         const void *build_opts, char *err, size_t errlen);
void loa_library_free(loa_library *lib);

/* The hold mark of the bulletin at PATH: DIR/.NAME.cho-duyet. While it exists the
 * bulletin waits for approval and loa_plan_due leaves it out (checked at every scan). */
int loa_bulletin_hold_path(const char *path, char *out, size_t len);

/* The slots bulletin B may air in, as a bit mask over s->slot. */
unsigned loa_bulletin_slots(const loa_slots *s, const loa_bulletin *b);
loa_priority loa_bulletin_priority(const loa_slots *s, const loa_bulletin *b);

/* 1 when B airs in SLOT on YMD, with *REPLAY = how many airings came before;
 * 0 when it does not. */
int loa_bulletin_airs(const loa_slots *s, const loa_bulletin *b, int slot, int ymd, int *replay);

typedef struct {
  const loa_bulletin *b;
  loa_priority priority;
  int replay;
} loa_due;

/* The bulletins of LIB airing in SLOT on YMD, in programme order, each content
 * key once. Returns the count (OUT is malloc'd; free it) or -1 on allocation failure. */
int loa_plan_due(const loa_slots *s, const loa_library *lib, int slot, int ymd, loa_due **out);

/* Why a bulletin will not air as its header asks, found when it is dropped. */
enum {
  LOA_AIR_UNKNOWN_SLOT = 1,  /* its header names a slot the station does not have */
  LOA_AIR_PAST = 2,          /* its last day is already past */
  LOA_AIR_NONE_LEFT = 4,     /* no airing is left for it (none of the above) */
  LOA_AIR_TOO_LONG = 8       /* longer than a slot it is due in may last: left out there */
};

typedef struct {
  unsigned why;              /* LOA_AIR_* */
  int airings;               /* airings still to come (counted up to a year ahead) */
  int first_day, last_day;   /* YYYYMMDD of the first and last airing day; 0 = none */
  char unknown[256];         /* the slot names not found, ", " between them */
  char too_long[256];        /* the slots it is too long for */
  char station_slots[256];   /* the station's slot names, for the note */
} loa_air_check;

/* Will B, SECONDS long (0: not known), air as its header asks, from NOW on?
 * Fills C; returns 1 when it will never air, 0 when it will (C->why may
 * still say it is too long for some slot, or names an unknown one). */
int loa_bulletin_check(const loa_slots *s, const loa_bulletin *b, time_t now, double seconds,
                       loa_air_check *c);

/* Taking a bulletin off every future airing (`loa withdraw`). */
typedef struct {
  char rel[4096];            /* its path under the library ("sang/x.txt") */
  char kept[4096];           /* where its source is kept now: LIBRARY/.withdrawn/<rel> */
  char key[65];              /* its content key */
  char title[256];
} loa_withdrawal;

enum {
  LOA_WITHDRAW_OK = 0,
  LOA_WITHDRAW_ENOENT = -1,     /* no bulletin of the library is WHAT */
  LOA_WITHDRAW_EAMBIGUOUS = -2, /* several are: err lists them */
  LOA_WITHDRAW_EIO = -3         /* it cannot be moved */
};

/* Take bulletin WHAT out of the library LIB_DIR, so that no programme built from
 * now on has it. WHAT is a path to the file, its path under the library
 * ("sang/x.txt"), its file name or its name without extension when only one
 * bulletin has it, or the start (8 or more hex digits) of its content key (as
 * `loa status` shows it). Every copy of it (the same content key under another
 * name, which would air in its place) goes too. Each source moves to
 * LIB_DIR/.withdrawn/, never over another file, where the library does not look;
 * W[0..*N) say which (at most MAX). BUILD_OPTS as for the scan. */
int loa_library_withdraw(const char *lib_dir, const char *what, const void *build_opts,
                         loa_withdrawal *w, size_t max, size_t *n, char *err, size_t errlen);

/* Read one bulletin's header and arrival (no content key) as the library does;
 * MAX_BYTES bounds the file and the text it unpacks to. 0, or -1 with err. */
int loa_bulletin_read(loa_bulletin *b, const char *path, const char *folder, const char *encoding,
                      size_t max_bytes, char *err, size_t errlen);

#endif
