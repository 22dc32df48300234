/* test_tones.c: every voice says each of the six tones in a carrier sentence ("tôi nói ma ba
 * lần", ma mà má mả mã mạ) with its reference shape and length. F0 is followed by an
 * independent tracker (yin.h, not loa's pitch marks); each target syllable's contour is
 * compared, with its length against ngang's and whether a glottal break is heard, with
 * every template of its region
 * (lexicon/tones.tsv) and must be nearest its own (tones a region merges, hỏi and ngã in
 * the centre and south, count as one). Then:
 * nặng at most 70% of ngang and ended by a glottal closure with no voice after it, huyền
 * falling with no rise first, ngã of the north broken by a glottal dip, sắc rising. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tts/synth.h"
#include "tts/voices.h"
#include "speech_testutil.h"
#include "yin.h"

#define BINS 5
#define MAXFRAMES 400
#define HOP 0.005

static const char *const WORD[LOA_TONE_COUNT] = {"ma", "mà", "má", "mả", "mã", "mạ"};


typedef struct {
  double st[BINS];         /* semitones over the voice's F0, NAN where nothing voiced */
  double span_s;           /* the syllable as loa placed it */
  double voiced_s;         /* from the first to the last voiced frame */
  double dip_db;           /* deepest RMS dip in the middle of the voiced part, below its sides */
  double tail_db;          /* the quietest of its last 30%, below its loudest */
  int revoiced;            /* voiced frames after the voice fell 20 dB */
} measured;

/* The share of the energy of B's samples [C - LEN/2, C + LEN/2) under about 500 Hz (a
 * 1 ms moving average, whose first zero is at 1 kHz): near 1 for a nasal (m), whose energy
 * is all in its murmur, lower for a vowel's formants. */
static double low_share(const pcm_buf *b, size_t c, size_t len, size_t avg)
{
  double e = 0, l = 0;
  for (size_t i = c > len / 2 + avg ? c - len / 2 : avg; i < c + len / 2 && i < b->n; i++) {
    double m = 0;
    for (size_t j = 0; j < avg; j++)
      m += b->pcm[i - j];
    m /= (double)avg;
    e += (double)b->pcm[i] * b->pcm[i], l += m * m;
  }
  return e > 0 ? l / e : 1;
}

