/* phrase.c: breath groups (see phrase.h, docs/prosody.md).
 *
 * A clause of more than SPLIT_ABOVE syllables is cut by dynamic programming over
 * the places between its words: each group costs nothing up to GROUP_EASY
 * syllables and more and more past it (a lot past GROUP_HARD), each break costs
 * less the stronger the phrase it opens (a place with no opener is used only when
 * a group would otherwise run far too long), and a group is never shorter than
 * GROUP_MIN syllables.
 */
#include "tts/phrase.h"
#include "lexicon/buf.h"
#include "lexicon/lexicon.h"
#include "lexicon/tsv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SPLIT_ABOVE 20        /* syllables: shorter clauses are said in one breath */
#define GROUP_EASY 14         /* a group this long costs nothing */
#define GROUP_HARD 24         /* past this, a group costs much more per syllable */
#define GROUP_MIN 6
#define GROUP_SHORT 8         /* shorter groups cost a little per missing syllable */
#define MAX_WORDS 6           /* words in a row of phrasing.tsv */
#define NO_OPENER 0.2         /* weight of a place between words with no opener */
#define YEAR_WEIGHT 2.0       /* after the year of a date */
#define RANGE_WEIGHT 1.5      /* after a range of numbers (giai đoạn 2026 đến 2030) */

enum { OPEN = 0, GLUE, WORD, TAIL, LEAD, COUNT, RANGE, PAIR, YEAR, KINDS };

typedef struct {
  int kind;
  double weight;
  int nw;
  char *w[MAX_WORDS];
  char *text;                 /* the row's words, which W points into */
} row;

struct loa_phrasing {
  row *rows;
  size_t n, cap;
};

/* ---- lexicon/phrasing.tsv --------------------------------------------------- */

static int kind_of(const char *s)
{
  static const char *const kinds[KINDS] = {"open", "glue", "word",  "tail", "lead",
                                           "count", "range", "pair", "year"};
  for (int i = 0; i < KINDS; i++)
    if (!strcmp(s, kinds[i]))
      return i;
  return -1;
}

/* The words and weight of a row of KIND into R (WORDS is R's own copy); the problem
 * with them, or NULL. */
static const char *parse_row(int kind, char *words, const char *weight, row *r)
{
  char *end;
  r->kind = kind;
  r->text = words;
  r->weight = kind == OPEN ? strtod(weight, &end) : 0;
  if (kind == OPEN && (end == weight || *end || r->weight <= 0 || r->weight > 3))
    return "an opener's weight is a number over 0, at most 3";
  if (kind != OPEN && strcmp(weight, "-"))
    return "only an opener has a weight; the others have -";
  r->nw = 0;
  for (char *w = words; *w;) {
    size_t n = strcspn(w, " ");
    if (!n) {
      w++;
      continue;
    }
    if (r->nw == MAX_WORDS)
      return "at most 6 words";
    r->w[r->nw++] = w;
    w += n;
    if (*w)
      *w++ = 0;
  }
  if (!r->nw)
    return "a row has at least one word";
  if (r->nw > 1 && (kind == COUNT || kind == RANGE || kind == PAIR || kind == YEAR))
    return "a count, range, pair or year row is one word";
  return NULL;
}

/* One row of phrasing.tsv (loa_tsv_row_fn): kind, words, weight. */
static const char *phrasing_row(char *line, size_t len, void *user)
{
  loa_phrasing *p = user;
  char *col[3];
  if (loa_tsv_cut(line, len, col, 3) != 3)
    return "a row is kind<TAB>words<TAB>weight";
  int kind = kind_of(col[0]);
  if (kind < 0)
    return "unknown kind (open, glue, word, tail, lead, count, range, pair, year)";
  row *grown = loa_grow(p->rows, &p->cap, p->n + 1, sizeof *grown);
  if (!grown)
    return LOA_TSV_NOMEM;
  p->rows = grown;
  char *words = strdup(col[1]);
  if (!words)
    return LOA_TSV_NOMEM;
  row r;
  const char *why = parse_row(kind, words, col[2], &r);
  if (why) {
    free(words);
    return why;
  }
  p->rows[p->n++] = r;
  return NULL;
}

int loa_phrasing_load(loa_phrasing **out, const char *path, char *err, size_t errlen)
{
  char def[4096];
  *out = NULL;
  if (!path) {
    snprintf(def, sizeof def, "%s/lexicon/phrasing.tsv", loa_data_dir());
    path = def;
  }
  loa_phrasing *p = calloc(1, sizeof *p);
  if (!p)
    return loa_errf(err, errlen, "%s: out of memory", path), -1;
  if (loa_tsv_read(path, phrasing_row, p, err, errlen) != LOA_TSV_OK) {
    loa_phrasing_free(p);
    return -1;
  }
  *out = p;
  return 0;
}

void loa_phrasing_free(loa_phrasing *p)
{
  if (!p)
    return;
  for (size_t i = 0; i < p->n; i++)
    free(p->rows[i].text);
  free(p->rows);
  free(p);
}

/* ---- a clause as words ------------------------------------------------------ */

