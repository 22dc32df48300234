/* fx_resample.c: sample-rate conversion with libsamplerate (src_process, end_of_input).
 *
 * QUALITY 0..4 selects the converter: 0 SRC_SINC_BEST_QUALITY, 1
 * SRC_SINC_MEDIUM_QUALITY, 2 SRC_SINC_FASTEST (loa's default), 3
 * SRC_ZERO_ORDER_HOLD, 4 SRC_LINEAR (3 and 4 are for tests and previews: they
 * alias, and lag by one input sample). The sinc converters are time-aligned
 * (no delay). Whatever libsamplerate's end-of-stream rounding, the total
 * output is exactly round(N_IN x out_rate / in_rate) frames: frames that run
 * ahead of that count are held back until more input comes, surplus frames
 * at the end are dropped and missing ones are zeros, so a build can predict lengths and
 * parts rendered separately join up frame for frame. With an exact ratio
 * such as 22050 -> 44100 the output of a part that starts in silence equals
 * the same stretch of a longer run.
 */
#include "pipeline/fx.h"

#include <samplerate.h>
#include <string.h>

#define HOLD_MAX 256

typedef struct {
  SRC_STATE *src;
  double ratio;
  size_t n_in;       /* frames consumed */
  size_t n_out;      /* frames passed on */
  int flushed;       /* libsamplerate has given everything it had */
  float hold[HOLD_MAX]; /* frames made ahead of round(n_in x ratio), kept back */
  size_t held;
} resample;

static size_t allowed(const resample *r)
{
  return (size_t)llround((double)r->n_in * r->ratio);
}

/* Emit up to ROOM held frames into OUT; returns how many. */
static size_t release_held(resample *r, float *out, size_t room)
{
  size_t k = r->held < room ? r->held : room;
  memcpy(out, r->hold, k * sizeof *out);
  memmove(r->hold, r->hold + k, (r->held - k) * sizeof *out);
  r->held -= k;
  return k;
}

/* Of the MADE frames at the end of OUT, keep back whatever runs ahead of
 * round(n_in x ratio): the linear and zero-order-hold converters answer for
 * positions a frame or two past the input they have seen. */
static int keep_back(resample *r, float *out, size_t *made)
{
  size_t limit = allowed(r), total = r->n_out + *made;
  if (total <= limit)
    return LOA_DSP_OK;
  size_t excess = total - limit;
  if (excess > *made)
    excess = *made;
  if (r->held + excess > HOLD_MAX)
    return LOA_DSP_EFAIL;
  memmove(r->hold + excess, r->hold, r->held * sizeof *out);
  memcpy(r->hold, out + *made - excess, excess * sizeof *out);
  r->held += excess;
  *made -= excess;
  return LOA_DSP_OK;
}

static int resample_flow(loa_effect *e, const float *in, size_t *nin, float *out, size_t *nout)
{
  resample *r = e->priv;
  size_t made = release_held(r, out, *nout), used = 0;
  if (*nin > 0 && made < *nout) {
    SRC_DATA d = {0};
    d.data_in = in;
    d.input_frames = (long)(*nin > 1u << 20 ? 1u << 20 : *nin);
    d.data_out = out + made;
    d.output_frames = (long)(*nout - made > 1u << 20 ? 1u << 20 : *nout - made);
    d.src_ratio = r->ratio;
    if (src_process(r->src, &d) != 0)
      return LOA_DSP_EFAIL;
    used = (size_t)d.input_frames_used;
    made += (size_t)d.output_frames_gen;
  }
  r->n_in += used;
  int rc = keep_back(r, out, &made);
  r->n_out += made;
  *nin = used;
  *nout = made;
  return rc;
}

static int resample_drain(loa_effect *e, float *out, size_t *nout)
{
  resample *r = e->priv;
  size_t target = allowed(r), room = *nout, made = 0;
  while (!r->flushed && r->held < HOLD_MAX) {    /* everything libsamplerate still has */
    SRC_DATA d = {0};
    float dummy = 0.0f;
    d.data_in = &dummy;
    d.input_frames = 0;
    d.data_out = r->hold + r->held;
    d.output_frames = (long)(HOLD_MAX - r->held);
    d.src_ratio = r->ratio;
    d.end_of_input = 1;
    if (src_process(r->src, &d) != 0)
      return LOA_DSP_EFAIL;
    r->held += (size_t)d.output_frames_gen;
    if (d.output_frames_gen == 0)
      r->flushed = 1;
    if (r->n_out + r->held >= target)
      break;
  }
  if (r->n_out + r->held > target)    /* drop libsamplerate's surplus */
    r->held = r->n_out < target ? target - r->n_out : 0;
  made = release_held(r, out, room);
  room -= made;
  if (r->flushed && r->held == 0)
    while (room > 0 && r->n_out + made < target) {    /* pad a short end with silence */
      out[made++] = 0.0f;
      room--;
    }
  r->n_out += made;
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
