/* decode_doc.c: the text of .docx (Office Open XML) and .odt (OpenDocument) files.
 *
 * Both are zip archives of XML (libzip + libxml2). The body is walked in document
 * order and written one line per paragraph, one line per list item (prefixed "- " for
 * bullets, or its number as Word/LibreOffice would show it: "1.", "a)", "II."), and one
 * line per table row with the cells joined by " | ". Text boxes follow the paragraph
 * that anchors them. Not read: page headers and footers (page furniture), footnotes,
 * comments, deleted tracked changes, field codes, tables of contents.
 * The XML is parsed without network access, without loading DTDs and without
 * expanding entities; an entry unpacking to more than 32 MB is refused.
 */
#include "tts/decode_internal.h"
#include "tts/decode.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define XML_MAX (32u << 20)
#define MAX_DEPTH 64

/* ---- zip ---- */

static zip_t *zip_from(const unsigned char *buf, size_t n)
{
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(buf, n, 0, &ze);
  zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
  if (src && !z)
    zip_source_free(src);
  zip_error_fini(&ze);
  return z;
}

/* Read entry NAME. Returns 0, 1 if absent, or a LOA_DEC_* error. */
static int zip_read(zip_t *z, const char *name, char **data, size_t *len, char *err, size_t errlen)
{
  *data = NULL;
  *len = 0;
  zip_int64_t idx = zip_name_locate(z, name, 0);
  if (idx < 0)
    return 1;
  zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)idx, 0);
  if (!f) {
    snprintf(err, errlen, "the document is damaged or encrypted (cannot unpack %s)", name);
    return LOA_DEC_EDOC;
  }
  loa_buf s = LOA_BUF_INIT;
  char buf[16384];
  zip_int64_t r;
  int rc = 0;
  while ((r = zip_fread(f, buf, sizeof buf)) > 0) {
    loa_buf_put(&s, buf, (size_t)r);
    if (s.n > XML_MAX) {
      snprintf(err, errlen, "the document unpacks to more than %u MB of text; not a bulletin", XML_MAX >> 20);
      rc = LOA_DEC_ETOOBIG;
      break;
    }
  }
  if (!rc && r < 0) {
    snprintf(err, errlen, "the document is damaged (cannot unpack %s)", name);
    rc = LOA_DEC_EDOC;
  }
  zip_fclose(f);
  if (!rc && s.oom)
    rc = LOA_DEC_ENOMEM;
  if (rc) {
    loa_buf_free(&s);
    return rc;
  }
  *data = s.p ? s.p : calloc(1, 1);
  *len = s.n;
  return *data ? 0 : LOA_DEC_ENOMEM;
}

static int zip_has(zip_t *z, const char *name)
{
  return zip_name_locate(z, name, 0) >= 0;
}

int loa_dec_zip_kind(const unsigned char *buf, size_t n, char *what, size_t whatlen)
{
  zip_t *z = zip_from(buf, n);
  if (!z) {
    snprintf(what, whatlen, "a damaged or incomplete zip archive");
    return -2;
  }
  int kind = -1;
  char *mt = NULL;
  size_t ml = 0;
  char e[128];
  if (zip_has(z, "word/document.xml") || zip_has(z, "[Content_Types].xml")) {
    if (zip_has(z, "word/document.xml"))
      kind = LOA_DOC_DOCX;
    else if (zip_has(z, "xl/workbook.xml"))
      snprintf(what, whatlen, "an Excel spreadsheet (.xlsx)");
    else if (zip_has(z, "ppt/presentation.xml"))
      snprintf(what, whatlen, "a PowerPoint presentation (.pptx)");
    else
      snprintf(what, whatlen, "an Office file that is not a Word document");
  } else if (zip_read(z, "mimetype", &mt, &ml, e, sizeof e) == 0) {
    if (ml >= 39 && !memcmp(mt, "application/vnd.oasis.opendocument.text", 39))
      kind = LOA_DOC_ODT;
    else if (ml >= 46 && !memcmp(mt, "application/vnd.oasis.opendocument.spreadsheet", 46))
      snprintf(what, whatlen, "a spreadsheet (.ods)");
    else
      snprintf(what, whatlen, "an OpenDocument file that is not a text document");
  } else {
    snprintf(what, whatlen, "a zip archive");
  }
  free(mt);
  zip_discard(z);
  return kind;
}

