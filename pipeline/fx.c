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

void loa_biquad_allpass(loa_biquad *q, double rate, double freq_hz, double Q)
{
  double w = 2.0 * M_PI * freq_hz / rate, c = cos(w), alpha = sin(w) / (2.0 * Q);
  biquad_set(q, 1.0 - alpha, -2.0 * c, 1.0 + alpha, 1.0 + alpha, -2.0 * c, 1.0 - alpha);
}

double loa_butterworth_q(int order, int k)
{
  /* Poles at angles (2k+1) pi / (2 order) from the imaginary axis. */
  return 1.0 / (2.0 * cos(M_PI * (2 * k + 1) / (2.0 * order)));
}

/* One biquad step in transposed direct form II, flushing a dead tail to exact zero. */
#define BIQUAD_STEP(q, s1, s2, x, y)                                                      \
  do {                                                                                    \
    y = (q).b0 * x + s1;                                                                  \
    s1 = (q).b1 * x - (q).a1 * y + s2;                                                    \
    s2 = (q).b2 * x - (q).a2 * y;                                                         \
    if (x == 0.0 && fabs(s1) < LOA_FX_FLUSH && fabs(s2) < LOA_FX_FLUSH)                  \
      s1 = s2 = 0.0;                                                                      \
  } while (0)

static void biquad_run1(loa_biquad *sec, const float *in, float *out, size_t n)
{
  const loa_biquad q = sec[0];
  double s1 = q.s1, s2 = q.s2;
  for (size_t i = 0; i < n; i++) {
    double x = in[i], y;
    BIQUAD_STEP(q, s1, s2, x, y);
    out[i] = (float)y;
  }
  sec[0].s1 = s1;
  sec[0].s2 = s2;
}

/* Two sections per pass, sample by sample, so their recursions overlap. */
static void biquad_run2(loa_biquad *sec, const float *in, float *out, size_t n)
{
  const loa_biquad p = sec[0], q = sec[1];
  double p1 = p.s1, p2 = p.s2, q1 = q.s1, q2 = q.s2;
  for (size_t i = 0; i < n; i++) {
    double x = in[i], y, z;
    BIQUAD_STEP(p, p1, p2, x, y);
    BIQUAD_STEP(q, q1, q2, y, z);
    out[i] = (float)z;
  }
  sec[0].s1 = p1;
  sec[0].s2 = p2;
  sec[1].s1 = q1;
  sec[1].s2 = q2;
}

static void biquad_run4(loa_biquad *sec, const float *in, float *out, size_t n)
{
  const loa_biquad a = sec[0], b = sec[1], c = sec[2], d = sec[3];
  double a1 = a.s1, a2 = a.s2, b1 = b.s1, b2 = b.s2, c1 = c.s1, c2 = c.s2, d1 = d.s1, d2 = d.s2;
  for (size_t i = 0; i < n; i++) {
    double x = in[i], y, z, u, v;
    BIQUAD_STEP(a, a1, a2, x, y);
    BIQUAD_STEP(b, b1, b2, y, z);
    BIQUAD_STEP(c, c1, c2, z, u);
    BIQUAD_STEP(d, d1, d2, u, v);
    out[i] = (float)v;
  }
  sec[0].s1 = a1, sec[0].s2 = a2, sec[1].s1 = b1, sec[1].s2 = b2;
  sec[2].s1 = c1, sec[2].s2 = c2, sec[3].s1 = d1, sec[3].s2 = d2;
}

void loa_biquad_run(loa_biquad *sec, int nsec, const float *in, float *out, size_t n)
{
  switch (nsec) {
  case 1: biquad_run1(sec, in, out, n); return;
  case 2: biquad_run2(sec, in, out, n); return;
  case 4: biquad_run4(sec, in, out, n); return;
  }
  for (int k = 0; k < nsec; k += 2) {    /* other counts: pairs, then one */
    if (nsec - k >= 2)
      biquad_run2(sec + k, k ? out : in, out, n);
    else
      biquad_run1(sec + k, k ? out : in, out, n);
  }
}

static int cascade_flow(loa_effect *e, const float *in, size_t *nin, float *out, size_t *nout)
{
  loa_fx_cascade *c = e->priv;
  size_t n = *nin < *nout ? *nin : *nout;
  loa_biquad_run(c->sec, c->nsec, in, out, n);
  *nin = *nout = n;
  return LOA_DSP_OK;
}

loa_effect *loa_fx_cascade_new(const char *name, double rate)
{
  return loa_fx_new(name, rate, rate, sizeof(loa_fx_cascade), cascade_flow, loa_fx_drain_none,
                    loa_fx_free);
}
