/* i18n: the CLI's language choice from the environment. */
#include "core/i18n.h"

#include <stdlib.h>
#include <string.h>

bool i18n_english(void)
{
    static int cached = -1;
    if (cached < 0) {
        const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
        cached = 0;
        for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
            const char *v = getenv(vars[i]);
            if (v && *v) {
                cached = strncmp(v, "en", 2) == 0;
                break;
            }
        }
    }
    return cached;
}

const char *tr(const char *ja, const char *en) { return i18n_english() ? en : ja; }
