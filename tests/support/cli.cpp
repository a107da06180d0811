#include "support/cli.hpp"

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace flipside::testing {

namespace {
std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

std::string flipside_binary() {
  if (const char* env = std::getenv("FLIPSIDE_BIN"); env && *env) return env;
  // The test binary is <build>/tests/flipside_tests; flipside is <build>/flipside.
  return (std::filesystem::read_symlink("/proc/self/exe").parent_path().parent_path() / "flipside")
      .string();
}

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

CliRun run_flipside(const TempDir& dir, const std::string& args, const std::string& env,
                    const std::string& stdin_file) {
  const auto out = dir.file("stdout.txt");
  const auto err = dir.file("stderr.txt");
  std::string command = "cd " + shell_quote(dir.path().string()) +
                        " && env FLIPSIDE_DB=" + shell_quote(dir.file("cli.db")) +
                        " FLIPSIDE_LOG_LEVEL=warn " + env + " " + shell_quote(flipside_binary()) +
                        " " + args + " >" + shell_quote(out) + " 2>" + shell_quote(err);
  if (!stdin_file.empty()) command += " <" + shell_quote(stdin_file);
  const int raw = std::system(command.c_str());
  CliRun r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

}  // namespace flipside::testing
