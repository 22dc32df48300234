/* lexicon.h: the word tables loa reads with, loaded from TSV files at start-up.
 *
 * Data, not code: the lexicon/ TSV tables ship with loa; a commune adds its own words in
 * an override file (named in the config or with --lexicon) whose rows take
 * precedence over the shipped ones. Tables:
 *   abbreviations.tsv  ABBR <TAB> expansion [<TAB> context words, comma-separated]
 *                      (rows with a context are chosen when one of the words is
 *                      near; the row without context is the default)
 *   loanwords.tsv      word <TAB> respelling        (matched case-insensitively)
 *   units.tsv          unit <TAB> spoken form       (case-sensitive: m, M, mm, kW)
 *   letters.tsv        letter <TAB> Vietnamese letter name (for spelling)
 *   symbols.tsv        sign <TAB> spoken form [<TAB> address]   (& và, ≥ lớn hơn hoặc
 *                      bằng; with "address": named inside a web address, . chấm)
 *   wordlists.tsv      list <TAB> words: the words the normaliser and the
 *                      announcements read by name (loa_lexicon_list)
 *   syllables.txt      the valid Vietnamese syllables, one per line (from hunspell-vi);
 *                      without it, hunspell-vi's /usr/share/hunspell/vi_VN.dic itself
 * Lines starting with '#' and empty lines are ignored. A malformed row is an
 * error naming the file and line.
 *
 * A loaded lexicon is read-only and may be shared; lookups never allocate.
 */
#ifndef LOA_LEXICON_H
#define LOA_LEXICON_H

#include <stddef.h>

typedef struct loa_lexicon loa_lexicon;

enum {
  LOA_LEX_OK = 0,
  LOA_LEX_EIO = -1,        /* a file could not be opened or read */
  LOA_LEX_EFORMAT = -2,    /* a malformed row; err names FILE:LINE */
  LOA_LEX_ENOMEM = -3
};

/* The folder the shipped data is read from: $LOA_DATA_DIR if set, else the
 * source tree loa was built from. Returns e.g. "/usr/share/loa" (no slash at end). */
const char *loa_data_dir(void);

/* Load the shipped tables from DIR (NULL: loa_data_dir()/lexicon). */
int loa_lexicon_load(loa_lexicon **out, const char *dir, char *err, size_t errlen);

/* Load only the syllable list of DIR (NULL: loa_data_dir()/lexicon), the same way, for
 * a reader that needs no other table (the decoder's scorer); the other look-ups of such
 * a lexicon find nothing. LOA_LEX_EIO when there is no list at all. */
int loa_lexicon_load_syllables(loa_lexicon **out, const char *dir, char *err, size_t errlen);

/* Load only the word lists of DIR/wordlists.tsv (NULL: loa_data_dir()/lexicon), for a
 * module that needs words by name and no lookups (the announcements: weekdays). The
 * file must exist; the other lookups of such a lexicon find nothing. */
int loa_lexicon_load_lists(loa_lexicon **out, const char *dir, char *err, size_t errlen);

/* Add a local override file (same columns as abbreviations/loanwords/units,
 * with a first column naming the table: "abbr", "loan", "unit"). Its rows win. */
int loa_lexicon_add_override(loa_lexicon *lex, const char *path, char *err, size_t errlen);

void loa_lexicon_free(loa_lexicon *lex);

/* Expansion of an abbreviation (exact case), chosen by CONTEXT (the lower-cased
 * words around it, space-separated, in the order of the text; may be NULL). When two
 * rows' context words are near, the row whose word is nearest to the abbreviation wins:
 * its place among the words is the word LOA_ABBR_HERE (without it every word counts as
 * near, and the station's rows, then the first, win). Context words starting with '#'
 * are marks the caller adds ("#code"): they count as nearest. NULL when unknown. */
#define LOA_ABBR_HERE "#here"
const char *loa_lexicon_abbr(const loa_lexicon *lex, const char *abbr, size_t len, const char *context);

/* How loa_lexicon_abbr chose its answer for the same arguments. */
enum {
  LOA_ABBR_UNKNOWN = 0,   /* no row */
  LOA_ABBR_DEFAULT = 1,   /* the row without context */
  LOA_ABBR_CONTEXT = 2,   /* a row whose context words are near */
  LOA_ABBR_GUESS = 3      /* context rows only, none near: the first row (a row whose
                           * context is marks only, "#code", is never the guess) */
};
int loa_lexicon_abbr_how(const loa_lexicon *lex, const char *abbr, size_t len, const char *context);

/* 1 when a row of abbreviation ABBR (exact case) lists the context word WORD
 * ("#num": the abbreviation names things numbered by a glued number, QL1A). */
int loa_lexicon_abbr_has_context(const loa_lexicon *lex, const char *abbr, size_t len,
                                 const char *word);

/* Respelling of a loanword or brand (case-insensitive), NULL when unknown. */
const char *loa_lexicon_loanword(const loa_lexicon *lex, const char *word, size_t len);

/* Spoken form of a unit symbol (case-sensitive), NULL when unknown. */
const char *loa_lexicon_unit(const loa_lexicon *lex, const char *unit, size_t len);

/* Spoken form of the sign SIGN (exact, e.g. "&", "≥", "½") where it stands in a
 * sentence, or with IN_ADDRESS its name inside a web or e-mail address ("." chấm);
 * NULL when unknown. */
const char *loa_lexicon_sign(const loa_lexicon *lex, const char *sign, size_t len, int in_address);

/* Vietnamese name of a letter (one UTF-8 letter, any case), NULL when unknown. */
const char *loa_lexicon_letter(const loa_lexicon *lex, const char *letter, size_t len);

/* 1 when WORD (lower case NFC) is a valid Vietnamese syllable or a word that
 * appears in a respelling of the lexicon. */
int loa_lexicon_is_syllable(const loa_lexicon *lex, const char *word, size_t len);

/* 1 when WORD is a syllable of the list however it is written: in any case, NFC or NFD,
 * with its tone mark on any of its vowels (HOÀ, hoà, hòa). Lookups of the decoder, which
 * meets every spelling a keyboard driver or a font encoding leaves. */
int loa_lexicon_spells_syllable(const loa_lexicon *lex, const char *word, size_t len);

/* The syllable that WORD (plain lower-case ASCII, as in a web address) is when
 * written without its marks (xuan xuân, hiem hiểm, viet việt), preferring one a
 * lexicon value uses; NULL when WORD is no such syllable. */
const char *loa_lexicon_bare_syllable(const loa_lexicon *lex, const char *word, size_t len);

/* 1 when the syllables A and B, written without their marks (cong, an), follow
 * each other in some abbreviation expansion or respelling (công an). */
int loa_lexicon_bare_pair(const loa_lexicon *lex, const char *a, size_t alen, const char *b,
                          size_t blen);

/* The phrases of the word list NAME of wordlists.tsv (lower case NFC, words
 * separated by one space), in the file's order, NULL-terminated; an empty list
 * when NAME is unknown. The normaliser reads these as the words its rules look
 * for and say (counted nouns, weekdays, the words of numbers...). */
const char *const *loa_lexicon_list(const loa_lexicon *lex, const char *name);

#endif
