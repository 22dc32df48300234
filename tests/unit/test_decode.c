/* test_decode.c: tts/decode reads every encoding and format to the same exact text, or refuses clearly.
 *
 * Round trips: all 134 precomposed Vietnamese letters and a sample bulletin, encoded here
 * (UTF-8 with/without BOM, UTF-16LE/BE, NFD, Windows-1258 from iconv and fully decomposed,
 * TCVN3 and VNI through the repository tables run backwards) must decode to the same
 * bytes. The tables themselves are checked against independent answers: glibc's TCVN 5712
 * VN1 for TCVN3's letters, and well-known VNI spellings. Then look-alikes
 * (tests/unit/decode_lookalikes.tsv), refusals (wrong forced encoding, undecidable,
 * binary, empty, too big, missing, folder), documents built here with libzip (.docx,
 * .odt), the committed PDF/DOCX/ODT fixtures, Markdown, and the fuzz regressions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <dirent.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>
#include <zip.h>

#include "tts/clean.h"
#include "tts/decode.h"
#include "testutil.h"

/* ---- helpers ---- */

typedef struct {
  unsigned char *p;
  size_t n;
} bytes;

static void put(bytes *b, const void *d, size_t n)
{
  b->p = realloc(b->p, b->n + n + 1);
  assert_non_null(b->p);
  memcpy(b->p + b->n, d, n);
  b->n += n;
  b->p[b->n] = 0;
}

static char *src_path(const char *rel)
{
  static char buf[4096];
  return tu_source_path(buf, sizeof buf, rel);
}

#define S(lit) lit, sizeof(lit) - 1

static int decode(const void *buf, size_t n, const char *enc, loa_text *t, char *err)
{
  return loa_decode_buffer(buf, n, enc, t, err, 256);
}

/* Decode and expect OK with the given encoding name and exact text. */
static void expect_text(const void *buf, size_t n, const char *enc, const char *want_enc, const char *want)
{
  loa_text t;
  char err[256] = "";
  int rc = decode(buf, n, enc, &t, err);
  if (rc)
    fail_msg("decode as %s failed (%d): %s", enc ? enc : "auto", rc, err);
  if (want_enc)
    assert_string_equal(t.encoding, want_enc);
  assert_string_equal(t.text, want);
  assert_int_equal(t.len, strlen(want));
  loa_text_free(&t);
}

static void expect_error(const void *buf, size_t n, const char *enc, int code, const char *in_msg)
{
  loa_text t;
  char err[256] = "";
  int rc = decode(buf, n, enc, &t, err);
  if (rc != code)
    fail_msg("expected error %d for %s, got %d (%s) text=%.60s", code, enc ? enc : "auto", rc, err,
             rc ? "" : t.text);
  assert_null(t.text);
  assert_true(strlen(err) > 0);
  assert_null(strchr(err, '\n'));
  if (in_msg && !strstr(err, in_msg))
    fail_msg("message \"%s\" does not mention \"%s\"", err, in_msg);
}

/* ---- the text every round trip carries (written for these tests) ---- */

static const char LETTERS[] =
  "Chữ thường: à á ả ã ạ ă ằ ắ ẳ ẵ ặ â ầ ấ ẩ ẫ ậ è é ẻ ẽ ẹ ê ề ế ể ễ ệ ì í ỉ ĩ ị "
  "ò ó ỏ õ ọ ô ồ ố ổ ỗ ộ ơ ờ ớ ở ỡ ợ ù ú ủ ũ ụ ư ừ ứ ử ữ ự ỳ ý ỷ ỹ ỵ đ\n"
  "Chữ hoa: À Á Ả Ã Ạ Ă Ằ Ắ Ẳ Ẵ Ặ Â Ầ Ấ Ẩ Ẫ Ậ È É Ẻ Ẽ Ẹ Ê Ề Ế Ể Ễ Ệ Ì Í Ỉ Ĩ Ị "
  "Ò Ó Ỏ Õ Ọ Ô Ồ Ố Ổ Ỗ Ộ Ơ Ờ Ớ Ở Ỡ Ợ Ù Ú Ủ Ũ Ụ Ư Ừ Ứ Ử Ữ Ự Ỳ Ý Ỷ Ỹ Ỵ Đ\n";

static const char BULLETIN[] =
  "THÔNG BÁO\n"
  "Về việc tiêm phòng vắc xin cho đàn gia súc, gia cầm đợt hai năm 2025\n"
  "\n"
  "Ủy ban nhân dân xã Yên Thịnh thông báo tới toàn thể nhân dân: từ ngày 12 tháng 10\n"
  "đến hết ngày 20 tháng 10, trạm thú y sẽ tiêm phòng miễn phí tại nhà văn hóa các thôn.\n"
  "- Các hộ chăn nuôi lợn, trâu, bò đăng ký với trưởng thôn trước ngày 10 tháng 10;\n"
  "- Đề nghị bà con nhốt giữ vật nuôi đúng giờ, phối hợp với cán bộ thú y.\n"
  "Mọi thắc mắc xin liên hệ ông Nguyễn Văn Tường, điện thoại 0912 345 678.\n"
  "Ước mong người dân hưởng ứng, để dịch bệnh không lây lan ra cộng đồng.\n";

static char *sample(void)
{
  static char buf[4096];
  snprintf(buf, sizeof buf, "%s%s", LETTERS, BULLETIN);
  return buf;
}

/* ---- encoders for the round trips ---- */

