/* inifile.c: loa.ini and slots.ini read whole and parsed from memory with inih (see inifile.h).
 *
 * inih asks a reader for one line at a time into a buffer of its own size (200 bytes in
 * Debian's build). Each physical line is handed over once, so inih's line numbers are the
 * file's. A line too long for the buffer is classified as inih would read it, and handed
 * over short: a comment as ";", a key line as "key=" plus a marker, a continuation as " "
 * plus the marker; its value, cut and trimmed as inih cuts and trims, waits in the reader
 * and replaces the marker when the handler is called for that line.
 */
#include "schedules/inifile.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lexicon/buf.h"

#define MARK "\x01"

typedef struct {
  const char *text;
  size_t n, off;               /* the text, and where the next line starts */
  int line;                    /* the physical line handed over last */
  int prev_key;                /* inih has a key to continue (a key line since the last section) */
  loa_buf value;               /* the whole value of a long line */
  int long_line;               /* the line handed over last was long: its value is VALUE */
  loa_ini_fn fn;
  void *user;
  char msg[512];               /* the first problem, and its line */
  int msg_line;
} reader;

enum { L_BLANK, L_COMMENT, L_CONT, L_SECTION, L_KEY, L_BAD };

static int is_space(char c)
{
  return isspace((unsigned char)c);
}

/* inih's find_chars_or_comment: the first of CHARS, or a ';' after white space, or the end. */
static const char *find_or_comment(const char *s, const char *e, const char *chars)
{
  int was_space = 0;
  for (; s < e; s++) {
    if ((chars && strchr(chars, *s)) || (was_space && *s == ';'))
      return s;
    was_space = is_space(*s);
  }
  return e;
}

/* A value as inih leaves it: white space before it skipped, cut at a comment, trimmed. */
static void keep_value(reader *r, const char *s, const char *e)
{
  while (s < e && is_space(*s))
    s++;
  e = find_or_comment(s, e, NULL);
  while (e > s && is_space(e[-1]))
    e--;
  loa_buf_clear(&r->value);
  loa_buf_put(&r->value, s, (size_t)(e - s));
}

/* What inih makes of the line [S, E) (end white space already off): its kind, and for a key
 * line where its delimiter is (*DELIM). */
static int classify(const reader *r, const char *line, const char *e, const char **start,
                    const char **delim)
{
  const char *s = line;
  while (s < e && is_space(*s))
    s++;
  *start = s;
  if (s == e)
    return L_BLANK;
  if (*s == ';' || *s == '#')
    return L_COMMENT;
  if (r->prev_key && s > line)
    return L_CONT;
  if (*s == '[')
    return L_SECTION;
  *delim = find_or_comment(s, e, "=:");
  return *delim < e && (**delim == '=' || **delim == ':') ? L_KEY : L_BAD;
}

static void problem(reader *r, const char *what)
{
  if (!r->msg[0]) {
    snprintf(r->msg, sizeof r->msg, "%s", what);
    r->msg_line = r->line;
  }
}

