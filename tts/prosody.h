/* prosody.h: the tune and timing loa gives spoken Vietnamese, as a TD-PSOLA plan
 * (tts/psola.h) over eSpeak NG's flat-pitched rendering of one breath group.
 *
 * Two layers, added in semitones over the voice's reference pitch:
 *   - each syllable's tone: contour, length and voice quality (creak, glottal break,
 *     glottal closure) from lexicon/tones.tsv, for the voice's region;
 *   - the phrase: a top that is reset at each new sentence (higher after a
 *     paragraph) and steps down at each comma or breath inside one, declination
 *     through the group, the sentence's last syllable lengthened and lowered (a
 *     question raised instead, an exclamation higher and wider).
 * The model constants are in prosody.c and explained in docs/prosody.md.
 */
#ifndef LOA_PROSODY_H
#define LOA_PROSODY_H

#include <stddef.h>
#include <stdint.h>
#include "tts/psola.h"

typedef enum {
  LOA_TONE_NGANG = 0,
  LOA_TONE_HUYEN,
  LOA_TONE_SAC,
  LOA_TONE_HOI,
  LOA_TONE_NGA,
  LOA_TONE_NANG,
  LOA_TONE_COUNT
} loa_tone;

/* The tone of a written syllable (UTF-8, precomposed or not), from its tone mark. */
loa_tone loa_tone_of(const char *syl, size_t len);
const char *loa_tone_name(loa_tone t);      /* "ngang", "huyen"... */

#define LOA_TONE_POINTS 8

typedef struct {
  float len;                          /* the syllable's length factor */
  int np;                             /* contour points */
  float t[LOA_TONE_POINTS], st[LOA_TONE_POINTS];
  float creak_a, creak_b;             /* creaky voice over [a, b) of the voiced part */
  float break_a, break_b;             /* glottal break: the voice stops over [a, b) */
  float stop;                         /* glottal closure from here on (1: none) */
} loa_tone_shape;

typedef struct {
  loa_tone_shape tone[LOA_TONE_COUNT];
} loa_tone_set;

/* The tones of REGION from PATH (NULL: loa_data_dir()/lexicon/tones.tsv). Every
 * tone must be there; a malformed row is an error naming file and line. */
int loa_tones_load(loa_tone_set *out, const char *path, const char *region, char *err,
                   size_t errlen);

/* What is around a breath group. */
typedef enum {
  LOA_EDGE_START = 0,      /* the start of the text */
  LOA_EDGE_BREATH,         /* a breath taken inside a clause (tts/phrase.h) */
  LOA_EDGE_COMMA,
  LOA_EDGE_SENTENCE,
  LOA_EDGE_PARAGRAPH       /* paragraph, list item, heading */
} loa_edge;

typedef struct {
  loa_edge before, after;  /* what precedes and what ends the group */
  int commas, breaths;     /* groups of the same sentence before it, by what ended them */
  char tune;               /* how its sentence ends: '.', '?' or '!' */
} loa_phrase;

/* One syllable as eSpeak NG spoke it: input samples [start, end). */
typedef struct {
  loa_tone tone;
  int32_t start, end;
} loa_syllable;

typedef struct {
  double f0;               /* the voice's reference pitch, Hz */
  double range;            /* scale of every excursion */
  double rate;             /* samples per second */
  double level;            /* the RMS (16-bit units) voiced periods are brought towards
                              (tts/psola.h); 0: as eSpeak NG spoke them */
} loa_pitch;

/* A plan being built; its psola plan points into its own arrays. */
typedef struct {
  loa_psola_plan plan;
  struct loa_prosody_curve {
    float *at, *v;
    size_t n, cap;
  } f0, stretch, gain, creak;
} loa_prosody;

/* Write into PR the plan for a group of N syllables SYL (in order) of X, marked in
 * M, standing at PH, spoken by a voice of pitch P with TONES. A tone's contour
 * covers the rhyme (from the first period at least half as loud as the
 * syllable's loudest to the last voiced one). PR is reset first (zero-initialised
 * or reused). */
int loa_prosody_plan(loa_prosody *pr, const loa_tone_set *tones, const loa_pitch *p,
                     const loa_phrase *ph, const loa_syllable *syl, size_t n,
                     const int16_t *x, const loa_marks *m);
void loa_prosody_free(loa_prosody *pr);

#endif
