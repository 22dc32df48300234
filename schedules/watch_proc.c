/* watch_proc.c: knowing a build process again after the daemon that started it died.
 *
 * A build runs in a child in its own process group, with worker processes of
 * its own. When the daemon is killed, a restart stops what it left running,
 * but a process group id is only a number: after a reboot, or once the group
 * is gone, the same number can belong to anything, another station's
 * `loa watch` included. So the journal keeps who the build was: its pid (the
 * group's id), its start time (clock ticks after boot, /proc/PID/stat) and the
 * boot it ran in (/proc/sys/kernel/random/boot_id). A process is stopped only
 * when all of these hold: same boot; in that group; started no earlier than
 * the build; running this same program; in this daemon's cgroup (the service's,
 * under systemd); and the group's leader, if still there, is the build itself.
 * The signal goes through a pidfd opened before the last check, so a pid
 * reused between the check and the kill is never hit.
 */
#include "schedules/watch_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <unistd.h>

typedef struct {
  long pgrp;
  unsigned long long start;   /* clock ticks after boot */
} pstat;

static int read_small(const char *path, char *buf, size_t n)
{
  FILE *f = fopen(path, "re");
  if (!f)
    return -1;
  size_t got = fread(buf, 1, n - 1, f);
  fclose(f);
  buf[got] = 0;
  return got ? 0 : -1;
}

static int proc_stat(long pid, pstat *p)
{
  char path[64], buf[1024];
  wfmt(path, sizeof path, "/proc/%ld/stat", pid);
  if (read_small(path, buf, sizeof buf))
    return -1;
  /* after the name in parentheses: state ppid pgrp session tty tpgid flags minflt
   * cminflt majflt cmajflt utime stime cutime cstime priority nice threads
   * itrealvalue starttime (field 22) */
  char *rp = strrchr(buf, ')');
  if (!rp)
    return -1;
  char state;
  long ppid;
  if (sscanf(rp + 1, " %c %ld %ld %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %llu",
             &state, &ppid, &p->pgrp, &p->start) != 4)
    return -1;
  return 0;
}

static void boot_id(char *out, size_t n)
{
  char buf[64];
  if (read_small("/proc/sys/kernel/random/boot_id", buf, sizeof buf))
    buf[0] = 0;
  buf[strcspn(buf, "\n")] = 0;
  wfmt(out, n, "%s", buf[0] ? buf : "-");
}

static int link_of(const char *path, char *out, size_t n)
{
  ssize_t r = readlink(path, out, n - 1);
  if (r <= 0)
    return -1;
  out[r] = 0;
  return 0;
}

static int same_text_file(const char *a, const char *b)
{
  char x[4096], y[4096];
  return !read_small(a, x, sizeof x) && !read_small(b, y, sizeof y) && !strcmp(x, y);
}

int wproc_identity(long pid, char *out, size_t n)
{
  pstat p;
  char boot[64];
  if (proc_stat(pid, &p))
    return -1;
  boot_id(boot, sizeof boot);
  wfmt(out, n, "%ld %llu %s", pid, p.start, boot);
  return 0;
}

/* Is PID one of the build's processes (group PGID, started at START or later)? */
static int is_ours(long pid, long pgid, unsigned long long start, const char *self_exe)
{
  pstat p;
  char path[64], exe[WPATH], cg[64];
  if (proc_stat(pid, &p) || p.pgrp != pgid || p.start < start)
    return 0;
  wfmt(path, sizeof path, "/proc/%ld/exe", pid);
  if (link_of(path, exe, sizeof exe) || strcmp(exe, self_exe))
    return 0;
  wfmt(cg, sizeof cg, "/proc/%ld/cgroup", pid);
  return same_text_file(cg, "/proc/self/cgroup");
}

/* Stop PID through a pidfd, checking again that it is the process it was. */
static int kill_checked(long pid, long pgid, unsigned long long start, const char *self_exe)
{
  int fd = pidfd_open((pid_t)pid, 0);
  if (fd < 0)
    return 0;
  int ok = is_ours(pid, pgid, start, self_exe) && pidfd_send_signal(fd, SIGKILL, NULL, 0) == 0;
  close(fd);
  return ok;
}

int wproc_stop_strays(const char *identity)
{
  long pgid = 0;
  unsigned long long start = 0;
  char boot[64] = "", now_boot[64], self[WPATH];
  if (!identity || sscanf(identity, "%ld %llu %63s", &pgid, &start, boot) != 3 || pgid <= 1)
    return 0;                        /* nothing recorded that could tell them apart */
  boot_id(now_boot, sizeof now_boot);
  if (strcmp(boot, now_boot) || !strcmp(boot, "-"))
    return 0;                        /* another boot: nothing of that build runs any more */
  if (pgid == (long)getpid() || link_of("/proc/self/exe", self, sizeof self))
    return 0;
  pstat leader;
  if (proc_stat(pgid, &leader) == 0 && (leader.pgrp != pgid || leader.start != start))
    return 0;                        /* the number belongs to another process now */
  DIR *proc = opendir("/proc");
  if (!proc)
    return 0;
  int killed = 0;
  struct dirent *e;
  while ((e = readdir(proc))) {
    char *end;
    long pid = strtol(e->d_name, &end, 10);
    if (*end || pid <= 1 || pid == (long)getpid())
      continue;
    killed += kill_checked(pid, pgid, start, self);
  }
  closedir(proc);
  return killed;
}
