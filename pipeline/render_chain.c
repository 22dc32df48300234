/* render_chain.c: the mastering chain of each render phase, and the sink that meters, encodes or writes its output.
 *
 * Phase 1 shapes and measures (a sampled part also after the resampler, to
 * learn what the resampler shifts), phase 2 limits and measures, phase 3 is
 * the whole mastering chain (pipeline/master.h) into the encoder or the WAV,
 * measured before the resampler doubles the work.
 */
#include "pipeline/render_internal.h"

#include <math.h>

#include "pipeline/master.h"

#define FADE_IN_MS 20
#define FADE_OUT_MS 300         /* inside the silence after the last word (TAIL_MS, render.c) */
#define RESAMPLE_AUTO_MP3 4     /* SRC_LINEAR */
#define RESAMPLE_AUTO_WAV 2     /* SRC_SINC_FASTEST */

static int sink(const float *pcm, size_t n, void *user)
{
  sink_ctx *k = user;
  if (k->meter && !k->meter_in_chain && loa_meter_add(k->meter, pcm, n) != 0)
    return -1;
  if (k->meter_out && loa_meter_add(k->meter_out, pcm, n) != 0)
    return -1;
  if (k->enc && loa_mp3enc_add(k->enc, pcm, n) != 0)
    return -1;
  if (k->wav && sf_writef_float(k->wav, pcm, (sf_count_t)n) != (sf_count_t)n)
    return -1;
  return 0;
}

/* The converter: as set, or linear for MP3 (the encoder's low-pass, set to the
 * synthesis bandwidth, removes the images linear interpolation leaves above
 * 11 kHz: measured -49 dB in 10-11 kHz, nothing above) and sinc for a WAV. */
static int resample_quality(const render_ctx *x)
{
  if (x->o->resample_quality >= 0)
    return x->o->resample_quality;
  return x->kind == LOA_RENDER_MP3 ? RESAMPLE_AUTO_MP3 : RESAMPLE_AUTO_WAV;
}

loa_chain *loa_rchain_new(render_ctx *x, size_t i, size_t frames, sink_ctx *k, char *err,
                          size_t errlen)
{
  loa_chain *c = loa_chain_new(sink, k);
  if (!c)
    return NULL;
  loa_master m = {
      .preset = x->o->preset,
      .highpass = 1,
      .in_rate = x->in_rate,
      .rate = x->in_rate,
      .out_rate = x->out_rate,
      .resample_quality = resample_quality(x),
      .limit = x->phase >= 2,
      .gain_db = x->gain_db,
      .ceiling_dbtp = x->o->true_peak,
      .to_out_rate = x->phase == 3 || (x->phase == 1 && k->meter_out),
      .fade = x->phase == 3,
      .fade_in_ms = i == 0 ? FADE_IN_MS : 0,
      .fade_out_ms = i + 1 == x->nplan ? FADE_OUT_MS : 0,
      .out_frames = (size_t)llround((double)frames * x->out_rate / x->in_rate),
  };
  if (k->meter && (x->phase == 3 || k->meter_out)) {
    m.tap = k->meter;
    k->meter_in_chain = 1;
  }
  if (loa_master_add(c, &m, err, errlen) != LOA_DSP_OK) {
    loa_chain_free(c);
    return NULL;
  }
  return c;
}
