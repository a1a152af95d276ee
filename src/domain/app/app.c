/* app: wiring the modules' callbacks (see app.h). */
#include "domain/app/app.h"

#include "domain/systems/systems.h"

void app_init(void)
{
    systems_register_role_scope();
}
