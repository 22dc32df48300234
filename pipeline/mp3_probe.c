/* mp3_probe.c: reading back an MP3's duration (info frame, LAME delay/padding) and its ID3v2 title, artist, chapters. */
#include "pipeline/mp3.h"
#include "pipeline/mp3_frame.h"
#include "pipeline/mp3_id3.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_TAG (64u << 20)        /* larger ID3 tags are skipped, not parsed */
#define SYNC_WINDOW (64u << 10)    /* how far after the tags the first frame may be */

/* Skips (and parses the first of) the ID3v2 tags at the start; returns where they end. */
static int read_tags(FILE *f, uint64_t size, loa_id3_read_result *r, uint64_t *audio)
{
  unsigned char hdr[10];
  uint64_t pos = 0;
  int parsed = 0;
  while (pos + 10 <= size && fseeko(f, (off_t)pos, SEEK_SET) == 0 &&
         fread(hdr, 1, 10, f) == 10) {
    size_t len = loa_id3_length(hdr);
    if (!len || pos + len > size)
      break;
    size_t footer = (hdr[3] == 4 && (hdr[5] & 0x10)) ? 10 : 0;
    size_t body = len - 10 - footer;
    if (!parsed && body <= MAX_TAG) {
      unsigned char *tag = malloc(body ? body : 1);
      if (!tag)
        return LOA_MP3_ENOMEM;
      if (fread(tag, 1, body, f) == body)
        loa_id3_parse(hdr, tag, body, r);
      free(tag);
      parsed = 1;
    }
    pos += len;
  }
  *audio = pos;
  return LOA_MP3_OK;
}

/* The first frame header at or after *AT that is followed by a matching one
 * (or by the end of the file); *AT is moved there. */
static int find_first_frame(FILE *f, uint64_t size, uint64_t *at, loa_mpa_header *h)
{
  unsigned char *buf = malloc(SYNC_WINDOW + 4);
  if (!buf || fseeko(f, (off_t)*at, SEEK_SET) != 0) {
    free(buf);
    return -1;
  }
  size_t got = fread(buf, 1, SYNC_WINDOW + 4, f);
  int found = -1;
  for (size_t i = 0; found < 0 && i + 4 <= got; i++) {
    loa_mpa_header a, b;
    if (loa_mpa_parse(buf + i, &a) != 0)
      continue;
    size_t next = i + (size_t)a.bytes;
    if (*at + next == size ||
        (next + 4 <= got && loa_mpa_parse(buf + next, &b) == 0 && b.samplerate == a.samplerate &&
         b.lsf == a.lsf)) {
      *at += i;
      *h = a;
      found = 0;
    }
  }
  free(buf);
  return found;
}

/* Counts frames from AT to the end (for files without an info frame). */
static uint64_t count_frames(FILE *f, uint64_t size, uint64_t at)
{
  uint64_t n = 0;
  unsigned char hdr[4];
  loa_mpa_header h;
  while (at + 4 <= size && fseeko(f, (off_t)at, SEEK_SET) == 0 && fread(hdr, 1, 4, f) == 4 &&
         loa_mpa_parse(hdr, &h) == 0 && at + (uint64_t)h.bytes <= size) {
    n++;
    at += (uint64_t)h.bytes;
  }
  return n;
}

static int honours_gapless(const char *encoder)
{
  return !strncmp(encoder, "LAME", 4) || !strncmp(encoder, "Lavf", 4) ||
         !strncmp(encoder, "Lavc", 4);
}

static double duration(FILE *f, uint64_t size, uint64_t at, const loa_mpa_header *h)
{
  unsigned char frame[2048];
  loa_mpa_info info;
  size_t n = 0;
  if (fseeko(f, (off_t)at, SEEK_SET) == 0)
    n = fread(frame, 1, (size_t)h->bytes, f);
  if (n == (size_t)h->bytes && loa_mpa_info_parse(frame, n, h, &info) == 0 && info.has_frames) {
    int64_t samples = (int64_t)info.frames * h->samples;
    if (info.has_lame && honours_gapless(info.encoder))
      samples -= info.delay + info.padding;
    return samples > 0 ? (double)samples / h->samplerate : 0.0;
  }
  return (double)(count_frames(f, size, at) * (uint64_t)h->samples) / h->samplerate;
}

int loa_mp3_probe(const char *path, double *seconds, char *title, size_t titlelen,
                  char *artist, size_t artistlen, int *nchapters)
{
  loa_id3_read_result r = {title, titlelen, artist, artistlen, 0};
  if (seconds)
    *seconds = 0;
  if (title && titlelen)
    title[0] = 0;
  if (artist && artistlen)
    artist[0] = 0;
  if (nchapters)
    *nchapters = 0;
  if (!path)
    return LOA_MP3_EARG;
  FILE *f = fopen(path, "rb");
  if (!f)
    return LOA_MP3_EREAD;
  struct stat sb;
  uint64_t at = 0;
  loa_mpa_header h;
  int rc = fstat(fileno(f), &sb) != 0 ? LOA_MP3_EREAD : LOA_MP3_OK;
  if (!rc)
    rc = read_tags(f, (uint64_t)sb.st_size, &r, &at);
  if (!rc && find_first_frame(f, (uint64_t)sb.st_size, &at, &h) != 0)
    rc = ferror(f) ? LOA_MP3_EREAD : LOA_MP3_EFORMAT;
  if (!rc && seconds)
    *seconds = duration(f, (uint64_t)sb.st_size, at, &h);
  if (nchapters)
    *nchapters = r.chapters;
  fclose(f);
  return rc;
}
