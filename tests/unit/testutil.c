/* testutil.c: the unit tests' shared helpers (testutil.h): paths in the source tree, temporary
 * folders made and removed, whole files, table cells and case tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

#include "lexicon/lexicon.h"
#include "testutil.h"

/* ---- the source tree ---- */

const char *tu_source_dir(void)
{
  const char *s = getenv("LOA_SOURCE_DIR");
  return s && *s ? s : LOA_SOURCE_DIR;
}

char *tu_path(char *out, size_t len, const char *dir, const char *name)
{
  int n = snprintf(out, len, "%s/%s", dir, name);
  if (n < 0 || (size_t)n >= len)
    fail_msg("path too long: %s/%s", dir, name);
  return out;
}

char *tu_source_path(char *out, size_t len, const char *rel)
{
  return tu_path(out, len, tu_source_dir(), rel);
}

/* ---- temporary folders ---- */

int tu_tmpdir(char *dir, size_t len, const char *name)
{
  const char *tmp = getenv("TMPDIR");
  int n = snprintf(dir, len, "%s/loa-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", name);
  if (n < 0 || (size_t)n >= len)
    return -1;
  return mkdtemp(dir) ? 0 : -1;
}

/* Removes NAME in the folder open as AT and, for a folder, all it holds (made readable first: a test
 * may have taken its modes away). */
static int remove_at(int at, const char *name)
{
  struct stat st;
  if (fstatat(at, name, &st, AT_SYMLINK_NOFOLLOW))
    return errno == ENOENT ? 0 : -1;
  if (!S_ISDIR(st.st_mode))
    return unlinkat(at, name, 0);
  fchmodat(at, name, 0700, 0);
  int fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  DIR *d = fd < 0 ? NULL : fdopendir(fd);
  if (!d) {
    if (fd >= 0)
      close(fd);
    return -1;
  }
  int rc = 0;
  struct dirent *e;
  while ((e = readdir(d)))
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
      rc |= remove_at(dirfd(d), e->d_name);
  closedir(d);
  if (unlinkat(at, name, AT_REMOVEDIR))
    return -1;
  return rc ? -1 : 0;
}

int tu_rmtree(const char *path)
{
  return remove_at(AT_FDCWD, path);
}

int tu_tmpdir_done(const char *dir)
{
  if (getenv("LOA_TEST_KEEP")) {
    print_message("kept %s\n", dir);
    return 0;
  }
  return tu_rmtree(dir);
}

/* ---- whole files ---- */

void tu_write_file(const char *path, const void *data, size_t n)
{
  FILE *f = fopen(path, "wb");
  if (!f)
    fail_msg("cannot write %s: %s", path, strerror(errno));
  size_t put = n ? fwrite(data, 1, n, f) : 0;
  if (fclose(f) || put != n)
    fail_msg("cannot write %s: %s", path, strerror(errno));
}

void tu_write_text(const char *path, const char *text)
{
  tu_write_file(path, text, strlen(text));
}

void tu_make_parents(const char *path)
{
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s", path);
  for (char *p = tmp + 1; *p; p++)
    if (*p == '/') {
      *p = 0;
      mkdir(tmp, 0775);
      *p = '/';
    }
}

char *tu_read_file(const char *path, size_t *n)
{
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t len = 0, cap = 8192;
  char *buf = malloc(cap);
  size_t got;
  while (buf && (got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
    len += got;
    if (cap - len < 4096)
      buf = realloc(buf, cap *= 2);
  }
  fclose(f);
  if (!buf)
    fail_msg("out of memory reading %s", path);
  buf[len] = 0;
  if (n)
    *n = len;
  return buf;
}

int tu_exists(const char *path)
{
  struct stat st;
  return lstat(path, &st) == 0;
}

int tu_count_entries(const char *dir)
{
  DIR *d = opendir(dir);
  if (!d)
    return -1;
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)))
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
      n++;
  closedir(d);
  return n;
}

/* ---- case tables ---- */

char *tu_unescape(const char *s)
{
  char *o = malloc(strlen(s) * 4 + 1);   /* \uXXXX is 6 bytes in, at most 3 out */
  size_t k = 0;
  for (; *s; s++) {
    if (*s != '\\' || !s[1]) {
      o[k++] = *s;
      continue;
    }
    s++;
    if (*s == 'n')
      o[k++] = '\n';
    else if (*s == 't')
      o[k++] = '\t';
    else if (*s == 'r')
      o[k++] = '\r';
    else if (*s == 'f')
      o[k++] = '\f';
    else if (*s == 'u' && strlen(s + 1) >= 4) {
      char hex[5] = {0};
      memcpy(hex, s + 1, 4);
      s += 4;
      k += (size_t)utf8proc_encode_char((utf8proc_int32_t)strtol(hex, NULL, 16), (utf8proc_uint8_t *)o + k);
    } else if (*s == 'x' && s[1] && s[2]) {
      char hex[3] = {s[1], s[2], 0};
      o[k++] = (char)strtol(hex, NULL, 16);
      s += 2;
    } else {
      o[k++] = *s;
    }
  }
  o[k] = 0;
  return o;
}

void tu_table_open(tu_table *t, const char *path)
{
  memset(t, 0, sizeof *t);
  snprintf(t->path, sizeof t->path, "%s", path);
  t->f = fopen(path, "r");
  if (!t->f)
    fail_msg("cannot open %s: %s", path, strerror(errno));
}

int tu_table_next(tu_table *t)
{
  ssize_t n;
  while ((n = getline(&t->buf, &t->cap, t->f)) >= 0) {
    t->line++;
    while (n && (t->buf[n - 1] == '\n' || t->buf[n - 1] == '\r'))
      t->buf[--n] = 0;
    if (!n || t->buf[0] == '#')
      continue;
    t->ncells = 0;
    for (char *c = t->buf; c; t->ncells++) {
      t->cell[t->ncells] = c;
      c = t->ncells + 1 < TU_TABLE_CELLS ? strchr(c, '\t') : NULL;
      if (c)
        *c++ = 0;
    }
    const char *src = tu_source_dir();
    size_t sl = strlen(src);
    const char *shown = !strncmp(t->path, src, sl) && t->path[sl] == '/' ? t->path + sl + 1 : t->path;
    snprintf(t->where, sizeof t->where, "%s:%d", shown, t->line);
    return 1;
  }
  return 0;
}

void tu_table_need(const tu_table *t, int min)
{
  if (t->ncells < min)
    fail_msg("%s: the row has %d cells, not at least %d", t->where, t->ncells, min);
}

void tu_table_close(tu_table *t)
{
  if (t->f)
    fclose(t->f);
  free(t->buf);
  memset(t, 0, sizeof *t);
}

/* ---- the shipped data ---- */

int tu_load_lexicon(loa_lexicon **lex)
{
  char dir[4096], err[512];
  int rc = loa_lexicon_load(lex, tu_source_path(dir, sizeof dir, "lexicon"), err, sizeof err);
  if (rc)
    fprintf(stderr, "lexicon: %s\n", err);
  return rc;
}
