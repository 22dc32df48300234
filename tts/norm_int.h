/* norm_int.h: private to the normaliser (tts/normalize.c and tts/norm_*.c): the
 * token array of one line, the output being built, and the functions the files
 * of the rules call in one another. Not a public contract.
 *
 * A line is NFC-normalised and cut into tokens: WORD (a run of letters, kept
 * with its lower-cased, modern-tone form), NUM (a run of ASCII digits) and
 * PUNCT (any other single non-space character). Each token knows whether
 * white space preceded it, which is how "1829/QĐ-UBND" (glued) differs from
 * "2022 - 2025" (spaced). The rules walk the tokens left to right; each rule
 * that matches at token I writes spoken words and returns how many tokens it
 * used.
 *
 * The files, from the bottom up (each uses only those above it in this list,
 * except where a rule hands a token to another kind of rule):
 *   norm_token.c     tokens and the questions every rule asks about them
 *   norm_emit.c      the spoken output, numbers said into it, the findings
 *   norm_spell.c     spelling with letter names, splitting into syllables
 *   norm_abbr.c      abbreviations in context, lexicon keys, document-code parts
 *   norm_units.c     unit symbols, the words read "trên X", hemispheres
 *   norm_gloss.c     what is not read twice (acronym glosses, repeats in brackets)
 *   norm_num_*.c     numbers by kind: quantities, phone, dates (and datectx:
 *                    whether a d/m is a date), times, codes
 *   norm_num.c       which kind of number a digit starts; ranges; signs before numbers
 *   norm_roman.c     Roman numerals
 *   norm_words_num.c words read with the number beside them (T2, 2 nghìn ha, ĐVT: ha)
 *   norm_english.c   the English letter-to-sound rule (english.tsv)
 *   norm_glued.c     a word of a-z read as the parts it is glued from: English words and
 *                    parts, names without their marks, syllables, English, letters
 *   norm_words.c     which kind of word a word is and how it is read
 *   norm_url.c       web and e-mail addresses
 *   norm_punct.c     punctuation and signs
 *   normalize.c      the normaliser object and the walk over a line
 */
#ifndef LOA_NORM_INT_H
#define LOA_NORM_INT_H

#include <stddef.h>
#include <stdint.h>

#include "tts/normalize.h"
#include "lexicon/buf.h"
#include "tts/norm_lists.h"
#include "tts/numbers.h"

enum { TK_WORD = 0, TK_NUM = 1, TK_PUNCT = 2 };
enum { CASE_LOWER = 0, CASE_UPPER = 1, CASE_TITLE = 2, CASE_MIXED = 3 };
enum { PAUSE_NONE = 0, PAUSE_COMMA = 1, PAUSE_STOP = 2 };
enum { MUNG_NONE = 0, MUNG_ALL = 1, MUNG_LUNAR = 2 };   /* mùng before days 1-10 */

/* A phrase of a word list: its length and where its last word starts (nz_after_list
 * compares that word with the token before first). */
struct nz_phrase_end {
  uint16_t len, last;
};

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
  int mung;            /* MUNG_*: when mùng is said before the days 1-10 */
  /* the line being read */
  const char *line;
  size_t len;
  int lineno, flags;
  loa_findings *fnd;
  tok *t;
  size_t nt, tcap;
  char *low;
  size_t lowlen, lowcap;
  size_t bullets;      /* how many tokens the line starts with are bullets (nz_lead_bullets) */
  int heading;         /* the line is an all-caps heading */
  int datelist;        /* a date was just read: d/m that follow are dates too */
  const char *mark;    /* context word added to abbreviation lookups: "#code" in a
                          document number's code, "#num" before a glued number */
  size_t paren;        /* 1 + the output length at an open '(' on this line, or 0 */
  size_t dialed;       /* 1 + the token after the last number read as one to dial, or 0 */
  size_t formula;      /* 1 + the '$' that closes the formula being read ($a \times b$), or 0 */
  size_t addr_units[4];  /* the words of the web or e-mail address being read that name a
                            district or province (what a place of it may be in:
                            norm_glued.c) */
  int naddr_units;
  /* output */
  loa_buf out;         /* the spoken words so far */
  int pause;           /* pending PAUSE_* */
  int tune;            /* '?' or '!' that set a pending PAUSE_STOP, else 0 */
  struct nz_join {     /* LOA_NORM_MARKS: each reading of several words emitted */
    size_t at, len;
    uint32_t hash;
  } *joins;
  size_t njoins, joincap;
  int oom;             /* the tokens or the findings could not grow */
  const char *const *list[NL_COUNT]; /* the word lists, resolved once (norm_lists.h) */
  const struct nz_phrase_end *ends[NL_COUNT]; /* where each phrase's last word starts */
  struct nz_phrase_end *ends_mem;
  loa_num_words numw;  /* the words of numbers in this dialect */
  char ctx[768];       /* context words for abbreviations */
  char nb[512];        /* scratch for spoken numbers */
};

