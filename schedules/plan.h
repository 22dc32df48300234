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

/* The bulletins of LIB airing in SLOT on YMD, in programme order. Returns the
 * count (OUT is malloc'd; free it) or -1 on allocation failure. */
int loa_plan_due(const loa_slots *s, const loa_library *lib, int slot, int ymd, loa_due **out);

#endif
