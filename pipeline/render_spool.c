/* render_spool.c: a part's spool: synthesised into it in phase 1 (and measured on the way), read back in phases 2 and 3.
 *
 * The spool is the part's speech at the synthesis rate as 16-bit samples,
 * exactly as eSpeak NG gave them, with the pauses as digital silence; every
 * later phase starts from it, so speech is synthesised once.
 */
#include "pipeline/render_internal.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tts/phrase.h"
#include "tts/synth.h"

#define BLOCK LOA_RENDER_BLOCK

typedef struct {
  FILE *spool;
  loa_chain *chain;
  size_t frames;
  volatile size_t *progress;
  int failed;                  /* errno of the spool write that failed */
} synth_ctx;

static int push_pcm(synth_ctx *s, const int16_t *pcm, size_t n)
{
  float buf[BLOCK];
  while (n) {
    size_t m = n < BLOCK ? n : BLOCK;
    for (size_t j = 0; j < m; j++)
      buf[j] = pcm[j] / 32768.0f;
    errno = 0;
    if (fwrite(pcm, sizeof *pcm, m, s->spool) != m) {
      s->failed = errno ? errno : EIO;
      return -1;
    }
    if (loa_chain_push(s->chain, buf, m) != 0)
      return -1;
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

/* Part I's utterances with the silence around and between them into S, and the
 * chain finished. LOA_BUILD_EOUTPUT when the spool cannot be written. */
static int speak_part(render_ctx *x, size_t i, synth_ctx *s, char *err, size_t errlen)
{
  const part_plan *p = &x->plan[i];
  if (push_silence(s, x->in_rate, p->head_ms))
    return s->failed ? LOA_BUILD_EOUTPUT : LOA_BUILD_EINTERNAL;
  for (size_t u = p->first; u < p->first + p->count; u++) {
    const loa_utterance *ut = &x->script->items[u];
    loa_phrase ph;                       /* where it stands in its sentence: its intonation */
    loa_script_phrase(x->script, u, &ph);
    if (loa_synth_speak_phrase(ut->text, &ph, on_pcm, s) != LOA_SYNTH_OK) {
      if (s->failed)
        return LOA_BUILD_EOUTPUT;
      snprintf(err, errlen, "speech synthesis failed at line %d", ut->line);
      return LOA_BUILD_EINTERNAL;
    }
    int ms = u + 1 == p->first + p->count ? p->tail_ms : x->o->pauses.ms[ut->pause];
    if (push_silence(s, x->in_rate, ms))
      return s->failed ? LOA_BUILD_EOUTPUT : LOA_BUILD_EINTERNAL;
  }
  return loa_chain_finish(s->chain) ? LOA_BUILD_EINTERNAL : 0;
}

/* Phase 1's block lists of part I: l1, and l1o (after the resampler) for a sampled part. */
static int save_meters(render_ctx *x, size_t i, loa_meter *m, loa_meter *mo, char *err,
                       size_t errlen)
{
  errno = 0;
  int rc = loa_rwork_save_blocks(x, i, "l1", m);
  if (rc == 0 && mo)
    rc = loa_rwork_save_blocks(x, i, "l1o", mo);
  if (rc == 0)
    return 0;
  snprintf(err, errlen, "cannot write temporary files in %s: %s", x->r->workdir,
           strerror(errno ? errno : EIO));
  return LOA_BUILD_EOUTPUT;
}

int loa_rspool_synth(render_ctx *x, size_t i, char *err, size_t errlen)
{
  char path[4200];
  loa_rwork_path(x, i, "pcm", path, sizeof path);
  synth_ctx s = {.progress = &x->sh->part[i].done_frames};
  if (!(s.spool = fopen(path, "wb"))) {
    snprintf(err, errlen, "cannot write temporary audio in %s: %s", x->r->workdir, strerror(errno));
    return LOA_BUILD_EOUTPUT;
  }
  loa_meter *m = loa_meter_new(x->in_rate, 0);
  loa_meter *mo = x->sample[i] ? loa_meter_new(x->out_rate, 0) : NULL;
  sink_ctx k = {.x = x, .meter = m, .meter_out = mo};
  s.chain = m && (mo || !x->sample[i]) ? loa_rchain_new(x, i, 0, &k, err, errlen) : NULL;
  int rc = s.chain ? speak_part(x, i, &s, err, errlen) : LOA_BUILD_EINTERNAL;
  if (fclose(s.spool) != 0 && !rc) {
    s.failed = errno ? errno : EIO;
    rc = LOA_BUILD_EOUTPUT;
  }
  if (rc == LOA_BUILD_EOUTPUT && !err[0])
    snprintf(err, errlen, "cannot write temporary audio in %s: %s", x->r->workdir,
             strerror(s.failed ? s.failed : EIO));
  if (!rc)
    rc = save_meters(x, i, m, mo, err, errlen);
  x->sh->part[i].frames = s.frames;
  loa_chain_free(s.chain);
  loa_meter_free(m);
  loa_meter_free(mo);
  return rc;
}

int loa_rspool_feed(render_ctx *x, size_t i, loa_chain *c)
{
  char path[4200];
  loa_rwork_path(x, i, "pcm", path, sizeof path);
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
