/* cli_programme.c: `loa programme --slot NAME --date YYYY-MM-DD`: assemble the programme of one slot on one date. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lexicon/lexicon.h"
#include "cli/cli_common.h"
#include "cli/commands.h"
#include "pipeline/programme.h"
#include "schedules/plan.h"
#include "schedules/slotprog.h"
#include "schedules/slots.h"

static void usage(FILE *out)
{
  fprintf(out,
          "usage: loa programme --slot NAME [--date YYYY-MM-DD] [--config FILE] [-o OUT.mp3]\n"
          "                     [--library DIR] [--plan] [options] [BULLETIN...]\n\n"
          "Assemble the programme of one slot (slots.ini: sang 05:30, chieu 17:30 by default)\n"
          "on one date: the jingle, the opening announcement (\"Đây là Đài truyền thanh xã ...,\n"
          "hôm nay thứ ..., ngày ... tháng ... năm ...\") read by the bulletins' voice, the\n"
          "bulletins due that day by their headers (khẩn cấp, ưu tiên, thường; then replays),\n"
          "the closing. One MP3 on the loudness target with an ID3 chapter per item, beside\n"
          "OUT.m3u8 (the items, as MP3s in the folder OUT without .mp3) and OUT.json (items,\n"
          "durations, source files, cache hits, and what was left out and why). Items already\n"
          "built with the same text and settings come from the cache folder.\n\n"
          "  --slot NAME          the slot (section of slots.ini; sang, chieu, ...)\n"
          "  --date D             the day, YYYY-MM-DD or DD/MM/YYYY (default: today, station time)\n"
          "  -o, --output FILE    the MP3 (default: programmes/YYYY-MM-DD-SLOT.mp3 in the config's out folder)\n"
          "  --library DIR        the processed bulletins (default: the config's done/ folder)\n"
          "  --slots FILE         slots.ini (default: [slots] file of the config, else the shipped one)\n"
          "  --plan               print what would air, in order, and build nothing\n"
          "  BULLETIN...          more bulletin files, as if they were in the library\n"
          "  --title T            the programme's title (ID3); the items keep their own\n\n");
  cli_print_build_options(out);
  fprintf(out,
          "\nexit status: 0 done, 2 bad option, 3 config/slots/bulletin unreadable,\n"
          "4 output cannot be written, 5 internal error.\n");
}

static const char *prio_name(int p)
{
  return p == LOA_PRIO_URGENT ? "khẩn cấp" : p == LOA_PRIO_HIGH ? "ưu tiên" : "thường";
}

static void print_plan(const loa_slot_plan *p, const loa_slots *s)
{
  printf("%s (%s %s, key %.12s)\n", p->title, s->slot[p->slot].name, p->date, p->key);
  for (size_t i = 0; i < p->n; i++) {
    const loa_programme_item *it = &p->items[i];
    printf("  %2zu. %-8s ", i + 1, loa_item_kind_name(it->kind));
    if (it->kind == LOA_ITEM_BULLETIN) {
      printf("[%s] %s", prio_name(it->priority), *it->title ? it->title : "(first heading)");
      if (it->replay)
        printf(" (phát lại lần %d)", it->replay);
      printf("  %s\n", it->source);
    } else if (it->text)
      printf("%s\n", it->text);
    else
      printf("%s  %s\n", it->title, it->source);
  }
  if (!p->bulletins)
    printf("  (no bulletin due)\n");
}

static void warn_line(void *user, const char *line)
{
  (void)user;
  cli_error("%s (left out)", line);
}

/* The slots file: --slots, else the config's, else the shipped schedules/slots.ini. */
static void slots_path(const loa_config *cfg, const char *given, char *out, size_t len)
{
  if (given)
    snprintf(out, len, "%s", given);
  else
    loa_slots_path(cfg, out, len);
}

static int today(const loa_slots *s)
{
  return loa_local_date(s, time(NULL), NULL);
}

enum { O_SLOT = 1, O_DATE, O_LIBRARY, O_SLOTS, O_PLAN };

struct programme_args {
  const char *slot, *date, *library, *slots, *out;
  int plan;
};

static int own_option(int c, const char *arg, void *user)
{
  struct programme_args *a = user;
  switch (c) {
  case O_SLOT: a->slot = arg; break;
  case O_DATE: a->date = arg; break;
  case O_LIBRARY: a->library = arg; break;
  case O_SLOTS: a->slots = arg; break;
  case O_PLAN: a->plan = 1; break;
  default: a->out = arg; break;   /* -o */
  }
  return 0;
}

