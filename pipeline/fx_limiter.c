/* fx_limiter.c: look-ahead true-peak limiter (4x oversampled peak detection, smooth gain, exact recovery).
 *
 * The last effect before resampling and encoding: it keeps the reconstructed
 * (inter-sample) peaks of the output at or below the ceiling, so that after
 * resampling and MP3 encoding the programme stays under its true-peak limit.
 *
 * Per input interval c (between samples c and c+1):
 *   detect   a polyphase FIR (3 phases of a Kaiser-windowed sinc, 32 taps
 *            each) interpolates the points at 1/4, 2/4, 3/4; the interval's
 *            peak P is the largest |value| of its 4 points, refined at local
 *            maxima by the vertex of the parabola through the neighbouring
 *            points (this brings 4x detection within 0.08 dB of the continuous
 *            peak even next to Nyquist, where plain 4x sampling can miss
 *            0.7 dB). Blocks of 8 intervals whose samples are too small to
 *            reach the ceiling skip the FIR (a bound, not a guess).
 *   need     r = min(1, ceiling / P), the ceiling taken 0.12 dB low: the
 *            margin covers libebur128's 4x meter, which reads up to 0.11 dB
 *            high near fs/4.
 *   hold     m = the minimum of r over a window that spans the look-ahead and
 *            H = 17 samples on either side of the sample the gain is applied to,
 *            so the gain is flat over every interpolator span around a peak.
 *   release  the gain follows m down at once and recovers exponentially with
 *            RELEASE_MS, aiming 0.1 past its target and stopping on it, so it
 *            returns to exactly 1 in finite time (from -6 dB: 1.8 x RELEASE_MS).
 *   attack   two moving averages (together the look-ahead long) turn the steps
 *            into an S-shaped ramp over the look-ahead window; an average of
 *            values that are each at most r cannot exceed r, so the gain
 *            applied to every sample is at most the r of all samples within H.
 * Gains are fixed-point (1.0 = 2^30) with 64-bit running sums, so the
 * averages are exact: a signal that never nears the ceiling comes out
 * bit-identical, and after a loud passage the gain is exactly 1 again once
 * the release has run. The output is aligned with the input (the latency,
 * look-ahead + 32 samples, is absorbed: drain() returns the tail) and has
 * exactly as many frames as the input.
 *
 * Limits: content in the top few percent of the band below Nyquist (naive
 * square waves, white noise; not speech, which has < -40 dB there) is not
 * fully seen by a 32-tap interpolator; after the default resampler (sinc
 * fastest, 80% band) the ceiling holds, after the wider sinc converters such
 * signals can exceed it by up to 0.6 dB. Run at the output rate (after the
 * resampler) the limiter holds the ceiling for any content.
 */
#include "pipeline/fx.h"

#include <stdlib.h>
#include <string.h>

#define TAPS 32                 /* per phase */
#define HALF (TAPS / 2)
#define HOLD (HALF + 1)         /* H: flat gain either side of a peak */
#define CHUNK 1024
#define ONE 1073741824u         /* 2^30 */
#define RELEASE_OVERSHOOT 0.1
#define KAISER_BETA 6.0
#define MARGIN_DB 0.12           /* aim this far under the ceiling (see the top) */

typedef struct {
  uint32_t val;
  int64_t idx;
} dq_item;

typedef struct {
  float h[3][TAPS];             /* phases 1/4, 2/4, 3/4 */
  float buf[TAPS - 1 + CHUNK + 8]; /* last TAPS-1 inputs, the chunk, slack */
  float y[3][CHUNK + 8];
  unsigned char quiet[CHUNK / 8 + 1]; /* blocks of 8 intervals that cannot reach the ceiling */
  float quiet_below;            /* max |x| under which a block is quiet */
  float prev_v;                 /* |last interpolated point| of the previous interval */
  double ceiling;
  /* hold: monotonic deque for the sliding minimum of r */
  dq_item *dq;
  size_t dq_mask, dq_head, dq_len;
  size_t win;                   /* W */
  int64_t c;                    /* index of the next interval */
  /* release */
  uint32_t g;
  double rel;
  /* attack: two boxes */
  uint32_t *b1;
  uint64_t *b2;
  size_t l1, l2, p1, p2;
  uint64_t sum1, sum2;
  uint64_t full;                /* sum2 when every gain is 1 */
  double inv_full;
  /* delay line for the audio */
  float *delay;
  size_t d_mask, latency;
  size_t n_in, n_out, steps;
} limiter;

