/* dsp_speed.c: speed of each DSP effect and of the loudness meter, in x real time (bench, not a test).
 *
 * Runs every effect alone over the same minute of speech-like signal at
 * 22,050 Hz, brought to -16 LUFS as in a build (the resampler goes to 44.1 kHz
 * at each quality), pushed in blocks of 4096 frames through a chain, best of
 * five runs (process CPU time), and prints the speed as a multiple of real
 * time. The limiter is also timed on the signal 10 dB hotter (limiting most of
 * the time). usage: build/bench/dsp_speed [seconds]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pipeline/dsp.h"
#include "pipeline/loudness.h"

#define RATE 22050.0

static int sink(const float *pcm, size_t n, void *user)
{
  double *acc = user;
  for (size_t i = 0; i < n; i += 97)
    *acc += pcm[i];
  return 0;
}

static double now(void)
{
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

/* Speech-like: harmonic bursts with gaps, deterministic, peaks around +3 dBFS. */
static float *signal(size_t n)
{
  float *x = calloc(n, sizeof *x);
  unsigned s = 1;
  size_t i = 0;
  while (i < n) {
    s = s * 1103515245u + 12345u;
    size_t len = (size_t)(RATE * (0.08 + 0.3 * (s >> 16) / 65536.0));
    double f0 = 120.0 + 100.0 * ((s >> 8) & 255) / 255.0;
    for (size_t k = 0; k < len && i + k < n; k++) {
      double t = k / RATE, v = 0.0;
      for (int h = 1; h <= 12; h++)
        v += sin(2 * M_PI * h * f0 * t + h) / h;
      x[i + k] = (float)(0.8 * sin(M_PI * k / len) * v);
    }
    i += len + (size_t)(RATE * 0.05);
  }
  return x;
}

typedef loa_effect *(*maker)(int arg);
static loa_effect *mk_highpass(int a) { return loa_highpass_new(RATE, 70.0); }
static loa_effect *mk_bandpass(int a) { return loa_bandpass_new(RATE, 180.0, 7000.0); }
static loa_effect *mk_compressor(int a) { return loa_compressor_new(RATE, -24.0, 3.0, 5.0, 120.0, 0.0); }
static loa_effect *mk_gain(int a) { return loa_gain_new(RATE, 3.0); }
static loa_effect *mk_limiter(int a) { return loa_limiter_new(RATE, -1.5, 5.0, 80.0); }
static loa_effect *mk_fade(int a) { return loa_fade_new(RATE, 50.0, 500.0, (size_t)-1); }
static loa_effect *mk_resample(int q) { return loa_resample_new(RATE, 44100.0, q); }

static loa_effect *mk_limiter44(int a) { return loa_limiter_new(44100.0, -1.5, 5.0, 80.0); }

typedef struct {
  float *p;
  size_t n;
} buffer;

static int collect(const float *pcm, size_t n, void *user)
{
  buffer *b = user;
  b->p = realloc(b->p, (b->n + n) * sizeof *b->p);
  memcpy(b->p + b->n, pcm, n * sizeof *pcm);
  b->n += n;
  return 0;
}

static double run(maker mk, int arg, const float *x, size_t n)
{
  double best = 1e9, acc = 0.0;
  for (int rep = 0; rep < 5; rep++) {
    loa_chain *c = loa_chain_new(sink, &acc);
    loa_chain_add(c, mk(arg));
    double t0 = now();
    for (size_t i = 0; i < n; i += 4096)
      loa_chain_push(c, x + i, n - i < 4096 ? n - i : 4096);
    loa_chain_finish(c);
    double t = now() - t0;
    loa_chain_free(c);
    if (t < best)
      best = t;
  }
  return best;
}

static double run_meter(int tp, const float *x, size_t n)
{
  double best = 1e9;
  for (int rep = 0; rep < 5; rep++) {
    loa_meter *m = loa_meter_new(RATE, tp);
    double t0 = now();
    for (size_t i = 0; i < n; i += 4096)
      loa_meter_add(m, x + i, n - i < 4096 ? n - i : 4096);
    volatile double l = loa_meter_integrated(m);
    (void)l;
    double t = now() - t0;
    loa_meter_free(m);
    if (t < best)
      best = t;
  }
  return best;
}

int main(int argc, char **argv)
{
  double seconds = argc > 1 ? atof(argv[1]) : 60.0;
  size_t n = (size_t)(seconds * RATE);
  float *x = signal(n);
  loa_meter *m = loa_meter_new(RATE, 0);
  loa_meter_add(m, x, n);
  double g = pow(10.0, (-16.0 - loa_meter_integrated(m)) / 20.0);
  loa_meter_free(m);
  for (size_t i = 0; i < n; i++)
    x[i] *= (float)g;
  float *hot = malloc(n * sizeof *hot);
  for (size_t i = 0; i < n; i++)
    hot[i] = x[i] * 3.1622777f;
  struct { const char *name; maker mk; int arg; } fx[] = {
      {"highpass 70 Hz", mk_highpass, 0},      {"bandpass 180-7000 Hz", mk_bandpass, 0},
      {"compressor", mk_compressor, 0},        {"gain", mk_gain, 0},
      {"limiter (true peak)", mk_limiter, 0},  {"fade", mk_fade, 0},
      {"resample q0 best", mk_resample, 0},    {"resample q1 medium", mk_resample, 1},
      {"resample q2 fastest", mk_resample, 2}, {"resample q3 zoh", mk_resample, 3},
      {"resample q4 linear", mk_resample, 4},
  };
  printf("%.0f s of speech-like signal at %.0f Hz, -16 LUFS, blocks of 4096, best of 5, CPU time\n",
         seconds, RATE);
  for (size_t i = 0; i < sizeof fx / sizeof fx[0]; i++) {
    double t = run(fx[i].mk, fx[i].arg, x, n);
    printf("  %-24s %9.0f x real time  (%6.1f ns/frame)\n", fx[i].name, seconds / t, t / n * 1e9);
  }
  double t = run(mk_limiter, 0, hot, n);
  printf("  %-24s %9.0f x real time  (%6.1f ns/frame)\n", "limiter, 10 dB hotter", seconds / t,
         t / n * 1e9);
  buffer up = {0};
  loa_chain *c = loa_chain_new(collect, &up);
  loa_chain_add(c, loa_resample_new(RATE, 44100.0, 2));
  loa_chain_push(c, x, n);
  loa_chain_finish(c);
  loa_chain_free(c);
  t = run(mk_limiter44, 0, up.p, up.n);
  printf("  %-24s %9.0f x real time  (%6.1f ns/frame at 22,050)\n", "limiter at 44.1 kHz", seconds / t,
         t / n * 1e9);
  free(up.p);
  t = run_meter(0, x, n);
  printf("  %-24s %9.0f x real time  (%6.1f ns/frame)\n", "meter (integrated)", seconds / t, t / n * 1e9);
  t = run_meter(1, x, n);
  printf("  %-24s %9.0f x real time  (%6.1f ns/frame)\n", "meter (+ true peak)", seconds / t, t / n * 1e9);
  free(x);
  free(hot);
  return 0;
}
