/* mp3_enc.c: settings and the libmp3lame encoder that turns float PCM into raw MPEG frames (see mp3.h). */
#include "pipeline/mp3.h"
#include "pipeline/mp3_frame.h"

#include <errno.h>
#include <lame/lame.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK 4096                               /* PCM frames per lame call */
#define MP3BUF (CHUNK + CHUNK / 4 + 7200)        /* LAME's worst case for CHUNK */

struct loa_mp3enc {
  lame_t lame;
  FILE *out;
  float chunk[CHUNK];
  unsigned char mp3[MP3BUF];
  size_t samples;
  int finished;
};

void loa_mp3_settings_default(loa_mp3_settings *s)
{
  s->samplerate = 44100;
  s->bitrate_kbps = 96;
  s->vbr = 0;
  s->vbr_quality = 4;
  s->quality = 5;
}

int loa_mp3_settings_check(const loa_mp3_settings *s, char *err, size_t errlen)
{
  char dummy[1];
  if (!err || !errlen)
    err = dummy, errlen = sizeof dummy;
  if (!s) {
    snprintf(err, errlen, "no MP3 settings");
    return LOA_MP3_EARG;
  }
  if (!loa_mpa_samplerate_valid(s->samplerate)) {
    snprintf(err, errlen, "MP3 sample rate %d Hz: MPEG audio has 8000, 11025, 12000, 16000, "
             "22050, 24000, 32000, 44100 and 48000", s->samplerate);
    return LOA_MP3_EARG;
  }
  if (s->quality < 0 || s->quality > 9) {
    snprintf(err, errlen, "MP3 quality %d: must be 0 (best) to 9 (fastest)", s->quality);
    return LOA_MP3_EARG;
  }
  if (s->vbr != 0 && s->vbr != 1) {
    snprintf(err, errlen, "MP3 mode %d: must be 0 (CBR) or 1 (VBR)", s->vbr);
    return LOA_MP3_EARG;
  }
  if (s->vbr && (s->vbr_quality < 0 || s->vbr_quality > 9)) {
    snprintf(err, errlen, "MP3 VBR quality %d: must be 0 (best) to 9 (smallest)",
             s->vbr_quality);
    return LOA_MP3_EARG;
  }
  if (!s->vbr && !loa_mpa_bitrate_valid(s->samplerate, s->bitrate_kbps)) {
    snprintf(err, errlen, "MP3 bitrate %d kbps is not a Layer III bitrate at %d Hz (%s)",
             s->bitrate_kbps, s->samplerate,
             s->samplerate >= 32000 ? "32-320 kbps"
             : s->samplerate >= 16000 ? "8-160 kbps" : "8-64 kbps");
    return LOA_MP3_EARG;
  }
  return LOA_MP3_OK;
}

static void lame_quiet(const char *format, va_list ap)
{
  (void)format;
  (void)ap;
}

/* LAME configured for S (mono, no resampling, no tag), its input scaled by
 * SCALE, or NULL. */
static lame_t lame_configured(const loa_mp3_settings *s, float scale)
{
  lame_t l = lame_init();
  if (!l)
    return NULL;
  lame_set_errorf(l, lame_quiet);
  lame_set_debugf(l, lame_quiet);
  lame_set_msgf(l, lame_quiet);
  lame_set_in_samplerate(l, s->samplerate);
  lame_set_out_samplerate(l, s->samplerate);
  lame_set_num_channels(l, 1);
  lame_set_mode(l, MONO);
  lame_set_quality(l, s->quality);
  lame_set_bWriteVbrTag(l, 0);
  lame_set_scale(l, scale);
  if (s->vbr) {
    lame_set_VBR(l, vbr_default);
    lame_set_VBR_q(l, s->vbr_quality);
  } else {
    lame_set_VBR(l, vbr_off);
    lame_set_brate(l, s->bitrate_kbps);
  }
  return l;
}

/* A LAME instance for S at unity gain, or NULL with *RC set. LAME's CBR and
 * ABR presets scale the input down (0.95 up to 160 kbps: -0.45 dB) as clipping
 * headroom; the DSP chain's true-peak limiter already leaves that headroom and
 * the loudness was set on purpose, so the preset's factor is undone. */
static lame_t lame_open(const loa_mp3_settings *s, int *rc, char *err, size_t errlen)
{
  *rc = loa_mp3_settings_check(s, err, errlen);
  if (*rc)
    return NULL;
  float scale = 1.0f;
  for (int attempt = 0; attempt < 2; attempt++) {
    lame_t l = lame_configured(s, scale);
    if (!l) {
      snprintf(err, errlen, "out of memory starting LAME");
      *rc = LOA_MP3_ENOMEM;
      return NULL;
    }
    if (lame_init_params(l) < 0 || lame_get_out_samplerate(l) != s->samplerate ||
        (!s->vbr && lame_get_brate(l) != s->bitrate_kbps)) {
      snprintf(err, errlen, "LAME rejects %d Hz %s %d kbps", s->samplerate,
               s->vbr ? "VBR" : "CBR", s->bitrate_kbps);
      lame_close(l);
      *rc = LOA_MP3_EARG;
      return NULL;
    }
    float applied = lame_get_scale(l);
    if (fabsf(applied - 1.0f) < 1e-6f || attempt == 1 || !(applied > 0.0f))
      return l;
    lame_close(l);
    scale = 1.0f / applied;
  }
  return NULL;
}

