/* tsv.h: the one reader of loa's data files (the TSV tables and the one-word-a-line lists
 * of lexicon/, tts/clean.tsv, tts/encodings/), so that all of them are equally strict.
 *
 * A file is read line by line: a UTF-8 BOM is skipped, CR LF is read as LF, and empty
 * lines, lines of spaces and lines whose first non-space is '#' are passed over. Every
 * other line must be valid UTF-8 and is handed to a row function, which takes it or says
 * what is wrong with it; the first malformed row stops the reading with
 * "FILE:LINE: problem" in ERR.
 *
 *   static const char *row(char *line, size_t len, void *user) {
 *     const char *col[3]; size_t clen[3];
 *     if (loa_tsv_split(line, len, col, clen, 2) != 2) return "expected word<TAB>reading";
 *     ... return NULL;
 *   }
 *   rc = loa_tsv_read(path, row, &table, err, sizeof err);
 */
#ifndef LOA_TSV_H
#define LOA_TSV_H

#include <stddef.h>

enum {
  LOA_TSV_OK = 0,
  LOA_TSV_EOPEN = -1,    /* the file cannot be opened or read; errno says why (ENOENT ...) */
  LOA_TSV_EROW = -2,     /* a malformed row; err names FILE:LINE */
  LOA_TSV_ENOMEM = -3
};

/* What a row function returns when memory runs out (the reading then stops with
 * LOA_TSV_ENOMEM). */
extern const char LOA_TSV_NOMEM[];

/* Takes one row: LINE (LEN bytes, NUL-terminated, no line end; the function may change
 * its bytes). Returns NULL, or the problem with the row (a static string). */
typedef const char *(*loa_tsv_row_fn)(char *line, size_t len, void *user);

int loa_tsv_read(const char *path, loa_tsv_row_fn fn, void *user, char *err, size_t errlen);

/* Cuts LINE (LEN bytes) at its tabs: COL[i] and CLEN[i] for each column. Returns the
 * number of columns, or MAX + 1 when there are more than MAX. */
int loa_tsv_split(const char *line, size_t len, const char **col, size_t *clen, int max);

/* The same on the NUL-terminated LINE a row function is given: each column is ended by
 * a NUL in place (its tab overwritten), COL[i] its text. Returns the number of columns,
 * or MAX + 1 when there are more (LINE then unchanged). */
int loa_tsv_cut(char *line, size_t len, char **col, int max);

#endif
