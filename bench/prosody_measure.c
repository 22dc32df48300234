/* prosody_measure.c: how a bulletin sounds, measured on what loa renders (bench, not a test).
 *
 * usage: build/bench/prosody_measure [--voice V] [--preset P] [--rate WPM] [--tsv] FILE...
 *
 * Renders each FILE as `loa preview --wav` does (the processed audio the encoder gets) at
 * -16 LUFS and again at -40 LUFS, and measures:
 *   - breath: pause-free stretches (speech between silences of 150 ms or more): the
 *     longest, how many last over 6 s, the share of speech time in stretches over 5 s;
 *   - rate: syllables per second of speech and per second overall;
 *   - intonation, with an F0 tracker of its own (tests/unit/yin.h): the median F0
 *     slope within stretches of 1 s or more, in semitones per second; the median pitch
 *     reset from the end of one stretch to the start of the next (median F0 of the last
 *     and first 0.4 s of voice), by what parts them in the script (breath inside a
 *     clause, comma, sentence, paragraph or heading); the share of voiced frames within
 *     0.25 semitones of the most common pitch;
 *   - limiting: the -16 render over the -40 one, frame by frame (20 ms RMS): the median
 *     ratio is the gain between them, and a speech frame (within 30 dB of the loudest)
 *     is "limited" when its ratio is more than 3 dB under it; the share of such frames
 *     and the deepest reduction.
 * Stretches are matched to the script's utterances in order; a file where they do not
 * match in number has no reset figures.
 */
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pipeline/build.h"
#include "tests/unit/yin.h"

#define RATE 22050.0           /* F0 is tracked after halving the output's 44.1 kHz */
#define FRAME_S 0.010
#define GAP_S 0.150
#define SPEECH_DB 40.0         /* a frame this far under the loud frames is silence */
#define LIMIT_FRAME_S 0.020
#define LIMIT_DB 3.0
#define EDGE_S 0.4
#define MAXF 2000000

enum { K_BREATH, K_COMMA, K_SENTENCE, K_PARAGRAPH, K_KINDS };
static const char *const kind_names[K_KINDS] = {"breath", "comma", "sentence", "paragraph"};

