/* mp3_assemble.c: joining raw MP3 segments into one finished file (ID3v2.4 + info frame + frames).
 *
 * Two passes over the segments. The scan parses every frame header, checks
 * that all frames share version, sample rate and channel mode (and the CBR
 * bitrate), counts frames and bytes, notes each frame's offset for the seek
 * table and computes the CRC-16 of the audio for the LAME tag. Then the file
 * is written through a temporary (publish.h): tag, info frame, and the
 * segments' bytes copied unchanged, checked against the scan.
 *
 * Timing. LAME delays its output by D = lame_get_encoder_delay() samples (576
 * for LAME 3.100) and a decoder adds 529 more; a segment of N samples encoded
 * into F frames of S samples carries P = F*S - D - N samples of padding. A
 * gapless decoder skips D + 529 samples at the start of the file and stops
 * P - 529 before the end of the last frame, so the assembled file decodes to
 *
 *     sum over segments of F_i*S  -  D  -  P_last  samples,
 *
 * i.e. every segment's own N_i, plus P_i + D samples of (near) silence at
 * every inner boundary. Segment i starts at sample S * (frames before it) of
 * the decoded output, which is where its chapter starts.
 */
#include "pipeline/mp3.h"
#include "pipeline/mp3_frame.h"
#include "pipeline/mp3_id3.h"
#include "pipeline/publish.h"
#include "lexicon/buf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_FRAME 2048              /* the largest Layer III frame is 1441 bytes */

typedef struct {
  uint64_t start, end;              /* file bytes holding the segment's audio frames */
  size_t first_frame, frames;
  size_t samples;
  long padding;
} seg_info;

typedef struct {
  const loa_mp3_settings *s;
  int delay;                        /* encoder delay, samples */
  loa_mpa_header first;             /* the first frame of the whole stream */
  int have_first;
  uint32_t *offsets;                /* each frame's offset within the audio */
  size_t nframes, cap;
  uint64_t bytes;                   /* audio bytes (without info frame) */
  uint16_t crc;                     /* CRC-16 of the audio bytes */
  seg_info *seg;
} stream;

static int fail(int rc, char *err, size_t errlen, const char *fmt, const char *path,
                const char *what)
{
  snprintf(err, errlen, fmt, path, what);
  return rc;
}

static int push_offset(stream *st)
{
  uint32_t *p = loa_grow(st->offsets, &st->cap, st->nframes + 1, sizeof *p);
  if (!p)
    return LOA_MP3_ENOMEM;
  st->offsets = p;
  st->offsets[st->nframes++] = (uint32_t)st->bytes;
  return LOA_MP3_OK;
}

static const char *mode_name(const loa_mpa_header *h)
{
  return h->mode == 3 ? "mono" : "stereo";
}

/* Frames of a segment must match the stream's first frame and the settings. */
static int check_frame(stream *st, const loa_mpa_header *h, const char *path, uint64_t at,
                       char *err, size_t errlen)
{
  char what[160];
  if (!st->have_first) {
    if (h->samplerate != st->s->samplerate) {
      snprintf(what, sizeof what, "%d Hz frames, the settings say %d Hz", h->samplerate,
               st->s->samplerate);
      return fail(LOA_MP3_EFORMAT, err, errlen, "segment %s: %s", path, what);
    }
    st->first = *h;
    st->have_first = 1;
  }
  const loa_mpa_header *f = &st->first;
  if (h->samplerate != f->samplerate || h->lsf != f->lsf || h->mpeg25 != f->mpeg25 ||
      (h->mode == 3) != (f->mode == 3)) {
    snprintf(what, sizeof what, "frame at byte %llu is %d Hz %s, the stream is %d Hz %s",
             (unsigned long long)at, h->samplerate, mode_name(h), f->samplerate, mode_name(f));
    return fail(LOA_MP3_EFORMAT, err, errlen, "segment %s: %s", path, what);
  }
  if (!st->s->vbr && h->bitrate_kbps != st->s->bitrate_kbps) {
    snprintf(what, sizeof what, "frame at byte %llu is %d kbps, the settings say CBR %d kbps",
             (unsigned long long)at, h->bitrate_kbps, st->s->bitrate_kbps);
    return fail(LOA_MP3_EFORMAT, err, errlen, "segment %s: %s", path, what);
  }
  return LOA_MP3_OK;
}

