/* cli_voices.c: `loa voices`: the voices --voice accepts, one line each (lexicon/voices.tsv). */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "tts/voices.h"

static void usage(FILE *out)
{
  fprintf(out, "usage: loa voices\n\n"
               "List the voices `--voice` accepts (lexicon/voices.tsv): name, the other names it\n"
               "answers to, and what it is, in Vietnamese and in English.\n");
}

int cmd_voices(int argc, char **argv)
{
  if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
    usage(stdout);
    return LOA_EXIT_OK;
  }
  if (argc > 1) {
    fprintf(stderr, "loa: voices: unexpected argument '%s' (try `loa voices --help`)\n", argv[1]);
    return LOA_EXIT_USAGE;
  }
  loa_voices vs;
  char err[512];
  if (loa_voices_load(&vs, NULL, err, sizeof err) != LOA_VOICES_OK) {
    fprintf(stderr, "loa: %s\n", err);
    return LOA_EXIT_INTERNAL;
  }
  for (size_t i = 0; i < vs.n; i++) {
    const loa_voice *v = &vs.v[i];
    char also[160] = "";
    size_t o = 0;
    for (int a = 0; a < v->naliases && o < sizeof also; a++)
      o += (size_t)snprintf(also + o, sizeof also - o, "%s%s", a ? ", " : "", v->alias[a]);
    printf("%-15s %-14s %s / %s\n", v->name, also, v->vi, v->en);
  }
  loa_voices_free(&vs);
  return LOA_EXIT_OK;
}
