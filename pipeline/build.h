/* build.h: one bulletin -> one broadcast-ready MP3; the function every front end calls.
 *
 * `loa build`, `loa programme`, the scheduler and the watch daemon all go
 * through here. The flow: decode -> clean -> normalise -> split -> synthesise
 * -> DSP (high-pass, preset, resample, gain, true-peak limiter, fades) ->
 * encode -> assemble + tags -> atomic publish.
 *
 * Work is bounded before it starts: the spoken length is estimated from the
 * normalised script (its syllables at the rate eSpeak NG speaks them, and its
 * pauses, within a few per cent) and a bulletin over max_minutes is refused with
 * LOA_BUILD_ETOOLONG, before any synthesis and any temporary file.
 *
 * Loudness is two-pass: pass one synthesises and measures (BS.1770) without
 * storing audio, pass two synthesises again and applies the gain, so memory
 * stays constant whatever the length. The script is cut into parts at
 * paragraph pauses (the same cut whatever JOBS is, so --jobs 1 and the
 * parallel default give the same file); parts are rendered by worker
 * processes and joined frame by frame inside silence.
 */
#ifndef LOA_BUILD_H
#define LOA_BUILD_H

#include <stddef.h>
#include "lexicon/lexicon.h"
#include "tts/normalize.h"
#include "tts/clean.h"
#include "tts/split.h"
#include "pipeline/mp3.h"

enum {
  LOA_BUILD_OK = 0,
  LOA_BUILD_EINPUT = -1,    /* input missing/empty/binary/undecodable: see err */
  LOA_BUILD_EOUTPUT = -2,   /* output cannot be written */
  LOA_BUILD_EARG = -3,      /* option out of range, unknown voice/preset */
  LOA_BUILD_EINTERNAL = -4, /* synthesis/DSP/encoder failed */
  LOA_BUILD_ENOSPEECH = -5, /* nothing left to read after cleaning */
  LOA_BUILD_ETOOLONG = -6   /* would take longer to read than max_minutes (an input error) */
};

/* Progress of a long build: STAGE is a short Vietnamese/English label,
 * FRACTION 0..1 of the whole build, SECONDS_LEFT an estimate (<0 unknown). */
typedef void (*loa_progress_fn)(const char *stage, double fraction, double seconds_left, void *user);

/* The settings of a build. Their defaults, ranges, command-line flags and loa.ini keys
 * are the table of pipeline/settings.h. */
typedef struct {
  const char *voice;          /* north | central | south */
  int rate_wpm;               /* words per minute; 0 (default): the voice's own */
  double lufs;                /* target integrated loudness, default -16 */
  double true_peak;           /* ceiling dBTP, default -1.5 */
  const char *preset;         /* stream | loudspeaker */
  int resample_quality;       /* libsamplerate converter, 0 best .. 4 fastest; -1 (default):
                               * 4 (linear) for MP3, whose encoder low-pass removes what
                               * linear interpolation mirrors above 11 kHz; 2 (sinc) for WAV */
  loa_mp3_settings mp3;
  loa_pauses pauses;
  loa_dialect dialect;
  int read_annex;             /* 1: read an annex after the signature (tts/clean.h) */
  const char *day_prefix;     /* mùng before days 1-10: auto | mung | lunar | none
                               * (loa_day_prefix_parse); NULL = auto */
  const char *encoding;       /* NULL = detect */
  size_t max_input_bytes;     /* the file, and the text a document unpacks to; default
                               * LOA_BUILD_MAX_INPUT_BYTES; 0 = no limit */
  const char *lexicon_dir;    /* NULL = shipped */
  const char *lexicon_override; /* NULL = none */
  const char *title;          /* NULL = first heading */
  const char *station;        /* ID3 artist; default "Đài truyền thanh xã" */
  const char *date;           /* ID3 date YYYY-MM-DD; NULL = today */
  int jobs;                   /* worker processes, 0 = number of cores, at most LOA_BUILD_MAX_JOBS */
  int progress;               /* 1: report progress (to on_progress, or a line on stderr if it is a terminal) */
  loa_progress_fn on_progress; /* NULL: the stderr line above */
  void *progress_user;
  const char *tmpdir;         /* spool and part files; NULL = $TMPDIR or /tmp */
  int max_minutes;            /* refuse, before any synthesis, a bulletin whose reading is
                               * estimated longer than this (default 60); 0 = no limit */
} loa_build_opts;

#define LOA_BUILD_MAX_JOBS 64
#define LOA_BUILD_MAX_INPUT_BYTES (2u << 20)   /* as [watch] max_bytes */