/* A finished MP3 may be given as a segment: its ID3v2 tag is skipped, and its
 * info frame too, after taking the sample count from its LAME tag. */
static int skip_info_frame(stream *st, FILE *f, seg_info *sg, const char *path,
                           long *tag_samples, char *err, size_t errlen)
{
  unsigned char buf[MAX_FRAME];
  loa_mpa_header h;
  loa_mpa_info info;
  *tag_samples = -1;
  if (fseeko(f, (off_t)sg->start, SEEK_SET) != 0 || fread(buf, 1, 4, f) != 4 ||
      loa_mpa_parse(buf, &h) != 0 || sg->start + (uint64_t)h.bytes > sg->end ||
      fread(buf + 4, 1, (size_t)h.bytes - 4, f) != (size_t)h.bytes - 4 ||
      loa_mpa_info_parse(buf, (size_t)h.bytes, &h, &info) != 0)
    return LOA_MP3_OK;
  if (info.has_lame && info.delay != st->delay) {
    char what[120];
    snprintf(what, sizeof what, "its LAME tag says encoder delay %d, this encoder's is %d",
             info.delay, st->delay);
    return fail(LOA_MP3_EFORMAT, err, errlen, "segment %s: %s", path, what);
  }
  if (info.has_lame && info.has_frames)
    *tag_samples = (long)info.frames * h.samples - info.delay - info.padding;
  sg->start += (uint64_t)h.bytes;
  return LOA_MP3_OK;
}

/* Where the audio frames of an open segment lie (after any ID3v2 tag). */
static int locate_audio(FILE *f, seg_info *sg, const char *path, char *err, size_t errlen)
{
  struct stat sb;
  unsigned char hdr[10];
  if (fstat(fileno(f), &sb) != 0)
    return fail(LOA_MP3_EREAD, err, errlen, "segment %s: %s", path, strerror(errno));
  sg->start = 0;
  sg->end = (uint64_t)sb.st_size;
  if (sg->end >= 10 && fread(hdr, 1, 10, f) == 10) {
    size_t tag = loa_id3_length(hdr);
    if (tag && tag <= sg->end)
      sg->start = tag;
  }
  return LOA_MP3_OK;
}

static int scan_frames(stream *st, FILE *f, seg_info *sg, const char *path, char *err,
                       size_t errlen)
{
  unsigned char buf[MAX_FRAME];
  uint64_t at = sg->start;
  if (fseeko(f, (off_t)at, SEEK_SET) != 0)
    return fail(LOA_MP3_EREAD, err, errlen, "segment %s: %s", path, strerror(errno));
  sg->first_frame = st->nframes;
  while (at < sg->end) {
    char what[120];
    loa_mpa_header h;
    size_t got = fread(buf, 1, 4, f);
    if (got >= 3 && !memcmp(buf, "TAG", 3) && sg->end - at == 128)
      break;                            /* ID3v1 tag at the end of a finished file */
    if (got < 4 || loa_mpa_parse(buf, &h) != 0) {
      if (ferror(f))
        return fail(LOA_MP3_EREAD, err, errlen, "segment %s: %s", path, strerror(errno));
      snprintf(what, sizeof what, "byte %llu is not the start of an MPEG Layer III frame",
               (unsigned long long)at);
      return fail(LOA_MP3_EFORMAT, err, errlen, "segment %s: %s", path, what);
    }
    int rc = check_frame(st, &h, path, at, err, errlen);
    if (rc)
      return rc;
    if (at + (uint64_t)h.bytes > sg->end ||
        fread(buf + 4, 1, (size_t)h.bytes - 4, f) != (size_t)h.bytes - 4) {
      if (ferror(f))
        return fail(LOA_MP3_EREAD, err, errlen, "segment %s: %s", path, strerror(errno));
      snprintf(what, sizeof what, "the frame at byte %llu is cut off", (unsigned long long)at);
      return fail(LOA_MP3_EFORMAT, err, errlen, "segment %s: %s", path, what);
    }
    if (st->bytes + (uint64_t)h.bytes > UINT32_MAX - MAX_FRAME)
      return fail(LOA_MP3_EFORMAT, err, errlen, "segment %s: %s", path,
                  "the stream passes 4 GiB, more than an MP3 info frame can describe");
    if ((rc = push_offset(st)) != 0)
      return fail(rc, err, errlen, "segment %s: %s", path, "out of memory");
    st->crc = loa_crc16(st->crc, buf, (size_t)h.bytes);
    st->bytes += (uint64_t)h.bytes;
    at += (uint64_t)h.bytes;
  }
  sg->end = at;
  sg->frames = st->nframes - sg->first_frame;
  return LOA_MP3_OK;
}

