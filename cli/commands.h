/* commands.h: the subcommands of the `loa` CLI and the exit statuses they share.
 *
 * Each subcommand lives in its own file in cli/ and only parses its
 * arguments, calls the library (tts/, pipeline/, schedules/) and prints.
 * Errors are printed as one line: "loa: FILE[:LINE]: problem".
 */
#ifndef LOA_CLI_COMMANDS_H
#define LOA_CLI_COMMANDS_H

/* Exit statuses, documented in `loa --help`. */
enum {
  LOA_EXIT_OK = 0,        /* done */
  LOA_EXIT_FINDINGS = 1,  /* `loa check` found tokens it had to guess */
  LOA_EXIT_USAGE = 2,     /* bad option, value out of range, unknown voice; a wrong
                             loa.ini; loa's data folder missing (loa_data_check) */
  LOA_EXIT_INPUT = 3,     /* input missing, empty, unreadable, binary, undecodable */
  LOA_EXIT_OUTPUT = 4,    /* output cannot be written (permissions, full disk) */
  LOA_EXIT_INTERNAL = 5,  /* synthesis/encoder/library failure */
  LOA_EXIT_BUSY = 6       /* another daemon holds the lock */
};

typedef int (*loa_command_fn)(int argc, char **argv);

int cmd_build(int argc, char **argv);
int cmd_preview(int argc, char **argv);
int cmd_normalize(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_programme(int argc, char **argv);
int cmd_schedule(int argc, char **argv);
int cmd_watch(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_withdraw(int argc, char **argv);
int cmd_web(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_voices(int argc, char **argv);

#endif
