/* The import columns of 研修の受講記録 (attendance): an e-learning system's export or a sign-in sheet
 * typed into Excel. Each points at the declared field (entities/training_entity.c) and adds the
 * headers such files use. "staff_no" is the 職員番号 that the caller resolves to person_id. */
#include "entities/training_entity.h"
#include "registers/mapping.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define WORDS(...) ((const char *const[]){__VA_ARGS__, NULL})

static const FieldDef fields[] = {
    {.field = &attendance_fields[ATTENDANCE_F_PERSON_ID], .by_name = "staff_no", .label_ja = "職員番号",
     .label_en = "Staff no.", .max_len = 20,
     .aliases = WORDS("職員ID", "職員コード", "社員番号", "ユーザーID", "ユーザID", "ログインID", "受講者ID", "個人番号"),
     .unique = true},
    {.field = &attendance_fields[ATTENDANCE_F_ATTENDED_ON],
     .aliases = WORDS("受講日", "修了日", "完了日", "受講完了日", "実施日", "受講日時", "完了日時", "修了日時")},
    {.field = &attendance_fields[ATTENDANCE_F_NOTE], .aliases = WORDS("備考", "メモ", "摘要")},
};

const ImportTarget attendance_import_target = {"training_attendance", "研修の受講記録", fields, N(fields), &attendance_entity};
