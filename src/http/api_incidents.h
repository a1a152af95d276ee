/* api_incidents: インシデント対応 over HTTP (api_incidents.c); the rules and who may read what are
 * src/domain/incidents'. */
#pragma once
#include "http/http.h"

Status api_incidents_options(Request *req, Response *res, Err *e);
Status api_incidents_list(Request *req, Response *res, Err *e);
Status api_incidents_create(Request *req, Response *res, Err *e);
Status api_incidents_get(Request *req, Response *res, Err *e);
Status api_incidents_triage(Request *req, Response *res, Err *e);
Status api_incidents_cause(Request *req, Response *res, Err *e);
Status api_incidents_decision(Request *req, Response *res, Err *e);
Status api_incidents_close(Request *req, Response *res, Err *e);
Status api_incidents_task_add(Request *req, Response *res, Err *e);
Status api_incidents_task_done(Request *req, Response *res, Err *e);
Status api_incidents_similar(Request *req, Response *res, Err *e);
Status api_incidents_similar_assign(Request *req, Response *res, Err *e);
Status api_incidents_note(Request *req, Response *res, Err *e);
Status api_incidents_timeline(Request *req, Response *res, Err *e);
Status api_incidents_timeline_text(Request *req, Response *res, Err *e);
Status api_incidents_evidence_upload(Request *req, Response *res, Err *e);
Status api_incidents_evidence_get(Request *req, Response *res, Err *e);
Status api_incidents_reports(Request *req, Response *res, Err *e);
Status api_incidents_report_submit(Request *req, Response *res, Err *e);
Status api_incidents_indicator(Request *req, Response *res, Err *e);
Status api_incidents_stats(Request *req, Response *res, Err *e);
Status api_incidents_stats_pdf(Request *req, Response *res, Err *e);
Status api_incidents_stats_xlsx(Request *req, Response *res, Err *e);
Status api_incidents_board(Request *req, Response *res, Err *e);
Status api_incidents_assign(Request *req, Response *res, Err *e);
