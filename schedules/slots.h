/* slots.h: the station's daily broadcast slots and the time arithmetic around them
 * (the dates themselves: date.h).
 *
 * Slots are data: schedules/slots.ini (read with inih) has one section per
 * slot and an [urgent] section:
 *
 *   [sang]
 *   time = 05:30                 ; HH:MM or HH:MM:SS, station time
 *   label = buổi sáng            ; what {slot} says in the announcements
 *   opening = Đây là {station}. Hôm nay, {weekday}, ngày {day} tháng {month} năm {year}.
 *   closing = {station} vừa kết thúc chương trình phát thanh {slot}. Xin chào và hẹn gặp lại.
 *   jingle = ../samples/nhac-hieu.flac   ; before the opening (relative to this file)
 *   end_jingle = ../samples/nhac-hieu.flac ; after the closing ("" = none)
 *   gap = 1.0                    ; seconds of silence between items, in all
 *   max_minutes = 30             ; longer programmes are trimmed
 *   window_minutes = 30          ; a missed slot still goes on air this long after its time
 *   folder = sang                ; drop subfolder (inbox/sang) that means "this slot"
 *   when_empty = skip            ; skip | air: publish opening+closing when nothing is due
 *
 *   [urgent]
 *   folder = khan                ; inbox/khan: khẩn cấp notices, aired at once
 *   jingle = ../samples/bao-dong.flac   ; attention signal before each urgent notice
 *   gap = 1.0
 *
 * Station time is a fixed UTC offset: the configured zone is
 * "Asia/Ho_Chi_Minh" (or its old name "Asia/Saigon": UTC+7, no daylight
 * saving since 1975), "UTC", or a fixed offset "+07:00", "+0700", "+7",
 * "UTC+07:00". Other zone names are refused. Nothing here reads the TZ
 * environment variable or the system zone, and nothing reads the clock: every
 * function takes NOW as a parameter, so tests drive time.
 *
 * Dates are ints YYYYMMDD (date.h); instants are time_t (UTC).
 */
#ifndef LOA_SLOTS_H
#define LOA_SLOTS_H

#include <stddef.h>
#include <time.h>

#include "schedules/date.h"

#define LOA_MAX_SLOTS 12

typedef struct {
  char name[32];             /* section name: sang, chieu */
  char label[64];            /* spoken name for {slot}: "buổi sáng" */
  int start_s;               /* seconds after local midnight */
  char opening[2048];        /* templates (see announce.h) */
  char closing[2048];
  char jingle[4096];         /* absolute path, "" = none */
  char end_jingle[4096];
  double gap_s;              /* silence between items */
  double max_s;              /* longest programme; 0 = no limit */
  double window_s;           /* how long after start a missed slot still airs */
  char folder[32];           /* drop subfolder meaning this slot */
  int air_when_empty;        /* 1: publish even when no bulletin is due */
} loa_slot;

typedef struct {
  char path[4096];           /* slots.ini */
  char zone[64];             /* as configured */
  int utc_offset_s;          /* +25200 for Vietnam */
  loa_slot slot[LOA_MAX_SLOTS];   /* sorted by start time */
  int n;
  char urgent_folder[32];    /* "khan" */
  char urgent_jingle[4096];  /* attention signal, "" = none */
  double urgent_gap_s;
} loa_slots;

/* Parse a zone name or fixed offset (see above) into seconds east of UTC.
 * Returns 0, or -1 with err. */
int loa_tz_parse(const char *zone, int *offset_s, char *err, size_t errlen);

/* Load PATH; ZONE is the station's time zone (config [station] timezone,
 * NULL = Asia/Ho_Chi_Minh). Returns 0, or -1 with err "FILE:LINE: problem" (a folder, a
 * missing file, a non-finite number, text that is not UTF-8: each named). */
int loa_slots_load(loa_slots *s, const char *path, const char *zone, char *err, size_t errlen);
/* The same on TEXT (N bytes) held in memory, called NAME in messages, its relative sound
 * files taken relative to DIR (NULL: the current folder). */
int loa_slots_parse(loa_slots *s, const char *name, const char *text, size_t n, const char *dir,
                    const char *zone, char *err, size_t errlen);

/* Index of the slot named NAME (or whose folder or label is NAME, compared
 * without case and accents: "sáng", "Sang", "buổi sáng"), or -1. */
int loa_slots_find(const loa_slots *s, const char *name);

/* Parse "HH:MM" or "HH:MM:SS" into seconds after midnight; -1 if invalid. */
int loa_time_of_day_parse(const char *s);

/* ---- station time ---- */
/* The local date and seconds after local midnight of instant T in the slots' zone
 * (loa_date_at with their offset). */
int loa_local_date(const loa_slots *s, time_t t, int *sec_of_day);
/* The instant a slot starts on local date YMD. */
time_t loa_slot_start(const loa_slots *s, int slot, int ymd);

/* One slot on one date. */
typedef struct {
  int slot;                  /* index into s->slot */
  int ymd;
  time_t start;              /* on air */
  time_t end;                /* air window closes: start + window */
} loa_occurrence;

/* The first occurrence starting at or after NOW. */
int loa_slots_next(const loa_slots *s, time_t now, loa_occurrence *o);

/* Occurrences whose work window [start - LEAD_S, end) contains NOW, oldest
 * first: the programmes to build (before start) or to air at once (a missed
 * slot whose window is still open). Returns how many were written to OUT. */
int loa_slots_pending(const loa_slots *s, time_t now, int lead_s, loa_occurrence *out, int max);

/* The next instant after NOW at which a new occurrence enters its work
 * window or one starts (the scheduler sleeps until then). */
time_t loa_slots_next_event(const loa_slots *s, time_t now, int lead_s);

#endif
