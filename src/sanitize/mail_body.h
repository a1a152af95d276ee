/* Body selection and attachment collection over GMime's MIME tree (mail_body.c). */
#pragma once
#include <gmime/gmime.h>

#include "sanitize/mail_internal.h"

typedef struct Collect {
    const SanitizePolicy *p;
    MailParts *mp;
    Verdict *v;
} Collect;

/* Adds obj's readable text to c->mp->text and its attachments to c->mp->att. */
void mail_collect(Collect *c, GMimeObject *obj, int depth);
