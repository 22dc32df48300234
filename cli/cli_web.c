/* cli_web.c: `loa web` (the station's web console, web/web.h) and `loa user` (its users,
 * web/users.h: the password is read from standard input, never from the command line). */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli_common.h"
#include "cli/commands.h"
#include "schedules/config.h"
#include "web/users.h"
#include "web/web.h"

static void usage_web(FILE *out)
{
  fprintf(out,
          "usage: loa web --config FILE [--listen ADDRESS:PORT]\n"
          "       loa web FOLDER [--listen ADDRESS:PORT]\n\n"
          "Serve the station's web console: pages in Vietnamese (today, the week's schedule,\n"
          "submit a bulletin, hear it, the local lexicon, the air log, zones and loudspeakers)\n"
          "and the JSON API they use. A bulletin submitted there is written into the inbox and\n"
          "goes through `loa watch` like any dropped file. Users come from [web] users (create\n"
          "them with `loa user add`); every action is recorded in STATE/web-audit.sqlite.\n\n"
          "  --config FILE          station configuration ([web] listen, users, approval)\n"
          "  --listen ADDRESS:PORT  where to listen (default: [web] listen, 127.0.0.1:8080)\n"
          "  --assets DIR           the pages (default: the data folder's web/assets)\n\n"
          "exit status: 0 stopped (SIGTERM), 2 bad option or config, 4 cannot listen or\n"
          "start (port in use, assets or state folder missing, users file wrong).\n");
}

static void usage_user(FILE *out)
{
  fprintf(out,
          "usage: echo PASSWORD | loa user add NAME --role editor|approver|admin --config FILE\n"
          "       loa user remove NAME --config FILE\n"
          "       loa user list --config FILE\n\n"
          "Manage the web console's users ([web] users, else STATE/web-users.txt). The password\n"
          "is the first line of standard input (at least %d characters); it is stored as a\n"
          "yescrypt hash with its own random salt. Adding a user that exists changes its role\n"
          "and password. Roles: editor submits bulletins; approver also approves and withdraws;\n"
          "admin also manages users and the local lexicon.\n\n"
          "  --config FILE   station configuration\n"
          "  --root FOLDER   a station folder without a config (its state/ holds the users)\n\n"
          "exit status: 0 done, 2 bad option, name, role or password, 4 the file cannot be written.\n",
          LOA_PASSWORD_MIN);
}

static void on_signal(int sig)
{
  (void)sig;
  loa_web_request_stop();
}

static void log_line(void *user, const char *line)
{
  fprintf(stderr, "loa web: %s\n", line);
}

int cmd_web(int argc, char **argv)
{
  enum { O_CONFIG = 1000, O_LISTEN, O_ASSETS };
  static const struct option opts[] = {
    {"config", required_argument, NULL, O_CONFIG}, {"listen", required_argument, NULL, O_LISTEN},
    {"assets", required_argument, NULL, O_ASSETS}, {"help", no_argument, NULL, 'h'}, {0, 0, 0, 0},
  };
  const char *config = NULL, *listen = NULL, *assets = NULL;
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1)
    switch (c) {
    case O_CONFIG: config = optarg; break;
    case O_LISTEN: listen = optarg; break;
    case O_ASSETS: assets = optarg; break;
    case 'h': usage_web(stdout); return LOA_EXIT_OK;
    default: return cli_bad_option("web", argv);
    }
  const char *root = optind < argc ? argv[optind] : NULL;
  if ((!config == !root) || optind + (root ? 1 : 0) != argc) {
    fprintf(stderr, "loa: web: give either --config FILE or one FOLDER (see `loa web --help`)\n");
    return LOA_EXIT_USAGE;
  }
  static loa_config cfg;
  int rc = loa_cli_watch_config(config, root, &cfg);
  if (rc)
    return rc;
  struct sigaction sa = {.sa_handler = on_signal};
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);
  char self[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  self[n > 0 ? n : 0] = 0;
  loa_web_opts o = {.config = &cfg, .listen = listen, .assets_dir = assets, .self = n > 0 ? self : NULL,
                    .log = log_line};
  char err[1024] = "";
  if (loa_web_run(&o, err, sizeof err)) {
    fprintf(stderr, "loa: web: %s\n", err);
    return LOA_EXIT_OUTPUT;
  }
  return LOA_EXIT_OK;
}

