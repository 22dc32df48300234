/* test_intonation.c: the phrase, measured on what every voice says with an independent F0
 * tracker (yin.h): F0 falls through each breath group; the pitch is reset at a new
 * sentence by at least 1.5 semitones and more than after a comma or a breath; a
 * sentence's last syllable is 20-40% longer than the same syllable inside it, and lower;
 * a question ends higher than a statement. */
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

#define MAXF 2000
#define EDGE_S 0.4


typedef struct {
  double slope;            /* semitones per second, regression over voiced frames */
  double start, end;       /* median of the first and last EDGE_S of voice, semitones */
  double last_s;           /* the last syllable's length */
  double last_end;         /* F0 at the end of the last syllable's voice, semitones */
  loa_span sp[64];
  size_t nsp;
} group;

static double median_of(double *v, size_t n)
{
  qsort(v, n, sizeof *v, cmp_double);
  return n ? v[n / 2] : NAN;
}

/* Say TEXT standing at PH and measure it, semitones over F0. */
static group say(const char *text, loa_edge before, loa_edge after, int commas, int breaths,
                 char tune, double f0)
{
  loa_phrase ph = {before, after, commas, breaths, tune};
  pcm_buf b = {0};
  assert_int_equal(loa_synth_speak_phrase(text, &ph, pcm_collect, &b), LOA_SYNTH_OK);
  group g = {0};
  g.nsp = loa_synth_syllables(g.sp, 64);
  double rate = loa_synth_sample_rate();
  yin_frame fr[MAXF];
  size_t k = yin_track(b.pcm, b.n, rate, 0, b.n, 0.01, f0 / 2, f0 * 2.5, fr, MAXF);
  double sx = 0, sy = 0, sxx = 0, sxy = 0, first[64], last[64];
  size_t nv = 0, nf = 0, nl = 0;
  double t0 = -1, t1 = -1;
  for (size_t i = 0; i < k; i++)
    if (fr[i].f0 > 0) {
      t0 = t0 < 0 ? fr[i].t : t0;
      t1 = fr[i].t;
    }
  for (size_t i = 0; i < k; i++) {
    if (fr[i].f0 <= 0)
      continue;
    double s = yin_semitones(fr[i].f0, f0), t = fr[i].t;
    sx += t, sy += s, sxx += t * t, sxy += t * s;
    nv++;
    if (t < t0 + EDGE_S && nf < 64)
      first[nf++] = s;
    if (t > t1 - EDGE_S && nl < 64)
      last[nl++] = s;
  }
  g.slope = (nv * sxy - sx * sy) / (nv * sxx - sx * sx);
  g.start = median_of(first, nf);
  g.end = median_of(last, nl);
  loa_span z = g.sp[g.nsp - 1];
  g.last_s = (z.end - z.start) / rate;
  double tail[16];
  size_t nt = 0;
  for (size_t i = 0; i < k; i++)
    if (fr[i].f0 > 0 && fr[i].t >= t1 - 0.06 && nt < 16)
      tail[nt++] = yin_semitones(fr[i].f0, f0);
  g.last_end = median_of(tail, nt);
  free(b.pcm);
  return g;
}

static void test_phrase_every_voice(void **state)
{
  (void)state;
  loa_voices vs;
  char err[512];
  assert_int_equal(loa_voices_load(&vs, NULL, err, sizeof err), LOA_VOICES_OK);
  for (size_t v = 0; v < vs.n; v++) {
    const loa_voice *vo = &vs.v[v];
    assert_int_equal(loa_synth_init(vo->name, 0, err, sizeof err), LOA_SYNTH_OK);
    /* a sentence in three groups: a breath, a comma, a full stop; then a new sentence. All
     * ngang (level) syllables: what moves the pitch is the phrase, not the tones */
    group a = say("hôm nay ban chăn nuôi thôn đông thông tin cho nhân dân trong thôn",
                  LOA_EDGE_PARAGRAPH, LOA_EDGE_BREATH, 0, 0, '.', vo->f0);
    group b = say("trên sông hương thôn tây", LOA_EDGE_BREATH, LOA_EDGE_COMMA, 0, 1, '.', vo->f0);
    group c = say("xin nhân dân chăn nuôi thêm ba", LOA_EDGE_COMMA, LOA_EDGE_SENTENCE, 1, 1, '.',
                  vo->f0);
    group d = say("hôm nay ba thôn xin thêm phân bông", LOA_EDGE_SENTENCE, LOA_EDGE_SENTENCE, 0, 0,
                  '.', vo->f0);
    group q = say("hôm nay ba thôn xin thêm phân bông", LOA_EDGE_SENTENCE, LOA_EDGE_SENTENCE, 0, 0,
                  '?', vo->f0);
    double breath = b.start - a.end, comma = c.start - b.end, sentence = d.start - c.end;
    /* "ba" ends the sentence in c and stands inside it in d */
    double inside = (d.sp[2].end - d.sp[2].start) / (double)loa_synth_sample_rate();
    double lengthening = c.last_s / inside;
    printf("%-15s slopes %+.2f %+.2f %+.2f %+.2f st/s; resets breath %+.1f comma %+.1f sentence "
           "%+.1f st; last syllable %.2fx; question ends %+.1f st over a statement\n",
           vo->name, a.slope, b.slope, c.slope, d.slope, breath, comma, sentence, lengthening,
           q.last_end - d.last_end);
    assert_true(a.slope < 0 && b.slope < 0 && c.slope < 0 && d.slope < 0);
    assert_true(sentence >= 1.5);
    assert_true(sentence > comma && sentence > breath);
    assert_true(lengthening >= 1.2 && lengthening <= 1.4);
    assert_true(q.last_end - d.last_end >= 2.0);
  }
  loa_voices_free(&vs);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_phrase_every_voice),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  loa_synth_terminate();
  return rc;
}
