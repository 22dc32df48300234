/* watch_note.c: what the announcer reads when a file is refused (.loi.txt) or
 * when loa had to guess (.canh-bao.txt).
 *
 * One class per kind of failure, each with a plain Vietnamese sentence saying
 * what is wrong and one saying what to do, then the same in English, then the
 * technical detail (the library's one-line error, with the file's own name in
 * it). Notes are UTF-8 with a BOM and CRLF line ends, so that Notepad on the
 * announcer's Windows PC shows the Vietnamese letters right.
 */
#include "schedules/watch_internal.h"
#include "lexicon/buf.h"
#include "pipeline/build.h"
#include "tts/decode.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
  const char *name;
  const char *vi_what, *vi_do, *en_what, *en_do;
} fail_text;

static const fail_text TEXTS[LOA_WF_COUNT] = {
  [LOA_WF_NONE] = {"ok", "", "", "", ""},
  [LOA_WF_EMPTY] = {"empty",
    "Tệp trống: không có chữ nào để đọc.",
    "Hãy mở tệp, kiểm tra nội dung rồi chép lại vào thư mục inbox.",
    "The file is empty: there is no text to read.",
    "Open the file, check its content, then copy it into the inbox folder again."},
  [LOA_WF_BINARY] = {"binary",
    "Tệp này không phải là văn bản (có thể là ảnh, âm thanh, tệp nén hoặc chương trình). "
    "loa đọc được tệp .txt, .docx, .odt, .md và .pdf có chữ.",
    "Hãy mở bản tin trong Word hoặc Notepad, lưu thành tệp .docx hoặc .txt, rồi chép tệp đó vào thư mục inbox.",
    "This file is not text (it may be a picture, a sound, an archive or a program). "
    "loa reads .txt, .docx, .odt, .md and .pdf files that contain text.",
    "Open the bulletin in Word or Notepad, save it as .docx or .txt, and copy that file into the inbox folder."},
  [LOA_WF_ENCODING] = {"encoding",
    "Không nhận ra bảng mã chữ Việt của tệp, nên không thể đọc đúng dấu.",
    "Hãy mở tệp trong Word hoặc Notepad, chọn \"Lưu thành\" (Save As), chọn bảng mã UTF-8 "
    "(hoặc lưu thành .docx), rồi chép lại vào thư mục inbox.",
    "The Vietnamese encoding of the file cannot be decided, so the tone marks cannot be read correctly.",
    "Open the file in Word or Notepad, use \"Save As\" with the UTF-8 encoding (or save as .docx), "
    "and copy it into the inbox folder again."},
  [LOA_WF_TOOBIG] = {"too-big",
    "Tệp quá lớn để làm thành một bản tin.",
    "Hãy chia bản tin thành nhiều tệp nhỏ hơn (hoặc bỏ hình ảnh trong tệp), rồi chép lại vào thư mục inbox.",
    "The file is too big to be made into one bulletin.",
    "Split the bulletin into smaller files (or remove the pictures in it) and copy them into the inbox folder."},
  [LOA_WF_UNREADABLE] = {"unreadable",
    "Không đọc được tệp (không có quyền đọc, hoặc đĩa bị lỗi).",
    "Hãy chép lại tệp vào thư mục inbox. Nếu vẫn lỗi, hãy báo cho cán bộ kỹ thuật.",
    "The file cannot be read (no permission to read it, or a disk error).",
    "Copy the file into the inbox folder again. If it still fails, tell the technician."},
  [LOA_WF_DOCUMENT] = {"document",
    "Tệp văn bản (.docx, .odt hoặc .pdf) bị hỏng hoặc không có chữ để lấy ra "
    "(ví dụ PDF là ảnh chụp hay bản quét).",
    "Hãy mở tệp, lưu lại (hoặc lưu thành .txt), rồi chép lại vào thư mục inbox. "
    "Nếu là bản quét, hãy gõ lại nội dung.",
    "The document (.docx, .odt or .pdf) is damaged or has no text to take out "
    "(for example a PDF that is a photo or a scan).",
    "Open the file, save it again (or save it as .txt) and copy it into the inbox folder again. "
    "If it is a scan, type the text."},
  [LOA_WF_HEADER] = {"header",
    "Phần đầu bản tin (tiêu đề, buổi, ngày phát, mức độ...) có dòng viết sai.",
    "Hãy sửa dòng được nêu dưới đây theo mẫu \"Tên mục: giá trị\" (ví dụ \"Từ ngày: 25/11/2026\"), "
    "rồi chép lại vào thư mục inbox.",
    "A line of the bulletin's header (title, slot, dates, priority...) is wrong.",
    "Fix the line named below to the form \"Key: value\" (for example \"Từ ngày: 25/11/2026\") "
    "and copy the file into the inbox folder again."},
  [LOA_WF_NOSPEECH] = {"no-speech",
    "Sau khi bỏ đầu trang, số trang và ký hiệu thì không còn câu nào để đọc.",
    "Hãy kiểm tra tệp có đúng là nội dung bản tin không, rồi chép lại vào thư mục inbox.",
    "Once the page headers, page numbers and symbols are taken out, there is nothing left to read.",
    "Check that the file holds the text of the bulletin and copy it into the inbox folder again."},
  [LOA_WF_SYMLINK] = {"symlink",
    "Đây là một lối tắt (liên kết) chứ không phải tệp thật; để an toàn, loa không đi theo lối tắt.",
    "Hãy chép chính tệp bản tin (không phải lối tắt) vào thư mục inbox.",
    "This is a shortcut (a link), not a real file; for safety loa never follows links.",
    "Copy the bulletin file itself (not a shortcut) into the inbox folder."},
  [LOA_WF_SPECIAL] = {"special",
    "Đây không phải là một tệp thông thường (là thiết bị, ống dẫn hoặc socket).",
    "Hãy chép một tệp bản tin thông thường vào thư mục inbox.",
    "This is not an ordinary file (it is a device, a pipe or a socket).",
    "Copy an ordinary bulletin file into the inbox folder."},
  [LOA_WF_HARDLINK] = {"hardlink",
    "Tệp này là một tên khác (liên kết cứng) của một tệp ở nơi khác; để an toàn, loa không nhận.",
    "Hãy sao chép (copy) tệp vào thư mục inbox, không tạo liên kết.",
    "This file is a second name (a hard link) of a file somewhere else; for safety loa does not take it.",
    "Copy the file into the inbox folder instead of linking it."},
  [LOA_WF_NOTE] = {"note",
    "Đây là tệp ghi chú do loa viết (.loi.txt hoặc .canh-bao.txt), không phải bản tin.",
    "Không cần làm gì. Hãy sửa bản tin gốc rồi chép bản tin đó vào thư mục inbox.",
    "This is a note written by loa (.loi.txt or .canh-bao.txt), not a bulletin.",
    "Nothing to do. Fix the bulletin itself and copy that into the inbox folder."},
  [LOA_WF_CONFIG] = {"config",
    "Cấu hình của đài có lỗi (đây không phải lỗi của tệp).",
    "Hãy báo cho cán bộ kỹ thuật sửa tệp cấu hình. Sau đó chép lại tệp này vào thư mục inbox.",
    "The station's configuration is wrong (this is not a fault of the file).",
    "Tell the technician to fix the configuration file, then copy this file into the inbox folder again."},
  [LOA_WF_TIMEOUT] = {"timeout",
    "Làm tệp này lâu quá mức cho phép nên đã dừng lại.",
    "Hãy chia bản tin thành các tệp ngắn hơn rồi chép lại. Nếu vẫn lỗi, hãy báo cho cán bộ kỹ thuật.",
    "Building this file took longer than allowed, so it was stopped.",
    "Split the bulletin into shorter files and copy them again. If it still fails, tell the technician."},
  [LOA_WF_CRASH] = {"crash",
    "Chương trình bị lỗi khi làm tệp này (không phải lỗi của bạn).",
    "Hãy chép lại tệp một lần nữa. Nếu vẫn lỗi, hãy gửi tệp này cùng tệp .loi.txt cho cán bộ kỹ thuật.",
    "The program failed while building this file (this is not your fault).",
    "Copy the file in once more. If it fails again, send this file and its .loi.txt to the technician."},
  [LOA_WF_INTERNAL] = {"internal",
    "Có lỗi bên trong khi tạo âm thanh cho tệp này (không phải lỗi của bạn).",
    "Hãy chép lại tệp một lần nữa. Nếu vẫn lỗi, hãy gửi tệp này cùng tệp .loi.txt cho cán bộ kỹ thuật.",
    "An internal error happened while making the sound of this file (this is not your fault).",
    "Copy the file in once more. If it fails again, send this file and its .loi.txt to the technician."},
  [LOA_WF_INPUT] = {"input",
    "Tệp có lỗi nên không làm được (xem chi tiết bên dưới).",
    "Hãy mở tệp, sửa chỗ được nêu trong phần chi tiết, rồi chép lại vào thư mục inbox.",
    "The file has a problem and cannot be built (see the detail below).",
    "Open the file, fix what the detail names and copy it into the inbox folder again."},
};

