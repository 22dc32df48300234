/* render_work.c: a render's private temporary folder: its part files and their loudness block lists.
 *
 * The folder is "loa-build-PID-XXXXXX" in the build's tmpdir (or $TMPDIR, or
 * /tmp); folders left by builds that were killed are removed on the way in.
 */
#include "pipeline/render_internal.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lexicon/buf.h"

void loa_rwork_remove(const char *dir)
{
  DIR *d = opendir(dir);
  struct dirent *e;
  while (d && (e = readdir(d))) {
    if (e->d_name[0] == '.')
      continue;
    char path[2400];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    unlink(path);
  }
  if (d)
    closedir(d);
  rmdir(dir);
}

/* Folders "loa-build-PID-XXXXXX" in T whose build was killed (no process PID any
 * more) hold spool files of up to 160 MB an hour of speech: remove them. */
static void sweep_stale_workdirs(const char *t)
{
  DIR *d = opendir(t);
  struct dirent *e;
  while (d && (e = readdir(d))) {
    long pid;
    char tail;
    if (sscanf(e->d_name, "loa-build-%ld-%c", &pid, &tail) != 2 || pid <= 0 ||
        kill((pid_t)pid, 0) == 0 || errno != ESRCH)
      continue;
    char dir[1200];
    if (snprintf(dir, sizeof dir, "%.1000s/%s", t, e->d_name) < (int)sizeof dir)
      loa_rwork_remove(dir);
  }
  if (d)
    closedir(d);
}

int loa_rwork_make(render_ctx *x, char *err, size_t errlen)
{
  const char *t = x->o->tmpdir ? x->o->tmpdir : getenv("TMPDIR");
  if (!t || !*t)
    t = "/tmp";
  sweep_stale_workdirs(t);
  snprintf(x->r->workdir, sizeof x->r->workdir, "%.900s/loa-build-%ld-XXXXXX", t, (long)getpid());
  if (!mkdtemp(x->r->workdir)) {
    snprintf(err, errlen, "cannot make a temporary folder in %s: %s", t, strerror(errno));
    x->r->workdir[0] = 0;
    return LOA_BUILD_EOUTPUT;
  }
  return 0;
}

void loa_rwork_path(const render_ctx *x, size_t i, const char *ext, char *out, size_t n)
{
  if (snprintf(out, n, "%s/p%03zu.%s", x->r->workdir, i, ext) >= (int)n)
    out[0] = 0;            /* cannot happen: workdir is at most 1 KiB */
}

int loa_rwork_save_blocks(const render_ctx *x, size_t i, const char *ext, loa_meter *m)
{
  char path[4200];
  double *b = NULL;
  size_t n = 0;
  loa_rwork_path(x, i, ext, path, sizeof path);
  if (loa_meter_export(m, &b, &n) != 0)
    return -1;
  FILE *f = fopen(path, "wb");
  int rc = f && fwrite(b, sizeof *b, n, f) == n ? 0 : -1;
  if (f && fclose(f) != 0)
    rc = -1;
  free(b);
  return rc;
}

/* Append the block list in PATH to *ALL (N used, CAP allocated); 0 or -1. */
static int append_blocks(const char *path, double **all, size_t *n, size_t *cap)
{
  FILE *f = fopen(path, "rb");
  if (!f)
    return -1;
  fseek(f, 0, SEEK_END);
  long bytes = ftell(f);
  fseek(f, 0, SEEK_SET);
  size_t k = bytes > 0 ? (size_t)bytes / sizeof(double) : 0;
  double *grown = loa_grow(*all, cap, *n + k + 1, sizeof **all);
  int rc = grown && fread(grown + *n, sizeof(double), k, f) == k ? 0 : -1;
  fclose(f);
  if (grown)
    *all = grown;
  if (!rc)
    *n += k;
  return rc;
}

double loa_rwork_loudness(const render_ctx *x, const char *ext, const unsigned char *mask)
{
  double *all = NULL, l = NAN;
  size_t n = 0, cap = 0, i = 0;
  for (; i < x->nplan; i++) {
    char path[4200];
    loa_rwork_path(x, i, ext, path, sizeof path);
    if ((!mask || mask[i]) && append_blocks(path, &all, &n, &cap) != 0)
      break;
  }
  if (i == x->nplan)
    l = loa_loudness_from_blocks(all, n);
  free(all);
  return l;
}
