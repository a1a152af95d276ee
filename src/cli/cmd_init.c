/* init: creates a new lgsec database — schema, the active policy pack, the trail signing key —
 * and either デモ市 (--demo) or the organisation root and its first administrator. The database is
 * built under a temporary name and renamed into place only when everything succeeded, so a failed
 * init leaves nothing behind. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/i18n.h"
#include "core/xmalloc.h"
#include "domain/identity/identity.h"
#include "domain/demo/demo.h"
#include "domain/org/org.h"
#include "domain/packs/packs.h"
#include "domain/kernel/kernel.h"
#include "policy/pack.h"
#include "policy/pack_store.h"
#include "trail/trail.h"

typedef struct InitOptions {
    const char *db_path, *pack_dir, *trail_key;
    const char *org_name, *org_code;
    const char *admin_login, *admin_name, *admin_kana, *admin_staff_no;
    bool demo;
} InitOptions;

/* Creates the parent directory of path if it is missing (one level, like var/). */
static Status ensure_parent_dir(const char *path, Err *e)
{
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    Status s = ST_OK;
    if (slash && slash != dir) {
        *slash = '\0';
        if (mkdir(dir, 0750) != 0 && errno != EEXIST)
            s = err_setf(e, ST_IO, "mkdir_failed", "db", "ディレクトリ %s を作成できません",
                         "cannot create directory %s", dir);
    }
    free(dir);
    return s;
}

static Status activate_pack(Ctx *ctx, const InitOptions *o, Err *e)
{
    PackSource *files = NULL;
    size_t n = 0;
    Status s = ST_OK;
    if (o->pack_dir)
        s = pack_sources_from_dir(o->pack_dir, &files, &n, e);
    else
        pack_sources_embedded(&files, &n);
    bool unchanged;
    if (s == ST_OK)
        s = pack_activate(ctx, files, n, &unchanged, NULL, e);
    pack_sources_free(files, n);
    return s;
}

static Status create_first_admin(Ctx *ctx, const InitOptions *o, int64_t *person_id, Err *e)
{
    json_t *root = json_pack("{s:s, s:s, s:s, s:s}", "code", o->org_code ? o->org_code : "org", "name",
                             o->org_name, "kana", "", "kind", "organisation");
    int64_t root_id = 0;
    Status s = org_create_unit(ctx, root, &root_id, e);
    json_decref(root);
    char today[11];
    date_today(ctx->clock, today);
    if (s == ST_OK) {
        json_t *p = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s, s:s}", "staff_no",
                              o->admin_staff_no ? o->admin_staff_no : "A0001", "name", o->admin_name,
                              "kana", o->admin_kana ? o->admin_kana : o->admin_name, "employment", "regular",
                              "unit_id", (json_int_t)root_id, "title", "lgsec システム管理者", "active_from", today);
        s = people_create(ctx, p, person_id, e);
        json_decref(p);
    }
    if (s == ST_OK) {
        RoleAssignment a = {.person_id = *person_id, .role = "lgsec_admin", .scope_kind = "organisation",
                            .valid_from = today};
        s = role_assign(ctx, &a, NULL, e);
    }
    return s;
}

static int parse(int *argc, char **argv, InitOptions *o)
{
    o->demo = cli_take_flag(argc, argv, "--demo");
    const CliOpt opts[] = {
        {"--db", &o->db_path}, {"--pack", &o->pack_dir}, {"--trail-key", &o->trail_key},
        {"--org", &o->org_name}, {"--org-code", &o->org_code}, {"--admin-login", &o->admin_login},
        {"--admin-name", &o->admin_name}, {"--admin-kana", &o->admin_kana},
        {"--admin-staff-no", &o->admin_staff_no}, {NULL, NULL},
    };
    int rc = cli_parse(argc, argv, "init", opts, 0);
    if (rc)
        return rc;
    if (!o->demo && (!o->org_name || !o->admin_login || !o->admin_name))
        return cli_usage("init", "--demo を付けない場合は --org, --admin-login, --admin-name が必要です",
                         "without --demo, --org, --admin-login and --admin-name are required");
    if (o->demo && (o->org_name || o->admin_login))
        return cli_usage("init", "--demo と --org/--admin-login は同時に指定できません",
                         "--demo cannot be combined with --org/--admin-login");
    o->db_path = cli_db_path(o->db_path);
    return EXIT_OK;
}

/* COMMAND: init
 * SUMMARY: データベースの新規作成 (デモ市または初期管理者)
 * SUMMARY_EN: create a new database (demo or first administrator)
 * USAGE:
 * 使い方: lgsec init --demo [--db PATH] [--pack DIR] [--trail-key FILE]
 *        lgsec init --org 団体名 --admin-login ID --admin-name 氏名 [--admin-kana かな]
 *                   [--admin-staff-no 番号] [--org-code CODE] [--db PATH] [--pack DIR] [--trail-key FILE]
 *   スキーマ、ポリシーパック (既定は同梱の packs/mic)、証跡の署名鍵 (既定 PATH.trail-key, 権限 0600) を作成し、
 *   --demo ではデモ市 (約300名) を、そうでなければ団体と最初の lgsec システム管理者を登録します。
 *   最初にログインする人のログインIDと仮パスワードを表示します。admin, root などの既定の管理者名は使えません (第84条)。
 *   既存のデータベースや署名鍵は上書きしません。失敗した場合は何も残しません。
 * USAGE_EN:
 * usage: lgsec init --demo [--db PATH] [--pack DIR] [--trail-key FILE]
 *        lgsec init --org NAME --admin-login ID --admin-name NAME [--admin-kana KANA]
 *                   [--admin-staff-no NO] [--org-code CODE] [--db PATH] [--pack DIR] [--trail-key FILE]
 *   Creates the schema, activates the policy pack (default: the built-in packs/mic), generates the trail
 *   signing key (default PATH.trail-key, mode 0600), then creates the demo city (about 300 people) or the
 *   organisation and its first lgsec administrator, and prints the first login ID and temporary password.
 *   Default administrator names (admin, root …) are refused. Nothing existing is overwritten; a failed
 *   init leaves nothing behind.
 */
