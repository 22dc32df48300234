/* escape.h: bytes from outside made safe to print or log on one line; the one function
 * loa prints them through (a file name, a token of a bulletin, a value read from a file,
 * a reply from Liquidsoap).
 *
 * Printable UTF-8 stays as it is, so Vietnamese reads as Vietnamese. A backslash becomes
 * "\\", a line break "\n", a carriage return "\r", a tab "\t", any other control byte
 * (C0, DEL) "\xNN", a byte that is not UTF-8 "\xNN", and a character a terminal or a
 * reader would take for something else (the C1 controls U+0080-U+009F, the line and
 * paragraph separators, the bidirectional marks and overrides, the BOM) "\u{XXXX}". With
 * LOA_ESC_QUOTE a double quote becomes "\"" too, for values written key="value"; with
 * LOA_ESC_LINE a backslash stays as it is, for a whole message some parts of which may be
 * escaped already (nothing in it can then start a line or move the cursor).
 * The result always fits OUT: a cut one ends with "..." after a whole character.
 */
#ifndef LOA_ESCAPE_H
#define LOA_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

#include "lexicon/buf.h"

enum { LOA_ESC_QUOTE = 1, LOA_ESC_LINE = 2 };

/* S (N bytes) escaped into OUT (OUTLEN > 0 bytes, NUL-terminated). Returns its length. */
size_t loa_escape(const char *s, size_t n, char *out, size_t outlen);
size_t loa_escape_flags(const char *s, size_t n, int flags, char *out, size_t outlen);

/* The same appended to B, whole. */
void loa_buf_put_escaped(loa_buf *b, const char *s, size_t n, int flags);

/* The escape at S (a backslash and what follows it, as written above) read back: its bytes
 * into OUT (4 bytes room), how many returned; *USED gets the length of the escape. A
 * backslash before any other character stands for that character. */
size_t loa_unescape_at(const char *s, char out[4], size_t *used);

/* One line to F: FMT formatted, escaped with LOA_ESC_LINE, and a '\n'. The way the command
 * line and the services print a message that carries a name or words from outside. */
void loa_print_line(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
