/* dispatch: libmicrohttpd callbacks — body collection with limits, then the request pipeline:
 * static files, route match, session, stage, capability, CSRF, JSON parsing, handler, response. */
#pragma once
#include <microhttpd.h>

enum MHD_Result dispatch_request(void *cls, struct MHD_Connection *conn, const char *url,
                                 const char *method, const char *version, const char *upload_data,
                                 size_t *upload_data_size, void **con_cls);
/* MHD_OPTION_URI_LOG_CALLBACK: sees the raw URI before it is decoded and marks (as the initial
 * *con_cls) a URI that holds %00, which the decoded URL no longer shows. */
void *dispatch_uri_seen(void *cls, const char *uri, struct MHD_Connection *conn);
void dispatch_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                        enum MHD_RequestTerminationCode toe);
