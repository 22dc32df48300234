/* main.c: entry point of the `loa` CLI; dispatches to the subcommands.
 *
 * Subcommands are implemented in their own files (cli_*.c). A command whose
 * file is not linked (weak symbol) reports itself as unavailable.
 */
#include "pipeline/cli/commands.h"

#include <stdio.h>
#include <string.h>

#pragma weak cmd_build
#pragma weak cmd_preview
#pragma weak cmd_normalize
#pragma weak cmd_check
#pragma weak cmd_programme
#pragma weak cmd_schedule
#pragma weak cmd_watch
#pragma weak cmd_status
#pragma weak cmd_voices

struct command {
  const char *name;
  loa_command_fn fn;
  const char *summary;
};

static const struct command *commands(void)
{
  static struct command list[] = {
    {"build", NULL, "turn a bulletin (txt, docx, odt, md, pdf) into a broadcast-ready MP3"},
    {"preview", NULL, "show the spoken text of a bulletin and play it, or write a WAV"},
    {"normalize", NULL, "print the spoken form of each line (stdin when no FILE)"},
    {"check", NULL, "list what loa cannot read, as FILE:LINE:COL: token: reason"},
    {"programme", NULL, "assemble the programme of one slot on one date"},
    {"schedule", NULL, "run the scheduler: build and publish each slot before air"},
    {"watch", NULL, "run the watch-folder daemon"},
    {"status", NULL, "show the watch folder's queue, recent results and next slots"},
    {"voices", NULL, "list the voices --voice accepts, in Vietnamese and English"},
    {NULL, NULL, NULL},
  };
  list[0].fn = cmd_build;
  list[1].fn = cmd_preview;
  list[2].fn = cmd_normalize;
  list[3].fn = cmd_check;
  list[4].fn = cmd_programme;
  list[5].fn = cmd_schedule;
  list[6].fn = cmd_watch;
  list[7].fn = cmd_status;
  list[8].fn = cmd_voices;
  return list;
}

static void usage(FILE *out)
{
  fprintf(out, "usage: loa COMMAND [OPTIONS] [ARGS]\n\n"
               "loa turns written Vietnamese bulletins into broadcast-ready MP3 programmes\n"
               "for commune loudspeaker radio.\n\ncommands:\n");
  for (const struct command *c = commands(); c->name; c++)
    fprintf(out, "  %-10s %s\n", c->name, c->summary);
  fprintf(out, "\nRun `loa COMMAND --help` for the options of a command.\n\n"
               "exit status:\n"
               "  0  done\n"
               "  1  `loa check` found tokens it had to guess or spell\n"
               "  2  usage error: unknown option, value out of range, unknown voice\n"
               "  3  input error: missing, empty, unreadable, binary or undecodable file\n"
               "  4  output error: output cannot be written (permissions, full disk)\n"
               "  5  internal error in synthesis, DSP or encoding\n"
               "  6  another loa daemon already holds the folder's lock\n");
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
  for (const struct command *c = commands(); c->name; c++) {
    if (strcmp(argv[1], c->name))
      continue;
    if (!c->fn) {
      fprintf(stderr, "loa: %s: this command is not available in this build\n", c->name);
      return LOA_EXIT_INTERNAL;
    }
    return c->fn(argc - 1, argv + 1);
  }
  fprintf(stderr, "loa: unknown command '%s' (try `loa --help`)\n", argv[1]);
  return LOA_EXIT_USAGE;
}
