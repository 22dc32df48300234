/* voices.h: the voices loa speaks with, read from lexicon/voices.tsv.
 *
 * A voice is one of eSpeak NG's Vietnamese voices (perhaps with a variant, vi+f1),
 * rendered on one flat pitch, plus what loa gives it afterwards: a reference
 * pitch, a range, a speaking rate and the region whose tones it speaks
 * (lexicon/tones.tsv). Every voice has a Vietnamese and an English name for
 * `loa voices`.
 */
#ifndef LOA_VOICES_H
#define LOA_VOICES_H

#include <stddef.h>

#define LOA_VOICE_ALIASES 4

typedef struct {
  char name[32];          /* north-female */
  char alias[LOA_VOICE_ALIASES][32];   /* other names it answers to */
  int naliases;
  char tones[16];         /* north | central | south */
  char espeak[48];        /* eSpeak NG voice, vi+f1 */
  int espeak_pitch;       /* eSpeak NG's base pitch 0-100 */
  double f0;              /* reference pitch, Hz */
  double range;           /* scale of tone and intonation excursions */
  int rate;               /* words per minute */
  char vi[96];            /* Giọng nữ miền Bắc */
  char en[128];           /* Northern woman's voice (Hà Nội) */
} loa_voice;

typedef struct {
  loa_voice *v;
  size_t n;
} loa_voices;

enum { LOA_VOICES_OK = 0, LOA_VOICES_EIO = -1, LOA_VOICES_EFORMAT = -2, LOA_VOICES_ENOMEM = -3 };

/* Read PATH (NULL: loa_data_dir()/lexicon/voices.tsv) with lexicon/tsv.h's reader. A
 * malformed row, or a name or alias that an earlier voice has, is an error naming the
 * file and line in ERR (LOA_VOICES_EFORMAT); a file without a voice is one too. */
int loa_voices_load(loa_voices *out, const char *path, char *err, size_t errlen);
void loa_voices_free(loa_voices *vs);

/* The voice called NAME or having it as an alias; NULL when none. */
const loa_voice *loa_voices_find(const loa_voices *vs, const char *name);

#endif
