/* test_phrase.c: breath groups. Every breath loa takes inside a clause of the sentences of
 * tests/prosody/breaks.tsv falls on a place marked acceptable there, and no group is longer
 * than a breath; the normaliser's marks (a reading's words joined, ? and !) change nothing
 * that is read; each group knows where it stands in its sentence. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon/lexicon.h"
#include "tts/clean.h"
#include "tts/normalize.h"
#include "tts/phrase.h"
#include "tts/split.h"

#define MAX_GROUP 28          /* syllables: about 5.5 s at the default rate */
#define MAX_MARKS 64

static loa_lexicon *lex;
static loa_normalizer *norm;

static int setup(void **state)
{
  (void)state;
  char err[256];
  if (loa_lexicon_load(&lex, NULL, err, sizeof err) != 0)
    return -1;
  norm = loa_normalizer_new(lex, LOA_DIALECT_NORTH);
  return norm ? 0 : -1;
}

static int teardown(void **state)
{
  (void)state;
  loa_normalizer_free(norm);
  loa_lexicon_free(lex);
  return 0;
}

static int syllables(const char *s)
{
  int n = 0;
  for (const char *p = s; *p;) {
    while (*p == ' ')
      p++;
    if (!*p)
      break;
    n++;
    while (*p && *p != ' ')
      p++;
  }
  return n;
}

/* The spoken syllables of written TEXT[0..LEN), read alone. */
static int spoken_syllables(const char *text, size_t len)
{
  char *out = NULL;
  assert_int_equal(loa_normalize_line(norm, text, len, 1, 0, &out, NULL), 0);
  int n = syllables(out);
  free(out);
  return n;
}

static void script_of(const char *text, loa_script *s)
{
  loa_block b = {LOA_BLOCK_BODY, 1, (char *)text};
  loa_doc doc = {&b, 1, NULL, 0};
  char err[512] = "";
  if (loa_script_from_doc(&doc, norm, s, NULL, err, sizeof err))
    fail_msg("%s", err);
}

static void test_breaths_fall_on_marked_places(void **state)
{
  (void)state;
  char path[4096], line[2048];
  snprintf(path, sizeof path, "%s/tests/prosody/breaks.tsv", getenv("LOA_SOURCE_DIR"));
  FILE *f = fopen(path, "r");
  assert_non_null(f);
  int sentences = 0, breaths = 0, longest = 0, wrong = 0;
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\r\n")] = 0;
    if (line[0] == '#' || !line[0])
      continue;
    /* the acceptable places, in syllables from the start, and the sentence without marks */
    int ok[MAX_MARKS], nok = 0, at = 0;
    char written[2048];
    size_t wn = 0;
    for (char *seg = line; seg;) {
      char *bar = strchr(seg, '|');
      size_t len = bar ? (size_t)(bar - seg) : strlen(seg);
      at += spoken_syllables(seg, len);
      if (bar) {
        assert_true(nok < MAX_MARKS);
        ok[nok++] = at;
      }
      memcpy(written + wn, seg, len);
      wn += len;
      seg = bar ? bar + 1 : NULL;
    }
    written[wn] = 0;
    loa_script s;
    script_of(written, &s);
    int pos = 0, total = 0;
    for (size_t i = 0; i < s.n; i++)
      total += syllables(s.items[i].text);
    assert_int_equal(total, at);          /* the marks' places are counted as loa reads */
    printf("%2d:", ++sentences);
    for (size_t i = 0; i < s.n; i++) {
      int n = syllables(s.items[i].text);
      pos += n;
      printf(" %s %s", s.items[i].text, s.items[i].mark ? "/" : "|");
      assert_true(n <= MAX_GROUP);
      if (s.items[i].mark)
        continue;
      breaths++;
      int found = 0;
      for (int k = 0; k < nok; k++)
        found |= ok[k] == pos;
      if (!found)
        printf("  <-- not a marked place"), wrong++;
    }
    for (size_t i = 0; i < s.n; i++)
      if (syllables(s.items[i].text) > longest)
        longest = syllables(s.items[i].text);
    printf("\n");
    loa_script_free(&s);
  }
  fclose(f);
  printf("%d sentences, %d breaths inside clauses, %d not on a mark, longest group %d syllables\n",
         sentences, breaths, wrong, longest);
  assert_int_equal(wrong, 0);
  assert_true(sentences >= 30);
  assert_true(breaths >= sentences);      /* the long clauses were split */
  assert_true(longest <= MAX_GROUP);
}

static void test_marks_change_nothing_read(void **state)
{
  (void)state;
  const char *in = "Họp lúc 7h30 ngày 5/3/2026 tại UBND xã, có ai vắng không? Đến đúng giờ!";
  char *plain = NULL, *pauses = NULL, *marks = NULL;
  assert_int_equal(loa_normalize_line(norm, in, strlen(in), 1, 0, &plain, NULL), 0);
  assert_int_equal(loa_normalize_line(norm, in, strlen(in), 1, LOA_NORM_PAUSES, &pauses, NULL), 0);
  assert_int_equal(loa_normalize_line(norm, in, strlen(in), 1, LOA_NORM_PAUSES | LOA_NORM_MARKS,
                                      &marks, NULL), 0);
  assert_non_null(strstr(pauses, " không . đến"));
  assert_non_null(strstr(marks, " không ? đến"));
  assert_non_null(strstr(marks, "ủy_ban_nhân_dân"));
  assert_non_null(strstr(marks, "hai_nghìn_không_trăm_hai_mươi_sáu"));
  /* the same words, once the joins are spaces and the marks are gone */
  char *p = marks, *o = marks;
  for (; *p; p++) {
    if ((*p == ',' || *p == '.' || *p == '?' || *p == '!') && p > marks && p[-1] == ' ') {
      o--;
      continue;
    }
    *o++ = *p == '_' ? ' ' : *p;
  }
  *o = 0;
  assert_string_equal(marks, plain);
  free(plain);
  free(pauses);
  free(marks);
}

static void test_group_knows_its_place(void **state)
{
  (void)state;
  loa_script s;
  script_of("Ủy ban nhân dân xã đề nghị các hộ chăn nuôi chủ động phối hợp với thú y viên các thôn "
            "để tiêm phòng đầy đủ cho đàn vật nuôi, theo đúng lịch. Ai chưa tiêm?",
            &s);
  assert_true(s.n >= 4);
  loa_phrase ph;
  loa_script_phrase(&s, 0, &ph);
  assert_int_equal(ph.before, LOA_EDGE_START);
  assert_int_equal(ph.after, LOA_EDGE_BREATH);
  assert_int_equal(ph.tune, '.');
  size_t last_of_first = 0;
  while (s.items[last_of_first].pause == LOA_PAUSE_COMMA)
    last_of_first++;
  loa_script_phrase(&s, last_of_first, &ph);
  assert_int_equal(ph.after, LOA_EDGE_SENTENCE);
  assert_int_equal(ph.commas, 1);
  assert_true(ph.breaths >= 1);
  loa_script_phrase(&s, last_of_first - 1, &ph);
  assert_int_equal(ph.after, LOA_EDGE_COMMA);
  loa_script_phrase(&s, s.n - 1, &ph);
  assert_int_equal(ph.before, LOA_EDGE_SENTENCE);
  assert_int_equal(ph.after, LOA_EDGE_PARAGRAPH);
  assert_int_equal(ph.tune, '?');
  assert_int_equal(ph.commas + ph.breaths, 0);
  loa_script_free(&s);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_breaths_fall_on_marked_places),
      cmocka_unit_test(test_marks_change_nothing_read),
      cmocka_unit_test(test_group_knows_its_place),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
