/* cli_report.c: `loa report --month YYYY-MM`: the monthly broadcasting report for the district, from the air log. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_common.h"
#include "cli/commands.h"
#include "schedules/airlog.h"
#include "schedules/report.h"
#include "schedules/slotprog.h"
#include "schedules/slots.h"
#include "schedules/zones.h"

static void usage(FILE *out)
{
  fprintf(out,
          "usage: loa report --config FILE --month YYYY-MM [--format csv|ods|html] [-o FILE]\n\n"
          "The month's broadcasting report for the district, from the air log (what\n"
          "Liquidsoap reported playing): per day and slot the programmes and minutes aired;\n"
          "per bulletin its title, priority, zones, airings and minutes; the urgent notices\n"
          "with their delay from drop to air; the slots not aired and why. Column names are\n"
          "Vietnamese. csv (default) for a spreadsheet, ods a spreadsheet file with one sheet\n"
          "per table, html a page that prints on A4.\n\n"
          "  --config FILE     station configuration (required)\n"
          "  --month YYYY-MM   the month (station time)\n"
          "  --format F        csv, ods or html (default csv)\n"
          "  -o FILE           where to write (default: standard output; required for ods)\n"
          "\nexit status: 0 written, 2 bad option, 3 config or air log unreadable, 4 cannot write.\n");
}

int cmd_report(int argc, char **argv)
{
  static const struct option opts[] = {
    {"config", required_argument, NULL, 'c'},
    {"month", required_argument, NULL, 'm'},
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {0, 0, 0, 0},
  };
  const char *config = NULL, *month = NULL, *format = "csv", *out = "-";
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "c:m:f:o:h", opts, NULL)) != -1) {
    switch (c) {
    case 'c': config = optarg; break;
    case 'm': month = optarg; break;
    case 'f': format = optarg; break;
    case 'o': out = optarg; break;
    case 'h': usage(stdout); return LOA_EXIT_OK;
    default: return cli_bad_option("report", argv);
    }
  }
  loa_report_opts o = {0};
  char tail;
  if (!config || !month || optind != argc) {
    cli_error("report: give --config FILE and --month YYYY-MM (see `loa report --help`)");
    return LOA_EXIT_USAGE;
  }
  if (sscanf(month, "%4d-%2d%c", &o.year, &o.month, &tail) != 2 || o.year < 2000 ||
      o.year > 2200 || o.month < 1 || o.month > 12) {
    cli_error("report: --month '%s' is not YYYY-MM", month);
    return LOA_EXIT_USAGE;
  }
  if (!strcmp(format, "csv"))
    o.format = LOA_REPORT_CSV;
  else if (!strcmp(format, "ods"))
    o.format = LOA_REPORT_ODS;
  else if (!strcmp(format, "html"))
    o.format = LOA_REPORT_HTML;
  else {
    cli_error("report: --format '%s' is not csv, ods or html", format);
    return LOA_EXIT_USAGE;
  }
  if (o.format == LOA_REPORT_ODS && !strcmp(out, "-")) {
    cli_error("report: an ods report needs -o FILE");
    return LOA_EXIT_USAGE;
  }
  static loa_config cfg;
  int rc = cli_load_config(argc, argv, &cfg);
  if (rc)
    return rc;
  char err[2048], path[4200];
  static loa_zones zones;
  if (loa_zones_load(&zones, cfg.zones_file, err, sizeof err)) {
    cli_error("%s", err);
    return LOA_EXIT_INPUT;
  }
  o.zones = &zones;
  o.station = cfg.station;
  o.utc_offset_s = 7 * 3600;
  if (loa_tz_parse(cfg.timezone, &o.utc_offset_s, err, sizeof err)) {
    cli_error("%s", err);
    return LOA_EXIT_INPUT;
  }
  snprintf(path, sizeof path, "%s/airlog.sqlite", cfg.state);
  FILE *probe = fopen(path, "r");
  if (!probe) {
    cli_error("report: %s: no air log (has `loa schedule` run?)", path);
    return LOA_EXIT_INPUT;
  }
  fclose(probe);
  loa_airlog *a;
  if (loa_airlog_open(&a, cfg.state, err, sizeof err)) {
    cli_error("%s", err);
    return LOA_EXIT_INPUT;
  }
  /* Liquidsoap's latest play events first */
  loa_airlog_events_path(cfg.state, path, sizeof path);
  if (loa_airlog_ingest(a, path, err, sizeof err) < 0)
    cli_error("cannot read Liquidsoap's play events: %s", err);
  rc = loa_report_write(a, &o, out, err, sizeof err);
  loa_airlog_close(a);
  if (rc) {
    cli_error("%s", err);
    return LOA_EXIT_OUTPUT;
  }
  return LOA_EXIT_OK;
}
