/* api_netcheck: the 三層の対策 check over HTTP (api_netcheck.c); the rules are src/domain/netcheck's. */
#pragma once
#include "http/http.h"

Status api_netcheck_file_upload(Request *req, Response *res, Err *e);
Status api_netcheck_run(Request *req, Response *res, Err *e);
Status api_netcheck_list(Request *req, Response *res, Err *e);
Status api_netcheck_get(Request *req, Response *res, Err *e);
Status api_netcheck_report(Request *req, Response *res, Err *e);
Status api_netcheck_attach(Request *req, Response *res, Err *e);
Status api_netcheck_request_runs(Request *req, Response *res, Err *e);
