/* lifecycle: what happens to a contract after it is approved — 再委託 with its approval (第137条(9)),
 * 委託事業者要員 with their pledge, the periodic checks of performance (第138条(2), due every
 * check_interval_days: a home task of the responsible 管理者), and the end (第139条) with the return and
 * erasure of information and the erasure certificate. The certificate is kept like incident evidence:
 * once under its SHA-256 in <db>.evidence/ (0700, files 0600, written to a temporary name and renamed),
 * so the evidence backup carries it too, and re-hashed when read. */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/text.h"
#include "core/xmalloc.h"
#include "domain/vendors/vendors.h"
#include "domain/vendors/vendors_internal.h"
#include "entities/vendor_entity.h"
#include "policy/pack.h"

#define MAX_CERT_BYTES (32u * 1024 * 1024)
#define DIR_CAP 4000
#define FILE_CAP (DIR_CAP + 80)

static Status require_state(const ContractRow *c, const char *want, Err *e)
{
    if (strcmp(contract_state(c), want) == 0)
        return ST_OK;
    if (c->ended)
        return err_set(e, ST_CONFLICT, "contract_ended", NULL, "この契約は終了しています", "the contract has ended");
    return err_set(e, ST_CONFLICT, "contract_not_approved", NULL, "承認された契約にだけ記録できます",
                   "this is recorded for an approved contract only");
}

/* Runs the insert into table and records the new row (contract_part_plain) under contract id. */
static Status exec_insert(Ctx *ctx, Stmt *st, int64_t id, const char *action, const char *table, Err *e)
{
    Status s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    json_t *after = NULL;
    if (s == ST_OK)
        s = contract_part_plain(ctx, table, db_last_insert_id(ctx->db), &after, e);
    if (s == ST_OK)
        s = record_change(ctx, action, "vendor_contract", id, NULL, after, e);
    json_decref(after);
    return finish_tx(ctx, s, e);
}

static Status not_future(const char *d, const char *today, const char *field, Err *e)
{
    if (strcmp(d, today) > 0)
        return err_set(e, ST_INVALID, "date_in_future", field, "未来の日付は記録できません", "a future date cannot be recorded");
    return ST_OK;
}

