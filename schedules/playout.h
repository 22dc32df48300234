/* playout.h: handing finished MP3s to the station's playout.
 *
 * Two targets, both optional and both used when configured ([publish] in the
 * config): a playout folder (the file is copied in atomically, beside a JSON
 * manifest, for any scheduler that reads a folder) and Liquidsoap, through its
 * server interface (telnet protocol on 127.0.0.1:PORT), whose script
 * schedules/loa.liq has a "programme" queue played at slot time and an
 * "urgent" queue that interrupts whatever is playing.
 *
 * The watch daemon (urgent notices) and the scheduler (slot programmes) both
 * call these; neither talks to Liquidsoap any other way.
 */
#ifndef LOA_PLAYOUT_H
#define LOA_PLAYOUT_H

#include <stddef.h>
#include "schedules/config.h"

enum {
  LOA_PLAYOUT_OK = 0,
  LOA_PLAYOUT_ENOTARGET = -1,  /* neither a folder nor Liquidsoap is configured */
  LOA_PLAYOUT_EFOLDER = -2,    /* the playout folder cannot be written */
  LOA_PLAYOUT_ECONNECT = -3,   /* Liquidsoap does not answer */
  LOA_PLAYOUT_EPROTO = -4,     /* Liquidsoap answered with an error */
  LOA_PLAYOUT_EBUILD = -5      /* the notice cannot be read or built (loa_urgent_air) */
};

typedef enum { LOA_QUEUE_PROGRAMME = 0, LOA_QUEUE_URGENT = 1 } loa_queue;

/* Copy MP3 into the playout folder as NAME (atomically, with NAME.json beside it
 * when MANIFEST_JSON is not NULL). */
int loa_playout_to_folder(const loa_config *c, const char *mp3, const char *name,
                          const char *manifest_json, char *err, size_t errlen);

/* Push MP3 (an absolute path) onto a Liquidsoap queue, REPEATS times in a row. */
int loa_playout_push(const loa_config *c, loa_queue q, const char *mp3, int repeats,
                     char *err, size_t errlen);

/* Build bulletin PATH (a khẩn cấp notice) and put it on air at once through the
 * urgent queue, repeated as its header says (default 1). OUT_MP3 receives the
 * built file's path. Used by `loa watch` for inbox/khan and by `loa schedule --urgent`. */
int loa_urgent_air(const loa_config *c, const char *path, char *out_mp3, size_t outlen,
                   char *err, size_t errlen);

#endif
