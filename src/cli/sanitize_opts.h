/* sanitize_opts: the SanitizePolicy options shared by `lgsec sanitize` and `lgsec mailgate`. */
#pragma once
#include <stdbool.h>

#include "sanitize/sanitize.h"

typedef struct PolicyOpts {
    const char *policy_name, *clamav_db, *attachments, *quarantine, *release_contact, *charset, *links,
        *pdf_links, *max_bytes, *timeout, *legacy, *converter, *convert_timeout;
    bool no_malware_scan, no_hyperlinks;
} PolicyOpts;

/* The value options, for a CliOpt list: POLICY_CLIOPTS(o), then the command's own. */
#define POLICY_CLIOPTS(o)                                                                                 \
    {"--policy-name", &(o).policy_name}, {"--clamav-db", &(o).clamav_db},                                \
        {"--attachments", &(o).attachments}, {"--quarantine", &(o).quarantine},                          \
        {"--release-contact", &(o).release_contact}, {"--charset", &(o).charset}, {"--links", &(o).links}, \
        {"--pdf-links", &(o).pdf_links}, {"--max-bytes", &(o).max_bytes}, {"--timeout", &(o).timeout}, \
        {"--legacy", &(o).legacy}, {"--converter", &(o).converter},        \
        {"--convert-timeout", &(o).convert_timeout}

/* Takes the policy's flags (--no-malware-scan, --no-hyperlinks) out of argv; call before cli_parse. */
void policy_take_flags(int *argc, char **argv, PolicyOpts *o);
/* Fills p from the defaults and o. Returns EXIT_OK, or EXIT_USAGE after printing the problem. */
int policy_from_opts(const char *command, const PolicyOpts *o, SanitizePolicy *p);
