/* clean.h: decoded text -> the blocks that are read aloud, with page clutter out.
 *
 * Joins sentences that PDF/Word export broke across lines; keeps headings
 * ("I. ...", "1.2. ...", "a) ...", all-caps titles) and list items ("-", "+", "*")
 * as their own blocks; drops page numbers, running headers/footers repeated on
 * pages, the national motto block (dropped: a bulletin is not read with it), "Số: /BC-UBND"
 * lines, place-and-date lines, the issuing authority above them (or above the
 * title naming the kind of document, THÔNG BÁO, when there is no motto), signature
 * blocks, digital signature stamps and "Nơi nhận:" lists, footnotes ("¹ ..."), an annex
 * after the signature (Phụ lục, Biểu số, a table of figures: unless read_annex), captions of
 * charts and pictures that are not in the text ("Biểu đồ 2: ...", "Ảnh: ..."), the header
 * row a table repeats on its next page, and Markdown emphasis marks. Every dropped line
 * is recorded with its reason, so that `loa preview --show-dropped` shows that
 * nothing disappeared silently.
 *
 * Input conventions (what tts/decode writes):
 * - a form feed '\f' starts a new page: alone on its line (decode's PDF output)
 *   or at the start of a line (pdftotext); page breaks are what running
 *   headers/footers and page numbers are recognised by, and never end a paragraph;
 * - blank lines: when nearly every line is followed by a blank line (text exported
 *   from PDF), a single blank line means nothing and two or more end a paragraph;
 *   otherwise one blank line ends a paragraph. A line ending with , or -, or a next
 *   line starting in lower case, continues the sentence across any blank lines; so does a
 *   name a PDF broke there ("thôn Đông" / "Xuân ..."): a line ending in its first
 *   capitalised word after a place word (thôn, xã ...), or its first two after a person's
 *   (ông, bà ...), and a next line that starts with a capital and is no heading.
 * - table rows are lines with cells separated by " | ", or by tabs (a line of three
 *   cells, or of two next to another such line; a list marker before a tab is no cell);
 *   a table that a page break parts is one table: its first row repeated after the
 *   break is dropped, and a row that goes on there (its first cell empty: "| Hòa Phú |")
 *   is joined to the row before, cell by cell;
 * - a wide gap inside a line (a tab, or three spaces or more) may part two columns: a
 *   "Nơi nhận:" list beside the signature block is read as both.
 * Block texts: one line, single spaces; a list item without its marker; a table row
 * as its non-empty cells joined by ", " (read as one phrase). Block line numbers
 * are the first source line of the block.
 * The words that mark clutter (authorities, office titles, motto) are data:
 * $LOA_DATA_DIR/tts/clean.tsv.
 */
#ifndef LOA_CLEAN_H
#define LOA_CLEAN_H

#include <stddef.h>

typedef enum {
  LOA_BLOCK_TITLE = 0,     /* document title ("BÁO CÁO", the subject line) */
  LOA_BLOCK_HEADING,       /* numbered or all-caps heading */
  LOA_BLOCK_LIST,          /* list item */
  LOA_BLOCK_BODY,          /* paragraph */
  LOA_BLOCK_TABLE_ROW      /* one table row, read as a phrase */
} loa_block_kind;

typedef struct {
  loa_block_kind kind;
  int line;                /* first source line (1-based) */
  char *text;              /* joined text of the block, UTF-8, one line */
} loa_block;

typedef struct {
  int line;
  char *text;
  const char *reason;      /* static English+Vietnamese string, e.g. "page number" */
} loa_dropped;

typedef struct {
  loa_block *blocks;
  size_t nblocks;
  loa_dropped *dropped;
  size_t ndropped;
} loa_doc;

enum {
  LOA_CLEAN_OK = 0,
  LOA_CLEAN_ENOMEM = -1,
  LOA_CLEAN_EDATA = -2     /* tts/clean.tsv cannot be read, or has a malformed row (FILE:LINE) */
};

/* What a bulletin's owner may choose about the cleaning. */
typedef struct {
  int read_annex;          /* 1: read an annex after the signature (default 0: dropped) */
} loa_clean_options;

void loa_clean_options_default(loa_clean_options *o);

/* TEXT is the output of tts/decode. Returns LOA_CLEAN_OK, or an error with one line in
 * ERR (ERRLEN bytes; ERR may be NULL) saying what failed; DOC is then empty.
 * loa_clean uses the default options; loa_clean_with those of O (NULL: the defaults). */
int loa_clean(const char *text, size_t len, loa_doc *doc, char *err, size_t errlen);
int loa_clean_with(const char *text, size_t len, const loa_clean_options *o, loa_doc *doc,
                   char *err, size_t errlen);
void loa_doc_free(loa_doc *doc);

#endif
