/* cli_preview.c: `loa preview INPUT`: show how a bulletin will be read, and hear it.
 *
 * Prints the spoken text utterance by utterance with the pause after each, the
 * words loa had to guess, and with --show-dropped every source line that is
 * not read and why. --wav writes the processed audio (exactly what the MP3
 * encoder gets); --play plays it with the first player found (paplay, aplay,
 * play, ffplay).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pipeline/build.h"
#include "cli/cli_common.h"
#include "cli/commands.h"
#include "lexicon/escape.h"

static void usage(FILE *out)
{
  fprintf(out,
          "usage: loa preview INPUT [--wav OUT.wav] [--play] [--show-dropped] [options]\n\n"
          "Show the spoken text of a bulletin as loa will read it (one utterance per line,\n"
          "with the source line and the pause after it), the words it had to guess or spell,\n"
          "and optionally the lines it does not read. No MP3 is written.\n\n"
          "  --wav FILE        write the processed audio as a WAV\n"
          "  --play            play it (paplay, aplay, play or ffplay, the first found)\n"
          "  --show-dropped    list every source line that is not read, with the reason\n");
  cli_print_build_options(out);
  fprintf(out,
          "\nexit status as for `loa build`.\n");
}

/* The pause after U: a breath inside a clause (tts/phrase.h) takes a comma's pause and is
 * named as what it is. */
static const char *pause_name(const loa_utterance *u)
{
  static const char *const names[] = {"phẩy / comma", "câu / sentence", "đoạn / paragraph",
                                      "đề mục / heading"};
  return u->pause == LOA_PAUSE_COMMA && !u->mark ? "lấy hơi / breath" : names[u->pause];
}

static void print_script(const loa_preview *p, const loa_build_opts *o)
{
  loa_print_line(stdout, "# %s", p->title);
  for (size_t i = 0; i < p->script.n; i++) {
    const loa_utterance *u = &p->script.items[i];
    printf("%5d  %s  [%d ms %s]\n", u->line, u->text, o->pauses.ms[u->pause], pause_name(u));
  }
}

static void print_dropped(const loa_preview *p)
{
  printf("# %zu line(s) not read\n", p->doc.ndropped);
  for (size_t i = 0; i < p->doc.ndropped; i++)
    loa_print_line(stdout, "%5d  %s  [%s]", p->doc.dropped[i].line, p->doc.dropped[i].text,
                   p->doc.dropped[i].reason);
}

static void print_findings(const loa_preview *p, const char *in)
{
  for (size_t i = 0; i < p->findings.n; i++)
    cli_print_finding(stderr, in, &p->findings.items[i]);
}

static int in_path(const char *prog)
{
  const char *path = getenv("PATH");
  char buf[4096];
  for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
    const char *e = strchr(p, ':');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    snprintf(buf, sizeof buf, "%.*s/%s", (int)n, p, prog);
    if (access(buf, X_OK) == 0)
      return 1;
    p += n + (e ? 1 : 0);
  }
  return 0;
}

static int play(const char *wav)
{
  static const char *const players[][4] = {
    {"paplay", NULL}, {"aplay", "-q", NULL}, {"play", "-q", NULL}, {"ffplay", "-nodisp", "-autoexit", NULL}};
  for (size_t i = 0; i < sizeof players / sizeof players[0]; i++) {
    if (!in_path(players[i][0]))
      continue;
    char cmd[4400];
    int n = snprintf(cmd, sizeof cmd, "%s", players[i][0]);
    for (int j = 1; players[i][j]; j++)
      n += snprintf(cmd + n, sizeof cmd - (size_t)n, " %s", players[i][j]);
    snprintf(cmd + n, sizeof cmd - (size_t)n, " '%s' </dev/null", wav);
    return system(cmd) == 0 ? 0 : -1;
  }
  cli_error("preview: no audio player found (paplay, aplay, play, ffplay); use --wav FILE");
  return -1;
}

enum { O_WAV = 1, O_PLAY, O_DROPPED };

struct preview_args {
  const char *wav;
  int play, dropped;
};

static int own_option(int c, const char *arg, void *user)
{
  struct preview_args *a = user;
  if (c == O_WAV)
    a->wav = arg;
  else if (c == O_PLAY)
    a->play = 1;
  else
    a->dropped = 1;
  return 0;
}

int cmd_preview(int argc, char **argv)
{
  static const struct option own[] = {
    {"wav", required_argument, NULL, O_WAV},
    {"play", no_argument, NULL, O_PLAY},
    {"show-dropped", no_argument, NULL, O_DROPPED},
    {"help", no_argument, NULL, 'h'},
    {0, 0, 0, 0},
  };
  loa_config cfg;
  int rc = cli_load_config(argc, argv, &cfg);
  if (rc)
    return rc;
  loa_build_opts o = cfg.build;
  struct preview_args a = {0};
  rc = cli_parse_options("preview", argc, argv, own, "h", own_option, &a, &o, usage);
  if (rc != CLI_GO_ON)
    return rc;
  const char *wav = a.wav;
  int want_play = a.play, dropped = a.dropped;
  if (optind + 1 != argc) {
    cli_error("preview: give one INPUT file (see `loa preview --help`)");
    return LOA_EXIT_USAGE;
  }
  const char *in = argv[optind];
  char tmpwav[] = "/tmp/loa-preview-XXXXXX.wav";
  if (want_play && !wav) {
    int fd = mkstemps(tmpwav, 4);
    if (fd < 0) {
      cli_error("preview: cannot make a temporary WAV in /tmp");
      return LOA_EXIT_OUTPUT;
    }
    close(fd);
    wav = tmpwav;
  }
  loa_preview p;
  char err[1024];
  rc = loa_preview_file(in, &o, wav, &p, err, sizeof err);
  if (dropped)
    print_dropped(&p);
  if (p.script.n)
    print_script(&p, &o);
  print_findings(&p, in);
  if (rc)
    cli_error("%s", err);
  else if (wav && want_play)
    rc = play(wav) ? LOA_BUILD_EINTERNAL : 0;
  if (wav == tmpwav)
    unlink(tmpwav);
  loa_preview_free(&p);
  return cli_exit_for_build(rc);
}
