/* render.c: script -> spool -> loudness -> encoded parts, in worker processes (see render.h).
 *
 * Layout of the private temporary folder: pNNN.pcm (16-bit synthesis spool),
 * pNNN.l1 / pNNN.l2 / pNNN.l3 (exported loudness blocks of each phase, raw
 * doubles), pNNN.mp3 (raw frames). Each part is rendered by a child process of
 * its own; children share one small anonymous mapping with the parent: per-part
 * counters and the first error.
 */
#include "pipeline/render.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <sndfile.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>

#include "pipeline/dsp.h"
#include "pipeline/loudness.h"
#include "pipeline/mp3.h"
#include "tts/phrase.h"
#include "tts/synth.h"

#define BLOCK 4096              /* frames per block through the chain */
#define LEAD_MS ((int)(LOA_RENDER_LEAD_S * 1000))   /* silence before the first word */
#define TAIL_MS ((int)(LOA_RENDER_TAIL_S * 1000))   /* ...and after the last (the fade-out) */
#define FADE_IN_MS 20
#define FADE_OUT_MS 300
#define HIGHPASS_HZ 70.0
#define LOOKAHEAD_MS 5.0
#define RELEASE_MS 80.0
#define PART_CHARS 2000         /* aim for parts of about this much spoken text */
#define PART_MAX_CHARS 6000     /* past this, a sentence pause may end a part too */
#define MAX_GAIN_STEPS 6        /* measured runs of phase 2, at most */
#define GAIN_TOLERANCE_LU 0.05
#define EXPECTED_LIMITER_LU 1.0 /* what the limiter usually takes from eSpeak NG speech at -16
                                   after the phase rotator (0.7-0.8 measured) */
#define MAX_LIMITER_LU LOA_BUILD_MAX_LIMIT_LU
#define INITIAL_SLOPE 0.5       /* usual dLUFS/dB there, before two runs measure it */
#define SAMPLE_ALL_BELOW_CHARS 6000 /* about 8 minutes of speech: measured whole */
#define SAMPLE_STRIDE 4
#define SAMPLE_MIN_CHARS 1500
#define FINAL_TOLERANCE_LU 0.15
#define MAX_JOBS 64
#define RESAMPLE_AUTO_MP3 4     /* SRC_LINEAR */
#define RESAMPLE_AUTO_WAV 2     /* SRC_SINC_FASTEST */
#define LOWPASS_OF_NYQUIST 0.95  /* MP3 low-pass at 95% of the audio's Nyquist frequency */

typedef struct {
  size_t first, count;          /* utterances */
  int head_ms, tail_ms;         /* silence before the first and after the last utterance */
  size_t chars;                 /* spoken text, for progress weights */
} part_plan;

typedef struct {
  volatile int failed;
  char err[512];
  struct {
    volatile size_t done_frames;   /* progress within the current phase */
    volatile int finished;         /* this phase is done for the part */
    volatile size_t frames;        /* synthesised frames (phase 1) */
    volatile size_t samples;       /* output frames encoded (phase 3) */
    volatile size_t mp3_frames;
  } part[];
} shared_state;

typedef struct {
  const loa_script *script;
  const loa_build_opts *o;
  loa_render *r;
  part_plan *plan;
  size_t nplan;
  shared_state *sh;
  size_t shlen;
  double in_rate, out_rate;
  double gain_db;
  double slope;                /* dLUFS/dB of the limited signal near the gain found */
  double resample_shift;       /* loudness after the resampler minus before (sample) */
  double pre_target;           /* where the signal must be before the resampler */
  int budget_bound;            /* the target is past what the limiter may take: not reached */
  size_t total_chars;
  int phase;                   /* 1, 2, 3 */
  unsigned char *active;       /* parts the current phase runs on (NULL: all) */
  unsigned char *sample;       /* parts the gain search measures */
  int kind;
  SNDFILE *wav;                /* LOA_RENDER_WAV: the one output */
  struct timespec t0;
} render_ctx;

