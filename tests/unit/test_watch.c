/* test_watch.c: the watch folder's state machine with a stand-in builder.
 *
 * The builder here is a few lines that classify a file by its content and
 * write "FAKEMP3\n" + the content as its MP3, so that every test can check
 * exactly which input became which output. The real builder (decode, header,
 * pipeline/build) is exercised end to end by tests/e2e/watch_*.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pipeline/publish.h"
#include "schedules/watch.h"
#include "schedules/watch_internal.h"
#include "testutil.h"

static char root[256];
static pid_t daemon_pid;
static loa_config cfg;
static FILE *logfp;

/* ---- helpers ---------------------------------------------------------- */

static void path_of(char *out, size_t n, const char *rel)
{
  tu_path(out, n, root, rel);
}

static void put(const char *rel, const void *content, size_t n)
{
  char full[1024];
  path_of(full, sizeof full, rel);
  tu_make_parents(full);
  tu_write_file(full, content, n);
}

static void puts_(const char *rel, const char *content)
{
  put(rel, content, strlen(content));
}

static char *slurp(const char *rel)
{
  char full[1024];
  path_of(full, sizeof full, rel);
  return tu_read_file(full, NULL);
}

static int exists(const char *rel)
{
  char full[1024];
  path_of(full, sizeof full, rel);
  return tu_exists(full);
}

static int count_in(const char *rel)
{
  char full[1024];
  path_of(full, sizeof full, rel);
  return tu_count_entries(full);
}

static void assert_mp3_of(const char *rel, const char *content)
{
  char *got = slurp(rel);
  assert_non_null(got);
  char want[4096];
  snprintf(want, sizeof want, "FAKEMP3\n%s", content);
  assert_string_equal(got, want);
  free(got);
}

static void assert_file_is(const char *rel, const char *content)
{
  char *got = slurp(rel);
  assert_non_null(got);
  assert_string_equal(got, content);
  free(got);
}

/* The note exists and names the class and the file. */
static void assert_failed(const char *rel, const char *cls)
{
  char note[1024], line[128];
  snprintf(note, sizeof note, "%s.loi.txt", rel);
  assert_true(exists(rel));
  char *text = slurp(note);
  assert_non_null(text);
  assert_memory_equal(text, "\xEF\xBB\xBF", 3);
  snprintf(line, sizeof line, "Class: %s\r\n", cls);
  if (!strstr(text, line))
    fail_msg("%s has no '%s':\n%s", note, cls, text);
  assert_non_null(strstr(text, "Cách sửa: "));
  assert_non_null(strstr(text, "What to do: "));
  free(text);
}

static int builds(void)
{
  char *b = slurp("builds.log");
  int n = 0;
  for (char *p = b; p && *p; p++)
    n += *p == '\n';
  free(b);
  return n;
}

/* ---- the stand-in builder ---------------------------------------------- */

static void key_of(const char *buf, size_t n, char key[65])
{
  for (int part = 0; part < 4; part++) {
    uint64_t h = 1469598103934665603ULL ^ (uint64_t)part;
    for (size_t i = 0; i < n; i++)
      h = (h ^ (unsigned char)buf[i]) * 1099511628211ULL;
    snprintf(key + part * 16, 17, "%016llx", (unsigned long long)h);
  }
}

static int read_src(const char *src, char **buf, size_t *n)
{
  FILE *f = fopen(src, "rb");
  if (!f)
    return -1;
  *buf = calloc(1, 1 << 16);
  *n = fread(*buf, 1, (1 << 16) - 1, f);
  fclose(f);
  return 0;
}

static int fake_inspect(const loa_config *c, const char *src, loa_watch_outcome *o)
{
  char *buf = NULL;
  size_t n = 0;
  if (read_src(src, &buf, &n)) {
    o->fail = LOA_WF_UNREADABLE;
    snprintf(o->err, sizeof o->err, "%s: cannot read", src);
    return -1;
  }
  int rc = 0;
  if (memchr(buf, 0, n)) {
    o->fail = LOA_WF_BINARY;
    snprintf(o->err, sizeof o->err, "%s: binary data", src);
    rc = -1;
  } else if (strstr(buf, "HEADER-ERROR")) {
    o->fail = LOA_WF_HEADER;
    snprintf(o->err, sizeof o->err, "%s: dòng 2: ngày '31/2/2026' không hợp lệ / invalid date", src);
    rc = -1;
  } else if (strstr(buf, "RETRY")) {
    o->retry = 1;
    snprintf(o->err, sizeof o->err, "disk full");
    rc = -1;
  } else {
    o->urgent = strstr(buf, "KHẨN") != NULL;
    key_of(buf, n, o->key);
  }
  free(buf);
  return rc;
}