/* Measure syllable SP of the carrier in B. */
static measured measure(const pcm_buf *b, loa_span sp, double f0)
{
  yin_frame fr[MAXFRAMES];
  double rate = loa_synth_sample_rate();
  size_t k = yin_track(b->pcm, b->n, rate, (size_t)(sp.start > 0 ? sp.start : 0), (size_t)sp.end,
                       HOP, f0 / 2, f0 * 2.5, fr, MAXFRAMES);
  measured m = {.span_s = (sp.end - sp.start) / rate};
  double top = 0;
  for (size_t i = 0; i < k; i++)
    if (fr[i].rms > top)
      top = fr[i].rms;
  /* the rhyme: from the first voiced frame whose low share is nearer the vowel's than the
   * nasal onset's... */
  double low[MAXFRAMES], nasal = 0, vowel = 1;
  for (size_t i = 0; i < k; i++) {
    low[i] = low_share(b, (size_t)(fr[i].t * rate), (size_t)(0.01 * rate), (size_t)(0.001 * rate));
    if (fr[i].f0 > 0 && fr[i].rms > 0.05 * top) {
      vowel = low[i] < vowel ? low[i] : vowel;
      nasal = low[i] > nasal ? low[i] : nasal;
    }
  }
  size_t a = k, z = 0;          /* ...to the last voiced one within 14 dB of the loudest
                                    (a fading end is not where a tone is heard) */
  for (size_t i = 0; i < k; i++)
    if (fr[i].f0 > 0 && fr[i].rms > 0.05 * top) {
      if (a == k && low[i] < 0.5 * (vowel + nasal))
        a = i;
      if (fr[i].rms > 0.2 * top)
        z = i;
    }
  assert_true(a < z);
  m.voiced_s = (double)(z - a) * HOP;
  /* octave jumps in creaky voice: frames far from the syllable's median are not its pitch */
  double v[MAXFRAMES];
  size_t nv = 0;
  for (size_t i = a; i <= z; i++)
    if (fr[i].f0 > 0)
      v[nv++] = fr[i].f0;
  qsort(v, nv, sizeof *v, cmp_double);
  double med = v[nv / 2];
  for (size_t i = a; i <= z; i++)
    if (fr[i].f0 > 0 && fabs(yin_semitones(fr[i].f0, med)) > 8)
      fr[i].f0 = 0;
  for (int j = 0; j < BINS; j++) {
    double sum = 0;
    int cnt = 0;
    for (size_t i = a; i <= z; i++) {
      double u = (double)(i - a) / (double)(z - a);
      if (fr[i].f0 > 0 && u >= (double)j / BINS && u < (double)(j + 1) / BINS + 1e-9) {
        sum += yin_semitones(fr[i].f0, f0);
        cnt++;
      }
    }
    m.st[j] = cnt ? sum / cnt : NAN;
  }
  /* a dip: the quietest frame of the middle half against the loudest on each side of it */
  size_t q = a + (z - a) / 4, r = z - (z - a) / 4, lo = q;
  for (size_t i = q; i <= r; i++)
    if (fr[i].rms < fr[lo].rms)
      lo = i;
  double left = 0, right = 0;
  for (size_t i = a; i < lo; i++)
    left = fr[i].rms > left ? fr[i].rms : left;
  for (size_t i = lo + 1; i <= z; i++)
    right = fr[i].rms > right ? fr[i].rms : right;
  double side = left < right ? left : right;
  m.dip_db = 20 * log10(side / (fr[lo].rms + 1e-9));
  double quiet = top;                      /* the quietest frame of the last 30% */
  for (size_t i = k - k * 3 / 10; i < k; i++)
    quiet = fr[i].rms < quiet ? fr[i].rms : quiet;
  m.tail_db = 20 * log10(top / (quiet + 1e-9));
  size_t fell = k;
  for (size_t i = a; i < k && fell == k; i++)
    if (i > a + 2 && fr[i].rms < top * 0.1)
      fell = i;
  for (size_t i = fell; i < k; i++)
    if (fr[i].f0 > 0 && fr[i].rms > top * 0.25)
      m.revoiced = 1;
  return m;
}

/* The template of TONE at the bins' centres, in semitones scaled by RANGE. */
static void template_of(const loa_tone_shape *t, double range, double out[BINS])
{
  for (int j = 0; j < BINS; j++) {
    double u = (j + 0.5) / BINS;
    int i = 0;
    while (i + 1 < t->np && t->t[i + 1] < u)
      i++;
    double v = t->st[i];
    if (i + 1 < t->np && u > t->t[i])
      v += (t->st[i + 1] - t->st[i]) * (u - t->t[i]) / (t->t[i + 1] - t->t[i]);
    out[j] = v * range;
  }
}

static int same_shape(const loa_tone_shape *a, const loa_tone_shape *b)
{
  return a->np == b->np && !memcmp(a->t, b->t, sizeof a->t) && !memcmp(a->st, b->st, sizeof a->st);
}

static double distance(const double *obs, double off, const double *tmpl)
{
  double d = 0;
  int n = 0;
  for (int j = 0; j < BINS; j++)
    if (!isnan(obs[j])) {
      double e = obs[j] - off - tmpl[j];
      d += e * e;
      n++;
    }
  return n ? d / n : INFINITY;
}

static double mean_of(const double *v)
{
  double s = 0;
  int n = 0;
  for (int j = 0; j < BINS; j++)
    if (!isnan(v[j]))
      s += v[j], n++;
  return n ? s / n : NAN;
}

