/* norm_num_quantities.c: numbers that count or measure (docs/reading.md, "Decimals
 * and thousands", "Ratios and counts", "Percentages and units"): thousands groups
 * (1.500.000, 1 000 000), decimals, ratios a/b and a:b, percentages, the unit after a number, long
 * digit strings read as codes, and dotted section numbers and versions
 * (2.1.1., 4.0) as against decimals written with a dot (12.5 tạ).
 */
#include "tts/norm_int.h"
#include "tts/numbers.h"

#include <string.h>

/* "1 000 000 người", "1 500 000 đồng": groups of three digits after spaces
 * are thousands when they are all 000 or a unit or đồng follows (a table row
 * "1 120 350" stays three numbers). Returns the token after the last group. */
static size_t spaced_groups(const nz *n, size_t i)
{
  size_t k = i + 1;
  int zeros = 1;
  while (nz_is_num(n, k) && n->t[k].sp && nz_ndig(n, k) == 3) {
    if (memcmp(nz_text(n, k), "000", 3))
      zeros = 0;
    k++;
  }
  if (k == i + 1 || (nz_glued(n, k) && (nz_is_num(n, k) || nz_is_p(n, k, '.'))))
    return 0;
  size_t used;
  if (zeros || nz_unit_find(n, k, &used) || nz_at_list(n, k, NL_MONEY))
    return k;
  /* "12 345 người", "3 250 hộ": a count of people or households, unless the
   * first number labels something ("thôn 3 250 hộ", "số 12 345") */
  if (nz_is_word(n, k) && n->t[k].cas == CASE_LOWER && nz_is_denominator(n, k) &&
      !nz_at_list(n, k, NL_COUNTED) && !nz_after_list(n, i, NL_COUNTED) &&
      (!nz_after_list(n, i, NL_NOT_DATE) || nz_after_list(n, i, NL_TOTAL)) &&
      !(i > 0 && nz_is_num(n, i - 1)))
    return k;
  return 0;
}

/* The token after the thousands groups glued by SEP after the digits at I
 * (1.500.000, 1,000,000), when there are at least MIN of them and no more
 * digits glued by SEP after them; else 0. */
static size_t groups_end(const nz *n, size_t i, uint32_t sep, int min)
{
  size_t k = i + 1;
  int groups = 0;
  while (nz_is_sep(n, k, sep) && nz_is_num(n, k + 1) && nz_ndig(n, k + 1) == 3) {
    k += 2;
    groups++;
  }
  return groups >= min && !(nz_is_sep(n, k, sep) && nz_is_num(n, k + 1)) ? k : 0;
}

/* The token after the integer part of the numeral at I: its thousands groups
 * (X's grouped, spaced or eng says how they are written), or the one token. */
static size_t integer_end(const nz *n, size_t i, numeral *x)
{
  size_t k;
  if (nz_ndig(n, i) > 3 || nz_text(n, i)[0] == '0')
    return i + 1;
  if ((k = groups_end(n, i, '.', 1))) {
    x->grouped = 1;
    return k;
  }
  if ((k = spaced_groups(n, i))) {
    x->grouped = x->spaced = 1;
    return k;
  }
  if ((k = groups_end(n, i, ',', 2))) {
    x->eng = 1;
    return k;
  }
  /* "2,480.50 m2": comma groups then a decimal dot; "15,600 người": a comma group before
   * what is counted whole (list whole) */
  if ((k = groups_end(n, i, ',', 1)) && nz_text(n, i)[0] != '0' &&
      ((nz_is_sep(n, k, '.') && nz_is_num(n, k + 1) && !nz_is_sep(n, k + 2, '.') &&
        !nz_is_sep(n, k + 2, ',')) ||
       (!nz_glued(n, k) && nz_is_word(n, k) && n->t[k].cas == CASE_LOWER &&
        nz_at_list(n, k, NL_WHOLE)))) {
    x->eng = 1;
    return k;
  }
  return i + 1;
}

/* The item of a list of numbers glued by commas at token I is an integer from 1 to 99
 * without a leading 0 (a decimal's digits may be: 0,3; 16,0; 2,05). */
