/* programme.c: rendering programme items into cached MP3 segments, trimming, and writing the programme. */
#include "pipeline/programme.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sndfile.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

#include "pipeline/dsp.h"
#include "pipeline/loudness.h"
#include "pipeline/mp3.h"
#include "pipeline/publish.h"
#include "tts/decode.h"

/* Format an error message into ERR (never a compile-time truncation warning). */
__attribute__((format(printf, 3, 4))) static int errf(char *err, size_t n, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, n, fmt, ap);
  va_end(ap);
  return -1;
}

#define JINGLE_MAX_S 120.0

const char *loa_item_kind_name(loa_item_kind k)
{
  static const char *const names[] = {"jingle", "opening", "bulletin", "closing", "signal"};
  return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "item";
}

static const char *priority_name(int p)
{
  return p == 2 ? "khẩn cấp" : p == 1 ? "ưu tiên" : "thường";
}

static int is_sound(loa_item_kind k) { return k == LOA_ITEM_JINGLE || k == LOA_ITEM_SIGNAL; }

/* ---------------------------------------------------------------- JSON */

void loa_json_string(FILE *f, const char *s)
{
  fputc('"', f);
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
    if (*p == '"' || *p == '\\')
      fprintf(f, "\\%c", *p);
    else if (*p == '\n')
      fputs("\\n", f);
    else if (*p == '\t')
      fputs("\\t", f);
    else if (*p < 0x20)
      fprintf(f, "\\u%04x", *p);
    else
      fputc(*p, f);
  }
  fputc('"', f);
}

/* Read back a string member written by loa_json_string (escapes \" \\ \n \t \u00XX). */
static void json_get_string(const char *json, const char *member, char *out, size_t outlen)
{
  char pat[64];
  snprintf(pat, sizeof pat, "\"%s\":\"", member);
  const char *p = strstr(json, pat);
  size_t o = 0;
  out[0] = 0;
  if (!p)
    return;
  for (p += strlen(pat); *p && *p != '"' && o + 1 < outlen; p++) {
    if (*p == '\\' && p[1]) {
      p++;
      if (*p == 'n')
        out[o++] = '\n';
      else if (*p == 't')
        out[o++] = '\t';
      else if (*p == 'u' && strlen(p) >= 5) {
        out[o++] = (char)strtol((char[]){p[1], p[2], p[3], p[4], 0}, NULL, 16);
        p += 4;
      } else
        out[o++] = *p;
    } else
      out[o++] = *p;
  }
  out[o] = 0;
}

static double json_get_number(const char *json, const char *member)
{
  char pat[64];
  snprintf(pat, sizeof pat, "\"%s\":", member);
  const char *p = strstr(json, pat);
  return p ? strtod(p + strlen(pat), NULL) : NAN;
}

/* ---------------------------------------------------------------- cache */

static void cache_paths(const char *dir, const char *key, char *frames, char *meta)
{
  snprintf(frames, 4096, "%s/%s.frames", dir, key);
  snprintf(meta, 4096, "%s/%s.json", dir, key);
}

/* 1 when KEY is in the cache (fills the item), 0 when not. */
static int cache_lookup(const char *dir, loa_programme_item *it, int rate)
{
  char frames[4096], meta[4096], buf[2048];
  cache_paths(dir, it->key, frames, meta);
  FILE *f = fopen(meta, "r");
  if (!f)
    return 0;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = 0;
  double samples = json_get_number(buf, "samples");
  struct stat st;
  if (!(samples > 0) || stat(frames, &st) || st.st_size <= 0)
    return 0;
  snprintf(it->frames, sizeof it->frames, "%s", frames);
  it->samples = (size_t)samples;
  it->seconds = samples / rate;
  if (!*it->title)
    json_get_string(buf, "title", it->title, sizeof it->title);
  utimensat(AT_FDCWD, meta, NULL, 0);   /* recently used: kept by cache pruning */
  return 1;
}

void loa_programme_cache_dir(const char *station_cache, char *out, size_t len)
{
  errf(out, len, "%s/programme", station_cache);
}

static int is_key_name(const char *name, const char *ext)
{
  size_t n = strlen(name);
  if (n != 64 + strlen(ext) || strcmp(name + 64, ext))
    return 0;
  for (int i = 0; i < 64; i++)
    if (!((name[i] >= '0' && name[i] <= '9') || (name[i] >= 'a' && name[i] <= 'f')))
      return 0;
  return 1;
}

