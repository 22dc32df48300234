/* psola.c: pitch marks and TD-PSOLA resynthesis (see psola.h).
 *
 * Marks: eSpeak NG's voiced periods start with one sharp positive glottal pulse,
 * and with its pitch range at 0 their length hardly varies (about 1%). A voice
 * starts at its highest pulse when the period after it repeats it; each next mark
 * is where the period looks most like the last one (normalised correlation),
 * within ALIGN samples of one period on, so marks follow the pulse train's phase
 * rather than whichever peak is highest (which jumps between formant peaks as
 * the vowel changes). A period unlike the last ends the voiced stretch; through
 * unvoiced sound and silence marks are laid one period apart.
 *
 * Rendering walks the output one period at a time: the grain nearest the input
 * position goes out Hann-windowed over its two neighbouring periods, the output
 * advances by the wanted period and the input by that over the stretch.
 */
#include "tts/psola.h"
#include "lexicon/buf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ALIGN 3               /* a period is looked for this many samples either side of one
                                 period after the last */
#define VOICED_CORR 0.6       /* periods at least this alike are voiced */
#define MIN_ENERGY 2.5e4      /* mean square (16-bit units) below which nothing is voiced:
                                 an RMS of 158, -46 dBFS */
#define PEAK_WEIGHT 0.75      /* a period's level: RMS^0.25 peak^0.75 */
#define LEVEL_CUT 0.25        /* the level gain stays within -12 dB... */
#define LEVEL_BOOST 1.68      /* ...and +4.5 dB: quieter periods (a voiced onset, a fading end)
                                 keep their shape, and the loudness rests on more of them */
#define CREAK_JITTER 0.05     /* at full creak, periods alternate +-5% */
#define CREAK_SHIMMER 0.3     /* ...and every other one is 30% softer */

/* ---- marks ------------------------------------------------------------- */

/* Sums of products of samples are kept in 64-bit integers: they are exact, as the
 * doubles they are compared and divided as (under 2^53) were, and cost less. */

/* The level of the period centred on C: mostly its peak, partly its RMS (a limiter
 * sees peaks, a listener hears RMS; eSpeak NG's open vowels have the sharpest pulses,
 * 12-14 dB over their RMS where a close vowel's are 8-10). */
static double period_level(const int16_t *x, size_t n, long c, long p)
{
  long a = c - p / 2 < 0 ? 0 : c - p / 2, b = c + p / 2 > (long)n ? (long)n : c + p / 2;
  int64_t e = 0;
  int peak = 0;
  for (long i = a; i < b; i++) {
    e += (int32_t)x[i] * x[i];
    int v = x[i] < 0 ? -x[i] : x[i];
    peak = v > peak ? v : peak;
  }
  return b > a ? pow(sqrt((double)e / (double)(b - a)), 1 - PEAK_WEIGHT) * pow(peak, PEAK_WEIGHT)
               : 0;
}

static int push_mark(loa_marks *m, long at, int voiced, double level)
{
  size_t cap = m->cap, vcap = m->cap, rcap = m->cap;
  int32_t *a = loa_grow(m->at, &cap, m->n + 1, sizeof *a);
  if (!a)
    return -1;
  m->at = a;
  uint8_t *v = loa_grow(m->voiced, &vcap, m->n + 1, sizeof *v);
  if (!v)
    return -1;
  m->voiced = v;
  float *r = loa_grow(m->level, &rcap, m->n + 1, sizeof *r);
  if (!r)
    return -1;
  m->level = r;
  m->cap = cap < vcap ? cap : vcap;
  m->cap = m->cap < rcap ? m->cap : rcap;
  m->at[m->n] = (int32_t)at;
  m->level[m->n] = (float)level;
  m->voiced[m->n++] = (uint8_t)voiced;
  return 0;
}

/* Index of the highest sample of X in [A, B), clipped to [0, N); -1 if empty. */
static long peak_in(const int16_t *x, size_t n, long a, long b)
{
  if (a < 0)
    a = 0;
  if (b > (long)n)
    b = (long)n;
  long best = -1;
  int hi = -32769;
  for (long i = a; i < b; i++)
    if (x[i] > hi)
      hi = x[i], best = i;
  return best;
}

/* Normalised correlation of the periods (length P) centred on A and B; 0 when
 * either is out of X or near silent. */
