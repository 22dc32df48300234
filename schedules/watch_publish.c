/* watch_publish.c: the end of a file's way: out/+done/, or failed/ with its note.
 *
 * Success: the warnings file first (a replaced item must not keep the old
 * item's warnings), then the MP3: a link to cache/watch/KEY.mp3 (or a durable
 * copy) under a dot name nobody reads, one rename, fsync of the folder. Only
 * then does the input leave state/work for done/; an older source of the
 * same item moves to done/.replaced/ first, never overwritten.
 * Failure: the name under failed/ is chosen and journalled, the note is
 * written, then the input moves. Every step can be redone after a crash.
 */
#include "schedules/watch_internal.h"
#include "lexicon/buf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void log_air(wdaemon *d, const wjob *j)
{
  wline l;
  const loa_watch_outcome *o = &j->out;
  /* handed over, never "aired": what went on air is the air log's (Liquidsoap's) word */
  static const char *what[] = {"not tried", "handed to the playout", "no playout configured",
                               "playout failed", "handed over before the restart"};
  int a = o->air >= 0 && o->air <= LOA_WATCH_AIR_ALREADY ? o->air : 0;
  int on_air = a == LOA_WATCH_AIR_OK || a == LOA_WATCH_AIR_ALREADY;
  wl_begin(&l, on_air ? 5 : a == LOA_WATCH_AIR_FAILED ? 3 : 4,
           on_air ? "urgent-handed-over" : "urgent-not-handed-over");
  wl_str(&l, "file", j->rel);
  wl_str(&l, "reason", what[a]);
  if (o->air_err[0])
    wl_str(&l, "error", o->air_err);
  wl_end(&d->log, &l);
}

/* Move an older source aside to done/.replaced/DIR/, never overwriting. */
static int move_aside(wdaemon *d, int donedir, const char *dir, const char *name, const wjob *j)
{
  char rdir[WPATH + 32], unique[WPATH];
  wfmt(rdir, sizeof rdir, "%s%s%s", WREPLACED, dir[0] ? "/" : "", dir);
  int rfd = wfs_open_dir(d->donefd, rdir, 1);
  if (rfd < 0)
    return rfd;
  int rc = wfs_unique_name(rfd, name, NULL, unique, sizeof unique);
  if (!rc)
    rc = wfs_move(donedir, name, rfd, unique);
  close(rfd);
  if (!rc) {
    wline l;
    char rel[WPATH * 2];
    wfmt(rel, sizeof rel, "%s/%s", rdir, unique);
    wl_begin(&l, 6, "replaced");
    wl_str(&l, "file", j->rel);
    wl_str(&l, "older", rel);
    wl_end(&d->log, &l);
  }
  return rc;
}

/* Make done/DIR ready for BASE: an earlier source of the same item (the same
 * name, or the same name with another extension) moves aside. *SAME is set
 * when done/DIR/BASE already holds exactly these bytes. */
static int make_room_in_done(wdaemon *d, int donedir, int jfd, const char *dir, const char *base,
                             const wjob *j, int *same)
{
  *same = 0;
  struct stat st;
  int rc;
  if (fstatat(donedir, base, &st, AT_SYMLINK_NOFOLLOW) == 0) {
    if (wfs_same_content(jfd, "src", donedir, base) == 1) {
      *same = 1;
      return 0;
    }
    if ((rc = move_aside(d, donedir, dir, base, j)))
      return rc;
  }
  char stem[1024], other[1024];
  wfs_stem(base, stem, sizeof stem);
  int fd = wfs_reopen(donedir);
  DIR *dd = fd >= 0 ? fdopendir(fd) : NULL;
  if (!dd) {
    if (fd >= 0)
      close(fd);
    return 0;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(dd))) {
    if (loa_watch_ignored_name(e->d_name) || !strcmp(e->d_name, base))
      continue;
    wfs_stem(e->d_name, other, sizeof other);
    if (strcmp(other, stem) || fstatat(donedir, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
        S_ISDIR(st.st_mode))
      continue;
    char **p = loa_grow(names, &cap, n + 1, sizeof *names);
    if (!p)
      break;
    names = p;
    names[n++] = strdup(e->d_name);
  }
  closedir(dd);
  rc = 0;
  for (size_t i = 0; i < n; i++) {
    if (!rc && names[i])
      rc = move_aside(d, donedir, dir, names[i], j);
    free(names[i]);
  }
  free(names);
  return rc;
}

