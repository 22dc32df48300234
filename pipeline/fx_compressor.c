/* fx_compressor.c: gentle feed-forward speech compressor (RMS detector, soft knee, attack/release, makeup).
 *
 * For the loudspeaker preset: it evens out the level of loud and soft
 * syllables so quiet words still carry over street noise, without the
 * breathing of a broadcast processor. Per sample:
 *   level   mean square over a 20 ms triangular window (two 10 ms boxes) centred
 *           on the sample (the audio is delayed 10 ms to line up; drain()
 *           returns the delayed tail), in dB: L = 10 log10(ms). A full-scale
 *           sine reads -3 dB.
 *   curve   over = L - threshold; gain reduction (dB) 0 below the knee,
 *           (1/ratio - 1) (over + K/2)^2 / (2K) inside it, (1/ratio - 1) over
 *           above it; soft knee K = 6 dB wide. Evaluated every 4th sample,
 *           counted from the end of the last exact silence (the level moves
 *           slowly; the count makes it independent of where a run starts).
 *   smooth  the reduction moves towards the curve with ATTACK_MS (deeper) or
 *           RELEASE_MS (recovering) time constants; the release aims 1 dB past
 *           its target and stops on it, so it ends in finite time.
 *   gain    10^((reduction + makeup)/20).
 * Squares are summed as 64-bit integers (x^2 in units of 2^-36), so the
 * window is exactly empty after 20 ms of zeros; with the finite release the
 * state is exactly neutral once the silence exceeds 20 ms plus the release
 * (about 2.4 release time constants from 10 dB of reduction).
 */
#include "pipeline/fx.h"

#include <stdlib.h>

#define KNEE_DB 6.0
#define RELEASE_OVERSHOOT_DB 1.0
#define SQ_SCALE 68719476736.0 /* 2^36 */
#define SQ_MAX 64.0            /* squares are clipped at 64 (+18 dBFS) */
#define CONTROL_EVERY 4        /* samples between evaluations of the curve */

typedef struct {
  size_t nb;          /* box length */
  uint64_t *box1, *box2;
  uint64_t sum1, sum2;
  float *delay;       /* nb - 1 frames of audio, ring */
  size_t pos, dpos;   /* ring positions in box1/box2 and delay */
  size_t steps;       /* samples taken, real or drained zeros */
  size_t n_in, n_out;
  double ms_scale, ms_knee;
  double threshold, slope, att, rel, gr, makeup_db, makeup_lin;
  double target;      /* the curve's reduction, recomputed every CONTROL_EVERY samples */
  unsigned phase;     /* samples since the curve was computed; 0 in silence */
  double gain, gain_gr; /* the last gain and the reduction it was computed for */
} compressor;

static double curve_db(const compressor *c, double ms)
{
  if (ms <= c->ms_knee)
    return 0.0;
  double over = 3.0102999566398120 * loa_fast_log2(ms) - c->threshold;    /* 10 log10 */
  if (2.0 * over < KNEE_DB) {
    double k = over + KNEE_DB / 2.0;
    return c->slope * k * k / (2.0 * KNEE_DB);
  }
  return c->slope * over;
}

/* 10^((gr + makeup)/20): from scratch after a large change, otherwise by
 * multiplying the last gain by 2^(k dgr) (a short series, dgr is small). */
static double compressor_gain(compressor *c)
{
  if (c->gr == 0.0) {
    c->gain_gr = 0.0;
    return c->gain = c->makeup_lin;
  }
  double z = (c->gr - c->gain_gr) * (0.16609640474436813 * M_LN2);
  if (fabs(z) > 0.05)
    c->gain = loa_fast_exp2((c->gr + c->makeup_db) * 0.16609640474436813);
  else
    c->gain *= 1.0 + z * (1.0 + z * (0.5 + z * (1.0 / 6 + z * (1.0 / 24))));
  c->gain_gr = c->gr;
  return c->gain;
}

/* Take one sample, return the gain for the sample nb - 1 frames earlier. The
 * curve is evaluated every CONTROL_EVERY samples, counted from the end of the
 * last exact silence in the window, so the result does not depend on where a
 * run starts as long as it starts in silence. */