static double likeness(const int16_t *x, size_t n, long a, long b, long p)
{
  long h = p / 2;
  if (a - h < 0 || b - h < 0 || a + h > (long)n || b + h > (long)n)
    return 0;
  int64_t xy = 0, xx = 0, yy = 0;
  const int16_t *u = x + a - h, *v = x + b - h;
  for (long i = 0; i < 2 * h; i++) {
    int32_t s = u[i], t = v[i];
    xy += s * t, xx += s * s, yy += t * t;
  }
  if (xx < MIN_ENERGY * 2 * h || yy < MIN_ENERGY * 2 * h)
    return 0;
  return (double)xy / sqrt((double)xx * (double)yy);
}

/* The mark within ALIGN samples of WANT whose period looks most like the one at LAST
 * (normalised correlation over every other sample, LAST's energy computed once). */
static long align(const int16_t *x, size_t n, long last, long want, long p, double *score)
{
  long h = p / 2, best = want;
  *score = -1;
  if (last - h < 0 || want - ALIGN - h < 0 || want + ALIGN + h > (long)n)
    return want;
  const int16_t *u = x + last - h;
  int64_t xx = 0;               /* every other sample: plenty for a period's shape */
  for (long i = 0; i < 2 * h; i += 2)
    xx += (int32_t)u[i] * u[i];
  if (xx < MIN_ENERGY * h)
    return want;
  for (long c = want - ALIGN; c <= want + ALIGN; c++) {
    const int16_t *v = x + c - h;
    int64_t xy = 0, yy = 0;
    for (long i = 0; i < 2 * h; i += 2) {
      int32_t t = v[i];
      xy += u[i] * t, yy += t * t;
    }
    double r = yy < MIN_ENERGY * h ? 0 : (double)xy / sqrt((double)xx * (double)yy);
    if (r > *score)
      *score = r, best = c;
  }
  return best;
}

int loa_marks_find(const int16_t *x, size_t n, double period, loa_marks *m)
{
  m->n = 0;
  long p = lround(period);
  if (p < 16 || !x)
    return LOA_PSOLA_EARG;
  long last = 0;
  int last_voiced = 0;
  double pest = period;       /* the period as tracked through a voiced stretch */
  if (push_mark(m, 0, 0, 0))
    return LOA_PSOLA_ENOMEM;
  while (last + p + p / 2 < (long)n) {
    long c;
    int voiced;
    if (last_voiced) {        /* the next period: where it looks most like this one */
      double r;
      c = align(x, n, last, last + lround(pest), p, &r);
      voiced = r > VOICED_CORR;
      if (voiced)
        pest += 0.2 * ((double)(c - last) - pest);
    } else {                  /* a voice starting: its highest pulse, if the next period repeats it */
      c = peak_in(x, n, last + p / 2, last + p + p / 2);
      voiced = c > 0 && likeness(x, n, c, c + p, p) > VOICED_CORR;
      pest = period;
    }
    if (!voiced)
      c = last + p;
    if (push_mark(m, c, voiced, voiced ? period_level(x, n, c, p) : 0))
      return LOA_PSOLA_ENOMEM;
    last = c;
    last_voiced = voiced;
  }
  return LOA_PSOLA_OK;
}

void loa_marks_free(loa_marks *m)
{
  free(m->at);
  free(m->voiced);
  free(m->level);
  memset(m, 0, sizeof *m);
}

/* ---- curves ------------------------------------------------------------ */

double loa_curve_at(const loa_curve *c, double t, double def)
{
  if (!c->n)
    return def;
  if (t <= c->at[0])
    return c->v[0];
  if (t >= c->at[c->n - 1])
    return c->v[c->n - 1];
  size_t lo = 0, hi = c->n - 1;          /* at[lo] <= t < at[hi] */
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if (c->at[mid] <= t)
      lo = mid;
    else
      hi = mid;
  }
  double span = c->at[hi] - c->at[lo];
  double f = span > 0 ? (t - c->at[lo]) / span : 0;
  return c->v[lo] + f * (c->v[hi] - c->v[lo]);
}

/* ---- rendering --------------------------------------------------------- */

typedef struct {
  float *acc;                 /* overlap-add accumulator */
  size_t cap;
} ola;

