/* mp3_frame.c: Layer III frame headers, CRC-16, and the Xing/LAME info frame (see mp3_frame.h). */
#include "pipeline/mp3_frame.h"

#include <stdio.h>

#include <string.h>

/* Layer III bitrates by index, [0] MPEG-1, [1] MPEG-2 and 2.5. */
static const int bitrates[2][16] = {
  {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, -1},
  {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, -1}
};
/* Sample rates by index for MPEG-1; MPEG-2 halves them, MPEG-2.5 quarters. */
static const int rates[3] = {44100, 48000, 32000};

int loa_mpa_parse(const unsigned char h[4], loa_mpa_header *out)
{
  if (h[0] != 0xFF || (h[1] & 0xE0) != 0xE0)
    return -1;
  int version = (h[1] >> 3) & 3;     /* 0 MPEG-2.5, 1 reserved, 2 MPEG-2, 3 MPEG-1 */
  int layer = (h[1] >> 1) & 3;       /* 1 = Layer III */
  int br_index = h[2] >> 4;
  int sr_index = (h[2] >> 2) & 3;
  if (version == 1 || layer != 1 || br_index == 0 || br_index == 15 || sr_index == 3)
    return -1;
  loa_mpa_header r;
  memset(&r, 0, sizeof r);
  r.lsf = version != 3;
  r.mpeg25 = version == 0;
  r.bitrate_kbps = bitrates[r.lsf][br_index];
  r.samplerate = rates[sr_index] >> (r.lsf + r.mpeg25);
  r.padding = (h[2] >> 1) & 1;
  r.protection = !(h[1] & 1);
  r.mode = h[3] >> 6;
  r.samples = r.lsf ? 576 : 1152;
  r.bytes = (r.lsf ? 72 : 144) * 1000 * r.bitrate_kbps / r.samplerate + r.padding;
  r.sideinfo = (r.mode == 3) ? (r.lsf ? 9 : 17) : (r.lsf ? 17 : 32);
  r.raw = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
  *out = r;
  return 0;
}

static int rate_index(int samplerate, int *lsf, int *mpeg25)
{
  for (int shift = 0; shift < 3; shift++)
    for (int i = 0; i < 3; i++)
      if (rates[i] >> shift == samplerate) {
        *lsf = shift > 0;
        *mpeg25 = shift == 2;
        return i;
      }
  return -1;
}

int loa_mpa_samplerate_valid(int samplerate)
{
  int lsf, mpeg25;
  return rate_index(samplerate, &lsf, &mpeg25) >= 0;
}

static int bitrate_index(int samplerate, int kbps)
{
  int lsf, mpeg25;
  if (rate_index(samplerate, &lsf, &mpeg25) < 0)
    return -1;
  if (mpeg25 && kbps > 64)
    return -1;
  for (int i = 1; i < 15; i++)
    if (bitrates[lsf][i] == kbps)
      return i;
  return -1;
}

int loa_mpa_bitrate_valid(int samplerate, int kbps)
{
  return bitrate_index(samplerate, kbps) > 0;
}

int loa_mpa_frame_bytes(int samplerate, int kbps)
{
  int lsf, mpeg25;
  if (rate_index(samplerate, &lsf, &mpeg25) < 0)
    return -1;
  return (lsf ? 72 : 144) * 1000 * kbps / samplerate;
}

uint16_t loa_crc16(uint16_t crc, const unsigned char *p, size_t n)
{
  static uint16_t table[256];
  static int ready;
  if (!ready) {     /* idempotent: racing threads compute the same table */
    for (unsigned i = 0; i < 256; i++) {
      unsigned c = i;
      for (int k = 0; k < 8; k++)
        c = (c & 1) ? (c >> 1) ^ 0xA001 : c >> 1;
      table[i] = (uint16_t)c;
    }
    ready = 1;
  }
  while (n--)
    crc = (uint16_t)((crc >> 8) ^ table[(crc ^ *p++) & 0xFF]);
  return crc;
}

static void put32(unsigned char *p, uint32_t v)
{
  p[0] = (unsigned char)(v >> 24);
  p[1] = (unsigned char)(v >> 16);
  p[2] = (unsigned char)(v >> 8);
  p[3] = (unsigned char)v;
}

static uint32_t get32(const unsigned char *p)
{
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The bitrate of the info frame: the stream's own for CBR (so the file stays
 * uniformly CBR) when it is big enough, else the smallest that holds the tag,
 * starting from LAME's choice for VBR (128 kbps MPEG-1, 64 MPEG-2, 32 MPEG-2.5). */
static int info_bitrate(const loa_mpa_header *h, int vbr, int need)
{
  int preferred = vbr ? (h->lsf ? (h->mpeg25 ? 32 : 64) : 128) : h->bitrate_kbps;
  if (loa_mpa_frame_bytes(h->samplerate, preferred) >= need)
    return preferred;
  for (int i = 1; i < 15; i++) {
    int kbps = bitrates[h->lsf][i];
    if (kbps >= preferred && loa_mpa_bitrate_valid(h->samplerate, kbps) &&
        loa_mpa_frame_bytes(h->samplerate, kbps) >= need)
      return kbps;
  }
  return -1;
}

