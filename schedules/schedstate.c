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

int loa_sched_state_load(loa_sched_state *st, const char *path, char *err, size_t errlen)
{
  memset(st, 0, sizeof *st);
  snprintf(st->path, sizeof st->path, "%s", path);
  FILE *f = fopen(path, "r");
  if (!f)
    return errno == ENOENT ? 0 : (loa_errf(err, errlen, "%s: cannot read (%s)", path,
                                           strerror(errno)), -1);
  char *line = NULL;
  size_t cap = 0;
  int lineno = 0, rc = 0;
  while (getline(&line, &cap, f) > 0) {
    lineno++;
    if (line[0] == '#' || line[0] == '\n')
      continue;
    char date[16], slot[64], key[80], file[4096] = "";
    long long built, aired;
    int skipped;
    int k = sscanf(line, "%15[^\t]\t%63[^\t]\t%79[^\t]\t%lld\t%lld\t%d\t%4095[^\t\n]", date, slot,
                   key, &built, &aired, &skipped, file);
    int ymd;
    if (k < 6 || loa_date_parse(date, &ymd)) {
      loa_errf(err, errlen, "%s:%d: not a state line", path, lineno);
      rc = -1;
      break;
    }
    loa_sched_rec *r = loa_sched_state_get(st, slot, ymd, 1);
    if (!r) {
      rc = -1;
      loa_errf(err, errlen, "out of memory");
      break;
    }
    snprintf(r->key, sizeof r->key, "%.64s", strcmp(key, "-") ? key : "");
    r->built = built, r->aired = aired, r->skipped = skipped;
    snprintf(r->file, sizeof r->file, "%s", file);
  }
  free(line);
  fclose(f);
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