static double bessel_i0(double x)
{
  double sum = 1.0, term = 1.0;
  for (int k = 1; k < 50; k++) {
    term *= (x / (2.0 * k)) * (x / (2.0 * k));
    sum += term;
    if (term < 1e-17 * sum)
      break;
  }
  return sum;
}

/* Phase k/4 of the interpolator: coefficient j weighs x[c - HALF + 1 + j]. */
static void design_phases(limiter *l)
{
  for (int k = 1; k <= 3; k++) {
    double phi = k / 4.0, sum = 0.0, h[TAPS];
    for (int j = 0; j < TAPS; j++) {
      double t = (double)(j - HALF + 1) - phi;
      double u = t / HALF, w = bessel_i0(KAISER_BETA * sqrt(fmax(0.0, 1.0 - u * u)));
      h[j] = (t == 0.0 ? 1.0 : sin(M_PI * t) / (M_PI * t)) * w / bessel_i0(KAISER_BETA);
      sum += h[j];
    }
    double abs_sum = 0.0;
    for (int j = 0; j < TAPS; j++) {
      l->h[k - 1][j] = (float)(h[j] / sum);
      abs_sum += fabs(h[j] / sum);
    }
    /* quiet: even a vertex (9/8 of a point) stays under the ceiling, with room for rounding */
    float below = (float)(l->ceiling / (1.125 * abs_sum * 1.001));
    if (k == 1 || below < l->quiet_below)
      l->quiet_below = below;
  }
}

/* Peak of the parabola through a, b, c when b is a local maximum. */
static inline float refine(float a, float b, float c, float peak)
{
  if (b >= a && b >= c && b > peak) {
    float d = 2.0f * b - a - c;
    float v = d > 0.0f ? b + (a - c) * (a - c) / (8.0f * d) : b;
    return v;
  }
  return peak;
}

static uint32_t need(const limiter *l, float p)
{
  if (p <= l->ceiling)
    return ONE;
  if (!(p == p))
    return 0;
  return (uint32_t)(l->ceiling / p * ONE);
}

static uint32_t hold_push(limiter *l, uint32_t r)
{
  while (l->dq_len > 0 && l->dq[(l->dq_head + l->dq_len - 1) & l->dq_mask].val >= r)
    l->dq_len--;
  l->dq[(l->dq_head + l->dq_len) & l->dq_mask] = (dq_item){r, l->c};
  l->dq_len++;
  while (l->dq[l->dq_head].idx <= l->c - (int64_t)l->win) {
    l->dq_head = (l->dq_head + 1) & l->dq_mask;
    l->dq_len--;
  }
  return l->dq[l->dq_head].val;
}

static uint32_t release(limiter *l, uint32_t m)
{
  if (m <= l->g) {
    l->g = m;
  } else {
    double g = l->g + ((double)m + RELEASE_OVERSHOOT * ONE - l->g) * l->rel;
    l->g = g >= m ? m : (uint32_t)g;
  }
  return l->g;
}

static double attack(limiter *l, uint32_t g)
{
  l->sum1 += (uint64_t)g - l->b1[l->p1];
  l->b1[l->p1] = g;
  if (++l->p1 == l->l1)
    l->p1 = 0;
  l->sum2 += l->sum1 - l->b2[l->p2];
  l->b2[l->p2] = l->sum1;
  if (++l->p2 == l->l2)
    l->p2 = 0;
  return l->sum2 == l->full ? 1.0 : (double)(int64_t)l->sum2 * l->inv_full;
}

typedef float v4sf __attribute__((vector_size(16)));