static void put_lame(unsigned char *p, const loa_mpa_header *h, const loa_mpa_info *in)
{
  memset(p, 0, LOA_MPA_LAME_BYTES);
  memcpy(p, in->encoder, strnlen(in->encoder, 9));
  p[9] = (unsigned char)(in->vbr_method & 15);           /* tag revision 0 */
  int lowpass = (in->lowpass_hz + 50) / 100;
  p[10] = (unsigned char)(lowpass > 255 ? 0 : lowpass);
  /* 11..18: peak and ReplayGain left at zero (not computed) */
  p[19] = (unsigned char)((in->ath_type & 15) | 1 << 4); /* nspsytune, as LAME 3.100 */
  p[20] = (unsigned char)(in->bitrate_kbps > 255 ? 255 : in->bitrate_kbps);
  p[21] = (unsigned char)(in->delay >> 4);
  p[22] = (unsigned char)((in->delay & 15) << 4 | (in->padding >> 8 & 15));
  p[23] = (unsigned char)in->padding;
  int stereo = h->mode == 3 ? 0 : h->mode == 0 ? 1 : h->mode == 2 ? 2 : 3;
  int source = h->samplerate <= 32000 ? 0 : h->samplerate == 44100 ? 1
             : h->samplerate == 48000 ? 2 : 3;
  p[24] = (unsigned char)(stereo << 2 | source << 6);
  put32(p + 28, in->music_length);
  p[32] = (unsigned char)(in->music_crc >> 8);
  p[33] = (unsigned char)in->music_crc;
}

int loa_mpa_info_write(const loa_mpa_header *stream, const loa_mpa_info *info,
                       unsigned char *buf, size_t cap)
{
  int tag = 4 + stream->sideinfo;
  int need = tag + 120 + LOA_MPA_LAME_BYTES;
  int kbps = info_bitrate(stream, info->vbr, need);
  if (kbps < 0)
    return -1;
  int len = loa_mpa_frame_bytes(stream->samplerate, kbps);
  if ((size_t)len > cap)
    return -1;
  memset(buf, 0, (size_t)len);
  /* Header: the stream's version, rate, mode and flags; no CRC, no padding. */
  buf[0] = 0xFF;
  buf[1] = (unsigned char)(((stream->raw >> 16) & 0xFE) | 1);
  buf[2] = (unsigned char)(bitrate_index(stream->samplerate, kbps) << 4 |
                           ((stream->raw >> 8) & 0x0D));
  buf[3] = (unsigned char)stream->raw;
  unsigned char *p = buf + tag;
  memcpy(p, info->vbr ? "Xing" : "Info", 4);
  put32(p + 4, 0x0F);                      /* frames, bytes, TOC, quality */
  put32(p + 8, info->frames);
  put32(p + 12, info->bytes);
  memcpy(p + 16, info->toc, LOA_MPA_TOC);
  put32(p + 116, info->quality);
  put_lame(p + 120, stream, info);
  size_t crc_at = (size_t)need - 2;
  uint16_t crc = loa_crc16(0, buf, crc_at);
  buf[crc_at] = (unsigned char)(crc >> 8);
  buf[crc_at + 1] = (unsigned char)crc;
  return len;
}

static void get_lame(const unsigned char *p, loa_mpa_info *out)
{
  memcpy(out->encoder, p, 9);
  out->encoder[9] = 0;
  out->vbr_method = p[9] & 15;
  out->lowpass_hz = p[10] * 100;
  out->ath_type = p[19] & 15;
  out->bitrate_kbps = p[20];
  out->delay = p[21] << 4 | p[22] >> 4;
  out->padding = (p[22] & 15) << 8 | p[23];
  out->music_length = get32(p + 28);
  out->music_crc = (uint16_t)(p[32] << 8 | p[33]);
}

int loa_mpa_info_parse(const unsigned char *frame, size_t n, const loa_mpa_header *h,
                       loa_mpa_info *out)
{
  memset(out, 0, sizeof *out);
  size_t at = 4 + (size_t)h->sideinfo;
  if (n > (size_t)h->bytes)
    n = (size_t)h->bytes;
  if (n < at + 8)
    return -1;
  const unsigned char *p = frame + at;
  if (memcmp(p, "Xing", 4) == 0)
    out->vbr = 1;
  else if (memcmp(p, "Info", 4) != 0)
    return -1;
  uint32_t flags = get32(p + 4);
  at += 8;
  if (flags & 1) {
    if (n < at + 4)
      return 0;
    out->frames = get32(frame + at);
    out->has_frames = 1;
    at += 4;
  }
  if (flags & 2) {
    if (n < at + 4)
      return 0;
    out->bytes = get32(frame + at);
    out->has_bytes = 1;
    at += 4;
  }
  if (flags & 4) {
    if (n < at + LOA_MPA_TOC)
      return 0;
    memcpy(out->toc, frame + at, LOA_MPA_TOC);
    at += LOA_MPA_TOC;
  }
  if (flags & 8) {
    if (n < at + 4)
      return 0;
    out->quality = get32(frame + at);
    at += 4;
  }
  if (n < at + LOA_MPA_LAME_BYTES || frame[at] == 0)
    return 0;
  out->has_lame = 1;
  get_lame(frame + at, out);
  uint16_t stored = (uint16_t)(frame[at + 34] << 8 | frame[at + 35]);
  out->tag_crc_ok = loa_crc16(0, frame, at + 34) == stored;
  return 0;
}

int loa_mp3_segment_frames(const char *path, size_t *frames, int *samples_per_frame)
{
  FILE *f = fopen(path, "rb");
  if (!f)
    return LOA_MP3_EREAD;
  unsigned char h[4];
  size_t n = 0;
  int rc = LOA_MP3_OK;
  loa_mpa_header m;
  while (fread(h, 1, 4, f) == 4) {
    if (loa_mpa_parse(h, &m) != 0 || fseek(f, m.bytes - 4, SEEK_CUR) != 0) {
      rc = LOA_MP3_EFORMAT;
      break;
    }
    *samples_per_frame = m.samples;
    n++;
  }
  fclose(f);
  *frames = n;
  return n ? rc : LOA_MP3_EFORMAT;
}
