/* cli_common.c: build options shared by the subcommands, config loading, exit statuses. */
#include "cli/cli_common.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"

enum {
  O_VOICE = CLI_OPT_BASE, O_RATE, O_LUFS, O_PEAK, O_RATEHZ, O_BITRATE, O_VBR, O_QUALITY,
  O_RESAMPLE, O_PRESET, O_TITLE, O_STATION, O_DATE, O_DIALECT, O_ENCODING, O_LEXICON,
  O_JOBS, O_PAUSES, O_CONFIG, O_QUIET
};

const struct option cli_build_options[] = {
  {"voice", required_argument, NULL, O_VOICE},
  {"rate", required_argument, NULL, O_RATE},
  {"lufs", required_argument, NULL, O_LUFS},
  {"true-peak", required_argument, NULL, O_PEAK},
  {"samplerate", required_argument, NULL, O_RATEHZ},
  {"bitrate", required_argument, NULL, O_BITRATE},
  {"vbr", optional_argument, NULL, O_VBR},
  {"quality", required_argument, NULL, O_QUALITY},
  {"resample-quality", required_argument, NULL, O_RESAMPLE},
  {"preset", required_argument, NULL, O_PRESET},
  {"title", required_argument, NULL, O_TITLE},
  {"station", required_argument, NULL, O_STATION},
  {"date", required_argument, NULL, O_DATE},
  {"dialect", required_argument, NULL, O_DIALECT},
  {"encoding", required_argument, NULL, O_ENCODING},
  {"lexicon", required_argument, NULL, O_LEXICON},
  {"jobs", required_argument, NULL, O_JOBS},
  {"pauses", required_argument, NULL, O_PAUSES},
  {"config", required_argument, NULL, O_CONFIG},
  {"quiet", no_argument, NULL, O_QUIET},
  {0, 0, 0, 0},
};

const char cli_build_options_help[] =
  "voice and reading:\n"
  "  --voice north|central|south   eSpeak NG Vietnamese voice (default north)\n"
  "  --rate WPM                    speaking rate, 80-450 words per minute (default 165)\n"
  "  --dialect north|south         number words: linh/nghìn or lẻ/ngàn (default north)\n"
  "  --pauses C,S,P,H              pauses in ms after comma, sentence, paragraph, heading\n"
  "                                (default 250,550,900,1200)\n"
  "  --lexicon FILE                local words (TSV override: abbr/loan/unit rows)\n"
  "  --encoding NAME               input encoding instead of detecting it: utf-8, utf-16le,\n"
  "                                utf-16be, windows-1258, tcvn3, vni\n"
  "sound:\n"
  "  --lufs L                      integrated loudness target, -40 to -5 (default -16)\n"
  "  --true-peak DB                true-peak ceiling in dBTP, -12 to 0 (default -1.5)\n"
  "  --preset stream|loudspeaker   flat, or band-limited and compressed for horn speakers\n"
  "  --samplerate HZ               output sample rate (default 44100)\n"
  "  --bitrate KBPS                MP3 bit rate, CBR (default 96) or the VBR mean\n"
  "  --vbr[=Q]                     variable bit rate, quality 0 best - 9 (default 4)\n"
  "  --quality Q                   LAME algorithm quality 0 best - 9 fastest\n"
  "  --resample-quality Q          libsamplerate converter, 0 best - 4 fastest (default: 4\n"
  "                                for MP3, whose low-pass removes linear interpolation's\n"
  "                                images; 2 for --wav)\n"
  "  --jobs N                      worker processes (default: one per core)\n"
  "tags:\n"
  "  --title T                     ID3 title (default: the header's or the first heading)\n"
  "  --station S                   ID3 artist (default from --config, else \"Đài truyền thanh xã\")\n"
  "  --date YYYY-MM-DD             ID3 date (default today in Việt Nam)\n"
  "other:\n"
  "  --config FILE                 station configuration (INI) to take the defaults from\n"
  "  --quiet                       print nothing but errors\n";

