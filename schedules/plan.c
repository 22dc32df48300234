/* plan.c: the library of processed bulletins and the rules deciding which air in a slot, in what order. */
#include "schedules/plan.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pipeline/build.h"
#include "tts/decode.h"

/* ---------------------------------------------------------------- rules */

loa_priority loa_bulletin_priority(const loa_slots *s, const loa_bulletin *b)
{
  if (b->h.priority != LOA_PRIO_NORMAL)
    return b->h.priority;
  if (*b->folder && !strcmp(b->folder, s->urgent_folder))
    return LOA_PRIO_URGENT;
  return LOA_PRIO_NORMAL;
}

static int is_all_word(const char *w)
{
  static const char *const all[] = {"both", "all", "cả hai", "ca hai", "cả ngày", "tất cả",
                                    "tat ca", "*", NULL};
  for (int i = 0; all[i]; i++)
    if (!strcasecmp(w, all[i]))
      return 1;
  return 0;
}

unsigned loa_bulletin_slots(const loa_slots *s, const loa_bulletin *b)
{
  unsigned every = s->n >= 32 ? ~0u : (1u << s->n) - 1, mask = 0;
  for (int i = 0; i < b->h.nslots; i++) {
    if (is_all_word(b->h.slots[i]))
      return every;
    int k = loa_slots_find(s, b->h.slots[i]);
    if (k >= 0)
      mask |= 1u << k;
  }
  if (b->h.nslots)
    return mask;   /* named slots this station does not have: never */
  for (int i = 0; *b->folder && i < s->n; i++)
    if (!strcmp(s->slot[i].folder, b->folder))
      return 1u << i;
  return every;
}

static int times_a_day(const loa_bulletin *b)
{
  return b->h.times_per_day > 0 ? b->h.times_per_day : 1;
}

/* The slots (bit mask) B airs in on day D. On the day it arrived, slots that
 * began after it arrived are chosen first; without an explicit first day, a
 * slot that began before it arrived is never an airing. */
static unsigned airings_on(const loa_slots *s, const loa_bulletin *b, unsigned mask, int d)
{
  int arr_sec, arr_day = loa_local_date(s, b->arrived, &arr_sec);
  int left = times_a_day(b);
  unsigned chosen = 0;
  int on_arrival_day = d == arr_day;
  for (int pass = on_arrival_day ? 0 : 1; pass < 2 && left; pass++)
    for (int i = 0; i < s->n && left; i++) {
      if (!(mask & (1u << i)) || (chosen & (1u << i)))
        continue;
      int after = !on_arrival_day || s->slot[i].start_s >= arr_sec;
      if (pass == 0 && !after)
        continue;
      chosen |= 1u << i, left--;
    }
  if (!b->h.first_day && on_arrival_day)
    for (int i = 0; i < s->n; i++)
      if (s->slot[i].start_s < arr_sec)
        chosen &= ~(1u << i);
  if (!b->h.first_day && d < arr_day)
    chosen = 0;
  return chosen;
}

static int popcount(unsigned x)
{
  int n = 0;
  for (; x; x &= x - 1)
    n++;
  return n;
}

/* First and last day of B; 0 when it never airs. */
static int day_range(const loa_slots *s, const loa_bulletin *b, unsigned mask, int *first, int *last)
{
  if (!mask)
    return 0;
  *first = b->h.first_day ? b->h.first_day : loa_local_date(s, b->arrived, NULL);
  if (b->h.last_day) {
    *last = b->h.last_day;
    return *last >= *first;
  }
  for (int d = *first, k = 0; k < 3; d = loa_date_add(d, 1), k++)
    if (airings_on(s, b, mask, d)) {
      *last = d;
      return 1;
    }
  return 0;
}

int loa_bulletin_airs(const loa_slots *s, const loa_bulletin *b, int slot, int ymd, int *replay)
{
  unsigned mask = loa_bulletin_slots(s, b);
  int first, last;
  if (slot < 0 || slot >= s->n || !(mask & (1u << slot)) || !day_range(s, b, mask, &first, &last))
    return 0;
  if (ymd < first || ymd > last)
    return 0;
  unsigned today = airings_on(s, b, mask, ymd);
  if (!(today & (1u << slot)))
    return 0;
  /* earlier airings: whole days before, then earlier slots today; a range
   * longer than ten years is counted as ten years */
  long days = loa_date_to_days(ymd) - loa_date_to_days(first);
  int before = 0, d = days > 3660 ? loa_date_add(ymd, -3660) : first;
  for (; d < ymd; d = loa_date_add(d, 1))
    before += popcount(airings_on(s, b, mask, d));
  before += popcount(today & ((1u << slot) - 1));
  if (replay)
    *replay = before;
  return 1;
}