Status contract_subcontract_add(Ctx *ctx, int64_t id, json_t *in, Err *e)
{
    ContractRow c;
    Status s = contract_load(ctx, id, &c, e);
    if (s != ST_OK)
        return s;
    if (c.ended)
        return require_state(&c, "approved", e);
    if (!json_is_object(in))
        return err_set(e, ST_INVALID, "invalid_json", NULL, "JSON オブジェクトを送ってください", "send a JSON object");
    char now[21], today[11];
    vendors_now(ctx, now, today);
    if ((s = vin_entity(&subcontract_entity, in, e)) != ST_OK)
        return s;
    const char *sub = vin_str(in, "subcontractor"), *cn = vin_str(in, "corporate_number"), *scope = vin_str(in, "scope"),
               *approved_on = vin_str(in, "approved_on");
    if ((s = not_future(approved_on, today, "approved_on", e)) != ST_OK)
        return s;
    if (cn && *cn && !corporate_number_valid(cn))
        return err_set(e, ST_INVALID, "invalid_corporate_number", "corporate_number",
                       "法人番号は13桁の数字で、先頭の検査用数字が正しいものを入力してください",
                       "the corporate number must be 13 digits with a correct check digit");
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO vendor_subcontracts (contract_id, subcontractor, corporate_number, scope, approved_on,"
                          " approved_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          e);
    if (!st)
        return finish_tx(ctx, e->status, e);
    stmt_bind_int(st, 1, id);
    stmt_bind_text(st, 2, sub);
    stmt_bind_text(st, 3, cn && *cn ? cn : NULL);
    stmt_bind_text(st, 4, scope);
    stmt_bind_text(st, 5, approved_on);
    stmt_bind_int(st, 6, ctx->actor->person_id);
    stmt_bind_text(st, 7, now);
    return exec_insert(ctx, st, id, "vendor_contract.subcontract", "vendor_subcontracts", e);
}

Status contract_staff_add(Ctx *ctx, int64_t id, json_t *in, Err *e)
{
    ContractRow c;
    Status s = contract_load(ctx, id, &c, e);
    if (s != ST_OK)
        return s;
    if (c.ended)
        return require_state(&c, "approved", e);
    if (!json_is_object(in))
        return err_set(e, ST_INVALID, "invalid_json", NULL, "JSON オブジェクトを送ってください", "send a JSON object");
    char now[21], today[11];
    vendors_now(ctx, now, today);
    if ((s = vin_entity(&vendor_staff_entity, in, e)) != ST_OK)
        return s;
    const char *name = vin_str(in, "name"), *role = vin_str(in, "role"), *pledged = vin_str(in, "pledged_on");
    json_t *pv = json_object_get(in, "person_id");
    int64_t person = json_is_integer(pv) ? json_integer_value(pv) : 0;
    if (pledged && (s = not_future(pledged, today, "pledged_on", e)) != ST_OK)
        return s;
    if (person) {
        Stmt *st = db_prepare(ctx->db, "SELECT 1 FROM people_v WHERE id = ?", e);
        if (!st)
            return e->status;
        stmt_bind_int(st, 1, person);
        bool row = false;
        s = stmt_step_row(st, &row, e);
        stmt_finalize(st);
        if (s != ST_OK)
            return s;
        if (!row)
            return err_set(e, ST_NOTFOUND, "person_not_found", "person_id", "職員等が見つかりません", "person not found");
    }
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO vendor_staff (contract_id, name, role, person_id, pledged_on, created_at) VALUES (?, ?, ?, ?, ?, ?)", e);
    if (!st)
        return finish_tx(ctx, e->status, e);
    stmt_bind_int(st, 1, id);
    stmt_bind_text(st, 2, name);
    stmt_bind_text(st, 3, role ? role : "");
    if (person)
        stmt_bind_int(st, 4, person);
    else
        stmt_bind_null(st, 4);
    stmt_bind_text(st, 5, pledged);
    stmt_bind_text(st, 6, now);
    return exec_insert(ctx, st, id, "vendor_contract.staff", "vendor_staff", e);
}

Status contract_check_add(Ctx *ctx, int64_t id, json_t *in, Err *e)
{
    ContractRow c;
    Status s = contract_load(ctx, id, &c, e);
    if (s == ST_OK)
        s = require_state(&c, "approved", e);
    if (s != ST_OK)
        return s;
    if (!json_is_object(in))
        return err_set(e, ST_INVALID, "invalid_json", NULL, "JSON オブジェクトを送ってください", "send a JSON object");
    char now[21], today[11];
    vendors_now(ctx, now, today);
    if ((s = vin_entity(&vendor_check_entity, in, e)) != ST_OK)
        return s;
    const char *on = vin_str(in, "checked_on"), *items = vin_str(in, "checked_items"), *result = vin_str(in, "result"),
               *actions = vin_str(in, "actions");
    s = not_future(on, today, "checked_on", e);
    if (s == ST_OK && strcmp(on, c.starts_on) < 0)
        s = err_set(e, ST_INVALID, "date_before_term", "checked_on", "確認日は契約期間の開始日以降にしてください",
                    "the check cannot be before the term starts");
    if (s == ST_OK && strcmp(result, "action_needed") == 0 && (!actions || !*actions))
        s = entity_required(entity_field(&vendor_check_entity, "actions"), e);
    if (s != ST_OK)
        return s;
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO vendor_checks (contract_id, checked_on, checked_items, result, actions, checked_by, created_at)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?)",
                          e);
    if (!st)
        return finish_tx(ctx, e->status, e);
    stmt_bind_int(st, 1, id);
    stmt_bind_text(st, 2, on);
    stmt_bind_text(st, 3, items);
    stmt_bind_text(st, 4, result);
    stmt_bind_text(st, 5, actions ? actions : "");
    stmt_bind_int(st, 6, ctx->actor->person_id);
    stmt_bind_text(st, 7, now);
    return exec_insert(ctx, st, id, "vendor_contract.check", "vendor_checks", e);
}

static void hex(const unsigned char *h, char out[65])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = digits[h[i] >> 4];
        out[2 * i + 1] = digits[h[i] & 15];
    }
    out[64] = '\0';
}

static Status io_error(Err *e, const char *what)
{
    return err_setf(e, ST_IO, "evidence_store_failed", "", "証明書ファイルを保存・読み出しできません (%s)",
                    "cannot store or read the certificate file (%s)", what);
}