static bytes iconv_to(const char *to, const char *text)
{
  bytes out = {0};
  iconv_t cd = iconv_open(to, "UTF-8");
  assert_true(cd != (iconv_t)-1);
  char *in = (char *)text;
  size_t il = strlen(text);
  char buf[65536], *op = buf;
  size_t ol = sizeof buf;
  assert_int_not_equal(iconv(cd, &in, &il, &op, &ol), (size_t)-1);
  assert_int_not_equal(iconv(cd, NULL, NULL, &op, &ol), (size_t)-1);
  iconv_close(cd);
  put(&out, buf, (size_t)(op - buf));
  return out;
}

/* Reverse of tts/encodings/NAME: character -> bytes. */
typedef struct {
  int32_t cp;
  unsigned char b[2];
  int n;
} rev_entry;

static int load_reverse(const char *name, rev_entry *e, int max, int tcvn3_alt)
{
  char path[4200];
  snprintf(path, sizeof path, "%s", src_path("tts/encodings/"));
  strcat(path, name);
  FILE *f = fopen(path, "r");
  assert_non_null(f);
  char line[256];
  int k = 0;
  while (fgets(line, sizeof line, f) && k < max) {
    if (line[0] == '#' || line[0] == '\n')
      continue;
    line[strcspn(line, "\n")] = 0;
    char *f1 = strchr(line, '\t');
    assert_non_null(f1);
    *f1++ = 0;
    char *f2 = strchr(f1, '\t');
    if (f2)
      *f2++ = 0;
    const char *ch = tcvn3_alt && f2 ? f2 : f1;
    if (tcvn3_alt && !f2)
      continue;
    utf8proc_int32_t cp;
    if (!strncmp(ch, "U+", 2))
      cp = (utf8proc_int32_t)strtol(ch + 2, NULL, 16);
    else
      assert_true(utf8proc_iterate((const utf8proc_uint8_t *)ch, -1, &cp) > 0);
    rev_entry *r = &e[k++];
    r->cp = cp;
    char *p = line;
    r->n = 0;
    while (*p && r->n < 2) {
      r->b[r->n++] = (unsigned char)strtol(p, &p, 16);
      while (*p == ' ')
        p++;
    }
  }
  fclose(f);
  return k;
}

static bytes encode_table(const char *name, const char *text)
{
  static rev_entry e[600];
  int n = load_reverse(name, e, 512, 0);
  if (!strcmp(name, "tcvn3.tsv"))
    n += load_reverse(name, e + n, 64, 1);   /* punctuation alternatives */
  bytes out = {0};
  iconv_t cp1252 = iconv_open("CP1252", "UTF-8");
  for (const char *s = text; *s;) {
    utf8proc_int32_t c;
    utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &c);
    assert_true(l > 0);
    int done = 0;
    if (c < 0x80) {
      unsigned char b = (unsigned char)c;
      put(&out, &b, 1);
      done = 1;
    }
    for (int i = 0; i < n && !done; i++)
      if (e[i].cp == c) {
        put(&out, e[i].b, (size_t)e[i].n);
        done = 1;
      }
    if (!done) {   /* VNI leaves the rest to Windows-1252 */
      char *in = (char *)s, buf[8], *op = buf;
      size_t il = (size_t)l, ol = sizeof buf;
      if (iconv(cp1252, &in, &il, &op, &ol) == (size_t)-1)
        fail_msg("U+%04X cannot be written in %s", (unsigned)c, name);
      put(&out, buf, (size_t)(op - buf));
    }
    s += l;
  }
  iconv_close(cp1252);
  return out;
}

static bytes nfd(const char *text)
{
  utf8proc_uint8_t *d = NULL;
  utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)text, 0, &d, UTF8PROC_NULLTERM | UTF8PROC_DECOMPOSE);
  assert_true(n > 0);
  bytes out = {0};
  put(&out, d, (size_t)n);
  free(d);
  return out;
}

/* Windows-1258 as Vietnamese keyboards type it: every tone a combining mark after its letter. */
static bytes cp1258_decomposed(const char *text)
{
  bytes d = nfd(text), keep = {0};
  /* recompose only the vowel marks (circumflex, breve, horn) that Windows-1258 has precomposed */
  utf8proc_int32_t cps[8192];
  size_t n = 0;
  for (size_t i = 0; i < d.n;) {
    utf8proc_ssize_t l = utf8proc_iterate(d.p + i, (utf8proc_ssize_t)(d.n - i), &cps[n]);
    assert_true(l > 0);
    i += (size_t)l;
    n++;
  }
  for (size_t i = 0; i < n; i++) {
    int32_t c = cps[i];
    int tone = c == 0x300 || c == 0x301 || c == 0x303 || c == 0x309 || c == 0x323;
    if (tone && i + 1 < n && (cps[i + 1] == 0x302 || cps[i + 1] == 0x306 || cps[i + 1] == 0x31B)) {
      cps[i] = cps[i + 1];   /* canonical order puts dot below first: keep the tone last */
      cps[i + 1] = c;
    }
  }
  utf8proc_int32_t out[8192];
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    int32_t c = cps[i];
    if (k && (c == 0x302 || c == 0x306 || c == 0x31B)) {
      utf8proc_int32_t pair[2] = {out[k - 1], c};
      utf8proc_ssize_t m = utf8proc_normalize_utf32(pair, 2, UTF8PROC_COMPOSE);
      if (m == 1) {
        out[k - 1] = pair[0];
        continue;
      }
    }
    out[k++] = c;
  }
  for (size_t i = 0; i < k; i++) {
    utf8proc_uint8_t b[4];
    put(&keep, b, (size_t)utf8proc_encode_char(out[i], b));
  }
  free(d.p);
  bytes r = iconv_to("CP1258", (char *)keep.p);
  free(keep.p);
  return r;
}