static double seconds_since(const struct timespec *t0)
{
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

void loa_render_mp3_settings(const loa_build_opts *o, loa_mp3_settings *s)
{
  *s = o->mp3;
  double in = loa_synth_sample_rate(), out = s->samplerate;
  if (!s->lowpass_hz && in > 0)   /* nothing above the synthesis rate's Nyquist frequency */
    s->lowpass_hz = (int)(LOWPASS_OF_NYQUIST * (in < out ? in : out) / 2);
}

/* ---- planning ---------------------------------------------------------- */

static int pause_ms(const loa_build_opts *o, loa_pause p) { return o->pauses.ms[p]; }

/* Cut after utterance U? Long pauses end parts once enough text has gathered. */
static int cut_here(const loa_utterance *u, size_t chars)
{
  if (u->pause >= LOA_PAUSE_PARAGRAPH)
    return chars >= PART_CHARS;
  return u->pause == LOA_PAUSE_SENTENCE && chars >= PART_MAX_CHARS;
}

static int plan_parts(render_ctx *x)
{
  const loa_script *s = x->script;
  x->plan = calloc(s->n ? s->n : 1, sizeof *x->plan);
  if (!x->plan)
    return -1;
  size_t np = 0, chars = 0;
  part_plan *cur = &x->plan[0];
  cur->head_ms = LEAD_MS;
  for (size_t i = 0; i < s->n; i++) {
    size_t len = strlen(s->items[i].text);
    cur->count++;
    cur->chars += len;
    chars += len;
    x->total_chars += len;
    if (i + 1 < s->n && cut_here(&s->items[i], chars)) {
      int p = pause_ms(x->o, s->items[i].pause);
      cur->tail_ms = p / 2;
      cur = &x->plan[++np];
      cur->first = i + 1;
      cur->head_ms = p - p / 2;
      chars = 0;
    }
  }
  cur->tail_ms = TAIL_MS;
  x->nplan = np + 1;
  return 0;
}

/* ---- files ------------------------------------------------------------- */

static void part_file(const render_ctx *x, size_t i, const char *ext, char *out, size_t n)
{
  if (snprintf(out, n, "%s/p%03zu.%s", x->r->workdir, i, ext) >= (int)n)
    out[0] = 0;            /* cannot happen: workdir is at most 1 KiB */
}

static int write_blocks(const char *path, loa_meter *m)
{
  double *b = NULL;
  size_t n = 0;
  if (loa_meter_export(m, &b, &n) != 0)
    return -1;
  FILE *f = fopen(path, "wb");
  int rc = f && fwrite(b, sizeof *b, n, f) == n ? 0 : -1;
  if (f && fclose(f) != 0)
    rc = -1;
  free(b);
  return rc;
}

/* Loudness of the concatenation of the block lists of phase EXT of the parts in
 * MASK (NULL: all), in part order. */
static double loudness_of_parts(const render_ctx *x, const char *ext, const unsigned char *mask)
{
  double *all = NULL;
  size_t n = 0;
  for (size_t i = 0; i < x->nplan; i++) {
    if (mask && !mask[i])
      continue;
    char path[4200];
    part_file(x, i, ext, path, sizeof path);
    FILE *f = fopen(path, "rb");
    if (!f)
      goto fail;
    fseek(f, 0, SEEK_END);
    long bytes = ftell(f);
    fseek(f, 0, SEEK_SET);
    size_t k = (size_t)bytes / sizeof(double);
    double *grown = realloc(all, (n + k + 1) * sizeof *all);
    if (!grown || fread(grown + n, sizeof(double), k, f) != k) {
      fclose(f);
      all = grown ? grown : all;
      goto fail;
    }
    fclose(f);
    all = grown;
    n += k;
  }
  double l = loa_loudness_from_blocks(all, n);
  free(all);
  return l;
fail:
  free(all);
  return NAN;
}

/* ---- the chain --------------------------------------------------------- */

typedef struct {
  render_ctx *x;
  size_t part;
  loa_meter *meter;
  int meter_in_chain;          /* the meter is fed by a tap in the chain, not here */
  loa_meter *meter_out;        /* phase 1 of a sampled part: after the resampler */
  loa_mp3enc *enc;
  SNDFILE *wav;
} sink_ctx;

static int sink(const float *pcm, size_t n, void *user)
{
  sink_ctx *k = user;
  if (k->meter && !k->meter_in_chain && loa_meter_add(k->meter, pcm, n) != 0)
    return -1;
  if (k->meter_out && loa_meter_add(k->meter_out, pcm, n) != 0)
    return -1;
  if (k->enc && loa_mp3enc_add(k->enc, pcm, n) != 0)
    return -1;
  if (k->wav && sf_writef_float(k->wav, pcm, (sf_count_t)n) != (sf_count_t)n)
    return -1;
  return 0;
}

/* The converter: as set, or linear for MP3 (the encoder's low-pass, set to the
 * synthesis bandwidth, removes the images linear interpolation leaves above
 * 11 kHz: measured -49 dB in 10-11 kHz, nothing above) and sinc for a WAV. */
static int resample_quality(const render_ctx *x)
{
  if (x->o->resample_quality >= 0)
    return x->o->resample_quality;
  return x->kind == LOA_RENDER_MP3 ? RESAMPLE_AUTO_MP3 : RESAMPLE_AUTO_WAV;
}

/* The chain of phase x->phase for part I (FRAMES long at the synthesis rate). */
static loa_chain *make_chain(render_ctx *x, size_t i, size_t frames, sink_ctx *k, char *err, size_t errlen)
{
  loa_chain *c = loa_chain_new(sink, k);
  if (!c)
    return NULL;
  int rc = loa_chain_add(c, loa_highpass_new(x->in_rate, HIGHPASS_HZ));
  if (!rc)
    rc = loa_preset_apply(c, x->o->preset, x->in_rate, err, errlen);
  if (!rc && x->phase >= 2) {
    rc = loa_chain_add(c, loa_gain_new(x->in_rate, x->gain_db));
    if (!rc)
      rc = loa_chain_add(c, loa_limiter_new(x->in_rate, x->o->true_peak, LOOKAHEAD_MS, RELEASE_MS));
  }
  int tap = k->meter && (x->phase == 3 || k->meter_out);
  if (!rc && tap) {            /* measure before the resampler doubles the work */
    rc = loa_chain_add(c, loa_meter_tap_new(x->in_rate, k->meter));
    k->meter_in_chain = 1;
  }
  if (!rc && x->phase == 1 && k->meter_out && x->out_rate != x->in_rate)
    rc = loa_chain_add(c, loa_resample_new(x->in_rate, x->out_rate, resample_quality(x)));
  if (!rc && x->phase == 3) {
    size_t out_frames = (size_t)llround((double)frames * x->out_rate / x->in_rate);
    if (x->out_rate != x->in_rate)
      rc = loa_chain_add(c, loa_resample_new(x->in_rate, x->out_rate, resample_quality(x)));
    if (!rc)
      rc = loa_chain_add(c, loa_fade_new(x->out_rate, i == 0 ? FADE_IN_MS : 0,
                                         i + 1 == x->nplan ? FADE_OUT_MS : 0, out_frames));
  }
  if (rc) {
    if (!err[0])
      snprintf(err, errlen, "the audio chain could not be set up");
    loa_chain_free(c);
    return NULL;
  }
  return c;
}

/* ---- phase 1: synthesis into the spool --------------------------------- */

typedef struct {
  FILE *spool;
  loa_chain *chain;
  size_t frames;
  volatile size_t *progress;
  int failed;
} synth_ctx;

static int push_pcm(synth_ctx *s, const int16_t *pcm, size_t n)
{
  float buf[BLOCK];
  while (n) {
    size_t m = n < BLOCK ? n : BLOCK;
    for (size_t j = 0; j < m; j++)
      buf[j] = pcm[j] / 32768.0f;
    if (fwrite(pcm, sizeof *pcm, m, s->spool) != m || loa_chain_push(s->chain, buf, m) != 0) {
      s->failed = 1;
      return -1;
    }
    s->frames += m;
    *s->progress = s->frames;
    pcm += m;
    n -= m;
  }
  return 0;
}

static int on_pcm(const int16_t *pcm, size_t n, void *user)
{
  return push_pcm(user, pcm, n);
}

static int push_silence(synth_ctx *s, double rate, int ms)
{
  static const int16_t zeros[BLOCK];
  size_t n = (size_t)llround(rate * ms / 1000.0);
  while (n) {
    size_t m = n < BLOCK ? n : BLOCK;
    if (push_pcm(s, zeros, m))
      return -1;
    n -= m;
  }
  return 0;
}

static int synth_part(render_ctx *x, size_t i, char *err, size_t errlen)
{
  const part_plan *p = &x->plan[i];
  char path[4200];
  part_file(x, i, "pcm", path, sizeof path);
  synth_ctx s = {.progress = &x->sh->part[i].done_frames};
  s.spool = fopen(path, "wb");
  if (!s.spool) {
    snprintf(err, errlen, "cannot write temporary audio in %s: %s", x->r->workdir, strerror(errno));
    return LOA_BUILD_EOUTPUT;
  }
  loa_meter *m = loa_meter_new(x->in_rate, 0);
  loa_meter *mo = x->sample[i] ? loa_meter_new(x->out_rate, 0) : NULL;
  sink_ctx k = {.x = x, .part = i, .meter = m, .meter_out = mo};
  s.chain = m && (mo || !x->sample[i]) ? make_chain(x, i, 0, &k, err, errlen) : NULL;
  int rc = s.chain ? 0 : LOA_BUILD_EINTERNAL;
  if (!rc)
    rc = push_silence(&s, x->in_rate, p->head_ms) ? LOA_BUILD_EOUTPUT : 0;
  for (size_t u = p->first; !rc && u < p->first + p->count; u++) {
    const loa_utterance *ut = &x->script->items[u];
    loa_phrase ph;                       /* where it stands in its sentence: its intonation */
    loa_script_phrase(x->script, u, &ph);
    int src = loa_synth_speak_phrase(ut->text, &ph, on_pcm, &s);
    if (src != LOA_SYNTH_OK) {
      if (s.failed)
        snprintf(err, errlen, "cannot write temporary audio in %s (disk full?)", x->r->workdir);
      else
        snprintf(err, errlen, "speech synthesis failed at line %d", ut->line);
      rc = s.failed ? LOA_BUILD_EOUTPUT : LOA_BUILD_EINTERNAL;
      break;
    }
    int ms = u + 1 == p->first + p->count ? p->tail_ms : pause_ms(x->o, ut->pause);
    if (push_silence(&s, x->in_rate, ms))
      rc = LOA_BUILD_EOUTPUT;
  }
  if (!rc && loa_chain_finish(s.chain) != 0)
    rc = LOA_BUILD_EINTERNAL;
  if (fclose(s.spool) != 0 && !rc)
    rc = LOA_BUILD_EOUTPUT;
  if (rc == LOA_BUILD_EOUTPUT && !err[0])
    snprintf(err, errlen, "cannot write temporary audio in %s (disk full?)", x->r->workdir);
  if (!rc) {
    part_file(x, i, "l1", path, sizeof path);
    int wrc = write_blocks(path, m);
    part_file(x, i, "l1o", path, sizeof path);
    if (wrc == 0 && mo)
      wrc = write_blocks(path, mo);
    if (wrc != 0) {
      snprintf(err, errlen, "cannot write temporary files in %s", x->r->workdir);
      rc = LOA_BUILD_EOUTPUT;
    }
  }
  x->sh->part[i].frames = s.frames;
  loa_chain_free(s.chain);
  loa_meter_free(m);
  loa_meter_free(mo);
  return rc;
}

/* ---- phases 2 and 3: from the spool ------------------------------------ */

static int feed_spool(render_ctx *x, size_t i, loa_chain *c)
{
  char path[4200];
  part_file(x, i, "pcm", path, sizeof path);
  FILE *f = fopen(path, "rb");
  if (!f)
    return -1;
  int16_t in[BLOCK];
  float buf[BLOCK];
  size_t n, done = 0;
  int rc = 0;
  while (!rc && (n = fread(in, sizeof *in, BLOCK, f)) > 0) {
    for (size_t j = 0; j < n; j++)
      buf[j] = in[j] / 32768.0f;
    rc = loa_chain_push(c, buf, n);
    done += n;
    x->sh->part[i].done_frames = done;
  }
  if (ferror(f))
    rc = -1;
  fclose(f);
  return rc ? rc : loa_chain_finish(c);
}

static int measure_part(render_ctx *x, size_t i, char *err, size_t errlen)
{
  loa_meter *m = loa_meter_new(x->in_rate, 0);
  sink_ctx k = {.x = x, .part = i, .meter = m};
  loa_chain *c = m ? make_chain(x, i, x->sh->part[i].frames, &k, err, errlen) : NULL;
  int rc = c && feed_spool(x, i, c) == 0 ? 0 : LOA_BUILD_EINTERNAL;
  if (!rc) {
    char path[4200];
    part_file(x, i, "l2", path, sizeof path);
    rc = write_blocks(path, m) == 0 ? 0 : LOA_BUILD_EOUTPUT;
  }
  if (rc && !err[0])
    snprintf(err, errlen, "loudness measurement failed");
  loa_chain_free(c);
  loa_meter_free(m);
  return rc;
}

static int encode_part(render_ctx *x, size_t i, char *err, size_t errlen)
{
  loa_render_part *out = &x->r->parts[i];
  loa_meter *m = loa_meter_new(x->in_rate, 0);
  sink_ctx k = {.x = x, .part = i, .meter = m, .wav = x->wav};
  FILE *f = NULL;
  int rc = m ? 0 : LOA_BUILD_EINTERNAL;
  if (!rc && x->kind == LOA_RENDER_MP3) {
    f = fopen(out->path, "wb");
    loa_mp3_settings ms;
    loa_render_mp3_settings(x->o, &ms);
    k.enc = f ? loa_mp3enc_new(&ms, f) : NULL;
    if (!k.enc) {
      snprintf(err, errlen, f ? "the MP3 encoder could not start" : "cannot write temporary files in %s",
               x->r->workdir);
      rc = f ? LOA_BUILD_EINTERNAL : LOA_BUILD_EOUTPUT;
    }
  }
  loa_chain *c = rc ? NULL : make_chain(x, i, x->sh->part[i].frames, &k, err, errlen);
  if (!rc && (!c || feed_spool(x, i, c) != 0))
    rc = LOA_BUILD_EINTERNAL;
  size_t samples = 0;
  if (!rc && k.enc && loa_mp3enc_finish(k.enc, &samples) != 0)
    rc = LOA_BUILD_EINTERNAL;
  if (!rc && k.enc)
    x->sh->part[i].mp3_frames = loa_mp3enc_frames(k.enc);
  if (f && fclose(f) != 0 && !rc) {
    snprintf(err, errlen, "cannot write temporary files in %s (disk full?)", x->r->workdir);
    rc = LOA_BUILD_EOUTPUT;
  }
  if (!rc) {
    char path[4200];
    part_file(x, i, "l3", path, sizeof path);
    rc = write_blocks(path, m) == 0 ? 0 : LOA_BUILD_EOUTPUT;
  }
  if (rc && !err[0])
    snprintf(err, errlen, "encoding failed");
  x->sh->part[i].samples = samples;
  loa_mp3enc_free(k.enc);
  loa_chain_free(c);
  loa_meter_free(m);
  return rc;
}

/* ---- workers ----------------------------------------------------------- */

static int run_part(render_ctx *x, size_t i, char *err, size_t errlen)
{
  err[0] = 0;
  switch (x->phase) {
  case 1: return synth_part(x, i, err, errlen);
  case 2: return measure_part(x, i, err, errlen);
  default: return encode_part(x, i, err, errlen);
  }
}

/* Weight of part I in the progress of the whole build (its share of the text). */
static double part_weight(const render_ctx *x, size_t i)
{
  return x->total_chars ? (double)x->plan[i].chars / (double)x->total_chars : 1.0 / (double)x->nplan;
}

static void report_progress(render_ctx *x)
{
  const loa_build_opts *o = x->o;
  if (!o->progress || !o->on_progress)
    return;
  /* phase weights: synthesis 0.25, measurement 0.15, encoding 0.6 */
  static const double start[] = {0, 0.0, 0.25, 0.40}, span[] = {0, 0.25, 0.15, 0.60};
  static const char *const label[] = {"", "đọc / speech", "đo âm lượng / loudness", "mã hóa / encoding"};
  double f = 0;
  for (size_t i = 0; i < x->nplan; i++) {
    /* synthesis: about 12 characters of text per second of speech */
    double total = x->phase == 1 ? (double)x->plan[i].chars * x->in_rate / 12.0
                                 : (double)x->sh->part[i].frames;
    double d = x->sh->part[i].finished ? 1 : total > 0 ? (double)x->sh->part[i].done_frames / total : 0;
    f += part_weight(x, i) * (d > 1 ? 1 : d);
  }
  double whole = start[x->phase] + span[x->phase] * f;
  double el = seconds_since(&x->t0);
  double left = whole > 0.02 ? el * (1 - whole) / whole : -1;
  o->on_progress(label[x->phase], whole, left, o->progress_user);
}

/* In a child: render part I, record the outcome in the shared mapping, exit. */
static void child_part(render_ctx *x, size_t i)
{
  char err[512];
  int rc = run_part(x, i, err, sizeof err);
  x->sh->part[i].finished = 1;
  if (rc && !__atomic_exchange_n(&x->sh->failed, rc, __ATOMIC_SEQ_CST))
    snprintf(x->sh->err, sizeof x->sh->err, "%s", err);
  _exit(rc ? 1 : 0);
}

static int jobs_for(const render_ctx *x)
{
  int jobs = x->o->jobs;
  if (jobs <= 0) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    jobs = n > 0 ? (int)n : 1;
  }
  if (jobs > MAX_JOBS)
    jobs = MAX_JOBS;
  if (x->kind == LOA_RENDER_WAV && x->phase == 3)
    jobs = 1;                   /* one output file, written in order */
  return jobs < 1 ? 1 : jobs;
}

