/* normalize.h: written Vietnamese -> spoken Vietnamese words (docs/reading.md).
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

/* Whether mùng is said before the days 1 to 10 of a date (docs/reading.md, "Dates"):
 * "ngày 5/9" ngày mùng năm tháng chín. A mùng or mồng the text writes is always kept. */
typedef enum {
  LOA_DAY_PREFIX_AUTO = 0,  /* the dialect's: every date in the North, lunar dates in the South */
  LOA_DAY_PREFIX_MUNG = 1,  /* every date */
  LOA_DAY_PREFIX_LUNAR = 2, /* lunar dates only (âm lịch, ÂL, tháng Giêng, Tết) */
  LOA_DAY_PREFIX_NONE = 3   /* never added */
} loa_day_prefix;

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

/* LEX is borrowed and must outlive the normaliser. The words the rules look for
 * and say are LEX's word lists (wordlists.tsv); NULL when LEX lacks one of them
 * (loa_normalizer_lacks names it) or memory runs out. */
loa_normalizer *loa_normalizer_new(const loa_lexicon *lex, loa_dialect dialect);

/* What the normaliser reads and LEX does not have: the name of a word list of
 * wordlists.tsv ("digit" and "weekday" also when they have fewer than ten and
 * seven phrases), or a sign the rules say and its table ("+ (symbols.tsv)");
 * NULL when LEX has all. */
const char *loa_normalizer_lacks(const loa_lexicon *lex);
void loa_normalizer_free(loa_normalizer *n);

/* Say mùng before the first ten days as P says (a new normaliser: LOA_DAY_PREFIX_AUTO). */
void loa_normalizer_set_day_prefix(loa_normalizer *n, loa_day_prefix p);

/* Normalise one line (UTF-8, no newline; LEN bytes). On success *OUT is a
 * malloc'd NUL-terminated string (possibly empty). FINDINGS may be NULL.
 * Returns 0, or a negative value on allocation failure. */
int loa_normalize_line(loa_normalizer *n, const char *line, size_t len, int lineno,
                       int flags, char **out, loa_findings *findings);

/* Parse "north"/"south" (also "bac"/"nam"); returns -1 if unknown. */
int loa_dialect_parse(const char *s);

/* The words of loa_day_prefix in the order of its values ("auto", "mung", "lunar",
 * "none"), NULL-terminated; and one of them parsed (-1 if unknown). */
const char *const *loa_day_prefix_words(void);
int loa_day_prefix_parse(const char *s);

#endif
