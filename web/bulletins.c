/* bulletins.c: submitting to the watch folder and reading a bulletin's state from it (see bulletins.h). */
#include "web/bulletins.h"
#include "web/fmt.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lexicon/buf.h"
#include "pipeline/util.h"
#include "schedules/plan.h"
#include "schedules/watch.h"
#include "schedules/zones.h"
#include "tts/decode.h"
#include "tts/header.h"

#define WITHDRAWN ".withdrawn"

static const char *const state_names[] = {"queued", "building", "awaiting-approval", "approved",
                                          "failed", "withdrawn"};

const char *loa_wb_state_name(loa_wb_state s)
{
  return state_names[s];
}

int loa_wb_id_ok(const char *id)
{
  size_t n = strlen(id);
  if (n == 0 || n >= 1000 || id[0] == '/' || id[0] == '.' || strstr(id, "..") || strstr(id, "//"))
    return 0;
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)id[i] < 0x20 || id[i] == 0x7f || id[i] == '\\')
      return 0;
  return 1;
}

/* REL without its last extension (the extension of the last component only). */
static void stem_of(const char *rel, char *out, size_t len)
{
  web_fmt(out, len, "%s", rel);
  char *slash = strrchr(out, '/'), *dot = strrchr(out, '.');
  if (dot && (!slash || dot > slash + 1))
    *dot = 0;
}

static int names_id(const char *rel, const char *id)
{
  char stem[1024];
  stem_of(rel, stem, sizeof stem);
  return !strcmp(rel, id) || !strcmp(stem, id);
}

static int is_note(const char *name)
{
  size_t n = strlen(name);
  return (n > 8 && !strcasecmp(name + n - 8, ".loi.txt")) ||
         (n > 13 && !strcasecmp(name + n - 13, ".canh-bao.txt")) ||
         (n > 4 && !strcmp(name + n - 4, ".who"));
}

/* Look for a regular file named by ID under ROOT/SUB (links never followed, dot names
 * skipped); its path under ROOT/SUB into REL. 1 found, 0 not. */