/* Wait for one child of PIDS (N running), drawing progress meanwhile; remove
 * it from the list. A child that died without reporting is an internal error. */
static void reap_one(render_ctx *x, pid_t *pids, int *n)
{
  for (;;) {
    int st;
    pid_t p = waitpid(-1, &st, WNOHANG);
    if (p == 0) {
      report_progress(x);
      struct timespec ts = {0, 50 * 1000 * 1000};
      nanosleep(&ts, NULL);
      continue;
    }
    if (p < 0 && errno == EINTR)
      continue;
    if (p < 0) {                /* no children left: should not happen */
      *n = 0;
      return;
    }
    for (int j = 0; j < *n; j++)
      if (pids[j] == p) {
        pids[j] = pids[--*n];
        break;
      }
    if ((!WIFEXITED(st) || WEXITSTATUS(st)) && !x->sh->failed) {
      x->sh->failed = LOA_BUILD_EINTERNAL;
      snprintf(x->sh->err, sizeof x->sh->err, "a worker process stopped unexpectedly");
    }
    return;
  }
}

/* Every active part in a child process of its own, JOBS at a time: each part
 * starts from the parent's engine state, untouched by the parts before it, so
 * the output does not depend on JOBS (eSpeak NG carries state from one
 * utterance to the next, and the parent never speaks). */
