/* request.c: what every handler of the web console uses (api.c, lexedit.c, views.c and the
 * server itself): the submit form's fields, the log and audit lines, a JSON error, an
 * argument of the JSON body or the query. Kept below the router so that the handlers
 * never call back up into server.c.
 */
#include "web/web_internal.h"

#include <stdarg.h>
#include <stdio.h>

#include "web/json.h"

const char *const web_form_fields[10] = {"text", "title", "slots", "from", "to", "times",
                                         "priority", "zones", "repeats", "csrf"};

void web_log(wserver *w, const char *fmt, ...)
{
  char line[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  if (w->o->log)
    w->o->log(w->o->log_user, line);
}

void web_audit(wserver *w, const wreq *q, const char *action, const char *target, const char *detail)
{
  char err[256];
  if (loa_audit_add(w->audit, q->s.user, action, target, detail, q->ip, err, sizeof err))
    web_log(w, "event=audit-error error=\"%s\"", err);
}

void web_json_error(wres *r, int status, const char *msg)
{
  r->status = status;
  loa_buf_clear(&r->body);
  loa_buf_putc(&r->body, '{');
  loa_json_kv_str(&r->body, 1, "error", msg);
  loa_buf_putc(&r->body, '}');
}

int web_arg(const wreq *q, const char *key, char *out, size_t len)
{
  out[0] = 0;
  if (!q->body.n)
    return -1;
  int rc = loa_json_get(q->body.p, q->body.n, key, out, len);
  return rc == -2 ? -1 : rc;
}

const char *web_query(struct MHD_Connection *conn, const char *key)
{
  return MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, key);
}
