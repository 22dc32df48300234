/* programme.h: assembling a programme MP3 from items (jingles, announcements, bulletins).
 *
 * A programme is an ordered list of items. Each item is rendered once into
 * raw MP3 frames (a segment for loa_mp3_assemble) and kept in the cache
 * folder (the station's cache/programme) by content key: <key>.frames beside <key>.json
 * ({"samples":N,"seconds":S,"title":"..."}); the key covers the text or the
 * sound file and everything else that changes the audio (loa_build_key_text: the
 * settings, data files and voice files), so a rebuild renders only what changed. Bulletins and announcements go through loa_build_segment
 * (same normaliser, voice and loudness target as `loa build`); a jingle is
 * decoded with libsndfile, mixed to mono, resampled, given the station preset,
 * brought to the loudness target under the true-peak ceiling, faded and
 * encoded. Items are joined with gaps of encoded silence.
 *
 * Three calls: prepare (render or take from the cache; an item that cannot be
 * rendered is left out with its reason, except announcements, which fail the
 * programme), trim (leave out bulletins by rule until the programme fits its
 * maximum length), write (the MP3 with one ID3 chapter per item, the items as
 * separate MP3s in OUT's folder, OUT.m3u8 listing them, OUT.json the
 * manifest; every file written atomically).
 */
#ifndef LOA_PROGRAMME_H
#define LOA_PROGRAMME_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "pipeline/build.h"

typedef enum {
  LOA_ITEM_JINGLE = 0,     /* sound file: nhạc hiệu */
  LOA_ITEM_OPENING,        /* announcement text */
  LOA_ITEM_BULLETIN,       /* bulletin file */
  LOA_ITEM_CLOSING,        /* announcement text */
  LOA_ITEM_SIGNAL          /* sound file: attention signal before an urgent notice */
} loa_item_kind;

const char *loa_item_kind_name(loa_item_kind k);   /* "jingle", "opening", ... */

typedef struct {
  /* given */
  loa_item_kind kind;
  char title[256];         /* chapter title; "" = the build's title */
  char source[4096];       /* bulletin or sound file; "" for announcements */
  const char *text;        /* announcement text (borrowed), NULL otherwise */
  int priority;            /* loa_priority of a bulletin */
  int replay;              /* 0 = first airing, n = n-th replay */
  int keep;                /* never left out by trimming */
  /* filled in */
  char key[65];
  char frames[4096];       /* the cached segment */
  size_t samples;          /* PCM frames in it */
  double seconds;
  int cache_hit;
  double start;            /* offset in the programme, seconds */
  int left_out;
  char reason[256];        /* why it was left out */
} loa_programme_item;

typedef struct {
  const loa_build_opts *build;   /* voice, loudness, preset, MP3 settings */
  const char *cache_dir;         /* created if missing */
  double gap_s;                  /* silence between items, in all (loa_programme_gap) */
  double max_s;                  /* longest programme, 0 = no limit */
  /* tags and manifest */
  const char *title;             /* "Chương trình phát thanh buổi sáng 25/11/2026" */
  const char *station;           /* ID3 artist */
  const char *date;              /* YYYY-MM-DD */
  const char *manifest_extra;    /* JSON members added to the manifest ("\"slot\":..."), or NULL */
} loa_programme_opts;

typedef struct {
  double seconds;                /* duration of the MP3 */
  int items, left_out, cache_hits;
} loa_programme_result;

enum {
  LOA_PROG_OK = 0,
  LOA_PROG_EBUILD = -1,          /* an announcement could not be rendered */
  LOA_PROG_EOUTPUT = -2,         /* output or cache cannot be written */
  LOA_PROG_EARG = -3
};

/* Render the items (or take them from the cache). With O->max_s, the items
 * trimming may leave out are rendered most important first and, once one
 * does not fit, the rest are left out without being rendered (the same
 * result as loa_programme_trim, without rendering what cannot be aired). */
int loa_programme_prepare(loa_programme_item *items, size_t n, const loa_programme_opts *o,
                          char *err, size_t errlen);

/* Leave out items until the total (items plus gaps) fits MAX_S, by rule:
 * lowest priority first; among equals the most replayed first, then the
 * latest in the programme. Items with KEEP (announcements, jingles, khẩn
 * cấp notices) are never left out. Each one left out gets its reason. */
void loa_programme_trim(loa_programme_item *items, size_t n, double gap_s, double max_s);

/* The silence put between items A and B so that, with the silence A ends with and B
 * starts with (a bulletin or announcement's lead-in and tail, pipeline/render.h; a sound
 * has its silence cut), they are GAP_S apart in all; never negative. */
double loa_programme_gap(const loa_programme_item *a, const loa_programme_item *b, double gap_s);

/* Total length of the items not left out, with gaps. Sets each item's start. */
double loa_programme_layout(loa_programme_item *items, size_t n, double gap_s);
/* The same plus the encoder delay and padding each item brings into the file:
 * what the assembled MP3 will last at most. */
double loa_programme_length(loa_programme_item *items, size_t n, double gap_s);

/* ORDER <- the indices of the items trimming may leave out (not KEEP, not
 * left out), most important first. Returns how many. */
size_t loa_programme_keep_order(const loa_programme_item *items, size_t n, size_t *order);

/* Mark IT left out with its reason: the programme would run WOULD_RUN (0:
 * unknown, it was not rendered) over MAX_S. */
void loa_programme_leave_out(loa_programme_item *it, double would_run, double max_s);

/* Write OUT_MP3, its folder of items, OUT.m3u8 and OUT.json. */
int loa_programme_write(const char *out_mp3, loa_programme_item *items, size_t n,
                        const loa_programme_opts *o, loa_programme_result *r,
                        char *err, size_t errlen);

/* Remove the cached segments of DIR not used for MAX_AGE_S before NOW (a
 * cache hit renews an entry). Returns how many were removed. */
int loa_programme_cache_prune(const char *dir, time_t now, long max_age_s);

/* The cache folder of programme segments under a station's cache folder. */
void loa_programme_cache_dir(const char *station_cache, char *out, size_t len);

/* JSON string literal of UTF-8 S (quotes included) to F. */
void loa_json_string(FILE *f, const char *s);

#endif
