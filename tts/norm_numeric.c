/* norm_numeric.c: the reading rules that start at a digit (READING.md):
 * phone numbers, dates (d/m/yyyy, d-m-yyyy, d.m.yyyy, m/yyyy, d/m in a date
 * context, ISO timestamps), times (5h30', 17h30, 19:30), document numbers
 * (1829/QĐ-UBND, 06-NQ/TU, 42/2022/NĐ-CP), section numbers and versions
 * (2.1.1., 4.0), quantities with thousands groups, decimals, percentages,
 * units and currencies, ratios (6/6 thôn) and ranges (2022 - 2025, 5-7 ngày).
 */
#include "tts/norm_int.h"
#include "tts/numbers.h"
#include "lexicon/vntext.h"

#include <string.h>

enum { IT_OTHER = 0, IT_DATE, IT_TIME, IT_QTY };

typedef struct {
  size_t end;            /* token after the numeral */
  uint64_t ival;         /* integer part */
  int ndig;              /* digits in the integer part */
  int lead0;             /* one group starting with 0 and 3+ digits: a code */
  int grouped;           /* had '.' (or spaced) thousands groups */
  int spaced;            /* the groups were separated by spaces */
  int eng;               /* English "1,000,000" groups */
  size_t frac;           /* token of the decimal digits, or 0 */
} numeral;

static const char *const date_words[] = {
  "ngày", "hôm", "sáng", "chiều", "tối", "trưa", "đêm", "mùng", "mồng", "rạng sáng", NULL};
/* Words that name a day or a deadline before d/m ("kỷ niệm 8/3", "trước
 * 30/11"), unless a counted noun follows ("trước 5/6 thôn" is a ratio). */
static const char *const day_naming_words[] = {
  "kỷ niệm", "chào mừng", "mừng", "dịp", "giao thừa", "hướng tới", "trước", "chậm nhất",
  "muộn nhất", "kể từ", "tính đến", "đến hết", "hạn chót", "thời hạn", "dự kiến", NULL};
static const char *const weekday_words[] = {"thứ hai", "thứ ba", "thứ tư", "thứ năm", "thứ sáu",
                                            "thứ bảy", "chủ nhật", NULL};

static int val_ok(const nz *n, size_t i, int maxdig, uint64_t lo, uint64_t hi)
{
  if (!nz_is_num(n, i) || nz_ndig(n, i) > maxdig)
    return 0;
  uint64_t v = nz_val(n, i);
  return v >= lo && v <= hi;
}

static int is_sep(const nz *n, size_t i, uint32_t sep)
{
  return nz_is_p(n, i, sep) && nz_glued(n, i) && nz_glued(n, i + 1);
}

/* The word list NAME of lexicon/wordlists.tsv. */
static const char *const *wl(const nz *n, const char *name)
{
  return loa_lexicon_list(n->lex, name);
}

static int word_in(const nz *n, size_t i, const char *const *w)
{
  for (int k = 0; w[k]; k++)
    if (nz_words_at(n, i, w[k]))
      return 1;
  return 0;
}

static int prev_in(const nz *n, size_t i, const char *const *w)
{
  for (int k = 0; w[k]; k++)
    if (nz_prev_word_is(n, i, w[k]))
      return 1;
  return 0;
}

/* ------------------------------------------------------------ numerals */

static const char *unit_find(const nz *n, size_t i, size_t *used);

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
  if (zeros || unit_find(n, k, &used) || nz_word_is(n, k, "đồng") || nz_word_is(n, k, "đ"))
    return k;
  /* "12 345 người", "3 250 hộ": a count of people or households, unless the
   * first number labels something ("thôn 3 250 hộ", "số 12 345") */
  if (nz_is_word(n, k) && n->t[k].cas == CASE_LOWER && nz_is_denominator(n, k) &&
      !word_in(n, k, wl(n, "counted")) && !prev_in(n, i, wl(n, "counted")) &&
      (!prev_in(n, i, wl(n, "not-date")) || nz_prev_word_is(n, i, "dân số") ||
       nz_prev_word_is(n, i, "tổng số")) &&
      !(i > 0 && nz_is_num(n, i - 1)))
    return k;
  return 0;
}

