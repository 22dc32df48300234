/* numbers.c: Vietnamese spoken numbers: cardinals up to 18 digits (the part
 * above a tỷ is read as a number before "tỷ": nghìn tỷ, triệu tỷ) with
 * linh/lẻ, mốt, tư, lăm and "không trăm" inside larger numbers; digits,
 * ordinals, months, decimals and Roman numerals (see numbers.h). The words
 * come from the caller's loa_num_words; this file holds only the rules.
 */
#include "tts/numbers.h"

#include <string.h>

typedef struct {
  const loa_num_words *w;
  char *out;
  size_t cap, n;
  int fail;
} wbuf;

static void put(wbuf *b, const char *w)
{
  size_t l = strlen(w);
  size_t need = b->n + (b->n ? 1 : 0) + l + 1;
  if (need > b->cap) {
    b->fail = 1;
    return;
  }
  if (b->n)
    b->out[b->n++] = ' ';
  memcpy(b->out + b->n, w, l);
  b->n += l;
  b->out[b->n] = 0;
}

static int done(wbuf *b)
{
  if (b->fail)
    return -1;
  if (b->cap)
    b->out[b->n] = 0;
  return (int)b->n;
}

/* Tens and units of a group; HUNDREDS: a hundreds word precedes (so a zero
 * tens digit takes linh/lẻ). */
static void tens_units(wbuf *b, unsigned t, unsigned u, int hundreds)
{
  const loa_num_words *w = b->w;
  if (t == 0) {
    if (u) {
      if (hundreds)
        put(b, w->zero_tens);
      put(b, w->digit[u]);
    }
    return;
  }
  if (t == 1) {
    put(b, w->ten);
    if (u == 5)
      put(b, w->five);
    else if (u)
      put(b, w->digit[u]);
    return;
  }
  put(b, w->digit[t]);
  put(b, w->tens);
  if (u == 1)
    put(b, w->one);
  else if (u == 4)
    put(b, w->four);
  else if (u == 5)
    put(b, w->five);
  else if (u)
    put(b, w->digit[u]);
}

/* One group of three digits; LEADING: the first group of the number (no
 * "không trăm" for an empty hundreds digit). */
static void group3(wbuf *b, unsigned g, int leading)
{
  unsigned h = g / 100, t = (g / 10) % 10, u = g % 10;
  if (h || !leading) {
    put(b, b->w->digit[h]);
    put(b, b->w->hundred);
  }
  tens_units(b, t, u, h || !leading);
}

/* Below a tỷ: triệu, nghìn and units groups; empty groups are skipped. */
static void below_ty(wbuf *b, uint64_t n, int leading)
{
  unsigned m = (unsigned)(n / 1000000), k = (unsigned)((n / 1000) % 1000), u = (unsigned)(n % 1000);
  if (m) {
    group3(b, m, leading);
    put(b, b->w->million);
    leading = 0;
  }
  if (k) {
    group3(b, k, leading);
    put(b, b->w->thousand);
    leading = 0;
  }
  if (u)
    group3(b, u, leading);
}

static void cardinal(wbuf *b, uint64_t n, int leading)
{
  if (n >= 1000000000ULL) {
    cardinal(b, n / 1000000000ULL, leading);
    put(b, b->w->billion);
    uint64_t rest = n % 1000000000ULL;
    if (rest)
      below_ty(b, rest, 0);
    return;
  }
  below_ty(b, n, leading);
}

int loa_num_cardinal(const loa_num_words *w, uint64_t n, char *out, size_t cap)
{
  wbuf b = {w, out, cap, 0, 0};
  if (cap)
    out[0] = 0;
  if (n == 0)
    put(&b, w->digit[0]);
  else
    cardinal(&b, n, 1);
  return done(&b);
}

int loa_num_digits(const loa_num_words *w, const char *d, size_t n, char *out, size_t cap)
{
  wbuf b = {w, out, cap, 0, 0};
  if (cap)
    out[0] = 0;
  for (size_t i = 0; i < n; i++)
    if (d[i] >= '0' && d[i] <= '9')
      put(&b, w->digit[d[i] - '0']);
  return done(&b);
}

int loa_num_ordinal(const loa_num_words *w, uint64_t n, char *out, size_t cap)
{
  wbuf b = {w, out, cap, 0, 0};
  if (cap)
    out[0] = 0;
  if (n == 1)
    put(&b, w->first);
  else if (n == 4)
    put(&b, w->four);
  else
    return loa_num_cardinal(w, n, out, cap);
  return done(&b);
}

int loa_num_month(const loa_num_words *w, unsigned m, char *out, size_t cap)
{
  if (m == 4) {
    wbuf b = {w, out, cap, 0, 0};
    put(&b, w->four);
    return done(&b);
  }
  return loa_num_cardinal(w, m, out, cap);
}

int loa_num_denominator(const loa_num_words *w, uint64_t n, char *out, size_t cap)
{
  if (n == 4) {
    wbuf b = {w, out, cap, 0, 0};
    put(&b, w->four);
    return done(&b);
  }
  return loa_num_cardinal(w, n, out, cap);
}

int loa_num_fraction(const loa_num_words *w, const char *d, size_t n, char *out, size_t cap)
{
  if (n >= 1 && n <= 2 && d[0] != '0')
    return loa_num_cardinal(w, loa_num_value(d, n), out, cap);
  return loa_num_digits(w, d, n, out, cap);
}

uint64_t loa_num_value(const char *d, size_t n)
{
  uint64_t v = 0;
  for (size_t i = 0; i < n; i++) {
    if (d[i] < '0' || d[i] > '9')
      continue;
    if (v > (UINT64_MAX - 9) / 10)
      return UINT64_MAX;
    v = v * 10 + (uint64_t)(d[i] - '0');
  }
  return v;
}

static int roman_digit(char c)
{
  switch (c) {
  case 'I': return 1;
  case 'V': return 5;
  case 'X': return 10;
  case 'L': return 50;
  case 'C': return 100;
  default: return 0;
  }
}

/* Canonical Roman form of V (1-399) into OUT. */
static void roman_of(int v, char *out)
{
  static const struct {
    int v;
    const char *s;
  } t[] = {{100, "C"}, {90, "XC"}, {50, "L"}, {40, "XL"}, {10, "X"},
           {9, "IX"},  {5, "V"},   {4, "IV"}, {1, "I"}};
  size_t k = 0;
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
    while (v >= t[i].v) {
      for (const char *s = t[i].s; *s; s++)
        out[k++] = *s;
      v -= t[i].v;
    }
  out[k] = 0;
}

int loa_num_roman(const char *s, size_t n)
{
  if (n == 0 || n > 12)
    return -1;
  int v = 0;
  for (size_t i = 0; i < n; i++) {
    int d = roman_digit(s[i]);
    if (!d)
      return -1;
    int next = i + 1 < n ? roman_digit(s[i + 1]) : 0;
    v += next > d ? -d : d;
  }
  if (v < 1 || v > 399)
    return -1;
  char canon[24];
  roman_of(v, canon);
  if (strlen(canon) != n || memcmp(canon, s, n))
    return -1;
  return v;
}
