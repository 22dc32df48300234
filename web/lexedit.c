/* lexedit.c: the local lexicon in the web console (rows read, changed and checked as the
 * CLI checks them: the shipped tables loaded with the edited file as their override),
 * word previews through `loa build`, and a bulletin's reading line by line. */
#include "web/web_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lexicon/lexicon.h"
#include "tts/decode.h"
#include "tts/header.h"
#include "web/json.h"
#include "web/fmt.h"

extern char **environ;

static const char *local_file(const wserver *w)
{
  const char *p = w->c->build.lexicon_override;
  return p && *p ? p : NULL;
}

/* Load the shipped tables with OVERRIDE (NULL: none, or a missing file) into *LEX. */
static int load_with(const char *override, loa_lexicon **lex, char *err, size_t errlen)
{
  if (loa_lexicon_load(lex, NULL, err, errlen))
    return -1;
  struct stat st;
  if (override && stat(override, &st) == 0 && loa_lexicon_add_override(*lex, override, err, errlen)) {
    loa_lexicon_free(*lex);
    *lex = NULL;
    return -1;
  }
  return 0;
}

int lex_reload(wserver *w, char *err, size_t errlen)
{
  loa_lexicon *lex;
  if (load_with(local_file(w), &lex, err, errlen))
    return -1;
  loa_normalizer *norm = loa_normalizer_new(lex, w->c->build.dialect);
  if (!norm) {
    loa_lexicon_free(lex);
    return loa_errf(err, errlen, "the lexicon lacks %s", loa_normalizer_lacks(lex) ? "a word list" : "memory");
  }
  loa_normalizer_free(w->norm);
  loa_lexicon_free(w->lex);
  w->lex = lex;
  w->norm = norm;
  return 0;
}

/* ---------------------------------------------------------------- reading */

int lex_reading(wserver *w, const char *path, loa_buf *b, loa_buf *warnings)
{
  loa_text t;
  char e[512];
  int nw = 0;
  if (loa_decode_file(path, w->c->build.encoding, w->c->max_bytes, &t, e, sizeof e))
    return -1;
  loa_buf_putc(warnings, '[');
  loa_header h;
  size_t start = 0;
  int lineno = 1;
  if (!loa_header_parse(t.text, t.len, &h, e, sizeof e) && h.present) {
    start = h.body_offset;
    lineno = h.body_line;
  }
  loa_buf_putc(b, '[');
  int n = 0;
  pthread_mutex_lock(&w->lock);
  for (size_t i = start; i < t.len; lineno++) {
    const char *nl = memchr(t.text + i, '\n', t.len - i);
    size_t end = nl ? (size_t)(nl - t.text) : t.len, len = end - i;
    if (len && t.text[i + len - 1] == '\r')
      len--;
    char *spoken = NULL;
    loa_findings f = {0};
    if (len && loa_normalize_line(w->norm, t.text + i, len, lineno, 0, &spoken, &f) == 0) {
      char *line = strndup(t.text + i, len);
      loa_buf_puts(b, n++ ? ",{" : "{");
      loa_json_kv_int(b, 1, "line", lineno);
      loa_json_kv_str(b, 0, "text", line ? line : "");
      loa_json_kv_str(b, 0, "spoken", spoken);
      loa_buf_puts(b, ",\"findings\":[");
      for (size_t k = 0; k < f.n; k++) {
        loa_buf_puts(b, k ? ",{" : "{");
        loa_json_kv_int(b, 1, "col", f.items[k].col);
        loa_json_kv_str(b, 0, "token", f.items[k].token);
        loa_json_kv_str(b, 0, "reason", f.items[k].reason);
        loa_buf_putc(b, '}');
        loa_buf_puts(warnings, nw++ ? ",{" : "{");      /* as `loa check` lists them */
        loa_json_kv_int(warnings, 1, "line", lineno);
        loa_json_kv_int(warnings, 0, "col", f.items[k].col);
        loa_json_kv_str(warnings, 0, "token", f.items[k].token);
        loa_json_kv_str(warnings, 0, "reason", f.items[k].reason);
        loa_buf_putc(warnings, '}');
      }
      loa_buf_puts(b, "]}");
      free(line);
    }
    free(spoken);
    loa_findings_free(&f);
    i = end + 1;
  }
  pthread_mutex_unlock(&w->lock);
  loa_buf_putc(b, ']');
  loa_buf_putc(warnings, ']');
  loa_text_free(&t);
  return 0;
}

/* ---------------------------------------------------------------- rows */

typedef struct {
  char **lines;
  size_t n, cap;
} lines_t;

static void lines_free(lines_t *l)
{
  for (size_t i = 0; i < l->n; i++)
    free(l->lines[i]);
  free(l->lines);
}

