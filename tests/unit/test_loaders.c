/* test_loaders.c: the data files loa reads at run time, each loaded by one loader that
 * stops on a malformed row with "FILE:LINE: problem" (lexicon/tsv.h's reader): the syllable list (read by the
 * lexicon, for the normaliser and for the decoder's scorer alike), the legacy encoding
 * tables, the cleaner's words of clutter (tts/clean.tsv), the synthesiser's word fixes
 * (lexicon/voice.tsv), the breath groups' openers (lexicon/phrasing.tsv), the tones
 * (lexicon/tones.tsv) and the voices (lexicon/voices.tsv). Each test builds a data folder of its own (LOA_DATA_DIR) from the
 * shipped files, with one file changed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lexicon/lexicon.h"
#include "lexicon/tsv.h"
#include "tts/clean.h"
#include "tts/decode.h"
#include "tts/phrase.h"
#include "tts/prosody.h"
#include "tts/synth.h"
#include "tts/voices.h"

#define S(s) s, strlen(s)

static char dir[256];

static const char *source_dir(void)
{
  const char *s = getenv("LOA_SOURCE_DIR");
  return s && *s ? s : LOA_SOURCE_DIR;
}

static void run(const char *fmt, const char *a, const char *b)
{
  char cmd[2048];
  snprintf(cmd, sizeof cmd, fmt, a, b);
  assert_int_equal(system(cmd), 0);
}

/* DIR/NAME gets TEXT. */
static void write_file(const char *name, const char *text)
{
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

/* A data folder with copies of the shipped lexicon/, tts/encodings/ and tts/clean.tsv. */
static int setup(void **state)
{
  snprintf(dir, sizeof dir, "/tmp/loa-loaders-XXXXXX");
  if (!mkdtemp(dir))
    return -1;
  run("mkdir -p '%1$s/tts' && cp -r '%2$s/lexicon' '%1$s/' && cp -r '%2$s/tts/encodings' '%1$s/tts/'", dir,
      source_dir());
  run("cp '%2$s/tts/clean.tsv' '%1$s/tts/'", dir, source_dir());
  setenv("LOA_DATA_DIR", dir, 1);
  return 0;
}

static int teardown(void **state)
{
  unsetenv("LOA_DATA_DIR");
  run("rm -rf '%s'%s", dir, "");
  return 0;
}

/* ---- the reader every loader uses ---- */

/* Keeps each row it is given, "|"-separated; refuses a row starting with '!'. */
static const char *keep_row(char *line, size_t len, void *user)
{
  char *rows = user;
  if (line[0] == '!')
    return "no exclamations";
  assert_int_equal(strlen(line), len);
  strcat(rows, line);
  strcat(rows, "|");
  return NULL;
}

static void test_reader_lines(void **state)
{
  write_file("rows.tsv", "\xEF\xBB\xBF" "a\tb\r\n# comment\n   # indented comment\n\n   \nc\r\nlast");
  char path[512], rows[256] = "", err[512];
  snprintf(path, sizeof path, "%s/rows.tsv", dir);
  assert_int_equal(loa_tsv_read(path, keep_row, rows, err, sizeof err), LOA_TSV_OK);
  assert_string_equal(rows, "a\tb|c|last|");
  write_file("rows.tsv", "a\n\nb\n!c\n");
  rows[0] = 0;
  assert_int_equal(loa_tsv_read(path, keep_row, rows, err, sizeof err), LOA_TSV_EROW);
  assert_string_equal(rows, "a|b|");
  assert_non_null(strstr(err, "rows.tsv:4: no exclamations"));
  write_file("rows.tsv", "a\nb\xC3\n");
  assert_int_equal(loa_tsv_read(path, keep_row, rows, err, sizeof err), LOA_TSV_EROW);
  assert_non_null(strstr(err, "rows.tsv:2: not valid UTF-8"));
  snprintf(path, sizeof path, "%s/none.tsv", dir);
  assert_int_equal(loa_tsv_read(path, keep_row, rows, err, sizeof err), LOA_TSV_EOPEN);
  assert_non_null(strstr(err, "none.tsv: "));
  const char *col[3];
  size_t clen[3];
  assert_int_equal(loa_tsv_split(S("a\t\tbc"), col, clen, 3), 3);
  assert_int_equal(clen[1], 0);
  assert_memory_equal(col[2], "bc", 2);
  assert_int_equal(loa_tsv_split(S("a\tb\tc"), col, clen, 2), 3);   /* more than MAX */
  assert_int_equal(loa_tsv_split(S(""), col, clen, 2), 1);
  char line[] = "a\t\tbc", *cut[3];
  assert_int_equal(loa_tsv_cut(line, strlen(line), cut, 2), 3);     /* more than MAX: unchanged */
  assert_memory_equal(line, "a\t\tbc", 6);
  assert_int_equal(loa_tsv_cut(line, strlen(line), cut, 3), 3);
  assert_string_equal(cut[0], "a");
  assert_string_equal(cut[1], "");
  assert_string_equal(cut[2], "bc");
}

/* ---- the syllable list ---- */

static void test_syllables_any_spelling(void **state)
{
  write_file("lexicon/syllables.txt", "# a few\nhòa\nthủy\nviệt\n");
  loa_lexicon *lx = NULL;
  char err[512];
  assert_int_equal(loa_lexicon_load_syllables(&lx, NULL, err, sizeof err), LOA_LEX_OK);
  assert_true(loa_lexicon_spells_syllable(lx, S("hòa")));
  assert_true(loa_lexicon_spells_syllable(lx, S("HOÀ")));         /* old tone place, capitals */
  assert_true(loa_lexicon_spells_syllable(lx, S("thu\xCC\x89y"))); /* NFD */
  assert_true(loa_lexicon_spells_syllable(lx, S("Việt")));
  assert_false(loa_lexicon_spells_syllable(lx, S("hoa")));         /* another tone */
  assert_false(loa_lexicon_spells_syllable(lx, S("viet")));
  assert_true(loa_lexicon_is_syllable(lx, S("hòa")));              /* as loa writes it */
  assert_false(loa_lexicon_is_syllable(lx, S("hoà")));
  assert_null(loa_lexicon_abbr(lx, S("UBND"), NULL));              /* no other table */
  loa_lexicon_free(lx);
}

static void test_syllables_malformed_row(void **state)
{
  write_file("lexicon/syllables.txt", "hòa\nhai ba\n");
  char where[600], err[600];
  snprintf(where, sizeof where, "%s/lexicon/syllables.txt:2: ", dir);
  loa_lexicon *lx = (loa_lexicon *)1;
  assert_int_equal(loa_lexicon_load_syllables(&lx, NULL, err, sizeof err), LOA_LEX_EFORMAT);
  assert_null(lx);
  assert_non_null(strstr(err, where));
  /* the decoder's scorer reads the same list: the same error stops it */
  loa_text t;
  assert_int_equal(loa_decode_buffer(S("Th\xabng b\xb8o\n"), "tcvn3", &t, err, sizeof err), LOA_DEC_EIO);
  assert_non_null(strstr(err, where));
}

/* Without syllables.txt the list is hunspell-vi's dictionary, when it is installed. */
static void test_syllables_from_hunspell(void **state)
{
  char path[512], err[512];
  snprintf(path, sizeof path, "%s/lexicon/syllables.txt", dir);
  assert_int_equal(unlink(path), 0);
  loa_lexicon *lx = NULL;
  int rc = loa_lexicon_load_syllables(&lx, NULL, err, sizeof err);
  if (access("/usr/share/hunspell/vi_VN.dic", R_OK) == 0) {
    assert_int_equal(rc, LOA_LEX_OK);
    assert_true(loa_lexicon_spells_syllable(lx, S("Việt")));
    assert_true(loa_lexicon_is_syllable(lx, S("hòa")));   /* the dictionary's hoà, in loa's spelling */
    loa_lexicon_free(lx);
  } else {
    assert_int_equal(rc, LOA_LEX_EIO);
    assert_non_null(strstr(err, "syllables.txt"));
  }
  /* and the decoder goes on without a list when there is none */
  loa_text t;
  assert_int_equal(loa_decode_buffer(S("Th\xabng b\xb8o\n"), "tcvn3", &t, err, sizeof err), LOA_DEC_OK);
  assert_string_equal(t.text, "Thông báo\n");
  loa_text_free(&t);
}

/* ---- the legacy encodings ---- */

static void test_encoding_table_malformed_row(void **state)
{
  char path[512], where[600], err[600];
  snprintf(path, sizeof path, "%s/tts/encodings/vni.tsv", dir);
  FILE *f = fopen(path, "a");
  assert_non_null(f);
  fputs("0xZZ\t\xc3\xa1\n", f);
  fclose(f);
  FILE *c = fopen(path, "r");
  int lines = 0;
  for (int ch; (ch = fgetc(c)) != EOF;)
    lines += ch == '\n';
  fclose(c);
  snprintf(where, sizeof where, "%s:%d: expected BYTES<TAB>LETTER", path, lines);
  loa_text t;
  assert_int_equal(loa_decode_buffer(S("Th\xabng b\xb8o\n"), "tcvn3", &t, err, sizeof err), LOA_DEC_EIO);
  assert_non_null(strstr(err, where));
}

/* ---- the cleaner's words of clutter ---- */

/* A row a commune adds to clean.tsv is used: "CHỦ NHIỆM HỢP TÁC XÃ" alone after the text
 * is a signature title once "signature" lists it. */
static void test_clean_words_added_row(void **state)
{
  static const char text[] = "Thôn tổ chức họp dân vào tối nay.\n\nCHỦ NHIỆM HỢP TÁC XÃ\n";
  loa_doc d;
  char err[512];
  assert_int_equal(loa_clean(S(text), &d, err, sizeof err), LOA_CLEAN_OK);
  assert_int_equal(d.nblocks, 2);
  loa_doc_free(&d);
  run("printf 'signature\\tChủ nhiệm hợp tác xã\\n' >> '%s/tts/clean.tsv'%s", dir, "");
  assert_int_equal(loa_clean(S(text), &d, err, sizeof err), LOA_CLEAN_OK);
  assert_int_equal(d.nblocks, 1);
  assert_int_equal(d.ndropped, 1);
  assert_string_equal(d.dropped[0].text, "CHỦ NHIỆM HỢP TÁC XÃ");
  loa_doc_free(&d);
}

static void test_clean_words_malformed_row(void **state)
{
  static const char *const bad[] = {
    "motto Độc lập\n",               /* no tab */
    "motto\tĐộc lập\textra\n",      /* three columns */
    "slogan\tĐộc lập\n",            /* no such kind */
    "authority\t...\n",             /* nothing to match */
    "authority\t\xC3\n",            /* not UTF-8 */
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    char text[128], where[600], err[600] = "";
    snprintf(text, sizeof text, "# words\nmotto\tĐảng Cộng sản Việt Nam\n\n%s", bad[i]);
    write_file("tts/clean.tsv", text);
    snprintf(where, sizeof where, "%s/tts/clean.tsv:4: ", dir);
    loa_doc d;
    assert_int_equal(loa_clean(S("Một câu.\n"), &d, err, sizeof err), LOA_CLEAN_EDATA);
    assert_int_equal(d.nblocks, 0);
    if (!strstr(err, where))
      fprintf(stderr, "error was: %s\n", err);
    assert_non_null(strstr(err, where));
  }
}

/* ---- the synthesiser's word fixes ---- */

typedef struct {
  int16_t *p;
  size_t n;
} samples;

static int keep(const int16_t *pcm, size_t n, void *user)
{
  samples *s = user;
  int16_t *p = realloc(s->p, (s->n + n) * sizeof *p);
  if (!p)
    return 1;
  memcpy(p + s->n, pcm, n * sizeof *p);
  s->p = p;
  s->n += n;
  return 0;
}

/* The number of samples eSpeak NG gives for TEXT (it varies by a few from call to call). */
static double spoken_samples(const char *text)
{
  samples s = {0};
  assert_int_equal(loa_synth_speak(text, keep, &s), LOA_SYNTH_OK);
  free(s.p);
  return (double)s.n;
}

/* eSpeak NG is given the replacement of a word of voice.tsv: "a" lasts as long as the five
 * words it stands for, "o" as one syllable. */
static void test_voice_fixes_replace_words(void **state)
{
  write_file("lexicon/voice.tsv", "# fixes\na\tmột hai ba bốn năm\n\n");
  char err[512];
  assert_int_equal(loa_synth_init("north", 0, err, sizeof err), LOA_SYNTH_OK);
  double a = spoken_samples("a"), words = spoken_samples("một hai ba bốn năm"), o = spoken_samples("o");
  loa_synth_terminate();
  assert_true(a > 0.98 * words && a < 1.02 * words);
  assert_true(a > 3 * o);
}

static void test_voice_fixes_malformed_row(void **state)
{
  static const char *const bad[] = {"lô\n", "lô\t\n", "\tbê\n", "lô\tbê\tca\n", "lô ca\tbê\n",
                                    "l\xF4\tb\n"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    char text[64], where[600], err[600] = "";
    snprintf(text, sizeof text, "# fixes\nwai\toai\n%s", bad[i]);
    write_file("lexicon/voice.tsv", text);
    snprintf(where, sizeof where, "%s/lexicon/voice.tsv:3: ", dir);
    assert_int_equal(loa_synth_init("north", 0, err, sizeof err), LOA_SYNTH_EDATA);
    if (!strstr(err, where))
      fprintf(stderr, "error was: %s\n", err);
    assert_non_null(strstr(err, where));
  }
  loa_synth_terminate();
}

/* ---- the breath groups' openers ---- */

/* DIR/lexicon/NAME is a header, a good row and BAD, and LOAD (which reads it) must stop
 * at line 3 naming the file. */
static void expect_row_refused(const char *name, const char *good, const char *bad,
                               int (*load)(char *err, size_t errlen))
{
  char text[512], where[600], err[600] = "";
  snprintf(text, sizeof text, "# %s\n%s%s", name, good, bad);
  snprintf(where, sizeof where, "lexicon/%s", name);
  write_file(where, text);
  snprintf(where, sizeof where, "%s/lexicon/%s:3: ", dir, name);
  assert_int_not_equal(load(err, sizeof err), 0);
  if (!strstr(err, where))
    fprintf(stderr, "%s refused, but the error was: %s\n", bad, err);
  assert_non_null(strstr(err, where));
}

static int load_phrasing(char *err, size_t errlen)
{
  loa_phrasing *p = NULL;
  int rc = loa_phrasing_load(&p, NULL, err, errlen);
  loa_phrasing_free(p);
  return rc;
}

static void test_phrasing_malformed_row(void **state)
{
  static const char *const bad[] = {
    "open\tcủa\n",                  /* two columns */
    "open\tcủa\t2\textra\n",        /* four */
    "opener\tcủa\t2\n",             /* no such kind */
    "open\tcủa\t4\n",               /* weight over 3 */
    "open\tcủa\t0\n",
    "open\tcủa\t2x\n",
    "glue\tđã được\t1\n",           /* only an opener has a weight */
    "open\t \t2\n",                 /* no word */
    "open\tmột hai ba bốn năm sáu bảy\t2\n",   /* more than six */
    "count\thai mươi\t-\n",          /* a count row is one word */
    "range\tcho đến\t-\n",
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
    expect_row_refused("phrasing.tsv", "open\tvề việc\t3\n", bad[i], load_phrasing);
  write_file("lexicon/phrasing.tsv", "# phrasing\nopen\tvề việc\t3\ncount\thai\t-\n");
  char err[600];
  assert_int_equal(load_phrasing(err, sizeof err), 0);
}

/* ---- the tones ---- */

static int load_tones(char *err, size_t errlen)
{
  loa_tone_set set;
  return loa_tones_load(&set, NULL, "north", err, errlen);
}

static void test_tones_malformed_row(void **state)
{
  static const char *const bad[] = {
    "north\thuyen\t1\t0:0 1:-6\n",               /* four columns */
    "north\thuyền\t1\t0:0 1:-6\t-\n",            /* tones are named without marks */
    "north\thuyen\t0.1\t0:0 1:-6\t-\n",          /* length under 0.2 */
    "north\thuyen\tlong\t0:0 1:-6\t-\n",
    "north\thuyen\t1\t0:0 1x:-6\t-\n",           /* not time:semitones */
    "north\thuyen\t1\t0:0 1:-6x\t-\n",
    "north\thuyen\t1\t0.5:0 0.2:-6\t-\n",        /* times not rising */
    "north\thuyen\t1\t0:0 1.5:-6\t-\n",          /* past 1 */
    "north\thuyen\t1\t0:0 1:-6\tcreak 0.6-0.4\n",
    "north\thuyen\t1\t0:0 1:-6\tcreak 0.4-0.6 and more\n",
    "north\thuyen\t1\t0:0 1:-6\tbreathy\n",
    "north\tngang\t1\t0:0 1:0\t-\n",              /* ngang twice in the north */
    "south\tngang\t1\t0:0 1:0\textra\t-\n",      /* another region's rows too */
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
    expect_row_refused("tones.tsv", "north\tngang\t1\t0:0 1:-0.5\t-\n", bad[i], load_tones);
  /* a region without its six tones is refused as a whole */
  write_file("lexicon/tones.tsv", "# tones\nnorth\tngang\t1\t0:0 1:-0.5\t-\n");
  char err[600];
  assert_int_not_equal(load_tones(err, sizeof err), 0);
  assert_non_null(strstr(err, "does not have all six tones"));
}

/* ---- the voices ---- */

static int load_voices(char *err, size_t errlen)
{
  loa_voices vs;
  int rc = loa_voices_load(&vs, NULL, err, errlen);
  loa_voices_free(&vs);
  return rc;
}

static void test_voices_malformed_row(void **state)
{
#define V "north-male\tnorth\tnorth\tvi\t45\t118\t0.9\t190\tGiọng nam\tMan\n"
  static const char *const bad[] = {
    "x\t-\tnorth\tvi\t45\t118\t0.9\t190\tGiọng nam\n",           /* nine columns */
    "x\t-\tnorth\tvi\t45\t118\t0.9\t190\tGiọng nam\tMan\textra\n",
    "\t-\tnorth\tvi\t45\t118\t0.9\t190\tGiọng nam\tMan\n",      /* no name */
    "x\ta,,b\tnorth\tvi\t45\t118\t0.9\t190\tGiọng nam\tMan\n",  /* an empty alias */
    "x\ta,b,c,d,e\tnorth\tvi\t45\t118\t0.9\t190\tGiọng nam\tMan\n",
    "x\t-\twest\tvi\t45\t118\t0.9\t190\tGiọng nam\tMan\n",      /* no such region */
    "x\t-\tnorth\t\t45\t118\t0.9\t190\tGiọng nam\tMan\n",       /* no eSpeak voice */
    "x\t-\tnorth\tvi\t101\t118\t0.9\t190\tGiọng nam\tMan\n",    /* pitch over 100 */
    "x\t-\tnorth\tvi\t4.5\t118\t0.9\t190\tGiọng nam\tMan\n",
    "x\t-\tnorth\tvi\t45\t40\t0.9\t190\tGiọng nam\tMan\n",       /* F0 under 50 Hz */
    "x\t-\tnorth\tvi\t45\t118\t0\t190\tGiọng nam\tMan\n",        /* no range */
    "x\t-\tnorth\tvi\t45\t118\t0.9\t500\tGiọng nam\tMan\n",     /* rate over 450 */
    "x\t-\tnorth\tvi\t45\t118\t0.9\t190\t\tMan\n",              /* no Vietnamese name */
    "north\t-\tnorth\tvi\t45\t118\t0.9\t190\tGiọng nam\tMan\n", /* a name taken as alias */
    "x\tnorth-male\tnorth\tvi\t45\t118\t0.9\t190\tGiọng nam\tMan\n",
    "x\tx\tnorth\tvi\t45\t118\t0.9\t190\tGiọng nam\tMan\n",
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
    expect_row_refused("voices.tsv", V, bad[i], load_voices);
  write_file("lexicon/voices.tsv", "# voices\n" V "south\tnam,sg\tsouth\tvi-vn-x-south\t71\t115\t1\t190\tNam\tSouth\n");
  loa_voices vs;
  char err[600];
  assert_int_equal(loa_voices_load(&vs, NULL, err, sizeof err), LOA_VOICES_OK);
  assert_int_equal(vs.n, 2);
  assert_ptr_equal(loa_voices_find(&vs, "north"), &vs.v[0]);
  assert_ptr_equal(loa_voices_find(&vs, "sg"), &vs.v[1]);
  assert_string_equal(vs.v[1].espeak, "vi-vn-x-south");
  assert_int_equal(vs.v[1].rate, 190);
  loa_voices_free(&vs);
  write_file("lexicon/voices.tsv", "# no voice\n");
  assert_int_equal(loa_voices_load(&vs, NULL, err, sizeof err), LOA_VOICES_EFORMAT);
#undef V
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_reader_lines, setup, teardown),
    cmocka_unit_test_setup_teardown(test_syllables_any_spelling, setup, teardown),
    cmocka_unit_test_setup_teardown(test_syllables_malformed_row, setup, teardown),
    cmocka_unit_test_setup_teardown(test_syllables_from_hunspell, setup, teardown),
    cmocka_unit_test_setup_teardown(test_encoding_table_malformed_row, setup, teardown),
    cmocka_unit_test_setup_teardown(test_clean_words_added_row, setup, teardown),
    cmocka_unit_test_setup_teardown(test_clean_words_malformed_row, setup, teardown),
    cmocka_unit_test_setup_teardown(test_voice_fixes_replace_words, setup, teardown),
    cmocka_unit_test_setup_teardown(test_voice_fixes_malformed_row, setup, teardown),
    cmocka_unit_test_setup_teardown(test_phrasing_malformed_row, setup, teardown),
    cmocka_unit_test_setup_teardown(test_tones_malformed_row, setup, teardown),
    cmocka_unit_test_setup_teardown(test_voices_malformed_row, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
