#!/usr/bin/env python3
"""Writes a minimal XLSX by hand (what Excel stores, without libxlsxwriter) for the reader tests:
a hidden first sheet (skipped), shared strings with rich-text runs and furigana (<rPh>, which must not
leak into the text), an inline string, numbers, a boolean, date cells by built-in (14), custom
(yyyy/m/d) and 和暦 ([$-ja-JP]ggge年m月d日) formats, a cached formula string, an _x000D_ escape, a
missing row, and a vertical merge (B4:B5). Targets use absolute and ../ forms."""
import sys, zipfile

CT = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'''
ROOT_RELS = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'''
WORKBOOK = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr/><sheets><sheet name="作業用" sheetId="2" state="hidden" r:id="rId9"/><sheet name="台帳" sheetId="1" r:id="rId1"/></sheets></workbook>'''
WB_RELS = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/hidden.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="worksheets/../styles.xml"/></Relationships>'''
SST = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="9" uniqueCount="9"><si><t>管理番号</t></si><si><t>名称</t></si><si><t>機密性</t></si><si><t>取得日</t></si><si><r><t>住民</t></r><r><rPr><b/></rPr><t>基本台帳</t></r><rPh sb="0" eb="2"><t>ジュウミン</t></rPh><phoneticPr fontId="1"/></si><si><t xml:space="preserve"> 前後に空白 </t></si><si><t>改行_x000D_
あり</t></si><si><t>所管課</t></si><si><t>税務課</t></si></sst>'''
STYLES = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="176" formatCode="yyyy/m/d;@"/><numFmt numFmtId="177" formatCode="[$-ja-JP]ggge&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/><xf numFmtId="177"/><xf numFmtId="2"/></cellXfs></styleSheet>'''
HIDDEN = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>隠しシート</t></is></c></row></sheetData></worksheet>'''
SHEET = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>7</v></c></row>
<row r="2"><c r="A2"><v>101</v></c><c r="B2" t="s"><v>4</v></c><c r="C2" t="inlineStr"><is><t>３Ｂ</t></is></c><c r="D2" s="1"><v>46113</v></c><c r="E2" t="s"><v>8</v></c></row>
<row r="4"><c r="A4"><v>0.1</v></c><c r="B4" t="s"><v>5</v></c><c r="C4" t="b"><v>1</v></c><c r="D4" s="2"><v>45383</v></c><c r="E4" t="str"><f>E2</f><v>税務課</v></c></row>
<row r="5"><c r="A5" s="4"><v>3.0000000000000004</v></c><c r="B5" s="0"/><c r="C5" t="e"><v>#N/A</v></c><c r="D5" s="3"><v>43586</v></c><c r="F5" t="s"><v>6</v></c></row>
</sheetData><mergeCells count="1"><mergeCell ref="B4:B5"/></mergeCells></worksheet>'''

out = sys.argv[1] if len(sys.argv) > 1 else 'handmade.xlsx'
with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
    for name, text in [('[Content_Types].xml', CT), ('_rels/.rels', ROOT_RELS), ('xl/workbook.xml', WORKBOOK),
                       ('xl/_rels/workbook.xml.rels', WB_RELS), ('xl/sharedStrings.xml', SST),
                       ('xl/styles.xml', STYLES), ('xl/worksheets/hidden.xml', HIDDEN),
                       ('xl/worksheets/sheet1.xml', SHEET)]:
        zi = zipfile.ZipInfo(name, date_time=(2026, 4, 1, 0, 0, 0))
        zi.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(zi, text.encode('utf-8'))
