/* cli_schedule.c: `loa schedule`: the service that builds and airs each slot; `--urgent FILE` airs a notice now. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli_common.h"
#include "cli/commands.h"
#include "schedules/playout.h"
#include "schedules/scheduler.h"
#include "schedules/slotprog.h"
#include "schedules/slots.h"
#include "schedules/zones.h"

static void usage(FILE *out)
{
  fprintf(out,
          "usage: loa schedule --config FILE [--once] [--now TIME] [--lead MINUTES] [--slots FILE]\n"
          "       loa schedule --config FILE --urgent BULLETIN\n\n"
          "Run the scheduler: for every slot of slots.ini, build the programme a lead time\n"
          "before air ([publish] lead_minutes, default 10), publish it to the playout folder,\n"
          "and at slot time hand it to Liquidsoap's programme queue ([publish] liquidsoap),\n"
          "one programme per zone of [publish] zones. Each hand-over is written to the air\n"
          "log (state/airlog.sqlite) before it is made and is never repeated blindly; what\n"
          "Liquidsoap then plays comes back through state/air-events.tsv (`loa status`).\n"
          "A bulletin dropped during the lead time is added (the programme is built again).\n"
          "After downtime, a slot whose air window is still open goes on air at once; a\n"
          "programme is never published or aired twice (state/schedule.tsv). Runs until\n"
          "SIGTERM or SIGINT; one scheduler per state folder (state/schedule.lock).\n\n"
          "  --config FILE     station configuration (required)\n"
          "  --slots FILE      slots.ini (default: the config's [slots] file, else the shipped one)\n"
          "  --lead MINUTES    build this long before air (default: the config's lead_minutes)\n"
          "  --once            do what is due now, then exit (for cron or a test)\n"
          "  --now TIME        run as if the station clock read TIME now and went on from\n"
          "                    there: YYYY-MM-DDTHH:MM[:SS] (station time) or @UNIXTIME\n"
          "  --urgent FILE     build the khẩn cấp notice FILE and hand it at once to the\n"
          "                    urgent queue of each zone its \"Khu vực\" names (all by\n"
          "                    default), as many times as its \"Phát lại\" says; then exit\n"
          "  --quiet           log only problems\n"
          "\nexit status: 0 done or stopped, 2 bad option, 3 config/slots/notice unreadable,\n"
          "4 output, playout folder or state cannot be written (nothing handed over when the\n"
          "state cannot be), 5 Liquidsoap refused, did not answer, or its answer is not known,\n"
          "6 another scheduler holds the lock.\n");
}

static volatile sig_atomic_t stop_flag;
static volatile int stop_int;

static void on_signal(int sig)
{
  (void)sig;
  stop_flag = 1;
  stop_int = 1;
}

typedef struct {
  int offset_s;           /* station zone */
  long long clock_offset;
  int quiet;
} log_ctx;

/* "2026-11-25 05:20:00 sang ...": station time in front of each line. */
static void log_line(void *user, const char *line)
{
  log_ctx *l = user;
  if (l->quiet && !strstr(line, "cannot") && !strstr(line, "missed") && !strstr(line, "skipped"))
    return;
  time_t now = (time_t)(time(NULL) + l->clock_offset);
  int sec, ymd = loa_date_at(now, l->offset_s, &sec);
  char d[11];
  loa_date_format(ymd, d);
  fprintf(stderr, "%s %02d:%02d:%02d loa schedule: %s\n", d, sec / 3600, sec / 60 % 60, sec % 60,
          line);
}

/* TIME: "@1795559400", "2026-11-25T05:25", "2026-11-25 05:25:30" in station time. */
static int parse_now(const char *arg, int offset_s, time_t *out)
{
  if (arg[0] == '@') {
    char *end;
    long long v = strtoll(arg + 1, &end, 10);
    if (end == arg + 1 || *end)
      return -1;
    *out = (time_t)v;
    return 0;
  }
  char date[16], tod[16];
  if (sscanf(arg, "%10[0-9-]%*[T ]%8[0-9:]", date, tod) != 2)
    return -1;
  int ymd, sec = loa_time_of_day_parse(tod);
  if (loa_date_parse(date, &ymd) || sec < 0)
    return -1;
  *out = (time_t)(loa_date_to_days(ymd) * 86400LL + sec - offset_s);
  return 0;
}

static int urgent(loa_config *cfg, const char *file, int quiet)
{
  char mp3[4096] = "", err[2048];
  int rc = loa_urgent_air(cfg, file, NULL, mp3, sizeof mp3, err, sizeof err);
  if (rc == LOA_PLAYOUT_OK) {
    /* handed over, not "on air": the air log says when Liquidsoap played it */
    if (!quiet && cfg->liquidsoap_port > 0)
      fprintf(stderr, "loa: %s: handed to Liquidsoap's urgent queue; `loa status` shows when it "
                      "goes on air\n", *mp3 ? mp3 : file);
    else if (!quiet)
      fprintf(stderr, "loa: %s: published to %s (no Liquidsoap configured: loa cannot tell "
                      "when it airs)\n", *mp3 ? mp3 : file, cfg->playout);
    return LOA_EXIT_OK;
  }
  cli_error("%s", err);
  if (*mp3)
    cli_error("the notice was built: %s", mp3);
  switch (rc) {
  case LOA_PLAYOUT_ENOTARGET: return LOA_EXIT_USAGE;
  case LOA_PLAYOUT_EBUILD: return LOA_EXIT_INPUT;
  case LOA_PLAYOUT_EFOLDER:
    if (cfg->liquidsoap_port > 0)
      cli_error("it IS with Liquidsoap: do not send it again");
    return LOA_EXIT_OUTPUT;
  case LOA_PLAYOUT_ESTATE: return LOA_EXIT_OUTPUT;
  default: return LOA_EXIT_INTERNAL;   /* Liquidsoap refused or did not answer */
  }
}

