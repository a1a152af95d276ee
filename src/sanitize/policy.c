/* The default 無害化 policy (values documented in sanitize.h). */
#include "sanitize/sanitize.h"

#include <string.h>

void sanitize_policy_defaults(SanitizePolicy *p)
{
    memset(p, 0, sizeof *p);
    p->policy_name = "mic-第25条";
    p->max_message_bytes = 50u << 20;
    p->max_file_bytes = 50u << 20;
    p->zip_max_depth = 3;
    p->zip_max_members = 1000;
    p->zip_max_total_bytes = 1ull << 30;
    p->zip_max_ratio = 100;
    p->allow_hyperlinks = true;
    p->link_style = LINKS_DEFANG;
    p->pdf_links = PDF_LINKS_DEFANG;
    p->attachments = ATTACHMENTS_DROP;
    p->quarantine_dir = NULL;
    p->release_contact = NULL;
    p->output_iso2022jp = false;
    p->clamav_db = NULL;
    p->require_malware_scan = true;
    p->cpu_seconds = 10;
    p->memory_bytes = 1u << 30;
    p->timeout_ms = 20000;
    p->legacy_formats = LEGACY_BLOCK;
    p->converter = NULL;
    p->convert_timeout_ms = 60000;
    p->convert_memory_bytes = 4ull << 30;
    p->conversions = NULL;
}
