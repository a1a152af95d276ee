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
export type SystemRelayKind = "mail" | "file" | "screen" | "security_cloud" | "cloud_service";

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
  /** 無害化中継の種類 (第25条) */
  relay_kind?: SystemRelayKind;
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
  relay_kind: { label: "無害化中継の種類", label_en: "Relay kind", required: false, article: "第25条" },
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
  /** 被監査の委託事業者 (第157条) */
  vendor_id?: number | string | null;
  /** 委託契約 (第157条) */
  contract_id?: number | string | null;
}

/** The fields of AuditInput with their labels and limits (forms use them for maxLength and messages). */
export const auditFields = {
  fiscal_year: { label: "年度", label_en: "Fiscal year", required: true, min: 2000, max: 2999, article: "第154条" },
  title: { label: "監査の名称", label_en: "Title", required: true, max_chars: 200 },
  unit_id: { label: "監査する課室", label_en: "Audited section", required: true, article: "第155条" },
  scope: { label: "監査の範囲", label_en: "Scope", required: false, max_chars: 2000 },
  vendor_id: { label: "被監査の委託事業者", label_en: "Audited contractor", required: false, article: "第157条" },
  contract_id: { label: "委託契約", label_en: "Contract", required: false, article: "第157条" },
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

export type RosterRowEmployment = "regular" | "fiscal_year" | "part_time" | "contractor";

/** 人事異動の名簿 (第46条): what a create sends; an update sends any part of it. */
export interface RosterRowInput {
  /** 職員番号, at most 20 characters */
  staff_no: string;
  /** 氏名, at most 100 characters */
  name?: string;
  /** かな, at most 200 characters */
  kana?: string;
  /** 所属, at most 200 characters */
  unit_name?: string;
  /** 雇用区分 */
  employment?: RosterRowEmployment | null;
  /** 異動日 (第84条6) */
  moved_on?: string | null;
  /** 退職日 (第46条) */
  leaves_on?: string | null;
}

/** The fields of RosterRowInput with their labels and limits (forms use them for maxLength and messages). */
export const rosterRowFields = {
  staff_no: { label: "職員番号", label_en: "Staff no.", required: true, max_chars: 20 },
  name: { label: "氏名", label_en: "Name", required: false, max_chars: 100 },
  kana: { label: "かな", label_en: "Kana", required: false, max_chars: 200 },
  unit_name: { label: "所属", label_en: "Section", required: false, max_chars: 200 },
  employment: { label: "雇用区分", label_en: "Employment", required: false },
  moved_on: { label: "異動日", label_en: "Moved on", required: false, article: "第84条6" },
  leaves_on: { label: "退職日", label_en: "Leaves on", required: false, article: "第46条" },
} as const;


/** 持ち込み記録 (第43条): what a create sends; an update sends any part of it. */
export interface BringInInput {
  /** 持ち込む人 */
  person_id?: number | string;
  /** 持ち込む物, at most 200 characters (第43条) */
  item: string;
  /** 目的, at most 1000 characters */
  purpose: string;
  /** 持ち込み日時 */
  in_at: string;
  /** 許可の申請 (第42条) */
  request_id?: number | string | null;
  /** 持ち帰り日時 */
  out_at?: string | null;
}

/** The fields of BringInInput with their labels and limits (forms use them for maxLength and messages). */
export const bringInFields = {
  person_id: { label: "持ち込む人", label_en: "Brought in by", required: false },
  item: { label: "持ち込む物", label_en: "Item", required: true, max_chars: 200, article: "第43条" },
  purpose: { label: "目的", label_en: "Purpose", required: true, max_chars: 1000 },
  in_at: { label: "持ち込み日時", label_en: "Brought in at", required: true },
  request_id: { label: "許可の申請", label_en: "Permission request", required: false, article: "第42条" },
  out_at: { label: "持ち帰り日時", label_en: "Taken away at", required: false },
} as const;


/** サーバー室 (第35条): what a create sends; an update sends any part of it. */
export interface ServerRoomInput {
  /** 名称, at most 200 characters */
  name: string;
  /** 場所, at most 200 characters */
  location?: string;
  /** 扉コード, at most 64 characters */
  door_code?: string | null;
  /** 管理する課室 (第35条2) */
  unit_id: number | string;
  /** 執務時間の開始 */
  office_start?: string;
  /** 執務時間の終了 */
  office_end?: string;
}

/** The fields of ServerRoomInput with their labels and limits (forms use them for maxLength and messages). */
export const serverRoomFields = {
  name: { label: "名称", label_en: "Name", required: true, max_chars: 200 },
  location: { label: "場所", label_en: "Location", required: false, max_chars: 200 },
  door_code: { label: "扉コード", label_en: "Door code (card reader)", required: false, max_chars: 64 },
  unit_id: { label: "管理する課室", label_en: "Keeping section", required: true, article: "第35条2" },
  office_start: { label: "執務時間の開始", label_en: "Office hours from", required: false },
  office_end: { label: "執務時間の終了", label_en: "Office hours until", required: false },
} as const;


/** 入退室の許可 (第35条): what a create sends; an update sends any part of it. */
export interface RoomAccessInput {
  /** 許可する職員 (第35条) */
  person_id: number | string;
  /** カード番号, at most 64 characters */
  card_no?: string | null;
  /** 許可の開始日 */
  valid_from?: string;
  /** 許可の終了日 */
  valid_until?: string | null;
  /** 備考, at most 1000 characters */
  note?: string;
}

/** The fields of RoomAccessInput with their labels and limits (forms use them for maxLength and messages). */
export const roomAccessFields = {
  person_id: { label: "許可する職員", label_en: "Person allowed in", required: true, article: "第35条" },
  card_no: { label: "カード番号", label_en: "Card number", required: false, max_chars: 64 },
  valid_from: { label: "許可の開始日", label_en: "From", required: false },
  valid_until: { label: "許可の終了日", label_en: "Until", required: false },
  note: { label: "備考", label_en: "Note", required: false, max_chars: 1000 },
} as const;


/** 入退室の記録 (第35条): what a create sends; an update sends any part of it. */
export interface RoomEntryInput {
  /** 入室者 */
  person_id?: number | string | null;
  /** 訪問者の氏名, at most 100 characters */
  visitor_name?: string | null;
  /** 訪問者の所属, at most 200 characters */
  visitor_org?: string;
  /** 付き添う職員 (第35条5) */
  escort_person_id?: number | string | null;
  /** 目的, at most 1000 characters */
  purpose: string;
  /** 入室日時 */
  time_in: string;
  /** 退室日時 */
  time_out?: string | null;
}

/** The fields of RoomEntryInput with their labels and limits (forms use them for maxLength and messages). */
export const roomEntryFields = {
  person_id: { label: "入室者", label_en: "Person", required: false },
  visitor_name: { label: "訪問者の氏名", label_en: "Visitor's name", required: false, max_chars: 100 },
  visitor_org: { label: "訪問者の所属", label_en: "Visitor's organisation", required: false, max_chars: 200 },
  escort_person_id: { label: "付き添う職員", label_en: "Escorting staff", required: false, article: "第35条5" },
  purpose: { label: "目的", label_en: "Purpose", required: true, max_chars: 1000 },
  time_in: { label: "入室日時", label_en: "In", required: true },
  time_out: { label: "退室日時", label_en: "Out", required: false },
} as const;

export type EquipmentMoveDirection = "in" | "out";

/** 機器等の搬入出 (第36条): what a create sends; an update sends any part of it. */
export interface EquipmentMoveInput {
  /** 搬入・搬出 */
  direction: EquipmentMoveDirection;
  /** 機器等, at most 500 characters */
  equipment: string;
  /** 搬入出を行った者, at most 200 characters */
  carried_by: string;
  /** 搬入出の日時 */
  moved_at: string;
  /** 立ち会った職員 (第36条) */
  witness_person_id: number | string;
  /** 既存の情報システムへの影響の確認, at most 2000 characters (第36条) */
  impact_check?: string;
  /** 情報システム */
  system_id?: number | string | null;
  /** 備考, at most 2000 characters */
  notes?: string;
}

/** The fields of EquipmentMoveInput with their labels and limits (forms use them for maxLength and messages). */
export const equipmentMoveFields = {
  direction: { label: "搬入・搬出", label_en: "In or out", required: true },
  equipment: { label: "機器等", label_en: "Equipment", required: true, max_chars: 500 },
  carried_by: { label: "搬入出を行った者", label_en: "Carried by", required: true, max_chars: 200 },
  moved_at: { label: "搬入出の日時", label_en: "Moved at", required: true },
  witness_person_id: { label: "立ち会った職員", label_en: "Witnessing staff", required: true, article: "第36条" },
  impact_check: { label: "既存の情報システムへの影響の確認", label_en: "Check of the impact on existing systems", required: false, max_chars: 2000, article: "第36条" },
  system_id: { label: "情報システム", label_en: "Information system", required: false },
  notes: { label: "備考", label_en: "Notes", required: false, max_chars: 2000 },
} as const;


/** 作業記録 (第63条): what a create sends; an update sends any part of it. */
export interface WorkRecordInput {
  /** 情報システム */
  system_id: number | string;
  /** 作業名, at most 200 characters */
  title: string;
  /** 作業内容, at most 4000 characters (第63条) */
  description: string;
  /** 作業開始日時 */
  started_at: string;
  /** 作業終了日時 */
  ended_at: string;
  /** 構成・設定の変更 */
  config_changed?: boolean;
  /** 情報セキュリティ対策の確認, at most 4000 characters (第63条2) */
  security_review?: string;
  /** 確認の所見, at most 2000 characters (第63条3) */
  comment?: string;
}

/** The fields of WorkRecordInput with their labels and limits (forms use them for maxLength and messages). */
export const workRecordFields = {
  system_id: { label: "情報システム", label_en: "Information system", required: true },
  title: { label: "作業名", label_en: "Work", required: true, max_chars: 200 },
  description: { label: "作業内容", label_en: "What was done", required: true, max_chars: 4000, article: "第63条" },
  started_at: { label: "作業開始日時", label_en: "Started at", required: true },
  ended_at: { label: "作業終了日時", label_en: "Ended at", required: true },
  config_changed: { label: "構成・設定の変更", label_en: "The configuration changed", required: false },
  security_review: { label: "情報セキュリティ対策の確認", label_en: "Check of the security measures", required: false, max_chars: 4000, article: "第63条2" },
  comment: { label: "確認の所見", label_en: "Confirmer's comment", required: false, max_chars: 2000, article: "第63条3" },
} as const;

export type FailureRecordState = "handling" | "resolved";

/** 障害記録 (第66条): what a create sends; an update sends any part of it. */
export interface FailureRecordInput {
  /** 情報システム */
  system_id?: number | string | null;
  /** 件名, at most 200 characters */
  title: string;
  /** 障害の内容, at most 4000 characters (第66条) */
  description: string;
  /** 発生日時 */
  occurred_at: string;
  /** 状態 */
  state?: FailureRecordState;
  /** 処理の内容, at most 4000 characters (第66条) */
  handling?: string;
  /** 処理結果, at most 4000 characters (第66条) */
  result?: string;
  /** 問題等, at most 4000 characters */
  problems?: string;
}

/** The fields of FailureRecordInput with their labels and limits (forms use them for maxLength and messages). */
export const failureRecordFields = {
  system_id: { label: "情報システム", label_en: "Information system", required: false },
  title: { label: "件名", label_en: "Subject", required: true, max_chars: 200 },
  description: { label: "障害の内容", label_en: "What happened", required: true, max_chars: 4000, article: "第66条" },
  occurred_at: { label: "発生日時", label_en: "Occurred at", required: true },
  state: { label: "状態", label_en: "State", required: false },
  handling: { label: "処理の内容", label_en: "Handling", required: false, max_chars: 4000, article: "第66条" },
  result: { label: "処理結果", label_en: "Result", required: false, max_chars: 4000, article: "第66条" },
  problems: { label: "問題等", label_en: "Problems found", required: false, max_chars: 4000 },
} as const;


/** ソフトウェア・ライセンス (第76条): what a create sends; an update sends any part of it. */
export interface LicenseInput {
  /** ソフトウェア名, at most 200 characters (第76条) */
  software: string;
  /** バージョン, at most 100 characters */
  version?: string;
  /** ライセンスの種類, at most 100 characters */
  license_kind: string;
  /** ライセンス数 */
  license_count: number;
  /** 導入先の端末, at most 1000 characters */
  target?: string;
  /** 目的, at most 1000 characters */
  purpose?: string;
  /** 情報システム */
  system_id?: number | string | null;
  /** 課室 */
  unit_id?: number | string | null;
  /** 備考, at most 2000 characters */
  notes?: string;
}

/** The fields of LicenseInput with their labels and limits (forms use them for maxLength and messages). */
export const licenseFields = {
  software: { label: "ソフトウェア名", label_en: "Software", required: true, max_chars: 200, article: "第76条" },
  version: { label: "バージョン", label_en: "Version", required: false, max_chars: 100 },
  license_kind: { label: "ライセンスの種類", label_en: "License type", required: true, max_chars: 100 },
  license_count: { label: "ライセンス数", label_en: "Number of licenses", required: true, min: 0, max: 1000000000 },
  target: { label: "導入先の端末", label_en: "Installed on", required: false, max_chars: 1000 },
  purpose: { label: "目的", label_en: "Purpose", required: false, max_chars: 1000 },
  system_id: { label: "情報システム", label_en: "Information system", required: false },
  unit_id: { label: "課室", label_en: "Section", required: false },
  notes: { label: "備考", label_en: "Notes", required: false, max_chars: 2000 },
} as const;


/** 祝日・閉庁日: what a create sends; an update sends any part of it. */
export interface HolidayInput {
  /** 日付 */
  date: string;
  /** 名称, at most 100 characters */
  name?: string;
}

/** The fields of HolidayInput with their labels and limits (forms use them for maxLength and messages). */
export const holidayFields = {
  date: { label: "日付", label_en: "Date", required: true },
  name: { label: "名称", label_en: "Name", required: false, max_chars: 100 },
} as const;


/** 情報セキュリティポリシーの見直し (第165条): what a create sends; an update sends any part of it. */
export interface PolicyReviewInput {
  /** 年度 (第165条) */
  fiscal_year: number;
  /** 見直しの日付 */
  reviewed_on: string;
  /** リスクの評価, at most 20000 characters (第165条) */
  risk_evaluation: string;
  /** 監査・自己点検の結果等, at most 20000 characters */
  inputs?: string;
  /** 決定事項, at most 20000 characters */
  decisions: string;
  /** 改訂した版 */
  revision_version_id?: number | string | null;
}

/** The fields of PolicyReviewInput with their labels and limits (forms use them for maxLength and messages). */
export const policyReviewFields = {
  fiscal_year: { label: "年度", label_en: "Fiscal year", required: true, min: 2000, max: 2100, article: "第165条" },
  reviewed_on: { label: "見直しの日付", label_en: "Reviewed on", required: true },
  risk_evaluation: { label: "リスクの評価", label_en: "Risk evaluation", required: true, max_chars: 20000, article: "第165条" },
  inputs: { label: "監査・自己点検の結果等", label_en: "Audit and self-check results", required: false, max_chars: 20000 },
  decisions: { label: "決定事項", label_en: "Decisions", required: true, max_chars: 20000 },
  revision_version_id: { label: "改訂した版", label_en: "Resulting revision", required: false },
} as const;

export type IncidentPersonalData = "none" | "unknown" | "involved";
export type IncidentSource = "staff" | "resident" | "outsider";

/** 情報セキュリティインシデント (第55条): what a create sends; an update sends any part of it. */
export interface IncidentInput {
  /** 件名, at most 200 characters */
  title: string;
  /** 何が起きたか, at most 4000 characters (第55条) */
  description: string;
  /** 気付いた日時 */
  noticed_at: string;
  /** 発生した日時 */
  occurred_at?: string | null;
  /** 情報資産 */
  asset_id?: number | string | null;
  /** 情報システム */
  system_id?: number | string | null;
  /** 場所・対象 (自由記述), at most 200 characters */
  place?: string;
  /** 個人情報の有無 */
  personal_data: IncidentPersonalData;
  /** おおよその人数 */
  affected_count?: number | null;
  /** 報告の経路 (第55条) */
  source?: IncidentSource;
  /** 連絡者の氏名, at most 100 characters */
  caller_name?: string;
  /** 連絡者の連絡先, at most 200 characters */
  caller_contact?: string;
  /** 分類, a value of the pack's "incident_categories" (第56条) */
  category?: string | null;
  /** 重大度, a value of the pack's "incident_severities" (第56条) */
  severity?: string | null;
  /** 評価の理由, at most 4000 characters */
  note?: string;
  /** 原因となった者 */
  causer_person_id?: number | string | null;
  /** 原因, at most 4000 characters (第56条) */
  cause?: string;
  /** 再発防止策 (案), at most 4000 characters (第56条) */
  prevention?: string;
  /** 指示する措置, at most 4000 characters (第56条) */
  decision?: string;
  /** 教訓, at most 4000 characters */
  lessons?: string;
  /** 見直し・変更についての補足, at most 400 characters */
  follow_up?: string;
  /** 担当者 */
  assignee_person_id?: number | string | null;
  /** 教訓を反映する見直しの年度 (第165条) */
  review_fiscal_year?: number | null;
  /** 再発防止のための変更の申請 */
  change_request_id?: number | string | null;
}

/** The fields of IncidentInput with their labels and limits (forms use them for maxLength and messages). */
export const incidentFields = {
  title: { label: "件名", label_en: "Title", required: true, max_chars: 200 },
  description: { label: "何が起きたか", label_en: "What happened", required: true, max_chars: 4000, article: "第55条" },
  noticed_at: { label: "気付いた日時", label_en: "Noticed at", required: true },
  occurred_at: { label: "発生した日時", label_en: "Occurred at", required: false },
  asset_id: { label: "情報資産", label_en: "Information asset", required: false },
  system_id: { label: "情報システム", label_en: "Information system", required: false },
  place: { label: "場所・対象 (自由記述)", label_en: "Place or object", required: false, max_chars: 200 },
  personal_data: { label: "個人情報の有無", label_en: "Personal data", required: true },
  affected_count: { label: "おおよその人数", label_en: "People affected (approx.)", required: false, min: 1, max: 100000000 },
  source: { label: "報告の経路", label_en: "Reported by", required: false, article: "第55条" },
  caller_name: { label: "連絡者の氏名", label_en: "Caller's name", required: false, max_chars: 100 },
  caller_contact: { label: "連絡者の連絡先", label_en: "Caller's contact", required: false, max_chars: 200 },
  category: { label: "分類", label_en: "Category", required: false, article: "第56条" },
  severity: { label: "重大度", label_en: "Severity", required: false, article: "第56条" },
  note: { label: "評価の理由", label_en: "Reason of the assessment", required: false, max_chars: 4000 },
  causer_person_id: { label: "原因となった者", label_en: "Person who caused it", required: false },
  cause: { label: "原因", label_en: "Cause", required: false, max_chars: 4000, article: "第56条" },
  prevention: { label: "再発防止策 (案)", label_en: "Proposed prevention", required: false, max_chars: 4000, article: "第56条" },
  decision: { label: "指示する措置", label_en: "Measures decided", required: false, max_chars: 4000, article: "第56条" },
  lessons: { label: "教訓", label_en: "Lessons", required: false, max_chars: 4000 },
  follow_up: { label: "見直し・変更についての補足", label_en: "Note on the review or change", required: false, max_chars: 400 },
  assignee_person_id: { label: "担当者", label_en: "Assignee", required: false },
  review_fiscal_year: { label: "教訓を反映する見直しの年度", label_en: "Fiscal year of the review taking the lessons", required: false, min: 2000, max: 2100, article: "第165条" },
  change_request_id: { label: "再発防止のための変更の申請", label_en: "Change request for the prevention", required: false },
} as const;

export type IncidentTaskKind = "containment" | "recovery" | "prevention";

/** インシデント対応の作業 (第56条): what a create sends; an update sends any part of it. */
export interface IncidentTaskInput {
  /** 作業の種類 */
  kind: IncidentTaskKind;
  /** 作業の内容, at most 200 characters */
  title: string;
  /** 担当者 */
  owner_person_id: number | string;
  /** 期限 */
  due_date: string;
  /** 結果, at most 4000 characters */
  result?: string;
}

/** The fields of IncidentTaskInput with their labels and limits (forms use them for maxLength and messages). */
export const incidentTaskFields = {
  kind: { label: "作業の種類", label_en: "Kind", required: true },
  title: { label: "作業の内容", label_en: "Task", required: true, max_chars: 200 },
  owner_person_id: { label: "担当者", label_en: "Owner", required: true },
  due_date: { label: "期限", label_en: "Due date", required: true },
  result: { label: "結果", label_en: "Result", required: false, max_chars: 4000 },
} as const;


/** 対応のメモ (第56条): what a create sends; an update sends any part of it. */
export interface IncidentNoteInput {
  /** メモ, at most 4000 characters */
  body: string;
}

/** The fields of IncidentNoteInput with their labels and limits (forms use them for maxLength and messages). */
export const incidentNoteFields = {
  body: { label: "メモ", label_en: "Note", required: true, max_chars: 4000 },
} as const;

export type IndicatorKind = "ip" | "domain" | "hash" | "email" | "url";

/** 痕跡 (IOC) (第56条): what a create sends; an update sends any part of it. */
export interface IndicatorInput {
  /** 種類 */
  kind: IndicatorKind;
  /** 値, at most 400 characters */
  value: string;
  /** 備考, at most 400 characters */
  note?: string;
}

/** The fields of IndicatorInput with their labels and limits (forms use them for maxLength and messages). */
export const indicatorFields = {
  kind: { label: "種類", label_en: "Kind", required: true },
  value: { label: "値", label_en: "Value", required: true, max_chars: 400 },
  note: { label: "備考", label_en: "Note", required: false, max_chars: 400 },
} as const;


/** ポリシー違反 (第124条): what a create sends; an update sends any part of it. */
export interface ViolationInput {
  /** 違反の内容, at most 2000 characters (第124条) */
  description: string;
  /** 違反した規定, at most 40 characters */
  article?: string;
  /** 気付いた日時 */
  noticed_at: string;
  /** 関連するインシデント */
  incident_id?: number | string | null;
  /** 違反した者 */
  violator_person_id?: number | string | null;
  /** 違反でない理由, at most 400 characters */
  reason?: string;
  /** 対応, a value of the pack's "violation_outcomes" (第124条) */
  outcome?: string | null;
  /** 対応した日 */
  outcome_on?: string | null;
}

/** The fields of ViolationInput with their labels and limits (forms use them for maxLength and messages). */
export const violationFields = {
  description: { label: "違反の内容", label_en: "What was violated", required: true, max_chars: 2000, article: "第124条" },
  article: { label: "違反した規定", label_en: "Provision violated", required: false, max_chars: 40 },
  noticed_at: { label: "気付いた日時", label_en: "Noticed at", required: true },
  incident_id: { label: "関連するインシデント", label_en: "Related incident", required: false },
  violator_person_id: { label: "違反した者", label_en: "Violator", required: false },
  reason: { label: "違反でない理由", label_en: "Why it is not a violation", required: false, max_chars: 400 },
  outcome: { label: "対応", label_en: "Outcome", required: false, article: "第124条" },
  outcome_on: { label: "対応した日", label_en: "Handled on", required: false },
} as const;


/** 外部への報告 (第56条): what a create sends; an update sends any part of it. */
export interface ExternalReportInput {
  /** 報告の種類, a value of the pack's "external_reports" (第56条) */
  kind: string;
}

/** The fields of ExternalReportInput with their labels and limits (forms use them for maxLength and messages). */
export const externalReportFields = {
  kind: { label: "報告の種類", label_en: "Kind of report", required: true, article: "第56条" },
} as const;


/** 証拠 (第56条): what a create sends; an update sends any part of it. */
export interface EvidenceInput {
  /** ファイル名, at most 200 characters */
  name: string;
  /** 説明, at most 400 characters */
  description?: string;
}

/** The fields of EvidenceInput with their labels and limits (forms use them for maxLength and messages). */
export const evidenceFields = {
  name: { label: "ファイル名", label_en: "File name", required: true, max_chars: 200 },
  description: { label: "説明", label_en: "Description", required: false, max_chars: 400 },
} as const;


/** 委託事業者 (第136条): what a create sends; an update sends any part of it. */
export interface VendorInput {
  /** 事業者名, at most 200 characters (第136条) */
  name: string;
  /** 法人番号, at most 13 characters */
  corporate_number?: string | null;
  /** 所在地, at most 400 characters */
  address?: string;
  /** ISMS認証の登録番号, at most 100 characters (第136条) */
  isms_number?: string;
  /** ISMS認証の有効期限 */
  isms_expires_on?: string | null;
  /** プライバシーマークの登録番号, at most 100 characters */
  pmark_number?: string;
  /** プライバシーマークの有効期限 */
  pmark_expires_on?: string | null;
  /** 連絡先の担当者, at most 100 characters */
  contact_name?: string;
  /** 連絡先のメールアドレス, at most 254 characters */
  contact_email?: string;
  /** 連絡先の電話番号, at most 40 characters */
  contact_phone?: string;
}

/** The fields of VendorInput with their labels and limits (forms use them for maxLength and messages). */
export const vendorFields = {
  name: { label: "事業者名", label_en: "Name", required: true, max_chars: 200, article: "第136条" },
  corporate_number: { label: "法人番号", label_en: "Corporate number", required: false, max_chars: 13 },
  address: { label: "所在地", label_en: "Address", required: false, max_chars: 400 },
  isms_number: { label: "ISMS認証の登録番号", label_en: "ISMS certificate number", required: false, max_chars: 100, article: "第136条" },
  isms_expires_on: { label: "ISMS認証の有効期限", label_en: "ISMS certificate expires on", required: false },
  pmark_number: { label: "プライバシーマークの登録番号", label_en: "Privacy mark number", required: false, max_chars: 100 },
  pmark_expires_on: { label: "プライバシーマークの有効期限", label_en: "Privacy mark expires on", required: false },
  contact_name: { label: "連絡先の担当者", label_en: "Contact person", required: false, max_chars: 100 },
  contact_email: { label: "連絡先のメールアドレス", label_en: "Contact e-mail", required: false, max_chars: 254 },
  contact_phone: { label: "連絡先の電話番号", label_en: "Contact phone", required: false, max_chars: 40 },
} as const;


/** 委託契約 (第137条): what a create sends; an update sends any part of it. */
export interface VendorContractInput {
  /** 委託事業者 */
  vendor_id: number | string;
  /** 契約名, at most 200 characters */
  title: string;
  /** 委託の範囲, at most 2000 characters (第137条) */
  scope: string;
  /** 契約期間の開始日 */
  starts_on: string;
  /** 契約期間の終了日 */
  ends_on: string;
  /** 責任者(情報セキュリティ管理者) (第137条) */
  manager_person_id: number | string;
}

/** The fields of VendorContractInput with their labels and limits (forms use them for maxLength and messages). */
export const vendorContractFields = {
  vendor_id: { label: "委託事業者", label_en: "Vendor", required: true },
  title: { label: "契約名", label_en: "Title", required: true, max_chars: 200 },
  scope: { label: "委託の範囲", label_en: "Scope", required: true, max_chars: 2000, article: "第137条" },
  starts_on: { label: "契約期間の開始日", label_en: "Term starts on", required: true },
  ends_on: { label: "契約期間の終了日", label_en: "Term ends on", required: true },
  manager_person_id: { label: "責任者(情報セキュリティ管理者)", label_en: "Manager responsible", required: true, article: "第137条" },
} as const;


/** 再委託 (第137条): what a create sends; an update sends any part of it. */
export interface VendorSubcontractInput {
  /** 再委託先, at most 200 characters (第137条) */
  subcontractor: string;
  /** 再委託先の法人番号, at most 13 characters */
  corporate_number?: string | null;
  /** 再委託の範囲, at most 2000 characters */
  scope: string;
  /** 再委託の承認日 */
  approved_on: string;
}

/** The fields of VendorSubcontractInput with their labels and limits (forms use them for maxLength and messages). */
export const vendorSubcontractFields = {
  subcontractor: { label: "再委託先", label_en: "Subcontractor", required: true, max_chars: 200, article: "第137条" },
  corporate_number: { label: "再委託先の法人番号", label_en: "Subcontractor's corporate number", required: false, max_chars: 13 },
  scope: { label: "再委託の範囲", label_en: "Scope of the subcontract", required: true, max_chars: 2000 },
  approved_on: { label: "再委託の承認日", label_en: "Approved on", required: true },
} as const;


/** 委託事業者要員 (第137条): what a create sends; an update sends any part of it. */
export interface VendorStaffInput {
  /** 要員の氏名, at most 100 characters (第137条) */
  name: string;
  /** 役割, at most 100 characters */
  role?: string;
  /** 職員等の登録 */
  person_id?: number | string | null;
  /** 誓約日 (第47条) */
  pledged_on?: string | null;
}

/** The fields of VendorStaffInput with their labels and limits (forms use them for maxLength and messages). */
export const vendorStaffFields = {
  name: { label: "要員の氏名", label_en: "Name", required: true, max_chars: 100, article: "第137条" },
  role: { label: "役割", label_en: "Role", required: false, max_chars: 100 },
  person_id: { label: "職員等の登録", label_en: "Registered person", required: false },
  pledged_on: { label: "誓約日", label_en: "Pledged on", required: false, article: "第47条" },
} as const;

export type VendorCheckResult = "good" | "action_needed";

/** 定期的な確認 (第138条): what a create sends; an update sends any part of it. */
export interface VendorCheckInput {
  /** 確認日 (第138条) */
  checked_on: string;
  /** 確認した事項, at most 4000 characters */
  checked_items: string;
  /** 確認の結果 */
  result: VendorCheckResult;
  /** 講じた措置, at most 4000 characters */
  actions?: string;
}

/** The fields of VendorCheckInput with their labels and limits (forms use them for maxLength and messages). */
export const vendorCheckFields = {
  checked_on: { label: "確認日", label_en: "Checked on", required: true, article: "第138条" },
  checked_items: { label: "確認した事項", label_en: "What was checked", required: true, max_chars: 4000 },
  result: { label: "確認の結果", label_en: "Result", required: true },
  actions: { label: "講じた措置", label_en: "Actions taken", required: false, max_chars: 4000 },
} as const;

export type CloudServiceIsmapKind = "none" | "ismap" | "ismap_liu";
export type CloudServiceRegion = "domestic" | "overseas" | "unknown";
export type CloudServiceTermsResult = "acceptable" | "acceptable_with_conditions" | "not_acceptable";

/** クラウドサービス (第148条3): what a create sends; an update sends any part of it. */
export interface CloudServiceInput {
  /** サービス名, at most 200 characters */
  name: string;
  /** 提供者, at most 200 characters (第146条2) */
  provider: string;
  /** 利用する業務, at most 2000 characters (第146条) */
  purpose?: string;
  /** サービスの管理者(クラウドサービス管理者・業務委託サービス管理者) (第148条3) */
  manager_person_id: number | string;
  /** ISMAP等の登録 (第146条9) */
  ismap_kind?: CloudServiceIsmapKind;
  /** 登録番号, at most 100 characters */
  ismap_number?: string;
  /** 登録の有効期限 */
  ismap_expires_on?: string | null;
  /** データの保存場所, at most 400 characters (第146条8) */
  data_location?: string;
  /** 保存される国・地域 (第146条5) */
  region?: CloudServiceRegion;
  /** 約款の確認日 (第153条) */
  terms_reviewed_on?: string | null;
  /** 約款の確認者 */
  terms_reviewer_person_id?: number | string | null;
  /** 約款の確認結果 */
  terms_result?: CloudServiceTermsResult | null;
  /** 約款の確認内容, at most 4000 characters */
  terms_notes?: string;
  /** 移行・終了の計画, at most 4000 characters (第146条3) */
  exit_plan?: string;
  /** 計画の確認日 */
  exit_plan_reviewed_on?: string | null;
}

/** The fields of CloudServiceInput with their labels and limits (forms use them for maxLength and messages). */
export const cloudServiceFields = {
  name: { label: "サービス名", label_en: "Service", required: true, max_chars: 200 },
  provider: { label: "提供者", label_en: "Provider", required: true, max_chars: 200, article: "第146条2" },
  purpose: { label: "利用する業務", label_en: "Use", required: false, max_chars: 2000, article: "第146条" },
  manager_person_id: { label: "サービスの管理者(クラウドサービス管理者・業務委託サービス管理者)", label_en: "Service manager (cloud or outsourced service manager)", required: true, article: "第148条3" },
  ismap_kind: { label: "ISMAP等の登録", label_en: "ISMAP registration", required: false, article: "第146条9" },
  ismap_number: { label: "登録番号", label_en: "Registration number", required: false, max_chars: 100 },
  ismap_expires_on: { label: "登録の有効期限", label_en: "Registration expires on", required: false },
  data_location: { label: "データの保存場所", label_en: "Data location", required: false, max_chars: 400, article: "第146条8" },
  region: { label: "保存される国・地域", label_en: "Region", required: false, article: "第146条5" },
  terms_reviewed_on: { label: "約款の確認日", label_en: "Terms reviewed on", required: false, article: "第153条" },
  terms_reviewer_person_id: { label: "約款の確認者", label_en: "Terms reviewed by", required: false },
  terms_result: { label: "約款の確認結果", label_en: "Terms review result", required: false },
  terms_notes: { label: "約款の確認内容", label_en: "Terms review notes", required: false, max_chars: 4000 },
  exit_plan: { label: "移行・終了の計画", label_en: "Exit plan", required: false, max_chars: 4000, article: "第146条3" },
  exit_plan_reviewed_on: { label: "計画の確認日", label_en: "Exit plan reviewed on", required: false },
} as const;

export type CloudServiceEndDisposition = "deleted" | "returned" | "returned_and_deleted";

/** クラウドサービスの利用終了 (第151条2): what a create sends; an update sends any part of it. */
export interface CloudServiceEndInput {
  /** 利用終了日 (第151条) */
  ended_on: string;
  /** 情報の削除・返却 (第151条(2)) */
  disposition: CloudServiceEndDisposition;
  /** 確認した内容(証明書等), at most 4000 characters (第151条2) */
  confirmation: string;
  /** 利用のためのアカウントの廃棄 (第151条(3)) */
  accounts_removed: boolean;
}

/** The fields of CloudServiceEndInput with their labels and limits (forms use them for maxLength and messages). */
export const cloudServiceEndFields = {
  ended_on: { label: "利用終了日", label_en: "Ended on", required: true, article: "第151条" },
  disposition: { label: "情報の削除・返却", label_en: "Information deleted or returned", required: true, article: "第151条(2)" },
  confirmation: { label: "確認した内容(証明書等)", label_en: "How it was confirmed", required: true, max_chars: 4000, article: "第151条2" },
  accounts_removed: { label: "利用のためのアカウントの廃棄", label_en: "Accounts removed", required: true, article: "第151条(3)" },
} as const;

export type CloudReviewResult = "good" | "action_needed";

/** クラウドサービスの定期確認 (第150条5): what a create sends; an update sends any part of it. */
export interface CloudReviewInput {
  /** 確認日 */
  reviewed_on: string;
  /** 確認した事項, at most 4000 characters (第150条5) */
  checked_items: string;
  /** 確認の結果 */
  result: CloudReviewResult;
  /** 講じた措置, at most 4000 characters (第150条3) */
  actions?: string;
}

/** The fields of CloudReviewInput with their labels and limits (forms use them for maxLength and messages). */
export const cloudReviewFields = {
  reviewed_on: { label: "確認日", label_en: "Reviewed on", required: true },
  checked_items: { label: "確認した事項", label_en: "What was checked", required: true, max_chars: 4000, article: "第150条5" },
  result: { label: "確認の結果", label_en: "Result", required: true },
  actions: { label: "講じた措置", label_en: "Actions taken", required: false, max_chars: 4000, article: "第150条3" },
} as const;
