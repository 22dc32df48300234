/* airlog.c: the air log in SQLite (WAL, append-only): handovers, programme contents, Liquidsoap's play events, and the items aired made from them. */
#include "schedules/airlog.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lexicon/buf.h"
#include "pipeline/util.h"

struct loa_airlog {
  sqlite3 *db;
  char path[4200];
};

static const char *SCHEMA =
  "CREATE TABLE IF NOT EXISTS handover(seq INTEGER PRIMARY KEY, at REAL NOT NULL, id TEXT NOT NULL,"
  " kind TEXT, zone TEXT, slot TEXT, date TEXT, scheduled REAL, key TEXT, file TEXT, title TEXT,"
  " state TEXT NOT NULL, rid TEXT, reason TEXT);"
  "CREATE INDEX IF NOT EXISTS handover_id ON handover(id);"
  "CREATE INDEX IF NOT EXISTS handover_sched ON handover(scheduled);"
  "CREATE TABLE IF NOT EXISTS content(key TEXT NOT NULL, n INTEGER NOT NULL, kind TEXT, title TEXT,"
  " source TEXT, priority TEXT, zones TEXT, start REAL, duration REAL, PRIMARY KEY(key, n));"
  "CREATE TABLE IF NOT EXISTS play(seq INTEGER PRIMARY KEY, at REAL NOT NULL, zone TEXT,"
  " id TEXT, file TEXT);"
  "CREATE INDEX IF NOT EXISTS play_id ON play(id);"
  "CREATE TABLE IF NOT EXISTS aired(id TEXT NOT NULL, kind TEXT, zone TEXT, slot TEXT, date TEXT,"
  " title TEXT, scheduled REAL, item INTEGER NOT NULL, item_kind TEXT, item_title TEXT, source TEXT,"
  " priority TEXT, zones TEXT, start REAL, end REAL, duration REAL, interrupted INTEGER,"
  " completed INTEGER, PRIMARY KEY(id, item));"
  "CREATE INDEX IF NOT EXISTS aired_start ON aired(start);"
  "CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value REAL);"
  /* bookkeeping, not of record: how far the events file has been read */
  "CREATE TABLE IF NOT EXISTS ingest(path TEXT PRIMARY KEY, ino INTEGER, offset INTEGER);"
  "CREATE TRIGGER IF NOT EXISTS handover_ro BEFORE UPDATE ON handover"
  " BEGIN SELECT RAISE(ABORT, 'the air log is append-only'); END;"
  "CREATE TRIGGER IF NOT EXISTS handover_rd BEFORE DELETE ON handover"
  " BEGIN SELECT RAISE(ABORT, 'the air log is append-only'); END;"
  "CREATE TRIGGER IF NOT EXISTS play_ro BEFORE UPDATE ON play"
  " BEGIN SELECT RAISE(ABORT, 'the air log is append-only'); END;"
  "CREATE TRIGGER IF NOT EXISTS play_rd BEFORE DELETE ON play"
  " BEGIN SELECT RAISE(ABORT, 'the air log is append-only'); END;"
  "CREATE TRIGGER IF NOT EXISTS aired_ro BEFORE UPDATE ON aired"
  " BEGIN SELECT RAISE(ABORT, 'the air log is append-only'); END;"
  "CREATE TRIGGER IF NOT EXISTS aired_rd BEFORE DELETE ON aired"
  " BEGIN SELECT RAISE(ABORT, 'the air log is append-only'); END;";

static int db_err(loa_airlog *a, char *err, size_t errlen)
{
  return loa_errf(err, errlen, "%s: %s", a->path, sqlite3_errmsg(a->db));
}

void loa_airlog_events_path(const char *state_dir, char *out, size_t len)
{
  snprintf(out, len, "%s/air-events.tsv", state_dir);
}

