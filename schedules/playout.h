/* playout.h: handing finished MP3s to the station's playout.
 *
 * Two targets, both optional, independent of each other, and both used when
 * configured ([publish] in the config): a playout folder (the file is copied
 * in atomically, beside a JSON manifest, for any scheduler that reads a
 * folder) and Liquidsoap, through its server interface (telnet protocol on
 * 127.0.0.1:PORT), whose script schedules/loa.liq has per zone a "programme"
 * queue played at slot time and an "urgent" queue that interrupts whatever is
 * playing. A failure of one never keeps the file from the other.
 *
 * Every request loa pushes carries its own id in Liquidsoap's metadata
 * (`annotate:loa_id="ID":/file.mp3`), so that loa can ask Liquidsoap whether
 * a request is already queued or playing before it ever pushes again, and
 * can match Liquidsoap's play events (state/air-events.tsv) to its pushes.
 * Each exchange with Liquidsoap (connect, commands, quit) has one deadline
 * (LOA_LIQ_DEADLINE_S) however slowly the bytes come, and a signal caught by
 * the process ends it at once.
 *
 * The watch daemon (urgent notices) and the scheduler (slot programmes) both
 * call these; neither talks to Liquidsoap any other way. Whether something was
 * handed over or aired is recorded by schedules/airlog.h, not here.
 */
#ifndef LOA_PLAYOUT_H
#define LOA_PLAYOUT_H

#include <stddef.h>
#include "schedules/config.h"

#define LOA_LIQ_DEADLINE_S 5

enum {
  LOA_PLAYOUT_OK = 0,
  LOA_PLAYOUT_ENOTARGET = -1,  /* neither a folder nor Liquidsoap is configured */
  LOA_PLAYOUT_EFOLDER = -2,    /* the playout folder cannot be written */
  LOA_PLAYOUT_ECONNECT = -3,   /* Liquidsoap cannot be reached: nothing was sent */
  LOA_PLAYOUT_EPROTO = -4,     /* Liquidsoap answered with an error: nothing was queued */
  LOA_PLAYOUT_EBUILD = -5,     /* the notice cannot be read or built (loa_urgent_air) */
  LOA_PLAYOUT_EUNKNOWN = -6,   /* sent, but no answer in time: maybe queued (ask before retrying) */
  LOA_PLAYOUT_ESTATE = -7      /* the air log cannot be written: nothing was pushed */
};

typedef enum { LOA_QUEUE_PROGRAMME = 0, LOA_QUEUE_URGENT = 1 } loa_queue;

/* Copy MP3 into the playout folder as NAME (atomically, with NAME.json beside it
 * when MANIFEST_JSON is not NULL). */
int loa_playout_to_folder(const loa_config *c, const char *mp3, const char *name,
                          const char *manifest_json, char *err, size_t errlen);

/* The Liquidsoap queue of Q for ZONE ("" = the station's single output):
 * "programme", "urgent", or "programme_thon-1", "urgent_thon-1". */
void loa_playout_queue_name(loa_queue q, const char *zone, char *out, size_t len);

/* Push MP3 (made absolute) onto queue Q of ZONE, tagged LOA_ID. Once connected
 * and before sending, BEFORE_SEND(USER) is called (NULL: none): when it returns
 * nonzero nothing is sent and that value is returned (err left to it). RID (16
 * bytes) receives Liquidsoap's request number. Returns LOA_PLAYOUT_OK,
 * _ECONNECT (nothing sent), _EPROTO (refused), _EUNKNOWN (sent, answer late or lost). */
int loa_playout_push(const loa_config *c, loa_queue q, const char *zone, const char *mp3,
                     const char *loa_id, int (*before_send)(void *user), void *user, char *rid,
                     char *err, size_t errlen);

/* Is a request tagged LOA_ID alive in Liquidsoap (waiting, being prepared or
 * playing)? Returns 1 (RID gets its number), 0, or a LOA_PLAYOUT_E* code when
 * Liquidsoap cannot say. */
int loa_playout_find(const loa_config *c, const char *loa_id, char *rid, char *err, size_t errlen);

/* Build bulletin PATH (a khẩn cấp notice) and put it on air at once through the
 * urgent queue of each zone its header names (all by default), repeated as its
 * header says (default 1); each push recorded in the air log before it is made.
 * AIR_ID names this airing (the watch daemon's job id; NULL: a new one), so
 * that calling again with the same id never pushes a second time. OUT_MP3
 * receives the built file's path. Used by `loa watch` for inbox/khan and by
 * `loa schedule --urgent`. Returns LOA_PLAYOUT_OK when Liquidsoap (or, with
 * no Liquidsoap, the folder) took every push; otherwise the first failure,
 * with err saying how many of how many pushes were handed over. */
int loa_urgent_air(const loa_config *c, const char *path, const char *air_id, char *out_mp3,
                   size_t outlen, char *err, size_t errlen);

#endif