static int fake_build(const loa_config *c, const char *src, const char *mp3, loa_watch_outcome *o,
                      char **warnings)
{
  char *buf = NULL, logp[512];
  size_t n = 0;
  assert_int_equal(read_src(src, &buf, &n), 0);
  snprintf(logp, sizeof logp, "%s/builds.log", root);
  FILE *lf = fopen(logp, "a");
  fprintf(lf, "%.20s\n", buf);
  fclose(lf);
  if (strstr(buf, "CRASH"))
    abort();
  if (strstr(buf, "SLEEP"))
    sleep(30);
  if (strstr(buf, "NOSPEECH")) {
    o->fail = LOA_WF_NOSPEECH;
    snprintf(o->err, sizeof o->err, "%s: nothing left to read", src);
    free(buf);
    return -1;
  }
  if (strstr(buf, "GROW") && !strstr(buf, "more")) {
    /* a writer that still held the file goes on writing after the claim */
    FILE *g = fopen(src, "a");
    fputs(" more", g);
    fclose(g);
  }
  if (strstr(buf, "WARN"))
    *warnings = strdup("3:7\ttp.\tunknown abbreviation, spelled\n");
  char *mp = malloc(n + 16);
  memcpy(mp, "FAKEMP3\n", 8);
  memcpy(mp + 8, buf, n);
  int rc = loa_atomic_write(mp3, mp, n + 8);
  free(mp);
  free(buf);
  o->seconds = 1.5;
  snprintf(o->title, sizeof o->title, "fake");
  return rc ? -1 : 0;
}

static const loa_watch_builder fake = {fake_inspect, fake_build};

static void set_cfg(int settle_ms)
{
  memset(&cfg, 0, sizeof cfg);
  snprintf(cfg.root, sizeof cfg.root, "%s", root);
  snprintf(cfg.inbox, sizeof cfg.inbox, "%s/inbox", root);
  snprintf(cfg.out, sizeof cfg.out, "%s/out", root);
  snprintf(cfg.done, sizeof cfg.done, "%s/done", root);
  snprintf(cfg.failed, sizeof cfg.failed, "%s/failed", root);
  snprintf(cfg.state, sizeof cfg.state, "%s/state", root);
  snprintf(cfg.cache, sizeof cfg.cache, "%s/cache", root);
  cfg.settle_ms = settle_ms;
  cfg.rescan_s = 1;
  cfg.max_bytes = 4096;
}

static int run_once_with(int no_inotify, int timeout_s)
{
  loa_watch_opts o = {.cfg = &cfg, .builder = fake, .once = 1, .no_inotify = no_inotify,
                      .build_timeout_s = timeout_s, .log = logfp};
  char err[512] = "";
  int rc = loa_watch_run(&o, err, sizeof err);
  if (rc && rc != LOA_WATCH_EINCOMPLETE)
    print_message("loa_watch_run: %d %s\n", rc, err);
  return rc;
}

static int run_once(void)
{
  return run_once_with(0, 0);
}

static void on_term(int sig)
{
  (void)sig;
  loa_watch_request_stop();
}

/* A daemon in a child process (not --once), as `loa watch` runs it. */
static pid_t start_daemon(int no_inotify)
{
  fflush(NULL);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    signal(SIGTERM, on_term);
    loa_watch_opts o = {.cfg = &cfg, .builder = fake, .no_inotify = no_inotify, .log = logfp};
    char err[512];
    int rc = loa_watch_run(&o, err, sizeof err);
    _exit(rc == 0 ? 0 : 10 - rc);
  }
  /* ready when it has written its status */
  for (int i = 0; i < 500 && !exists("state/daemon.status"); i++)
    usleep(10000);
  assert_true(exists("state/daemon.status"));
  daemon_pid = pid;
  return pid;
}

static int stop_daemon(pid_t pid)
{
  kill(pid, SIGTERM);
  int st;
  assert_int_equal(waitpid(pid, &st, 0), pid);
  daemon_pid = 0;
  return WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st);
}

/* Wait (bounded) until REL exists. */
static int wait_for(const char *rel, int seconds)
{
  for (int i = 0; i < seconds * 100; i++) {
    if (exists(rel))
      return 1;
    usleep(10000);
  }
  return 0;
}

