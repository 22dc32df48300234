/* test_web.c: the web console's pieces that need no server: the strict JSON reader and the
 * writer's escapes, the users file and its yescrypt hashes, bulletin ids, and the header
 * built from the form's fields (checked by the header parser). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "schedules/config.h"
#include "web/bulletins.h"
#include "web/json.h"
#include "web/users.h"
#include "testutil.h"

static char dir[64];

static int setup(void **state)
{
  return tu_tmpdir(dir, sizeof dir, "web");
}

static int teardown(void **state)
{
  return tu_rmtree(dir);
}

static int get(const char *json, const char *key, char *out, size_t len)
{
  return loa_json_get(json, strlen(json), key, out, len);
}

static void test_json_read(void **state)
{
  char v[64];
  assert_int_equal(get("{\"user\":\"lan\",\"password\":\"a\\\"b\"}", "password", v, sizeof v), 1);
  assert_string_equal(v, "a\"b");
  assert_int_equal(get(" { \"n\" : 12.5e1 , \"b\": true, \"x\": null } ", "n", v, sizeof v), 1);
  assert_string_equal(v, "12.5e1");
  assert_int_equal(get("{\"b\": true}", "b", v, sizeof v), 1);
  assert_string_equal(v, "true");
  assert_int_equal(get("{\"a\": {\"user\": \"x\"}, \"user\": \"y\"}", "user", v, sizeof v), 1);
  assert_string_equal(v, "y");                        /* a nested member is not the top one */
  assert_int_equal(get("{\"t\":\"Th\\u00f4n \\ud83d\\udce2\"}", "t", v, sizeof v), 1);
  assert_string_equal(v, "Thôn 📢");
  assert_int_equal(get("{\"t\":\"Thôn 1\"}", "t", v, sizeof v), 1);
  assert_string_equal(v, "Thôn 1");
  assert_int_equal(get("{\"a\":1}", "user", v, sizeof v), 0);
  assert_int_equal(get("{\"a\":[1,2]}", "a", v, sizeof v), -2);
  assert_int_equal(get("{\"a\":\"0123456789\"}", "a", v, 5), -2);
  static const char *const bad[] = {
    "", "[]", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{a:1}", "{\"a\":'x'}", "{\"a\":01}",
    "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00x\"}",
    "{\"a\":\"\\u0000\"}", "{\"a\":\"tab\there\"}", "{\"a\":\"\xff\"}", "{\"a\":\"\xc3\"}",
    "{\"a\":1} x", "{\"a\":tru}", "{\"a\":-}", "{\"a\":1.}", "{\"a\":1e}",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    if (get(bad[i], "a", v, sizeof v) != -1)
      fail_msg("case %zu (%s) was read", i, bad[i]);
  /* nesting is bounded */
  char deep[200] = "{\"a\":";
  for (int i = 0; i < 40; i++)
    strcat(deep, "[");
  for (int i = 0; i < 40; i++)
    strcat(deep, "]");
  strcat(deep, "}");
  assert_int_equal(loa_json_check(deep, strlen(deep)), -1);
  /* a NUL inside the bytes is not JSON */
  assert_int_equal(loa_json_check("{\"a\":\"x\0y\"}", 11), -1);
}

static void test_json_write(void **state)
{
  loa_buf b = LOA_BUF_INIT;
  loa_buf_putc(&b, '{');
  loa_json_kv_str(&b, 1, "t", "a\"b\\c\n\t\x01</script>");
  loa_json_kv_str(&b, 0, "bad", "x\xff" "y");
  loa_json_kv_int(&b, 0, "n", -3);
  loa_json_kv_bool(&b, 0, "ok", 1);
  loa_json_kv_str(&b, 0, "null", NULL);
  loa_buf_putc(&b, '}');
  assert_string_equal(b.p, "{\"t\":\"a\\\"b\\\\c\\n\\t\\u0001\\u003c/script>\",\"bad\":\"x\\ufffdy\","
                           "\"n\":-3,\"ok\":true,\"null\":null}");
  char v[64];
  assert_int_equal(loa_json_get(b.p, b.n, "t", v, sizeof v), 1);   /* read back */
  assert_string_equal(v, "a\"b\\c\n\t\x01</script>");
  loa_buf_free(&b);
}

static void test_users(void **state)
{
  char path[128], err[256];
  tu_path(path, sizeof path, dir, "users.txt");
  loa_users us;
  assert_int_equal(loa_users_load(&us, path, err, sizeof err), 0);   /* missing: none */
  assert_int_equal(us.n, 0);
  int changed = -1;
  assert_int_equal(loa_users_set(&us, "lan", LOA_ROLE_EDITOR, "mat-khau-1", &changed, err, sizeof err), 0);
  assert_int_equal(changed, 0);
  assert_int_equal(loa_users_set(&us, "hoa", LOA_ROLE_APPROVER, "mat-khau-2", &changed, err, sizeof err), 0);
  assert_int_equal(strncmp(us.u[0].hash, "$y$", 3), 0);
  assert_int_equal(loa_users_set(&us, "Lan!", LOA_ROLE_EDITOR, "mat-khau-1", &changed, err, sizeof err), -1);
  assert_non_null(strstr(err, "not a user name"));
  assert_int_equal(loa_users_set(&us, "x", LOA_ROLE_EDITOR, "ngan", &changed, err, sizeof err), -1);
  assert_non_null(strstr(err, "shorter than 8"));
  assert_int_equal(loa_users_save(&us, path, err, sizeof err), 0);
  struct stat st;
  assert_int_equal(stat(path, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0600);

  loa_users back;
  assert_int_equal(loa_users_load(&back, path, err, sizeof err), 0);
  assert_int_equal(back.n, 2);
  assert_int_equal(loa_users_verify(&back, "lan", "mat-khau-1"), LOA_ROLE_EDITOR);
  assert_int_equal(loa_users_verify(&back, "hoa", "mat-khau-2"), LOA_ROLE_APPROVER);
  assert_int_equal(loa_users_verify(&back, "lan", "mat-khau-2"), LOA_ROLE_NONE);
  assert_int_equal(loa_users_verify(&back, "lan", ""), LOA_ROLE_NONE);
  assert_int_equal(loa_users_verify(&back, "khong-co", "mat-khau-1"), LOA_ROLE_NONE);
  /* the same password twice: two salts, two hashes */
  assert_int_equal(loa_users_set(&back, "lan", LOA_ROLE_ADMIN, "mat-khau-2", &changed, err, sizeof err), 0);
  assert_int_equal(changed, 1);
  assert_string_not_equal(back.u[0].hash, back.u[1].hash);
  assert_int_equal(loa_users_verify(&back, "lan", "mat-khau-2"), LOA_ROLE_ADMIN);
  assert_int_equal(loa_users_remove(&back, "hoa"), 0);
  assert_int_equal(loa_users_remove(&back, "hoa"), -1);

  static const struct { const char *text, *want; } bad[] = {
    {"lan:editor\n", ":1: expected NAME:ROLE:HASH"},
    {"# c\nlan:boss:$y$x\n", ":2: unknown role 'boss'"},
    {"lan:editor:plain\n", ":1: the hash is not a yescrypt hash"},
    {"lan:editor:$y$a\nlan:admin:$y$b\n", ":2: user 'lan' twice"},
    {"../x:editor:$y$a\n", ":1: '../x' is not a user name"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    tu_write_text(path, bad[i].text);
    if (loa_users_load(&us, path, err, sizeof err) != -1 || !strstr(err, bad[i].want))
      fail_msg("case %zu: '%s' lacks '%s'", i, err, bad[i].want);
  }
}

static void test_ids(void **state)
{
  assert_true(loa_wb_id_ok("web-20261125-083000-a1b2c3"));
  assert_true(loa_wb_id_ok("sang/hop-dan"));
  assert_true(loa_wb_id_ok("Thông báo họp"));
  static const char *const bad[] = {"", "../etc/passwd", "a/../b", "/etc/passwd", ".hidden",
                                    "a//b", "a\\b", "a\nb", "..", "sang/.."};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    if (loa_wb_id_ok(bad[i]))
      fail_msg("'%s' taken as an id", bad[i]);
  char id[64];
  loa_wb_id_of("/srv/done", "/srv/done/sang/hop-dan.txt", id, sizeof id);
  assert_string_equal(id, "sang/hop-dan");
  loa_wb_id_of("/srv/done", "/srv/donex/a.txt", id, sizeof id);
  assert_string_equal(id, "");
}

static void test_header_from_fields(void **state)
{
  loa_config c;
  loa_config_default(&c);
  char out[1024], err[512];
  loa_wb_fields f = {.title = "Họp dân", .slots = "sáng, chiều", .from = "2026-11-25",
                     .to = "30/11/2026", .times = "2", .priority = "ưu tiên"};
  assert_int_equal(loa_wb_header(&c, &f, out, sizeof out, err, sizeof err), 0);
  assert_string_equal(out, "Tiêu đề: Họp dân\nBuổi: sáng, chiều\nTừ ngày: 25/11/2026\n"
                           "Đến ngày: 30/11/2026\nSố lần mỗi ngày: 2\nMức độ: ưu tiên\n---\n");
  loa_wb_fields none = {0};
  assert_int_equal(loa_wb_header(&c, &none, out, sizeof out, err, sizeof err), 0);
  assert_string_equal(out, "");
  static const struct { loa_wb_fields f; const char *want; } bad[] = {
    {{.title = "Hai\nBuổi: đêm"}, "one line"},              /* no header injection */
    {{.from = "2026-02-31"}, "31/02/2026"},
    {{.times = "nhiều"}, "nhiều"},
    {{.priority = "gấp lắm"}, "gấp lắm"},
    {{.zones = "thôn 9"}, "thon9"},                         /* one zone only: no zones.ini */
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    if (loa_wb_header(&c, &bad[i].f, out, sizeof out, err, sizeof err) != -1 || !strstr(err, bad[i].want))
      fail_msg("case %zu: '%s' lacks '%s'", i, err, bad[i].want);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_json_read),
    cmocka_unit_test(test_json_write),
    cmocka_unit_test(test_users),
    cmocka_unit_test(test_ids),
    cmocka_unit_test(test_header_from_fields),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
