/* vntext.h: small UTF-8 and Vietnamese spelling helpers shared by every module that
 * reads text: decoding code points, lower-casing, and moving
 * old-style tone marks to the modern place (hoá -> hóa, thuỷ -> thủy, uỷ -> ủy).
 * None of these allocate.
 */
#ifndef LOA_VNTEXT_H
#define LOA_VNTEXT_H

#include <stddef.h>
#include <stdint.h>

/* The one UTF-8 reader of loa (utf8proc's, which refuses overlong forms, surrogates
 * and code points above U+10FFFF). Reads the code point at S (LEN bytes left) and
 * returns it, or -1 when the bytes there are no UTF-8 (an invalid or cut-off sequence,
 * or LEN 0). *USED gets the bytes read: 1 for an invalid byte, so that a reader goes
 * on at the next one. */
int32_t loa_utf8_next(const char *s, size_t len, size_t *used);

/* The same for readers that take an invalid byte as U+FFFD: returns the bytes used
 * (1 for an invalid byte, with *CP = 0xFFFD). LEN > 0. */
size_t loa_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Encode CP into OUT (4 bytes room); returns the bytes written. A value that is no
 * code point (a surrogate, above U+10FFFF) is written as U+FFFD. */
size_t loa_utf8_encode(uint32_t cp, char *out);

/* 1 when S (LEN bytes) is well-formed UTF-8. */
int loa_utf8_valid(const char *s, size_t len);

/* Number of code points in S. */
size_t loa_utf8_chars(const char *s, size_t len);

/* The class of CP in any script, as Unicode has it: 1 for a letter, an upper-case
 * letter, a lower-case letter. -1 (no code point, loa_utf8_next's invalid byte) is none. */
int loa_is_letter(int32_t cp);
int loa_is_upper(int32_t cp);
int loa_is_lower(int32_t cp);

uint32_t loa_vn_lower(uint32_t cp);
uint32_t loa_vn_upper(uint32_t cp);

/* Lower-case S into OUT (CAP bytes) and give every syllable (maximal letter run)
 * the modern tone placement. Returns the length written (NUL-terminated), or
 * -1 if OUT is too small. */
int loa_vn_fold(const char *s, size_t len, char *out, size_t cap);

/* The same on code points, in place (N code points, already lower case). */
void loa_vn_modern_tone(uint32_t *cps, size_t n);

/* The key of a written syllable: the same for every way of writing it (any case, NFC
 * or NFD, the tone mark on any of its vowels: hoà, hòa, HOÀ, "hoa" + U+0300), different
 * for different syllables. It is the toneless letters, lower case and composed, then a
 * tone digit. Writes it into KEY (CAP bytes, not NUL-terminated) and returns its length,
 * or -1 when WORD cannot be a syllable (not UTF-8, two tone marks, empty, too long). */
int loa_vn_syllable_key(const char *word, size_t len, char *key, size_t cap);

/* 1 when CP (any case) is a Vietnamese vowel letter, with or without a tone. */
int loa_vn_is_vowel(uint32_t cp);

/* 1 when CP carries a Vietnamese-only mark (ă â ê ô ơ ư đ or a tone mark). */
int loa_vn_is_marked(uint32_t cp);

#endif
