/* clean.h: decoded text -> the blocks that are read aloud, with page clutter out.
 *
 * Joins sentences that PDF/Word export broke across lines; keeps headings
 * ("I. ...", "1.2. ...", all-caps titles) and list items ("-", "+", "a)") as
 * their own blocks; drops page numbers, running headers/footers repeated on
 * pages, the national motto block (kept once at most), "Số: /BC-UBND" lines,
 * place-and-date lines, signature blocks and "Nơi nhận:" lists, and Markdown
 * emphasis marks. Every dropped line is recorded with its reason, so that
 * `loa preview --show-dropped` shows that nothing disappeared silently.
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

/* TEXT is the output of tts/decode. Returns 0 or a negative value (no memory). */
int loa_clean(const char *text, size_t len, loa_doc *doc);
void loa_doc_free(loa_doc *doc);

#endif
