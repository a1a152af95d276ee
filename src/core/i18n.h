/* i18n: which language the CLI speaks. Japanese unless LANG/LC_ALL/LC_MESSAGES starts with "en"
 * (checked once). The web UI chooses its own language; the API always sends both messages. */
#pragma once
#include <stdbool.h>

bool i18n_english(void);
/* Picks ja or en by i18n_english(). */
const char *tr(const char *ja, const char *en);