typedef struct {
  const char *s;              /* the word (a reading of several words joined by '_') */
  size_t len;
  int syl;                    /* its syllables */
} word;

static int word_is(const word *w, const char *s)
{
  return strlen(s) == w->len && !memcmp(w->s, s, w->len);
}

/* Does row R match the words at I (of N)? */
static int matches(const row *r, const word *w, size_t n, size_t i)
{
  if (i + (size_t)r->nw > n)
    return 0;
  for (int k = 0; k < r->nw; k++)
    if (!word_is(&w[i + (size_t)k], r->w[k]))
      return 0;
  return 1;
}

/* Is W one word of a row of KIND (count, range, pair, year)? */
static int one_of(const loa_phrasing *p, int kind, const char *w, size_t len)
{
  for (size_t r = 0; r < p->n; r++)
    if (p->rows[r].kind == kind && strlen(p->rows[r].w[0]) == len &&
        !memcmp(p->rows[r].w[0], w, len))
      return 1;
  return 0;
}

static int word_of(const loa_phrasing *p, int kind, const word *w)
{
  return one_of(p, kind, w->s, w->len);
}

/* A reading made only of number words ("hai_nghìn_không_trăm_hai_mươi_sáu"). */
static int is_number(const loa_phrasing *p, const word *w)
{
  for (const char *a = w->s, *end = w->s + w->len; a < end;) {
    const char *b = memchr(a, '_', (size_t)(end - a));
    if (!b)
      b = end;
    if (!one_of(p, COUNT, a, (size_t)(b - a)))
      return 0;
    a = b + 1;
  }
  return 1;
}

/* The weight of a breath before word I (0 < I < N); negative when none may be taken. */
static double weight_before(const loa_phrasing *p, const word *w, size_t n, size_t i)
{
  double best = NO_OPENER;
  int compound = 0;
  for (size_t r = 0; r < p->n; r++) {
    const row *x = &p->rows[r];
    if (((x->kind == OPEN && x->weight >= 1.5) || x->kind == LEAD) && i >= (size_t)x->nw &&
        matches(x, w, n, i - (size_t)x->nw))
      return -1;                               /* a group never ends on của, và, có thể... */
    if (x->kind == GLUE || x->kind == WORD)    /* spanning the place: no breath here */
      for (size_t s = i >= (size_t)x->nw - 1 ? i - ((size_t)x->nw - 1) : 0; s < i; s++)
        if (matches(x, w, n, s) && s + (size_t)x->nw > i)
          return -1;
    if (x->kind == WORD && x->nw > 1 && matches(x, w, n, i))
      compound = 1;
    if (x->kind == TAIL && matches(x, w, n, i))
      return -1;
  }
  if ((word_of(p, RANGE, &w[i]) || word_of(p, PAIR, &w[i])) && i + 1 < n &&
      is_number(p, &w[i - 1]) && is_number(p, &w[i + 1]))
    return -1;                                 /* a range or pair: 2026 đến 2030, 25 và 26 */
  for (size_t r = 0; r < p->n && !compound; r++)
    if (p->rows[r].kind == OPEN && p->rows[r].weight > best && matches(&p->rows[r], w, n, i))
      best = p->rows[r].weight;
  int year = i >= 2 && word_of(p, YEAR, &w[i - 2]) && is_number(p, &w[i - 1]) &&
             (i < 3 || !is_number(p, &w[i - 3]));    /* năm 2026, not hai phẩy năm tỷ */
  int range = i >= 3 && is_number(p, &w[i - 1]) && is_number(p, &w[i - 3]) &&
              word_of(p, RANGE, &w[i - 2]);
  if ((year || range) && best < YEAR_WEIGHT)
    best = year ? YEAR_WEIGHT : RANGE_WEIGHT;
  else if (is_number(p, &w[i - 1]) && best < 2)
    return -1;                                 /* a number and what it counts */
  return best;
}

static double group_cost(int syl)
{
  if (syl < GROUP_MIN)
    return 100;
  if (syl < GROUP_SHORT)
    return 1.5 * (GROUP_SHORT - syl);
  if (syl <= GROUP_EASY)
    return 0;
  if (syl <= GROUP_HARD)
    return 0.15 * (syl - GROUP_EASY) * (syl - GROUP_EASY);
  double hard = 0.15 * (GROUP_HARD - GROUP_EASY) * (GROUP_HARD - GROUP_EASY);
  return hard + 3.0 * (syl - GROUP_HARD) * (syl - GROUP_HARD);
}

static double break_cost(double weight)
{
  return weight <= NO_OPENER ? 30.0 : 9.0 - 2.6 * weight;
}

