/* The 人事 roster row declaration (see roster_entity.h). Limits are characters and match the person
 * declaration (person_entity.c), since each row becomes a person. Only the 職員番号 is required: a row
 * that says only 職員番号 and 退職日 is a leaver, and a blank cell keeps what the register holds. */
#include "entities/roster_entity.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const EntityChoice employments[] = {
    {"regular", "正規職員", "Regular staff"},
    {"fiscal_year", "会計年度任用職員", "Fiscal-year appointee"},
    {"part_time", "非常勤職員", "Part-time staff"},
    {"contractor", "委託事業者要員", "Contractor staff"},
};

const EntityField roster_fields[ROSTER_F_COUNT] = {
    [ROSTER_F_STAFF_NO] = {"staff_no", "職員番号", "Staff no.", ET_TEXT, EF_REQUIRED, .max_chars = 20},
    [ROSTER_F_NAME] = {"name", "氏名", "Name", ET_TEXT, 0, .max_chars = 100},
    [ROSTER_F_KANA] = {"kana", "かな", "Kana", ET_TEXT, 0, .max_chars = 200},
    [ROSTER_F_UNIT_NAME] = {"unit_name", "所属", "Section", ET_TEXT, 0, .max_chars = 200},
    [ROSTER_F_EMPLOYMENT] = {"employment", "雇用区分", "Employment", ET_ENUM, EF_NULLABLE, .choices = employments,
                             .nchoices = N(employments), .bad_code = "invalid_employment"},
    [ROSTER_F_MOVED_ON] = {"moved_on", "異動日", "Moved on", ET_DATE, EF_NULLABLE, .article = "第84条6"},
    [ROSTER_F_LEAVES_ON] = {"leaves_on", "退職日", "Leaves on", ET_DATE, EF_NULLABLE, .article = "第46条"},
};

static const char *const roster_kept[] = {"id", "import_id", "row_no", "person_id", "change", NULL};

const Entity roster_entity = {"rosterRow", "roster_rows", "人事異動の名簿", "Staff roster row", "第46条",
                              roster_fields, ROSTER_F_COUNT, roster_kept, NULL};