static int setup(void **state)
{
  if (tu_tmpdir(root, sizeof root, "watch"))
    return -1;
  char p[512];
  snprintf(p, sizeof p, "%s/log.txt", root);
  logfp = fopen(p, "a");
  set_cfg(50);
  return 0;
}


static int teardown(void **state)
{
  if (daemon_pid > 0) {
    kill(daemon_pid, SIGKILL);
    waitpid(daemon_pid, NULL, 0);
    daemon_pid = 0;
  }
  if (logfp)
    fclose(logfp);
  return tu_tmpdir_done(root);
}

/* ---- names, escaping, notes ------------------------------------------- */

static void test_ignored_names(void **state)
{
  const char *ignored[] = {".hidden.txt", "~$thong bao.docx", "~WRL0001.tmp", "ban tin.txt.part",
                           "x.crdownload", "a.TMP", "notes.txt~", ".~lock.a.odt#", "Thumbs.db",
                           "desktop.ini", "._ban tin.txt", "f.filepart", ".goutputstream-XYZ", NULL};
  const char *taken[] = {"ban tin.txt", "-bat dau bang gach.txt", "Thông báo tiêm phòng.docx",
                         "a.pdf", "lich.md", "tmp.txt", "part 2.txt", NULL};
  for (int i = 0; ignored[i]; i++)
    if (!loa_watch_ignored_name(ignored[i]))
      fail_msg("'%s' should be ignored", ignored[i]);
  for (int i = 0; taken[i]; i++)
    if (loa_watch_ignored_name(taken[i]))
      fail_msg("'%s' should be taken", taken[i]);
}

static void test_stem_split_unique(void **state)
{
  char a[256], b[256];
  wfs_stem("ban tin.txt", a, sizeof a);
  assert_string_equal(a, "ban tin");
  wfs_stem("Thông báo 12.5.2026", a, sizeof a);
  assert_string_equal(a, "Thông báo 12.5.2026");
  wfs_stem("a.b.docx", a, sizeof a);
  assert_string_equal(a, "a.b");
  wfs_stem("README", a, sizeof a);
  assert_string_equal(a, "README");
  wfs_split("sang/x/y.txt", a, sizeof a, b, sizeof b);
  assert_string_equal(a, "sang/x");
  assert_string_equal(b, "y.txt");
  wfs_split("y.txt", a, sizeof a, b, sizeof b);
  assert_string_equal(a, "");
  assert_string_equal(b, "y.txt");

  puts_("u/F.txt", "1");
  puts_("u/F (2).txt.loi.txt", "n");
  int fd = open(root, O_RDONLY | O_DIRECTORY);
  int ufd = wfs_open_dir(fd, "u", 0);
  assert_true(ufd >= 0);
  assert_int_equal(wfs_unique_name(ufd, "F.txt", ".loi.txt", a, sizeof a), 0);
  assert_string_equal(a, "F (3).txt");   /* F (2) has a note left: not free either */
  assert_int_equal(wfs_unique_name(ufd, "G.txt", ".loi.txt", a, sizeof a), 0);
  assert_string_equal(a, "G.txt");
  close(ufd);
  close(fd);
}

static void test_open_dir_refuses_links(void **state)
{
  puts_("real/a.txt", "x");
  char lnk[512], target[512];
  path_of(lnk, sizeof lnk, "lnk");
  path_of(target, sizeof target, "real");
  assert_int_equal(symlink(target, lnk), 0);
  int fd = open(root, O_RDONLY | O_DIRECTORY);
  int r = wfs_open_dir(fd, "lnk", 0);
  assert_true(r == -ELOOP || r == -ENOTDIR);
  assert_int_equal(wfs_open_dir(fd, "real/../real", 0), -EPERM);
  r = wfs_open_dir(fd, "real", 0);
  assert_true(r >= 0);
  close(r);
  close(fd);
}

static void test_escape_roundtrip_and_log_parse(void **state)
{
  const char *names[] = {"tên có dấu.txt", "a\nb\tc\\d", "-x \"q\".txt", "\x01\x7f", NULL};
  for (int i = 0; names[i]; i++) {
    char esc[512], back[512];
    wesc(names[i], esc, sizeof esc);
    assert_null(strchr(esc, '\n'));
    wunesc(esc, back, sizeof back);
    assert_string_equal(back, names[i]);
    wline l;
    wl_begin(&l, 6, "done");
    wl_str(&l, "file", names[i]);
    wl_int(&l, "cached", 1);
    assert_null(strchr(l.buf, '\n'));
    char v[512];
    assert_int_equal(wl_get(l.buf, "file", v, sizeof v), 0);
    assert_string_equal(v, names[i]);
    assert_int_equal(wl_get(l.buf, "cached", v, sizeof v), 0);
    assert_string_equal(v, "1");
    assert_int_equal(wl_get(l.buf, "event", v, sizeof v), 0);
    assert_string_equal(v, "done");
  }
}

