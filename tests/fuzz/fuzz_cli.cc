// libFuzzer: any command line (NUL-separated arguments) parses or is a usage error.
#include <cstdint>
#include <string>
#include <vector>

#include "entrypoint/cli/options.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> argv;
  std::string cur;
  for (size_t i = 0; i < size; ++i) {
    if (data[i] == 0) {
      argv.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(static_cast<char>(data[i]));
    }
  }
  argv.push_back(cur);
  (void)entrypoint::cli::ParseCommandLine(argv, [](std::string_view) { return std::nullopt; });
  return 0;
}
