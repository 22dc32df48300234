/* norm_num.c: the reading rules that start at a digit (docs/reading.md, "Numbers",
 * "Dates", "Times", "Ranges", "Document numbers and codes"): which kind of number a digit
 * starts (tried in turn: ISO timestamp, vehicle plate, phone, full date, time, document number,
 * month/year, short date, code, section number, quantity), a range between two
 * of them (2022 - 2025, 5-7 ngày, 7h-11h, 20/8 - 25/8/2024), and the signs
 * before a number (âm, +84, $, ~, #).
 */
#include "tts/norm_int.h"
#include "tts/numbers.h"

#include <string.h>

enum { IT_OTHER = 0, IT_DATE, IT_TIME, IT_QTY };
static size_t item(nz *n, size_t i, int *kind, numeral *x)
{
  size_t r;
  *kind = IT_OTHER;
  if ((r = nz_iso_datetime(n, i))) {
    *kind = IT_DATE;
    return r;
  }
  if ((r = nz_plate(n, i)) || (r = nz_phone(n, i)))
    return r;
  if ((r = nz_date_full(n, i))) {
    *kind = IT_DATE;
    return r;
  }
  if ((r = nz_time_of_day(n, i)) || (r = nz_minutes_after_gio(n, i))) {
    *kind = IT_TIME;
    return r;
  }
  if ((r = nz_doc_number(n, i)))
    return r;
  if ((r = nz_month_year(n, i))) {
    *kind = IT_DATE;
    return r;
  }
  if ((r = nz_date_short(n, i, 0)) || (r = nz_day_before_date(n, i))) {
    *kind = IT_DATE;
    return r;
  }
  if ((r = nz_dashed_code(n, i)) || (r = nz_minutes_mark(n, i)))
    return r;
  if ((r = nz_dotted(n, i)))
    return r;
  *kind = IT_QTY;
  return nz_quantity(n, i, x);
}

static double value_of(const nz *n, const numeral *x)
{
  double v = (double)x->ival;
  if (x->frac) {
    double f = 0, scale = 1;
    const char *d = nz_text(n, x->frac);
    for (int k = 0; k < nz_ndig(n, x->frac) && k < 12; k++) {
      scale /= 10;
      f += (d[k] - '0') * scale;
    }
    v += f;
  }
  return v;
}

static int is_year(const numeral *x)
{
  return !x->frac && !x->grouped && x->ndig == 4 && x->ival >= 1000 && x->ival <= 2999;
}

/* The numbers of a sequence "1-2-3" after the first (which ends at J), each
 * read as a count. Returns the token after the last. */
static size_t sequence(nz *n, size_t j)
{
  while (nz_is_dash(n, j) && nz_glued(n, j) && nz_is_num(n, j + 1) && nz_glued(n, j + 1)) {
    nz_count(n, j + 1);
    j += 2;
  }
  return j;
}

/* "19h/27/9": the hour (ending at the '/' at J) and its day. Returns the
 * tokens from J on, or 0. */
static size_t hour_and_day(nz *n, size_t j)
{
  if (!nz_is_sep(n, j, '/') || !(nz_full_date_at(n, j + 1) || nz_dm_at(n, j + 1)))
    return 0;
  size_t r = nz_date_full(n, j + 1);
  if (!r) {
    nz_date_prefix(n, j + 1);
    r = nz_date_short(n, j + 1, 1);
  }
  return r ? 1 + r : 0;
}

/* "thứ 2-6": thứ hai đến thứ sáu (the first already read): the second is the
 * name of the day (weekday, Sunday first). */
static int weekday_range(nz *n, size_t i, const numeral *x, const numeral *y)
{
  if (!nz_after_list(n, i, NL_ORDINAL) || x->ival < 2 || y->ival > 7 || y->end != x->end + 2)
    return 0;
  nz_say(n, NL_RANGE_TO);
  nz_emits(n, nz_list(n, NL_WEEKDAY)[y->ival - 1]);
  return 1;
}

/* The time or date (KIND) that ends a range at token K, after đến; nothing is
 * said and 0 returned when there is none. Returns its tokens. */