int loa_programme_cache_prune(const char *dir, time_t now, long max_age_s)
{
  DIR *d = opendir(dir);
  if (!d)
    return 0;
  int removed = 0;
  struct dirent *e;
  char meta[4200], frames[4200];
  while ((e = readdir(d))) {
    struct stat st;
    if (!is_key_name(e->d_name, ".json"))
      continue;
    snprintf(meta, sizeof meta, "%s/%s", dir, e->d_name);
    if (stat(meta, &st) || now - st.st_mtime <= max_age_s)
      continue;
    snprintf(frames, sizeof frames, "%s/%.64s.frames", dir, e->d_name);
    unlink(meta);   /* the metadata first: a half-pruned entry is a miss, never a bad hit */
    unlink(frames);
    removed++;
  }
  closedir(d);
  return removed;
}

/* Move the finished TMP frames into the cache under KEY and write its metadata. */
static int cache_commit(const char *dir, loa_programme_item *it, const char *tmp, int rate,
                        char *err, size_t errlen)
{
  char frames[4096], meta[4096];
  cache_paths(dir, it->key, frames, meta);
  if (rename(tmp, frames)) {
    errf(err, errlen, "%s: %s", frames, strerror(errno));
    unlink(tmp);
    return -1;
  }
  loa_atomic_file af;
  if (loa_atomic_open(&af, meta)) {
    errf(err, errlen, "%s: cannot write (%s)", meta, strerror(errno));
    return -1;
  }
  fprintf(af.fp, "{\"samples\":%zu,\"seconds\":%.3f,\"title\":", it->samples,
          (double)it->samples / rate);
  loa_json_string(af.fp, it->title);
  fputs("}\n", af.fp);
  if (loa_atomic_commit(&af)) {
    errf(err, errlen, "%s: cannot write", meta);
    return -1;
  }
  snprintf(it->frames, sizeof it->frames, "%s", frames);
  it->seconds = (double)it->samples / rate;
  return 0;
}

static int cache_tmp(const char *dir, char *tmp, size_t len)
{
  snprintf(tmp, len, "%s/.segment.XXXXXX.tmp", dir);
  int fd = mkstemps(tmp, 4);
  if (fd < 0)
    return -1;
  close(fd);
  return 0;
}

static int mkdir_p(const char *path)
{
  char buf[4096];
  if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
    return errno = ENAMETOOLONG, -1;
  for (char *p = buf + 1; *p; p++)
    if (*p == '/') {
      *p = 0;
      if (mkdir(buf, 0775) && errno != EEXIST)
        return -1;
      *p = '/';
    }
  return mkdir(buf, 0775) && errno != EEXIST ? -1 : 0;
}

/* ---------------------------------------------------------------- rendering */

