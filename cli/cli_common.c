/* cli_common.c: the build options shared by the subcommands (from the settings table,
 * pipeline/settings.h), config loading, exit statuses. */
#include "cli/cli_common.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"

/* The options that are not settings of the build, after the table's rows. */
enum { O_CONFIG = CLI_OPT_BASE + 500, O_QUIET };

static const struct option cli_own_options[] = {
  {"config", required_argument, NULL, O_CONFIG},
  {"quiet", no_argument, NULL, O_QUIET},
};

void cli_print_build_options(FILE *out)
{
  loa_settings_help(out);
  fprintf(out, "other:\n"
               "  --config FILE                 station configuration (INI) to start from\n"
               "  --quiet                       print nothing but errors\n");
  loa_settings_ini_help(out);
}

void cli_error(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  fputs("loa: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

int cli_apply_build_option(int opt, const char *arg, loa_build_opts *o)
{
  if (opt == O_CONFIG)
    return 0;                 /* read first, by cli_load_config */
  if (opt == O_QUIET) {
    o->progress = 0;
    return 0;
  }
  size_t i = (size_t)(opt - CLI_OPT_BASE);
  if (opt < CLI_OPT_BASE || i >= loa_nsettings)
    return LOA_EXIT_USAGE;
  char err[400];
  if (loa_setting_set_flag(&loa_settings[i], arg, o, err, sizeof err) == 0)
    return 0;
  cli_error("--%s: %s", loa_settings[i].flag, err);
  return LOA_EXIT_USAGE;
}

int cli_load_config(int argc, char **argv, loa_config *cfg)
{
  loa_config_default(cfg);
  const char *path = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--"))
      break;
    if (!strcmp(argv[i], "--config") && i + 1 < argc)
      path = argv[i + 1];
    else if (!strncmp(argv[i], "--config=", 9))
      path = argv[i] + 9;
  }
  if (!path)
    return 0;
  char err[600];
  if (loa_config_load(cfg, path, err, sizeof err) != 0) {
    cli_error("%s", err);
    return LOA_EXIT_USAGE;
  }
  return 0;
}

void cli_merge_options(const struct option *own, struct option *out, size_t n)
{
  size_t k = 0;
  for (; own[k].name && k + 1 < n; k++)
    out[k] = own[k];
  for (size_t i = 0; i < loa_nsettings && k + 1 < n; i++) {
    const loa_setting *s = &loa_settings[i];
    if (s->flag)
      out[k++] = (struct option){s->flag,
                                 s->flags & LOA_SET_ARG_OPTIONAL ? optional_argument : required_argument,
                                 NULL, CLI_OPT_BASE + (int)i};
  }
  for (size_t j = 0; j < sizeof cli_own_options / sizeof cli_own_options[0] && k + 1 < n; j++)
    out[k++] = cli_own_options[j];
  memset(&out[k], 0, sizeof out[k]);
}

int cli_parse_options(const char *command, int argc, char **argv, const struct option *own,
                      const char *shortopts, cli_own_fn on_own, void *user, loa_build_opts *o,
                      void (*usage)(FILE *))
{
  struct option opts[64];
  cli_merge_options(own, opts, 64);
  int c, rc;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, shortopts, opts, NULL)) != -1) {
    if (c == 'h') {
      usage(stdout);
      return LOA_EXIT_OK;
    }
    if (c >= CLI_OPT_BASE)
      rc = cli_apply_build_option(c, optarg, o);
    else if (c == '?' || c == ':')
      rc = cli_bad_option(command, argv);
    else
      rc = on_own(c, optarg, user);
    if (rc)
      return rc;
  }
  return CLI_GO_ON;
}

int cli_bad_option(const char *command, char **argv)
{
  const char *arg = optind > 0 ? argv[optind - 1] : "";
  cli_error("%s: '%s' is an unknown option or lacks its value (see `loa %s --help`)", command, arg,
            command);
  return LOA_EXIT_USAGE;
}

int cli_exit_for_build(int rc)
{
  switch (rc) {
  case LOA_BUILD_OK: return LOA_EXIT_OK;
  case LOA_BUILD_EINPUT:
  case LOA_BUILD_ENOSPEECH: return LOA_EXIT_INPUT;
  case LOA_BUILD_EOUTPUT: return LOA_EXIT_OUTPUT;
  case LOA_BUILD_EARG: return LOA_EXIT_USAGE;
  default: return LOA_EXIT_INTERNAL;
  }
}
