/* speakers.h: loudspeaker health: the IP loudspeakers each zone should have,
 * and which are listening to its Icecast mount now (Icecast's admin listener list).
 *
 * speakers.ini ([publish] speakers in the config):
 *
 *   [icecast]
 *   url = http://127.0.0.1:8000   ; Icecast, loopback (its admin pages)
 *   user = admin
 *   password = ...                ; Icecast's admin password
 *
 *   [cong-dinh-thon-1]
 *   label = Loa cổng đình thôn 1
 *   zone = thon-1                 ; a zone of zones.ini (or mount = /thon-1.mp3)
 *   agent = loa-cong-dinh         ; the listener's User-Agent contains this, and/or
 *   ip = 192.168.1.20             ; it connects from this address
 *
 * Each check asks Icecast (/admin/listclients?mount=...) and updates
 * state/speakers.tsv: per loudspeaker whether it was connected and since when,
 * so that a loudspeaker that dropped is reported as disconnected since the
 * first check that missed it.
 */
#ifndef LOA_SPEAKERS_H
#define LOA_SPEAKERS_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "schedules/config.h"

/* Check every loudspeaker now; LOG gets one line per change ("cong-dinh-thon-1
 * (Loa cổng đình thôn 1) on /thon-1.mp3: disconnected since 2026-11-25 05:31:02").
 * Returns the number disconnected, or -1 with err. */
int loa_speakers_check(const loa_config *c, time_t now, int utc_offset_s,
                       void (*log)(void *user, const char *line), void *user, char *err,
                       size_t errlen);

/* Check, then print one line per loudspeaker to OUT. Returns 0 or -1 with err. */
int loa_speakers_report(const loa_config *c, FILE *out, char *err, size_t errlen);

#endif
