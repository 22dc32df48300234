/* settings.h: every setting of a build in one table: its command-line flag, its loa.ini
 * section and key, its type, range, default and help, and whether it changes the sound.
 *
 * After redis's static_configs[] and LAME's one check in lame_init_params: the CLI
 * parser (cli/), the station configuration (schedules/config.c), `loa build --help`,
 * the build's validation (loa_build_opts_check) and the content key of cached audio
 * all read this table, so a setting is added, bounded or documented in one row.
 *
 * A value is taken from text in two steps: its form (a number, a known word, a date)
 * is read by loa_setting_set, its range is checked by the same check that
 * loa_build_opts_check runs over every row. Messages say what is wrong with the
 * value ("'3' must be a number from -40 to -5"); the caller names where it came from
 * ("--lufs: ", "loa.ini:4: ").
 */
#ifndef LOA_SETTINGS_H
#define LOA_SETTINGS_H

#include <stddef.h>
#include <stdio.h>

#include "pipeline/build.h"

typedef enum {
  LOA_SET_INT,      /* int: a whole number from min to max */
  LOA_SET_NUMBER,   /* double: a number from min to max */
  LOA_SET_WORD,     /* const char *: one of words() */
  LOA_SET_DIALECT,  /* loa_dialect: north or south (what loa_dialect_parse reads) */
  LOA_SET_PAUSES,   /* loa_pauses: four whole numbers of milliseconds from min to max */
  LOA_SET_DATE,     /* const char *: YYYY-MM-DD, or NULL (today) */
  LOA_SET_TEXT,     /* const char *: any text, or NULL */
  LOA_SET_PATH      /* const char *: a file (in loa.ini, relative to the file), or NULL */
} loa_setting_type;

enum {
  LOA_SET_SOUND = 1,      /* changes the sound: part of the content key */
  LOA_SET_ARG_OPTIONAL = 2, /* the flag may come without its value (--vbr, --vbr=2) */
  LOA_SET_ZERO_AUTO = 4   /* INT: 0 is taken too, for the automatic value DEF_HELP names */
};

typedef struct {
  const char *name;       /* in messages and in the content key */
  const char *flag;       /* command-line long option without "--"; NULL: none */
  const char *section;    /* loa.ini section and key; NULL: not in loa.ini */
  const char *key;
  loa_setting_type type;
  double min, max;        /* INT, NUMBER, PAUSES */
  const char *const *(*words)(void);  /* WORD, DIALECT: the known words, NULL-terminated */
  const char *def;        /* the default, written as a user would write it; NULL: unset */
  const char *def_help;   /* the default as the help says it, when DEF alone says too little */
  const char *arg;        /* the value's name in the help (WPM); NULL: the words, joined by | */
  const char *words_help; /* WORD: where the known words are listed, for the errors, when
                           * they are too many to name there; NULL: they are named */
  const char *group;      /* heading of the help it is listed under */
  const char *help;       /* what it does; the help adds the range and the default */
  unsigned flags;         /* LOA_SET_* */
  size_t offset;          /* of the value in loa_build_opts */
  size_t flag_turns_on;   /* 1 + offset of an int that the flag sets to 1 (--vbr); 0: none.
                           * When it is the setting itself, a flag alone sets 1 and a
                           * value given is taken as it is (--read-annex, --read-annex=0) */
} loa_setting;

/* The table, in the order of the help. */
extern const loa_setting loa_settings[];
extern const size_t loa_nsettings;

/* The row of a command-line flag (without "--") or of a loa.ini key; NULL if none. */
const loa_setting *loa_setting_by_flag(const char *flag);
const loa_setting *loa_setting_by_key(const char *section, const char *key);

/* Read TEXT as the value of S into O and check its range. TEXT must outlive O for the
 * text types (WORD, DATE, TEXT, PATH). Returns 0, or -1 with one line in ERR. */
int loa_setting_set(const loa_setting *s, const char *text, loa_build_opts *o, char *err,
                    size_t errlen);

/* The command-line flag of S given with ARG (NULL when an optional value is left out):
 * turns on what the flag turns on, then as loa_setting_set. */
int loa_setting_set_flag(const loa_setting *s, const char *arg, loa_build_opts *o, char *err,
                         size_t errlen);

/* S's value in O as text ("" when unset), as the content key hashes it. */
void loa_setting_format(const loa_setting *s, const loa_build_opts *o, char *out, size_t n);

/* The options part of `loa build --help` (also preview and programme): the flags,
 * grouped, each with its range and default; lines fit 80 columns. */
void loa_settings_help(FILE *out);
/* The loa.ini keys of the table, by section. */
void loa_settings_ini_help(FILE *out);

#endif
