/* policy_doc_version.c: owns a policy document's versions — the upload (read, parse, check, store
 * as a draft), the version with its diff against the previous one, the draft's 改訂履歴 and adoption,
 * publication and discarding (see policydocs.h). */
#include <iconv.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "domain/policydocs/policydocs.h"
#include "domain/policydocs/policy_doc_internal.h"
#include "domain/kernel/kernel.h"
#include "policy/pack.h"
#include "policydoc/check.h"
#include "policydoc/diff.h"
#include "policydoc/policydoc.h"

static bool binary_bytes(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r' && p[i] != '\f') || p[i] == 0x7F)
            return true;
    return false;
}

static char *cp932_to_utf8(const unsigned char *s, size_t len)
{
    iconv_t cd = iconv_open("UTF-8", "CP932");
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = len * 3 + 1, left = cap - 1, inleft = len;
    char *out = xmalloc(cap), *o = out, *in = (char *)s;
    size_t r = iconv(cd, &in, &inleft, &o, &left);
    iconv_close(cd);
    if (r == (size_t)-1) {
        free(out);
        return NULL;
    }
    *o = 0;
    return out;
}

/* The upload as UTF-8 text (malloc'd) and its format. */
static Status upload_text(const unsigned char *data, size_t len, char **text, const char **format, Err *e)
{
    if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0) {
        *format = "docx";
        return policydoc_docx_text(data, len, text, e);
    }
    if (len >= 5 && memcmp(data, "%PDF-", 5) == 0) {
        *format = "pdf";
        return policydoc_pdf_text(data, len, text, e);
    }
    *format = "text";
    if (binary_bytes(data, len))
        return err_set(e, ST_INVALID, "policy_not_text", "file",
                       "テキストとして読めないファイルです。テキスト (UTF-8 または Shift_JIS)・Markdown・Word (.docx)・PDF のいずれかをアップロードしてください",
                       "the file is not text: upload plain text (UTF-8 or Shift_JIS), Markdown, Word (.docx) or PDF");
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    PolicyDoc *probe = NULL;
    Status s = policydoc_parse((const char *)data, len, &probe, e);
    if (s != ST_OK)
        return s;
    bool cp932 = strcmp(probe->encoding, "CP932") == 0;
    policydoc_free(probe);
    *text = cp932 ? cp932_to_utf8(data, len) : xstrndup((const char *)data, len);
    if (!*text)
        return err_set(e, ST_INVALID, "policy_encoding", "file", "文字コードを判別できません (UTF-8 または Shift_JIS にしてください)",
                       "unknown text encoding (use UTF-8 or Shift_JIS)");
    return ST_OK;
}

static json_t *check_json(const PolicyDoc *d, const Pack *pack)
{
    PolicyCheck *c = policy_check(d, &pack->guideline);
    char *txt = policy_check_to_json(c, d, &pack->guideline);
    policy_check_free(c);
    json_t *j = json_loads(txt, 0, NULL);
    free(txt);
    return j;
}