/* ---- round trips ---- */

typedef struct {
  const char *name;       /* of the variant */
  const char *force;      /* encoding name to force, and the expected detected name */
} variant;

static bytes make_variant(const char *name, const char *text)
{
  bytes b = {0};
  if (!strcmp(name, "utf-8")) {
    put(&b, text, strlen(text));
  } else if (!strcmp(name, "utf-8-bom")) {
    put(&b, "\xEF\xBB\xBF", 3);
    put(&b, text, strlen(text));
  } else if (!strcmp(name, "utf-16le") || !strcmp(name, "utf-16be")) {
    int le = name[6] == 'l';
    put(&b, le ? "\xFF\xFE" : "\xFE\xFF", 2);
    bytes u = iconv_to(le ? "UTF-16LE" : "UTF-16BE", text);
    put(&b, u.p, u.n);
    free(u.p);
  } else if (!strcmp(name, "nfd")) {
    b = nfd(text);
  } else if (!strcmp(name, "windows-1258")) {
    b = iconv_to("CP1258", text);
  } else if (!strcmp(name, "windows-1258-decomposed")) {
    b = cp1258_decomposed(text);
  } else if (!strcmp(name, "tcvn3")) {
    b = encode_table("tcvn3.tsv", text);
  } else if (!strcmp(name, "vni")) {
    b = encode_table("vni.tsv", text);
  }
  return b;
}

static const variant variants[] = {
  {"utf-8", "utf-8"}, {"utf-8-bom", "utf-8"}, {"utf-16le", "utf-16le"}, {"utf-16be", "utf-16be"},
  {"nfd", "utf-8"}, {"windows-1258", "windows-1258"}, {"windows-1258-decomposed", "windows-1258"},
  {"tcvn3", "tcvn3"}, {"vni", "vni"},
};

static void test_round_trips(void **state)
{
  const char *text = sample();
  for (size_t i = 0; i < sizeof variants / sizeof *variants; i++) {
    bytes b = make_variant(variants[i].name, text);
    assert_non_null(b.p);
    print_message("round trip %s (%zu bytes)\n", variants[i].name, b.n);
    expect_text(b.p, b.n, NULL, variants[i].force, text);          /* detected */
    expect_text(b.p, b.n, variants[i].force, variants[i].force, text); /* forced */
    free(b.p);
  }
}

/* Every legacy file, forced to be read as another legacy encoding (or UTF-8), is refused. */
static void test_wrong_forced_encoding(void **state)
{
  const char *legacy[] = {"windows-1258", "tcvn3", "vni"};
  const char *forced[] = {"utf-8", "windows-1258", "tcvn3", "vni"};
  for (int i = 0; i < 3; i++) {
    bytes b = make_variant(legacy[i], sample());
    for (int j = 0; j < 4; j++) {
      if (!strcmp(legacy[i], forced[j]))
        continue;
      print_message("%s read as %s\n", legacy[i], forced[j]);
      expect_error(b.p, b.n, forced[j], LOA_DEC_EWRONGENC, forced[j]);
    }
    free(b.p);
  }
  /* UTF-8 forced to a legacy encoding, and UTF-16 to anything else */
  expect_error(sample(), strlen(sample()), "tcvn3", LOA_DEC_EWRONGENC, "UTF-8");
  bytes u = make_variant("utf-16le", sample());
  expect_error(u.p, u.n, "utf-8", LOA_DEC_EWRONGENC, "byte-order mark");
  expect_error(u.p, u.n, "utf-16be", LOA_DEC_EWRONGENC, "byte-order mark");
  free(u.p);
  expect_error(sample(), strlen(sample()), "utf-16le", LOA_DEC_EWRONGENC, "utf-16le");
  /* the message says what it reads as instead */
  bytes t = make_variant("tcvn3", sample());
  expect_error(t.p, t.n, "vni", LOA_DEC_EWRONGENC, "tcvn3");
  free(t.p);
}

/* Independent answers for the tables: glibc's TCVN 5712 (VN1) agrees with every TCVN3
 * letter byte, and classic VNI spellings decode as everyone knows them. */
static void test_tables_against_independent_answers(void **state)
{
  iconv_t cd = iconv_open("UTF-8", "TCVN5712-1");
  assert_true(cd != (iconv_t)-1);
  for (int b = 0xA1; b <= 0xFF; b++) {
    if (b >= 0xB0 && b <= 0xB4)
      continue;   /* combining tone marks, checked below */
    /* inside a word, so that the letter reading is the only one */
    unsigned char in[8] = {'x', ' ', 'n', (unsigned char)b, 'n', '\n'};
    char ref[16], *ip = (char *)in + 3, *op = ref;
    size_t il = 1, ol = sizeof ref;
    assert_int_not_equal(iconv(cd, &ip, &il, &op, &ol), (size_t)-1);
    iconv(cd, NULL, NULL, &op, &ol);
    *op = 0;
    loa_text t;
    char err[256];
    assert_int_equal(decode(in, 6, "tcvn3", &t, err), 0);
    char want[32];
    snprintf(want, sizeof want, "x n%sn\n", ref);
    if (strcmp(t.text, want) && strcmp(t.text + 3, want + 3))
      fail_msg("TCVN3 byte 0x%02X: got %s, glibc VN1 says %s", b, t.text, want);
    loa_text_free(&t);
  }
  iconv_close(cd);
  static const struct { const char *vni, *utf8; } vni[] = {
    {"Vie\xE4t Nam", "Việt Nam"},
    {"Tie\xE1ng Vie\xE4t", "Tiếng Việt"},
    {"Xin cha\xF8o ca\xF9" "c ba\xEFn", "Xin chào các bạn"},
    {"Tha\xF8nh pho\xE1 Ho\xE0 Ch\xED Minh", "Thành phố Hồ Chí Minh"},
    {"\xD1\xF6\xF4\xF8ng l\xE0ng", "Đường làng"},
  };
  for (size_t i = 0; i < sizeof vni / sizeof *vni; i++) {
    char buf[128];
    snprintf(buf, sizeof buf, "%s\n", vni[i].utf8);
    expect_text(vni[i].vni, strlen(vni[i].vni), "vni", "vni", buf);
  }
  expect_text("\xD1\x61\xF8 Na\xFCng\n", 10, "vni", "vni", "Đà Nẵng\n");
  /* TCVN3 combining marks after a base letter compose */
  expect_text(S("Vi\xD6t nam a\xB3 o\xB4\n"), "tcvn3", "tcvn3", "Việt nam á ọ\n");
}

