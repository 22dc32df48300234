/* normalize.h: written Vietnamese -> spoken Vietnamese words (READING.md).
 *
 * One input line gives one output line: lower case, NFC, modern tone placement,
 * only Vietnamese syllables and lexicon respellings separated by single spaces.
 * With LOA_NORM_PAUSES the output also keeps pause marks as separate tokens,
 * " , " (short pause: comma, semicolon, colon, dash between clauses) and " . "
 * (end of sentence: . ! ? …), which tts/split uses to place silence; without
 * it (what `loa normalize` prints) they are left out.
 *
 * Every token the normaliser had to guess (unknown abbreviation spelled out,
 * ambiguous slash, a number it could not place, a symbol it dropped) is added
 * to the findings, with its 1-based line and column (in characters), so that
 * `loa check` can list it. Nothing is dropped silently.
 *
 * A normaliser holds no global state; one per thread/process.
 */
#ifndef LOA_NORMALIZE_H
#define LOA_NORMALIZE_H

#include <stddef.h>
#include "lexicon/lexicon.h"

typedef enum { LOA_DIALECT_NORTH = 0, LOA_DIALECT_SOUTH = 1 } loa_dialect;

/* LOA_NORM_MARKS (with PAUSES, for tts/split): a sentence ended by '?' or '!' gets
 * " ?" or " !" instead of " ."; and the words of one reading (a number, a date's
 * part, an abbreviation's expansion, a unit, a respelt brand) are joined by '_'
 * instead of spaces, so that no breath is taken inside them (tts/phrase.h). What
 * is read does not change. */
enum { LOA_NORM_PAUSES = 1, LOA_NORM_MARKS = 2 };

typedef struct {
  int line, col;          /* 1-based */
  char token[64];         /* the written token, truncated */
  char reason[96];        /* e.g. "unknown abbreviation, spelled" */
} loa_finding;

typedef struct {
  loa_finding *items;
  size_t n, cap;
} loa_findings;

void loa_findings_free(loa_findings *f);

typedef struct loa_normalizer loa_normalizer;

/* LEX is borrowed and must outlive the normaliser. */
loa_normalizer *loa_normalizer_new(const loa_lexicon *lex, loa_dialect dialect);
void loa_normalizer_free(loa_normalizer *n);

/* Normalise one line (UTF-8, no newline; LEN bytes). On success *OUT is a
 * malloc'd NUL-terminated string (possibly empty). FINDINGS may be NULL.
 * Returns 0, or a negative value on allocation failure. */
int loa_normalize_line(loa_normalizer *n, const char *line, size_t len, int lineno,
                       int flags, char **out, loa_findings *findings);

/* Parse "north"/"south" (also "bac"/"nam"); returns -1 if unknown. */
int loa_dialect_parse(const char *s);

#endif
