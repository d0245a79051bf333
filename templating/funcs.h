// The function library moved to templating/sprig/funcs.h. This forwarding header stays only
// until entrypoint/ (being reorganised on its own branch) includes the new path.
#pragma once

#include "templating/sprig/funcs.h"
