/* render_workers.c: a render phase over every part, each in a worker process of its own, with progress.
 *
 * Every part is synthesised in a child process forked from a parent that never
 * speaks: eSpeak NG carries state from one utterance to the next, so this is
 * what makes a part's audio independent of the parts before it and of the
 * number of jobs. The later phases run in children too, or in this process
 * when there is one job. Children report through the shared mapping x->sh.
 */
#include "pipeline/render_internal.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_JOBS LOA_BUILD_MAX_JOBS   /* the most loa_build_opts_check lets through */

static double seconds_since(const struct timespec *t0)
{
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Part I in the current phase; a LOA_BUILD_* code with ERR set. */
static int run_part(render_ctx *x, size_t i, char *err, size_t errlen)
{
  err[0] = 0;
  switch (x->phase) {
  case 1: return loa_rspool_synth(x, i, err, errlen);
  case 2: return loa_rencode_measure(x, i, err, errlen);
  default: return loa_rencode_part(x, i, err, errlen);
  }
}

/* Weight of part I in the progress of the whole build (its share of the text). */
static double part_weight(const render_ctx *x, size_t i)
{
  return x->total_chars ? (double)x->plan[i].chars / (double)x->total_chars : 1.0 / (double)x->nplan;
}

static void report_progress(render_ctx *x)
{
  const loa_build_opts *o = x->o;
  if (!o->progress || !o->on_progress)
    return;
  /* phase weights: synthesis 0.25, measurement 0.15, encoding 0.6 */
  static const double start[] = {0, 0.0, 0.25, 0.40}, span[] = {0, 0.25, 0.15, 0.60};
  static const char *const label[] = {"", "đọc / speech", "đo âm lượng / loudness", "mã hóa / encoding"};
  double f = 0;
  for (size_t i = 0; i < x->nplan; i++) {
    /* synthesis: about 12 characters of text per second of speech */
    double total = x->phase == 1 ? (double)x->plan[i].chars * x->in_rate / 12.0
                                 : (double)x->sh->part[i].frames;
    double d = x->sh->part[i].finished ? 1 : total > 0 ? (double)x->sh->part[i].done_frames / total : 0;
    f += part_weight(x, i) * (d > 1 ? 1 : d);
  }
  double whole = start[x->phase] + span[x->phase] * f;
  double el = seconds_since(&x->t0);
  double left = whole > 0.02 ? el * (1 - whole) / whole : -1;
  o->on_progress(label[x->phase], whole, left, o->progress_user);
}

/* In a child: render part I, record the outcome in the shared mapping, exit. */
static void child_part(render_ctx *x, size_t i)
{
  char err[512];
  int rc = run_part(x, i, err, sizeof err);
  x->sh->part[i].finished = 1;
  if (rc && !__atomic_exchange_n(&x->sh->failed, rc, __ATOMIC_SEQ_CST))
    snprintf(x->sh->err, sizeof x->sh->err, "%s", err);
  _exit(rc ? 1 : 0);
}

static int jobs_for(const render_ctx *x)
{
  int jobs = x->o->jobs;
  if (jobs <= 0) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    jobs = n > MAX_JOBS ? MAX_JOBS : n > 0 ? (int)n : 1;   /* the option itself is checked */
  }
  if (x->kind == LOA_RENDER_WAV && x->phase == 3)
    jobs = 1;                   /* one output file, written in order */
  return jobs < 1 ? 1 : jobs;
}

/* Wait for one child of PIDS (N running), drawing progress meanwhile; remove
 * it from the list. A child that died without reporting is an internal error. */
static void reap_one(render_ctx *x, pid_t *pids, int *n)
{
  for (;;) {
    int st;
    pid_t p = waitpid(-1, &st, WNOHANG);
    if (p == 0) {
      report_progress(x);
      struct timespec ts = {0, 50 * 1000 * 1000};
      nanosleep(&ts, NULL);
      continue;
    }
    if (p < 0 && errno == EINTR)
      continue;
    if (p < 0) {                /* no children left: should not happen */
      *n = 0;
      return;
    }
    for (int j = 0; j < *n; j++)
      if (pids[j] == p) {
        pids[j] = pids[--*n];
        break;
      }
    if ((!WIFEXITED(st) || WEXITSTATUS(st)) && !x->sh->failed) {
      x->sh->failed = LOA_BUILD_EINTERNAL;
      snprintf(x->sh->err, sizeof x->sh->err, "a worker process stopped unexpectedly");
    }
    return;
  }
}

/* Every active part in a child process of its own, JOBS at a time: each part
 * starts from the parent's engine state, untouched by the parts before it, so
 * the output does not depend on JOBS (eSpeak NG carries state from one
 * utterance to the next, and the parent never speaks). */
static int run_forked(render_ctx *x, int jobs)
{
  pid_t pids[MAX_JOBS];
  int running = 0;
  fflush(NULL);
  for (size_t i = 0; i < x->nplan || running;) {
    while (running < jobs && i < x->nplan && !x->sh->failed) {
      if (x->active && !x->active[i]) {
        i++;
        continue;
      }
      pid_t p = fork();
      if (p == 0)
        child_part(x, i);
      if (p < 0) {
        x->sh->failed = LOA_BUILD_EINTERNAL;
        snprintf(x->sh->err, sizeof x->sh->err, "cannot start a worker process: %s", strerror(errno));
        break;
      }
      pids[running++] = p;
      i++;
    }
    if (x->sh->failed && running)
      for (int j = 0; j < running; j++)   /* stop the others early */
        kill(pids[j], SIGTERM);
    if (running)
      reap_one(x, pids, &running);
    if (x->sh->failed && !running)
      break;
  }
  return x->sh->failed;
}

/* The current phase over every active part in this process (no speech: the
 * later phases carry no state from part to part). */
static int run_here(render_ctx *x, char *err, size_t errlen)
{
  for (size_t i = 0; i < x->nplan; i++) {
    if (x->active && !x->active[i])
      continue;
    int rc = run_part(x, i, err, errlen);
    if (rc)
      return rc;
    x->sh->part[i].finished = 1;
    report_progress(x);
  }
  return 0;
}

int loa_rphase_run(render_ctx *x, char *err, size_t errlen)
{
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  x->sh->failed = 0;
  x->sh->err[0] = 0;
  for (size_t i = 0; i < x->nplan; i++)
    x->sh->part[i].done_frames = 0, x->sh->part[i].finished = x->active && !x->active[i];
  int jobs = jobs_for(x), rc;
  if (jobs == 1 && x->phase != 1) {
    rc = run_here(x, err, errlen);
  } else {
    rc = run_forked(x, jobs);
    if (rc)
      snprintf(err, errlen, "%s", x->sh->err);
  }
  x->r->wall[x->phase] += seconds_since(&t0);
  return rc;
}