/* A bulletin or an announcement, through the same build as `loa build`. */
static int render_text(loa_programme_item *it, const char *name, const char *text, size_t len,
                       const loa_programme_opts *o, char *err, size_t errlen)
{
  char tmp[4096], e[1024];
  int rate = o->build->mp3.samplerate;
  if (cache_tmp(o->cache_dir, tmp, sizeof tmp))
    return errf(err, errlen, "%s: cannot write in the cache (%s)", o->cache_dir,
                    strerror(errno)), LOA_PROG_EOUTPUT;
  loa_build_opts bo = *o->build;
  loa_build_result res;
  memset(&res, 0, sizeof res);
  size_t samples = 0;
  int rc = loa_build_segment(name, text, len, tmp, &bo, &samples, &res, e, sizeof e);
  if (rc) {
    unlink(tmp);
    loa_build_result_free(&res);
    errf(err, errlen, "%s", e);
    return LOA_PROG_EBUILD;
  }
  if (!*it->title)
    snprintf(it->title, sizeof it->title, "%s", res.title);
  loa_build_result_free(&res);
  it->samples = samples;
  return cache_commit(o->cache_dir, it, tmp, rate, err, errlen) ? LOA_PROG_EOUTPUT : 0;
}

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
    return errf(err, errlen, "%s: cannot read the sound file (%s)", path, sf_strerror(NULL)), -1;
  if (info.channels < 1 || info.samplerate < 8000 ||
      (double)info.frames > JINGLE_MAX_S * info.samplerate) {
    sf_close(sf);
    return errf(err, errlen, "%s: a jingle must be at most %.0f seconds at 8 kHz or more",
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
    return errf(err, errlen, "%s: no sound in the file", path), -1;
  return 0;
}

/* A jingle or signal: resampled, preset, loudness target, true-peak limit, fades, encoded. */
static int render_sound(loa_programme_item *it, const loa_programme_opts *o, char *err,
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

  /* pass 1: resample and shape as the bulletins are, keep the result */
  ch = loa_chain_new(collect, &res);
  if (!ch || (in_rate != rate && loa_chain_add(ch, loa_resample_new(in_rate, rate, bo->resample_quality))) ||
      (bo->preset && *bo->preset && loa_preset_apply(ch, bo->preset, rate, e, sizeof e)) ||
      loa_chain_push(ch, raw.p, raw.n) || loa_chain_finish(ch)) {
    errf(err, errlen, "%s: cannot process the sound %s", it->source, e);
    goto out;
  }
  loa_chain_free(ch);
  ch = NULL;

  /* loudness target */
  loa_meter *m = loa_meter_new(rate, 0);
  double lufs = -HUGE_VAL;
  if (m) {
    loa_meter_add(m, res.p, res.n);
    lufs = loa_meter_integrated(m);
    loa_meter_free(m);
  }
  double gain = isfinite(lufs) ? bo->lufs - lufs : 0;

  /* pass 2: gain, limiter, fades, encoder */
  if (cache_tmp(o->cache_dir, tmp, sizeof tmp) || !(fp = fopen(tmp, "wb"))) {
    errf(err, errlen, "%s: cannot write in the cache (%s)", o->cache_dir, strerror(errno));
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
    errf(err, errlen, "%s: cannot encode the sound", it->source);
    goto out;
  }
  fclose(fp);
  fp = NULL;
  rc = cache_commit(o->cache_dir, it, tmp, rate, err, errlen) ? LOA_PROG_EOUTPUT : 0;
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
static int sound_key(const char *path, const loa_build_opts *bo, char key[65])
{
  struct stat st;
  if (stat(path, &st))
    return -1;
  char id[4400];
  int n = snprintf(id, sizeof id, "sound\n%s\n%lld\n%lld.%09ld\n", path, (long long)st.st_size,
                   (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  return loa_build_key_text(id, (size_t)n, bo, key);
}

static int prepare_item(loa_programme_item *it, const loa_programme_opts *o, char *err,
                        size_t errlen)
{
  const loa_build_opts *bo = o->build;
  int rate = bo->mp3.samplerate;
  char e[1024];
  if (is_sound(it->kind)) {
    if (sound_key(it->source, bo, it->key))
      return errf(err, errlen, "%s: %s", it->source, strerror(errno)), LOA_PROG_EBUILD;
    if ((it->cache_hit = cache_lookup(o->cache_dir, it, rate)))
      return 0;
    return render_sound(it, o, err, errlen);
  }
  if (it->kind == LOA_ITEM_BULLETIN) {
    loa_text t = {0};
    if (loa_decode_file(it->source, bo->encoding, bo->max_input_bytes, &t, e, sizeof e))
      return errf(err, errlen, "%s: %s", it->source, e), LOA_PROG_EBUILD;
    int rc = loa_build_key_text(t.text, t.len, bo, it->key) ? LOA_PROG_EBUILD : 0;
    if (!rc && !(it->cache_hit = cache_lookup(o->cache_dir, it, rate)))
      rc = render_text(it, it->source, t.text, t.len, o, err, errlen);
    else if (rc)
      errf(err, errlen, "%s: cannot compute its content key", it->source);
    loa_text_free(&t);
    return rc;
  }
  const char *text = it->text ? it->text : "";
  if (loa_build_key_text(text, strlen(text), bo, it->key))
    return errf(err, errlen, "%s: cannot compute its content key",
                    loa_item_kind_name(it->kind)), LOA_PROG_EBUILD;
  if ((it->cache_hit = cache_lookup(o->cache_dir, it, rate)))
    return 0;
  return render_text(it, loa_item_kind_name(it->kind), text, strlen(text), o, err, errlen);
}

/* Render one item; a bulletin or a jingle that cannot be rendered is left
 * out with its reason, an announcement or an unwritable cache is an error. */
static int prepare_one(loa_programme_item *it, const loa_programme_opts *o, char *err,
                       size_t errlen)
{
  char e[1024] = "";
  int rc = prepare_item(it, o, e, sizeof e);
  if (!*it->title) {   /* no title from the header nor the build: the file name */
    const char *base = strrchr(it->source, '/') ? strrchr(it->source, '/') + 1 : it->source;
    errf(it->title, sizeof it->title, "%s", *base ? base : loa_item_kind_name(it->kind));
  }
  if (!rc)
    return 0;
  if (rc == LOA_PROG_EOUTPUT || it->kind == LOA_ITEM_OPENING || it->kind == LOA_ITEM_CLOSING) {
    errf(err, errlen, "%s", e);
    return rc;
  }
  it->left_out = 1;
  errf(it->reason, sizeof it->reason, "cannot be rendered: %s", e);
  return 0;
}

int loa_programme_prepare(loa_programme_item *items, size_t n, const loa_programme_opts *o,
                          char *err, size_t errlen)
{
  if (!o || !o->build || !o->cache_dir || o->build->mp3.samplerate <= 0)
    return errf(err, errlen, "programme: missing settings"), LOA_PROG_EARG;
  if (mkdir_p(o->cache_dir))
    return errf(err, errlen, "%s: cannot create the cache folder (%s)", o->cache_dir,
                strerror(errno)), LOA_PROG_EOUTPUT;
  size_t *order = malloc((n ? n : 1) * sizeof *order);
  if (!order)
    return errf(err, errlen, "out of memory"), LOA_PROG_EOUTPUT;
  size_t m = loa_programme_keep_order(items, n, order);
  /* what always airs first; meanwhile the others wait, out of the layout */
  for (size_t k = 0; k < m; k++)
    items[order[k]].left_out = 2;
  int rc = 0;
  for (size_t i = 0; i < n && !rc; i++)
    if (!items[i].left_out)
      rc = prepare_one(&items[i], o, err, errlen);
  /* then the rest, most important first, while the programme has room */
  int full = 0;
  for (size_t k = 0; k < m && !rc; k++) {
    loa_programme_item *it = &items[order[k]];
    it->left_out = 0;
    if (full) {
      loa_programme_leave_out(it, 0, o->max_s);
      continue;
    }
    rc = prepare_one(it, o, err, errlen);
    if (rc || it->left_out || o->max_s <= 0)
      continue;
    /* the items still waiting count as absent */
    double would = loa_programme_length(items, n, o->gap_s);
    if (would > o->max_s) {
      loa_programme_leave_out(it, loa_programme_layout(items, n, o->gap_s), o->max_s);
      full = 1;
    }
  }
  for (size_t k = 0; k < m; k++)   /* after an error: nothing left waiting */
    if (items[order[k]].left_out == 2)
      items[order[k]].left_out = 0;
  free(order);
  loa_programme_layout(items, n, o->gap_s);
  return rc;
}

/* ---------------------------------------------------------------- frame spans */

/* MPEG frames in a raw segment and PCM frames per MPEG frame: where the
 * segment's items really start in the assembled file (pipeline/mp3.h: a
 * segment starts at S * the frames before it). Layer III headers only, as
 * loa_mp3enc writes them. Returns 0, or -1 if the file is not such frames. */
static int count_frames(const char *path, size_t *frames, int *per_frame)
{
  static const int br1[16] = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0};
  static const int br2[16] = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0};
  static const int sr[4] = {44100, 48000, 32000, 0};
  FILE *f = fopen(path, "rb");
  if (!f)
    return -1;
  unsigned char h[4];
  size_t n = 0;
  int rc = 0;
  while (fread(h, 1, 4, f) == 4) {
    int ver = (h[1] >> 3) & 3, layer = (h[1] >> 1) & 3, bi = h[2] >> 4, si = (h[2] >> 2) & 3;
    if (h[0] != 0xFF || (h[1] & 0xE0) != 0xE0 || ver == 1 || layer != 1 || !sr[si] ||
        !br1[bi]) {
      rc = -1;
      break;
    }
    int mpeg1 = ver == 3, rate = sr[si] >> (ver == 3 ? 0 : ver == 2 ? 1 : 2);
    int kbps = mpeg1 ? br1[bi] : br2[bi], pad = (h[2] >> 1) & 1;
    long bytes = (mpeg1 ? 144000L : 72000L) * kbps / rate + pad;
    *per_frame = mpeg1 ? 1152 : 576;
    n++;
    if (fseek(f, bytes - 4, SEEK_CUR)) {
      rc = -1;
      break;
    }
  }
  fclose(f);
  *frames = n;
  return n ? rc : -1;
}

/* ---------------------------------------------------------------- writing */

/* Silence of GAP_S seconds as a cached segment. */
static int silence_segment(const loa_programme_opts *o, double gap_s, loa_programme_item *it,
                           char *err, size_t errlen)
{
  const loa_build_opts *bo = o->build;
  int rate = bo->mp3.samplerate;
  memset(it, 0, sizeof *it);
  char id[64];
  int n = snprintf(id, sizeof id, "silence %ld ms\n", lround(gap_s * 1000));
  if (loa_build_key_text(id, (size_t)n, bo, it->key))
    return errf(err, errlen, "cannot compute the key of the gap"), LOA_PROG_EBUILD;
  if (cache_lookup(o->cache_dir, it, rate))
    return 0;
  char tmp[4096];
  FILE *fp = NULL;
  if (cache_tmp(o->cache_dir, tmp, sizeof tmp) || !(fp = fopen(tmp, "wb")))
    return errf(err, errlen, "%s: cannot write in the cache", o->cache_dir), LOA_PROG_EOUTPUT;
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
    return errf(err, errlen, "cannot encode the gap"), LOA_PROG_EBUILD;
  }
  return cache_commit(o->cache_dir, it, tmp, rate, err, errlen) ? LOA_PROG_EOUTPUT : 0;
}

/* "Thông báo lịch tiêm phòng" -> "thong-bao-lich-tiem-phong" (at most 40 bytes). */
static void slug(const char *title, char *out, size_t outlen)
{
  utf8proc_uint8_t *m = NULL;
  size_t o = 0;
  int dash = 0;
  if (utf8proc_map((const utf8proc_uint8_t *)title, 0, &m, UTF8PROC_NULLTERM |
                   UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD) < 0)
    m = NULL;
  const char *p = m ? (const char *)m : "";
  size_t cap = outlen - 1 < 40 ? outlen - 1 : 40;
  for (; *p && o < cap; p++) {
    char c = *p;
    if (!strncmp(p, "đ", 2) || !strncmp(p, "Đ", 2))
      c = 'd', p++;
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (dash && o)
        out[o++] = '-';
      if (o < cap)
        out[o++] = c;
      dash = 0;
    } else
      dash = 1;
  }
  out[o] = 0;
  if (!o)
    snprintf(out, outlen, "muc");
  free(m);
}

