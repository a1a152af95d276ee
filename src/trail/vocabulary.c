/* vocabulary: every action and object type the trail records, declared once with what a person
 * reads for it (see vocabulary.h). A test scans the sources for actions that are appended and fails
 * on one missing here; the trail page and the change histories show these names, never the codes. */
#include "trail/vocabulary.h"

#include <string.h>

static const TrailActionName actions[] = {
    {"access_review.close", "アクセス権の見直しの終了", "access review closed"},
    {"access_review.decide", "IDの確認 (継続・変更・削除)", "ID certified (keep, change, remove)"},
    {"access_review.done", "IDの変更・削除の対応の記録", "ID change or removal recorded as done"},
    {"access_review.open", "アクセス権の見直しの開始", "access review opened"},
    {"account.create", "ログインアカウントの作成", "login account created"},
    {"account.disable", "ログインアカウントの無効化", "login account disabled"},
    {"account.locked", "ログインアカウントのロック", "login account locked"},
    {"account.login", "ログイン", "signed in"},
    {"account.login_failed", "ログインの失敗", "failed sign-in"},
    {"account.logout", "ログアウト", "signed out"},
    {"account.mfa_enrol_started", "二要素認証の登録開始", "second factor enrolment started"},
    {"account.mfa_enrolled", "二要素認証の登録", "second factor enrolled"},
    {"account.mfa_reset", "二要素認証のリセット", "second factor reset"},
    {"account.mfa_verified", "二要素認証の確認", "second factor verified"},
    {"account.password_changed", "パスワードの変更", "password changed"},
    {"account.preferences", "表示の設定の変更", "display preferences changed"},
    {"account.recovery_code_used", "回復コードの使用", "recovery code used"},
    {"account.reset_password", "仮パスワードの再発行", "temporary password issued"},
    {"account.unlock", "ロックの解除", "account unlocked"},
    {"asset.classify", "情報資産の分類", "asset classified"},
    {"asset.contents_add", "情報資産の内容の追加", "asset contents added"},
    {"asset.contents_remove", "情報資産の内容の削除", "asset contents removed"},
    {"asset.copy", "情報資産の複製の登録", "asset copy registered"},
    {"asset.create", "情報資産の登録", "asset registered"},
    {"asset.decide", "要判断の情報資産の分類決定", "classification decided"},
    {"asset.dispose", "情報資産の廃棄", "asset disposed of"},
    {"asset.event", "情報資産の運搬・提供・廃棄の記録", "asset lifecycle record"},
    {"asset.restriction_add", "取扱制限の追加", "handling restriction added"},
    {"asset.restriction_remove", "取扱制限の削除", "handling restriction removed"},
    {"asset.update", "情報資産の変更", "asset changed"},
    {"audit.assign", "監査人の指名", "auditor assigned"},
    {"audit.close_finding", "監査所見の完了", "audit finding closed"},
    {"audit.create", "監査の計画", "audit planned"},
    {"audit.finding", "監査所見の記録", "audit finding recorded"},
    {"audit.plan", "監査所見への改善計画", "improvement plan for an audit finding"},
    {"bring_in.create", "持ち込みの記録", "bring-in recorded"},
    {"bring_in.out", "持ち込み品の搬出", "brought-in item taken out"},
    {"delegation.create", "代行者の指定", "deputy appointed"},
    {"delegation.revoke", "代行の取消し", "deputy revoked"},
    {"drill.create", "緊急時対応訓練の記録", "drill recorded"},
    {"drill.finding_add", "訓練の課題の登録", "drill finding added"},
    {"drill.finding_close", "訓練の課題の完了", "drill finding closed"},
    {"drill.participant_add", "訓練の参加者の登録", "drill participant added"},
    {"duty.record", "定期的な義務の実施の記録", "periodic duty done"},
    {"equipment_move.create", "機器の搬入出の記録", "equipment move recorded"},
    {"exception.emergency", "例外措置 (緊急) の記録", "emergency exception recorded"},
    {"exception.review", "例外措置の確認", "exception reviewed"},
    {"failure.handle", "障害の対応", "failure being handled"},
    {"failure.report", "障害の報告", "failure reported"},
    {"failure.resolve", "障害の解決", "failure resolved"},
    {"holiday.remove", "休日の削除", "holiday removed"},
    {"holiday.set", "休日の設定", "holiday set"},
    {"import.commit", "台帳の取り込み", "register import"},
    {"incident.assign", "インシデントの担当者の指定 (CSIRT)", "incident assigned within the CSIRT"},
    {"incident.cause", "インシデントの原因と再発防止策の記録", "incident cause and proposed measures recorded"},
    {"incident.close", "インシデントの完了", "incident closed"},
    {"incident.decide", "CISOによる措置の指示", "measures decided by the CISO"},
    {"incident.evidence_add", "インシデントの証拠の登録", "incident evidence registered"},
    {"incident.evidence_view", "インシデントの証拠の閲覧", "incident evidence viewed"},
    {"incident.indicator_add", "インシデントの指標 (IPアドレス等) の記録", "incident indicator recorded"},
    {"incident.intake", "メールによるインシデントの報告の受付 (統一的な窓口)", "incident report received by mail"},
    {"incident.note", "インシデントのメモ", "incident note"},
    {"incident.report", "インシデントの報告", "incident reported"},
    {"incident.report_submit", "外部への報告の提出 (凍結)", "report outside submitted (frozen)"},
    {"incident.seen", "インシデントの報告の確認 (報告を受けた者が開いた)", "incident report opened by a recipient"},
    {"incident.task_add", "インシデントの作業の指示", "incident task assigned"},
    {"incident.task_done", "インシデントの作業の完了", "incident task done"},
    {"incident.triage", "インシデントの評価 (CSIRT)", "incident assessed by the CSIRT"},
    {"org_unit.create", "組織の登録", "organisation unit created"},
    {"org_unit.update", "組織の変更", "organisation unit changed"},
    {"pack.activate", "ポリシーパックの有効化", "policy pack activated"},
    {"person.create", "職員の登録", "person registered"},
    {"person.update", "職員の変更", "person changed"},
    {"policy_doc.acknowledge", "ポリシー文書の同意 (読みました)", "policy document acknowledged"},
    {"policy_doc.create", "ポリシー文書の登録", "policy document registered"},
    {"policy_doc.discard", "ポリシー文書の下書きの破棄", "policy draft discarded"},
    {"policy_doc.publish", "ポリシー文書の施行", "policy document put in force"},
    {"policy_doc.supersede", "ポリシー文書の旧版の失効 (新しい版の施行による)", "policy version superseded by a newer one"},
    {"policy_doc.upload", "ポリシー文書の版の登録", "policy version uploaded"},
    {"policy_doc.version_update", "ポリシー文書の版の変更", "policy version changed"},
    {"policy_review.create", "年度の見直しの記録", "annual review recorded"},
    {"policy_review.update", "年度の見直しの変更", "annual review changed"},
    {"request.approve", "申請の承認", "request approved"},
    {"request.complete", "申請の完了 (返却)", "request completed (returned)"},
    {"request.create", "申請の作成", "request created"},
    {"request.depart", "持ち出しの記録", "departure recorded"},
    {"request.expire", "申請の期限切れ", "request expired"},
    {"request.reject", "申請の却下", "request rejected"},
    {"request.return", "申請の差戻し", "request returned for changes"},
    {"request.submit", "申請の提出", "request submitted"},
    {"request.withdraw", "申請の取下げ", "request withdrawn"},
    {"role.assign", "役割の任命", "role assigned"},
    {"role.end", "役割の終了", "role ended"},
    {"sanitize.file", "ファイルの無害化", "file sanitized"},
    {"sanitize.mail", "メールの無害化", "mail sanitized"},
    {"selfcheck.action_add", "自己点検の改善策の登録", "self-check improvement action added"},
    {"selfcheck.action_close", "自己点検の改善策の完了", "self-check improvement action closed"},
    {"selfcheck.answer", "自己点検の回答", "self-check answered"},
    {"selfcheck.close", "自己点検の締切り", "self-check closed"},
    {"selfcheck.open", "自己点検の開始", "self-check opened"},
    {"server_room.create", "サーバー室の登録", "server room registered"},
    {"server_room.entry", "サーバー室への入室", "server room entry"},
    {"server_room.exit", "サーバー室からの退室", "server room exit"},
    {"server_room.grant", "サーバー室の入室許可", "server room access granted"},
    {"server_room.revoke", "サーバー室の入室許可の終了", "server room access ended"},
    {"server_room.update", "サーバー室の変更", "server room changed"},
    {"software_license.create", "ライセンスの登録", "license registered"},
    {"software_license.from_request", "承認された導入申請からのライセンス登録", "license from an approved request"},
    {"system.component.add", "構成要素の追加", "component added"},
    {"system.component.remove", "構成要素の削除", "component removed"},
    {"system.component.update", "構成要素の変更", "component changed"},
    {"system.create", "情報システムの登録", "system registered"},
    {"system.update", "情報システムの変更", "system changed"},
    {"system_ids.import", "情報システムのID一覧の取込み", "system ID list imported"},
    {"training.attendance_record", "研修の受講の記録", "training attendance recorded"},
    {"training.attendance_withdraw", "研修の受講記録の取消し", "training attendance withdrawn"},
    {"training.course_create", "研修の登録", "training course created"},
    {"training.course_update", "研修の変更", "training course changed"},
    {"training.session_add", "研修の実施回の登録", "training session added"},
    {"violation.assess", "違反の確認 (統括情報セキュリティ責任者)", "violation assessed by the chief officer"},
    {"violation.handle", "違反への対応の記録", "violation handling recorded"},
    {"violation.report", "違反の報告", "violation reported"},
    {"violation.seen", "違反の報告の確認 (報告を受けた者が開いた)", "violation report opened by a recipient"},
    {"work_record.confirm", "作業記録の確認", "work record confirmed"},
    {"work_record.create", "作業記録の作成", "work record created"},
};

