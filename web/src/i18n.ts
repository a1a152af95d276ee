// Owns the UI language: the ja/en dictionaries, t() lookup with {name} placeholders, and the
// language switch (stored in localStorage under "lgsec.lang"; Japanese is the default).

import { registersEn, registersJa } from "./i18n-registers";
import { policyDocsEn, policyDocsJa } from "./i18n-policydocs";
import { requestsEn, requestsJa } from "./i18n-requests";
import { errorTexts } from "./errors";
import { recordsEn, recordsJa } from "./i18n-records";
import { incidentsEn, incidentsJa } from "./i18n-incidents";
import { accessEn, accessJa } from "./i18n-access";
import { committeeEn, committeeJa } from "./i18n-committee";
import { rosterEn, rosterJa } from "./i18n-roster";
import { evaluationEn, evaluationJa } from "./i18n-evaluation";
import { trainingEn, trainingJa } from "./i18n-training";
import { irplanEn, irplanJa } from "./i18n-irplan";
import { vendorsEn, vendorsJa } from "./i18n-vendors";
import { cloudEn, cloudJa } from "./i18n-cloud";
import { netcheckEn, netcheckJa } from "./i18n-netcheck";
import { gateEn, gateJa } from "./i18n-gate";

export type Lang = "ja" | "en";

const STORAGE_KEY = "lgsec.lang";

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "ja";
  } catch {
    return "ja";
  }
}

let current: Lang = initialLang();
const listeners = new Set<() => void>();

export function lang(): Lang {
  return current;
}

export function setLang(next: Lang): void {
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    /* storage may be disabled; the switch still works for this page */
  }
  document.documentElement.lang = next;
  listeners.forEach((f) => f());
}

/** How dates are shown: 和暦 (令和8年12月7日) or 西暦 (2026/12/07). Each person chooses; the choice is
 *  kept on their account (and in this browser for the sign-in screen); English always shows 西暦. Formal documents use 和暦 whatever the choice (formatWareki). */
export type DateStyle = "wareki" | "seireki";
const STYLE_KEY = "lgsec.datestyle";

function initialStyle(): DateStyle {
  try {
    return localStorage.getItem(STYLE_KEY) === "seireki" ? "seireki" : "wareki";
  } catch {
    return "wareki";
  }
}

let style: DateStyle = initialStyle();

export function dateStyle(): DateStyle {
  return current === "en" ? "seireki" : style;
}

export function setDateStyle(next: DateStyle): void {
  style = next;
  try {
    localStorage.setItem(STYLE_KEY, next);
  } catch {
    /* storage may be disabled; the choice still holds for this page */
  }
  listeners.forEach((f) => f());
}

/** The signed-in person's stored choices (from /session) replace this browser's. */
export function applyPreferences(p: { date_style: DateStyle; lang: Lang } | undefined): void {
  if (!p) return;
  if (p.date_style !== style) setDateStyle(p.date_style);
  if (p.lang !== current) setLang(p.lang);
}

export function onLangChange(f: () => void): () => void {
  listeners.add(f);
  return () => listeners.delete(f);
}

