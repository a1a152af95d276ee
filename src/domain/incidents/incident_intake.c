/* incident_intake: filing a mail received by the 統一的な窓口 (第21条3, 第55条) as an untriaged report
 * (see incidents.h, incident_intake). The CLI has already passed the message through the 無害化
 * engine; this file decides whose report it is, fits the sanitised text to the report's limits,
 * keeps the original as evidence, and makes a second delivery of the same message a no-op. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/text.h"
#include "domain/incidents/incident_internal.h"
#include "domain/incidents/incidents.h"
#include "policy/pack.h"

#define TITLE_MAX 200
#define DESCRIPTION_MAX 4000
#define CALLER_NAME_MAX 100
#define CALLER_CONTACT_MAX 200

/* Appends to out the characters of s the report's text checks accept (the others dropped), at most
 * max_chars of them; *cut when some were left out for the length. */
static void fit(const char *s, size_t max_chars, bool multiline, Buf *out, bool *cut)
{
    size_t chars = 0;
    if (cut)
        *cut = false;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t n = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
        char one[5] = {0};
        size_t k = 0;
        while (k < n && p[k])
            k++;
        memcpy(one, p, k);
        p += k;
        if (!text_valid_chars(one, 1, multiline))
            continue;
        if (chars == max_chars) {
            if (cut)
                *cut = true;
            return;
        }
        buf_append(out, one, k);
        chars++;
    }
}

static char *fitted(const char *s, size_t max_chars, bool multiline)
{
    Buf b = BUF_INIT;
    fit(s ? s : "", max_chars, multiline, &b, NULL);
    buf_putc(&b, '\0');
    return b.data;
}

/* The person whose mail address the sender is: exactly one active person, else 0. */
static Status sender_person(Ctx *ctx, const char *sender, int64_t *person, Err *e)
{
    *person = 0;
    if (!*sender)
        return ST_OK;
    char today[11];
    date_today(ctx->clock, today);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT id FROM people_v WHERE email <> '' AND lower(email) = lower(?1)"
                          " AND active_from <= ?2 AND (active_until IS NULL OR active_until >= ?2) LIMIT 2",
                          e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, sender);
    stmt_bind_text(st, 2, today);
    int found = 0;
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW)
        if (found++ == 0)
            *person = stmt_int(st, 0);
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (found != 1)
        *person = 0; /* nobody, or an address shared by several: not one 職員's report */
    return s;
}

static Status filed_before(Ctx *ctx, const char *key, int64_t *id, Err *e)
{
    *id = 0;
    Stmt *st = db_prepare(ctx->db, "SELECT incident_id FROM incident_intake_messages WHERE message_key = ?", e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, key);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row)
        *id = stmt_int(st, 0);
    stmt_finalize(st);
    return s;
}

/* The description: how it came in, then the text, cut to the report's limit. */
static char *description(const Ctx *ctx, const IncidentMail *m, bool staff)
{
    Buf d = BUF_INIT;
    char jst[17];
    time_jst(clock_now(ctx->clock), jst);
    buf_printf(&d, "[メールで受け付けた報告 (統一的な窓口) / received by mail]\n受信: %s (日本時間)\n", jst);
    buf_printf(&d, "差出人: %s%s%s%s\n", m->sender_name, *m->sender_name ? " <" : "",
               *m->sender ? m->sender : "(アドレスなし)", *m->sender_name ? ">" : "");
    if (staff)
        buf_puts(&d, "  (職員の登録にあるアドレスです。差出人のアドレスは認証されていません)\n");
    if (*m->message_id)
        buf_printf(&d, "Message-ID: %s\n", m->message_id);
    buf_printf(&d, "無害化: %s (原本は証拠として隔離保管)\n", m->outcome);
    if (*m->note)
        buf_printf(&d, "%s\n", m->note);
    buf_puts(&d, "----\n");
    buf_puts(&d, *m->text ? m->text : "(本文はありません)");
    Buf out = BUF_INIT;
    bool cut = false;
    static const char tail[] = "\n…(長さの上限のため以下省略。全文は証拠の原本にあります)";
    fit(buf_str(&d), DESCRIPTION_MAX, true, &out, &cut);
    if (cut) {
        buf_reset(&out);
        fit(buf_str(&d), DESCRIPTION_MAX - text_chars(tail), true, &out, NULL);
        buf_puts(&out, tail);
    }
    buf_free(&d);
    buf_putc(&out, '\0');
    return out.data;
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

/* The report's fields as the form would send them. */
static json_t *report_input(const Ctx *ctx, const IncidentMail *m, bool staff)
{
    char now[21];
    incident_now(ctx, now);
    char *title = fitted(m->subject, TITLE_MAX, false);
    char *desc = description(ctx, m, staff);
    json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:s}", "title", *title ? title : "メールでの報告 (件名なし)",
                           "description", desc, "noticed_at", now, "place", "メール (統一的な窓口)", "personal_data",
                           "unknown");
    free(title);
    free(desc);
    if (!staff) {
        char *name = fitted(*m->sender_name ? m->sender_name : m->sender, CALLER_NAME_MAX, false);
        char *contact = fitted(m->sender, CALLER_CONTACT_MAX, false);
        json_object_set_new(in, "source", json_string("outsider"));
        json_object_set_new(in, "caller_name", json_string(*name ? name : "(差出人不明)"));
        json_object_set_new(in, "caller_contact", json_string(*contact ? contact : "メール (差出人のアドレスなし)"));
        free(name);
        free(contact);
    }
    return in;
}

