// Generated from the entity declarations (src/entities/*_entity.c) by `ninja -C build entities-gen`.
// Do not edit: tests/unit/test_entities.c fails when this file differs from the declarations.

export type AssetKind = "equipment" | "medium" | "information" | "document";
export type AssetFormat = "paper" | "electronic" | "both";

/** 情報資産 (第23条): what a create sends; an update sends any part of it. */
export interface AssetInput {
  /** 管理番号, at most 64 characters (第23条1) */
  asset_no?: string;
  /** 名称, at most 200 characters (第23条1) */
  name: string;
  /** 種別 (第23条1) */
  kind: AssetKind;
  /** 説明, at most 2000 characters */
  description?: string;
  /** 所管課室 (第23条1) */
  unit_id: number | string;
  /** 保管者, at most 200 characters (第23条8(1)) */
  holder?: string;
  /** 保管場所, at most 400 characters (第23条8(1)) */
  storage_place?: string;
  /** 媒体, at most 200 characters (第23条7(3)) */
  medium?: string;
  /** 形態 */
  format?: AssetFormat;
  /** 数量, at most 200 characters */
  volume?: string;
  /** 情報システム (第23条2) */
  system_id?: number | string | null;
  /** 保存期間, at most 100 characters (第23条12) */
  retention?: string;
  /** 個人情報 (第22条) */
  personal_info?: boolean;
  /** 特定個人情報 (第22条) */
  specific_personal_info?: boolean;
  /** 備考, at most 2000 characters */
  notes?: string;
  /** 機密性, a value of the pack's "confidentiality" (第22条) */
  confidentiality?: string | null;
  /** 完全性, a value of the pack's "integrity" (第22条) */
  integrity?: string | null;
  /** 可用性, a value of the pack's "availability" (第22条) */
  availability?: string | null;
  /** 分類理由, at most 2000 characters (第23条5(2)) */
  classification_reason?: string;
}

/** The fields of AssetInput with their labels and limits (forms use them for maxLength and messages). */
export const assetFields = {
  asset_no: { label: "管理番号", label_en: "Asset no.", required: false, max_chars: 64, article: "第23条1" },
  name: { label: "名称", label_en: "Name", required: true, max_chars: 200, article: "第23条1" },
  kind: { label: "種別", label_en: "Kind", required: true, article: "第23条1" },
  description: { label: "説明", label_en: "Description", required: false, max_chars: 2000 },
  unit_id: { label: "所管課室", label_en: "Section", required: true, article: "第23条1" },
  holder: { label: "保管者", label_en: "Holder", required: false, max_chars: 200, article: "第23条8(1)" },
  storage_place: { label: "保管場所", label_en: "Storage place", required: false, max_chars: 400, article: "第23条8(1)" },
  medium: { label: "媒体", label_en: "Medium", required: false, max_chars: 200, article: "第23条7(3)" },
  format: { label: "形態", label_en: "Format", required: false },
  volume: { label: "数量", label_en: "Volume", required: false, max_chars: 200 },
  system_id: { label: "情報システム", label_en: "Information system", required: false, article: "第23条2" },
  retention: { label: "保存期間", label_en: "Retention", required: false, max_chars: 100, article: "第23条12" },
  personal_info: { label: "個人情報", label_en: "Personal information", required: false, article: "第22条" },
  specific_personal_info: { label: "特定個人情報", label_en: "Specific personal information (My Number)", required: false, article: "第22条" },
  notes: { label: "備考", label_en: "Notes", required: false, max_chars: 2000 },
  confidentiality: { label: "機密性", label_en: "Confidentiality", required: false, article: "第22条" },
  integrity: { label: "完全性", label_en: "Integrity", required: false, article: "第22条" },
  availability: { label: "可用性", label_en: "Availability", required: false, article: "第22条" },
  classification_reason: { label: "分類理由", label_en: "Classification reason", required: false, max_chars: 2000, article: "第23条5(2)" },
} as const;

export type SystemZone = "mynumber" | "lgwan" | "internet";
export type SystemLocation = "onprem" | "datacenter" | "cloud";

