/* mp3_id3.h: writing an ID3v2.4 tag with chapters, and reading ID3v2.3/2.4 text back.
 *
 * Internal to the mp3 module (mp3_*.c); not a contract for other modules.
 *
 * The tag written holds UTF-8 text frames (encoding byte 3) so Vietnamese
 * reads correctly everywhere: TIT2, TPE1, TALB, TDRC, TCON, COMM and TLAN
 * (language "vie"), TSSE; then one CHAP frame per chapter (element id "chpN",
 * start/end in ms, start/end byte offsets, an embedded TIT2) and one
 * top-level ordered CTOC listing them. Sizes are sync-safe (7 bits a byte) as
 * ID3v2.4 requires; no unsynchronisation, no padding, no extended header.
 */
#ifndef LOA_MP3_ID3_H
#define LOA_MP3_ID3_H

#include <stddef.h>
#include <stdint.h>
#include "pipeline/mp3.h"

#define LOA_ID3_MAX_CHAPTERS 255   /* a CTOC counts its entries in one byte */
#define LOA_ID3_NO_OFFSET 0xFFFFFFFFu

typedef struct {
  const char *title;          /* UTF-8 */
  uint32_t start_ms, end_ms;
  uint32_t start_offset;      /* bytes after the tag to the chapter's first frame */
  uint32_t end_offset;        /* bytes after the tag to the frame after its last */
} loa_id3_chapter;

/* Builds the tag into *OUT (malloc'd, *LEN bytes). Chapter byte offsets are
 * given relative to the end of the tag; the builder adds the tag's length so
 * the file holds offsets from its first byte. Text must be UTF-8 and DATE an
 * ID3v2.4 timestamp (YYYY, YYYY-MM, YYYY-MM-DD, ...). Returns LOA_MP3_OK,
 * LOA_MP3_EARG (ERR says which field) or LOA_MP3_ENOMEM. */
int loa_id3_build(const loa_id3_tags *tags, const char *encoder,
                  const loa_id3_chapter *chapters, size_t nchapters,
                  unsigned char **out, size_t *len, char *err, size_t errlen);

typedef struct {
  char *title;                /* TIT2 as UTF-8, truncated to titlelen; may be NULL */
  size_t titlelen;
  char *artist;               /* TPE1 */
  size_t artistlen;
  int chapters;               /* CHAP frames seen */
} loa_id3_read_result;

/* Parses the ID3v2 tag TAG (N bytes after the 10-byte header HDR). Unknown
 * frames, compressed or encrypted ones are skipped. 0, or -1 if HDR is not a
 * supported ID3v2 header. */
int loa_id3_parse(const unsigned char hdr[10], const unsigned char *tag, size_t n,
                  loa_id3_read_result *r);

/* Total length (header, body, footer) of the ID3v2 tag whose header is HDR,
 * or 0 if HDR is not an ID3v2 header. */
size_t loa_id3_length(const unsigned char hdr[10]);

#endif