/* TCVN3 as Windows text has it: curly quotes and dashes at 0x91-0x97, capitals from the
 * .VnTimeH font as lower-case codes, and "A" + "á" written for "Á" by some converters. */
static void test_tcvn3_windows_habits(void **state)
{
  /* “Chuyển đổi số” – quotes and an en dash, not the VN1 capitals Ỏ Õ Ọ */
  const char quotes[] = "\x93\x43huy\xD3n \xAE\xE6i s\xE8\x94 \x96 th\xEAi \xAE\xE6i\n";
  expect_text(quotes, strlen(quotes), "tcvn3", "tcvn3", "\"Chuyển đổi số\" - thời đổi\n");
  /* ... but a VN1 capital inside a word stays a letter: HÒA = H + 0x92 + A */
  expect_text("H\x92\x41 B\x8A\x4E\n", 8, "tcvn3", "tcvn3", "HÒA BÉN\n");
  /* .VnTimeH heading: B¸O C¸O, TH«NG B¸O */
  const char caps[] = "B\xB8O C\xB8O K\xD5T QU\xB6\n\xAB \xAE\xE9ng vi\xAAn ngh\xD6 s\xDE.\n";
  expect_text(caps, strlen(caps), "tcvn3", "tcvn3", "BÁO CÁO KẾT QUẢ\nô động viên nghệ sị.\n");
  /* a short line in capitals with one toned word: restored when its other words in capitals
   * are syllables (a signature title), not beside an abbreviation ("Mã QR") */
  const char sig[] = "T/M CHI B\xE9\nB\xDD TH\xA6\nM\xB7 QR\n";
  expect_text(sig, strlen(sig), "tcvn3", "tcvn3", "T/M CHI BỘ\nBÍ THƯ\nMã QR\n");
  /* a sentence starting with a toned letter lost its capital to the font: restored */
  const char start[] = "T\xF4t. \xF1y ban nh\xA9n d\xA9n x\xB7.\n";
  expect_text(start, strlen(start), "tcvn3", "tcvn3", "Tụt. Ủy ban nhân dân xã.\n");
  /* "A" followed by "á" (a converter's way to write Á) */
  expect_text("CA\xB8O\n", 5, "tcvn3", "tcvn3", "CÁO\n");
  /* a bullet (0x95, VN1 Ó) or en dash (0x96, VN1 Ọ) opening a line is the list marker, even
   * in a text that writes VN1 capitals (Ủ = 0x9E) elsewhere */
  const char list[] = "\x9EY BAN\n\x95\tC\xB8\x63 h\xE9 d\xA9n;\n\x96 Th\xABn \xA7\xABng.\n";
  expect_text(list, strlen(list), "tcvn3", "tcvn3", "ỦY BAN\n- Các hộ dân;\n- Thôn Đông.\n");
}

/* ---- look-alikes, line ends, BOMs ---- */

static void test_lookalikes_table(void **state)
{
  tu_table t;
  tu_table_open(&t, src_path("tests/unit/decode_lookalikes.tsv"));
  int cases = 0;
  while (tu_table_next(&t)) {
    tu_table_need(&t, 3);
    char *i2 = tu_unescape(t.cell[1]), *w2 = tu_unescape(t.cell[2]);
    print_message("look-alike case %s (%s)\n", t.cell[0], t.where);
    expect_text(i2, strlen(i2), NULL, NULL, w2);
    free(i2);
    free(w2);
    cases++;
  }
  tu_table_close(&t);
  assert_true(cases >= 15);
}

static int count_lines(const char *s, size_t n)
{
  int k = 0;
  for (size_t i = 0; i < n; i++)
    k += s[i] == '\n';
  return k;
}

static void test_line_numbers_kept(void **state)
{
  const char *in = "một\r\nhai\rba\n\nbốn\u2028vẫn dòng bốn\nnăm";
  loa_text t;
  char err[256];
  assert_int_equal(decode(in, strlen(in), NULL, &t, err), 0);
  assert_string_equal(t.text, "một\nhai\nba\n\nbốn vẫn dòng bốn\nnăm\n");
  assert_int_equal(count_lines(t.text, t.len), 6);
  loa_text_free(&t);
}

/* UTF-8 with Windows punctuation bytes pasted in from an older document: read as meant when
 * those are the only bytes UTF-8 lacks; any other byte refuses the file, saying where. */
