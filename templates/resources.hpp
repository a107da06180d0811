#pragma once
// The resource hub's catalogue as data: "$kind": "resources" documents under templates/resources/
// (built in, or replaced from FLIPSIDE_TEMPLATES_DIR like every other template). Unlike wording,
// one bad entry must not stop the bot: each entry is checked when the file is loaded, and a bad one
// (a broken link, a missing field, a duplicate title) is skipped, logged and kept as a problem the
// programme managers can list (`resources check`). Links are checked by shape only, never fetched.
#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace flipside::templates {

struct Resource {
  std::string title;
  std::string url;
  std::string kind;                 // article, video, course, ... (kResourceKinds)
  std::vector<std::string> topics;  // themes such as programme focus areas: "ai_data", "mentoring"
  std::vector<std::string>
      skills;        // skills it helps with: "Data visualisation", "Active listening"
  std::string note;  // optional, one short line
};

// An entry that was skipped, and why, e.g. {"…/resources.json", "entry 4 (\"Agile 101\")",
// "url \"htp://x\" is not an absolute http(s) link"}.
struct ResourceProblem {
  std::string file;
  std::string entry;
  std::string reason;
};

inline constexpr std::string_view kResourceKinds[] = {"article", "video", "course", "book",
                                                      "podcast", "guide", "talk",   "tool"};

class ResourceCatalogue {
 public:
  // Adds the entries of one "$kind": "resources" document ({"resources": [...]}). Good entries are
  // kept in file order; bad ones are logged and recorded. Throws TemplateError only when the
  // document as a whole has the wrong shape (that is a broken file, like any other template).
  void add_document(std::string_view origin, const nlohmann::json& doc);
  // Forgets every entry and problem: an override directory's resources replace the built-in ones.
  void clear();

  const std::vector<Resource>& entries() const { return entries_; }
  const std::vector<ResourceProblem>& problems() const { return problems_; }

 private:
  std::vector<Resource> entries_;
  std::vector<std::string> entry_origins_;  // "file entry N", to name the first of a duplicate
  std::vector<ResourceProblem> problems_;
};

// Why `url` cannot be offered as a link, or "" when it can: it must be an absolute http or https
// URL with a host, and contain no spaces or characters that break chat links (<, >, |, ").
std::string url_problem(std::string_view url);

}  // namespace flipside::templates
