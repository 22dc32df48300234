/* test_mp3.c: encoding, assembly and read-back of MP3 files, checked on the decoded audio and the bytes.
 *
 * Decoding goes through libsndfile (libmpg123 inside, gapless); when ffmpeg,
 * ffprobe and mpg123 are installed their view of the same files is checked
 * too. Frame counts and the LAME tag are parsed here independently of
 * pipeline/mp3_frame.c, so a shared mistake cannot hide.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <lame/lame.h>
#include <math.h>
#include <signal.h>
#include <sndfile.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pipeline/mp3.h"
#include "testutil.h"

static char dir[256];

static const char *TITLE = "Thông báo lịch tiêm phòng cúm gia cầm";
static const char *STATION = "Đài truyền thanh xã Yên Hòa";

/* ---- files and folders ---- */

static void path_in(char *out, size_t n, const char *name)
{
  snprintf(out, n, "%s/%s", dir, name);
}

static int has_temporary(const char *folder)
{
  DIR *d = opendir(folder);
  struct dirent *e;
  int found = 0;
  while (d && (e = readdir(d)))
    if (e->d_name[0] == '.' && strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
      found = 1;
  if (d)
    closedir(d);
  return found;
}

static unsigned char *slurp(const char *path, size_t *n)
{
  return (unsigned char *)tu_read_file(path, n);
}

/* ---- signals ---- */

/* LEAD seconds of silence, a tone of TONE seconds at DBFS peak with 10 ms
 * raised-cosine fades, TAIL seconds of silence: a part cut at pauses. The
 * tone's phase is 0 at sample LEAD*rate. */
static float *tone_part(int rate, double lead, double tone, double tail, double hz, double dbfs,
                        size_t *n)
{
  size_t a = (size_t)llround(lead * rate), b = (size_t)llround(tone * rate);
  size_t c = (size_t)llround(tail * rate), fade = (size_t)(0.010 * rate);
  *n = a + b + c;
  float *p = calloc(*n ? *n : 1, sizeof *p);
  double amp = pow(10.0, dbfs / 20.0);
  for (size_t i = 0; i < b; i++) {
    double g = 1.0;
    if (i < fade)
      g = 0.5 - 0.5 * cos(M_PI * (double)i / (double)fade);
    else if (b - i <= fade)
      g = 0.5 - 0.5 * cos(M_PI * (double)(b - i) / (double)fade);
    p[a + i] = (float)(g * amp * sin(2 * M_PI * hz * (double)i / rate));
  }
  return p;
}

/* Encodes PCM to raw frames at PATH; returns the samples the encoder reports. */
static size_t encode(const char *path, const loa_mp3_settings *s, const float *pcm, size_t n)
{
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  loa_mp3enc *e = loa_mp3enc_new(s, f);
  assert_non_null(e);
  size_t done = 0;
  while (done < n) {                    /* odd block sizes, as a DSP chain would give */
    size_t k = n - done < 3001 ? n - done : 3001;
    assert_int_equal(loa_mp3enc_add(e, pcm + done, k), LOA_MP3_OK);
    done += k;
  }
  size_t got = 0;
  assert_int_equal(loa_mp3enc_finish(e, &got), LOA_MP3_OK);
  loa_mp3enc_free(e);
  assert_int_equal(fclose(f), 0);
  assert_int_equal(got, n);
  return got;
}

static size_t encode_tone(const char *name, const loa_mp3_settings *s, double lead, double tone,
                          double tail, double hz, double dbfs)
{
  char path[300];
  size_t n;
  path_in(path, sizeof path, name);
  float *p = tone_part(s->samplerate, lead, tone, tail, hz, dbfs, &n);
  size_t got = encode(path, s, p, n);
  free(p);
  return got;
}

/* ---- an independent look at MPEG frames ---- */

typedef struct {
  int bitrate, rate, bytes, spf, mono;
} hdr_t;

static int parse_hdr(const unsigned char *h, hdr_t *o)
{
  static const int br1[] = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
  static const int br2[] = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
  static const int sr[] = {44100, 48000, 32000};
  if (h[0] != 0xFF || (h[1] & 0xE0) != 0xE0 || ((h[1] >> 1) & 3) != 1)
    return -1;
  int v = (h[1] >> 3) & 3, bi = h[2] >> 4, si = (h[2] >> 2) & 3;
  if (v == 1 || bi == 0 || bi == 15 || si == 3)
    return -1;
  o->bitrate = v == 3 ? br1[bi] : br2[bi];
  o->rate = sr[si] / (v == 3 ? 1 : v == 2 ? 2 : 4);
  o->spf = v == 3 ? 1152 : 576;
  o->bytes = (v == 3 ? 144000 : 72000) * o->bitrate / o->rate + ((h[2] >> 1) & 1);
  o->mono = (h[3] >> 6) == 3;
  return 0;
}

/* Frames in a raw segment file (all of it must be frames). */
static size_t count_frames(const char *name)
{
  char path[300];
  size_t n, at = 0, frames = 0;
  path_in(path, sizeof path, name);
  unsigned char *p = slurp(path, &n);
  assert_non_null(p);
  hdr_t h;
  while (at + 4 <= n && parse_hdr(p + at, &h) == 0) {
    at += (size_t)h.bytes;
    frames++;
  }
  assert_int_equal(at, n);
  free(p);
  return frames;
}

static int lame_delay(const loa_mp3_settings *s)
{
  lame_t l = lame_init();
  lame_set_in_samplerate(l, s->samplerate);
  lame_set_out_samplerate(l, s->samplerate);
  lame_set_num_channels(l, 1);
  lame_set_mode(l, MONO);
  lame_set_brate(l, s->bitrate_kbps);
  lame_init_params(l);
  int d = lame_get_encoder_delay(l);
  lame_close(l);
  return d;
}

static uint16_t crc16_bitwise(const unsigned char *p, size_t n)
{
  uint16_t crc = 0;
  while (n--) {
    crc ^= *p++;
    for (int k = 0; k < 8; k++)
      crc = (crc & 1) ? (uint16_t)((crc >> 1) ^ 0xA001) : (uint16_t)(crc >> 1);
  }
  return crc;
}

static size_t syncsafe(const unsigned char *p)
{
  return (size_t)p[0] << 21 | (size_t)p[1] << 14 | (size_t)p[2] << 7 | p[3];
}

static uint32_t be32(const unsigned char *p)
{
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* ---- decoding ---- */

typedef struct {
  float *x;
  size_t n;
  int rate;
} pcm_t;

static pcm_t decode(const char *path)
{
  SF_INFO info;
  memset(&info, 0, sizeof info);
  SNDFILE *f = sf_open(path, SFM_READ, &info);
  if (!f)
    fail_msg("libsndfile cannot open %s: %s", path, sf_strerror(NULL));
  assert_int_equal(info.channels, 1);
  pcm_t r = {malloc(((size_t)info.frames + 8192) * sizeof(float)), 0, info.samplerate};
  sf_count_t got;
  while ((got = sf_readf_float(f, r.x + r.n, 4096)) > 0) {
    r.n += (size_t)got;
    assert_true(r.n <= (size_t)info.frames);
  }
  assert_int_equal(r.n, (size_t)info.frames);   /* header length = what decodes */
  sf_close(f);
  return r;
}

/* Amplitude and lag (samples) of a tone of HZ whose phase is 0 at sample
 * ORIGIN, measured over [A, B). */
static void tone_fit(const pcm_t *p, size_t origin, size_t a, size_t b, double hz, double *amp,
                     double *lag)
{
  double w = 2 * M_PI * hz / p->rate, si = 0, co = 0;
  for (size_t k = a; k < b; k++) {
    double t = w * ((double)k - (double)origin);
    si += p->x[k] * sin(t);
    co += p->x[k] * cos(t);
  }
  *amp = 2 * sqrt(si * si + co * co) / (double)(b - a);
  *lag = -atan2(co, si) / w;
}

/* Frequency from rising zero crossings (interpolated) over [A, B). */
static double zero_cross_hz(const pcm_t *p, size_t a, size_t b)
{
  double first = -1, last = -1;
  int count = 0;
  for (size_t k = a + 1; k < b; k++)
    if (p->x[k - 1] < 0 && p->x[k] >= 0) {
      double t = (double)(k - 1) + p->x[k - 1] / (p->x[k - 1] - p->x[k]);
      if (first < 0)
        first = t;
      last = t;
      count++;
    }
  return (count - 1) * p->rate / (last - first);
}

static double rms_dbfs(const pcm_t *p, size_t a, size_t b)
{
  double e = 0;
  for (size_t k = a; k < b; k++)
    e += (double)p->x[k] * p->x[k];
  return 10 * log10(e / (double)(b - a) + 1e-30);
}

/* ---- external tools ---- */

static int have(const char *tool)
{
  char cmd[128];
  snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", tool);
  return system(cmd) == 0;
}

static char *run(const char *cmd, size_t *len)
{
  FILE *p = popen(cmd, "r");
  assert_non_null(p);
  size_t cap = 1 << 16, n = 0;
  char *out = malloc(cap);
  size_t got;
  while ((got = fread(out + n, 1, cap - n - 1, p)) > 0) {
    n += got;
    if (cap - n < 4096)
      out = realloc(out, cap *= 2);
  }
  out[n] = 0;
  pclose(p);
  if (len)
    *len = n;
  return out;
}

/* Samples (mono 16-bit) the command's stdout holds. */
static size_t decoded_by(const char *cmd)
{
  size_t n;
  free(run(cmd, &n));
  return n / 2;
}

/* The value after "KEY=" on the Nth line that has it, or NULL. */
static const char *field(const char *text, const char *key, int nth, char *out, size_t outlen)
{
  size_t k = strlen(key);
  for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
    if (!strncmp(l, key, k) && l[k] == '=' && nth-- == 0) {
      const char *v = l + k + 1, *e = strchr(v, '\n');
      size_t m = e ? (size_t)(e - v) : strlen(v);
      snprintf(out, outlen, "%.*s", (int)m, v);
      return out;
    }
  return NULL;
}

/* ---- fixtures ---- */

static int setup(void **state)
{
  (void)state;
  return tu_tmpdir(dir, sizeof dir, "mp3");
}

static int teardown(void **state)
{
  (void)state;
  return tu_rmtree(dir);
}

static loa_id3_tags tags_vi(void)
{
  loa_id3_tags t = {TITLE, STATION, "Chương trình phát thanh buổi sáng", "2024-05-01", "Speech",
                    NULL};
  return t;
}

/* ---- settings ---- */

static void test_default_settings(void **state)
{
  loa_mp3_settings s;
  char err[200];
  loa_mp3_settings_default(&s);
  assert_int_equal(s.samplerate, 44100);
  assert_int_equal(s.bitrate_kbps, 96);
  assert_int_equal(s.vbr, 0);
  assert_int_equal(loa_mp3_settings_check(&s, err, sizeof err), LOA_MP3_OK);
}

static void test_bad_settings_rejected(void **state)
{
  static const struct { int rate, kbps, vbr, vq, q; } bad[] = {
    {44000, 96, 0, 4, 5},    /* no such MPEG rate */
    {96000, 96, 0, 4, 5},
    {44100, 100, 0, 4, 5},   /* not a Layer III bitrate */
    {44100, 8, 0, 4, 5},     /* MPEG-1 starts at 32 */
    {22050, 192, 0, 4, 5},   /* MPEG-2 stops at 160 */
    {8000, 96, 0, 4, 5},     /* MPEG-2.5: LAME stops at 64 */
    {44100, 96, 0, 4, 10},   /* quality 0..9 */
    {44100, 96, 0, 4, -1},
    {44100, 96, 1, 10, 5},   /* VBR quality 0..9 */
    {44100, 96, 2, 4, 5},    /* vbr is 0 or 1 */
  };
  FILE *sink = fopen("/dev/null", "wb");
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    loa_mp3_settings s = {bad[i].rate, bad[i].kbps, bad[i].vbr, bad[i].vq, bad[i].q, 0};
    char err[200] = "";
    assert_int_equal(loa_mp3_settings_check(&s, err, sizeof err), LOA_MP3_EARG);
    assert_true(strlen(err) > 10 && !strchr(err, '\n'));
    assert_null(loa_mp3enc_new(&s, sink));
    char out[300];
    path_in(out, sizeof out, "never.mp3");
    loa_mp3_segment seg = {"/dev/null", 0, NULL};
    assert_int_equal(loa_mp3_assemble(out, NULL, &seg, 1, &s, err, sizeof err), LOA_MP3_EARG);
    assert_false(tu_exists(out));
  }
  fclose(sink);
}

/* Every rate and every bitrate the check accepts, LAME encodes as asked. */
static void test_every_valid_setting_encodes(void **state)
{
  static const int rates[] = {8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000};
  static const int kbps[] = {8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160,
                             192, 224, 256, 320};
  int accepted = 0;
  for (size_t r = 0; r < sizeof rates / sizeof rates[0]; r++)
    for (size_t b = 0; b < sizeof kbps / sizeof kbps[0]; b++) {
      loa_mp3_settings s = {rates[r], kbps[b], 0, 4, 9, 0};
      if (loa_mp3_settings_check(&s, NULL, 0) != LOA_MP3_OK)
        continue;
      accepted++;
      char path[300];
      path_in(path, sizeof path, "any.raw");
      size_t n = (size_t)rates[r] / 10;
      float *p = calloc(n, sizeof *p);
      encode(path, &s, p, n);
      free(p);
      size_t len;
      unsigned char *data = slurp(path, &len);
      hdr_t h;
      assert_int_equal(parse_hdr(data, &h), 0);
      assert_int_equal(h.rate, rates[r]);
      assert_int_equal(h.bitrate, kbps[b]);
      assert_true(h.mono);
      free(data);
    }
  assert_int_equal(accepted, 3 * 14 + 3 * 14 + 3 * 8);
}

/* ---- one segment ---- */

/* 3.217 s of 440 Hz at -12 dBFS decodes to exactly its samples, in place,
 * at its level and frequency. */
static void test_single_tone_decodes_exactly(void **state)
{
  loa_mp3_settings s;
  loa_mp3_settings_default(&s);
  size_t n = encode_tone("tone.raw", &s, 0, 3.217, 0, 440, -12);
  assert_int_equal(n, 141870);
  char seg_path[300], out[300], err[256] = "";
  path_in(seg_path, sizeof seg_path, "tone.raw");
  path_in(out, sizeof out, "tone.mp3");
  loa_mp3_segment seg = {seg_path, n, NULL};
  loa_id3_tags t = tags_vi();
  assert_int_equal(loa_mp3_assemble(out, &t, &seg, 1, &s, err, sizeof err), LOA_MP3_OK);
  pcm_t p = decode(out);
  assert_int_equal(p.n, n);
  assert_int_equal(p.rate, 44100);
  double amp, lag;
  tone_fit(&p, 0, 4410, n - 4410, 440, &amp, &lag);
  assert_true(fabs(20 * log10(amp) + 12) < 0.1);
  assert_true(fabs(lag) < 0.1);                 /* not shifted by the codec delay */
  assert_true(fabs(zero_cross_hz(&p, 4410, n - 4410) - 440) < 0.1);
  double seconds;
  assert_int_equal(loa_mp3_probe(out, &seconds, NULL, 0, NULL, 0, NULL), LOA_MP3_OK);
  assert_true(fabs(seconds * 44100 - (double)n) < 0.01);
  free(p.x);
}

/* The info frame and LAME tag, read here byte by byte. */
static void test_info_frame_fields(void **state)
{
  loa_mp3_settings s;
  loa_mp3_settings_default(&s);
  size_t n = encode_tone("info.raw", &s, 0.1, 2.0, 0.1, 440, -12);
  size_t frames = count_frames("info.raw");
  int delay = lame_delay(&s);
  char seg_path[300], out[300], err[256];
  path_in(seg_path, sizeof seg_path, "info.raw");
  path_in(out, sizeof out, "info.mp3");
  loa_mp3_segment seg = {seg_path, n, "Một"};
  loa_id3_tags t = tags_vi();
  assert_int_equal(loa_mp3_assemble(out, &t, &seg, 1, &s, err, sizeof err), LOA_MP3_OK);
  size_t len, rawlen;
  unsigned char *f = slurp(out, &len), *raw = slurp(seg_path, &rawlen);
  assert_memory_equal(f, "ID3\x04\x00\x00", 6);
  size_t tag = 10 + syncsafe(f + 6);
  unsigned char *info = f + tag;
  hdr_t h;
  assert_int_equal(parse_hdr(info, &h), 0);
  assert_int_equal(h.bitrate, 96);              /* the CBR stream's own bitrate */
  assert_int_equal(len, tag + (size_t)h.bytes + rawlen);
  assert_memory_equal(f + tag + h.bytes, raw, rawlen);   /* frames unchanged */
  for (int i = 4; i < 4 + 17; i++)
    assert_int_equal(info[i], 0);               /* empty side info: a silent frame */
  unsigned char *x = info + 4 + 17;
  assert_memory_equal(x, "Info", 4);
  assert_int_equal(be32(x + 4), 0x0F);
  assert_int_equal(be32(x + 8), frames);
  assert_int_equal(be32(x + 12), (size_t)h.bytes + rawlen);
  assert_int_equal(x[16], 0);                   /* TOC starts at 0 and grows */
  for (int i = 1; i < 100; i++)
    assert_true(x[16 + i] >= x[16 + i - 1]);
  assert_true(abs(x[16 + 50] - 128) <= 2);     /* CBR: half the time, half the bytes */
  unsigned char *lame = x + 120;
  assert_memory_equal(lame, "LAME3.100", 9);
  assert_int_equal(lame[9] & 15, 1);            /* CBR */
  int d = lame[21] << 4 | lame[22] >> 4, pad = (lame[22] & 15) << 8 | lame[23];
  assert_int_equal(d, delay);
  assert_int_equal(pad, (int)(frames * 1152 - (size_t)delay - n));
  assert_int_equal(be32(lame + 28), (size_t)h.bytes + rawlen);
  assert_int_equal((lame[32] << 8 | lame[33]), crc16_bitwise(raw, rawlen));
  size_t crc_len = (size_t)(lame + 34 - info);
  assert_int_equal(crc_len, 4 + 17 + 120 + 34);
  assert_int_equal((lame[34] << 8 | lame[35]), crc16_bitwise(info, crc_len));
  free(f);
  free(raw);
}

/* ---- several segments ---- */

typedef struct {
  const char *name;
  double lead, tone, tail, hz;
  const char *chapter;
} part_t;

static const part_t parts[3] = {
  {"p1.raw", 0.05, 1.30, 0.05, 440, "Thông báo lịch tiêm phòng cúm gia cầm"},
  {"p2.raw", 0.05, 0.731, 0.05, 660, NULL},
  {"p3.raw", 0.05, 2.00, 0.08, 880, "Lịch cắt điện tuần này"},
};

/* Encodes the three parts, assembles them, and checks the decoded layout:
 * each part where the frame counts put it, the inner boundaries silent, the
 * total the documented sum. */
static void three_parts(const loa_mp3_settings *s, const char *out_name)
{
  loa_mp3_segment seg[3];
  char paths[3][300], out[300], err[256] = "";
  size_t n[3], frames[3], start[3];
  int delay = lame_delay(s), spf = s->samplerate >= 32000 ? 1152 : 576;
  size_t before = 0, expected = 0;
  for (int i = 0; i < 3; i++) {
    n[i] = encode_tone(parts[i].name, s, parts[i].lead, parts[i].tone, parts[i].tail,
                       parts[i].hz, -12);
    frames[i] = count_frames(parts[i].name);
    path_in(paths[i], sizeof paths[i], parts[i].name);
    seg[i] = (loa_mp3_segment){paths[i], n[i], parts[i].chapter};
    start[i] = before * (size_t)spf;
    before += frames[i];
    size_t padding = frames[i] * (size_t)spf - (size_t)delay - n[i];
    expected += n[i] + (i < 2 ? padding + (size_t)delay : 0);  /* inner: padding + delay */
  }
  path_in(out, sizeof out, out_name);
  loa_id3_tags t = tags_vi();
  assert_int_equal(loa_mp3_assemble(out, &t, seg, 3, s, err, sizeof err), LOA_MP3_OK);

  pcm_t p = decode(out);
  assert_int_equal(p.n, expected);
  for (int i = 0; i < 3; i++) {
    size_t origin = start[i] + (size_t)llround(parts[i].lead * s->samplerate);
    size_t len = (size_t)llround(parts[i].tone * s->samplerate), margin = (size_t)s->samplerate / 20;
    double amp, lag;
    tone_fit(&p, origin, origin + margin, origin + len - margin, parts[i].hz, &amp, &lag);
    assert_true(fabs(20 * log10(amp) + 12) < 0.1);   /* unity gain, CBR too */
    assert_true(fabs(lag) < 0.1);
    assert_true(fabs(zero_cross_hz(&p, origin + margin, origin + len - margin) - parts[i].hz) <
                0.2);
    if (i < 2) {   /* from 20 ms before this part's end to 20 ms into the next: silence */
      size_t a = start[i] + n[i] - (size_t)s->samplerate / 50;
      size_t b = start[i + 1] + (size_t)s->samplerate / 50;
      assert_true(rms_dbfs(&p, a, b) < -60);
    }
  }
  double seconds;
  char title[256], artist[256];
  int nch = -1;
  assert_int_equal(loa_mp3_probe(out, &seconds, title, sizeof title, artist, sizeof artist, &nch),
                   LOA_MP3_OK);
  assert_true(fabs(seconds * s->samplerate - (double)expected) < 0.01);
  assert_string_equal(title, TITLE);
  assert_string_equal(artist, STATION);
  assert_int_equal(nch, 2);
  free(p.x);
}

static void test_three_parts_cbr(void **state)
{
  loa_mp3_settings s;
  loa_mp3_settings_default(&s);
  three_parts(&s, "three-cbr.mp3");
}

static void test_three_parts_vbr(void **state)
{
  loa_mp3_settings s;
  loa_mp3_settings_default(&s);
  s.vbr = 1;
  s.vbr_quality = 4;
  three_parts(&s, "three-vbr.mp3");
  char out[300];
  size_t len;
  path_in(out, sizeof out, "three-vbr.mp3");
  unsigned char *f = slurp(out, &len);
  size_t tag = 10 + syncsafe(f + 6);
  assert_memory_equal(f + tag + 4 + 17, "Xing", 4);
  free(f);
}

/* MPEG-2 (576-sample frames) and MPEG-2.5 and a CBR rate too small to hold
 * the info tag in a frame of its own bitrate. */
static void test_other_rates(void **state)
{
  static const loa_mp3_settings set[] = {
    {22050, 48, 0, 4, 5, 0},
    {16000, 32, 1, 5, 5, 0},
    {8000, 16, 0, 4, 5, 0},
    {32000, 32, 0, 4, 5, 0},
    {48000, 64, 0, 4, 5, 0},
  };
  for (size_t i = 0; i < sizeof set / sizeof set[0]; i++)
    three_parts(&set[i], "rates.mp3");
}

/* ---- tags ---- */

/* Walks the ID3v2.4 frames with sync-safe sizes; they must tile the tag exactly. */
static void test_id3_frames_are_syncsafe_and_tile(void **state)
{
  loa_mp3_settings s;
  loa_mp3_settings_default(&s);
  size_t n = encode_tone("tag.raw", &s, 0, 0.5, 0, 440, -12);
  char seg_path[300], out[300], err[256], comment[1200] = "";
  while (strlen(comment) < 900)               /* > 127 bytes: sizes need all four bytes */
    strcat(comment, "Bà con chú ý tiêm phòng đầy đủ cho đàn gia cầm. ");
  path_in(seg_path, sizeof seg_path, "tag.raw");
  path_in(out, sizeof out, "tag.mp3");
  loa_id3_tags t = tags_vi();
  t.comment = comment;
  loa_mp3_segment seg = {seg_path, n, "Chương một"};
  assert_int_equal(loa_mp3_assemble(out, &t, &seg, 1, &s, err, sizeof err), LOA_MP3_OK);
  size_t len;
  unsigned char *f = slurp(out, &len);
  for (int i = 6; i < 10; i++)
    assert_true(f[i] < 0x80);
  size_t end = 10 + syncsafe(f + 6), at = 10;
  int seen_comm = 0, seen_tit2 = 0, seen_chap = 0, seen_ctoc = 0;
  while (at < end) {
    for (int i = 4; i < 8; i++)
      assert_true(f[at + i] < 0x80);
    size_t size = syncsafe(f + at + 4);
    unsigned char *d = f + at + 10;
    if (!memcmp(f + at, "COMM", 4)) {
      seen_comm = 1;
      assert_true(size > 900);
      assert_memory_equal(d, "\x03vie\x00", 5);
      assert_memory_equal(d + 5, comment, strlen(comment));
    } else if (!memcmp(f + at, "TIT2", 4)) {
      seen_tit2 = 1;
      assert_int_equal(size, 1 + strlen(TITLE));
      assert_int_equal(d[0], 3);
      assert_memory_equal(d + 1, TITLE, strlen(TITLE));
    } else if (!memcmp(f + at, "CHAP", 4)) {
      seen_chap = 1;
      assert_string_equal((char *)d, "chp0");
      assert_int_equal(be32(d + 5), 0);                 /* start ms */
      assert_int_equal(be32(d + 9), (uint32_t)llround(n * 1000.0 / 44100));
      hdr_t h;
      assert_int_equal(parse_hdr(f + end, &h), 0);
      assert_int_equal(be32(d + 13), end + (size_t)h.bytes);  /* first audio frame */
      assert_int_equal(be32(d + 17), len);
      assert_memory_equal(d + 21, "TIT2", 4);
    } else if (!memcmp(f + at, "CTOC", 4)) {
      seen_ctoc = 1;
      assert_memory_equal(d, "toc\0\x03\x01" "chp0\0", 11);
    }
    at += 10 + size;
  }
  assert_int_equal(at, end);
  assert_true(seen_comm && seen_tit2 && seen_chap && seen_ctoc);
  free(f);
}

static void test_bad_tags_rejected(void **state)
{
  loa_mp3_settings s;
  loa_mp3_settings_default(&s);
  size_t n = encode_tone("bt.raw", &s, 0, 0.2, 0, 440, -12);
  char seg_path[300], out[300], err[256];
  path_in(seg_path, sizeof seg_path, "bt.raw");
  path_in(out, sizeof out, "bt.mp3");
  loa_mp3_segment seg = {seg_path, n, NULL};
  loa_id3_tags t = tags_vi();
  t.title = "Th\xf4ng b\xe1o";                   /* Latin-1, not UTF-8 */
  assert_int_equal(loa_mp3_assemble(out, &t, &seg, 1, &s, err, sizeof err), LOA_MP3_EARG);
  assert_non_null(strstr(err, "title"));
  t = tags_vi();
  t.date = "01/05/2024";
  assert_int_equal(loa_mp3_assemble(out, &t, &seg, 1, &s, err, sizeof err), LOA_MP3_EARG);
  assert_non_null(strstr(err, "date"));
  assert_false(tu_exists(out));
  assert_false(has_temporary(dir));
}

/* An ID3v2.3 tag in UTF-16 (as other taggers write) reads back as UTF-8. */
static void test_probe_reads_id3v23_utf16(void **state)
{
  loa_mp3_settings s;
  loa_mp3_settings_default(&s);
  size_t n = encode_tone("v23.raw", &s, 0, 0.5, 0, 440, -12);
  (void)n;
  char seg_path[300], out[300];
  path_in(seg_path, sizeof seg_path, "v23.raw");
  path_in(out, sizeof out, "v23.mp3");
  /* "Yên Hòa" as UTF-16LE with BOM */
  static const unsigned char text[] = {0x01, 0xFF, 0xFE, 'Y', 0, 0xEA, 0, 'n', 0, ' ', 0,
                                       'H', 0, 0xF2, 0, 'a', 0, 0, 0};
  unsigned char tag[10 + 10 + sizeof text] = {'I', 'D', '3', 3, 0, 0, 0, 0, 0,
                                              10 + sizeof text};
  memcpy(tag + 10, "TIT2", 4);
  tag[17] = sizeof text;
  memcpy(tag + 20, text, sizeof text);
  size_t rawlen;
  unsigned char *raw = slurp(seg_path, &rawlen);
  FILE *f = fopen(out, "wb");
  fwrite(tag, 1, sizeof tag, f);
  fwrite(raw, 1, rawlen, f);
  fclose(f);
  free(raw);
  char title[64], artist[64];
  double seconds;
  int nch;
  assert_int_equal(loa_mp3_probe(out, &seconds, title, sizeof title, artist, sizeof artist, &nch),
                   LOA_MP3_OK);
  assert_string_equal(title, "Yên Hòa");
  assert_string_equal(artist, "");
  assert_int_equal(nch, 0);
  /* no info frame: every frame counts, delay and padding included */
  assert_true(fabs(seconds * 44100 - (double)count_frames("v23.raw") * 1152) < 0.01);
  /* a title longer than the buffer is cut at a character boundary */
  char small[5];
  assert_int_equal(loa_mp3_probe(out, NULL, small, sizeof small, NULL, 0, NULL), LOA_MP3_OK);
  assert_string_equal(small, "Yên");
}

static void test_probe_rejects_non_mp3(void **state)
{
  char path[300];
  double seconds = 1;
  path_in(path, sizeof path, "note.txt");
  tu_write_text(path, "Thông báo: không phải MP3\n");
  assert_int_equal(loa_mp3_probe(path, &seconds, NULL, 0, NULL, 0, NULL), LOA_MP3_EFORMAT);
  assert_true(seconds == 0);
  path_in(path, sizeof path, "missing.mp3");
  assert_int_equal(loa_mp3_probe(path, &seconds, NULL, 0, NULL, 0, NULL), LOA_MP3_EREAD);
}

/* ---- determinism and reuse ---- */

static int same_file(const char *a, const char *b)
{
  size_t na, nb;
  unsigned char *pa = slurp(a, &na), *pb = slurp(b, &nb);
  int same = pa && pb && na == nb && !memcmp(pa, pb, na);
  free(pa);
  free(pb);
  return same;
}

/* The same PCM gives the same frames, the same segments the same file:
 * --jobs 1 and parallel builds cannot differ. */
static void test_deterministic(void **state)
{
  loa_mp3_settings s;
  loa_mp3_settings_default(&s);
  char a[300], b[300], oa[300], ob[300], err[256];
  size_t n1 = encode_tone("d1.raw", &s, 0.05, 0.7, 0.05, 440, -12);
  size_t n2 = encode_tone("d2.raw", &s, 0.05, 0.7, 0.05, 440, -12);
  path_in(a, sizeof a, "d1.raw");
  path_in(b, sizeof b, "d2.raw");
  assert_int_equal(n1, n2);
  assert_true(same_file(a, b));
  loa_mp3_segment seg[2] = {{a, n1, "Một"}, {b, n2, "Hai"}};
  loa_id3_tags t = tags_vi();
  path_in(oa, sizeof oa, "da.mp3");
  path_in(ob, sizeof ob, "db.mp3");
  assert_int_equal(loa_mp3_assemble(oa, &t, seg, 2, &s, err, sizeof err), LOA_MP3_OK);
  sleep(1);                                     /* a clock in the file would show */
  assert_int_equal(loa_mp3_assemble(ob, &t, seg, 2, &s, err, sizeof err), LOA_MP3_OK);
  assert_true(same_file(oa, ob));
}

/* A finished file can be a segment of a programme (a cached bulletin). */
static void test_finished_file_as_segment(void **state)
{
  loa_mp3_settings s;
  loa_mp3_settings_default(&s);
  char raw[300], bul[300], raw2[300], prog[300], err[256] = "";
  size_t n = encode_tone("b.raw", &s, 0.05, 1.0, 0.05, 440, -12);
  size_t n2 = encode_tone("c.raw", &s, 0.05, 0.5, 0.05, 660, -12);
  path_in(raw, sizeof raw, "b.raw");
  path_in(raw2, sizeof raw2, "c.raw");
  path_in(bul, sizeof bul, "bulletin.mp3");
  path_in(prog, sizeof prog, "programme.mp3");
  loa_id3_tags t = tags_vi();
  loa_mp3_segment one = {raw, n, "Bản tin"};
  assert_int_equal(loa_mp3_assemble(bul, &t, &one, 1, &s, err, sizeof err), LOA_MP3_OK);
  loa_mp3_segment seg[2] = {{bul, 0, "Bản tin"}, {raw2, n2, "Kết thúc"}};
  assert_int_equal(loa_mp3_assemble(prog, &t, seg, 2, &s, err, sizeof err), LOA_MP3_OK);
  pcm_t p = decode(prog);
  assert_int_equal(p.n, count_frames("b.raw") * 1152 + n2);
  free(p.x);
  seg[0].samples = n + 1;                       /* disagrees with the file's LAME tag */
  assert_int_equal(loa_mp3_assemble(prog, &t, seg, 2, &s, err, sizeof err), LOA_MP3_EFORMAT);
}

/* ---- bad segments, bad outputs ---- */

static void expect_rejected(const loa_mp3_segment *seg, size_t nseg, const loa_mp3_settings *s,
                            int code, const char *needle)
{
  char out[300], err[256] = "";
  path_in(out, sizeof out, "keep.mp3");
  tu_write_text(out, "previous programme");
  int entries = tu_count_entries(dir);
  loa_id3_tags t = tags_vi();
  assert_int_equal(loa_mp3_assemble(out, &t, seg, nseg, s, err, sizeof err), code);
  assert_true(strlen(err) > 0 && !strchr(err, '\n'));
  if (needle && !strstr(err, needle))
    fail_msg("\"%s\" lacks \"%s\"", err, needle);
  size_t len;
  unsigned char *p = slurp(out, &len);
  assert_int_equal(len, strlen("previous programme"));   /* old file untouched */
  free(p);
  assert_int_equal(tu_count_entries(dir), entries);       /* no temporary left */
}

static void test_mismatched_segments_rejected(void **state)
{
  loa_mp3_settings s, s22, s128;
  loa_mp3_settings_default(&s);
  s22 = s128 = s;
  s22.samplerate = 22050;
  s22.bitrate_kbps = 48;
  s128.bitrate_kbps = 128;
  char a[300], b[300], c[300], junk[300], cut[300], empty[300];
  size_t na = encode_tone("m44.raw", &s, 0, 0.5, 0, 440, -12);
  size_t nb = encode_tone("m22.raw", &s22, 0, 0.5, 0, 440, -12);
  size_t nc = encode_tone("m128.raw", &s128, 0, 0.5, 0, 440, -12);
  path_in(a, sizeof a, "m44.raw");
  path_in(b, sizeof b, "m22.raw");
  path_in(c, sizeof c, "m128.raw");

  loa_mp3_segment rate[2] = {{a, na, "A"}, {b, nb, "B"}};
  expect_rejected(rate, 2, &s, LOA_MP3_EFORMAT, b);
  loa_mp3_segment bitrate[2] = {{a, na, "A"}, {c, nc, "C"}};
  expect_rejected(bitrate, 2, &s, LOA_MP3_EFORMAT, "128 kbps");
  loa_mp3_segment wrong_settings = {b, nb, NULL};
  expect_rejected(&wrong_settings, 1, &s, LOA_MP3_EFORMAT, "22050 Hz");

  path_in(junk, sizeof junk, "junk.raw");
  tu_write_text(junk, "RIFF....WAVEfmt not an mp3 at all");
  loa_mp3_segment bad = {junk, 100, NULL};
  expect_rejected(&bad, 1, &s, LOA_MP3_EFORMAT, "byte 0");

  size_t len;
  unsigned char *p = slurp(a, &len);
  path_in(cut, sizeof cut, "cut.raw");
  tu_write_file(cut, p, len - 100);             /* last frame cut off */
  free(p);
  loa_mp3_segment truncated[2] = {{a, na, NULL}, {cut, na, NULL}};
  expect_rejected(truncated, 2, &s, LOA_MP3_EFORMAT, "cut off");

  path_in(empty, sizeof empty, "empty.raw");
  tu_write_file(empty, "", 0);
  loa_mp3_segment none = {empty, 0, NULL};
  expect_rejected(&none, 1, &s, LOA_MP3_EFORMAT, "no MPEG frames");

  loa_mp3_segment wrong_count = {a, na + 5000, NULL};     /* more samples than frames hold */
  expect_rejected(&wrong_count, 1, &s, LOA_MP3_EFORMAT, "cannot hold");

  char missing[300];
  path_in(missing, sizeof missing, "missing.raw");
  loa_mp3_segment gone[2] = {{a, na, NULL}, {missing, 10, NULL}};
  expect_rejected(gone, 2, &s, LOA_MP3_EREAD, "missing.raw");
}

static void test_unwritable_output(void **state)
{
  loa_mp3_settings s;
  loa_mp3_settings_default(&s);
  size_t n = encode_tone("w.raw", &s, 0, 0.5, 0, 440, -12);
  char seg_path[300], err[256] = "";
  path_in(seg_path, sizeof seg_path, "w.raw");
  loa_mp3_segment seg = {seg_path, n, NULL};
  loa_id3_tags t = tags_vi();
  assert_int_equal(loa_mp3_assemble("/nonexistent-folder/x.mp3", &t, &seg, 1, &s, err,
                                    sizeof err), LOA_MP3_EWRITE);
  assert_int_equal(errno, ENOENT);
  assert_non_null(strstr(err, "/nonexistent-folder/x.mp3"));
}

/* The disk fills up half-way (the file size limit stands in for it): the old
 * file stays, no temporary is left. */
static void test_write_failure_leaves_nothing(void **state)
{
  loa_mp3_settings s;
  loa_mp3_settings_default(&s);
  size_t n = encode_tone("big.raw", &s, 0, 10.0, 0, 440, -12);   /* ~120 kB */
  char seg_path[300];
  path_in(seg_path, sizeof seg_path, "big.raw");
  loa_mp3_segment seg = {seg_path, n, "Một"};
  struct rlimit old, small;
  getrlimit(RLIMIT_FSIZE, &old);
  small = old;
  small.rlim_cur = 64 * 1024;
  void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
  assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
  char out[300], err[256] = "";
  path_in(out, sizeof out, "keep.mp3");
  tu_write_text(out, "previous programme");
  int entries = tu_count_entries(dir);
  loa_id3_tags t = tags_vi();
  int rc = loa_mp3_assemble(out, &t, &seg, 1, &s, err, sizeof err);
  int e = errno;
  setrlimit(RLIMIT_FSIZE, &old);
  signal(SIGXFSZ, prev);
  assert_int_equal(rc, LOA_MP3_EWRITE);
  assert_int_equal(e, EFBIG);
  assert_non_null(strstr(err, "keep.mp3"));
  assert_int_equal(tu_count_entries(dir), entries);
  size_t len;
  free(slurp(out, &len));
  assert_int_equal(len, strlen("previous programme"));
}

/* A real full disk, when a small tmpfs can be mounted (root); skipped otherwise. */
static void test_full_disk(void **state)
{
  char mnt[300];
  path_in(mnt, sizeof mnt, "tiny");
  assert_int_equal(mkdir(mnt, 0755), 0);
  if (mount("tmpfs", mnt, "tmpfs", 0, "size=48k") != 0) {
    rmdir(mnt);
    skip();
  }
  loa_mp3_settings s;
  loa_mp3_settings_default(&s);
  size_t n = encode_tone("full.raw", &s, 0, 8.0, 0, 440, -12);   /* ~96 kB */
  char seg_path[300], out[400], err[256] = "";
  path_in(seg_path, sizeof seg_path, "full.raw");
  snprintf(out, sizeof out, "%s/programme.mp3", mnt);
  loa_mp3_segment seg = {seg_path, n, NULL};
  loa_id3_tags t = tags_vi();
  int rc = loa_mp3_assemble(out, &t, &seg, 1, &s, err, sizeof err);
  int e = errno, left = tu_count_entries(mnt);
  umount2(mnt, MNT_DETACH);
  rmdir(mnt);
  assert_int_equal(rc, LOA_MP3_EWRITE);
  assert_int_equal(e, ENOSPC);
  assert_non_null(strstr(err, "No space left"));
  assert_int_equal(left, 0);
}

/* The encoder reports a full disk as a write error, errno kept. */
static void test_encoder_write_error(void **state)
{
  FILE *f = fopen("/dev/full", "wb");
  if (!f)
    skip();
  loa_mp3_settings s;
  loa_mp3_settings_default(&s);
  loa_mp3enc *e = loa_mp3enc_new(&s, f);
  assert_non_null(e);
  size_t n;
  float *p = tone_part(44100, 0, 1.0, 0, 440, -12, &n);
  int rc = loa_mp3enc_add(e, p, n);
  if (rc == LOA_MP3_OK)
    rc = loa_mp3enc_finish(e, NULL);
  assert_int_equal(rc, LOA_MP3_EWRITE);
  assert_int_equal(errno, ENOSPC);
  loa_mp3enc_free(e);
  fclose(f);
  free(p);
}

/* ---- what other decoders and tag readers see ---- */

static void test_other_decoders_and_ffprobe(void **state)
{
  if (!have("ffprobe") || !have("ffmpeg") || !have("mpg123"))
    skip();
  loa_mp3_settings s;
  loa_mp3_settings_default(&s);
  three_parts(&s, "tools.mp3");
  char out[300], cmd[600], v[512];
  path_in(out, sizeof out, "tools.mp3");
  size_t frames = 0, expected = 0, start[3], before = 0;
  int delay = lame_delay(&s);
  for (int i = 0; i < 3; i++) {
    size_t fr = count_frames(parts[i].name), n;
    free(tone_part(44100, parts[i].lead, parts[i].tone, parts[i].tail, 440, -12, &n));
    start[i] = before * 1152;
    before += fr;
    frames += fr;
    expected = i < 2 ? expected + fr * 1152 : expected + n;
  }
  (void)delay;
  snprintf(cmd, sizeof cmd, "mpg123 -q -s '%s' 2>/dev/null", out);
  assert_int_equal(decoded_by(cmd), expected);
  snprintf(cmd, sizeof cmd, "ffmpeg -v error -i '%s' -f s16le -ac 1 - 2>/dev/null", out);
  assert_int_equal(decoded_by(cmd), expected);

  snprintf(cmd, sizeof cmd, "ffprobe -v error -show_format -show_chapters '%s' 2>&1", out);
  char *text = run(cmd, NULL);
  assert_string_equal(field(text, "TAG:title", 2, v, sizeof v), TITLE);   /* 2 chapters first */
  assert_string_equal(field(text, "TAG:artist", 0, v, sizeof v), STATION);
  assert_string_equal(field(text, "TAG:genre", 0, v, sizeof v), "Speech");
  assert_string_equal(field(text, "TAG:date", 0, v, sizeof v), "2024-05-01");
  assert_string_equal(field(text, "TAG:title", 0, v, sizeof v), parts[0].chapter);
  assert_string_equal(field(text, "TAG:title", 1, v, sizeof v), parts[2].chapter);
  /* chapters: part 1 up to part 2's start, part 3 to the end */
  assert_int_equal(atol(field(text, "start", 0, v, sizeof v)), 0);
  assert_int_equal(atol(field(text, "end", 0, v, sizeof v)), llround(start[1] * 1000.0 / 44100));
  assert_int_equal(atol(field(text, "start", 1, v, sizeof v)), llround(start[2] * 1000.0 / 44100));
  assert_int_equal(atol(field(text, "end", 1, v, sizeof v)), llround(expected * 1000.0 / 44100));
  /* ffprobe (5.x) states the length of all frames and starts the clock after
   * the skipped delay; what it decodes is exact (above) */
  double dur = atof(field(text, "duration", 0, v, sizeof v));
  double exact = (double)expected / 44100, all = (double)frames * 1152 / 44100;
  assert_true(fabs(dur - exact) < 0.001 || fabs(dur - all) < 0.001);
  assert_true(fabs(atof(field(text, "start_time", 2, v, sizeof v)) - (delay + 529) / 44100.0) <
              0.001);
  free(text);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_default_settings),
    cmocka_unit_test(test_bad_settings_rejected),
    cmocka_unit_test(test_every_valid_setting_encodes),
    cmocka_unit_test(test_single_tone_decodes_exactly),
    cmocka_unit_test(test_info_frame_fields),
    cmocka_unit_test(test_three_parts_cbr),
    cmocka_unit_test(test_three_parts_vbr),
    cmocka_unit_test(test_other_rates),
    cmocka_unit_test(test_id3_frames_are_syncsafe_and_tile),
    cmocka_unit_test(test_bad_tags_rejected),
    cmocka_unit_test(test_probe_reads_id3v23_utf16),
    cmocka_unit_test(test_probe_rejects_non_mp3),
    cmocka_unit_test(test_deterministic),
    cmocka_unit_test(test_finished_file_as_segment),
    cmocka_unit_test(test_mismatched_segments_rejected),
    cmocka_unit_test(test_unwritable_output),
    cmocka_unit_test(test_write_failure_leaves_nothing),
    cmocka_unit_test(test_full_disk),
    cmocka_unit_test(test_encoder_write_error),
    cmocka_unit_test(test_other_decoders_and_ffprobe),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