static void paths(const Ctx *ctx, const char *sha, char dir[static DIR_CAP], char file[static FILE_CAP])
{
    snprintf(dir, DIR_CAP, "%s.evidence", db_path(ctx->db));
    snprintf(file, FILE_CAP, "%s/%.64s", dir, sha);
}

static Status store_file(const Ctx *ctx, const char *sha, const unsigned char *data, size_t len, Err *e)
{
    char dir[DIR_CAP], file[FILE_CAP], tmp[FILE_CAP + 40];
    paths(ctx, sha, dir, file);
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return io_error(e, strerror(errno));
    struct stat sb;
    if (stat(file, &sb) == 0)
        return ST_OK; /* the same bytes are kept already */
    snprintf(tmp, sizeof tmp, "%s.%ld.v.tmp", file, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return io_error(e, strerror(errno));
    size_t off = 0;
    while (off < len) {
        ssize_t n = write(fd, data + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        off += (size_t)n;
    }
    bool ok = off == len && fsync(fd) == 0;
    ok &= close(fd) == 0;
    if (!ok || rename(tmp, file) != 0) {
        int err = errno;
        unlink(tmp);
        return io_error(e, strerror(err));
    }
    return ST_OK;
}

/* ENFORCES: 第139条(2)
 * 委託契約の終了は、検収の結果と情報の返却・抹消の区分を、抹消(廃棄)証明書のファイルとともに記録して
 * はじめて記録できる。 */
Status contract_end(Ctx *ctx, int64_t id, json_t *in, const char *cert_name, const unsigned char *data, size_t len,
                    Err *e)
{
    ContractRow c;
    Status s = contract_load(ctx, id, &c, e);
    if (s == ST_OK)
        s = require_state(&c, "approved", e);
    if (s != ST_OK)
        return s;
    const char *ended_on, *acceptance, *disposition;
    char now[21], today[11];
    vendors_now(ctx, now, today);
    s = vin_date(in, "ended_on", "終了日", true, &ended_on, e);
    if (s == ST_OK)
        s = not_future(ended_on, today, "ended_on", e);
    if (s == ST_OK && strcmp(ended_on, c.starts_on) < 0)
        s = err_set(e, ST_INVALID, "date_before_term", "ended_on", "終了日は契約期間の開始日以降にしてください",
                    "the end cannot be before the term starts");
    if (s == ST_OK)
        s = vin_text(in, "acceptance", "検収の結果(セキュリティ対策の実施の確認)", 2000, true, true, &acceptance, e);
    if (s == ST_OK)
        s = vin_text(in, "disposition", "情報の返却・抹消", 32, true, false, &disposition, e);
    if (s == ST_OK && strcmp(disposition, "returned") != 0 && strcmp(disposition, "erased") != 0 &&
        strcmp(disposition, "returned_and_erased") != 0)
        s = err_set(e, ST_INVALID, "invalid_disposition", "disposition", "情報の返却・抹消の区分を選んでください",
                    "disposition must be returned, erased or returned_and_erased");
    if (s != ST_OK)
        return s;
    if (!cert_name || !*cert_name || !text_valid_chars(cert_name, 200, false) || strchr(cert_name, '/'))
        return err_set(e, ST_INVALID, "invalid_text", "name", "証明書のファイル名 (200文字以内、/ を含まない) を指定してください",
                       "name must be a file name of at most 200 characters without /");
    if (len == 0)
        return err_set(e, ST_INVALID, "certificate_missing", "file", "抹消(廃棄)証明書のファイルを添付してください",
                       "attach the erasure certificate file");
    if (len > MAX_CERT_BYTES)
        return err_set(e, ST_LIMIT, "file_too_large", "file", "ファイルが大きすぎます", "the file is too large");
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, len);
    char sha[65];
    hex(h, sha);
    if ((s = store_file(ctx, sha, data, len, e)) != ST_OK)
        return s;
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO vendor_contract_endings (contract_id, ended_on, acceptance, disposition, certificate_sha256,"
                          " certificate_name, certificate_size, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          e);
    if (!st)
        return finish_tx(ctx, e->status, e);
    stmt_bind_int(st, 1, id);
    stmt_bind_text(st, 2, ended_on);
    stmt_bind_text(st, 3, acceptance);
    stmt_bind_text(st, 4, disposition);
    stmt_bind_text(st, 5, sha);
    stmt_bind_text(st, 6, cert_name);
    stmt_bind_int(st, 7, (int64_t)len);
    stmt_bind_int(st, 8, ctx->actor->person_id);
    stmt_bind_text(st, 9, now);
    s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s == ST_OK) {
        st = db_prepare(ctx->db, "UPDATE vendor_contracts SET ended_at = ?, updated_at = ? WHERE id = ?", e);
        if (!st)
            s = e->status;
        else {
            stmt_bind_text(st, 1, now);
            stmt_bind_text(st, 2, now);
            stmt_bind_int(st, 3, id);
            s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
            stmt_finalize(st);
        }
    }
    if (s == ST_OK)
        s = contract_record(ctx, "vendor_contract.end", id, NULL, e);
    return finish_tx(ctx, s, e);
}

Status contract_certificate_read(Ctx *ctx, int64_t id, unsigned char **data, size_t *len, char name[static 256], Err *e)
{
    *data = NULL;
    *len = 0;
    Stmt *st = db_prepare(ctx->db, "SELECT certificate_sha256, certificate_name FROM vendor_contract_endings WHERE contract_id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    bool row = false;
    char sha[65] = "";
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row) {
        snprintf(sha, sizeof sha, "%s", stmt_text(st, 0));
        snprintf(name, 256, "%s", stmt_text(st, 1));
    }
    stmt_finalize(st);
    if (s != ST_OK)
        return s;
    if (!row)
        return err_set(e, ST_NOTFOUND, "certificate_not_found", NULL, "抹消証明書は記録されていません",
                       "no erasure certificate is recorded");
    char dir[DIR_CAP], file[FILE_CAP];
    paths(ctx, sha, dir, file);
    FILE *f = fopen(file, "rb");
    if (!f)
        return io_error(e, strerror(errno));
    unsigned char *buf = xmalloc(MAX_CERT_BYTES + 1);
    size_t n = fread(buf, 1, MAX_CERT_BYTES + 1, f);
    fclose(f);
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, buf, n);
    char got[65];
    hex(h, got);
    if (strcmp(got, sha) != 0) {
        free(buf);
        return err_set(e, ST_TAMPER, "evidence_tampered", NULL, "保管された証明書ファイルが記録と一致しません",
                       "the stored certificate does not match its record");
    }
    json_t *after = json_pack("{s:s}", "certificate_sha256", sha);
    if ((s = db_begin(ctx->db, e)) == ST_OK) {
        s = record_change(ctx, "vendor_contract.certificate_view", "vendor_contract", id, NULL, after, e);
        s = finish_tx(ctx, s, e);
    }
    json_decref(after);
    if (s != ST_OK) {
        free(buf);
        return s;
    }
    *data = buf;
    *len = n;
    return ST_OK;
}