static void test_note_text(void **state)
{
  loa_watch_outcome o = {.fail = LOA_WF_EMPTY};
  char *t = loa_watch_note_text("sang/Thông báo.txt", &o, 0, 2 << 20, 0);
  assert_memory_equal(t, "\xEF\xBB\xBF", 3);
  assert_non_null(strstr(t, "sang/Thông báo.txt"));
  assert_non_null(strstr(t, "Tệp trống: không có chữ nào để đọc."));
  assert_non_null(strstr(t, "Hãy mở tệp, kiểm tra nội dung rồi chép lại vào thư mục inbox."));
  assert_non_null(strstr(t, "The file is empty"));
  assert_true(strstr(t, "Tệp trống") < strstr(t, "The file is empty"));   /* Vietnamese first */
  for (char *p = strchr(t, '\n'); p; p = strchr(p + 1, '\n'))
    assert_true(p[-1] == '\r');
  free(t);

  o = (loa_watch_outcome){.fail = LOA_WF_HEADER};
  snprintf(o.err, sizeof o.err, "a.txt: dòng 3: ngày '31/2/2026' không hợp lệ / invalid date");
  t = loa_watch_note_text("a.txt", &o, wnote_line_of(o.err), 2 << 20, 1);
  assert_non_null(strstr(t, "Dòng: 3\r\n"));
  assert_non_null(strstr(t, "Line: 3\r\n"));
  assert_non_null(strstr(t, "Bản cũ cùng tên vẫn đang được dùng"));
  free(t);
  assert_int_equal(wnote_line_of("x.txt:12: unknown key"), 12);
  assert_int_equal(wnote_line_of("no line here"), 0);

  for (int f = 1; f < LOA_WF_COUNT; f++) {
    o = (loa_watch_outcome){.fail = (loa_watch_fail)f};
    t = loa_watch_note_text("x", &o, 0, 1 << 20, 0);
    assert_non_null(strstr(t, "Lỗi: "));
    assert_non_null(strstr(t, "Problem: "));
    assert_string_not_equal(loa_watch_fail_name((loa_watch_fail)f), "unknown");
    free(t);
  }
}

/* ---- whole runs ------------------------------------------------------- */

