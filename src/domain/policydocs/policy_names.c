/* policy_names: how the trail viewer names a policy document, version or review (domain/kernel/state.h). */
#include "domain/policydocs/policydocs.h"

const NameQuery policydocs_name_queries[] = {
    {"policy_doc_version",
     "SELECT d.title || ' 第' || v.seq || '版', NULL, v.id FROM policy_doc_versions v"
     " JOIN policy_documents d ON d.id = v.document_id WHERE v.id = ?",
     NAME_CODE_NONE},
    {"policy_document", "SELECT title, NULL, id FROM policy_documents WHERE id = ?", NAME_CODE_NONE},
    {"policy_review", "SELECT fiscal_year || '年度', NULL, id FROM policy_reviews WHERE id = ?", NAME_CODE_NONE},
    {NULL, NULL, NAME_CODE_NONE},
};