/* The first line of standard input, without its line break. */
static int read_password(char *out, size_t len)
{
  if (!fgets(out, (int)len, stdin))
    return -1;
  out[strcspn(out, "\r\n")] = 0;
  return 0;
}

int cmd_user(int argc, char **argv)
{
  enum { O_CONFIG = 1000, O_ROLE, O_ROOT };
  static const struct option opts[] = {
    {"config", required_argument, NULL, O_CONFIG}, {"role", required_argument, NULL, O_ROLE},
    {"root", required_argument, NULL, O_ROOT}, {"help", no_argument, NULL, 'h'}, {0, 0, 0, 0},
  };
  const char *config = NULL, *role = NULL, *root = NULL;
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1)
    switch (c) {
    case O_CONFIG: config = optarg; break;
    case O_ROLE: role = optarg; break;
    case O_ROOT: root = optarg; break;
    case 'h': usage_user(stdout); return LOA_EXIT_OK;
    default: return cli_bad_option("user", argv);
    }
  const char *verb = optind < argc ? argv[optind] : NULL;
  const char *name = optind + 1 < argc ? argv[optind + 1] : NULL;
  int want = verb && !strcmp(verb, "list") ? 1 : 2;
  if (!verb || (strcmp(verb, "add") && strcmp(verb, "remove") && strcmp(verb, "list")) ||
      argc - optind != want || !config == !root) {
    usage_user(stderr);
    return LOA_EXIT_USAGE;
  }
  static loa_config cfg;
  int rc = loa_cli_watch_config(config, root, &cfg);
  if (rc)
    return rc;
  char path[4200], err[1024];
  loa_web_users_path(&cfg, path, sizeof path);
  static loa_users us;
  if (loa_users_load(&us, path, err, sizeof err)) {
    fprintf(stderr, "loa: user: %s\n", err);
    return LOA_EXIT_USAGE;
  }
  if (!strcmp(verb, "list")) {
    for (int i = 0; i < us.n; i++)
      printf("%s\t%s\n", us.u[i].name, loa_role_name(us.u[i].role));
    return LOA_EXIT_OK;
  }
  if (!strcmp(verb, "remove")) {
    if (loa_users_remove(&us, name)) {
      fprintf(stderr, "loa: user: no user '%s' in %s\n", name, path);
      return LOA_EXIT_USAGE;
    }
  } else {
    loa_role r = role ? loa_role_parse(role) : LOA_ROLE_NONE;
    if (r == LOA_ROLE_NONE) {
      fprintf(stderr, "loa: user: --role editor, approver or admin is needed\n");
      return LOA_EXIT_USAGE;
    }
    char password[512];
    int changed = 0;
    if (read_password(password, sizeof password)) {
      fprintf(stderr, "loa: user: no password on standard input (echo PASSWORD | loa user add ...)\n");
      return LOA_EXIT_USAGE;
    }
    rc = loa_users_set(&us, name, r, password, &changed, err, sizeof err);
    explicit_bzero(password, sizeof password);
    if (rc) {
      fprintf(stderr, "loa: user: %s\n", err);
      return LOA_EXIT_USAGE;
    }
    if (loa_users_save(&us, path, err, sizeof err))
      goto unwritable;
    fprintf(stderr, "loa: user: %s %s (%s) in %s\n", changed ? "changed" : "added", name, role, path);
    return LOA_EXIT_OK;
  }
  if (loa_users_save(&us, path, err, sizeof err))
    goto unwritable;
  return LOA_EXIT_OK;
unwritable:
  fprintf(stderr, "loa: user: %s\n", err);
  return LOA_EXIT_OUTPUT;
}
