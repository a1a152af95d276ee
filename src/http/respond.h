/* respond: queuing responses with the headers every response carries (CSP, framing, no-sniff,
 * caching rules). */
#pragma once
#include <jansson.h>
#include <microhttpd.h>
#include <stdbool.h>

/* Adds the security headers; API responses also get Cache-Control: no-store. */
void respond_add_security_headers(struct MHD_Response *r, bool api, bool tls);
/* Queues a JSON (or problem+json when status >= 400) response; json may be NULL for 204.
 * Steals json. cookie may be NULL. */
enum MHD_Result respond_queue_json(struct MHD_Connection *conn, int status, json_t *json,
                                   const char *cookie, bool tls);
/* Queues a JSON body that is already text (steals it: freed with free()). */
enum MHD_Result respond_queue_raw_json(struct MHD_Connection *conn, int status, char *text, bool tls);
/* Queues a file download (steals data) with Content-Disposition: attachment and the name both as
 * an ASCII fallback and RFC 5987 UTF-8. */
enum MHD_Result respond_queue_file(struct MHD_Connection *conn, unsigned char *data, size_t len, const char *type,
                                   const char *name, bool tls);
/* Queues an Err as problem+json with its code's HTTP status from the error catalog. */
struct Err;
enum MHD_Result respond_queue_error(struct MHD_Connection *conn, const struct Err *e, bool tls);