/* Best breaks of W[0..N): CUT[i] = 1 for a breath before word i. */
static int choose_breaks(const loa_phrasing *p, const word *w, size_t n, unsigned char *cut)
{
  double *best = malloc((n + 1) * sizeof *best), *wt = malloc((n + 1) * sizeof *wt);
  size_t *from = malloc((n + 1) * sizeof *from);
  int *syl = malloc((n + 1) * sizeof *syl);      /* syllables before word i */
  if (!best || !wt || !from || !syl) {
    free(best), free(wt), free(from), free(syl);
    return -1;
  }
  syl[0] = 0;
  for (size_t i = 0; i < n; i++)
    syl[i + 1] = syl[i] + w[i].syl;
  for (size_t i = 1; i < n; i++)
    wt[i] = weight_before(p, w, n, i);
  best[0] = 0;
  for (size_t j = 1; j <= n; j++) {
    best[j] = 1e30;
    for (size_t i = 0; i < j; i++) {
      if (i > 0 && (wt[i] < 0 || best[i] >= 1e30))
        continue;
      double c = best[i] + group_cost(syl[j] - syl[i]) + (i ? break_cost(wt[i]) : 0);
      if (c < best[j])
        best[j] = c, from[j] = i;
    }
  }
  memset(cut, 0, n);
  for (size_t j = n; j > 0 && best[n] < 1e30; j = from[j])
    if (from[j] > 0)
      cut[from[j]] = 1;
  free(best), free(wt), free(from), free(syl);
  return 0;
}

/* ---- the script ---------------------------------------------------------- */

static char *group_text(const word *w, size_t a, size_t b)
{
  loa_buf t = LOA_BUF_INIT;
  for (size_t i = a; i < b; i++) {
    if (i > a)
      loa_buf_putc(&t, ' ');
    for (size_t k = 0; k < w[i].len; k++)
      loa_buf_putc(&t, w[i].s[k] == '_' ? ' ' : w[i].s[k]);
  }
  return loa_buf_take(&t);
}

static int push(loa_utterance **items, size_t *n, size_t *cap, loa_utterance u)
{
  loa_utterance *g = loa_grow(*items, cap, *n + 1, sizeof *g);
  if (!g)
    return -1;
  *items = g;
  g[(*n)++] = u;
  return 0;
}

/* Utterance U as breath groups, appended to ITEMS. */
static int breathe(const loa_phrasing *p, const loa_utterance *u, loa_utterance **items,
                   size_t *n, size_t *cap)
{
  word *w = NULL;
  size_t nw = 0, wcap = 0;
  int total = 0, rc = 0;
  for (const char *s = u->text; *s && !rc;) {
    while (*s == ' ')
      s++;
    size_t len = strcspn(s, " ");
    if (!len)
      break;
    word *g = loa_grow(w, &wcap, nw + 1, sizeof *g);
    if (!g) {
      rc = -1;
      break;
    }
    w = g;
    int syl = 1;
    for (size_t k = 0; k < len; k++)
      syl += s[k] == '_';
    w[nw++] = (word){s, len, syl};
    total += syl;
    s += len;
  }
  unsigned char *cut = rc ? NULL : calloc(nw + 1, 1);
  if (!rc && (!cut || (total > SPLIT_ABOVE && choose_breaks(p, w, nw, cut))))
    rc = -1;
  for (size_t a = 0; !rc && a < nw;) {
    size_t b = a + 1;
    while (b < nw && !cut[b])
      b++;
    loa_utterance g = *u;
    if (b < nw) {
      g.pause = LOA_PAUSE_COMMA;
      g.mark = 0;
    }
    g.text = group_text(w, a, b);
    if (!g.text || push(items, n, cap, g)) {
      free(g.text);
      rc = -1;
    }
    a = b;
  }
  free(cut);
  free(w);
  return rc;
}

int loa_phrasing_apply(const loa_phrasing *p, loa_script *s)
{
  loa_utterance *items = NULL;
  size_t n = 0, cap = 0;
  int rc = 0;
  for (size_t i = 0; i < s->n && !rc; i++)
    rc = breathe(p, &s->items[i], &items, &n, &cap);
  if (rc) {
    for (size_t i = 0; i < n; i++)
      free(items[i].text);
    free(items);
    return -1;
  }
  for (size_t i = 0; i < s->n; i++)
    free(s->items[i].text);
  free(s->items);
  s->items = items;
  s->n = n;
  s->cap = cap;
  return 0;
}

/* What ends utterance U, as an edge. */
static loa_edge edge_after(const loa_utterance *u)
{
  switch (u->pause) {
  case LOA_PAUSE_COMMA: return u->mark ? LOA_EDGE_COMMA : LOA_EDGE_BREATH;
  case LOA_PAUSE_SENTENCE: return LOA_EDGE_SENTENCE;
  default: return LOA_EDGE_PARAGRAPH;
  }
}

void loa_script_phrase(const loa_script *s, size_t i, loa_phrase *out)
{
  memset(out, 0, sizeof *out);
  out->before = i ? edge_after(&s->items[i - 1]) : LOA_EDGE_START;
  out->after = edge_after(&s->items[i]);
  for (size_t k = i; k > 0 && s->items[k - 1].pause == LOA_PAUSE_COMMA; k--) {
    if (s->items[k - 1].mark)
      out->commas++;
    else
      out->breaths++;
  }
  size_t e = i;
  while (e + 1 < s->n && s->items[e].pause == LOA_PAUSE_COMMA)
    e++;
  char m = s->items[e].mark;
  out->tune = m == '?' || m == '!' ? m : '.';
}
