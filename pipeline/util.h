/* util.h: the few small helpers pipeline/ and schedules/ need, in one place.
 *
 * loa_errf formats the one-line error message a library function hands back
 * (errors are returned, never printed deep inside; it is lexicon/buf.h's, shared by
 * every module); loa_mkdir_p makes a folder and its parents; loa_read_small reads a
 * small file whole.
 */
#ifndef LOA_UTIL_H
#define LOA_UTIL_H

#include "lexicon/buf.h"   /* loa_errf */

#include <stddef.h>

/* Make PATH and every missing parent (mode 0775). Returns 0, or -1 with errno. */
int loa_mkdir_p(const char *path);

/* The whole file at PATH, NUL-terminated (malloc'd; *LEN gets its length if LEN is
 * not NULL), or NULL with errno. For small files: configs, manifests, notes. */
char *loa_read_small(const char *path, size_t *len);

#endif
