/* fx_fade.c: raised-cosine fade-in at the start and fade-out ending at the programme's last frame.
 *
 * Gains (i counts frames from 0, N = TOTAL_FRAMES, a/b the fade lengths in frames):
 *   fade-in   g(i) = sin^2(pi/2 * i/a)         for i < a   (g(0) = 0, g(a) = 1)
 *   fade-out  g(i) = sin^2(pi/2 * (N-1-i)/b)   for i > N-1-b (g(N-1) = 0)
 * so the first and the last frame are exactly zero, a fade-in and a fade-out
 * of the same length are mirror images, and everything between is passed
 * unchanged (gain exactly 1). Frames past TOTAL_FRAMES are silenced. The
 * raised cosine has no corner at either end, so the fades do not click.
 */
#include "pipeline/fx.h"

typedef struct {
  size_t a, b, total, pos;
} fade;

static double fade_gain(const fade *f, size_t i)
{
  double g = 1.0;
  if (i >= f->total)
    return 0.0;
  if (i < f->a) {
    double s = sin(M_PI / 2.0 * (double)i / (double)f->a);
    g *= s * s;
  }
  size_t from_end = f->total - 1 - i;
  if (from_end < f->b) {
    double s = sin(M_PI / 2.0 * (double)from_end / (double)f->b);
    g *= s * s;
  }
  return g;
}

static int fade_flow(loa_effect *e, const float *in, size_t *nin, float *out, size_t *nout)
{
  fade *f = e->priv;
  size_t n = *nin < *nout ? *nin : *nout;
  for (size_t i = 0; i < n; i++, f->pos++) {
    size_t p = f->pos;
    if (p >= f->a && p < f->total && f->total - 1 - p >= f->b)
      out[i] = in[i];
    else
      out[i] = (float)(in[i] * fade_gain(f, p));
  }
  *nin = *nout = n;
  return LOA_DSP_OK;
}

loa_effect *loa_fade_new(double rate, double fade_in_ms, double fade_out_ms, size_t total_frames)
{
  if (!loa_fx_rate_ok(rate) || !(fade_in_ms >= 0.0 && fade_in_ms <= 60000.0) ||
      !(fade_out_ms >= 0.0 && fade_out_ms <= 60000.0))
    return NULL;
  loa_effect *e =
      loa_fx_new("fade", rate, rate, sizeof(fade), fade_flow, loa_fx_drain_none, loa_fx_free);
  if (e) {
    fade *f = e->priv;
    f->a = (size_t)llround(fade_in_ms * rate / 1000.0);
    f->b = (size_t)llround(fade_out_ms * rate / 1000.0);
    f->total = total_frames;
  }
  return e;
}
