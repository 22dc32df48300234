/* shape.h: one breath group as eSpeak NG spoke it on a flat pitch -> the same words
 * with their tones, intonation and lengths.
 *
 * eSpeak NG reports where each word starts (a Vietnamese word is one syllable);
 * the shaper finds the pitch marks (tts/psola.h), writes the plan for the group
 * (tts/prosody.h) and renders it by TD-PSOLA. It keeps its buffers from one group
 * to the next, so shaping allocates only while groups grow longer.
 */
#ifndef LOA_SHAPE_H
#define LOA_SHAPE_H

#include <stddef.h>
#include <stdint.h>
#include "tts/prosody.h"

typedef struct {
  int32_t sample;          /* where the word starts in eSpeak NG's output */
  int32_t chars;           /* its 1-based character position in the text spoken */
} loa_word_event;

typedef struct {
  int32_t start, end;      /* a syllable in the shaped output, samples */
  loa_tone tone;
} loa_span;

typedef struct loa_shaper loa_shaper;

/* TONES and P are copied. PERIOD: eSpeak NG's flat period in samples. NULL when out of memory. */
loa_shaper *loa_shaper_new(const loa_tone_set *tones, const loa_pitch *p, double period);
void loa_shaper_free(loa_shaper *s);

/* Shape PCM[0..N), eSpeak NG's rendering of TEXT with word events EV[0..NEV) (in
 * order), ending at END (its last sample of speech), standing at PH. *OUT is
 * valid until the next call. Returns 0 or -1 (out of memory). */
int loa_shape(loa_shaper *s, const char *text, const int16_t *pcm, size_t n,
              const loa_word_event *ev, size_t nev, size_t end, const loa_phrase *ph,
              const int16_t **out, size_t *nout);

/* The syllables of the last group shaped, in its output. */
size_t loa_shaper_spans(const loa_shaper *s, const loa_span **spans);

/* eSpeak NG's period in PCM[0..N), a steady vowel at RATE: the autocorrelation
 * peak between 60 and 500 Hz; 0 when there is none. */
double loa_shape_period(const int16_t *pcm, size_t n, double rate);

/* The median level of the voiced periods of PCM[0..N) (syllables of every vowel, periods
 * of PERIOD samples), as tts/psola.h measures a period's: a voice's reference level. */
double loa_shape_level(const int16_t *pcm, size_t n, double period);

#endif
