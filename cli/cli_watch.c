/* cli_watch.c: `loa watch`: run the watch-folder daemon (schedules/watch.h) on a
 * station config or on a bare folder. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli_common.h"
#include "cli/commands.h"
#include "schedules/config.h"
#include "schedules/watch.h"

static void usage(FILE *out)
{
  fprintf(out,
          "usage: loa watch --config FILE [options]\n"
          "       loa watch FOLDER [options]\n\n"
          "Watch the inbox: every bulletin dropped there (or in inbox/sang, inbox/chieu,\n"
          "inbox/khan, or any subfolder) becomes out/NAME.mp3 and moves to done/; a file that\n"
          "cannot be made moves to failed/ with NAME.loi.txt saying why and what to do, in\n"
          "Vietnamese and English. A file is taken only when complete (closed or moved in, its\n"
          "size unchanged for the settle time); temporary names of editors and copy tools are\n"
          "left alone. After a crash or power cut, the next start finishes what was in progress.\n"
          "One daemon per folder. Logs one line per event on stderr (journald under systemd).\n\n"
          "With FOLDER, the layout is FOLDER/inbox, out, done, failed, state, cache.\n\n"
          "  --config FILE      station configuration ([paths], [watch], voice and sound)\n"
          "  --once             take what is in the inbox now, then stop\n"
          "  --poll             find files by scanning only (no inotify)\n"
          "  --settle-ms N      how long a file's size must stay unchanged (default 2000)\n"
          "  --rescan-s N       full rescan period, for network shares (default 30)\n"
          "  --max-bytes N      refuse larger files (default 2097152)\n"
          "  --timeout S        stop a build running longer than S seconds (default 1800)\n\n"
          "exit status: 0 stopped (SIGTERM) or --once finished, 2 bad option or config,\n"
          "4 folders cannot be used or --once left files unfinished, 6 another daemon\n"
          "holds the folder.\n");
}

/* Config from --config FILE, or the defaults with every folder under ROOT. */
int loa_cli_watch_config(const char *config, const char *root, loa_config *c)
{
  char err[1024];
  loa_config_default(c);
  if (config) {
    if (loa_config_load(c, config, err, sizeof err) != 0) {
      fprintf(stderr, "loa: %s\n", err);
      return LOA_EXIT_USAGE;
    }
    return 0;
  }
  char abs[PATH_MAX];
  if (root[0] == '/') {
    snprintf(abs, sizeof abs, "%s", root);
  } else {
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd)) {
      fprintf(stderr, "loa: cannot find the current folder: %s\n", strerror(errno));
      return LOA_EXIT_USAGE;
    }
    snprintf(abs, sizeof abs, "%.2000s/%.2000s", cwd, root);
  }
  struct {
    char *dst;
    const char *name;
  } paths[] = {{c->inbox, "inbox"}, {c->out, "out"},     {c->done, "done"},
               {c->failed, "failed"}, {c->state, "state"}, {c->cache, "cache"},
               {c->playout, "playout"}};
  snprintf(c->root, sizeof c->root, "%s", abs);
  for (size_t i = 0; i < sizeof paths / sizeof *paths; i++)
    snprintf(paths[i].dst, sizeof c->root, "%.4000s/%s", abs, paths[i].name);
  return 0;
}

static void on_signal(int sig)
{
  (void)sig;
  loa_watch_request_stop();
}

static int parse_long(const char *opt, const char *arg, long lo, long hi, long *out)
{
  char *end;
  errno = 0;
  long v = strtol(arg, &end, 10);
  if (errno || *end || end == arg || v < lo || v > hi) {
    fprintf(stderr, "loa: watch: %s '%s' is not a number from %ld to %ld\n", opt, arg, lo, hi);
    return -1;
  }
  *out = v;
  return 0;
}

int cmd_watch(int argc, char **argv)
{
  enum { O_CONFIG = 1000, O_ONCE, O_POLL, O_SETTLE, O_RESCAN, O_MAXB, O_TIMEOUT };
  static const struct option opts[] = {
    {"config", required_argument, NULL, O_CONFIG}, {"once", no_argument, NULL, O_ONCE},
    {"poll", no_argument, NULL, O_POLL},           {"settle-ms", required_argument, NULL, O_SETTLE},
    {"rescan-s", required_argument, NULL, O_RESCAN}, {"max-bytes", required_argument, NULL, O_MAXB},
    {"timeout", required_argument, NULL, O_TIMEOUT}, {"help", no_argument, NULL, 'h'},
    {0, 0, 0, 0},
  };
  const char *config = NULL;
  long settle = -1, rescan = -1, maxb = -1, timeout = 0;
  int once = 0, poll_only = 0, c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
    long *target = NULL, lo = 0, hi = 0;
    switch (c) {
    case O_CONFIG: config = optarg; continue;
    case O_ONCE: once = 1; continue;
    case O_POLL: poll_only = 1; continue;
    case O_SETTLE: target = &settle, lo = 0, hi = 600000; break;
    case O_RESCAN: target = &rescan, lo = 1, hi = 86400; break;
    case O_MAXB: target = &maxb, lo = 1, hi = 1L << 30; break;
    case O_TIMEOUT: target = &timeout, lo = 1, hi = 86400; break;
    case 'h': usage(stdout); return LOA_EXIT_OK;
    default:
      return cli_bad_option("watch", argv);
    }
    if (parse_long(opts[c - O_CONFIG].name, optarg, lo, hi, target))
      return LOA_EXIT_USAGE;
  }
  const char *root = optind < argc ? argv[optind] : NULL;
  if ((!config == !root) || optind + (root ? 1 : 0) != argc) {
    fprintf(stderr, "loa: watch: give either --config FILE or one FOLDER (see `loa watch --help`)\n");
    return LOA_EXIT_USAGE;
  }
  static loa_config cfg;      /* large, and points into itself: never copied */
  int rc = loa_cli_watch_config(config, root, &cfg);
  if (rc)
    return rc;
  if (settle >= 0)
    cfg.settle_ms = (int)settle;
  if (rescan > 0)
    cfg.rescan_s = (int)rescan;
  if (maxb > 0)
    cfg.max_bytes = (size_t)maxb;
  cfg.build.max_input_bytes = cfg.max_bytes;

  struct sigaction sa = {.sa_handler = on_signal};
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);

  loa_watch_opts o = {.cfg = &cfg, .builder = loa_watch_real_builder, .once = once,
                      .no_inotify = poll_only, .build_timeout_s = (int)timeout};
  char err[1024] = "";
  rc = loa_watch_run(&o, err, sizeof err);
  if (rc == LOA_WATCH_OK)
    return LOA_EXIT_OK;
  fprintf(stderr, "loa: watch: %s\n", err);
  return rc == LOA_WATCH_EBUSY ? LOA_EXIT_BUSY : LOA_EXIT_OUTPUT;
}
