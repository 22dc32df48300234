/* flat.h: a syllable as eSpeak NG is given it, so that its rendering is the same
 * whatever its tone.
 *
 * loa gives every syllable its tone itself (tts/prosody.h). eSpeak NG's own tones
 * also change a syllable's length, loudness and voice (huyền is spoken unstressed,
 * ngã and nặng with a break, the central voice's huyền with a 40 dB gap), so it is
 * given the plain tone of the syllable's kind instead: ngang (no mark) for an open
 * syllable or one ending in m n ng nh, sắc for one ending in p t c ch, which can
 * carry no other. The caller keeps the real spelling where eSpeak NG would read
 * the plain one with other sounds (gì: gi is read as a bare consonant).
 */
#ifndef LOA_FLAT_H
#define LOA_FLAT_H

#include <stddef.h>

/* Write the plain-toned spelling of WORD[0..LEN) (UTF-8, NFC) into OUT (CAP bytes,
 * NUL-terminated); returns its length, 0 when the word is already plain, -1 when
 * OUT is too small or WORD is not valid UTF-8. Same number of characters. */
int loa_flat_spelling(const char *word, size_t len, char *out, size_t cap);

#endif