/* Hand inih the next line in STR (NUM bytes). */
static char *next_line(char *str, int num, void *stream)
{
  reader *r = stream;
  if (r->off >= r->n)
    return NULL;
  const char *line = r->text + r->off;
  const char *nl = memchr(line, '\n', r->n - r->off);
  const char *e = nl ? nl : r->text + r->n;
  r->off = (size_t)(e - r->text) + (nl ? 1 : 0);
  r->line++;
  r->long_line = 0;
  if (r->line == 1 && e - line >= 3 && !memcmp(line, "\xEF\xBB\xBF", 3))
    line += 3;   /* inih would skip it too */
  if (memchr(line, 0, (size_t)(e - line))) {
    problem(r, "a NUL byte: not a text file");
    snprintf(str, (size_t)num, "\n");
    return str;
  }
  while (e > line && is_space(e[-1]))
    e--;
  const char *start, *delim = NULL;
  int kind = classify(r, line, e, &start, &delim);
  size_t room = (size_t)num - 2;   /* the line, '\n' and NUL */
  if ((size_t)(e - line) <= room) {
    snprintf(str, (size_t)num, "%.*s\n", (int)(e - line), line);
  } else if (kind == L_COMMENT || kind == L_BLANK) {
    snprintf(str, (size_t)num, ";\n");
  } else if (kind == L_CONT) {
    keep_value(r, start, e);
    r->long_line = 1;
    snprintf(str, (size_t)num, " " MARK "\n");
  } else if (kind == L_KEY && (size_t)(delim - start) + 3 <= room) {
    keep_value(r, delim + 1, e);
    r->long_line = 1;
    snprintf(str, (size_t)num, "%.*s=" MARK "\n", (int)(delim - start), start);
  } else {
    problem(r, kind == L_SECTION ? "a section name longer than a line can be"
                                 : kind == L_KEY ? "a key name longer than a line can be"
                                                 : "not a 'key = value' line, a [section] or a comment");
    snprintf(str, (size_t)num, "[\n");   /* which inih refuses too */
    kind = L_BAD;
  }
  if (kind == L_SECTION) {
    r->prev_key = 0;
  } else if (kind == L_KEY) {   /* inih continues a key only when it has a name */
    const char *k = delim;
    while (k > start && is_space(k[-1]))
      k--;
    r->prev_key = k > start;
  }
  return str;
}

static int on_key(void *user, const char *section, const char *key, const char *value)
{
  reader *r = user;
  if (r->msg[0])
    return 1;   /* the first problem only */
  if (r->long_line && !strcmp(value, MARK))
    value = r->value.oom ? "" : r->value.p ? r->value.p : "";
  char msg[512] = "";
  if (r->fn(r->user, section, key, value, r->line, msg, sizeof msg)) {
    problem(r, msg[0] ? msg : "invalid value");
    return 0;
  }
  return 1;
}

int loa_ini_parse(const char *name, const char *text, size_t n, loa_ini_fn fn, void *user,
                  char *err, size_t errlen)
{
  reader r = {.text = text, .n = n, .value = LOA_BUF_INIT, .fn = fn, .user = user};
  int rc = ini_parse_stream(next_line, &r, on_key, &r);
  int oom = r.value.oom;
  loa_buf_free(&r.value);
  if (rc == -2 || oom)
    return loa_errf(err, errlen, "%s: out of memory", name);
  if (rc > 0 && (!r.msg[0] || rc < r.msg_line))
    return loa_errf(err, errlen, "%s:%d: not a 'key = value' line, a [section] or a comment",
                    name, rc);
  if (r.msg[0])
    return loa_errf(err, errlen, "%s:%d: %s", name, r.msg_line, r.msg);
  return rc ? loa_errf(err, errlen, "%s: cannot be read", name) : 0;
}

int loa_ini_read(const char *path, char **text, size_t *n, char *err, size_t errlen)
{
  *text = NULL;
  *n = 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return loa_errf(err, errlen, "%s: cannot open (%s)", path, strerror(errno));
  struct stat st;
  if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    close(fd);
    return loa_errf(err, errlen, "%s: is a folder, not a file", path);
  }
  loa_buf b = LOA_BUF_INIT;
  char chunk[16384];
  ssize_t got;
  while ((got = read(fd, chunk, sizeof chunk)) > 0 && b.n <= LOA_INI_MAX_BYTES)
    loa_buf_put(&b, chunk, (size_t)got);
  int e = errno;
  close(fd);
  if (got < 0 || b.oom || b.n > LOA_INI_MAX_BYTES) {
    int oom = b.oom;
    loa_buf_free(&b);
    if (got < 0)
      return loa_errf(err, errlen, "%s: cannot read (%s)", path, strerror(e));
    if (oom)
      return loa_errf(err, errlen, "%s: out of memory", path);
    return loa_errf(err, errlen, "%s: larger than %u bytes: not a station's settings", path,
                    LOA_INI_MAX_BYTES);
  }
  *n = b.n;
  *text = b.p ? loa_buf_take(&b) : calloc(1, 1);
  return *text ? 0 : loa_errf(err, errlen, "%s: out of memory", path);
}
