/* test_clean.c: tts/clean gives exactly the expected blocks and drops exactly the expected lines.
 *
 * The cases are in tests/unit/clean_cases.tsv (one cmocka test each): joining broken
 * lines, blank-line modes, headings, list items, titles, each kind of clutter with its
 * reason, tables and markup. A few properties are checked here directly: every input
 * line is either in a block, dropped with a reason, or blank; reasons are static strings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "tts/clean.h"

typedef struct {
  char name[64];
  char *input, *blocks, *dropped;
  loa_clean_options opts;   /* fifth column: "read-annex", or none */
} clean_case;

static const char *kind_name(loa_block_kind k)
{
  static const char *const n[] = {"title", "heading", "list", "body", "table"};
  return (unsigned)k < 5 ? n[k] : "?";
}

static void append(char **buf, size_t *len, const char *s)
{
  size_t l = strlen(s);
  *buf = realloc(*buf, *len + l + 1);
  memcpy(*buf + *len, s, l + 1);
  *len += l;
}

static char *describe_blocks(const loa_doc *d)
{
  char *out = NULL;
  size_t len = 0;
  append(&out, &len, "");
  for (size_t i = 0; i < d->nblocks; i++) {
    char head[64];
    snprintf(head, sizeof head, "%s%s@%d ", i ? " || " : "", kind_name(d->blocks[i].kind), d->blocks[i].line);
    append(&out, &len, head);
    append(&out, &len, d->blocks[i].text);
  }
  if (!d->nblocks)
    append(&out, &len, "-");
  return out;
}

static char *describe_dropped(const loa_doc *d)
{
  char *out = NULL;
  size_t len = 0;
  append(&out, &len, "");
  for (size_t i = 0; i < d->ndropped; i++) {
    char item[96];
    size_t w = strcspn(d->dropped[i].reason, " ");
    snprintf(item, sizeof item, "%s%d:%.*s", i ? " || " : "", d->dropped[i].line, (int)w, d->dropped[i].reason);
    append(&out, &len, item);
  }
  if (!d->ndropped)
    append(&out, &len, "-");
  return out;
}

static int count_lines(const char *s)
{
  int n = 0;
  for (; *s; s++)
    n += *s == '\n';
  return n;
}

/* Every non-blank line is in a block (at or after its first line) or dropped. */
static void check_accounted(const char *in, const loa_doc *d)
{
  int lines = count_lines(in) + 1;
  for (size_t i = 0; i < d->nblocks; i++) {
    assert_true(d->blocks[i].line >= 1 && d->blocks[i].line <= lines);
    assert_true(strlen(d->blocks[i].text) > 0);
    assert_null(strchr(d->blocks[i].text, '\n'));
    assert_true(i == 0 || d->blocks[i].line > d->blocks[i - 1].line);
  }
  for (size_t i = 0; i < d->ndropped; i++) {
    assert_non_null(d->dropped[i].reason);
    assert_non_null(strchr(d->dropped[i].reason, '('));   /* English (Vietnamese) */
    assert_true(i == 0 || d->dropped[i].line > d->dropped[i - 1].line);
  }
}

static void run_case(void **state)
{
  const clean_case *c = *state;
  char *in = tu_unescape(c->input);
  loa_doc d;
  assert_int_equal(loa_clean_with(in, strlen(in), &c->opts, &d, NULL, 0), 0);
  char *blocks = describe_blocks(&d), *dropped = describe_dropped(&d);
  if (strcmp(blocks, c->blocks) || strcmp(dropped, c->dropped))
    print_error("case %s\n  blocks  got: %s\n         want: %s\n  dropped got: %s\n         want: %s\n", c->name,
                blocks, c->blocks, dropped, c->dropped);
  assert_string_equal(blocks, c->blocks);
  assert_string_equal(dropped, c->dropped);
  check_accounted(in, &d);
  free(blocks);
  free(dropped);
  loa_doc_free(&d);
  free(in);
}

static void test_null_and_free(void **state)
{
  loa_doc d;
  assert_int_equal(loa_clean(NULL, 0, &d, NULL, 0), 0);
  assert_int_equal(d.nblocks, 0);
  loa_doc_free(&d);
  loa_doc_free(&d);   /* twice is harmless */
  loa_doc_free(NULL);
  /* no final newline, a lone '\f' */
  assert_int_equal(loa_clean("\f", 1, &d, NULL, 0), 0);
  assert_int_equal(d.nblocks, 0);
  loa_doc_free(&d);
  assert_int_equal(loa_clean("Một câu", strlen("Một câu"), &d, NULL, 0), 0);
  assert_int_equal(d.nblocks, 1);
  assert_string_equal(d.blocks[0].text, "Một câu");
  loa_doc_free(&d);
}

static void test_missing_vocabulary(void **state)
{
  setenv("LOA_DATA_DIR", "/nonexistent-loa-data", 1);
  loa_doc d;
  char err[256];
  assert_int_equal(loa_clean("a\n", 2, &d, err, sizeof err), LOA_CLEAN_EDATA);
  assert_non_null(strstr(err, "/nonexistent-loa-data/tts/clean.tsv"));
  assert_int_equal(d.nblocks, 0);
  unsetenv("LOA_DATA_DIR");
}

static clean_case *load_cases(size_t *n)
{
  char path[4096];
  tu_table t;
  tu_table_open(&t, tu_source_path(path, sizeof path, "tests/unit/clean_cases.tsv"));
  clean_case *v = NULL;
  *n = 0;
  while (tu_table_next(&t)) {
    if (t.ncells != 4 && !(t.ncells == 5 && !strcmp(t.cell[4], "read-annex"))) {
      fprintf(stderr, "%s: malformed case %s\n", t.where, t.cell[0]);
      exit(1);
    }
    v = realloc(v, (*n + 1) * sizeof *v);
    clean_case *c = &v[(*n)++];
    snprintf(c->name, sizeof c->name, "%s", t.cell[0]);
    c->input = strdup(t.cell[1]);
    c->blocks = strdup(t.cell[2]);
    c->dropped = strdup(t.cell[3]);
    loa_clean_options_default(&c->opts);
    c->opts.read_annex = t.ncells == 5;
  }
  tu_table_close(&t);
  return v;
}

int main(void)
{
  size_t n;
  clean_case *cases = load_cases(&n);
  struct CMUnitTest *tests = calloc(n + 2, sizeof *tests);
  for (size_t i = 0; i < n; i++) {
    tests[i].name = cases[i].name;
    tests[i].test_func = run_case;
    tests[i].initial_state = &cases[i];
  }
  tests[n].name = "null_and_free";
  tests[n].test_func = test_null_and_free;
  tests[n + 1].name = "missing_vocabulary";
  tests[n + 1].test_func = test_missing_vocabulary;
  int rc = _cmocka_run_group_tests("clean", tests, n + 2, NULL, NULL);
  for (size_t i = 0; i < n; i++) {
    free(cases[i].input);
    free(cases[i].blocks);
    free(cases[i].dropped);
  }
  free(cases);
  free(tests);
  return rc;
}