int cmd_init(int argc, char **argv)
{
    InitOptions o = {0};
    int rc = parse(&argc, argv, &o);
    if (rc)
        return rc;
    Err e = {0};
    if (access(o.db_path, F_OK) == 0) {
        err_setf(&e, ST_CONFLICT, "db_exists", "db", "%s は既に存在します。初期化は新しいデータベースにのみ行えます",
                 "%s already exists; init only creates new databases", o.db_path);
        return cli_fail(&e);
    }
    /* Refuse a reserved administrator ID before creating anything (第84条(7)). */
    char login_norm[ACCOUNT_LOGIN_ID_MAX + 1];
    if (o.admin_login && account_validate_login_id(o.admin_login, login_norm, &e) != ST_OK)
        return cli_fail(&e);
    char *key_path = o.trail_key ? xstrdup(o.trail_key) : trail_default_key_path(o.db_path);
    if (access(key_path, F_OK) == 0) {
        err_setf(&e, ST_CONFLICT, "key_exists", "trail_key", "署名鍵 %s が既に存在します。別のパスを指定するか削除してください",
                 "signing key %s already exists; choose another path or remove it", key_path);
        free(key_path);
        return cli_fail(&e);
    }
    char *tmp_path = xasprintf("%s.init-%d", o.db_path, (int)getpid());
    Db *db = NULL;
    /* The operator running init on the server has every right lgsec knows (like the CLI's other
     * commands); it is recorded in the trail as "init". */
    Actor actor = {.login_id = "init", .caps = ~(uint64_t)0};
    Clock clock = *clock_system();
    cli_private_files();
    Status s = ensure_parent_dir(o.db_path, &e);
    if (s == ST_OK)
        s = db_open(tmp_path, &db, &e);
    if (s == ST_OK)
        s = db_migrate(db, &e);
    Ctx ctx = {0};
    Pack *pack = NULL;
    if (s == ST_OK) {
        ctx = ctx_make(db, &clock, &actor, NULL); /* activating: no pack in force yet */
        s = activate_pack(&ctx, &o, &e);
    }
    if (s == ST_OK)
        s = pack_store_load_active(db, &pack, &e);
    if (s == ST_OK)
        ctx = ctx_make(db, &clock, &actor, pack);
    int64_t login_person = 0;
    DemoResult demo = {0};
    DemoRegistersResult registers = {0};
    if (s == ST_OK && o.demo) {
        fprintf(stderr, "%s\n", tr("デモ市のデータを作成しています…", "creating the デモ市 demo data…"));
        s = demo_create(&ctx, &demo, &e);
        login_person = demo.ciso_person_id;
        if (s == ST_OK)
            s = demo_registers_create(&ctx, &registers, &e);
        if (s == ST_OK)
            s = demo_records_create(&ctx, &e);
        if (s == ST_OK)
            s = demo_policy_create(&ctx, &e);
    } else if (s == ST_OK) {
        s = create_first_admin(&ctx, &o, &login_person, &e);
    }
    char *temp_password = NULL;
    if (s == ST_OK)
        s = account_create(&ctx, login_person, o.demo ? "demo.ciso" : o.admin_login, &temp_password, NULL, &e);
    if (s == ST_OK)
        s = trail_keygen(db, key_path, &e);
    if (s == ST_OK)
        s = trail_checkpoint(db, key_path, clock_now(&clock), &e);
    db_close(db);
    if (s == ST_OK && rename(tmp_path, o.db_path) != 0)
        s = err_setf(&e, ST_IO, "rename_failed", "db", "%s を作成できません", "cannot create %s", o.db_path);
    if (s != ST_OK) {
        unlink(tmp_path);
        char *wal = xasprintf("%s-wal", tmp_path), *shm = xasprintf("%s-shm", tmp_path);
        unlink(wal);
        unlink(shm);
        free(wal);
        free(shm);
        if (e.code[0] && strcmp(e.code, "key_exists") != 0)
            unlink(key_path);
    }
    pack_free(pack);
    free(tmp_path);
    if (s != ST_OK) {
        free(key_path);
        free(temp_password);
        return cli_fail(&e);
    }
    printf(tr("データベースを作成しました: %s\n証跡の署名鍵: %s (権限 0600。安全な場所にバックアップしてください)\n",
              "database created: %s\ntrail signing key: %s (mode 0600; back it up safely)\n"),
           o.db_path, key_path);
    if (o.demo)
        printf(tr("デモ市: 組織 %d、職員 %d 名、役割の割当 %d 件、情報システム %d (構成要素 %d)、情報資産 %d 件\n",
                  "デモ市: %d units, %d people, %d role assignments, %d systems (%d components), %d assets\n"),
               demo.units, demo.people, demo.assignments, registers.systems, registers.components, registers.assets);
    printf(tr("\n初回ログイン (%s)\n  ログインID: %s\n  仮パスワード: %s\n"
              "  初回ログイン時にパスワードの変更と二要素認証の登録が必要です (第88条, 第84条)。\n",
              "\nfirst login (%s)\n  login ID: %s\n  temporary password: %s\n"
              "  The password must be changed and a second factor enrolled at first login.\n"),
           o.demo ? tr("CISO 副市長", "CISO, deputy mayor") : tr("システム管理者", "administrator"),
           o.demo ? "demo.ciso" : o.admin_login, temp_password);
    free(temp_password);
    free(key_path);
    return EXIT_OK;
}