int cmd_schedule(int argc, char **argv)
{
  enum { O_ONCE = 1, O_NOW, O_LEAD, O_URGENT, O_SLOTS, O_CONFIG, O_QUIET };
  static const struct option opts[] = {
    {"config", required_argument, NULL, O_CONFIG},
    {"slots", required_argument, NULL, O_SLOTS},
    {"once", no_argument, NULL, O_ONCE},
    {"now", required_argument, NULL, O_NOW},
    {"lead", required_argument, NULL, O_LEAD},
    {"urgent", required_argument, NULL, O_URGENT},
    {"quiet", no_argument, NULL, O_QUIET},
    {"help", no_argument, NULL, 'h'},
    {0, 0, 0, 0},
  };
  const char *now_arg = NULL, *urgent_file = NULL, *slots_arg = NULL, *config = NULL;
  int once = 0, lead_min = -1, quiet = 0, c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
    switch (c) {
    case O_CONFIG: config = optarg; break;
    case O_SLOTS: slots_arg = optarg; break;
    case O_ONCE: once = 1; break;
    case O_NOW: now_arg = optarg; break;
    case O_URGENT: urgent_file = optarg; break;
    case O_QUIET: quiet = 1; break;
    case O_LEAD: {
      char *end;
      long v = strtol(optarg, &end, 10);
      if (end == optarg || *end || v < 0 || v > 720) {
        cli_error("schedule: --lead '%s' must be 0 to 720 minutes", optarg);
        return LOA_EXIT_USAGE;
      }
      lead_min = (int)v;
      break;
    }
    case 'h': usage(stdout); return LOA_EXIT_OK;
    default: return cli_bad_option("schedule", argv);
    }
  }
  if (optind != argc) {
    cli_error("schedule: unexpected argument '%s' (see `loa schedule --help`)", argv[optind]);
    return LOA_EXIT_USAGE;
  }
  if (!config) {
    cli_error("schedule: give the station configuration with --config FILE");
    return LOA_EXIT_USAGE;
  }
  static loa_config cfg;
  int rc = cli_load_config(argc, argv, &cfg);
  if (rc)
    return rc;
  cfg.build.progress = 0;
  if (slots_arg)
    snprintf(cfg.slots_file, sizeof cfg.slots_file, "%s", slots_arg);
  if (urgent_file)
    return urgent(&cfg, urgent_file, quiet);

  static loa_slots slots;
  char path[4096], err[2048];
  loa_slots_path(&cfg, path, sizeof path);
  if (loa_slots_load(&slots, path, cfg.timezone, err, sizeof err)) {
    cli_error("%s", err);
    return LOA_EXIT_INPUT;
  }
  static loa_zones zones;
  if (loa_zones_load(&zones, cfg.zones_file, err, sizeof err)) {
    cli_error("%s", err);
    return LOA_EXIT_INPUT;
  }
  log_ctx lc = {slots.utc_offset_s, 0, quiet};
  if (now_arg) {
    time_t t;
    if (parse_now(now_arg, slots.utc_offset_s, &t)) {
      cli_error("schedule: --now '%s' is not YYYY-MM-DDTHH:MM[:SS] or @UNIXTIME", now_arg);
      return LOA_EXIT_USAGE;
    }
    lc.clock_offset = (long long)t - (long long)time(NULL);
  }

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;   /* no SA_RESTART: a sleep ends at once */
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);

  static loa_scheduler sc;
  sc.config = &cfg;
  sc.slots = &slots;
  sc.lead_s = (lead_min >= 0 ? lead_min : cfg.lead_minutes) * 60;
  sc.clock_offset = lc.clock_offset;
  sc.once = once;
  sc.stop = &stop_int;
  sc.log = log_line;
  sc.log_user = &lc;
  sc.zones = &zones;
  rc = loa_scheduler_run(&sc, err, sizeof err);
  if (rc == -2) {
    cli_error("%s", err);
    return LOA_EXIT_BUSY;
  }
  if (rc) {
    cli_error("%s", err);
    return LOA_EXIT_OUTPUT;
  }
  if (!quiet && stop_flag)
    log_line(&lc, "stopped");
  if (once && sc.failed_folder)
    return LOA_EXIT_OUTPUT;
  if (once && sc.failed_liquidsoap)
    return LOA_EXIT_INTERNAL;
  return LOA_EXIT_OK;
}