/* ---- XML helpers ---- */

static xmlDocPtr parse_xml(const char *data, size_t len)
{
  if (len > (size_t)INT32_MAX)
    return NULL;
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (!ctxt)
    return NULL;
  xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)len, NULL, NULL,
                                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  xmlFreeParserCtxt(ctxt);
  return doc;
}

/* An element named NAME in a namespace whose URI contains NSFRAG. */
static int is_el(const xmlNode *n, const char *nsfrag, const char *name)
{
  return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name) && n->ns &&
         n->ns->href && strstr((const char *)n->ns->href, nsfrag);
}

/* Value of the attribute with local name NAME (any namespace), or NULL. */
static const char *attr(const xmlNode *n, const char *name)
{
  for (xmlAttrPtr a = n->properties; a; a = a->next)
    if (!strcmp((const char *)a->name, name) && a->children && a->children->content)
      return (const char *)a->children->content;
  return NULL;
}

static const xmlNode *child(const xmlNode *n, const char *nsfrag, const char *name)
{
  for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
    if (is_el(c, nsfrag, name))
      return c;
  return NULL;
}

static void put_text_nodes(const xmlNode *n, loa_buf *out)
{
  for (const xmlNode *t = n->children; t; t = t->next)
    if ((t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) && t->content)
      for (const char *p = (const char *)t->content; *p; p++)
        loa_buf_putc(out, (*p == '\n' || *p == '\r') ? ' ' : *p);
}

/* Lines of a block (paragraphs of a table cell) -> one line: '\n' -> ' ', trimmed. */
static void put_flat(loa_buf *out, const loa_buf *cell)
{
  size_t a = 0, z = cell->n;
  while (a < z && (cell->p[a] == ' ' || cell->p[a] == '\n'))
    a++;
  while (z > a && (cell->p[z - 1] == ' ' || cell->p[z - 1] == '\n'))
    z--;
  for (size_t i = a; i < z; i++)
    loa_buf_putc(out, cell->p[i] == '\n' ? ' ' : cell->p[i]);
}

/* ---- list numbers ---- */

enum { F_BULLET, F_DECIMAL, F_DECIMAL_ZERO, F_UROMAN, F_LROMAN, F_ULETTER, F_LLETTER, F_NONE };

