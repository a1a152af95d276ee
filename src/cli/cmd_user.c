/* `lgsec user`: the operator's account administration from the server's shell — add an account
 * for a person (printing the temporary password once), list, disable, reset the password, unlock,
 * reset the second factor. Calls domain/account; the trail actor is "cli". */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "domain/identity/identity.h"
#include "policy/pack_store.h"

typedef struct UserCli {
    Db *db;
    Pack *pack; /* the active pack */
    Actor actor;
    Ctx ctx;
} UserCli;

static int open_cli(const char *db_opt, UserCli *u)
{
    Err e = {0};
    memset(u, 0, sizeof *u);
    if (cli_open_db_sealed(cli_db_path(db_opt), &u->db, &e) != ST_OK)
        return cli_fail(&e);
    if (pack_store_load_active(u->db, &u->pack, &e) != ST_OK) {
        db_close(u->db);
        return cli_fail(&e);
    }
    snprintf(u->actor.login_id, sizeof u->actor.login_id, "cli");
    u->ctx = ctx_make(u->db, clock_system(), &u->actor, u->pack);
    return EXIT_OK;
}

static void close_cli(UserCli *u)
{
    db_close(u->db);
    pack_free(u->pack);
}

static void print_temporary(const char *temp, int64_t expires)
{
    char jst[17];
    time_jst(expires, jst);
    printf(tr("仮パスワード: %s\n", "temporary password: %s\n"), temp);
    printf(tr("  この仮パスワードは一度だけ表示されます。本人に安全な方法で渡してください。\n"
              "  初回ログイン時に変更が必要です (第88条)。有効期限: %s (日本時間)\n",
              "  It is shown only this once; hand it to the person securely.\n"
              "  It must be changed at first login (article 88). Expires: %s JST\n"),
           jst);
}

static void wipe_free(char *s)
{
    if (s) {
        sodium_memzero(s, strlen(s));
        free(s);
    }
}

static int user_add(int argc, char **argv, const char *db_opt)
{
    bool missing_p = false, missing_l = false;
    const char *staff_no = cli_take_option(&argc, argv, "--person", &missing_p);
    const char *login = cli_take_option(&argc, argv, "--login", &missing_l);
    if (missing_p || missing_l || !staff_no || !login)
        return cli_usage("user", "user add には --person 職員番号 と --login ログインID が必要です",
                         "user add needs --person STAFF_NO and --login ID");
    int rc = cli_reject_unknown(argc, argv, "user");
    if (rc)
        return rc;
    if (argc != 1)
        return cli_usage("user", "余分な引数があります", "unexpected arguments");
    UserCli u;
    if ((rc = open_cli(db_opt, &u)) != EXIT_OK)
        return rc;
    Err e = {0};
    int64_t person = 0, id = 0;
    char *temp = NULL;
    Status st = account_person_by_staff_no(u.db, staff_no, &person, &e);
    if (st == ST_OK)
        st = account_create(&u.ctx, person, login, &temp, &id, &e);
    AccountInfo a;
    if (st == ST_OK)
        st = account_get(u.db, id, &a, &e);
    if (st != ST_OK) {
        wipe_free(temp);
        close_cli(&u);
        return cli_fail(&e);
    }
    printf(tr("アカウントを作成しました: %s (職員番号 %s %s)\n", "account created: %s (staff %s %s)\n"),
           a.login_id, a.staff_no, a.name);
    print_temporary(temp, a.temp_password_expires_at);
    wipe_free(temp);
    close_cli(&u);
    return EXIT_OK;
}

static const char *state_label(const AccountInfo *a, int64_t now)
{
    if (a->disabled_at)
        return tr("無効", "disabled");
    if (a->locked_until > now || a->terminal_locked_until > now)
        return tr("ロック中", "locked");
    if (a->must_change_password)
        return tr("仮パスワード", "temporary");
    return tr("有効", "active");
}