/* Samples and padding of a scanned segment; the padding must fit the LAME tag. */
static int check_padding(stream *st, seg_info *sg, const loa_mp3_segment *in, long tag_samples,
                         char *err, size_t errlen)
{
  char what[160];
  if (!sg->frames)
    return fail(LOA_MP3_EFORMAT, err, errlen, "segment %s: %s", in->path,
                "holds no MPEG frames");
  if (tag_samples >= 0 && in->samples && (size_t)tag_samples != in->samples) {
    snprintf(what, sizeof what, "its LAME tag says %ld samples, the caller says %zu",
             tag_samples, in->samples);
    return fail(LOA_MP3_EFORMAT, err, errlen, "segment %s: %s", in->path, what);
  }
  sg->samples = tag_samples >= 0 ? (size_t)tag_samples : in->samples;
  long long pad = (long long)sg->frames * st->first.samples - st->delay - (long long)sg->samples;
  if (pad < 0 || pad > 4095) {
    snprintf(what, sizeof what, "%zu frames cannot hold %zu samples after a delay of %d",
             sg->frames, sg->samples, st->delay);
    return fail(LOA_MP3_EFORMAT, err, errlen, "segment %s: %s", in->path, what);
  }
  sg->padding = (long)pad;
  return LOA_MP3_OK;
}

static int scan_segment(stream *st, const loa_mp3_segment *in, seg_info *sg, char *err,
                        size_t errlen)
{
  if (!in->path)
    return fail(LOA_MP3_EARG, err, errlen, "segment %s: %s", "(null)", "no path");
  FILE *f = fopen(in->path, "rb");
  if (!f)
    return fail(LOA_MP3_EREAD, err, errlen, "segment %s: %s", in->path, strerror(errno));
  long tag_samples = -1;
  int rc = locate_audio(f, sg, in->path, err, errlen);
  if (!rc)
    rc = skip_info_frame(st, f, sg, in->path, &tag_samples, err, errlen);
  if (!rc)
    rc = scan_frames(st, f, sg, in->path, err, errlen);
  fclose(f);
  if (!rc)
    rc = check_padding(st, sg, in, tag_samples, err, errlen);
  return rc;
}

/* ---- building the info frame and the tag ---- */

static void seek_table(const stream *st, unsigned char toc[LOA_MPA_TOC])
{
  for (size_t i = 0; i < LOA_MPA_TOC; i++) {
    size_t k = (size_t)((uint64_t)i * st->nframes / LOA_MPA_TOC);
    uint64_t v = st->bytes ? (uint64_t)st->offsets[k] * 256 / st->bytes : 0;
    toc[i] = (unsigned char)(v > 255 ? 255 : v);
  }
}

static uint32_t samples_to_ms(uint64_t samples, int rate)
{
  uint64_t ms = (samples * 1000 + (uint64_t)rate / 2) / (uint64_t)rate;
  return ms > UINT32_MAX ? UINT32_MAX : (uint32_t)ms;
}