static int find_in(const char *root, const char *prefix, const char *id, int depth, char *rel,
                   size_t rellen)
{
  char dir[4200];
  web_fmt(dir, sizeof dir, "%s%s%s", root, *prefix ? "/" : "", prefix);
  DIR *d = opendir(dir);
  if (!d)
    return 0;
  struct dirent *e;
  int found = 0;
  while (!found && (e = readdir(d))) {
    if (e->d_name[0] == '.' || is_note(e->d_name))
      continue;
    char child[1024], path[5300];
    struct stat st;
    if (web_fmt(child, sizeof child, "%s%s%s", prefix, *prefix ? "/" : "", e->d_name) >= (int)sizeof child ||
        web_fmt(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path ||
        lstat(path, &st))
      continue;
    if (S_ISDIR(st.st_mode) && depth < 4)
      found = find_in(root, child, id, depth + 1, rel, rellen);
    else if (S_ISREG(st.st_mode) && names_id(child, id)) {
      web_fmt(rel, rellen, "%s", child);
      found = 1;
    }
  }
  closedir(d);
  return found;
}

/* A claimed file: state/work/ID/job whose rel= names ID. */
static int find_in_work(const loa_config *c, const char *id, char *rel, size_t rellen)
{
  char work[4200];
  web_fmt(work, sizeof work, "%s/work", c->state);
  DIR *d = opendir(work);
  if (!d)
    return 0;
  struct dirent *e;
  int found = 0;
  while (!found && (e = readdir(d))) {
    if (e->d_name[0] == '.')
      continue;
    char job[4500], line[2048];
    web_fmt(job, sizeof job, "%s/%s/job", work, e->d_name);
    FILE *f = fopen(job, "re");
    if (!f)
      continue;
    while (fgets(line, sizeof line, f))
      if (!strncmp(line, "rel=", 4)) {
        line[strcspn(line, "\n")] = 0;
        if (names_id(line + 4, id)) {
          web_fmt(rel, rellen, "%s", line + 4);
          found = 1;
        }
        break;
      }
    fclose(f);
  }
  closedir(d);
  return found;
}

static void first_reason(const char *note, char *out, size_t len)
{
  out[0] = 0;
  FILE *f = fopen(note, "re");
  if (!f)
    return;
  char line[1024];
  while (fgets(line, sizeof line, f)) {
    char *p = line;
    if (!strncmp(p, "\xef\xbb\xbf", 3))
      p += 3;
    p[strcspn(p, "\r\n")] = 0;
    if (*p) {
      web_fmt(out, len, "%s", p);
      break;
    }
  }
  fclose(f);
}

static void fill(const loa_config *c, const char *folder, const char *rel, loa_wb_state s, loa_wb *b)
{
  web_fmt(b->rel, sizeof b->rel, "%s", rel);
  stem_of(rel, b->id, sizeof b->id);
  b->state = s;
  web_fmt(b->path, sizeof b->path, "%s/%s", folder, rel);
  char stem[1024];
  stem_of(rel, stem, sizeof stem);
  web_fmt(b->mp3, sizeof b->mp3, "%s/%s.mp3", c->out, stem);
  struct stat st;
  if (lstat(b->mp3, &st) || !S_ISREG(st.st_mode))
    b->mp3[0] = 0;
  b->reason[0] = 0;
  if (s == LOA_WB_FAILED) {
    char note[5200];
    web_fmt(note, sizeof note, "%s.loi.txt", b->path);
    first_reason(note, b->reason, sizeof b->reason);
  }
}

static int find_once(const loa_config *c, const char *id, loa_wb *b)
{
  char rel[1024], withdrawn[4200];
  web_fmt(withdrawn, sizeof withdrawn, "%s/" WITHDRAWN, c->done);
  if (find_in(c->inbox, "", id, 0, rel, sizeof rel))
    return fill(c, c->inbox, rel, LOA_WB_QUEUED, b), 1;
  if (find_in_work(c, id, rel, sizeof rel)) {
    fill(c, c->inbox, rel, LOA_WB_BUILDING, b);
    web_fmt(b->path, sizeof b->path, "%s", "");
    return 1;
  }
  if (find_in(c->done, "", id, 0, rel, sizeof rel)) {
    char path[4200], mark[4300];
    struct stat st;
    web_fmt(path, sizeof path, "%s/%s", c->done, rel);
    int held = loa_bulletin_hold_path(path, mark, sizeof mark) == 0 && lstat(mark, &st) == 0;
    return fill(c, c->done, rel, held ? LOA_WB_AWAITING : LOA_WB_APPROVED, b), 1;
  }
  if (find_in(c->failed, "", id, 0, rel, sizeof rel))
    return fill(c, c->failed, rel, LOA_WB_FAILED, b), 1;
  if (find_in(withdrawn, "", id, 0, rel, sizeof rel))
    return fill(c, withdrawn, rel, LOA_WB_WITHDRAWN, b), 1;
  return 0;
}

int loa_wb_find(const loa_config *c, const char *id, loa_wb *b)
{
  memset(b, 0, sizeof *b);
  if (!loa_wb_id_ok(id))
    return 0;
  /* twice: a file the daemon moved on between two looks is found at its new place */
  return find_once(c, id, b) || find_once(c, id, b);
}

typedef struct {
  const loa_config *c;
  const char *folder;
  loa_wb_state state;
  int max, n;
  void (*fn)(void *user, const loa_wb *b);
  void *user;
} each_ctx;

static void each_in(each_ctx *x, const char *prefix, int depth)
{
  char dir[4200];
  web_fmt(dir, sizeof dir, "%s%s%s", x->folder, *prefix ? "/" : "", prefix);
  DIR *d = opendir(dir);
  if (!d)
    return;
  struct dirent *e;
  while (x->n < x->max && (e = readdir(d))) {
    if (e->d_name[0] == '.' || is_note(e->d_name))
      continue;
    char child[1024], path[5300];
    struct stat st;
    if (web_fmt(child, sizeof child, "%s%s%s", prefix, *prefix ? "/" : "", e->d_name) >= (int)sizeof child ||
        web_fmt(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path || lstat(path, &st))
      continue;
    if (S_ISDIR(st.st_mode) && depth < 4) {
      each_in(x, child, depth + 1);
      continue;
    }
    if (!S_ISREG(st.st_mode))
      continue;
    loa_wb b;
    loa_wb_state s = x->state;
    if (s == LOA_WB_APPROVED) {
      char mark[5400];
      struct stat ms;
      if (loa_bulletin_hold_path(path, mark, sizeof mark) == 0 && lstat(mark, &ms) == 0)
        s = LOA_WB_AWAITING;
    }
    fill(x->c, x->folder, child, s, &b);
    x->fn(x->user, &b);
    x->n++;
  }
  closedir(d);
}

int loa_wb_each(const loa_config *c, int max, void (*fn)(void *user, const loa_wb *b), void *user)
{
  char withdrawn[4200];
  web_fmt(withdrawn, sizeof withdrawn, "%s/" WITHDRAWN, c->done);
  const char *folders[] = {c->inbox, c->done, c->failed, withdrawn};
  const loa_wb_state states[] = {LOA_WB_QUEUED, LOA_WB_APPROVED, LOA_WB_FAILED, LOA_WB_WITHDRAWN};
  each_ctx x = {c, NULL, 0, max, 0, fn, user};
  for (int i = 0; i < 4; i++) {
    x.folder = folders[i];
    x.state = states[i];
    each_in(&x, "", 0);
  }
  return x.n;
}

void loa_wb_id_of(const char *folder, const char *path, char *id, size_t len)
{
  size_t n = strlen(folder);
  if (strncmp(path, folder, n) || path[n] != '/') {
    web_fmt(id, len, "%s", "");
    return;
  }
  stem_of(path + n + 1, id, len);
}

/* ---------------------------------------------------------------- submitting */

static int one_line(const char *what, const char *v, char *err, size_t errlen)
{
  if (v && strpbrk(v, "\r\n"))
    return loa_errf(err, errlen, "%s: một dòng thôi / one line only", what);
  if (v && strlen(v) > 200)
    return loa_errf(err, errlen, "%s: quá dài / too long", what);
  return 0;
}

static int given(const char *v)
{
  return v && *v;
}

/* "2026-11-25" (a date field) or "25/11/2026" as the header writes it. */
static int header_date(const char *v, char *out, size_t len, char *err, size_t errlen)
{
  int y, m, d;
  char tail;
  if (sscanf(v, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3)
    return web_fmt(out, len, "%02d/%02d/%04d", d, m, y), 0;
  web_fmt(out, len, "%s", v);
  return 0;
}

int loa_wb_header(const loa_config *c, const loa_wb_fields *f, char *out, size_t outlen,
                  char *err, size_t errlen)
{
  const char *names[] = {"Tiêu đề", "Buổi", "Từ ngày", "Đến ngày", "Số lần mỗi ngày", "Mức độ",
                         "Khu vực", "Phát lại"};
  const char *vals[] = {f->title, f->slots, f->from, f->to, f->times, f->priority, f->zones, f->repeats};
  loa_buf b = LOA_BUF_INIT;
  for (int i = 0; i < 8; i++) {
    if (one_line(names[i], vals[i], err, errlen))
      return loa_buf_free(&b), -1;
    if (!given(vals[i]))
      continue;
    char v[256];
    if (i == 2 || i == 3)
      header_date(vals[i], v, sizeof v, err, errlen);
    else
      web_fmt(v, sizeof v, "%s", vals[i]);
    loa_buf_printf(&b, "%s: %s\n", names[i], v);
  }
  if (b.n)
    loa_buf_puts(&b, "---\n");
  int rc = 0;
  loa_header h;
  char e[512];
  if (b.oom || b.n + 1 > outlen)
    rc = loa_errf(err, errlen, "header too long");
  else if (b.n && loa_header_parse(b.p, b.n, &h, e, sizeof e))
    rc = loa_errf(err, errlen, "%s", e);
  else if (b.n && h.nzones) {
    loa_zones zs;
    loa_zone_set set;
    if (loa_zones_load(&zs, c->zones_file, e, sizeof e))
      rc = loa_errf(err, errlen, "zones: %s", e);
    else if (loa_zones_select(&zs, (const char (*)[32])h.zones, h.nzones, &set, e, sizeof e))
      rc = loa_errf(err, errlen, "Khu vực: %s", e);
  }
  if (!rc)
    web_fmt(out, outlen, "%s", b.n ? b.p : "");
  loa_buf_free(&b);
  return rc;
}

static void new_id(char *id, size_t len)
{
  unsigned char r[3] = {0};
  if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) {
    long v = (long)getpid() ^ (long)clock();
    memcpy(r, &v, sizeof r);
  }
  time_t now = time(NULL);
  struct tm tm;
  localtime_r(&now, &tm);
  char t[32];
  strftime(t, sizeof t, "%Y%m%d-%H%M%S", &tm);
  web_fmt(id, len, "web-%s-%02x%02x%02x", t, r[0], r[1], r[2]);
}

/* DIR/NAME written atomically: DIR/.NAME.tmp, fsynced, renamed, DIR fsynced. */
static int write_atomic(const char *dir, const char *name, const void *data, size_t n,
                        char *err, size_t errlen)
{
  char tmp[4300], path[4300];
  web_fmt(tmp, sizeof tmp, "%s/.%s.tmp", dir, name);
  web_fmt(path, sizeof path, "%s/%s", dir, name);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0664);
  if (fd < 0)
    return loa_errf(err, errlen, "%s: %s", tmp, strerror(errno));
  int ok = write(fd, data, n) == (ssize_t)n && fsync(fd) == 0;
  int saved = errno;
  if (close(fd) || !ok || rename(tmp, path)) {
    if (ok)
      saved = errno;
    unlink(tmp);
    return loa_errf(err, errlen, "%s: %s", path, strerror(saved));
  }
  int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    fsync(dfd);
    close(dfd);
  }
  return 0;
}