static void test_each_file_ends_in_exactly_one_place(void **state)
{
  char big[5000];
  memset(big, 'a', sizeof big);
  puts_("inbox/ban tin 1.txt", "Bản tin một.");
  puts_("inbox/sang/tiêm phòng.txt", "Tiêm phòng gia cầm.");
  puts_("inbox/-gạch đầu.txt", "Bắt đầu bằng gạch.");
  puts_("inbox/chieu/canh bao.txt", "Có WARN tp. ở đây.");
  put("inbox/trong.txt", "", 0);
  put("inbox/nhi phan.doc", "\x00\x01\x02zz", 5);
  puts_("inbox/dau sai.txt", "Tiêu đề: x\nHEADER-ERROR\n");
  puts_("inbox/khong doc.txt", "NOSPEECH");
  put("inbox/qua lon.txt", big, sizeof big);
  puts_("inbox/ban tin 1.loi.txt", "a note dropped back");
  puts_("inbox/dang chep.txt.part", "half");
  puts_("inbox/~$tam.docx", "owner file");
  puts_("inbox/.an.txt", "hidden");
  puts_("outside/bi mat.txt", "secret");
  char target[512], lnk[512], hard[512], orig[512];
  path_of(target, sizeof target, "outside/bi mat.txt");
  path_of(lnk, sizeof lnk, "inbox/lien ket.txt");
  assert_int_equal(symlink(target, lnk), 0);
  path_of(lnk, sizeof lnk, "inbox/thu muc lien ket");
  path_of(target, sizeof target, "outside");
  assert_int_equal(symlink(target, lnk), 0);
  puts_("outside/cung.txt", "hard linked");
  path_of(orig, sizeof orig, "outside/cung.txt");
  path_of(hard, sizeof hard, "inbox/cung.txt");
  assert_int_equal(link(orig, hard), 0);

  assert_int_equal(run_once(), LOA_WATCH_OK);

  assert_mp3_of("out/ban tin 1.mp3", "Bản tin một.");
  assert_file_is("done/ban tin 1.txt", "Bản tin một.");
  assert_mp3_of("out/sang/tiêm phòng.mp3", "Tiêm phòng gia cầm.");
  assert_file_is("done/sang/tiêm phòng.txt", "Tiêm phòng gia cầm.");
  assert_mp3_of("out/-gạch đầu.mp3", "Bắt đầu bằng gạch.");
  assert_true(exists("done/-gạch đầu.txt"));
  assert_mp3_of("out/chieu/canh bao.mp3", "Có WARN tp. ở đây.");
  char *w = slurp("out/chieu/canh bao.canh-bao.txt");
  assert_non_null(w);
  assert_non_null(strstr(w, "dòng/line 3, cột/col 7: \"tp.\" - unknown abbreviation"));
  free(w);
  assert_false(exists("out/ban tin 1.canh-bao.txt"));

  assert_failed("failed/trong.txt", "empty");
  assert_failed("failed/nhi phan.doc", "binary");
  assert_failed("failed/dau sai.txt", "header");
  char *n = slurp("failed/dau sai.txt.loi.txt");
  assert_non_null(strstr(n, "Dòng: 2"));
  assert_non_null(strstr(n, "dau sai.txt: dòng 2"));   /* the user's name, not state/work/... */
  assert_null(strstr(n, "state/work"));
  free(n);
  assert_failed("failed/khong doc.txt", "no-speech");
  assert_failed("failed/qua lon.txt", "too-big");
  assert_failed("failed/ban tin 1.loi.txt", "note");
  assert_failed("failed/lien ket.txt", "symlink");
  assert_failed("failed/thu muc lien ket", "symlink");
  assert_failed("failed/cung.txt", "hardlink");
  /* the link itself moved, its target untouched */
  assert_file_is("outside/bi mat.txt", "secret");
  assert_int_equal(count_in("outside"), 2);

  /* temporaries stay where they are; nothing else is left behind */
  assert_true(exists("inbox/dang chep.txt.part"));
  assert_true(exists("inbox/~$tam.docx"));
  assert_true(exists("inbox/.an.txt"));
  assert_int_equal(count_in("inbox"), 3 + 2);       /* + the sang/ and chieu/ folders */
  assert_int_equal(count_in("inbox/sang"), 0);
  assert_int_equal(count_in("state/work"), 0);
  assert_int_equal(count_in("state/tmp"), 0);
  char *results = slurp("state/results.log");
  assert_non_null(strstr(results, "event=done file=\"sang/tiêm phòng.txt\""));
  assert_non_null(strstr(results, "event=failed file=\"trong.txt\" reason=\"empty\""));
  free(results);
}

static void test_duplicates_built_once_and_changes_replace(void **state)
{
  puts_("inbox/a.txt", "Cùng một nội dung.");
  puts_("inbox/a - Copy.txt", "Cùng một nội dung.");
  assert_int_equal(run_once(), LOA_WATCH_OK);
  assert_int_equal(builds(), 1);
  assert_mp3_of("out/a.mp3", "Cùng một nội dung.");
  assert_mp3_of("out/a - Copy.mp3", "Cùng một nội dung.");
  assert_true(exists("done/a.txt") && exists("done/a - Copy.txt"));
  /* whichever came second says it repeats the first */
  int warned = exists("out/a - Copy.canh-bao.txt") + exists("out/a.canh-bao.txt");
  assert_int_equal(warned, 1);

  /* the same file again: nothing rebuilt, one source kept in done/ */
  puts_("inbox/a.txt", "Cùng một nội dung.");
  assert_int_equal(run_once(), LOA_WATCH_OK);
  assert_int_equal(builds(), 1);
  assert_false(exists("done/.replaced"));
  assert_int_equal(count_in("done"), 2);
  assert_int_equal(count_in("out"), 3);   /* two MP3s, one warning, no temporary */

  /* a changed file with the same name replaces the programme item */
  puts_("inbox/a.txt", "Nội dung đã sửa.");
  assert_int_equal(run_once(), LOA_WATCH_OK);
  assert_int_equal(builds(), 2);
  assert_mp3_of("out/a.mp3", "Nội dung đã sửa.");
  assert_file_is("done/a.txt", "Nội dung đã sửa.");
  assert_file_is("done/.replaced/a.txt", "Cùng một nội dung.");

  /* ... also when it comes back as another kind of file */
  puts_("inbox/a.md", "Bản thứ ba.");
  assert_int_equal(run_once(), LOA_WATCH_OK);
  assert_mp3_of("out/a.mp3", "Bản thứ ba.");
  assert_file_is("done/a.md", "Bản thứ ba.");
  assert_false(exists("done/a.txt"));
  assert_file_is("done/.replaced/a (2).txt", "Nội dung đã sửa.");
}

