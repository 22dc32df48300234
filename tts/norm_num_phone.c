/* norm_num_phone.c: numbers read digit by digit because they are dialled or
 * copied (docs/reading.md, "Phone numbers"): phone numbers and hotlines, service and emergency
 * numbers (gọi 113, 115 cấp cứu), account and identity numbers after their
 * name, and +84 numbers.
 */
#include "tts/norm_int.h"

#include <string.h>

/* The words just before token I (skipping ':' and '(') are a phrase of list L:
 * dial (a number to dial: điện thoại, hotline, zalo) or code (a code to copy:
 * số tài khoản, CCCD, mã số thuế; its spaced groups may be long). */
static int after_words(const nz *n, size_t i, nz_list_id l)
{
  size_t k = i;
  for (int q = 0; q < 4 && k > 0; q++) {
    while (k > 0 && n->t[k - 1].kind == TK_PUNCT && (n->t[k - 1].cp == ':' || n->t[k - 1].cp == '('))
      k--;
    if (nz_after_list(n, k, l))
      return 1;
    /* "CMND số 173456789", "tài khoản số: 0123", "số CCCD là 0381...": the words
     * between the name of a number and the number (list id-filler) */
    int w = nz_after_list(n, k, NL_ID_FILLER);
    if (!w)
      return 0;
    k -= (size_t)w;
  }
  return 0;
}

enum { PH_NONE = 0, PH_DIAL = 1, PH_CODE = 2 };

/* A name of a code (list code) a few words before token I, in the same clause: "mã số
 * thuế hộ kinh doanh: 2801 234 567", "số tài khoản của UBND xã 3500...". Only a long
 * number (nine digits or more) is taken so far from its name. */
static int code_named_before(const nz *n, size_t i)
{
  size_t k = i;
  while (k > 0 && nz_is_p(n, k - 1, ':'))
    k--;
  for (int words = 0; k > 0 && words < 6 && nz_is_word(n, k - 1); words++, k--)
    if (nz_after_list(n, k - 1, NL_CODE))
      return 1;
  return 0;
}

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
  if ((nz_is_sep(n, j, '.') || nz_is_sep(n, j, '-')) && nz_is_num(n, j + 1)) {
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
  size_t k = i;
  for (int q = 0; q < 3 && k > 0 && nz_at_list(n, k - 1, NL_REACH_FILLER); q++)
    k--;
  /* "thông báo số 113" names a document, "cảnh báo số 1" a level */
  if (k < i && nz_after_list(n, k, NL_NOT_REACH))
    return i;
  return k;
}

/* Nothing after token I counts it: the end, a mark, or a word of sos-then
 * ("1022 hoặc", "1022 để phản ánh"). */
static int not_counted(const nz *n, size_t i)
{
  return i + 1 >= n->nt || !nz_is_word(n, i + 1) || nz_at_list(n, i + 1, NL_SOS_THEN);
}

/* A short service number (3 or 4 digits from 1: 1022, 1080, 1900) after a
 * verb that dials it: "gọi 1022", "nhắn tin đến 1022", "liên hệ số 1055";
 * an SMS short code after gửi on a line about a text message. */
static int service_number(const nz *n, size_t i)
{
  int nd = nz_ndig(n, i);
  if (nd < 3 || nd > 5 || !not_counted(n, i))
    return 0;
  size_t k = reach_filler(n, i);
  /* "soạn tin BH gửi 8079", "nhắn tin theo cú pháp DK gửi 1022": an SMS short code */
  if (nz_after_list(n, k, NL_SEND))
    for (size_t q = 0; q + 1 < k; q++)
      if (nz_at_list(n, q, NL_SMS))
        return 1;
  return nd <= 4 && nz_text(n, i)[0] == '1' && nz_after_list(n, k, NL_CALL) &&
         !nz_after_list(n, k, NL_NOT_CALL);
}

/* Token I follows a number just read digit by digit, joined by a comma,
 * a dash, a slash or hoặc, và, hay: "0229.3.871.234 hoặc 1022", "113, 114". */
static int dial_list(const nz *n, size_t i)
{
  if (!n->dialed || n->dialed - 1 >= i || i - (n->dialed - 1) > 3 || !not_counted(n, i))
    return 0;
  for (size_t k = n->dialed - 1; k < i; k++)
    if (!(nz_is_p(n, k, ',') || nz_is_p(n, k, ';') || nz_is_p(n, k, '/') || nz_is_dash(n, k) ||
          nz_at_list(n, k, NL_DIAL_JOIN)))
      return 0;
  return 1;
}

