#pragma once
// Golden-file testing shared by the Slack and Teams renderers: render a fixed set of inputs,
// compare with committed JSON, or rewrite it with FLIPSIDE_UPDATE_GOLDEN=1.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bot/core/ui.hpp"

namespace flipside::testing {

struct Golden {
  std::string file;  // the file name under the platform's golden folder
  nlohmann::json value;
};

bool updating_goldens();
// The representative form both platforms render: every input kind, required and optional ones,
// hints, placeholders and initial values.
ui::Form every_input_form();
const nlohmann::json& golden(const std::vector<Golden>& all, const std::string& file);
std::string pretty(const nlohmann::json& value);
std::string read_file(const std::filesystem::path& path);

// Compares every golden with its file (a Catch2 failure per mismatch naming the first different
// line), or writes them all when updating.
void check_goldens(const std::filesystem::path& dir, const std::vector<Golden>& all);
// Fails for a .json in `dir` that no input produces any more (removes it when updating).
void check_no_stale_goldens(const std::filesystem::path& dir, const std::vector<Golden>& all);

}  // namespace flipside::testing
