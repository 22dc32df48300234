/* programme_sound.c: sound files (jingle, attention signal) and silence as cached programme segments. */
#include "pipeline/programme.h"

#include <errno.h>
#include <math.h>
#include <sndfile.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pipeline/dsp.h"
#include "pipeline/loudness.h"
#include "pipeline/mp3.h"
#include "pipeline/programme_internal.h"
#include "pipeline/util.h"

#define JINGLE_MAX_S 120.0
#define SOUND_OVER_LU 3.5     /* a sound's loudest 400 ms, over the loudness target */
#define SILENCE_DB -50.0f     /* a sound's ends this far under its peak are silence */

typedef struct {
  float *p;
  size_t n, cap;
} fbuf;

static int collect(const float *pcm, size_t n, void *user)
{
  fbuf *b = user;
  if (b->n + n > b->cap) {
    size_t cap = (b->n + n) * 2;
    float *p = realloc(b->p, cap * sizeof *p);
    if (!p)
      return -1;
    b->p = p, b->cap = cap;
  }
  memcpy(b->p + b->n, pcm, n * sizeof *pcm);
  b->n += n;
  return 0;
}

static int encode_sink(const float *pcm, size_t n, void *user)
{
  return loa_mp3enc_add(user, pcm, n);
}

/* Read a sound file as mono float at its own rate. */
static int read_sound(const char *path, fbuf *out, int *rate, char *err, size_t errlen)
{
  SF_INFO info = {0};
  SNDFILE *sf = sf_open(path, SFM_READ, &info);
  if (!sf)
    return loa_errf(err, errlen, "%s: cannot read the sound file (%s)", path, sf_strerror(NULL)), -1;
  if (info.channels < 1 || info.samplerate < 8000 ||
      (double)info.frames > JINGLE_MAX_S * info.samplerate) {
    sf_close(sf);
    return loa_errf(err, errlen, "%s: a jingle must be at most %.0f seconds at 8 kHz or more",
                    path, JINGLE_MAX_S), -1;
  }
  float block[4096];
  sf_count_t got;
  int ch = info.channels, rc = 0;
  while ((got = sf_readf_float(sf, block, (sf_count_t)(sizeof block / sizeof block[0]) / ch)) > 0) {
    float mono[4096];
    for (sf_count_t i = 0; i < got; i++) {
      float s = 0;
      for (int c = 0; c < ch; c++)
        s += block[i * ch + c];
      mono[i] = s / (float)ch;
    }
    if ((rc = collect(mono, (size_t)got, out)))
      break;
  }
  sf_close(sf);
  *rate = info.samplerate;
  if (rc || !out->n)
    return loa_errf(err, errlen, "%s: no sound in the file", path), -1;
  return 0;
}

/* Cut the silence (under SILENCE_DB from the peak) at both ends of B. */
static void trim_silence(fbuf *b)
{
  float peak = 0;
  for (size_t i = 0; i < b->n; i++)
    peak = fabsf(b->p[i]) > peak ? fabsf(b->p[i]) : peak;
  float floor = peak * powf(10.0f, SILENCE_DB / 20.0f);
  size_t a = 0, z = b->n;
  while (a < z && fabsf(b->p[a]) <= floor)
    a++;
  while (z > a && fabsf(b->p[z - 1]) <= floor)
    z--;
  memmove(b->p, b->p + a, (z - a) * sizeof *b->p);
  b->n = z - a;
}

