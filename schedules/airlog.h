/* airlog.h: the air log, state/airlog.sqlite: what loa handed to the playout
 * and what the playout says went on air. The one record of "what went on air".
 *
 * SQLite in WAL mode, synchronous=FULL: a row is on disk when the call
 * returns. Every table of record is append-only (triggers refuse UPDATE and
 * DELETE); the latest row of a request id is its state.
 *
 *   handover  one row per step of handing a request over: "intent" (written
 *             before the push, so a crash or a late answer never leads to a
 *             blind second push), "queued" (Liquidsoap gave its request
 *             number), "unknown" (sent, no answer: ask before pushing again),
 *             "failed" (nothing queued; the reason says why, e.g. Liquidsoap
 *             down), "folder" (published to the playout folder only),
 *             "missed" (the slot's window closed first).
 *   content   the items of each programme MP3 (by content key): kind, title,
 *             source, priority, zones, start offset, duration.
 *   play      Liquidsoap's own account: one row per track start on each
 *             output (zone), read from state/air-events.tsv that loa.liq
 *             appends to; an empty id is silence, "liquidsoap-start" a restart.
 *   aired     one row per item that went on air, made from play and content
 *             once the programme left the air: programme, item, source file,
 *             zone, scheduled time, actual start and end, interrupted by an
 *             urgent notice, completed.
 *
 * Nothing here says "aired" unless the playout said it played.
 */
#ifndef LOA_AIRLOG_H
#define LOA_AIRLOG_H

#include <stddef.h>

typedef struct loa_airlog loa_airlog;

/* The request as the air log records it. */
typedef struct {
  char id[200];        /* loa's request id, also in Liquidsoap's metadata (loa_id) */
  char kind[16];       /* "programme" or "urgent" */
  char zone[64];       /* "" = the station's single output */
  char slot[32];       /* slot name ("" for urgent) */
  char date[11];       /* station date YYYY-MM-DD */
  double scheduled;    /* slot time (programme) or when the notice was dropped (urgent) */
  char key[65];        /* the programme's content key (its items in table content) */
  char file[4096];     /* the MP3 handed over */
  char title[256];
} loa_airlog_req;

/* One item of a programme, for table content. */
typedef struct {
  const char *kind, *title, *source, *priority, *zones;
  double start, duration;
} loa_airlog_item;

/* One row of table aired, as read back. */
typedef struct {
  char id[200], kind[16], zone[64], slot[32], date[11], title[256];
  int item;
  char item_kind[16], item_title[256], source[1024], priority[16], zones[256];
  double scheduled, start, end, duration;
  int interrupted, completed;
} loa_airlog_aired;

/* Open (creating) STATE_DIR/airlog.sqlite. Returns 0 or -1 with err. */
int loa_airlog_open(loa_airlog **out, const char *state_dir, char *err, size_t errlen);
void loa_airlog_close(loa_airlog *a);

/* Append a handover row for R with STATE, Liquidsoap's RID (or NULL) and REASON
 * (or NULL), at unix time AT. Returns 0 or -1 with err (nothing written). */
int loa_airlog_handover(loa_airlog *a, const loa_airlog_req *r, const char *state, const char *rid,
                        const char *reason, double at, char *err, size_t errlen);

/* The latest handover state of ID into STATE ("" when none) and its reason
 * into REASON. Returns 0 or -1 with err. */
int loa_airlog_state(loa_airlog *a, const char *id, char *state, size_t slen, char *reason,
                     size_t rlen, char *err, size_t errlen);

/* Has the playout reported ID on air (a play row)? 1, 0, or -1 with err. */
int loa_airlog_played(loa_airlog *a, const char *id, char *err, size_t errlen);

/* Record the items of the programme with content KEY (once per key). */
int loa_airlog_content(loa_airlog *a, const char *key, const loa_airlog_item *items, size_t n,
                       char *err, size_t errlen);

/* Read the play events Liquidsoap appended to EVENTS since the last call
 * (a missing file is nothing new), then make the aired rows of every request
 * whose airing is over. Returns the number of new play rows, or -1 with err. */
int loa_airlog_ingest(loa_airlog *a, const char *events, char *err, size_t errlen);

/* Call FN for every aired row whose start lies in [FROM, TO) (unix time), in
 * order of start. Returns 0 or -1 with err. */
int loa_airlog_each_aired(loa_airlog *a, double from, double to,
                          void (*fn)(void *user, const loa_airlog_aired *row), void *user,
                          char *err, size_t errlen);

/* Call FN for the latest handover row of every request scheduled in [FROM, TO)
 * (state, reason, request), in order of scheduled time. Returns 0 or -1. */
int loa_airlog_each_request(loa_airlog *a, double from, double to,
                            void (*fn)(void *user, const loa_airlog_req *r, const char *state,
                                       const char *reason, double at),
                            void *user, char *err, size_t errlen);

/* What the aired rows of request ID add up to: first start, last end, items,
 * items interrupted by an urgent notice, items cut short. *ITEMS = 0 when it
 * has no aired row (yet). Returns 0 or -1 with err. */
int loa_airlog_aired_summary(loa_airlog *a, const char *id, double *start, double *end, int *items,
                             int *interrupted, int *incomplete, char *err, size_t errlen);

/* When the scheduler first ran on this air log (station clock, unix time):
 * stored as NOW by the first call. Slots before it are not "missed". -1 on error. */
double loa_airlog_since(loa_airlog *a, double now, char *err, size_t errlen);

/* The events file of a station whose state folder is STATE_DIR. */
void loa_airlog_events_path(const char *state_dir, char *out, size_t len);

#endif
