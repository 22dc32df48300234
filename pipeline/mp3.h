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
 *
 * Exact length. With D = the encoder delay (576 for LAME 3.100, plus the 529
 * every decoder adds, both removed by gapless decoders) and a segment of N
 * samples encoded into F frames of S samples (1152 at 32-48 kHz, 576 below)
 * carrying P = F*S - D - N samples of padding, the assembled file decodes
 * (mpg123, ffmpeg, libsndfile) to sum(F_i*S) - D - P_last samples: each
 * segment's N_i, plus P_i + D samples of silence at every inner boundary.
 * Segment i starts at S * (frames of the segments before it); chapters run
 * from their segment's start to the next one's. Nothing in the file depends
 * on the time or on who encoded the segments: same segments, same bytes.
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
  int bitrate_kbps;    /* 96 default (CBR; VBR follows vbr_quality instead) */
  int vbr;             /* 0 CBR, 1 VBR */
  int vbr_quality;     /* 0..9, VBR only (default 4) */
  int quality;         /* lame algorithm quality 0..9 (default 7) */
  int lowpass_hz;      /* encoder low-pass: 0 = LAME's choice for the bit rate; loa
                        * sets it to the highest frequency the audio can hold (speech
                        * synthesised at 22,050 Hz has nothing above 11 kHz), so no
                        * bits or time go to an empty band */
} loa_mp3_settings;

void loa_mp3_settings_default(loa_mp3_settings *s);
/* LOA_MP3_OK, or LOA_MP3_EARG with one line in ERR: a sample rate MPEG audio
 * lacks, a bitrate Layer III lacks at that rate (CBR; MPEG-2.5 rates stop at
 * 64 kbps), quality or vbr_quality outside 0..9. With vbr = 1 the encoder is
 * LAME's VBR at vbr_quality and bitrate_kbps is not used. */
int loa_mp3_settings_check(const loa_mp3_settings *s, char *err, size_t errlen);

typedef struct loa_mp3enc loa_mp3enc;

/* Frames are written to OUT as they are produced. Mono float PCM at
 * s->samplerate, full scale 1.0, encoded at unity gain (LAME's CBR presets
 * would scale it by 0.95, -0.45 dB; that is undone). NULL if the settings are
 * bad (see loa_mp3_settings_check) or memory is short. add/finish return
 * LOA_MP3_OK, LOA_MP3_EENC or LOA_MP3_EWRITE (errno kept). */
loa_mp3enc *loa_mp3enc_new(const loa_mp3_settings *s, FILE *out);
int loa_mp3enc_add(loa_mp3enc *e, const float *pcm, size_t n);
/* Flushes LAME and OUT; reports the number of PCM frames given (for delay/padding). */
int loa_mp3enc_finish(loa_mp3enc *e, size_t *samples_in);
void loa_mp3enc_free(loa_mp3enc *e);
/* MPEG frames written so far (all of them after finish). */
size_t loa_mp3enc_frames(const loa_mp3enc *e);

typedef struct {
  const char *title;     /* TIT2 */
  const char *artist;    /* TPE1: station */
  const char *album;     /* TALB: programme, may be NULL */
  const char *date;      /* TDRC: YYYY-MM-DD */
  const char *genre;     /* TCON: "Speech" (also when NULL) */
  const char *comment;   /* COMM (language "vie"), may be NULL */
} loa_id3_tags;          /* all UTF-8; NULL or "" fields are left out (genre: see above) */

typedef struct {
  const char *path;          /* raw frames written by a loa_mp3enc */
  size_t samples;            /* PCM frames encoded into it */
  const char *chapter;       /* chapter title, or NULL (or "") for no chapter */
} loa_mp3_segment;

/* Assemble OUT_PATH from SEGMENTS, atomically. S = the settings the segments
 * were encoded with (NULL: defaults); every frame must match them and each
 * other (LOA_MP3_EFORMAT otherwise). A finished MP3 may also be a segment:
 * its ID3v2 tag and info frame are skipped and its LAME tag gives the sample
 * count (samples may then be 0). On any error no file or temporary is left
 * and OUT_PATH is untouched. Returns LOA_MP3_OK, EARG, ENOMEM, EREAD,
 * EFORMAT or EWRITE (errno kept), with one line in ERR. */
int loa_mp3_assemble(const char *out_path, const loa_id3_tags *tags,
                     const loa_mp3_segment *segments, size_t nseg,
                     const loa_mp3_settings *s, char *err, size_t errlen);

/* MPEG frames in a raw segment file (as loa_mp3enc writes them) and PCM frames
 * per MPEG frame: a segment assembled after others starts at SAMPLES_PER_FRAME
 * times the frames before it. Returns LOA_MP3_OK, LOA_MP3_EREAD or LOA_MP3_EFORMAT. */
int loa_mp3_segment_frames(const char *path, size_t *frames, int *samples_per_frame);

/* Read back: duration in seconds from the info frame, and the ID3v2 text frames
 * (for tests and `loa status`). Fills TITLE/ARTIST with UTF-8 (may be empty).
 * The duration is the gapless one (frames*S - delay - padding) when a LAME
 * tag is present, else frames*S. Any output pointer may be NULL. Returns
 * LOA_MP3_OK, LOA_MP3_EREAD or LOA_MP3_EFORMAT (no MPEG frames found). */
int loa_mp3_probe(const char *path, double *seconds, char *title, size_t titlelen,
                  char *artist, size_t artistlen, int *nchapters);

#endif
