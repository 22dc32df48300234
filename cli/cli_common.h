/* cli_common.h: what the subcommands share: the build options, their parsing and help,
 * and the mapping of library error codes to exit statuses.
 *
 * `loa build`, `loa preview`, `loa programme` accept the same audio and voice
 * options; they are parsed here once. `--config FILE` (station INI) is read
 * first, so options given on the command line win over it.
 */
#ifndef LOA_CLI_COMMON_H
#define LOA_CLI_COMMON_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

#include "pipeline/build.h"
#include "pipeline/settings.h"
#include "schedules/config.h"

/* The build settings' long options (one per flag of the settings table, then --config
 * and --quiet) have `val` values >= CLI_OPT_BASE; cli_merge_options appends them to a
 * command's own. */
enum { CLI_OPT_BASE = 1000 };

/* Help for those options: the table's, grouped, then --config, --quiet and the loa.ini keys. */
void cli_print_build_options(FILE *out);

/* Start from defaults, or from the config named by --config anywhere in ARGV.
 * Returns 0 or an exit status (message printed). */
int cli_load_config(int argc, char **argv, loa_config *cfg);

/* Apply one parsed option (OPT >= CLI_OPT_BASE) to O. Returns 0, or
 * LOA_EXIT_USAGE with the message printed. */
int cli_apply_build_option(int opt, const char *arg, loa_build_opts *o);

/* Join a command's options with the build options into OUT (capacity N). */
void cli_merge_options(const struct option *own, struct option *out, size_t n);

/* The option loop of a command that takes the build options: each option of OWN (and
 * SHORTOPTS) goes to ON_OWN (returning 0, or an exit status to stop with), a build option
 * to O, -h/--help prints USAGE on stdout. Returns CLI_GO_ON with optind at the first
 * operand, or the exit status the command returns at once (LOA_EXIT_OK after --help). */
enum { CLI_GO_ON = -1 };
typedef int (*cli_own_fn)(int opt, const char *arg, void *user);
int cli_parse_options(const char *command, int argc, char **argv, const struct option *own,
                      const char *shortopts, cli_own_fn on_own, void *user, loa_build_opts *o,
                      void (*usage)(FILE *));

/* Exit status for a LOA_BUILD_E* code. */
int cli_exit_for_build(int rc);

/* After getopt_long returned '?' or ':' (call with opterr = 0): one line naming the
 * bad option of COMMAND; returns LOA_EXIT_USAGE. */
int cli_bad_option(const char *command, char **argv);

/* `loa watch` and `loa status`: the config from --config FILE, or the defaults with
 * every folder under ROOT. Returns 0 or LOA_EXIT_USAGE (message printed). */
int loa_cli_watch_config(const char *config, const char *root, loa_config *c);

/* Print "loa: MESSAGE" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