static size_t range_end(nz *n, size_t k, int kind)
{
  size_t save = n->out.n;
  int sp = n->pause;
  nz_say(n, NL_RANGE_TO);
  size_t r = 0;
  if (kind == IT_TIME)
    r = nz_time_of_day(n, k);
  else if (!(r = nz_date_full(n, k)) && !(r = nz_date_short(n, k, 1)))
    r = nz_month_year(n, k);
  if (!r) {
    nz_unsay(n, save);
    n->pause = sp;
  }
  return r;
}

/* A range of quantities: the first X read from I, the dash at J ("2022 - 2025",
 * "5-7 ngày", a sequence "1-2-3", "thứ 2-6"). Returns the tokens from I, or 0
 * when the dash makes no range. */
static size_t quantity_range(nz *n, size_t i, size_t j, const numeral *x)
{
  numeral y;
  nz_parse_numeral(n, j + 1, &y);
  if (x->lead0 || y.lead0 || x->eng || y.eng)
    return 0;
  /* 36B1-234.56 is a code, 1-2-3 a sequence: no range */
  if (i > 0 && nz_glued(n, i) && nz_is_word(n, i - 1))
    return 0;
  /* 17,5°N - 112,3°E is a position, not a range */
  if (j >= 2 && (nz_is_p(n, j - 2, 0x00B0) || (nz_is_num(n, j - 2) && x->frac)) &&
      nz_is_word(n, j - 1) && nz_glued(n, j - 1) && n->t[j - 1].nch == 1 &&
      (nz_word_is(n, j - 1, "n") || nz_word_is(n, j - 1, "s")))
    return 0;
  if (nz_is_dash(n, y.end) && nz_glued(n, y.end) && nz_is_num(n, y.end + 1))
    return sequence(n, j) - i;
  int years = is_year(x) && is_year(&y);
  if (!years && !(value_of(n, &y) > value_of(n, x)))
    return 0;
  /* "ngày 20 - 21/9/2024": a range of days; "số 12 - 20/9/2024" is not */
  if (nz_full_date_at(n, j + 1) &&
      !(nz_val_ok(n, i, 2, 1, 31) && nz_val(n, j + 1) > x->ival && nz_after_list(n, i, NL_DAY)))
    return 0;
  if (weekday_range(n, i, x, &y))
    return j + 2 - i;
  nz_say(n, NL_RANGE_TO);
  int k2;
  numeral z;
  size_t r = item(n, j + 1, &k2, &z);
  return j + 1 + r - i;
}

size_t nz_number(nz *n, size_t i)
{
  int kind;
  numeral x;
  size_t used = item(n, i, &kind, &x);
  if (kind != IT_DATE && kind != IT_OTHER)
    n->datelist = 0;
  size_t j = i + used;
  size_t r = kind == IT_TIME ? hour_and_day(n, j) : 0;
  if (r)
    return j + r - i;
  /* a range: "2022 - 2025", "5-7 ngày", "7h-11h", "20/8 - 25/8/2024"; none in a formula */
  if (!nz_is_dash(n, j) || !nz_is_num(n, j + 1) || n->formula)
    return used;
  if (kind == IT_TIME || kind == IT_DATE) {
    r = range_end(n, j + 1, kind);
    return r ? j + 1 + r - i : used;
  }
  if (kind == IT_QTY && (r = quantity_range(n, i, j, &x)))
    return r;
  return used;
}

/* '~' or '≈' before a number: đến between two numbers (5~10), else read as ≈
 * (khoảng), unless the text already says it (list about: khoảng ~50). */
static size_t approx(nz *n, size_t i)
{
  if (i > 0 && nz_is_num(n, i - 1))
    nz_say(n, NL_RANGE_TO);
  else if (!nz_after_list(n, i, NL_ABOUT))
    nz_say_sign(n, 0x2248);
  return 1 + nz_number(n, i + 1);
}

/* The '$' that closes a formula opened by the '$' at I ($S = a \times b$, as Markdown and
 * LaTeX write one): the next '$' on the line with no space before it, when the '$' at I has
 * none after it. 0 when there is none. */