static void put_number(loa_buf *out, int fmt, int v)
{
  char buf[64];
  if (v < 1)
    v = 1;
  if ((fmt == F_UROMAN || fmt == F_LROMAN) && v < 4000) {
    static const int val[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
    static const char *const sym[] = {"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"};
    size_t o = 0;
    for (int i = 0; i < 13; i++)
      while (v >= val[i]) {
        for (const char *s = sym[i]; *s; s++)
          buf[o++] = fmt == F_LROMAN ? (char)(*s + 32) : *s;
        v -= val[i];
      }
    buf[o] = 0;
  } else if (fmt == F_ULETTER || fmt == F_LLETTER) {
    int reps = (v - 1) / 26 + 1;   /* Word: a..z, aa..zz */
    if (reps > 8)
      reps = 8;
    for (int i = 0; i < reps; i++)
      buf[i] = (char)((fmt == F_ULETTER ? 'A' : 'a') + (v - 1) % 26);
    buf[reps] = 0;
  } else {
    snprintf(buf, sizeof buf, fmt == F_DECIMAL_ZERO ? "%02d" : "%d", v);
  }
  loa_buf_puts(out, buf);
}

/* ---- .docx ---- */

#define W "wordprocessingml"
#define MC "markup-compatibility"

typedef struct {
  int fmt, start;
  char text[48];
} w_lvl;

typedef struct {
  int id;
  w_lvl lvl[9];
} w_abstract;

typedef struct {
  int id, abs;            /* index into abstracts, -1 if missing */
  int override[9];        /* start overrides, 0 = none */
  int count[9];           /* 0 = level not started */
} w_num;

typedef struct {
  char id[64];
  int num_id, ilvl;
} w_style;

typedef struct {
  w_abstract *abs;
  size_t nabs, capabs;
  w_num *num;
  size_t nnum, capnum;
  w_style *sty;
  size_t nsty, capsty;
  loa_buf boxes;           /* text boxes met inside the current paragraph */
  int depth;              /* recursion guard */
  int nest;               /* > 0 inside a text box or table cell */
} docx_ctx;

static int ival(const xmlNode *n, const char *name, int dflt)
{
  const char *v = n ? attr(n, name) : NULL;
  return v ? atoi(v) : dflt;
}

static int w_fmt(const char *v)
{
  if (!v || !strcmp(v, "bullet"))
    return F_BULLET;
  if (!strcmp(v, "none"))
    return F_NONE;
  if (!strcmp(v, "decimalZero"))
    return F_DECIMAL_ZERO;
  if (!strcmp(v, "upperRoman"))
    return F_UROMAN;
  if (!strcmp(v, "lowerRoman"))
    return F_LROMAN;
  if (!strcmp(v, "upperLetter"))
    return F_ULETTER;
  if (!strcmp(v, "lowerLetter"))
    return F_LLETTER;
  return F_DECIMAL;
}

static void docx_numbering(docx_ctx *c, const xmlNode *root)
{
  for (const xmlNode *n = root ? root->children : NULL; n; n = n->next) {
    if (is_el(n, W, "abstractNum")) {
      w_abstract *a = loa_grow(c->abs, &c->capabs, c->nabs + 1, sizeof *a);
      if (!a)
        return;
      c->abs = a;
      a = &c->abs[c->nabs++];
      memset(a, 0, sizeof *a);
      a->id = ival(n, "abstractNumId", -1);
      for (int i = 0; i < 9; i++)
        a->lvl[i].fmt = F_BULLET, a->lvl[i].start = 1;
      for (const xmlNode *l = n->children; l; l = l->next) {
        int k = is_el(l, W, "lvl") ? ival(l, "ilvl", -1) : -1;
        if (k < 0 || k > 8)
          continue;
        a->lvl[k].start = ival(child(l, W, "start"), "val", 1);
        const xmlNode *f = child(l, W, "numFmt");
        a->lvl[k].fmt = w_fmt(f ? attr(f, "val") : NULL);
        const xmlNode *t = child(l, W, "lvlText");
        snprintf(a->lvl[k].text, sizeof a->lvl[k].text, "%s", t && attr(t, "val") ? attr(t, "val") : "");
      }
    } else if (is_el(n, W, "num")) {
      w_num *m = loa_grow(c->num, &c->capnum, c->nnum + 1, sizeof *m);
      if (!m)
        return;
      c->num = m;
      m = &c->num[c->nnum++];
      memset(m, 0, sizeof *m);
      m->id = ival(n, "numId", -1);
      m->abs = ival(child(n, W, "abstractNumId"), "val", -1);
      for (const xmlNode *o = n->children; o; o = o->next) {
        int k = is_el(o, W, "lvlOverride") ? ival(o, "ilvl", -1) : -1;
        if (k >= 0 && k <= 8)
          m->override[k] = ival(child(o, W, "startOverride"), "val", 0);
      }
    }
  }
  for (size_t i = 0; i < c->nnum; i++) {   /* abstract id -> index */
    int id = c->num[i].abs;
    c->num[i].abs = -1;
    for (size_t j = 0; j < c->nabs; j++)
      if (c->abs[j].id == id)
        c->num[i].abs = (int)j;
  }
}

static void docx_styles(docx_ctx *c, const xmlNode *root)
{
  for (const xmlNode *n = root ? root->children : NULL; n; n = n->next) {
    const xmlNode *np = is_el(n, W, "style") ? child(child(n, W, "pPr"), W, "numPr") : NULL;
    const char *id = np ? attr(n, "styleId") : NULL;
    if (!id)
      continue;
    w_style *s = loa_grow(c->sty, &c->capsty, c->nsty + 1, sizeof *s);
    if (!s)
      return;
    c->sty = s;
    s = &c->sty[c->nsty++];
    snprintf(s->id, sizeof s->id, "%s", id);
    s->num_id = ival(child(np, W, "numId"), "val", 0);
    s->ilvl = ival(child(np, W, "ilvl"), "val", 0);
  }
}

/* The list prefix of paragraph P ("- ", "1. ", "a) "), or nothing. */
static void docx_prefix(docx_ctx *c, const xmlNode *p, loa_buf *out)
{
  const xmlNode *ppr = child(p, W, "pPr");
  const xmlNode *np = child(ppr, W, "numPr");
  int num_id = 0, ilvl = 0;
  if (np) {
    num_id = ival(child(np, W, "numId"), "val", 0);
    ilvl = ival(child(np, W, "ilvl"), "val", 0);
  } else {
    const xmlNode *ps = child(ppr, W, "pStyle");
    const char *sid = ps ? attr(ps, "val") : NULL;
    for (size_t i = 0; sid && i < c->nsty; i++)
      if (!strcmp(c->sty[i].id, sid))
        num_id = c->sty[i].num_id, ilvl = c->sty[i].ilvl;
  }
  if (num_id <= 0)
    return;
  if (ilvl < 0 || ilvl > 8)
    ilvl = 0;
  w_num *m = NULL;
  for (size_t i = 0; i < c->nnum; i++)
    if (c->num[i].id == num_id)
      m = &c->num[i];
  if (!m || m->abs < 0) {
    loa_buf_puts(out, "- ");
    return;
  }
  const w_abstract *a = &c->abs[m->abs];
  const w_lvl *L = &a->lvl[ilvl];
  if (L->fmt == F_NONE)
    return;
  if (L->fmt == F_BULLET) {
    loa_buf_puts(out, "- ");
    return;
  }
  m->count[ilvl] = m->count[ilvl] ? m->count[ilvl] + 1 : (m->override[ilvl] ? m->override[ilvl] : L->start);
  for (int k = ilvl + 1; k < 9; k++)
    m->count[k] = 0;
  size_t before = out->n;
  for (const char *t = L->text; *t; t++) {
    if (*t == '%' && t[1] >= '1' && t[1] <= '9') {
      int k = t[1] - '1';
      int v = m->count[k] ? m->count[k] : (m->override[k] ? m->override[k] : a->lvl[k].start);
      put_number(out, k == ilvl ? L->fmt : a->lvl[k].fmt == F_BULLET ? F_DECIMAL : a->lvl[k].fmt, v);
      t++;
    } else {
      loa_buf_putc(out, *t);
    }
  }
  if (out->n == before)
    loa_buf_puts(out, "-");
  loa_buf_putc(out, ' ');
}

static void docx_blocks(docx_ctx *c, const xmlNode *parent, loa_buf *out);

static int skip_inline(const xmlNode *n)
{
  static const char *const names[] = {
    "pPr", "rPr", "sdtPr", "sectPr", "delText", "instrText", "del", "moveFrom", "footnoteReference",
    "endnoteReference", "commentReference", "fldData", "proofErr", "bookmarkStart", "bookmarkEnd",
  };
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (is_el(n, W, names[i]))
      return 1;
  return 0;
}

/* Text boxes inside a drawing: their paragraphs go to c->boxes. */
static void docx_find_boxes(docx_ctx *c, const xmlNode *n)
{
  if (c->depth > MAX_DEPTH)
    return;
  c->depth++;
  for (const xmlNode *k = n->children; k; k = k->next) {
    if (k->type != XML_ELEMENT_NODE || is_el(k, MC, "Fallback"))
      continue;
    if (is_el(k, W, "txbxContent")) {
      loa_buf box = LOA_BUF_INIT;
      c->nest++;
      docx_blocks(c, k, &box);
      c->nest--;
      loa_buf_put(&c->boxes, box.p, box.n);
      loa_buf_free(&box);
    }
    else
      docx_find_boxes(c, k);
  }
  c->depth--;
}

static void docx_inline(docx_ctx *c, const xmlNode *n, loa_buf *line)
{
  if (c->depth > MAX_DEPTH)
    return;
  c->depth++;
  for (const xmlNode *k = n->children; k; k = k->next) {
    if (k->type != XML_ELEMENT_NODE || skip_inline(k))
      continue;
    if (is_el(k, W, "t")) {
      put_text_nodes(k, line);
    } else if (is_el(k, W, "tab") || is_el(k, W, "ptab") || is_el(k, W, "br") || is_el(k, W, "cr")) {
      loa_buf_putc(line, ' ');
    } else if (is_el(k, W, "noBreakHyphen")) {
      loa_buf_putc(line, '-');
    } else if (is_el(k, W, "softHyphen")) {
      /* nothing */
    } else if (is_el(k, W, "sym")) {
      const char *ch = attr(k, "char");
      long v = ch ? strtol(ch, NULL, 16) : 0;
      if (v > 0 && v < 0x100)
        v |= 0xF000;   /* symbol fonts: private use, as Word maps them */
      if (v > 0 && v <= 0x10FFFF)
        loa_buf_put_cp(line, (int32_t)v);
    } else if (is_el(k, W, "drawing") || is_el(k, W, "pict") || is_el(k, W, "object")) {
      docx_find_boxes(c, k);
    } else if (is_el(k, MC, "AlternateContent")) {
      const xmlNode *choice = child(k, MC, "Choice");
      if (choice)
        docx_inline(c, choice, line);
    } else {
      docx_inline(c, k, line);   /* r, hyperlink, ins, smartTag, fldSimple, sdt, sdtContent ... */
    }
  }
  c->depth--;
}

static void docx_paragraph(docx_ctx *c, const xmlNode *p, loa_buf *out)
{
  loa_buf line = LOA_BUF_INIT;
  docx_inline(c, p, &line);
  docx_prefix(c, p, out);
  loa_buf_put(out, line.p, line.n);
  loa_buf_putc(out, '\n');
  if (line.oom)
    out->oom = 1;
  loa_buf_free(&line);
  if (c->boxes.n && !c->nest) {
    loa_buf_put(out, c->boxes.p, c->boxes.n);
    c->boxes.n = 0;
  }
}

static void docx_table(docx_ctx *c, const xmlNode *tbl, loa_buf *out)
{
  for (const xmlNode *tr = tbl->children; tr; tr = tr->next) {
    if (!is_el(tr, W, "tr"))
      continue;
    loa_buf row = LOA_BUF_INIT;
    int cells = 0, filled = 0;
    for (const xmlNode *tc = tr->children; tc; tc = tc->next) {
      if (!is_el(tc, W, "tc"))
        continue;
      loa_buf cell = LOA_BUF_INIT;
      c->nest++;
      docx_blocks(c, tc, &cell);
      c->nest--;
      if (cells++)
        loa_buf_puts(&row, " | ");
      size_t before = row.n;
      put_flat(&row, &cell);
      filled += row.n > before;
      loa_buf_free(&cell);
    }
    if (filled) {
      loa_buf_put(out, row.p, row.n);
      loa_buf_putc(out, '\n');
    }
    if (row.oom)
      out->oom = 1;
    loa_buf_free(&row);
  }
}

static void docx_blocks(docx_ctx *c, const xmlNode *parent, loa_buf *out)
{
  if (c->depth > MAX_DEPTH)
    return;
  c->depth++;
  for (const xmlNode *k = parent->children; k; k = k->next) {
    if (is_el(k, W, "p")) {
      docx_paragraph(c, k, out);
    } else if (is_el(k, W, "tbl")) {
      docx_table(c, k, out);
    } else if (is_el(k, W, "sdt")) {
      const xmlNode *sc = child(k, W, "sdtContent");
      if (sc)
        docx_blocks(c, sc, out);
    } else if (is_el(k, W, "customXml") || is_el(k, W, "ins") || is_el(k, W, "moveTo") ||
               is_el(k, W, "sdtContent") || is_el(k, W, "body")) {
      docx_blocks(c, k, out);
    } else if (is_el(k, MC, "AlternateContent")) {
      const xmlNode *choice = child(k, MC, "Choice");
      if (choice)
        docx_blocks(c, choice, out);
    }
  }
  c->depth--;
}

static int read_part_xml(zip_t *z, const char *name, xmlDocPtr *doc, char *err, size_t errlen)
{
  char *data;
  size_t len;
  *doc = NULL;
  int rc = zip_read(z, name, &data, &len, err, errlen);
  if (rc)
    return rc;
  *doc = parse_xml(data, len);
  free(data);
  if (!*doc) {
    snprintf(err, errlen, "the document is damaged (%s is not well-formed XML)", name);
    return LOA_DEC_EDOC;
  }
  return 0;
}

static int docx_text(zip_t *z, loa_buf *out, char *err, size_t errlen)
{
  docx_ctx c = {0};
  xmlDocPtr doc, aux;
  int rc = read_part_xml(z, "word/document.xml", &doc, err, errlen);
  if (rc == 1) {
    snprintf(err, errlen, "the Word document has no body (word/document.xml is missing)");
    return LOA_DEC_EDOC;
  }
  if (rc)
    return rc;
  if (read_part_xml(z, "word/numbering.xml", &aux, err, errlen) == 0) {
    docx_numbering(&c, xmlDocGetRootElement(aux));
    xmlFreeDoc(aux);
  }
  if (read_part_xml(z, "word/styles.xml", &aux, err, errlen) == 0) {
    docx_styles(&c, xmlDocGetRootElement(aux));
    xmlFreeDoc(aux);
  }
  const xmlNode *root = xmlDocGetRootElement(doc);
  const xmlNode *body = child(root, W, "body");
  if (body)
    docx_blocks(&c, body, out);
  if (c.boxes.n)
    loa_buf_put(out, c.boxes.p, c.boxes.n);
  loa_buf_free(&c.boxes);
  free(c.abs);
  free(c.num);
  free(c.sty);
  xmlFreeDoc(doc);
  return out->oom ? LOA_DEC_ENOMEM : 0;
}

/* ---- .odt ---- */

#define TX ":xmlns:text:"
#define TB ":xmlns:table:"
#define OF ":xmlns:office:"
#define DR ":xmlns:drawing:"
#define ST ":xmlns:style:"

typedef struct {
  char name[64];
  struct { int fmt; char prefix[16], suffix[16]; int start; } lvl[10];
  int last[10];           /* last number used, for continue-numbering */
} o_style;

typedef struct {
  o_style *sty;
  size_t nsty, capsty;
  loa_buf boxes;
  int depth;              /* recursion guard */
  int nest;               /* > 0 inside a text box or table cell */
} odt_ctx;

static int o_fmt(const char *v)
{
  if (!v || !*v)
    return F_NONE;
  switch (v[0]) {
  case 'I': return F_UROMAN;
  case 'i': return F_LROMAN;
  case 'A': return F_ULETTER;
  case 'a': return F_LLETTER;
  default: return F_DECIMAL;
  }
}

static void odt_list_styles(odt_ctx *c, const xmlNode *n, int depth)
{
  for (const xmlNode *k = n ? n->children : NULL; k && depth < 4; k = k->next) {
    if (!is_el(k, TX, "list-style")) {
      if (is_el(k, OF, "automatic-styles") || is_el(k, OF, "styles"))
        odt_list_styles(c, k, depth + 1);
      continue;
    }
    const char *name = attr(k, "name");
    o_style *s = name ? loa_grow(c->sty, &c->capsty, c->nsty + 1, sizeof *s) : NULL;
    if (!s)
      continue;
    c->sty = s;
    s = &c->sty[c->nsty++];
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", name);
    for (int i = 0; i < 10; i++)
      s->lvl[i].fmt = F_BULLET, s->lvl[i].start = 1;
    for (const xmlNode *l = k->children; l; l = l->next) {
      int lv = ival(l, "level", 0) - 1;
      if (lv < 0 || lv > 9)
        continue;
      if (is_el(l, TX, "list-level-style-number")) {
        s->lvl[lv].fmt = o_fmt(attr(l, "num-format"));
        s->lvl[lv].start = ival(l, "start-value", 1);
        snprintf(s->lvl[lv].prefix, sizeof s->lvl[lv].prefix, "%s", attr(l, "num-prefix") ? attr(l, "num-prefix") : "");
        snprintf(s->lvl[lv].suffix, sizeof s->lvl[lv].suffix, "%s", attr(l, "num-suffix") ? attr(l, "num-suffix") : "");
      }
    }
  }
}

static o_style *odt_style(odt_ctx *c, const char *name)
{
  for (size_t i = 0; name && i < c->nsty; i++)
    if (!strcmp(c->sty[i].name, name))
      return &c->sty[i];
  return NULL;
}

static void odt_blocks(odt_ctx *c, const xmlNode *parent, loa_buf *out);
static void odt_block(odt_ctx *c, const xmlNode *k, loa_buf *out);

static void odt_inline(odt_ctx *c, const xmlNode *n, loa_buf *line)
{
  if (c->depth > MAX_DEPTH)
    return;
  c->depth++;
  for (const xmlNode *k = n->children; k; k = k->next) {
    if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
      for (const char *p = (const char *)k->content; p && *p; p++)
        loa_buf_putc(line, (*p == '\n' || *p == '\r') ? ' ' : *p);
    } else if (k->type != XML_ELEMENT_NODE) {
      continue;
    } else if (is_el(k, TX, "s")) {
      int cnt = ival(k, "c", 1);
      for (int i = 0; i < cnt && i < 64; i++)
        loa_buf_putc(line, ' ');
    } else if (is_el(k, TX, "tab") || is_el(k, TX, "line-break")) {
      loa_buf_putc(line, ' ');
    } else if (is_el(k, TX, "note") || is_el(k, OF, "annotation") || is_el(k, OF, "annotation-end") ||
               is_el(k, TX, "ruby-text") || is_el(k, TX, "tracked-changes")) {
      /* not read */
    } else if (is_el(k, DR, "frame")) {
      for (const xmlNode *b = k->children; b; b = b->next)
        if (is_el(b, DR, "text-box")) {
          loa_buf box = LOA_BUF_INIT;
          c->nest++;
          odt_blocks(c, b, &box);
          c->nest--;
          loa_buf_put(&c->boxes, box.p, box.n);
          loa_buf_free(&box);
        }
    } else {
      odt_inline(c, k, line);   /* span, a, meta, fields ... */
    }
  }
  c->depth--;
}

