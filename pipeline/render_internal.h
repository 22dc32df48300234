/* render_internal.h: what the render files share (pipeline/render*.c only; not a contract).
 *
 * A render is one render_ctx, made by loa_render_script (render.c), which
 * plans the parts and runs the three phases. The other files, one concern each:
 *   render_work.c      the private temporary folder: part files, block lists
 *   render_workers.c   a phase over the parts in worker processes, with progress
 *   render_chain.c     the mastering chain of each phase and the sink behind it
 *   render_spool.c     phase 1: a part synthesised into its spool; reading it back
 *   render_encode.c    phases 2 and 3: a part measured, or encoded, from its spool
 *   render_gain.c      the gain that brings the whole to the loudness target
 * Layout of the folder: pNNN.pcm (16-bit synthesis spool), pNNN.l1 / pNNN.l1o /
 * pNNN.l2 / pNNN.l3 (exported loudness blocks of each phase, raw doubles),
 * pNNN.mp3 (raw frames).
 */
#ifndef LOA_RENDER_INTERNAL_H
#define LOA_RENDER_INTERNAL_H

#include <sndfile.h>
#include <stddef.h>
#include <time.h>

#include "pipeline/dsp.h"
#include "pipeline/loudness.h"
#include "pipeline/mp3.h"
#include "pipeline/render.h"

#define LOA_RENDER_BLOCK 4096   /* frames per block through the chain */

typedef struct {
  size_t first, count;          /* utterances */
  int head_ms, tail_ms;         /* silence before the first and after the last utterance */
  size_t chars;                 /* spoken text, for progress weights */
} part_plan;

/* One small anonymous mapping shared with the worker processes: per-part
 * counters and the first error. */
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

/* render_work.c */
int loa_rwork_make(render_ctx *x, char *err, size_t errlen);
void loa_rwork_remove(const char *dir);
/* The path of part I's file of kind EXT (pcm, l1, l1o, l2, l3, mp3). */
void loa_rwork_path(const render_ctx *x, size_t i, const char *ext, char *out, size_t n);
/* M's gating blocks into part I's file EXT; 0 or -1. */
int loa_rwork_save_blocks(const render_ctx *x, size_t i, const char *ext, loa_meter *m);
/* Loudness of the block lists EXT of the parts in MASK (NULL: all), in order; NAN on error. */
double loa_rwork_loudness(const render_ctx *x, const char *ext, const unsigned char *mask);

/* render_workers.c: the current phase over every active part, each in a worker
 * process of its own (or here, when there is one job and nothing to speak);
 * adds the wall time to r->wall. */
int loa_rphase_run(render_ctx *x, char *err, size_t errlen);

/* render_chain.c */
typedef struct {
  render_ctx *x;
  loa_meter *meter;
  int meter_in_chain;          /* the meter is fed by a tap in the chain, not by the sink */
  loa_meter *meter_out;        /* phase 1 of a sampled part: after the resampler */
  loa_mp3enc *enc;
  SNDFILE *wav;
} sink_ctx;
/* The chain of phase x->phase for part I (FRAMES long at the synthesis rate) into K. */
loa_chain *loa_rchain_new(render_ctx *x, size_t i, size_t frames, sink_ctx *k, char *err,
                          size_t errlen);

/* render_spool.c: part I synthesised into its spool, measured on the way (phase 1);
 * the spool pushed through C, which is then finished (phases 2 and 3). */
int loa_rspool_synth(render_ctx *x, size_t i, char *err, size_t errlen);
int loa_rspool_feed(render_ctx *x, size_t i, loa_chain *c);

/* render_encode.c: part I from its spool through the chain of phase 2 (measured)
 * or phase 3 (encoded, and measured). */
int loa_rencode_measure(render_ctx *x, size_t i, char *err, size_t errlen);
int loa_rencode_part(render_ctx *x, size_t i, char *err, size_t errlen);

/* render_gain.c: phases 1 and 2, which find x->gain_db; and after phase 3, a
 * correction of a sampled gain that missed (1 when phase 3 must run again). */
int loa_rgain_find(render_ctx *x, char *err, size_t errlen);
int loa_rgain_correct(render_ctx *x);

#endif
