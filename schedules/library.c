/* library.c: reading the folder of processed bulletins (done/ and below) with their headers and content keys. */
#include "schedules/plan.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "pipeline/build.h"
#include "tts/decode.h"
#include "pipeline/util.h"
#include "lexicon/buf.h"

static const char *const bulletin_ext[] = {".txt", ".md", ".docx", ".odt", ".pdf", NULL};

static int is_bulletin_name(const char *name)
{
  if (name[0] == '.')
    return 0;
  size_t n = strlen(name);
  if (n > 8 && !strcasecmp(name + n - 8, ".loi.txt"))   /* the watch daemon's error notes */
    return 0;
  const char *dot = strrchr(name, '.');
  for (int i = 0; dot && bulletin_ext[i]; i++)
    if (!strcasecmp(dot, bulletin_ext[i]))
      return 1;
  return 0;
}

/* When the file arrived: its birth time where the file system keeps one,
 * else the last status change (a rename into done/ sets it), never the
 * modification time, which a copy from another computer keeps. */
static time_t arrival_time(const char *path)
{
  struct statx sx;
  if (statx(AT_FDCWD, path, 0, STATX_BTIME | STATX_CTIME, &sx) == 0) {
    if ((sx.stx_mask & STATX_BTIME) && sx.stx_btime.tv_sec > 0)
      return (time_t)sx.stx_btime.tv_sec;
    return (time_t)sx.stx_ctime.tv_sec;
  }
  struct stat st;
  return stat(path, &st) == 0 ? st.st_ctime : 0;
}

/* Room for one more bulletin. */
static int grow(loa_library *lib)
{
  loa_bulletin *b = loa_grow(lib->b, &lib->cap, lib->n + 1, sizeof *b);
  if (!b)
    return -1;
  lib->b = b;
  return 0;
}

static void file_id(const char *path, loa_bulletin *b)
{
  struct stat st;
  if (stat(path, &st) == 0) {
    b->size = (long long)st.st_size;
    b->mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
    b->ctime_ns = (long long)st.st_ctim.tv_sec * 1000000000LL + st.st_ctim.tv_nsec;
  }
}

/* An earlier scan's entry for the same, unchanged file. */
static const loa_bulletin *memo_find(const loa_library *memo, const char *path, const char *folder)
{
  if (!memo)
    return NULL;
  loa_bulletin now = {0};
  file_id(path, &now);
  for (size_t i = 0; i < memo->n; i++) {
    const loa_bulletin *b = &memo->b[i];
    if (!strcmp(b->path, path) && !strcmp(b->folder, folder) && b->size == now.size &&
        b->mtime_ns == now.mtime_ns && b->ctime_ns == now.ctime_ns)
      return b;
  }
  return NULL;
}

static int add_file(loa_library *lib, const loa_library *memo, const char *path,
                    const char *folder, const void *build_opts, char *err, size_t errlen);

int loa_library_add_file(loa_library *lib, const char *path, const char *folder,
                         const void *build_opts, char *err, size_t errlen)
{
  return add_file(lib, NULL, path, folder ? folder : "", build_opts, err, errlen);
}

static int add_file(loa_library *lib, const loa_library *memo, const char *path,
                    const char *folder, const void *build_opts, char *err, size_t errlen)
{
  const loa_build_opts *o = build_opts;
  if (grow(lib))
    return loa_errf(err, errlen, "%s: out of memory", path), -1;
  loa_bulletin *b = &lib->b[lib->n];
  const loa_bulletin *old = memo_find(memo, path, folder);
  if (old) {
    *b = *old;
    lib->n++;
    return 0;
  }
  memset(b, 0, sizeof *b);
  file_id(path, b);
  snprintf(b->path, sizeof b->path, "%s", path);
  snprintf(b->folder, sizeof b->folder, "%s", folder ? folder : "");
  loa_text t = {0};
  char e[512];
  int rc = 0;
  if (loa_decode_file(path, o ? o->encoding : NULL, o ? o->max_input_bytes : 0, &t, e, sizeof e))
    rc = -1;
  else {
    rc = loa_header_parse(t.text, t.len, &b->h, e, sizeof e);
    loa_text_free(&t);
  }
  if (!rc && o && loa_build_key_file(path, o, b->key, e, sizeof e))
    rc = -1;
  if (rc) {   /* kept, marked, so that a rescan does not report it again */
    b->invalid = 1;
    lib->n++;
    return loa_errf(err, errlen, "%s: %s", path, e), -1;
  }
  b->arrived = arrival_time(path);
  if (*b->h.title)
    snprintf(b->title, sizeof b->title, "%s", b->h.title);
  else {
    const char *base = strrchr(path, '/');
    snprintf(b->title, sizeof b->title, "%s", base ? base + 1 : path);
    char *dot = strrchr(b->title, '.');
    if (dot && dot != b->title)
      *dot = 0;
  }
  lib->n++;
  return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
  return strcmp((*a)->d_name, (*b)->d_name);
}

static int scan_dir(loa_library *lib, const loa_library *memo, const char *dir,
                    const char *folder, int depth,
                    const loa_slots *s, const void *opts, loa_warn_fn warn, void *user,
                    char *err, size_t errlen)
{
  struct dirent **ents;
  int n = scandir(dir, &ents, NULL, by_name);
  if (n < 0) {
    if (errno == ENOENT && depth == 0)
      return 0;
    return loa_errf(err, errlen, "%s: cannot read the folder (%s)", dir, strerror(errno)), -1;
  }
  int rc = 0;
  for (int i = 0; i < n; i++) {
    const char *name = ents[i]->d_name;
    char path[4096];
    struct stat st;
    if (name[0] == '.' || snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path ||
        stat(path, &st)) {
      free(ents[i]);
      continue;
    }
    if (S_ISDIR(st.st_mode) && depth < 4 && !rc)
      rc = scan_dir(lib, memo, path, depth == 0 ? name : folder, depth + 1, s, opts, warn,
                    user, err, errlen);
    else if (S_ISREG(st.st_mode) && is_bulletin_name(name) && !rc) {
      char e[1024];
      if (add_file(lib, memo, path, folder, opts, e, sizeof e) && warn)
        warn(user, e);
    }
    free(ents[i]);
  }
  free(ents);
  return rc;
}

int loa_library_scan(loa_library *lib, const char *dir, const loa_slots *s,
                     const void *build_opts, loa_warn_fn warn, void *user,
                     char *err, size_t errlen)
{
  loa_library memo = *lib;
  memset(lib, 0, sizeof *lib);
  int rc = scan_dir(lib, &memo, dir, "", 0, s, build_opts, warn, user, err, errlen);
  free(memo.b);
  return rc;
}

void loa_library_free(loa_library *lib)
{
  free(lib->b);
  memset(lib, 0, sizeof *lib);
}
