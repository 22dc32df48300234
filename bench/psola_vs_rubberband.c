/* psola_vs_rubberband.c: loa's TD-PSOLA against librubberband for giving eSpeak NG's flat
 * voice its tones (bench, not a test; built only where librubberband-dev is installed).
 *
 * usage: build/bench/psola_vs_rubberband [seconds]
 *
 * Both get the same job: eSpeak NG's northern voice, spoken flat (pitch range 0), must
 * follow a tone-like F0 contour (a 5 Hz sine of +-4 semitones, sharper than any tone, on
 * a 0.7 Hz one of +-2, around 1.1 times its own pitch) at unchanged length. Measured on the output, with the
 * tests' own tracker (tests/unit/yin.h): the F0 error against the wanted contour
 * (median and 90th percentile, semitones, voiced frames; at the delay that fits each
 * best), how often a frame is off by more than a semitone; and the CPU time per second
 * of audio (the time to score it is not counted). Rubberband runs in its
 * real-time mode (the pitch scale may change every 256 samples), with its R2 ("faster")
 * and R3 ("finer") engines, formants preserved.
 */
#include <espeak-ng/speak_lib.h>
#include <math.h>
#include <rubberband/rubberband-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/unit/yin.h"
#include "tts/psola.h"
#include "tts/shape.h"

#define RATE 22050
#define BLOCK 256
#define TEXT "ủy ban nhân dân xã thông báo lịch tiêm phòng cúm gia cầm đợt hai năm hai nghìn " \
             "không trăm hai mươi sáu trên địa bàn xã đề nghị các hộ chăn nuôi chủ động phối hợp " \
             "với thú y viên các thôn để tiêm phòng đầy đủ cho đàn vật nuôi theo đúng lịch "

static int16_t *pcm;
static size_t npcm, cap;

static int collect(short *w, int n, espeak_EVENT *e)
{
  (void)e;
  if (w && n > 0) {
    if (npcm + (size_t)n > cap) {
      cap = (npcm + (size_t)n) * 2;
      pcm = realloc(pcm, cap * sizeof *pcm);
    }
    memcpy(pcm + npcm, w, (size_t)n * sizeof *w);
    npcm += (size_t)n;
  }
  return 0;
}