static double compressor_step(compressor *c, float x)
{
  double sq = (double)x * x;
  uint64_t q = (uint64_t)(int64_t)((sq < SQ_MAX ? sq : SQ_MAX) * SQ_SCALE);
  size_t p = c->pos;
  c->sum1 += q - c->box1[p];
  c->box1[p] = q;
  c->sum2 += c->sum1 - c->box2[p];
  c->box2[p] = c->sum1;
  if (c->sum2 == 0)
    c->phase = 0;
  if (c->phase++ % CONTROL_EVERY == 0)
    c->target = curve_db(c, (double)c->sum2 * c->ms_scale);
  double gr = c->gr, target = c->target;
  double down = gr + c->att * (target - gr);                              /* attack */
  double up = gr + c->rel * (target + RELEASE_OVERSHOOT_DB - gr);         /* release */
  up = up > target ? target : up;
  c->gr = target < gr ? down : (gr < target ? up : gr);
  return compressor_gain(c);
}

/* The delayed sample and the newest one swap places in the delay ring. */
static float compressor_delay(compressor *c, float x)
{
  if (c->nb < 2)
    return x;
  float y = c->delay[c->dpos];
  c->delay[c->dpos] = x;
  if (++c->dpos == c->nb - 1)
    c->dpos = 0;
  return y;
}

/* One step: take X, return 1 and set *Y when a delayed output is due. */
static int compressor_push(compressor *c, float x, float *y)
{
  double g = compressor_step(c, x);
  float d = compressor_delay(c, x);
  if (++c->pos == c->nb)
    c->pos = 0;
  if (c->steps++ < c->nb - 1)
    return 0;
  *y = (float)(d * g);
  return 1;
}

static int compressor_flow(loa_effect *e, const float *in, size_t *nin, float *out, size_t *nout)
{
  compressor *c = e->priv;
  size_t i = 0, o = 0;
  for (; i < *nin; i++) {
    if (o == *nout && c->steps >= c->nb - 1)
      break;
    c->n_in++;
    o += (size_t)compressor_push(c, in[i], &out[o]);
  }
  c->n_out += o;
  *nin = i;
  *nout = o;
  return LOA_DSP_OK;
}

static int compressor_drain(loa_effect *e, float *out, size_t *nout)
{
  compressor *c = e->priv;
  size_t o = 0;
  while (o < *nout && c->n_out + o < c->n_in)
    o += (size_t)compressor_push(c, 0.0f, &out[o]);
  c->n_out += o;
  *nout = o;
  return LOA_DSP_OK;
}

static void compressor_destroy(loa_effect *e)
{
  compressor *c = e->priv;
  free(c->box1);
  free(c->box2);
  free(c->delay);
  loa_fx_free(e);
}

static double smoothing_coef(double ms, double rate)
{
  return ms <= 0.0 ? 1.0 : 1.0 - exp(-1000.0 / (ms * rate));
}

loa_effect *loa_compressor_new(double rate, double threshold_db, double ratio, double attack_ms,
                               double release_ms, double makeup_db)
{
  if (!loa_fx_rate_ok(rate) || !(threshold_db >= -80.0 && threshold_db <= 0.0) ||
      !(ratio >= 1.0 && ratio <= 100.0) || !(attack_ms >= 0.0 && attack_ms <= 1000.0) ||
      !(release_ms > 0.0 && release_ms <= 10000.0) || !(makeup_db >= -40.0 && makeup_db <= 40.0))
    return NULL;
  loa_effect *e = loa_fx_new("compressor", rate, rate, sizeof(compressor), compressor_flow,
                             compressor_drain, compressor_destroy);
  if (!e)
    return NULL;
  compressor *c = e->priv;
  c->nb = (size_t)llround(rate * 0.010);
  if (c->nb < 1)
    c->nb = 1;
  c->box1 = calloc(c->nb, sizeof *c->box1);
  c->box2 = calloc(c->nb, sizeof *c->box2);
  c->delay = calloc(c->nb, sizeof *c->delay);
  if (!c->box1 || !c->box2 || !c->delay) {
    compressor_destroy(e);
    return NULL;
  }
  c->ms_scale = 1.0 / ((double)c->nb * (double)c->nb * SQ_SCALE);
  c->ms_knee = pow(10.0, (threshold_db - KNEE_DB / 2.0) / 10.0);
  c->threshold = threshold_db;
  c->slope = 1.0 / ratio - 1.0;
  c->att = smoothing_coef(attack_ms, rate);
  c->rel = smoothing_coef(release_ms, rate);
  c->makeup_db = makeup_db;
  c->makeup_lin = loa_db_to_lin(makeup_db);
  c->gain = c->makeup_lin;
  return e;
}

static loa_effect *compressor_create(double rate, const double *v)
{
  return loa_compressor_new(rate, v[0], v[1], v[2], v[3], v[4]);
}

const loa_effect_handler loa_compressor_handler = {
    "compressor",
    {{"threshold_db", -24}, {"ratio", 3}, {"attack_ms", 5}, {"release_ms", 120}, {"makeup_db", 0}},
    compressor_create};
