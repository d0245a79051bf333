// Replays fuzz inputs through a libFuzzer target's entry point in an ordinary build, so every
// seed and every input that once crashed a target runs in `meson test` under g++ (and under
// ASan/UBSan in the sanitizer build) without clang or libFuzzer.
//
//   replay_TARGET DIR_OR_FILE...
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

int ReplayFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "replay: cannot read %s\n", p.c_str());
    return 1;
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // A copy of exactly the input's size, so ASan catches reads past its end as libFuzzer would.
  std::vector<uint8_t> buf(bytes.begin(), bytes.end());
  LLVMFuzzerTestOneInput(buf.data(), buf.size());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int inputs = 0, failures = 0;
  for (int i = 1; i < argc; ++i) {
    std::filesystem::path arg(argv[i]);
    std::error_code ec;
    if (std::filesystem::is_directory(arg, ec)) {
      std::vector<std::filesystem::path> files;
      for (const auto& e : std::filesystem::directory_iterator(arg)) {
        if (e.is_regular_file()) files.push_back(e.path());
      }
      std::sort(files.begin(), files.end());
      for (const auto& f : files) {
        failures += ReplayFile(f);
        ++inputs;
      }
    } else if (std::filesystem::exists(arg, ec)) {
      failures += ReplayFile(arg);
      ++inputs;
    }
  }
  std::printf("replayed %d inputs\n", inputs);
  // A run that replays nothing proves nothing: the corpus paths are wrong.
  return (failures == 0 && inputs > 0) ? 0 : 1;
}
