#pragma once

#include <string>

namespace podinit::base {

// "podinit 0.1.0" followed by the library versions it was built with, one per line.
std::string VersionText();
std::string UserAgent();  // podinit/0.1.0

}  // namespace podinit::base
