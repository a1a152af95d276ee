/* routes: the one route table. Method, path, the capability required, whether it changes state
 * (then CSRF and a JSON body are required), whether it is usable before the sign-in is complete
 * (password change / two-factor), the handler, and a summary. dispatch.c enforces all of it before
 * a handler runs; `lgsec routes` prints it (the API tests and docs/openapi.yaml are checked against
 * it). */
#include "policy/capability.h"
#include "http/api.h"
#include "http/api_incidents.h"
#include "http/api_records.h"
#include "http/http.h"

#define PUB CAP_PUBLIC
#define IN CAP_SIGNED_IN
/* ROUTE(method, pattern, capability, changes_state, before_mfa, handler, summary) */
#define ROUTE(m, p, cap, changes, early, fn, text) \
    {.method = m, .pattern = p, .capability = cap, .changes_state = changes, .before_mfa = early, .handler = fn, .summary = text}
/* A file upload: state-changing, the body is the file itself, up to MAX_UPLOAD_BYTES. */
#define UPLOAD(p, cap, fn, text)                                                                      \
    {.method = "POST", .pattern = p, .capability = cap, .changes_state = true, .handler = fn, .summary = text, \
     .file_upload = true, .max_body = MAX_UPLOAD_BYTES}

const Route routes[] = {
    /* method, pattern, capability, changes_state, before_mfa, handler, summary */
    ROUTE("GET", "/api/v1/auth/config", PUB, false, true, api_auth_config, "ログイン画面の設定 (ログインメッセージ等)"),
    ROUTE("POST", "/api/v1/auth/login", PUB, true, true, api_auth_login, "ログイン"),
    ROUTE("POST", "/api/v1/auth/logout", IN, true, true, api_auth_logout, "ログアウト"),
    ROUTE("POST", "/api/v1/auth/password", IN, true, true, api_auth_password, "パスワード変更"),
    ROUTE("POST", "/api/v1/auth/mfa/enrol", IN, true, true, api_auth_mfa_enrol, "二要素認証の登録開始"),
    ROUTE("POST", "/api/v1/auth/mfa/enrol/confirm", IN, true, true, api_auth_mfa_confirm, "二要素認証の登録確認"),
    ROUTE("POST", "/api/v1/auth/mfa/verify", IN, true, true, api_auth_mfa_verify, "二要素認証の確認"),
    ROUTE("GET", "/api/v1/session", IN, false, true, api_session, "現在のセッション"),
    ROUTE("PATCH", "/api/v1/session/preferences", IN, true, false, api_preferences_update, "表示の設定 (和暦・西暦, 言語) の変更"),
    ROUTE("GET", "/api/v1/home", IN, false, false, api_home, "ホーム画面の情報"),
    ROUTE("GET", "/api/v1/policy", IN, false, false, api_policy, "現在有効な情報セキュリティポリシー (第48条)"),
    ROUTE("GET", "/api/v1/org/units", IN, false, false, api_units_list, "組織の一覧"),
    ROUTE("POST", "/api/v1/org/units", CAP_ORG_MANAGE, true, false, api_units_create, "組織の作成"),
    ROUTE("PATCH", "/api/v1/org/units/{id}", CAP_ORG_MANAGE, true, false, api_units_update, "組織の変更"),
    ROUTE("GET", "/api/v1/people", CAP_DIRECTORY_READ, false, false, api_people_list, "職員の検索・一覧"),
    ROUTE("GET", "/api/v1/people/names", IN, false, false, api_people_names, "職員の氏名検索 (申請の担当者等の選択用, 連絡先を含まない)"),
    ROUTE("POST", "/api/v1/people", CAP_PEOPLE_MANAGE, true, false, api_people_create, "職員の登録"),
    ROUTE("GET", "/api/v1/people/{id}", CAP_DIRECTORY_READ, false, false, api_people_get, "職員の詳細"),
    ROUTE("PATCH", "/api/v1/people/{id}", CAP_PEOPLE_MANAGE, true, false, api_people_update, "職員の変更"),
    ROUTE("POST", "/api/v1/people/{id}/account", CAP_PEOPLE_MANAGE, true, false, api_account_create, "アカウントの発行"),
    ROUTE("POST", "/api/v1/people/{id}/account/reset-password", CAP_PEOPLE_MANAGE, true, false, api_account_reset_password, "仮パスワードの再発行"),
    ROUTE("POST", "/api/v1/people/{id}/account/unlock", CAP_PEOPLE_MANAGE, true, false, api_account_unlock, "アカウントのロック解除"),
    ROUTE("POST", "/api/v1/people/{id}/account/disable", CAP_PEOPLE_MANAGE, true, false, api_account_disable,
          "アカウントの無効化 (退職・異動のとき。セッションも終了)"),
    ROUTE("GET", "/api/v1/roles", IN, false, false, api_roles_list, "役割と現在の担当者"),
    ROUTE("GET", "/api/v1/role-assignments", CAP_DIRECTORY_READ, false, false, api_assignments_list, "役割の割当の一覧"),
    ROUTE("POST", "/api/v1/role-assignments", CAP_ROLES_MANAGE, true, false, api_assignments_create, "役割の割当"),
    ROUTE("POST", "/api/v1/role-assignments/{id}/end", CAP_ROLES_MANAGE, true, false, api_assignments_end, "役割の割当の終了"),
    ROUTE("GET", "/api/v1/contacts", IN, false, false, api_contacts, "緊急連絡網 (第13条8): every person must reach it"),
    /* 情報資産台帳: fixed paths before /assets/{id}. Per-asset rights are the domain's. */
    ROUTE("GET", "/api/v1/assets", IN, false, false, api_assets_list, "情報資産台帳の検索・一覧"),
    ROUTE("POST", "/api/v1/assets", IN, true, false, api_assets_create, "情報資産の登録"),
    ROUTE("GET", "/api/v1/assets/pending", IN, false, false, api_assets_pending, "要判断の情報資産 (第23条6(3))"),
    ROUTE("GET", "/api/v1/assets/labels.pdf", IN, false, false, api_assets_labels, "分類表示ラベルの印刷 (第23条4)"),
    ROUTE("GET", "/api/v1/assets/export.xlsx", IN, false, false, api_assets_export_xlsx, "情報資産台帳の書き出し (Excel)"),
    ROUTE("GET", "/api/v1/assets/export.csv", IN, false, false, api_assets_export_csv, "情報資産台帳の書き出し (CSV)"),
    ROUTE("GET", "/api/v1/assets/{id}", IN, false, false, api_assets_get, "情報資産の詳細"),
    ROUTE("PATCH", "/api/v1/assets/{id}", IN, true, false, api_assets_update, "情報資産の変更"),
    ROUTE("POST", "/api/v1/assets/{id}/decide", IN, true, false, api_assets_decide, "要判断の分類を決定"),
    ROUTE("POST", "/api/v1/assets/{id}/copy", IN, true, false, api_assets_copy, "複製・送信・派生 (分類を引き継ぐ, 第23条3, 第23条6(1))"),
    ROUTE("POST", "/api/v1/assets/{id}/restrictions", IN, true, false, api_assets_add_restriction, "取扱制限の追加"),
    ROUTE("POST", "/api/v1/assets/{id}/restrictions/{rid}/remove", IN, true, false, api_assets_remove_restriction, "追加した取扱制限の削除 (分類から導かれる制限は外せない)"),
    ROUTE("POST", "/api/v1/assets/{id}/contents", IN, true, false, api_assets_contents, "記録媒体に格納する情報資産 (第23条7(3))"),
    ROUTE("POST", "/api/v1/assets/{id}/events", IN, true, false, api_assets_add_event, "取扱いの記録 (作成・入手・複製・送信・運搬・提供・保管先変更・廃棄, 第23条)"),
    /* 情報システム台帳. Per-system rights are the domain's (its 情報システム管理者, roles.manage). */
    ROUTE("GET", "/api/v1/systems", IN, false, false, api_systems_list, "情報システム台帳の一覧"),
    ROUTE("POST", "/api/v1/systems", IN, true, false, api_systems_create, "情報システムの登録"),
    ROUTE("GET", "/api/v1/systems/export.xlsx", IN, false, false, api_systems_export_xlsx, "情報システム台帳の書き出し (Excel)"),
    ROUTE("GET", "/api/v1/systems/export.csv", IN, false, false, api_systems_export_csv, "情報システム台帳の書き出し (CSV)"),
    ROUTE("GET", "/api/v1/systems/{id}", IN, false, false, api_systems_get, "情報システムの詳細 (構成要素・要件・分類)"),
    ROUTE("PATCH", "/api/v1/systems/{id}", IN, true, false, api_systems_update, "情報システムの変更"),
    ROUTE("POST", "/api/v1/systems/{id}/components", IN, true, false, api_systems_add_component, "構成要素の追加"),
    ROUTE("PATCH", "/api/v1/systems/{id}/components/{cid}", IN, true, false, api_systems_update_component, "構成要素の変更"),
    ROUTE("POST", "/api/v1/systems/{id}/components/{cid}/remove", IN, true, false, api_systems_remove_component, "構成要素の削除"),
    /* インシデント対応 (第54条–第56条). Anyone signed in reports; who may read a report (its reporter,
     * the people told of it, the organisation-wide chain roles) is the domain's. */
    ROUTE("GET", "/api/v1/incidents/options", IN, false, false, api_incidents_options, "インシデント報告の選択肢 (個人情報の種類・報告の経路・分類・重大度)"),
    ROUTE("GET", "/api/v1/incidents", IN, false, false, api_incidents_list, "自分の報告 (box=mine) と報告を受けたインシデント (box=chain)"),
    ROUTE("POST", "/api/v1/incidents", IN, true, false, api_incidents_create, "インシデントの報告 (第54条, 住民等外部からは第55条)"),
    ROUTE("GET", "/api/v1/incidents/{id}", IN, false, false, api_incidents_get, "インシデントの報告と報告の経路 (誰がいつ確認したか)"),
    ROUTE("POST", "/api/v1/incidents/{id}/notes", IN, true, false, api_incidents_note, "メモの記録 (報告を読める者)"),
    UPLOAD("/api/v1/incidents/{id}/evidence", IN, api_incidents_evidence_upload, "証拠ファイルの登録 (SHA-256 で保管, ?name=&description=)"),
    ROUTE("GET", "/api/v1/incidents/{id}/evidence/{eid}", IN, false, false, api_incidents_evidence_get, "証拠ファイルの取得 (照合してから。閲覧は証跡に記録)"),
    ROUTE("GET", "/api/v1/incidents/{id}/timeline", IN, false, false, api_incidents_timeline, "経過 (報告・確認・評価・作業・メモ等を誰がいつ)"),
    ROUTE("GET", "/api/v1/incidents/{id}/timeline.txt", IN, false, false, api_incidents_timeline_text, "経過の書き出し (文章)"),
    ROUTE("POST", "/api/v1/incidents/{id}/triage", IN, true, false, api_incidents_triage, "CSIRTによる評価 (インシデントか、分類、重大度, 第56条)"),
    ROUTE("POST", "/api/v1/incidents/{id}/tasks", IN, true, false, api_incidents_task_add, "応急措置・復旧・再発防止の作業の指示 (第56条3)"),
    ROUTE("POST", "/api/v1/incidents/{id}/tasks/{tid}/done", IN, true, false, api_incidents_task_done, "作業の完了 (担当者又はCSIRT)"),
    ROUTE("GET", "/api/v1/incidents/{id}/similar", IN, false, false, api_incidents_similar, "同様の弱点を持ちうる他の情報システム (第56条4)"),
    ROUTE("POST", "/api/v1/incidents/{id}/similar", IN, true, false, api_incidents_similar_assign, "他の情報システムの管理者への確認の指示 (第56条4)"),
    ROUTE("POST", "/api/v1/incidents/{id}/cause", IN, true, false, api_incidents_cause, "原因と再発防止策の記録 (第56条5・6)"),
    ROUTE("POST", "/api/v1/incidents/{id}/decision", IN, true, false, api_incidents_decision, "CISOによる措置の指示 (第56条7)"),
    ROUTE("GET", "/api/v1/incidents/{id}/reports", IN, false, false, api_incidents_reports, "外部への報告 (該当するもの、期限、様式の順の下書き、提出済みの版)"),
    ROUTE("POST", "/api/v1/incidents/{id}/reports", IN, true, false, api_incidents_report_submit, "外部への報告の提出 (SHA-256 で凍結)"),
    ROUTE("POST", "/api/v1/incidents/{id}/close", IN, true, false, api_incidents_close, "インシデントの完了 (教訓、報告者・原因者は不可)"),
    /* 申請・承認. Who may decide is the domain's (approver resolution, 第20条); who may read a
     * request is request_may_view. */
    ROUTE("GET", "/api/v1/request-types", IN, false, false, api_request_types, "申請の種類と入力項目 (ポリシーパック)"),
    ROUTE("GET", "/api/v1/requests", IN, false, false, api_requests_list, "自分の申請 (box=mine) と承認待ち (box=inbox)"),
    ROUTE("POST", "/api/v1/requests", IN, true, false, api_requests_create, "申請の作成 (submit: true で提出まで)"),
    ROUTE("GET", "/api/v1/requests/{id}", IN, false, false, api_requests_get, "申請の詳細 (次の承認者とその理由・履歴)"),
    ROUTE("POST", "/api/v1/requests/{id}/submit", IN, true, false, api_requests_submit, "申請の提出 (差戻し後の再提出を含む)"),
    ROUTE("POST", "/api/v1/requests/{id}/decide", IN, true, false, api_requests_decide, "承認・差戻し・却下"),
    ROUTE("POST", "/api/v1/requests/{id}/withdraw", IN, true, false, api_requests_withdraw, "申請の取下げ"),
    ROUTE("POST", "/api/v1/requests/{id}/depart", IN, true, false, api_requests_depart, "持ち出しの記録 (実際に持ち出した日時)"),
    ROUTE("POST", "/api/v1/requests/{id}/complete", IN, true, false, api_requests_complete, "返却・完了の記録 (持ち出し等)"),
    ROUTE("GET", "/api/v1/inbox", IN, false, false, api_inbox, "自分の作業 (承認待ち・自分の申請・期限超過)"),
    ROUTE("GET", "/api/v1/notifications", IN, false, false, api_notifications_list, "お知らせ (リマインダーを含む)"),
    ROUTE("POST", "/api/v1/notifications/{id}/read", IN, true, false, api_notifications_read, "お知らせを既読にする"),
    ROUTE("GET", "/api/v1/delegations", IN, false, false, api_delegations_list, "代行の指定 (自分が指定したもの・指定されたもの, 第84条3)"),
    ROUTE("POST", "/api/v1/delegations", IN, true, false, api_delegations_create, "代行者の指定 (特権はCISOの承認を経る, 第84条3-4)"),
    ROUTE("POST", "/api/v1/delegations/{id}/revoke", IN, true, false, api_delegations_revoke, "代行の終了"),
    /* 第131条: the register is the CISO's and the overseers' (trail.read); filing is per request. */
    ROUTE("GET", "/api/v1/exceptions", CAP_TRAIL_READ, false, false, api_exceptions_register, "例外措置の台帳 (報告・見直しの状況, 第131条)"),
    ROUTE("POST", "/api/v1/exceptions/emergency", IN, true, false, api_exceptions_emergency, "緊急時の例外措置の記録 (事後にCISOへ報告, 第130条)"),
    ROUTE("POST", "/api/v1/exceptions/{id}/review", IN, true, false, api_exceptions_review, "例外措置の見直しの記録 (CISO, 第131条)"),
    /* Importing registers kept in Excel; rights per row are the domain's, as for a form. */
    ROUTE("GET", "/api/v1/registers/export.xlsx", IN, false, false, api_registers_export_xlsx, "両台帳の書き出し (Excel, 台帳ごとにシート)"),
    ROUTE("GET", "/api/v1/registers/fields", IN, false, false, api_registers_fields, "台帳の項目一覧 (入力画面と取り込み用)"),
    UPLOAD("/api/v1/imports", IN, api_imports_upload, "取り込むファイルのアップロード (CSV/XLSX)"),
    ROUTE("GET", "/api/v1/imports/{id}", IN, false, false, api_imports_status, "取り込みの進み具合"),
    ROUTE("POST", "/api/v1/imports/{id}/dry-run", IN, true, false, api_imports_dry_run, "取り込みの事前確認 (何も書き込まない)"),
    ROUTE("POST", "/api/v1/imports/{id}/commit", IN, true, false, api_imports_commit, "取り込みの実行 (全件または0件)"),
    /* Records of issue 4 (第35条, 第36条, 第43条, 第63条, 第66条, 第76条). Rights per record are the domain's
     * (src/domain/rec_*.h). Fixed paths before {id}. */
    ROUTE("GET", "/api/v1/records/take-outs", IN, false, false, api_rec_takeouts, "持ち出し記録 (持ち出し申請から、返却遅れを表示, 第43条)"),
    ROUTE("GET", "/api/v1/records/bring-ins", IN, false, false, api_rec_bringins_list, "持ち込み記録の一覧 (第43条)"),
    ROUTE("POST", "/api/v1/records/bring-ins", IN, true, false, api_rec_bringins_create, "持ち込みの記録 (第43条)"),
    ROUTE("POST", "/api/v1/records/bring-ins/{id}/out", IN, true, false, api_rec_bringins_out, "持ち込んだ物の持ち帰りの記録"),
    ROUTE("GET", "/api/v1/records/server-rooms", IN, false, false, api_rec_rooms_list, "サーバー室 (管理区域) の一覧"),
    ROUTE("POST", "/api/v1/records/server-rooms", IN, true, false, api_rec_rooms_create, "サーバー室の登録 (執務時間を含む)"),
    ROUTE("GET", "/api/v1/records/server-rooms/{id}", IN, false, false, api_rec_rooms_get, "サーバー室と入退室を許可された者の一覧 (第35条)"),
    ROUTE("PATCH", "/api/v1/records/server-rooms/{id}", IN, true, false, api_rec_rooms_update, "サーバー室の変更 (場所・扉コード・執務時間)"),
    ROUTE("POST", "/api/v1/records/server-rooms/{id}/access", IN, true, false, api_rec_rooms_grant, "入退室の許可 (第35条)"),
    ROUTE("POST", "/api/v1/records/server-rooms/{id}/access/{aid}/end", IN, true, false, api_rec_rooms_revoke, "入退室の許可の終了"),
    ROUTE("GET", "/api/v1/records/server-rooms/{id}/entries", IN, false, false, api_rec_entries_list, "サーバー室入退室管理簿 (時間外・許可外の記録を表示, 第35条)"),
    ROUTE("POST", "/api/v1/records/server-rooms/{id}/entries", IN, true, false, api_rec_entries_create, "入退室の記録 (訪問者には付添いの職員, 第35条5)"),
    ROUTE("GET", "/api/v1/records/server-rooms/{id}/moves", IN, false, false, api_rec_moves_list, "機器等の搬入出記録 (第36条)"),
    ROUTE("POST", "/api/v1/records/server-rooms/{id}/moves", IN, true, false, api_rec_moves_create, "機器等の搬入出の記録 (職員の立会い, 第36条)"),
    UPLOAD("/api/v1/records/server-room-entries/import", IN, api_rec_entries_import, "カードリーダーの記録 (CSV) の取り込み (全件または0件)"),
    ROUTE("GET", "/api/v1/records/server-room-entries/{id}", IN, false, false, api_rec_entries_get, "入退室の記録の詳細"),
    ROUTE("POST", "/api/v1/records/server-room-entries/{id}/exit", IN, true, false, api_rec_entries_exit, "退室の記録"),
    ROUTE("GET", "/api/v1/records/holidays", IN, false, false, api_rec_holidays_list, "祝日・閉庁日 (執務時間外の判定に使う)"),
    ROUTE("POST", "/api/v1/records/holidays", CAP_ROLES_MANAGE, true, false, api_rec_holidays_set, "祝日・閉庁日の設定 (名称を空にすると削除)"),
    ROUTE("GET", "/api/v1/records/work", IN, false, false, api_rec_work_list, "作業記録の一覧 (第63条)"),
    ROUTE("POST", "/api/v1/records/work", IN, true, false, api_rec_work_create, "作業記録の作成 (第63条)"),
    ROUTE("GET", "/api/v1/records/work/{id}", IN, false, false, api_rec_work_get, "作業記録の詳細"),
    ROUTE("POST", "/api/v1/records/work/{id}/confirm", IN, true, false, api_rec_work_confirm, "作業の確認 (作業者本人以外, 第63条3)"),
    ROUTE("GET", "/api/v1/records/failures", IN, false, false, api_rec_failures_list, "障害記録の一覧 (第66条)"),
    ROUTE("POST", "/api/v1/records/failures", IN, true, false, api_rec_failures_create, "システム障害の報告 (第66条)"),
    ROUTE("GET", "/api/v1/records/failures/{id}", IN, false, false, api_rec_failures_get, "障害記録の詳細"),
    ROUTE("POST", "/api/v1/records/failures/{id}/update", IN, true, false, api_rec_failures_update, "障害の処理・結果の記録"),
    ROUTE("GET", "/api/v1/records/licenses", IN, false, false, api_rec_licenses_list, "ソフトウェア・ライセンス台帳 (承認された導入申請を含む, 第76条(2))"),
    ROUTE("POST", "/api/v1/records/licenses", IN, true, false, api_rec_licenses_create, "ライセンスの登録 (第76条(2))"),
    /* Policy documents (第48条 publication, 第47条(2) 同意, 第165条 review). Who may read a document
     * or version (実施手順 are 非公開, drafts are the managers') is the domain's. */
    ROUTE("GET", "/api/v1/policy-docs", IN, false, false, api_policy_docs_list, "ポリシー文書の一覧 (読める文書のみ)"),
    ROUTE("POST", "/api/v1/policy-docs", CAP_POLICY_MANAGE, true, false, api_policy_docs_create, "ポリシー文書の登録 (基本方針・対策基準・実施手順)"),
    ROUTE("GET", "/api/v1/policy-docs/{id}", IN, false, false, api_policy_docs_get, "ポリシー文書と版の一覧"),
    UPLOAD("/api/v1/policy-docs/{id}/versions", CAP_POLICY_MANAGE, api_policy_docs_upload, "新しい版のアップロード (読取り・点検・前の版との差分)"),
    ROUTE("GET", "/api/v1/policy-docs/{id}/acknowledgements", CAP_POLICY_MANAGE, false, false, api_policy_docs_acks, "同意の状況 (課室ごと, 第47条(2))"),
    ROUTE("GET", "/api/v1/policy-doc-versions/{id}", IN, false, false, api_policy_versions_get, "版の本文・点検結果・差分"),
    ROUTE("PATCH", "/api/v1/policy-doc-versions/{id}", CAP_POLICY_MANAGE, true, false, api_policy_versions_update, "版の改訂履歴・施行日・委員会の決定の入力 (下書きのみ)"),
    ROUTE("POST", "/api/v1/policy-doc-versions/{id}/publish", CAP_POLICY_MANAGE, true, false, api_policy_versions_publish, "版の施行・職員への公開 (第48条)"),
    ROUTE("POST", "/api/v1/policy-doc-versions/{id}/discard", CAP_POLICY_MANAGE, true, false, api_policy_versions_discard, "下書きの版の破棄"),
    ROUTE("POST", "/api/v1/policy-doc-versions/{id}/acknowledge", IN, true, false, api_policy_versions_acknowledge, "ポリシーを読んだことの同意 (第47条(2))"),
    ROUTE("GET", "/api/v1/policy-reviews", CAP_POLICY_MANAGE, false, false, api_policy_reviews_list, "情報セキュリティポリシーの見直しの一覧 (第165条)"),
    ROUTE("POST", "/api/v1/policy-reviews", CAP_POLICY_MANAGE, true, false, api_policy_reviews_create, "年度の見直しの記録 (第165条)"),
    ROUTE("GET", "/api/v1/policy-reviews/{id}", CAP_POLICY_MANAGE, false, false, api_policy_reviews_get, "見直しの記録の詳細"),
    ROUTE("PATCH", "/api/v1/policy-reviews/{id}", CAP_POLICY_MANAGE, true, false, api_policy_reviews_update, "見直しの記録の変更"),
    ROUTE("GET", "/api/v1/trail", CAP_TRAIL_READ, false, false, api_trail_list, "証跡の一覧"),
    ROUTE("GET", "/api/v1/trail/status", CAP_TRAIL_READ, false, false, api_trail_status, "証跡の検証状態"),
    ROUTE("GET", "/api/v1/trail/vocabulary", CAP_TRAIL_READ, false, false, api_trail_vocabulary,
          "証跡の操作と対象の種類の名称 (絞り込みの選択肢)"),
    {0},
};