Status policy_version_upload(Ctx *ctx, int64_t document_id, const char *filename, const unsigned char *data,
                             size_t len, int64_t *id_out, Err *e)
{
    if (!len)
        return err_set(e, ST_INVALID, "policy_empty", "file", "ファイルが空です", "the file is empty");
    if (len > POLICY_MAX_UPLOAD)
        return err_setf(e, ST_LIMIT, "policy_too_large", "file", "ファイルが大きすぎます (%u MiB まで)",
                        "the file is too large (at most %u MiB)", POLICY_MAX_UPLOAD >> 20);
    char kind[16] = "";
    Stmt *st = db_prepare(ctx->db, "SELECT kind FROM policy_documents WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, document_id);
    bool known = false;
    Status q = stmt_step_row(st, &known, e);
    if (known)
        snprintf(kind, sizeof kind, "%s", stmt_text(st, 0));
    stmt_finalize(st);
    if (q != ST_OK)
        return q;
    if (!*kind)
        return pd_not_found(e);

    char *text = NULL;
    const char *format = "text";
    Status s = upload_text(data, len, &text, &format, e);
    PolicyDoc *doc = NULL;
    if (s == ST_OK)
        s = policydoc_parse(text, strlen(text), &doc, e);
    if (s == ST_OK && doc->counts.articles == 0)
        s = err_set(e, ST_INVALID, "policy_no_structure", "file",
                    "条や番号付きの見出し (「第1条」「1 目的」など) が見つかりません。ポリシー文書の本文か確認してください",
                    "no articles or numbered sections (「第1条」, 「1 目的」) were found in the file");
    json_t *check = NULL;
    if (s == ST_OK && strcmp(kind, "procedure") != 0)
        check = check_json(doc, ctx->pack);
    char *check_txt = check ? json_dumps(check, JSON_COMPACT) : NULL;

    unsigned char h[crypto_hash_sha256_BYTES];
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    crypto_hash_sha256(h, data, len);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);

    /* a failed BEGIN must stop here: the INSERT below would otherwise commit on its own, untrailed */
    if (s != ST_OK || (s = db_begin(ctx->db, e)) != ST_OK)
        goto out;
    int64_t seq = 1;
    st = db_prepare(ctx->db, "SELECT coalesce(max(seq), 0) + 1 FROM policy_doc_versions WHERE document_id = ?", e);
    if (!st) {
        s = finish_tx(ctx, e->status, e);
        goto out;
    }
    stmt_bind_int(st, 1, document_id);
    bool row = false;
    s = stmt_step_row(st, &row, e);
    if (row)
        seq = stmt_int(st, 0);
    stmt_finalize(st);
    if (s != ST_OK) {
        s = finish_tx(ctx, s, e);
        goto out;
    }
    st = db_prepare(ctx->db,
                    "INSERT INTO policy_doc_versions(document_id, seq, state, filename, source_text, source_sha256,"
                    " source_format, doc_title, articles, check_report, pack_version, uploaded_by, uploaded_at)"
                    " VALUES (?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    e);
    if (!st) {
        s = finish_tx(ctx, e->status, e);
        goto out;
    }
    stmt_bind_int(st, 1, document_id);
    stmt_bind_int(st, 2, seq);
    stmt_bind_text(st, 3, filename);
    stmt_bind_text(st, 4, text);
    stmt_bind_text(st, 5, hex);
    stmt_bind_text(st, 6, format);
    stmt_bind_text(st, 7, doc->title);
    stmt_bind_int(st, 8, (int64_t)doc->counts.articles);
    stmt_bind_text(st, 9, check_txt);
    stmt_bind_text(st, 10, ctx->pack->version);
    stmt_bind_text(st, 11, ctx->actor->login_id[0] ? ctx->actor->login_id : "system");
    stmt_bind_text(st, 12, now);
    if (stmt_step(st) != STEP_DONE)
        s = stmt_error(st, e);
    stmt_finalize(st);
    int64_t id = db_last_insert_id(ctx->db);
    if (s == ST_OK) {
        json_t *after = NULL;
        s = pd_version_state(ctx, id, &after, e);
        if (s == ST_OK) {
            json_object_set_new(after, "format", json_string(format));
            json_object_set(after, "check", check ? json_object_get(check, "summary") : json_null());
            s = record_change(ctx, "policy_doc.upload", "policy_doc_version", id, NULL, after, e);
        }
        json_decref(after);
    }
    s = finish_tx(ctx, s, e);
    if (s == ST_OK && id_out)
        *id_out = id;
out:
    free(check_txt);
    json_decref(check);
    policydoc_free(doc);
    free(text);
    return s;
}

/* The published version in force, else the latest earlier version that is not discarded; 0 if none. */
static int64_t previous_version(Ctx *ctx, const PdVersionRow *r)
{
    if (r->current_version_id && r->current_version_id != r->id) {
        PdVersionRow cur;
        Err ignore = {0};
        if (pd_version_row(ctx, r->current_version_id, &cur, &ignore) == ST_OK && cur.seq < r->seq)
            return cur.id;
    }
    Err e = {0};
    Stmt *st = db_prepare(ctx->db,
                          "SELECT id FROM policy_doc_versions WHERE document_id = ? AND seq < ? AND state <> 'discarded'"
                          " ORDER BY seq DESC LIMIT 1",
                          &e);
    if (!st)
        return 0;
    stmt_bind_int(st, 1, r->document_id);
    stmt_bind_int(st, 2, r->seq);
    int64_t id = stmt_step(st) == STEP_ROW ? stmt_int(st, 0) : 0;
    stmt_finalize(st);
    return id;
}

static Status load_text(Ctx *ctx, int64_t id, char **text, char **check, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT source_text, check_report FROM policy_doc_versions WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    Status s = ST_OK;
    if (stmt_step(st) == STEP_ROW) {
        *text = xstrdup(stmt_text(st, 0));
        if (check)
            *check = stmt_is_null(st, 1) ? NULL : xstrdup(stmt_text(st, 1));
    } else {
        s = pd_not_found(e);
    }
    stmt_finalize(st);
    return s;
}

static Status parse_stored(Ctx *ctx, int64_t id, char **text, char **check, PolicyDoc **doc, Err *e)
{
    Status s = load_text(ctx, id, text, check, e);
    if (s == ST_OK)
        s = policydoc_parse(*text, strlen(*text), doc, e);
    return s;
}

Status policy_version_get(Ctx *ctx, int64_t id, int64_t against, json_t **out, Err *e)
{
    PdVersionRow r;
    Status s = pd_version_row(ctx, id, &r, e);
    if (s == ST_OK && !pd_may_read(ctx, r.kind, r.state))
        s = pd_not_found(e);
    if (s != ST_OK)
        return s;
    int64_t prev = against ? against : previous_version(ctx, &r);
    PdVersionRow pr = {0};
    if (prev) {
        s = pd_version_row(ctx, prev, &pr, e);
        if (s == ST_OK && (pr.document_id != r.document_id || !pd_may_read(ctx, pr.kind, pr.state)))
            s = err_set(e, ST_INVALID, "invalid_against", "against", "比較する版が見つかりません",
                        "the version to compare with was not found");
        if (s != ST_OK)
            return s;
    }
    char *text = NULL, *check = NULL, *prev_text = NULL;
    PolicyDoc *doc = NULL, *prev_doc = NULL;
    s = parse_stored(ctx, id, &text, &check, &doc, e);
    if (s == ST_OK && prev)
        s = parse_stored(ctx, prev, &prev_text, NULL, &prev_doc, e);
    json_t *o = s == ST_OK ? pd_version_object(ctx, id, e) : NULL;
    if (s == ST_OK && !o)
        s = e->status;
    if (s == ST_OK) {
        Stmt *st = db_prepare(ctx->db,
                              "SELECT d.id, d.kind, d.title, d.area, a.acknowledged_at FROM policy_documents d"
                              " LEFT JOIN policy_acknowledgements a ON a.version_id = ?1 AND a.person_id = ?2"
                              " WHERE d.id = ?3",
                              e);
        if (st) {
            stmt_bind_int(st, 1, id);
            stmt_bind_int(st, 2, ctx->actor->person_id);
            stmt_bind_int(st, 3, r.document_id);
            if (stmt_step(st) == STEP_ROW) {
                json_object_set_new(o, "document",
                                    json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)stmt_int(st, 0), "kind",
                                              stmt_text(st, 1), "kind_ja", policy_kind_ja(stmt_text(st, 1)), "title",
                                              stmt_text(st, 2), "area", stmt_text(st, 3)));
                json_object_set_new(o, "acknowledged_at",
                                    stmt_is_null(st, 4) ? json_null() : json_string(stmt_text(st, 4)));
            }
            stmt_finalize(st);
        }
        json_object_set_new(o, "current", json_boolean(r.current_version_id == id));
        json_object_set_new(o, "can_manage", json_boolean(pd_may_manage(ctx)));
        json_object_set_new(o, "text", json_string(text));
        char *tree = policydoc_to_json(doc);
        json_object_set_new(o, "parse", json_loads(tree, 0, NULL));
        free(tree);
        json_object_set_new(o, "check", check ? json_loads(check, 0, NULL) : json_null());
        if (prev_doc) {
            PdDiff *d = NULL;
            pd_diff(prev_doc, doc, &d, e);
            char *dj = pd_diff_to_json(d);
            json_t *diff = json_loads(dj, 0, NULL);
            free(dj);
            pd_diff_free(d);
            json_object_set_new(diff, "against", json_pack("{s:I, s:I, s:s}", "id", (json_int_t)pr.id, "seq",
                                                           (json_int_t)pr.seq, "state", pr.state));
            json_object_set_new(diff, "against_text", json_string(prev_text));
            json_object_set_new(o, "diff", diff);
        } else {
            json_object_set_new(o, "diff", json_null());
        }
        *out = o;
    }
    policydoc_free(doc);
    policydoc_free(prev_doc);
    free(text);
    free(check);
    free(prev_text);
    return s;
}