static int run_forked(render_ctx *x, int jobs)
{
  pid_t pids[MAX_JOBS];
  int running = 0;
  fflush(NULL);
  for (size_t i = 0; i < x->nplan || running;) {
    while (running < jobs && i < x->nplan && !x->sh->failed) {
      if (x->active && !x->active[i]) {
        i++;
        continue;
      }
      pid_t p = fork();
      if (p == 0)
        child_part(x, i);
      if (p < 0) {
        x->sh->failed = LOA_BUILD_EINTERNAL;
        snprintf(x->sh->err, sizeof x->sh->err, "cannot start a worker process: %s", strerror(errno));
        break;
      }
      pids[running++] = p;
      i++;
    }
    if (x->sh->failed && running)
      for (int j = 0; j < running; j++)   /* stop the others early */
        kill(pids[j], SIGTERM);
    if (running)
      reap_one(x, pids, &running);
    if (x->sh->failed && !running)
      break;
  }
  return x->sh->failed;
}

/* The current phase over every active part in this process (no speech: the
 * later phases carry no state from part to part). */
static int run_here(render_ctx *x, char *err, size_t errlen)
{
  for (size_t i = 0; i < x->nplan; i++) {
    if (x->active && !x->active[i])
      continue;
    int rc = run_part(x, i, err, errlen);
    if (rc)
      return rc;
    x->sh->part[i].finished = 1;
    report_progress(x);
  }
  return 0;
}

