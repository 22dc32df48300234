/* numbers.h: Vietnamese spoken numbers (READING.md, "Numbers"), private to tts/.
 *
 * Every function writes space-separated lower-case words into OUT (CAP bytes,
 * NUL-terminated) and returns the length written, or -1 if OUT is too small.
 * SOUTH selects the Southern words (ngàn for nghìn, lẻ for linh).
 */
#ifndef LOA_NUMBERS_H
#define LOA_NUMBERS_H

#include <stddef.h>
#include <stdint.h>

/* Largest value read as a cardinal (under a tỷ tỷ: 5.000.000.000.000.000 is
 * năm triệu tỷ); longer digit strings are read digit by digit. */
#define LOA_NUM_MAX 999999999999999999ULL
#define LOA_NUM_MAXDIG 18

/* 1.005 một nghìn không trăm linh năm; 1.000.500 một triệu năm trăm. */
int loa_num_cardinal(uint64_t n, int south, char *out, size_t cap);

/* Digit by digit: "0987" không chín tám bảy. Non-digits are skipped. */
int loa_num_digits(const char *d, size_t n, char *out, size_t cap);

/* After "thứ": 1 nhất, 4 tư, otherwise the cardinal. */
int loa_num_ordinal(uint64_t n, int south, char *out, size_t cap);

/* Month after "tháng": 4 tư, otherwise the cardinal. */
int loa_num_month(unsigned m, int south, char *out, size_t cap);

/* Digits after the decimal mark: read as a number when one or two digits
 * without a leading zero (phẩy bảy mươi lăm), otherwise digit by digit
 * (phẩy không năm). Does not write "phẩy". */
int loa_num_fraction(const char *d, size_t n, int south, char *out, size_t cap);

/* Value of a Roman numeral made of I V X L C in canonical form (1-399), or -1. */
int loa_num_roman(const char *s, size_t n);

/* Value of N ASCII digits (saturates at UINT64_MAX). */
uint64_t loa_num_value(const char *d, size_t n);

#endif
