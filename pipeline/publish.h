/* publish.h: writing files so that no reader ever sees half of one.
 *
 * A file is written as a file without a name in its target folder (O_TMPFILE),
 * fsynced, given a hidden name (".NAME.N.tmp", or ".loa.N.tmp" when NAME is too
 * long for that) and renamed over the target with the stop signals held back,
 * and the folder is fsynced. A process killed while it writes leaves nothing
 * behind; readers never see a partial file. On a file system without unnamed
 * files the hidden name is made first: only a kill -9 can then leave a stray
 * temporary, which readers skip (dotfiles, *.tmp).
 *
 * Only a missing target, a regular file or a link is ever replaced: a device,
 * a pipe, a socket or a folder at the target is refused with -EEXIST.
 */
#ifndef LOA_PUBLISH_H
#define LOA_PUBLISH_H

#include <stddef.h>
#include <stdio.h>

typedef struct {
  char final_path[4096];
  char tmp_path[4096];        /* "" while the file has no name */
  FILE *fp;
  int fd;
} loa_atomic_file;

/* Opens the temporary file; returns 0 or -errno (-EEXIST: the target is not a
 * regular file). */
int loa_atomic_open(loa_atomic_file *f, const char *final_path);
/* Flushes, fsyncs, renames, fsyncs the folder; returns 0 or -errno (the
 * temporary is removed on failure). */
int loa_atomic_commit(loa_atomic_file *f);
/* Removes the temporary, leaves the target untouched. */
void loa_atomic_abort(loa_atomic_file *f);

/* Write a whole buffer atomically. */
int loa_atomic_write(const char *final_path, const void *buf, size_t n);

/* fsync the folder holding PATH. */
int loa_fsync_dir_of(const char *path);

#endif