static const char *doc_ext(const char *name)
{
  static const char *const ok[] = {".txt", ".md", ".docx", ".odt", ".pdf", NULL};
  const char *dot = name ? strrchr(name, '.') : NULL;
  for (int i = 0; dot && ok[i]; i++)
    if (!strcasecmp(dot, ok[i]))
      return ok[i];
  return NULL;
}

/* The text of an uploaded document (decoded as the watch daemon would decode it). */
static int decode_upload(const loa_config *c, const void *data, size_t n, const char *ext,
                         loa_text *t, char *err, size_t errlen)
{
  char tmp[4300], e[512];
  web_fmt(tmp, sizeof tmp, "%s/.web-upload-%ld%s", c->state, (long)getpid(), ext);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    return loa_errf(err, errlen, "%s: %s", tmp, strerror(errno)), -2;
  int ok = write(fd, data, n) == (ssize_t)n;
  close(fd);
  int rc = ok ? loa_decode_file(tmp, c->build.encoding, c->max_bytes, t, e, sizeof e) : -1;
  unlink(tmp);
  if (!ok)
    return loa_errf(err, errlen, "cannot write the upload"), -2;
  return rc ? loa_errf(err, errlen, "%s", e) : 0;
}

static int write_hold(const loa_config *c, const char *name, const char *who, char *err, size_t errlen)
{
  char path[4300], mark[4400];
  web_fmt(path, sizeof path, "%s/%s", c->done, name);
  if (loa_bulletin_hold_path(path, mark, sizeof mark))
    return loa_errf(err, errlen, "name too long");
  int fd = open(mark, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0664);
  if (fd < 0)
    return loa_errf(err, errlen, "%s: %s", mark, strerror(errno));
  int ok = write(fd, who, strlen(who)) >= 0 && write(fd, "\n", 1) == 1 && fsync(fd) == 0;
  close(fd);
  return ok ? 0 : loa_errf(err, errlen, "%s: %s", mark, strerror(errno));
}