static void odt_paragraph(odt_ctx *c, const xmlNode *p, const char *prefix, loa_buf *out)
{
  loa_buf line = LOA_BUF_INIT;
  odt_inline(c, p, &line);
  if (prefix)
    loa_buf_puts(out, prefix);
  loa_buf_put(out, line.p, line.n);
  loa_buf_putc(out, '\n');
  if (line.oom)
    out->oom = 1;
  loa_buf_free(&line);
  if (c->boxes.n && !c->nest) {
    loa_buf_put(out, c->boxes.p, c->boxes.n);
    c->boxes.n = 0;
  }
}

static void odt_list(odt_ctx *c, const xmlNode *list, int level, const char *style, loa_buf *out)
{
  if (c->depth > MAX_DEPTH)
    return;
  c->depth++;
  const char *own = attr(list, "style-name");
  if (own)
    style = own;
  o_style *s = odt_style(c, style);
  int lv = level > 9 ? 9 : level;
  const char *cont = attr(list, "continue-numbering");
  int count = (s && cont && !strcmp(cont, "true")) ? s->last[lv] : 0;
  for (const xmlNode *it = list->children; it; it = it->next) {
    int header = is_el(it, TX, "list-header");
    if (!header && !is_el(it, TX, "list-item"))
      continue;
    char prefix[64] = "- ";
    if (header) {
      prefix[0] = 0;
    } else if (s && s->lvl[lv].fmt != F_BULLET) {
      const char *sv = attr(it, "start-value");
      count = sv ? atoi(sv) : count ? count + 1 : s->lvl[lv].start;
      s->last[lv] = count;
      loa_buf num = LOA_BUF_INIT;
      if (s->lvl[lv].fmt != F_NONE) {
        loa_buf_puts(&num, s->lvl[lv].prefix);
        put_number(&num, s->lvl[lv].fmt, count);
        loa_buf_puts(&num, s->lvl[lv].suffix);
        loa_buf_putc(&num, ' ');
      }
      snprintf(prefix, sizeof prefix, "%s", num.p ? num.p : "");
      loa_buf_free(&num);
    }
    int first = 1;
    for (const xmlNode *k = it->children; k; k = k->next) {
      if (is_el(k, TX, "p") || is_el(k, TX, "h")) {
        odt_paragraph(c, k, first ? prefix : NULL, out);
        first = 0;
      } else if (is_el(k, TX, "list")) {
        odt_list(c, k, level + 1, style, out);
        first = 0;
      } else {
        odt_block(c, k, out);
      }
    }
  }
  c->depth--;
}

