/* cmd_incident: `lgsec incident intake` — the mail intake of the 統一的な窓口 (第21条3, 第55条) for a
 * Postfix pipe(8) transport. One RFC 5322 message on standard input goes through the 無害化 engine in
 * its sandbox, exactly as `lgsec mailgate` converts mail, and is filed as an untriaged incident
 * report (domain/incidents, incident_intake) with the original kept as evidence by its SHA-256.
 * The exit status speaks sysexits(3) to Postfix: 0 filed (or filed before), 65 refused for good (too
 * large: bounced with the reason), 75 try again later (database busy, sandbox failure, anything
 * unexpected, a configuration to fix) — a message is never lost and never filed unsanitised. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/sanitize_opts.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "domain/identity/identity.h"
#include "domain/incidents/incidents.h"
#include "policy/pack_store.h"
#include "sanitize/mailgate.h"
#include "sanitize/sanitize.h"

/* The evidence store's limit (incident_evidence_add): a larger original could never be kept. */
#define INTAKE_MAX_BYTES (64u * 1024 * 1024)

static int tempfail(const Err *e)
{
    cli_fail(e);
    /* both languages: Postfix logs this line and quotes it to the postmaster, whatever LANG is */
    fprintf(stderr, "lgsec incident intake: 後で再配送してください / try again later (EX_TEMPFAIL)\n");
    return EX_TEMPFAIL;
}

/* Reads standard input up to limit bytes; *over when there is more (the rest is read and dropped, so
 * that the sender sees our refusal rather than a broken pipe). */
static Status read_message(size_t limit, Buf *b, bool *over, Err *e)
{
    char chunk[65536];
    size_t n;
    *over = false;
    while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
        if (*over || b->len + n > limit) {
            *over = true;
            continue;
        }
        buf_append(b, chunk, n);
    }
    if (ferror(stdin))
        return err_set(e, ST_IO, "input_unreadable", "input", "標準入力を読めません", "cannot read standard input");
    return ST_OK;
}

/* A sandbox or scanner problem that may pass (load, limits, a missing signature database): the
 * message waits in Postfix's queue. */
static bool block_is_temporary(const char *code)
{
    return strncmp(code, "sandbox_", 8) == 0 || strcmp(code, "malware_scan_failed") == 0 ||
           mailgate_block_is_temporary(code);
}

/* The words of a message the engine could not read as mail: its bytes (after the header block, when
 * there is one) as a text/plain message, through the same engine. */
static void as_text_message(const Buf *in, bool body_only, Buf *out)
{
    const char *p = buf_str(in);
    size_t n = in->len, start = 0;
    if (body_only) {
        const char *crlf = memmem(p, n, "\r\n\r\n", 4), *lf = memmem(p, n, "\n\n", 2);
        const char *end = crlf && (!lf || crlf < lf) ? crlf + 4 : lf ? lf + 2 : p + n;
        start = (size_t)(end - p);
    }
    buf_puts(out, "Content-Type: text/plain\r\n\r\n");
    buf_append(out, p + start, n - start);
}

static bool blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\n' && *s != '\t')
            return false;
    return true;
}

typedef struct Converted {
    SanitizedMail fields; /* from the text-converted message (zeroed when none) */
    char outcome[101];
    const char *note;
    bool temporary; /* the engine could not work now: EX_TEMPFAIL */
    bool have_fields;
} Converted;