static void test_six_tones_every_voice(void **state)
{
  (void)state;
  loa_voices vs;
  char err[512];
  assert_int_equal(loa_voices_load(&vs, NULL, err, sizeof err), LOA_VOICES_OK);
  const loa_phrase mid = {LOA_EDGE_SENTENCE, LOA_EDGE_SENTENCE, 0, 0, '.'};
  for (size_t v = 0; v < vs.n; v++) {
    const loa_voice *vo = &vs.v[v];
    loa_tone_set set;
    assert_int_equal(loa_tones_load(&set, NULL, vo->tones, err, sizeof err), 0);
    assert_int_equal(loa_synth_init(vo->name, 0, err, sizeof err), LOA_SYNTH_OK);
    measured m[LOA_TONE_COUNT];
    double tmpl[LOA_TONE_COUNT][BINS], offs[LOA_TONE_COUNT];
    for (int t = 0; t < LOA_TONE_COUNT; t++) {
      char text[64];
      snprintf(text, sizeof text, "tôi nói %s ba lần", WORD[t]);
      pcm_buf b = {0};
      assert_int_equal(loa_synth_speak_phrase(text, &mid, pcm_collect, &b), LOA_SYNTH_OK);
      loa_span sp[8];
      assert_int_equal(loa_synth_syllables(sp, 8), 5);
      assert_int_equal(sp[2].tone, t);
      m[t] = measure(&b, sp[2], vo->f0);
      free(b.pcm);
      template_of(&set.tone[t], vo->range, tmpl[t]);
      offs[t] = mean_of(m[t].st) - mean_of(tmpl[t]);
    }
    qsort(offs, LOA_TONE_COUNT, sizeof *offs, cmp_double);
    double off = 0.5 * (offs[2] + offs[3]);     /* where the phrase puts the carrier */
    for (int t = 0; t < LOA_TONE_COUNT; t++) {
      int best = 0;
      double dbest = INFINITY;
      for (int u = 0; u < LOA_TONE_COUNT; u++) {
        /* the contour, and the length against ngang's: log-ratio off by 0.3 (35%) weighs
         * as much as 1.2 semitones off at every point */
        double dl = log(m[t].span_s / m[LOA_TONE_NGANG].span_s) -
                    log(set.tone[u].len / set.tone[LOA_TONE_NGANG].len);
        double d = distance(m[t].st, off, tmpl[u]) + 16 * dl * dl;
        /* a glottal break is heard or not: a 12 dB dip weighs as 2 semitones off */
        int broken = set.tone[u].break_b > set.tone[u].break_a;
        if (broken != (m[t].dip_db >= 12))
          d += 4;
        if (d < dbest)
          dbest = d, best = u;
      }
      printf("%-15s %-5s [%5.1f %5.1f %5.1f %5.1f %5.1f] st  %3.0f ms (voiced %3.0f)  dip %4.1f dB"
             "  tail %4.1f dB  -> %s\n", vo->name, loa_tone_name(t), m[t].st[0], m[t].st[1],
             m[t].st[2], m[t].st[3], m[t].st[4], 1000 * m[t].span_s, 1000 * m[t].voiced_s,
             m[t].dip_db, m[t].tail_db, loa_tone_name(best));
      assert_true(best == t || same_shape(&set.tone[best], &set.tone[t]));
    }
    const measured *ngang = &m[LOA_TONE_NGANG], *nang = &m[LOA_TONE_NANG];
    assert_true(nang->span_s <= 0.70 * ngang->span_s);           /* nặng short */
    assert_true(nang->tail_db >= 20 && !nang->revoiced);          /* glottal closure */
    const measured *huyen = &m[LOA_TONE_HUYEN], *sac = &m[LOA_TONE_SAC];
    assert_true(huyen->st[1] <= huyen->st[0] + 0.3 && huyen->st[4] < huyen->st[0] - 2);
    assert_true(sac->st[4] > sac->st[0] + 3);
    if (!strcmp(vo->tones, "north"))
      assert_true(m[LOA_TONE_NGA].dip_db >= 12);                  /* ngã's glottal break */
  }
  loa_voices_free(&vs);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_six_tones_every_voice),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  loa_synth_terminate();
  return rc;
}