static void odt_table(odt_ctx *c, const xmlNode *n, loa_buf *out)
{
  for (const xmlNode *k = n->children; k; k = k->next) {
    if (is_el(k, TB, "table-header-rows") || is_el(k, TB, "table-rows") || is_el(k, TB, "table-row-group")) {
      odt_table(c, k, out);
      continue;
    }
    if (!is_el(k, TB, "table-row"))
      continue;
    loa_buf row = LOA_BUF_INIT;
    int cells = 0;
    size_t last_filled = 0;
    for (const xmlNode *tc = k->children; tc; tc = tc->next) {
      int covered = is_el(tc, TB, "covered-table-cell");
      if (!covered && !is_el(tc, TB, "table-cell"))
        continue;
      loa_buf cell = LOA_BUF_INIT;
      if (!covered) {
        c->nest++;
        odt_blocks(c, tc, &cell);
        c->nest--;
      }
      int rep = ival(tc, "number-columns-repeated", 1);
      if (rep < 1)
        rep = 1;
      if (rep > 64)
        rep = cell.n ? 64 : 1;
      for (int r = 0; r < rep; r++) {
        if (cells++)
          loa_buf_puts(&row, " | ");
        size_t before = row.n;
        put_flat(&row, &cell);
        if (row.n > before)
          last_filled = row.n;
      }
      loa_buf_free(&cell);
    }
    if (last_filled) {   /* trailing empty cells (a spreadsheet's 1024 columns) are left out */
      int reps = ival(k, "number-rows-repeated", 1);
      for (int r = 0; r < reps && r < 64; r++) {
        loa_buf_put(out, row.p, last_filled);
        loa_buf_putc(out, '\n');
      }
    }
    if (row.oom)
      out->oom = 1;
    loa_buf_free(&row);
  }
}

