/* fuzz_normalize.c: libFuzzer target for the normaliser (built when tts/normalize.c exists).
 *
 * The input goes through loa_decode_buffer first, as in loa, and each decoded line through
 * loa_normalize_line, with and without pause marks. Checks what normalize.h promises: the
 * output is one line of valid UTF-8 and findings carry 1-based positions.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "lexicon/lexicon.h"
#include "tts/decode.h"
#include "tts/normalize.h"

static loa_lexicon *lex;
static loa_normalizer *norm[2];

static void check(int ok)
{
  if (!ok)
    abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  char err[256];
  if (loa_lexicon_load(&lex, NULL, err, sizeof err) != 0) {
    fprintf(stderr, "fuzz_normalize: %s\n", err);
    exit(1);
  }
  norm[0] = loa_normalizer_new(lex, LOA_DIALECT_NORTH);
  norm[1] = loa_normalizer_new(lex, LOA_DIALECT_SOUTH);
  check(norm[0] && norm[1]);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  loa_text t;
  char err[256];
  if (loa_decode_buffer(data, size, NULL, &t, err, sizeof err) != 0)
    return 0;
  int lineno = 1;
  for (char *line = t.text, *nl; *line; line = nl + 1, lineno++) {
    nl = strchr(line, '\n');
    size_t len = (size_t)(nl - line);
    for (int k = 0; k < 2; k++) {
      char *out = NULL;
      loa_findings f = {0};
      int rc = loa_normalize_line(norm[lineno & 1], line, len, lineno, k ? LOA_NORM_PAUSES : 0, &out, &f);
      if (rc == 0) {
        check(out && !strchr(out, '\n'));
        utf8proc_int32_t c;
        for (const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)out; *p;) {
          utf8proc_ssize_t l = utf8proc_iterate(p, -1, &c);
          check(l > 0);
          p += l;
        }
        for (size_t i = 0; i < f.n; i++)
          check(f.items[i].line == lineno && f.items[i].col >= 1);
      }
      free(out);
      loa_findings_free(&f);
    }
  }
  loa_text_free(&t);
  return 0;
}
