/* api_training: 研修 over HTTP (api_training.c); the rules and who may see what are
 * src/domain/training's. */
#pragma once
#include "http/http.h"

Status api_training_audiences(Request *req, Response *res, Err *e);
Status api_training_courses_list(Request *req, Response *res, Err *e);
Status api_training_courses_create(Request *req, Response *res, Err *e);
Status api_training_courses_get(Request *req, Response *res, Err *e);
Status api_training_courses_update(Request *req, Response *res, Err *e);
Status api_training_sessions_add(Request *req, Response *res, Err *e);
Status api_training_attendance_list(Request *req, Response *res, Err *e);
Status api_training_attendance_record(Request *req, Response *res, Err *e);
Status api_training_attendance_withdraw(Request *req, Response *res, Err *e);
Status api_training_import(Request *req, Response *res, Err *e);
Status api_training_rates(Request *req, Response *res, Err *e);
Status api_training_missing(Request *req, Response *res, Err *e);
Status api_training_person(Request *req, Response *res, Err *e);
Status api_training_me(Request *req, Response *res, Err *e);
Status api_training_report(Request *req, Response *res, Err *e);
Status api_training_report_pdf(Request *req, Response *res, Err *e);
Status api_training_drills_list(Request *req, Response *res, Err *e);
Status api_training_drills_create(Request *req, Response *res, Err *e);
Status api_training_drills_get(Request *req, Response *res, Err *e);
Status api_training_drills_participant(Request *req, Response *res, Err *e);
Status api_training_drills_finding(Request *req, Response *res, Err *e);
Status api_training_drills_finding_close(Request *req, Response *res, Err *e);
