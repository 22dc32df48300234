/* loa_decode_tool.c: developer tool for the decode/clean tests (not installed).
 *
 *   loa_decode_tool [-e ENCODING] [-m MAX_BYTES] FILE            decoded text on stdout
 *   loa_decode_tool [-e ENCODING] --blocks FILE                  cleaned blocks, one per line:
 *                                                                KIND<TAB>LINE<TAB>TEXT
 *   loa_decode_tool [-e ENCODING] --dropped FILE                 dropped lines: LINE<TAB>REASON<TAB>TEXT
 *   loa_decode_tool [-e ENCODING] --words FILE                   the words of the blocks, one per line
 * With -a the cleaner reads the annex after the signature (loa_clean_options.read_annex).
 * The encoding and confidence go to stderr; errors print "FILE: message" and exit 3.
 */
#include "tts/clean.h"
#include "tts/decode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *kind_name(loa_block_kind k)
{
  static const char *const n[] = {"title", "heading", "list", "body", "table"};
  return (unsigned)k < 5 ? n[k] : "?";
}

int main(int argc, char **argv)
{
  const char *enc = NULL, *path = NULL, *mode = "text";
  size_t max = 0;
  loa_clean_options copts;
  loa_clean_options_default(&copts);
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-a"))
      copts.read_annex = 1;
    else if (!strcmp(argv[i], "-e") && i + 1 < argc)
      enc = argv[++i];
    else if (!strcmp(argv[i], "-m") && i + 1 < argc)
      max = strtoull(argv[++i], NULL, 10);
    else if (!strncmp(argv[i], "--", 2))
      mode = argv[i] + 2;
    else
      path = argv[i];
  }
  if (!path) {
    fprintf(stderr, "usage: loa_decode_tool [-e ENCODING] [-m MAX] [-a] [--blocks|--dropped|--words] FILE\n");
    return 2;
  }
  loa_text t;
  char err[512];
  int rc = loa_decode_file(path, enc, max, &t, err, sizeof err);
  if (rc) {
    fprintf(stderr, "%s: %s\n", path, err);
    return 3;
  }
  fprintf(stderr, "%s: %s (confidence %.2f)\n", path, t.encoding, t.confidence);
  if (!strcmp(mode, "text")) {
    fwrite(t.text, 1, t.len, stdout);
    loa_text_free(&t);
    return 0;
  }
  loa_doc doc;
  if (loa_clean_with(t.text, t.len, &copts, &doc, err, sizeof err) < 0) {
    fprintf(stderr, "%s: %s\n", path, err);
    loa_text_free(&t);
    return 5;
  }
  for (size_t i = 0; i < doc.nblocks; i++) {
    const loa_block *b = &doc.blocks[i];
    if (!strcmp(mode, "blocks")) {
      printf("%s\t%d\t%s\n", kind_name(b->kind), b->line, b->text);
    } else if (!strcmp(mode, "words")) {
      char *copy = strdup(b->text), *save = NULL;
      for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save))
        puts(w);
      free(copy);
    }
  }
  if (!strcmp(mode, "dropped"))
    for (size_t i = 0; i < doc.ndropped; i++)
      printf("%d\t%s\t%s\n", doc.dropped[i].line, doc.dropped[i].reason, doc.dropped[i].text);
  loa_doc_free(&doc);
  loa_text_free(&t);
  return 0;
}
