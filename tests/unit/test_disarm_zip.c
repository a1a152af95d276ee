/* Unit tests for ZIP archives and the malware scan: nested archives disarmed member by member, the
 * limits (bomb ratio, total size, member count, depth), encrypted archives, unsafe names, a blocked
 * member blocking the archive, and EICAR found by a signature database the test writes itself (the
 * scan running inside the sandbox, with the engine loaded by the parent). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "sanitize/disarm.h"
#include "sanitize/zip_mem.h"

/* The EICAR test string, in two halves so that this source file is not itself a "virus". */
#define EICAR_1 "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-"
#define EICAR_2 "ANTIVIRUS-TEST-FILE!$H+H*"

static SanitizePolicy policy(void)
{
    SanitizePolicy p;
    sanitize_policy_defaults(&p);
    p.require_malware_scan = false;
    return p;
}

static bool json_has(const Verdict *v, const char *s)
{
    char *j = verdict_to_json(v);
    bool r = strstr(j, s) != NULL;
    free(j);
    return r;
}

/* A ZIP of (name, data) pairs; data NULL ends the list. Data lengths by strlen unless given. */
static void make_zip(Buf *out, const char *name, const void *data, size_t n, ...)
{
    ZipWriter w;
    assert_true(zipw_open(&w));
    va_list ap;
    va_start(ap, n);
    while (name) {
        assert_true(zipw_add(&w, name, data, n));
        name = va_arg(ap, const char *);
        if (!name)
            break;
        data = va_arg(ap, const void *);
        n = va_arg(ap, size_t);
    }
    va_end(ap);
    assert_true(zipw_finish(&w, out));
}

static char *member(const Buf *b, const char *name)
{
    zip_t *z = zipmem_open((const uint8_t *)b->data, b->len);
    assert_non_null(z);
    zip_int64_t i = zip_name_locate(z, name, 0);
    assert_true(i >= 0);
    Buf m = BUF_INIT;
    assert_true(zipmem_read(z, (zip_uint64_t)i, &m));
    zip_discard(z);
    return buf_take(&m);
}

static Verdict *disarm_p(const SanitizePolicy *p, const Buf *in, const char *name, Buf *out)
{
    Verdict *v = verdict_new(name);
    disarm_file(p, (const uint8_t *)in->data, in->len, name, out, v, 0);
    return v;
}

static void nested_zip_is_disarmed_member_by_member(void **state)
{
    (void)state;
    Buf inner = BUF_INIT, outer = BUF_INIT, out = BUF_INIT;
    make_zip(&inner, "集計.csv", "a,=1+1\n", (size_t)7, "memo.txt", "ok\n", (size_t)3, NULL);
    make_zip(&outer, "docs/", "", (size_t)0, "docs/inner.zip", inner.data, inner.len, "readme.txt", "hello\n", (size_t)6,
             NULL);
    SanitizePolicy p = policy();
    Verdict *v = disarm_p(&p, &outer, "受領.zip", &out);
    assert_false(verdict_blocked(v));
    assert_string_equal(verdict_action(v), "disarmed");
    assert_true(json_has(v, "\"type\":\"zip\""));
    assert_int_equal(verdict_child_count(v), 2);
    Verdict *c = verdict_child(v, 0);
    assert_true(json_has(c, "\"type\":\"zip\""));
    assert_int_equal(verdict_child_count(c), 2);
    char *in2 = member(&out, "docs/inner.zip");
    Buf nested = BUF_INIT;
    buf_append(&nested, in2, inner.len + 4096 > 0 ? strlen(in2) : 0);
    free(in2);
    /* Binary member: read it again with its real length. */
    zip_t *z = zipmem_open((const uint8_t *)out.data, out.len);
    zip_int64_t i = zip_name_locate(z, "docs/inner.zip", 0);
    assert_true(zipmem_read(z, (zip_uint64_t)i, &nested));
    zip_discard(z);
    char *csv = member(&nested, "集計.csv");
    assert_string_equal(csv, "a,'=1+1\n");
    free(csv);
    char *readme = member(&out, "readme.txt");
    assert_string_equal(readme, "hello\n");
    free(readme);
    verdict_free(v);
    buf_free(&inner);
    buf_free(&outer);
    buf_free(&out);
    buf_free(&nested);
}

static void zip_bomb_is_blocked(void **state)
{
    (void)state;
    size_t big = 20u << 20;
    char *zeros = calloc(1, big);
    Buf in = BUF_INIT, out = BUF_INIT;
    make_zip(&in, "zeros.txt", zeros, big, NULL);
    free(zeros);
    assert_true(in.len < big / 100);
    SanitizePolicy p = policy();
    Verdict *v = disarm_p(&p, &in, "bomb.zip", &out);
    assert_string_equal(verdict_block_code(v), "zip_bomb");
    assert_int_equal(out.len, 0);
    verdict_free(v);
    buf_free(&in);
}