/* One chapter per segment that has a title: from its first decoded sample to
 * the next segment's (the inner silence belongs to the chapter it ends). */
static size_t make_chapters(const stream *st, const loa_mp3_segment *segs, size_t nseg,
                            uint64_t total, size_t info_len, loa_id3_chapter *ch)
{
  size_t n = 0;
  int spf = st->first.samples;
  for (size_t i = 0; i < nseg; i++) {
    if (!segs[i].chapter || !segs[i].chapter[0])
      continue;
    const seg_info *sg = &st->seg[i];
    uint64_t start = (uint64_t)sg->first_frame * (uint64_t)spf;
    uint64_t end = i + 1 < nseg ? (uint64_t)st->seg[i + 1].first_frame * (uint64_t)spf : total;
    uint64_t off_end = i + 1 < nseg ? st->offsets[st->seg[i + 1].first_frame] : st->bytes;
    ch[n].title = segs[i].chapter;
    ch[n].start_ms = samples_to_ms(start, st->first.samplerate);
    ch[n].end_ms = samples_to_ms(end, st->first.samplerate);
    ch[n].start_offset = (uint32_t)(info_len + st->offsets[sg->first_frame]);
    ch[n].end_offset = (uint32_t)(info_len + off_end);
    n++;
  }
  return n;
}

/* ---- writing ---- */

static int copy_segment(const seg_info *sg, const char *path, FILE *out, uint16_t *crc,
                        char *err, size_t errlen)
{
  unsigned char buf[1 << 15];
  FILE *f = fopen(path, "rb");
  if (!f)
    return fail(LOA_MP3_EREAD, err, errlen, "segment %s: %s", path, strerror(errno));
  int rc = LOA_MP3_OK;
  uint64_t left = sg->end - sg->start;
  if (fseeko(f, (off_t)sg->start, SEEK_SET) != 0)
    left = UINT64_MAX;
  while (left && left != UINT64_MAX) {
    size_t want = left < sizeof buf ? (size_t)left : sizeof buf;
    size_t got = fread(buf, 1, want, f);
    if (got != want) {
      rc = fail(LOA_MP3_EREAD, err, errlen, "segment %s: %s", path,
                ferror(f) ? strerror(errno) : "it got shorter while being assembled");
      break;
    }
    *crc = loa_crc16(*crc, buf, got);
    errno = 0;
    if (fwrite(buf, 1, got, out) != got) {
      rc = LOA_MP3_EWRITE;
      break;
    }
    left -= got;
  }
  if (left == UINT64_MAX)
    rc = fail(LOA_MP3_EREAD, err, errlen, "segment %s: %s", path, strerror(errno));
  fclose(f);
  return rc;
}

static int write_file(const char *out_path, const stream *st, const loa_mp3_segment *segs,
                      size_t nseg, const unsigned char *tag, size_t taglen,
                      const unsigned char *info, size_t infolen, char *err, size_t errlen)
{
  loa_atomic_file af;
  int e = -loa_atomic_open(&af, out_path);
  if (e) {
    snprintf(err, errlen, "%s: cannot create a temporary file beside it: %s", out_path,
             strerror(e));
    errno = e;
    return LOA_MP3_EWRITE;
  }
  int rc = LOA_MP3_OK;
  uint16_t crc = 0;
  errno = 0;
  if (fwrite(tag, 1, taglen, af.fp) != taglen || fwrite(info, 1, infolen, af.fp) != infolen)
    rc = LOA_MP3_EWRITE;
  for (size_t i = 0; !rc && i < nseg; i++)
    rc = copy_segment(&st->seg[i], segs[i].path, af.fp, &crc, err, errlen);
  if (!rc && crc != st->crc)
    rc = fail(LOA_MP3_EREAD, err, errlen, "%s: %s", out_path,
              "a segment changed while being assembled");
  if (rc) {
    e = errno ? errno : EIO;
    if (rc == LOA_MP3_EWRITE)
      snprintf(err, errlen, "%s: cannot write: %s", out_path, strerror(e));
    loa_atomic_abort(&af);
    errno = e;
    return rc;
  }
  e = -loa_atomic_commit(&af);
  if (e) {
    snprintf(err, errlen, "%s: cannot write: %s", out_path, strerror(e));
    errno = e;
    return LOA_MP3_EWRITE;
  }
  return LOA_MP3_OK;
}

