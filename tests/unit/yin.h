/* yin.h: an F0 tracker for the tests and bench/prosody, independent of loa's own pitch
 * marks: YIN (de Cheveigné & Kawahara 2002, "YIN, a fundamental frequency estimator for
 * speech and music", JASA 111(4)): the cumulative-mean-normalised difference function,
 * an absolute threshold, parabolic interpolation. Header-only, no allocation.
 */
#ifndef LOA_TEST_YIN_H
#define LOA_TEST_YIN_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#define YIN_THRESHOLD 0.15
#define YIN_UNVOICED 0.35      /* no dip below this: no pitch */
#define YIN_MAXLAG 1024

typedef struct {
  double t;        /* centre, seconds */
  double f0;       /* Hz, 0 when unvoiced */
  double rms;      /* 16-bit units over the frame */
} yin_frame;

/* One frame centred at sample C of X[0..N): F0 between FMIN and FMAX, or 0. */
static inline double yin_at(const int16_t *x, size_t n, double rate, size_t c, double fmin,
                            double fmax, double *rms)
{
  size_t maxlag = (size_t)(rate / fmin) + 1, minlag = (size_t)(rate / fmax);
  size_t w = maxlag;                       /* integration window: one longest period */
  if (maxlag >= YIN_MAXLAG || c < w / 2 || c + w / 2 + maxlag + 1 >= n) {
    *rms = 0;
    return 0;
  }
  const int16_t *a = x + c - w / 2;
  double e = 0;
  for (size_t j = 0; j < w; j++)
    e += (double)a[j] * a[j];
  *rms = sqrt(e / (double)w);
  double d[YIN_MAXLAG + 2], sum = 0;
  d[0] = 1;
  for (size_t tau = 1; tau <= maxlag + 1; tau++) {
    double s = 0;
    for (size_t j = 0; j < w; j++) {
      double df = (double)a[j] - a[j + tau];
      s += df * df;
    }
    sum += s;
    d[tau] = sum > 0 ? s * (double)tau / sum : 1;
  }
  size_t best = 0;
  for (size_t tau = minlag > 1 ? minlag : 2; tau <= maxlag; tau++) {
    if (d[tau] < YIN_THRESHOLD) {
      while (tau + 1 <= maxlag && d[tau + 1] < d[tau])
        tau++;
      best = tau;
      break;
    }
  }
  if (!best) {             /* no dip under the threshold: the first dip nearly as deep as the
                              deepest (the deepest alone is often a multiple of the period) */
    double lo = YIN_UNVOICED;
    for (size_t tau = minlag > 1 ? minlag : 2; tau <= maxlag; tau++)
      if (d[tau] < lo)
        lo = d[tau];
    if (lo >= YIN_UNVOICED)
      return 0;
    for (size_t tau = minlag > 1 ? minlag : 2; tau <= maxlag && !best; tau++)
      if (d[tau] < lo + 0.1 && d[tau] <= d[tau - 1] && d[tau] <= d[tau + 1])
        best = tau;
    if (!best)
      return 0;
  }
  double y0 = d[best - 1], y1 = d[best], y2 = d[best + 1], den = y0 - 2 * y1 + y2;
  double tau = (double)best + (den > 0 ? 0.5 * (y0 - y2) / den : 0);
  return rate / tau;
}

/* Frames every HOP seconds over X[A..B); returns how many were written (at most CAP). */
static inline size_t yin_track(const int16_t *x, size_t n, double rate, size_t a, size_t b,
                               double hop, double fmin, double fmax, yin_frame *out, size_t cap)
{
  size_t k = 0, step = (size_t)(hop * rate);
  for (size_t c = a; c < b && k < cap; c += step) {
    double rms;
    double f = yin_at(x, n, rate, c, fmin, fmax, &rms);
    out[k++] = (yin_frame){(double)c / rate, f, rms};
  }
  return k;
}

static inline double yin_semitones(double f, double ref) { return 12.0 * log2(f / ref); }

#endif
