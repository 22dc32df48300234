/* split.h: cleaned blocks -> a script of utterances, each with the pause after it.
 *
 * A script is what synthesis reads: the spoken words of one breath group (a clause,
 * a sentence, or part of a long clause) and the silence that follows it, chosen by
 * what ended it in the text: a comma or a breath (short), a sentence, a paragraph
 * or list item, a heading or title (longest).
 * Durations come from loa_pauses (configurable, in milliseconds).
 */
#ifndef LOA_SPLIT_H
#define LOA_SPLIT_H

#include <stddef.h>
#include "tts/clean.h"
#include "tts/normalize.h"

typedef enum {
  LOA_PAUSE_COMMA = 0,
  LOA_PAUSE_SENTENCE,
  LOA_PAUSE_PARAGRAPH,
  LOA_PAUSE_HEADING,
  LOA_PAUSE_COUNT
} loa_pause;

typedef struct {
  int ms[LOA_PAUSE_COUNT];   /* defaults: 250, 550, 900, 1200 */
} loa_pauses;

void loa_pauses_default(loa_pauses *p);

typedef struct {
  char *text;          /* spoken words, no pause marks; never empty */
  loa_pause pause;     /* what follows */
  int line;            /* source line, for messages */
  char mark;           /* what ended it in the text: ',' '.' '?' '!'; 0: a breath taken
                          inside a long clause (tts/phrase.h), with a comma's pause */
} loa_utterance;

typedef struct {
  loa_utterance *items;
  size_t n, cap;
} loa_script;

/* Normalise every block of DOC (with LOA_NORM_PAUSES and LOA_NORM_MARKS), split it at
 * its pause marks, and split clauses longer than a breath into breath groups
 * (tts/phrase.h, lexicon/phrasing.tsv). Findings from the normaliser are appended to
 * FINDINGS (may be NULL). Returns 0, or -1 with one line in ERR (phrasing.tsv's
 * FILE:LINE: problem, or out of memory). */
int loa_script_from_doc(const loa_doc *doc, loa_normalizer *norm, loa_script *out,
                        loa_findings *findings, char *err, size_t errlen);
void loa_script_free(loa_script *s);

#endif