/* ENFORCES: 第21条3 第55条
 * 統一的な窓口に届いたメールの報告を、CSIRT の受付者が受けたものとして報告の経路に載せる
 * (住民等外部からの報告。差出人が職員ならその職員の報告)。同じメールは一度だけ。 */
Status incident_intake(Ctx *ctx, const IncidentMail *m, int64_t *id, bool *duplicate, Err *e)
{
    const PackIncidents *pi = &ctx->pack->incidents;
    *id = 0;
    *duplicate = false;
    bool csirt = false;
    Status s = incident_holds_any(ctx, pi->csirt_roles, pi->n_csirt_roles, &csirt, e);
    if (s != ST_OK)
        return s;
    if (!csirt)
        return err_set(e, ST_FORBIDDEN, "intake_receiver", "receiver",
                       "受付者には CSIRT の役割 (統一的な窓口) を持つ職員を指定してください",
                       "the receiver must be a person holding a CSIRT role (the single point of contact)");
    if (!m->original_len)
        return err_set(e, ST_INVALID, "evidence_empty", "file", "空のメールは受け付けられません", "an empty message");
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, m->original, m->original_len);
    char sha[65], key[1100];
    hex(h, sha);
    if (*m->message_id)
        snprintf(key, sizeof key, "%.999s", m->message_id);
    else
        snprintf(key, sizeof key, "sha256:%s", sha);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    int64_t before = 0, person = 0, report = 0;
    if ((s = filed_before(ctx, key, &before, e)) == ST_OK && before) {
        *id = before;
        *duplicate = true;
        return finish_tx(ctx, ST_OK, e);
    }
    if (s == ST_OK)
        s = sender_person(ctx, m->sender, &person, e);
    if (s == ST_OK && person && person != ctx->actor->person_id) {
        /* a 職員's own report (第54条): filed in their name, as they wrote it */
        Actor staff = *ctx->actor;
        staff.person_id = person;
        staff.account_id = 0;
        Ctx as = ctx_as(ctx, &staff);
        json_t *in = report_input(ctx, m, true);
        s = incident_report_filed(&as, in, true, &report, e);
        json_decref(in);
        if (s == ST_INVALID)
            person = 0, s = ST_OK; /* e.g. no 課室 registered: filed as received from outside instead */
    } else {
        person = 0;
    }
    if (s == ST_OK && !report) {
        json_t *in = report_input(ctx, m, false);
        s = incident_report_filed(ctx, in, false, &report, e);
        json_decref(in);
    }
    if (s == ST_OK)
        s = incident_evidence_add(ctx, report, "original-message.eml",
                                  "メールの原本 (受け付けたままのもの。無害化していないため開かずに解析すること)",
                                  m->original, m->original_len, NULL, e);
    char now[21];
    incident_now(ctx, now);
    Stmt *st = s == ST_OK ? db_prepare(ctx->db,
                                       "INSERT INTO incident_intake_messages(message_key, sha256, incident_id, sender,"
                                       " outcome, received_at) VALUES (?, ?, ?, ?, ?, ?)",
                                       e)
                          : NULL;
    char *sender = fitted(m->sender, 320, false); /* as stored, in the row and in the entry */
    if (st) {
        stmt_bind_text(st, 1, key);
        stmt_bind_text(st, 2, sha);
        stmt_bind_int(st, 3, report);
        stmt_bind_text(st, 4, sender);
        stmt_bind_text(st, 5, m->outcome);
        stmt_bind_text(st, 6, now);
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
    } else if (s == ST_OK) {
        s = e->status;
    }
    if (s == ST_OK) {
        json_t *after = json_pack("{s:s, s:s, s:s, s:s, s:b}", "message_key", key, "sha256", sha, "sender", sender,
                                  "outcome", m->outcome, "staff_report", person != 0);
        s = record_change(ctx, "incident.intake", "incident", report, NULL, after, e);
        json_decref(after);
    }
    free(sender);
    s = finish_tx(ctx, s, e);
    if (s == ST_OK)
        *id = report;
    return s;
}