static void zip_limits_are_enforced(void **state)
{
    (void)state;
    Buf in = BUF_INIT, out = BUF_INIT;
    make_zip(&in, "a.txt", "aaaa\n", (size_t)5, "b.txt", "bbbb\n", (size_t)5, "c.txt", "cccc\n", (size_t)5, NULL);
    SanitizePolicy p = policy();
    p.zip_max_members = 2;
    Verdict *v = disarm_p(&p, &in, "many.zip", &out);
    assert_string_equal(verdict_block_code(v), "zip_too_many_members");
    verdict_free(v);
    p = policy();
    p.zip_max_total_bytes = 12;
    v = disarm_p(&p, &in, "total.zip", &out);
    assert_string_equal(verdict_block_code(v), "zip_bomb");
    verdict_free(v);
    p = policy();
    v = disarm_p(&p, &in, "fine.zip", &out);
    assert_false(verdict_blocked(v));
    verdict_free(v);
    buf_free(&in);
    buf_free(&out);
}

static void deep_nesting_is_blocked(void **state)
{
    (void)state;
    Buf cur = BUF_INIT, next = BUF_INIT, out = BUF_INIT;
    buf_puts(&cur, "leaf\n");
    SanitizePolicy p = policy();
    const char *name = "leaf.txt";
    for (unsigned level = 0; level <= p.zip_max_depth + 1; level++) {
        make_zip(&next, name, cur.data, cur.len, NULL);
        Buf t = cur;
        cur = next;
        next = t;
        name = "nested.zip";
    }
    Verdict *v = disarm_p(&p, &cur, "deep.zip", &out);
    assert_string_equal(verdict_block_code(v), "zip_too_deep");
    verdict_free(v);
    buf_free(&cur);
    buf_free(&next);
}

static void encrypted_zip_is_blocked(void **state)
{
    (void)state;
    ZipWriter w;
    assert_true(zipw_open(&w));
    assert_true(zipw_add(&w, "secret.txt", "secret data\n", 12));
    assert_int_equal(zip_file_set_encryption(w.z, 0, ZIP_EM_AES_256, "password"), 0);
    Buf in = BUF_INIT, out = BUF_INIT;
    assert_true(zipw_finish(&w, &in));
    SanitizePolicy p = policy();
    Verdict *v = disarm_p(&p, &in, "secret.zip", &out);
    assert_string_equal(verdict_block_code(v), "encrypted_zip");
    assert_int_equal(out.len, 0);
    verdict_free(v);
    buf_free(&in);
}

static void unsafe_names_and_blocked_members_block_the_archive(void **state)
{
    (void)state;
    Buf in = BUF_INIT, out = BUF_INIT;
    make_zip(&in, "../../etc/cron.d/x", "x\n", (size_t)2, NULL);
    SanitizePolicy p = policy();
    Verdict *v = disarm_p(&p, &in, "slip.zip", &out);
    assert_string_equal(verdict_block_code(v), "zip_unsafe_name");
    verdict_free(v);

    make_zip(&in, "ok.txt", "fine\n", (size_t)5, "setup.exe", "MZ\x90\0", (size_t)4, NULL);
    v = disarm_p(&p, &in, "mixed.zip", &out);
    assert_string_equal(verdict_block_code(v), "executable");
    assert_true(json_has(v, "setup.exe"));
    assert_int_equal(out.len, 0);
    Verdict *exe = verdict_child(v, 1);
    assert_non_null(exe);
    assert_string_equal(verdict_block_code(exe), "executable");
    verdict_free(v);
    buf_free(&in);
}

/* Names compared byte for byte (zip_name_locate would compare libzip's CP437 reading of them). */
static bool has_raw_name(zip_t *z, const char *name)
{
    for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); i++)
        if (strcmp(zip_get_name(z, (zip_uint64_t)i, ZIP_FL_ENC_RAW), name) == 0)
            return true;
    return false;
}

