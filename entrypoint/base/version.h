#pragma once

#include <string>

namespace entrypoint::base {

// "podinit 0.1.0" followed by the library versions it was built with, one per line.
std::string VersionText();
std::string UserAgent();  // podinit/0.1.0
// "0.1.0": for the tini and dumb-init front ends, whose --version is one line.
std::string VersionNumber();

}  // namespace entrypoint::base
