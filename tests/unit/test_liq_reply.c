/* test_liq_reply.c: Liquidsoap's answers read from the bytes received (schedules/liq_reply.h),
 * and what loa says of one it does not take (escaped: an answer is outside bytes). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "schedules/config.h"
#include "schedules/liq_reply.h"
#include "schedules/playout.h"
#include "testutil.h"

#define S(lit) lit, sizeof(lit) - 1

/* The end of the answer in IN, found as the bytes come one at a time: the same as at once. */
static int end_bytewise(const char *in, size_t n, const char *term, size_t *text, size_t *used)
{
  size_t scanned = 0, t2, u2, s2 = 0;
  for (size_t got = 0; got <= n; got++)
    if (loa_liq_answer_end(in, got, term, &scanned, text, used)) {
      assert_int_equal(loa_liq_answer_end(in, n, term, &s2, &t2, &u2), 1);
      assert_int_equal(t2, *text);
      assert_int_equal(u2, *used);
      return 1;
    }
  assert_int_equal(loa_liq_answer_end(in, n, term, &s2, &t2, &u2), 0);
  return 0;
}

static void test_answers(void **state)
{
  size_t text, used;
  const char a[] = "42\r\nEND\r\nnext";
  assert_true(end_bytewise(S(a), "END", &text, &used));
  assert_int_equal(text, 2);
  assert_int_equal(used, 9);
  assert_int_equal(loa_liq_answer_rid(a, text), 42);
  const char b[] = "a\n\nb\nENDING\n END\nEND\n";
  assert_true(end_bytewise(S(b), "END", &text, &used));
  assert_memory_equal(b, "a\n\nb\nENDING\n END", text);
  assert_int_equal(loa_liq_answer_rid(b, text), -1);
  const char c[] = "\x1b[31mERR\0x\nEND\n";   /* kept as it came; the printer escapes it */
  assert_true(end_bytewise(S(c), "END", &text, &used));
  assert_int_equal(text, 10);
  assert_true(end_bytewise(S("END\nBye!\r\n"), "Bye!", &text, &used));
  assert_int_equal(text, 3);
  assert_false(end_bytewise(S("12\nEN"), "END", &text, &used));
  assert_false(end_bytewise(S("12\nEND"), "END", &text, &used));   /* not a whole line yet */
  /* request numbers: digits only, 15 at most */
  assert_int_equal(loa_liq_answer_rid(S("123456789012345")), 123456789012345LL);
  assert_int_equal(loa_liq_answer_rid(S("1234567890123456")), -1);
  assert_int_equal(loa_liq_answer_rid(S("12 ")), -1);
  assert_int_equal(loa_liq_answer_rid(S("")), -1);
  /* metadata lines */
  const char m[] = "rid=\"3\"\r\nloa_id=\"sang-2026\"\r\nloa_id=\"x\"y\"\n";
  assert_int_equal(loa_liq_answer_has(S(m), "loa_id", "sang-2026"), 1);
  assert_int_equal(loa_liq_answer_has(S(m), "loa_id", "sang"), 0);
  assert_int_equal(loa_liq_answer_has(S(m), "loa_id", "x\"y"), 1);
  assert_int_equal(loa_liq_answer_has(S("loa_id=\"a\""), "loa_id", "a"), 1);
  assert_int_equal(loa_liq_answer_has(S("loa_id=\"a"), "loa_id", "a"), 0);
}

/* A long answer ends at its closing line, however many lines came before. */
static void test_long_answer_ends(void **state)
{
  size_t n = 200 * 100;
  char *in = malloc(n + 4);
  for (size_t i = 0; i < n; i++)
    in[i] = i % 100 == 99 ? '\n' : 'x';
  memcpy(in + n, "END\n", 4);
  size_t scanned = 0, text, used;
  for (size_t got = 0; got < n + 4; got += 777)
    assert_int_equal(loa_liq_answer_end(in, got, "END", &scanned, &text, &used), 0);
  assert_int_equal(loa_liq_answer_end(in, n + 4, "END", &scanned, &text, &used), 1);
  assert_int_equal(text, n - 1);
  assert_int_equal(used, n + 4);
  free(in);
}

/* A fake Liquidsoap on a free port that answers every command with ANSWER (N bytes). */
static pid_t fake_liquidsoap(const char *answer, size_t n, int *port)
{
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof a), 0);
  socklen_t len = sizeof a;
  getsockname(s, (struct sockaddr *)&a, &len);
  *port = ntohs(a.sin_port);
  assert_int_equal(listen(s, 1), 0);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    int c = accept(s, NULL, NULL);
    char buf[4096];
    while (recv(c, buf, sizeof buf, 0) > 0) {
      if (!memcmp(buf, "quit", 4)) {
        send(c, "Bye!\r\n", 6, MSG_NOSIGNAL);
        break;
      }
      send(c, answer, n, MSG_NOSIGNAL);
    }
    _exit(0);
  }
  close(s);
  return pid;
}

/* "Liquidsoap refused": its words are printed, escaped (an answer with escape codes or NUL
 * went raw into the log). */
static void test_refusal_is_escaped(void **state)
{
  char dir[64], mp3[128];
  assert_int_equal(tu_tmpdir(dir, sizeof dir, "liq"), 0);
  tu_write_text(tu_path(mp3, sizeof mp3, dir, "a.mp3"), "not really");
  int port;
  pid_t pid = fake_liquidsoap(S("\x1b]0;pwned\x07" "ERR\0x\xe2\x80\xae\r\nEND\r\n"), &port);
  loa_config c;
  loa_config_default(&c);
  c.liquidsoap_port = port;
  char err[512] = "", rid[16] = "";
  assert_int_equal(loa_playout_push(&c, LOA_QUEUE_URGENT, "", mp3, "t-1", NULL, NULL, rid, err,
                                    sizeof err), LOA_PLAYOUT_EPROTO);
  int status;
  waitpid(pid, &status, 0);
  assert_non_null(strstr(err, "refused 'urgent.push': \\x1b]0;pwned\\x07ERR\\x00x\\u{202E}"));
  tu_rmtree(dir);
}

int main(void)
{
  signal(SIGPIPE, SIG_IGN);
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_answers),
    cmocka_unit_test(test_long_answer_ends),
    cmocka_unit_test(test_refusal_is_escaped),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