static const TrailObjectType object_types[] = {
    {"access_review", "アクセス権の見直し", "access review", "/access-reviews/{id}"},
    {"access_review_item", "アクセス権の見直しの対象ID", "access review item", "/access-reviews"},
    {"account", "ログインアカウント", "login account", "/people/{person}"},
    {"asset", "情報資産", "asset", "/assets/{id}"},
    {"audit", "情報セキュリティ監査", "audit", "/audits/{id}"},
    {"audit_finding", "監査所見", "audit finding", "/audits"},
    {"bring_in", "持ち込み記録", "bring-in record", "/records/take-outs"},
    {"delegation", "代行", "delegation", "/requests/delegations"},
    {"drill", "緊急時対応訓練", "drill", "/training/drills/{id}"},
    {"drill_finding", "訓練の課題", "drill finding", "/training/drills"},
    {"duty_record", "定期的な義務の実施記録", "periodic duty record", "/duties"},
    {"equipment_move", "搬入出記録", "equipment move", "/records"},
    {"failure_record", "障害記録", "failure record", "/records"},
    {"holiday", "休日", "holiday", "/records"},
    {"import", "取り込み", "import", NULL},
    {"incident", "インシデント", "incident", "/incidents/{id}"},
    {"org_unit", "組織", "organisation unit", "/org"},
    {"pack", "ポリシーパック", "policy pack", "/policy"},
    {"person", "職員", "person", "/people/{id}"},
    {"policy_doc_version", "ポリシー文書の版", "policy document version", "/policy-docs/versions/{id}"},
    {"policy_document", "ポリシー文書", "policy document", "/policy-docs/{id}"},
    {"policy_review", "年度の見直し", "annual review", "/policy-docs/reviews"},
    {"request", "申請", "request", "/requests/{id}"},
    {"role_assignment", "役割の任命", "role assignment", "/roles"},
    {"sanitize", "無害化", "sanitization", NULL},
    {"selfcheck", "自己点検", "self-check", "/selfchecks/{id}"},
    {"selfcheck_action", "自己点検の改善策", "self-check improvement action", "/selfchecks"},
    {"server_room", "サーバー室", "server room", "/records"},
    {"server_room_access", "サーバー室の入室許可", "server room access", "/records"},
    {"server_room_entry", "入退室記録", "server room entry", "/records"},
    {"software_license", "ライセンス台帳", "software license", "/records"},
    {"system", "情報システム", "information system", "/systems/{id}"},
    {"system_component", "情報システムの構成要素", "system component", "/systems/{system}"},
    {"system_id_snapshot", "情報システムのID一覧", "system ID list", "/system-ids"},
    {"training_attendance", "研修の受講記録", "training attendance", "/training"},
    {"training_course", "研修", "training course", "/training/{id}"},
    {"training_session", "研修の実施回", "training session", "/training"},
    {"violation", "違反の報告", "violation report", "/incidents/violations/{id}"},
    {"work_record", "作業記録", "work record", "/records/work"},
};

const TrailActionName *trail_action_name(const char *action)
{
    for (size_t i = 0; action && i < sizeof actions / sizeof *actions; i++)
        if (strcmp(actions[i].action, action) == 0)
            return &actions[i];
    return NULL;
}

const TrailObjectType *trail_object_type(const char *type)
{
    for (size_t i = 0; type && i < sizeof object_types / sizeof *object_types; i++)
        if (strcmp(object_types[i].type, type) == 0)
            return &object_types[i];
    return NULL;
}

const TrailActionName *trail_actions(size_t *count)
{
    *count = sizeof actions / sizeof *actions;
    return actions;
}

const TrailObjectType *trail_object_types(size_t *count)
{
    *count = sizeof object_types / sizeof *object_types;
    return object_types;
}