static void odt_blocks(odt_ctx *c, const xmlNode *parent, loa_buf *out)
{
  if (c->depth > MAX_DEPTH)
    return;
  c->depth++;
  for (const xmlNode *k = parent->children; k; k = k->next)
    odt_block(c, k, out);
  c->depth--;
}

/* One block-level node: paragraph, heading, list, table, frame, or a container of them. */
static void odt_block(odt_ctx *c, const xmlNode *k, loa_buf *out)
{
  {
    if (k->type != XML_ELEMENT_NODE)
      return;
    if (is_el(k, TX, "p") || is_el(k, TX, "h"))
      odt_paragraph(c, k, NULL, out);
    else if (is_el(k, TX, "list"))
      odt_list(c, k, 0, NULL, out);
    else if (is_el(k, TB, "table"))
      odt_table(c, k, out);
    else if (is_el(k, DR, "frame"))
      odt_inline(c, k, out);
    else if (is_el(k, TX, "table-of-content") || is_el(k, TX, "alphabetical-index") ||
             is_el(k, TX, "tracked-changes") || is_el(k, OF, "forms") ||
             is_el(k, TX, "sequence-decls") || is_el(k, TX, "variable-decls") ||
             is_el(k, TX, "user-field-decls") || is_el(k, TX, "illustration-index") ||
             is_el(k, TX, "bibliography") || is_el(k, TX, "table-index") ||
             is_el(k, TX, "object-index") || is_el(k, TX, "user-index"))
      return;
    else
      odt_blocks(c, k, out);   /* section, soft containers */
  }
}