/* ---- the whole ---- */

static int build_and_write(const char *out_path, const loa_id3_tags *tags, stream *st,
                           const loa_mp3_segment *segs, size_t nseg, loa_mpa_info *info,
                           const char *desc, char *err, size_t errlen)
{
  unsigned char frame[MAX_FRAME];
  const seg_info *last = &st->seg[nseg - 1];
  uint64_t total = (uint64_t)st->nframes * (uint64_t)st->first.samples -
                   (uint64_t)st->delay - (uint64_t)last->padding;
  info->frames = (uint32_t)st->nframes;
  info->padding = (int)last->padding;
  info->music_crc = st->crc;
  seek_table(st, info->toc);
  /* the info frame's length does not depend on its content: measure, then fill */
  int infolen = loa_mpa_info_write(&st->first, info, frame, sizeof frame);
  if (infolen < 0)
    return fail(LOA_MP3_EFORMAT, err, errlen, "%s: %s", out_path,
                "no bitrate gives a frame big enough for the info tag");
  info->bytes = info->music_length = (uint32_t)((uint64_t)infolen + st->bytes);
  loa_mpa_info_write(&st->first, info, frame, sizeof frame);

  loa_id3_chapter *ch = calloc(nseg, sizeof *ch);
  if (!ch)
    return fail(LOA_MP3_ENOMEM, err, errlen, "%s: %s", out_path, "out of memory");
  size_t nch = make_chapters(st, segs, nseg, total, (size_t)infolen, ch);
  unsigned char *tag = NULL;
  size_t taglen = 0;
  int rc = loa_id3_build(tags, desc, ch, nch, &tag, &taglen, err, errlen);
  free(ch);
  if (!rc)
    rc = write_file(out_path, st, segs, nseg, tag, taglen, frame, (size_t)infolen, err, errlen);
  free(tag);
  return rc;
}

int loa_mp3_assemble(const char *out_path, const loa_id3_tags *tags,
                     const loa_mp3_segment *segments, size_t nseg,
                     const loa_mp3_settings *s, char *err, size_t errlen)
{
  char dummy[1];
  if (!err || !errlen)
    err = dummy, errlen = sizeof dummy;
  err[0] = 0;
  loa_mp3_settings defaults;
  if (!s) {
    loa_mp3_settings_default(&defaults);
    s = &defaults;
  }
  if (!out_path || !out_path[0] || !segments || !nseg)
    return fail(LOA_MP3_EARG, err, errlen, "%s%s", "assemble: ",
                !out_path || !out_path[0] ? "no output path" : "no segments");
  loa_mpa_info info;
  char desc[160];
  memset(&info, 0, sizeof info);
  int rc = loa_mp3_lame_facts(s, &info, desc, sizeof desc, err, errlen);
  if (rc)
    return rc;
  stream st;
  memset(&st, 0, sizeof st);
  st.s = s;
  st.delay = info.delay;
  st.seg = calloc(nseg, sizeof *st.seg);
  if (!st.seg)
    return fail(LOA_MP3_ENOMEM, err, errlen, "%s: %s", out_path, "out of memory");
  for (size_t i = 0; !rc && i < nseg; i++)
    rc = scan_segment(&st, &segments[i], &st.seg[i], err, errlen);
  if (!rc)
    rc = build_and_write(out_path, tags, &st, segments, nseg, &info, desc, err, errlen);
  int e = errno;
  free(st.offsets);
  free(st.seg);
  errno = e;
  return rc;
}
