/* fuzz_clean.c: libFuzzer target for loa_clean, on any bytes (not only decode's output),
 * with an annex after the signature dropped (the default) and read.
 *
 * Checks what clean.h promises: blocks with non-empty one-line text and increasing first
 * lines within the input, dropped lines with a reason and increasing line numbers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tts/clean.h"

static void check(int ok)
{
  if (!ok)
    abort();
}

static void check_doc(const uint8_t *data, size_t size, int lines, const loa_clean_options *o)
{
  loa_doc d;
  int rc = loa_clean_with((const char *)data, size, o, &d, NULL, 0);
  check(rc == 0);
  for (size_t i = 0; i < d.nblocks; i++) {
    const loa_block *b = &d.blocks[i];
    check(b->text && b->text[0] && !strchr(b->text, '\n'));
    check((unsigned)b->kind <= LOA_BLOCK_TABLE_ROW);
    check(b->line >= 1 && b->line <= lines && (i == 0 || b->line > d.blocks[i - 1].line));
  }
  for (size_t i = 0; i < d.ndropped; i++) {
    const loa_dropped *x = &d.dropped[i];
    check(x->text && x->reason && x->line >= 1 && x->line <= lines);
    check(i == 0 || x->line > d.dropped[i - 1].line);
  }
  loa_doc_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  int lines = 1;
  for (size_t i = 0; i < size; i++)
    lines += data[i] == '\n';
  for (int annex = 0; annex < 2; annex++) {
    loa_clean_options o;
    loa_clean_options_default(&o);
    o.read_annex = annex;
    check_doc(data, size, lines, &o);
  }
  return 0;
}
