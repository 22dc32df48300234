/* fuzz_decode.c: libFuzzer target for loa_decode_buffer (every format and encoding path).
 *
 * The first byte picks automatic detection or one forced encoding (bits 0-2) and whether the
 * text then goes through the Markdown stripper (bit 3); the rest is the file.
 * Speed: every call loads the syllable list (13,944 lines, a few ms under ASan), which would
 * hold the fuzzer to ~60 runs/s; LLVMFuzzerInitialize therefore points LOA_DATA_DIR at a
 * copy of the data with every 8th syllable only (same code paths, weaker detection).
 * Besides the sanitizers, it checks what decode.h promises of a success: NUL-terminated
 * valid UTF-8 of the stated length, NFC, '\n' line ends only, a final '\n', and never a
 * character decode.h says it maps away; and of a failure: no text and a one-line message.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

#include "tts/decode.h"
#include "tts/decode_internal.h"
#include "lexicon/lexicon.h"

static char data_dir[64];

static void remove_data_dir(void)
{
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", data_dir);
  if (system(cmd) != 0)
    fprintf(stderr, "fuzz_decode: could not remove %s\n", data_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  char src[4096], path[4200];
  snprintf(src, sizeof src, "%s", loa_data_dir());
  snprintf(data_dir, sizeof data_dir, "/tmp/loa-fuzz-data-XXXXXX");
  if (!mkdtemp(data_dir))
    return 0;
  atexit(remove_data_dir);
  snprintf(path, sizeof path, "%s/tts", data_dir);
  char target[4200];
  snprintf(target, sizeof target, "%s/tts", src);
  if (symlink(target, path) != 0)
    return 0;
  snprintf(path, sizeof path, "%s/lexicon", data_dir);
  mkdir(path, 0700);
  snprintf(path, sizeof path, "%s/lexicon/syllables.txt", data_dir);
  snprintf(target, sizeof target, "%s/lexicon/syllables.txt", src);
  FILE *in = fopen(target, "r"), *out = fopen(path, "w");
  if (!out) {
    if (in)
      fclose(in);
    return 0;
  }
  if (in) {
    char line[256];
    for (int k = 0; fgets(line, sizeof line, in); k++)
      if (k % 8 == 0)
        fputs(line, out);
    fclose(in);
  } else {
    fputs("anh\nbà\nviệt\nnam\nxã\n", out);
  }
  fclose(out);
  setenv("LOA_DATA_DIR", data_dir, 1);
  return 0;
}

static void check(int ok)
{
  if (!ok)
    abort();
}

static void check_text(const loa_text *t)
{
  check(t->text && strlen(t->text) == t->len && t->len > 0 && t->text[t->len - 1] == '\n');
  check(t->confidence >= 0 && t->confidence <= 1);
  const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)t->text;
  for (utf8proc_ssize_t i = 0; i < (utf8proc_ssize_t)t->len;) {
    utf8proc_int32_t c;
    utf8proc_ssize_t l = utf8proc_iterate(s + i, (utf8proc_ssize_t)t->len - i, &c);
    check(l > 0);
    check(c != '\r' && c != 0xA0 && c != 0xAD && c != 0x200B && c != 0xFEFF && c != 0x2013 && c != 0x201C);
    i += l;
  }
  utf8proc_uint8_t *nfc = utf8proc_NFC(s);
  check(nfc && !strcmp((const char *)nfc, t->text));
  free(nfc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const char *const enc[8] = {NULL, "utf-8", "utf-16le", "utf-16be", "windows-1258", "tcvn3", "vni", "auto"};
  const char *e = NULL;
  int md = 0;
  if (size) {
    e = enc[data[0] & 7];
    md = data[0] & 8;
    data++;
    size--;
  }
  loa_text t;
  char err[256];
  int rc = loa_decode_buffer(data, size, e, &t, err, sizeof err);
  if (rc == LOA_DEC_OK) {
    check_text(&t);
    if (md) {   /* Markdown out keeps the number of lines */
      loa_buf out = LOA_BUF_INIT;
      check(loa_dec_markdown(t.text, t.len, &out) == 0);
      size_t a = 0, b = 0;
      for (size_t i = 0; i < t.len; i++)
        a += t.text[i] == '\n';
      for (size_t i = 0; i < out.n; i++)
        b += out.p[i] == '\n';
      check(a == b && (!out.n || strlen(out.p) == out.n));
      loa_buf_free(&out);
    }
    loa_text_free(&t);
  } else {
    check(rc < 0 && !t.text && err[0] && !strchr(err, '\n'));
  }
  return 0;
}
