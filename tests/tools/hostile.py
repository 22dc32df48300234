#!/usr/bin/env python3
"""hostile.py: inputs that once took loa minutes, hours or gigabytes, for tests/e2e/bounded_work.sh.

    hostile.py KIND OUT

Each is under the 2 MB input cap (a .docx zipped far below it), and each is what an
attacker, or a broken export, can hand the watch folder:
  marks       a letter with 400,000 combining marks (NFC reorders a run in its square)
  dashes      one line of 950,000 "- " (every token asked whether only bullets came before)
  commas      "ngày " and 950,000 "1," (a list of days read by recursion: the stack overflowed)
  at          one line of "a@" (every '@' looked for a '.' to the line's end)
  enum        one line of "1. " (every '.' asked whether it closes a leading enumerator)
  paren       one line of "(a" (every word after '(' measured the rest of the line)
  roman       one line of "I. " (every Roman numeral asked whether only bullets came before)
  styles      a .docx of 50,000 paragraphs with 32,000 list styles (each paragraph searched
              every style), numbered 1. to 50000.
  nums        a .docx of 45,000 paragraphs, each its own list (each paragraph searched every
              list), each numbered 1.
  attrs       a .docx whose body has one element with 600,000 attributes (libxml2 adds each
              at the end of a list)
  emptyp      a .docx of 48 KB: 5,500,000 empty paragraphs, 33 MB of XML (740 MB as a tree)
  big         3 MB of text (over the cap)
"""
import sys
import zipfile

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(path, body, numbering=None, styles=None):
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml',
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr('word/document.xml', f'<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body></w:document>')
        if numbering:
            z.writestr('word/numbering.xml', f'<?xml version="1.0"?><w:numbering {W}>{numbering}</w:numbering>')
        if styles:
            z.writestr('word/styles.xml', f'<?xml version="1.0"?><w:styles {W}>{styles}</w:styles>')


def decimal_list(abstract_id):
    return (f'<w:abstractNum w:abstractNumId="{abstract_id}"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/>'
            f'<w:lvlText w:val="%1."/></w:lvl></w:abstractNum>')


def text(path, s):
    with open(path, 'w', encoding='utf-8') as f:
        f.write(s)


def main():
    kind, out = sys.argv[1], sys.argv[2]
    line = 1900000
    if kind == 'marks':
        text(out, 'Xã a' + '\u0301\u0323' * 200000 + ' b\n')
    elif kind == 'dashes':
        text(out, '- ' * (line // 2) + 'xã\n')
    elif kind == 'commas':
        text(out, 'ngày ' + '1,' * (line // 2) + '\n')
    elif kind == 'at':
        text(out, 'a@' * (line // 2) + 'a\n')
    elif kind == 'enum':
        text(out, '1. ' * (line // 3) + '\n')
    elif kind == 'paren':
        text(out, '(a' * (line // 2) + '\n')
    elif kind == 'roman':
        text(out, 'I. ' * (line // 3) + '\n')
    elif kind == 'styles':
        nstyles, nparas = 32000, 50000
        styles = ''.join(f'<w:style w:styleId="S{i}"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
                         for i in range(nstyles))
        body = ''.join(f'<w:p><w:pPr><w:pStyle w:val="S{i % nstyles}"/></w:pPr></w:p>' for i in range(nparas))
        docx(out, body, decimal_list(0) + '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>', styles)
    elif kind == 'nums':
        n = 45000
        numbering = decimal_list(0) + ''.join(f'<w:num w:numId="{i + 1}"><w:abstractNumId w:val="0"/></w:num>'
                                              for i in range(n))
        body = ''.join(f'<w:p><w:pPr><w:numPr><w:numId w:val="{i + 1}"/></w:numPr></w:pPr></w:p>' for i in range(n))
        docx(out, body, numbering)
    elif kind == 'attrs':
        attrs = ' '.join(f'a{i}="1"' for i in range(600000))
        docx(out, f'<w:p {attrs}><w:r><w:t>xã</w:t></w:r></w:p>')
    elif kind == 'emptyp':
        docx(out, '<w:p/>' * 5500000)
    elif kind == 'big':
        text(out, 'Thông báo của xã.\n' * (3 * 1024 * 1024 // 20))
    else:
        sys.exit(f'hostile.py: unknown kind {kind}')


if __name__ == '__main__':
    main()