static void test_failed_names_never_collide(void **state)
{
  put("inbox/x.txt", "", 0);
  assert_int_equal(run_once(), LOA_WATCH_OK);
  put("inbox/x.txt", "bin\0ary", 7);
  assert_int_equal(run_once(), LOA_WATCH_OK);
  assert_failed("failed/x.txt", "empty");
  assert_failed("failed/x (2).txt", "binary");
}

static void test_crash_and_timeout_of_a_build(void **state)
{
  puts_("inbox/vo.txt", "CRASH");
  puts_("inbox/cham.txt", "SLEEP");
  puts_("inbox/tot.txt", "Tốt.");
  assert_int_equal(run_once_with(0, 1), LOA_WATCH_OK);
  assert_failed("failed/vo.txt", "crash");
  assert_failed("failed/cham.txt", "timeout");
  assert_mp3_of("out/tot.mp3", "Tốt.");
}

static void test_file_changed_while_building_is_built_again(void **state)
{
  puts_("inbox/lon dan.txt", "GROW");
  assert_int_equal(run_once(), LOA_WATCH_OK);
  assert_mp3_of("out/lon dan.mp3", "GROW more");
  assert_file_is("done/lon dan.txt", "GROW more");
  assert_int_equal(builds(), 2);
  char *log = slurp("log.txt");
  assert_non_null(strstr(log, "event=changed-while-building file=\"lon dan.txt\""));
  free(log);
}

static void test_transient_failure_keeps_the_file(void **state)
{
  puts_("inbox/day dia.txt", "RETRY");
  assert_int_equal(run_once(), LOA_WATCH_EINCOMPLETE);
  assert_int_equal(count_in("state/work"), 1);
  assert_false(exists("failed/day dia.txt"));
  assert_false(exists("inbox/day dia.txt"));
  /* it is kept, not lost: the next start tries again */
  char *log = slurp("log.txt");
  assert_non_null(strstr(log, "event=retry file=\"day dia.txt\""));
  free(log);
}

/* A state folder as a crash at various moments leaves it. */
static void mkjob(const char *id, const char *rel, const char *extra, const char *src)
{
  char p[512], job[1024];
  snprintf(p, sizeof p, "state/work/%s/job", id);
  snprintf(job, sizeof job, "rel=%s\nsize=1\nmtime_ns=1\nino=1\nclaimed=1\nxdev=0\n%s", rel,
           extra ? extra : "");
  puts_(p, job);
  if (src) {
    snprintf(p, sizeof p, "state/work/%s/src", id);
    puts_(p, src);
  }
}

static void test_recovery_redoes_what_a_crash_left(void **state)
{
  mkdir(root, 0775);
  mkjob("20260101-000000-1-1", "sang/giua chung.txt", NULL, "Đang làm dở.");
  mkjob("20260101-000000-1-2", "da xong.txt", NULL, NULL);                /* src already moved */
  mkjob("20260101-000000-1-3.new", "chua nhan.txt", NULL, NULL);          /* claim never done */
  mkjob("20260101-000000-1-4", "hong.txt", "fail=hong.txt\n", "\x01\x00"); /* note was being written */
  put("state/work/20260101-000000-1-4/src", "x\0y", 3);
  puts_("failed/hong.txt.loi.txt", "half a note");
  puts_("inbox/chua nhan.txt", "Vẫn trong inbox.");
  puts_("out/.loa-watch.123.tmp", "partial mp3");
  puts_("out/sang/.loa-watch.9.1.tmp", "partial mp3");
  puts_("state/tmp/loa-build-abc/part-1.mp3", "spool");

  assert_int_equal(run_once(), LOA_WATCH_OK);

  assert_mp3_of("out/sang/giua chung.mp3", "Đang làm dở.");
  assert_file_is("done/sang/giua chung.txt", "Đang làm dở.");
  assert_mp3_of("out/chua nhan.mp3", "Vẫn trong inbox.");
  assert_failed("failed/hong.txt", "binary");
  assert_false(exists("failed/hong (2).txt"));
  assert_false(exists("out/.loa-watch.123.tmp"));
  assert_false(exists("out/sang/.loa-watch.9.1.tmp"));
  assert_int_equal(count_in("state/work"), 0);
  assert_int_equal(count_in("state/tmp"), 0);
  char *log = slurp("log.txt");
  assert_non_null(strstr(log, "event=recover file=\"sang/giua chung.txt\""));
  free(log);
}

