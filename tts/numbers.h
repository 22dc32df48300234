/* numbers.h: Vietnamese spoken numbers (docs/reading.md, "Numbers"), private to tts/.
 *
 * The rules of reading a number are here; its words are data: the normaliser
 * fills a loa_num_words from the number lists of lexicon/wordlists.tsv (digit,
 * number-ten, number-tens...) for its dialect (nghìn or ngàn, linh or lẻ).
 *
 * Every function writes space-separated lower-case words into OUT (CAP bytes,
 * NUL-terminated) and returns the length written, or -1 if OUT is too small.
 */
#ifndef LOA_NUMBERS_H
#define LOA_NUMBERS_H

#include <stddef.h>
#include <stdint.h>

/* Largest value read as a cardinal (under a tỷ tỷ: 5.000.000.000.000.000 is
 * năm triệu tỷ); longer digit strings are read digit by digit. */
#define LOA_NUM_MAX 999999999999999999ULL
#define LOA_NUM_MAXDIG 18

/* The words of numbers in one dialect. */
typedef struct {
  const char *digit[10];   /* không, một ... chín */
  const char *ten;         /* mười: 1 in the tens */
  const char *tens;        /* mươi: after the tens digit from 2 */
  const char *one;         /* mốt: 1 after mươi */
  const char *four;        /* tư: 4 after mươi; the fourth (thứ tư); April (tháng tư) */
  const char *five;        /* lăm: 5 after mười and mươi */
  const char *hundred;     /* trăm */
  const char *zero_tens;   /* linh (North), lẻ (South): a zero tens digit after trăm */
  const char *thousand;    /* nghìn (North), ngàn (South) */
  const char *million;     /* triệu */
  const char *billion;     /* tỷ */
  const char *first;       /* nhất: the first (thứ nhất) */
} loa_num_words;

/* 1.005 một nghìn không trăm linh năm; 1.000.500 một triệu năm trăm. */
int loa_num_cardinal(const loa_num_words *w, uint64_t n, char *out, size_t cap);

/* Digit by digit: "0987" không chín tám bảy. Non-digits are skipped. */
int loa_num_digits(const loa_num_words *w, const char *d, size_t n, char *out, size_t cap);

/* After "thứ": 1 nhất, 4 tư, otherwise the cardinal. */
int loa_num_ordinal(const loa_num_words *w, uint64_t n, char *out, size_t cap);

/* Month after "tháng": 4 tư, otherwise the cardinal. */
int loa_num_month(const loa_num_words *w, unsigned m, char *out, size_t cap);

/* Denominator of a fraction after "phần": 4 tư (một phần tư), otherwise the cardinal. */
int loa_num_denominator(const loa_num_words *w, uint64_t n, char *out, size_t cap);

/* Digits after the decimal mark: read as a number when one or two digits
 * without a leading zero (phẩy bảy mươi lăm), otherwise digit by digit
 * (phẩy không năm). Does not write "phẩy". */
int loa_num_fraction(const loa_num_words *w, const char *d, size_t n, char *out, size_t cap);

/* Value of a Roman numeral made of I V X L C in canonical form (1-399), or -1. */
int loa_num_roman(const char *s, size_t n);

/* Value of N ASCII digits (saturates at UINT64_MAX). */
uint64_t loa_num_value(const char *d, size_t n);

#endif
