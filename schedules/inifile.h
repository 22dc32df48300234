/* inifile.h: the station's INI files (loa.ini, slots.ini): one reader, one set of rules.
 *
 * The file is read whole (a folder, an unreadable file, or one over LOA_INI_MAX_BYTES is
 * an error naming it) and parsed from memory with inih, so that the same parse runs on a
 * file and on a buffer (the fuzz targets). inih reads at most 200 bytes a line; a longer
 * line is handed to it short and its value given back whole, so a key gets its value and
 * its own line number whatever the length (a long line used to be cut in two, the rest
 * read as another key). The syntax is inih's: [section], key = value or key: value,
 * comments starting with ';' or '#' (and after a space, ';' ends a value), an indented line
 * continuing the value above it (the handler gets the same key again), a UTF-8 BOM.
 *
 * The handler gets each key with its line, and returns 0, or -1 with a one-line message in
 * MSG (values it quotes escaped, lexicon/escape.h); the first problem stops
 * the parse's effects (later keys are not handed over) and comes back as
 * "NAME:LINE: message".
 */
#ifndef LOA_INIFILE_H
#define LOA_INIFILE_H

#include <stddef.h>

#define LOA_INI_MAX_BYTES (1u << 20)   /* a station's file is a few KB */

typedef int (*loa_ini_fn)(void *user, const char *section, const char *key, const char *value,
                          int line, char *msg, size_t msglen);

/* Parse TEXT (N bytes; NUL bytes in it end their line's value) called NAME in messages. */
int loa_ini_parse(const char *name, const char *text, size_t n, loa_ini_fn fn, void *user,
                  char *err, size_t errlen);

/* Read PATH whole into *TEXT (NUL-terminated, free it) and *N. Returns 0, or -1 with ERR
 * "PATH: problem". */
int loa_ini_read(const char *path, char **text, size_t *n, char *err, size_t errlen);

#endif
