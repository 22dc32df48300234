/* schedstate.c: the scheduler's memory of what it built, published and aired, and its decision rule. */
#include "schedules/scheduler.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/publish.h"
#include "pipeline/util.h"
#include "lexicon/buf.h"

/* ---------------------------------------------------------------- state */

/* One line of the state file (no '\n'), into ST. Returns 0, 1 when it is no state line,
 * or -1 out of memory. */
static int parse_line(loa_sched_state *st, const char *line)
{
  char date[16], slot[64], key[80], file[4096] = "";
  long long built, aired;
  int skipped;
  int k = sscanf(line, "%15[^\t]\t%63[^\t]\t%79[^\t]\t%lld\t%lld\t%d\t%4095[^\t\n]", date, slot,
                 key, &built, &aired, &skipped, file);
  int ymd;
  if (k < 6 || loa_date_parse(date, &ymd))
    return 1;
  loa_sched_rec *r = loa_sched_state_get(st, slot, ymd, 1);
  if (!r)
    return -1;
  snprintf(r->key, sizeof r->key, "%.64s", strcmp(key, "-") ? key : "");
  r->built = built, r->aired = aired, r->skipped = skipped;
  snprintf(r->file, sizeof r->file, "%s", file);
  return 0;
}

int loa_sched_state_parse(loa_sched_state *st, const char *name, const char *text, size_t n,
                          char *err, size_t errlen)
{
  loa_buf line = LOA_BUF_INIT;
  int lineno = 0, rc = 0;
  for (size_t at = 0; at < n && !rc;) {
    const char *nl = memchr(text + at, '\n', n - at);
    size_t len = nl ? (size_t)(nl - text) - at : n - at;
    lineno++;
    loa_buf_clear(&line);
    loa_buf_put(&line, text + at, len);
    at += len + 1;
    if (line.oom) {
      rc = loa_errf(err, errlen, "out of memory");
      break;
    }
    if (!len || line.p[0] == '#')
      continue;
    int r = strlen(line.p) == len ? parse_line(st, line.p) : 1;   /* a NUL byte: no state line */
    if (r < 0)
      rc = loa_errf(err, errlen, "out of memory");
    else if (r > 0)
      rc = loa_errf(err, errlen, "%s:%d: not a state line", name, lineno);
  }
  loa_buf_free(&line);
  return rc;
}

int loa_sched_state_load(loa_sched_state *st, const char *path, char *err, size_t errlen)
{
  memset(st, 0, sizeof *st);
  snprintf(st->path, sizeof st->path, "%s", path);
  FILE *f = fopen(path, "r");
  if (!f)
    return errno == ENOENT ? 0 : (loa_errf(err, errlen, "%s: cannot read (%s)", path,
                                           strerror(errno)), -1);
  loa_buf text = LOA_BUF_INIT;
  char chunk[65536];
  size_t got;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
    loa_buf_put(&text, chunk, got);
  int bad = ferror(f) ? errno : 0;
  fclose(f);
  int rc;
  if (bad || text.oom)
    rc = loa_errf(err, errlen, "%s: cannot read (%s)", path, text.oom ? "out of memory" : strerror(bad));
  else
    rc = loa_sched_state_parse(st, path, text.p ? text.p : "", text.n, err, errlen);
  loa_buf_free(&text);
  return rc;
}

int loa_sched_state_save(const loa_sched_state *st, char *err, size_t errlen)
{
  loa_atomic_file af;
  if (loa_atomic_open(&af, st->path))
    return loa_errf(err, errlen, "%s: cannot write (%s)", st->path, strerror(errno)), -1;
  fputs("# loa schedule state: date, slot, programme key, built, aired (unix time), "
        "skipped, file\n", af.fp);
  for (size_t i = 0; i < st->n; i++) {
    const loa_sched_rec *r = &st->r[i];
    char d[11];
    loa_date_format(r->ymd, d);
    fprintf(af.fp, "%s\t%s\t%s\t%lld\t%lld\t%d\t%s\n", d, r->slot, *r->key ? r->key : "-",
            r->built, r->aired, r->skipped, r->file);
  }
  if (loa_atomic_commit(&af))
    return loa_errf(err, errlen, "%s: cannot write (%s)", st->path, strerror(errno)), -1;
  return 0;
}

loa_sched_rec *loa_sched_state_get(loa_sched_state *st, const char *slot, int ymd, int create)
{
  for (size_t i = 0; i < st->n; i++)
    if (st->r[i].ymd == ymd && !strcmp(st->r[i].slot, slot))
      return &st->r[i];
  if (!create)
    return NULL;
  loa_sched_rec *grown = loa_grow(st->r, &st->cap, st->n + 1, sizeof *grown);
  if (!grown)
    return NULL;
  st->r = grown;
  loa_sched_rec *r = &st->r[st->n++];
  memset(r, 0, sizeof *r);
  r->ymd = ymd;
  snprintf(r->slot, sizeof r->slot, "%s", slot);
  return r;
}

void loa_sched_state_prune(loa_sched_state *st, int ymd)
{
  size_t o = 0;
  for (size_t i = 0; i < st->n; i++)
    if (st->r[i].ymd >= ymd)
      st->r[o++] = st->r[i];
  st->n = o;
}

void loa_sched_state_free(loa_sched_state *st)
{
  free(st->r);
  memset(st, 0, sizeof *st);
}

/* ---------------------------------------------------------------- decision */

int loa_sched_decide(const loa_occurrence *o, time_t now, const loa_sched_rec *rec,
                     const char *plan_key)
{
  if (now >= o->end || (rec && rec->aired))
    return 0;
  int have = rec && (rec->built || rec->skipped) && !strcmp(rec->key, plan_key ? plan_key : "");
  int flags = have ? 0 : LOA_SCHED_BUILD;
  if (now >= o->start)
    flags |= LOA_SCHED_AIR;
  return flags;
}