/* ---------------------------------------------------------------- order */

static int programme_order(const void *pa, const void *pb)
{
  const loa_due *a = pa, *b = pb;
  int ra = a->replay > 0, rb = b->replay > 0;
  if (ra != rb)
    return ra - rb;                          /* first airings, then replays */
  if (a->priority != b->priority)
    return (int)b->priority - (int)a->priority;
  if (a->replay != b->replay)
    return a->replay - b->replay;
  if (a->b->arrived != b->b->arrived)
    return a->b->arrived < b->b->arrived ? -1 : 1;
  return strcmp(a->b->path, b->b->path);
}

int loa_plan_due(const loa_slots *s, const loa_library *lib, int slot, int ymd, loa_due **out)
{
  *out = NULL;
  if (!lib->n)
    return 0;
  loa_due *d = calloc(lib->n, sizeof *d);
  if (!d)
    return -1;
  int n = 0;
  for (size_t i = 0; i < lib->n; i++) {
    int replay;
    if (!lib->b[i].invalid && loa_bulletin_airs(s, &lib->b[i], slot, ymd, &replay))
      d[n++] = (loa_due){&lib->b[i], loa_bulletin_priority(s, &lib->b[i]), replay};
  }
  qsort(d, (size_t)n, sizeof *d, programme_order);
  *out = d;
  return n;
}

/* ---------------------------------------------------------------- library */

static const char *const bulletin_ext[] = {".txt", ".md", ".docx", ".odt", ".pdf", NULL};

static int is_bulletin_name(const char *name)
{
  if (name[0] == '.')
    return 0;
  size_t n = strlen(name);
  if (n > 8 && !strcasecmp(name + n - 8, ".loi.txt"))   /* the watch daemon's error notes */
    return 0;
  const char *dot = strrchr(name, '.');
  for (int i = 0; dot && bulletin_ext[i]; i++)
    if (!strcasecmp(dot, bulletin_ext[i]))
      return 1;
  return 0;
}

/* When the file arrived: its birth time where the file system keeps one,
 * else the last status change (a rename into done/ sets it), never the
 * modification time, which a copy from another computer keeps. */
static time_t arrival_time(const char *path)
{
  struct statx sx;
  if (statx(AT_FDCWD, path, 0, STATX_BTIME | STATX_CTIME, &sx) == 0) {
    if ((sx.stx_mask & STATX_BTIME) && sx.stx_btime.tv_sec > 0)
      return (time_t)sx.stx_btime.tv_sec;
    return (time_t)sx.stx_ctime.tv_sec;
  }
  struct stat st;
  return stat(path, &st) == 0 ? st.st_ctime : 0;
}

static int grow(loa_library *lib)
{
  if (lib->n < lib->cap)
    return 0;
  size_t cap = lib->cap ? lib->cap * 2 : 16;
  loa_bulletin *b = realloc(lib->b, cap * sizeof *b);
  if (!b)
    return -1;
  lib->b = b, lib->cap = cap;
  return 0;
}

static void file_id(const char *path, loa_bulletin *b)
{
  struct stat st;
  if (stat(path, &st) == 0) {
    b->size = (long long)st.st_size;
    b->mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
    b->ctime_ns = (long long)st.st_ctim.tv_sec * 1000000000LL + st.st_ctim.tv_nsec;
  }
}

/* An earlier scan's entry for the same, unchanged file. */
static const loa_bulletin *memo_find(const loa_library *memo, const char *path, const char *folder)
{
  if (!memo)
    return NULL;
  loa_bulletin now;
  file_id(path, &now);
  for (size_t i = 0; i < memo->n; i++) {
    const loa_bulletin *b = &memo->b[i];
    if (!strcmp(b->path, path) && !strcmp(b->folder, folder) && b->size == now.size &&
        b->mtime_ns == now.mtime_ns && b->ctime_ns == now.ctime_ns)
      return b;
  }
  return NULL;
}

