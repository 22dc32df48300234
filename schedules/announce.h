/* announce.h: the opening and closing announcements of a programme, from templates.
 *
 * A template is written Vietnamese with placeholders in braces, rendered as
 * written text and then read by the same normaliser and voice as the bulletins
 * (so "thứ Tư", "ngày 25 tháng 11 năm 2026" are read by tts/normalize):
 *
 *   {station}  Đài truyền thanh xã Yên Hòa      {commune}  xã Yên Hòa
 *   {weekday}  thứ Tư / Chủ nhật                {Weekday}  Thứ Tư / Chủ nhật
 *   {day} 25   {month} 11   {year} 2026          {date}     ngày 25 tháng 11 năm 2026
 *   {slot}     buổi sáng (the slot's label)      {Slot}     Buổi sáng
 *   {time}     5 giờ 30 (the slot's time)
 *
 * "Đây là {station}. Hôm nay, {weekday}, ngày {day} tháng {month} năm {year}."
 * -> "Đây là Đài truyền thanh xã Yên Hòa. Hôm nay, thứ Tư, ngày 25 tháng 11 năm 2026."
 *
 * The words are the lexicon's (lexicon/wordlists.tsv): the names of the days are
 * the list weekday (Sunday first), and ngày, tháng, năm, giờ the first words of
 * the lists day, month, year and hour, as the normaliser says them.
 */
#ifndef LOA_ANNOUNCE_H
#define LOA_ANNOUNCE_H

#include <stddef.h>

#include "lexicon/lexicon.h"

typedef struct {
  const char *station;      /* "Đài truyền thanh xã Yên Hòa" */
  const char *commune;      /* "xã Yên Hòa" */
  const char *slot_label;   /* "buổi sáng" */
  int slot_start_s;         /* seconds after midnight */
  int ymd;                  /* YYYYMMDD */
  const loa_lexicon *lex;   /* its word lists (loa_lexicon_load_lists is enough) */
} loa_announce_ctx;

/* How the name of a day is written. */
enum {
  LOA_WEEKDAY_IN_TEXT = 0,  /* inside a sentence: "thứ Hai", "Chủ nhật" */
  LOA_WEEKDAY_START = 1,    /* starting a sentence: "Thứ Hai", "Chủ nhật" */
  LOA_WEEKDAY_LABEL = 2     /* a label, its first letter only: "Thứ hai", "Chủ nhật" */
};

/* The written name of weekday W (0 = Sunday, as loa_date_weekday) in STYLE, from
 * LEX's list weekday, into OUT (LEN bytes). Returns OUT, or NULL when LEX has no
 * such day or OUT is too small. A day's own word is capitalised: the one after
 * the ordinal word (list ordinal: thứ Hai), else the first (Chủ nhật). */
const char *loa_weekday_write(const loa_lexicon *lex, int w, int style, char *out, size_t len);

/* Render TEMPLATE into OUT. Returns the length, or -1 with err naming an
 * unknown placeholder, an unclosed brace or a word list the lexicon lacks, or -2
 * when OUT is too small. */
int loa_announce_render(const char *tmpl, const loa_announce_ctx *ctx, char *out, size_t outlen,
                        char *err, size_t errlen);

/* Check TEMPLATE's placeholders without rendering. Returns 0 or -1 with err. */
int loa_announce_check(const char *tmpl, char *err, size_t errlen);

#endif
