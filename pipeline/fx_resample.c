/* fx_resample.c: sample-rate conversion with libsamplerate (src_process, end_of_input).
 *
 * QUALITY 0..4 selects the converter: 0 SRC_SINC_BEST_QUALITY, 1
 * SRC_SINC_MEDIUM_QUALITY, 2 SRC_SINC_FASTEST (loa's default), 3
 * SRC_ZERO_ORDER_HOLD, 4 SRC_LINEAR (3 and 4 are for tests and previews: they
 * alias, and lag by one input sample). The sinc converters are time-aligned
 * (no delay). Whatever libsamplerate's end-of-stream rounding, the total
 * output is exactly round(N_IN x out_rate / in_rate) frames: surplus frames
 * are dropped and missing ones are zeros, so a build can predict lengths and
 * parts rendered separately join up frame for frame. With an exact ratio
 * such as 22050 -> 44100 the output of a part that starts in silence equals
 * the same stretch of a longer run.
 */
#include "pipeline/fx.h"

#include <samplerate.h>

typedef struct {
  SRC_STATE *src;
  double ratio;
  size_t n_in;       /* frames consumed */
  size_t n_out;      /* frames produced */
  int flushed;       /* libsamplerate has given everything it had */
} resample;

static int resample_flow(loa_effect *e, const float *in, size_t *nin, float *out, size_t *nout)
{
  resample *r = e->priv;
  if (*nin == 0 || *nout == 0) {
    *nin = *nout = 0;
    return LOA_DSP_OK;
  }
  SRC_DATA d = {0};
  d.data_in = in;
  d.input_frames = (long)(*nin > 1u << 20 ? 1u << 20 : *nin);
  d.data_out = out;
  d.output_frames = (long)(*nout > 1u << 20 ? 1u << 20 : *nout);
  d.src_ratio = r->ratio;
  if (src_process(r->src, &d) != 0)
    return LOA_DSP_EFAIL;
  *nin = (size_t)d.input_frames_used;
  *nout = (size_t)d.output_frames_gen;
  r->n_in += *nin;
  r->n_out += *nout;
  return LOA_DSP_OK;
}

static size_t target_frames(const resample *r)
{
  return (size_t)llround((double)r->n_in * r->ratio);
}

static int resample_drain(loa_effect *e, float *out, size_t *nout)
{
  resample *r = e->priv;
  size_t target = target_frames(r), room = *nout, made = 0;
  while (!r->flushed && room > 0) {
    SRC_DATA d = {0};
    float dummy = 0.0f;
    d.data_in = &dummy;
    d.input_frames = 0;
    d.data_out = out + made;
    d.output_frames = (long)(room > 1u << 20 ? 1u << 20 : room);
    d.src_ratio = r->ratio;
    d.end_of_input = 1;
    if (src_process(r->src, &d) != 0)
      return LOA_DSP_EFAIL;
    if (d.output_frames_gen == 0) {
      r->flushed = 1;
      break;
    }
    size_t gen = (size_t)d.output_frames_gen;
    if (r->n_out + gen > target)    /* drop libsamplerate's surplus */
      gen = r->n_out < target ? target - r->n_out : 0;
    r->n_out += gen;
    made += gen;
    room -= gen;
    if (gen < (size_t)d.output_frames_gen)
      r->flushed = 1;
  }
  if (r->flushed)
    while (room > 0 && r->n_out < target) {    /* pad a short end with silence */
      out[made++] = 0.0f;
      room--;
      r->n_out++;
    }
  *nout = made;
  return LOA_DSP_OK;
}

static void resample_destroy(loa_effect *e)
{
  resample *r = e->priv;
  if (r->src)
    src_delete(r->src);
  loa_fx_free(e);
}

loa_effect *loa_resample_new(double in_rate, double out_rate, int quality)
{
  static const int types[] = {SRC_SINC_BEST_QUALITY, SRC_SINC_MEDIUM_QUALITY, SRC_SINC_FASTEST,
                              SRC_ZERO_ORDER_HOLD, SRC_LINEAR};
  if (!loa_fx_rate_ok(in_rate) || !loa_fx_rate_ok(out_rate) || quality < 0 || quality > 4)
    return NULL;
  double ratio = out_rate / in_rate;
  if (!src_is_valid_ratio(ratio))
    return NULL;
  loa_effect *e = loa_fx_new("resample", in_rate, out_rate, sizeof(resample), resample_flow,
                             resample_drain, resample_destroy);
  if (!e)
    return NULL;
  resample *r = e->priv;
  int err = 0;
  r->ratio = ratio;
  r->src = src_new(types[quality], 1, &err);
  if (!r->src) {
    loa_fx_free(e);
    return NULL;
  }
  return e;
}