static void parse_numeral(const nz *n, size_t i, numeral *x)
{
  memset(x, 0, sizeof *x);
  int d0 = nz_ndig(n, i);
  const char *t0 = nz_text(n, i);
  size_t j = i + 1;
  int ngroups = 0;
  if (d0 <= 3 && !(d0 > 1 && t0[0] == '0') && !(d0 == 1 && t0[0] == '0')) {
    size_t k = j;
    while (is_sep(n, k, '.') && nz_is_num(n, k + 1) && nz_ndig(n, k + 1) == 3) {
      k += 2;
      ngroups++;
    }
    if (ngroups && !(is_sep(n, k, '.') && nz_is_num(n, k + 1))) {
      x->grouped = 1;
      j = k;
    } else {
      ngroups = 0;
    }
    if (!x->grouped && (k = spaced_groups(n, i))) {
      x->grouped = x->spaced = 1;
      j = k;
    }
    if (!x->grouped) {
      k = j;
      while (is_sep(n, k, ',') && nz_is_num(n, k + 1) && nz_ndig(n, k + 1) == 3) {
        k += 2;
        ngroups++;
      }
      if (ngroups >= 2 && !(is_sep(n, k, ',') && nz_is_num(n, k + 1))) {
        x->eng = 1;
        j = k;
      } else {
        ngroups = 0;
      }
    }
  }
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
  x->lead0 = !x->grouped && !x->eng && d0 >= 3 && t0[0] == '0';
  /* "007 người", "010 hộ": a count written with leading zeros, read as a
   * count, unless a code word comes before it ("mã số 007", "phòng 005") */
  if (x->lead0 && d0 == 3 && j < n->nt && n->t[j].sp && nz_is_word(n, j) &&
      n->t[j].cas == CASE_LOWER && (nz_is_denominator(n, j) || word_in(n, j, wl(n, "counted"))) &&
      !prev_in(n, i, wl(n, "not-date")) && !nz_prev_word_is(n, i, "mã"))
    x->lead0 = 0;
  if (!x->eng && is_sep(n, j, ',') && nz_is_num(n, j + 1)) {
    x->frac = j + 1;
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
  if (x->spaced)
    nz_report(n, i, x->end, "spaces read as thousands separators");
  if (x->frac) {
    nz_emits(n, "phẩy");
    if (loa_num_fraction(nz_text(n, x->frac), (size_t)nz_ndig(n, x->frac), n->south, n->nb,
                         sizeof n->nb) > 0)
      nz_emits(n, n->nb);
    if (nz_ndig(n, x->frac) == 3 && !x->grouped && x->ndig <= 3)
      nz_report(n, i, x->end, "comma before three digits read as a decimal mark");
  }
}

/* --------------------------------------------------------------- units */

static int unit_start(const nz *n, size_t i)
{
  return nz_is_word(n, i) || nz_is_p(n, i, 0x00B0) || nz_is_p(n, i, 0x00B5);
}

/* The unit written at token I (up to four glued tokens: "km/h", "m2", "°C"):
 * its spoken form, with *USED the tokens it covers; NULL if none. */
static const char *unit_find(const nz *n, size_t i, size_t *used)
{
  *used = 0;
  if (i >= n->nt || !unit_start(n, i))
    return NULL;
  size_t end = i + 1;
  while (end < n->nt && end < i + 4 && !n->t[end].sp)
    end++;
  for (size_t k = end; k > i; k--) {
    const tok *last = &n->t[k - 1];
    if (last->kind == TK_PUNCT && last->cp != 0x00B2 && last->cp != 0x00B3)
      continue;
    /* a candidate must not stop in the middle of a word or number */
    if (k < n->nt && !n->t[k].sp && n->t[k].kind != TK_PUNCT && n->t[k].kind == n->t[k - 1].kind)
      continue;
    const char *u = loa_lexicon_unit(n->lex, n->line + n->t[i].s, last->e - n->t[i].s);
    if (u) {
      *used = k - i;
      return u;
    }
  }
  return NULL;
}

const char *nz_unit_find(const nz *n, size_t i, size_t *used)
{
  return unit_find(n, i, used);
}

int nz_unit_at(nz *n, size_t i, size_t *used)
{
  const char *u = unit_find(n, i, used);
  if (!u)
    return 0;
  /* the Southern reading of the units that say nghìn (k, ‰) */
  const char *g = n->south ? strstr(u, "nghìn") : NULL;
  if (g && (g == u || g[-1] == ' ') && (g[6] == 0 || g[6] == ' ')) {
    nz_emit(n, u, (size_t)(g - u));
    nz_emits(n, "ngàn");
    nz_emits(n, g + 6);
  } else {
    nz_emits(n, u);
  }
  return 1;
}

/* ------------------------------------------------------------- phones */

/* The words just before token I (skipping ':' and '(') are one of WORDS. */
static int after_words(const nz *n, size_t i, const char *const *words)
{
  size_t k = i;
  while (k > 0 && n->t[k - 1].kind == TK_PUNCT && (n->t[k - 1].cp == ':' || n->t[k - 1].cp == '('))
    k--;
  for (int w = 0; words[w]; w++)
    if (nz_prev_word_is(n, k, words[w]))
      return 1;
  return 0;
}

/* Words after which a digit string is a number to dial. */
static const char *const dial_words[] = {
  "điện thoại", "đt", "sđt", "hotline", "đường dây nóng", "tổng đài", "fax", "gọi số",
  "gọi đến số", "gọi điện", "số máy", "di động", "zalo", "đầu số", "máy lẻ", NULL};
/* Words after which a digit string is a code to copy: accounts, identity
 * numbers, tax and postal codes; their spaced groups may be long. */
static const char *const code_words[] = {
  "tài khoản", "số tài khoản", "stk", "mã số thuế", "mã số", "mã", "mã hồ sơ", "cccd", "cmnd",
  "căn cước", "căn cước công dân", "định danh", "số định danh", "số hiệu", "số thẻ", "số sê ri",
  "mã bưu chính", NULL};

enum { PH_NONE = 0, PH_DIAL = 1, PH_CODE = 2 };

typedef struct {
  int total;       /* digits so far */
  int lead0;       /* the first group starts with 0 */
  int ctx;         /* PH_* */
  int hot;         /* starts with 1800/1900 */
} dialing;

/* The group of digits that continues a number to dial at token J, or 0:
 * "0912.345.678", "0912-345-678", "(0229) 3 871 234", "0912 345 678", and for
 * codes "3500 205 123456". */
static size_t dial_next(const nz *n, size_t i, size_t j, const dialing *d)
{
  size_t g = 0;
  /* after a leading-0 area code or prefix the rest may be one group: 0229.3871235, 0912 345678 */
  int maxnd = d->lead0 ? 8 : 4, minnd = 2, limit = d->ctx == PH_CODE ? 20 : 11;
  if ((is_sep(n, j, '.') || is_sep(n, j, '-')) && nz_is_num(n, j + 1)) {
    g = j + 1;
    if (d->lead0 && nz_ndig(n, i) >= 3)
      minnd = 1; /* 0237.3.865.113 */
  } else if (j == i + 1 && i > 0 && nz_is_p(n, i - 1, '(') && nz_is_p(n, j, ')') && !n->t[j].sp &&
             nz_is_num(n, j + 1) && d->lead0) {
    g = j + 1; /* after the area code in brackets: any grouping */
    minnd = 1;
    maxnd = 8;
  } else if (nz_is_num(n, j) && n->t[j].sp && (d->lead0 || d->hot || d->ctx)) {
    g = j;
    if (d->ctx == PH_CODE) {
      maxnd = 8;
    } else {
      if (d->total >= 9)
        return 0;
      minnd = d->lead0 && nz_ndig(n, i) >= 3 ? 1 : 2; /* 0229 3 871 234 */
    }
  } else {
    return 0;
  }
  int nd = nz_ndig(n, g);
  if (nd < minnd || nd > maxnd || d->total + nd > limit)
    return 0;
  return g;
}

/* Token K back from I past the small words between a verb that reaches a
 * number and the number: "báo ngay về số 113", "gọi đến số 1022". */
static size_t reach_filler(const nz *n, size_t i)
{
  static const char *const f[] = {"số", "về", "đến", "tới", "ngay", "vào", NULL};
  size_t k = i;
  for (int q = 0; q < 3 && k > 0 && word_in(n, k - 1, f); q++)
    k--;
  /* "thông báo số 113" names a document, "cảnh báo số 1" a level */
  if (k < i && (nz_prev_word_is(n, k, "thông báo") || nz_prev_word_is(n, k, "cảnh báo") ||
                nz_prev_word_is(n, k, "tờ báo")))
    return i;
  return k;
}

/* Nothing after token I counts it: the end, a mark, or a word of sos-then
 * ("1022 hoặc", "1022 để phản ánh"). */
static int not_counted(const nz *n, size_t i)
{
  return i + 1 >= n->nt || !nz_is_word(n, i + 1) || word_in(n, i + 1, wl(n, "sos-then"));
}

/* A short service number (3 or 4 digits from 1: 1022, 1080, 1900) after a
 * verb that dials it: "gọi 1022", "nhắn tin đến 1022", "liên hệ số 1055";
 * an SMS short code after gửi on a line about a text message. */
static int service_number(const nz *n, size_t i)
{
  static const char *const call[] = {"gọi", "quay", "bấm", "nhắn tin", "nhắn", "soạn tin",
                                     "liên hệ", "gọi điện", NULL};
  static const char *const sms[] = {"nhắn tin", "soạn tin", "cú pháp", "tin nhắn", "sms", NULL};
  int nd = nz_ndig(n, i);
  if (nd < 3 || nd > 5 || !not_counted(n, i))
    return 0;
  size_t k = reach_filler(n, i);
  /* "soạn tin BH gửi 8079", "nhắn tin theo cú pháp DK gửi 1022": an SMS short code */
  if (nz_prev_word_is(n, k, "gửi") || nz_prev_word_is(n, k, "gửi đến") ||
      nz_prev_word_is(n, k, "gửi tới"))
    for (size_t q = 0; q + 1 < k; q++)
      if (word_in(n, q, sms))
        return 1;
  return nd <= 4 && nz_text(n, i)[0] == '1' && prev_in(n, k, call) &&
         !nz_prev_word_is(n, k, "kêu gọi") && !nz_prev_word_is(n, k, "lời gọi");
}

/* Token I follows a number just read digit by digit, joined by a comma,
 * a dash, a slash or hoặc, và, hay: "0229.3.871.234 hoặc 1022", "113, 114". */
static int dial_list(const nz *n, size_t i)
{
  static const char *const join[] = {"hoặc", "và", "hay", "số", NULL};
  if (!n->dialed || n->dialed - 1 >= i || i - (n->dialed - 1) > 3 || !not_counted(n, i))
    return 0;
  for (size_t k = n->dialed - 1; k < i; k++)
    if (!(nz_is_p(n, k, ',') || nz_is_p(n, k, ';') || nz_is_p(n, k, '/') || nz_is_dash(n, k) ||
          word_in(n, k, join)))
      return 0;
  return 1;
}

static int is_11x(const nz *n, size_t i)
{
  return nz_is_num(n, i) && nz_ndig(n, i) == 3 && nz_val(n, i) >= 111 && nz_val(n, i) <= 116;
}

/* An emergency number 111-116 after "gọi" ("gọi 113"), or listed after one
 * on the line ("gọi 113 khi có tội phạm, 114 khi cháy nổ, 115 cấp cứu"), or
 * naming its service ("115 cấp cứu", "114 (cứu hỏa)"). */
static int emergency(const nz *n, size_t i)
{
  if (!is_11x(n, i))
    return 0;
  size_t a = i > 0 && nz_is_p(n, i - 1, '(') ? i - 1 : i;
  a = reach_filler(n, a);
  if (nz_prev_word_is(n, a, "gọi") || nz_prev_word_is(n, a, "gọi ngay") ||
      nz_prev_word_is(n, a, "quay") || nz_prev_word_is(n, a, "bấm"))
    return 1;
  /* "báo ngay cho 113", "liên hệ 113 hoặc 114": a number reached, not counted */
  if (prev_in(n, a, wl(n, "sos-reach")) && (!nz_is_word(n, i + 1) || word_in(n, i + 1, wl(n, "sos-then"))))
    return 1;
  /* "Công an 113; Cứu hỏa 114; Cấp cứu 115" */
  size_t b = i;
  while (b > 0 && (nz_is_p(n, b - 1, ':') || nz_is_dash(n, b - 1)))
    b--;
  if (prev_in(n, b, wl(n, "sos-service")) || prev_in(n, b, wl(n, "sos-before")))
    return 1;
  size_t k = i + 1;
  while (k < n->nt && (nz_is_p(n, k, '(') || nz_is_p(n, k, ':') || nz_is_dash(n, k)))
    k++;
  if (word_in(n, k, wl(n, "sos-service")))
    return 1;
  for (k = i; k-- > 0;)
    if (is_11x(n, k) && k + 1 < i && emergency(n, k))
      return 1;
  return 0;
}

/* A phone number: a leading 0 and 9-11 digits, possibly grouped by dots,
 * hyphens or spaces; 1800/1900 hotlines; any digits after "điện thoại"; an
 * account or identity number after its name. */
static size_t phone(nz *n, size_t i)
{
  const char *s = nz_text(n, i);
  dialing d = {nz_ndig(n, i), s[0] == '0', PH_NONE, 0};
  d.ctx = after_words(n, i, dial_words) ? PH_DIAL : after_words(n, i, code_words) ? PH_CODE : 0;
  if (i > 0 && nz_is_word(n, i - 1) && nz_glued(n, i))
    d.ctx = 0; /* ĐT506 is a road, not a number to dial */
  /* "tuyến ĐT 506": a short number after ĐT is a road too */
  if (d.ctx == PH_DIAL && !d.lead0 && d.total <= 4 && nz_prev_word_is(n, i, "đt") &&
      !(nz_glued(n, i + 1) && nz_is_num(n, i + 2)))
    d.ctx = 0;
  if (!d.ctx && (dial_list(n, i) || service_number(n, i)))
    d.ctx = PH_DIAL;
  d.hot = (d.total == 4 || d.total == 8) && (!memcmp(s, "1800", 4) || !memcmp(s, "1900", 4));
  if (!d.lead0 && !d.ctx && !d.hot && !(d.total == 3 && s[0] == '1'))
    return 0;
  if (d.lead0 && d.total < 2)
    return 0;
  size_t j = i + 1, g;
  while (j < n->nt && (g = dial_next(n, i, j, &d))) {
    d.total += nz_ndig(n, g);
    j = g + 1;
  }
  int sos = d.total == 3 && j == i + 1 && emergency(n, i);
  /* "tài khoản còn 1.500.000 đồng" is an amount, not a code */
  int amount = !d.lead0 && j > i + 1 && is_sep(n, i + 1, '.');
  for (size_t k = i + 2; amount && k < j; k += 2)
    if (nz_ndig(n, k) != 3 || !nz_is_p(n, k - 1, '.'))
      amount = 0;
  int ok = (d.lead0 && d.total >= 9 && d.total <= 11) || (d.hot && (d.total == 8 || d.total == 10)) ||
           (d.ctx && d.total >= 3 && !amount) || sos;
  if (!ok || (nz_is_num(n, j) && !n->t[j].sp))
    return 0;
  if (j < n->nt && !n->t[j].sp && (nz_is_p(n, j, '/') || nz_is_word(n, j)))
    return 0;
  for (size_t k = i; k < j; k++)
    if (nz_is_num(n, k))
      nz_digits(n, nz_text(n, k), (size_t)nz_ndig(n, k));
  if (d.ctx != PH_CODE)
    n->dialed = j + 1;
  return j - i;
}

/* -------------------------------------------------------------- dates */

/* Token I is the last item of a list of numbers up to MAX whose first followed
 * one of the words W: "ngày 20, 21/11", "các ngày 5, 6 và 7/12", "tháng 9, 10/2024"
 * (ngày or tháng is said once). */
static int in_list_after(const nz *n, size_t i, uint64_t max, const char *const *w)
{
  size_t k = i;
  int items = 0;
  for (;;) {
    size_t s = k;
    while (s > 0 && n->t[s - 1].kind == TK_PUNCT && (n->t[s - 1].cp == ',' || nz_is_dash(n, s - 1)))
      s--;
    if (s > 0 && (nz_word_is(n, s - 1, "và") || nz_word_is(n, s - 1, "hoặc")))
      s--;
    if (s == k || s == 0 || !nz_is_num(n, s - 1) || !val_ok(n, s - 1, 2, 1, max))
      break;
    k = s - 1;
    items++;
    if (k > 0 && n->t[k - 1].kind == TK_PUNCT && !nz_is_p(n, k - 1, ',') && !nz_is_dash(n, k - 1))
      return 0;
  }
  for (int q = 0; items && w[q]; q++)
    if (nz_prev_word_is(n, k, w[q]))
      return 1;
  return 0;
}

static int in_day_list(const nz *n, size_t i)
{
  static const char *const w[] = {"ngày", "mùng", "mồng", NULL};
  return in_list_after(n, i, 31, w);
}

static int weekday_before(const nz *n, size_t i);

/* "ngày" before a date unless the text says it (or hôm, or a list of days). */
static void date_prefix(nz *n, size_t i)
{
  static const char *const said[] = {
    "ngày", "mùng", "mồng", "hôm", "ngày thứ hai", "ngày thứ ba", "ngày thứ tư", "ngày thứ năm",
    "ngày thứ sáu", "ngày thứ bảy", "ngày chủ nhật", NULL};
  for (int k = 0; said[k]; k++)
    if (nz_prev_word_is(n, i, said[k]))
      return;
  /* "ngày thứ Sáu, 24/10" */
  if (i > 0 && nz_is_p(n, i - 1, ',') && weekday_before(n, i) &&
      (nz_prev_word_is(n, i - 3, "ngày") || nz_prev_word_is(n, i - 2, "ngày")))
    return;
  if (in_day_list(n, i))
    return;
  nz_emits(n, "ngày");
}

static void month(nz *n, uint64_t m)
{
  if (loa_num_month((unsigned)m, n->south, n->nb, sizeof n->nb) > 0)
    nz_emits(n, n->nb);
}

#define NO_TOKEN ((size_t)-1)

static void day_month_year(nz *n, size_t d, size_t m, size_t y)
{
  nz_cardinal(n, nz_val(n, d));
  nz_emits(n, "tháng");
  month(n, nz_val(n, m));
  if (y != NO_TOKEN) {
    nz_emits(n, "năm");
    nz_cardinal(n, nz_val(n, y));
  }
}

/* d/m/yyyy, d-m-yyyy, d.m.yyyy (and d/m/yy). Returns tokens used or 0;
 * EMIT 0 only checks. */
static size_t date_full(nz *n, size_t i, int emit)
{
  if (!val_ok(n, i, 2, 1, 31) || i + 4 >= n->nt)
    return 0;
  uint32_t sep = n->t[i + 1].cp;
  if (n->t[i + 1].kind != TK_PUNCT || (sep != '/' && sep != '-' && sep != '.'))
    return 0;
  if (!is_sep(n, i + 1, sep) || !val_ok(n, i + 2, 2, 1, 12) || !is_sep(n, i + 3, sep))
    return 0;
  if (!nz_is_num(n, i + 4))
    return 0;
  int yd = nz_ndig(n, i + 4);
  if (!(yd == 4 || (yd == 2 && sep == '/')))
    return 0;
  size_t j = i + 5;
  if (j < n->nt && !n->t[j].sp &&
      (nz_is_num(n, j) || nz_is_word(n, j) ||
       ((nz_is_p(n, j, sep) || nz_is_p(n, j, '/')) && nz_glued(n, j + 1) &&
        (nz_is_num(n, j + 1) || nz_is_word(n, j + 1)))))
    return 0;
  if (emit) {
    date_prefix(n, i);
    day_month_year(n, i, i + 2, i + 4);
    n->datelist = 1;
  }
  return 5;
}

/* ISO 8601: 2024-11-29[T08:17:10[+0700]] */
static size_t iso_datetime(nz *n, size_t i)
{
  if (nz_ndig(n, i) != 4 || !is_sep(n, i + 1, '-') || !val_ok(n, i + 2, 2, 1, 12) ||
      nz_ndig(n, i + 2) != 2 || !is_sep(n, i + 3, '-') || !val_ok(n, i + 4, 2, 1, 31) ||
      nz_ndig(n, i + 4) != 2)
    return 0;
  size_t j = i + 5;
  if (nz_glued(n, j) && (nz_is_num(n, j) || nz_is_p(n, j, '-') || nz_is_p(n, j, '/')))
    return 0;
  date_prefix(n, i);
  day_month_year(n, i + 4, i + 2, i);
  if (nz_is_word(n, j) && nz_glued(n, j) && n->t[j].lowlen == 1 && nz_low(n, j)[0] == 't' &&
      val_ok(n, j + 1, 2, 0, 24) && nz_glued(n, j + 1) && is_sep(n, j + 2, ':') &&
      val_ok(n, j + 3, 2, 0, 59)) {
    nz_cardinal(n, nz_val(n, j + 1));
    nz_emits(n, "giờ");
    nz_cardinal(n, nz_val(n, j + 3));
    nz_emits(n, "phút");
    j += 4;
    if (is_sep(n, j, ':') && val_ok(n, j + 1, 2, 0, 60)) {
      nz_cardinal(n, nz_val(n, j + 1));
      nz_emits(n, "giây");
      j += 2;
    }
    if (j + 1 < n->nt && nz_glued(n, j) && (nz_is_p(n, j, '+') || nz_is_p(n, j, '-')) &&
        nz_glued(n, j + 1) && nz_is_num(n, j + 1) && nz_ndig(n, j + 1) == 4) {
      uint64_t z = nz_val(n, j + 1);
      nz_emits(n, "múi giờ");
      nz_emits(n, nz_is_p(n, j, '+') ? "cộng" : "trừ");
      nz_cardinal(n, z / 100);
      if (z % 100)
        nz_cardinal(n, z % 100);
      j += 2;
    } else if (nz_is_word(n, j) && nz_glued(n, j) && nz_word_is(n, j, "z")) {
      j += 1;
    }
  }
  n->datelist = 1;
  return j - i;
}

static int weekday_before(const nz *n, size_t i)
{
  size_t k = i;
  while (k > 0 && n->t[k - 1].kind == TK_PUNCT &&
         (n->t[k - 1].cp == ',' || n->t[k - 1].cp == '(' || n->t[k - 1].cp == '|' ||
          nz_is_dash(n, k - 1)))
    k--;
  for (int w = 0; weekday_words[w]; w++)
    if (nz_prev_word_is(n, k, weekday_words[w]))
      return 1;
  if (k >= 2 && nz_is_num(n, k - 1) && nz_prev_word_is(n, k - 1, "thứ") && val_ok(n, k - 1, 1, 2, 7))
    return 1;
  return 0;
}

/* d/m at token K, glued, nothing glued after it. */
static int dm_at(const nz *n, size_t k)
{
  return val_ok(n, k, 2, 1, 31) && is_sep(n, k + 1, '/') && val_ok(n, k + 2, 2, 1, 12) &&
         !(nz_glued(n, k + 3) && (nz_is_num(n, k + 3) || nz_is_word(n, k + 3)));
}


/* Token J starts a phrase that a ratio counts: "5/9 thôn", "3/3 xã". */
static int day_follows(const nz *n, size_t j);

static int counted_after(const nz *n, size_t j)
{
  return !day_follows(n, j) && (nz_is_denominator(n, j) || word_in(n, j, wl(n, "counted")));
}

/* Only the bullets of a list item, or table cells holding at most a number
 * (the STT), come before token I: "| 29/9 | ...", "| 1 | 5/9 | ...", "- 5/9: ". */
static int row_start(const nz *n, size_t i)
{
  int cells = 0;
  for (size_t k = 0; k < i; k++) {
    if (nz_is_p(n, k, '|'))
      cells = 1;
    else if ((cells || k == 0) && nz_is_num(n, k) && nz_ndig(n, k) <= 3 &&
             (nz_is_p(n, k + 1, '|') || nz_is_p(n, k + 1, ',')))
      continue;
    else if (k > 0 && nz_is_p(n, k, ',') && nz_is_num(n, k - 1) && k + 1 == i)
      continue; /* "1, 5/10, Bà ..." (a table row as the cleaner writes it) */
    else if (cells || n->t[k].kind != TK_PUNCT || !(nz_is_dash(n, k) || nz_is_p(n, k, '+') ||
                                                    nz_is_p(n, k, '*') || nz_is_p(n, k, 0x2022)))
      return 0;
  }
  return 1;
}

/* What follows a d/m at J names a day: a weekday ("(thứ Hai)", ", Chủ nhật",
 * "thứ 2"), "âm lịch", "ÂL", "hằng năm", "năm 2025". */
static int day_follows(const nz *n, size_t j)
{
  size_t k = j;
  while (k < n->nt && (nz_is_p(n, k, '(') || nz_is_p(n, k, ',') || nz_is_dash(n, k)))
    k++;
  if ((nz_word_is(n, k, "thứ") && word_in(n, k + 1, wl(n, "weekday"))) ||
      (nz_word_is(n, k, "chủ") && nz_word_is(n, k + 1, "nhật")))
    return 1;
  if (nz_word_is(n, k, "thứ") && val_ok(n, k + 1, 1, 2, 7))
    return 1;
  /* "5/10 lúc 7h30", "5/10, 14h00": a day and its hour */
  if (((nz_word_is(n, k, "lúc") || nz_word_is(n, k, "hồi")) && nz_is_num(n, k + 1)) ||
      (val_ok(n, k, 2, 0, 24) && nz_glued(n, k + 1) &&
       (nz_word_is(n, k + 1, "h") || (nz_is_p(n, k + 1, ':') && nz_is_num(n, k + 2)))))
    return 1;
  if (nz_word_is(n, j, "âl") || (nz_word_is(n, j, "âm") && nz_word_is(n, j + 1, "lịch")))
    return 1;
  if ((nz_word_is(n, j, "hằng") || nz_word_is(n, j, "hàng")) && nz_word_is(n, j + 1, "năm"))
    return 1;
  static const char *const year[] = {"nay", "tới", "sau", "ngoái", "trước", NULL};
  return nz_word_is(n, j, "năm") &&
         ((nz_is_num(n, j + 1) && nz_ndig(n, j + 1) == 4) || word_in(n, j + 1, year));
}

/* An hour just before token I ("lúc 7h30 5/10", "8 giờ, 6/10", "14:00, 6/10"). */
static int hour_before(const nz *n, size_t i)
{
  size_t k = i > 0 && nz_is_p(n, i - 1, ',') ? i - 1 : i;
  if (k >= 2 && nz_is_num(n, k - 2) && (nz_word_is(n, k - 1, "giờ") || nz_word_is(n, k - 1, "phút") ||
                                        (nz_word_is(n, k - 1, "h") && nz_glued(n, k - 1))))
    return 1;
  return k >= 3 && nz_is_num(n, k - 1) && nz_glued(n, k - 1) && nz_is_num(n, k - 3) &&
         ((nz_word_is(n, k - 2, "h") && nz_glued(n, k - 2)) || is_sep(n, k - 2, ':'));
}

/* A d/m read as a date without a date word before it: a day after a month
 * is no count ("29/9": 29 of 9), a table row or list item led by it, a
 * weekday after it. Not after an address or class word (số 25/7, lớp 5/3). */
static int lone_day(const nz *n, size_t i, size_t j)
{
  if (!is_sep(n, i + 1, '/') || prev_in(n, i, wl(n, "not-date")))
    return 0;
  if (day_follows(n, j))
    return 1;
  if (counted_after(n, j))
    return 0;
  if (hour_before(n, i))
    return 1;
  /* "01/10": a ratio is never written with a leading zero; a day often is */
  if (nz_ndig(n, i) == 2 && nz_text(n, i)[0] == '0')
    return 1;
  /* "6/10 - 10/10: ...": a range of days */
  if (nz_is_dash(n, j) && dm_at(n, j + 1))
    return !counted_after(n, j + 4);
  /* "trực 24/7": round the clock */
  if (nz_val(n, i) > nz_val(n, i + 2) && !(nz_val(n, i) == 24 && nz_val(n, i + 2) == 7))
    return 1;
  /* what a schedule says after the day: "5/10 trực ban", "5/10 Ông Hùng" */
  return row_start(n, i) && (j >= n->nt || nz_is_p(n, j, '|') || nz_is_p(n, j, ':') ||
                             nz_is_p(n, j, ',') || word_in(n, j, wl(n, "schedule")));
}

/* "sáng nay (16/10)", "hôm qua (15/10)": a day in brackets after nay, mai, qua. */
static int bracketed_today(const nz *n, size_t i)
{
  return i >= 2 && nz_is_p(n, i - 1, '(') &&
         (nz_word_is(n, i - 2, "nay") || nz_word_is(n, i - 2, "mai") || nz_word_is(n, i - 2, "qua"));
}

/* The d/m at I, ending at J, is in a place where a date is expected. */
static int date_context(nz *n, size_t i, size_t j, int *add_ngay)
{
  *add_ngay = 0;
  /* a street named after a day: "đường 30/4", "phố 3/2", "Quảng trường 19/8" */
  if (is_sep(n, i + 1, '/') && prev_in(n, i, wl(n, "street")))
    return !counted_after(n, j);
  if (nz_prev_word_is(n, i, "ngày") || nz_prev_word_is(n, i, "mùng") ||
      nz_prev_word_is(n, i, "mồng"))
    return 1;
  for (int w = 0; date_words[w]; w++)
    if (nz_prev_word_is(n, i, date_words[w])) {
      *add_ngay = 1;
      return 1;
    }
  /* "sáng mai 6/6", "chiều nay 12/5", "hôm qua 7/3" */
  static const char *const rel[] = {"nay", "mai", "qua", "kia", NULL};
  if (i > 0 && prev_in(n, i, rel))
    for (int w = 0; date_words[w]; w++)
      if (nz_prev_word_is(n, i - 1, date_words[w])) {
        *add_ngay = 1;
        return 1;
      }
  /* "từ 25/6 đến 10/7", "từ 20/11 đến nay": a range from a day */
  size_t to = j + (nz_word_is(n, j + 1, "hết") || nz_word_is(n, j + 1, "ngày"));
  if (nz_prev_word_is(n, i, "từ") &&
      (nz_word_is(n, j, "đến") || nz_word_is(n, j, "tới") || nz_is_dash(n, j)) &&
      (dm_at(n, to + 1) || date_full(n, to + 1, 0) || nz_word_is(n, to + 1, "nay"))) {
    *add_ngay = 1;
    return 1;
  }
  for (int w = 0; day_naming_words[w]; w++)
    if (nz_prev_word_is(n, i, day_naming_words[w]) && !counted_after(n, j)) {
      *add_ngay = 1;
      return 1;
    }
  if (weekday_before(n, i)) {
    *add_ngay = 1;
    return 1;
  }
  /* "ngày 1 và 2/9", "từ ngày 20 - 25/9": the day before was a date */
  size_t k = i;
  while (k > 0 && n->t[k - 1].kind == TK_PUNCT && (n->t[k - 1].cp == ',' || nz_is_dash(n, k - 1)))
    k--;
  if (k > 0 && (nz_word_is(n, k - 1, "và") || nz_word_is(n, k - 1, "đến") ||
                nz_word_is(n, k - 1, "tới") || nz_word_is(n, k - 1, "hoặc")))
    k--;
  if (k < i && k > 0 && nz_is_num(n, k - 1) && val_ok(n, k - 1, 2, 1, 31) &&
      (nz_prev_word_is(n, k - 1, "ngày") || nz_prev_word_is(n, k - 1, "mùng")))
    return 1;
  return n->datelist;
}

/* "Quốc khánh 2/9", "Ngày Chuyển đổi số quốc gia 10/10": a d/m that ends a
 * phrase naming a day (not followed by a counted noun). */
static int names_a_day(const nz *n, size_t i)
{
  size_t lo = i > 8 ? i - 8 : 0;
  for (size_t k = lo; k < i; k++)
    if (nz_word_is(n, k, "ngày") || nz_word_is(n, k, "lễ") || nz_word_is(n, k, "tết") ||
        (nz_word_is(n, k, "khánh") && nz_prev_word_is(n, k, "quốc")))
      return 1;
  return 0;
}

/* "hằng tháng", "hàng tháng", "mỗi tháng", "các tháng", "trong tháng" at J:
 * the days before it are days of any month. */
static int month_recurs(const nz *n, size_t j)
{
  static const char *const each[] = {"hằng", "hàng", "mỗi", "các", "trong", NULL};
  return word_in(n, j, each) && nz_word_is(n, j + 1, "tháng");
}

/* d/m and d-m (and the day range d-d/m[/yyyy]) where a date is expected. */
static size_t date_short(nz *n, size_t i, int force)
{
  if (!val_ok(n, i, 2, 1, 31))
    return 0;
  size_t d2 = 0, m, j;
  /* day range 10-15/9 */
  if (is_sep(n, i + 1, '-') && val_ok(n, i + 2, 2, 1, 31) && is_sep(n, i + 3, '/') &&
      val_ok(n, i + 4, 2, 1, 12) && nz_val(n, i + 2) > nz_val(n, i)) {
    d2 = i + 2;
    m = i + 4;
  } else if ((is_sep(n, i + 1, '/') || is_sep(n, i + 1, '-')) && val_ok(n, i + 2, 2, 1, 12)) {
    m = i + 2;
  } else {
    return 0;
  }
  j = m + 1;
  if (!d2 && is_sep(n, i + 1, '-') && month_recurs(n, j))
    return 0; /* "ngày 5-10 hằng tháng": days of every month, not 5 October */
  size_t y = 0;
  if (d2 && is_sep(n, j, '/') && nz_is_num(n, j + 1) && nz_ndig(n, j + 1) == 4) {
    y = j + 1;
    j += 2;
  }
  /* 20/11-25/11/2024: a glued dash before another date ends this one */
  int to_date = nz_is_p(n, j, '-') && (dm_at(n, j + 1) || date_full(n, j + 1, 0));
  if (j < n->nt && !n->t[j].sp && !to_date &&
      (nz_is_num(n, j) || nz_is_word(n, j) ||
       ((nz_is_p(n, j, '/') || nz_is_p(n, j, '-') || nz_is_p(n, j, '.')) && nz_glued(n, j + 1) &&
        (nz_is_num(n, j + 1) || nz_is_word(n, j + 1)))))
    return 0;
  int add = 0;
  int ok = force || date_context(n, i, j, &add) || y;
  if (!ok && nz_is_dash(n, j) && nz_is_num(n, j + 1) && date_full(n, j + 1, 0))
    ok = add = 1; /* từ 20/11 - 25/11/2024 */
  if (!ok && (!nz_is_word(n, j) || nz_word_is(n, j, "âl") || nz_word_is(n, j, "âm")) &&
      names_a_day(n, i))
    ok = 1;
  if (!ok && (bracketed_today(n, i) || lone_day(n, i, j)))
    ok = add = 1;
  if (!ok)
    return 0;
  if (add || y)
    date_prefix(n, i);
  nz_cardinal(n, nz_val(n, i));
  if (d2) {
    nz_emits(n, "đến");
    nz_cardinal(n, nz_val(n, d2));
  }
  nz_emits(n, "tháng");
  month(n, nz_val(n, m));
  if (y) {
    nz_emits(n, "năm");
    nz_cardinal(n, nz_val(n, y));
  }
  n->datelist = 1;
  return j - i;
}

/* A day glued by a comma to the date that follows, after ngày: "ngày
 * 10,11/12/2024" (not the decimal 10,11). */
static int days_then_date(nz *n, size_t k)
{
  if (!val_ok(n, k, 2, 1, 31))
    return 0;
  if ((is_sep(n, k + 1, '/') && val_ok(n, k + 2, 2, 1, 12)) || date_full(n, k, 0))
    return 1;
  return is_sep(n, k + 1, ',') && days_then_date(n, k + 2);
}

static size_t day_before_date(nz *n, size_t i)
{
  if (!val_ok(n, i, 2, 1, 31) || !is_sep(n, i + 1, ',') || !days_then_date(n, i + 2))
    return 0;
  if (!nz_prev_word_is(n, i, "ngày") && !nz_prev_word_is(n, i, "mùng") &&
      !nz_prev_word_is(n, i, "mồng") && !in_day_list(n, i))
    return 0;
  nz_cardinal(n, nz_val(n, i));
  nz_pause(n, PAUSE_COMMA);
  return 2;
}

/* m/yyyy: "tháng 9/2020", "08/2020", "quý 2/2024". */

static size_t month_year(nz *n, size_t i)
{
  int after_thang = nz_prev_word_is(n, i, "tháng");
  /* tuần 40/2025: a period's count may pass 12 */
  if (!val_ok(n, i, 2, 1, prev_in(n, i, wl(n, "period")) ? 99 : 12) || i + 2 >= n->nt)
    return 0;
  uint32_t sep = n->t[i + 1].cp;
  if (n->t[i + 1].kind != TK_PUNCT || !(sep == '/' || (after_thang && (sep == '-' || sep == '.'))))
    return 0;
  if (!is_sep(n, i + 1, sep) || !val_ok(n, i + 2, 4, 1900, 2199) || nz_ndig(n, i + 2) != 4)
    return 0;
  /* a map scale: tỷ lệ 1/2000 */
  if (nz_prev_word_is(n, i, "tỷ lệ") || nz_prev_word_is(n, i, "tỉ lệ") ||
      nz_prev_word_is(n, i, "tỷ lệ bản đồ"))
    return 0;
  size_t j = i + 3;
  if (j < n->nt && !n->t[j].sp &&
      (nz_is_num(n, j) || nz_is_word(n, j) ||
       ((nz_is_p(n, j, '/') || nz_is_dash(n, j)) && nz_glued(n, j + 1) &&
        (nz_is_num(n, j + 1) || nz_is_word(n, j + 1)))))
    return 0;
  static const char *const thang[] = {"tháng", NULL};
  /* quý 2/2024, đợt 2/2025, kỳ 1/2025: the count of a period, not a month */
  if (prev_in(n, i, wl(n, "period")) || (nz_prev_word_is(n, i, "q") && nz_glued(n, i))) {
    nz_count(n, i);
  } else {
    /* tháng 9, 10/2024 says tháng once; tháng 5-7/2024 says it twice */
    if (!after_thang && (nz_is_dash(n, i - 1) || !in_list_after(n, i, 12, thang)))
      nz_emits(n, "tháng");
    month(n, nz_val(n, i));
  }
  nz_emits(n, "năm");
  nz_cardinal(n, nz_val(n, i + 2));
  return j - i;
}

/* -------------------------------------------------------------- times */

/* "7g" alone is giờ only after lúc or before sáng, chiều...: else 7 gam. */
static int g_is_hour(const nz *n, size_t i, size_t j)
{
  static const char *const part[] = {"sáng", "trưa", "chiều", "tối", "đêm", "ngày", NULL};
  if (nz_prev_word_is(n, i, "lúc") || nz_prev_word_is(n, i, "vào lúc"))
    return 1;
  for (int k = 0; part[k]; k++)
    if (nz_word_is(n, j, part[k]) && n->t[j].sp)
      return 1;
  return 0;
}

/* The minutes after a written "giờ": "7 giờ 00" is bảy giờ, "14 giờ 05"
 * mười bốn giờ năm phút. Returns tokens used, 0 if not minutes. */
static size_t minutes_after_gio(nz *n, size_t i)
{
  if (!nz_prev_word_is(n, i, "giờ") || nz_ndig(n, i) != 2 || !val_ok(n, i, 2, 0, 59))
    return 0;
  if (nz_glued(n, i + 1) && (n->t[i + 1].kind != TK_PUNCT || nz_is_num(n, i + 2)))
    return 0;
  uint64_t mi = nz_val(n, i);
  int phut = nz_word_is(n, i + 1, "phút");
  if (mi == 0)
    return phut ? 2 : 1;
  if (nz_text(n, i)[0] != '0')
    return 0;
  nz_cardinal(n, mi);
  if (!phut)
    nz_emits(n, "phút");
  return 1;
}

static size_t time_of_day(nz *n, size_t i)
{
  if (!val_ok(n, i, 2, 0, 24))
    return 0;
  uint64_t h = nz_val(n, i);
  size_t j = i + 1;
  /* 5h30', 17h30, 14h, 7h00, 14g30, lúc 7g sáng */
  if (nz_is_word(n, j) && nz_glued(n, j) && (nz_word_is(n, j, "h") || nz_word_is(n, j, "g"))) {
    int g = nz_word_is(n, j, "g");
    j++;
    long mi = -1;
    if (nz_is_num(n, j) && nz_glued(n, j)) {
      if (!val_ok(n, j, 2, 0, 59))
        return 0;
      mi = (long)nz_val(n, j);
      j++;
    } else if (g && !g_is_hour(n, i, j)) {
      return 0;
    }
    int phut = 0;
    if (j < n->nt && nz_glued(n, j) &&
        (nz_is_p(n, j, '\'') || nz_is_p(n, j, 0x2019) || nz_is_p(n, j, 0x2032) ||
         nz_word_is(n, j, "p") || nz_word_is(n, j, "ph") || nz_word_is(n, j, "phút"))) {
      phut = 1;
      j++;
    }
    if (j < n->nt && nz_glued(n, j) && (nz_is_word(n, j) || nz_is_num(n, j)))
      return 0;
    nz_cardinal(n, h);
    nz_emits(n, "giờ");
    if (mi > 0) {
      nz_cardinal(n, (uint64_t)mi);
      if (phut || mi < 10)
        nz_emits(n, "phút");
    }
    return j - i;
  }
  /* 19:30, 19:30:15 */
  if (is_sep(n, j, ':') && nz_is_num(n, j + 1)) {
    if (!val_ok(n, j + 1, 2, 0, 59) || nz_ndig(n, j + 1) != 2)
      return 0;
    uint64_t mi = nz_val(n, j + 1);
    j += 2;
    long sec = -1;
    if (is_sep(n, j, ':') && val_ok(n, j + 1, 2, 0, 60) && nz_ndig(n, j + 1) == 2) {
      sec = (long)nz_val(n, j + 1);
      j += 2;
    }
    nz_cardinal(n, h);
    nz_emits(n, "giờ");
    if (mi || sec > 0) {
      nz_cardinal(n, mi);
      if (sec > 0 || mi < 10)
        nz_emits(n, "phút");
    }
    if (sec > 0) {
      nz_cardinal(n, (uint64_t)sec);
      nz_emits(n, "giây");
    }
    if (nz_word_is(n, j, "giờ") || nz_word_is(n, j, "h"))
      j++;
    return j - i;
  }
  /* 7.30 sáng */
  if (is_sep(n, j, '.') && nz_is_num(n, j + 1) && nz_ndig(n, j + 1) == 2 &&
      val_ok(n, j + 1, 2, 0, 59) && !nz_glued(n, j + 2) &&
      (nz_word_is(n, j + 2, "sáng") || nz_word_is(n, j + 2, "chiều") ||
       nz_word_is(n, j + 2, "tối") || nz_word_is(n, j + 2, "trưa") || nz_word_is(n, j + 2, "đêm"))) {
    uint64_t mi = nz_val(n, j + 1);
    nz_cardinal(n, h);
    nz_emits(n, "giờ");
    if (mi) {
      nz_cardinal(n, mi);
      if (mi < 10)
        nz_emits(n, "phút");
    }
    return j + 2 - i;
  }
  return 0;
}

/* 30' (minutes), 45'' or 45″ (seconds) after a plain number */
/* The hemisphere letter glued after the minutes of a coordinate
 * ("20°15'N", "105°30'E"), as a unit of °N and °E reads it; NULL if none. */
static const char *compass(const nz *n, size_t e)
{
  static const char *const dir[][2] = {
    {"N", "vĩ bắc"}, {"S", "vĩ nam"}, {"E", "kinh đông"}, {"W", "kinh tây"}};
  if (!nz_is_word(n, e) || !nz_glued(n, e) || n->t[e].nch != 1 || !n->t[e].ascii ||
      (nz_glued(n, e + 1) && !nz_is_p(n, e + 1, ',') && !nz_is_p(n, e + 1, ';') &&
       !nz_is_p(n, e + 1, '.') && !nz_is_p(n, e + 1, ')')) ||
      e < 3 || !nz_is_p(n, e - 3, 0x00B0))
    return NULL;
  for (size_t k = 0; k < sizeof dir / sizeof dir[0]; k++)
    if (nz_text(n, e)[0] == dir[k][0][0])
      return dir[k][1];
  return NULL;
}

/* "17,5N", "112.3E": a decimal position with its hemisphere letter glued;
 * the reading of °N, °E... or NULL. */
static const char *hemisphere(const nz *n, size_t e)
{
  static const char *const dir[][2] = {
    {"N", "độ vĩ bắc"}, {"S", "độ vĩ nam"}, {"E", "độ kinh đông"}, {"W", "độ kinh tây"}};
  if (!nz_is_word(n, e) || !nz_glued(n, e) || n->t[e].nch != 1 || !n->t[e].ascii ||
      (nz_glued(n, e + 1) && (nz_is_word(n, e + 1) || nz_is_num(n, e + 1))))
    return NULL;
  for (size_t k = 0; k < sizeof dir / sizeof dir[0]; k++)
    if (nz_text(n, e)[0] == dir[k][0][0])
      return dir[k][1];
  return NULL;
}

static size_t minutes_mark(nz *n, size_t i)
{
  size_t j = i + 1;
  if (!nz_glued(n, j) || nz_ndig(n, i) > 3)
    return 0;
  int prime = nz_is_p(n, j, '\'') || nz_is_p(n, j, 0x2032) || nz_is_p(n, j, 0x2019);
  int sec = nz_is_p(n, j, 0x2033) || (prime && nz_glued(n, j + 1) &&
                                      (nz_is_p(n, j + 1, '\'') || nz_is_p(n, j + 1, 0x2032)));
  if (!prime && !sec)
    return 0;
  size_t e = j + 1 + (sec && prime);
  const char *dir = compass(n, e);
  if (!dir && e < n->nt && nz_glued(n, e) && (nz_is_word(n, e) || nz_is_num(n, e)))
    return 0;
  nz_count(n, i);
  nz_emits(n, sec ? "giây" : "phút");
  if (dir)
    nz_emits(n, dir);
  return e - i + (dir != NULL);
}

/* ---------------------------------------------------- document numbers */

static int code_part_ok(const nz *n, size_t k)
{
  if (!nz_is_word(n, k))
    return 0;
  const tok *t = &n->t[k];
  if (t->cas == CASE_UPPER)
    return t->nch >= 1 && !(t->nch == 1 && nz_glued(n, k + 1) && nz_is_num(n, k + 1));
  if (t->cas == CASE_MIXED || t->cas == CASE_TITLE)
    return loa_lexicon_abbr(n->lex, nz_text(n, k), t->e - t->s, NULL) != NULL;
  return 0;
}

/* Extent of a code part at K ("QĐ", "GD&ĐT"): the token after it. */
static size_t code_part_end(const nz *n, size_t k)
{
  size_t e = k + 1;
  while (nz_is_p(n, e, '&') && nz_glued(n, e) && nz_glued(n, e + 1) && nz_is_word(n, e + 1))
    e += 2;
  return e;
}

/* "Quy định 144-QĐ/TW", "Hướng dẫn số 05-HD/BTG": the first code part names
 * the kind of document the text just named (QĐ is quy định here, not
 * quyết định): those words are read again. Returns 1 if so. */
static int doc_kind_said(nz *n, size_t i, size_t a, size_t b)
{
  size_t end = nz_prev_word_is(n, i, "số") ? i - 1 : i;
  size_t letters = 0;
  if (b != a + 1)
    return 0;
  for (size_t q = n->t[a].s; q < n->t[a].e; q++)
    letters += ((unsigned char)n->line[q] & 0xC0) != 0x80;
  if (letters < 2 || end < letters || !nz_initials_match(n, a, b, end))
    return 0;
  for (size_t k = end - letters; k < end; k++)
    if (!nz_is_word(n, k) || n->t[k].cas == CASE_UPPER || n->t[k].cas == CASE_MIXED ||
        !nz_syllable(n, nz_low(n, k), n->t[k].lowlen))
      return 0;
  for (size_t k = end - letters; k < end; k++)
    nz_emit(n, nz_low(n, k), n->t[k].lowlen);
  return 1;
}

/* NUMBER/CODE-CODE: "1829/QĐ-UBND", "06-NQ/TU", "42/2022/NĐ-CP",
 * "1829/QĐ – UBND", "85/KH- UBND", "1829 /QĐ-UBND". */
static size_t doc_number(nz *n, size_t i)
{
  size_t j = i + 1, year = 0;
  if (j >= n->nt)
    return 0;
  /* QNa-90123-TS is a registration, read by quantity, not a document */
  if (i > 1 && nz_glued(n, i) && nz_is_dash(n, i - 1) && nz_glued(n, i - 1) &&
      nz_is_word(n, i - 2) && n->t[i - 2].cas != CASE_LOWER)
    return 0;
  if (nz_is_p(n, j, '/')) {
    j++;
  } else if (nz_is_p(n, j, '-') && nz_glued(n, j) && nz_glued(n, j + 1)) {
    j++;
  } else {
    return 0;
  }
  if (nz_is_num(n, j) && nz_glued(n, j) && nz_ndig(n, j) == 4 && nz_is_p(n, j + 1, '/') &&
      nz_glued(n, j + 1)) {
    year = j;
    j += 2;
  }
  if (!code_part_ok(n, j))
    return 0;
  if (n->t[j].sp && !nz_is_p(n, i + 1, '/'))
    return 0;
  size_t parts[16];
  size_t ends[16];
  int np = 0;
  size_t k = j;
  for (;;) {
    parts[np] = k;
    ends[np] = code_part_end(n, k);
    np++;
    size_t s = ends[np - 1];
    if (np == 16 || s >= n->nt)
      break;
    if (!(nz_is_p(n, s, '/') || nz_is_dash(n, s)))
      break;
    if (!code_part_ok(n, s + 1))
      break;
    k = s + 1;
  }
  nz_count(n, i);
  if (year) {
    nz_emits(n, "năm");
    nz_cardinal(n, nz_val(n, year));
  }
  for (int p = 0; p < np; p++)
    if (p || !doc_kind_said(n, i, parts[0], ends[0]))
      nz_code_part(n, parts[p], ends[p]);
  return ends[np - 1] - i;
}

/* --------------------------------------------- sections and versions */

static int scale_word_at(const nz *n, size_t i)
{
  if (!nz_is_word(n, i) || n->t[i].cas != CASE_LOWER || nz_word_is(n, i + 1, "lệ"))
    return 0;
  return nz_word_is(n, i, "triệu") || nz_word_is(n, i, "tỷ") || nz_word_is(n, i, "tỉ") ||
         nz_word_is(n, i, "nghìn") || nz_word_is(n, i, "ngàn") || nz_word_is(n, i, "đồng");
}

/* A measure word written in lower case at token I (12.5 tạ, 2.5 lít): list "measure". */
static int measure_word_at(const nz *n, size_t i)
{
  return i < n->nt && n->t[i].kind == TK_WORD && n->t[i].cas == CASE_LOWER &&
         word_in(n, i, wl(n, "measure"));
}

/* The dotted number at I is a measure (12.5 tạ), not a section number (mục 2.3 tấn công). */
static int decimal_before_measure(const nz *n, size_t i, size_t after)
{
  return measure_word_at(n, after) && !prev_in(n, i, wl(n, "section"));
}

/* "2.1.1.", "4.0", "1.10"; an English decimal point before %, a unit, a
 * scale word or a measure word is read as phẩy and reported. */
static size_t dotted(nz *n, size_t i)
{
  size_t j = i + 1;
  int parts = 1;
  while (is_sep(n, j, '.') && nz_is_num(n, j + 1)) {
    j += 2;
    parts++;
  }
  if (parts < 2)
    return 0;
  numeral g;
  parse_numeral(n, i, &g);
  if (g.grouped || g.eng)
    return 0;
  size_t after = j;
  int decimal = 0;
  if (parts == 2) {
    size_t uu;
    int unit = unit_find(n, after, &uu) != NULL;
    decimal = nz_is_p(n, after, '%') || unit || scale_word_at(n, after) ||
              hemisphere(n, after) || decimal_before_measure(n, i, after);
  }
  if (decimal) {
    nz_count(n, i);
    nz_emits(n, "phẩy");
    if (loa_num_fraction(nz_text(n, i + 2), (size_t)nz_ndig(n, i + 2), n->south, n->nb,
                         sizeof n->nb) > 0)
      nz_emits(n, n->nb);
    nz_report(n, i, j, "dot read as a decimal mark");
    size_t used;
    const char *h = hemisphere(n, j);
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
      nz_emits(n, "chấm");
    const char *d = nz_text(n, k);
    int nd = nz_ndig(n, k);
    if (nd > 1 && d[0] == '0')
      nz_digits(n, d, (size_t)nd);
    else
      nz_count(n, k);
  }
  return j - i;
}

/* ------------------------------------------------------- quantities */

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
      !scale_word_at(n, j) && !nz_word_is(n, j, "đồng") && !unit_find(n, j, &uu)) {
    nz_digits(n, nz_text(n, i), (size_t)nz_ndig(n, i));
    return j - i;
  }
  int dashed = i > 1 && nz_glued(n, i) && nz_is_dash(n, i - 1) && nz_glued(n, i - 1) &&
               nz_is_word(n, i - 2) &&
               (n->t[i - 2].cas == CASE_UPPER || n->t[i - 2].cas == CASE_MIXED);
  int coded = dashed || (i > 0 && nz_glued(n, i) && nz_is_word(n, i - 1));
  int serial = dashed && n->t[i - 2].nch >= 2 && nz_ndig(n, i) >= 4 &&
               !(x->ival >= 1900 && x->ival <= 2100);
  if (!coded || nz_ndig(n, i) < 2 || !(nz_text(n, i)[0] == '0' || serial) ||
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
  if (!is_sep(n, j, '/') || x->frac || x->grouped || y->frac || y->grouped ||
      nz_ndig(n, j - 1) != 4 || x->ival < 1900 || x->ival > 2199 || counted_after(n, y->end))
    return 0;
  if (nz_ndig(n, j + 1) == 4)
    return y->ival > x->ival && y->ival - x->ival <= 10;
  return nz_ndig(n, j + 1) == 2 && y->ival == (x->ival + 1) % 100;
}