static int user_list(int argc, char **argv, const char *db_opt)
{
    bool as_json = cli_take_flag(&argc, argv, "--json");
    int rc = cli_reject_unknown(argc, argv, "user");
    if (rc)
        return rc;
    if (argc != 1)
        return cli_usage("user", "余分な引数があります", "unexpected arguments");
    UserCli u;
    if ((rc = open_cli(db_opt, &u)) != EXIT_OK)
        return rc;
    Err e = {0};
    json_t *list = NULL;
    if (account_list(u.db, &list, &e) != ST_OK) {
        close_cli(&u);
        return cli_fail(&e);
    }
    if (as_json) {
        char *s = json_dumps(list, JSON_INDENT(2));
        printf("%s\n", s);
        free(s);
    } else {
        int64_t now = clock_now(clock_system());
        printf("%s\t%s\t%s\t%s\t%s\t%s\n", tr("ログインID", "login"), tr("職員番号", "staff"),
               tr("状態", "state"), "MFA", tr("最終ログイン(日本時間)", "last login (JST)"),
               tr("氏名", "name"));
        size_t i;
        json_t *o;
        json_array_foreach(list, i, o) {
            AccountInfo a = {0};
            snprintf(a.login_id, sizeof a.login_id, "%s", json_string_value(json_object_get(o, "login_id")));
            snprintf(a.staff_no, sizeof a.staff_no, "%s", json_string_value(json_object_get(o, "staff_no")));
            const char *t;
            if ((t = json_string_value(json_object_get(o, "disabled_at"))))
                time_parse_iso(t, &a.disabled_at);
            if ((t = json_string_value(json_object_get(o, "locked_until"))))
                time_parse_iso(t, &a.locked_until);
            if ((t = json_string_value(json_object_get(o, "terminal_locked_until"))))
                time_parse_iso(t, &a.terminal_locked_until);
            a.must_change_password = json_is_true(json_object_get(o, "must_change_password"));
            char last[17] = "-";
            if ((t = json_string_value(json_object_get(o, "last_login_at"))) && time_parse_iso(t, &a.last_login_at))
                time_jst(a.last_login_at, last);
            printf("%s\t%s\t%s\t%s\t%s\t%s\n", a.login_id, a.staff_no, state_label(&a, now),
                   json_is_true(json_object_get(o, "mfa_enrolled")) ? tr("設定済", "on") : "-", last,
                   json_string_value(json_object_get(o, "name")));
        }
        if (json_array_size(list) == 0)
            printf("%s\n", tr("(アカウントはありません)", "(no accounts)"));
    }
    json_decref(list);
    close_cli(&u);
    return EXIT_OK;
}

typedef enum AdminOp { OP_DISABLE, OP_RESET_PASSWORD, OP_UNLOCK, OP_RESET_MFA } AdminOp;

static int user_admin(int argc, char **argv, const char *db_opt, AdminOp op)
{
    int rc = cli_reject_unknown(argc, argv, "user");
    if (rc)
        return rc;
    if (argc != 2)
        return cli_usage("user", "ログインIDを一つ指定してください", "give one login ID");
    UserCli u;
    if ((rc = open_cli(db_opt, &u)) != EXIT_OK)
        return rc;
    Err e = {0};
    AccountInfo a;
    char *temp = NULL;
    Status st = account_find_by_login(u.db, argv[1], &a, &e);
    if (st == ST_NOTFOUND)
        err_setf(&e, ST_NOTFOUND, "account_not_found", "login_id", "ログインID %s のアカウントはありません",
                 "no account with login ID %s", argv[1]);
    if (st == ST_OK) {
        switch (op) {
        case OP_DISABLE: st = account_disable(&u.ctx, a.id, &e); break;
        case OP_RESET_PASSWORD: st = account_reset_password(&u.ctx, a.id, &temp, &e); break;
        case OP_UNLOCK: st = account_unlock(&u.ctx, a.id, &e); break;
        case OP_RESET_MFA: st = account_mfa_reset(&u.ctx, a.id, &e); break;
        }
    }
    if (st != ST_OK) {
        close_cli(&u);
        return cli_fail(&e);
    }
    switch (op) {
    case OP_DISABLE:
        printf(tr("アカウント %s を無効にしました (ログイン中のセッションも終了しました)\n",
                  "account %s disabled (its sessions were ended)\n"), a.login_id);
        break;
    case OP_RESET_PASSWORD:
        account_get(u.db, a.id, &a, &e);
        printf(tr("アカウント %s のパスワードを再発行しました\n", "password of %s reset\n"), a.login_id);
        print_temporary(temp, a.temp_password_expires_at);
        break;
    case OP_UNLOCK:
        printf(tr("アカウント %s のロックを解除しました\n", "account %s unlocked\n"), a.login_id);
        break;
    case OP_RESET_MFA:
        printf(tr("アカウント %s の二要素認証を解除しました。次回ログイン時に再設定が必要です\n",
                  "two-factor authentication of %s removed; it is set up again at next login\n"),
               a.login_id);
        break;
    }
    wipe_free(temp);
    close_cli(&u);
    return EXIT_OK;
}

