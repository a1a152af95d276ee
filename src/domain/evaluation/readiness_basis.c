/* readiness_basis: what each line of the 第16条の3 readiness report counted, from which register —
 * the sentence printed under the line, so that a reader (議会, 監査委員) can check the number. One
 * entry per measure of the compliance dashboard (compliance.c); "as of when" is added by the caller. */
#include <string.h>

#include "domain/evaluation/compliance_internal.h"

static const struct {
    const char *id, *basis;
} bases[] = {
    {"sections_without_manager",
     "廃止されていない全ての課室等のうち、情報セキュリティ管理者 (役割 section_security_manager) が今日現に任命されていない"
     "ものを数えました (出典: 役割の登録)"},
    {"assets_pending", "分類が「要判断」のままの情報資産を数えました (出典: 情報資産台帳)"},
    {"take_outs_overdue", "返却予定日を過ぎてまだ返却の記録がない持ち出しを数えました (出典: 持ち出しの記録簿)"},
    {"policy_unacknowledged",
     "施行中の基本方針・対策基準ごとに、在職中の職員等のうち同意していない人を数えました (のべ; 出典: 同意の記録と職員の台帳)"},
    {"systems_without_backup", "バックアップの実施が記録されていない稼働中の情報システムを数えました (出典: 情報システム台帳)"},
    {"mynumber_without_mfa",
     "マイナンバー利用事務系の情報システムのうち多要素認証が記録されていないものを数えました (出典: 情報システム台帳)"},
    {"exceptions_overdue", "承認された例外措置のうち、報告又は見直しの期限を過ぎたものを数えました (出典: 例外措置の申請と承認)"},
    {"cloud_ismap_lapsed",
     "利用中のクラウドサービスのうち ISMAP 又は ISMAP-LIU の登録が失効した又は失効間近のものを数えました (出典: クラウドサービスの台帳)"},
    {"selfcheck_gaps", "今年度の最新の自己点検で「いいえ」「一部」と回答された項目を数えました (出典: 自己点検の回答)"},
    {"audit_findings_open", "監査の指摘事項・改善提案のうち完了していないものを数えました (出典: 監査の所見と改善計画)"},
};

const char *readiness_basis(const char *measure_id)
{
    if (!measure_id)
        return NULL;
    if (strncmp(measure_id, "duties_late_", 12) == 0) /* one per category (compliance.c) */
        return "ポリシーパックの定期的な義務 (checks.yaml) のうち、期限を過ぎた又は一度も実施の記録がないものを数えました"
               " (出典: 義務の実施記録)";
    for (size_t i = 0; i < sizeof bases / sizeof *bases; i++)
        if (strcmp(bases[i].id, measure_id) == 0)
            return bases[i].basis;
    return NULL;
}