/* A number with its suffix (%, unit), then a ratio a/b. Returns tokens used. */
static size_t quantity(nz *n, size_t i, numeral *x)
{
  parse_numeral(n, i, x);
  size_t j = x->end;
  int plain = !x->frac && !x->grouped && !x->eng && !x->lead0;
  size_t r = code_digits(n, i, x, plain);
  if (r)
    return r;
  static const char *const thu[] = {"thứ", NULL};
  /* "thứ 2, 4, 6": every item of the list is an ordinal (thứ hai, tư, sáu) */
  if (plain && x->ival <= 1000 && (nz_prev_word_is(n, i, "thứ") || in_list_after(n, i, 1000, thu))) {
    if (loa_num_ordinal(x->ival, n->south, n->nb, sizeof n->nb) > 0)
      nz_emits(n, n->nb);
  } else if (plain && nz_prev_word_is(n, i, "tháng") && x->ival >= 1 && x->ival <= 12) {
    month(n, x->ival);
  } else {
    read_numeral(n, i, x);
  }
  /* ratio a/b (and a/b/c, reported), 1:500 */
  if ((is_sep(n, j, '/') || is_sep(n, j, ':')) && nz_is_num(n, j + 1)) {
    numeral y;
    parse_numeral(n, j + 1, &y);
    nz_emits(n, years_slash(n, x, &y, j) ? "đến" : "trên");
    read_numeral(n, j + 1, &y);
    size_t e = y.end;
    if (is_sep(n, e, '/') && nz_is_num(n, e + 1)) {
      numeral z;
      parse_numeral(n, e + 1, &z);
      nz_emits(n, "trên");
      read_numeral(n, e + 1, &z);
      if (!prev_in(n, i, wl(n, "lane"))) /* ngõ 168/25/3 is an address */
        nz_report(n, i, z.end, "ambiguous slash, read as a ratio");
      e = z.end;
    }
    else if (!nz_is_word(n, e) && !x->frac && !y.frac && !x->grouped && !y.grouped &&
             !prev_in(n, i, wl(n, "not-date")) && !nz_prev_word_is(n, i, "trang") &&
             !(x->ival == 24 && y.ival == 7) &&
             x->ival >= 1 && x->ival <= 31 && y.ival >= 1 && y.ival <= 12 && x->ndig <= 2)
      nz_report(n, i, e, "ambiguous slash, read as a ratio (could be a date)");
    j = e;
  }
  if (nz_is_p(n, j, '%') || nz_is_p(n, j, 0xFF05)) {
    nz_emits(n, "phần trăm");
    return j + 1 - i;
  }
  if (nz_is_p(n, j, 0x2030)) {
    nz_emits(n, n->south ? "phần ngàn" : "phần nghìn");
    return j + 1 - i;
  }
  const char *h = x->frac ? hemisphere(n, j) : NULL;
  if (h) { /* 17,5N */
    nz_emits(n, h);
    return j + 1 - i;
  }
  size_t used;
  if (nz_unit_at(n, j, &used))
    j += used;
  return j - i;
}

