#include "entrypoint/init/subprocess.h"

#include <filesystem>
#include <future>
#include <sys/wait.h>

#include <boost/asio/io_context.hpp>
#include <boost/process.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace podinit::init {
namespace bp = boost::process;

absl::StatusOr<std::vector<std::string>> SplitWords(std::string_view line) {
  std::vector<std::string> words;
  std::string cur;
  bool in_word = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(std::move(cur));
      cur.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\'') {
      size_t end = line.find('\'', i + 1);
      if (end == std::string_view::npos) return absl::InvalidArgumentError("unterminated ' in command");
      cur.append(line.substr(i + 1, end - i - 1));
      i = end;
    } else if (c == '"') {
      size_t j = i + 1;
      for (; j < line.size() && line[j] != '"'; ++j) {
        if (line[j] == '\\' && j + 1 < line.size() && (line[j + 1] == '"' || line[j + 1] == '\\')) ++j;
        cur.push_back(line[j]);
      }
      if (j >= line.size()) return absl::InvalidArgumentError("unterminated \" in command");
      i = j;
    } else if (c == '\\' && i + 1 < line.size()) {
      cur.push_back(line[++i]);
    } else {
      cur.push_back(c);
    }
  }
  if (in_word) words.push_back(std::move(cur));
  return words;
}

absl::StatusOr<SubprocessResult> RunSubprocess(const std::vector<std::string>& argv,
                                               const std::vector<std::string>& env) {
  if (argv.empty()) return absl::InvalidArgumentError("empty command");
  // Boost reports failures as exceptions; they stop here.
  try {
    bp::environment child_env;
    std::string path_var;
    for (const std::string& kv : env) {
      size_t eq = kv.find('=');
      if (eq == std::string::npos) continue;
      child_env[kv.substr(0, eq)] = kv.substr(eq + 1);
      if (kv.compare(0, eq, "PATH") == 0) path_var = kv.substr(eq + 1);
    }
    std::filesystem::path exe;
    if (argv[0].find('/') != std::string::npos) {
      exe = argv[0];
    } else {
      std::vector<std::filesystem::path> dirs;
      for (absl::string_view d : absl::StrSplit(path_var.empty() ? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" : path_var, ':')) {
        if (!d.empty()) dirs.emplace_back(std::string(d));
      }
      exe = bp::search_path(argv[0], dirs);
      if (exe.empty()) return absl::NotFoundError(absl::StrCat(argv[0], ": command not found"));
    }
    boost::asio::io_context ios;
    std::future<std::string> out, err;
    std::vector<std::string> args(argv.begin() + 1, argv.end());
    bp::child child(exe, bp::args(args), child_env, bp::std_in.close(), bp::std_out > out,
                    bp::std_err > err, ios);
    ios.run();
    child.wait();
    SubprocessResult r;
    r.out = out.get();
    r.err = err.get();
    int native = child.native_exit_code();
    r.exit_code = WIFSIGNALED(native) ? 128 + WTERMSIG(native) : child.exit_code();
    return r;
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat(argv[0], ": ", e.what()));
  }
}

std::vector<std::pair<std::string, std::string>> ParseEnvLines(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  for (absl::string_view line : absl::StrSplit(absl::string_view(text.data(), text.size()), '\n')) {
    line = absl::StripTrailingAsciiWhitespace(line);
    size_t eq = line.find('=');
    if (eq == absl::string_view::npos || eq == 0) continue;
    absl::string_view name = line.substr(0, eq);
    bool valid = absl::ascii_isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_';
    for (char ch : name) valid = valid && (absl::ascii_isalnum(static_cast<unsigned char>(ch)) || ch == '_');
    if (!valid) continue;
    absl::string_view value = line.substr(eq + 1);
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    out.emplace_back(std::string(name), std::string(value));
  }
  return out;
}

}  // namespace podinit::init