static double cpu(void)
{
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

static double wanted_hz(double base, double t)
{
  return base * 1.1 * pow(2, (4 * sin(2 * M_PI * 5 * t) + 2 * sin(2 * M_PI * 0.7 * t)) / 12);
}

static int cmp(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Median F0 error (semitones) of frames FR[0..NF) against the wanted contour DELAY
 * samples late; the errors in ERR (sorted), their number in *K, over a semitone in *OFF. */
static double errors(const yin_frame *fr, size_t nf, double base, double delay, double *err,
                     size_t *k, int *off)
{
  *k = 0, *off = 0;
  for (size_t i = 0; i < nf; i++) {
    if (fr[i].f0 <= 0 || fr[i].rms < 300)
      continue;
    double e = fabs(yin_semitones(fr[i].f0, wanted_hz(base, fr[i].t - delay / RATE)));
    err[(*k)++] = e;
    *off += e > 1;
  }
  qsort(err, *k, sizeof *err, cmp);
  return *k ? err[*k / 2] : INFINITY;
}

/* F0 error of OUT[0..N) against the wanted contour, at the delay (up to 0.5 s) that
 * fits best (rubberband's stated latency is not where its pitch changes land). */
static void score(const char *name, const int16_t *out, size_t n, double base, double cpu_s)
{
  size_t cap = n / 220 + 1, k, best_k = 0;
  yin_frame *fr = malloc(cap * sizeof *fr);
  size_t nf = yin_track(out, n, RATE, 0, n, 0.01, 60, 400, fr, cap);
  double *err = malloc(nf * sizeof *err), best = INFINITY, best_d = 0;
  int off, best_off = 0;
  for (double d = 0; d <= 0.5 * RATE; d += 22) {
    double med = errors(fr, nf, base, d, err, &k, &off);
    if (med < best)
      best = med, best_d = d, best_k = k, best_off = off;
  }
  errors(fr, nf, base, best_d, err, &k, &off);
  printf("%-24s delay %3.0f ms; F0 error median %.2f st, 90%% %.2f st, frames off by >1 st "
         "%4.1f%%; CPU %.2f ms per second of audio (%.0fx real time)\n", name,
         1000 * best_d / RATE, err[best_k / 2], err[best_k * 9 / 10], 100.0 * best_off / (double)best_k,
         1000 * cpu_s / ((double)npcm / RATE), ((double)npcm / RATE) / cpu_s);
  free(err);
  free(fr);
}

static void run_rubberband(const char *name, RubberBandOptions opt, double base, double period)
{
  double t0 = cpu();
  RubberBandState rb = rubberband_new(RATE, 1, opt | RubberBandOptionProcessRealTime |
                                      RubberBandOptionFormantPreserved |
                                      RubberBandOptionPitchHighConsistency, 1.0, 1.0);
  rubberband_set_max_process_size(rb, BLOCK);
  int16_t *out = calloc(npcm + RATE, sizeof *out);
  size_t got = 0;
  float in[BLOCK], o[BLOCK * 4];
  for (size_t i = 0; i < npcm; i += BLOCK) {
    size_t m = npcm - i < BLOCK ? npcm - i : BLOCK;
    for (size_t j = 0; j < m; j++)
      in[j] = pcm[i + j] / 32768.0f;
    rubberband_set_pitch_scale(rb, wanted_hz(base, (double)i / RATE) / (RATE / period));
    const float *ptr = in;
    rubberband_process(rb, &ptr, (unsigned)m, i + m >= npcm);
    int av;
    while ((av = rubberband_available(rb)) > 0) {
      float *op = o;
      unsigned r = rubberband_retrieve(rb, &op, av > BLOCK * 4 ? BLOCK * 4 : (unsigned)av);
      for (unsigned j = 0; j < r && got < npcm + RATE; j++)
        out[got++] = (int16_t)lrintf(fmaxf(-32768, fminf(32767, o[j] * 32768)));
    }
  }
  rubberband_delete(rb);
  double used = cpu() - t0;
  score(name, out, got, base, used);
  free(out);
}

int main(int argc, char **argv)
{
  double want_s = argc > 1 ? atof(argv[1]) : 30;
  espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, NULL, 0);
  espeak_SetSynthCallback(collect);
  espeak_SetVoiceByName("vi");
  espeak_SetParameter(espeakRANGE, 0, 0);
  espeak_SetParameter(espeakPITCH, 45, 0);
  while ((double)npcm / RATE < want_s) {
    espeak_Synth(TEXT, strlen(TEXT) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, NULL);
    espeak_Synchronize();
  }
  double period = loa_shape_period(pcm, npcm, RATE), base = RATE / period;
  printf("%.1f s of eSpeak NG's flat northern voice at %.1f Hz\n", (double)npcm / RATE, base);

  /* loa: marks and TD-PSOLA, the contour as a curve every 5 ms */
  double t0 = cpu();
  loa_marks m = {0};
  loa_marks_find(pcm, npcm, period, &m);
  size_t nk = npcm / 110 + 2;
  float *at = malloc(nk * sizeof *at), *hz = malloc(nk * sizeof *hz);
  for (size_t i = 0; i < nk; i++) {
    at[i] = (float)(i * 110);
    hz[i] = (float)wanted_hz(base, i * 110.0 / RATE);
  }
  loa_psola_plan plan = {.rate = RATE, .f0 = {at, hz, nk}};
  loa_psola_out out = {0};
  loa_psola_render(pcm, npcm, &m, period, &plan, &out);
  double used = cpu() - t0;
  score("loa TD-PSOLA", out.pcm, out.n, base, used);
  loa_psola_out_free(&out);
  loa_marks_free(&m);
  free(at);
  free(hz);

  run_rubberband("rubberband R2 (faster)", RubberBandOptionEngineFaster, base, period);
  run_rubberband("rubberband R3 (finer)", RubberBandOptionEngineFiner, base, period);
  free(pcm);
  return 0;
}