/* OUT "x/sang-2026-11-25.mp3" -> STEM "x/sang-2026-11-25", BASE "sang-2026-11-25". */
static void stem_of(const char *out, char *stem, size_t len, const char **base)
{
  snprintf(stem, len, "%s", out);
  char *dot = strrchr(stem, '.'), *slash = strrchr(stem, '/');
  if (dot && (!slash || dot > slash))
    *dot = 0;
  slash = strrchr(stem, '/');
  *base = slash ? slash + 1 : stem;
}

/* Remove item files of an earlier build that this one did not write. */
static void remove_stale(const char *dir, char names[][96], size_t n)
{
  char path[4200];
  DIR *d = opendir(dir);
  if (!d)
    return;
  struct dirent *e;
  while ((e = readdir(d))) {
    size_t L = strlen(e->d_name);
    if (L < 7 || e->d_name[2] != '-' || strcmp(e->d_name + L - 4, ".mp3"))
      continue;
    int ours = 0;
    for (size_t i = 0; i < n && !ours; i++)
      ours = !strcmp(names[i], e->d_name);
    if (!ours) {
      snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
      unlink(path);
    }
  }
  closedir(d);
}

static void write_item_json(FILE *f, const loa_programme_item *it, int n, const char *file)
{
  fprintf(f, "    {");
  if (n)
    fprintf(f, "\"n\":%d,", n);
  fprintf(f, "\"kind\":\"%s\",\"title\":", loa_item_kind_name(it->kind));
  loa_json_string(f, it->title);
  fputs(",\"source\":", f);
  loa_json_string(f, it->source);
  if (it->kind == LOA_ITEM_BULLETIN)
    fprintf(f, ",\"priority\":\"%s\",\"replay\":%d", priority_name(it->priority), it->replay);
  if (it->text) {
    fputs(",\"text\":", f);
    loa_json_string(f, it->text);
  }
  if (*it->key)
    fprintf(f, ",\"key\":\"%s\"", it->key);
  if (it->left_out) {
    if (it->seconds > 0)
      fprintf(f, ",\"duration\":%.3f", it->seconds);
    fputs(",\"reason\":", f);
    loa_json_string(f, it->reason);
  } else {
    fprintf(f, ",\"start\":%.3f,\"duration\":%.3f,\"cache\":\"%s\"", it->start, it->seconds,
            it->cache_hit ? "hit" : "built");
    if (file) {
      fputs(",\"file\":", f);
      loa_json_string(f, file);
    }
  }
  fputc('}', f);
}

