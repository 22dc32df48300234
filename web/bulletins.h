/* bulletins.h: the web console's bulletins, read from and written to the watch folder.
 *
 * One source of truth: a bulletin submitted through the console is written into
 * inbox/ (atomically: a dot-named temporary, fsynced, renamed) as web-YYYYMMDD-HHMMSS-XXXXXX.txt
 * with its header built from the form's fields, and from there it goes through the
 * watch daemon's state machine like any file dropped in the folder. Its state is read
 * from where the file is now, in the order the daemon moves it (so a file moving
 * between two looks is never missed):
 *
 *   inbox/REL                       queued
 *   state/work/ID/job (rel=REL)     building
 *   done/REL + done/.NAME.cho-duyet awaiting-approval (schedules/plan.h: held)
 *   done/REL                        approved (the scheduler plans it)
 *   failed/REL (+ REL.loi.txt)      failed (the note's first line is the reason)
 *   done/.withdrawn/REL             withdrawn (never scanned: off every future airing)
 *
 * A bulletin's ID is its path under those folders without its extension ("web-20261125-
 * 083000-a1b2c3", "sang/hop-dan"); the full path with extension names it too. IDs are
 * only ever compared with the names found there, never joined to a path blindly.
 */
#ifndef LOA_WEB_BULLETINS_H
#define LOA_WEB_BULLETINS_H

#include <stddef.h>
#include "schedules/config.h"

typedef enum {
  LOA_WB_QUEUED, LOA_WB_BUILDING, LOA_WB_AWAITING, LOA_WB_APPROVED, LOA_WB_FAILED,
  LOA_WB_WITHDRAWN
} loa_wb_state;

const char *loa_wb_state_name(loa_wb_state s);

typedef struct {
  char id[1024];
  char rel[1024];            /* path under its folder, with extension */
  loa_wb_state state;
  char path[4096];           /* where its source is now */
  char mp3[4096];            /* out/DIR/STEM.mp3 when it exists, else "" */
  char reason[1024];         /* failed: the note's reason */
} loa_wb;

/* 1 when ID is acceptable as a bulletin id (printable, no "..", no leading '/', short). */
int loa_wb_id_ok(const char *id);

/* Find bulletin ID. Returns 1 found (B filled), 0 none. */
int loa_wb_find(const loa_config *c, const char *id, loa_wb *b);

/* Call FN for every bulletin in the folders (inbox, state/work, done, failed,
 * done/.withdrawn), at most MAX in all. Returns how many. */
int loa_wb_each(const loa_config *c, int max, void (*fn)(void *user, const loa_wb *b), void *user);

/* The id of the bulletin whose source is PATH under FOLDER ("" if PATH is not there). */
void loa_wb_id_of(const char *folder, const char *path, char *id, size_t len);

/* What the form says, each field one line of text (NULL or "" = not given). */
typedef struct {
  const char *title, *slots, *from, *to, *times, *priority, *zones, *repeats;
} loa_wb_fields;

/* The header lines for F ("Tiêu đề: ...\n...---\n", or "" when nothing is given) into
 * OUT, checked by the header parser and against the station's zones. Returns 0 or -1
 * with err (a field with a line break, a bad date, an unknown zone...). */
int loa_wb_header(const loa_config *c, const loa_wb_fields *f, char *out, size_t outlen,
                  char *err, size_t errlen);

/* Submit: the header for F followed by TEXT (UTF-8), or the uploaded document DATA (N
 * bytes) named NAME (.txt .md .docx .odt .pdf). A document with form fields is decoded
 * here and written as text under the header; without fields it goes in as it is. With
 * HOLD the hold mark (naming WHO) is written in done/ first. ID receives the new id.
 * Returns 0, or -1 with err (a bad field or document: the caller's fault), or -2 with
 * err (the folder cannot be written). */
int loa_wb_submit(const loa_config *c, const loa_wb_fields *f, const char *text, const void *data,
                  size_t n, const char *name, int hold, const char *who, char *id, size_t idlen,
                  char *err, size_t errlen);

/* Approve B (awaiting-approval): remove its hold mark. Returns 0, or -1 with err. */
int loa_wb_approve(const loa_config *c, const loa_wb *b, char *err, size_t errlen);

/* Take bulletin B off every future airing. A built one is withdrawn as `loa withdraw`
 * does it (loa_library_withdraw: its source, and a copy under another name, moved to
 * done/.withdrawn/, the record in state/withdrawn.log naming WHO, the note in out/), its
 * hold mark removed. A queued one the watch has not taken is moved from the inbox to
 * done/.withdrawn/REL, WHO and the time beside it (REL.who).
 * Returns 0; 1 when B cannot be withdrawn now (building, failed) with err; -1 with err. */
int loa_wb_withdraw(const loa_config *c, const loa_wb *b, const char *who, char *err, size_t errlen);

#endif
