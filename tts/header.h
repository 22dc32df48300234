/* header.h: the broadcast rules a bulletin carries in a short Vietnamese header at its top.
 *
 * Example (keys are case- and accent-insensitive; unknown keys are an error
 * naming the line; the header ends at a line "---" or at the first line that
 * is not "Key: value"; a file without a header has none):
 *
 *   Tiêu đề: Thông báo lịch tiêm phòng cúm gia cầm
 *   Buổi: sáng, chiều          (sang | chieu | both; any slot name of slots.ini)
 *   Từ ngày: 25/11/2026
 *   Đến ngày: 30/11/2026
 *   Số lần mỗi ngày: 2         (times per day: how many slots a day it airs in)
 *   Mức độ: ưu tiên            (thường | ưu tiên | khẩn cấp)
 *   Phát lại: 3                (repeats of an urgent notice)
 *   Khu vực: thôn 1, thôn 3    (the zones of zones.ini it airs in; default: all)
 *   ---
 *
 * loa build skips the header (it is not read aloud); the scheduler uses it.
 */
#ifndef LOA_HEADER_H
#define LOA_HEADER_H

#include <stddef.h>

typedef enum { LOA_PRIO_NORMAL = 0, LOA_PRIO_HIGH = 1, LOA_PRIO_URGENT = 2 } loa_priority;

typedef struct {
  int present;               /* 1 when the text had a header */
  char title[256];
  char slots[8][32];         /* slot names; none = take from the drop folder or all */
  int nslots;
  int first_day;             /* YYYYMMDD, 0 = not given */
  int last_day;              /* YYYYMMDD, 0 = not given */
  int times_per_day;         /* 0 = not given (1) */
  int repeats;               /* urgent repeats, 0 = not given (1) */
  loa_priority priority;
  char zones[16][32];        /* zones, folded ("thon1"), "*" = all; none = all */
  int nzones;
  size_t body_offset;        /* byte offset of the body in the text */
  int body_line;             /* 1-based line where the body starts */
} loa_header;

/* Parse the header of TEXT (decoded UTF-8). Returns 0, or -1 with err naming
 * the line ("dòng 3: ngày '31/2/2026' không hợp lệ / invalid date"). */
int loa_header_parse(const char *text, size_t len, loa_header *h, char *err, size_t errlen);

/* Fold S as header keys and zone names are compared: no accents, no case, letters
 * and digits only ("Thôn 1" -> "thon1"). */
void loa_header_fold(const char *s, char *out, size_t outlen);

#endif
