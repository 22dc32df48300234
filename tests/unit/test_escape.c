/* test_escape.c: the one escaping of outside bytes for printing (lexicon/escape.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon/escape.h"

#define S(lit) lit, sizeof(lit) - 1

static void expect(const char *in, size_t n, int flags, const char *want)
{
  char out[256];
  size_t len = loa_escape_flags(in, n, flags, out, sizeof out);
  assert_string_equal(out, want);
  assert_int_equal(len, strlen(want));
  loa_buf b = LOA_BUF_INIT;
  loa_buf_put_escaped(&b, in, n, flags);
  assert_string_equal(b.p ? b.p : "", want);
  loa_buf_free(&b);
}

/* Vietnamese and every printable character pass as they are; what would move the cursor,
 * start a line, colour the terminal or turn the text around is written out. */
static void test_what_is_escaped(void **state)
{
  expect(S("Thông báo tiêm phòng.txt"), 0, "Thông báo tiêm phòng.txt");
  expect(S("a\nb.txt:1:1: forged: line"), 0, "a\\nb.txt:1:1: forged: line");
  expect(S("\x1b[2J\x1b]0;title\x07"), 0, "\\x1b[2J\\x1b]0;title\\x07");
  expect(S("END\r\nBye!\0"), 0, "END\\r\\nBye!\\x00");
  expect(S("tab\there\\x41"), 0, "tab\\there\\\\x41");
  expect(S("say \"hi\""), 0, "say \"hi\"");
  expect(S("say \"hi\""), LOA_ESC_QUOTE, "say \\\"hi\\\"");
  expect(S("\xff\xfe" "abc\xc3"), 0, "\\xff\\xfeabc\\xc3");
  expect(S("\xc2\x9b" "31m"), 0, "\\u{009B}31m");                 /* C1 CSI */
  expect(S("abc\xe2\x80\xae" "txt.exe"), 0, "abc\\u{202E}txt.exe"); /* right-to-left override */
  expect(S("line\xe2\x80\xa8sep\x7f"), 0, "line\\u{2028}sep\\x7f");
  expect(S("\xef\xbb\xbf" "x"), 0, "\\u{FEFF}x");
  expect("", 0, 0, "");
  expect(S("C:\\x\\x41 a\nb"), LOA_ESC_LINE, "C:\\x\\x41 a\\nb");
}

/* A message printed as one line, whatever its parts hold. */
static void test_print_line(void **state)
{
  char *mem = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&mem, &n);
  loa_print_line(f, "loa: %s: %s", "a\nb.txt:1:1: x", "refused: \\x1b seen");
  char big[5000];
  memset(big, 'a', sizeof big - 1);
  big[sizeof big - 1] = 0;
  loa_print_line(f, "%s\x1b", big);
  fclose(f);
  const char *first = "loa: a\\nb.txt:1:1: x: refused: \\x1b seen\n";
  assert_int_equal(strncmp(mem, first, strlen(first)), 0);
  assert_int_equal(n, strlen(first) + 4999 + 4 + 1);
  assert_string_equal(mem + n - 5, "\\x1b\n");
  free(mem);
}

/* A cut result fits, ends with "...", and never in the middle of a letter or an escape. */
static void test_cut_to_fit(void **state)
{
  char out[12];
  assert_int_equal(loa_escape(S("ngày mười hai"), out, sizeof out), 10);
  assert_string_equal(out, "ngày m...");   /* 'ư' (2 bytes) would not leave room for "..." */
  assert_int_equal(loa_escape(S("ab\ncdefghij"), out, sizeof out), 11);
  assert_string_equal(out, "ab\\ncdef...");
  assert_int_equal(loa_escape(S("abcdefghijk"), out, sizeof out), 11);
  assert_string_equal(out, "abcdefghijk");   /* fits exactly: nothing cut */
  assert_int_equal(loa_escape(S("\x01\x02\x03"), out, sizeof out), 11);
  assert_string_equal(out, "\\x01\\x02...");
  char tiny[3];
  loa_escape(S("abcdef"), tiny, sizeof tiny);
  assert_true(strlen(tiny) < sizeof tiny);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_what_is_escaped),
    cmocka_unit_test(test_cut_to_fit),
    cmocka_unit_test(test_print_line),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