int loa_wb_submit(const loa_config *c, const loa_wb_fields *f, const char *text, const void *data,
                  size_t n, const char *name, int hold, const char *who, char *id, size_t idlen,
                  char *err, size_t errlen)
{
  char header[4096];
  if (loa_wb_header(c, f, header, sizeof header, err, errlen))
    return -1;
  const char *ext = ".txt";
  loa_buf body = LOA_BUF_INIT;
  if (data) {
    if (!(ext = doc_ext(name)))
      return loa_errf(err, errlen, "%s: chỉ nhận .txt .md .docx .odt .pdf / only .txt .md .docx .odt .pdf",
                      name ? name : "file");
    if (*header || !strcmp(ext, ".txt") || !strcmp(ext, ".md")) {
      loa_text t;
      int rc = decode_upload(c, data, n, ext, &t, err, errlen);
      if (rc)
        return rc;
      loa_buf_puts(&body, header);
      loa_buf_put(&body, t.text, t.len);
      loa_text_free(&t);
      if (strcmp(ext, ".md"))
        ext = ".txt";
    } else
      loa_buf_put(&body, data, n);
  } else {
    if (!text || !text[strspn(text, " \t\r\n")])
      return loa_errf(err, errlen, "không có nội dung / no text");
    loa_buf_puts(&body, header);
    loa_buf_puts(&body, text);
    if (body.n && body.p[body.n - 1] != '\n')
      loa_buf_putc(&body, '\n');
  }
  if (body.oom)
    return loa_buf_free(&body), loa_errf(err, errlen, "out of memory"), -2;
  if (body.n > c->max_bytes)
    return loa_buf_free(&body), loa_errf(err, errlen, "larger than [watch] max_bytes"), -3;
  char fname[256];
  new_id(id, idlen);
  web_fmt(fname, sizeof fname, "%s%s", id, ext);
  int rc = 0;
  if (hold && write_hold(c, fname, who, err, errlen))
    rc = -2;
  if (!rc && write_atomic(c->inbox, fname, body.p, body.n, err, errlen)) {
    rc = -2;
    if (hold) {                 /* no bulletin: no mark left behind */
      char path[4300], mark[4400];
      web_fmt(path, sizeof path, "%s/%s", c->done, fname);
      if (!loa_bulletin_hold_path(path, mark, sizeof mark))
        unlink(mark);
    }
  }
  loa_buf_free(&body);
  return rc;
}