/** 情報システム (第23条2): what a create sends; an update sends any part of it. */
export interface SystemInput {
  /** 管理番号, at most 32 characters (第23条2) */
  code: string;
  /** システム名, at most 200 characters (第23条2) */
  name: string;
  /** 目的, at most 2000 characters */
  purpose?: string;
  /** 区分 (第24条) */
  zone: SystemZone;
  /** 所管課室 (第23条2) */
  owner_unit_id: number | string;
  /** 運用事業者, at most 200 characters */
  vendor?: string;
  /** 設置場所 */
  location: SystemLocation;
  /** リージョン, at most 200 characters */
  region?: string;
  /** 冗長化 (第28条) */
  redundancy?: boolean | null;
  /** 切替手順 (第28条) */
  failover_procedure?: boolean | null;
  /** 定期保守 (第31条) */
  maintenance?: boolean | null;
  /** バックアップ (第61条) */
  backup?: boolean | null;
  /** 構成情報 (第99条) */
  doc_configuration?: boolean | null;
  /** 水準維持手順 (第99条) */
  doc_standards?: boolean | null;
  /** インシデント対処手順 (第99条) */
  doc_incident?: boolean | null;
  /** 復旧手順 (第99条) */
  doc_recovery?: boolean | null;
  /** 多要素認証 (第24条) */
  mfa?: boolean | null;
  /** USB書込み制御 (第24条) */
  usb_write_block?: boolean | null;
  /** 製品登録, a value of the pack's "registrations" */
  product_registration?: string;
  /** 備考, at most 2000 characters */
  notes?: string;
  /** 使用中 */
  active?: boolean;
}

/** The fields of SystemInput with their labels and limits (forms use them for maxLength and messages). */
export const systemFields = {
  code: { label: "管理番号", label_en: "System no.", required: true, max_chars: 32, article: "第23条2" },
  name: { label: "システム名", label_en: "Name", required: true, max_chars: 200, article: "第23条2" },
  purpose: { label: "目的", label_en: "Purpose", required: false, max_chars: 2000 },
  zone: { label: "区分", label_en: "Zone", required: true, article: "第24条" },
  owner_unit_id: { label: "所管課室", label_en: "Section", required: true, article: "第23条2" },
  vendor: { label: "運用事業者", label_en: "Vendor", required: false, max_chars: 200 },
  location: { label: "設置場所", label_en: "Location", required: true },
  region: { label: "リージョン", label_en: "Region", required: false, max_chars: 200 },
  redundancy: { label: "冗長化", label_en: "Redundancy", required: false, article: "第28条" },
  failover_procedure: { label: "切替手順", label_en: "Failover procedure", required: false, article: "第28条" },
  maintenance: { label: "定期保守", label_en: "Periodic maintenance", required: false, article: "第31条" },
  backup: { label: "バックアップ", label_en: "Backup", required: false, article: "第61条" },
  doc_configuration: { label: "構成情報", label_en: "Configuration documents", required: false, article: "第99条" },
  doc_standards: { label: "水準維持手順", label_en: "Standards maintenance procedure", required: false, article: "第99条" },
  doc_incident: { label: "インシデント対処手順", label_en: "Incident procedure", required: false, article: "第99条" },
  doc_recovery: { label: "復旧手順", label_en: "Recovery procedure", required: false, article: "第99条" },
  mfa: { label: "多要素認証", label_en: "Multi-factor authentication", required: false, article: "第24条" },
  usb_write_block: { label: "USB書込み制御", label_en: "USB write blocking", required: false, article: "第24条" },
  product_registration: { label: "製品登録", label_en: "Product registration", required: false },
  notes: { label: "備考", label_en: "Notes", required: false, max_chars: 2000 },
  active: { label: "使用中", label_en: "In use", required: false },
} as const;

export type ComponentKind = "server" | "terminal" | "network" | "media" | "cloud" | "software";

/** 構成要素 (第105条): what a create sends; an update sends any part of it. */
export interface ComponentInput {
  /** 種別 (第105条) */
  kind: ComponentKind;
  /** 構成要素名, at most 200 characters (第105条) */
  name: string;
  /** 製品名, at most 200 characters */
  product?: string;
  /** バージョン, at most 100 characters (第105条) */
  version?: string;
  /** 開発元・販売元, at most 200 characters */
  vendor?: string;
  /** サポート終了日 (第105条) */
  support_end?: string | null;
  /** 数量 */
  quantity?: number;
  /** 製品登録, a value of the pack's "registrations" */
  registration?: string;
  /** 備考, at most 2000 characters */
  notes?: string;
}