/* A jingle or signal: resampled, preset, silence cut, loudness, true-peak limit, fades, encoded. */
int loa_psound_render(loa_programme_item *it, const loa_programme_opts *o, char *err,
                        size_t errlen)
{
  const loa_build_opts *bo = o->build;
  int rate = bo->mp3.samplerate, in_rate = 0, rc = -1;
  fbuf raw = {0}, res = {0};
  loa_chain *ch = NULL;
  loa_mp3enc *enc = NULL;
  FILE *fp = NULL;
  char tmp[4096] = "", e[512] = "";
  if (read_sound(it->source, &raw, &in_rate, err, errlen))
    goto out;

  /* pass 1: resample and shape as the bulletins are, keep the result; music
   * gets a good sinc converter unless one is set (it is seconds long) */
  int quality = bo->resample_quality >= 0 ? bo->resample_quality : 1;
  ch = loa_chain_new(collect, &res);
  if (!ch || (in_rate != rate && loa_chain_add(ch, loa_resample_new(in_rate, rate, quality)))) {
    loa_errf(err, errlen, "%s: cannot resample %d Hz to %d Hz (quality %d)", it->source, in_rate,
         rate, quality);
    goto out;
  }
  if (bo->preset && *bo->preset && loa_preset_apply(ch, bo->preset, rate, e, sizeof e)) {
    loa_errf(err, errlen, "%s: %s", it->source, e);
    goto out;
  }
  if (loa_chain_push(ch, raw.p, raw.n) || loa_chain_finish(ch)) {
    loa_errf(err, errlen, "%s: the sound could not be processed", it->source);
    goto out;
  }
  loa_chain_free(ch);
  ch = NULL;

  /* the programme places every pause: the sound's own silence is cut */
  trim_silence(&res);

  /* loudness: its loudest 400 ms (momentary loudness) are put SOUND_OVER_LU over the
   * target, where the speech's loudest moments are (2-3 LU over it); brought to the
   * target as a whole, music with quieter passages sounded under the speech */
  loa_meter *m = loa_meter_new(rate, 0);
  double loudest = -HUGE_VAL, *blocks = NULL;
  size_t nb = 0;
  if (m && loa_meter_add(m, res.p, res.n) == 0 && loa_meter_export(m, &blocks, &nb) == 0)
    for (size_t i = 0; i < nb; i++)
      if (blocks[i] > 0 && -0.691 + 10 * log10(blocks[i]) > loudest)
        loudest = -0.691 + 10 * log10(blocks[i]);
  free(blocks);
  loa_meter_free(m);
  double gain = isfinite(loudest) ? bo->lufs + SOUND_OVER_LU - loudest : 0;

  /* pass 2: gain, limiter, fades, encoder */
  if (loa_pcache_tmp(o->cache_dir, tmp, sizeof tmp) || !(fp = fopen(tmp, "wb"))) {
    loa_errf(err, errlen, "%s: cannot write in the cache (%s)", o->cache_dir, strerror(errno));
    rc = LOA_PROG_EOUTPUT;
    goto out;
  }
  enc = loa_mp3enc_new(&bo->mp3, fp);
  ch = enc ? loa_chain_new(encode_sink, enc) : NULL;
  if (!ch || loa_chain_add(ch, loa_gain_new(rate, gain)) ||
      loa_chain_add(ch, loa_limiter_new(rate, bo->true_peak, 5, 80)) ||
      loa_chain_add(ch, loa_fade_new(rate, 10, 150, res.n)) ||
      loa_chain_push(ch, res.p, res.n) || loa_chain_finish(ch) ||
      loa_mp3enc_finish(enc, &it->samples) || fflush(fp) || fsync(fileno(fp))) {
    loa_errf(err, errlen, "%s: cannot encode the sound", it->source);
    goto out;
  }
  fclose(fp);
  fp = NULL;
  rc = loa_pcache_commit(o->cache_dir, it, tmp, rate, err, errlen) ? LOA_PROG_EOUTPUT : 0;
  *tmp = 0;
out:
  if (ch)
    loa_chain_free(ch);
  if (enc)
    loa_mp3enc_free(enc);
  if (fp)
    fclose(fp);
  if (*tmp)
    unlink(tmp);
  free(raw.p);
  free(res.p);
  return rc;
}

/* Cache key of a sound file: its name, size and modification time with the settings. */
int loa_psound_key(const char *path, const loa_build_opts *bo, char key[65])
{
  struct stat st;
  if (stat(path, &st))
    return -1;
  char id[4400];
  int n = snprintf(id, sizeof id, "sound 2\n%s\n%lld\n%lld.%09ld\n", path, (long long)st.st_size,
                   (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  return loa_build_key_text(id, (size_t)n, bo, key);
}

/* Silence of GAP_S seconds as a cached segment. */
int loa_psilence(const loa_programme_opts *o, double gap_s, loa_programme_item *it,
                           char *err, size_t errlen)
{
  const loa_build_opts *bo = o->build;
  int rate = bo->mp3.samplerate;
  memset(it, 0, sizeof *it);
  char id[64];
  int n = snprintf(id, sizeof id, "silence %ld ms\n", lround(gap_s * 1000));
  if (loa_build_key_text(id, (size_t)n, bo, it->key))
    return loa_errf(err, errlen, "cannot compute the key of the gap"), LOA_PROG_EBUILD;
  if (loa_pcache_lookup(o->cache_dir, it, rate))
    return 0;
  char tmp[4096];
  FILE *fp = NULL;
  if (loa_pcache_tmp(o->cache_dir, tmp, sizeof tmp) || !(fp = fopen(tmp, "wb")))
    return loa_errf(err, errlen, "%s: cannot write in the cache", o->cache_dir), LOA_PROG_EOUTPUT;
  loa_mp3enc *enc = loa_mp3enc_new(&bo->mp3, fp);
  size_t total = (size_t)lround(gap_s * rate), done = 0;
  float zeros[1024] = {0};
  int rc = enc ? 0 : -1;
  while (!rc && done < total) {
    size_t k = total - done < 1024 ? total - done : 1024;
    rc = loa_mp3enc_add(enc, zeros, k);
    done += k;
  }
  if (!rc)
    rc = loa_mp3enc_finish(enc, &it->samples);
  if (enc)
    loa_mp3enc_free(enc);
  if (fflush(fp) || fsync(fileno(fp)))
    rc = -1;
  fclose(fp);
  if (rc) {
    unlink(tmp);
    return loa_errf(err, errlen, "cannot encode the gap"), LOA_PROG_EBUILD;
  }
  return loa_pcache_commit(o->cache_dir, it, tmp, rate, err, errlen) ? LOA_PROG_EOUTPUT : 0;
}
