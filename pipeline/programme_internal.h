/* programme_internal.h: what the programme files share (pipeline/programme*.c only; not a contract).
 *
 * The segment cache (<dir>/<key>.frames + <key>.json), the rendering of sound
 * files (jingle, attention signal) and of silence into cached segments.
 */
#ifndef LOA_PROGRAMME_INTERNAL_H
#define LOA_PROGRAMME_INTERNAL_H

#include <stddef.h>

#include "pipeline/programme.h"

/* 1 when IT->key is in the cache DIR (fills frames, samples, seconds, an
 * empty title), 0 when not. A hit renews the entry's age. */
int loa_pcache_lookup(const char *dir, loa_programme_item *it, int rate);
/* Move the finished frames TMP into the cache under IT->key and write its metadata. */
int loa_pcache_commit(const char *dir, loa_programme_item *it, const char *tmp, int rate,
                      char *err, size_t errlen);
/* A temporary file name in DIR for frames being written (created empty). */
int loa_pcache_tmp(const char *dir, char *tmp, size_t len);

/* Cache key of a sound file (name, size, modification time, settings). */
int loa_psound_key(const char *path, const loa_build_opts *bo, char key[65]);
/* Render the sound file IT->source into the cache (resampled, preset,
 * loudness target, true-peak limit, fades). Returns a LOA_PROG_* code. */
int loa_psound_render(loa_programme_item *it, const loa_programme_opts *o, char *err,
                      size_t errlen);
/* GAP_S seconds of encoded silence, cached; fills IT. */
int loa_psilence(const loa_programme_opts *o, double gap_s, loa_programme_item *it,
                 char *err, size_t errlen);

#endif
