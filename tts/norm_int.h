/* norm_int.h: private to the normaliser (normalize.c, norm_numeric.c,
 * norm_words.c): the token array of one line, the output being built and the
 * small helpers the reading rules share. Not a public contract.
 *
 * A line is NFC-normalised and cut into tokens: WORD (a run of letters, kept
 * with its lower-cased, modern-tone form), NUM (a run of ASCII digits) and
 * PUNCT (any other single non-space character). Each token knows whether
 * white space preceded it, which is how "1829/QĐ-UBND" (glued) differs from
 * "2022 - 2025" (spaced). The rules walk the tokens left to right; each rule
 * that matches at token I writes spoken words and returns how many tokens it
 * used.
 */
#ifndef LOA_NORM_INT_H
#define LOA_NORM_INT_H

#include <stddef.h>
#include <stdint.h>

#include "tts/normalize.h"

enum { TK_WORD = 0, TK_NUM = 1, TK_PUNCT = 2 };
enum { CASE_LOWER = 0, CASE_UPPER = 1, CASE_TITLE = 2, CASE_MIXED = 3 };
enum { PAUSE_NONE = 0, PAUSE_COMMA = 1, PAUSE_STOP = 2 };

typedef struct {
  uint8_t kind;
  uint8_t sp;          /* white space (or line start) before the token */
  uint8_t cas;         /* WORD: CASE_* */
  uint8_t marked;      /* WORD: has a Vietnamese-only mark (ă â ê ô ơ ư đ, tones) */
  uint8_t ascii;       /* WORD: only ASCII letters */
  uint8_t latin;       /* WORD: only letters of the Latin script */
  uint32_t cp;         /* PUNCT: the code point */
  uint32_t s, e;       /* byte range in the (NFC) line */
  uint32_t low, lowlen;/* WORD: folded form (lower case, modern tones) in n->low */
  int32_t col;         /* 1-based column in characters */
  int32_t nch;         /* characters */
} tok;

struct loa_normalizer {
  const loa_lexicon *lex;
  int south;
  /* the line being read */
  const char *line;
  size_t len;
  int lineno, flags;
  loa_findings *fnd;
  tok *t;
  size_t nt, tcap;
  char *low;
  size_t lowlen, lowcap;
  int heading;         /* the line is an all-caps heading */
  int datelist;        /* a date was just read: d/m that follow are dates too */
  const char *mark;    /* context word added to abbreviation lookups: "#code" in a
                          document number's code, "#num" before a glued number */
  size_t paren;        /* 1 + the output length at an open '(' on this line, or 0 */
  size_t dialed;       /* 1 + the token after the last number read as one to dial, or 0 */
  /* output */
  char *out;
  size_t on, ocap;
  int pause;           /* pending PAUSE_* */
  int tune;            /* '?' or '!' that set a pending PAUSE_STOP, else 0 */
  struct nz_join {     /* LOA_NORM_MARKS: each reading of several words emitted */
    size_t at, len;
    uint32_t hash;
  } *joins;
  size_t njoins, joincap;
  int oom;
  char ctx[768];       /* context words for abbreviations */
  char nb[512];        /* scratch for spoken numbers */
};

typedef struct loa_normalizer nz;

/* ---- normalize.c: output, findings, token helpers ---- */
void nz_emit(nz *n, const char *words, size_t len);
void nz_emits(nz *n, const char *words);
void nz_pause(nz *n, int level);
void nz_report(nz *n, size_t i, size_t j, const char *reason);
int nz_is_p(const nz *n, size_t i, uint32_t cp);
int nz_is_dash(const nz *n, size_t i);
int nz_glued(const nz *n, size_t i);
int nz_is_num(const nz *n, size_t i);
int nz_is_word(const nz *n, size_t i);
int nz_word_is(const nz *n, size_t i, const char *low);
const char *nz_low(const nz *n, size_t i);
int nz_prev_word_is(const nz *n, size_t i, const char *phrase);
int nz_words_at(const nz *n, size_t i, const char *phrase);
int nz_ndig(const nz *n, size_t i);
uint64_t nz_val(const nz *n, size_t i);
const char *nz_text(const nz *n, size_t i);
size_t nz_chunk_end(const nz *n, size_t i);
/* the words before token END start with the letters of tokens [A,B) */
int nz_initials_match(const nz *n, size_t a, size_t b, size_t end);
/* the output up to byte END ends with the words W (L bytes) */
int nz_said_ending_at(const nz *n, const char *w, size_t l, size_t end);

/* spoken numbers into the output */
void nz_cardinal(nz *n, uint64_t v);
void nz_digits(nz *n, const char *d, size_t len);
void nz_count(nz *n, size_t i);

/* ---- norm_numeric.c ---- */
size_t nz_number(nz *n, size_t i);            /* at a NUM token */
size_t nz_signed(nz *n, size_t i);            /* at '-', '+', '$', '~' before a number; 0 if not */
int nz_unit_at(nz *n, size_t i, size_t *used);/* a unit at token I: emit it */
const char *nz_unit_find(const nz *n, size_t i, size_t *used); /* the same, not emitted */

/* ---- norm_words.c ---- */
size_t nz_word(nz *n, size_t i);              /* at a WORD token */
size_t nz_url(nz *n, size_t i);               /* URL or e-mail starting at I; 0 if none */
int nz_roman_at(nz *n, size_t i);             /* value if token I is a Roman numeral here, else 0 */
void nz_code_part(nz *n, size_t i, size_t end); /* part [I,END) of a document code: expanded or spelled */
size_t nz_lex_chunk(nz *n, size_t i);         /* glued tokens that form a lexicon key */
void nz_spell(nz *n, const char *s, size_t len);
int nz_is_denominator(const nz *n, size_t i); /* word that reads "trên X" after a slash */
int nz_syllable(const nz *n, const char *w, size_t len);

#endif
