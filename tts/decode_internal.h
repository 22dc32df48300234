/* decode_internal.h: what the tts/decode*.c files share (not part of any contract).
 *
 * decode.c          the public API: files, sniffing the format, choosing the encoding
 * decode_text.c     bytes in one encoding -> UTF-8 (UTF-8/16, iconv, the TCVN3/VNI tables)
 * decode_tables.c   loading tts/encodings/ (tcvn3.tsv, vni.tsv), and the lexicon's syllable list that scores candidates
 * decode_unicode.c  NFC, Word look-alikes, line ends, bullets
 * decode_md.c       Markdown markup out
 * decode_doc.c      .docx and .odt (libzip + libxml2)
 * decode_pdf.c      .pdf (poppler-glib)
 */
#ifndef LOA_DECODE_INTERNAL_H
#define LOA_DECODE_INTERNAL_H

#include "lexicon/buf.h"      /* loa_buf, the growing byte string every converter writes to */
#include "lexicon/vntext.h"   /* loa_utf8_next, the UTF-8 reader */

#include <stddef.h>
#include <stdint.h>

/* ---- encodings ---- */
typedef enum {
  LOA_ENC_AUTO = 0,
  LOA_ENC_UTF8,
  LOA_ENC_UTF16LE,
  LOA_ENC_UTF16BE,
  LOA_ENC_CP1258,
  LOA_ENC_TCVN3,
  LOA_ENC_VNI,
  LOA_ENC_COUNT
} loa_enc;

const char *loa_enc_name(loa_enc e);
loa_enc loa_enc_parse(const char *name);   /* -1 if unknown */

/* The legacy tables and the syllable list, loaded for one decode call. */
typedef struct loa_dec_tables loa_dec_tables;

/* Loads tts/encodings/{tcvn3,vni}.tsv from loa_data_dir() and the lexicon's syllable
 * list (lexicon/syllables.txt, else hunspell's vi_VN.dic). A missing syllable list is
 * not an error (syllable checks then say "no"); a malformed row anywhere is, with
 * FILE:LINE in ERR. Returns 0 or a LOA_DEC_* error. */
int loa_dec_tables_load(loa_dec_tables **out, char *err, size_t errlen);
void loa_dec_tables_free(loa_dec_tables *t);

/* 1 if WORD (UTF-8, any case, any tone placement, NFC or NFD) is a Vietnamese syllable. */
int loa_dec_is_syllable(const loa_dec_tables *t, const char *word, size_t len);

/* Table look-ups (decode_tables.c). */
int32_t loa_dec_tcvn3(const loa_dec_tables *t, unsigned char b, int32_t *alt);
int32_t loa_dec_cp1252(const loa_dec_tables *t, unsigned char b);   /* -1: undefined */
/* VNI letter starting with B0 (B1 the next byte or -1): *USED = bytes it takes; 0 if none. */
int32_t loa_dec_vni(const loa_dec_tables *t, unsigned char b0, int b1, int *used);
int loa_dec_vni_is_mark(const loa_dec_tables *t, unsigned char b);

/* Result of converting bytes in one encoding. */
typedef struct {
  size_t bad;          /* bytes or sequences the encoding does not define */
  size_t first_bad;    /* byte offset of the first one */
  size_t odd;          /* defined but out of place (a VNI tone mark after no vowel) */
} loa_conv_stats;

/* Convert BUF (N bytes, no BOM) from ENC to UTF-8 appended to OUT (not yet NFC).
 * Invalid input becomes U+FFFD and is counted. Returns 0, or LOA_DEC_ENOMEM. */
int loa_dec_convert(const loa_dec_tables *t, loa_enc enc, const unsigned char *buf, size_t n,
                    loa_buf *out, loa_conv_stats *st);

/* Counts the words of TEXT that contain a non-ASCII letter (*TOTAL) and how many
 * of them are Vietnamese syllables (*VALID). */
void loa_dec_score(const loa_dec_tables *t, const char *text, size_t len, size_t *valid, size_t *total);

/* ---- Unicode clean-up (every decoded text goes through it) ---- */

/* IN (valid UTF-8) -> OUT: NFC, '\n' line ends, Word look-alikes mapped, bullets at line
 * start -> "- ", control characters other than '\t' '\n' '\f' removed, a final '\n'.
 * The number of lines is kept. Returns 0 or LOA_DEC_ENOMEM. */
int loa_dec_finish(const char *in, size_t len, loa_buf *out);

/* S (valid UTF-8) -> NFC, in place. Returns 0 or LOA_DEC_ENOMEM. */
int loa_dec_nfc(loa_buf *s);

/* 1 if TEXT has no character other than white space. */
int loa_dec_blank(const char *text, size_t len);

/* Fraction (0..1) of the characters of TEXT that are unexpected in a Latin-script
 * document (CJK, unassigned, private use outside symbol fonts, U+FFFD ...). */
double loa_dec_oddness(const char *text, size_t len);

/* ---- formats ---- */

/* Markdown markup out, line by line (the number of lines is kept). */
int loa_dec_markdown(const char *in, size_t len, loa_buf *out);

typedef enum { LOA_DOC_DOCX, LOA_DOC_ODT } loa_doc_kind;

/* The text of a .docx/.odt held in BUF: one line per paragraph, list item ("- " or its
 * number) or table row (cells joined by " | "). Returns 0 or a LOA_DEC_* error. */
int loa_dec_office(const unsigned char *buf, size_t n, loa_doc_kind kind, loa_buf *out,
                   char *err, size_t errlen);

/* What a zip archive holds: LOA_DOC_DOCX, LOA_DOC_ODT, or -1 with a description in WHAT. */
int loa_dec_zip_kind(const unsigned char *buf, size_t n, char *what, size_t whatlen);

/* The text of a PDF: each page's lines in reading order, pages separated by a line
 * holding only '\f'. Returns 0 or a LOA_DEC_* error. */
int loa_dec_pdf(const unsigned char *buf, size_t n, loa_buf *out, char *err, size_t errlen);

#endif
