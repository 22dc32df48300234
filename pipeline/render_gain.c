/* render_gain.c: the gain that brings a render to its loudness target under the limiter's budget.
 *
 * Phase 1 measures the shaped speech; phase 2 measures the limited signal at a
 * trial gain, on a sample of the parts for a long bulletin, until the secant
 * method lands within GAIN_TOLERANCE_LU (the limiter takes more the harder it
 * is driven, so loudness grows more slowly than the gain). After phase 3 the
 * whole is measured, and a sampled gain that missed by more than
 * FINAL_TOLERANCE_LU is corrected once.
 */
#include "pipeline/render_internal.h"

#include <math.h>
#include <stdio.h>

#define MAX_GAIN_STEPS 6        /* measured runs of phase 2, at most */
#define GAIN_TOLERANCE_LU 0.05
#define EXPECTED_LIMITER_LU 1.0 /* what the limiter usually takes from eSpeak NG speech at -16
                                   after the phase rotator (0.7-0.8 measured) */
#define MAX_LIMITER_LU LOA_BUILD_MAX_LIMIT_LU
#define INITIAL_SLOPE 0.5       /* usual dLUFS/dB there, before two runs measure it */
#define SAMPLE_ALL_BELOW_CHARS 6000 /* about 8 minutes of speech: measured whole */
#define SAMPLE_STRIDE 4
#define SAMPLE_MIN_CHARS 1500
#define FINAL_TOLERANCE_LU 0.15

static double clamp_gain(double g) { return g > 40 ? 40 : g < -40 ? -40 : g; }

/* The parts the gain search measures, chosen by their text before anything is
 * spoken: all of a short bulletin; of a long one, every SAMPLE_STRIDE-th part
 * (at least SAMPLE_MIN_CHARS of text). What the limiter and the resampler take
 * is a property of the voice and the settings, the same all through a
 * bulletin, so a sample finds the gain; the whole is measured after. */
static void choose_sample(render_ctx *x)
{
  size_t chosen = 0;
  int all = x->total_chars < SAMPLE_ALL_BELOW_CHARS;
  for (size_t i = 0; i < x->nplan; i++) {
    x->sample[i] = all || i % SAMPLE_STRIDE == 0;
    chosen += x->sample[i] ? x->plan[i].chars : 0;
  }
  for (size_t i = 0; i < x->nplan && chosen < SAMPLE_MIN_CHARS; i++)
    if (!x->sample[i]) {
      x->sample[i] = 1;
      chosen += x->plan[i].chars;
    }
}

/* Phase 2 on the sample until its loudness after the limiter is where the
 * whole's must be: the sample is TARGET_SUB = target - L1(whole) + L1(sample).
 * What the limiter takes (L1(sample) + gain - loudness) grows with the gain
 * too; when the target would need more than MAX_LIMITER_LU of it, the search
 * aims at that budget instead and the target is not reached (x->budget_bound).
 * Both are found by the secant method on a quantity that rises with the gain. */
static int search_gain(render_ctx *x, double target_sub, double l1_sample, char *err,
                       size_t errlen)
{
  double g_prev = 0, h_prev = NAN, slope = INITIAL_SLOPE, loud_slope = INITIAL_SLOPE;
  double l_prev = NAN;
  x->phase = 2;
  x->active = x->sample;
  x->budget_bound = 0;
  for (int iter = 0; iter < MAX_GAIN_STEPS; iter++) {
    int rc = loa_rphase_run(x, err, errlen);
    if (rc)
      return rc;
    x->r->measure_runs++;
    double l = loa_rwork_loudness(x, "l2", x->sample);
    if (!isfinite(l))
      break;
    if (isfinite(l_prev) && fabs(x->gain_db - g_prev) > 1e-3)
      loud_slope = (l - l_prev) / (x->gain_db - g_prev);
    double take = l1_sample + x->gain_db - l;
    if (!x->budget_bound && take > MAX_LIMITER_LU + GAIN_TOLERANCE_LU) {
      x->budget_bound = 1;            /* from now on the budget is the goal */
      h_prev = NAN;
      slope = 1.0 - loud_slope;
    }
    double h = x->budget_bound ? take : l, goal = x->budget_bound ? MAX_LIMITER_LU : target_sub;
    if (fabs(goal - h) < GAIN_TOLERANCE_LU)
      break;
    if (isfinite(h_prev) && fabs(x->gain_db - g_prev) > 1e-3)
      slope = (h - h_prev) / (x->gain_db - g_prev);
    slope = slope < 0.1 ? 0.1 : slope > 1.0 ? 1.0 : slope;
    g_prev = x->gain_db, h_prev = h, l_prev = l;
    x->gain_db = clamp_gain(x->gain_db + (goal - h) / slope);
  }
  x->active = NULL;
  x->slope = loud_slope < 0.1 ? 0.1 : loud_slope > 1.0 ? 1.0 : loud_slope;
  return 0;
}

/* Phases 1 and 2: the gain that brings the limited signal to the target. The
 * limiter takes more the louder it is driven, so loudness grows more slowly
 * than the gain: the gain is found by the secant method on measured runs. */
int loa_rgain_find(render_ctx *x, char *err, size_t errlen)
{
  choose_sample(x);
  x->phase = 1;
  int rc = loa_rphase_run(x, err, errlen);
  if (rc)
    return rc;
  x->r->lufs_before = loa_rwork_loudness(x, "l1", NULL);
  if (!isfinite(x->r->lufs_before)) {
    snprintf(err, errlen, "the synthesised speech is silent");
    return LOA_BUILD_ENOSPEECH;
  }
  /* the resampler changes the K-weighted loudness a little (linear interpolation
   * softens the top octave): measured on the sample, the chain aims at that much more */
  double l1_sample = loa_rwork_loudness(x, "l1", x->sample);
  double shift = x->out_rate != x->in_rate ? loa_rwork_loudness(x, "l1o", x->sample) - l1_sample : 0;
  x->resample_shift = isfinite(shift) ? shift : 0;
  x->pre_target = x->o->lufs - x->resample_shift;
  x->gain_db = clamp_gain(x->pre_target - x->r->lufs_before + EXPECTED_LIMITER_LU);
  rc = search_gain(x, x->pre_target - x->r->lufs_before + l1_sample, l1_sample, err, errlen);
  x->r->gain_db = x->gain_db;
  return rc;
}

int loa_rgain_correct(render_ctx *x)
{
  double off = x->pre_target - x->r->lufs_after;
  if (!isfinite(off) || fabs(off) <= FINAL_TOLERANCE_LU)
    return 0;
  if (x->budget_bound)   /* at the limiter's budget: the target was given up knowingly */
    return 0;
  x->gain_db = clamp_gain(x->gain_db + off / x->slope);
  x->r->gain_db = x->gain_db;
  return 1;
}