typedef struct loa_normalizer nz;

/* A numeral as written: "1.500.000", "12,5", "1 000 000", "007". */
typedef struct {
  size_t end;            /* token after the numeral */
  uint64_t ival;         /* integer part */
  int ndig;              /* digits in the integer part */
  int lead0;             /* one group starting with 0 and 3+ digits: a code */
  int grouped;           /* had '.' (or spaced) thousands groups */
  int spaced;            /* the groups were separated by spaces */
  int eng;               /* English "1,000,000" groups */
  int list;              /* a comma after it read as a list's, by what follows only (2,3 và 6) */
  size_t frac;           /* token of the decimal digits, or 0 */
} numeral;

/* ---- norm_token.c ---- */
void nz_tokenize(nz *n);
/* How many of the line's first tokens are bullets ("- ", "+", "•"...), counted once a line. */
size_t nz_lead_bullets(const nz *n);
int nz_detect_heading(const nz *n);             /* the line is an all-caps heading */
int nz_is_p(const nz *n, size_t i, uint32_t cp);
int nz_is_dash(const nz *n, size_t i);
int nz_glued(const nz *n, size_t i);
int nz_is_num(const nz *n, size_t i);
int nz_is_word(const nz *n, size_t i);
int nz_word_is(const nz *n, size_t i, const char *low);
const char *nz_low(const nz *n, size_t i);
/* the words just before token I / from token I on are PHRASE: its words, else 0 */
int nz_prev_word_is(const nz *n, size_t i, const char *phrase);
int nz_words_at(const nz *n, size_t i, const char *phrase);
int nz_ndig(const nz *n, size_t i);
uint64_t nz_val(const nz *n, size_t i);
const char *nz_text(const nz *n, size_t i);
size_t nz_chunk_end(const nz *n, size_t i, size_t max);
/* token I is a number of at most MAXDIG digits in [LO, HI] */
int nz_val_ok(const nz *n, size_t i, int maxdig, uint64_t lo, uint64_t hi);
/* token I is the sign SEP glued on both sides */
int nz_is_sep(const nz *n, size_t i, uint32_t sep);
/* the word lists: the phrases of L; what loa says for L (its first phrase);
 * the words from token I on, or just before it, are a phrase of L (its words,
 * else 0); token I is the first word of a phrase of L */
const char *const *nz_list(const nz *n, nz_list_id l);
const char *nz_said(const nz *n, nz_list_id l);
int nz_at_list(const nz *n, size_t i, nz_list_id l);
int nz_after_list(const nz *n, size_t i, nz_list_id l);
int nz_starts_list(const nz *n, size_t i, nz_list_id l);

