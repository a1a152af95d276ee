/* Unit tests for conversion (convert.h) without LibreOffice: the first pass's requests, the second
 * pass with a conversion table built here (a "converted" docm with a VBA project must come out as a
 * macro-free docx; a converter output that is not the OOXML asked for blocks; a failed conversion
 * blocks with its code), the block policy, names, encrypted files, archives with several files, and a
 * converter that cannot be started. LibreOffice itself runs in tests/e2e/sanitize-convert.test.mjs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <sodium.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sanitize/convert.h"
#include "sanitize/disarm.h"
#include "sanitize/zip_mem.h"

/* An OLE2 compound file as far as detection goes: the signature and a directory entry name. */
static void ole2(Buf *b, const char *stream)
{
    buf_reset(b);
    buf_append(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    for (int i = 0; i < 100; i++)
        buf_putc(b, 'A');
    for (const char *s = stream; *s; s++) {
        buf_putc(b, *s);
        buf_putc(b, '\0');
    }
    buf_append(b, "\0\0", 2);
    for (int i = 0; i < 100; i++)
        buf_putc(b, 'B');
}

static void add(ZipWriter *w, const char *name, const char *data)
{
    assert_true(zipw_add(w, name, data, strlen(data)));
}

/* A docm with a VBA project: what a converter that kept the macros would hand back. */
static void docm(Buf *out)
{
    ZipWriter w;
    assert_true(zipw_open(&w));
    add(&w, "[Content_Types].xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        "<Default Extension=\"bin\" ContentType=\"application/vnd.ms-office.vbaProject\"/>"
        "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.ms-word.document.macroEnabled.main+xml\"/></Types>");
    add(&w, "_rels/.rels",
        "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>");
    add(&w, "word/_rels/document.xml.rels",
        "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId9\" Type=\"http://schemas.microsoft.com/office/2006/relationships/vbaProject\" Target=\"vbaProject.bin\"/></Relationships>");
    add(&w, "word/document.xml",
        "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
        "<w:body><w:p><w:r><w:t>見積書</w:t></w:r></w:p></w:body></w:document>");
    add(&w, "word/vbaProject.bin", "Attribute VB_Name = \"AutoOpen\" Shell(\"calc\")");
    assert_true(zipw_finish(&w, out));
}

static SanitizePolicy policy(LegacyFormats legacy)
{
    SanitizePolicy p;
    sanitize_policy_defaults(&p);
    p.require_malware_scan = false;
    p.legacy_formats = legacy;
    return p;
}

/* One conversion of in's bytes: ok with out's bytes, or failed with code. */
static void table(Conversions *c, const Buf *in, const char *from, const char *to, const Buf *out, const char *code)
{
    memset(c, 0, sizeof *c);
    c->items = calloc(1, sizeof *c->items);
    c->n = 1;
    snprintf(c->converter, sizeof c->converter, "LibreOffice test");
    Conversion *cv = &c->items[0];
    crypto_hash_sha256(cv->in_sha, (const uint8_t *)in->data, in->len);
    snprintf(cv->from, sizeof cv->from, "%s", from);
    snprintf(cv->to, sizeof cv->to, "%s", to);
    cv->out = (Buf)BUF_INIT;
    if (out) {
        cv->ok = true;
        buf_append(&cv->out, out->data, out->len);
    } else {
        cv->code = code;
        cv->ja = "変換できません";
        cv->en = "cannot convert";
    }
}

static Verdict *run(const SanitizePolicy *p, const Buf *in, const char *name, Buf *out, SandboxOutput *requests)
{
    Verdict *v = verdict_new(name);
    disarm_set_conversion_requests(requests);
    disarm_file(p, (const uint8_t *)in->data, in->len, name, out, v, 0);
    disarm_set_conversion_requests(NULL);
    return v;
}

static void first_pass_asks_for_the_conversion(void **state)
{
    (void)state;
    SanitizePolicy p = policy(LEGACY_CONVERT);
    Buf in = BUF_INIT, out = BUF_INIT;
    ole2(&in, "WordDocument");
    SandboxOutput req = SANDBOX_OUTPUT_INIT;
    Verdict *v = run(&p, &in, "見積書.doc", &out, &req);
    assert_string_equal(verdict_block_code(v), "conversion_pending");
    assert_int_equal(out.len, 0);
    assert_int_equal(req.n_extra, 1);
    assert_string_equal(req.extra[0].name, "convert-doc");
    assert_memory_equal(req.extra[0].data.data, in.data, in.len);
    /* A blocked verdict keeps the request and nothing else. */
    sandbox_output_add(&req, "0123", "disarmed", 8);
    buf_append(&req.main, "text", 4);
    sandbox_output_drop_for_block(&req);
    assert_int_equal(req.n_extra, 1);
    assert_int_equal(req.main.len, 0);
    assert_string_equal(req.extra[0].name, "convert-doc");
    /* A request that no pass answers is dropped before the quarantine sees it. */
    sandbox_output_add(&req, "0123", "disarmed", 8);
    convert_drop_requests(&req);
    assert_int_equal(req.n_extra, 1);
    assert_string_equal(req.extra[0].name, "0123");
    sandbox_output_free(&req);
    verdict_free(v);
    buf_free(&in);
}

static void block_policy_names_the_format_and_starts_nothing(void **state)
{
    (void)state;
    SanitizePolicy p = policy(LEGACY_BLOCK);
    static const struct {
        const char *stream, *name, *says;
    } CASES[] = {{"WordDocument", "a.doc", ".doc"}, {"Workbook", "a.xls", ".xls"}, {"PowerPoint Document", "a.ppt", ".ppt"}};
    for (size_t i = 0; i < 3; i++) {
        Buf in = BUF_INIT, out = BUF_INIT;
        ole2(&in, CASES[i].stream);
        SandboxOutput req = SANDBOX_OUTPUT_INIT;
        Verdict *v = run(&p, &in, CASES[i].name, &out, &req);
        assert_string_equal(verdict_block_code(v), "legacy_document");
        char *json = verdict_to_json(v);
        assert_non_null(strstr(json, CASES[i].says));
        assert_non_null(strstr(json, "変換しない設定"));
        assert_int_equal(req.n_extra, 0);
        free(json);
        verdict_free(v);
        buf_free(&in);
    }
}

static void converted_docm_comes_out_as_macro_free_docx(void **state)
{
    (void)state;
    SanitizePolicy p = policy(LEGACY_CONVERT);
    Buf in = BUF_INIT, conv = BUF_INIT, out = BUF_INIT;
    ole2(&in, "WordDocument");
    docm(&conv);
    Conversions c;
    table(&c, &in, "doc", "docx", &conv, NULL);
    p.conversions = &c;
    SandboxOutput req = SANDBOX_OUTPUT_INIT;
    Verdict *v = run(&p, &in, "見積書.doc", &out, &req);
    assert_false(verdict_blocked(v));
    assert_int_equal(req.n_extra, 0);
    assert_string_equal(verdict_converted_to(v), "docx");
    char *json = verdict_to_json(v);
    assert_non_null(strstr(json, "\"converted\":{\"from\":\"doc\",\"to\":\"docx\",\"by\":\"LibreOffice test\"}"));
    free(json);
    zip_t *z = zipmem_open((const uint8_t *)out.data, out.len);
    assert_non_null(z);
    assert_true(zip_name_locate(z, "word/document.xml", 0) >= 0);
    assert_true(zip_name_locate(z, "word/vbaProject.bin", 0) < 0);
    Buf ct = BUF_INIT;
    assert_true(zipmem_read(z, (zip_uint64_t)zip_name_locate(z, "[Content_Types].xml", 0), &ct));
    assert_null(strstr(ct.data, "macroEnabled"));
    assert_null(strstr(ct.data, "vbaProject"));
    buf_free(&ct);
    zip_discard(z);
    verdict_free(v);
    conversions_free(&c);
    buf_free(&in);
    buf_free(&conv);
    buf_free(&out);
}

static void converter_output_must_be_the_package_asked_for(void **state)
{
    (void)state;
    SanitizePolicy p = policy(LEGACY_CONVERT);
    Buf in = BUF_INIT, conv = BUF_INIT, out = BUF_INIT;
    ole2(&in, "Workbook");
    docm(&conv); /* a Word package for an Excel workbook */
    Conversions c;
    table(&c, &in, "xls", "xlsx", &conv, NULL);
    p.conversions = &c;
    Verdict *v = run(&p, &in, "予算.xls", &out, NULL);
    assert_string_equal(verdict_block_code(v), "conversion_failed");
    assert_int_equal(out.len, 0);
    verdict_free(v);
    conversions_free(&c);
    buf_reset(&conv);
    buf_puts(&conv, "%PDF-1.4\n%%EOF\n");
    table(&c, &in, "xls", "xlsx", &conv, NULL);
    v = run(&p, &in, "予算.xls", &out, NULL);
    assert_string_equal(verdict_block_code(v), "conversion_failed");
    verdict_free(v);
    conversions_free(&c);
    buf_free(&in);
    buf_free(&conv);
}

static void failed_conversion_blocks_with_its_code(void **state)
{
    (void)state;
    SanitizePolicy p = policy(LEGACY_CONVERT);
    Buf in = BUF_INIT, out = BUF_INIT;
    buf_puts(&in, "{\\rtf1\\ansi hello}");
    Conversions c;
    table(&c, &in, "rtf", "docx", NULL, "conversion_timeout");
    p.conversions = &c;
    Verdict *v = run(&p, &in, "a.rtf", &out, NULL);
    assert_string_equal(verdict_block_code(v), "conversion_timeout");
    verdict_free(v);
    conversions_free(&c);
    buf_free(&in);
}

static void names_encrypted_and_unconvertible_files(void **state)
{
    (void)state;
    SanitizePolicy p = policy(LEGACY_CONVERT);
    static const struct {
        const char *stream, *name, *code;
    } CASES[] = {
        {"WordDocument", "a.xls", "name_mismatch"},         /* Word content named as Excel */
        {"EncryptedPackage", "a.docx", "encrypted_document"}, /* never handed to the converter */
        {"JSRV_SegmentHeader", "a.jtd", "legacy_document"},   /* 一太郎: not converted */
    };
    for (size_t i = 0; i < 3; i++) {
        Buf in = BUF_INIT, out = BUF_INIT;
        ole2(&in, CASES[i].stream);
        SandboxOutput req = SANDBOX_OUTPUT_INIT;
        Verdict *v = run(&p, &in, CASES[i].name, &out, &req);
        assert_string_equal(verdict_block_code(v), CASES[i].code);
        assert_int_equal(req.n_extra, 0);
        verdict_free(v);
        buf_free(&in);
    }
    /* RTF under .doc is accepted (Word writes that), and asks for conversion. */
    Buf in = BUF_INIT, out = BUF_INIT;
    buf_puts(&in, "{\\rtf1\\ansi hello}");
    SandboxOutput req = SANDBOX_OUTPUT_INIT;
    Verdict *v = run(&p, &in, "a.doc", &out, &req);
    assert_string_equal(verdict_block_code(v), "conversion_pending");
    assert_string_equal(req.extra[0].name, "convert-rtf");
    sandbox_output_free(&req);
    verdict_free(v);
    buf_free(&in);
    assert_string_equal(convert_target("odp"), "pptx");
    assert_string_equal(convert_target("xlsb"), "xlsx");
    assert_null(convert_target("odg"));
}

static void archive_asks_for_every_member_in_one_pass(void **state)
{
    (void)state;
    SanitizePolicy p = policy(LEGACY_CONVERT);
    Buf a = BUF_INIT, b = BUF_INIT, zip = BUF_INIT, out = BUF_INIT;
    ole2(&a, "WordDocument");
    ole2(&b, "Workbook");
    ZipWriter w;
    assert_true(zipw_open(&w));
    assert_true(zipw_add(&w, "a.doc", a.data, a.len));
    assert_true(zipw_add(&w, "b.xls", b.data, b.len));
    assert_true(zipw_finish(&w, &zip));
    SandboxOutput req = SANDBOX_OUTPUT_INIT;
    Verdict *v = run(&p, &zip, "bundle.zip", &out, &req);
    assert_string_equal(verdict_block_code(v), "conversion_pending");
    assert_int_equal(req.n_extra, 2);
    assert_string_equal(req.extra[0].name, "convert-doc");
    assert_string_equal(req.extra[1].name, "convert-xls");
    sandbox_output_free(&req);
    verdict_free(v);
    buf_free(&a);
    buf_free(&b);
    buf_free(&zip);
}

static void converter_that_cannot_start_blocks_every_request(void **state)
{
    (void)state;
    SanitizePolicy p = policy(LEGACY_CONVERT);
    p.converter = "/nonexistent/soffice";
    p.convert_timeout_ms = 5000;
    Buf a = BUF_INIT;
    ole2(&a, "WordDocument");
    SandboxOutput so = SANDBOX_OUTPUT_INIT;
    sandbox_output_add(&so, "convert-doc", a.data, a.len);
    sandbox_output_add(&so, "convert-doc", a.data, a.len); /* the same file twice: one conversion */
    sandbox_output_add(&so, "0123abcd", "kept", 4);
    Conversions c;
    assert_true(convert_requests(&p, &so, &c));
    assert_int_equal(so.n_extra, 1);
    assert_string_equal(so.extra[0].name, "0123abcd");
    assert_int_equal(c.n, 1);
    assert_false(c.items[0].ok);
    assert_string_equal(c.items[0].code, "conversion_unavailable");
    assert_non_null(conversions_find(&c, (const uint8_t *)a.data, a.len));
    conversions_free(&c);
    sandbox_output_free(&so);
    buf_free(&a);
}

/* What a process under the converter's confinement can and cannot do (docs/sanitize.md "変換プロセスの
 * 隔離"): each check is one bit of the exit status. */
static int confined_checks(void)
{
    int fails = 0;
    /* no network: an IPv4 or IPv6 socket is refused, a local one is not */
    int s4 = socket(AF_INET, SOCK_STREAM, 0), s6 = socket(AF_INET6, SOCK_DGRAM, 0), su = socket(AF_UNIX, SOCK_STREAM, 0);
    if (s4 >= 0 || errno != EACCES || s6 >= 0)
        fails |= 1;
    if (su < 0)
        fails |= 2;
    /* files: /etc beyond the list, the lgsec tree and the real /tmp's neighbours are unreadable */
    if (open("/etc/hostname", O_RDONLY) >= 0 || open(SRC_DIR "/meson.build", O_RDONLY) >= 0)
        fails |= 4;
    /* program files readable, scratch (now /tmp) writable, nothing there executable */
    if (open("/usr/lib/os-release", O_RDONLY) < 0 && open("/etc/passwd", O_RDONLY) < 0)
        fails |= 8;
    int w = open("/tmp/written", O_WRONLY | O_CREAT, 0700);
    if (w < 0 || write(w, "#!/bin/sh\n", 10) != 10)
        fails |= 16;
    if (w >= 0)
        close(w);
    if (execl("/tmp/written", "written", (char *)NULL) == 0 || errno != EACCES)
        fails |= 32;
    if (open("/usr/lib/x", O_WRONLY | O_CREAT, 0600) >= 0)
        fails |= 64;
    /* no ptrace, no new namespaces, no setsid, and pid 1's view only */
    if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) == 0 || unshare(CLONE_NEWNET) == 0 || setsid() >= 0)
        fails |= 128;
    return fails;
}

