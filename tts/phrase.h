/* phrase.h: breath groups, and where each group of a script stands in its sentence.
 *
 * Administrative sentences run 40 syllables and more without a comma; an announcer
 * takes a breath inside them at phrase boundaries. loa does the same for every
 * clause longer than a breath: it splits it before words that open a phrase (của,
 * về việc, để, trên địa bàn, theo, tại, và..., lexicon/phrasing.tsv) or after the
 * year of a date, choosing the breaks that keep groups near 3 s with the strongest
 * openers, never inside a word of several syllables the table knows (theo dõi, hiện
 * tại), and never inside one reading of the normaliser (a number, an abbreviation's
 * expansion: LOA_NORM_MARKS joins its words with '_'). A group ended by a breath is
 * followed by a comma's pause and a smaller pitch reset (tts/prosody.h).
 */
#ifndef LOA_PHRASE_H
#define LOA_PHRASE_H

#include <stddef.h>
#include "tts/prosody.h"
#include "tts/split.h"

typedef struct loa_phrasing loa_phrasing;

/* Read PATH (NULL: loa_data_dir()/lexicon/phrasing.tsv). A malformed row is an error
 * naming the file and line. */
int loa_phrasing_load(loa_phrasing **out, const char *path, char *err, size_t errlen);
void loa_phrasing_free(loa_phrasing *p);

/* Split the utterances of S that are longer than a breath into breath groups (the
 * new groups end with a comma's pause and no mark), then turn the '_' that join
 * the words of one reading into spaces. Returns 0, or -1 when out of memory. */
int loa_phrasing_apply(const loa_phrasing *p, loa_script *s);

/* Where utterance I of S stands in its sentence (for tts/synth.h). */
void loa_script_phrase(const loa_script *s, size_t i, loa_phrase *out);

#endif
