/* datadir.c: where loa's shipped data (lexicon/, tts/, pipeline/, schedules/, samples/) lives.
 *
 * The data folder has the source tree's layout. It is, in this order:
 *   1. $LOA_DATA_DIR, when set (tests, a copy of the data, an unusual install);
 *   2. the source tree, when the running program is inside the build tree it was built in
 *      (build/loa, the unit tests, the bench: a developer's edits are read at once);
 *   3. the installed data folder, DATADIR/loa (/usr/share/loa for the Debian package).
 * Which of 2 and 3 applies is decided by where the executable is (/proc/self/exe), so the
 * same binary works from the build tree and once installed. A build made for a package
 * (LOA_DATA_FROM_BUILD_TREE off) knows only 3 and carries no build path.
 */
#include "lexicon/lexicon.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef LOA_INSTALL_DATADIR
#define LOA_INSTALL_DATADIR "/usr/share/loa"
#endif

#if defined(LOA_SOURCE_DIR) && defined(LOA_BUILD_DIR)
/* 1 if the running executable lies under the build tree BUILD (both resolved). */
static int running_from(const char *build)
{
  char exe[PATH_MAX], dir[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0 || !realpath(build, dir))
    return 0;
  exe[n] = '\0';
  size_t len = strlen(dir);
  return strncmp(exe, dir, len) == 0 && exe[len] == '/';
}
#endif

const char *loa_data_dir(void)
{
  const char *d = getenv("LOA_DATA_DIR");
  if (d && *d)
    return d;
#if defined(LOA_SOURCE_DIR) && defined(LOA_BUILD_DIR)
  if (running_from(LOA_BUILD_DIR))
    return LOA_SOURCE_DIR;
#endif
  return LOA_INSTALL_DATADIR;
}

/* The files every command reads from the data folder, one per folder of it. */
static const char *const needed[] = {
  "lexicon/abbreviations.tsv", "lexicon/wordlists.tsv", "lexicon/syllables.txt",
  "tts/clean.tsv", "pipeline/presets.ini", "schedules/slots.ini",
};

int loa_data_check(char *err, size_t errlen)
{
  const char *dir = loa_data_dir();
  const char *how = getenv("LOA_DATA_DIR") && *getenv("LOA_DATA_DIR")
                        ? "check LOA_DATA_DIR"
                        : "reinstall loa, or set LOA_DATA_DIR to the folder holding lexicon/, "
                          "tts/, pipeline/ and schedules/";
  for (size_t i = 0; i < sizeof needed / sizeof *needed; i++) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, needed[i]);
    if (access(path, R_OK) != 0) {
      int e = errno;
      snprintf(err, errlen, "loa's data folder %s cannot be used: %s: %s (%s)", dir, needed[i],
               strerror(e), how);
      return -1;
    }
  }
  return 0;
}
