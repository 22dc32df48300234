/* test_synth.c: eSpeak NG in-process: every Vietnamese voice speaks, at a level that leaves
 * headroom (no sample pinned at full scale by the engine's own saturation), with the silence
 * it adds around an utterance trimmed to a short margin. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tts/synth.h"

/* Loud, pitch-varied speech: numbers, questions and long vowels push the glottal
 * pulses highest. */
static const char *const TEXT =
    "kính thưa bà con nhân dân ủy ban nhân dân xã khẩn cấp thông báo bão số ba đang đổ bộ "
    "gió mạnh cấp mười hai giật cấp mười lăm lượng mưa từ hai trăm đến ba trăm mi li mét "
    "đề nghị bà con không ra khơi không đánh bắt hải sản ai ở vùng trũng thấp phải sơ tán ngay "
    "một hai ba bốn năm sáu bảy tám chín mười một trăm linh năm hai nghìn không trăm hai mươi sáu";

typedef struct {
  size_t n, first_loud, last_loud;
  int peak;
} stats;

static int on_pcm(const int16_t *pcm, size_t n, void *user)
{
  stats *s = user;
  for (size_t i = 0; i < n; i++) {
    int a = abs(pcm[i]);
    if (a > s->peak)
      s->peak = a;
    if (a > 1000) {
      if (!s->first_loud)
        s->first_loud = s->n + i + 1;
      s->last_loud = s->n + i + 1;
    }
  }
  s->n += n;
  return 0;
}

static void test_every_voice_has_headroom(void **state)
{
  const char *const *voices = loa_synth_voices();
  char err[256];
  for (int v = 0; voices[v]; v++) {
    assert_int_equal(loa_synth_init(voices[v], 0, err, sizeof err), LOA_SYNTH_OK);
    int rate = loa_synth_sample_rate();
    stats s = {0};
    assert_int_equal(loa_synth_speak(TEXT, on_pcm, &s), LOA_SYNTH_OK);
    printf("  %-8s %.1f s, peak %d (%.1f dBFS), speech from %.0f ms to %.0f ms before the end\n",
           voices[v], (double)s.n / rate, s.peak, 20 * log10(s.peak / 32768.0),
           1000.0 * s.first_loud / rate, 1000.0 * (s.n - s.last_loud) / rate);
    assert_true(s.n > (size_t)(10 * rate));
    assert_true(s.peak < 32000);          /* not saturated */
    assert_true(s.peak > 8000);           /* and not quiet */
    assert_true(s.first_loud < (size_t)(0.1 * rate));            /* leading silence trimmed */
    assert_true(s.n - s.last_loud < (size_t)(0.25 * rate));      /* trailing too */
  }
  loa_synth_terminate();
}

static void test_bad_voice_and_rate(void **state)
{
  char err[256];
  assert_int_equal(loa_synth_init("east", 0, err, sizeof err), LOA_SYNTH_EVOICE);
  assert_int_equal(loa_synth_init("north", 20, err, sizeof err), LOA_SYNTH_ERANGE);
  assert_non_null(strstr(err, "80-450"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_voice_has_headroom),
      cmocka_unit_test(test_bad_voice_and_rate),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