/* Run the current phase over every part, and add its wall time to r->wall. */
static int run_phase(render_ctx *x, char *err, size_t errlen)
{
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  x->sh->failed = 0;
  x->sh->err[0] = 0;
  for (size_t i = 0; i < x->nplan; i++)
    x->sh->part[i].done_frames = 0, x->sh->part[i].finished = x->active && !x->active[i];
  int jobs = jobs_for(x), rc;
  if (jobs == 1 && x->phase != 1) {
    rc = run_here(x, err, errlen);
  } else {
    rc = run_forked(x, jobs);
    if (rc)
      snprintf(err, errlen, "%s", x->sh->err);
  }
  x->r->wall[x->phase] += seconds_since(&t0);
  return rc;
}

/* ---- the three phases -------------------------------------------------- */

static void remove_workdir(const char *dir)
{
  DIR *d = opendir(dir);
  struct dirent *e;
  while (d && (e = readdir(d))) {
    if (e->d_name[0] == '.')
      continue;
    char path[2400];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    unlink(path);
  }
  if (d)
    closedir(d);
  rmdir(dir);
}

/* Folders "loa-build-PID-XXXXXX" in T whose build was killed (no process PID any
 * more) hold spool files of up to 160 MB an hour of speech: remove them. */
static void sweep_stale_workdirs(const char *t)
{
  DIR *d = opendir(t);
  struct dirent *e;
  while (d && (e = readdir(d))) {
    long pid;
    char tail;
    if (sscanf(e->d_name, "loa-build-%ld-%c", &pid, &tail) != 2 || pid <= 0 ||
        kill((pid_t)pid, 0) == 0 || errno != ESRCH)
      continue;
    char dir[1200];
    if (snprintf(dir, sizeof dir, "%.1000s/%s", t, e->d_name) < (int)sizeof dir)
      remove_workdir(dir);
  }
  if (d)
    closedir(d);
}

