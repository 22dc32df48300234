/* build.h: one bulletin -> one broadcast-ready MP3; the function every front end calls.
 *
 * `loa build`, `loa programme`, the scheduler and the watch daemon all go
 * through here. The flow: decode -> clean -> normalise -> split -> synthesise
 * -> DSP (high-pass, preset, resample, gain, true-peak limiter, fades) ->
 * encode -> assemble + tags -> atomic publish.
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
#include "tts/split.h"
#include "pipeline/mp3.h"

enum {
  LOA_BUILD_OK = 0,
  LOA_BUILD_EINPUT = -1,    /* input missing/empty/binary/undecodable: see err */
  LOA_BUILD_EOUTPUT = -2,   /* output cannot be written */
  LOA_BUILD_EARG = -3,      /* option out of range, unknown voice/preset */
  LOA_BUILD_EINTERNAL = -4, /* synthesis/DSP/encoder failed */
  LOA_BUILD_ENOSPEECH = -5  /* nothing left to read after cleaning */
};

typedef struct {
  const char *voice;          /* north | central | south */
  int rate_wpm;               /* 0 = default */
  double lufs;                /* target integrated loudness, default -16 */
  double true_peak;           /* ceiling dBTP, default -1.5 */
  const char *preset;         /* stream | loudspeaker */
  int resample_quality;       /* 0 best .. 4 fastest; default 2 (SINC_FASTEST) */
  loa_mp3_settings mp3;
  loa_pauses pauses;
  loa_dialect dialect;
  const char *encoding;       /* NULL = detect */
  size_t max_input_bytes;     /* 0 = no limit */
  const char *lexicon_dir;    /* NULL = shipped */
  const char *lexicon_override; /* NULL = none */
  const char *title;          /* NULL = first heading */
  const char *station;        /* ID3 artist; default "Đài truyền thanh xã" */
  const char *date;           /* ID3 date YYYY-MM-DD; NULL = today */
  int jobs;                   /* worker processes, 0 = number of cores */
  int progress;               /* show progress on a terminal (stderr) */
} loa_build_opts;

void loa_build_opts_default(loa_build_opts *o);

typedef struct {
  double seconds;             /* duration of the MP3 */
  double lufs_before;         /* measured before gain */
  double gain_db;             /* applied */
  size_t utterances;
  loa_findings findings;      /* what the normaliser had to guess; caller frees */
  char title[256];            /* the title put in the tags */
} loa_build_result;

/* Build the bulletin file IN into OUT_MP3. err gets one line that names the
 * file and, where known, the line. */
int loa_build_file(const char *in, const char *out_mp3, const loa_build_opts *o,
                   loa_build_result *res, char *err, size_t errlen);

/* Same from UTF-8 text already in memory (the programme's announcements);
 * NAME is used in messages. */
int loa_build_text(const char *name, const char *utf8, size_t len, const char *out_mp3,
                   const loa_build_opts *o, loa_build_result *res, char *err, size_t errlen);

/* Render to raw MP3 frames (a segment for loa_mp3_assemble) instead of a file. */
int loa_build_segment(const char *name, const char *utf8, size_t len, const char *frames_path,
                      const loa_build_opts *o, size_t *samples, loa_build_result *res,
                      char *err, size_t errlen);

void loa_build_result_free(loa_build_result *r);

/* Content key for caches and duplicate detection: lower-case hex SHA-256 of the
 * decoded text (header included) and of every setting that changes the audio
 * (voice, rate, dialect, loudness, peak, preset, quality, MP3 settings, pauses,
 * lexicon files' contents). Same text and settings, same key. */
int loa_build_key_text(const char *utf8, size_t len, const loa_build_opts *o, char key[65]);
/* Same for a file, decoded as loa_build_file would; returns LOA_BUILD_EINPUT with err. */
int loa_build_key_file(const char *path, const loa_build_opts *o, char key[65],
                       char *err, size_t errlen);

#endif
