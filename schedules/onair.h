/* onair.h: handing one request to Liquidsoap exactly once, with the air log as its memory.
 *
 * A request (a slot's programme for one zone, one repeat of an urgent notice)
 * has an id. loa_onair_push:
 *   1. reads the air log: already queued, or already reported playing: done;
 *   2. after an earlier attempt whose outcome is unknown (a late or lost
 *      answer, a crash between push and record), asks Liquidsoap whether a
 *      request with that id is alive, and reads its play events, before
 *      anything is pushed again; when Liquidsoap cannot say, nothing is pushed;
 *   3. writes the intent durably, and pushes nothing when it cannot;
 *   4. pushes (tagged with the id) and records what came of it.
 * So a slow Liquidsoap, a dropped connection or a restart never airs a request
 * twice; the cost is that a push lost before Liquidsoap queued it is retried
 * only once Liquidsoap answers again.
 */
#ifndef LOA_ONAIR_H
#define LOA_ONAIR_H

#include <stddef.h>

#include "pipeline/programme.h"
#include "schedules/airlog.h"
#include "schedules/config.h"
#include "schedules/playout.h"

/* Hand R->file to queue Q of R->zone as request R->id. Returns LOA_PLAYOUT_OK
 * (queued, now or before: *ALREADY says which), _ECONNECT or _EPROTO (nothing
 * queued: try again later), _EUNKNOWN (maybe queued: never push, ask again
 * later), _ESTATE (the air log cannot be written: nothing pushed). */
int loa_onair_push(const loa_config *c, loa_airlog *a, const loa_airlog_req *r, loa_queue q,
                   int *already, char *err, size_t errlen);

/* Record in the air log the items of programme KEY (those not left out) with
 * their offsets and durations, once per key. Returns 0 or -1 with err. */
int loa_onair_content(loa_airlog *a, const char *key, const loa_programme_item *items, size_t n,
                      char *err, size_t errlen);

/* Wall-clock time as a double (the air log's unit). */
double loa_onair_now(void);

#endif