const char *loa_watch_fail_name(loa_watch_fail f)
{
  return f >= 0 && f < LOA_WF_COUNT ? TEXTS[f].name : "unknown";
}

loa_watch_fail wnote_class_of_decode(int code)
{
  switch (code) {
  case LOA_DEC_OK: return LOA_WF_NONE;
  case LOA_DEC_ENOENT:
  case LOA_DEC_EIO: return LOA_WF_UNREADABLE;
  case LOA_DEC_EEMPTY: return LOA_WF_EMPTY;
  case LOA_DEC_EBINARY: return LOA_WF_BINARY;
  case LOA_DEC_EUNDECIDED:
  case LOA_DEC_EWRONGENC: return LOA_WF_ENCODING;
  case LOA_DEC_EBADENC: return LOA_WF_CONFIG;
  case LOA_DEC_ETOOBIG: return LOA_WF_TOOBIG;
  case LOA_DEC_EDOC: return LOA_WF_DOCUMENT;
  default: return LOA_WF_INTERNAL;
  }
}

loa_watch_fail wnote_class_of_build(int code, int *retry)
{
  *retry = 0;
  switch (code) {
  case LOA_BUILD_OK: return LOA_WF_NONE;
  case LOA_BUILD_EINPUT: return LOA_WF_INPUT;
  case LOA_BUILD_EOUTPUT: *retry = 1; return LOA_WF_INTERNAL;
  case LOA_BUILD_EARG: return LOA_WF_CONFIG;
  case LOA_BUILD_ENOSPEECH: return LOA_WF_NOSPEECH;
  default: return LOA_WF_INTERNAL;
  }
}

