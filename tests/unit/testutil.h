/* testutil.h: what the cmocka unit tests share: the source tree, temporary folders, whole
 * files, escaped table cells and case tables read with FILE:LINE.
 *
 * The helpers that write fail the running test (cmocka's fail_msg) when the file system
 * refuses; the ones that read or look return a value the test asserts on. Signal generators
 * and measurements for the audio tests are in dsp_testutil.h.
 */
#ifndef LOA_TESTUTIL_H
#define LOA_TESTUTIL_H

#include <stddef.h>

/* ---- the source tree ---- */

/* The source tree: $LOA_SOURCE_DIR (set by ctest), else the one the tests were built from. */
const char *tu_source_dir(void);
/* OUT = the source tree's REL (e.g. "tests/unit/clean_cases.tsv"); returns OUT. */
char *tu_source_path(char *out, size_t len, const char *rel);
/* OUT = DIR/NAME; fails the test when it does not fit. Returns OUT. */
char *tu_path(char *out, size_t len, const char *dir, const char *name);

/* ---- temporary folders ---- */

/* Makes a fresh folder $TMPDIR/loa-NAME-XXXXXX (/tmp without TMPDIR) and writes its path to
 * DIR. Returns 0, or -1 (nothing made) when it cannot or the path does not fit in LEN. */
int tu_tmpdir(char *dir, size_t len, const char *name);
/* Removes PATH and everything under it, whatever the modes inside; a link is removed, never
 * followed. A missing PATH is no error. Returns 0 or -1. */
int tu_rmtree(const char *path);
/* The end of a temporary folder: removed, or kept (and said) when LOA_TEST_KEEP is set. */
int tu_tmpdir_done(const char *dir);

/* ---- whole files ---- */

/* Writes N bytes of DATA to PATH, replacing it. */
void tu_write_file(const char *path, const void *data, size_t n);
/* Writes the string TEXT to PATH, replacing it. */
void tu_write_text(const char *path, const char *text);
/* Makes the folders above PATH that are missing (mkdir -p of its dirname). */
void tu_make_parents(const char *path);
/* The whole of PATH, NUL-terminated (also when empty), its length in *N when N is not NULL;
 * NULL when it cannot be read. Free it. */
char *tu_read_file(const char *path, size_t *n);
/* 1 when PATH names something (a dangling link too), else 0. */
int tu_exists(const char *path);
/* How many entries folder DIR holds besides . and .., or -1 when it cannot be read. */
int tu_count_entries(const char *dir);

/* ---- case tables ---- */

/* A cell of a case table with its escapes resolved: \n \t \r \f, \uXXXX (exactly four hex
 * digits, as UTF-8), \xHH (one byte); any other escaped character stands for itself (\\ is a
 * backslash). Free the result. */
char *tu_unescape(const char *cell);

#define TU_TABLE_CELLS 8

/* A case table: a tab-separated file read one row at a time. Lines that are blank or start
 * with '#' are skipped, the line end (\n or \r\n) is taken off, the row is cut at its tabs
 * (cells past TU_TABLE_CELLS stay in the last one). */
typedef struct {
  char path[4096];
  int line;                      /* the current row's line number, from 1 */
  int ncells;
  char *cell[TU_TABLE_CELLS];    /* point into the row, valid until the next row */
  char where[4200];              /* "tests/unit/x.tsv:12", for messages */
  void *f;
  char *buf;
  size_t cap;
} tu_table;

/* Opens PATH (fails the test, or ends the program outside one, when it cannot). */
void tu_table_open(tu_table *t, const char *path);
/* The next row into T: 1, or 0 at the end of the file. */
int tu_table_next(tu_table *t);
/* Fails the test with "FILE:LINE: the row has N cells, not at least MIN" when it has fewer. */
void tu_table_need(const tu_table *t, int min);
void tu_table_close(tu_table *t);

/* ---- the shipped data ---- */

struct loa_lexicon;
/* Loads the source tree's lexicon/ into *LEX; returns the loader's status (LOA_LEX_OK is 0)
 * and prints its message to stderr when it fails. */
int tu_load_lexicon(struct loa_lexicon **lex);

#endif