/* Publish cache/watch/KEY.mp3 as out/DIR/STEM.mp3 (+ warnings), urgent push,
 * then src -> done/. Returns 0 or -errno (the job stays and is retried). */
int wpub_done(wdaemon *d, wjob *j)
{
  char dir[WPATH], base[1024], stem[1024], mp3name[1100], warnname[1100], tmp[128];
  char key_mp3[80], key_info[80];
  wfs_split(j->rel, dir, sizeof dir, base, sizeof base);
  wfs_stem(base, stem, sizeof stem);
  wfmt(mp3name, sizeof mp3name, "%s.mp3", stem);
  wfmt(warnname, sizeof warnname, "%s.canh-bao.txt", stem);
  wfmt(tmp, sizeof tmp, WTMP_PREFIX "%s.tmp", j->id);
  wcache_names(j->out.key, key_mp3, key_info);

  winfo info;
  int rc = wcache_read_info(d, j->out.key, &info);
  if (rc)
    return rc;
  if (!j->out.title[0])
    wfmt(j->out.title, sizeof j->out.title, "%s", info.title);
  if (j->out.seconds <= 0)
    j->out.seconds = info.seconds;
  const char *dup_of = info.first[0] && strcmp(info.first, j->rel) ? info.first : NULL;

  int outdir = wfs_open_dir(d->outfd, dir, 1);
  if (outdir < 0) {
    free(info.findings);
    return outdir;
  }
  /* warnings first: a replaced item must not keep the old item's warnings */
  if ((info.findings && info.findings[0]) || dup_of) {
    char *text = wnote_warnings_text(j->rel, info.findings, dup_of);
    rc = text ? wfs_write_atomic(outdir, warnname, text, strlen(text)) : -ENOMEM;
    free(text);
  } else if (unlinkat(outdir, warnname, 0) == 0) {
    rc = wfs_fsync(outdir);
  }
  wcrash_point("publish:warnings");
  int nfindings = 0;
  for (const char *p = info.findings ? info.findings : ""; *p; p++)
    nfindings += *p == '\n';
  free(info.findings);

  /* the MP3: a link to the cached file (or a durable copy) under a dot
   * name nobody reads, then one rename; nothing to do when out/ already
   * holds that very file (the same text again, or a redo after a crash) */
  struct stat cs, os;
  int already = fstatat(d->cachefd, key_mp3, &cs, AT_SYMLINK_NOFOLLOW) == 0 &&
                fstatat(outdir, mp3name, &os, AT_SYMLINK_NOFOLLOW) == 0 &&
                cs.st_dev == os.st_dev && cs.st_ino == os.st_ino;
  if (!rc && !already) {
    unlinkat(outdir, tmp, 0);
    if (linkat(d->cachefd, key_mp3, outdir, tmp, 0) != 0) {
      char ctmp[128];
      rc = wfs_copy_to_tmp(d->cachefd, key_mp3, outdir, ctmp, sizeof ctmp);
      if (!rc && renameat(outdir, ctmp, outdir, tmp) != 0)
        rc = -errno;
    }
    wcrash_point("publish:linked");
    if (!rc && renameat(outdir, tmp, outdir, mp3name) != 0)
      rc = -errno;
    /* rename() between two links of one file does nothing: never leave the
     * temporary behind */
    unlinkat(outdir, tmp, 0);
    if (!rc)
      rc = wfs_fsync(outdir);
  }
  close(outdir);
  if (rc)
    return rc;
  wcrash_point("publish:renamed");

  /* only now, with the MP3 durable, does the input leave state/work */
  int jfd = wjob_dir(d, j);
  if (jfd < 0)
    return jfd;
  int donedir = wfs_open_dir(d->donefd, dir, 1);
  if (donedir < 0) {
    close(jfd);
    return donedir;
  }
  int same = 0;
  for (int tries = 0; tries < 3; tries++) {
    rc = make_room_in_done(d, donedir, jfd, dir, base, j, &same);
    if (rc)
      break;
    wcrash_point("done:aside");
    if (same) {
      /* done/ already holds these very bytes (the same file again, or a
       * redo after a crash): nothing is lost by dropping this copy */
      rc = unlinkat(jfd, "src", 0) == 0 ? wfs_fsync(jfd) : -errno;
      break;
    }
    rc = wfs_move(jfd, "src", donedir, base);
    if (rc != -EEXIST)
      break;
  }
  close(donedir);
  close(jfd);
  if (rc)
    return rc;
  wcrash_point("done:moved");

  if (j->lane == 1 || j->out.urgent)
    log_air(d, j);

  char outrel[WPATH * 2];
  wfmt(outrel, sizeof outrel, "%s%s%s", dir, dir[0] ? "/" : "", mp3name);
  wline l;
  wl_begin(&l, 6, "done");
  l.result = 1;
  wl_str(&l, "file", j->rel);
  wl_str(&l, "out", outrel);
  wl_str(&l, "key", j->out.key);
  wl_int(&l, "cached", j->out.cached);
  wl_num(&l, "seconds", j->out.seconds);
  wl_int(&l, "warnings", nfindings);
  if (dup_of)
    wl_str(&l, "duplicate_of", dup_of);
  if (j->lane == 1 || j->out.urgent)
    wl_int(&l, "urgent", 1);
  wl_str(&l, "title", j->out.title);
  wl_end(&d->log, &l);
  d->done_count++;
  return 0;
}

