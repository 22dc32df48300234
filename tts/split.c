/* split.c: cleaned blocks -> utterances, each with the pause that follows it (see split.h).
 *
 * Each block is normalised with pause marks; the words between two marks make
 * one utterance. A "," mark gives a comma pause, a ".", "?" or "!" mark a
 * sentence pause, and the end of the block a paragraph pause (heading pause after
 * a title or heading). Consecutive marks keep the longest pause. Long clauses are
 * then split into breath groups (tts/phrase.h).
 */
#include "tts/split.h"
#include "tts/phrase.h"
#include "lexicon/buf.h"

#include <stdlib.h>
#include <string.h>

void loa_pauses_default(loa_pauses *p)
{
  p->ms[LOA_PAUSE_COMMA] = 250;
  p->ms[LOA_PAUSE_SENTENCE] = 550;
  p->ms[LOA_PAUSE_PARAGRAPH] = 900;
  p->ms[LOA_PAUSE_HEADING] = 1200;
}

void loa_script_free(loa_script *s)
{
  for (size_t i = 0; i < s->n; i++)
    free(s->items[i].text);
  free(s->items);
  memset(s, 0, sizeof *s);
}

static int push_utterance(loa_script *s, const char *words, size_t len, loa_pause pause, int line,
                          char mark)
{
  loa_utterance *items = loa_grow(s->items, &s->cap, s->n + 1, sizeof *items);
  if (!items)
    return -1;
  s->items = items;
  char *text = malloc(len + 1);
  if (!text)
    return -1;
  memcpy(text, words, len);
  text[len] = 0;
  s->items[s->n++] = (loa_utterance){.text = text, .pause = pause, .line = line, .mark = mark};
  return 0;
}

/* Raise the pause after the last utterance to at least P (for marks with no words after
 * them); a '?' or '!' is kept as its mark. */
static void lengthen_last(loa_script *s, size_t first_of_block, loa_pause p, char mark)
{
  if (s->n <= first_of_block)
    return;
  loa_utterance *u = &s->items[s->n - 1];
  if (u->pause < p)
    u->pause = p, u->mark = mark;
  else if (u->pause == p && (mark == '?' || mark == '!'))
    u->mark = mark;
}

static loa_pause block_end_pause(loa_block_kind k)
{
  return (k == LOA_BLOCK_TITLE || k == LOA_BLOCK_HEADING) ? LOA_PAUSE_HEADING : LOA_PAUSE_PARAGRAPH;
}

/* Split one normalised line (words and " , " / " . " / " ? " / " ! " marks) into utterances. */
static int split_spoken(loa_script *s, const char *spoken, loa_block_kind kind, int line)
{
  size_t first = s->n;
  const char *p = spoken;
  const char *start = NULL, *last_end = NULL;
  for (;;) {
    while (*p == ' ')
      p++;
    const char *w = p;
    while (*p && *p != ' ')
      p++;
    size_t wl = (size_t)(p - w);
    int is_mark = wl == 1 && (*w == ',' || *w == '.' || *w == '?' || *w == '!');
    if (wl == 0 || is_mark) {
      loa_pause pause = (wl && *w == ',') ? LOA_PAUSE_COMMA : LOA_PAUSE_SENTENCE;
      char mark = wl ? *w : '.';
      if (start) {
        if (push_utterance(s, start, (size_t)(last_end - start), pause, line, mark))
          return -1;
        start = NULL;
      } else if (wl) {
        lengthen_last(s, first, pause, mark);
      }
      if (wl == 0)
        break;
      continue;
    }
    if (!start)
      start = w;
    last_end = p;
  }
  /* the block ends with a paragraph or heading pause, whatever mark came last */
  if (s->n > first) {
    s->items[s->n - 1].pause = block_end_pause(kind);
    if (s->items[s->n - 1].mark == ',')
      s->items[s->n - 1].mark = '.';
  }
  return 0;
}

int loa_script_from_doc(const loa_doc *doc, loa_normalizer *norm, loa_script *out,
                        loa_findings *findings, char *err, size_t errlen)
{
  memset(out, 0, sizeof *out);
  loa_phrasing *ph = NULL;
  if (loa_phrasing_load(&ph, NULL, err, errlen))
    return -1;
  int rc = 0;
  for (size_t i = 0; i < doc->nblocks && !rc; i++) {
    const loa_block *b = &doc->blocks[i];
    char *spoken = NULL;
    rc = loa_normalize_line(norm, b->text, strlen(b->text), b->line,
                            LOA_NORM_PAUSES | LOA_NORM_MARKS, &spoken, findings);
    if (rc == 0)
      rc = split_spoken(out, spoken, b->kind, b->line);
    free(spoken);
  }
  if (!rc)
    rc = loa_phrasing_apply(ph, out);
  loa_phrasing_free(ph);
  if (rc) {
    loa_errf(err, errlen, "out of memory");
    loa_script_free(out);
  }
  return rc ? -1 : 0;
}
