/* fx.c: helpers shared by the effects: effect allocation and biquad sections (see fx.h). */
#include "pipeline/fx.h"

#include <stdlib.h>

loa_effect *loa_fx_new(const char *name, double in_rate, double out_rate, size_t priv_size,
                       loa_fx_flow_fn flow, loa_fx_drain_fn drain, void (*destroy)(loa_effect *))
{
  loa_effect *e = calloc(1, sizeof *e);
  if (!e)
    return NULL;
  e->priv = calloc(1, priv_size ? priv_size : 1);
  if (!e->priv) {
    free(e);
    return NULL;
  }
  e->name = name;
  e->in_rate = in_rate;
  e->out_rate = out_rate;
  e->flow = flow;
  e->drain = drain;
  e->destroy = destroy;
  return e;
}

void loa_fx_free(loa_effect *e)
{
  if (!e)
    return;
  free(e->priv);
  free(e);
}

int loa_fx_drain_none(loa_effect *e, float *out, size_t *nout)
{
  *nout = 0;
  return LOA_DSP_OK;
}

int loa_fx_rate_ok(double rate)
{
  return isfinite(rate) && rate >= 1000.0 && rate <= 768000.0;
}

static void biquad_set(loa_biquad *q, double b0, double b1, double b2, double a0, double a1,
                       double a2)
{
  q->b0 = b0 / a0;
  q->b1 = b1 / a0;
  q->b2 = b2 / a0;
  q->a1 = a1 / a0;
  q->a2 = a2 / a0;
  q->s1 = q->s2 = 0.0;
}

void loa_biquad_highpass(loa_biquad *q, double rate, double cutoff_hz, double Q)
{
  double w = 2.0 * M_PI * cutoff_hz / rate, c = cos(w), alpha = sin(w) / (2.0 * Q);
  biquad_set(q, (1.0 + c) / 2.0, -(1.0 + c), (1.0 + c) / 2.0, 1.0 + alpha, -2.0 * c, 1.0 - alpha);
  /* b1 == -2 b0 exactly, so b0 + b1 + b2 == 0: the gain at DC is exactly zero. */
  q->b2 = q->b0;
  q->b1 = -2.0 * q->b0;
}

void loa_biquad_lowpass(loa_biquad *q, double rate, double cutoff_hz, double Q)
{
  double w = 2.0 * M_PI * cutoff_hz / rate, c = cos(w), alpha = sin(w) / (2.0 * Q);
  biquad_set(q, (1.0 - c) / 2.0, 1.0 - c, (1.0 - c) / 2.0, 1.0 + alpha, -2.0 * c, 1.0 - alpha);
}

double loa_butterworth_q(int order, int k)
{
  /* Poles at angles (2k+1) pi / (2 order) from the imaginary axis. */
  return 1.0 / (2.0 * cos(M_PI * (2 * k + 1) / (2.0 * order)));
}

static void biquad_run_section(loa_biquad *q, double *buf, size_t n)
{
  const double b0 = q->b0, b1 = q->b1, b2 = q->b2, a1 = q->a1, a2 = q->a2;
  double s1 = q->s1, s2 = q->s2;
  for (size_t i = 0; i < n; i++) {
    double x = buf[i];
    double y = b0 * x + s1;
    s1 = b1 * x - a1 * y + s2;
    s2 = b2 * x - a2 * y;
    if (x == 0.0 && fabs(s1) < LOA_FX_FLUSH && fabs(s2) < LOA_FX_FLUSH)
      s1 = s2 = 0.0;
    buf[i] = y;
  }
  q->s1 = s1;
  q->s2 = s2;
}

void loa_biquad_run(loa_biquad *sec, int nsec, const float *in, float *out, size_t n)
{
  double buf[256];
  while (n > 0) {
    size_t m = n < 256 ? n : 256;
    for (size_t i = 0; i < m; i++)
      buf[i] = in[i];
    for (int k = 0; k < nsec; k++)
      biquad_run_section(&sec[k], buf, m);
    for (size_t i = 0; i < m; i++)
      out[i] = (float)buf[i];
    in += m;
    out += m;
    n -= m;
  }
}