/* ---- norm_emit.c ---- */
void nz_emit(nz *n, const char *words, size_t len);
void nz_emits(nz *n, const char *words);
void nz_say(nz *n, nz_list_id l);                /* the first phrase of list L */
/* the reading of the sign SIGN (one code point): units.tsv, else symbols.tsv; NULL if none */
const char *nz_sign_reading(const nz *n, uint32_t sign);
const char *nz_sign_name(const nz *n, uint32_t sign); /* its name in an address: . chấm */
void nz_say_sign(nz *n, uint32_t sign);       /* say the reading of SIGN (nothing if none) */
void nz_say_name(nz *n, uint32_t sign);       /* say its name in an address (nothing if none) */
void nz_pause(nz *n, int level);
void nz_tune(nz *n, uint32_t cp);             /* a pending stop was '?' or '!' (LOA_NORM_MARKS) */
void nz_put_pause(nz *n);                     /* write the pending pause mark, if any */
void nz_apply_joins(nz *n);                   /* LOA_NORM_MARKS: '_' inside each reading kept */
void nz_unsay(nz *n, size_t len);             /* cut the output back to LEN bytes */
void nz_report(nz *n, size_t i, size_t j, const char *reason);
void nz_cardinal(nz *n, uint64_t v);
void nz_digits(nz *n, const char *d, size_t len);
void nz_count(nz *n, size_t i);
/* the output up to byte END ends with the words W (L bytes) */
int nz_said_ending_at(const nz *n, const char *w, size_t l, size_t end);

/* ---- norm_spell.c ---- */
int nz_syllable(const nz *n, const char *w, size_t len);
void nz_spell(nz *n, const char *s, size_t len);
int nz_segment_marks(nz *n, const char *w, size_t len, int emit, int bare);
int nz_segment(nz *n, const char *w, size_t len, int emit);
void nz_unknown_word(nz *n, size_t i, const char *w, size_t len, size_t rep_from, size_t rep_to,
                     const char *reason);

/* ---- norm_abbr.c ---- */
const char *nz_context(nz *n, size_t i);
int nz_alone_in_cell(const nz *n, size_t i);  /* the only word of its line or table cell */
const char *nz_abbr_lookup(nz *n, const char *s, size_t len, size_t at, int variants);
size_t nz_lex_chunk(nz *n, size_t i);         /* glued tokens that form a lexicon key */
void nz_code_part(nz *n, size_t i, size_t end); /* part [I,END) of a document code: expanded or spelled */

/* ---- norm_units.c ---- */
int nz_unit_at(nz *n, size_t i, size_t *used);/* a unit at token I: emit it */
void nz_say_unit(nz *n, const char *u);       /* a unit's reading, with ngàn in the South */
const char *nz_unit_find(const nz *n, size_t i, size_t *used); /* the same, not emitted */
int nz_is_denominator(const nz *n, size_t i); /* word that reads "trên X" after a slash */
const char *nz_hemisphere(const nz *n, size_t e);
const char *nz_compass(const nz *n, size_t e);

/* ---- norm_gloss.c ---- */
/* the words before token END start with the letters of tokens [A,B) */
int nz_initials_match(const nz *n, size_t a, size_t b, size_t end);
void nz_drop_repeat(nz *n, size_t from);
size_t nz_acronym_gloss(nz *n, size_t i);

/* ---- norm_num_quantities.c ---- */
void nz_parse_numeral(const nz *n, size_t i, numeral *x);
size_t nz_dotted(nz *n, size_t i);
size_t nz_quantity(nz *n, size_t i, numeral *x);

/* ---- norm_num_phone.c ---- */
size_t nz_phone(nz *n, size_t i);
size_t nz_intl_phone(nz *n, size_t i);

/* ---- norm_num_datectx.c ---- */
size_t nz_full_date_at(const nz *n, size_t i);  /* d/m/yyyy here: its tokens, or 0 */
int nz_dm_at(const nz *n, size_t k);
int nz_counted_after(const nz *n, size_t j);
int nz_weekday_before(const nz *n, size_t i);
int nz_lone_day(const nz *n, size_t i, size_t j);
int nz_bracketed_today(const nz *n, size_t i);
int nz_date_context(nz *n, size_t i, size_t j, int *add_ngay);
int nz_names_a_day(const nz *n, size_t i);
int nz_month_recurs(const nz *n, size_t j);