void wnote_replace(char *text, size_t cap, const char *from, const char *to)
{
  size_t fl = strlen(from), tl = strlen(to);
  if (!fl)
    return;
  char *p = text;
  while ((p = strstr(p, from))) {
    size_t rest = strlen(p + fl);
    if ((size_t)(p - text) + tl + rest + 1 > cap)
      return;
    memmove(p + tl, p + fl, rest + 1);
    memcpy(p, to, tl);
    p += tl;
  }
}

int wnote_line_of(const char *err)
{
  static const char *words[] = {"dòng ", "line ", NULL};
  for (int i = 0; words[i]; i++) {
    const char *p = strstr(err, words[i]);
    if (p && isdigit((unsigned char)p[strlen(words[i])]))
      return atoi(p + strlen(words[i]));
  }
  /* "name:12:" or "name:12: " */
  for (const char *p = strchr(err, ':'); p; p = strchr(p + 1, ':')) {
    const char *q = p + 1;
    if (!isdigit((unsigned char)*q))
      continue;
    while (isdigit((unsigned char)*q))
      q++;
    if (*q == ':')
      return atoi(p + 1);
  }
  return 0;
}

/* Add "label value" and a CRLF. */
static void sb_line(loa_buf *b, const char *label, const char *value)
{
  loa_buf_puts(b, label);
  loa_buf_puts(b, value);
  loa_buf_puts(b, "\r\n");
}

static void format_mb(char *out, size_t n, double bytes)
{
  wfmt(out, n, "%.1f MB", bytes / (1024.0 * 1024.0));
}

