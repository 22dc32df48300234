/* cli_normalize.c: `loa normalize` (the spoken form of each line) and
 * `loa check` (what loa had to guess or spell, as FILE:LINE:COL: token: reason).
 */
#include "cli/commands.h"
#include "lexicon/buf.h"
#include "lexicon/lexicon.h"
#include "tts/normalize.h"
#include "lexicon/vntext.h"
#include "tts/decode.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

typedef struct {
  const char *files[256];
  int nfiles;
  const char *lexicon;
  const char *encoding;
  int dialect;
  int day_prefix;
} opts;

/* Read all of standard input; NULL when out of memory or on a read error. */
static char *slurp_stdin(size_t *n)
{
  loa_buf b = LOA_BUF_INIT;
  char chunk[1 << 16];
  size_t r;
  while ((r = fread(chunk, 1, sizeof chunk, stdin)) > 0)
    loa_buf_put(&b, chunk, r);
  *n = b.n;
  if (ferror(stdin)) {
    loa_buf_free(&b);
    return NULL;
  }
  return loa_buf_take(&b);
}

/* Read PATH ("-" or NULL: stdin) through tts/decode: any supported encoding or
 * document, NFC, look-alikes mapped; lines of a plain text keep their numbers.
 * Empty standard input is no text (not an error); blank lines stay blank.
 * Returns 0, or -1 with ERR set. */
static int read_text(const char *path, const char *encoding, char **out, size_t *outlen,
                     char *err, size_t errlen)
{
  loa_text t;
  char why[400] = "";
  int rc;
  if (path && strcmp(path, "-")) {
    rc = loa_decode_file(path, encoding, 0, &t, why, sizeof why);
  } else {
    size_t n;
    char *buf = slurp_stdin(&n);
    if (!buf) {
      snprintf(err, errlen, "stdin: cannot read");
      return -1;
    }
    rc = loa_decode_buffer(buf, n, encoding, &t, why, sizeof why);
    if (rc == LOA_DEC_EEMPTY) {           /* nothing, or only blank lines: echo them blank */
      size_t lines = 0;
      for (size_t i = 0; i < n; i++)
        lines += buf[i] == '\n';
      memset(buf, '\n', lines);
      *out = buf;
      *outlen = lines;
      return 0;
    }
    free(buf);
  }
  if (rc != LOA_DEC_OK) {
    snprintf(err, errlen, "%s: %s", path && strcmp(path, "-") ? path : "stdin", why);
    return -1;
  }
  *out = t.text;          /* the text is handed over; loa_text holds nothing else */
  *outlen = t.len;
  return 0;
}

static void usage_normalize(FILE *o)
{
  fprintf(o,
          "usage: loa normalize [FILE] [--dialect north|south] [--day-prefix auto|mung|lunar|none]\n"
          "                     [--lexicon OVERRIDE.tsv] [--encoding NAME]\n\n"
          "Print the spoken form of each line of FILE (standard input when no FILE):\n"
          "one output line per input line, lower case, numbers, dates, times,\n"
          "abbreviations and symbols written out as an announcer reads them.\n\n"
          "  --dialect north|south   Northern (default: nghìn, linh) or Southern (ngàn, lẻ)\n"
          "  --day-prefix WHEN       mùng before the days 1-10 of a date: auto (default: every\n"
          "                          date in the North, lunar dates in the South), mung, lunar, none\n"
          "  --encoding NAME         the input's encoding instead of detecting it: utf-8,\n"
          "                          utf-16le, utf-16be, windows-1258, tcvn3, vni\n"
          "  --lexicon FILE          extra words whose rows win over the shipped lexicon:\n"
          "                          abbr<TAB>ABBR<TAB>expansion[<TAB>context words]\n"
          "                          loan<TAB>word<TAB>respelling\n"
          "                          unit<TAB>symbol<TAB>spoken form\n"
          "  -h, --help              this help\n");
}

static void usage_check(FILE *o)
{
  fprintf(o,
          "usage: loa check FILE... [--lexicon OVERRIDE.tsv]\n\n"
          "List every token loa had to guess, spell or drop, one per line:\n"
          "  FILE:LINE:COL: token: reason\n"
          "(unknown abbreviation spelled, ambiguous slash, number read digit by digit,\n"
          "symbol not read). Add the words to a lexicon override file to fix them.\n\n"
          "  --lexicon FILE          override file (see `loa normalize --help`)\n"
          "  --dialect north|south   as for `loa normalize`\n"
          "  --day-prefix WHEN       as for `loa normalize`\n"
          "  --encoding NAME         as for `loa normalize`\n"
          "  -h, --help              this help\n\n"
          "exit status: 0 nothing to report, 1 findings listed, 2 usage error, 3 input error\n");
}

