/* watch_status.c: `loa status`: what the watch folder is doing, read from the folders.
 *
 * Reads only: whether a daemon holds state/lock (tested with F_GETLK, which
 * takes nothing, so a daemon starting at that moment is never kept out), what
 * it is building (state/daemon.status), what waits in the inbox, what a
 * crash left in state/work, and the last results (state/results.log and
 * its rotated .1), and the next broadcast slots (schedules/slots.h when this
 * build has the scheduler; otherwise the slot times as slots.ini lists them).
 */
#include "schedules/watch_internal.h"
#include "lexicon/lexicon.h"

#if defined(__has_include)
#if __has_include("schedules/slots.h")
#include "schedules/slots.h"
#include "schedules/announce.h"
#define HAVE_SLOTS 1
#endif
#endif
#ifndef HAVE_SLOTS
#include <ini.h>
#endif

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void print_time(FILE *out, time_t t)
{
  struct tm tm;
  char b[32];
  localtime_r(&t, &tm);
  strftime(b, sizeof b, "%Y-%m-%d %H:%M", &tm);
  fputs(b, out);
}

static long daemon_pid(const loa_config *c)
{
  char path[WPATH + 8];
  wfmt(path, sizeof path, "%s/lock", c->state);
  int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return 0;
  struct flock q = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
  long pid = fcntl(fd, F_GETLK, &q) == 0 && q.l_type != F_UNLCK ? (long)q.l_pid : 0;
  close(fd);
  return pid;
}

/* "key=value" of state/daemon.status; building= may repeat. */
static int read_daemon_status(const loa_config *c, char *building, size_t n, long long *since)
{
  char path[WPATH + 16], *buf;
  size_t len;
  wfmt(path, sizeof path, "%s", c->state);
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  int rc = wfs_read_file(fd, "daemon.status", 1 << 16, &buf, &len);
  close(fd);
  if (rc)
    return -1;
  building[0] = 0;
  size_t o = 0;
  for (char *line = buf, *next; line && *line; line = next) {
    next = strchr(line, '\n');
    if (next)
      *next++ = 0;
    if (!strncmp(line, "since=", 6))
      *since = atoll(line + 6);
    else if (!strncmp(line, "building=", 9) && o + 4 < n) {
      char name[WPATH];
      wunesc(line + 9, name, sizeof name);
      o += (size_t)wfmt(building + o, n - o, "%s%s", o ? "\n" : "", name);
    }
  }
  free(buf);
  return 0;
}