static int list_item(const nz *n, size_t i)
{
  return nz_is_num(n, i) && nz_ndig(n, i) <= 2 && nz_text(n, i)[0] != '0';
}

/* The number at I is in a list written with commas and no spaces, not a decimal: "tổ
 * 2,3 và 6", "cấp độ 2,3", "thôn 1,2,3". The items are integers of one or two digits; the
 * list has three items or more, or a word of numbered things before it (list
 * list-label), or goes on after its last item with và, hoặc, đến or a comma and an
 * integer; a unit or % after the last item makes it a decimal (2,3 ha). Returns 2 when
 * the label or the number of items says so, 1 when only what goes on after it does. */
enum { COMMA_LIST_MAX = 64 };

static int comma_list(const nz *n, size_t i)
{
  size_t f = i, l = i, items = 0;
  while (f >= 2 && nz_is_sep(n, f - 1, ',') && list_item(n, f - 2) && ++items <= COMMA_LIST_MAX)
    f -= 2;
  while (nz_is_sep(n, l + 1, ',') && list_item(n, l + 2) && ++items <= COMMA_LIST_MAX)
    l += 2;
  if (items > COMMA_LIST_MAX)   /* no list of places is this long: a line of numbers, read each */
    return 0;
  if (l == f || !list_item(n, f) || !list_item(n, l))
    return 0;
  for (size_t k = f; k <= l; k += 2)
    if (!list_item(n, k))
      return 0;
  size_t e = l + 1, uu;
  if (nz_glued(n, e) && (nz_is_num(n, e) || nz_is_word(n, e) || nz_is_p(n, e, '/') ||
                         nz_is_p(n, e, '%') || (nz_is_p(n, e, '.') && nz_is_sep(n, e, '.'))))
    return 0;
  if (nz_is_p(n, e, '%') || nz_unit_find(n, e, &uu) || nz_at_list(n, e, NL_SCALE))
    return 0;
  if (l - f >= 4 || nz_after_list(n, f, NL_LIST_LABEL))
    return 2;
  size_t c = e;
  if (nz_at_list(n, c, NL_LIST_JOIN) || nz_at_list(n, c, NL_RANGE_TO))
    c++;
  return c > e && list_item(n, c) && !(nz_is_sep(n, c + 1, ',') && nz_is_num(n, c + 2));
}

/* X's value and its digits from the first that is not 0, over tokens [I,J). */
static void integer_value(const nz *n, size_t i, size_t j, numeral *x)
{
  uint64_t v = 0;
  int nd = 0;
  for (size_t k = i; k < j; k++) {
    if (!nz_is_num(n, k))
      continue;
    const char *d = nz_text(n, k);
    for (int q = 0; q < nz_ndig(n, k); q++) {
      if (v <= (UINT64_MAX - 9) / 10)
        v = v * 10 + (uint64_t)(d[q] - '0');
      if (nd || d[q] != '0')
        nd++;
    }
  }
  x->ival = v;
  x->ndig = nd;
}

void nz_parse_numeral(const nz *n, size_t i, numeral *x)
{
  memset(x, 0, sizeof *x);
  int d0 = nz_ndig(n, i);
  const char *t0 = nz_text(n, i);
  size_t j = integer_end(n, i, x);
  integer_value(n, i, j, x);
  x->lead0 = !x->grouped && !x->eng && d0 >= 3 && t0[0] == '0';
  /* "Đề án 06", "Chỉ thị 05": a document named by its number, said as it is written */
  if (!x->grouped && !x->eng && d0 == 2 && t0[0] == '0' && j == i + 1 &&
      nz_after_list(n, i, NL_DOC_NAME) && !(nz_glued(n, j) && (nz_is_p(n, j, '/') || nz_is_dash(n, j))) &&
      !(j < n->nt && nz_is_word(n, j) && (nz_is_denominator(n, j) || nz_at_list(n, j, NL_COUNTED))))
    x->lead0 = 1;
  /* "007 người", "010 hộ": a count written with leading zeros, read as a
   * count, unless a code word comes before it ("mã số 007", "phòng 005") */
  if (x->lead0 && d0 == 3 && j < n->nt && n->t[j].sp && nz_is_word(n, j) &&
      n->t[j].cas == CASE_LOWER && (nz_is_denominator(n, j) || nz_at_list(n, j, NL_COUNTED)) &&
      !nz_after_list(n, i, NL_NOT_DATE) && !nz_after_list(n, i, NL_CODE_LABEL))
    x->lead0 = 0;
  int list = !x->eng && nz_is_sep(n, j, ',') && j == i + 1 ? comma_list(n, i) : 0;
  x->list = list == 1;
  if (!x->eng && nz_is_sep(n, j, ',') && nz_is_num(n, j + 1) && !list) {
    x->frac = j + 1;
    j += 2;
  } else if (x->eng && nz_is_sep(n, j, '.') && nz_is_num(n, j + 1)) {
    x->frac = j + 1;            /* 2,480.50: the English decimal point */
    j += 2;
  }
  x->end = j;
}

