/* report.h: the monthly broadcasting report for the district, from the air log.
 *
 * Four tables, with Vietnamese column names:
 *   1. per day and slot (and zone): programmes aired, when, minutes, items,
 *      interrupted, complete;
 *   2. per bulletin: title, priority, zones, airings, minutes;
 *   3. urgent notices: title, zones, dropped at, on air at, delay (s);
 *   4. slots not aired, and why.
 * Written as CSV (UTF-8 with BOM, the tables one after another), a
 * spreadsheet (ODS) with one sheet per table, or HTML laid out for A4.
 */
#ifndef LOA_REPORT_H
#define LOA_REPORT_H

#include <stddef.h>

#include "schedules/airlog.h"
#include "schedules/zones.h"

typedef enum { LOA_REPORT_CSV, LOA_REPORT_ODS, LOA_REPORT_HTML } loa_report_format;

typedef struct {
  const char *station;       /* "Đài truyền thanh xã Yên Hòa" */
  int year, month;
  int utc_offset_s;          /* station time */
  loa_report_format format;
  const loa_zones *zones;    /* for the zones' labels (NULL: their names) */
} loa_report_opts;

/* Write the report of O's month from air log A to PATH ("-" = standard output,
 * not for ODS). Returns 0 or -1 with err. */
int loa_report_write(loa_airlog *a, const loa_report_opts *o, const char *path, char *err,
                     size_t errlen);

#endif