static int write_manifest(const char *path, const char *mp3_base, loa_programme_item *items,
                          size_t n, char names[][96], const char *dir_base,
                          const loa_programme_opts *o, double seconds, char *err, size_t errlen)
{
  loa_atomic_file af;
  if (loa_atomic_open(&af, path))
    return errf(err, errlen, "%s: cannot write (%s)", path, strerror(errno)), -1;
  FILE *f = af.fp;
  fputs("{\n  \"title\":", f);
  loa_json_string(f, o->title);
  fputs(",\n  \"station\":", f);
  loa_json_string(f, o->station);
  fputs(",\n  \"date\":", f);
  loa_json_string(f, o->date);
  if (o->manifest_extra && *o->manifest_extra)
    fprintf(f, ",\n  %s", o->manifest_extra);
  fputs(",\n  \"file\":", f);
  loa_json_string(f, mp3_base);
  fprintf(f, ",\n  \"duration\":%.3f,\n  \"gap\":%.3f,\n  \"max_duration\":%.3f,"
             "\n  \"loudness_target\":%.1f,\n  \"true_peak\":%.1f,\n  \"items\":[\n",
          seconds, o->gap_s, o->max_s, o->build->lufs, o->build->true_peak);
  int k = 0;
  for (size_t i = 0; i < n; i++) {
    if (items[i].left_out)
      continue;
    char file[4200];
    snprintf(file, sizeof file, "%.4000s/%s", dir_base, names[k]);
    if (k)
      fputs(",\n", f);
    write_item_json(f, &items[i], k + 1, file);
    k++;
  }
  fputs("\n  ],\n  \"left_out\":[", f);
  int first = 1;
  for (size_t i = 0; i < n; i++) {
    if (!items[i].left_out)
      continue;
    fputs(first ? "\n" : ",\n", f);
    write_item_json(f, &items[i], 0, NULL);
    first = 0;
  }
  fputs(first ? "]\n}\n" : "\n  ]\n}\n", f);
  if (loa_atomic_commit(&af))
    return errf(err, errlen, "%s: cannot write", path), -1;
  return 0;
}