void cli_error(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  fputs("loa: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

static int parse_double(const char *name, const char *arg, double *out)
{
  char *end;
  double v = strtod(arg, &end);
  if (end == arg || *end) {
    cli_error("--%s: '%s' is not a number", name, arg);
    return LOA_EXIT_USAGE;
  }
  *out = v;
  return 0;
}

static int parse_int(const char *name, const char *arg, int lo, int hi, int *out)
{
  char *end;
  long v = strtol(arg, &end, 10);
  if (end == arg || *end || v < lo || v > hi) {
    cli_error("--%s: '%s' must be a whole number from %d to %d", name, arg, lo, hi);
    return LOA_EXIT_USAGE;
  }
  *out = (int)v;
  return 0;
}

static int parse_pauses(const char *arg, loa_build_opts *o)
{
  int v[LOA_PAUSE_COUNT];
  char tail;
  if (sscanf(arg, "%d,%d,%d,%d%c", &v[0], &v[1], &v[2], &v[3], &tail) != 4) {
    cli_error("--pauses: '%s' must be four numbers of milliseconds, e.g. 250,550,900,1200", arg);
    return LOA_EXIT_USAGE;
  }
  for (int i = 0; i < LOA_PAUSE_COUNT; i++) {
    if (v[i] < 0 || v[i] > 10000) {
      cli_error("--pauses: %d ms is out of range (0-10000)", v[i]);
      return LOA_EXIT_USAGE;
    }
    o->pauses.ms[i] = v[i];
  }
  return 0;
}

static int valid_date(const char *s)
{
  int y, m, d;
  char tail;
  return sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && strlen(s) == 10 && m >= 1 && m <= 12 &&
         d >= 1 && d <= 31;
}

int cli_apply_build_option(int opt, const char *arg, loa_build_opts *o)
{
  switch (opt) {
  case O_VOICE: o->voice = arg; return 0;   /* checked by the build, with the list */
  case O_RATE: return parse_int("rate", arg, 80, 450, &o->rate_wpm);
  case O_LUFS: return parse_double("lufs", arg, &o->lufs);
  case O_PEAK: return parse_double("true-peak", arg, &o->true_peak);
  case O_RATEHZ: return parse_int("samplerate", arg, 8000, 48000, &o->mp3.samplerate);
  case O_BITRATE: return parse_int("bitrate", arg, 8, 320, &o->mp3.bitrate_kbps);
  case O_VBR:
    o->mp3.vbr = 1;
    return arg ? parse_int("vbr", arg, 0, 9, &o->mp3.vbr_quality) : 0;
  case O_QUALITY: return parse_int("quality", arg, 0, 9, &o->mp3.quality);
  case O_RESAMPLE: return parse_int("resample-quality", arg, 0, 4, &o->resample_quality);
  case O_PRESET: o->preset = arg; return 0;
  case O_TITLE: o->title = arg; return 0;
  case O_STATION: o->station = arg; return 0;
  case O_DATE:
    if (valid_date(arg)) {
      o->date = arg;
      return 0;
    }
    cli_error("--date: '%s' is not a date YYYY-MM-DD", arg);
    return LOA_EXIT_USAGE;
  case O_DIALECT: {
    int d = loa_dialect_parse(arg);
    if (d < 0) {
      cli_error("--dialect: unknown dialect '%s' (north or south)", arg);
      return LOA_EXIT_USAGE;
    }
    o->dialect = (loa_dialect)d;
    return 0;
  }
  case O_ENCODING: o->encoding = arg; return 0;
  case O_LEXICON: o->lexicon_override = arg; return 0;
  case O_JOBS: return parse_int("jobs", arg, 0, 64, &o->jobs);
  case O_PAUSES: return parse_pauses(arg, o);
  case O_CONFIG: return 0;                 /* read first, by cli_load_config */
  case O_QUIET: o->progress = 0; return 0;
  default: return LOA_EXIT_USAGE;
  }
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
  for (size_t j = 0; cli_build_options[j].name && k + 1 < n; j++)
    out[k++] = cli_build_options[j];
  memset(&out[k], 0, sizeof out[k]);
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