/* ------------------------------------------------------------ driver */

/* Number groups glued by dashes where one after the first starts with 0 and
 * has three digits or more ("250915-0012", "2024-0015"): a code, read digit by
 * digit; as a range the zeros would be dropped and the groups run together. */
static size_t dashed_code(nz *n, size_t i)
{
  size_t j = i;
  int zero = 0;
  while (is_sep(n, j + 1, '-') && nz_glued(n, j + 2) && nz_is_num(n, j + 2)) {
    j += 2;
    zero |= nz_text(n, j)[0] == '0' && nz_ndig(n, j) >= 3;
  }
  int glued_on = j + 1 < n->nt && !n->t[j + 1].sp &&
                  (nz_is_word(n, j + 1) || nz_is_p(n, j + 1, '/'));
  if (j == i || !zero || glued_on)
    return 0;
  for (size_t k = i; k <= j; k += 2)
    nz_digits(n, nz_text(n, k), (size_t)nz_ndig(n, k));
  return j + 1 - i;
}

static size_t item(nz *n, size_t i, int *kind, numeral *x)
{
  size_t r;
  *kind = IT_OTHER;
  if ((r = iso_datetime(n, i))) {
    *kind = IT_DATE;
    return r;
  }
  if ((r = phone(n, i)))
    return r;
  if ((r = date_full(n, i, 1))) {
    *kind = IT_DATE;
    return r;
  }
  if ((r = time_of_day(n, i)) || (r = minutes_after_gio(n, i))) {
    *kind = IT_TIME;
    return r;
  }
  if ((r = doc_number(n, i)))
    return r;
  if ((r = month_year(n, i))) {
    *kind = IT_DATE;
    return r;
  }
  if ((r = date_short(n, i, 0)) || (r = day_before_date(n, i))) {
    *kind = IT_DATE;
    return r;
  }
  if ((r = dashed_code(n, i)) || (r = minutes_mark(n, i)))
    return r;
  if ((r = dotted(n, i)))
    return r;
  *kind = IT_QTY;
  return quantity(n, i, x);
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
  if (!is_sep(n, j, '/') || !(date_full(n, j + 1, 0) || dm_at(n, j + 1)))
    return 0;
  size_t r = date_full(n, j + 1, 1);
  if (!r) {
    date_prefix(n, j + 1);
    r = date_short(n, j + 1, 1);
  }
  return r ? 1 + r : 0;
}