/* COMMAND: user
 * SUMMARY: lgsec のログインアカウントの管理
 * SUMMARY_EN: manage lgsec login accounts
 * USAGE:
 * 使い方: lgsec user <サブコマンド> [--db PATH]
 *   add --person 職員番号 --login ID   アカウントを作成し、仮パスワードを一度だけ表示 (第88条)
 *   list [--json]                      アカウントの一覧
 *   disable ID                         アカウントを無効にし、セッションを終了
 *   reset-password ID                  仮パスワードを再発行 (次回ログイン時に変更が必要)
 *   unlock ID                          ログイン失敗によるロックを解除 (第87条)
 *   reset-mfa ID                       二要素認証を解除 (端末紛失時。次回ログインで再設定)
 *   ログインIDは半角英数字と . _ - の3〜32文字。admin、root などの既定の管理者名は使えません (第84条7項)。
 * USAGE_EN:
 * usage: lgsec user <subcommand> [--db PATH]
 *   add --person STAFF_NO --login ID   create an account; prints the temporary password once
 *   list [--json]                      list the accounts
 *   disable ID                         disable the account and end its sessions
 *   reset-password ID                  issue a new temporary password (must be changed at login)
 *   unlock ID                          clear a lockout after failed logins (article 87)
 *   reset-mfa ID                       remove two-factor authentication (lost device)
 *   Login IDs: 3-32 of a-z 0-9 . _ -; default administrator names (admin, root, ...) are refused.
 */
int cmd_user(int argc, char **argv)
{
    bool missing = false;
    const char *db_opt = cli_take_option(&argc, argv, "--db", &missing);
    if (missing)
        return cli_usage("user", "--db にはパスが必要です", "--db needs a path");
    if (argc < 2)
        return cli_usage("user", "サブコマンドを指定してください", "give a subcommand");
    const char *sub = argv[1];
    /* argv[1..] from here: the subcommand is the command name for the helpers */
    if (strcmp(sub, "add") == 0)
        return user_add(argc - 1, argv + 1, db_opt);
    if (strcmp(sub, "list") == 0)
        return user_list(argc - 1, argv + 1, db_opt);
    if (strcmp(sub, "disable") == 0)
        return user_admin(argc - 1, argv + 1, db_opt, OP_DISABLE);
    if (strcmp(sub, "reset-password") == 0)
        return user_admin(argc - 1, argv + 1, db_opt, OP_RESET_PASSWORD);
    if (strcmp(sub, "unlock") == 0)
        return user_admin(argc - 1, argv + 1, db_opt, OP_UNLOCK);
    if (strcmp(sub, "reset-mfa") == 0)
        return user_admin(argc - 1, argv + 1, db_opt, OP_RESET_MFA);
    char ja[160], en[160];
    snprintf(ja, sizeof ja, "不明なサブコマンドです: %s", sub);
    snprintf(en, sizeof en, "unknown subcommand: %s", sub);
    return cli_usage("user", ja, en);
}