static int add_file(loa_library *lib, const loa_library *memo, const char *path,
                    const char *folder, const void *build_opts, char *err, size_t errlen);

int loa_library_add_file(loa_library *lib, const char *path, const char *folder,
                         const void *build_opts, char *err, size_t errlen)
{
  return add_file(lib, NULL, path, folder ? folder : "", build_opts, err, errlen);
}

static int add_file(loa_library *lib, const loa_library *memo, const char *path,
                    const char *folder, const void *build_opts, char *err, size_t errlen)
{
  const loa_build_opts *o = build_opts;
  if (grow(lib))
    return snprintf(err, errlen, "%s: out of memory", path), -1;
  loa_bulletin *b = &lib->b[lib->n];
  const loa_bulletin *old = memo_find(memo, path, folder);
  if (old) {
    *b = *old;
    lib->n++;
    return 0;
  }
  memset(b, 0, sizeof *b);
  file_id(path, b);
  snprintf(b->path, sizeof b->path, "%s", path);
  snprintf(b->folder, sizeof b->folder, "%s", folder ? folder : "");
  loa_text t = {0};
  char e[512];
  int rc = 0;
  if (loa_decode_file(path, o ? o->encoding : NULL, o ? o->max_input_bytes : 0, &t, e, sizeof e))
    rc = -1;
  else {
    rc = loa_header_parse(t.text, t.len, &b->h, e, sizeof e);
    loa_text_free(&t);
  }
  if (!rc && o && loa_build_key_file(path, o, b->key, e, sizeof e))
    rc = -1;
  if (rc) {   /* kept, marked, so that a rescan does not report it again */
    b->invalid = 1;
    lib->n++;
    return snprintf(err, errlen, "%s: %s", path, e), -1;
  }
  b->arrived = arrival_time(path);
  if (*b->h.title)
    snprintf(b->title, sizeof b->title, "%s", b->h.title);
  else {
    const char *base = strrchr(path, '/');
    snprintf(b->title, sizeof b->title, "%s", base ? base + 1 : path);
    char *dot = strrchr(b->title, '.');
    if (dot && dot != b->title)
      *dot = 0;
  }
  lib->n++;
  return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
  return strcmp((*a)->d_name, (*b)->d_name);
}

static int scan_dir(loa_library *lib, const loa_library *memo, const char *dir,
                    const char *folder, int depth,
                    const loa_slots *s, const void *opts, loa_warn_fn warn, void *user,
                    char *err, size_t errlen)
{
  struct dirent **ents;
  int n = scandir(dir, &ents, NULL, by_name);
  if (n < 0) {
    if (errno == ENOENT && depth == 0)
      return 0;
    return snprintf(err, errlen, "%s: cannot read the folder (%s)", dir, strerror(errno)), -1;
  }
  int rc = 0;
  for (int i = 0; i < n; i++) {
    const char *name = ents[i]->d_name;
    char path[4096];
    struct stat st;
    if (name[0] == '.' || snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path ||
        stat(path, &st)) {
      free(ents[i]);
      continue;
    }
    if (S_ISDIR(st.st_mode) && depth < 4 && !rc)
      rc = scan_dir(lib, memo, path, depth == 0 ? name : folder, depth + 1, s, opts, warn,
                    user, err, errlen);
    else if (S_ISREG(st.st_mode) && is_bulletin_name(name) && !rc) {
      char e[1024];
      if (add_file(lib, memo, path, folder, opts, e, sizeof e) && warn)
        warn(user, e);
    }
    free(ents[i]);
  }
  free(ents);
  return rc;
}

int loa_library_scan(loa_library *lib, const char *dir, const loa_slots *s,
                     const void *build_opts, loa_warn_fn warn, void *user,
                     char *err, size_t errlen)
{
  loa_library memo = *lib;
  memset(lib, 0, sizeof *lib);
  int rc = scan_dir(lib, &memo, dir, "", 0, s, build_opts, warn, user, err, errlen);
  free(memo.b);
  return rc;
}

void loa_library_free(loa_library *lib)
{
  free(lib->b);
  memset(lib, 0, sizeof *lib);
}