static void test_utf8_with_stray_bytes(void **state)
{
  (void)state;
  char buf[2048];
  int n = snprintf(buf, sizeof buf, "%s", "Ủy ban nhân dân xã Yên Hòa thông báo lịch tiêm phòng cho đàn gia súc.\n"
                                         "Thời gian tiêm từ ngày mười hai đến ngày hai mươi tháng mười.\n"
                                         "Giai đoạn 2022 \x96 2025, \x93" "Chuyển đổi số\x94 \x85\n\x95 Thôn Đông.\n");
  expect_text(buf, (size_t)n, NULL, "utf-8", "Ủy ban nhân dân xã Yên Hòa thông báo lịch tiêm phòng cho đàn gia súc.\n"
                                             "Thời gian tiêm từ ngày mười hai đến ngày hai mươi tháng mười.\n"
                                             "Giai đoạn 2022 - 2025, \"Chuyển đổi số\" …\n- Thôn Đông.\n");
  expect_text(buf, (size_t)n, "utf-8", "utf-8", "Ủy ban nhân dân xã Yên Hòa thông báo lịch tiêm phòng cho đàn gia súc.\n"
                                                "Thời gian tiêm từ ngày mười hai đến ngày hai mươi tháng mười.\n"
                                                "Giai đoạn 2022 - 2025, \"Chuyển đổi số\" …\n- Thôn Đông.\n");
  /* a letter byte (Windows-1258 "à") is not guessed */
  n = snprintf(buf, sizeof buf, "%s", "Ủy ban nhân dân xã Yên Hòa thông báo lịch tiêm phòng cho đàn gia súc.\n"
                                     "Thời gian tiêm từ ngày mười hai đến ngày hai mươi tháng mười.\ngi\xe0 \x96 2025\n");
  expect_error(buf, (size_t)n, NULL, LOA_DEC_EUNDECIDED, "UTF-8 but for 2 byte(s) UTF-8 does not have, from line 3");
  expect_error(buf, (size_t)n, "utf-8", LOA_DEC_EWRONGENC, "from line 3");
}

static void test_utf16_without_bom(void **state)
{
  bytes u = iconv_to("UTF-16LE", BULLETIN);
  expect_text(u.p, u.n, NULL, "utf-16le", BULLETIN);
  free(u.p);
  u = iconv_to("UTF-16BE", BULLETIN);
  expect_text(u.p, u.n, NULL, "utf-16be", BULLETIN);
  free(u.p);
}

/* ---- refusals ---- */

static void test_undecidable(void **state)
{
  /* one accented byte: à in Windows-1258, Ổ in TCVN3 - both a syllable; nobody can tell */
  expect_error("ban \xE0 ngay\n", 11, NULL, LOA_DEC_EUNDECIDED, "tcvn3");
  expect_error("ban \xE0 ngay\n", 11, NULL, LOA_DEC_EUNDECIDED, "windows-1258");
  /* high bytes that read as nothing in any of them */
  const char junk[] = "a\xE5\xF7\xE9q \xFC\xE6\xE8z \xF7\xE5\xE9 k\xE6\xFC\xE9 \xE8\xE6\xF7\n";
  expect_error(junk, strlen(junk), NULL, LOA_DEC_EUNDECIDED, "vni");
  /* a UTF-8 BOM over bytes that are not UTF-8 */
  expect_error(S("\xEF\xBB\xBFVi\xD6t\n"), NULL, LOA_DEC_EUNDECIDED, "byte-order mark");
}

