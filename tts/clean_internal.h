/* clean_internal.h: what the tts/clean*.c files share (not part of any contract).
 *
 * clean.c          the public API (tts/clean.h): the passes in their order
 * clean_words.c    the vocabulary of clutter (tts/clean.tsv) and matching a line against it
 * clean_lines.c    pass 1: the lines, described (kind, key, page, cells, columns, capitals)
 * clean_drop.c     pass 2: clutter by what a line says (number, motto, date, stamps, footnotes);
 *                  cl_drop and the reasons it records, for the other files of pass 2
 * clean_pages.c    pass 2: page numbers, running headers and footers
 * clean_frame.c    pass 2: the authority above a letter, its signature and recipients below
 * clean_annex.c    pass 2: an annex after the signature, captions of charts and pictures
 * clean_tables.c   pass 2: a table parted by a page break made one again
 * clean_blocks.c   pass 3: the lines left joined into the blocks read aloud
 */
#ifndef LOA_CLEAN_INTERNAL_H
#define LOA_CLEAN_INTERNAL_H

#include "tts/clean.h"

#include <stddef.h>
#include <stdint.h>

/* What a line is, after pass 1. */
enum { L_BLANK, L_TEXT, L_LIST, L_NUM, L_CAPS, L_TABLE };

typedef struct {
  char *t;            /* trimmed, single-spaced, emphasis out */
  size_t n;
  char *key;          /* squeezed: lower case, no marks, đ->d, words separated by one space */
  int no;             /* 1-based source line */
  int page;           /* 0-based page ('\f' separated) */
  int kind;
  int caps;
  int page_break;     /* the line held a '\f' */
  int edge;           /* among the first or last two non-blank lines of its page (2: the first or last) */
  int md_heading;     /* it was a Markdown heading ("## ...") */
  int cells;          /* cells separated by tabs (a table row, when its neighbours have them too) */
  char *left;         /* two columns (a wide gap of tabs or spaces inside the line): the left one */
  char *right, *rkey; /* and the right one, and its key ("Nơi nhận:        TM. ỦY BAN NHÂN DÂN") */
  const char *raw;    /* the line as decoded */
  size_t rawn;
  const char *drop;   /* reason, when dropped (one of CL_R_*) */
  int joins_row;      /* a table row that goes on from the row before a page break */
} line_t;

/* The phrases of one kind of clean.tsv, squeezed. */
typedef struct {
  char **items;
  size_t n, cap;
} wordlist;

typedef struct {
  wordlist motto, authority, sigprefix, signature, recipients, stamp, stamp_field, doctype, heading, name_prefix, signote,
      annex, caption, caption_source, place_before, person_before;
} vocab;

/* Why a line is dropped (static strings, as loa_dropped promises; clean_drop.c). */
extern const char CL_R_PAGENO[], CL_R_RUNNING[], CL_R_MOTTO[], CL_R_NUMBER[], CL_R_DATE[],
    CL_R_AUTHORITY[], CL_R_SIGNATURE[], CL_R_RECIPIENTS[], CL_R_RULE[], CL_R_STAMP[],
    CL_R_FOOTNOTE[], CL_R_URL[], CL_R_ANNEX[], CL_R_CAPTION[], CL_R_TABLE_HEADER[];

/* ---- clean_words.c ---- */

/* Lower case, tone and vowel marks out, đ -> d, anything not a letter or digit -> one
 * space: the key lines and phrases are compared by. malloc'd; NULL when out of memory. */
char *cl_squeeze(const char *s, size_t n);

/* KEY starts with the words of WORD (both squeezed). */
int cl_key_starts(const char *key, const char *word);
/* KEY ends with the words of WORD (both squeezed). */
int cl_key_ends(const char *key, const char *word);

/* KEY starts with, or is, or ends with one of the phrases of W; cl_list_starts and
 * cl_list_ends return the number of words of the phrase (0: none). */
int cl_list_starts(const wordlist *w, const char *key);
int cl_list_ends(const wordlist *w, const char *key);
int cl_list_equals(const wordlist *w, const char *key);

/* Loads $LOA_DATA_DIR/tts/clean.tsv into V. LOA_CLEAN_OK, or an error with ERR saying
 * what failed (a malformed row as FILE:LINE: problem); V is then empty. */
int cl_vocab_load(vocab *v, char *err, size_t errlen);
void cl_vocab_free(vocab *v);

/* ---- clean_lines.c ---- */

/* TEXT cut into lines, each described (pass 1). 0, or -1 when out of memory. */
int cl_split_lines(const char *text, size_t len, const vocab *w, line_t **out, size_t *nout);
void cl_free_lines(line_t *v, size_t n);

size_t cl_count_words(const char *s);
int cl_ends_sentence(const char *s, size_t n);     /* . ! ? : ; or … before closing marks */
int cl_ends_open(const char *s, size_t n);         /* , - ( / & : the sentence goes on */
int cl_starts_with(const char *s, size_t n);       /* first letter: 1 lower, 2 upper, 3 digit, 0 other */
int cl_all_caps(const char *s, size_t n);
int cl_list_marker(const char *s, size_t n);       /* length of a list marker S starts with, or 0 */
int cl_is_numbered(const char *s, size_t n);       /* "1. ", "II. ", "a) ": a numbered heading */

/* ---- pass 2: clean_drop.c, clean_pages.c, clean_frame.c ---- */

/* Drops L (not a blank line, not one dropped already) for the reason WHY. */
void cl_drop(line_t *L, const char *why);

void cl_drop_local(line_t *v, size_t n, const vocab *w);
void cl_drop_stamps(line_t *v, size_t n, const vocab *w);
void cl_drop_footnotes(line_t *v, size_t n);
void cl_drop_url_interruptions(line_t *v, size_t n);
/* After pass 3: the marks of the footnotes dropped, out of the blocks' text. */
void cl_drop_footnote_marks(const line_t *v, size_t n, loa_doc *d);

void cl_mark_edges(line_t *v, size_t n);
/* These three return 0, or -1 when out of memory. */
int cl_drop_page_numbers(line_t *v, size_t n, int pages);
int cl_drop_running(line_t *v, size_t n, int pages);
int cl_drop_running_unpaged(line_t *v, size_t n, int pages);

void cl_drop_authority(line_t *v, size_t n, const vocab *w);
void cl_drop_recipients(line_t *v, size_t n, const vocab *w);
void cl_drop_signatures(line_t *v, size_t n, const vocab *w);

/* After the signatures: an annex (unless READ_ANNEX), captions, a table's repeated header. */
void cl_drop_annexes(line_t *v, size_t n, const vocab *w, int read_annex);
void cl_drop_captions(line_t *v, size_t n, const vocab *w);
void cl_join_split_tables(line_t *v, size_t n);

/* ---- clean_blocks.c ---- */

/* The lines not dropped, joined into DOC's blocks; the dropped ones into its list
 * (pass 3; W for the words that say a name goes on). 0, or -1 when out of memory. */
int cl_build_blocks(loa_doc *doc, const line_t *v, size_t n, const vocab *w);

/* The first block is the title when it is in capitals or a "V/v" subject line. */
void cl_mark_title(loa_doc *d);

#endif