const baseJa = {
  "app.name": "lgsec 情報セキュリティ管理",
  "app.skip": "本文へ移動",
  "app.loading": "読み込み中…",
  "app.lang_switch": "English",
  "app.lang_switch_label": "Switch to English",
  "app.logout": "ログアウト",
  "app.nav": "メインメニュー",
  "app.not_found": "ページが見つかりません",
  "app.not_found_detail": "指定されたページは存在しないか、閲覧する権限がありません。",
  "app.back_home": "ホームへ戻る",
  "app.session_expired": "一定時間操作がなかったため、ログアウトしました。再度ログインしてください。",
  "app.signed_in_as": "ログイン中",

  "nav.home": "ホーム",
  "nav.org": "組織",
  "nav.people": "職員",
  "nav.roles": "役割",
  "nav.contacts": "緊急連絡網",
  "nav.policy": "情報セキュリティポリシー",
  "nav.trail": "証跡",

  "common.required": "必須",
  "common.optional": "任意",
  "common.save": "保存する",
  "common.date_placeholder": "例: 令和8年12月7日、R8.12.7、2026-12-07",
  "common.date_read_as": "{date}（{iso}）として受け付けます",
  "app.date_style_to_seireki": "西暦で表示",
  "app.date_style_to_wareki": "和暦で表示",
  "common.saving": "保存中…",
  "common.cancel": "キャンセル",
  "common.edit": "編集",
  "common.close": "閉じる",
  "common.search": "検索",
  "common.clear": "条件をクリア",
  "common.next": "次へ",
  "common.prev": "前へ",
  "common.none": "なし",
  "common.yes": "はい",
  "common.no": "いいえ",
  "common.retry": "再読み込み",
  "common.error_title": "エラーがあります",
  "common.required_missing": "{label}を入力してください。",
  "common.select_missing": "{label}を選択してください。",
  "common.active": "有効",
  "common.inactive": "無効",
  "common.page_results": "{page}ページ目（{n}件）",
  "common.no_results": "該当するものはありません。",
  "common.dismiss": "閉じる",
  "common.all": "すべて",
  "common.article": "根拠",

  "login.title": "ログイン",
  "login.message_heading": "利用にあたっての注意",
  "login.login_id": "ログインID",
  "login.password": "パスワード",
  "login.submit": "ログイン",
  "login.submitting": "確認中…",
  "login.no_autosave": "共用端末ではブラウザにパスワードを保存しないでください（第59条）。",
  "login.notice": "前回ログイン: {time}　／　前回以降のログイン失敗: {n}回",
  "login.notice_first": "なし（初めてのログイン）",
  "login.notice_failed_warn": "身に覚えのないログイン失敗がある場合は、情報政策担当へ連絡してください（第87条）。",

  "pw.title": "パスワードの変更",
  "pw.forced_intro": "仮パスワードでログインしました。利用を始める前に、自分だけが知っている新しいパスワードに変更してください（第88条）。",
  "pw.current": "現在のパスワード（仮パスワード）",
  "pw.new": "新しいパスワード",
  "pw.confirm": "新しいパスワード（確認）",
  "pw.submit": "パスワードを変更する",
  "pw.hints_title": "新しいパスワードの条件（最終的な判定はサーバーが行います）",
  "pw.hint_length": "{n}文字以上",
  "pw.hint_login_id": "ログインIDを含まない",
  "pw.hint_match": "確認欄と一致している",
  "pw.hint_common": "名前・誕生日・辞書にある単語・同じ文字の繰り返しなど推測されやすいものは使えません（第59条）。",
  "pw.mismatch": "確認欄が新しいパスワードと一致しません。",

  "mfa.enrol_title": "二要素認証の登録",
  "mfa.enrol_intro": "この職員には二要素認証が必要です（第24条、第38条）。スマートフォン等の認証アプリ（Microsoft Authenticator、Google 認証システムなど）で次の二次元コードを読み取ってください。",
  "mfa.step1": "1. 認証アプリで二次元コードを読み取る",
  "mfa.step2": "2. 認証アプリに表示された6桁の確認コードを入力する",
  "mfa.qr_alt": "認証アプリ登録用の二次元コード",
  "mfa.secret_label": "二次元コードを読み取れない場合は、次のキーを手入力してください",
  "mfa.code": "確認コード（6桁）",
  "mfa.confirm": "登録する",
  "mfa.recovery_title": "リカバリーコード",
  "mfa.recovery_intro": "二要素認証を登録しました。次のリカバリーコードは、認証アプリを使えなくなったときに一度ずつ使えます。",
  "mfa.recovery_once": "この画面は一度しか表示されません。印刷するか書き写して、鍵のかかる場所に保管してください。他人に見せたり、パソコンに保存したりしないでください。",
  "mfa.recovery_print": "印刷する",
  "mfa.recovery_done": "保管しました。利用を開始する",
  "mfa.verify_title": "二要素認証",
  "mfa.verify_intro": "認証アプリに表示されている6桁の確認コードを入力してください。",
  "mfa.verify_submit": "確認する",
  "mfa.use_recovery": "リカバリーコードを使う",
  "mfa.use_code": "認証アプリの確認コードを使う",
  "mfa.recovery_code": "リカバリーコード",
  "mfa.recovery_hint": "認証アプリを使えない場合に、保管しているリカバリーコードを1つ入力してください。使ったコードは再利用できません。",

  "home.title": "ホーム",
  "home.org": "団体",
  "home.me": "あなたの所属",
  "home.roles": "あなたの役割",
  "home.no_roles": "情報セキュリティ上の役割は割り当てられていません。",
  "home.tasks": "対応が必要なこと",
  "home.no_tasks": "現在、対応が必要なことはありません。",
  "home.policy": "適用中の情報セキュリティポリシー",
  "home.policy_version": "版",
  "home.policy_activated": "施行日",
  "home.pack": "基準パック",
  "home.pack_activated": "適用開始",
  "cite.own": "{article}（貴団体の{own}）",
  "cite.guideline": "{article}（ガイドライン {section}）",
  "home.policy_open": "ポリシーを読む",
  "home.valid": "任期",
  "home.scope": "範囲",

  "org.title": "組織",
  "org.intro": "部局・課室等の組織構成です。役割の範囲や職員の所属に使われます。",
  "org.tree": "組織の一覧",
  "org.add": "組織を追加",
  "org.add_child": "この下に組織を追加",
  "org.new_title": "組織の追加",
  "org.edit_title": "{name} の編集",
  "org.parent": "上位の組織",
  "org.code": "組織コード",
  "org.name": "名称",
  "org.kana": "よみがな",
  "org.kind": "種別",
  "org.phone": "代表電話",
  "org.sort_order": "表示順",
  "org.active": "この組織を使用する",
  "org.active_hint": "廃止した組織は削除せず、使用しないに変更します（履歴を残すため）。",
  "org.kind.organisation": "団体",
  "org.kind.department": "部局",
  "org.kind.section": "課室",
  "org.kind.team": "係",
  "org.created": "{name} を追加しました。",
  "org.updated": "{name} を更新しました。",
  "org.select_prompt": "左の一覧から組織を選ぶと詳細を表示します。",
  "org.people_link": "所属職員を見る",
  "org.no_parent": "（最上位）",

  "people.title": "職員",
  "people.search": "氏名・よみがな・職員番号",
  "people.unit_filter": "所属",
  "people.add": "職員を登録",
  "people.new_title": "職員の登録",
  "people.edit_title": "{name} の編集",
  "people.staff_no": "職員番号",
  "people.name": "氏名",
  "people.kana": "よみがな",
  "people.employment": "任用形態",
  "people.unit": "所属",
  "people.job_title": "職名",
  "people.email": "メールアドレス",
  "people.phone": "内線・電話",
  "people.mobile": "携帯電話",
  "people.mynumber_zone": "マイナンバー利用事務系で業務を行う",
  "people.mynumber_hint": "該当する職員は二要素認証が必須になります（第24条）。",
  "people.active_from": "在職開始日",
  "people.active_until": "在職終了日",
  "people.active_until_hint": "異動・退職が決まったら入力します。空欄は期限なし。",
  "people.has_account": "アカウント",
  "people.roles": "役割",
  "people.emp.regular": "正規職員",
  "people.emp.fiscal_year": "会計年度任用職員",
  "people.emp.part_time": "非常勤職員",
  "people.emp.contractor": "委託事業者要員",
  "people.created": "{name} を登録しました。",
  "people.updated": "{name} を更新しました。",
  "people.detail": "基本情報",
  "people.back": "職員一覧へ戻る",
  "people.account": "ログインアカウント",
  "people.no_account": "アカウントはまだ発行されていません。",
  "people.issue": "アカウントを発行する",
  "people.login_id": "ログインID",
  "people.login_id_hint": "admin・root など推測されやすい名前は使えません（第84条）。",
  "people.temp_password": "仮パスワード",
  "people.temp_once": "この仮パスワードは今回だけ表示されます。メール等では送らず、本人に対面で手渡してください。本人は初回ログイン時に変更します（第88条）。",
  "people.temp_hide": "手渡しました（表示を閉じる）",
  "people.reset": "仮パスワードを再発行する",
  "people.reset_confirm": "現在のパスワードは使えなくなります。仮パスワードを再発行しますか？",
  "people.reset_do": "再発行する",
  "people.unlock": "ロックを解除する",
  "people.unlocked": "ロックを解除しました。",
  "people.disable": "アカウントを無効にする",
  "people.disable_confirm": "このアカウントではログインできなくなり、ログイン中のセッションも終わります。退職・異動のときに使います。無効にしますか？",
  "people.disable_do": "無効にする",
  "people.disabled_done": "アカウントを無効にしました。",
  "people.locked_until": "ロック中（{time} まで）",
  "people.last_login": "最終ログイン",
  "people.mfa": "二要素認証",
  "people.mfa_on": "登録済み",
  "people.mfa_off": "未登録",
  "people.disabled": "利用停止",
  "people.status": "状態",
  "people.role_assign_link": "役割を割り当てる",
  "people.count_more": "さらにあります",

  "roles.title": "役割",
  "roles.intro": "情報セキュリティポリシーが定める役割と、現在の担当者です。特権的な役割は必要最小限の職員に割り当てます（第84条）。",
  "roles.assign_title": "役割の割り当て",
  "roles.person_search": "職員の検索（氏名・よみがな・職員番号）",
  "roles.person": "職員",
  "roles.role": "役割",
  "roles.scope_kind": "範囲",
  "roles.scope.organisation": "団体全体",
  "roles.scope.unit": "組織（部局・課室）",
  "roles.scope.system": "情報システム",
  "roles.scope.service": "クラウドサービス (クラウドサービス台帳で指名)",
  "roles.scope_unit": "対象の組織",
  "roles.scope_system": "対象の情報システム",
  "roles.valid_from": "開始日",
  "roles.valid_until": "終了日",
  "roles.valid_until_hint": "空欄は期限なし。",
  "roles.note": "備考",
  "roles.submit": "割り当てる",
  "roles.assigned": "{person} に {role} を割り当てました。",
  "roles.holders": "担当者",
  "roles.no_holders": "担当者はいません。",
  "roles.unique": "1名のみ",
  "roles.privileged": "特権（二要素認証必須）",
  "roles.end": "任期を終了",
  "roles.end_date": "終了日",
  "roles.end_do": "終了する",
  "roles.ended": "{person} の {role} の任期を終了しました。",
  "roles.capabilities": "できること",
  "roles.choose_person": "職員を選んでください",
  "roles.choose_role": "役割を選んでください",
  "roles.choose_unit": "組織を選んでください",
  "roles.assign_this": "この役割を割り当てる",
  "roles.open_form": "役割を割り当てる",

  "contacts.title": "緊急連絡網",
  "contacts.intro": "情報セキュリティインシデント等の緊急時には、上から順に連絡してください（第13条）。",
  "contacts.order": "順",
  "contacts.role": "役割",
  "contacts.name": "氏名",
  "contacts.unit": "所属・職名",
  "contacts.phone": "電話",
  "contacts.mobile": "携帯",
  "contacts.email": "メール",
  "contacts.print": "印刷する",
  "contacts.empty": "緊急連絡網に載る役割の担当者がまだ割り当てられていません。",

  "policy.title": "情報セキュリティポリシー",
  "policy.search": "ポリシー内を検索",
  "policy.search_hint": "分類・取扱制限・役割・条文の中から探します。",
  "policy.scales": "情報資産の分類",
  "policy.restrictions": "取扱制限",
  "policy.roles": "役割",
  "policy.articles": "条文",
  "policy.level": "区分",
  "policy.criteria": "分類基準",
  "policy.applies_to": "対象となる区分",
  "policy.scale": "分類",
  "policy.source": "出典",
  "policy.matches": "「{q}」に一致: {n}件",
  "policy.scope": "範囲",

  "trail.title": "証跡",
  "trail.intro": "すべての変更は、誰が・いつ・何を・変更前と変更後とともに記録され、改ざんを検知できます（第63条、第65条）。",
  "trail.filters": "絞り込み",
  "trail.action": "操作",
  "trail.actor": "操作者",
  "trail.object_type": "対象の種類",
  "trail.object_id": "対象のID",
  "trail.from": "期間（から）",
  "trail.to": "期間（まで）",
  "trail.seq": "番号",
  "trail.at": "日時",
  "trail.object": "対象",
  "trail.any": "（すべて）",
  "trail.actor_hint": "ログインIDで絞り込みます",
  "trail.details": "変更内容",
  "trail.show": "変更内容を表示",
  "trail.hide": "変更内容を隠す",
  "trail.field": "項目",
  "trail.before": "変更前",
  "trail.after": "変更後",
  "trail.verified": "証跡の検証: 改ざんは検知されていません",
  "trail.not_verified": "証跡の検証: 不整合を検知しました",
  "trail.first_bad": "最初の不整合: 番号 {seq}",
  "trail.size": "記録件数 {n}件",
  "trail.checkpoint": "最新の署名付きチェックポイント: {n}件時点（{time}）",
  "trail.no_checkpoint": "署名付きチェックポイントはまだありません",
  "trail.checked_at": "検証日時 {time}",
  "trail.changed": "変更あり",
  "trail.empty_value": "（なし）",
  "trail.witnesses": "立会人（他の団体・県・監査委員による連署）",
  "trail.witnesses_none": "立会人は設定されていません。立会人がいないと、サーバーのファイルと署名鍵を持つ者による巻き戻し・署名し直しは検出できません（lgsec serve --witness で設定します）。",
  "trail.witness_name": "立会人",
  "trail.witness_state": "状態",
  "trail.witness_cosigned": "最後に連署したチェックポイント",
  "trail.witness_age": "経過",
  "trail.witness_failure": "失敗",
  "trail.witness_cosigned_at": "{n}件時点（{time}）",
  "trail.witness_never": "まだ連署されていません",
  "trail.witness_ok": "最新まで連署済み",
  "trail.witness_waiting": "連署待ち（{n}件）",
  "trail.witness_stale": "遅れています（未連署 {n}件）",
  "trail.witness_failing": "失敗しています",
  "trail.witness_failing_since": "{time} から: {message}",
  "trail.age_s": "{n}秒前",
  "trail.age_m": "{n}分前",
  "trail.age_h": "{n}時間前",
  "trail.age_d": "{n}日前",
} as const;