int wpub_failed(wdaemon *d, wjob *j)
{
  char dir[WPATH], base[1024], stem[1024], name[WPATH], notename[WPATH + 16], src[WPATH];
  wfs_split(j->rel, dir, sizeof dir, base, sizeof base);
  wfs_stem(base, stem, sizeof stem);
  wjob_src_path(d, j, src, sizeof src);
  wnote_replace(j->out.err, sizeof j->out.err, src, j->rel);

  int faileddir = wfs_open_dir(d->failedfd, dir, 1);
  if (faileddir < 0)
    return faileddir;
  int jfd = wjob_dir(d, j);
  if (jfd < 0) {
    close(faileddir);
    return jfd;
  }
  wjournal jr;
  if (wj_read(d->workfd, j->id, &jr) != 0)
    memset(&jr, 0, sizeof jr);
  int rc = 0;
  char chosen_base[WPATH];
  if (jr.fail_name[0]) {
    /* a crash came after the name was chosen: keep it, so its note is reused */
    wfs_split(jr.fail_name, name, sizeof name, chosen_base, sizeof chosen_base);
  } else {
    rc = wfs_unique_name(faileddir, base, ".loi.txt", chosen_base, sizeof chosen_base);
    if (!rc) {
      wfmt(name, sizeof name, "%s%s%s", dir, dir[0] ? "/" : "", chosen_base);
      rc = wj_append(d->workfd, j->id, "fail", name);
    }
  }
  wcrash_point("failed:named");
  struct stat st;
  char mp3name[1100];
  wfmt(mp3name, sizeof mp3name, "%s.mp3", stem);
  int outdir = wfs_open_dir(d->outfd, dir, 0);
  int old_kept = outdir >= 0 && fstatat(outdir, mp3name, &st, AT_SYMLINK_NOFOLLOW) == 0;
  if (outdir >= 0)
    close(outdir);
  if (!rc) {
    char *text = loa_watch_note_text(j->rel, &j->out, wnote_line_of(j->out.err),
                                     d->c->max_bytes, old_kept);
    wfmt(notename, sizeof notename, "%s.loi.txt", chosen_base);
    rc = text ? wfs_write_atomic(faileddir, notename, text, strlen(text)) : -ENOMEM;
    free(text);
  }
  wcrash_point("failed:note");
  if (!rc) {
    rc = wfs_move(jfd, "src", faileddir, chosen_base);
    if (rc == -EEXIST && wfs_same_content(jfd, "src", faileddir, chosen_base) == 1)
      rc = unlinkat(jfd, "src", 0) == 0 ? wfs_fsync(jfd) : -errno;
  }
  close(jfd);
  close(faileddir);
  if (rc)
    return rc;
  wcrash_point("failed:moved");
  wline l;
  char saved[WPATH * 2];
  wfmt(saved, sizeof saved, "%s%s%s", dir, dir[0] ? "/" : "", chosen_base);
  wl_begin(&l, 4, "failed");
  l.result = 1;
  wl_str(&l, "file", j->rel);
  wl_str(&l, "reason", loa_watch_fail_name(j->out.fail));
  wl_str(&l, "saved", saved);
  wl_str(&l, "error", j->out.err);
  wl_end(&d->log, &l);
  d->failed_count++;
  return 0;
}