/** The fields of ComponentInput with their labels and limits (forms use them for maxLength and messages). */
export const componentFields = {
  kind: { label: "種別", label_en: "Kind", required: true, article: "第105条" },
  name: { label: "構成要素名", label_en: "Name", required: true, max_chars: 200, article: "第105条" },
  product: { label: "製品名", label_en: "Product", required: false, max_chars: 200 },
  version: { label: "バージョン", label_en: "Version", required: false, max_chars: 100, article: "第105条" },
  vendor: { label: "開発元・販売元", label_en: "Vendor", required: false, max_chars: 200 },
  support_end: { label: "サポート終了日", label_en: "End of support", required: false, article: "第105条" },
  quantity: { label: "数量", label_en: "Quantity", required: false, min: 0, max: 1000000 },
  registration: { label: "製品登録", label_en: "Product registration", required: false },
  notes: { label: "備考", label_en: "Notes", required: false, max_chars: 2000 },
} as const;

export type PersonEmployment = "regular" | "fiscal_year" | "part_time" | "contractor";

/** 職員等: what a create sends; an update sends any part of it. */
export interface PersonInput {
  /** 職員番号, at most 20 characters */
  staff_no: string;
  /** 氏名, at most 100 characters */
  name: string;
  /** ふりがな, at most 200 characters */
  kana: string;
  /** 任用形態 */
  employment: PersonEmployment;
  /** 所属 */
  unit_id: number | string;
  /** 職名, at most 100 characters */
  title?: string;
  /** メールアドレス, at most 200 characters */
  email?: string;
  /** 電話番号, at most 40 characters */
  phone?: string;
  /** 携帯電話, at most 40 characters */
  mobile?: string;
  /** マイナンバー利用事務系 (第24条) */
  mynumber_zone?: boolean;
  /** 在籍開始日 */
  active_from: string;
  /** 在籍終了日 */
  active_until?: string | null;
}

/** The fields of PersonInput with their labels and limits (forms use them for maxLength and messages). */
export const personFields = {
  staff_no: { label: "職員番号", label_en: "Staff no.", required: true, max_chars: 20 },
  name: { label: "氏名", label_en: "Name", required: true, max_chars: 100 },
  kana: { label: "ふりがな", label_en: "Kana", required: true, max_chars: 200 },
  employment: { label: "任用形態", label_en: "Employment", required: true },
  unit_id: { label: "所属", label_en: "Unit", required: true },
  title: { label: "職名", label_en: "Title", required: false, max_chars: 100 },
  email: { label: "メールアドレス", label_en: "E-mail", required: false, max_chars: 200 },
  phone: { label: "電話番号", label_en: "Phone", required: false, max_chars: 40 },
  mobile: { label: "携帯電話", label_en: "Mobile", required: false, max_chars: 40 },
  mynumber_zone: { label: "マイナンバー利用事務系", label_en: "Works in the My Number zone", required: false, article: "第24条" },
  active_from: { label: "在籍開始日", label_en: "Active from", required: true },
  active_until: { label: "在籍終了日", label_en: "Active until", required: false },
} as const;

export type UnitKind = "organisation" | "department" | "section" | "team";

/** 組織: what a create sends; an update sends any part of it. */
export interface UnitInput {
  /** 上位組織 */
  parent_id?: number | string | null;
  /** 組織コード, at most 32 characters */
  code: string;
  /** 組織名, at most 100 characters */
  name: string;
  /** ふりがな, at most 200 characters */
  kana?: string;
  /** 種別 (第23条1) */
  kind: UnitKind;
  /** 電話番号, at most 40 characters */
  phone?: string;
  /** 表示順 */
  sort_order?: number;
  /** 有効 */
  active?: boolean;
}

/** The fields of UnitInput with their labels and limits (forms use them for maxLength and messages). */
export const unitFields = {
  parent_id: { label: "上位組織", label_en: "Parent unit", required: false },
  code: { label: "組織コード", label_en: "Unit code", required: true, max_chars: 32 },
  name: { label: "組織名", label_en: "Name", required: true, max_chars: 100 },
  kana: { label: "ふりがな", label_en: "Kana", required: false, max_chars: 200 },
  kind: { label: "種別", label_en: "Kind", required: true, article: "第23条1" },
  phone: { label: "電話番号", label_en: "Phone", required: false, max_chars: 40 },
  sort_order: { label: "表示順", label_en: "Sort order", required: false, min: -999999, max: 999999 },
  active: { label: "有効", label_en: "Active", required: false },
} as const;

export type CourseMethod = "classroom" | "elearning" | "other";

