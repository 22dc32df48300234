/* psola.h: pitch marks of a steady synthetic voice, and its pitch and timing
 * changed by time-domain pitch-synchronous overlap-add (TD-PSOLA).
 *
 * loa asks eSpeak NG for a monotone voice, so that every voiced period has
 * about the same, known length, and gives each syllable its tone and length
 * afterwards (tts/prosody.h): loa_marks_find puts one mark on the main
 * glottal pulse of each voiced period and marks at the same spacing through
 * unvoiced sound and silence; loa_psola_render takes a two-period Hann-windowed
 * grain around a mark for every output period and adds it at the spacing of the
 * wanted F0, repeating or leaving out grains to reach the wanted duration
 * (Moulines & Charpentier 1990). Both run in O(n) with no allocation per grain.
 *
 * What to do is given as curves over the INPUT's sample positions, so a plan
 * can be written from where eSpeak NG said each phoneme starts.
 */
#ifndef LOA_PSOLA_H
#define LOA_PSOLA_H

#include <stddef.h>
#include <stdint.h>

enum { LOA_PSOLA_OK = 0, LOA_PSOLA_ENOMEM = -1, LOA_PSOLA_EARG = -2 };

typedef struct {
  int32_t *at;        /* sample of each mark, increasing */
  uint8_t *voiced;    /* 1: on a glottal pulse; 0: placed through unvoiced sound */
  float *level;       /* level of the period around each mark: the geometric mean of its
                         RMS and its peak (16-bit units) */
  size_t n, cap;
} loa_marks;

/* Mark X[0..N), whose voiced periods last about PERIOD samples (within 12%).
 * M is emptied first (zero-initialised or reused). */
int loa_marks_find(const int16_t *x, size_t n, double period, loa_marks *m);
void loa_marks_free(loa_marks *m);

/* A curve over the input: value V[i] at input sample AT[i] (increasing), linear
 * in between, the end values held outside; N == 0 means the default value. */
typedef struct {
  const float *at, *v;
  size_t n;
} loa_curve;

typedef struct {
  double rate;        /* samples per second, for F0 */
  loa_curve f0;       /* F0 of voiced sound, Hz (default: the input's own) */
  loa_curve stretch;  /* output duration per input duration (default 1) */
  loa_curve gain;     /* amplitude factor (default 1) */
  loa_curve creak;    /* 0..1: creaky voice, alternate periods long and short, loud and
                         soft (default 0) */
  double level;       /* > 0: each voiced period is brought towards this level... */
  double evening;     /* ...by this share of the difference in dB (0..1), within -12 and
                         +4.5 dB:
                         eSpeak NG's vowels differ by up to 12 dB (its southern voice's a
                         and u), and its syllables fade; left so, the loud periods set the
                         peaks, the quiet ones the loudness, and a limiter takes the
                         difference out of every loud vowel */
} loa_psola_plan;

/* The output, and where each output grain came from (for measuring and tests). */
typedef struct {
  int16_t *pcm;
  size_t n, cap;
  float *map_in, *map_out;   /* input and output sample of every grain */
  size_t nmap, mapcap;
} loa_psola_out;

/* Render X[0..N) (marked in M, periods of PERIOD samples) following PLAN into OUT
 * (emptied first; zero-initialised or reused). Samples are clipped to 16 bits. */
int loa_psola_render(const int16_t *x, size_t n, const loa_marks *m, double period,
                     const loa_psola_plan *plan, loa_psola_out *out);
void loa_psola_out_free(loa_psola_out *o);

/* The curve's value at input sample T (DEF when the curve is empty). */
double loa_curve_at(const loa_curve *c, double t, double def);

/* Output sample of input sample T, from OUT's grain map (linear between grains). */
double loa_psola_out_time(const loa_psola_out *o, double t);

#endif