typedef struct {
  double seconds, speech_s, longest_s, over5_s;
  int over6, syllables;
  double *slopes, *resets[K_KINDS];
  size_t nslopes, nresets[K_KINDS];
  double flat_frames, voiced_frames;
  double limited_frames, speech_frames, deepest_db;
  int stretches, utterances;
} totals;

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
  if (!n)
    return NAN;
  qsort(v, n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static void push(double **v, size_t *n, double x)
{
  *v = realloc(*v, (*n + 1) * sizeof **v);
  (*v)[(*n)++] = x;
}

/* The WAV at PATH, mono, as floats; *N frames, *SR its rate. */
static float *read_wav(const char *path, size_t *n, double *sr)
{
  SF_INFO info = {0};
  SNDFILE *f = sf_open(path, SFM_READ, &info);
  if (!f || info.channels != 1)
    return NULL;
  float *x = malloc((size_t)info.frames * sizeof *x);
  *n = (size_t)sf_readf_float(f, x, info.frames);
  *sr = info.samplerate;
  sf_close(f);
  return x;
}

static double db(double v) { return 20 * log10(v + 1e-12); }

static double frame_rms(const float *x, size_t a, size_t len)
{
  double e = 0;
  for (size_t i = a; i < a + len; i++)
    e += (double)x[i] * x[i];
  return sqrt(e / (double)len);
}

static int syllables(const char *s)
{
  int n = 0;
  for (const char *p = s; *p; p++)
    if (*p != ' ' && (p == s || p[-1] == ' '))
      n++;
  return n;
}

/* What follows utterance U in the script. */
static int kind_after(const loa_utterance *u)
{
  if (u->pause == LOA_PAUSE_COMMA)
    return u->mark ? K_COMMA : K_BREATH;
  return u->pause == LOA_PAUSE_SENTENCE ? K_SENTENCE : K_PARAGRAPH;
}

typedef struct {
  size_t a, b;                 /* frames of the stretch */
} stretch;

/* Speech stretches of X (frames of FRAME_S at SR): runs of frames within SPEECH_DB of
 * the loud ones, with gaps under GAP_S bridged. */
static size_t find_stretches(const float *x, size_t n, double sr, stretch *out, size_t cap)
{
  size_t fl = (size_t)(FRAME_S * sr), nf = n / fl;
  double *lv = malloc(nf * sizeof *lv), *sorted = malloc(nf * sizeof *sorted);
  for (size_t f = 0; f < nf; f++)
    sorted[f] = lv[f] = db(frame_rms(x, f * fl, fl));
  qsort(sorted, nf, sizeof *sorted, cmp_double);
  double floor_db = sorted[(size_t)(0.95 * (double)nf)] - SPEECH_DB;
  size_t k = 0, gap = (size_t)(GAP_S / FRAME_S);
  for (size_t f = 0; f < nf && k < cap;) {
    while (f < nf && lv[f] < floor_db)
      f++;
    if (f == nf)
      break;
    size_t a = f, last = f;
    while (f < nf) {
      if (lv[f] >= floor_db)
        last = f;
      else if (f - last >= gap)
        break;
      f++;
    }
    out[k++] = (stretch){a, last + 1};
  }
  free(lv);
  free(sorted);
  return k;
}

/* F0 frames of stretch S (frames of FRAME_S) in Y (at RATE). */
static size_t track(const int16_t *y, size_t ny, stretch s, double fmin, double fmax,
                    yin_frame *fr, size_t cap)
{
  size_t a = (size_t)(s.a * FRAME_S * RATE), b = (size_t)(s.b * FRAME_S * RATE);
  return yin_track(y, ny, RATE, a, b < ny ? b : ny, FRAME_S, fmin, fmax, fr, cap);
}

static double edge_pitch(const yin_frame *fr, size_t k, int last)
{
  double v[64];
  size_t n = 0;
  double t0 = last ? fr[k - 1].t - EDGE_S : fr[0].t + EDGE_S;
  for (size_t i = 0; i < k && n < 64; i++) {
    size_t j = last ? k - 1 - i : i;
    if (last ? fr[j].t < t0 : fr[j].t > t0)
      break;
    if (fr[j].f0 > 0)
      v[n++] = yin_semitones(fr[j].f0, 100);
  }
  return n >= 3 ? median(v, n) : NAN;
}

static void measure_file(const char *path, const loa_build_opts *base, double f0, totals *T)
{
  char wav16[] = "/tmp/loa-prosody-XXXXXX", wav40[] = "/tmp/loa-prosody-XXXXXX", err[512];
  int fd1 = mkstemp(wav16), fd2 = mkstemp(wav40);
  if (fd1 < 0 || fd2 < 0)
    return;
  loa_build_opts o = *base;
  loa_preview p16, p40;
  o.lufs = -16;
  int rc = loa_preview_file(path, &o, wav16, &p16, err, sizeof err);
  o.lufs = -40;
  if (!rc)
    rc = loa_preview_file(path, &o, wav40, &p40, err, sizeof err);
  if (rc) {
    fprintf(stderr, "%s: %s\n", path, err);
    exit(1);
  }
  size_t n16, n40;
  double sr;
  float *a = read_wav(wav16, &n16, &sr), *b = read_wav(wav40, &n40, &sr);
  unlink(wav16), unlink(wav40);
  size_t n = n16 < n40 ? n16 : n40;
  /* breath and rate */
  stretch *st = malloc(100000 * sizeof *st);
  size_t ns = find_stretches(b, n, sr, st, 100000);
  double speech = 0;
  for (size_t i = 0; i < ns; i++) {
    double d = (double)(st[i].b - st[i].a) * FRAME_S;
    speech += d;
    T->longest_s = d > T->longest_s ? d : T->longest_s;
    T->over5_s += d > 5 ? d : 0;
    T->over6 += d > 6;
  }
  T->speech_s += speech;
  T->seconds += (double)n / sr;
  for (size_t i = 0; i < p16.script.n; i++)
    T->syllables += syllables(p16.script.items[i].text);
  T->stretches += (int)ns;
  T->utterances += (int)p16.script.n;
  /* intonation, on the -40 render halved to 22,050 Hz */
  size_t ny = n / 2;
  int16_t *y = malloc(ny * sizeof *y);
  for (size_t i = 0; i < ny; i++) {
    double v = 0.5 * (b[2 * i] + b[2 * i + 1]) * 32768.0 * 10.0;   /* -40 LUFS: +20 dB */
    y[i] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
  }
  yin_frame *fr = malloc(MAXF * sizeof *fr);
  double prev_end = NAN, *hist = calloc(1200, sizeof *hist);
  int aligned = ns == p16.script.n;
  for (size_t i = 0; i < ns; i++) {
    size_t k = track(y, ny, st[i], f0 / 2, f0 * 2.5, fr, MAXF);
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    size_t nv = 0;
    for (size_t j = 0; j < k; j++) {
      if (fr[j].f0 <= 0)
        continue;
      double s = yin_semitones(fr[j].f0, 100);
      sx += fr[j].t, sy += s, sxx += fr[j].t * fr[j].t, sxy += fr[j].t * s;
      nv++;
      int bin = (int)lrint(s * 4);        /* quarter-semitone bins over 100 Hz */
      if (bin >= 0 && bin < 1200)
        hist[bin]++;
    }
    T->voiced_frames += (double)nv;
    if (nv > 20 && (double)(st[i].b - st[i].a) * FRAME_S >= 1.0) {
      double den = (double)nv * sxx - sx * sx;
      if (den > 0)
        push(&T->slopes, &T->nslopes, ((double)nv * sxy - sx * sy) / den);
    }
    double start = edge_pitch(fr, k, 0);
    if (aligned && i > 0 && !isnan(prev_end) && !isnan(start)) {
      int kind = kind_after(&p16.script.items[i - 1]);
      push(&T->resets[kind], &T->nresets[kind], start - prev_end);
    }
    prev_end = edge_pitch(fr, k, 1);
  }
  /* flatness: voiced frames within a quarter semitone either side of the commonest pitch */
  size_t mode = 0;
  for (size_t j = 1; j < 1199; j++)
    if (hist[j - 1] + hist[j] + hist[j + 1] > hist[mode - (mode > 0)] + hist[mode] + hist[mode + 1])
      mode = j;
  T->flat_frames += hist[mode > 0 ? mode - 1 : 0] + hist[mode] + hist[mode + 1];
  /* limiting */
  size_t fl = (size_t)(LIMIT_FRAME_S * sr), nf = n / fl;
  double *ratio = malloc(nf * sizeof *ratio), *lv = malloc(nf * sizeof *lv), *tmp = malloc(nf * sizeof *tmp);
  for (size_t f = 0; f < nf; f++) {
    lv[f] = tmp[f] = db(frame_rms(b, f * fl, fl));
    ratio[f] = db(frame_rms(a, f * fl, fl)) - lv[f];
  }
  qsort(tmp, nf, sizeof *tmp, cmp_double);
  double loud = tmp[(size_t)(0.95 * (double)nf)] - 30;
  size_t ns2 = 0;
  for (size_t f = 0; f < nf; f++)
    if (lv[f] > loud)
      tmp[ns2++] = ratio[f];
  double gain = median(tmp, ns2);
  for (size_t f = 0; f < nf; f++) {
    if (lv[f] <= loud)
      continue;
    T->speech_frames++;
    double red = gain - ratio[f];
    if (red > LIMIT_DB)
      T->limited_frames++;
    if (red > T->deepest_db)
      T->deepest_db = red;
  }
  free(ratio), free(lv), free(tmp), free(hist), free(fr), free(y), free(st), free(a), free(b);
  loa_preview_free(&p16);
  loa_preview_free(&p40);
}

static void report(const char *label, totals *T, int tsv)
{
  double over5 = T->speech_s > 0 ? 100 * T->over5_s / T->speech_s : 0;
  double slope = median(T->slopes, T->nslopes);
  double r[K_KINDS];
  for (int k = 0; k < K_KINDS; k++)
    r[k] = median(T->resets[k], T->nresets[k]);
  double flat = T->voiced_frames > 0 ? 100 * T->flat_frames / T->voiced_frames : 0;
  double lim = T->speech_frames > 0 ? 100 * T->limited_frames / T->speech_frames : 0;
  if (tsv) {
    printf("%s\t%.1f\t%.1f\t%d\t%.1f\t%.2f\t%.2f\t%+.2f", label, T->seconds, T->longest_s, T->over6,
           over5, T->syllables / T->speech_s, T->syllables / T->seconds, slope);
    for (int k = 0; k < K_KINDS; k++)
      printf("\t%+.1f", r[k]);
    printf("\t%.0f\t%.1f\t%.1f\t%d/%d\n", flat, lim, T->deepest_db, T->stretches, T->utterances);
    return;
  }
  printf("%s: %.0f s; longest pause-free %.1f s, %d over 6 s, %.1f%% of speech in stretches over 5 s\n",
         label, T->seconds, T->longest_s, T->over6, over5);
  printf("  rate %.2f syllables/s speaking, %.2f overall\n", T->syllables / T->speech_s,
         T->syllables / T->seconds);
  printf("  F0 slope within stretches %+.2f st/s (median of %zu); resets", slope, T->nslopes);
  for (int k = 0; k < K_KINDS; k++)
    printf(" %s %+.1f st (%zu)", kind_names[k], r[k], T->nresets[k]);
  printf("\n  %.0f%% of voiced frames within 0.25 st of one pitch; limited >3 dB on %.1f%% of speech "
         "frames (deepest %.1f dB); %d stretches for %d utterances\n",
         flat, lim, T->deepest_db, T->stretches, T->utterances);
}

int main(int argc, char **argv)
{
  loa_build_opts o;
  loa_build_opts_default(&o);
  o.jobs = 2;
  int tsv = 0;
  double f0 = 118;
  totals all = {0};
  int files = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--voice") && i + 1 < argc)
      o.voice = argv[++i];
    else if (!strcmp(argv[i], "--preset") && i + 1 < argc)
      o.preset = argv[++i];
    else if (!strcmp(argv[i], "--rate") && i + 1 < argc)
      o.rate_wpm = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--f0") && i + 1 < argc)
      f0 = atof(argv[++i]);
    else if (!strcmp(argv[i], "--tsv"))
      tsv = 1;
    else {
      totals one = {0};
      measure_file(argv[i], &o, f0, &one);
      if (!tsv) {
        const char *base = strrchr(argv[i], '/');
        report(base ? base + 1 : argv[i], &one, 0);
      }
      all.seconds += one.seconds, all.speech_s += one.speech_s, all.over5_s += one.over5_s;
      all.longest_s = one.longest_s > all.longest_s ? one.longest_s : all.longest_s;
      all.over6 += one.over6, all.syllables += one.syllables;
      for (size_t k = 0; k < one.nslopes; k++)
        push(&all.slopes, &all.nslopes, one.slopes[k]);
      for (int k = 0; k < K_KINDS; k++)
        for (size_t j = 0; j < one.nresets[k]; j++)
          push(&all.resets[k], &all.nresets[k], one.resets[k][j]);
      all.flat_frames += one.flat_frames, all.voiced_frames += one.voiced_frames;
      all.limited_frames += one.limited_frames, all.speech_frames += one.speech_frames;
      all.deepest_db = one.deepest_db > all.deepest_db ? one.deepest_db : all.deepest_db;
      all.stretches += one.stretches, all.utterances += one.utterances;
      files++;
    }
  }
  if (files > 1 || tsv) {
    char label[128];
    snprintf(label, sizeof label, "%s %s", o.voice ? o.voice : "north", o.preset ? o.preset : "stream");
    report(tsv ? label : "all", &all, tsv);
  }
  return 0;
}