/* Runs the engine; on a message it cannot read, the words as text. */
static Status convert(const SanitizePolicy *p, const Buf *in, Converted *c, Err *e)
{
    memset(c, 0, sizeof *c);
    c->note = "";
    Buf out = BUF_INIT;
    Verdict *v = NULL;
    Status s = sanitize_mail(p, (const uint8_t *)buf_str(in), in->len, &out, &v, e);
    if (s != ST_OK)
        return s;
    const char *code = verdict_block_code(v);
    if (*code && block_is_temporary(code)) {
        c->temporary = true;
        snprintf(c->outcome, sizeof c->outcome, "blocked:%s", code);
    } else if (strcmp(code, "mail_unparseable") == 0) {
        Buf wrapped = BUF_INIT;
        as_text_message(in, false, &wrapped);
        verdict_free(v);
        v = NULL;
        buf_reset(&out);
        s = sanitize_mail(p, (const uint8_t *)buf_str(&wrapped), wrapped.len, &out, &v, e);
        buf_free(&wrapped);
        if (s != ST_OK)
            return s;
        code = verdict_block_code(v);
        c->temporary = *code && block_is_temporary(code);
        c->note = *code ? "メールの形式として読めず、テキストとしても無害化できなかったため、本文は記録していません。原本は証拠にあります。"
                        : "メールの形式として読めないため、全体をテキストとして無害化しました (件名・差出人は読めません)。";
        snprintf(c->outcome, sizeof c->outcome, "%s:text", *code ? "blocked" : verdict_action(v));
        if (!*code) {
            sanitized_mail_parse(buf_str(&out), out.len, &c->fields);
            c->have_fields = true;
            /* the wrapper has no From or Subject of its own: nothing of the wrapper is reported */
        }
    } else if (*code) {
        snprintf(c->outcome, sizeof c->outcome, "blocked:%s", code);
        c->note = "無害化エンジンがこのメールを遮断したため、本文は記録していません。理由は「無害化」の欄、原本は証拠にあります。";
    } else {
        snprintf(c->outcome, sizeof c->outcome, "%s", verdict_action(v));
        sanitized_mail_parse(buf_str(&out), out.len, &c->fields);
        c->have_fields = true;
        if (blank(c->fields.body)) {
            /* e.g. a multipart without a boundary: the words are kept, as plain text */
            Buf wrapped = BUF_INIT, out2 = BUF_INIT;
            Verdict *v2 = NULL;
            as_text_message(in, true, &wrapped);
            s = sanitize_mail(p, (const uint8_t *)buf_str(&wrapped), wrapped.len, &out2, &v2, e);
            if (s == ST_OK && !*verdict_block_code(v2)) {
                SanitizedMail body;
                sanitized_mail_parse(buf_str(&out2), out2.len, &body);
                if (!blank(body.body)) {
                    free(c->fields.body);
                    c->fields.body = body.body;
                    body.body = NULL;
                    c->note = "本文の MIME 構造が読めないため、ヘッダーの後をテキストとして無害化しました。";
                }
                sanitized_mail_free(&body);
            } else if (s == ST_OK && block_is_temporary(verdict_block_code(v2))) {
                c->temporary = true;
            }
            verdict_free(v2);
            buf_free(&wrapped);
            buf_free(&out2);
            if (s != ST_OK)
                return s;
        }
    }
    verdict_free(v);
    buf_free(&out);
    return ST_OK;
}

static int intake(int argc, char **argv)
{
    PolicyOpts po = {0};
    const char *db_opt = NULL, *receiver = NULL;
    policy_take_flags(&argc, argv, &po);
    const CliOpt opts[] = {POLICY_CLIOPTS(po), {"--db", &db_opt}, {"--receiver", &receiver}, {NULL, NULL}};
    /* a mistake in master.cf must not bounce residents' reports: every usage error defers */
    if (cli_parse(&argc, argv, "incident", opts, 0) != EXIT_OK)
        return EX_TEMPFAIL;
    if (!receiver)
        return cli_usage("incident", "--receiver (受付者の職員番号) を指定してください",
                         "give --receiver (the staff number of the person receiving for the contact point)"),
               EX_TEMPFAIL;
    SanitizePolicy policy;
    if (policy_from_opts("incident", &po, &policy) != EXIT_OK)
        return EX_TEMPFAIL;
    if (policy.max_message_bytes > INTAKE_MAX_BYTES)
        return cli_usage("incident", "--max-bytes は 64M までです (証拠として保管できる大きさ)",
                         "--max-bytes is at most 64M (what the evidence store keeps)"),
               EX_TEMPFAIL;
    policy.attachments = ATTACHMENTS_DROP; /* listed in the text; the original is the evidence */
    policy.output_iso2022jp = false;
    cli_private_files();

    Err e = {0};
    Buf in = BUF_INIT;
    bool over = false;
    if (read_message(policy.max_message_bytes, &in, &over, &e) != ST_OK)
        return tempfail(&e);
    if (over) {
        /* both languages: this is the text of the bounce the sender gets */
        fprintf(stderr,
                "lgsec incident intake: メールが大きすぎるため受け付けません (上限 %zu バイト)。添付を減らすか、"
                "電話・窓口でご連絡ください。 / message refused: larger than %zu bytes. Send it without large "
                "attachments, or call the contact point.\n",
                policy.max_message_bytes, policy.max_message_bytes);
        buf_free(&in);
        return EX_DATAERR;
    }
    if (in.len == 0) {
        fprintf(stderr, "lgsec incident intake: 空のメールは受け付けません / an empty message is refused\n");
        return EX_DATAERR;
    }
    Db *db = NULL;
    Pack *pack = NULL;
    int64_t person = 0;
    if (cli_open_db_sealed(cli_db_path(db_opt), &db, &e) != ST_OK) {
        buf_free(&in);
        return tempfail(&e);
    }
    Status s = pack_store_load_active(db, &pack, &e);
    if (s == ST_OK)
        s = account_person_by_staff_no(db, receiver, &person, &e);
    Converted c = {0};
    if (s == ST_OK)
        s = convert(&policy, &in, &c, &e);
    if (s == ST_OK && c.temporary)
        s = err_setf(&e, ST_IO, "sandbox_start", "", "無害化できませんでした (%s)", "could not sanitise (%s)",
                     c.outcome);
    int64_t id = 0;
    bool duplicate = false;
    if (s == ST_OK) {
        Actor actor = {.person_id = person};
        snprintf(actor.login_id, sizeof actor.login_id, "mail-intake");
        Ctx ctx = ctx_make(db, clock_system(), &actor, pack);
        SanitizedMail *f = &c.fields;
        bool words_only = strstr(c.outcome, ":text") != NULL;
        IncidentMail m = {
            .message_id = c.have_fields && !words_only ? f->message_id : "",
            .sender = c.have_fields && !words_only ? f->from_addr : "",
            .sender_name = c.have_fields && !words_only ? f->from_name : "",
            .subject = c.have_fields && !words_only ? f->subject : "",
            .text = c.have_fields ? f->body : "",
            .note = c.note,
            .outcome = c.outcome,
            .original = (const unsigned char *)buf_str(&in),
            .original_len = in.len,
        };
        s = incident_intake(&ctx, &m, &id, &duplicate, &e);
    }
    if (c.have_fields)
        sanitized_mail_free(&c.fields);
    buf_free(&in);
    pack_free(pack);
    db_close(db);
    if (s != ST_OK)
        return tempfail(&e);
    printf(duplicate ? tr("既に受け付けています: インシデントの報告 No.%lld\n", "already filed: incident report No.%lld\n")
                     : tr("受け付けました: インシデントの報告 No.%lld\n", "filed: incident report No.%lld\n"),
           (long long)id);
    return EXIT_OK;
}

