/* mp3.h: MP3 encoding with libmp3lame, and writing a finished MP3 file.
 *
 * An encoder turns float PCM into raw MPEG frames (no tags, no info frame),
 * written to a stream. A finished file is assembled from one or more such
 * segments (parts encoded by worker processes, or the items of a programme):
 * an ID3v2.4 tag (UTF-8 title/artist/date/genre "Speech", optional CHAP/CTOC
 * chapters, one per segment that has a title), one Xing/LAME info frame for
 * the whole (frame count, bytes, TOC, encoder delay and padding) so players
 * show the exact duration, then the frames. Assembly writes to a temporary
 * name in the target folder, fsyncs, renames and fsyncs the folder.
 */
#ifndef LOA_MP3_H
#define LOA_MP3_H

#include <stddef.h>
#include <stdio.h>

enum {
  LOA_MP3_OK = 0,
  LOA_MP3_EARG = -1,
  LOA_MP3_ENOMEM = -2,
  LOA_MP3_EENC = -3,       /* lame failed */
  LOA_MP3_EWRITE = -4,     /* output could not be written (errno kept) */
  LOA_MP3_EREAD = -5,      /* a segment could not be read */
  LOA_MP3_EFORMAT = -6     /* a segment is not a stream of matching MPEG frames */
};

typedef struct {
  int samplerate;      /* 44100 default */
  int bitrate_kbps;    /* 96 default (CBR), or the VBR mean */
  int vbr;             /* 0 CBR, 1 VBR */
  int vbr_quality;     /* 0..9, VBR only (default 4) */
  int quality;         /* lame algorithm quality 0..9 (default 5) */
} loa_mp3_settings;

void loa_mp3_settings_default(loa_mp3_settings *s);

typedef struct loa_mp3enc loa_mp3enc;

/* Frames are written to OUT as they are produced. */
loa_mp3enc *loa_mp3enc_new(const loa_mp3_settings *s, FILE *out);
int loa_mp3enc_add(loa_mp3enc *e, const float *pcm, size_t n);
/* Flushes; reports the number of PCM frames given (for delay/padding). */
int loa_mp3enc_finish(loa_mp3enc *e, size_t *samples_in);
void loa_mp3enc_free(loa_mp3enc *e);
/* MPEG frames written so far (all of them after finish). */
size_t loa_mp3enc_frames(const loa_mp3enc *e);

typedef struct {
  const char *title;     /* TIT2 */
  const char *artist;    /* TPE1: station */
  const char *album;     /* TALB: programme, may be NULL */
  const char *date;      /* TDRC: YYYY-MM-DD */
  const char *genre;     /* TCON: "Speech" */
  const char *comment;   /* COMM, may be NULL */
} loa_id3_tags;

typedef struct {
  const char *path;          /* raw frames written by a loa_mp3enc */
  size_t samples;            /* PCM frames encoded into it */
  const char *chapter;       /* chapter title, or NULL for no chapter */
} loa_mp3_segment;

/* Assemble OUT_PATH from SEGMENTS, atomically. */
int loa_mp3_assemble(const char *out_path, const loa_id3_tags *tags,
                     const loa_mp3_segment *segments, size_t nseg,
                     const loa_mp3_settings *s, char *err, size_t errlen);

/* Read back: duration in seconds from the info frame, and the ID3v2 text frames
 * (for tests and `loa status`). Fills TITLE/ARTIST with UTF-8 (may be empty). */
int loa_mp3_probe(const char *path, double *seconds, char *title, size_t titlelen,
                  char *artist, size_t artistlen, int *nchapters);

#endif
