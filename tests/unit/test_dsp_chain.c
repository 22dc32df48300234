/* test_dsp_chain.c: the effect chain moves any amount of audio in bounded blocks, gives the same
 * samples however the input is cut into pushes, stops when the sink says so, refuses effects whose
 * rates do not join, and the whole final chain started in silence gives the same samples as the
 * same stretch of a longer run (what parallel workers rely on). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>

#include "dsp_testutil.h"

#define RATE 22050.0

/* highpass -> loudspeaker band and compressor -> gain -> limiter -> resample to 44.1 kHz */
static loa_chain *final_chain(tu_buf *out, int with_fade, size_t total_out)
{
  loa_chain *c = loa_chain_new(tu_sink, out);
  assert_int_equal(loa_chain_add(c, loa_highpass_new(RATE, 70.0)), LOA_DSP_OK);
  assert_int_equal(loa_chain_add(c, loa_bandpass_new(RATE, 180.0, 7000.0)), LOA_DSP_OK);
  assert_int_equal(loa_chain_add(c, loa_compressor_new(RATE, -22.0, 3.0, 5.0, 120.0, 4.0)), LOA_DSP_OK);
  assert_int_equal(loa_chain_add(c, loa_gain_new(RATE, 9.0)), LOA_DSP_OK);
  assert_int_equal(loa_chain_add(c, loa_limiter_new(RATE, -1.5, 5.0, 80.0)), LOA_DSP_OK);
  assert_int_equal(loa_chain_add(c, loa_resample_new(RATE, 44100.0, 2)), LOA_DSP_OK);
  if (with_fade)
    assert_int_equal(loa_chain_add(c, loa_fade_new(44100.0, 30.0, 300.0, total_out)), LOA_DSP_OK);
  return c;
}

static float *run_final(const float *x, size_t n, const size_t *blocks, size_t nblocks, size_t *m)
{
  tu_buf out = {0};
  loa_chain *c = final_chain(&out, 1, 2 * n);
  size_t i = 0, k = 0;
  while (i < n) {
    size_t b = nblocks ? blocks[k++ % nblocks] : n;
    if (b > n - i)
      b = n - i;
    assert_int_equal(loa_chain_push(c, x + i, b), LOA_DSP_OK);
    i += b;
  }
  assert_int_equal(loa_chain_finish(c), LOA_DSP_OK);
  loa_chain_free(c);
  *m = out.n;
  return out.pcm;
}

static void test_push_sizes_do_not_matter(void **state)
{
  size_t n = (size_t)(20 * RATE), m1, m2, m3;
  float *x = tu_speechlike(n, RATE, 21, 0.4);
  const size_t odd[] = {1, 7, 4095, 4096, 4097, 13, 10007, 2, 333};
  const size_t small[] = {64};
  float *a = run_final(x, n, NULL, 0, &m1);
  float *b = run_final(x, n, odd, sizeof odd / sizeof odd[0], &m2);
  float *d = run_final(x, n, small, 1, &m3);
  assert_int_equal(m1, 2 * n);
  assert_int_equal(m2, 2 * n);
  assert_int_equal(m3, 2 * n);
  assert_memory_equal(a, b, m1 * sizeof *a);
  assert_memory_equal(a, d, m1 * sizeof *a);
  free(x);
  free(a);
  free(b);
  free(d);
}

typedef struct {
  size_t calls, largest, total, abort_after;
} counting;

static int counting_sink(const float *pcm, size_t n, void *user)
{
  counting *s = user;
  s->calls++;
  s->total += n;
  if (n > s->largest)
    s->largest = n;
  return s->abort_after && s->total >= s->abort_after;
}

/* Three minutes pushed at once reach the sink in blocks of at most 4096 frames. */
static void test_memory_is_bounded(void **state)
{
  size_t n = (size_t)(180 * RATE);
  float *x = tu_speechlike(n, RATE, 5, 0.3);
  counting s = {0};
  loa_chain *c = loa_chain_new(counting_sink, &s);
  loa_chain_add(c, loa_highpass_new(RATE, 70.0));
  loa_chain_add(c, loa_limiter_new(RATE, -1.5, 5.0, 80.0));
  loa_chain_add(c, loa_resample_new(RATE, 44100.0, 4));
  assert_int_equal(loa_chain_push(c, x, n), LOA_DSP_OK);
  assert_int_equal(loa_chain_finish(c), LOA_DSP_OK);
  loa_chain_free(c);
  printf("  %zu frames in %zu sink calls, largest %zu\n", s.total, s.calls, s.largest);
  assert_int_equal(s.total, 2 * n);
  assert_true(s.largest <= 4096);
  assert_true(s.calls >= 2 * n / 4096);
  free(x);
}

