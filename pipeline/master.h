/* master.h: the mastering chain every sound loa puts on air goes through, built from the preset.
 *
 * In order, each stage present when the description asks for it:
 *
 *   resample IN_RATE -> RATE       when they differ (a jingle at its own rate)
 *   high-pass, 70 Hz               HIGHPASS (speech: DC, breath and rumble)
 *   the preset's effects           PRESET (pipeline/presets.ini), at RATE
 *   gain, true-peak limiter        LIMIT: GAIN_DB, then the ceiling CEILING_DBTP
 *   meter tap                      TAP (the limited signal, before the resampler)
 *   resample RATE -> OUT_RATE      TO_OUT_RATE, when they differ
 *   fades                          FADE: FADE_IN_MS / FADE_OUT_MS ending at OUT_FRAMES
 *
 * Bulletins (pipeline/render.c) are mastered at the synthesis rate and
 * resampled after the limiter: they measure the loudness of the chain without
 * LIMIT, then run it with the gain that meets the target. Jingles and signals
 * (programme_sound.c) go through it in two halves at the output rate: shaped
 * (resampler and preset), their silence cut, then LIMIT and FADE alone with the
 * gain that puts their loudest moments over the target.
 * The limiter's look-ahead and release are the house's, set in master.c only.
 */
#ifndef LOA_MASTER_H
#define LOA_MASTER_H

#include <stddef.h>

#include "pipeline/dsp.h"

struct loa_meter;

typedef struct {
  const char *preset;          /* a presets.ini section; NULL or "" for none */
  int highpass;                /* 1: the 70 Hz high-pass first (speech) */
  double in_rate;              /* of what is pushed */
  double rate;                 /* where the preset, gain and limiter run */
  double out_rate;             /* of what comes out with TO_OUT_RATE */
  int resample_quality;        /* 0 best .. 4 fastest, for both resamplers */
  int limit;                   /* 1: gain and true-peak limiter */
  double gain_db, ceiling_dbtp;
  struct loa_meter *tap;       /* borrowed; NULL: no tap */
  int to_out_rate;             /* 1: resample RATE -> OUT_RATE at the end */
  int fade;                    /* 1: fades at the end (at OUT_RATE with TO_OUT_RATE, else RATE) */
  double fade_in_ms, fade_out_ms;
  size_t out_frames;           /* the length the fade-out ends at */
} loa_master;

/* Adds the stages M describes to C. LOA_DSP_OK, or an error with one line in ERR
 * (the preset's own message, or the stage that could not be set up; ERR may be
 * NULL when ERRLEN is 0). */
int loa_master_add(loa_chain *c, const loa_master *m, char *err, size_t errlen);

#endif