static int lines_read(const char *path, lines_t *l)
{
  memset(l, 0, sizeof *l);
  FILE *f = fopen(path, "re");
  if (!f)
    return errno == ENOENT ? 0 : -1;
  char *line = NULL;
  size_t cap = 0;
  ssize_t k;
  while ((k = getline(&line, &cap, f)) >= 0) {
    line[strcspn(line, "\r\n")] = 0;
    char **p = loa_grow(l->lines, &l->cap, l->n + 1, sizeof *l->lines);
    if (!p)
      break;
    l->lines = p;
    l->lines[l->n++] = strdup(line);
  }
  free(line);
  fclose(f);
  return 0;
}

/* Split a row "table\tkey\tspoken[\tcontext]" (in place). */
static int split_row(char *line, char *col[4])
{
  if (!line || !*line || line[0] == '#')
    return 0;
  int n = 0;
  col[0] = col[1] = col[2] = col[3] = "";
  for (char *p = line; n < 4; n++) {
    col[n] = p;
    char *tab = strchr(p, '\t');
    if (!tab) {
      n++;
      break;
    }
    *tab = 0;
    p = tab + 1;
  }
  return n >= 3;
}

void lex_get(wserver *w, wres *r)
{
  const char *file = local_file(w);
  loa_buf *o = &r->body;
  r->status = 200;
  loa_buf_putc(o, '{');
  loa_json_kv_str(o, 1, "file", file ? file : "");
  loa_json_kv_bool(o, 0, "editable", file != NULL);
  loa_buf_puts(o, ",\"rows\":[");
  lines_t l;
  int n = 0;
  pthread_mutex_lock(&w->lock);
  if (file && lines_read(file, &l) == 0) {
    for (size_t i = 0; i < l.n; i++) {
      char *copy = strdup(l.lines[i] ? l.lines[i] : ""), *col[4];
      if (copy && split_row(copy, col)) {
        loa_buf_puts(o, n++ ? ",{" : "{");
        loa_json_kv_str(o, 1, "table", col[0]);
        loa_json_kv_str(o, 0, "key", col[1]);
        loa_json_kv_str(o, 0, "spoken", col[2]);
        loa_json_kv_str(o, 0, "context", col[3]);
        loa_json_kv_int(o, 0, "line", (long long)i + 1);
        loa_buf_putc(o, '}');
      }
      free(copy);
    }
    lines_free(&l);
  }
  pthread_mutex_unlock(&w->lock);
  loa_buf_puts(o, "]}");
}

static int clean_field(const char *v)
{
  return !strpbrk(v, "\t\r\n") && strlen(v) < 400;
}

/* Write L to FILE through a checked temporary: the shipped tables with it as the
 * override must load (the CLI's own check), then it replaces FILE. Lock held. */
static int save_checked(wserver *w, const char *file, const lines_t *l, char *err, size_t errlen)
{
  char tmp[4200];
  web_fmt(tmp, sizeof tmp, "%s.web-tmp", file);
  FILE *f = fopen(tmp, "we");
  if (!f)
    return loa_errf(err, errlen, "%s: %s", tmp, strerror(errno)), 500;
  for (size_t i = 0; i < l->n; i++)
    if (l->lines[i])
      fprintf(f, "%s\n", l->lines[i]);
  int bad = fflush(f) || fsync(fileno(f));
  if (fclose(f) || bad) {
    unlink(tmp);
    return loa_errf(err, errlen, "%s: %s", tmp, strerror(errno)), 500;
  }
  loa_lexicon *lex;
  char e[512];
  if (load_with(tmp, &lex, e, sizeof e)) {
    unlink(tmp);
    /* the message names the temporary: name the file the clerk knows */
    char *at = strstr(e, ".web-tmp");
    if (at)
      memmove(at, at + 8, strlen(at + 8) + 1);
    return loa_errf(err, errlen, "%s", e), 400;
  }
  loa_lexicon_free(lex);
  if (rename(tmp, file)) {
    unlink(tmp);
    return loa_errf(err, errlen, "%s: %s", file, strerror(errno)), 500;
  }
  return lex_reload(w, err, errlen) ? 500 : 0;
}

/* Find the row of TABLE and KEY in L: its index, or -1. */
static long find_row(const lines_t *l, const char *table, const char *key)
{
  for (size_t i = 0; i < l->n; i++) {
    char *copy = strdup(l->lines[i] ? l->lines[i] : ""), *col[4];
    int hit = copy && split_row(copy, col) && !strcmp(col[0], table) && !strcmp(col[1], key);
    free(copy);
    if (hit)
      return (long)i;
  }
  return -1;
}

