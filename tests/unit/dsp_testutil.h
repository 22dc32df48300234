/* dsp_testutil.h: signal generators and measurements shared by the DSP and loudness tests. */
#ifndef LOA_DSP_TESTUTIL_H
#define LOA_DSP_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <ebur128.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/dsp.h"

typedef struct {
  float *pcm;
  size_t n, cap;
} tu_buf;

static inline int tu_sink(const float *pcm, size_t n, void *user)
{
  tu_buf *b = user;
  if (b->n + n > b->cap) {
    b->cap = (b->n + n) * 2;
    b->pcm = realloc(b->pcm, b->cap * sizeof *b->pcm);
  }
  memcpy(b->pcm + b->n, pcm, n * sizeof *pcm);
  b->n += n;
  return 0;
}

/* Run IN through effect E (consumed) in one chain, pushing blocks of BLOCK
 * frames (0: all at once). Returns the output (malloc'd), length in *NOUT. */
static inline float *tu_run(loa_effect *e, const float *in, size_t n, size_t block, size_t *nout)
{
  tu_buf b = {0};
  loa_chain *c = loa_chain_new(tu_sink, &b);
  if (!c || loa_chain_add(c, e) != LOA_DSP_OK)
    abort();
  for (size_t i = 0; i < n;) {
    size_t k = block && n - i > block ? block : n - i;
    if (loa_chain_push(c, in + i, k) != LOA_DSP_OK)
      abort();
    i += k;
  }
  if (loa_chain_finish(c) != LOA_DSP_OK)
    abort();
  loa_chain_free(c);
  *nout = b.n;
  if (!b.pcm)
    b.pcm = malloc(sizeof(float));
  return b.pcm;
}

static inline float *tu_sine(size_t n, double rate, double hz, double amp, double phase)
{
  float *x = malloc((n ? n : 1) * sizeof *x);
  for (size_t i = 0; i < n; i++)
    x[i] = (float)(amp * sin(2.0 * M_PI * hz * (double)i / rate + phase));
  return x;
}

static inline double tu_rms(const float *x, size_t n)
{
  double s = 0.0;
  for (size_t i = 0; i < n; i++)
    s += (double)x[i] * x[i];
  return n ? sqrt(s / (double)n) : 0.0;
}

static inline double tu_db(double v) { return 20.0 * log10(v); }

/* Gain (dB) of effect E (consumed) for a tone of HZ at RATE, amplitude 0.5 from PHASE, pushed
 * in blocks of BLOCK frames: the RMS ratio over the second of two seconds (whole periods, the
 * filter settled). The effect must give back as many samples as it took. */
static inline double tu_tone_gain_db(loa_effect *e, double rate, double hz, double phase, size_t block)
{
  size_t n = (size_t)(2 * rate), m;
  float *x = tu_sine(n, rate, hz, 0.5, phase);
  float *y = tu_run(e, x, n, block, &m);
  assert_int_equal(m, n);
  double g = tu_db(tu_rms(y + n / 2, n / 2) / tu_rms(x + n / 2, n / 2));
  free(x);
  free(y);
  return g;
}

/* True peak in dBTP measured by libebur128 at RATE. */
static inline double tu_true_peak_db(const float *x, size_t n, double rate)
{
  ebur128_state *st = ebur128_init(1, (unsigned long)rate, EBUR128_MODE_TRUE_PEAK);
  double tp = 0.0;
  ebur128_add_frames_float(st, x, n);
  ebur128_true_peak(st, 0, &tp);
  ebur128_destroy(&st);
  return 20.0 * log10(tp);
}

/* A deterministic pseudo-random generator (xorshift), uniform in [-1, 1). */
static inline double tu_rand(uint64_t *s)
{
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return (double)(*s >> 11) / 4503599627370496.0 - 1.0;
}

/* Speech-like test signal: bursts of harmonic "syllables" (pitch 120-220 Hz,
 * random levels and lengths) separated by short gaps, all deterministic. */
static inline float *tu_speechlike(size_t n, double rate, uint64_t seed, double amp)
{
  float *x = calloc(n ? n : 1, sizeof *x);
  uint64_t s = seed ? seed : 1;
  size_t i = 0;
  while (i < n) {
    size_t len = (size_t)(rate * (0.08 + 0.15 * (tu_rand(&s) + 1.0)));
    double f0 = 170.0 + 50.0 * tu_rand(&s), a = amp * pow(10.0, (tu_rand(&s) - 0.5) * 0.6);
    for (size_t k = 0; k < len && i + k < n; k++) {
      double t = (double)k / rate, env = sin(M_PI * (double)k / (double)len), v = 0.0;
      for (int h = 1; h <= 25 && h * f0 < rate / 2; h++)
        v += sin(2.0 * M_PI * h * f0 * t + h) / h;
      x[i + k] = (float)(a * env * v * 0.5 + 0.02 * a * tu_rand(&s));
    }
    i += len + (size_t)(rate * 0.03 * (tu_rand(&s) + 1.0));
  }
  return x;
}

#endif
