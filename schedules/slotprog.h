/* slotprog.h: the programme of one slot on one date, from the station config, the slots and the library.
 *
 * Planning is cheap (no audio): the items in order (jingle, opening, the
 * bulletins due, closing, end jingle) and the programme's content key, which
 * changes whenever anything that would change the MP3 changes (a bulletin
 * added, edited or expired, the date, the templates, the settings). The
 * scheduler plans often and writes only when the key changed. Writing
 * renders what the cache does not have, trims to the slot's maximum length
 * and writes the MP3, its items, M3U8 and manifest (pipeline/programme.h).
 */
#ifndef LOA_SLOTPROG_H
#define LOA_SLOTPROG_H

#include <stddef.h>

#include "pipeline/programme.h"
#include "schedules/config.h"
#include "schedules/plan.h"
#include "schedules/slots.h"
#include "schedules/zones.h"

typedef struct {
  loa_programme_item *items;
  size_t n;
  char opening[4096], closing[4096];   /* rendered announcements */
  char title[256];                     /* "Chương trình phát thanh buổi sáng, thứ Tư 25/11/2026" */
  char date[11];                       /* YYYY-MM-DD */
  char key[65];                        /* programme content key */
  int bulletins;                       /* bulletins due */
  int slot, ymd;
  char zone[32];                       /* the zone it is for ("" = every zone, one output) */
} loa_slot_plan;

/* Plan SLOT on YMD. Returns 0 or -1 with err. */
int loa_slot_plan_make(const loa_config *c, const loa_slots *s, int slot, int ymd,
                       const loa_library *lib, loa_slot_plan *p, char *err, size_t errlen);

/* Plan SLOT on YMD for zone ZONE of ZS: only the bulletins whose `Khu vực` names
 * it (or no zone). A bulletin naming a zone ZS does not have is reported through
 * WARN (once per call) and airs nowhere. */
int loa_slot_plan_make_zone(const loa_config *c, const loa_slots *s, int slot, int ymd,
                            const loa_library *lib, const loa_zones *zs, int zone,
                            void (*warn)(void *user, const char *line), void *user,
                            loa_slot_plan *p, char *err, size_t errlen);
void loa_slot_plan_free(loa_slot_plan *p);

/* The slots file of config C: its [slots] file, else the shipped schedules/slots.ini. */
void loa_slots_path(const loa_config *c, char *out, size_t len);

/* Where the scheduler puts a slot's programme: <out>/programmes/YYYY-MM-DD-SLOT.mp3,
 * or YYYY-MM-DD-SLOT-ZONE.mp3 for a zone. */
void loa_slot_programme_path(const loa_config *c, const loa_slots *s, int slot, int ymd,
                             const char *zone, char *out, size_t len);

/* Render, trim and write the planned programme to OUT_MP3 (+ .m3u8, .json,
 * items folder). Returns a LOA_PROG_* code with err. */
int loa_slot_programme_write(const loa_config *c, const loa_slots *s, loa_slot_plan *p,
                             const char *out_mp3, loa_programme_result *r, char *err, size_t errlen);

#endif