loa_mp3enc *loa_mp3enc_new(const loa_mp3_settings *s, FILE *out)
{
  char err[160];
  int rc;
  if (!out)
    return NULL;
  loa_mp3enc *e = calloc(1, sizeof *e);
  if (!e)
    return NULL;
  e->lame = lame_open(s, &rc, err, sizeof err);
  if (!e->lame) {
    free(e);
    return NULL;
  }
  e->out = out;
  return e;
}

static int write_frames(loa_mp3enc *e, int n)
{
  if (n < 0)
    return LOA_MP3_EENC;
  errno = 0;
  if (n > 0 && fwrite(e->mp3, 1, (size_t)n, e->out) != (size_t)n) {
    if (!errno)
      errno = EIO;
    return LOA_MP3_EWRITE;
  }
  return LOA_MP3_OK;
}

int loa_mp3enc_add(loa_mp3enc *e, const float *pcm, size_t n)
{
  if (!e || e->finished || (n && !pcm))
    return LOA_MP3_EARG;
  while (n) {
    size_t k = n < CHUNK ? n : CHUNK;
    for (size_t i = 0; i < k; i++)       /* NaN or infinity would derail LAME */
      e->chunk[i] = isfinite(pcm[i]) ? pcm[i] : 0.0f;
    int got = lame_encode_buffer_ieee_float(e->lame, e->chunk, e->chunk, (int)k, e->mp3,
                                            MP3BUF);
    int rc = write_frames(e, got);
    if (rc)
      return rc;
    e->samples += k;
    pcm += k;
    n -= k;
  }
  return LOA_MP3_OK;
}

int loa_mp3enc_finish(loa_mp3enc *e, size_t *samples_in)
{
  if (!e || e->finished)
    return LOA_MP3_EARG;
  e->finished = 1;
  int rc = write_frames(e, lame_encode_flush(e->lame, e->mp3, MP3BUF));
  errno = 0;
  if (!rc && (fflush(e->out) != 0 || ferror(e->out))) {
    if (!errno)
      errno = EIO;
    rc = LOA_MP3_EWRITE;
  }
  if (samples_in)
    *samples_in = e->samples;
  return rc;
}

void loa_mp3enc_free(loa_mp3enc *e)
{
  if (!e)
    return;
  lame_close(e->lame);
  free(e);
}

int loa_mp3_lame_facts(const loa_mp3_settings *s, loa_mpa_info *info, char *desc,
                       size_t desclen, char *err, size_t errlen)
{
  int rc;
  lame_t l = lame_open(s, &rc, err, errlen);
  if (!l)
    return rc;
  char name[16];
  snprintf(name, sizeof name, "%s", get_lame_very_short_version());
  size_t n = strlen(name);
  while (n && name[n - 1] == ' ')
    name[--n] = 0;
  memset(info->encoder, 0, sizeof info->encoder);
  memcpy(info->encoder, name, n < 9 ? n : 9);
  info->vbr = s->vbr;
  info->vbr_method = s->vbr ? 4 : 1;     /* vbr_default is LAME's vbr_mtrh */
  info->lowpass_hz = lame_get_lowpassfreq(l);
  info->ath_type = lame_get_ATHtype(l);
  int min_kbps = lame_get_VBR_min_bitrate_kbps(l);
  info->bitrate_kbps = s->vbr ? (min_kbps > 0 ? min_kbps : s->samplerate >= 32000 ? 32 : 8)
                              : s->bitrate_kbps;
  info->delay = lame_get_encoder_delay(l);
  int q = 100 - 10 * lame_get_VBR_q(l) - lame_get_quality(l);
  info->quality = (uint32_t)(q < 0 ? 0 : q > 100 ? 100 : q);
  if (desc && desclen) {
    if (s->vbr)
      snprintf(desc, desclen, "loa %s, LAME %s VBR V%d q%d, %d Hz mono", LOA_VERSION,
               get_lame_short_version(), s->vbr_quality, s->quality, s->samplerate);
    else
      snprintf(desc, desclen, "loa %s, LAME %s CBR %d kbps q%d, %d Hz mono", LOA_VERSION,
               get_lame_short_version(), s->bitrate_kbps, s->quality, s->samplerate);
  }
  lame_close(l);
  return LOA_MP3_OK;
}