static int ola_reserve(ola *o, size_t need)
{
  size_t old = o->cap;
  float *a = loa_grow(o->acc, &o->cap, need, sizeof *a);
  if (!a)
    return -1;
  memset(a + old, 0, (o->cap - old) * sizeof *a);
  o->acc = a;
  return 0;
}

/* The Hann half-windows of a render, 1 + cos(pi i / L) for i = 0..L-1, one for each
 * half-width L it uses (1 to LMAX = P + P/2, as half_width bounds them), each computed
 * once when first needed, so that a grain costs a multiply and an add per sample. The
 * cosine is rotated through (cos, sin) one step per sample, in double: both sides of a
 * grain read the same values. */
typedef struct {
  float *w;                   /* L's window at w + L (L - 1) / 2 */
  uint8_t *done;              /* done[L]: computed */
  long lmax;
} windows;

static int windows_init(windows *ws, long lmax)
{
  ws->lmax = lmax;
  ws->w = malloc((size_t)(lmax * (lmax + 1) / 2 + 1) * sizeof *ws->w);
  ws->done = calloc((size_t)lmax + 1, 1);
  return ws->w && ws->done ? 0 : -1;
}

static void windows_free(windows *ws)
{
  free(ws->w);
  free(ws->done);
}

static const float *window_of(windows *ws, long l)
{
  float *w = ws->w + l * (l - 1) / 2;
  if (ws->done[l])
    return w;
  double th = M_PI / (double)l, ct = cos(th), st = sin(th), co = 1.0, si = 0.0;
  for (long i = 0; i < l; i++) {
    w[i] = (float)(1.0 + co);
    double nc = co * ct - si * st;
    si = si * ct + co * st;
    co = nc;
  }
  ws->done[l] = 1;
  return w;
}

/* Add the grain of X around mark C (L1 samples before, L2 after, Hann-shaped),
 * times G, centred at output sample AT; the bounds are clipped once, outside the
 * loops. */
static void add_grain(float *acc, long at, const int16_t *x, size_t n, long c, long l1, long l2,
                      double g, windows *ws)
{
  const float half = (float)(0.5 * g);
  if (l1 >= 1 && l1 <= ws->lmax) {            /* the left side includes i = 0 */
    const float *w = window_of(ws, l1);
    long hi = l1 > c + 1 ? c + 1 : l1;
    hi = hi > at + 1 ? at + 1 : hi;
    float *a = acc + at;
    const int16_t *s = x + c;
    for (long i = 0; i < hi; i++)
      a[-i] += half * w[i] * s[-i];
  }
  if (l2 >= 1 && l2 <= ws->lmax) {
    const float *w = window_of(ws, l2);
    long hi = c + l2 > (long)n ? (long)n - c : l2;
    float *a = acc + at;
    const int16_t *s = x + c;
    for (long i = 1; i < hi; i++)
      a[i] += half * w[i] * s[i];
  }
}

/* V clipped to 16 bits and rounded to the nearest (ties to even, as lrintf): adding
 * 1.5 * 2^23 leaves a float with no fraction, so the sum is V rounded, in the same
 * rounding mode, without a call to libm per sample. */
static int16_t to_pcm(float v)
{
  if (v > 32767.f)
    return 32767;
  if (v < -32768.f)
    return -32768;
  float r = v + 12582912.f;     /* each step rounded to float, whatever FLT_EVAL_METHOD */
  r -= 12582912.f;
  return (int16_t)r;
}

static int push_map(loa_psola_out *o, double tin, double tout)
{
  size_t cap = o->mapcap;
  float *a = loa_grow(o->map_in, &cap, o->nmap + 1, sizeof *a);
  if (!a)
    return -1;
  o->map_in = a;
  size_t cap2 = o->mapcap;
  float *b = loa_grow(o->map_out, &cap2, o->nmap + 1, sizeof *b);
  if (!b)
    return -1;
  o->map_out = b;
  o->mapcap = cap < cap2 ? cap : cap2;
  o->map_in[o->nmap] = (float)tin;
  o->map_out[o->nmap++] = (float)tout;
  return 0;
}

/* The level gain of voiced mark K: its period's RMS (averaged with its voiced
 * neighbours) brought P->evening of the way to P->level, within LEVEL_CUT and LEVEL_BOOST. */
