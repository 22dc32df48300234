/* cli_build.c: `loa build INPUT -o OUTPUT.mp3`: one bulletin to one broadcast-ready MP3. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pipeline/build.h"
#include "cli/cli_common.h"
#include "cli/commands.h"

static void usage(FILE *out)
{
  fprintf(out,
          "usage: loa build INPUT -o OUTPUT.mp3 [options]\n\n"
          "Turn a bulletin (.txt in any Vietnamese encoding, .docx, .odt, .md, .pdf) into a\n"
          "broadcast-ready MP3: read aloud with eSpeak NG, brought to the loudness target\n"
          "(EBU R128) under a true-peak ceiling, tagged (ID3v2.4, UTF-8). The MP3 appears\n"
          "only when it is complete (written to a temporary name, then renamed).\n\n"
          "  -o, --output FILE             the MP3 to write (required)\n"
          "  -v, --verbose                 also print how long each stage took\n");
  cli_print_build_options(out);
  fprintf(out,
          "\nexit status: 0 done, 2 bad option or value, 3 input missing/empty/unreadable/\n"
          "binary/undecodable or nothing to read, 4 output cannot be written (folder,\n"
          "permissions, disk full), 5 internal error.\n");
}

/* The announcer's input is never overwritten: refuse an output that is the input. */
static int same_file(const char *a, const char *b)
{
  struct stat sa, sb;
  return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static void print_timings(const loa_build_result *r, double total)
{
  fprintf(stderr, "loa: %zu utterances; speech %.2f s, loudness %.2f s (%d runs), encoding %.2f s; "
          "total %.2f s = %.0fx real time; %.2f LUFS before encoding\n",
          r->utterances, r->wall_synth, r->wall_measure, r->measure_runs, r->wall_encode, total,
          total > 0 ? r->seconds / total : 0, r->lufs_after);
  if (r->nseams) {
    fprintf(stderr, "loa: %zu parts, joined at", r->nseams + 1);
    for (size_t i = 0; i < r->nseams; i++)
      fprintf(stderr, " %.3f", r->seams[i]);
    fprintf(stderr, " s\n");
  }
}

static void print_summary(const char *out, const loa_build_result *r)
{
  int s = (int)(r->seconds + 0.5);
  fprintf(stderr, "loa: %s: %d:%02d, %.1f LUFS before gain, %+.1f dB, \"%s\"\n", out, s / 60, s % 60,
          r->lufs_before, r->gain_db, r->title);
  if (r->findings.n)
    fprintf(stderr, "loa: %zu token(s) had to be guessed or spelled; `loa check` lists them\n",
            r->findings.n);
}

struct build_args {
  const char *out;
  int verbose;
};

static int own_option(int c, const char *arg, void *user)
{
  struct build_args *a = user;
  if (c == 'o')
    a->out = arg;
  else
    a->verbose = 1;
  return 0;
}

int cmd_build(int argc, char **argv)
{
  static const struct option own[] = {
    {"output", required_argument, NULL, 'o'},
    {"verbose", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'},
    {0, 0, 0, 0},
  };
  loa_config cfg;
  int rc = cli_load_config(argc, argv, &cfg);
  if (rc)
    return rc;
  loa_build_opts o = cfg.build;
  o.progress = 1;
  struct build_args a = {0};
  rc = cli_parse_options("build", argc, argv, own, "o:vh", own_option, &a, &o, usage);
  if (rc != CLI_GO_ON)
    return rc;
  const char *out = a.out;
  int verbose = a.verbose;
  int quiet = !o.progress;   /* --quiet turns progress off */
  if (optind + 1 != argc || !out) {
    cli_error("build: give one INPUT file and -o OUTPUT.mp3 (see `loa build --help`)");
    return LOA_EXIT_USAGE;
  }
  const char *in = argv[optind];
  if (same_file(in, out)) {
    cli_error("%s: the output would overwrite the input; choose another -o", out);
    return LOA_EXIT_USAGE;
  }
  loa_build_result res;
  char err[1024];
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  rc = loa_build_file(in, out, &o, &res, err, sizeof err);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  if (rc) {
    cli_error("%s", err);
    loa_build_result_free(&res);
    return cli_exit_for_build(rc);
  }
  if (!quiet)
    print_summary(out, &res);
  if (res.warning[0])   /* shown even with --quiet: the file is not what was asked */
    fprintf(stderr, "loa: %s: warning: %s\n", out, res.warning);
  if (verbose)
    print_timings(&res, (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
  loa_build_result_free(&res);
  return LOA_EXIT_OK;
}
