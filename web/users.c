/* users.c: the users file and yescrypt password hashes through libcrypt (see users.h). */
#include "web/users.h"
#include "web/fmt.h"

#include <crypt.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lexicon/buf.h"

static const char *const role_names[] = {"", "editor", "approver", "admin"};

loa_role loa_role_parse(const char *s)
{
  for (int i = 1; i < 4; i++)
    if (!strcmp(s, role_names[i]))
      return (loa_role)i;
  return LOA_ROLE_NONE;
}

const char *loa_role_name(loa_role r)
{
  return r > 0 && r < 4 ? role_names[r] : "";
}

int loa_user_name_ok(const char *name)
{
  size_t n = strlen(name);
  if (n < 1 || n > 32)
    return 0;
  for (size_t i = 0; i < n; i++) {
    char c = name[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
      return 0;
  }
  return name[0] != '.' && name[0] != '-';
}

static int parse_line(loa_users *us, char *line, char *why, size_t whylen)
{
  char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
  if (!c2)
    return loa_errf(why, whylen, "expected NAME:ROLE:HASH");
  *c1 = *c2 = 0;
  loa_user *u = &us->u[us->n];
  if (!loa_user_name_ok(line))
    return loa_errf(why, whylen, "'%s' is not a user name (a-z 0-9 . _ -, at most 32)", line);
  if ((u->role = loa_role_parse(c1 + 1)) == LOA_ROLE_NONE)
    return loa_errf(why, whylen, "unknown role '%s' (editor, approver or admin)", c1 + 1);
  if (strncmp(c2 + 1, "$y$", 3) || strlen(c2 + 1) >= sizeof u->hash)
    return loa_errf(why, whylen, "the hash is not a yescrypt hash ($y$...)");
  for (int i = 0; i < us->n; i++)
    if (!strcmp(us->u[i].name, line))
      return loa_errf(why, whylen, "user '%s' twice", line);
  if (us->n >= LOA_USERS_MAX)
    return loa_errf(why, whylen, "more than %d users", LOA_USERS_MAX);
  web_fmt(u->name, sizeof u->name, "%s", line);
  web_fmt(u->hash, sizeof u->hash, "%s", c2 + 1);
  us->n++;
  return 0;
}

int loa_users_load(loa_users *us, const char *path, char *err, size_t errlen)
{
  memset(us, 0, sizeof *us);
  FILE *f = fopen(path, "re");
  if (!f)
    return errno == ENOENT ? 0 : loa_errf(err, errlen, "%s: %s", path, strerror(errno));
  char line[512];
  int lineno = 0, rc = 0;
  while (!rc && fgets(line, sizeof line, f)) {
    lineno++;
    line[strcspn(line, "\r\n")] = 0;
    if (!line[0] || line[0] == '#')
      continue;
    char why[160];
    if (parse_line(us, line, why, sizeof why))
      rc = loa_errf(err, errlen, "%s:%d: %s", path, lineno, why);
  }
  fclose(f);
  return rc;
}

int loa_users_save(const loa_users *us, const char *path, char *err, size_t errlen)
{
  char tmp[4200];
  if (web_fmt(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof tmp)
    return loa_errf(err, errlen, "%s: path too long", path);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    return loa_errf(err, errlen, "%s: %s", tmp, strerror(errno));
  /* root adding a user for the service: the file belongs to whoever owns its folder
   * (the station's user), or the service could not read it */
  char dir[4200];
  web_fmt(dir, sizeof dir, "%s", path);
  char *slash = strrchr(dir, '/');
  struct stat ds;
  if (slash)
    *slash = 0;
  if (geteuid() == 0 && stat(slash ? (*dir ? dir : "/") : ".", &ds) == 0 && fchown(fd, ds.st_uid, ds.st_gid)) {
    /* not fatal: the file is still written, `loa web` says so if it cannot read it */
  }
  loa_buf b = LOA_BUF_INIT;
  loa_buf_puts(&b, "# loa web console users: NAME:ROLE:HASH (yescrypt); `loa user add` writes it\n");
  for (int i = 0; i < us->n; i++)
    loa_buf_printf(&b, "%s:%s:%s\n", us->u[i].name, loa_role_name(us->u[i].role), us->u[i].hash);
  int ok = !b.oom && write(fd, b.p, b.n) == (ssize_t)b.n && fsync(fd) == 0;
  int saved = errno;
  loa_buf_free(&b);
  if (close(fd) || !ok || rename(tmp, path)) {
    if (ok)
      saved = errno;
    unlink(tmp);
    return loa_errf(err, errlen, "%s: %s", path, strerror(saved));
  }
  return 0;
}

/* yescrypt of PASSWORD with a fresh salt into OUT. */
static int hash_password(const char *password, char *out, size_t outlen, char *err, size_t errlen)
{
  char salt[CRYPT_GENSALT_OUTPUT_SIZE];
  if (!crypt_gensalt_rn("$y$", 0, NULL, 0, salt, sizeof salt))
    return loa_errf(err, errlen, "cannot make a salt: %s", strerror(errno));
  struct crypt_data *cd = calloc(1, sizeof *cd);
  if (!cd)
    return loa_errf(err, errlen, "out of memory");
  const char *h = crypt_rn(password, salt, cd, sizeof *cd);
  int rc = 0;
  if (!h || h[0] == '*' || strlen(h) >= outlen)
    rc = loa_errf(err, errlen, "cannot hash the password: %s", strerror(errno));
  else
    web_fmt(out, outlen, "%s", h);
  explicit_bzero(cd, sizeof *cd);
  free(cd);
  return rc;
}

int loa_users_set(loa_users *us, const char *name, loa_role role, const char *password,
                  int *changed, char *err, size_t errlen)
{
  if (!loa_user_name_ok(name))
    return loa_errf(err, errlen, "'%s' is not a user name (a-z 0-9 . _ -, at most 32)", name);
  if (role == LOA_ROLE_NONE)
    return loa_errf(err, errlen, "no role (editor, approver or admin)");
  if (strlen(password) < LOA_PASSWORD_MIN)
    return loa_errf(err, errlen, "the password is shorter than %d characters", LOA_PASSWORD_MIN);
  int i = 0;
  while (i < us->n && strcmp(us->u[i].name, name))
    i++;
  if (i == us->n && us->n >= LOA_USERS_MAX)
    return loa_errf(err, errlen, "more than %d users", LOA_USERS_MAX);
  loa_user u = {.role = role};
  web_fmt(u.name, sizeof u.name, "%s", name);
  if (hash_password(password, u.hash, sizeof u.hash, err, errlen))
    return -1;
  *changed = i < us->n;
  us->u[i] = u;
  if (i == us->n)
    us->n++;
  return 0;
}

int loa_users_remove(loa_users *us, const char *name)
{
  for (int i = 0; i < us->n; i++)
    if (!strcmp(us->u[i].name, name)) {
      memmove(&us->u[i], &us->u[i + 1], (size_t)(us->n - i - 1) * sizeof us->u[0]);
      us->n--;
      return 0;
    }
  return -1;
}

loa_role loa_users_verify(const loa_users *us, const char *name, const char *password)
{
  /* an unknown user is hashed with a fresh setting, so that it costs as much */
  char dummy[CRYPT_GENSALT_OUTPUT_SIZE];
  if (!crypt_gensalt_rn("$y$", 0, NULL, 0, dummy, sizeof dummy))
    dummy[0] = 0;
  const loa_user *u = NULL;
  for (int i = 0; i < us->n; i++)
    if (!strcmp(us->u[i].name, name))
      u = &us->u[i];
  struct crypt_data *cd = calloc(1, sizeof *cd);
  if (!cd)
    return LOA_ROLE_NONE;
  const char *setting = u ? u->hash : dummy;
  if (!*setting)
    return free(cd), LOA_ROLE_NONE;
  const char *h = crypt_rn(password, setting, cd, sizeof *cd);
  int ok = u && h && h[0] != '*' && strlen(h) == strlen(setting);
  /* compare every byte whatever differs first */
  unsigned char diff = 0;
  for (size_t i = 0; ok && setting[i]; i++)
    diff |= (unsigned char)(h[i] ^ setting[i]);
  explicit_bzero(cd, sizeof *cd);
  free(cd);
  return ok && !diff ? u->role : LOA_ROLE_NONE;
}