static int make_workdir(render_ctx *x, char *err, size_t errlen)
{
  const char *t = x->o->tmpdir ? x->o->tmpdir : getenv("TMPDIR");
  if (!t || !*t)
    t = "/tmp";
  sweep_stale_workdirs(t);
  snprintf(x->r->workdir, sizeof x->r->workdir, "%.900s/loa-build-%ld-XXXXXX", t, (long)getpid());
  if (!mkdtemp(x->r->workdir)) {
    snprintf(err, errlen, "cannot make a temporary folder in %s: %s", t, strerror(errno));
    x->r->workdir[0] = 0;
    return LOA_BUILD_EOUTPUT;
  }
  return 0;
}

static double clamp_gain(double g) { return g > 40 ? 40 : g < -40 ? -40 : g; }


static int encode_all(render_ctx *x, int wav_fd, char *err, size_t errlen);

/* After encoding, the whole is measured; if a sampled search missed by more than
 * FINAL_TOLERANCE_LU, correct the gain and encode once more. */
static int encode_on_target(render_ctx *x, int wav_fd, char *err, size_t errlen)
{
  int rc = encode_all(x, wav_fd, err, errlen);
  double off = x->pre_target - x->r->lufs_after;
  if (rc || !isfinite(off) || fabs(off) <= FINAL_TOLERANCE_LU || x->kind == LOA_RENDER_WAV)
    return rc;
  if (x->budget_bound)   /* at the limiter's budget: the target was given up knowingly */
    return rc;
  x->gain_db = clamp_gain(x->gain_db + off / x->slope);
  x->r->gain_db = x->gain_db;
  x->r->encode_runs++;
  free(x->r->parts);
  x->r->parts = NULL;
  return encode_all(x, wav_fd, err, errlen);
}

