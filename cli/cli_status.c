/* cli_status.c: `loa status`: the watch folder's queue, recent results and the next slots. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_common.h"
#include "cli/commands.h"
#include "schedules/config.h"
#include "schedules/watch.h"

static void usage(FILE *out)
{
  fprintf(out,
          "usage: loa status --config FILE [-n N]\n"
          "       loa status FOLDER [-n N]\n\n"
          "Show whether `loa watch` runs, what it is building, what waits in the inbox,\n"
          "what a crash left to finish, and the last N results (default 10). Reads only.\n");
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
  return LOA_EXIT_OK;
}
