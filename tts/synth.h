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
#include "tts/shape.h"

enum {
  LOA_SYNTH_OK = 0,
  LOA_SYNTH_EINIT = -1,     /* espeak-ng could not start (data missing) */
  LOA_SYNTH_EVOICE = -2,    /* unknown voice */
  LOA_SYNTH_ERANGE = -3,    /* rate out of range */
  LOA_SYNTH_EFAIL = -4,     /* synthesis failed */
  LOA_SYNTH_EABORT = -5,    /* the callback asked to stop */
  LOA_SYNTH_EDATA = -6      /* a data file (lexicon/voice.tsv, voices.tsv, tones.tsv) cannot
                               be read or has a malformed row; err names FILE:LINE */
};

/* VOICE: a name or alias of lexicon/voices.tsv (NULL: its first voice, north-male,
 * also called north; central; south-male, also south; north-female...).
 * RATE_WPM: words per minute, 80..450 (0 = the voice's rate). */
int loa_synth_init(const char *voice, int rate_wpm, char *err, size_t errlen);
int loa_synth_sample_rate(void);     /* 22050 with the voices above */

/* Called with successive blocks of samples; return non-zero to abort. */
typedef int (*loa_pcm_fn)(const int16_t *pcm, size_t n, void *user);

/* Speak TEXT (words only, no pause marks) synchronously, as a breath group standing
 * at PH in its sentence (tts/prosody.h; tts/phrase.h finds it in a script). Leading
 * and trailing silence that espeak adds is trimmed, so the caller controls every
 * pause. */
int loa_synth_speak_phrase(const char *text, const loa_phrase *ph, loa_pcm_fn fn, void *user);

/* The same, as a sentence of its own. */
int loa_synth_speak(const char *text, loa_pcm_fn fn, void *user);

/* Where the syllables of the last text spoken are in the samples delivered: up to
 * CAP of them into OUT; returns how many there are. */
size_t loa_synth_syllables(loa_span *out, size_t cap);

void loa_synth_terminate(void);

/* Names accepted for VOICE (names and aliases of lexicon/voices.tsv), NULL-terminated;
 * empty when the file cannot be read (loa_synth_init then says why). */
const char *const *loa_synth_voices(void);

/* The files of espeak-ng-data that eSpeak NG reads to speak VOICE (a name or alias of
 * lexicon/voices.tsv, NULL: its first), found where eSpeak NG finds them
 * ($ESPEAK_DATA_PATH, else its built-in folder), without starting the engine: the
 * voice's language file (lang/aav/vi...), its variant's (voices/!v/f1 for vi+f1), the
 * language's dictionary (vi_dict), the phoneme tables (phontab, phonindex, phondata)
 * and intonations. FN is called with each path, in that order (for the content key of
 * cached audio, pipeline/build.h). Returns LOA_SYNTH_OK, LOA_SYNTH_EVOICE for an
 * unknown voice, LOA_SYNTH_EDATA when voices.tsv cannot be read, LOA_SYNTH_EINIT when
 * eSpeak NG has no file for it. */
int loa_synth_voice_files(const char *voice, void (*fn)(const char *path, void *user), void *user);

#endif
