/* decode_pdf.c: the text of a PDF, page by page, through poppler-glib.
 *
 * Each page's text comes in poppler's reading order with its line breaks kept (a line
 * of the page is a line of the result), so that tts/clean can join the sentences that
 * the layout broke and recognise page numbers and running headers. Pages are
 * separated by a line holding only '\f' (see tts/clean.h). A PDF without a text layer
 * (scanned pages) or behind a password is refused: loa does not read pictures of text.
 */
#include "tts/decode_internal.h"
#include "tts/decode.h"

#include <poppler.h>
#include <stdio.h>
#include <string.h>

static size_t visible_chars(const char *t)
{
  size_t k = 0;
  for (; *t; t++)
    k += !strchr(" \t\r\n\f", *t);
  return k;
}

int loa_dec_pdf(const unsigned char *buf, size_t n, loa_buf *out, char *err, size_t errlen)
{
  GBytes *bytes = g_bytes_new_static(buf, n);
  GError *ge = NULL;
  PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &ge);
  if (!doc) {
    if (ge && ge->domain == POPPLER_ERROR && ge->code == POPPLER_ERROR_ENCRYPTED)
      snprintf(err, errlen, "the PDF is protected by a password; save an unprotected copy");
    else
      snprintf(err, errlen, "the PDF is damaged and cannot be opened (%s)", ge ? ge->message : "unknown error");
    if (ge)
      g_error_free(ge);
    g_bytes_unref(bytes);
    return LOA_DEC_EDOC;
  }
  int pages = poppler_document_get_n_pages(doc);
  size_t chars = 0;
  for (int i = 0; i < pages; i++) {
    PopplerPage *page = poppler_document_get_page(doc, i);
    if (i)
      loa_buf_puts(out, "\f\n");
    if (!page)
      continue;
    char *t = poppler_page_get_text(page);
    if (t && *t) {
      chars += visible_chars(t);
      size_t l = strlen(t);
      loa_buf_put(out, t, l);
      if (t[l - 1] != '\n')
        loa_buf_putc(out, '\n');
    }
    g_free(t);
    g_object_unref(page);
  }
  g_object_unref(doc);
  g_bytes_unref(bytes);
  if (out->oom)
    return LOA_DEC_ENOMEM;
  if (!pages) {
    snprintf(err, errlen, "the PDF has no pages");
    return LOA_DEC_EDOC;
  }
  if (!chars) {
    snprintf(err, errlen, "the PDF has no text layer (scanned pages?); loa cannot read pictures of text");
    return LOA_DEC_EDOC;
  }
  return 0;
}
