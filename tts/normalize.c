/* normalize.c: written Vietnamese -> spoken Vietnamese, one line at a time
 * (normalize.h, docs/reading.md). This file owns the normaliser object and runs a line:
 * NFC, tokens (norm_token.c), then the rule for each token in turn: numbers
 * (norm_num*.c), words (norm_words*.c, norm_abbr.c, norm_roman.c, norm_url.c)
 * and punctuation (norm_punct.c); norm_int.h says which file holds what.
 */
#include "tts/normalize.h"
#include "tts/norm_int.h"
#include "lexicon/vntext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

void loa_findings_free(loa_findings *f)
{
  if (!f)
    return;
  free(f->items);
  f->items = NULL;
  f->n = f->cap = 0;
}

#define NZ_LIST_NAME(id, name) name,
static const char *const list_names[NL_COUNT] = {NZ_LISTS(NZ_LIST_NAME)};
#undef NZ_LIST_NAME

/* The signs the rules say by themselves (nz_say_sign, nz_say_name): their
 * readings must be in units.tsv or symbols.tsv. */
static const struct {
  uint32_t cp;
  int address;           /* its name inside an address */
  const char *what;
} said_signs[] = {
  {'+', 0, "+ (symbols.tsv)"},        {'&', 0, "& (symbols.tsv)"},
  {'=', 0, "= (symbols.tsv)"},        {'>', 0, "> (symbols.tsv)"},
  {'<', 0, "< (symbols.tsv)"},        {0x2265, 0, "U+2265 (symbols.tsv)"},
  {0x2264, 0, "U+2264 (symbols.tsv)"}, {0x2248, 0, "U+2248 (symbols.tsv)"},
  {0x2212, 0, "U+2212 (symbols.tsv)"}, {0x2116, 0, "U+2116 (symbols.tsv)"},
  {0x00D7, 0, "U+00D7 (symbols.tsv)"}, {'%', 0, "% (units.tsv)"},
  {0x2030, 0, "U+2030 (units.tsv)"},  {'$', 0, "$ (units.tsv)"},
  {0x00B0, 0, "U+00B0 (units.tsv)"},  {'.', 1, ". address (symbols.tsv)"},
};

static int sign_known(const loa_lexicon *lex, uint32_t cp, int address)
{
  char b[8];
  size_t k = loa_utf8_encode(cp, b);
  if (address)
    return loa_lexicon_sign(lex, b, k, 1) != NULL;
  return loa_lexicon_unit(lex, b, k) || loa_lexicon_sign(lex, b, k, 0);
}

const char *loa_normalizer_lacks(const loa_lexicon *lex)
{
  for (int l = 0; l < NL_COUNT; l++)
    if (!loa_lexicon_list(lex, list_names[l])[0])
      return list_names[l];
  const char *const *digit = loa_lexicon_list(lex, "digit");
  for (int d = 0; d < 10; d++)
    if (!digit[d])
      return "digit";
  const char *const *day = loa_lexicon_list(lex, "weekday");
  for (int d = 0; d < 7; d++)
    if (!day[d])
      return "weekday";
  for (size_t k = 0; k < sizeof said_signs / sizeof said_signs[0]; k++)
    if (!sign_known(lex, said_signs[k].cp, said_signs[k].address))
      return said_signs[k].what;
  return NULL;
}

/* The phrase of list L for the dialect: the second one in the South when the
 * list gives one (nghìn ngàn, linh lẻ), else the first. */
static const char *local_word(const nz *n, nz_list_id l)
{
  return n->south && n->list[l][1] ? n->list[l][1] : n->list[l][0];
}

static void number_words(nz *n)
{
  loa_num_words *w = &n->numw;
  for (int d = 0; d < 10; d++)
    w->digit[d] = n->list[NL_DIGIT][d];
  w->ten = local_word(n, NL_NUM_TEN);
  w->tens = local_word(n, NL_NUM_TENS);
  w->one = local_word(n, NL_NUM_ONE);
  w->four = local_word(n, NL_NUM_FOUR);
  w->five = local_word(n, NL_NUM_FIVE);
  w->hundred = local_word(n, NL_NUM_HUNDRED);
  w->zero_tens = local_word(n, NL_NUM_ZERO_TENS);
  w->thousand = local_word(n, NL_NUM_THOUSAND);
  w->million = local_word(n, NL_NUM_MILLION);
  w->billion = local_word(n, NL_NUM_BILLION);
  w->first = local_word(n, NL_NUM_FIRST);
}

/* The length of each phrase of each list and where its last word starts. -1 when out of
 * memory. */
static int phrase_ends(nz *n)
{
  size_t total = 0;
  for (int l = 0; l < NL_COUNT; l++)
    for (const char *const *p = n->list[l]; *p; p++)
      total++;
  struct nz_phrase_end *e = calloc(total + 1, sizeof *e);
  if (!e)
    return -1;
  n->ends_mem = e;
  for (int l = 0; l < NL_COUNT; l++) {
    n->ends[l] = e;
    for (const char *const *p = n->list[l]; *p; p++, e++) {
      size_t len = strlen(*p);
      const char *sp = strrchr(*p, ' ');
      e->len = (uint16_t)(len < 0xFFFF ? len : 0xFFFF);
      e->last = (uint16_t)(sp ? (size_t)(sp + 1 - *p) : 0);
    }
  }
  return 0;
}

