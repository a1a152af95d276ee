/* routes: prints the HTTP route table as JSON — what the API tests iterate over (every route ×
 * a role without the capability) and what docs/openapi.yaml is checked against. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "policy/capability.h"
#include "http/http.h"

/* COMMAND: routes
 * SUMMARY: HTTP API のルート表を JSON で表示
 * SUMMARY_EN: print the HTTP route table as JSON
 * USAGE:
 * 使い方: lgsec routes
 *   メソッド・パス・必要な権限・状態変更の有無を JSON で表示します。
 * USAGE_EN:
 * usage: lgsec routes
 *   Prints every route with its method, path, required capability and whether it changes state.
 */
int cmd_routes(int argc, char **argv)
{
    int rc = cli_reject_unknown(argc, argv, "routes");
    if (rc)
        return rc;
    json_t *list = json_array();
    for (const Route *r = routes; r->method; r++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:b, s:b, s:b, s:s}", "method", r->method,
                                              "path", r->pattern, "capability",
                                              capability_name(r->capability), "changes_state",
                                              r->changes_state, "before_mfa", r->before_mfa, "file_upload",
                                              r->file_upload, "summary", r->summary));
    char *text = json_dumps(list, JSON_INDENT(2));
    puts(text);
    free(text);
    json_decref(list);
    return EXIT_OK;
}