static size_t formula_close(const nz *n, size_t i)
{
  if (!nz_glued(n, i + 1))
    return 0;
  for (size_t k = i + 2; k < n->nt; k++)
    if (nz_is_p(n, k, '$'))
      return nz_glued(n, k) && !(nz_is_num(n, i + 1) && k == i + 2) ? k : 0;
  return 0;
}

/* Inside a formula: \times, \le... read from symbols.tsv (a command it lacks is not read,
 * its name is), braces are not read but }{ (\frac{2}{3}) is phần, ^ mũ, - trừ. Tokens
 * used at I, 0 when I is none of those. */
static size_t formula_sign(nz *n, size_t i)
{
  uint32_t cp = n->t[i].cp;
  if (cp == '\\' && nz_word_is(n, i + 1, "frac") && nz_glued(n, i + 1))
    return 2;
  if (cp == '\\' && nz_is_word(n, i + 1) && nz_glued(n, i + 1)) {
    const char *w = loa_lexicon_sign(n->lex, nz_text(n, i), n->t[i + 1].e - n->t[i].s, 0);
    if (w)
      nz_emits(n, w);
    else
      nz_report(n, i, i + 2, "formula command not in symbols.tsv, its name read");
    return w ? 2 : 1;
  }
  if (cp == '}' && nz_is_p(n, i + 1, '{') && nz_glued(n, i + 1)) {
    nz_say(n, NL_FRACTION);
    return 2;
  }
  if (cp == '^') {
    nz_say(n, NL_POWER);
    return 1;
  }
  if (cp == '-' || cp == 0x2212) {    /* x - 4: trừ, not a range nor âm */
    nz_say(n, NL_SUBTRACT);
    return 1;
  }
  return cp == '{' || cp == '}' || cp == '_' ? 1 : 0;
}

/* '$': the two ends of a formula are not read, nor a '$' that no amount goes with
 * (reported); before an amount it is the dollar ($100 một trăm đô la). Tokens used. */
static size_t dollar(nz *n, size_t i)
{
  size_t close = formula_close(n, i);
  if (n->formula == i + 1) {
    n->formula = 0;
    return 1;
  }
  if (close && !n->formula) {
    n->formula = close + 1;
    return 1;
  }
  if (nz_is_num(n, i + 1) && nz_glued(n, i + 1)) {
    size_t r = nz_number(n, i + 1);
    nz_say_sign(n, '$');
    return 1 + r;
  }
  if (i > 0 && nz_is_num(n, i - 1)) {   /* 10$, 10 $ */
    nz_say_sign(n, '$');
    return 1;
  }
  nz_report(n, i, i + 1, "dollar sign without an amount, not read");
  return 1;
}

/* '-' before a number (read as the minus sign −: âm), '+84' phones, '$100',
 * '~50', '#1' (read as №: số); '$' and what a formula between two of them writes. */
size_t nz_signed(nz *n, size_t i)
{
  const tok *t = &n->t[i];
  uint32_t cp = t->cp;
  size_t r;
  if (cp == '$')
    return dollar(n, i);
  if (n->formula && (r = formula_sign(n, i)))
    return r;
  if ((cp == '~' || cp == 0x2248) && nz_is_num(n, i + 1))
    return approx(n, i);
  if (!nz_is_num(n, i + 1) || !nz_glued(n, i + 1))
    return 0;
  if (cp == '-' || cp == 0x2212) {
    if (!t->sp || i == 0)
      return 0;
    size_t k = i;
    while (k > 0 && n->t[k - 1].kind == TK_PUNCT)
      k--;
    if (k == 0 || nz_is_num(n, i - 1) || nz_is_num(n, k - 1))
      return 0;
    nz_say_sign(n, 0x2212);
    return 1 + nz_number(n, i + 1);
  }
  if (cp == '+')
    return nz_intl_phone(n, i);
  if (cp == '#' || cp == 0x2116) {
    nz_say_sign(n, 0x2116);
    return 1 + nz_number(n, i + 1);
  }
  return 0;
}