int cmd_programme(int argc, char **argv)
{
  static const struct option own[] = {
    {"slot", required_argument, NULL, O_SLOT},
    {"date", required_argument, NULL, O_DATE},
    {"library", required_argument, NULL, O_LIBRARY},
    {"slots", required_argument, NULL, O_SLOTS},
    {"plan", no_argument, NULL, O_PLAN},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {0, 0, 0, 0},
  };
  static loa_config cfg;
  int rc = cli_load_config(argc, argv, &cfg);
  if (rc)
    return rc;
  loa_build_opts o = cfg.build;
  o.progress = 1;   /* --quiet turns it off */
  struct programme_args a = {0};
  rc = cli_parse_options("programme", argc, argv, own, "o:h", own_option, &a, &o, usage);
  if (rc != CLI_GO_ON)
    return rc;
  const char *slot_name = a.slot, *date_arg = a.date, *out = a.out, *library = a.library,
             *slots_arg = a.slots;
  int plan_only = a.plan;
  int quiet = !o.progress;
  o.progress = 0;   /* one summary line instead of a progress line per item */
  const char *title = o.title;   /* --title names the programme, not every item */
  o.title = NULL;
  cfg.build = o;
  if (!slot_name) {
    cli_error("programme: give the slot with --slot NAME (see `loa programme --help`)");
    return LOA_EXIT_USAGE;
  }

  static loa_slots slots;
  char path[4096], err[2048];
  slots_path(&cfg, slots_arg, path, sizeof path);
  if (loa_slots_load(&slots, path, cfg.timezone, err, sizeof err)) {
    cli_error("%s", err);
    return LOA_EXIT_INPUT;
  }
  int slot = loa_slots_find(&slots, slot_name);
  if (slot < 0) {
    cli_error("programme: no slot '%s' in %s", slot_name, path);
    return LOA_EXIT_USAGE;
  }
  int ymd = today(&slots);
  if (date_arg && loa_date_parse(date_arg, &ymd)) {
    cli_error("programme: --date '%s' is not a date (YYYY-MM-DD)", date_arg);
    return LOA_EXIT_USAGE;
  }

  loa_library lib = {0};
  if (loa_library_scan(&lib, library ? library : cfg.done, &slots, &cfg.build, warn_line, NULL,
                       err, sizeof err)) {
    cli_error("%s", err);
    return LOA_EXIT_INPUT;
  }
  for (int i = optind; i < argc; i++)
    if (loa_library_add_file(&lib, argv[i], "", &cfg.build, err, sizeof err)) {
      cli_error("%s", err);
      loa_library_free(&lib);
      return LOA_EXIT_INPUT;
    }

  loa_slot_plan p;
  rc = LOA_EXIT_OK;
  int planned = loa_slot_plan_make(&cfg, &slots, slot, ymd, &lib, &p, err, sizeof err) == 0;
  if (planned && title)
    snprintf(p.title, sizeof p.title, "%s", title);
  if (!planned) {
    cli_error("%s", err);
    rc = LOA_EXIT_INPUT;
  } else if (plan_only) {
    print_plan(&p, &slots);
  } else {
    char def[4096];
    if (!out) {
      loa_slot_programme_path(&cfg, &slots, slot, ymd, NULL, def, sizeof def);
      out = def;
    }
    loa_programme_result r;
    int prc = loa_slot_programme_write(&cfg, &slots, &p, out, &r, err, sizeof err);
    if (prc) {
      cli_error("%s", err);
      rc = prc == LOA_PROG_EOUTPUT ? LOA_EXIT_OUTPUT : LOA_EXIT_INTERNAL;
    } else if (!quiet) {
      int sec = (int)(r.seconds + 0.5);
      fprintf(stderr, "loa: %s: %d:%02d, %d items (%d from the cache), %d left out\n", out,
              sec / 60, sec % 60, r.items, r.cache_hits, r.left_out);
      for (size_t i = 0; i < p.n; i++)
        if (p.items[i].left_out)
          fprintf(stderr, "loa:   left out \"%s\": %s\n", p.items[i].title, p.items[i].reason);
      if (!p.bulletins)
        fprintf(stderr, "loa:   no bulletin is due in %s on %s\n", slots.slot[slot].name, p.date);
    }
  }
  loa_slot_plan_free(&p);
  loa_library_free(&lib);
  return rc;
}
