/* clean.c: decoded text -> the blocks read aloud, page clutter out (contract: tts/clean.h).
 *
 * Three passes over the lines. (1) Each line is trimmed, its emphasis marks removed and
 * classified: blank, list item, numbered heading, capitals, table row, plain
 * (clean_lines.c). (2) Clutter is dropped, each line with its reason: the motto, "Số:"
 * lines, place-and-date lines, separator rules, footnotes, signature time stamps and the
 * "Ký bởi: ... / Thời gian ký: ..." lines of a digital signature, and URLs a PDF footer
 * dropped inside a sentence (clean_drop.c); page numbers and running headers/footers
 * (clean_pages.c); the issuing authority above the letter, signature blocks and
 * "Nơi nhận:" lists (clean_frame.c); an annex after the signature, unless the options
 * say to read it, and captions of charts and pictures (clean_annex.c); the header row a
 * table repeats after a page break, and the row it goes on with marked to join the row
 * before (clean_tables.c). (3) The rest is joined into blocks: a line continues
 * into the next unless it ends a sentence, the next starts a heading, list item or table
 * row, or a paragraph break lies between (clean_blocks.c; see clean.h for when a blank
 * line is one). The vocabulary of clutter is data: tts/clean.tsv (clean_words.c).
 */
#include "tts/clean_internal.h"
#include "lexicon/buf.h"

#include <stdlib.h>
#include <string.h>

/* Pass 2, in its order: a later test leaves the lines an earlier one dropped alone. */
static int drop_clutter(line_t *v, size_t n, const vocab *w, const loa_clean_options *o)
{
  int pages = n ? v[n - 1].page + 1 : 1;
  cl_mark_edges(v, n);
  cl_drop_local(v, n, w);
  cl_drop_footnotes(v, n);
  if (cl_drop_page_numbers(v, n, pages) < 0 || cl_drop_running(v, n, pages) < 0 ||
      cl_drop_running_unpaged(v, n, pages) < 0)
    return -1;
  cl_drop_stamps(v, n, w);
  cl_drop_authority(v, n, w);
  cl_drop_recipients(v, n, w);
  cl_drop_signatures(v, n, w);
  cl_drop_annexes(v, n, w, o->read_annex);
  cl_drop_captions(v, n, w);
  cl_join_split_tables(v, n);
  cl_drop_url_interruptions(v, n);
  return 0;
}

void loa_clean_options_default(loa_clean_options *o)
{
  memset(o, 0, sizeof *o);
}

int loa_clean(const char *text, size_t len, loa_doc *doc, char *err, size_t errlen)
{
  return loa_clean_with(text, len, NULL, doc, err, errlen);
}

int loa_clean_with(const char *text, size_t len, const loa_clean_options *o, loa_doc *doc,
                   char *err, size_t errlen)
{
  loa_clean_options dflt;
  loa_clean_options_default(&dflt);
  if (!o)
    o = &dflt;
  memset(doc, 0, sizeof *doc);
  if (err && errlen)
    err[0] = 0;
  vocab w;
  int rc = cl_vocab_load(&w, err, errlen);
  if (rc)
    return rc;
  line_t *v = NULL;
  size_t n = 0;
  rc = cl_split_lines(text ? text : "", text ? len : 0, &w, &v, &n);
  if (!rc)
    rc = drop_clutter(v, n, &w, o);
  if (!rc)
    rc = cl_build_blocks(doc, v, n, &w);
  if (!rc) {
    cl_drop_footnote_marks(v, n, doc);
    cl_mark_title(doc);
  }
  cl_free_lines(v, n);
  cl_vocab_free(&w);
  if (rc) {
    loa_doc_free(doc);
    loa_errf(err, errlen, "out of memory cleaning the text");
    return LOA_CLEAN_ENOMEM;
  }
  return LOA_CLEAN_OK;
}

void loa_doc_free(loa_doc *doc)
{
  if (!doc)
    return;
  for (size_t i = 0; i < doc->nblocks; i++)
    free(doc->blocks[i].text);
  for (size_t i = 0; i < doc->ndropped; i++)
    free(doc->dropped[i].text);
  free(doc->blocks);
  free(doc->dropped);
  memset(doc, 0, sizeof *doc);
}