/* COMMAND: incident
 * SUMMARY: インシデントの報告のメール受付 (統一的な窓口、Postfix の pipe 用)
 * SUMMARY_EN: mail intake of incident reports (single point of contact; for a Postfix pipe)
 * USAGE:
 * 使い方: lgsec incident intake --receiver 職員番号 [--db PATH] [無害化のオプション] < メール
 *   標準入力の RFC 5322 のメール1通を無害化 (lgsec mailgate と同じ隔離環境でテキスト化) し、未評価の
 *   インシデントの報告として登録します (第21条3, 第55条)。件名が件名に、無害化した本文が内容になり、
 *   原本は SHA-256 で証拠として保管します。差出人のアドレスが職員の登録にあれば職員の報告 (第54条)、
 *   なければ外部からの報告 (連絡者: 表示名とアドレス) で、--receiver の職員 (CSIRT の役割が必要) が
 *   受け付けたものとして記録します。報告の経路への通知は画面からの報告と同じです。
 *   同じ Message-ID のメール (ないときは同じ内容) は1回だけ登録します。
 *   終了コード (Postfix の pipe 向け): 0 登録した (既に登録済みを含む)、65 受け付けない (大きすぎる: 差し戻し)、
 *   75 後で再配送 (データベースの使用中、無害化の失敗、設定の誤りなど。メールは失われません)。
 *   --max-bytes で上限を指定 (既定 50M、最大 64M)。そのほかの無害化のオプションは lgsec sanitize と同じです。
 *   設定例は README と docs/incidents.md の「メールでの受付」にあります。
 * USAGE_EN:
 * usage: lgsec incident intake --receiver STAFF_NO [--db PATH] [sanitize options] < MESSAGE
 *   Sanitises one RFC 5322 message from standard input (text conversion in the sandbox, as lgsec
 *   mailgate does) and files it as an untriaged incident report (articles 21(3), 55): the subject is the
 *   title, the sanitised text the description, and the original is kept as evidence by its SHA-256. A
 *   sender whose address is a person's in the register files a staff report (article 54); anyone else a
 *   report from outside with the display name and address as the caller's contact, received by the
 *   --receiver person (who must hold a CSIRT role). The chain is notified as for the form. The same
 *   Message-ID (or, without one, the same bytes) is filed once.
 *   Exit status for Postfix pipe(8): 0 filed (or filed before); 65 refused (too large: bounced);
 *   75 try again later (database busy, sanitising failed, a configuration error; nothing is lost).
 *   --max-bytes sets the limit (default 50M, at most 64M); other sanitize options as for lgsec sanitize.
 *   README and docs/incidents.md show the Postfix configuration.
 */
int cmd_incident(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "intake") != 0)
        return cli_usage("incident", "intake を指定してください", "give intake");
    return intake(argc - 1, argv + 1);
}