/* Returns -1 on success, else the exit status (help or usage error). */
static int parse(int argc, char **argv, opts *o, void (*usage)(FILE *))
{
  memset(o, 0, sizeof *o);
  int only_files = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!only_files && (!strcmp(a, "-h") || !strcmp(a, "--help"))) {
      usage(stdout);
      return LOA_EXIT_OK;
    }
    if (!only_files && !strcmp(a, "--")) {
      only_files = 1;
      continue;
    }
    if (!only_files && !strncmp(a, "--encoding", 10) && (a[10] == 0 || a[10] == '=')) {
      o->encoding = a[10] == '=' ? a + 11 : i + 1 < argc ? argv[++i] : NULL;
      if (!o->encoding || !*o->encoding) {
        fprintf(stderr, "loa: --encoding needs a value\n");
        return LOA_EXIT_USAGE;
      }
      continue;
    }
    if (!only_files && !strncmp(a, "--day-prefix", 12) && (a[12] == 0 || a[12] == '=')) {
      const char *v = a[12] == '=' ? a + 13 : i + 1 < argc ? argv[++i] : NULL;
      o->day_prefix = loa_day_prefix_parse(v);
      if (o->day_prefix < 0) {
        fprintf(stderr, "loa: --day-prefix needs auto, mung, lunar or none\n");
        return LOA_EXIT_USAGE;
      }
      continue;
    }
    if (!only_files && (!strncmp(a, "--dialect", 9) || !strncmp(a, "--lexicon", 9))) {
      const char *v = NULL;
      if (a[9] == '=')
        v = a + 10;
      else if (a[9] == 0 && i + 1 < argc)
        v = argv[++i];
      else if (a[9] != 0)
        goto unknown;
      if (!v || !*v) {
        fprintf(stderr, "loa: %.9s needs a value\n", a);
        return LOA_EXIT_USAGE;
      }
      if (a[2] == 'd') {
        o->dialect = loa_dialect_parse(v);
        if (o->dialect < 0) {
          fprintf(stderr, "loa: unknown dialect '%s' (north or south)\n", v);
          return LOA_EXIT_USAGE;
        }
      } else {
        o->lexicon = v;
      }
      continue;
    }
    if (!only_files && a[0] == '-' && a[1]) {
    unknown:
      fprintf(stderr, "loa: unknown option '%s'\n", a);
      usage(stderr);
      return LOA_EXIT_USAGE;
    }
    if (o->nfiles == (int)(sizeof o->files / sizeof o->files[0])) {
      fprintf(stderr, "loa: too many files\n");
      return LOA_EXIT_USAGE;
    }
    o->files[o->nfiles++] = a;
  }
  return -1;
}

static int load_lexicon(const opts *o, loa_lexicon **lex)
{
  char err[512];
  if (loa_lexicon_load(lex, NULL, err, sizeof err)) {
    fprintf(stderr, "loa: %s\n", err);
    return LOA_EXIT_INTERNAL;
  }
  if (o->lexicon && loa_lexicon_add_override(*lex, o->lexicon, err, sizeof err)) {
    fprintf(stderr, "loa: %s\n", err);
    loa_lexicon_free(*lex);
    *lex = NULL;
    return LOA_EXIT_INPUT;
  }
  return LOA_EXIT_OK;
}

/* Calls FN on each line of TEXT (without the newline). */
typedef int (*line_fn)(void *user, const char *line, size_t len, int lineno);

static int each_line(const char *text, size_t len, line_fn fn, void *user)
{
  size_t i = 0;
  int lineno = 0;
  while (i < len) {
    size_t s = i;
    const char *nl = memchr(text + i, '\n', len - i);
    size_t e = nl ? (size_t)(nl - text) : len;
    i = e + 1;
    if (e > s && text[e - 1] == '\r')
      e--;
    if (fn(user, text + s, e - s, ++lineno))
      return -1;
  }
  return 0;
}