/* The parts the gain search measures, chosen by their text before anything is
 * spoken: all of a short bulletin; of a long one, every SAMPLE_STRIDE-th part
 * (at least SAMPLE_MIN_CHARS of text). What the limiter and the resampler take
 * is a property of the voice and the settings, the same all through a
 * bulletin, so a sample finds the gain; the whole is measured after. */
static void choose_sample(render_ctx *x)
{
  size_t chosen = 0;
  int all = x->total_chars < SAMPLE_ALL_BELOW_CHARS;
  for (size_t i = 0; i < x->nplan; i++) {
    x->sample[i] = all || i % SAMPLE_STRIDE == 0;
    chosen += x->sample[i] ? x->plan[i].chars : 0;
  }
  for (size_t i = 0; i < x->nplan && chosen < SAMPLE_MIN_CHARS; i++)
    if (!x->sample[i]) {
      x->sample[i] = 1;
      chosen += x->plan[i].chars;
    }
}

/* Phase 2 on the sample until its loudness after the limiter is where the
 * whole's must be: the sample is TARGET_SUB = target - L1(whole) + L1(sample).
 * What the limiter takes (L1(sample) + gain - loudness) grows with the gain
 * too; when the target would need more than MAX_LIMITER_LU of it, the search
 * aims at that budget instead and the target is not reached (x->budget_bound).
 * Both are found by the secant method on a quantity that rises with the gain. */
static int search_gain(render_ctx *x, double target_sub, double l1_sample, char *err,
                       size_t errlen)
{
  double g_prev = 0, h_prev = NAN, slope = INITIAL_SLOPE, loud_slope = INITIAL_SLOPE;
  double l_prev = NAN;
  x->phase = 2;
  x->active = x->sample;
  x->budget_bound = 0;
  for (int iter = 0; iter < MAX_GAIN_STEPS; iter++) {
    int rc = run_phase(x, err, errlen);
    if (rc)
      return rc;
    x->r->measure_runs++;
    double l = loudness_of_parts(x, "l2", x->sample);
    if (!isfinite(l))
      break;
    if (isfinite(l_prev) && fabs(x->gain_db - g_prev) > 1e-3)
      loud_slope = (l - l_prev) / (x->gain_db - g_prev);
    double take = l1_sample + x->gain_db - l;
    if (!x->budget_bound && take > MAX_LIMITER_LU + GAIN_TOLERANCE_LU) {
      x->budget_bound = 1;            /* from now on the budget is the goal */
      h_prev = NAN;
      slope = 1.0 - loud_slope;
    }
    double h = x->budget_bound ? take : l, goal = x->budget_bound ? MAX_LIMITER_LU : target_sub;
    if (fabs(goal - h) < GAIN_TOLERANCE_LU)
      break;
    if (isfinite(h_prev) && fabs(x->gain_db - g_prev) > 1e-3)
      slope = (h - h_prev) / (x->gain_db - g_prev);
    slope = slope < 0.1 ? 0.1 : slope > 1.0 ? 1.0 : slope;
    g_prev = x->gain_db, h_prev = h, l_prev = l;
    x->gain_db = clamp_gain(x->gain_db + (goal - h) / slope);
  }
  x->active = NULL;
  x->slope = loud_slope < 0.1 ? 0.1 : loud_slope > 1.0 ? 1.0 : loud_slope;
  return 0;
}

/* Phases 1 and 2: the gain that brings the limited signal to the target. The
 * limiter takes more the louder it is driven, so loudness grows more slowly
 * than the gain: the gain is found by the secant method on measured runs. */