static Status draft_only(const PdVersionRow *r, Err *e)
{
    if (strcmp(r->state, "draft") != 0)
        return err_set(e, ST_CONFLICT, "policy_version_not_draft", "state", "施行済み・廃棄済みの版は変更できません",
                       "only a draft version can be changed");
    return ST_OK;
}

static Status check_date(json_t *body, const char *field, const char *label, Err *e)
{
    json_t *v = json_object_get(body, field);
    int y, m, d;
    if (v && !json_is_null(v) && (!json_is_string(v) || !date_parse(json_string_value(v), &y, &m, &d)))
        return err_setf(e, ST_INVALID, "invalid_date", field, "%sは YYYY-MM-DD 形式の日付で入力してください",
                        "%s must be a date YYYY-MM-DD", label);
    return ST_OK;
}

static const char *const meta_fields[] = {"effective_date", "revision_note", "decision", "decision_date", "pack_version",
                                          NULL};

Status policy_version_update(Ctx *ctx, int64_t id, json_t *body, Err *e)
{
    PdVersionRow r;
    Status s = pd_version_row(ctx, id, &r, e);
    if (s == ST_OK)
        s = draft_only(&r, e);
    if (s == ST_OK)
        s = check_date(body, "effective_date", "施行日", e);
    if (s == ST_OK)
        s = check_date(body, "decision_date", "決定日", e);
    if (s != ST_OK)
        return s;
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    json_t *before = NULL;
    s = pd_version_state(ctx, id, &before, e);
    for (int i = 0; s == ST_OK && meta_fields[i]; i++) {
        json_t *v = json_object_get(body, meta_fields[i]);
        if (!v)
            continue;
        char sql[128];
        snprintf(sql, sizeof sql, "UPDATE policy_doc_versions SET %s = ? WHERE id = ?", meta_fields[i]);
        Stmt *st = db_prepare(ctx->db, sql, e);
        if (!st) {
            s = e->status;
            break;
        }
        bool nullable = strstr(meta_fields[i], "date") != NULL;
        const char *txt = json_string_value(v);
        if (nullable && (!txt || !*txt))
            stmt_bind_null(st, 1);
        else
            stmt_bind_text(st, 1, txt ? txt : "");
        stmt_bind_int(st, 2, id);
        if (stmt_step(st) != STEP_DONE)
            s = stmt_error(st, e);
        stmt_finalize(st);
    }
    json_t *after = NULL;
    if (s == ST_OK)
        s = pd_version_state(ctx, id, &after, e);
    if (s == ST_OK)
        s = record_change(ctx, "policy_doc.version_update", "policy_doc_version", id, before, after, e);
    json_decref(before);
    json_decref(after);
    return finish_tx(ctx, s, e);
}

