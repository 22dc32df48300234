/* mp3_speed.c: how fast loa's MP3 encoder runs at each LAME quality, and what each costs in fidelity.
 *
 * Encodes a mono WAV (any rate MPEG has; made e.g. with
 *   espeak-ng -v vi -f text.txt -w speech22.wav && sox speech22.wav -r 44100 speech.wav)
 * with loa_mp3enc at the given LAME qualities (CBR 96 kbps unless -b/-V), times
 * it on the process CPU clock, decodes the result (libsndfile, gapless) and
 * reports: CPU seconds, times real time, size, level change and the
 * signal-to-difference ratio of decoded vs input (a coarse, non-perceptual
 * figure: higher is closer).
 *
 * Build from the top of the tree after the normal build:
 *   cc -O2 -I. bench/mp3_speed.c build/pipeline/libloa_pipeline.a -lmp3lame -lsndfile -lm \
 *      -o build/mp3_speed
 * Run: build/mp3_speed speech.wav [-b KBPS | -V N] [-r REPEAT] Q...
 */
#define _GNU_SOURCE
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pipeline/mp3.h"

static double cpu_now(void)
{
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

static float *read_wav(const char *path, size_t *n, int *rate)
{
  SF_INFO info = {0};
  SNDFILE *f = sf_open(path, SFM_READ, &info);
  if (!f || info.channels != 1) {
    fprintf(stderr, "mp3_speed: %s: need a mono sound file\n", path);
    exit(2);
  }
  float *x = malloc((size_t)info.frames * sizeof *x);
  *n = (size_t)sf_readf_float(f, x, info.frames);
  *rate = info.samplerate;
  sf_close(f);
  return x;
}

int main(int argc, char **argv)
{
  loa_mp3_settings s;
  loa_mp3_settings_default(&s);
  int repeat = 1, opt;
  while ((opt = getopt(argc, argv, "b:V:r:")) != -1) {
    if (opt == 'b')
      s.bitrate_kbps = atoi(optarg);
    else if (opt == 'V')
      s.vbr = 1, s.vbr_quality = atoi(optarg);
    else if (opt == 'r')
      repeat = atoi(optarg);
  }
  if (optind + 1 >= argc) {
    fprintf(stderr, "usage: mp3_speed FILE.wav [-b KBPS | -V N] [-r REPEAT] QUALITY...\n");
    return 2;
  }
  size_t n;
  float *x = read_wav(argv[optind], &n, &s.samplerate);
  double seconds = (double)n / s.samplerate, energy = 0;
  for (size_t i = 0; i < n; i++)
    energy += (double)x[i] * x[i];
  printf("%s: %.1f s at %d Hz, %s\n", argv[optind], seconds, s.samplerate,
         s.vbr ? "VBR" : "CBR");
  printf("quality  cpu_s   x_realtime  kbytes  level_dB  snr_dB\n");
  for (int a = optind + 1; a < argc; a++) {
    s.quality = atoi(argv[a]);
    char path[] = "/tmp/mp3_speed-XXXXXX";
    int fd = mkstemp(path);
    double best = 1e30;
    for (int r = 0; r < repeat; r++) {
      FILE *out = fopen(path, "wb");
      double t0 = cpu_now();
      loa_mp3enc *e = loa_mp3enc_new(&s, out);
      if (!e) {
        fprintf(stderr, "mp3_speed: bad settings\n");
        return 2;
      }
      for (size_t i = 0; i < n; i += 4096)
        loa_mp3enc_add(e, x + i, n - i < 4096 ? n - i : 4096);
      loa_mp3enc_finish(e, NULL);
      loa_mp3enc_free(e);
      fclose(out);
      double t = cpu_now() - t0;
      best = t < best ? t : best;
    }
    /* wrap the raw frames into a file a decoder knows the length of */
    char mp3[64];
    snprintf(mp3, sizeof mp3, "%s.mp3", path);
    loa_mp3_segment seg = {path, n, NULL};
    char err[256];
    if (loa_mp3_assemble(mp3, NULL, &seg, 1, &s, err, sizeof err) != LOA_MP3_OK) {
      fprintf(stderr, "mp3_speed: %s\n", err);
      return 1;
    }
    size_t m;
    int rate;
    float *y = read_wav(mp3, &m, &rate);
    double out_energy = 0, diff = 0;
    for (size_t i = 0; i < n && i < m; i++) {
      out_energy += (double)y[i] * y[i];
      diff += ((double)y[i] - x[i]) * ((double)y[i] - x[i]);
    }
    FILE *f = fopen(mp3, "rb");
    fseek(f, 0, SEEK_END);
    long bytes = ftell(f);
    fclose(f);
    printf("%7d  %6.2f  %10.0f  %6ld  %+8.2f  %6.1f%s\n", s.quality, best, seconds / best,
           bytes / 1024, 10 * log10(out_energy / energy), 10 * log10(energy / diff),
           m == n ? "" : "  (length differs!)");
    free(y);
    unlink(mp3);
    unlink(path);
    close(fd);
  }
  free(x);
  return 0;
}
