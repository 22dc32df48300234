/* markup.h: removing the emphasis marks of Markdown (and of chat-style typing) from a line.
 *
 * Shared by tts/decode (for .md files) and tts/clean (for any text): "**Khẩn**",
 * "*Khẩn*", "__Khẩn__", "_Khẩn_" and "~~Khẩn~~" all read "Khẩn". A mark counts only in
 * pairs that open before a word and close after one, so 2*3, a_b, "* item" and a lone
 * "*" are left alone; a mark escaped with '\' is not a mark.
 */
#ifndef LOA_MARKUP_H
#define LOA_MARKUP_H

#include <stddef.h>

/* Strip paired emphasis marks from LINE (LEN bytes, UTF-8) in place; returns the new
 * length. The line is NUL-terminated afterwards if there is room (len < original). */
size_t loa_strip_emphasis(char *line, size_t len);

/* The same marks, found but left in place: DEL[i] (LEN bytes) is set to 1 for each byte
 * of LINE that loa_strip_emphasis would remove, 0 for the others. Returns 1 when there is
 * any (for a reader that must keep the columns of the line: the normaliser). */
int loa_emphasis_marks(const char *line, size_t len, unsigned char *del);

#endif
