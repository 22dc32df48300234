/* render.h: a script of utterances -> encoded audio at the loudness target, in parts.
 *
 * The engine behind pipeline/build. The script is cut into parts at long
 * pauses (paragraph or heading; a sentence pause only in very long stretches)
 * by its text alone, so the cut is the same whatever the number of jobs.
 * Three phases run over the parts, each part on its own, JOBS at a time. Every
 * part is synthesised in a child process of its own, forked from a parent that
 * never speaks: eSpeak NG carries state from one utterance to the next, so this
 * is what makes a part's audio independent of the parts before it and of JOBS.
 * The later phases run in children too, or in this process when JOBS is 1:
 *   1. synthesise (libespeak-ng) into a 16-bit spool file, run high-pass and
 *      preset, measure loudness (BS.1770 gating blocks, exported per part);
 *   2. from the spool: high-pass, preset, gain, true-peak limiter, measure
 *      again, so the final gain also accounts for what the limiter takes
 *      (the gain found by the secant method within 0.05 LU; a long bulletin
 *      is searched on a sample of a quarter of its parts);
 *   3. from the spool: the whole chain, resample, fades, MP3 encoder (or WAV).
 * The parent sums the parts' block lists in order, so the figures and the
 * output are identical for any JOBS. The final signal is measured too; a
 * sampled gain that missed by more than 0.15 LU is corrected and phase 3 run again. Memory stays constant: audio lives in the
 * spool files in a private temporary folder, never in memory.
 */
#ifndef LOA_RENDER_H
#define LOA_RENDER_H

#include <stddef.h>
#include "pipeline/build.h"
#include "tts/split.h"

enum { LOA_RENDER_MP3 = 0, LOA_RENDER_WAV = 1 };

typedef struct {
  char path[4096];            /* raw MP3 frames (or a WAV) of this part */
  size_t samples;             /* PCM frames at the output rate given to the encoder */
  size_t mp3_frames;          /* MPEG frames written */
} loa_render_part;

typedef struct {
  char workdir[1024];         /* private temporary folder; removed by loa_render_free */
  loa_render_part *parts;
  size_t nparts;
  double lufs_before;         /* after high-pass and preset, before gain */
  double gain_db;             /* applied */
  double lufs_after;          /* the final signal: measured after the limiter, plus what the
                               * resampler shifts (measured on the sampled parts) */
  double limiter_lu;          /* loudness the true-peak limiter took (gain applied minus
                               * loudness gained); at most about 8 LU: a louder target is
                               * not reached rather than crushed */
  double seconds;             /* total audio length at the output rate */
  int measure_runs;           /* runs of phase 2 until the gain was found */
  int encode_runs;            /* extra runs of phase 3 to correct a sampled gain (0 usually) */
  double wall[4];             /* wall-clock seconds of phases 1-3 (index 0 unused) */
} loa_render;

/* The silence a rendered bulletin starts and ends with (the fade-out lives in the
 * tail); a programme counts it in the gap between items (pipeline/programme.h). */
#define LOA_RENDER_LEAD_S 0.3
#define LOA_RENDER_TAIL_S 0.7

/* Render SCRIPT with the settings of O into MP3 part files (KIND = LOA_RENDER_MP3)
 * or one 16-bit WAV (LOA_RENDER_WAV) written to the open file WAV_FD (the
 * caller publishes it atomically; unused for MP3, pass -1). eSpeak NG
 * must have been started (loa_synth_init) by the caller.
 * Returns LOA_BUILD_OK or a LOA_BUILD_E* code with one line in err. */
int loa_render_script(const loa_script *script, const loa_build_opts *o, int kind,
                      int wav_fd, loa_render *r, char *err, size_t errlen);

/* The MP3 settings the parts are encoded with: O's, with the encoder's low-pass
 * at 95% of the Nyquist frequency of the synthesis rate when O leaves it to LAME.
 * The assembly of the parts must use the same. Needs loa_synth_init first. */
void loa_render_mp3_settings(const loa_build_opts *o, loa_mp3_settings *s);

/* Removes the temporary folder and frees the parts. */
void loa_render_free(loa_render *r);

#endif