static void test_binary_and_empty(void **state)
{
  expect_error("", 0, NULL, LOA_DEC_EEMPTY, "empty");
  expect_error(" \n\t\r\n   \n", 9, NULL, LOA_DEC_EEMPTY, "spaces");
  expect_error("\xEF\xBB\xBF  \n", 6, NULL, LOA_DEC_EEMPTY, NULL);
  expect_error("\xFF\xFE \x00\n\x00", 6, NULL, LOA_DEC_EEMPTY, NULL);
  const unsigned char bin[] = {'a', 0, 1, 2, 3, 0xFF, 0, 'b', 0x10, 0x7F, 0, 0, 9, 0x80, 0x81, 0};
  expect_error(bin, sizeof bin, NULL, LOA_DEC_EBINARY, "binary");
  expect_error(bin, sizeof bin, "windows-1258", LOA_DEC_EBINARY, "binary");
  expect_error("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, NULL, LOA_DEC_EBINARY, "image");
  expect_error("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", 10, NULL, LOA_DEC_EBINARY, ".doc");
  expect_error("{\\rtf1\\ansi hello}", 18, NULL, LOA_DEC_EBINARY, "RTF");
  char ctl[64];
  for (int i = 0; i < 64; i++)
    ctl[i] = (char)(i % 2 ? 0x1C : 'a');
  expect_error(ctl, sizeof ctl, NULL, LOA_DEC_EBINARY, NULL);
  expect_error("abc", 3, "klingon", LOA_DEC_EBADENC, "klingon");
}

static char tmpdir[64];

static char *tmp_file(const char *name, const void *data, size_t n)
{
  static char path[256];
  tu_write_file(tu_path(path, sizeof path, tmpdir, name), data, n);
  return path;
}

static void test_files(void **state)
{
  loa_text t;
  char err[256];
  char *p = tmp_file("tin.txt", BULLETIN, strlen(BULLETIN));
  assert_int_equal(loa_decode_file(p, NULL, 0, &t, err, sizeof err), 0);
  assert_string_equal(t.text, BULLETIN);
  loa_text_free(&t);
  assert_int_equal(loa_decode_file(p, NULL, 100, &t, err, sizeof err), LOA_DEC_ETOOBIG);
  assert_null(strstr(err, tmpdir));   /* the caller adds the path */
  assert_int_equal(loa_decode_file(p, "auto", strlen(BULLETIN), &t, err, sizeof err), 0);
  loa_text_free(&t);
  char missing[300];
  snprintf(missing, sizeof missing, "%s/khong-co.txt", tmpdir);
  assert_int_equal(loa_decode_file(missing, NULL, 0, &t, err, sizeof err), LOA_DEC_ENOENT);
  assert_int_equal(loa_decode_file(tmpdir, NULL, 0, &t, err, sizeof err), LOA_DEC_EIO);
  assert_non_null(strstr(err, "folder"));
  p = tmp_file("rong.txt", "", 0);
  assert_int_equal(loa_decode_file(p, NULL, 0, &t, err, sizeof err), LOA_DEC_EEMPTY);
  if (geteuid() != 0) {   /* root reads anything */
    p = tmp_file("khoa.txt", "x\n", 2);
    chmod(p, 0);
    assert_int_equal(loa_decode_file(p, NULL, 0, &t, err, sizeof err), LOA_DEC_EIO);
  }
  assert_int_equal(loa_decode_file("/dev/null", NULL, 0, &t, err, sizeof err), LOA_DEC_EIO);
}

static void test_markdown(void **state)
{
  const char md[] =
    "# THÔNG BÁO\n"
    "## 1. Lịch **tiêm phòng**\n"
    "Xem [trang của xã](http://xa.gov.vn) và ![ảnh](a.png) *ngay*.\n"
    "* Mục một\n"
    "+ Mục hai\n"
    "1. Mục số\n"
    "> Trích: `mã` 2*3 và a_b\n"
    "---\n"
    "| Thôn | Số hộ |\n"
    "|---|---:|\n"
    "| Đông | 12 |\n"
    "\\*Không\\* phải nhấn mạnh\n";
  const char want[] =
    "THÔNG BÁO\n"
    "1. Lịch tiêm phòng\n"
    "Xem trang của xã và ảnh ngay.\n"
    "- Mục một\n"
    "- Mục hai\n"
    "1. Mục số\n"
    "Trích: mã 2*3 và a_b\n"
    "\n"
    "Thôn | Số hộ\n"
    "\n"
    "Đông | 12\n"
    "*Không* phải nhấn mạnh\n";
  char *p = tmp_file("tin.md", md, strlen(md));
  loa_text t;
  char err[256];
  assert_int_equal(loa_decode_file(p, NULL, 0, &t, err, sizeof err), 0);
  assert_string_equal(t.text, want);
  assert_int_equal(count_lines(t.text, t.len), count_lines(md, strlen(md)));
  loa_text_free(&t);
}

/* ---- documents built here ---- */

static bytes make_zip(const char *const *names, const char *const *contents, int n)
{
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
  assert_non_null(src);
  zip_source_keep(src);
  zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
  assert_non_null(z);
  for (int i = 0; i < n; i++) {
    zip_source_t *s = zip_source_buffer(z, contents[i], strlen(contents[i]), 0);
    assert_true(zip_file_add(z, names[i], s, ZIP_FL_ENC_UTF_8) >= 0);
  }
  assert_int_equal(zip_close(z), 0);
  bytes out = {0};
  assert_int_equal(zip_source_open(src), 0);
  zip_source_seek(src, 0, SEEK_END);
  zip_int64_t size = zip_source_tell(src);
  zip_source_seek(src, 0, SEEK_SET);
  out.p = malloc((size_t)size + 1);
  out.n = (size_t)zip_source_read(src, out.p, (zip_uint64_t)size);
  zip_source_close(src);
  zip_source_free(src);
  zip_error_fini(&ze);
  return out;
}

#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" " \
             "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\""

static void test_docx(void **state)
{
  const char *doc =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
    "<w:document " W_NS "><w:body>"
    "<w:p><w:r><w:t>THÔNG BÁO</w:t></w:r></w:p>"
    "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"2\"/></w:numPr></w:pPr>"
    "<w:r><w:t>Kết quả</w:t></w:r></w:p>"
    "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"2\"/></w:numPr></w:pPr>"
    "<w:r><w:t>Tiêm phòng</w:t></w:r></w:p>"
    "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"2\"/></w:numPr></w:pPr>"
    "<w:r><w:t>Nhiệm vụ</w:t></w:r></w:p>"
    "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>"
    "<w:r><w:t xml:space=\"preserve\">Hộ </w:t></w:r><w:del><w:r><w:delText>đã xóa </w:delText></w:r></w:del>"
    "<w:ins><w:r><w:t xml:space=\"preserve\">chăn </w:t></w:r></w:ins><w:r><w:t>nu</w:t><w:softHyphen/><w:t>ôi</w:t><w:tab/><w:t>đăng</w:t>"
    "<w:noBreakHyphen/><w:t>ký</w:t></w:r></w:p>"
    "<w:p><w:r><w:sym w:font=\"Symbol\" w:char=\"F0B7\"/><w:tab/><w:t>Mục có ký hiệu</w:t></w:r></w:p>"
    "<w:p><w:r><w:t>Xem khung</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\">"
    "<w:drawing><w:txbxContent><w:p><w:r><w:t>Trong khung</w:t></w:r></w:p></w:txbxContent></w:drawing>"
    "</mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Trong khung</w:t></w:r></w:p>"
    "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Thôn</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Số hộ</w:t></w:r></w:p></w:tc>"
    "<w:tc><w:p/></w:tc></w:tr>"
    "<w:tr><w:tc><w:p><w:r><w:t>Đông</w:t></w:r></w:p><w:p><w:r><w:t>Thịnh</w:t></w:r></w:p></w:tc>"
    "<w:tc><w:p><w:r><w:t>120</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr>"
    "<w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>"
    "<w:p/>"
    "<w:p><w:r><w:instrText>PAGE</w:instrText><w:t>Hết.</w:t></w:r></w:p>"
    "<w:sectPr/></w:body></w:document>";
  const char *numbering =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:numbering " W_NS ">"
    "<w:abstractNum w:abstractNumId=\"10\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/>"
    "<w:lvlText w:val=\"\xEF\x82\xB7\"/></w:lvl></w:abstractNum>"
    "<w:abstractNum w:abstractNumId=\"20\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"upperRoman\"/>"
    "<w:lvlText w:val=\"%1.\"/></w:lvl><w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/>"
    "<w:lvlText w:val=\"%1.%2.\"/></w:lvl></w:abstractNum>"
    "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"10\"/></w:num>"
    "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"20\"/></w:num></w:numbering>";
  const char *names[] = {"[Content_Types].xml", "word/document.xml", "word/numbering.xml"};
  const char *contents[] = {"<Types/>", doc, numbering};
  bytes z = make_zip(names, contents, 3);
  expect_text(z.p, z.n, NULL, "docx",
              "THÔNG BÁO\n"
              "I. Kết quả\n"
              "I.1. Tiêm phòng\n"
              "II. Nhiệm vụ\n"
              "- Hộ chăn nuôi đăng-ký\n"
              "- Mục có ký hiệu\n"
              "Xem khung\n"
              "Trong khung\n"
              "Thôn | Số hộ | \n"
              "Đông Thịnh | 120 | x\n"
              "\n"
              "Hết.\n");
  free(z.p);
  /* damaged: not XML; and a zip that is not a document */
  const char *bad[] = {"[Content_Types].xml", "word/document.xml"};
  const char *badc[] = {"<Types/>", "<w:document><w:body><w:p>"};
  z = make_zip(bad, badc, 2);
  expect_error(z.p, z.n, NULL, LOA_DEC_EDOC, "damaged");
  free(z.p);
  const char *xl[] = {"[Content_Types].xml", "xl/workbook.xml"};
  z = make_zip(xl, badc, 2);
  expect_error(z.p, z.n, NULL, LOA_DEC_EBINARY, "spreadsheet");
  free(z.p);
  const char *other[] = {"notes.txt"};
  z = make_zip(other, badc, 1);
  expect_error(z.p, z.n, NULL, LOA_DEC_EBINARY, "zip");
  free(z.p);
  expect_error("PK\x03\x04garbage that is not a zip", 30, NULL, LOA_DEC_EDOC, "damaged");
}

#define O_NS "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" " \
             "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" " \
             "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" " \
             "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" " \
             "xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\""

static void test_odt(void **state)
{
  const char *content =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content " O_NS ">"
    "<office:automatic-styles><text:list-style style:name=\"L1\">"
    "<text:list-level-style-number text:level=\"1\" style:num-format=\"a\" style:num-suffix=\")\"/>"
    "</text:list-style></office:automatic-styles>"
    "<office:body><office:text><text:sequence-decls/>"
    "<text:h text:outline-level=\"1\">KẾ HOẠCH</text:h>"
    "<text:p>Trâu<text:s text:c=\"3\"/>bò<text:tab/>lợn<text:line-break/>gà"
    "<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>chú thích</text:p>"
    "</text:note-body></text:note>.</text:p>"
    "<text:list><text:list-item><text:p>Thôn <text:span>Đông</text:span></text:p>"
    "<text:list><text:list-item><text:p>xóm trong</text:p></text:list-item></text:list></text:list-item>"
    "<text:list-item><text:p>Thôn Tây</text:p></text:list-item></text:list>"
    "<text:list text:style-name=\"L1\"><text:list-item><text:p>Một</text:p></text:list-item>"
    "<text:list-item><text:p>Hai</text:p></text:list-item></text:list>"
    "<table:table><table:table-column/><table:table-header-rows><table:table-row>"
    "<table:table-cell><text:p>Việc</text:p></table:table-cell><table:table-cell><text:p>Ngày</text:p></table:table-cell>"
    "</table:table-row></table:table-header-rows>"
    "<table:table-row><table:table-cell><text:p>Tiêm</text:p></table:table-cell>"
    "<table:table-cell><text:p>12/10</text:p></table:table-cell>"
    "<table:table-cell table:number-columns-repeated=\"1000\"/></table:table-row></table:table>"
    "<text:section><text:p>Hết.</text:p></text:section>"
    "</office:text></office:body></office:document-content>";
  const char *names[] = {"mimetype", "content.xml"};
  const char *contents[] = {"application/vnd.oasis.opendocument.text", content};
  bytes z = make_zip(names, contents, 2);
  expect_text(z.p, z.n, NULL, "odt",
              "KẾ HOẠCH\n"
              "Trâu   bò lợn gà.\n"
              "- Thôn Đông\n"
              "- xóm trong\n"
              "- Thôn Tây\n"
              "a) Một\n"
              "b) Hai\n"
              "Việc | Ngày\n"
              "Tiêm | 12/10\n"
              "Hết.\n");
  free(z.p);
}

/* Fixtures made from our own text: pandoc .docx/.odt and a cairo PDF (tests/fixtures/decode/README). */
static void test_fixtures(void **state)
{
  static const char *const files[] = {"thong-bao.docx", "thong-bao.odt", "thong-bao.pdf"};
  char *ref = NULL;
  for (size_t i = 0; i < 3; i++) {
    char rel[160];
    snprintf(rel, sizeof rel, "tests/fixtures/decode/%s", files[i]);
    loa_text t;
    char err[256];
    int rc = loa_decode_file(src_path(rel), NULL, 0, &t, err, sizeof err);
    if (rc)
      fail_msg("%s: %s", files[i], err);
    loa_doc d;
    assert_int_equal(loa_clean(t.text, t.len, &d, NULL, 0), 0);
    bytes words = {0};
    for (size_t b = 0; b < d.nblocks; b++) {
      put(&words, d.blocks[b].text, strlen(d.blocks[b].text));
      put(&words, " ", 1);
    }
    if (!strcmp(files[i], "thong-bao.pdf")) {   /* page furniture went, with its reason */
      assert_non_null(strchr(t.text, '\f'));
      int pagenos = 0, running = 0;
      for (size_t k = 0; k < d.ndropped; k++) {
        pagenos += !strncmp(d.dropped[k].reason, "page number", 11);
        running += !strncmp(d.dropped[k].reason, "running", 7);
      }
      assert_true(pagenos >= 2);
      assert_true(running >= 2);
    }
    print_message("%s: %zu blocks, %zu dropped\n", files[i], d.nblocks, d.ndropped);
    if (!ref)
      ref = (char *)words.p;
    else {
      assert_string_equal((char *)words.p, ref);
      free(words.p);
    }
    loa_doc_free(&d);
    loa_text_free(&t);
  }
  assert_non_null(strstr(ref, "tiêm phòng"));
  free(ref);
}

/* Inputs that once crashed, leaked or broke a promise in the fuzzers (tests/fuzz/regress/NAME,
 * the input exactly as the fuzz target got it) now keep the promises the targets check. */
static void check_decoded(const loa_text *t)
{
  assert_non_null(t->text);
  assert_int_equal(strlen(t->text), t->len);
  assert_true(t->len > 0 && t->text[t->len - 1] == '\n');
  assert_null(strchr(t->text, '\r'));
  utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)t->text);
  assert_non_null(nfc);
  assert_string_equal((char *)nfc, t->text);
  free(nfc);
}