const ja = { ...baseJa, ...registersJa, ...requestsJa, ...recordsJa, ...policyDocsJa, ...incidentsJa, ...evaluationJa, ...trainingJa, ...accessJa, ...committeeJa, ...rosterJa, ...irplanJa, ...vendorsJa, ...cloudJa, ...netcheckJa, ...gateJa };
export type Key = keyof typeof ja;

const baseEn: Record<keyof typeof baseJa, string> = {
  "app.name": "lgsec Information Security Management",
  "app.skip": "Skip to main content",
  "app.loading": "Loading…",
  "app.lang_switch": "日本語",
  "app.lang_switch_label": "日本語に切り替える",
  "app.logout": "Sign out",
  "app.nav": "Main menu",
  "app.not_found": "Page not found",
  "app.not_found_detail": "The page does not exist or you are not allowed to see it.",
  "app.back_home": "Back to home",
  "app.session_expired": "You were signed out after a period of inactivity. Please sign in again.",
  "app.signed_in_as": "Signed in",

  "nav.home": "Home",
  "nav.org": "Organisation",
  "nav.people": "Staff",
  "nav.roles": "Roles",
  "nav.contacts": "Emergency contacts",
  "nav.policy": "Security policy",
  "nav.trail": "Audit trail",

  "common.required": "Required",
  "common.optional": "Optional",
  "common.save": "Save",
  "common.date_placeholder": "e.g. 2026-12-07 or R8.12.7",
  "common.date_read_as": "read as {date} ({iso})",
  "app.date_style_to_seireki": "Western years",
  "app.date_style_to_wareki": "Japanese eras",
  "common.saving": "Saving…",
  "common.cancel": "Cancel",
  "common.edit": "Edit",
  "common.close": "Close",
  "common.search": "Search",
  "common.clear": "Clear filters",
  "common.next": "Next",
  "common.prev": "Previous",
  "common.none": "None",
  "common.yes": "Yes",
  "common.no": "No",
  "common.retry": "Reload",
  "common.error_title": "There is a problem",
  "common.required_missing": "Enter {label}.",
  "common.select_missing": "Select {label}.",
  "common.active": "Active",
  "common.inactive": "Inactive",
  "common.page_results": "Page {page} ({n} rows)",
  "common.no_results": "Nothing matches.",
  "common.dismiss": "Dismiss",
  "common.all": "All",
  "common.article": "Basis",

  "login.title": "Sign in",
  "login.message_heading": "Notice to users",
  "login.login_id": "Login ID",
  "login.password": "Password",
  "login.submit": "Sign in",
  "login.submitting": "Checking…",
  "login.no_autosave": "Do not let the browser save your password on shared PCs (Art. 59).",
  "login.notice": "Previous sign-in: {time} · Failed attempts since: {n}",
  "login.notice_first": "none (first sign-in)",
  "login.notice_failed_warn": "If you do not recognise these failed attempts, contact the information policy team (Art. 87).",

  "pw.title": "Change password",
  "pw.forced_intro": "You signed in with a temporary password. Before you start, change it to a new password only you know (Art. 88).",
  "pw.current": "Current (temporary) password",
  "pw.new": "New password",
  "pw.confirm": "New password (again)",
  "pw.submit": "Change password",
  "pw.hints_title": "Requirements for the new password (the server makes the final check)",
  "pw.hint_length": "At least {n} characters",
  "pw.hint_login_id": "Does not contain your login ID",
  "pw.hint_match": "Matches the confirmation",
  "pw.hint_common": "Names, birthdays, dictionary words and repeated characters are refused (Art. 59).",
  "pw.mismatch": "The confirmation does not match the new password.",

  "mfa.enrol_title": "Set up two-factor authentication",
  "mfa.enrol_intro": "Two-factor authentication is required for you (Art. 24, Art. 38). Scan this code with an authenticator app (Microsoft Authenticator, Google Authenticator, …).",
  "mfa.step1": "1. Scan the code with your authenticator app",
  "mfa.step2": "2. Enter the 6-digit code the app shows",
  "mfa.qr_alt": "QR code for the authenticator app",
  "mfa.secret_label": "If you cannot scan the code, type this key into the app",
  "mfa.code": "Verification code (6 digits)",
  "mfa.confirm": "Set up",
  "mfa.recovery_title": "Recovery codes",
  "mfa.recovery_intro": "Two-factor authentication is set up. Each recovery code below can be used once if you lose your authenticator app.",
  "mfa.recovery_once": "This page is shown only once. Print or copy the codes and keep them in a locked place. Do not show them to anyone or save them on a PC.",
  "mfa.recovery_print": "Print",
  "mfa.recovery_done": "I have stored them. Continue",
  "mfa.verify_title": "Two-factor authentication",
  "mfa.verify_intro": "Enter the 6-digit code shown in your authenticator app.",
  "mfa.verify_submit": "Verify",
  "mfa.use_recovery": "Use a recovery code",
  "mfa.use_code": "Use the authenticator code",
  "mfa.recovery_code": "Recovery code",
  "mfa.recovery_hint": "If you cannot use the app, enter one of your stored recovery codes. Each code works once.",

  "home.title": "Home",
  "home.org": "Organisation",
  "home.me": "You",
  "home.roles": "Your roles",
  "home.no_roles": "You hold no information security role.",
  "home.tasks": "To do",
  "home.no_tasks": "Nothing needs your attention now.",
  "home.policy": "Policy in force",
  "home.policy_version": "Version",
  "home.policy_activated": "In force since",
  "home.pack": "Policy pack",
  "home.pack_activated": "Applied since",
  "cite.own": "{article} (your {own})",
  "cite.guideline": "{article} (guideline {section})",
  "home.policy_open": "Read the policy",
  "home.valid": "Term",
  "home.scope": "Scope",

  "org.title": "Organisation",
  "org.intro": "Departments and sections. Used for role scopes and staff membership.",
  "org.tree": "Units",
  "org.add": "Add unit",
  "org.add_child": "Add a unit below this one",
  "org.new_title": "New unit",
  "org.edit_title": "Edit {name}",
  "org.parent": "Parent unit",
  "org.code": "Unit code",
  "org.name": "Name",
  "org.kana": "Reading (kana)",
  "org.kind": "Kind",
  "org.phone": "Main phone",
  "org.sort_order": "Sort order",
  "org.active": "This unit is in use",
  "org.active_hint": "Abolished units are not deleted but marked not in use, to keep history.",
  "org.kind.organisation": "Organisation",
  "org.kind.department": "Department",
  "org.kind.section": "Section",
  "org.kind.team": "Team",
  "org.created": "Added {name}.",
  "org.updated": "Updated {name}.",
  "org.select_prompt": "Choose a unit on the left to see its details.",
  "org.people_link": "See its staff",
  "org.no_parent": "(top level)",

  "people.title": "Staff",
  "people.search": "Name, kana or staff number",
  "people.unit_filter": "Unit",
  "people.add": "Add staff member",
  "people.new_title": "New staff member",
  "people.edit_title": "Edit {name}",
  "people.staff_no": "Staff number",
  "people.name": "Name",
  "people.kana": "Reading (kana)",
  "people.employment": "Employment",
  "people.unit": "Unit",
  "people.job_title": "Job title",
  "people.email": "Email",
  "people.phone": "Phone / extension",
  "people.mobile": "Mobile",
  "people.mynumber_zone": "Works in the My Number zone",
  "people.mynumber_hint": "Two-factor authentication becomes mandatory for them (Art. 24).",
  "people.active_from": "Employed from",
  "people.active_until": "Employed until",
  "people.active_until_hint": "Fill in when a transfer or retirement is decided. Empty means no end.",
  "people.has_account": "Account",
  "people.roles": "Roles",
  "people.emp.regular": "Regular staff",
  "people.emp.fiscal_year": "Fiscal-year appointee",
  "people.emp.part_time": "Part-time staff",
  "people.emp.contractor": "Contractor staff",
  "people.created": "Added {name}.",
  "people.updated": "Updated {name}.",
  "people.detail": "Details",
  "people.back": "Back to staff list",
  "people.account": "Sign-in account",
  "people.no_account": "No account has been issued yet.",
  "people.issue": "Issue account",
  "people.login_id": "Login ID",
  "people.login_id_hint": "Guessable names such as admin or root are refused (Art. 84).",
  "people.temp_password": "Temporary password",
  "people.temp_once": "This temporary password is shown only now. Hand it over in person, never by email. They change it at first sign-in (Art. 88).",
  "people.temp_hide": "Handed over (hide)",
  "people.reset": "Issue a new temporary password",
  "people.reset_confirm": "The current password will stop working. Issue a new temporary password?",
  "people.reset_do": "Issue",
  "people.unlock": "Unlock",
  "people.unlocked": "The account is unlocked.",
  "people.disable": "Disable the account",
  "people.disable_confirm": "Nobody can sign in with this account any more and its sessions end. Used when a person leaves or moves. Disable it?",
  "people.disable_do": "Disable",
  "people.disabled_done": "The account is disabled.",
  "people.locked_until": "Locked (until {time})",
  "people.last_login": "Last sign-in",
  "people.mfa": "Two-factor",
  "people.mfa_on": "Set up",
  "people.mfa_off": "Not set up",
  "people.disabled": "Disabled",
  "people.status": "Status",
  "people.role_assign_link": "Assign a role",
  "people.count_more": "more",

  "roles.title": "Roles",
  "roles.intro": "The roles defined by the security policy and who holds them. Give privileged roles to as few people as possible (Art. 84).",
  "roles.assign_title": "Assign a role",
  "roles.person_search": "Find staff (name, kana, staff number)",
  "roles.person": "Staff member",
  "roles.role": "Role",
  "roles.scope_kind": "Scope",
  "roles.scope.organisation": "Whole organisation",
  "roles.scope.unit": "Unit (department / section)",
  "roles.scope.system": "Information system",
  "roles.scope.service": "Cloud service (appointed in the cloud service register)",
  "roles.scope_unit": "Unit",
  "roles.scope_system": "Information system",
  "roles.valid_from": "From",
  "roles.valid_until": "Until",
  "roles.valid_until_hint": "Empty means no end.",
  "roles.note": "Note",
  "roles.submit": "Assign",
  "roles.assigned": "Assigned {role} to {person}.",
  "roles.holders": "Holders",
  "roles.no_holders": "Nobody holds this role.",
  "roles.unique": "One holder only",
  "roles.privileged": "Privileged (two-factor required)",
  "roles.end": "End term",
  "roles.end_date": "End date",
  "roles.end_do": "End",
  "roles.ended": "Ended {person}'s term as {role}.",
  "roles.capabilities": "Can do",
  "roles.choose_person": "Choose a staff member",
  "roles.choose_role": "Choose a role",
  "roles.choose_unit": "Choose a unit",
  "roles.assign_this": "Assign this role",
  "roles.open_form": "Assign a role",

  "contacts.title": "Emergency contacts",
  "contacts.intro": "In an incident or emergency, contact these people in order (Art. 13).",
  "contacts.order": "No.",
  "contacts.role": "Role",
  "contacts.name": "Name",
  "contacts.unit": "Unit / title",
  "contacts.phone": "Phone",
  "contacts.mobile": "Mobile",
  "contacts.email": "Email",
  "contacts.print": "Print",
  "contacts.empty": "No holders of the roles on the contact list have been assigned yet.",

  "policy.title": "Information security policy",
  "policy.search": "Search the policy",
  "policy.search_hint": "Searches classifications, handling restrictions, roles and articles.",
  "policy.scales": "Classification",
  "policy.restrictions": "Handling restrictions",
  "policy.roles": "Roles",
  "policy.articles": "Articles",
  "policy.level": "Level",
  "policy.criteria": "Criteria",
  "policy.applies_to": "Applies to",
  "policy.scale": "Scale",
  "policy.source": "Source",
  "policy.matches": "{n} matches for “{q}”",
  "policy.scope": "Scope",

  "trail.title": "Audit trail",
  "trail.intro": "Every change is recorded with who, when, what, before and after, and tampering is detected (Art. 63, Art. 65).",
  "trail.filters": "Filters",
  "trail.action": "Action",
  "trail.actor": "Actor",
  "trail.object_type": "Object type",
  "trail.object_id": "Object ID",
  "trail.from": "From",
  "trail.to": "To",
  "trail.seq": "No.",
  "trail.at": "Time",
  "trail.object": "Object",
  "trail.any": "(any)",
  "trail.actor_hint": "Filter by login ID",
  "trail.details": "Change",
  "trail.show": "Show change",
  "trail.hide": "Hide change",
  "trail.field": "Field",
  "trail.before": "Before",
  "trail.after": "After",
  "trail.verified": "Trail verification: no tampering detected",
  "trail.not_verified": "Trail verification: inconsistency detected",
  "trail.first_bad": "First inconsistent entry: No. {seq}",
  "trail.size": "{n} entries",
  "trail.checkpoint": "Latest signed checkpoint: at {n} entries ({time})",
  "trail.no_checkpoint": "No signed checkpoint yet",
  "trail.checked_at": "Checked at {time}",
  "trail.changed": "changed",
  "trail.empty_value": "(none)",
  "trail.witnesses": "Witnesses (cosigning by other municipalities, the prefecture, the audit committee)",
  "trail.witnesses_none": "No witness is configured. Without one, rollback and re-signing by whoever holds the server's file and signing key cannot be detected (configure with lgsec serve --witness).",
  "trail.witness_name": "Witness",
  "trail.witness_state": "State",
  "trail.witness_cosigned": "Last cosigned checkpoint",
  "trail.witness_age": "Age",
  "trail.witness_failure": "Failure",
  "trail.witness_cosigned_at": "tree size {n} ({time})",
  "trail.witness_never": "not cosigned yet",
  "trail.witness_ok": "cosigned up to the newest",
  "trail.witness_waiting": "waiting ({n} entries)",
  "trail.witness_stale": "behind ({n} entries not cosigned)",
  "trail.witness_failing": "failing",
  "trail.witness_failing_since": "since {time}: {message}",
  "trail.age_s": "{n} s ago",
  "trail.age_m": "{n} min ago",
  "trail.age_h": "{n} h ago",
  "trail.age_d": "{n} days ago",
};
const en: Record<Key, string> = { ...baseEn, ...registersEn, ...requestsEn, ...recordsEn, ...policyDocsEn, ...incidentsEn, ...evaluationEn, ...trainingEn, ...accessEn, ...committeeEn, ...rosterEn, ...irplanEn, ...vendorsEn, ...cloudEn, ...netcheckEn, ...gateEn };


/** The server's text in the current language: English when present and chosen, else Japanese. */
export function pick(ja: string, en?: string | null): string {
  return lang() === "en" && en ? en : ja;
}

/** The generic text for an error code (the error catalog's, or the UI's own for client-side codes),
 * used when a problem+json body lacks a detail in the current language. */
export function errorText(code: string): string | undefined {
  return errorTexts(code)?.[current === "en" ? 1 : 0];
}

let citeTemplate: ((text: string) => string) | null = null;
/** Set by the citations provider (components/Citations.tsx): the pack's citations in the UI's own
 *  texts (「年度の見直し（第165条）」) are shown with the municipality's own article. Only the
 *  templates are rewritten, never the values put into them (names, the municipality's own text). */
export function setTemplateCitations(fn: ((text: string) => string) | null): void {
  citeTemplate = fn;
}

export function t(key: Key, vars?: Record<string, string | number>): string {
  let s: string = (current === "en" ? en : ja)[key] ?? key;
  if (citeTemplate && s.includes("条")) s = citeTemplate(s);
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}