static void read_numeral(nz *n, size_t i, const numeral *x)
{
  if (x->ndig > LOA_NUM_MAXDIG || x->lead0) {
    if (x->ndig > LOA_NUM_MAXDIG)
      nz_report(n, i, x->end, "number too long to read as a number, read digit by digit");
    for (size_t k = i; k < x->end && (!x->frac || k + 1 < x->frac); k++)
      if (nz_is_num(n, k))
        nz_digits(n, nz_text(n, k), (size_t)nz_ndig(n, k));
  } else {
    nz_cardinal(n, x->ival);
  }
  if (x->eng)
    nz_report(n, i, x->end, "commas read as thousands separators");
  if (x->list)
    nz_report(n, i, x->end + 2, "comma between two numbers read as a list, not a decimal mark");
  if (x->spaced)
    nz_report(n, i, x->end, "spaces read as thousands separators");
  if (x->frac) {
    nz_say(n, NL_DECIMAL);
    if (loa_num_fraction(&n->numw, nz_text(n, x->frac), (size_t)nz_ndig(n, x->frac), n->nb,
                         sizeof n->nb) > 0)
      nz_emits(n, n->nb);
    if (nz_ndig(n, x->frac) == 3 && !x->grouped && x->ndig <= 3)
      nz_report(n, i, x->end, "comma before three digits read as a decimal mark");
  }
}

static int scale_word_at(const nz *n, size_t i)
{
  if (!nz_is_word(n, i) || n->t[i].cas != CASE_LOWER || nz_at_list(n, i + 1, NL_NOT_SCALE))
    return 0;
  return nz_at_list(n, i, NL_SCALE) || nz_at_list(n, i, NL_MONEY);
}

/* A measure word written in lower case at token I (12.5 tạ, 2.5 lít): list "measure". */
static int measure_word_at(const nz *n, size_t i)
{
  return i < n->nt && n->t[i].kind == TK_WORD && n->t[i].cas == CASE_LOWER &&
         nz_at_list(n, i, NL_MEASURE);
}

/* The dotted number at I is a measure (12.5 tạ), not a section number (mục 2.3 tấn công). */
static int decimal_before_measure(const nz *n, size_t i, size_t after)
{
  return measure_word_at(n, after) && !nz_after_list(n, i, NL_SECTION);
}

/* "2.1.1.", "4.0", "1.10"; an English decimal point before %, a unit, a
 * scale word or a measure word is read as phẩy and reported. */
size_t nz_dotted(nz *n, size_t i)
{
  size_t j = i + 1;
  int parts = 1;
  while (nz_is_sep(n, j, '.') && nz_is_num(n, j + 1)) {
    j += 2;
    parts++;
  }
  if (parts < 2)
    return 0;
  numeral g;
  nz_parse_numeral(n, i, &g);
  if (g.grouped || g.eng)
    return 0;
  size_t after = j;
  int decimal = 0;
  if (parts == 2) {
    size_t uu;
    int unit = nz_unit_find(n, after, &uu) != NULL;
    decimal = nz_is_p(n, after, '%') || unit || scale_word_at(n, after) ||
              nz_hemisphere(n, after) || decimal_before_measure(n, i, after);
  }
  if (decimal) {
    nz_count(n, i);
    nz_say(n, NL_DECIMAL);
    if (loa_num_fraction(&n->numw, nz_text(n, i + 2), (size_t)nz_ndig(n, i + 2), n->nb,
                         sizeof n->nb) > 0)
      nz_emits(n, n->nb);
    nz_report(n, i, j, "dot read as a decimal mark");
    size_t used;
    const char *h = nz_hemisphere(n, j);
    if (h) {
      nz_emits(n, h);
      return j + 1 - i;
    }
    if (nz_unit_at(n, j, &used))
      j += used;
    return j - i;
  }
  for (size_t k = i; k < j; k += 2) {
    if (k > i)
      nz_say_name(n, '.');
    const char *d = nz_text(n, k);
    int nd = nz_ndig(n, k);
    if (nd > 1 && d[0] == '0')
      nz_digits(n, d, (size_t)nd);
    else
      nz_count(n, k);
  }
  return j - i;
}


