/* render.c: script -> spool -> loudness -> encoded parts: the parts planned and the three phases run (see render.h).
 *
 * The work itself is in the files beside this one (render_internal.h lists
 * them): the temporary folder, the worker processes, each phase's chain, the
 * spool, the encoding of a part, and the search for the gain.
 */
#include "pipeline/render_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "tts/synth.h"

#define LEAD_MS ((int)(LOA_RENDER_LEAD_S * 1000))   /* silence before the first word */
#define TAIL_MS ((int)(LOA_RENDER_TAIL_S * 1000))   /* ...and after the last (the fade-out lives here) */
#define PART_CHARS 2000         /* aim for parts of about this much spoken text */
#define PART_MAX_CHARS 6000     /* past this, a sentence pause may end a part too */

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
      int p = x->o->pauses.ms[s->items[i].pause];
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

/* What phase 3 gave, into r: each part's counts, the length and loudness of the whole. */
static void tally(render_ctx *x)
{
  size_t total = 0;
  for (size_t i = 0; i < x->nplan; i++) {
    x->r->parts[i].samples = x->sh->part[i].samples;
    x->r->parts[i].mp3_frames = x->sh->part[i].mp3_frames;
    total += (size_t)llround((double)x->sh->part[i].frames * x->out_rate / x->in_rate);
  }
  x->r->seconds = (double)total / x->out_rate;
  x->r->lufs_after = loa_rwork_loudness(x, "l3", NULL);
  x->r->limiter_lu = x->r->lufs_before + x->gain_db - (x->r->lufs_after - x->resample_shift);
}

/* Phase 3 over every part, then the whole measured. */
static int encode_all(render_ctx *x, int wav_fd, char *err, size_t errlen)
{
  x->phase = 3;
  x->r->parts = calloc(x->nplan, sizeof *x->r->parts);
  if (!x->r->parts)
    return LOA_BUILD_EINTERNAL;
  x->r->nparts = x->nplan;
  for (size_t i = 0; i < x->nplan; i++)   /* named here: workers only have copies of r */
    loa_rwork_path(x, i, "mp3", x->r->parts[i].path, sizeof x->r->parts[i].path);
  int rc = x->kind == LOA_RENDER_WAV ? open_wav(x, wav_fd, err, errlen) : 0;
  if (!rc)
    rc = loa_rphase_run(x, err, errlen);
  if (x->wav && sf_close(x->wav) != 0 && !rc) {
    snprintf(err, errlen, "cannot write the WAV (disk full?)");
    rc = LOA_BUILD_EOUTPUT;
  }
  x->wav = NULL;
  if (!rc)
    tally(x);
  return rc;
}

/* After encoding, the whole is measured; if a sampled search missed by more than
 * the tolerance, correct the gain and encode once more. */
static int encode_on_target(render_ctx *x, int wav_fd, char *err, size_t errlen)
{
  int rc = encode_all(x, wav_fd, err, errlen);
  if (rc || x->kind == LOA_RENDER_WAV || !loa_rgain_correct(x))
    return rc;
  x->r->encode_runs++;
  free(x->r->parts);
  x->r->parts = NULL;
  return encode_all(x, wav_fd, err, errlen);
}

/* The plan, the sample mask, the shared mapping and the temporary folder. */
static int start(render_ctx *x, char *err, size_t errlen)
{
  if (plan_parts(x))
    return LOA_BUILD_EINTERNAL;
  x->sample = calloc(x->nplan, 1);
  if (!x->sample)
    return LOA_BUILD_EINTERNAL;
  x->shlen = sizeof *x->sh + x->nplan * sizeof x->sh->part[0];
  x->sh = mmap(NULL, x->shlen, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (x->sh == MAP_FAILED) {
    x->sh = NULL;
    return LOA_BUILD_EINTERNAL;
  }
  return loa_rwork_make(x, err, errlen);
}

static void finish(render_ctx *x)
{
  if (x->sh)
    munmap(x->sh, x->shlen);
  free(x->plan);
  free(x->sample);
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
  int rc = start(&x, err, errlen);
  if (!rc)
    rc = loa_rgain_find(&x, err, errlen);
  if (!rc)
    rc = encode_on_target(&x, wav_fd, err, errlen);
  if (!rc)
    r->lufs_after += x.resample_shift;
  if (!rc && o->progress && o->on_progress)
    o->on_progress("xong / done", 1.0, 0, o->progress_user);
  finish(&x);
  if (rc && !err[0])
    snprintf(err, errlen, "internal error while rendering");
  return rc;
}

void loa_render_free(loa_render *r)
{
  if (r->workdir[0])
    loa_rwork_remove(r->workdir);
  free(r->parts);
  memset(r, 0, sizeof *r);
}
