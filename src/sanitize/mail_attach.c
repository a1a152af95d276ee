/* Attachments of a text-converted mail: never forwarded. Each is listed at the end of the body
 * (name, type, size, SHA-256, verdict) and gets a child verdict; per policy it is dropped, or
 * disarmed (disarm_file, in this same sandboxed child) and handed to the parent for the quarantine
 * directory under the SHA-256 of the disarmed bytes, which is the ID a user quotes to ask for it. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize/charset.h"
#include "sanitize/disarm.h"
#include "sanitize/mail_internal.h"

void mail_parts_add_attachment(MailParts *mp, const char *name, const char *type, const uint8_t *data,
                               size_t n, const char *via)
{
    if (mp->n_att == mp->cap_att) {
        mp->cap_att = mp->cap_att ? mp->cap_att * 2 : 4;
        mp->att = realloc(mp->att, mp->cap_att * sizeof *mp->att);
        if (!mp->att)
            abort();
    }
    MailAttachment *a = &mp->att[mp->n_att++];
    Buf clean = BUF_INIT;
    utf8_clean(name, strlen(name), false, &clean);
    a->name = buf_take(&clean);
    a->type = strdup(type);
    a->data = malloc(n ? n : 1);
    if (!a->type || !a->data)
        abort();
    memcpy(a->data, data, n);
    a->len = n;
    a->via = via ? strdup(via) : NULL;
}

void mail_parts_free(MailParts *mp)
{
    for (size_t i = 0; i < mp->n_att; i++) {
        free(mp->att[i].name);
        free(mp->att[i].type);
        free(mp->att[i].data);
        free(mp->att[i].via);
    }
    free(mp->att);
    buf_free(&mp->text);
    memset(mp, 0, sizeof *mp);
}

static void sha256_hex(const void *data, size_t n, char hex[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, n);
    sodium_bin2hex(hex, 65, h, sizeof h);
}

/* 12345678 → "12,345,678" */
static void put_size(Buf *out, size_t n)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%zu", n);
    for (int i = 0; i < len; i++) {
        if (i && (len - i) % 3 == 0)
            buf_putc(out, ',');
        buf_putc(out, digits[i]);
    }
}

void mail_attachments_finish(const SanitizePolicy *p, MailParts *mp, SandboxOutput *out, Verdict *v)
{
    if (mp->n_att == 0)
        return;
    Buf *t = &mp->text;
    if (t->len && t->data[t->len - 1] != '\n')
        buf_putc(t, '\n');
    buf_puts(t, "\n------------------------------------------------------------\n");
    buf_puts(t, "[添付ファイル / Attachments]\n");
    buf_puts(t, "このメールの添付ファイルは無害化のため転送されていません。\n");
    buf_puts(t, "(Attachments are not forwarded: this mail was converted to text.)\n");
    bool quarantined = false;
    for (size_t i = 0; i < mp->n_att; i++) {
        MailAttachment *a = &mp->att[i];
        char hex[65];
        sha256_hex(a->data, a->len, hex);
        /* A name that is a URL would become a link in the listing: defanged like the body. */
        Buf name = BUF_INIT;
        text_defang(a->name, strlen(a->name), LINKS_DEFANG, &name);
        const char *shown = name.len ? name.data : "(名前なし / no name)";
        Verdict *child = verdict_add_child(v, shown);
        verdict_set_input(child, a->data, a->len);
        buf_printf(t, "\n%zu. %s\n", i + 1, shown);
        buf_printf(t, "   種類 / type: %s / 大きさ / size: ", a->type);
        put_size(t, a->len);
        buf_puts(t, " バイト / bytes\n");
        if (a->via)
            buf_printf(t, "   (%s の中のファイル / inside %s)\n", a->via, a->via);
        buf_printf(t, "   SHA-256: %s\n", hex);
        if (a->len > p->max_file_bytes) {
            verdict_set_type(child, a->type);
            verdict_block(child, "attachment_too_large", "添付ファイルが大きすぎます",
                          "the attachment is larger than the policy allows");
        } else if (p->attachments == ATTACHMENTS_QUARANTINE) {
            Buf disarmed = BUF_INIT;
            disarm_file(p, a->data, a->len, a->name, &disarmed, child, 0);
            /* The original is kept too (quarantine_dir/originals/<its SHA-256>), disarmed or blocked
             * for its format: the 原本取り出し request (docs/sanitize.md) releases it after a rescan
             * with the signatures of that day. The body's SHA-256 line above is its ID. Malware
             * found now is not kept: no release could ever hand it over. */
            if (strcmp(verdict_block_code(child), "malware") != 0) {
                char orig[74];
                snprintf(orig, sizeof orig, "original-%s", hex);
                sandbox_output_add(out, orig, a->len ? (const char *)a->data : "", a->len);
            }
            if (!verdict_blocked(child)) {
                char id[65];
                sha256_hex(disarmed.data ? disarmed.data : "", disarmed.len, id);
                sandbox_output_add(out, id, disarmed.data ? disarmed.data : "", disarmed.len);
                buf_printf(t, "   判定 / verdict: 無害化して隔離 / disarmed and quarantined (%s)\n",
                           verdict_action(child));
                if (verdict_converted_to(child))
                    buf_printf(t, "   形式の変換 / converted to: .%s\n", verdict_converted_to(child));
                buf_printf(t, "   隔離ID / quarantine ID: %s\n", id);
                verdict_note(v, "attachment %zu: %s quarantined as %s", i + 1, shown, id);
                quarantined = true;
            }
            buf_free(&disarmed);
        } else {
            verdict_set_type(child, a->type);
            verdict_removed(child, "attachment dropped by policy");
        }
        if (verdict_blocked(child)) {
            buf_printf(t, "   判定 / verdict: 遮断 / blocked (%s)\n", verdict_block_code(child));
            verdict_removed(v, "attachment %zu: %s (%s, %zu bytes) blocked: %s", i + 1, shown, a->type, a->len,
                            verdict_block_code(child));
        } else if (p->attachments == ATTACHMENTS_DROP) {
            buf_puts(t, "   判定 / verdict: 削除 / dropped\n");
            verdict_removed(v, "attachment %zu: %s (%s, %zu bytes) dropped", i + 1, shown, a->type, a->len);
        } else {
            verdict_removed(v, "attachment %zu: %s (%s, %zu bytes) not forwarded (quarantined)", i + 1, shown,
                            a->type, a->len);
        }
        buf_free(&name);
    }
    if (quarantined) {
        buf_puts(t, "\n隔離された添付ファイルが必要な場合は、隔離IDを添えて次の窓口に依頼してください。\n");
        buf_puts(t, "(To receive a quarantined attachment, quote its quarantine ID to:)\n");
        const char *contact = p->release_contact && *p->release_contact ? p->release_contact
                                                                         : "情報セキュリティ担当 / the security officer";
        buf_puts(t, "  ");
        utf8_clean(contact, strlen(contact), false, t);
        buf_putc(t, '\n');
    }
}
