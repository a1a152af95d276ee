/* cmd_sanitize: `lgsec sanitize mail [IN [OUT]]` and `lgsec sanitize file IN OUT` (第25条), and the
 * policy options they share with `lgsec mailgate`. A blocked input produces no output file at all
 * (the output is written to a temporary file and linked into place only when it is complete). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/sanitize_opts.h"
#include "core/buf.h"
#include "core/i18n.h"
#include "core/xmalloc.h"
#include "sanitize/verdict_log.h"

void policy_take_flags(int *argc, char **argv, PolicyOpts *o)
{
    o->no_malware_scan = cli_take_flag(argc, argv, "--no-malware-scan");
    o->no_hyperlinks = cli_take_flag(argc, argv, "--no-hyperlinks");
}

/* "12345", "10K", "50M", "1G" (binary units); false on anything else. */
static bool parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s || errno || *s == '-')
        return false;
    unsigned shift = 0;
    if (*end == 'K' || *end == 'k')
        shift = 10, end++;
    else if (*end == 'M' || *end == 'm')
        shift = 20, end++;
    else if (*end == 'G' || *end == 'g')
        shift = 30, end++;
    if (*end || v == 0 || v > (SIZE_MAX >> shift) || v > (1ull << 40) >> shift)
        return false;
    *out = (size_t)(v << shift);
    return true;
}

int policy_from_opts(const char *command, const PolicyOpts *o, SanitizePolicy *p)
{
    sanitize_policy_defaults(p);
    if (o->policy_name) {
        if (!*o->policy_name || strpbrk(o->policy_name, "\r\n"))
            return cli_usage(command, "--policy-name が不正です", "invalid --policy-name");
        p->policy_name = o->policy_name;
    }
    if (o->clamav_db) {
        struct stat st;
        if (stat(o->clamav_db, &st) != 0 || !S_ISDIR(st.st_mode))
            return cli_usage(command, "--clamav-db にはシグネチャデータベースのディレクトリを指定してください",
                             "--clamav-db must name the signature database directory");
        p->clamav_db = o->clamav_db;
    }
    p->require_malware_scan = !o->no_malware_scan;
    p->allow_hyperlinks = !o->no_hyperlinks;
    if (o->attachments) {
        if (strcmp(o->attachments, "drop") == 0)
            p->attachments = ATTACHMENTS_DROP;
        else if (strcmp(o->attachments, "quarantine") == 0)
            p->attachments = ATTACHMENTS_QUARANTINE;
        else
            return cli_usage(command, "--attachments は drop か quarantine です",
                             "--attachments takes drop or quarantine");
    }
    if (p->attachments == ATTACHMENTS_QUARANTINE) {
        struct stat st;
        if (!o->quarantine)
            return cli_usage(command, "--attachments quarantine には --quarantine DIR が必要です",
                             "--attachments quarantine needs --quarantine DIR");
        if (stat(o->quarantine, &st) != 0 || !S_ISDIR(st.st_mode) || access(o->quarantine, W_OK) != 0)
            return cli_usage(command, "--quarantine には書き込めるディレクトリを指定してください",
                             "--quarantine must name a writable directory");
    } else if (o->quarantine)
        return cli_usage(command, "--quarantine は --attachments quarantine と一緒に指定します",
                         "--quarantine goes with --attachments quarantine");
    p->quarantine_dir = o->quarantine;
    if (o->release_contact) {
        if (strpbrk(o->release_contact, "\r\n"))
            return cli_usage(command, "--release-contact は1行で指定してください",
                             "--release-contact must be one line");
        p->release_contact = o->release_contact;
    }
    if (o->charset) {
        if (strcasecmp(o->charset, "utf-8") == 0)
            p->output_iso2022jp = false;
        else if (strcasecmp(o->charset, "iso-2022-jp") == 0)
            p->output_iso2022jp = true;
        else
            return cli_usage(command, "--charset は utf-8 か iso-2022-jp です",
                             "--charset takes utf-8 or iso-2022-jp");
    }
    if (o->links) {
        if (strcmp(o->links, "defang") == 0)
            p->link_style = LINKS_DEFANG;
        else if (strcmp(o->links, "remove") == 0)
            p->link_style = LINKS_REMOVE;
        else
            return cli_usage(command, "--links は defang か remove です", "--links takes defang or remove");
    }
    if (o->pdf_links) {
        if (strcmp(o->pdf_links, "defang") == 0)
            p->pdf_links = PDF_LINKS_DEFANG;
        else if (strcmp(o->pdf_links, "remove") == 0)
            p->pdf_links = PDF_LINKS_REMOVE;
        else if (strcmp(o->pdf_links, "keep") == 0)
            p->pdf_links = PDF_LINKS_KEEP;
        else
            return cli_usage(command, "--pdf-links は defang か remove か keep です",
                             "--pdf-links takes defang, remove or keep");
    }
    if (o->legacy) {
        if (strcmp(o->legacy, "block") == 0)
            p->legacy_formats = LEGACY_BLOCK;
        else if (strcmp(o->legacy, "convert") == 0)
            p->legacy_formats = LEGACY_CONVERT;
        else
            return cli_usage(command, "--legacy は convert か block です", "--legacy takes convert or block");
    }
    if (o->converter) {
        if (o->converter[0] != '/')
            return cli_usage(command, "--converter には soffice の絶対パスを指定してください",
                             "--converter takes the absolute path of soffice");
        p->converter = o->converter;
    }
    if (o->convert_timeout) {
        char *end;
        long s = strtol(o->convert_timeout, &end, 10);
        if (*end || end == o->convert_timeout || s < 1 || s > 3600)
            return cli_usage(command, "--convert-timeout は 1〜3600 秒です", "--convert-timeout takes 1-3600 seconds");
        p->convert_timeout_ms = (unsigned)s * 1000;
    }
    if (o->max_bytes) {
        size_t n;
        if (!parse_size(o->max_bytes, &n))
            return cli_usage(command, "--max-bytes にはバイト数を指定してください (例: 52428800, 50M)",
                             "--max-bytes takes a size in bytes (e.g. 52428800, 50M)");
        p->max_message_bytes = p->max_file_bytes = n;
    }
    if (o->timeout) {
        char *end;
        long s = strtol(o->timeout, &end, 10);
        if (*end || end == o->timeout || s < 1 || s > 3600)
            return cli_usage(command, "--timeout は 1〜3600 秒です", "--timeout takes 1-3600 seconds");
        p->timeout_ms = (unsigned)s * 1000;
        if (p->cpu_seconds > (unsigned)s)
            p->cpu_seconds = (unsigned)s;
    }
    return EXIT_OK;
}