static int odt_text(zip_t *z, loa_buf *out, char *err, size_t errlen)
{
  odt_ctx c = {0};
  xmlDocPtr doc, sty;
  int rc = read_part_xml(z, "content.xml", &doc, err, errlen);
  if (rc == 1) {
    snprintf(err, errlen, "the OpenDocument file has no content.xml");
    return LOA_DEC_EDOC;
  }
  if (rc)
    return rc;
  if (read_part_xml(z, "styles.xml", &sty, err, errlen) == 0) {
    odt_list_styles(&c, xmlDocGetRootElement(sty), 0);
    xmlFreeDoc(sty);
  }
  const xmlNode *root = xmlDocGetRootElement(doc);
  odt_list_styles(&c, root, 0);
  const xmlNode *text = child(child(root, OF, "body"), OF, "text");
  if (text)
    odt_blocks(&c, text, out);
  if (c.boxes.n)
    loa_buf_put(out, c.boxes.p, c.boxes.n);
  loa_buf_free(&c.boxes);
  free(c.sty);
  xmlFreeDoc(doc);
  return out->oom ? LOA_DEC_ENOMEM : 0;
}

int loa_dec_office(const unsigned char *buf, size_t n, loa_doc_kind kind, loa_buf *out, char *err, size_t errlen)
{
  xmlInitParser();
  zip_t *z = zip_from(buf, n);
  if (!z) {
    snprintf(err, errlen, "the document is damaged (not a readable zip archive)");
    return LOA_DEC_EDOC;
  }
  int rc = kind == LOA_DOC_DOCX ? docx_text(z, out, err, errlen) : odt_text(z, out, err, errlen);
  zip_discard(z);
  return rc;
}