static void check_cleaned(const loa_doc *d)
{
  for (size_t i = 0; i < d->nblocks; i++) {
    assert_true(d->blocks[i].text[0] != 0);
    assert_null(strchr(d->blocks[i].text, '\n'));
    assert_true(i == 0 || d->blocks[i].line > d->blocks[i - 1].line);
  }
  for (size_t i = 0; i < d->ndropped; i++)
    assert_true(i == 0 || d->dropped[i].line > d->dropped[i - 1].line);
}

static void test_fuzz_regressions(void **state)
{
  static const char *const enc[8] = {NULL, "utf-8", "utf-16le", "utf-16be", "windows-1258", "tcvn3", "vni", "auto"};
  const char *dirs[] = {"tests/fuzz/regress/decode", "tests/fuzz/regress/clean"};
  int seen = 0;
  for (int d = 0; d < 2; d++) {
    char dir[4200];
    snprintf(dir, sizeof dir, "%s", src_path(dirs[d]));
    DIR *dp = opendir(dir);
    if (!dp)
      continue;
    struct dirent *e;
    while ((e = readdir(dp))) {
      if (e->d_name[0] == '.')
        continue;
      char path[4500];
      snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
      size_t n;
      char *data = tu_read_file(path, &n);
      assert_non_null(data);
      print_message("regression %s/%s\n", d ? "clean" : "decode", e->d_name);
      seen++;
      if (d == 0) {   /* first byte: the encoding, as fuzz_decode takes it */
        loa_text t;
        char err[256];
        if (n && decode(data + 1, n - 1, enc[data[0] & 7], &t, err) == 0) {
          check_decoded(&t);
          loa_doc doc;
          assert_int_equal(loa_clean(t.text, t.len, &doc, NULL, 0), 0);
          check_cleaned(&doc);
          loa_doc_free(&doc);
          loa_text_free(&t);
        }
      } else {
        loa_doc doc;
        assert_int_equal(loa_clean(data, n, &doc, NULL, 0), 0);
        check_cleaned(&doc);
        loa_doc_free(&doc);
      }
      free(data);
    }
    closedir(dp);
  }
  assert_true(seen > 0);
}

static int setup(void **state)
{
  return tu_tmpdir(tmpdir, sizeof tmpdir, "decode");
}

static int teardown(void **state)
{
  return tu_rmtree(tmpdir);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_round_trips),
    cmocka_unit_test(test_wrong_forced_encoding),
    cmocka_unit_test(test_tables_against_independent_answers),
    cmocka_unit_test(test_tcvn3_windows_habits),
    cmocka_unit_test(test_lookalikes_table),
    cmocka_unit_test(test_line_numbers_kept),
    cmocka_unit_test(test_utf8_with_stray_bytes),
    cmocka_unit_test(test_utf16_without_bom),
    cmocka_unit_test(test_undecidable),
    cmocka_unit_test(test_binary_and_empty),
    cmocka_unit_test(test_files),
    cmocka_unit_test(test_markdown),
    cmocka_unit_test(test_docx),
    cmocka_unit_test(test_odt),
    cmocka_unit_test(test_fixtures),
    cmocka_unit_test(test_fuzz_regressions),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