/* "thứ 2-6": thứ hai đến thứ sáu (the first already read). */
static int weekday_range(nz *n, size_t i, const numeral *x, const numeral *y)
{
  if (!nz_prev_word_is(n, i, "thứ") || x->ival < 2 || y->ival > 7 || y->end != x->end + 2 ||
      loa_num_ordinal(y->ival, n->south, n->nb, sizeof n->nb) <= 0)
    return 0;
  nz_emits(n, "đến thứ");
  nz_emits(n, n->nb);
  return 1;
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
  /* a range: "2022 - 2025", "5-7 ngày", "7h-11h", "20/8 - 25/8/2024" */
  if (!nz_is_dash(n, j) || !nz_is_num(n, j + 1))
    return used;
  if (kind == IT_TIME) {
    size_t save = n->out.n;
    int sp = n->pause;
    nz_emits(n, "đến");
    size_t r = time_of_day(n, j + 1);
    if (r)
      return j + 1 + r - i;
    nz_unsay(n, save);
    n->pause = sp;
    return used;
  }
  if (kind == IT_DATE) {
    size_t save = n->out.n;
    int sp = n->pause;
    nz_emits(n, "đến");
    size_t r = date_full(n, j + 1, 1);
    if (!r)
      r = date_short(n, j + 1, 1);
    if (!r)
      r = month_year(n, j + 1);
    if (r)
      return j + 1 + r - i;
    nz_unsay(n, save);
    n->pause = sp;
    return used;
  }
  if (kind == IT_QTY) {
    numeral y;
    parse_numeral(n, j + 1, &y);
    if (x.lead0 || y.lead0 || x.eng || y.eng)
      return used;
    /* 36B1-234.56 is a code, 1-2-3 a sequence: no range */
    if (i > 0 && nz_glued(n, i) && nz_is_word(n, i - 1))
      return used;
    /* 17,5°N - 112,3°E is a position, not a range */
    if (j >= 2 && (nz_is_p(n, j - 2, 0x00B0) || (nz_is_num(n, j - 2) && x.frac)) &&
        nz_is_word(n, j - 1) && nz_glued(n, j - 1) && n->t[j - 1].nch == 1 &&
        (nz_word_is(n, j - 1, "n") || nz_word_is(n, j - 1, "s")))
      return used;
    if (nz_is_dash(n, y.end) && nz_glued(n, y.end) && nz_is_num(n, y.end + 1))
      return sequence(n, j) - i;
    int years = is_year(&x) && is_year(&y);
    if (!years && !(value_of(n, &y) > value_of(n, &x)))
      return used;
    /* "ngày 20 - 21/9/2024": a range of days; "số 12 - 20/9/2024" is not */
    if (date_full(n, j + 1, 0) &&
        !(val_ok(n, i, 2, 1, 31) && nz_val(n, j + 1) > x.ival &&
          (nz_prev_word_is(n, i, "ngày") || nz_prev_word_is(n, i, "mùng") ||
           nz_prev_word_is(n, i, "mồng"))))
      return used;
    if (weekday_range(n, i, &x, &y))
      return j + 2 - i;
    nz_emits(n, "đến");
    int k2;
    numeral z;
    size_t r = item(n, j + 1, &k2, &z);
    return j + 1 + r - i;
  }
  return used;
}

