/* audit.c: the append-only record of the web console's actions in SQLite (see audit.h). */
#include "web/audit.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "lexicon/buf.h"

struct loa_audit {
  sqlite3 *db;
};

static const char schema[] =
  "PRAGMA journal_mode=WAL;"
  "PRAGMA synchronous=FULL;"
  "CREATE TABLE IF NOT EXISTS action(at REAL NOT NULL, user TEXT NOT NULL, action TEXT NOT NULL,"
  " target TEXT NOT NULL, detail TEXT NOT NULL, ip TEXT NOT NULL);"
  "CREATE INDEX IF NOT EXISTS action_target ON action(target);"
  "CREATE TRIGGER IF NOT EXISTS action_no_update BEFORE UPDATE ON action"
  " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
  "CREATE TRIGGER IF NOT EXISTS action_no_delete BEFORE DELETE ON action"
  " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;";

int loa_audit_open(loa_audit **out, const char *state_dir, char *err, size_t errlen)
{
  char path[4200];
  snprintf(path, sizeof path, "%s/web-audit.sqlite", state_dir);
  loa_audit *a = calloc(1, sizeof *a);
  if (!a)
    return loa_errf(err, errlen, "out of memory");
  char *msg = NULL;
  if (sqlite3_open_v2(path, &a->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      NULL) != SQLITE_OK ||
      sqlite3_busy_timeout(a->db, 5000) != SQLITE_OK ||
      sqlite3_exec(a->db, schema, NULL, NULL, &msg) != SQLITE_OK) {
    loa_errf(err, errlen, "%s: %s", path, msg ? msg : sqlite3_errmsg(a->db));
    sqlite3_free(msg);
    sqlite3_close(a->db);
    free(a);
    return -1;
  }
  *out = a;
  return 0;
}

void loa_audit_close(loa_audit *a)
{
  if (!a)
    return;
  sqlite3_close(a->db);
  free(a);
}

int loa_audit_add(loa_audit *a, const char *user, const char *action, const char *target,
                  const char *detail, const char *ip, char *err, size_t errlen)
{
  struct timeval tv;
  gettimeofday(&tv, NULL);
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(a->db, "INSERT INTO action VALUES(?,?,?,?,?,?)", -1, &st, NULL) != SQLITE_OK)
    return loa_errf(err, errlen, "audit log: %s", sqlite3_errmsg(a->db));
  sqlite3_bind_double(st, 1, (double)tv.tv_sec + tv.tv_usec / 1e6);
  const char *v[5] = {user, action, target, detail, ip};
  for (int i = 0; i < 5; i++)
    sqlite3_bind_text(st, i + 2, v[i] ? v[i] : "", -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : loa_errf(err, errlen, "audit log: %s", sqlite3_errmsg(a->db));
  sqlite3_finalize(st);
  return rc;
}

static void col(sqlite3_stmt *st, int i, char *out, size_t n)
{
  const unsigned char *t = sqlite3_column_text(st, i);
  snprintf(out, n, "%s", t ? (const char *)t : "");
}

int loa_audit_each(loa_audit *a, const char *target, int max,
                   void (*fn)(void *user, const loa_audit_row *r), void *user,
                   char *err, size_t errlen)
{
  sqlite3_stmt *st;
  const char *sql = target ? "SELECT * FROM action WHERE target=? ORDER BY rowid DESC LIMIT ?"
                           : "SELECT * FROM action ORDER BY rowid DESC LIMIT ?";
  if (sqlite3_prepare_v2(a->db, sql, -1, &st, NULL) != SQLITE_OK)
    return loa_errf(err, errlen, "audit log: %s", sqlite3_errmsg(a->db));
  int k = 1;
  if (target)
    sqlite3_bind_text(st, k++, target, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(st, k, max);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    loa_audit_row r = {.at = sqlite3_column_double(st, 0)};
    col(st, 1, r.user, sizeof r.user);
    col(st, 2, r.action, sizeof r.action);
    col(st, 3, r.target, sizeof r.target);
    col(st, 4, r.detail, sizeof r.detail);
    col(st, 5, r.ip, sizeof r.ip);
    fn(user, &r);
  }
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? 0 : loa_errf(err, errlen, "audit log: %s", sqlite3_errmsg(a->db));
}