/** 研修 (第51条): what a create sends; an update sends any part of it. */
export interface CourseInput {
  /** 年度 (第51条2) */
  fiscal_year: number;
  /** 研修名, at most 200 characters */
  title: string;
  /** 対象者, a value of the pack's "training_audiences" (第51条4) */
  audience: string;
  /** 実施方法 */
  method?: CourseMethod;
  /** 内容, at most 2000 characters */
  description?: string;
  /** 受講期限 */
  due_on?: string | null;
}

/** The fields of CourseInput with their labels and limits (forms use them for maxLength and messages). */
export const courseFields = {
  fiscal_year: { label: "年度", label_en: "Fiscal year", required: true, min: 2000, max: 2999, article: "第51条2" },
  title: { label: "研修名", label_en: "Title", required: true, max_chars: 200 },
  audience: { label: "対象者", label_en: "Audience", required: true, article: "第51条4" },
  method: { label: "実施方法", label_en: "Method", required: false },
  description: { label: "内容", label_en: "Description", required: false, max_chars: 2000 },
  due_on: { label: "受講期限", label_en: "Due on", required: false },
} as const;


/** 研修の実施回 (第51条): what a create sends; an update sends any part of it. */
export interface CourseSessionInput {
  /** 実施日 */
  held_on: string;
  /** 会場, at most 200 characters */
  place?: string;
  /** 講師, at most 100 characters */
  instructor?: string;
}

/** The fields of CourseSessionInput with their labels and limits (forms use them for maxLength and messages). */
export const courseSessionFields = {
  held_on: { label: "実施日", label_en: "Held on", required: true },
  place: { label: "会場", label_en: "Place", required: false, max_chars: 200 },
  instructor: { label: "講師", label_en: "Instructor", required: false, max_chars: 100 },
} as const;


/** 受講記録 (第53条): what a create sends; an update sends any part of it. */
export interface AttendanceInput {
  /** 受講者 (第53条) */
  person_id: number | string;
  /** 研修回 */
  session_id?: number | string | null;
  /** 受講日 */
  attended_on: string;
  /** 備考, at most 200 characters */
  note?: string;
}

/** The fields of AttendanceInput with their labels and limits (forms use them for maxLength and messages). */
export const attendanceFields = {
  person_id: { label: "受講者", label_en: "Attendee", required: true, article: "第53条" },
  session_id: { label: "研修回", label_en: "Session", required: false },
  attended_on: { label: "受講日", label_en: "Attended on", required: true },
  note: { label: "備考", label_en: "Note", required: false, max_chars: 200 },
} as const;


/** 緊急時対応訓練 (第52条): what a create sends; an update sends any part of it. */
export interface DrillInput {
  /** 年度 */
  fiscal_year: number;
  /** 訓練名, at most 200 characters */
  title: string;
  /** 実施日 */
  held_on: string;
  /** 想定 (シナリオ), at most 2000 characters (第52条) */
  scenario: string;
  /** 実施体制・範囲, at most 2000 characters (第52条2) */
  scope?: string;
}

/** The fields of DrillInput with their labels and limits (forms use them for maxLength and messages). */
export const drillFields = {
  fiscal_year: { label: "年度", label_en: "Fiscal year", required: true, min: 2000, max: 2999 },
  title: { label: "訓練名", label_en: "Title", required: true, max_chars: 200 },
  held_on: { label: "実施日", label_en: "Held on", required: true },
  scenario: { label: "想定 (シナリオ)", label_en: "Scenario", required: true, max_chars: 2000, article: "第52条" },
  scope: { label: "実施体制・範囲", label_en: "Organisation and scope", required: false, max_chars: 2000, article: "第52条2" },
} as const;


/** 訓練の課題 (第52条): what a create sends; an update sends any part of it. */
export interface DrillFindingInput {
  /** 課題・改善事項, at most 2000 characters */
  finding: string;
  /** 担当者 */
  owner_person_id: number | string;
  /** 期限 */
  due_on: string;
}

/** The fields of DrillFindingInput with their labels and limits (forms use them for maxLength and messages). */
export const drillFindingFields = {
  finding: { label: "課題・改善事項", label_en: "Finding", required: true, max_chars: 2000 },
  owner_person_id: { label: "担当者", label_en: "Owner", required: true },
  due_on: { label: "期限", label_en: "Due on", required: true },
} as const;