int loa_airlog_open(loa_airlog **out, const char *state_dir, char *err, size_t errlen)
{
  *out = NULL;
  loa_airlog *a = calloc(1, sizeof *a);
  if (!a)
    return loa_errf(err, errlen, "out of memory");
  snprintf(a->path, sizeof a->path, "%s/airlog.sqlite", state_dir);
  if (loa_mkdir_p(state_dir)) {
    loa_errf(err, errlen, "%s: cannot create (%s)", state_dir, strerror(errno));
    free(a);
    return -1;
  }
  int rc = sqlite3_open_v2(a->path, &a->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                                SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_busy_timeout(a->db, 5000);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(a->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(a->db, SCHEMA, NULL, NULL, NULL);
  if (rc != SQLITE_OK) {
    if (a->db)
      db_err(a, err, errlen);
    else
      loa_errf(err, errlen, "%s: cannot open", a->path);
    loa_airlog_close(a);
    return -1;
  }
  *out = a;
  return 0;
}

void loa_airlog_close(loa_airlog *a)
{
  if (!a)
    return;
  sqlite3_close(a->db);
  free(a);
}

static int prepare(loa_airlog *a, sqlite3_stmt **st, const char *sql, char *err, size_t errlen)
{
  if (sqlite3_prepare_v2(a->db, sql, -1, st, NULL) != SQLITE_OK)
    return db_err(a, err, errlen);
  return 0;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
  if (s)
    sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null(st, i);
}

static const char *col_text(sqlite3_stmt *st, int i)
{
  const unsigned char *s = sqlite3_column_text(st, i);
  return s ? (const char *)s : "";
}

/* Run a statement that returns no rows; finalize it. */
static int step_done(loa_airlog *a, sqlite3_stmt *st, char *err, size_t errlen)
{
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE)
    return db_err(a, err, errlen);
  return 0;
}

int loa_airlog_handover(loa_airlog *a, const loa_airlog_req *r, const char *state, const char *rid,
                        const char *reason, double at, char *err, size_t errlen)
{
  sqlite3_stmt *st;
  if (prepare(a, &st,
              "INSERT INTO handover(at, id, kind, zone, slot, date, scheduled, key, file, title,"
              " state, rid, reason) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)", err, errlen))
    return -1;
  sqlite3_bind_double(st, 1, at);
  bind_text(st, 2, r->id);
  bind_text(st, 3, r->kind);
  bind_text(st, 4, r->zone);
  bind_text(st, 5, r->slot);
  bind_text(st, 6, r->date);
  sqlite3_bind_double(st, 7, r->scheduled);
  bind_text(st, 8, r->key);
  bind_text(st, 9, r->file);
  bind_text(st, 10, r->title);
  bind_text(st, 11, state);
  bind_text(st, 12, rid);
  bind_text(st, 13, reason);
  return step_done(a, st, err, errlen);
}

int loa_airlog_state(loa_airlog *a, const char *id, char *state, size_t slen, char *reason,
                     size_t rlen, char *err, size_t errlen)
{
  sqlite3_stmt *st;
  if (prepare(a, &st, "SELECT state, reason FROM handover WHERE id = ? ORDER BY seq DESC LIMIT 1",
              err, errlen))
    return -1;
  bind_text(st, 1, id);
  int rc = sqlite3_step(st);
  if (state && slen)
    snprintf(state, slen, "%s", rc == SQLITE_ROW ? col_text(st, 0) : "");
  if (reason && rlen)
    snprintf(reason, rlen, "%s", rc == SQLITE_ROW ? col_text(st, 1) : "");
  sqlite3_finalize(st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return db_err(a, err, errlen);
  return 0;
}

int loa_airlog_played(loa_airlog *a, const char *id, char *err, size_t errlen)
{
  sqlite3_stmt *st;
  if (prepare(a, &st, "SELECT 1 FROM play WHERE id = ? LIMIT 1", err, errlen))
    return -1;
  bind_text(st, 1, id);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return db_err(a, err, errlen);
  return rc == SQLITE_ROW;
}

int loa_airlog_content(loa_airlog *a, const char *key, const loa_airlog_item *items, size_t n,
                       char *err, size_t errlen)
{
  if (sqlite3_exec(a->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return db_err(a, err, errlen);
  int rc = 0;
  for (size_t i = 0; i < n && !rc; i++) {
    sqlite3_stmt *st;
    rc = prepare(a, &st, "INSERT OR IGNORE INTO content(key, n, kind, title, source, priority,"
                         " zones, start, duration) VALUES(?,?,?,?,?,?,?,?,?)", err, errlen);
    if (rc)
      break;
    bind_text(st, 1, key);
    sqlite3_bind_int(st, 2, (int)i + 1);
    bind_text(st, 3, items[i].kind);
    bind_text(st, 4, items[i].title);
    bind_text(st, 5, items[i].source);
    bind_text(st, 6, items[i].priority);
    bind_text(st, 7, items[i].zones);
    sqlite3_bind_double(st, 8, items[i].start);
    sqlite3_bind_double(st, 9, items[i].duration);
    rc = step_done(a, st, err, errlen);
  }
  if (sqlite3_exec(a->db, rc ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL) != SQLITE_OK && !rc)
    rc = db_err(a, err, errlen);
  return rc;
}

/* ---------------------------------------------------------------- play events */

/* One line "UNIXTIME<TAB>ZONE<TAB>ID<TAB>FILE" into table play. Lines that are
 * not that (a torn write, garbage) are skipped. */
static int insert_play(loa_airlog *a, char *line, char *err, size_t errlen)
{
  char *f[4] = {0};
  int k = 0;
  for (char *p = line; k < 4; k++) {
    f[k] = p;
    char *tab = k < 3 ? strchr(p, '\t') : NULL;
    if (!tab) {
      k++;
      break;
    }
    *tab = 0;
    p = tab + 1;
  }
  char *end;
  double at = f[0] ? strtod(f[0], &end) : 0;
  if (k < 3 || end == f[0] || !(at > 0))
    return 0;
  sqlite3_stmt *st;
  if (prepare(a, &st, "INSERT INTO play(at, zone, id, file) VALUES(?,?,?,?)", err, errlen))
    return -1;
  sqlite3_bind_double(st, 1, at);
  bind_text(st, 2, f[1]);
  bind_text(st, 3, f[2]);
  bind_text(st, 4, k > 3 ? f[3] : "");
  return step_done(a, st, err, errlen) ? -1 : 1;
}

static int read_events(loa_airlog *a, const char *events, char *err, size_t errlen)
{
  FILE *f = fopen(events, "r");
  if (!f)
    return errno == ENOENT ? 0 : loa_errf(err, errlen, "%s: cannot read (%s)", events, strerror(errno));
  struct stat sb;
  fstat(fileno(f), &sb);
  long long ino = 0, off = 0;
  sqlite3_stmt *st;
  int rc = 0, added = 0;
  if (prepare(a, &st, "SELECT ino, offset FROM ingest WHERE path = ?", err, errlen)) {
    fclose(f);
    return -1;
  }
  bind_text(st, 1, events);
  if (sqlite3_step(st) == SQLITE_ROW)
    ino = sqlite3_column_int64(st, 0), off = sqlite3_column_int64(st, 1);
  sqlite3_finalize(st);
  if (ino != (long long)sb.st_ino || off > (long long)sb.st_size)
    off = 0;   /* a new file (rotated, or Liquidsoap's state folder made again) */
  if (off == (long long)sb.st_size) {
    fclose(f);
    return 0;
  }
  fseeko(f, off, SEEK_SET);
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  while ((n = getline(&line, &cap, f)) > 0 && !rc) {
    if (line[n - 1] != '\n')
      break;   /* a line still being written: read it next time */
    line[n - 1] = 0;
    int r = insert_play(a, line, err, errlen);
    if (r < 0)
      rc = -1;
    added += r > 0;
    off += n;
  }
  free(line);
  fclose(f);
  if (!rc && !prepare(a, &st, "INSERT OR REPLACE INTO ingest(path, ino, offset) VALUES(?,?,?)",
                      err, errlen)) {
    bind_text(st, 1, events);
    sqlite3_bind_int64(st, 2, (long long)sb.st_ino);
    sqlite3_bind_int64(st, 3, off);
    rc = step_done(a, st, err, errlen);
  } else
    rc = -1;
  return rc ? -1 : added;
}

/* ---------------------------------------------------------------- aired rows */

typedef struct {
  double t0, t1;        /* wall clock */
  int urgent_after;     /* the next thing on this output was an urgent notice */
} segment;

typedef struct {
  segment *s;
  size_t n, cap;
  double played;
} airing;

/* The segments of ID on its output: each play row of ID to the next play row of
 * the same zone. Returns 1 when the airing is over (every segment closed, and
 * not merely paused by an urgent notice it resumes after), 0 while it plays,
 * -1 on error. */
static int segments_of(loa_airlog *a, const char *id, airing *ar, char *err, size_t errlen)
{
  sqlite3_stmt *st;
  if (prepare(a, &st,
              "SELECT p.at, (SELECT q.at FROM play q WHERE q.zone = p.zone AND q.seq > p.seq"
              "  ORDER BY q.seq LIMIT 1),"
              " (SELECT h.kind FROM play q JOIN handover h ON h.id = q.id WHERE q.zone = p.zone"
              "  AND q.seq > p.seq ORDER BY q.seq LIMIT 1),"
              /* after an urgent notice: did anything but urgent notices follow? */
              " EXISTS (SELECT 1 FROM play q WHERE q.zone = p.zone AND q.seq > (SELECT MIN(r.seq)"
              "  FROM play r WHERE r.zone = p.zone AND r.seq > p.seq) AND NOT EXISTS (SELECT 1"
              "  FROM handover h WHERE h.id = q.id AND h.kind = 'urgent'))"
              " FROM play p WHERE p.id = ? ORDER BY p.seq", err, errlen))
    return -1;
  bind_text(st, 1, id);
  int rc, over = 1;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (sqlite3_column_type(st, 1) == SQLITE_NULL) {
      over = 0;
      break;
    }
    segment *g = loa_grow(ar->s, &ar->cap, ar->n + 1, sizeof *g);
    if (!g) {
      sqlite3_finalize(st);
      return loa_errf(err, errlen, "out of memory");
    }
    ar->s = g;
    g = &ar->s[ar->n++];
    g->t0 = sqlite3_column_double(st, 0);
    g->t1 = sqlite3_column_double(st, 1);
    if (g->t1 < g->t0)
      g->t1 = g->t0;   /* the clock went back: count nothing for it */
    g->urgent_after = !strcmp(col_text(st, 2), "urgent");
    ar->played += g->t1 - g->t0;
    over = !g->urgent_after || sqlite3_column_int(st, 3);   /* as the last segment says */
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return db_err(a, err, errlen);
  return over;
}

/* Wall-clock time at media position M (seconds into the file). */
static double wall_at(const airing *ar, double m)
{
  double cum = 0;
  for (size_t i = 0; i < ar->n; i++) {
    double len = ar->s[i].t1 - ar->s[i].t0;
    if (m <= cum + len)
      return ar->s[i].t0 + (m - cum);
    cum += len;
  }
  return ar->n ? ar->s[ar->n - 1].t1 : 0;
}

/* Was an urgent notice put in between media positions FROM and TO? */
static int urgent_within(const airing *ar, double from, double to)
{
  double cum = 0;
  for (size_t i = 0; i < ar->n; i++) {
    cum += ar->s[i].t1 - ar->s[i].t0;
    if (ar->s[i].urgent_after && cum > from + 0.05 && cum < to - 0.05)
      return 1;
  }
  return 0;
}

#define COMPLETE_SLACK_S 0.5

/* The aired rows of request ID, whose airing is AR. */
static int write_aired(loa_airlog *a, const char *id, const airing *ar, char *err, size_t errlen)
{
  sqlite3_stmt *st;
  /* every item of its content; without content rows, the file as one item */
  if (prepare(a, &st,
              "WITH h AS (SELECT * FROM handover WHERE id = ?1 ORDER BY seq DESC LIMIT 1)"
              " SELECT h.kind, h.zone, h.slot, h.date, h.title, h.scheduled, c.n, c.kind, c.title,"
              " c.source, c.priority, c.zones, c.start, c.duration"
              " FROM h LEFT JOIN content c ON c.key = h.key ORDER BY c.n", err, errlen))
    return -1;
  bind_text(st, 1, id);
  int rc = 0, r;
  while ((r = sqlite3_step(st)) == SQLITE_ROW && !rc) {
    int whole = sqlite3_column_type(st, 6) == SQLITE_NULL;
    double o = whole ? 0 : sqlite3_column_double(st, 12);
    double d = whole ? ar->played : sqlite3_column_double(st, 13);
    if (o >= ar->played - 0.05 && !whole)
      continue;   /* never reached the air */
    double stop = o + d < ar->played ? o + d : ar->played;
    sqlite3_stmt *ins;
    rc = prepare(a, &ins,
                 "INSERT OR IGNORE INTO aired(id, kind, zone, slot, date, title, scheduled, item,"
                 " item_kind, item_title, source, priority, zones, start, end, duration,"
                 " interrupted, completed) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", err, errlen);
    if (rc)
      break;
    bind_text(ins, 1, id);
    for (int c = 0; c < 5; c++)
      bind_text(ins, 2 + c, col_text(st, c));
    sqlite3_bind_double(ins, 7, sqlite3_column_double(st, 5));
    sqlite3_bind_int(ins, 8, whole ? 1 : sqlite3_column_int(st, 6));
    bind_text(ins, 9, whole ? "file" : col_text(st, 7));
    bind_text(ins, 10, whole ? col_text(st, 4) : col_text(st, 8));
    for (int c = 0; c < 3; c++)
      bind_text(ins, 11 + c, whole ? "" : col_text(st, 9 + c));
    sqlite3_bind_double(ins, 14, wall_at(ar, o));
    sqlite3_bind_double(ins, 15, wall_at(ar, stop));
    sqlite3_bind_double(ins, 16, stop - o);
    sqlite3_bind_int(ins, 17, urgent_within(ar, o, o + d));
    sqlite3_bind_int(ins, 18, whole || o + d <= ar->played + COMPLETE_SLACK_S);
    rc = step_done(a, ins, err, errlen);
  }
  if (!rc && r != SQLITE_ROW && r != SQLITE_DONE)
    rc = db_err(a, err, errlen);
  sqlite3_finalize(st);
  return rc;
}

/* Make the aired rows of every request that played, has left the air, and has none yet. */
static int close_airings(loa_airlog *a, char *err, size_t errlen)
{
  sqlite3_stmt *st;
  if (prepare(a, &st,
              "SELECT DISTINCT p.id FROM play p JOIN handover h ON h.id = p.id"
              " WHERE NOT EXISTS (SELECT 1 FROM aired r WHERE r.id = p.id)", err, errlen))
    return -1;
  int rc = 0, r;
  while (!rc && (r = sqlite3_step(st)) == SQLITE_ROW) {
    airing ar = {0};
    char id[200];
    snprintf(id, sizeof id, "%s", col_text(st, 0));
    int over = segments_of(a, id, &ar, err, errlen);
    if (over < 0)
      rc = -1;
    else if (over && ar.n)
      rc = write_aired(a, id, &ar, err, errlen);
    free(ar.s);
  }
  sqlite3_finalize(st);
  return rc;
}

int loa_airlog_ingest(loa_airlog *a, const char *events, char *err, size_t errlen)
{
  if (sqlite3_exec(a->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return db_err(a, err, errlen);
  int added = read_events(a, events, err, errlen);
  int rc = added < 0 ? -1 : close_airings(a, err, errlen);
  if (sqlite3_exec(a->db, rc ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL) != SQLITE_OK && !rc)
    rc = db_err(a, err, errlen);
  return rc ? -1 : added;
}

/* ---------------------------------------------------------------- reading */

int loa_airlog_each_aired(loa_airlog *a, double from, double to,
                          void (*fn)(void *user, const loa_airlog_aired *row), void *user,
                          char *err, size_t errlen)
{
  sqlite3_stmt *st;
  if (prepare(a, &st,
              "SELECT id, kind, zone, slot, date, title, scheduled, item, item_kind, item_title,"
              " source, priority, zones, start, end, duration, interrupted, completed FROM aired"
              " WHERE start >= ? AND start < ? ORDER BY start, item", err, errlen))
    return -1;
  sqlite3_bind_double(st, 1, from);
  sqlite3_bind_double(st, 2, to);
  int r;
  loa_airlog_aired row;
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    memset(&row, 0, sizeof row);
    snprintf(row.id, sizeof row.id, "%s", col_text(st, 0));
    snprintf(row.kind, sizeof row.kind, "%s", col_text(st, 1));
    snprintf(row.zone, sizeof row.zone, "%s", col_text(st, 2));
    snprintf(row.slot, sizeof row.slot, "%s", col_text(st, 3));
    snprintf(row.date, sizeof row.date, "%s", col_text(st, 4));
    snprintf(row.title, sizeof row.title, "%s", col_text(st, 5));
    row.scheduled = sqlite3_column_double(st, 6);
    row.item = sqlite3_column_int(st, 7);
    snprintf(row.item_kind, sizeof row.item_kind, "%s", col_text(st, 8));
    snprintf(row.item_title, sizeof row.item_title, "%s", col_text(st, 9));
    snprintf(row.source, sizeof row.source, "%s", col_text(st, 10));
    snprintf(row.priority, sizeof row.priority, "%s", col_text(st, 11));
    snprintf(row.zones, sizeof row.zones, "%s", col_text(st, 12));
    row.start = sqlite3_column_double(st, 13);
    row.end = sqlite3_column_double(st, 14);
    row.duration = sqlite3_column_double(st, 15);
    row.interrupted = sqlite3_column_int(st, 16);
    row.completed = sqlite3_column_int(st, 17);
    fn(user, &row);
  }
  sqlite3_finalize(st);
  if (r != SQLITE_DONE)
    return db_err(a, err, errlen);
  return 0;
}

int loa_airlog_each_request(loa_airlog *a, double from, double to,
                            void (*fn)(void *user, const loa_airlog_req *r, const char *state,
                                       const char *reason, double at),
                            void *user, char *err, size_t errlen)
{
  sqlite3_stmt *st;
  if (prepare(a, &st,
              "SELECT h.id, h.kind, h.zone, h.slot, h.date, h.scheduled, h.key, h.file, h.title,"
              " h.state, h.reason, h.at FROM handover h"
              " JOIN (SELECT id, MAX(seq) m FROM handover GROUP BY id) l ON h.seq = l.m"
              " WHERE h.scheduled >= ? AND h.scheduled < ? ORDER BY h.scheduled, h.zone", err, errlen))
    return -1;
  sqlite3_bind_double(st, 1, from);
  sqlite3_bind_double(st, 2, to);
  int r;
  loa_airlog_req q;
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    memset(&q, 0, sizeof q);
    snprintf(q.id, sizeof q.id, "%s", col_text(st, 0));
    snprintf(q.kind, sizeof q.kind, "%s", col_text(st, 1));
    snprintf(q.zone, sizeof q.zone, "%s", col_text(st, 2));
    snprintf(q.slot, sizeof q.slot, "%s", col_text(st, 3));
    snprintf(q.date, sizeof q.date, "%s", col_text(st, 4));
    q.scheduled = sqlite3_column_double(st, 5);
    snprintf(q.key, sizeof q.key, "%s", col_text(st, 6));
    snprintf(q.file, sizeof q.file, "%s", col_text(st, 7));
    snprintf(q.title, sizeof q.title, "%s", col_text(st, 8));
    fn(user, &q, col_text(st, 9), col_text(st, 10), sqlite3_column_double(st, 11));
  }
  sqlite3_finalize(st);
  if (r != SQLITE_DONE)
    return db_err(a, err, errlen);
  return 0;
}

double loa_airlog_since(loa_airlog *a, double now, char *err, size_t errlen)
{
  sqlite3_stmt *st;
  if (prepare(a, &st, "INSERT OR IGNORE INTO meta(name, value) VALUES('since', ?)", err, errlen))
    return -1;
  sqlite3_bind_double(st, 1, now);
  if (step_done(a, st, err, errlen) ||
      prepare(a, &st, "SELECT value FROM meta WHERE name = 'since'", err, errlen))
    return -1;
  double v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_double(st, 0) : now;
  sqlite3_finalize(st);
  return v;
}

int loa_airlog_aired_summary(loa_airlog *a, const char *id, double *start, double *end, int *items,
                             int *interrupted, int *incomplete, char *err, size_t errlen)
{
  sqlite3_stmt *st;
  if (prepare(a, &st, "SELECT MIN(start), MAX(end), COUNT(*), SUM(interrupted), SUM(1 - completed)"
                      " FROM aired WHERE id = ?", err, errlen))
    return -1;
  bind_text(st, 1, id);
  int rc = sqlite3_step(st);
  *start = *end = 0;
  *items = *interrupted = *incomplete = 0;
  if (rc == SQLITE_ROW) {
    *start = sqlite3_column_double(st, 0);
    *end = sqlite3_column_double(st, 1);
    *items = sqlite3_column_int(st, 2);
    *interrupted = sqlite3_column_int(st, 3);
    *incomplete = sqlite3_column_int(st, 4);
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_ROW)
    return db_err(a, err, errlen);
  return 0;
}
