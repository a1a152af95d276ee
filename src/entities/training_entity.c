/* The 研修 declarations (see training_entity.h). Limits are characters. The audience is a pack list
 * ("training_audiences": training.yaml), asked at run time like the classification levels. */
#include "entities/training_entity.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const EntityChoice methods[] = {
    {"classroom", "集合研修", "Classroom"},
    {"elearning", "eラーニング", "E-learning"},
    {"other", "その他", "Other"},
};

const EntityField course_fields[] = {
    [COURSE_F_FISCAL_YEAR] = {"fiscal_year", "年度", "Fiscal year", ET_INT, EF_REQUIRED | EF_IMMUTABLE, .min = 2000,
                              .max = 2999, .article = "第51条2"},
    [COURSE_F_TITLE] = {"title", "研修名", "Title", ET_TEXT, EF_REQUIRED, .max_chars = 200},
    [COURSE_F_AUDIENCE] = {"audience", "対象者", "Audience", ET_LIST, EF_REQUIRED, .list = "training_audiences",
                           .bad_code = "unknown_audience", .article = "第51条4"},
    [COURSE_F_METHOD] = {"method", "実施方法", "Method", ET_ENUM, 0, .choices = methods, .nchoices = N(methods),
                         .dflt = "\"classroom\"", .bad_code = "invalid_method"},
    [COURSE_F_DESCRIPTION] = {"description", "内容", "Description", ET_TEXT, EF_MULTILINE, .max_chars = 2000},
    [COURSE_F_DUE_ON] = {"due_on", "受講期限", "Due on", ET_DATE, EF_NULLABLE, .max_chars = 0},
};

const EntityField course_session_fields[] = {
    [SESSION_F_HELD_ON] = {"held_on", "実施日", "Held on", ET_DATE, EF_REQUIRED, .max_chars = 0},
    [SESSION_F_PLACE] = {"place", "会場", "Place", ET_TEXT, 0, .max_chars = 200},
    [SESSION_F_INSTRUCTOR] = {"instructor", "講師", "Instructor", ET_TEXT, 0, .max_chars = 100},
};

const EntityField attendance_fields[] = {
    [ATTENDANCE_F_PERSON_ID] = {"person_id", "受講者", "Attendee", ET_REF, EF_REQUIRED | EF_IMMUTABLE, .ref = "people",
                                .article = "第53条"},
    [ATTENDANCE_F_SESSION_ID] = {"session_id", "研修回", "Session", ET_REF, EF_NULLABLE, .ref = "training_sessions"},
    [ATTENDANCE_F_ATTENDED_ON] = {"attended_on", "受講日", "Attended on", ET_DATE, EF_REQUIRED, .max_chars = 0},
    [ATTENDANCE_F_NOTE] = {"note", "備考", "Note", ET_TEXT, 0, .max_chars = 200},
};

static const EntityField drill_fields[] = {
    [DRILL_F_FISCAL_YEAR] = {"fiscal_year", "年度", "Fiscal year", ET_INT, EF_REQUIRED | EF_IMMUTABLE, .min = 2000,
                             .max = 2999},
    [DRILL_F_TITLE] = {"title", "訓練名", "Title", ET_TEXT, EF_REQUIRED, .max_chars = 200},
    [DRILL_F_HELD_ON] = {"held_on", "実施日", "Held on", ET_DATE, EF_REQUIRED, .max_chars = 0},
    [DRILL_F_SCENARIO] = {"scenario", "想定 (シナリオ)", "Scenario", ET_TEXT, EF_REQUIRED | EF_MULTILINE, .max_chars = 2000,
                          .article = "第52条"},
    [DRILL_F_SCOPE] = {"scope", "実施体制・範囲", "Organisation and scope", ET_TEXT, EF_MULTILINE, .max_chars = 2000,
                       .article = "第52条2"},
};

static const EntityField finding_fields[] = {
    [FINDING_F_FINDING] = {"finding", "課題・改善事項", "Finding", ET_TEXT, EF_REQUIRED | EF_MULTILINE, .max_chars = 2000},
    [FINDING_F_OWNER] = {"owner_person_id", "担当者", "Owner", ET_REF, EF_REQUIRED, .ref = "people"},
    [FINDING_F_DUE_ON] = {"due_on", "期限", "Due on", ET_DATE, EF_REQUIRED, .max_chars = 0},
};

static const char *const course_kept[] = {"id", "created_by", "created_at", "updated_at", NULL};
static const char *const session_kept[] = {"id", "course_id", "created_at", NULL};
static const char *const attendance_kept[] = {"id",          "course_id",   "source",       "recorded_by",
                                              "recorded_at", "withdrawn_at", NULL};

static const char *const drill_kept[] = {"id", "created_by", "created_at", NULL};
static const char *const finding_kept[] = {"id", "drill_id", "state", "result", "done_on", "created_at", NULL};

const Entity drill_entity = {"drill", "drills", "緊急時対応訓練", "Drill", "第52条", drill_fields, N(drill_fields), drill_kept, "drill"};
const Entity drill_finding_entity = {"drillFinding", "drill_findings", "訓練の課題", "Drill finding", "第52条",
                                     finding_fields, N(finding_fields), finding_kept, "drill_finding"};
const Entity course_entity = {"course", "training_courses", "研修", "Training course", "第51条",
                              course_fields, N(course_fields), course_kept, "training_course"};
const Entity course_session_entity = {"courseSession", "training_sessions", "研修の実施回", "Training session", "第51条",
                                      course_session_fields, N(course_session_fields), session_kept, "training_session"};
const Entity attendance_entity = {"attendance", "training_attendance", "受講記録", "Attendance", "第53条",
                                  attendance_fields, N(attendance_fields), attendance_kept, "training_attendance"};
