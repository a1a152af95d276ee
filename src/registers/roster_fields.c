/* The import columns of the 人事 roster (人事異動): what 人事課's personnel system or a hand-kept Excel
 * sheet calls each column, pointing at the declared field (entities/roster_entity.c), and the words
 * written for each 雇用区分. 「所属」 is a 課室 by name, which the roster module resolves. */
#include "entities/roster_entity.h"
#include "registers/mapping.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define WORDS(...) ((const char *const[]){__VA_ARGS__, NULL})

static const ValueChoice employments[] = {
    {"regular", "正規職員", WORDS("正規", "正職員", "常勤", "常勤職員", "一般職", "再任用", "再任用職員")},
    {"fiscal_year", "会計年度任用職員", WORDS("会計年度任用", "会計年度", "会計年度職員", "臨時", "臨時職員", "嘱託", "嘱託職員")},
    {"part_time", "非常勤職員", WORDS("非常勤", "パート", "短時間", "パートタイム")},
    {"contractor", "委託事業者要員", WORDS("委託", "委託事業者", "委託要員", "派遣", "派遣職員", "外部")},
};

static const FieldDef fields[] = {
    {.field = &roster_fields[ROSTER_F_STAFF_NO],
     .aliases = WORDS("職員コード", "職員ID", "個人番号", "社員番号", "職員No", "番号"), .unique = true},
    {.field = &roster_fields[ROSTER_F_NAME], .aliases = WORDS("氏名(漢字)", "職員名", "名前", "漢字氏名")},
    {.field = &roster_fields[ROSTER_F_KANA],
     .aliases = WORDS("ふりがな", "フリガナ", "カナ", "カナ氏名", "氏名(カナ)", "氏名カナ", "よみ", "読み")},
    {.field = &roster_fields[ROSTER_F_UNIT_NAME],
     .aliases = WORDS("所属名", "課室", "課室名", "配属先", "異動先", "新所属", "所属課", "所属課室")},
    {.field = &roster_fields[ROSTER_F_EMPLOYMENT],
     .aliases = WORDS("任用形態", "任用区分", "雇用形態", "職員区分", "身分"), .choices = employments,
     .nchoices = N(employments)},
    {.field = &roster_fields[ROSTER_F_MOVED_ON], .aliases = WORDS("発令日", "異動年月日", "着任日", "配属日")},
    {.field = &roster_fields[ROSTER_F_LEAVES_ON], .aliases = WORDS("退職年月日", "離職日", "退職予定日", "任期満了日")},
};

const ImportTarget roster_import_target = {"roster", "人事異動の名簿", fields, N(fields), &roster_entity};