/* ---------------------------------------------------------------- approve, withdraw */

int loa_wb_approve(const loa_config *c, const loa_wb *b, char *err, size_t errlen)
{
  char mark[4400];
  if (loa_bulletin_hold_path(b->path, mark, sizeof mark))
    return loa_errf(err, errlen, "name too long");
  if (unlink(mark) && errno != ENOENT)
    return loa_errf(err, errlen, "%s: %s", mark, strerror(errno));
  return 0;
}

/* A bulletin the watch has not taken yet is moved out of the inbox to done/.withdrawn/REL
 * (never over another file; WHO and the time beside it in REL.who). */
static int withdraw_queued(const loa_config *c, const loa_wb *b, const char *who, char *err,
                           size_t errlen)
{
  char to[5300], folder[5300], whofile[5400];
  web_fmt(to, sizeof to, "%s/" WITHDRAWN "/%s", c->done, b->rel);
  web_fmt(folder, sizeof folder, "%s", to);
  *strrchr(folder, '/') = 0;
  if (loa_mkdir_p(folder))
    return loa_errf(err, errlen, "%s: %s", folder, strerror(errno));
  web_fmt(whofile, sizeof whofile, "%s.who", to);
  char line[256];
  int n = web_fmt(line, sizeof line, "%s\t%lld\n", who, (long long)time(NULL));
  int fd = open(whofile, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0664);
  if (fd < 0 || write(fd, line, (size_t)n) != n || fsync(fd)) {
    if (fd >= 0)
      close(fd);
    return loa_errf(err, errlen, "%s: %s", whofile, strerror(errno));
  }
  close(fd);
  if (renameat2(AT_FDCWD, b->path, AT_FDCWD, to, RENAME_NOREPLACE)) {
    int e = errno;
    unlink(whofile);
    if (e == ENOENT)        /* the watch took it from the inbox meanwhile */
      return loa_errf(err, errlen, "đang dựng, thử lại sau ít giây / being built, try again in a few seconds"), 1;
    return loa_errf(err, errlen, "%s: %s", b->path, strerror(e));
  }
  return 0;
}

int loa_wb_withdraw(const loa_config *c, const loa_wb *b, const char *who, char *err, size_t errlen)
{
  if (b->state == LOA_WB_WITHDRAWN)
    return 0;
  if (b->state == LOA_WB_BUILDING || b->state == LOA_WB_FAILED)
    return loa_errf(err, errlen, b->state == LOA_WB_BUILDING
                    ? "đang dựng, thử lại sau ít giây / being built, try again in a few seconds"
                    : "bản tin lỗi không phát / a failed bulletin never airs"), 1;
  if (b->state == LOA_WB_QUEUED)
    return withdraw_queued(c, b, who, err, errlen);
  /* built: what `loa withdraw` does (schedules/plan.h), copies under other names too */
  char mark[4400];
  int held = !loa_bulletin_hold_path(b->path, mark, sizeof mark);
  loa_withdrawal w[16];
  size_t n = 0;
  int rc = loa_library_withdraw(c->done, b->path, &c->build, w, 16, &n, err, errlen);
  for (size_t i = 0; i < n; i++)
    if (loa_watch_record_withdrawal(c, w[i].rel, w[i].kept, w[i].key, who, "web console", err,
                                    errlen))
      rc = rc ? rc : -1;
  if (held)
    unlink(mark);
  if (rc == LOA_WITHDRAW_ENOENT)   /* the watch is replacing it meanwhile */
    return loa_errf(err, errlen, "đang dựng, thử lại sau ít giây / being built, try again in a few seconds"), 1;
  return rc ? -1 : 0;
}
