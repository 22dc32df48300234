/* publish.h: writing files so that no reader ever sees half of one.
 *
 * A file is written to a temporary name in its target folder (".NAME.XXXXXX.tmp"),
 * fsynced, renamed over the target, and the folder is fsynced. Readers that
 * skip dotfiles and *.tmp (the scheduler, Liquidsoap, the watch folder) never
 * see a partial file; after a crash only a stray temporary can remain.
 */
#ifndef LOA_PUBLISH_H
#define LOA_PUBLISH_H

#include <stddef.h>
#include <stdio.h>

typedef struct {
  char final_path[4096];
  char tmp_path[4096];
  FILE *fp;
  int fd;
} loa_atomic_file;

/* Opens the temporary file; returns 0 or -errno. */
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