char *loa_watch_note_text(const char *name, const loa_watch_outcome *o, int line,
                          size_t max_bytes, int old_kept)
{
  const fail_text *t = &TEXTS[o->fail > 0 && o->fail < LOA_WF_COUNT ? o->fail : LOA_WF_INTERNAL];
  loa_buf b = LOA_BUF_INIT;
  char num[64], when[64], limit[32];
  time_t now = time(NULL);
  struct tm tm;
  localtime_r(&now, &tm);
  strftime(when, sizeof when, "%d/%m/%Y %H:%M", &tm);
  format_mb(limit, sizeof limit, (double)max_bytes);
  wfmt(num, sizeof num, "%d", line);

  loa_buf_puts(&b, "\xEF\xBB\xBF");
  sb_line(&b, "KHÔNG LÀM ĐƯỢC BẢN TIN: ", name);
  sb_line(&b, "Lỗi: ", t->vi_what);
  if (o->fail == LOA_WF_TOOBIG) {
    char s[96];
    wfmt(s, sizeof s, "Giới hạn là %s cho mỗi tệp.", limit);
    sb_line(&b, "     ", s);
  }
  if (line > 0)
    sb_line(&b, "Dòng: ", num);
  sb_line(&b, "Cách sửa: ", t->vi_do);
  if (old_kept)
    sb_line(&b, "Lưu ý: ", "Bản cũ cùng tên vẫn đang được dùng trong thư mục out.");
  if (o->err[0])
    sb_line(&b, "Chi tiết: ", o->err);
  sb_line(&b, "Thời gian: ", when);
  loa_buf_puts(&b, "\r\n");
  sb_line(&b, "NOT BUILT: ", name);
  sb_line(&b, "Problem: ", t->en_what);
  if (o->fail == LOA_WF_TOOBIG) {
    char s[96];
    wfmt(s, sizeof s, "The limit is %s per file.", limit);
    sb_line(&b, "         ", s);
  }
  if (line > 0)
    sb_line(&b, "Line: ", num);
  sb_line(&b, "What to do: ", t->en_do);
  if (old_kept)
    sb_line(&b, "Note: ", "The earlier version of the same name is still in use in the out folder.");
  if (o->err[0])
    sb_line(&b, "Detail: ", o->err);
  sb_line(&b, "Class: ", t->name);
  return loa_buf_take(&b);
}

char *wnote_warnings_text(const char *name, const char *findings, const char *dup_of)
{
  loa_buf b = LOA_BUF_INIT;
  int n = 0;
  for (const char *p = findings ? findings : ""; *p; p++)
    n += *p == '\n' || (!p[1]);
  char num[32];
  wfmt(num, sizeof num, "%d", n);
  loa_buf_puts(&b, "\xEF\xBB\xBF");
  sb_line(&b, "CẢNH BÁO CHO BẢN TIN: ", name);
  if (dup_of) {
    sb_line(&b, "Trùng nội dung: ", "");
    loa_buf_puts(&b, "  Nội dung giống hệt tệp \"");
    loa_buf_puts(&b, dup_of);
    loa_buf_puts(&b, "\" đã làm trước đó; âm thanh được dùng lại, không làm lại.\r\n"
               "  Nếu bạn không định phát bản tin này hai lần, hãy báo cho người lập lịch phát.\r\n");
  }
  if (n) {
    sb_line(&b, "Số chỗ loa phải đoán cách đọc: ", num);
    loa_buf_puts(&b, "Hãy nghe lại các chỗ dưới đây. Nếu đọc sai, hãy sửa tệp "
               "(viết rõ chữ, số) rồi chép lại vào thư mục inbox; bản mới sẽ thay bản này.\r\n");
  }
  loa_buf_puts(&b, "\r\n");
  sb_line(&b, "WARNINGS FOR: ", name);
  if (dup_of) {
    loa_buf_puts(&b, "Same content as \"");
    loa_buf_puts(&b, dup_of);
    loa_buf_puts(&b, "\", built earlier: its sound was reused, not rebuilt.\r\n"
               "If this bulletin was not meant to air twice, tell whoever schedules the programmes.\r\n");
  }
  if (n) {
    sb_line(&b, "Places where loa had to guess how to read: ", num);
    loa_buf_puts(&b, "Listen to them. If one is read wrong, fix the file (write the words or numbers plainly) "
               "and copy it into the inbox folder again; the new version replaces this one.\r\n");
  }
  if (n) {
    loa_buf_puts(&b, "\r\n");
    const char *p = findings;
    while (*p) {
      const char *e = strchr(p, '\n');
      size_t len = e ? (size_t)(e - p) : strlen(p);
      char one[1024], out[1200];
      wfmt(one, sizeof one, "%.*s", (int)(len < sizeof one - 1 ? len : sizeof one - 1), p);
      char *tok = strchr(one, '\t'), *why = tok ? strchr(tok + 1, '\t') : NULL;
      if (tok)
        *tok++ = 0;
      if (why)
        *why++ = 0;
      int ln = 0, col = 0;
      if (sscanf(one, "%d:%d", &ln, &col) == 2 && tok)
        wfmt(out, sizeof out, "  dòng/line %d, cột/col %d: \"%s\" - %s\r\n", ln, col, tok,
                 why ? why : "");
      else
        wfmt(out, sizeof out, "  %s\r\n", one);
      loa_buf_puts(&b, out);
      p += len;
      if (*p == '\n')
        p++;
    }
  }
  return loa_buf_take(&b);
}