/* "+84 912 345 678", "+84912345678", "(+84) 229 3871 234", "+84.912.345.678":
 * cộng and the digits. Returns tokens used from the '+' at I, or 0. */
static size_t intl_phone(nz *n, size_t i)
{
  const char *d = nz_text(n, i + 1);
  if (nz_ndig(n, i + 1) < 2 || d[0] != '8' || d[1] != '4')
    return 0;
  size_t j = i + 1, last = j;
  int total = nz_ndig(n, j);
  j++;
  if (i > 0 && nz_is_p(n, i - 1, '(') && nz_is_p(n, j, ')') && nz_glued(n, j))
    j++;
  for (;;) {
    size_t g = 0;
    if ((is_sep(n, j, '.') || is_sep(n, j, '-')) && nz_is_num(n, j + 1))
      g = j + 1;
    else if (nz_is_num(n, j) && n->t[j].sp && total < 11)
      g = j;
    if (!g || nz_ndig(n, g) > 4 || nz_ndig(n, g) < (g == j && total < 4 ? 2 : 1) ||
        total + nz_ndig(n, g) > 13)
      break;
    total += nz_ndig(n, g);
    last = g;
    j = g + 1;
  }
  if (total < 10 || total > 13 || (nz_glued(n, last + 1) && nz_is_num(n, last + 1)))
    return 0;
  nz_emits(n, "cộng");
  for (size_t k = i + 1; k <= last; k++)
    if (nz_is_num(n, k))
      nz_digits(n, nz_text(n, k), (size_t)nz_ndig(n, k));
  return last + 1 - i;
}