/* Die at each step in turn, as under kill -9, then start again: the end is
 * always the same as without the crash. */
static void test_a_crash_at_any_step_is_repaired(void **state)
{
  static const char *points[] = {"claim:journal", "claim:moved", "build:started",
                                 "publish:warnings", "publish:linked", "publish:renamed",
                                 "done:aside", "done:moved", "failed:named", "failed:note",
                                 "failed:moved", NULL};
  for (int i = 0; points[i]; i++) {
    static const char *const folders[] = {"inbox", "out", "done", "failed", "state"};
    for (int k = 0; k < 5; k++) {
      char full[1024];
      path_of(full, sizeof full, folders[k]);
      assert_int_equal(tu_rmtree(full), 0);
    }
    puts_("done/sang/x.txt", "Bản cũ.");
    puts_("inbox/sang/x.txt", "Bản mới có WARN.");
    put("inbox/bad.txt", "bin\0ary", 7);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
      wcrash_at = points[i];
      run_once();
      _exit(0);
    }
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 99)
      fail_msg("the daemon did not reach the crash point %s (status %d)", points[i], st);
    assert_int_equal(run_once(), LOA_WATCH_OK);

    assert_mp3_of("out/sang/x.mp3", "Bản mới có WARN.");
    assert_true(exists("out/sang/x.canh-bao.txt"));
    assert_file_is("done/sang/x.txt", "Bản mới có WARN.");
    assert_file_is("done/.replaced/sang/x.txt", "Bản cũ.");
    assert_int_equal(count_in("done/.replaced/sang"), 1);
    assert_failed("failed/bad.txt", "binary");
    assert_int_equal(count_in("failed"), 2);
    assert_int_equal(count_in("inbox/sang"), 0);
    assert_false(exists("inbox/bad.txt"));
    assert_int_equal(count_in("state/work"), 0);
    if (count_in("out/sang") != 2) {   /* x.mp3 + x.canh-bao.txt, no temporary */
      char cmd[1200];
      snprintf(cmd, sizeof cmd, "ls -la '%s/out/sang' >&2", root);
      assert_int_equal(system(cmd), 0);
      fail_msg("after a crash at %s, out/sang holds more than x.mp3 and its warnings", points[i]);
    }
    assert_int_equal(count_in("out"), 1);
  }
}

static void test_two_daemons_refuse_to_run_together(void **state)
{
  pid_t pid = start_daemon(0);
  loa_watch_opts o = {.cfg = &cfg, .builder = fake, .once = 1, .log = logfp};
  char err[512] = "";
  assert_int_equal(loa_watch_run(&o, err, sizeof err), LOA_WATCH_EBUSY);
  char want[64];
  snprintf(want, sizeof want, "(pid %ld)", (long)pid);
  if (!strstr(err, want))
    fail_msg("error should name the pid: %s", err);

  /* another state folder on the same inbox is refused too */
  loa_config other = cfg;
  snprintf(other.state, sizeof other.state, "%s/state2", root);
  o.cfg = &other;
  assert_int_equal(loa_watch_run(&o, err, sizeof err), LOA_WATCH_EBUSY);
  assert_non_null(strstr(err, "inbox"));

  assert_int_equal(stop_daemon(pid), 0);
  o.cfg = &cfg;
  assert_int_equal(loa_watch_run(&o, err, sizeof err), LOA_WATCH_OK);
}