static int write_m3u8(const char *path, const loa_programme_item *items, size_t n,
                      char names[][96], const char *dir_base, const char *title,
                      char *err, size_t errlen)
{
  loa_atomic_file af;
  if (loa_atomic_open(&af, path))
    return errf(err, errlen, "%s: cannot write (%s)", path, strerror(errno)), -1;
  fputs("#EXTM3U\n", af.fp);
  if (title && *title)
    fprintf(af.fp, "#PLAYLIST:%s\n", title);
  int k = 0;
  for (size_t i = 0; i < n; i++) {
    if (items[i].left_out)
      continue;
    fprintf(af.fp, "#EXTINF:%.3f,%s\n%s/%s\n", items[i].seconds, items[i].title, dir_base,
            names[k++]);
  }
  if (loa_atomic_commit(&af))
    return errf(err, errlen, "%s: cannot write", path), -1;
  return 0;
}

int loa_programme_write(const char *out_mp3, loa_programme_item *items, size_t n,
                        const loa_programme_opts *o, loa_programme_result *r,
                        char *err, size_t errlen)
{
  char stem[4096], path[4200], e[1024];
  const char *base;
  stem_of(out_mp3, stem, sizeof stem, &base);
  const char *mp3_base = strrchr(out_mp3, '/') ? strrchr(out_mp3, '/') + 1 : out_mp3;
  double total = loa_programme_layout(items, n, o->gap_s);   /* replaced by frame positions below */

  loa_programme_item gap;
  int have_gap = o->gap_s > 0.0005;
  if (have_gap) {
    int rc = silence_segment(o, o->gap_s, &gap, err, errlen);
    if (rc)
      return rc;
  }
  loa_mp3_segment *segs = calloc(2 * n + 1, sizeof *segs);
  char (*names)[96] = calloc(n + 1, sizeof *names);
  if (!segs || !names) {
    free(segs), free(names);
    return errf(err, errlen, "out of memory"), LOA_PROG_EOUTPUT;
  }
  size_t ns = 0;
  int k = 0, rc = 0;
  loa_programme_result res = {0};

  /* the items, each as its own MP3 in the folder beside the programme */
  if (mkdir_p(stem)) {
    rc = LOA_PROG_EOUTPUT;
    errf(err, errlen, "%s: cannot create the folder (%s)", stem, strerror(errno));
    goto out;
  }
  /* where each item starts in the file: frames before it, times samples per frame */
  size_t gap_frames = 0, at = 0, fr;
  int per = 1152;
  if (have_gap && count_frames(gap.frames, &gap_frames, &per)) {
    rc = LOA_PROG_EOUTPUT;
    errf(err, errlen, "%s: not a stream of MP3 frames", gap.frames);
    goto out;
  }
  for (size_t i = 0; i < n; i++) {
    loa_programme_item *it = &items[i];
    if (it->left_out) {
      res.left_out++;
      continue;
    }
    if (ns && have_gap) {
      segs[ns++] = (loa_mp3_segment){gap.frames, gap.samples, NULL};
      at += gap_frames;
    }
    if (count_frames(it->frames, &fr, &per)) {
      rc = LOA_PROG_EOUTPUT;
      errf(err, errlen, "%s: not a stream of MP3 frames", it->frames);
      goto out;
    }
    it->start = (double)at * per / o->build->mp3.samplerate;
    at += fr;
    segs[ns++] = (loa_mp3_segment){it->frames, it->samples, it->title};
    char s[48];
    slug(it->title, s, sizeof s);
    snprintf(names[k], sizeof names[k], "%02d-%s.mp3", k + 1, s);
    snprintf(path, sizeof path, "%s/%s", stem, names[k]);
    loa_id3_tags t = {it->title, o->station, o->title, o->date, "Speech", NULL};
    loa_mp3_segment one = {it->frames, it->samples, it->title};
    if (loa_mp3_assemble(path, &t, &one, 1, &o->build->mp3, e, sizeof e)) {
      rc = LOA_PROG_EOUTPUT;
      errf(err, errlen, "%s: %s", path, e);
      goto out;
    }
    res.items++;
    res.cache_hits += it->cache_hit;
    k++;
  }
  remove_stale(stem, names, (size_t)k);

  loa_id3_tags tags = {o->title, o->station, o->station, o->date, "Speech", NULL};
  if (loa_mp3_assemble(out_mp3, &tags, segs, ns, &o->build->mp3, e, sizeof e)) {
    rc = LOA_PROG_EOUTPUT;
    errf(err, errlen, "%s: %s", out_mp3, e);
    goto out;
  }
  double probed = 0;
  char pt[256], pa[256];
  int nch = 0;
  res.seconds = loa_mp3_probe(out_mp3, &probed, pt, sizeof pt, pa, sizeof pa, &nch) == 0 && probed > 0
                  ? probed : total;

  snprintf(path, sizeof path, "%s.json", stem);
  if (write_manifest(path, mp3_base, items, n, names, base, o, res.seconds, err, errlen)) {
    rc = LOA_PROG_EOUTPUT;
    goto out;
  }
  snprintf(path, sizeof path, "%s.m3u8", stem);
  if (write_m3u8(path, items, n, names, base, o->title, err, errlen))
    rc = LOA_PROG_EOUTPUT;
out:
  free(segs);
  free(names);
  if (r)
    *r = res;
  return rc;
}