/* ---- norm_num_dates.c ---- */
void nz_date_prefix(nz *n, size_t i);
size_t nz_date_full(nz *n, size_t i);
size_t nz_iso_datetime(nz *n, size_t i);
size_t nz_date_short(nz *n, size_t i, int force);
size_t nz_day_before_date(nz *n, size_t i);
size_t nz_month_year(nz *n, size_t i);
int nz_in_list_after(const nz *n, size_t i, uint64_t max, nz_list_id l);
void nz_month(nz *n, uint64_t m);
void nz_day(nz *n, size_t i, size_t end);      /* the day at I of a date ending before END */
int nz_day_written(nz *n, size_t i, size_t j);  /* "ngày 5 tháng 9": the day at I (ends at J) */

/* ---- norm_num_times.c ---- */
size_t nz_minutes_after_gio(nz *n, size_t i);
size_t nz_time_of_day(nz *n, size_t i);
size_t nz_minutes_mark(nz *n, size_t i);

/* ---- norm_num_codes.c ---- */
size_t nz_doc_number(nz *n, size_t i);
size_t nz_dashed_code(nz *n, size_t i);
size_t nz_plate(nz *n, size_t i);             /* a vehicle plate at its province code */

/* ---- norm_num.c ---- */
size_t nz_number(nz *n, size_t i);            /* at a NUM token */
size_t nz_signed(nz *n, size_t i);            /* at '-', '+', '$', '~' before a number; 0 if not */

/* ---- norm_roman.c ---- */
int nz_roman_at(nz *n, size_t i);             /* value if token I is a Roman numeral here, else 0 */
size_t nz_roman(nz *n, size_t i, int v);

/* ---- norm_words_num.c ---- */
size_t nz_weekday_short(nz *n, size_t i);
size_t nz_scaled_unit(nz *n, size_t i);
size_t nz_letter_serial(nz *n, size_t i);
size_t nz_named_unit(nz *n, size_t i);

/* ---- norm_english.c ---- */
/* The reading of the English-like spelling W (lower-case a-z, LEN bytes) by the rules of
 * english.tsv: Vietnamese syllables, one space between, into OUT (CAP bytes). Returns how
 * many syllables, or -1 when it has no reading. */
int nz_english(const loa_lexicon *lex, const char *w, size_t len, char *out, size_t cap);
/* W (a-z, LEN bytes) said as a syllable ending in p, t, c or ch: with sắc and the vowel
 * marks the syllable list needs (sat sát, tiep tiếp); 1 and OUT, else 0. */
int nz_stop_syllable(const loa_lexicon *lex, const char *w, size_t len, char *out, size_t cap);

/* ---- norm_glued.c ---- */
/* What nz_read_glued read a word with. */
enum { GLUED_KNOWN = 1, GLUED_NAME = 2, GLUED_SYLLABLE = 4, GLUED_MARKED = 8,
       GLUED_ENGLISH = 16, GLUED_LETTER = 32 };
/* Read W (lower-case a-z, LEN bytes) as the parts it is glued from; CUT[i] (may be
 * NULL) marks a letter where a new part starts (a change of case), CAPS[i] (may be NULL)
 * a letter of a run of capitals. Says it when EMIT. Returns the GLUED_* it used, or -1
 * when W is too long or not a-z. */
int nz_read_glued(nz *n, const char *w, size_t len, const unsigned char *cut,
                  const unsigned char *caps, int emit);
/* 1 when the word S (lower case, NUL-terminated) carries a tone mark. */
int nz_toned(const char *s);
/* The lower-case word W (LEN bytes) without its marks, đ as d, into OUT (CAP bytes):
 * its length, or -1 when it is not then a-z. */
int nz_strip_marks(const char *w, size_t len, char *out, size_t cap);
/* CUT and CAPS of nz_read_glued for the ASCII word S (LEN bytes) as written. */
void nz_case_parts(const char *s, size_t len, unsigned char *cut, unsigned char *caps);

/* ---- norm_words.c ---- */
size_t nz_word(nz *n, size_t i);              /* at a WORD token */

/* ---- norm_url.c ---- */
size_t nz_url(nz *n, size_t i);               /* URL or e-mail starting at I; 0 if none */

/* ---- norm_punct.c ---- */
size_t nz_punct(nz *n, size_t i);

#endif