/* A number read digit by digit as a code: ten or more digits without groups
 * (tax, account, identity number) unless a unit or a scale word says it is an
 * amount; a code glued to letters keeps its zeros (J02 gi không hai, LK-05);
 * the serial of a registration (QNa-90123-TS). Returns tokens used or 0. */
static size_t code_digits(nz *n, size_t i, const numeral *x, int plain)
{
  size_t j = x->end, uu;
  if (!plain)
    return 0;
  if (nz_ndig(n, i) >= 10 && nz_ndig(n, i) <= 15 && !nz_is_p(n, j, '%') &&
      !scale_word_at(n, j) && !nz_at_list(n, j, NL_MONEY) && !nz_unit_find(n, j, &uu)) {
    nz_digits(n, nz_text(n, i), (size_t)nz_ndig(n, i));
    return j - i;
  }
  int dashed = i > 1 && nz_glued(n, i) && nz_is_dash(n, i - 1) && nz_glued(n, i - 1) &&
               nz_is_word(n, i - 2) &&
               (n->t[i - 2].cas == CASE_UPPER || n->t[i - 2].cas == CASE_MIXED);
  int coded = dashed || (i > 0 && nz_glued(n, i) && nz_is_word(n, i - 1));
  int serial = dashed && n->t[i - 2].nch >= 2 && nz_ndig(n, i) >= 4 &&
               !(x->ival >= 1900 && x->ival <= 2100);
  /* "C1234567" (a passport), "GD4383820123456": five digits or more after letters are a
   * code's, never an amount, and so are three or more between letters (RLHJC4600KY...) */
  int longcode = coded && (nz_ndig(n, i) >= 5 || (nz_ndig(n, i) >= 3 && nz_glued(n, j) &&
                                                   nz_is_word(n, j))) &&
                 !nz_unit_find(n, j, &uu);
  if (!coded || nz_ndig(n, i) < 2 || !(nz_text(n, i)[0] == '0' || serial || longcode) ||
      nz_is_p(n, j, '/') || nz_is_p(n, j, '%'))
    return 0;
  nz_digits(n, nz_text(n, i), (size_t)nz_ndig(n, i));
  if (nz_unit_at(n, j, &uu))
    j += uu;
  return j - i;
}

/* "năm học 2025/2026", "niên vụ 2024/25", "nhiệm kỳ 2020/2025": two years
 * with a slash are a span (đến), not a ratio. */
static int years_slash(const nz *n, const numeral *x, const numeral *y, size_t j)
{
  if (!nz_is_sep(n, j, '/') || x->frac || x->grouped || y->frac || y->grouped ||
      nz_ndig(n, j - 1) != 4 || x->ival < 1900 || x->ival > 2199 || nz_counted_after(n, y->end))
    return 0;
  if (nz_ndig(n, j + 1) == 4)
    return y->ival > x->ival && y->ival - x->ival <= 10;
  return nz_ndig(n, j + 1) == 2 && y->ival == (x->ival + 1) % 100;
}

/* "2/3 số diện tích", "1/4 dân số", "3/4 tổng số hộ": a proper fraction of a whole that
 * the words after it name (list fraction-of), not a count out of a total (5/5 thôn). */
static int fraction_of(const nz *n, size_t i, const numeral *x, const numeral *y)
{
  return !nz_after_list(n, i, NL_LANE) && !x->frac && !x->grouped && !y->frac && !y->grouped && !x->eng && !y->eng &&
         x->ival >= 1 && y->ival >= 2 && y->ival <= 100 && x->ival < y->ival &&
         nz_at_list(n, y->end, NL_FRACTION_OF);
}

