/* decode.h: bytes of any file an announcer has -> clean NFC UTF-8 text.
 *
 * Accepts .txt in UTF-8 (with or without BOM), UTF-16 LE/BE with BOM,
 * Windows-1258, TCVN3 (ABC) and VNI-Windows (detected with a confidence, or
 * forced with ENCODING), and .docx, .odt, .md and .pdf by extension/magic.
 * The result is NFC UTF-8 with modern-or-old tone placement left as written,
 * Word look-alikes mapped (NBSP->space, en/em dash->'-', curly quotes->'"'/'\'',
 * soft hyphen and zero-width characters removed, list bullets -> "- "),
 * line ends '\n'. Line numbers of the result match the source's lines for
 * plain text (for .docx/.odt one line is one paragraph, list item or table
 * row, cells separated by " | "; for .pdf one line is a line of the page, and
 * pages are separated by a line holding only '\f', see tts/clean.h).
 * TCVN3 and VNI are read with the tables in $LOA_DATA_DIR/tts/encodings, and
 * candidates are scored with the syllable list (lexicon/syllables.txt, else
 * hunspell-vi); a missing table is LOA_DEC_EIO.
 */
#ifndef LOA_DECODE_H
#define LOA_DECODE_H

#include <stddef.h>

enum {
  LOA_DEC_OK = 0,
  LOA_DEC_ENOENT = -1,       /* no such file */
  LOA_DEC_EIO = -2,          /* cannot read (permissions, I/O error, a folder) */
  LOA_DEC_EEMPTY = -3,       /* empty, or only whitespace */
  LOA_DEC_EBINARY = -4,      /* not text and not a supported document */
  LOA_DEC_EUNDECIDED = -5,   /* encoding cannot be decided; err names the candidates */
  LOA_DEC_EWRONGENC = -6,    /* the forced encoding does not fit the bytes */
  LOA_DEC_EBADENC = -7,      /* unknown encoding name */
  LOA_DEC_ETOOBIG = -8,      /* larger than the limit given */
  LOA_DEC_EDOC = -9,         /* a .docx/.odt/.pdf that cannot be read */
  LOA_DEC_ENOMEM = -10
};

typedef struct {
  char *text;              /* NUL-terminated UTF-8 */
  size_t len;
  char encoding[32];       /* "utf-8", "utf-16le", "utf-16be", "windows-1258", "tcvn3", "vni",
                              "docx", "odt", "pdf" (a .md file gives its text encoding) */
  double confidence;       /* 0..1 */
} loa_text;

/* The largest file loa reads unless a station says otherwise ([watch] max_bytes): a
 * bulletin is a few kilobytes. `loa build`, `preview`, `check` and `normalize` (a file or
 * standard input) all refuse more. */
#define LOA_DECODE_MAX_BYTES ((size_t)2 << 20)

/* ENCODING: NULL or "auto" to detect; else one of the names above.
 * MAX_BYTES: refuse larger inputs (0 = no limit), and documents (.docx, .odt, .pdf)
 * whose text, once unpacked, is larger (LOA_DEC_ETOOBIG). err gets one line, without
 * the path. */
int loa_decode_file(const char *path, const char *encoding, size_t max_bytes,
                    loa_text *out, char *err, size_t errlen);
int loa_decode_buffer(const void *buf, size_t n, const char *encoding,
                      loa_text *out, char *err, size_t errlen);
void loa_text_free(loa_text *t);

/* Names accepted for ENCODING, NULL-terminated. */
const char *const *loa_decode_encodings(void);

#endif