static int find_gain(render_ctx *x, char *err, size_t errlen)
{
  choose_sample(x);
  x->phase = 1;
  int rc = run_phase(x, err, errlen);
  if (rc)
    return rc;
  x->r->lufs_before = loudness_of_parts(x, "l1", NULL);
  if (!isfinite(x->r->lufs_before)) {
    snprintf(err, errlen, "the synthesised speech is silent");
    return LOA_BUILD_ENOSPEECH;
  }
  /* the resampler changes the K-weighted loudness a little (linear interpolation
   * softens the top octave): measured on the sample, the chain aims at that much more */
  double l1_sample = loudness_of_parts(x, "l1", x->sample);
  double shift = x->out_rate != x->in_rate ? loudness_of_parts(x, "l1o", x->sample) - l1_sample : 0;
  x->resample_shift = isfinite(shift) ? shift : 0;
  x->pre_target = x->o->lufs - x->resample_shift;
  x->gain_db = clamp_gain(x->pre_target - x->r->lufs_before + EXPECTED_LIMITER_LU);
  rc = search_gain(x, x->pre_target - x->r->lufs_before + l1_sample, l1_sample, err, errlen);
  x->r->gain_db = x->gain_db;
  return rc;
}

static int open_wav(render_ctx *x, int fd, char *err, size_t errlen)
{
  SF_INFO info = {.samplerate = (int)x->out_rate, .channels = 1, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16};
  x->wav = sf_open_fd(fd, SFM_WRITE, &info, 0);
  if (!x->wav) {
    snprintf(err, errlen, "cannot write the WAV: %s", sf_strerror(NULL));
    return LOA_BUILD_EOUTPUT;
  }
  return 0;
}

static int encode_all(render_ctx *x, int wav_fd, char *err, size_t errlen)
{
  x->phase = 3;
  x->r->parts = calloc(x->nplan, sizeof *x->r->parts);
  if (!x->r->parts)
    return LOA_BUILD_EINTERNAL;
  x->r->nparts = x->nplan;
  for (size_t i = 0; i < x->nplan; i++)   /* named here: workers only have copies of r */
    part_file(x, i, "mp3", x->r->parts[i].path, sizeof x->r->parts[i].path);
  int rc = x->kind == LOA_RENDER_WAV ? open_wav(x, wav_fd, err, errlen) : 0;
  if (!rc)
    rc = run_phase(x, err, errlen);
  if (x->wav && sf_close(x->wav) != 0 && !rc) {
    snprintf(err, errlen, "cannot write the WAV (disk full?)");
    rc = LOA_BUILD_EOUTPUT;
  }
  x->wav = NULL;
  if (rc)
    return rc;
  size_t total = 0;
  for (size_t i = 0; i < x->nplan; i++) {
    x->r->parts[i].samples = x->sh->part[i].samples;
    x->r->parts[i].mp3_frames = x->sh->part[i].mp3_frames;
    total += (size_t)llround((double)x->sh->part[i].frames * x->out_rate / x->in_rate);
  }
  x->r->seconds = (double)total / x->out_rate;
  x->r->lufs_after = loudness_of_parts(x, "l3", NULL);
  x->r->limiter_lu = x->r->lufs_before + x->gain_db - (x->r->lufs_after - x->resample_shift);
  return 0;
}

int loa_render_script(const loa_script *script, const loa_build_opts *o, int kind,
                      int wav_fd, loa_render *r, char *err, size_t errlen)
{
  memset(r, 0, sizeof *r);
  err[0] = 0;
  if (!script->n) {
    snprintf(err, errlen, "nothing to read");
    return LOA_BUILD_ENOSPEECH;
  }
  render_ctx x = {.script = script, .o = o, .r = r, .kind = kind};
  clock_gettime(CLOCK_MONOTONIC, &x.t0);
  x.in_rate = loa_synth_sample_rate();
  x.out_rate = o->mp3.samplerate;
  if (plan_parts(&x))
    return LOA_BUILD_EINTERNAL;
  x.sample = calloc(x.nplan, 1);
  if (!x.sample) {
    free(x.plan);
    return LOA_BUILD_EINTERNAL;
  }
  x.shlen = sizeof *x.sh + x.nplan * sizeof x.sh->part[0];
  x.sh = mmap(NULL, x.shlen, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  int rc = x.sh == MAP_FAILED ? LOA_BUILD_EINTERNAL : 0;
  if (rc)
    x.sh = NULL;
  if (!rc)
    rc = make_workdir(&x, err, errlen);
  if (!rc)
    rc = find_gain(&x, err, errlen);
  if (!rc)
    rc = encode_on_target(&x, wav_fd, err, errlen);
  if (!rc)
    r->lufs_after += x.resample_shift;
  if (!rc && o->progress && o->on_progress)
    o->on_progress("xong / done", 1.0, 0, o->progress_user);
  if (x.sh)
    munmap(x.sh, x.shlen);
  free(x.plan);
  free(x.sample);
  if (rc && !err[0])
    snprintf(err, errlen, "internal error while rendering");
  return rc;
}

void loa_render_free(loa_render *r)
{
  if (r->workdir[0])
    remove_workdir(r->workdir);
  free(r->parts);
  memset(r, 0, sizeof *r);
}
