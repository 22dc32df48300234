/* cli_withdraw.c: `loa withdraw FILE-or-ID`: take a bulletin off every future airing. */
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli_common.h"
#include "cli/commands.h"
#include "schedules/config.h"
#include "schedules/plan.h"
#include "schedules/watch.h"

static void usage(FILE *out)
{
  fprintf(out,
          "usage: loa withdraw --config FILE [--by NAME] [--reason TEXT] FILE-or-ID\n"
          "       loa withdraw --folder FOLDER [--by NAME] [--reason TEXT] FILE-or-ID\n\n"
          "Take a bulletin off every future airing. FILE-or-ID is the bulletin's file (in\n"
          "done/, or its MP3 in out/), its path under done/ (sang/x.txt), its name (x.txt or\n"
          "x) when only one bulletin has it, or the start of its content key as `loa status`\n"
          "and the results log show it; a copy of it under another name goes too. Its\n"
          "source moves to done/.withdrawn/ (kept, never overwritten); out/NAME.canh-bao.txt\n"
          "says it was withdrawn, by whom and when; state/withdrawn.log keeps the record,\n"
          "and `loa status` shows it. A programme not yet on air is built again without it\n"
          "by the scheduler's next pass (one already published to the playout folder is\n"
          "replaced); what already aired stays.\n\n"
          "  --config FILE     station configuration\n"
          "  --folder FOLDER   a station folder (FOLDER/inbox, out, done, state...)\n"
          "  --by NAME         who withdraws it (default: the user, or the one behind sudo)\n"
          "  --reason TEXT     why, for the record and the note\n\n"
          "exit status: 0 withdrawn, 2 bad option or several bulletins answer to it,\n"
          "3 no bulletin answers to it, 4 it cannot be moved or the record written.\n");
}

/* Who runs this: --by, else the user behind sudo, else the user. */
static void who(const char *by, char *out, size_t n)
{
  const char *sudo = getenv("SUDO_USER");
  struct passwd *pw = getpwuid(getuid());
  if (by && *by)
    snprintf(out, n, "%s", by);
  else if (sudo && *sudo)
    snprintf(out, n, "%s", sudo);
  else if (pw && pw->pw_name)
    snprintf(out, n, "%s", pw->pw_name);
  else
    snprintf(out, n, "uid %ld", (long)getuid());
}

int cmd_withdraw(int argc, char **argv)
{
  static const struct option opts[] = {
    {"config", required_argument, NULL, 'c'},
    {"folder", required_argument, NULL, 'f'},
    {"by", required_argument, NULL, 'b'},
    {"reason", required_argument, NULL, 'r'},
    {"help", no_argument, NULL, 'h'},
    {0, 0, 0, 0},
  };
  const char *config = NULL, *folder = NULL, *by = NULL, *reason = NULL;
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "c:f:b:r:h", opts, NULL)) != -1) {
    if (c == 'c')
      config = optarg;
    else if (c == 'f')
      folder = optarg;
    else if (c == 'b')
      by = optarg;
    else if (c == 'r')
      reason = optarg;
    else if (c == 'h') {
      usage(stdout);
      return LOA_EXIT_OK;
    } else {
      return cli_bad_option("withdraw", argv);
    }
  }
  if (!config == !folder || optind + 1 != argc) {
    fprintf(stderr, "loa: withdraw: give --config FILE or --folder FOLDER, and one FILE-or-ID "
                    "(see `loa withdraw --help`)\n");
    return LOA_EXIT_USAGE;
  }
  static loa_config cfg;
  int rc = loa_cli_watch_config(config, folder, &cfg);
  if (rc)
    return rc;
  char err[2048], name[128];
  who(by, name, sizeof name);
  loa_withdrawal w[16];
  size_t n = 0;
  rc = loa_library_withdraw(cfg.done, argv[optind], &cfg.build, w, 16, &n, err, sizeof err);
  for (size_t i = 0; i < n; i++) {
    char e[2048];
    if (loa_watch_record_withdrawal(&cfg, w[i].rel, w[i].kept, w[i].key, name, reason, e, sizeof e)) {
      fprintf(stderr, "loa: withdraw: %s (it is withdrawn: its source is in %s)\n", e, w[i].kept);
      rc = rc ? rc : LOA_WITHDRAW_EIO;
    }
    printf("withdrawn: %s \"%s\" (key %.12s), by %s%s\n", w[i].rel, w[i].title, w[i].key, name,
           i ? " (the same content under another name)" : "");
    printf("  its source is kept in %s\n", w[i].kept);
  }
  if (rc) {
    if (rc != LOA_WITHDRAW_EIO || !n)
      fprintf(stderr, "loa: withdraw: %s\n", err);
    return rc == LOA_WITHDRAW_EAMBIGUOUS ? LOA_EXIT_USAGE
           : rc == LOA_WITHDRAW_ENOENT   ? LOA_EXIT_INPUT
                                         : LOA_EXIT_OUTPUT;
  }
  printf("no programme built from now on has it; the scheduler builds again, at its next pass,\n"
         "a programme not yet on air that had it\n");
  return LOA_EXIT_OK;
}
