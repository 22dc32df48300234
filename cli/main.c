/* main.c: entry point of the `loa` CLI; dispatches to the subcommands.
 *
 * Each subcommand is implemented in its own file (cli_*.c) and is one row of
 * the table below: its name, its function and the line `loa --help` shows.
 * A new command is a new file and a new row.
 */
#include "cli/commands.h"
#include "lexicon/lexicon.h"

#include <stdio.h>
#include <string.h>

static const struct {
  const char *name;
  loa_command_fn fn;
  const char *summary;
} commands[] = {
  {"build", cmd_build, "turn a bulletin (txt, docx, odt, md, pdf) into a broadcast-ready MP3"},
  {"preview", cmd_preview, "show the spoken text of a bulletin and play it, or write a WAV"},
  {"normalize", cmd_normalize, "print the spoken form of each line (stdin when no FILE)"},
  {"check", cmd_check, "list what loa cannot read, as FILE:LINE:COL: token: reason"},
  {"programme", cmd_programme, "assemble the programme of one slot on one date"},
  {"schedule", cmd_schedule, "run the scheduler: build and publish each slot before air"},
  {"watch", cmd_watch, "run the watch-folder daemon"},
  {"status", cmd_status, "show the watch folder's queue, what went on air, the loudspeakers"},
  {"report", cmd_report, "the month's broadcasting report for the district (csv, ods, html)"},
  {"withdraw", cmd_withdraw, "take a bulletin off every future airing (its source is kept)"},
  {"web", cmd_web, "serve the station's web console (pages and JSON API)"},
  {"user", cmd_user, "add, remove or list the web console's users"},
  {"voices", cmd_voices, "list the voices --voice accepts, in Vietnamese and English"},
};

enum { NCOMMANDS = sizeof commands / sizeof commands[0] };

static void usage(FILE *out)
{
  fprintf(out, "usage: loa COMMAND [OPTIONS] [ARGS]\n\n"
               "loa turns written Vietnamese bulletins into broadcast-ready MP3 programmes\n"
               "for commune loudspeaker radio.\n\ncommands:\n");
  for (int i = 0; i < NCOMMANDS; i++)
    fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf(out, "\nRun `loa COMMAND --help` for the options of a command.\n\n"
               "exit status:\n"
               "  0  done\n"
               "  1  `loa check` found tokens it had to guess or spell\n"
               "  2  usage or set-up error: unknown option, value out of range, unknown\n"
               "     voice, a wrong loa.ini, loa's data folder missing\n"
               "  3  input error: missing, empty, unreadable, binary or undecodable file\n"
               "  4  output error: output cannot be written (permissions, full disk)\n"
               "  5  internal error in synthesis, DSP or encoding\n"
               "  6  another loa daemon already holds the folder's lock\n");
}

/* 1 if the command line asks for a command's help (which needs no data). */
static int asks_help(int argc, char **argv)
{
  for (int i = 2; i < argc && strcmp(argv[i], "--"); i++)
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
      return 1;
  return 0;
}

int main(int argc, char **argv)
{
  if (argc < 2) {
    usage(stderr);
    return LOA_EXIT_USAGE;
  }
  if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
    usage(stdout);
    return LOA_EXIT_OK;
  }
  if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
    printf("loa %s\n", LOA_VERSION);
    return LOA_EXIT_OK;
  }
  for (int i = 0; i < NCOMMANDS; i++)
    if (!strcmp(argv[1], commands[i].name)) {
      char err[1024];
      if (!asks_help(argc, argv) && loa_data_check(err, sizeof err) != 0) {
        fprintf(stderr, "loa: %s\n", err);
        return LOA_EXIT_USAGE;
      }
      return commands[i].fn(argc - 1, argv + 1);
    }
  fprintf(stderr, "loa: unknown command '%s' (try `loa --help`)\n", argv[1]);
  return LOA_EXIT_USAGE;
}
