/* cli_status.c: `loa status`: the watch folder's queue, recent results and the next slots. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli_common.h"
#include "cli/commands.h"
#include "schedules/airlog.h"
#include "schedules/config.h"
#include "schedules/slots.h"
#include "schedules/slotprog.h"
#include "schedules/speakers.h"
#include "schedules/watch.h"

/* ---------------------------------------------------------------- the air log */

typedef struct {
  loa_airlog *a;
  int offset_s;        /* station zone */
  int shown;
} air_ctx;

/* "2026-11-25 05:30:01" in station time */
static void station_time(double t, int offset_s, char *out, size_t len)
{
  int sec, ymd = loa_date_at((time_t)t, offset_s, &sec);
  char d[11];
  loa_date_format(ymd, d);
  snprintf(out, len, "%s %02d:%02d:%02d", d, sec / 3600, sec / 60 % 60, sec % 60);
}

static void show_request(void *user, const loa_airlog_req *r, const char *state, const char *reason,
                         double at)
{
  air_ctx *x = user;
  char when[32], t0[32], t1[32], e[256];
  station_time(r->scheduled, x->offset_s, when, sizeof when);
  printf("  %s  %-9s %-10s %-8s ", when, r->kind, *r->slot ? r->slot : "-", *r->zone ? r->zone : "-");
  double start, end;
  int items, interrupted, incomplete;
  if (loa_airlog_aired_summary(x->a, r->id, &start, &end, &items, &interrupted, &incomplete, e,
                               sizeof e) == 0 && items) {
    station_time(start, x->offset_s, t0, sizeof t0);
    station_time(end, x->offset_s, t1, sizeof t1);
    printf("aired %s to %s, %d item(s)", t0 + 11, t1 + 11, items);
    if (interrupted)
      printf(", %d interrupted by an urgent notice", interrupted);
    if (incomplete)
      printf(", %d cut short", incomplete);
  } else if (!strcmp(state, "queued")) {
    station_time(at, x->offset_s, t0, sizeof t0);
    printf("handed to Liquidsoap at %s, not reported on air yet", t0 + 11);
  } else if (!strcmp(state, "folder")) {
    printf("published to the playout folder (whether it played is not known)");
  } else if (!strcmp(state, "missed")) {
    printf("NOT AIRED: missed (%s)", reason);
  } else if (!strcmp(state, "failed")) {
    printf("NOT AIRED yet, retrying: %s", reason);
  } else {
    printf("handed to Liquidsoap, no answer yet (%s)", *reason ? reason : state);
  }
  putchar('\n');
  x->shown++;
}

/* What the air log says about the last two days. Read-only for the station's
 * records: only Liquidsoap's new play events are taken in first. */
static void status_air(const loa_config *cfg)
{
  char path[4200], err[1024], slots_file[4096];
  snprintf(path, sizeof path, "%s/airlog.sqlite", cfg->state);
  if (access(path, F_OK))
    return;
  air_ctx x = {NULL, 7 * 3600, 0};
  static loa_slots slots;
  loa_slots_path(cfg, slots_file, sizeof slots_file);
  if (loa_slots_load(&slots, slots_file, cfg->timezone, err, sizeof err) == 0)
    x.offset_s = slots.utc_offset_s;
  if (loa_airlog_open(&x.a, cfg->state, err, sizeof err)) {
    printf("\nAir log: %s\n", err);
    return;
  }
  char events[4200];
  loa_airlog_events_path(cfg->state, events, sizeof events);
  if (loa_airlog_ingest(x.a, events, err, sizeof err) < 0)
    printf("\nAir log: cannot read Liquidsoap's play events: %s\n", err);
  printf("\nOn air (air log %s, last 2 days):\n", path);
  double now = (double)time(NULL);
  if (loa_airlog_each_request(x.a, now - 2 * 86400, now + 86400, show_request, &x, err, sizeof err))
    printf("  %s\n", err);
  else if (!x.shown)
    printf("  nothing handed over\n");
  loa_airlog_close(x.a);
}

/* The loudspeakers speakers.ini expects, from Icecast's listener lists. */
static void status_speakers(const loa_config *cfg)
{
  if (!*cfg->speakers_file)
    return;
  char err[1024];
  printf("\nLoudspeakers (%s):\n", cfg->speakers_file);
  if (loa_speakers_report(cfg, stdout, err, sizeof err))
    printf("  %s\n", err);
}

static void usage(FILE *out)
{
  fprintf(out,
          "usage: loa status --config FILE [-n N]\n"
          "       loa status FOLDER [-n N]\n\n"
          "Show whether `loa watch` runs, what it is building, what waits in the inbox,\n"
          "what a crash left to finish, and the last N results (default 10); then what the\n"
          "air log says went on air in the last two days (and what did not, and why), and\n"
          "which loudspeakers of [publish] speakers are disconnected since when. Reads only\n"
          "(Liquidsoap's new play events are taken into the air log first).\n");
}

int cmd_status(int argc, char **argv)
{
  static const struct option opts[] = {
    {"config", required_argument, NULL, 'c'},
    {"recent", required_argument, NULL, 'n'},
    {"help", no_argument, NULL, 'h'},
    {0, 0, 0, 0},
  };
  const char *config = NULL;
  int recent = 10, c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "c:n:h", opts, NULL)) != -1) {
    if (c == 'c')
      config = optarg;
    else if (c == 'n') {
      recent = atoi(optarg);
      if (recent < 1 || recent > 500) {
        fprintf(stderr, "loa: status: -n %s is not a number from 1 to 500\n", optarg);
        return LOA_EXIT_USAGE;
      }
    } else if (c == 'h') {
      usage(stdout);
      return LOA_EXIT_OK;
    } else {
      return cli_bad_option("status", argv);
    }
  }
  const char *root = optind < argc ? argv[optind] : NULL;
  if ((!config == !root) || optind + (root ? 1 : 0) != argc) {
    fprintf(stderr, "loa: status: give either --config FILE or one FOLDER (see `loa status --help`)\n");
    return LOA_EXIT_USAGE;
  }
  static loa_config cfg;
  int rc = loa_cli_watch_config(config, root, &cfg);
  if (rc)
    return rc;
  char err[1024];
  if (loa_watch_status(&cfg, stdout, recent, err, sizeof err) != 0) {
    fprintf(stderr, "loa: status: %s\n", err);
    return LOA_EXIT_INPUT;
  }
  status_air(&cfg);
  status_speakers(&cfg);
  return LOA_EXIT_OK;
}