static void lex_change(wserver *w, wreq *q, wres *r, int remove)
{
  const char *file = local_file(w);
  if (!file)
    return web_json_error(r, 409, "chưa khai báo từ điển riêng ([voice] lexicon = ...) / no local lexicon configured");
  char table[16], key[400], spoken[400] = "", context[400] = "", err[768];
  if (web_arg(q, "table", table, sizeof table) != 1 || web_arg(q, "key", key, sizeof key) != 1 ||
      (!remove && web_arg(q, "spoken", spoken, sizeof spoken) != 1))
    return web_json_error(r, 400, "cần table, key, spoken / table, key and spoken needed");
  web_arg(q, "context", context, sizeof context);
  if (!clean_field(table) || !clean_field(key) || !clean_field(spoken) || !clean_field(context) || !*key)
    return web_json_error(r, 400, "một dòng, không có tab / one line, no tab");
  lines_t l;
  pthread_mutex_lock(&w->lock);
  if (lines_read(file, &l)) {
    pthread_mutex_unlock(&w->lock);
    return web_json_error(r, 500, "cannot read the local lexicon");
  }
  long at = find_row(&l, table, key);
  int status = 0;
  if (remove) {
    if (at < 0)
      status = 404, loa_errf(err, sizeof err, "không có dòng này / no such row");
    else
      free(l.lines[at]), l.lines[at] = NULL;
  } else {
    char row[1400];
    web_fmt(row, sizeof row, "%s\t%s\t%s%s%s", table, key, spoken, *context ? "\t" : "", context);
    char **p = at >= 0 ? l.lines : loa_grow(l.lines, &l.cap, l.n + 1, sizeof *l.lines);
    if (!p)
      status = 500, loa_errf(err, sizeof err, "out of memory");
    else if (at >= 0)
      free(l.lines[at]), l.lines[at] = strdup(row);
    else
      l.lines = p, l.lines[l.n++] = strdup(row);
  }
  if (!status)
    status = save_checked(w, file, &l, err, sizeof err);
  pthread_mutex_unlock(&w->lock);
  lines_free(&l);
  if (status)
    return web_json_error(r, status, err);
  char target[480];
  web_fmt(target, sizeof target, "%s\t%s", table, key);
  web_audit(w, q, remove ? "lexicon-delete" : "lexicon-set", target, spoken);
  r->status = 200;
  loa_buf_puts(&r->body, "{}");
}

void lex_put(wserver *w, wreq *q, wres *r)
{
  lex_change(w, q, r, 0);
}

void lex_delete(wserver *w, wreq *q, wres *r)
{
  lex_change(w, q, r, 1);
}

/* ---------------------------------------------------------------- hearing a word */

/* `loa build IN -o OUT [--config CFG] --quiet`, at most 60 s. */
static int run_build(wserver *w, const char *in, const char *out)
{
  const char *self = w->o->self ? w->o->self : "/proc/self/exe";
  char *argv[10];
  int k = 0;
  argv[k++] = "loa", argv[k++] = "build", argv[k++] = (char *)in, argv[k++] = "-o", argv[k++] = (char *)out;
  if (w->c->path[0])
    argv[k++] = "--config", argv[k++] = (char *)w->c->path;
  argv[k++] = "--quiet", argv[k++] = "--jobs=1";
  argv[k] = NULL;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  pid_t pid;
  int rc = posix_spawn(&pid, self, &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc)
    return -1;
  int status = 0;
  for (int waited = 0;; waited += 50) {
    pid_t got = waitpid(pid, &status, WNOHANG);
    if (got == pid)
      break;
    if (got < 0)
      return -1;
    if (waited > 60000) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return -1;
    }
    nanosleep(&(struct timespec){0, 50000000L}, NULL);
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

void lex_speak(wserver *w, wreq *q, wres *r)
{
  char text[600];
  if (web_arg(q, "text", text, sizeof text) != 1 || !text[strspn(text, " \t")])
    return web_json_error(r, 400, "cần text (tối đa 500 byte) / text needed (at most 500 bytes)");
  if (strpbrk(text, "\r\n"))
    return web_json_error(r, 400, "một dòng thôi / one line only");
  char dir[4200], in[4300], out[4300];
  web_fmt(dir, sizeof dir, "%s/.web-speak-XXXXXX", w->c->state);
  if (!mkdtemp(dir))
    return web_json_error(r, 500, strerror(errno));
  web_fmt(in, sizeof in, "%s/tu.txt", dir);
  web_fmt(out, sizeof out, "%s/tu.mp3", dir);
  FILE *f = fopen(in, "we");
  int ok = f && fprintf(f, "%s\n", text) > 0;
  if (f && fclose(f))
    ok = 0;
  ok = ok && run_build(w, in, out) == 0;
  FILE *mp3 = ok ? fopen(out, "re") : NULL;
  loa_buf_clear(&r->body);
  if (mp3) {
    char chunk[8192];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, mp3)) > 0)
      loa_buf_put(&r->body, chunk, k);
    fclose(mp3);
  }
  unlink(in);
  unlink(out);
  rmdir(dir);
  if (!mp3 || !r->body.n)
    return web_json_error(r, 500, "không đọc được / the word could not be synthesised");
  r->status = 200;
  r->type = "audio/mpeg";
}
