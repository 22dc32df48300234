/* test_dsp_fade.c: the fades follow the raised cosine, last exactly as long as asked, and end on
 * the programme's last frame; frames past the end are silent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>

#include "dsp_testutil.h"

#define RATE 22050.0

/* A constant 1.0 through the fade shows the gain curve itself. */
static float *fade_curve(double in_ms, double out_ms, size_t total, size_t n, size_t block)
{
  float *x = malloc(n * sizeof *x), *y;
  size_t m;
  for (size_t i = 0; i < n; i++)
    x[i] = 1.0f;
  y = tu_run(loa_fade_new(RATE, in_ms, out_ms, total), x, n, block, &m);
  assert_int_equal(m, n);
  free(x);
  return y;
}

static void test_fade_shape_and_length(void **state)
{
  size_t total = 22050, a = 441, b = 2205;    /* 20 ms in, 100 ms out */
  float *g = fade_curve(20.0, 100.0, total, total, 1000);
  assert_true(g[0] == 0.0f);
  assert_true(g[total - 1] == 0.0f);
  size_t partial_in = 0, partial_out = 0;
  for (size_t i = 0; i < total; i++) {
    double want = 1.0;
    if (i < a)
      want = 0.5 - 0.5 * cos(M_PI * (double)i / (double)a);
    if (total - 1 - i < b)
      want = 0.5 - 0.5 * cos(M_PI * (double)(total - 1 - i) / (double)b);
    assert_true(fabs(g[i] - want) < 1e-6);
    if (g[i] > 0.0f && g[i] < 1.0f)
    {
      if (i < total / 2)
        partial_in++;
      else
        partial_out++;
    }
  }
  /* exactly a-1 and b-1 frames strictly between silence and full level */
  assert_int_equal(partial_in, a - 1);
  assert_int_equal(partial_out, b - 1);
  /* the middle is passed unchanged; fade-in and fade-out of one length are mirror images */
  for (size_t i = a; i < total - b; i++)
    assert_true(g[i] == 1.0f);
  free(g);
  g = fade_curve(50.0, 50.0, 8000, 8000, 77);
  for (size_t i = 0; i < 8000; i++)
    assert_true(g[i] == g[8000 - 1 - i]);
  free(g);
}

static void test_fade_past_total_is_silent(void **state)
{
  float *g = fade_curve(10.0, 10.0, 5000, 6000, 999);
  for (size_t i = 4999; i < 6000; i++)
    assert_true(g[i] == 0.0f);
  assert_true(g[4998] > 0.0f);
  free(g);
  g = fade_curve(10.0, 0.0, (size_t)-1, 6000, 999);    /* fade-in only, no end */
  assert_true(g[0] == 0.0f && g[220] < 1.0f && g[221] == 1.0f && g[5999] == 1.0f);
  free(g);
  g = fade_curve(0.0, 0.0, 100, 100, 0);    /* no fades: identity */
  for (size_t i = 0; i < 100; i++)
    assert_true(g[i] == 1.0f);
  free(g);
  assert_null(loa_fade_new(RATE, -1.0, 10.0, 100));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fade_shape_and_length),
      cmocka_unit_test(test_fade_past_total_is_silent),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