/* '~' or '≈' before a number: đến between two numbers (5~10), else khoảng
 * (unless the text already says it: khoảng ~50). */
static size_t approx(nz *n, size_t i)
{
  if (i > 0 && nz_is_num(n, i - 1))
    nz_emits(n, "đến");
  else if (!nz_prev_word_is(n, i, "khoảng") && !nz_prev_word_is(n, i, "chừng") &&
           !nz_prev_word_is(n, i, "xấp xỉ") && !nz_prev_word_is(n, i, "tầm"))
    nz_emits(n, "khoảng");
  return 1 + nz_number(n, i + 1);
}

/* '-' before a number (âm), '+84' phones, '$100', '~50', '#1'. */
size_t nz_signed(nz *n, size_t i)
{
  const tok *t = &n->t[i];
  uint32_t cp = t->cp;
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
    nz_emits(n, "âm");
    return 1 + nz_number(n, i + 1);
  }
  if (cp == '+')
    return intl_phone(n, i);
  if (cp == '$' || cp == '#' || cp == 0x2116) {
    if (cp == '#' || cp == 0x2116)
      nz_emits(n, "số");
    size_t r = nz_number(n, i + 1);
    if (cp == '$')
      nz_emits(n, "đô la");
    return 1 + r;
  }
  return 0;
}
