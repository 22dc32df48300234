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
 */
#ifndef LOA_ANNOUNCE_H
#define LOA_ANNOUNCE_H

#include <stddef.h>

typedef struct {
  const char *station;      /* "Đài truyền thanh xã Yên Hòa" */
  const char *commune;      /* "xã Yên Hòa" */
  const char *slot_label;   /* "buổi sáng" */
  int slot_start_s;         /* seconds after midnight */
  int ymd;                  /* YYYYMMDD */
} loa_announce_ctx;

/* Written name of weekday W (0 = Sunday): "Chủ nhật", "thứ Hai" .. "thứ Bảy". */
const char *loa_weekday_name(int w);

/* Render TEMPLATE into OUT. Returns the length, or -1 with err naming an
 * unknown placeholder or an unclosed brace, or -2 when OUT is too small. */
int loa_announce_render(const char *tmpl, const loa_announce_ctx *ctx, char *out, size_t outlen,
                        char *err, size_t errlen);

/* Check TEMPLATE's placeholders without rendering. Returns 0 or -1 with err. */
int loa_announce_check(const char *tmpl, char *err, size_t errlen);

#endif