/** 自己点検 (第162条): what a create sends; an update sends any part of it. */
export interface SelfcheckInput {
  /** 年度 (第162条) */
  fiscal_year: number;
  /** 名称, at most 200 characters */
  title: string;
}

/** The fields of SelfcheckInput with their labels and limits (forms use them for maxLength and messages). */
export const selfcheckFields = {
  fiscal_year: { label: "年度", label_en: "Fiscal year", required: true, min: 2000, max: 2999, article: "第162条" },
  title: { label: "名称", label_en: "Title", required: true, max_chars: 200 },
} as const;


/** 情報セキュリティ監査 (第154条): what a create sends; an update sends any part of it. */
export interface AuditInput {
  /** 年度 (第154条) */
  fiscal_year: number;
  /** 監査の名称, at most 200 characters */
  title: string;
  /** 監査する課室 (第155条) */
  unit_id: number | string;
  /** 監査の範囲, at most 2000 characters */
  scope?: string;
  /** 被監査の委託事業者, at most 200 characters (第157条) */
  contractor?: string;
  /** 委託契約, at most 200 characters (第157条) */
  contract_ref?: string;
}

/** The fields of AuditInput with their labels and limits (forms use them for maxLength and messages). */
export const auditFields = {
  fiscal_year: { label: "年度", label_en: "Fiscal year", required: true, min: 2000, max: 2999, article: "第154条" },
  title: { label: "監査の名称", label_en: "Title", required: true, max_chars: 200 },
  unit_id: { label: "監査する課室", label_en: "Audited section", required: true, article: "第155条" },
  scope: { label: "監査の範囲", label_en: "Scope", required: false, max_chars: 2000 },
  contractor: { label: "被監査の委託事業者", label_en: "Audited contractor", required: false, max_chars: 200, article: "第157条" },
  contract_ref: { label: "委託契約", label_en: "Contract", required: false, max_chars: 200, article: "第157条" },
} as const;

export type FindingKind = "finding" | "suggestion" | "good_practice";
export type FindingSeverity = "high" | "medium" | "low";

/** 監査の所見 (第160条): what a create sends; an update sends any part of it. */
export interface FindingInput {
  /** 所見の種別 */
  kind: FindingKind;
  /** 重要度 */
  severity?: FindingSeverity | null;
  /** 所見の件名, at most 200 characters */
  title: string;
  /** 所見の内容, at most 4000 characters */
  detail?: string;
  /** 監査項目, at most 40 characters */
  item_id?: string | null;
}

/** The fields of FindingInput with their labels and limits (forms use them for maxLength and messages). */
export const findingFields = {
  kind: { label: "所見の種別", label_en: "Kind", required: true },
  severity: { label: "重要度", label_en: "Severity", required: false },
  title: { label: "所見の件名", label_en: "Title", required: true, max_chars: 200 },
  detail: { label: "所見の内容", label_en: "Detail", required: false, max_chars: 4000 },
  item_id: { label: "監査項目", label_en: "Audit item", required: false, max_chars: 40 },
} as const;


/** 情報システムのID (第83条): what a create sends; an update sends any part of it. */
export interface SysaccountInput {
  /** ID, at most 128 characters (第83条(1)) */
  login_id: string;
  /** 職員番号, at most 64 characters */
  staff_no?: string;
  /** 氏名, at most 200 characters */
  holder_name?: string;
  /** 所属, at most 200 characters */
  unit_name?: string;
  /** 権限, at most 2000 characters (第84条) */
  privileges?: string;
  /** 最終ログイン (第83条(2)) */
  last_login?: string | null;
  /** 状態, at most 100 characters */
  state?: string;
}

/** The fields of SysaccountInput with their labels and limits (forms use them for maxLength and messages). */
export const sysaccountFields = {
  login_id: { label: "ID", label_en: "ID", required: true, max_chars: 128, article: "第83条(1)" },
  staff_no: { label: "職員番号", label_en: "Staff no.", required: false, max_chars: 64 },
  holder_name: { label: "氏名", label_en: "Name", required: false, max_chars: 200 },
  unit_name: { label: "所属", label_en: "Section", required: false, max_chars: 200 },
  privileges: { label: "権限", label_en: "Privileges", required: false, max_chars: 2000, article: "第84条" },
  last_login: { label: "最終ログイン", label_en: "Last login", required: false, article: "第83条(2)" },
  state: { label: "状態", label_en: "State", required: false, max_chars: 100 },
} as const;
