/* fx.h: private helpers shared by the effects in pipeline/fx_*.c (not a public contract).
 *
 * - loa_fx_new(): allocate a loa_effect with zeroed private state.
 * - loa_biquad: a second-order IIR section in transposed direct form II, in
 *   double precision, designed by the bilinear transform with pre-warping
 *   (RBJ cookbook formulas), so a Butterworth section's magnitude is exact at
 *   the cutoff. A cascade of sections runs sample by sample.
 *
 * Neutral state after silence. A recursive filter's tail decays
 * exponentially and never reaches zero by itself (it ends stuck on the
 * smallest denormal, which is also slow on x86). So when a section's input is
 * exactly zero and both of its state words are below LOA_FX_FLUSH (-200 dB),
 * the state is set to exactly zero. The test depends only on the samples, not
 * on where blocks begin, so a run that starts in silence and the same stretch
 * inside a longer run give identical samples once the preceding silence is
 * longer than the filter's tail (the "memory" each effect documents).
 */
#ifndef LOA_FX_H
#define LOA_FX_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pipeline/dsp.h"

#define LOA_FX_FLUSH 1e-10

typedef int (*loa_fx_flow_fn)(loa_effect *e, const float *in, size_t *nin, float *out,
                              size_t *nout);
typedef int (*loa_fx_drain_fn)(loa_effect *e, float *out, size_t *nout);

/* A new effect whose priv points to PRIV_SIZE zeroed bytes (freed with the
 * effect by loa_fx_free unless DESTROY does more). NULL when out of memory. */
loa_effect *loa_fx_new(const char *name, double in_rate, double out_rate, size_t priv_size,
                       loa_fx_flow_fn flow, loa_fx_drain_fn drain, void (*destroy)(loa_effect *));
/* Frees priv and the effect: the destroy callback of effects with flat state. */
void loa_fx_free(loa_effect *e);
/* A drain for effects without latency: nothing held back. */
int loa_fx_drain_none(loa_effect *e, float *out, size_t *nout);

/* Rates and times checked by the constructors. */
int loa_fx_rate_ok(double rate);

typedef struct {
  double b0, b1, b2, a1, a2; /* normalised: a0 = 1 */
  double s1, s2;             /* state */
} loa_biquad;

void loa_biquad_highpass(loa_biquad *q, double rate, double cutoff_hz, double Q);
void loa_biquad_lowpass(loa_biquad *q, double rate, double cutoff_hz, double Q);
/* All-pass section: |H| = 1 everywhere, phase -180 degrees at FREQ_HZ (RBJ cookbook). */
void loa_biquad_allpass(loa_biquad *q, double rate, double freq_hz, double Q);
/* Q of section K (0-based) of an ORDER-th order Butterworth filter (ORDER even). */
double loa_butterworth_q(int order, int k);
/* Run N samples through the NSEC sections in cascade (IN and OUT may alias). */
void loa_biquad_run(loa_biquad *sec, int nsec, const float *in, float *out, size_t n);

/* An effect that is a cascade of up to LOA_FX_MAX_SECTIONS biquads (no latency): the
 * high-pass, band-pass and phase rotator. Set the sections through loa_fx_sections(). */
#define LOA_FX_MAX_SECTIONS 8
typedef struct {
  loa_biquad sec[LOA_FX_MAX_SECTIONS];
  int nsec;
} loa_fx_cascade;
loa_effect *loa_fx_cascade_new(const char *name, double rate);
static inline loa_fx_cascade *loa_fx_sections(loa_effect *e) { return (loa_fx_cascade *)e->priv; }

static inline double loa_db_to_lin(double db) { return pow(10.0, db / 20.0); }

/* log2(x) for normal x > 0, within 2e-8: exponent bits plus an atanh series on
 * the mantissa. Plain arithmetic, so the same on every machine. */
static inline double loa_fast_log2(double x)
{
  uint64_t u;
  double m;
  memcpy(&u, &x, sizeof u);
  int e = (int)((u >> 52) & 0x7ff) - 1023;
  u = (u & 0xfffffffffffffull) | 0x3ff0000000000000ull;
  memcpy(&m, &u, sizeof m);
  if (m > M_SQRT2) {
    m *= 0.5;
    e++;
  }
  double t = (m - 1.0) / (m + 1.0), t2 = t * t;
  return e + t * (2.8853900817779268 + t2 * (0.96179669392597561 +
                  t2 * (0.57707801635558536 + t2 * 0.41219858311113240)));
}

/* 2^y for |y| < 1000, within 3e-7 relative (3e-6 dB): a Taylor series of e^z
 * around the middle of each octave, scaled by the exponent bits. */
static inline double loa_fast_exp2(double y)
{
  double i = floor(y), z = (y - i - 0.5) * M_LN2, z2 = z * z;
  /* Estrin: (1 + z) + z^2 (1/2 + z/6) + z^4 (1/24 + z/120 + z^2/720) */
  double p = (1.0 + z) + z2 * (0.5 + z * (1.0 / 6)) +
             z2 * z2 * ((1.0 / 24 + z * (1.0 / 120)) + z2 * (1.0 / 720));
  uint64_t u = (uint64_t)((int64_t)i + 1023) << 52;
  double scale;
  memcpy(&scale, &u, sizeof scale);
  return p * M_SQRT2 * scale;
}

#endif