/* Every setting at its default (settings.c, from the table). */
void loa_build_opts_default(loa_build_opts *o);

/* The one check of a build's settings, made by every loa_build_* and loa_preview_file
 * before anything else: each setting within the range of its row of the table
 * (settings.h), then what the MP3 encoder adds (loa_mp3_settings_check: a sample rate
 * MPEG audio has, a bit rate Layer III has at that rate). Returns 0, or -1 with one
 * line in ERR naming the setting. */
int loa_build_opts_check(const loa_build_opts *o, char *err, size_t errlen);

#define LOA_BUILD_TOLERANCE_LU 0.5    /* how far from the target still counts as on it */
#define LOA_BUILD_HEAVY_LIMIT_LU 4.0  /* limiting past this is heard on loud syllables */
#define LOA_BUILD_MAX_LIMIT_LU 8.0    /* the most the limiter may take: past that, more gain
                                       * only crushes the speech, it hardly gets louder */

typedef struct {
  double seconds;             /* duration of the MP3 */
  double lufs_before;         /* measured before gain */
  double gain_db;             /* applied */
  size_t utterances;
  loa_findings findings;      /* what the normaliser had to guess; caller frees */
  char title[256];            /* the title put in the tags */
  double lufs_after;          /* measured on the final signal, before encoding */
  double limiter_lu;          /* loudness the true-peak limiter took */
  char warning[320];          /* "" or one line: target not reached, or heavy limiting */
  int measure_runs;           /* loudness passes it took to find the gain */
  double wall_synth, wall_measure, wall_encode;  /* seconds per phase, for --verbose and bench/ */
  double *seams;              /* where the parts were joined, seconds into the decoded MP3
                               * (within one encoder delay, 13 ms); inside pauses */
  size_t nseams;
} loa_build_result;

/* Build the bulletin file IN into OUT_MP3. err gets one line that names the
 * file and, where known, the line. */
int loa_build_file(const char *in, const char *out_mp3, const loa_build_opts *o,
                   loa_build_result *res, char *err, size_t errlen);

/* Same from UTF-8 text already in memory (the programme's announcements);
 * NAME is used in messages. */
int loa_build_text(const char *name, const char *utf8, size_t len, const char *out_mp3,
                   const loa_build_opts *o, loa_build_result *res, char *err, size_t errlen);

/* Render to raw MP3 frames (a segment for loa_mp3_assemble) instead of a file;
 * *SAMPLES receives the segment's length for loa_mp3_segment.samples. */
int loa_build_segment(const char *name, const char *utf8, size_t len, const char *frames_path,
                      const loa_build_opts *o, size_t *samples, loa_build_result *res,
                      char *err, size_t errlen);

void loa_build_result_free(loa_build_result *r);

/* What `loa preview` shows: the cleaned document (with its dropped lines), the
 * spoken script, the findings; with WAV_PATH (may be NULL) also the processed
 * audio as a 16-bit WAV at the output rate (exactly what goes to the encoder). */
typedef struct {
  loa_doc doc;
  loa_script script;
  loa_findings findings;
  char title[256];
  double seconds;             /* WAV length, when written */
  double lufs_after;
} loa_preview;

int loa_preview_file(const char *in, const loa_build_opts *o, const char *wav_path,
                     loa_preview *p, char *err, size_t errlen);
void loa_preview_free(loa_preview *p);

/* Content key for caches and duplicate detection: lower-case hex SHA-256 of the
 * decoded text (header included) and of one declared list of everything else that
 * changes the sound (content_key.c): loa's version; every setting the settings table
 * marks as changing the sound (voice, rate, dialect, pauses, loudness, peak, preset,
 * MP3 settings, resampler); the contents of pipeline/presets.ini, tts/clean.tsv,
 * lexicon/voice.tsv, every lexicon table (*.tsv of the lexicon folder), its
 * syllables.txt and the local lexicon; the size and modification time of the files
 * eSpeak NG reads for the voice (loa_synth_voice_files). Same text and inputs, same
 * key; an edit to any of them, a new key. */
int loa_build_key_text(const char *utf8, size_t len, const loa_build_opts *o, char key[65]);
/* The files that key reads for O, each with the name it is hashed under (PATH NULL
 * for the inputs that are not files: version, settings, no local lexicon). */
void loa_build_key_inputs(const loa_build_opts *o,
                          void (*fn)(const char *what, const char *path, void *user), void *user);
/* Same for a file, decoded as loa_build_file would; returns LOA_BUILD_EINPUT with err. */
int loa_build_key_file(const char *path, const loa_build_opts *o, char key[65],
                       char *err, size_t errlen);

#endif