/* The number X at I as its place says: an ordinal after thứ (thứ 2, 4, 6: thứ hai, tư,
 * sáu), a month after tháng, a day after ngày (mùng năm), else a numeral. J ends it. */
static void say_number(nz *n, size_t i, size_t j, const numeral *x, int plain)
{
  if (plain && x->ival <= 1000 && (nz_after_list(n, i, NL_ORDINAL) || nz_in_list_after(n, i, 1000, NL_ORDINAL))) {
    if (loa_num_ordinal(&n->numw, x->ival, n->nb, sizeof n->nb) > 0)
      nz_emits(n, n->nb);
  } else if (plain && nz_after_list(n, i, NL_MONTH) && x->ival >= 1 && x->ival <= 12) {
    nz_month(n, x->ival);
  } else if (!(plain && x->ival <= 10 && nz_day_written(n, i, j))) {
    read_numeral(n, i, x);
  }
}

/* After the number X read at I, the slash or colon at J and what it is over: a fraction
 * (2/3 số hộ: hai phần ba), a span of years (2025/2026: đến), else trên (and a/b/c, 1:500),
 * reported when it could be a date. Returns the token after it. */
static size_t ratio(nz *n, size_t i, const numeral *x, size_t j)
{
  numeral y;
  nz_parse_numeral(n, j + 1, &y);
  int part = nz_is_p(n, j, '/') && fraction_of(n, i, x, &y);
  nz_say(n, part ? NL_FRACTION : years_slash(n, x, &y, j) ? NL_RANGE_TO : NL_PER);
  if (part) {
    if (loa_num_denominator(&n->numw, y.ival, n->nb, sizeof n->nb) > 0)
      nz_emits(n, n->nb);
    return y.end;
  }
  read_numeral(n, j + 1, &y);
  size_t e = y.end;
  if (nz_is_sep(n, e, '/') && nz_is_num(n, e + 1)) {
    numeral z;
    nz_parse_numeral(n, e + 1, &z);
    nz_say(n, NL_PER);
    read_numeral(n, e + 1, &z);
    if (!nz_after_list(n, i, NL_LANE)) /* ngõ 168/25/3 is an address */
      nz_report(n, i, z.end, "ambiguous slash, read as a ratio");
    return z.end;
  }
  if (!nz_is_word(n, e) && !x->frac && !y.frac && !x->grouped && !y.grouped &&
      !nz_after_list(n, i, NL_NOT_DATE) && !nz_after_list(n, i, NL_PAGE) &&
      !(x->ival == 24 && y.ival == 7) &&
      x->ival >= 1 && x->ival <= 31 && y.ival >= 1 && y.ival <= 12 && x->ndig <= 2)
    nz_report(n, i, e, "ambiguous slash, read as a ratio (could be a date)");
  return e;
}

/* A number with its suffix (%, unit), then a ratio a/b. Returns tokens used. */
size_t nz_quantity(nz *n, size_t i, numeral *x)
{
  nz_parse_numeral(n, i, x);
  size_t j = x->end;
  int plain = !x->frac && !x->grouped && !x->eng && !x->lead0;
  size_t r = code_digits(n, i, x, plain);
  if (r)
    return r;
  say_number(n, i, j, x, plain);
  if ((nz_is_sep(n, j, '/') || nz_is_sep(n, j, ':')) && nz_is_num(n, j + 1))
    j = ratio(n, i, x, j);
  if (nz_is_p(n, j, '%') || nz_is_p(n, j, 0xFF05)) {
    nz_say_sign(n, '%');
    return j + 1 - i;
  }
  if (nz_is_p(n, j, 0x2030)) {
    nz_say_unit(n, nz_sign_reading(n, 0x2030));
    return j + 1 - i;
  }
  const char *h = x->frac ? nz_hemisphere(n, j) : NULL;
  if (h) { /* 17,5N */
    nz_emits(n, h);
    return j + 1 - i;
  }
  size_t used;
  if (nz_unit_at(n, j, &used))
    j += used;
  return j - i;
}