Status policy_version_record_decision(Ctx *ctx, int64_t id, const char *decision, const char *decided_on, bool *filled,
                                      Err *e)
{
    *filled = false;
    PdVersionRow r;
    Status s = pd_version_row(ctx, id, &r, e);
    if (s != ST_OK || strcmp(r.state, "draft") != 0)
        return s;
    Stmt *st = db_prepare(ctx->db, "SELECT decision FROM policy_doc_versions WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    bool row = false;
    s = stmt_step_row(st, &row, e);
    bool empty = row && !*stmt_text(st, 0);
    stmt_finalize(st);
    if (s != ST_OK || !empty)
        return s; /* a decision someone wrote is theirs */
    json_t *body = json_pack("{s:s, s:s}", "decision", decision, "decision_date", decided_on);
    s = policy_version_update(ctx, id, body, e);
    json_decref(body);
    *filled = s == ST_OK;
    return s;
}

static Status set_state(Ctx *ctx, const char *sql, int64_t a, int64_t b, const char *c, Err *e)
{
    Stmt *st = db_prepare(ctx->db, sql, e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, a);
    stmt_bind_int(st, 2, b);
    if (c)
        stmt_bind_text(st, 3, c);
    Status s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

/* The states of the document's published versions other than id (the ones publishing id puts out of
 * force), appended to out. */
static Status superseded_states(Ctx *ctx, int64_t document_id, int64_t id, json_t *out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT id FROM policy_doc_versions WHERE document_id = ? AND id <> ? AND state = 'published'"
                          " ORDER BY id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, document_id);
    stmt_bind_int(st, 2, id);
    json_t *ids = NULL;
    Status s = rows_ids(st, &ids, e);
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v) if (s == ST_OK)
    {
        json_t *o = NULL;
        if ((s = pd_version_state(ctx, json_integer_value(v), &o, e)) == ST_OK)
            json_array_append_new(out, o);
    }
    json_decref(ids);
    return s;
}

Status policy_version_publish(Ctx *ctx, int64_t id, Err *e)
{
    PdVersionRow r;
    Status s = pd_version_row(ctx, id, &r, e);
    if (s == ST_OK)
        s = draft_only(&r, e);
    if (s != ST_OK)
        return s;
    json_t *before = pd_version_object(ctx, id, e);
    if (!before)
        return e->status;
    /* 第48条 publication of a revision decided by the committee: say when it applies, what changed,
     * and who decided. */
    if (json_is_null(json_object_get(before, "effective_date")))
        s = err_set(e, ST_INVALID, "required", "effective_date", "施行日を入力してから施行してください",
                    "set the effective date before publishing");
    else if (!*json_string_value(json_object_get(before, "revision_note")))
        s = err_set(e, ST_INVALID, "required", "revision_note", "改訂履歴 (改訂の内容) を入力してから施行してください",
                    "write the revision note before publishing");
    else if (!*json_string_value(json_object_get(before, "decision")))
        s = err_set(e, ST_INVALID, "required", "decision", "採択した委員会の決定を入力してから施行してください",
                    "record the committee decision before publishing");
    if (s == ST_OK)
        s = db_begin(ctx->db, e);
    if (s != ST_OK) {
        json_decref(before);
        return s;
    }
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    const char *who = ctx->actor->login_id[0] ? ctx->actor->login_id : "system";
    json_t *superseded = json_array();
    s = superseded_states(ctx, r.document_id, id, superseded, e);
    if (s == ST_OK)
        s = set_state(ctx,
                      "UPDATE policy_doc_versions SET state = 'superseded' WHERE document_id = ? AND id <> ? AND state = 'published'",
                      r.document_id, id, NULL, e);
    /* each version put out of force gets its own entry, so its state stays reconcilable */
    size_t i;
    json_t *old;
    json_array_foreach(superseded, i, old) if (s == ST_OK)
    {
        int64_t old_id = json_integer_value(json_object_get(old, "id"));
        json_t *now_state = NULL;
        s = pd_version_state(ctx, old_id, &now_state, e);
        if (s == ST_OK)
            s = record_change(ctx, "policy_doc.supersede", "policy_doc_version", old_id, old, now_state, e);
        json_decref(now_state);
    }
    json_decref(superseded);
    if (s == ST_OK) {
        Stmt *st = db_prepare(ctx->db,
                              "UPDATE policy_doc_versions SET state = 'published', published_by = ?, published_at = ? WHERE id = ?",
                              e);
        if (!st) {
            s = e->status;
        } else {
            stmt_bind_text(st, 1, who);
            stmt_bind_text(st, 2, now);
            stmt_bind_int(st, 3, id);
            if (stmt_step(st) != STEP_DONE)
                s = stmt_error(st, e);
            stmt_finalize(st);
        }
    }
    if (s == ST_OK)
        s = set_state(ctx, "UPDATE policy_documents SET current_version_id = ?1, updated_at = ?3 WHERE id = ?2", id,
                      r.document_id, now, e);
    json_t *after = NULL;
    if (s == ST_OK)
        s = pd_version_state(ctx, id, &after, e);
    if (after)
        json_object_set_new(after, "superseded_version_id",
                            r.current_version_id ? json_integer(r.current_version_id) : json_null());
    if (s == ST_OK)
        s = record_change(ctx, "policy_doc.publish", "policy_doc_version", id, before, after, e);
    json_decref(before);
    json_decref(after);
    return finish_tx(ctx, s, e);
}

Status policy_version_discard(Ctx *ctx, int64_t id, Err *e)
{
    PdVersionRow r;
    Status s = pd_version_row(ctx, id, &r, e);
    if (s == ST_OK)
        s = draft_only(&r, e);
    if (s == ST_OK)
        s = db_begin(ctx->db, e);
    if (s != ST_OK)
        return s;
    s = set_state(ctx, "UPDATE policy_doc_versions SET state = 'discarded' WHERE id = ? AND document_id = ?", id,
                  r.document_id, NULL, e);
    if (s == ST_OK) {
        json_t *after = NULL;
        s = pd_version_state(ctx, id, &after, e);
        if (s == ST_OK)
            s = record_change(ctx, "policy_doc.discard", "policy_doc_version", id, NULL, after, e);
        json_decref(after);
    }
    return finish_tx(ctx, s, e);
}