/* Interpolate the M new samples in buf[TAPS-1 ..]: 8 outputs at a time, each
 * summed over the taps in the same order (results do not depend on M). A
 * block whose samples are too small for any interpolated point to come near
 * the ceiling (|y| <= sum |h| max |x|) is marked quiet and not computed. */
static void interpolate(limiter *l, size_t m)
{
  for (size_t t = 0, blk = 0; t < m; t += 8, blk++) {
    float peak = 0.0f;
    for (size_t j = 0; j < 8 + TAPS - 1; j++) {
      float a = fabsf(l->buf[t + j]);
      peak = a > peak ? a : peak;
    }
    l->quiet[blk] = peak <= l->quiet_below;
    if (l->quiet[blk])
      continue;
    /* the three phases together: six independent sums, each load used three times */
    v4sf a0 = {0}, a1 = {0}, b0 = {0}, b1 = {0}, c0 = {0}, c1 = {0};
    for (int j = 0; j < TAPS; j++) {
      v4sf x0, x1;
      memcpy(&x0, l->buf + t + j, sizeof x0);
      memcpy(&x1, l->buf + t + j + 4, sizeof x1);
      a0 += l->h[0][j] * x0;
      a1 += l->h[0][j] * x1;
      b0 += l->h[1][j] * x0;
      b1 += l->h[1][j] * x1;
      c0 += l->h[2][j] * x0;
      c1 += l->h[2][j] * x1;
    }
    memcpy(l->y[0] + t, &a0, sizeof a0);
    memcpy(l->y[0] + t + 4, &a1, sizeof a1);
    memcpy(l->y[1] + t, &b0, sizeof b0);
    memcpy(l->y[1] + t + 4, &b1, sizeof b1);
    memcpy(l->y[2] + t, &c0, sizeof c0);
    memcpy(l->y[2] + t + 4, &c1, sizeof c1);
  }
}

#define MAX(a, b) ((a) > (b) ? (a) : (b))

/* Peak of interval T (between buf[t + HALF - 1] and buf[t + HALF]), refined
 * only when it could matter: a vertex is at most 9/8 of its middle point. An
 * interval that cannot matter leaves 0 as the left neighbour of the next one,
 * so the result is the same whether its points were computed or not. */
static float interval_peak(limiter *l, size_t t)
{
  float prev = l->prev_v;
  l->prev_v = 0.0f;
  if (l->quiet[t / 8])
    return 0.0f;
  float v0 = fabsf(l->buf[t + HALF - 1]), v1 = fabsf(l->y[0][t]), v2 = fabsf(l->y[1][t]),
        v3 = fabsf(l->y[2][t]);
  float p = MAX(MAX(v0, v1), MAX(v2, v3));
  if (p * 1.125f <= l->ceiling)
    return p;
  l->prev_v = v3;
  float v4 = fabsf(l->buf[t + HALF]);
  p = refine(prev, v0, v1, p);
  p = refine(v0, v1, v2, p);
  p = refine(v1, v2, v3, p);
  return refine(v2, v3, v4, p);
}

/* The gain for the sample LATENCY frames back, given the need of the newest interval. */
static double gain_step(limiter *l, uint32_t r)
{
  if (r == ONE && l->g == ONE && l->sum2 == l->full && l->dq_len == 1 &&
      l->dq[l->dq_head].val == ONE) {
    l->dq[l->dq_head].idx = l->c;    /* idle: every gain in the pipeline is 1 */
    return 1.0;
  }
  return attack(l, release(l, hold_push(l, r)));
}

/* Take M samples (M <= CHUNK), write the outputs that fall due, return their count. */
static size_t limiter_run(limiter *l, const float *in, size_t m, float *out)
{
  size_t o = 0;
  memcpy(l->buf + TAPS - 1, in, m * sizeof *in);
  interpolate(l, m);
  for (size_t t = 0; t < m; t++) {
    double s = gain_step(l, need(l, interval_peak(l, t)));
    l->c++;
    /* the gain belongs to the sample LATENCY frames before the newest */
    float d = l->delay[(l->steps - l->latency) & l->d_mask];
    l->delay[l->steps & l->d_mask] = in[t];
    if (l->steps++ >= l->latency)
      out[o++] = s == 1.0 ? d : (float)(d * s);
  }
  memmove(l->buf, l->buf + m, (TAPS - 1) * sizeof *l->buf);
  return o;
}