loa_normalizer *loa_normalizer_new(const loa_lexicon *lex, loa_dialect dialect)
{
  if (!lex || loa_normalizer_lacks(lex))
    return NULL;
  loa_normalizer *n = calloc(1, sizeof *n);
  if (!n)
    return NULL;
  n->lex = lex;
  n->south = dialect == LOA_DIALECT_SOUTH;
  loa_normalizer_set_day_prefix(n, LOA_DAY_PREFIX_AUTO);
  for (int l = 0; l < NL_COUNT; l++)
    n->list[l] = loa_lexicon_list(lex, list_names[l]);
  if (phrase_ends(n)) {
    loa_normalizer_free(n);
    return NULL;
  }
  number_words(n);
  return n;
}

void loa_normalizer_free(loa_normalizer *n)
{
  if (!n)
    return;
  free(n->t);
  free(n->low);
  free(n->ends_mem);
  free(n->joins);
  loa_buf_free(&n->out);
  free(n);
}

void loa_normalizer_set_day_prefix(loa_normalizer *n, loa_day_prefix p)
{
  if (p == LOA_DAY_PREFIX_AUTO)
    p = n->south ? LOA_DAY_PREFIX_LUNAR : LOA_DAY_PREFIX_MUNG;
  n->mung = p == LOA_DAY_PREFIX_MUNG ? MUNG_ALL : p == LOA_DAY_PREFIX_LUNAR ? MUNG_LUNAR : MUNG_NONE;
}

const char *const *loa_day_prefix_words(void)
{
  static const char *const words[] = {"auto", "mung", "lunar", "none", NULL};
  return words;
}

int loa_day_prefix_parse(const char *s)
{
  const char *const *w = loa_day_prefix_words();
  for (int k = 0; s && w[k]; k++)
    if (!strcmp(s, w[k]))
      return k;
  return s && (!strcmp(s, "mùng") || !strcmp(s, "mồng") || !strcmp(s, "mong")) ? LOA_DAY_PREFIX_MUNG
                                                                                : -1;
}

int loa_dialect_parse(const char *s)
{
  if (!s)
    return -1;
  if (!strcasecmp(s, "north") || !strcasecmp(s, "bac") || !strcmp(s, "bắc") || !strcmp(s, "Bắc"))
    return LOA_DIALECT_NORTH;
  if (!strcasecmp(s, "south") || !strcasecmp(s, "nam") || !strcmp(s, "Nam"))
    return LOA_DIALECT_SOUTH;
  return -1;
}

/* NFC copy of LINE when it holds combining marks (NFD input); NULL when the
 * line can be used as it is. */
static char *nfc_if_needed(const char *line, size_t len, size_t *outlen, int *err)
{
  int need = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)line[i];
    if (c == 0xCC || c == 0xCD) {
      need = 1;
      break;
    }
  }
  *err = 0;
  if (!need)
    return NULL;
  utf8proc_uint8_t *out = NULL;
  utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)line, (utf8proc_ssize_t)len, &out,
                                    UTF8PROC_STABLE | UTF8PROC_COMPOSE);
  if (r < 0) {
    if (r == UTF8PROC_ERROR_NOMEM)
      *err = -1;
    return NULL; /* invalid UTF-8: read as it is, bad bytes are reported */
  }
  *outlen = (size_t)r;
  return (char *)out;
}

int loa_normalize_line(loa_normalizer *n, const char *line, size_t len, int lineno, int flags,
                       char **out, loa_findings *findings)
{
  *out = NULL;
  int err;
  size_t nlen = len;
  char *nfc = nfc_if_needed(line, len, &nlen, &err);
  if (err)
    return -1;
  n->line = nfc ? nfc : line;
  n->len = nfc ? nlen : len;
  n->lineno = lineno;
  n->flags = flags;
  n->fnd = findings;
  loa_buf_clear(&n->out);
  n->out.oom = 0;
  n->pause = PAUSE_NONE;
  n->tune = 0;
  n->njoins = 0;
  n->datelist = 0;
  n->mark = NULL;
  n->paren = 0;
  n->dialed = 0;
  n->formula = 0;
  n->oom = 0;
  nz_tokenize(n);
  n->bullets = nz_lead_bullets(n);
  n->heading = nz_detect_heading(n);
  for (size_t i = 0; i < n->nt && !n->oom && !n->out.oom;) {
    size_t used = 0;
    switch (n->t[i].kind) {
    case TK_NUM:
      used = nz_number(n, i);
      break;
    case TK_WORD:
      used = nz_url(n, i);
      if (!used)
        used = nz_word(n, i);
      break;
    default:
      used = nz_punct(n, i);
      break;
    }
    i += used ? used : 1;
  }
  if (n->out.n)
    nz_put_pause(n);
  if (flags & LOA_NORM_MARKS)
    nz_apply_joins(n);
  free(nfc);
  n->line = NULL;
  if (n->oom || n->out.oom)
    return -1;
  char *res = malloc(n->out.n + 1);
  if (!res)
    return -1;
  memcpy(res, n->out.n ? n->out.p : "", n->out.n + 1);
  *out = res;
  return 0;
}
