#pragma once
// Running the built `flipside` binary from a test, as an operator would from a shell.
#include <string>

#include "support/temp_dir.hpp"

namespace flipside::testing {

struct CliRun {
  int status = -1;  // exit status, -1 if it did not exit normally
  std::string out;
  std::string err;
};

// The binary next to the test's build folder (<build>/flipside), or $FLIPSIDE_BIN.
std::string flipside_binary();
// 'text' for /bin/sh, quotes included.
std::string shell_quote(const std::string& text);
// Runs `flipside <args>` from `dir` (so no .env of the working directory is read) on the database
// dir/cli.db with warnings-only logs; `env` adds "NAME=value ..." settings, `stdin_file` feeds
// standard input.
CliRun run_flipside(const TempDir& dir, const std::string& args, const std::string& env = "",
                    const std::string& stdin_file = "");

}  // namespace flipside::testing