static int limiter_flow(loa_effect *e, const float *in, size_t *nin, float *out, size_t *nout)
{
  limiter *l = e->priv;
  size_t i = 0, o = 0;
  while (i < *nin) {
    size_t before = l->steps < l->latency ? l->latency - l->steps : 0;
    size_t m = *nin - i, room = (*nout - o) + before;
    if (m > room)
      m = room;
    if (m > CHUNK)
      m = CHUNK;
    if (m == 0)
      break;
    o += limiter_run(l, in + i, m, out + o);
    i += m;
  }
  l->n_in += i;
  l->n_out += o;
  *nin = i;
  *nout = o;
  return LOA_DSP_OK;
}

static int limiter_drain(loa_effect *e, float *out, size_t *nout)
{
  static const float zeros[CHUNK];
  limiter *l = e->priv;
  size_t o = 0;
  while (l->n_out + o < l->n_in && o < *nout) {
    size_t before = l->steps < l->latency ? l->latency - l->steps : 0;
    size_t want = l->n_in - l->n_out - o, room = *nout - o;
    size_t m = before + (want < room ? want : room);
    if (m > CHUNK)
      m = CHUNK;
    o += limiter_run(l, zeros, m, out + o);
  }
  l->n_out += o;
  *nout = o;
  return LOA_DSP_OK;
}

static void limiter_destroy(loa_effect *e)
{
  limiter *l = e->priv;
  free(l->dq);
  free(l->b1);
  free(l->b2);
  free(l->delay);
  loa_fx_free(e);
}

static size_t pow2_at_least(size_t n)
{
  size_t p = 1;
  while (p < n)
    p <<= 1;
  return p;
}

loa_effect *loa_limiter_new(double rate, double ceiling_dbtp, double lookahead_ms,
                            double release_ms)
{
  if (!loa_fx_rate_ok(rate) || !(ceiling_dbtp >= -40.0 && ceiling_dbtp <= 0.0) ||
      !(lookahead_ms >= 0.0 && lookahead_ms <= 100.0) ||
      !(release_ms > 0.0 && release_ms <= 10000.0))
    return NULL;
  loa_effect *e = loa_fx_new("limiter", rate, rate, sizeof(limiter), limiter_flow,
                             limiter_drain, limiter_destroy);
  if (!e)
    return NULL;
  limiter *l = e->priv;
  size_t lb = (size_t)llround(lookahead_ms * rate / 1000.0);
  if (lb < 2)
    lb = 2;
  l->l1 = (lb + 1) / 2;
  l->l2 = lb + 1 - l->l1;
  l->win = lb + 2 * HOLD;
  l->latency = HALF + lb + HOLD - 1;
  l->dq_mask = pow2_at_least(l->win + 1) - 1;
  l->d_mask = pow2_at_least(l->latency + 1) - 1;
  l->dq = calloc(l->dq_mask + 1, sizeof *l->dq);
  l->b1 = malloc(l->l1 * sizeof *l->b1);
  l->b2 = malloc(l->l2 * sizeof *l->b2);
  l->delay = calloc(l->d_mask + 1, sizeof *l->delay);
  if (!l->dq || !l->b1 || !l->b2 || !l->delay) {
    limiter_destroy(e);
    return NULL;
  }
  for (size_t i = 0; i < l->l1; i++)
    l->b1[i] = ONE;
  l->sum1 = (uint64_t)l->l1 * ONE;
  for (size_t i = 0; i < l->l2; i++)
    l->b2[i] = l->sum1;
  l->sum2 = (uint64_t)l->l2 * l->sum1;
  l->full = l->sum2;
  l->inv_full = 1.0 / (double)(int64_t)l->full;
  l->g = ONE;
  l->c = -HALF;
  l->ceiling = loa_db_to_lin(ceiling_dbtp - MARGIN_DB);
  l->rel = 1.0 - exp(-1000.0 / (release_ms * rate));
  design_phases(l);
  return e;
}