struct norm_ctx {
  loa_normalizer *norm;
  loa_findings *findings;
  const char *name;
  FILE *out;
};

static int print_line(void *user, const char *line, size_t len, int lineno)
{
  struct norm_ctx *c = user;
  char *res;
  if (loa_normalize_line(c->norm, line, len, lineno, 0, &res, NULL))
    return -1;
  fputs(res, c->out);
  fputc('\n', c->out);
  free(res);
  return 0;
}

int cmd_normalize(int argc, char **argv)
{
  opts o;
  int rc = parse(argc, argv, &o, usage_normalize);
  if (rc >= 0)
    return rc;
  if (o.nfiles > 1) {
    fprintf(stderr, "loa: normalize reads one FILE (or standard input)\n");
    return LOA_EXIT_USAGE;
  }
  char err[512];
  char *text;
  size_t len;
  const char *path = o.nfiles ? o.files[0] : NULL;
  if (read_text(path, o.encoding, &text, &len, err, sizeof err)) {
    fprintf(stderr, "loa: %s\n", err);
    return LOA_EXIT_INPUT;
  }
  loa_lexicon *lex;
  if ((rc = load_lexicon(&o, &lex))) {
    free(text);
    return rc;
  }
  loa_normalizer *norm = loa_normalizer_new(lex, (loa_dialect)o.dialect);
  if (norm)
    loa_normalizer_set_day_prefix(norm, (loa_day_prefix)o.day_prefix);
  static char obuf[1 << 16];
  setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
  struct norm_ctx c = {norm, NULL, path, stdout};
  rc = LOA_EXIT_OK;
  if (!norm || each_line(text, len, print_line, &c)) {
    fprintf(stderr, "loa: out of memory\n");
    rc = LOA_EXIT_INTERNAL;
  }
  if (fflush(stdout) || ferror(stdout)) {
    fprintf(stderr, "loa: standard output: %s\n", strerror(errno));
    rc = LOA_EXIT_OUTPUT;
  }
  loa_normalizer_free(norm);
  loa_lexicon_free(lex);
  free(text);
  return rc;
}

static int check_line(void *user, const char *line, size_t len, int lineno)
{
  struct norm_ctx *c = user;
  char *res;
  size_t before = c->findings->n;
  if (loa_normalize_line(c->norm, line, len, lineno, 0, &res, c->findings))
    return -1;
  free(res);
  for (size_t k = before; k < c->findings->n; k++) {
    const loa_finding *f = &c->findings->items[k];
    fprintf(c->out, "%s:%d:%d: %s: %s\n", c->name, f->line, f->col, f->token, f->reason);
  }
  return 0;
}

int cmd_check(int argc, char **argv)
{
  opts o;
  int rc = parse(argc, argv, &o, usage_check);
  if (rc >= 0)
    return rc;
  if (!o.nfiles) {
    fprintf(stderr, "loa: check needs at least one FILE\n");
    usage_check(stderr);
    return LOA_EXIT_USAGE;
  }
  loa_lexicon *lex;
  if ((rc = load_lexicon(&o, &lex)))
    return rc;
  loa_normalizer *norm = loa_normalizer_new(lex, (loa_dialect)o.dialect);
  if (norm)
    loa_normalizer_set_day_prefix(norm, (loa_day_prefix)o.day_prefix);
  if (!norm) {
    loa_lexicon_free(lex);
    return LOA_EXIT_INTERNAL;
  }
  size_t total = 0;
  int input_error = 0;
  rc = LOA_EXIT_OK;
  for (int i = 0; i < o.nfiles; i++) {
    char err[512];
    char *text;
    size_t len;
    if (read_text(o.files[i], o.encoding, &text, &len, err, sizeof err)) {
      fprintf(stderr, "loa: %s\n", err);
      input_error = 1;
      continue;
    }
    loa_findings f = {0};
    struct norm_ctx c = {norm, &f, o.files[i], stdout};
    if (each_line(text, len, check_line, &c))
      rc = LOA_EXIT_INTERNAL;
    total += f.n;
    loa_findings_free(&f);
    free(text);
  }
  fflush(stdout);
  loa_normalizer_free(norm);
  loa_lexicon_free(lex);
  if (rc)
    return rc;
  if (input_error)
    return LOA_EXIT_INPUT;
  return total ? LOA_EXIT_FINDINGS : LOA_EXIT_OK;
}