Status vendors_checks_due_for_actor(Ctx *ctx, json_t **out, Err *e)
{
    *out = json_pack("{s:[]}", "items");
    if (!ctx->actor->person_id)
        return ST_OK;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT c.id, c.title, v.name, coalesce((SELECT max(k.checked_on) FROM vendor_checks k WHERE k.contract_id = c.id),"
                          " c.starts_on) FROM vendor_contracts c JOIN vendor_companies v ON v.id = c.vendor_id JOIN requests_v r ON r.id = c.request_id"
                          " WHERE c.manager_person_id = ? AND c.ended_at IS NULL AND r.state = 'approved' ORDER BY c.id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, ctx->actor->person_id);
    char now[21], today[11], soon[11];
    vendors_now(ctx, now, today);
    date_add_days(today, 14, soon);
    Status s = ST_OK;
    json_t *items = json_object_get(*out, "items");
    for (;;) {
        int rc = stmt_step(st);
        if (rc == STEP_DONE)
            break;
        if (rc != STEP_ROW) {
            s = stmt_error(st, e);
            break;
        }
        char due[11];
        date_add_days(stmt_text(st, 3), ctx->pack->vendors.check_interval_days, due);
        if (strcmp(due, soon) > 0)
            continue; /* shown from two weeks before it is due */
        json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:b, s:s?}", "contract_id", (json_int_t)stmt_int(st, 0),
                                               "title", stmt_text(st, 1), "vendor_name", stmt_text(st, 2), "due_on", due,
                                               "overdue", strcmp(due, today) < 0, "article",
                                               ctx->pack->vendors.check_article));
    }
    stmt_finalize(st);
    return s;
}