/* Reads all of f up to limit bytes; *over is set (and reading stops) when there is more. */
static Status read_input(FILE *f, const char *name, size_t limit, Buf *b, bool *over, Err *e)
{
    char chunk[65536];
    size_t n;
    *over = false;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b->len + n > limit) {
            *over = true;
            return ST_OK;
        }
        buf_append(b, chunk, n);
    }
    if (ferror(f))
        return err_setf(e, ST_IO, "input_unreadable", "input", "%s を読めません (%s)", "cannot read %s (%s)", name,
                        strerror(errno));
    return ST_OK;
}

/* Writes data to path only if path does not exist yet, never leaving a partial file: a temporary
 * file in the same directory is written, synced and then linked to path. */
static Status write_new_file(const char *path, const char *data, size_t n, Err *e)
{
    char *copy = xstrdup(path);
    char *tmp = xasprintf("%s/.lgsec-sanitize-XXXXXX", dirname(copy));
    free(copy);
    int fd = mkstemp(tmp);
    Status s = ST_OK;
    if (fd < 0) {
        s = err_setf(e, ST_IO, "output_unwritable", "output", "%s を作成できません (%s)", "cannot create %s (%s)",
                     path, strerror(errno));
        free(tmp);
        return s;
    }
    mode_t mask = umask(0);
    umask(mask);
    size_t off = 0;
    while (off < n) {
        ssize_t w = write(fd, data + off, n - off);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    bool ok = off == n && fchmod(fd, 0666 & ~mask) == 0 && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (!ok)
        s = err_setf(e, ST_IO, "output_unwritable", "output", "%s に書き込めません (%s)", "cannot write %s (%s)",
                     path, strerror(errno));
    else if (link(tmp, path) != 0)
        s = errno == EEXIST ? err_setf(e, ST_CONFLICT, "output_exists", "output",
                                       "%s は既にあります (上書きしません)", "%s already exists (not overwritten)", path)
                            : err_setf(e, ST_IO, "output_unwritable", "output", "%s を作成できません (%s)",
                                       "cannot create %s (%s)", path, strerror(errno));
    unlink(tmp);
    free(tmp);
    return s;
}

static void print_summary(FILE *f, const Verdict *v, const char *out_path)
{
    char *json = verdict_to_json(v);
    json_t *t = json_loads(json, 0, NULL);
    free(json);
    const char *type = json_string_value(json_object_get(t, "type"));
    size_t removed = json_array_size(json_object_get(t, "removed"));
    const char *action = verdict_action(v);
    const char *word = strcmp(action, "disarmed") == 0 ? tr("無害化しました", "disarmed")
                                                       : tr("危険な要素はありませんでした", "clean");
    fprintf(f, tr("%s: 種類 %s, 除去 %zu 件", "%s: type %s, %zu removed"), word, type ? type : "?", removed);
    for (size_t i = 0; i < removed; i++)
        fprintf(f, "\n  - %s", json_string_value(json_array_get(json_object_get(t, "removed"), i)));
    if (out_path)
        fprintf(f, "\n  %s %s", tr("出力:", "output:"), out_path);
    if (verdict_converted_to(v))
        fprintf(f, tr("\n  (.%s 形式に変換しました。拡張子 .%s で保存してください)",
                      "\n  (converted to .%s: save it with the extension .%s)"),
                verdict_converted_to(v), verdict_converted_to(v));
    fputc('\n', f);
    json_decref(t);
}

static void print_blocked(const Verdict *v)
{
    char *json = verdict_to_json(v);
    json_t *t = json_loads(json, 0, NULL);
    free(json);
    json_t *b = json_object_get(t, "blocked");
    fprintf(stderr, "%s: %s [%s]\n", tr("遮断しました", "blocked"),
            tr(json_string_value(json_object_get(b, "ja")), json_string_value(json_object_get(b, "en"))),
            verdict_block_code(v));
    json_decref(t);
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* COMMAND: sanitize
 * SUMMARY: メールのテキスト化とファイルの無害化
 * SUMMARY_EN: text-convert mail, disarm files (無害化)
 * USAGE:
 * 使い方: lgsec sanitize mail [オプション] [IN [OUT]]
 *         lgsec sanitize file [オプション] IN OUT
 *   mail: RFC 5322 のメールをテキスト化します (IN/OUT を省略するか - で標準入出力)。
 *   file: ファイルの危険な要素を除去した複製を OUT に作ります (PDF, Office, CSV, ZIP。他の形式は遮断)。
 *   遮断した場合は OUT を作らず、理由を表示して終了コード 1。OUT が既にあれば上書きしません。
 *   オプション:
 *     --clamav-db DIR          ClamAV のシグネチャデータベース
 *     --no-malware-scan        データベースがなくても遮断せず「未検査」と記録する
 *     --attachments drop|quarantine  添付ファイルを捨てる (既定) か無害化して隔離する
 *     --quarantine DIR         隔離先 (quarantine のとき必須)
 *     --release-contact TEXT   隔離した添付の取り出しの問い合わせ先 (本文に記載)
 *     --charset utf-8|iso-2022-jp  出力するメールの文字コード (既定 utf-8)
 *     --links defang|remove    リンクを hxxps://example[.]jp の形にする (既定) か除く
 *     --pdf-links defang|remove|keep  PDF のリンク (Web・メール) をクリックできない注釈にする (既定)、除く、残す
 *     --no-hyperlinks          Office 文書の外部ハイパーリンクも除く
 *     --legacy block|convert   .doc/.xls/.ppt・RTF・.odt/.ods/.odp・.xlsb を遮断する (既定) か LibreOffice で
 *                              .docx/.xlsx/.pptx に変換して無害化する
 *     --converter PATH         変換に使う soffice (既定 /usr/lib/libreoffice/program/soffice)
 *     --convert-timeout 秒     変換の制限時間 (1 ファイルあたり、既定 60)。超えたファイルは遮断
 *     --max-bytes N            メール・ファイルの上限 (例 50M、既定 50M)
 *     --timeout 秒             1件の処理の制限時間 (既定 20)
 *     --policy-name NAME       X-Lgsec-Sanitized ヘッダーに記す方針名
 *     --verdict-log FILE       判定を1行1件の JSON で追記する (権限 0600)
 *     --db PATH                判定を証跡に記録する (ハッシュと結果のみ)
 *     --json                   判定を JSON で表示する (メールを標準出力に出すときは標準エラーへ)
 * USAGE_EN:
 * usage: lgsec sanitize mail [options] [IN [OUT]]
 *        lgsec sanitize file [options] IN OUT
 *   mail: text-converts an RFC 5322 message (IN/OUT absent or - for standard input/output).
 *   file: writes to OUT a copy of the file with its dangerous elements removed (PDF, Office, CSV, ZIP;
 *   other types are blocked). When blocked, OUT is not created and the reason is printed (exit 1).
 *   An existing OUT is never overwritten.
 *   options:
 *     --clamav-db DIR          ClamAV signature database
 *     --no-malware-scan        without a database, record "not scanned" instead of blocking
 *     --attachments drop|quarantine  drop attachments (default) or disarm and quarantine them
 *     --quarantine DIR         quarantine directory (required with quarantine)
 *     --release-contact TEXT   whom to ask for a quarantined attachment (written in the body)
 *     --charset utf-8|iso-2022-jp  charset of the converted mail (default utf-8)
 *     --links defang|remove    show links as hxxps://example[.]jp (default) or drop them
 *     --pdf-links defang|remove|keep  PDF links (web, mail): made an unclickable comment (default),
 *                              removed, or kept
 *     --no-hyperlinks          also remove external hyperlinks from Office documents
 *     --legacy block|convert   block .doc/.xls/.ppt, RTF, .odt/.ods/.odp and .xlsb (default) or convert
 *                              them to .docx/.xlsx/.pptx with LibreOffice and disarm the result
 *     --converter PATH         the soffice to convert with (default /usr/lib/libreoffice/program/soffice)
 *     --convert-timeout SECONDS  conversion time limit per file (default 60); a file over it is blocked
 *     --max-bytes N            size limit for a message or file (e.g. 50M; default 50M)
 *     --timeout SECONDS        time limit per item (default 20)
 *     --policy-name NAME       policy named in the X-Lgsec-Sanitized header
 *     --verdict-log FILE       append each verdict as one JSON line (mode 0600)
 *     --db PATH                record verdicts in the trail (hashes and outcome only)
 *     --json                   print the verdict as JSON (to stderr when the mail goes to stdout)
 */
int cmd_sanitize(int argc, char **argv)
{
    PolicyOpts po = {0};
    const char *log_path = NULL, *db_opt = NULL;
    policy_take_flags(&argc, argv, &po);
    bool json = cli_take_flag(&argc, argv, "--json");
    const CliOpt opts[] = {POLICY_CLIOPTS(po), {"--verdict-log", &log_path}, {"--db", &db_opt}, {NULL, NULL}};
    int rc = cli_parse(&argc, argv, "sanitize", opts, -1);
    if (rc)
        return rc;
    const char *mode = argc > 1 ? argv[1] : "";
    bool mail = strcmp(mode, "mail") == 0;
    if (!mail && strcmp(mode, "file") != 0)
        return cli_usage("sanitize", "mail か file を指定してください", "give mail or file");
    int nfiles = argc - 2;
    if (mail ? nfiles > 2 : nfiles != 2)
        return cli_usage("sanitize", mail ? "入力と出力は一つずつまでです" : "入力ファイルと出力ファイルを指定してください",
                         mail ? "at most one input and one output" : "give an input file and an output file");
    const char *in_path = nfiles >= 1 && strcmp(argv[2], "-") != 0 ? argv[2] : NULL;
    const char *out_path = nfiles == 2 && strcmp(argv[3], "-") != 0 ? argv[3] : NULL;
    if (!mail && (!in_path || !out_path))
        return cli_usage("sanitize", "file では入力と出力にファイルを指定してください (- は使えません)",
                         "file needs an input file and an output file (not -)");
    SanitizePolicy policy;
    if ((rc = policy_from_opts("sanitize", &po, &policy)))
        return rc;

    Err e = {0};
    if (out_path && access(out_path, F_OK) == 0) {
        err_setf(&e, ST_CONFLICT, "output_exists", "output", "%s は既にあります (上書きしません)",
                 "%s already exists (not overwritten)", out_path);
        return cli_fail(&e);
    }
    if (db_opt) { /* migrate once here; the log opens the database itself */
        Db *db;
        if (cli_open_db(db_opt, &db, &e) != ST_OK)
            return cli_fail(&e);
        db_close(db);
    }
    VerdictLog log;
    if (verdict_log_open(&log, log_path, db_opt, "cli", &e) != ST_OK)
        return cli_fail(&e);

    FILE *in = in_path ? fopen(in_path, "rb") : stdin;
    if (!in) {
        err_setf(&e, ST_IO, "input_unreadable", "input", "%s を開けません (%s)", "cannot open %s (%s)", in_path,
                 strerror(errno));
        verdict_log_close(&log);
        return cli_fail(&e);
    }
    size_t limit = mail ? policy.max_message_bytes : policy.max_file_bytes;
    Buf input = BUF_INIT, output = BUF_INIT;
    bool over;
    Status s = read_input(in, in_path ? in_path : "stdin", limit, &input, &over, &e);
    if (in != stdin)
        fclose(in);
    Verdict *v = NULL;
    if (s == ST_OK && over) {
        /* Not read in full, so not hashed: the verdict says why and by how much. */
        v = verdict_new(in_path ? base_name(in_path) : "stdin");
        verdict_note(v, "larger than the limit of %zu bytes", limit);
        verdict_block(v, "too_large", "大きさが上限を超えるため遮断しました。", "blocked: larger than the size limit.");
    } else if (s == ST_OK && mail)
        s = sanitize_mail(&policy, (const uint8_t *)buf_str(&input), input.len, &output, &v, &e);
    else if (s == ST_OK)
        s = sanitize_file(&policy, (const uint8_t *)buf_str(&input), input.len, base_name(in_path), &output, &v, &e);
    buf_free(&input);
    if (s == ST_OK)
        s = verdict_log_record(&log, mail ? "mail" : "file", v, NULL, &e);
    verdict_log_close(&log);
    /* The mail itself may be on stdout: the verdict and messages then go to stderr. */
    FILE *report = mail && !out_path ? stderr : stdout;
    if (s == ST_OK && json) {
        char *j = verdict_to_json(v);
        fprintf(report, "%s\n", j);
        free(j);
    }
    if (s == ST_OK && verdict_blocked(v)) {
        print_blocked(v);
        rc = EXIT_FAILED;
    } else if (s == ST_OK) {
        if (out_path)
            s = write_new_file(out_path, output.data ? output.data : "", output.len, &e);
        else if (fwrite(buf_str(&output), 1, output.len, stdout) != output.len || fflush(stdout) != 0)
            s = err_set(&e, ST_IO, "output_unwritable", "output", "標準出力に書き込めません",
                        "cannot write to standard output");
        if (s == ST_OK && !json)
            print_summary(report, v, out_path);
    }
    if (s != ST_OK)
        rc = cli_fail(&e);
    verdict_free(v);
    buf_free(&output);
    return rc;
}
