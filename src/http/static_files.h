/* static_files: the embedded web UI — index.html for application paths (history routing), assets
 * with strong ETags and precompressed gzip variants. */
#pragma once
#include <microhttpd.h>
#include <stdbool.h>

/* Serves path (GET/HEAD) from the embedded UI. */
enum MHD_Result static_serve(struct MHD_Connection *conn, const char *path, bool tls);
