/* render_encode.c: phases 2 and 3 of one part: its spool through the chain, measured (2) or
 * encoded and measured (3), and the encoder's settings for the synthesis rate.
 *
 * Phase 2 measures the limited signal for the gain search (block list l2).
 * Phase 3 encodes the part into its own MP3 frames (pNNN.mp3; the parts are
 * joined by the build) or appends it to the one WAV, and measures the limited
 * signal again (l3) for the loudness of the whole.
 */
#include "pipeline/render_internal.h"
#include "tts/synth.h"

#include <stdio.h>

#define LOWPASS_OF_NYQUIST 0.95  /* MP3 low-pass at 95% of the audio's Nyquist frequency */

void loa_render_mp3_settings(const loa_build_opts *o, loa_mp3_settings *s)
{
  *s = o->mp3;
  double in = loa_synth_sample_rate(), out = s->samplerate;
  if (!s->lowpass_hz && in > 0)   /* nothing above the synthesis rate's Nyquist frequency */
    s->lowpass_hz = (int)(LOWPASS_OF_NYQUIST * (in < out ? in : out) / 2);
}

/* Part I's spool through the chain of the current phase into K. */
static int run_spool(render_ctx *x, size_t i, sink_ctx *k, char *err, size_t errlen)
{
  loa_chain *c = loa_rchain_new(x, i, x->sh->part[i].frames, k, err, errlen);
  int rc = c && loa_rspool_feed(x, i, c) == 0 ? 0 : LOA_BUILD_EINTERNAL;
  loa_chain_free(c);
  return rc;
}

int loa_rencode_measure(render_ctx *x, size_t i, char *err, size_t errlen)
{
  loa_meter *m = loa_meter_new(x->in_rate, 0);
  sink_ctx k = {.x = x, .meter = m};
  int rc = m ? run_spool(x, i, &k, err, errlen) : LOA_BUILD_EINTERNAL;
  if (!rc && loa_rwork_save_blocks(x, i, "l2", m) != 0)
    rc = LOA_BUILD_EOUTPUT;
  if (rc && !err[0])
    snprintf(err, errlen, "loudness measurement failed");
  loa_meter_free(m);
  return rc;
}

/* An encoder into part I's MP3 file, opened as *F, for K. */
static int open_encoder(render_ctx *x, size_t i, sink_ctx *k, FILE **f, char *err, size_t errlen)
{
  if (!(*f = fopen(x->r->parts[i].path, "wb"))) {
    snprintf(err, errlen, "cannot write temporary files in %s", x->r->workdir);
    return LOA_BUILD_EOUTPUT;
  }
  loa_mp3_settings ms;
  loa_render_mp3_settings(x->o, &ms);
  if (!(k->enc = loa_mp3enc_new(&ms, *f))) {
    snprintf(err, errlen, "the MP3 encoder could not start");
    return LOA_BUILD_EINTERNAL;
  }
  return 0;
}

/* Flush the encoder and count what part I holds. */
static int finish_encoder(render_ctx *x, size_t i, loa_mp3enc *enc)
{
  size_t samples = 0;
  if (loa_mp3enc_finish(enc, &samples) != 0)
    return LOA_BUILD_EINTERNAL;
  x->sh->part[i].samples = samples;
  x->sh->part[i].mp3_frames = loa_mp3enc_frames(enc);
  return 0;
}

int loa_rencode_part(render_ctx *x, size_t i, char *err, size_t errlen)
{
  loa_meter *m = loa_meter_new(x->in_rate, 0);
  sink_ctx k = {.x = x, .meter = m, .wav = x->wav};
  FILE *f = NULL;
  int rc = m ? 0 : LOA_BUILD_EINTERNAL;
  x->sh->part[i].samples = 0;
  if (!rc && x->kind == LOA_RENDER_MP3)
    rc = open_encoder(x, i, &k, &f, err, errlen);
  if (!rc)
    rc = run_spool(x, i, &k, err, errlen);
  if (!rc && k.enc)
    rc = finish_encoder(x, i, k.enc);
  if (f && fclose(f) != 0 && !rc) {
    snprintf(err, errlen, "cannot write temporary files in %s (disk full?)", x->r->workdir);
    rc = LOA_BUILD_EOUTPUT;
  }
  if (!rc && loa_rwork_save_blocks(x, i, "l3", m) != 0)
    rc = LOA_BUILD_EOUTPUT;
  if (rc && !err[0])
    snprintf(err, errlen, "encoding failed");
  loa_mp3enc_free(k.enc);
  loa_meter_free(m);
  return rc;
}
