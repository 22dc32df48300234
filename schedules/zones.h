/* zones.h: the commune's loudspeaker clusters (zones.ini), each its own Icecast mount.
 *
 *   [thon-1]                 ; the zone's name: a-z, 0-9, '-' (Liquidsoap's queue ids)
 *   label = thôn 1           ; how a bulletin's "Khu vực:" line and the clerk name it
 *   mount = /thon-1.mp3      ; the Icecast mount Liquidsoap feeds for it
 *
 * Without a zones file there is one zone, named "", the station's single output.
 * A bulletin names its zones in its header (`Khu vực: thôn 1, thôn 3`, by label
 * or name, without accents or case); without that line it airs in every zone.
 */
#ifndef LOA_ZONES_H
#define LOA_ZONES_H

#include <stddef.h>
#include <stdint.h>

#define LOA_ZONES_MAX 32

typedef struct {
  char name[32], label[128], mount[128];
} loa_zone;

typedef struct {
  loa_zone z[LOA_ZONES_MAX];
  int n;
} loa_zones;

typedef uint32_t loa_zone_set;     /* bit i = zone i */
#define LOA_ZONES_ALL 0xffffffffu

/* Load PATH ("" = the single unnamed zone). Returns 0 or -1 with err "FILE:LINE: problem". */
int loa_zones_load(loa_zones *zs, const char *path, char *err, size_t errlen);

/* The zones a header's folded list names (tts/header.h zones[]; N = 0 or "*" = all).
 * An unknown name is an error naming it (err), and the others still count. */
int loa_zones_select(const loa_zones *zs, const char (*names)[32], int n, loa_zone_set *out,
                     char *err, size_t errlen);

/* Labels of SET for people: "thôn 1, thôn 3", or "tất cả" when it is every zone. */
void loa_zones_labels(const loa_zones *zs, loa_zone_set set, char *out, size_t len);

#endif