static void list_inbox(FILE *out, int rootfd, const char *rel, int depth, int *count, time_t now)
{
  int fd = wfs_open_dir(rootfd, rel, 0);
  if (fd < 0)
    return;
  int fd2 = wfs_reopen(fd);
  DIR *d = fd2 >= 0 ? fdopendir(fd2) : NULL;
  if (!d) {
    if (fd2 >= 0)
      close(fd2);
    close(fd);
    return;
  }
  struct dirent *e;
  while ((e = readdir(d))) {
    if (loa_watch_ignored_name(e->d_name))
      continue;
    struct stat st;
    if (fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
      continue;
    char child[WPATH];
    wfmt(child, sizeof child, "%s%s%s", rel, rel[0] ? "/" : "", e->d_name);
    if (S_ISDIR(st.st_mode)) {
      if (depth < 8)
        list_inbox(out, rootfd, child, depth + 1, count, now);
      continue;
    }
    (*count)++;
    fprintf(out, "  %-48s %8.1f KB  ", child, st.st_size / 1024.0);
    print_time(out, st.st_mtime);
    if (now - st.st_mtime < 10)
      fputs("  (đang chép? / still being copied?)", out);
    fputc('\n', out);
  }
  closedir(d);
  close(fd);
}

static int list_work(FILE *out, const loa_config *c, const char *building)
{
  char path[WPATH + 8];
  wfmt(path, sizeof path, "%s/work", c->state);
  int wfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (wfd < 0)
    return 0;
  int fd2 = wfs_reopen(wfd);
  DIR *d = fd2 >= 0 ? fdopendir(fd2) : NULL;
  int n = 0;
  struct dirent *e;
  while (d && (e = readdir(d))) {
    wjournal j;
    size_t len = strlen(e->d_name);
    if (e->d_name[0] == '.' || (len > 4 && !strcmp(e->d_name + len - 4, ".new")) ||
        wj_read(wfd, e->d_name, &j) != 0)
      continue;
    char src[160];
    struct stat st;
    wfmt(src, sizeof src, "%s/src", e->d_name);
    if (fstatat(wfd, src, &st, AT_SYMLINK_NOFOLLOW) != 0)
      continue;
    int being_built = 0;
    for (const char *p = building; p && (p = strstr(p, j.rel)); p++)
      if ((p == building || p[-1] == '\n') && (p[strlen(j.rel)] == '\n' || !p[strlen(j.rel)]))
        being_built = 1;
    if (being_built)
      continue;
    if (!n++)
      fprintf(out, "Đã nhận, sẽ làm tiếp / claimed, to be finished:\n");
    fprintf(out, "  %-48s nhận lúc / claimed ", j.rel);
    print_time(out, (time_t)j.claimed);
    fputc('\n', out);
  }
  if (d)
    closedir(d);
  else if (fd2 >= 0)
    close(fd2);
  close(wfd);
  return n;
}

static void print_result(FILE *out, const char *line)
{
  char event[32], file[WPATH], when[64], more[WPATH], extra[256];
  wl_get(line, "event", event, sizeof event);
  wl_get(line, "file", file, sizeof file);
  wl_get(line, "time", when, sizeof when);
  if (strlen(when) >= 16)
    when[16] = 0;
  for (char *p = when; *p; p++)
    if (*p == 'T')
      *p = ' ';
  if (!strcmp(event, "done")) {
    char secs[32], warns[32], dup[WPATH];
    wl_get(line, "out", more, sizeof more);
    wl_get(line, "seconds", secs, sizeof secs);
    wl_get(line, "warnings", warns, sizeof warns);
    wl_get(line, "duplicate_of", dup, sizeof dup);
    int s = (int)(atof(secs) + 0.5);
    wfmt(extra, sizeof extra, "%d:%02d%s%s%s", s / 60, s % 60,
         atoi(warns) ? ", có cảnh báo / with warnings" : "", dup[0] ? ", trùng với / same as " : "",
         dup[0] ? dup : "");
    fprintf(out, "  %s  xong / done     %s -> out/%s (%s)\n", when, file, more, extra);
  } else {
    char reason[64];
    wl_get(line, "reason", reason, sizeof reason);
    wl_get(line, "saved", more, sizeof more);
    fprintf(out, "  %s  lỗi / failed    %s: %s (failed/%s.loi.txt)\n", when, file, reason, more);
  }
}

static void recent_results(FILE *out, const loa_config *c, int recent)
{
  char *lines[512];
  int n = 0;
  const char *names[] = {"results.log.1", "results.log"};
  for (int k = 0; k < 2; k++) {
    char path[WPATH + 16];
    wfmt(path, sizeof path, "%s/%s", c->state, names[k]);
    FILE *f = fopen(path, "re");
    if (!f)
      continue;
    char buf[8192];
    while (fgets(buf, sizeof buf, f)) {
      buf[strcspn(buf, "\n")] = 0;
      if (n == (int)(sizeof lines / sizeof *lines)) {
        free(lines[0]);
        memmove(lines, lines + 1, (size_t)(n - 1) * sizeof *lines);
        n--;
      }
      lines[n++] = strdup(buf);
    }
    fclose(f);
  }
  int first = n > recent ? n - recent : 0;
  fprintf(out, "Kết quả gần đây / recent results (%d):\n", n - first);
  if (n == first)
    fprintf(out, "  (chưa có / none yet)\n");
  for (int i = first; i < n; i++)
    print_result(out, lines[i]);
  for (int i = 0; i < n; i++)
    free(lines[i]);
}

static void slots_file(const loa_config *c, char *out, size_t n)
{
  if (c->slots_file[0])
    wfmt(out, n, "%s", c->slots_file);
  else
    wfmt(out, n, "%s/schedules/slots.ini", loa_data_dir());
}

#ifdef HAVE_SLOTS
static void next_slots(FILE *out, const loa_config *c, time_t now)
{
  char path[WPATH], err[512];
  slots_file(c, path, sizeof path);
  loa_slots *s = calloc(1, sizeof *s);
  if (!s || loa_slots_load(s, path, c->timezone, err, sizeof err) != 0) {
    fprintf(out, "Buổi phát tới / next slots: %s\n", s ? err : "out of memory");
    free(s);
    return;
  }
  loa_lexicon *words = NULL;   /* the names of the days: the lexicon's list weekday */
  if (loa_lexicon_load_lists(&words, c->build.lexicon_dir, err, sizeof err)) {
    fprintf(out, "Buổi phát tới / next slots: %s\n", err);
    free(s);
    return;
  }
  fprintf(out, "Buổi phát tới / next slots (%s):\n", path);
  time_t t = now;
  loa_occurrence o;
  for (int i = 0; i < 4 && loa_slots_next(s, t, &o) == 0; i++) {
    char date[11], day[64];
    const char *wd = loa_weekday_write(words, loa_date_weekday(o.ymd), LOA_WEEKDAY_LABEL, day,
                                       sizeof day);
    loa_date_format(o.ymd, date);
    int sec = s->slot[o.slot].start_s;
    fprintf(out, "  %-9s %s %02d:%02d  %s (%s), inbox/%s\n", wd ? wd : "?", date, sec / 3600,
            sec / 60 % 60, s->slot[o.slot].name, s->slot[o.slot].label, s->slot[o.slot].folder);
    t = o.start + 1;
  }
  loa_lexicon_free(words);
  free(s);
}
#else
typedef struct {
  FILE *out;
  int n;
} slot_list;

static int slot_line(void *user, const char *section, const char *key, const char *value)
{
  slot_list *l = user;
  if (!strcmp(key, "time") && strcmp(section, "urgent")) {
    fprintf(l->out, "  %-10s %s\n", section, value);
    l->n++;
  }
  return 1;
}

static void next_slots(FILE *out, const loa_config *c, time_t now)
{
  char path[WPATH];
  slots_file(c, path, sizeof path);
  fprintf(out, "Buổi phát / slots (%s, giờ của đài / station time):\n", path);
  slot_list l = {out, 0};
  if (ini_parse(path, slot_line, &l) < 0 || !l.n)
    fprintf(out, "  (không đọc được / cannot read %s)\n", path);
}
#endif

int loa_watch_status(const loa_config *c, FILE *out, int recent, char *err, size_t errlen)
{
  time_t now = time(NULL);
  long pid = daemon_pid(c);
  char building[WPATH * 2] = "";
  long long since = 0;
  fprintf(out, "Thư mục nhận / inbox: %s\n", c->inbox);
  if (pid) {
    read_daemon_status(c, building, sizeof building, &since);
    fprintf(out, "loa watch: đang chạy / running (pid %ld", pid);
    if (since) {
      fputs(", từ / since ", out);
      print_time(out, (time_t)since);
    }
    fputs(")\n", out);
  } else {
    fprintf(out, "loa watch: không chạy / not running\n");
  }
  if (pid && building[0]) {
    fprintf(out, "Đang làm / building:\n");
    for (char *p = building; *p;) {
      char *e = strchr(p, '\n');
      fprintf(out, "  %.*s\n", e ? (int)(e - p) : (int)strlen(p), p);
      p = e ? e + 1 : p + strlen(p);
    }
  }
  list_work(out, c, pid ? building : NULL);
  int rootfd = open(c->inbox, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (rootfd < 0) {
    wfmt(err, errlen, "%s: %s", c->inbox, strerror(errno));
    return -1;
  }
  fprintf(out, "Chờ trong inbox / waiting in the inbox:\n");
  int count = 0;
  list_inbox(out, rootfd, "", 0, &count, now);
  close(rootfd);
  if (!count)
    fprintf(out, "  (trống / empty)\n");
  recent_results(out, c, recent > 0 ? recent : 10);
  next_slots(out, c, now);
  return 0;
}
