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
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pipeline/build.h"
#include "tts/decode.h"
#include "pipeline/util.h"
#include "lexicon/buf.h"
#include "pipeline/publish.h"

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

int loa_bulletin_hold_path(const char *path, char *out, size_t len)
{
  const char *slash = strrchr(path, '/');
  int dir = slash ? (int)(slash - path) + 1 : 0;
  int n = snprintf(out, len, "%.*s.%s.cho-duyet", dir, path, path + dir);
  return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* 1 when the bulletin at PATH has its hold mark (an unreadable name counts as held). */
static int is_held(const char *path)
{
  char mark[4200];
  struct stat st;
  return loa_bulletin_hold_path(path, mark, sizeof mark) || lstat(mark, &st) == 0;
}

int loa_library_add_file(loa_library *lib, const char *path, const char *folder,
                         const void *build_opts, char *err, size_t errlen)
{
  return add_file(lib, NULL, path, folder ? folder : "", build_opts, err, errlen);
}

/* B's title: its header's, else the file name without its extension. */
static void set_title(loa_bulletin *b)
{
  if (*b->h.title) {
    snprintf(b->title, sizeof b->title, "%s", b->h.title);
    return;
  }
  const char *base = strrchr(b->path, '/');
  snprintf(b->title, sizeof b->title, "%.255s", base ? base + 1 : b->path);
  char *dot = strrchr(b->title, '.');
  if (dot && dot != b->title)
    *dot = 0;
}

int loa_bulletin_read(loa_bulletin *b, const char *path, const char *folder, const char *encoding,
                      size_t max_bytes, char *err, size_t errlen)
{
  memset(b, 0, sizeof *b);
  file_id(path, b);
  snprintf(b->path, sizeof b->path, "%s", path);
  snprintf(b->folder, sizeof b->folder, "%s", folder ? folder : "");
  loa_text t = {0};
  if (loa_decode_file(path, encoding, max_bytes, &t, err, errlen))
    return -1;
  int rc = loa_header_parse(t.text, t.len, &b->h, err, errlen);
  loa_text_free(&t);
  if (rc)
    return -1;
  b->arrived = arrival_time(path);
  set_title(b);
  return 0;
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
    b->held = is_held(path);   /* approval changes nothing in the file itself */
    lib->n++;
    return 0;
  }
  char e[512];
  int rc = loa_bulletin_read(b, path, folder, o ? o->encoding : NULL, o ? o->max_input_bytes : 0,
                             e, sizeof e);
  if (!rc && o && loa_build_key_file(path, o, b->key, e, sizeof e))
    rc = -1;
  lib->n++;
  if (rc) {   /* kept, marked, so that a rescan does not report it again */
    b->invalid = 1;
    return loa_errf(err, errlen, "%s: %s", path, e), -1;
  }
  b->held = is_held(path);
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

/* ---------------------------------------------------------------- withdrawal */

/* Does bulletin B (under LIB_DIR) answer to WHAT? */
static int answers_to(const loa_bulletin *b, const char *lib_dir, const char *what)
{
  size_t n = strlen(lib_dir);
  const char *rel = !strncmp(b->path, lib_dir, n) && b->path[n] == '/' ? b->path + n + 1 : b->path;
  const char *base = strrchr(b->path, '/');
  base = base ? base + 1 : b->path;
  const char *dot = strrchr(base, '.');
  size_t stem = dot && dot != base ? (size_t)(dot - base) : strlen(base);
  size_t k = strlen(what), hex = strspn(what, "0123456789abcdef");
  if (!strcmp(rel, what) || !strcmp(base, what) || (strlen(what) == stem && !strncmp(base, what, stem)))
    return 1;
  return k >= 8 && hex == k && b->key[0] && !strncmp(b->key, what, k);
}

/* WHAT as a path to a file under LIB_DIR (REAL_LIB its real path): its path under it. */
static int path_under(const char *what, const char *real_lib, char *rel, size_t n)
{
  char real[PATH_MAX];
  struct stat st;
  if (stat(what, &st) != 0 || !S_ISREG(st.st_mode) || !realpath(what, real))
    return 0;
  size_t k = strlen(real_lib);
  if (strncmp(real, real_lib, k) || real[k] != '/')
    return 0;
  snprintf(rel, n, "%s", real + k + 1);
  return 1;
}

/* Move LIB_DIR/REL to LIB_DIR/.withdrawn/REL, or "NAME (2).txt"... beside it. */
static int move_withdrawn(const char *lib_dir, const char *rel, char *kept, size_t n)
{
  char dir[4096], base[1024], from[8192];
  const char *slash = strrchr(rel, '/');
  if (snprintf(dir, sizeof dir, "%s/.withdrawn%s%.*s", lib_dir, slash ? "/" : "",
               slash ? (int)(slash - rel) : 0, rel) >= (int)sizeof dir ||
      snprintf(base, sizeof base, "%s", slash ? slash + 1 : rel) >= (int)sizeof base ||
      snprintf(from, sizeof from, "%s/%s", lib_dir, rel) >= (int)sizeof from)
    return -ENAMETOOLONG;
  if (loa_mkdir_p(dir))
    return -errno;
  const char *dot = strrchr(base, '.');
  int stem = dot && dot != base ? (int)(dot - base) : (int)strlen(base);
  for (int i = 1; i < 1000; i++) {
    int w = i == 1 ? snprintf(kept, n, "%s/%s", dir, base)
                   : snprintf(kept, n, "%s/%.*s (%d)%s", dir, stem, base, i, base + stem);
    if (w < 0 || (size_t)w >= n)
      return -ENAMETOOLONG;
    if (renameat2(AT_FDCWD, from, AT_FDCWD, kept, RENAME_NOREPLACE) == 0) {
      loa_fsync_dir_of(kept);
      loa_fsync_dir_of(from);
      return 0;
    }
    if (errno != EEXIST)
      return -errno;
  }
  return -EEXIST;
}

static const char *rel_of(const loa_bulletin *b, const char *real_lib)
{
  return b->path + strlen(real_lib) + 1;
}

/* The bulletin of LIB that WHAT (or, for a path elsewhere, its name) names, with
 * every one of its copies marked in TAKE; its index, or a LOA_WITHDRAW_E* code. */
static int pick(const loa_library *lib, const char *real_lib, const char *what, int by_path,
                const char *rel, unsigned char *take, char *err, size_t errlen)
{
  /* a path elsewhere (out/sang/x.mp3): the bulletin of that name */
  char name[1024] = "";
  const char *slash = strrchr(what, '/');
  if (!by_path && slash && slash[1]) {
    snprintf(name, sizeof name, "%s", slash + 1);
    char *dot = strrchr(name, '.');
    if (dot && dot != name && !strcasecmp(dot, ".mp3"))
      *dot = 0;
  }
  int found = -1, keys = 0;
  char list[1024] = "";
  for (int pass = 0; pass < 2 && found < 0; pass++) {
    const char *as = pass ? name : what;
    if (pass && !name[0])
      break;
    for (size_t i = 0; i < lib->n; i++) {
      const loa_bulletin *b = &lib->b[i];
      if (by_path ? strcmp(rel_of(b, real_lib), rel) : !answers_to(b, real_lib, as))
        continue;
      /* several files of one content are one bulletin */
      if (found >= 0 && b->key[0] && !strcmp(b->key, lib->b[found].key))
        continue;
      if (keys++ < 5) {
        size_t len = strlen(list);
        snprintf(list + len, sizeof list - len, "%s%s", len ? ", " : "", rel_of(b, real_lib));
      }
      found = (int)i;
    }
  }
  if (found < 0)
    return loa_errf(err, errlen, "%s: no bulletin of the library is that (give its file, its "
                    "name, or the start of its key as `loa status` shows it)", what),
           LOA_WITHDRAW_ENOENT;
  if (keys > 1)
    return loa_errf(err, errlen, "%s: %d bulletins answer to it (%s%s): give its path under the "
                    "library", what, keys, list, keys > 5 ? ", ..." : ""),
           LOA_WITHDRAW_EAMBIGUOUS;
  for (size_t i = 0; i < lib->n; i++)
    take[i] = (int)i == found ||
              (lib->b[found].key[0] && !strcmp(lib->b[i].key, lib->b[found].key));
  return found;
}

int loa_library_withdraw(const char *lib_dir, const char *what, const void *build_opts,
                         loa_withdrawal *w, size_t max, size_t *n, char *err, size_t errlen)
{
  *n = 0;
  char real_lib[PATH_MAX], rel[4096] = "";
  if (!realpath(lib_dir, real_lib))
    return loa_errf(err, errlen, "%s: %s", lib_dir, strerror(errno)), LOA_WITHDRAW_ENOENT;
  int by_path = path_under(what, real_lib, rel, sizeof rel);
  loa_library lib = {0};
  if (loa_library_scan(&lib, real_lib, NULL, build_opts, NULL, NULL, err, errlen))
    return LOA_WITHDRAW_EIO;
  unsigned char *take = calloc(lib.n + 1, 1);
  int rc = take ? pick(&lib, real_lib, what, by_path, rel, take, err, errlen) : LOA_WITHDRAW_EIO;
  if (rc >= 0) {
    /* the one named first, then its copies */
    size_t order[2] = {(size_t)rc, 0};
    rc = LOA_WITHDRAW_OK;
    for (size_t k = 0; k <= lib.n && *n < max && !rc; k++) {
      size_t i = k == 0 ? order[0] : k - 1;
      if (!take[i] || (k > 0 && i == order[0]))
        continue;
      const loa_bulletin *b = &lib.b[i];
      loa_withdrawal *x = &w[(*n)++];
      memset(x, 0, sizeof *x);
      snprintf(x->rel, sizeof x->rel, "%s", rel_of(b, real_lib));
      snprintf(x->key, sizeof x->key, "%s", b->key);
      snprintf(x->title, sizeof x->title, "%s", b->title);
      int m = move_withdrawn(real_lib, x->rel, x->kept, sizeof x->kept);
      if (m) {
        loa_errf(err, errlen, "%s: cannot move it to %s/.withdrawn: %s", b->path, lib_dir,
                 strerror(-m));
        (*n)--;
        rc = LOA_WITHDRAW_EIO;
      }
    }
  }
  free(take);
  loa_library_free(&lib);
  return rc;
}
