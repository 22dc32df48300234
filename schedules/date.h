/* date.h: dates and station time as integers, with no time zone database and no clock.
 *
 * A date is an int YYYYMMDD (as in tts/header.h), proleptic Gregorian; an instant is
 * a time_t (UTC); station time is UTC plus a fixed offset in seconds (Vietnam:
 * +25200, no daylight saving since 1975), so every conversion is integer
 * arithmetic. Used by the slots (slots.h) and the announcements (announce.h).
 */
#ifndef LOA_DATE_H
#define LOA_DATE_H

#include <time.h>

int loa_date_valid(int ymd);             /* a real date from 1970 to 9999 */
long loa_date_to_days(int ymd);          /* days since 1970-01-01 */
int loa_date_from_days(long days);
int loa_date_add(int ymd, int days);
int loa_date_weekday(int ymd);           /* 0 = Sunday .. 6 = Saturday */

/* "2026-11-25", "25/11/2026" or "20261125"; returns 0 or -1. */
int loa_date_parse(const char *s, int *ymd);

/* "2026-11-25" */
void loa_date_format(int ymd, char buf[11]);

/* Local date and seconds after local midnight of instant T, UTC_OFFSET_S east of UTC. */
int loa_date_at(time_t t, int utc_offset_s, int *sec_of_day);

#endif
