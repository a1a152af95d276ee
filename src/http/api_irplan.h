/* api_irplan: the 緊急時対応計画 over HTTP (api_irplan.c); who may read and change it is
 * src/domain/irplan's. */
#pragma once
#include "http/http.h"

Status api_irplan_list(Request *req, Response *res, Err *e);
Status api_irplan_current(Request *req, Response *res, Err *e);
Status api_irplan_review(Request *req, Response *res, Err *e);
Status api_irplan_draft(Request *req, Response *res, Err *e);
Status api_irplan_get(Request *req, Response *res, Err *e);
Status api_irplan_update(Request *req, Response *res, Err *e);
Status api_irplan_approve(Request *req, Response *res, Err *e);
Status api_irplan_drill(Request *req, Response *res, Err *e);
Status api_irplan_pdf(Request *req, Response *res, Err *e);
Status api_irplan_current_pdf(Request *req, Response *res, Err *e);
Status api_irplan_incident_part(Request *req, Response *res, Err *e);