/* The short numbers of the emergency and public services: 111 (child protection) to 116,
 * and the four digits from 10 (1022 the province's hotline, 1080, 1088). */
static int is_11x(const nz *n, size_t i)
{
  if (!nz_is_num(n, i))
    return 0;
  uint64_t v = nz_val(n, i);
  int nd = nz_ndig(n, i);
  return (nd == 3 && v >= 111 && v <= 116) || (nd == 4 && v >= 1000 && v <= 1099);
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
  if (nz_after_list(n, a, NL_SOS_CALL))
    return 1;
  /* "báo ngay cho 113", "liên hệ 113 hoặc 114": a number reached, not counted */
  if (nz_after_list(n, a, NL_SOS_REACH) &&
      (!nz_is_word(n, i + 1) || nz_at_list(n, i + 1, NL_SOS_THEN)))
    return 1;
  /* "Công an 113; Cứu hỏa 114; Cấp cứu 115" */
  size_t b = i;
  while (b > 0 && (nz_is_p(n, b - 1, ':') || nz_is_dash(n, b - 1)))
    b--;
  if (nz_after_list(n, b, NL_SOS_SERVICE) || nz_after_list(n, b, NL_SOS_BEFORE))
    return 1;
  size_t k = i + 1;
  while (k < n->nt && (nz_is_p(n, k, '(') || nz_is_p(n, k, ':') || nz_is_dash(n, k)))
    k++;
  if (nz_at_list(n, k, NL_SOS_SERVICE))
    return 1;
  for (k = i; k-- > 0;)
    if (is_11x(n, k) && k + 1 < i && emergency(n, k))
      return 1;
  return 0;
}

/* A phone number: a leading 0 and 9-11 digits, possibly grouped by dots,
 * hyphens or spaces; 1800/1900 hotlines; any digits after "điện thoại"; an
 * account or identity number after its name. */
size_t nz_phone(nz *n, size_t i)
{
  const char *s = nz_text(n, i);
  dialing d = {nz_ndig(n, i), s[0] == '0', PH_NONE, 0};
  d.ctx = after_words(n, i, NL_DIAL) ? PH_DIAL : after_words(n, i, NL_CODE) ? PH_CODE : 0;
  /* only a long number, or one in groups, may be that far from its name */
  int groups = nz_is_num(n, i + 1) || ((nz_is_sep(n, i + 1, '.') || nz_is_sep(n, i + 1, '-')) &&
                                       nz_is_num(n, i + 2));
  int far = !d.ctx && (d.total >= 9 || groups) && code_named_before(n, i);
  if (far)
    d.ctx = PH_CODE;
  if (i > 0 && nz_is_word(n, i - 1) && nz_glued(n, i))
    d.ctx = 0; /* ĐT506 is a road, not a number to dial */
  /* "tuyến ĐT 506": a short number after ĐT is a road too */
  if (d.ctx == PH_DIAL && !d.lead0 && d.total <= 4 && nz_after_list(n, i, NL_DIAL_ROAD) &&
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
  int sos = (d.total == 3 || d.total == 4) && j == i + 1 && emergency(n, i);
  /* "tài khoản còn 1.500.000 đồng" is an amount, not a code */
  int amount = !d.lead0 && j > i + 1 && nz_is_sep(n, i + 1, '.');
  for (size_t k = i + 2; amount && k < j; k += 2)
    if (nz_ndig(n, k) != 3 || !nz_is_p(n, k - 1, '.'))
      amount = 0;
  /* "CCCD 123.456.789.012": an identity number in groups of three is no amount */
  size_t uu;
  if (amount && d.ctx == PH_CODE && d.total >= 9 && !nz_at_list(n, j, NL_MONEY) &&
      !nz_at_list(n, j, NL_SCALE) && !nz_unit_find(n, j, &uu))
    amount = 0;
  int ok = (d.lead0 && d.total >= 9 && d.total <= 11) || (d.hot && (d.total == 8 || d.total == 10)) ||
           (d.ctx && d.total >= (far ? 9 : 3) && !amount) || sos;
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

/* "+84 912 345 678", "+84912345678", "(+84) 229 3871 234", "+84.912.345.678":
 * cộng and the digits. Returns tokens used from the '+' at I, or 0. */
size_t nz_intl_phone(nz *n, size_t i)
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
    if ((nz_is_sep(n, j, '.') || nz_is_sep(n, j, '-')) && nz_is_num(n, j + 1))
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
  nz_say_sign(n, '+');
  for (size_t k = i + 1; k <= last; k++)
    if (nz_is_num(n, k))
      nz_digits(n, nz_text(n, k), (size_t)nz_ndig(n, k));
  return last + 1 - i;
}
