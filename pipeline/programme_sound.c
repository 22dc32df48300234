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
#include "pipeline/master.h"
#include "pipeline/mp3.h"
#include "pipeline/programme_internal.h"
#include "pipeline/util.h"
#include "lexicon/buf.h"

#define JINGLE_MAX_S 120.0
#define SOUND_RESAMPLE_AUTO 1    /* SRC_SINC_MEDIUM_QUALITY */
#define SOUND_FADE_IN_MS 10
#define SOUND_FADE_OUT_MS 150
#define SOUND_OVER_LU 3.5        /* a sound's loudest 400 ms, over the loudness target */
#define SILENCE_DB -50.0f        /* a sound's ends this far under its peak are silence */

typedef struct {
  float *p;
  size_t n, cap;
} fbuf;

static int append(fbuf *b, const float *pcm, size_t n)
{
  float *p = loa_grow(b->p, &b->cap, b->n + n, sizeof *p);
  if (!p)
    return -1;
  b->p = p;
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
    if ((rc = append(out, mono, (size_t)got)))
      break;
  }
  sf_close(sf);
  *rate = info.samplerate;
  if (rc || !out->n)
    return loa_errf(err, errlen, "%s: no sound in the file", path), -1;
  return 0;
}

/* The mastering of a sound at IN_RATE in two halves. The shaping: resampled to
 * the output rate (music gets a good sinc converter unless one is set: it is
 * seconds long) and the preset, as for the bulletins (no high-pass). The
 * leveling of the shaped sound, once its silence is cut: gain, limiter, short fades. */
static loa_master sound_shaping(const loa_build_opts *bo, int in_rate)
{
  return (loa_master){
      .preset = bo->preset,
      .in_rate = in_rate,
      .rate = bo->mp3.samplerate,
      .out_rate = bo->mp3.samplerate,
      .resample_quality = bo->resample_quality >= 0 ? bo->resample_quality : SOUND_RESAMPLE_AUTO,
  };
}

static loa_master sound_leveling(const loa_build_opts *bo, double gain_db, size_t frames)
{
  return (loa_master){
      .in_rate = bo->mp3.samplerate,
      .rate = bo->mp3.samplerate,
      .out_rate = bo->mp3.samplerate,
      .limit = 1,
      .gain_db = gain_db,
      .ceiling_dbtp = bo->true_peak,
      .fade = 1,
      .fade_in_ms = SOUND_FADE_IN_MS,
      .fade_out_ms = SOUND_FADE_OUT_MS,
      .out_frames = frames,
  };
}

/* Run the N frames of PCM through the chain M describes into SINK. */
static int run_master(const loa_master *m, const float *pcm, size_t n, loa_sink_fn sink,
                      void *user, const char *source, char *err, size_t errlen)
{
  char e[512];
  loa_chain *ch = loa_chain_new(sink, user);
  int rc = ch ? loa_master_add(ch, m, e, sizeof e) : LOA_DSP_ENOMEM;
  if (rc)
    loa_errf(err, errlen, "%s: %s", source, ch ? e : "out of memory");
  else if ((rc = loa_chain_push(ch, pcm, n)) || (rc = loa_chain_finish(ch)))
    loa_errf(err, errlen, "%s: the sound could not be processed", source);
  loa_chain_free(ch);
  return rc;
}

static int collect_sink(const float *pcm, size_t n, void *user)
{
  return append(user, pcm, n);
}

/* Cut the silence (under SILENCE_DB from the peak) at both ends of B: the
 * programme places every pause. */
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

/* The gain that puts the loudest 400 ms (momentary loudness) of SHAPED, at RATE,
 * SOUND_OVER_LU over LUFS_TARGET, where the speech's loudest moments are (2-3 LU
 * over it); brought to the target as a whole, music with quieter passages
 * sounded under the speech. 0 when it cannot be measured. */
static double sound_gain(const fbuf *shaped, int rate, double lufs_target)
{
  loa_meter *m = loa_meter_new(rate, 0);
  double loudest = -HUGE_VAL, *blocks = NULL;
  size_t nb = 0;
  if (m && loa_meter_add(m, shaped->p, shaped->n) == 0 && loa_meter_export(m, &blocks, &nb) == 0)
    for (size_t i = 0; i < nb; i++)
      if (blocks[i] > 0 && -0.691 + 10 * log10(blocks[i]) > loudest)
        loudest = -0.691 + 10 * log10(blocks[i]);
  free(blocks);
  loa_meter_free(m);
  return isfinite(loudest) ? lufs_target + SOUND_OVER_LU - loudest : 0;
}

/* The leveling M of SHAPED, encoded into FP. */
static int encode_sound(loa_programme_item *it, const loa_build_opts *bo, const fbuf *shaped,
                        const loa_master *m, FILE *fp, char *err, size_t errlen)
{
  loa_mp3enc *enc = loa_mp3enc_new(&bo->mp3, fp);
  if (!enc)
    return loa_errf(err, errlen, "%s: the MP3 encoder could not start", it->source), -1;
  int rc = run_master(m, shaped->p, shaped->n, encode_sink, enc, it->source, err, errlen);
  if (!rc && (loa_mp3enc_finish(enc, &it->samples) || fflush(fp) || fsync(fileno(fp))))
    rc = loa_errf(err, errlen, "%s: cannot encode the sound", it->source);
  loa_mp3enc_free(enc);
  return rc ? -1 : 0;
}

/* A jingle or signal: shaped, its silence cut, leveled (see sound_shaping) with
 * its loudest moments over the loudness target, encoded into the cache. */
int loa_psound_render(loa_programme_item *it, const loa_programme_opts *o, char *err,
                        size_t errlen)
{
  const loa_build_opts *bo = o->build;
  int in_rate = 0, rc = -1;
  fbuf raw = {0}, shaped = {0};
  FILE *fp = NULL;
  char tmp[4096] = "";
  if (read_sound(it->source, &raw, &in_rate, err, errlen))
    goto out;
  loa_master shaping = sound_shaping(bo, in_rate);
  if (run_master(&shaping, raw.p, raw.n, collect_sink, &shaped, it->source, err, errlen))
    goto out;
  trim_silence(&shaped);
  loa_master m = sound_leveling(bo, sound_gain(&shaped, (int)shaping.rate, bo->lufs), shaped.n);
  if (loa_pcache_tmp(o->cache_dir, tmp, sizeof tmp) || !(fp = fopen(tmp, "wb"))) {
    loa_errf(err, errlen, "%s: cannot write in the cache (%s)", o->cache_dir, strerror(errno));
    rc = LOA_PROG_EOUTPUT;
    goto out;
  }
  if (encode_sound(it, bo, &shaped, &m, fp, err, errlen))
    goto out;
  fclose(fp);
  fp = NULL;
  rc = loa_pcache_commit(o->cache_dir, it, tmp, (int)m.rate, err, errlen) ? LOA_PROG_EOUTPUT : 0;
  *tmp = 0;
out:
  if (fp)
    fclose(fp);
  if (*tmp)
    unlink(tmp);
  free(raw.p);
  free(shaped.p);
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
