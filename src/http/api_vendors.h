/* api_vendors: 委託 over HTTP (api_vendors.c); the rules are src/domain/vendors's. */
#pragma once
#include "http/http.h"

Status api_vendors_clauses(Request *req, Response *res, Err *e);
Status api_vendors_list(Request *req, Response *res, Err *e);
Status api_vendors_create(Request *req, Response *res, Err *e);
Status api_vendors_alerts(Request *req, Response *res, Err *e);
Status api_vendors_checks_due(Request *req, Response *res, Err *e);
Status api_vendors_get(Request *req, Response *res, Err *e);
Status api_vendors_update(Request *req, Response *res, Err *e);
Status api_vendor_contracts_list(Request *req, Response *res, Err *e);
Status api_vendor_contracts_create(Request *req, Response *res, Err *e);
Status api_vendor_contracts_get(Request *req, Response *res, Err *e);
Status api_vendor_contracts_update(Request *req, Response *res, Err *e);
Status api_vendor_contracts_clause(Request *req, Response *res, Err *e);
Status api_vendor_contracts_submit(Request *req, Response *res, Err *e);
Status api_vendor_contracts_subcontract(Request *req, Response *res, Err *e);
Status api_vendor_contracts_staff(Request *req, Response *res, Err *e);
Status api_vendor_contracts_check(Request *req, Response *res, Err *e);
Status api_vendor_contracts_end(Request *req, Response *res, Err *e);
Status api_vendor_contracts_certificate(Request *req, Response *res, Err *e);
