/* synth.h: spoken Vietnamese words -> 16-bit mono PCM, with libespeak-ng in-process.
 *
 * eSpeak NG keeps process-wide state and is not thread-safe: this module owns
 * the only global state in loa. Call loa_synth_init once per process (again
 * after fork() in a worker is not needed: the child inherits a usable engine,
 * but two processes must not share one output callback). Parallel work is done
 * by processes (see pipeline/build.h).
 */
#ifndef LOA_SYNTH_H
#define LOA_SYNTH_H

#include <stddef.h>
#include <stdint.h>

enum {
  LOA_SYNTH_OK = 0,
  LOA_SYNTH_EINIT = -1,     /* espeak-ng could not start (data missing) */
  LOA_SYNTH_EVOICE = -2,    /* unknown voice */
  LOA_SYNTH_ERANGE = -3,    /* rate out of range */
  LOA_SYNTH_EFAIL = -4,     /* synthesis failed */
  LOA_SYNTH_EABORT = -5,    /* the callback asked to stop */
  LOA_SYNTH_EDATA = -6      /* lexicon/voice.tsv has a malformed row; err names FILE:LINE */
};

/* VOICE: "north" (vi), "central" (vi-vn-x-central), "south" (vi-vn-x-south).
 * RATE_WPM: words per minute, 80..450 (0 = default 165). */
int loa_synth_init(const char *voice, int rate_wpm, char *err, size_t errlen);
int loa_synth_sample_rate(void);     /* 22050 with the voices above */

/* Called with successive blocks of samples; return non-zero to abort. */
typedef int (*loa_pcm_fn)(const int16_t *pcm, size_t n, void *user);

/* Speak TEXT (words only, no pause marks) synchronously. Leading and trailing
 * silence that espeak adds is trimmed, so the caller controls every pause. */
int loa_synth_speak(const char *text, loa_pcm_fn fn, void *user);

void loa_synth_terminate(void);

/* Names accepted for VOICE, NULL-terminated. */
const char *const *loa_synth_voices(void);

/* The files of espeak-ng-data that eSpeak NG reads to speak VOICE, found where eSpeak NG
 * finds them ($ESPEAK_DATA_PATH, else its built-in folder), without starting the engine:
 * the voice's language file (lang/aav/vi...), the language's dictionary (vi_dict), the
 * phoneme tables (phontab, phonindex, phondata) and intonations. FN is called with each
 * path, in that order (for the content key of cached audio, pipeline/build.h). Returns
 * LOA_SYNTH_OK, LOA_SYNTH_EVOICE for an unknown voice, LOA_SYNTH_EINIT when eSpeak NG
 * has no file for it. */
int loa_synth_voice_files(const char *voice, void (*fn)(const char *path, void *user), void *user);

#endif