static void test_live_drops_copies_and_renames(void **state)
{
  set_cfg(200);
  pid_t pid = start_daemon(0);

  /* a copy written in two halves with a pause longer than the settle time */
  char half[512];
  path_of(half, sizeof half, "inbox/chep cham.txt");
  int fd = open(half, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, "Nửa đầu, ", strlen("Nửa đầu, ")), (ssize_t)strlen("Nửa đầu, "));
  usleep(700 * 1000);
  assert_false(exists("done/chep cham.txt"));
  assert_int_equal(write(fd, "nửa sau.", strlen("nửa sau.")), (ssize_t)strlen("nửa sau."));
  close(fd);

  /* a new empty file made in the inbox, filled a moment later (Windows:
   * New > Text Document, then Notepad) is not refused as empty */
  put("inbox/moi tao.txt", "", 0);
  usleep(1000 * 1000);
  puts_("inbox/moi tao.txt", "Vừa gõ xong.");

  /* a file written elsewhere and renamed in */
  puts_("elsewhere/doi ten.txt", "Đổi tên vào.");
  char from[512], to[512];
  path_of(from, sizeof from, "elsewhere/doi ten.txt");
  path_of(to, sizeof to, "inbox/sang/doi ten.txt");
  tu_make_parents(to);
  assert_int_equal(rename(from, to), 0);

  assert_true(wait_for("done/chep cham.txt", 20));
  assert_true(wait_for("done/sang/doi ten.txt", 20));
  assert_true(wait_for("done/moi tao.txt", 20));
  assert_int_equal(stop_daemon(pid), 0);
  assert_mp3_of("out/moi tao.mp3", "Vừa gõ xong.");
  assert_false(exists("failed/moi tao.txt"));
  assert_mp3_of("out/chep cham.mp3", "Nửa đầu, nửa sau.");
  assert_mp3_of("out/sang/doi ten.mp3", "Đổi tên vào.");
  assert_int_equal(builds(), 3);
}

static void test_scanning_alone_finds_files(void **state)
{
  set_cfg(100);
  pid_t pid = start_daemon(1);
  puts_("inbox/khan/bao bao.txt", "KHẨN: bão số 3.");
  puts_("inbox/chieu/x/y/sau.txt", "Thư mục sâu.");
  assert_true(wait_for("done/khan/bao bao.txt", 20));
  assert_true(wait_for("done/chieu/x/y/sau.txt", 20));
  assert_int_equal(stop_daemon(pid), 0);
  assert_mp3_of("out/khan/bao bao.mp3", "KHẨN: bão số 3.");
  assert_mp3_of("out/chieu/x/y/sau.mp3", "Thư mục sâu.");
  char *log = slurp("log.txt");
  /* no playout in this build or configuration: said, and the file still succeeds */
  assert_non_null(strstr(log, "event=urgent-not-handed-over file=\"khan/bao bao.txt\""));
  free(log);
}

static void test_status_report(void **state)
{
  puts_("inbox/a.txt", "Một.");
  put("inbox/b.txt", "", 0);
  assert_int_equal(run_once(), LOA_WATCH_OK);
  puts_("inbox/chieu/c.txt", "Đang chờ.");
  char *buf = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&buf, &n);
  char err[256];
  assert_int_equal(loa_watch_status(&cfg, f, 10, err, sizeof err), 0);
  fclose(f);
  assert_non_null(strstr(buf, "chieu/c.txt"));
  assert_non_null(strstr(buf, "a.txt"));
  assert_non_null(strstr(buf, "empty"));
  assert_non_null(strstr(buf, "không chạy"));
  free(buf);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_ignored_names, setup, teardown),
    cmocka_unit_test_setup_teardown(test_stem_split_unique, setup, teardown),
    cmocka_unit_test_setup_teardown(test_open_dir_refuses_links, setup, teardown),
    cmocka_unit_test_setup_teardown(test_escape_roundtrip_and_log_parse, setup, teardown),
    cmocka_unit_test_setup_teardown(test_note_text, setup, teardown),
    cmocka_unit_test_setup_teardown(test_each_file_ends_in_exactly_one_place, setup, teardown),
    cmocka_unit_test_setup_teardown(test_duplicates_built_once_and_changes_replace, setup, teardown),
    cmocka_unit_test_setup_teardown(test_failed_names_never_collide, setup, teardown),
    cmocka_unit_test_setup_teardown(test_crash_and_timeout_of_a_build, setup, teardown),
    cmocka_unit_test_setup_teardown(test_file_changed_while_building_is_built_again, setup, teardown),
    cmocka_unit_test_setup_teardown(test_transient_failure_keeps_the_file, setup, teardown),
    cmocka_unit_test_setup_teardown(test_recovery_redoes_what_a_crash_left, setup, teardown),
    cmocka_unit_test_setup_teardown(test_a_crash_at_any_step_is_repaired, setup, teardown),
    cmocka_unit_test_setup_teardown(test_two_daemons_refuse_to_run_together, setup, teardown),
    cmocka_unit_test_setup_teardown(test_live_drops_copies_and_renames, setup, teardown),
    cmocka_unit_test_setup_teardown(test_scanning_alone_finds_files, setup, teardown),
    cmocka_unit_test_setup_teardown(test_status_report, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