static double level_gain(const loa_marks *m, size_t k, const loa_psola_plan *p)
{
  if (p->level <= 0 || p->evening <= 0)
    return 1.0;
  double sum = 0;
  int cnt = 0;
  for (size_t j = k ? k - 1 : k; j <= k + 1 && j < m->n; j++)
    if (m->voiced[j])
      sum += m->level[j], cnt++;
  if (!cnt || sum <= 0)
    return 1.0;
  double g = pow(p->level * cnt / sum, p->evening);
  return g < LEVEL_CUT ? LEVEL_CUT : g > LEVEL_BOOST ? LEVEL_BOOST : g;
}

static long half_width(const loa_marks *m, size_t k, int right, long p)
{
  long w = p;
  if (right && k + 1 < m->n)
    w = m->at[k + 1] - m->at[k];
  else if (!right && k > 0)
    w = m->at[k] - m->at[k - 1];
  if (w < p / 2)
    w = p / 2;
  if (w > p + p / 2)
    w = p + p / 2;
  return w;
}

int loa_psola_render(const int16_t *x, size_t n, const loa_marks *m, double period,
                     const loa_psola_plan *plan, loa_psola_out *out)
{
  out->n = 0;
  out->nmap = 0;
  if (!m->n || period < 16 || plan->rate <= 0)
    return LOA_PSOLA_EARG;
  ola o = {0};
  long p = lround(period);
  windows ws;
  if (windows_init(&ws, p + p / 2)) {
    windows_free(&ws);
    return LOA_PSOLA_ENOMEM;
  }
  double tin = m->at[0], tout = 0;
  size_t k = 0;
  unsigned grain = 0;
  int rc = LOA_PSOLA_OK;
  while (tin < (double)n) {
    while (k + 1 < m->n && fabs(m->at[k + 1] - tin) <= fabs(m->at[k] - tin))
      k++;
    double pout = p, g = loa_curve_at(&plan->gain, tin, 1.0);
    if (m->voiced[k]) {
      g *= level_gain(m, k, plan);
      double f0 = loa_curve_at(&plan->f0, tin, 0);
      if (f0 > 0)
        pout = plan->rate / f0;
      double cr = loa_curve_at(&plan->creak, tin, 0);
      if (cr > 0) {
        pout *= 1.0 + (grain & 1 ? CREAK_JITTER : -CREAK_JITTER) * cr;
        if (grain & 1)
          g *= 1.0 - CREAK_SHIMMER * cr;
      }
      grain++;
    }
    long l1 = half_width(m, k, 0, p), l2 = half_width(m, k, 1, p);
    if (pout < l1)            /* a raised pitch: grains no wider than the new period, */
      l1 = lround(pout);      /* so that only neighbours overlap */
    if (pout < l2)
      l2 = lround(pout);
    long at = lround(tout);
    if (ola_reserve(&o, (size_t)(at + l2 + 1)) || push_map(out, tin, tout)) {
      rc = LOA_PSOLA_ENOMEM;
      break;
    }
    add_grain(o.acc, at, x, n, m->at[k], l1, l2, g, &ws);
    double st = loa_curve_at(&plan->stretch, tin, 1.0);
    tout += pout;
    tin += pout / (st > 0.05 ? st : 0.05);
  }
  size_t len = (size_t)lround(tout);
  if (!rc) {
    size_t cap = out->cap;
    int16_t *pcm = loa_grow(out->pcm, &cap, len + 1, sizeof *pcm);
    if (!pcm || ola_reserve(&o, len + 1)) {
      rc = LOA_PSOLA_ENOMEM;
    } else {
      out->pcm = pcm;
      out->cap = cap;
      for (size_t i = 0; i < len; i++)
        pcm[i] = to_pcm(o.acc[i]);
      out->n = len;
    }
  }
  free(o.acc);
  windows_free(&ws);
  return rc;
}

double loa_psola_out_time(const loa_psola_out *o, double t)
{
  loa_curve c = {o->map_in, o->map_out, o->nmap};
  if (o->nmap && t > o->map_in[o->nmap - 1])   /* past the last grain: at the same pace */
    return o->map_out[o->nmap - 1] + (t - o->map_in[o->nmap - 1]);
  return loa_curve_at(&c, t, t);
}

void loa_psola_out_free(loa_psola_out *o)
{
  free(o->pcm);
  free(o->map_in);
  free(o->map_out);
  memset(o, 0, sizeof *o);
}