static void members_keep_names_and_docm_becomes_docx(void **state)
{
    (void)state;
    /* A minimal docm with a VBA project. */
    Buf docm = BUF_INIT, in = BUF_INIT, out = BUF_INIT;
    const char ct[] = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                      "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                      "<Default Extension=\"bin\" ContentType=\"application/vnd.ms-office.vbaProject\"/>"
                      "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.ms-word.document.macroEnabled.main+xml\"/></Types>";
    const char rels[] = "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
    const char drels[] = "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                         "<Relationship Id=\"rId9\" Type=\"http://schemas.microsoft.com/office/2006/relationships/vbaProject\" Target=\"vbaProject.bin\"/></Relationships>";
    const char doc[] = "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
                       "<w:body><w:p><w:r><w:t>本文</w:t></w:r></w:p></w:body></w:document>";
    make_zip(&docm, "[Content_Types].xml", ct, sizeof ct - 1, "_rels/.rels", rels, sizeof rels - 1,
             "word/_rels/document.xml.rels", drels, sizeof drels - 1, "word/document.xml", doc, sizeof doc - 1,
             "word/vbaProject.bin", "VBA", (size_t)3, NULL);
    /* Member names as Windows writes them: CP932 bytes without the UTF-8 flag. */
    make_zip(&in, "\x95\xf1\x8d\x90.docm", docm.data, docm.len, "\x83\x81\x83\x82.txt", "memo\n", (size_t)5, NULL);
    SanitizePolicy p = policy();
    disarm_prepare(&p);
    Verdict *v = disarm_p(&p, &in, "a.zip", &out);
    assert_false(verdict_blocked(v));
    /* The verdict names them readably. */
    assert_true(json_has(v, "\"subject\":\"報告.docm\""));
    assert_true(json_has(v, "\"subject\":\"メモ.txt\""));
    /* Also from inside the sandbox, where the converter cannot be opened. */
    Verdict *sv = NULL;
    Err e;
    Buf sout = BUF_INIT;
    assert_int_equal(sanitize_file(&p, (const uint8_t *)in.data, in.len, "a.zip", &sout, &sv, &e), ST_OK);
    assert_true(json_has(sv, "\"subject\":\"報告.docm\""));
    verdict_free(sv);
    buf_free(&sout);
    zip_t *z = zipmem_open((const uint8_t *)out.data, out.len);
    assert_non_null(z);
    assert_true(has_raw_name(z, "\x95\xf1\x8d\x90.docx"));
    assert_false(has_raw_name(z, "\x95\xf1\x8d\x90.docm"));
    assert_true(has_raw_name(z, "\x83\x81\x83\x82.txt"));
    zip_discard(z);
    verdict_free(v);
    buf_free(&docm);
    buf_free(&in);
    buf_free(&out);
}

/* ---- malware scan ---- */

static char db_dir[64];

static int make_db(void **state)
{
    (void)state;
    strcpy(db_dir, "/tmp/lgsec-clamdb-XXXXXX");
    assert_non_null(mkdtemp(db_dir));
    char path[128];
    snprintf(path, sizeof path, "%s/test.ndb", db_dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    /* A body signature: the whole EICAR string in hex, anywhere in any file. */
    fputs("Lgsec.Test.EICAR:0:*:", f);
    for (const char *s = EICAR_1 EICAR_2; *s; s++)
        fprintf(f, "%02x", (unsigned char)*s);
    fputc('\n', f);
    fclose(f);
    return 0;
}

static int remove_db(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/test.ndb", db_dir);
    unlink(path);
    rmdir(db_dir);
    return 0;
}

static void eicar_inside_a_zip_is_found_in_the_sandbox(void **state)
{
    (void)state;
    SanitizePolicy p = policy();
    p.clamav_db = db_dir;
    p.require_malware_scan = true;
    const char eicar[] = EICAR_1 EICAR_2;
    Buf inner = BUF_INIT, in = BUF_INIT, out = BUF_INIT;
    make_zip(&inner, "eicar.txt", eicar, sizeof eicar - 1, NULL);
    make_zip(&in, "note.txt", "clean\n", (size_t)6, "attach.zip", inner.data, inner.len, NULL);
    Verdict *v = NULL;
    Err e;
    assert_int_equal(sanitize_file(&p, (const uint8_t *)in.data, in.len, "mail.zip", &out, &v, &e), ST_OK);
    assert_string_equal(verdict_block_code(v), "malware");
    assert_true(json_has(v, "Lgsec.Test.EICAR"));
    assert_int_equal(out.len, 0);
    verdict_free(v);

    /* A clean file is scanned, not merely passed. */
    assert_int_equal(sanitize_file(&p, (const uint8_t *)"clean\n", 6, "a.txt", &out, &v, &e), ST_OK);
    assert_false(verdict_blocked(v));
    assert_false(json_has(v, "not scanned"));
    verdict_free(v);
    buf_free(&inner);
    buf_free(&in);
    buf_free(&out);
}

static void unusable_database_blocks_when_required(void **state)
{
    (void)state;
    char empty[] = "/tmp/lgsec-emptydb-XXXXXX";
    assert_non_null(mkdtemp(empty));
    SanitizePolicy p = policy();
    p.clamav_db = empty;
    p.require_malware_scan = true;
    Buf out = BUF_INIT;
    Verdict *v = NULL;
    Err e;
    assert_int_equal(sanitize_file(&p, (const uint8_t *)"clean\n", 6, "a.txt", &out, &v, &e), ST_OK);
    assert_string_equal(verdict_block_code(v), "malware_scan_unavailable");
    verdict_free(v);
    rmdir(empty);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nested_zip_is_disarmed_member_by_member),
        cmocka_unit_test(zip_bomb_is_blocked),
        cmocka_unit_test(zip_limits_are_enforced),
        cmocka_unit_test(deep_nesting_is_blocked),
        cmocka_unit_test(encrypted_zip_is_blocked),
        cmocka_unit_test(unsafe_names_and_blocked_members_block_the_archive),
        cmocka_unit_test(members_keep_names_and_docm_becomes_docx),
        cmocka_unit_test(eicar_inside_a_zip_is_found_in_the_sandbox),
        cmocka_unit_test(unusable_database_blocks_when_required),
    };
    return cmocka_run_group_tests(tests, make_db, remove_db);
}