static void test_sink_abort_is_sticky(void **state)
{
  size_t n = 100000;
  float *x = tu_speechlike(n, RATE, 6, 0.3);
  counting s = {.abort_after = 10000};
  loa_chain *c = loa_chain_new(counting_sink, &s);
  loa_chain_add(c, loa_gain_new(RATE, -3.0));
  assert_int_equal(loa_chain_push(c, x, n), LOA_DSP_EABORT);
  size_t calls = s.calls;
  assert_true(s.total < n);
  assert_int_equal(loa_chain_push(c, x, 10), LOA_DSP_EABORT);
  assert_int_equal(loa_chain_finish(c), LOA_DSP_EABORT);
  assert_int_equal(s.calls, calls);
  loa_chain_free(c);
  free(x);
}

static void test_rates_must_join(void **state)
{
  counting s = {0};
  loa_chain *c = loa_chain_new(counting_sink, &s);
  assert_int_equal(loa_chain_add(c, loa_resample_new(RATE, 44100.0, 2)), LOA_DSP_OK);
  assert_int_equal(loa_chain_add(c, loa_gain_new(RATE, 0.0)), LOA_DSP_EARG);
  assert_int_equal(loa_chain_add(c, loa_gain_new(44100.0, 0.0)), LOA_DSP_OK);
  assert_int_equal(loa_chain_add(c, NULL), LOA_DSP_EARG);
  loa_chain_free(c);
  assert_null(loa_chain_new(NULL, NULL));
  /* a chain without effects hands the input straight to the sink */
  c = loa_chain_new(counting_sink, &s);
  float x[5] = {0};
  assert_int_equal(loa_chain_push(c, x, 5), LOA_DSP_OK);
  assert_int_equal(loa_chain_finish(c), LOA_DSP_OK);
  assert_int_equal(s.total, 5);
  loa_chain_free(c);
}

/* [speech 1.5 s, ending loud][pause][speech 1.5 s], cut inside the pause: rendering from the cut on, from a fresh
 * chain, gives the same samples as the whole run from there; rendering up to the cut gives the
 * start of the whole run. SILENCE_BEFORE is the pause before the cut. */
static int part_equals_whole(double silence_before, double silence_after)
{
  size_t a = (size_t)(1.5 * RATE), p1 = (size_t)(silence_before * RATE),
         p2 = (size_t)(silence_after * RATE), n = 2 * a + p1 + p2, cut = a + p1, m1, m2, m3;
  float *x = calloc(n, sizeof *x);
  float *s1 = tu_speechlike(a, RATE, 31, 0.6), *s2 = tu_speechlike(a, RATE, 32, 0.6);
  memcpy(x, s1, a * sizeof *x);
  for (size_t i = a - a / 10; i < a; i++)    /* the first part ends loud and abruptly */
    x[i] = (float)(0.9 * sin(2.0 * M_PI * 310.0 * (double)i / RATE));
  memcpy(x + cut + p2, s2, a * sizeof *x);
  tu_buf w = {0}, h = {0}, t = {0};
  loa_chain *c = final_chain(&w, 0, 0);
  loa_chain_push(c, x, n);
  loa_chain_finish(c);
  loa_chain_free(c);
  c = final_chain(&h, 0, 0);
  loa_chain_push(c, x, cut);
  loa_chain_finish(c);
  loa_chain_free(c);
  c = final_chain(&t, 0, 0);
  loa_chain_push(c, x + cut, n - cut);
  loa_chain_finish(c);
  loa_chain_free(c);
  m1 = w.n, m2 = h.n, m3 = t.n;
  int same = m1 == 2 * n && m2 == 2 * cut && m3 == 2 * (n - cut) &&
             memcmp(w.pcm, h.pcm, m2 * sizeof(float)) == 0 &&
             memcmp(w.pcm + 2 * cut, t.pcm, m3 * sizeof(float)) == 0;
  free(x);
  free(s1);
  free(s2);
  free(w.pcm);
  free(h.pcm);
  free(t.pcm);
  return same;
}

static void test_part_started_in_silence_equals_whole(void **state)
{
  /* a 900 ms paragraph pause cut in the middle */
  assert_true(part_equals_whole(0.45, 0.45));
  /* and the shortest silence before the cut that works */
  double s = 0.0;
  while (s < 1.0 && !part_equals_whole(s, 0.03))
    s += 0.02;
  printf("  the final chain forgets its past after %.0f ms of silence (to 20 ms)\n", s * 1000.0 + 30.0);
  assert_true(s <= 0.45);
  /* (the test can fail: a cut where the speech goes on does not give the same samples) */
  assert_false(part_equals_whole(0.0, 0.0));
  assert_false(part_equals_whole(0.1, 0.03));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_push_sizes_do_not_matter),
      cmocka_unit_test(test_memory_is_bounded),
      cmocka_unit_test(test_sink_abort_is_sticky),
      cmocka_unit_test(test_rates_must_join),
      cmocka_unit_test(test_part_started_in_silence_equals_whole),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
