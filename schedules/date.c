/* date.c: the arithmetic of dates (proleptic Gregorian, as YYYYMMDD ints) and of
 * station time (UTC plus a fixed offset): days between dates, weekdays,
 * parsing and formatting (date.h).
 */
#include "schedules/date.h"

#include <stdio.h>
#include <string.h>

#define DAY 86400L

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (long)doe - 719468;
}

int loa_date_from_days(long z)
{
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = (long)yoe + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  return (int)(y * 10000 + m * 100 + d);
}

static int days_in_month(int y, int m)
{
  static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 ? 28 + leap : dim[m - 1];
}

int loa_date_valid(int ymd)
{
  int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
  return y >= 1970 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

long loa_date_to_days(int ymd)
{
  return days_from_civil(ymd / 10000, (unsigned)(ymd / 100 % 100), (unsigned)(ymd % 100));
}

int loa_date_add(int ymd, int days)
{
  return loa_date_from_days(loa_date_to_days(ymd) + days);
}

int loa_date_weekday(int ymd)
{
  long d = loa_date_to_days(ymd);   /* 1970-01-01 was a Thursday (4) */
  return (int)(((d % 7) + 11) % 7);
}

int loa_date_parse(const char *s, int *ymd)
{
  int a, b, c, n = 0;
  if (sscanf(s, "%4d-%2d-%2d%n", &a, &b, &c, &n) == 3 && !s[n])
    *ymd = a * 10000 + b * 100 + c;
  else if (sscanf(s, "%2d/%2d/%4d%n", &c, &b, &a, &n) == 3 && !s[n])
    *ymd = a * 10000 + b * 100 + c;
  else if (strlen(s) == 8 && sscanf(s, "%8d%n", &a, &n) == 1 && !s[n])
    *ymd = a;
  else
    return -1;
  return loa_date_valid(*ymd) ? 0 : -1;
}

void loa_date_format(int ymd, char buf[11])
{
  char b[48];
  snprintf(b, sizeof b, "%04d-%02d-%02d", (ymd / 10000) % 10000, ymd / 100 % 100, ymd % 100);
  memcpy(buf, b, 10);
  buf[10] = 0;
}

int loa_date_at(time_t t, int utc_offset_s, int *sec_of_day)
{
  long long local = (long long)t + utc_offset_s;
  long long days = local >= 0 ? local / DAY : -((-local + DAY - 1) / DAY);
  if (sec_of_day)
    *sec_of_day = (int)(local - days * DAY);
  return loa_date_from_days((long)days);
}