static void confinement_denies_network_files_and_escapes(void **state)
{
    (void)state;
    char dir[] = "/tmp/lgsec-convert-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (!convert_enter_namespaces(dir))
            _exit(250);
        pid_t c = fork(); /* pid 1 of the new PID namespace */
        if (c == 0)
            _exit(convert_confine("/tmp") ? confined_checks() : 251);
        int st = 0;
        waitpid(c, &st, 0);
        _exit(WIFEXITED(st) ? WEXITSTATUS(st) : 252);
    }
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
    char path[128];
    snprintf(path, sizeof path, "%s/written", dir);
    assert_int_equal(access(path, F_OK), 0); /* the write landed in the scratch directory */
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(first_pass_asks_for_the_conversion),
        cmocka_unit_test(block_policy_names_the_format_and_starts_nothing),
        cmocka_unit_test(converted_docm_comes_out_as_macro_free_docx),
        cmocka_unit_test(converter_output_must_be_the_package_asked_for),
        cmocka_unit_test(failed_conversion_blocks_with_its_code),
        cmocka_unit_test(names_encrypted_and_unconvertible_files),
        cmocka_unit_test(archive_asks_for_every_member_in_one_pass),
        cmocka_unit_test(converter_that_cannot_start_blocks_every_request),
        cmocka_unit_test(confinement_denies_network_files_and_escapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
