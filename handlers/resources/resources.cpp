// `resources [topic]`: the resource hub (issue #8). Without a topic it lists the topics and
// skills; with one it lists what is filed under it (case-insensitive, with a "did you mean" for a
// near miss). `resources check` shows programme managers the catalogue entries that were skipped
// at load time and why (broken links, missing fields, duplicates). The catalogue is template data:
// templates/resources/, or FLIPSIDE_TEMPLATES_DIR after a restart.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "bot/core/text.hpp"
#include "handlers/context.hpp"
#include "handlers/features.hpp"
#include "handlers/resources/resource_finder.hpp"

namespace flipside::handlers {

namespace {

// A chat message stays readable: this many problems in full, then a count.
constexpr std::size_t kProblemsShown = 30;

std::string topic_label(const Context& ctx, const std::string& id) {
  for (const auto& template_id : {"programme.focus." + id, "resources.topic." + id})
    if (ctx.templates().has(template_id)) return ctx.text(template_id);
  std::string label = id;
  std::replace(label.begin(), label.end(), '_', ' ');
  return label;
}

std::vector<TopicName> names_in(const Context& ctx) {
  return topic_names(ctx.templates().resources(),
                     [&](const std::string& id) { return topic_label(ctx, id); });
}

std::string name_list(Context& ctx, const std::vector<TopicName>& names, bool skills) {
  std::string out;
  for (const auto& n : names)
    if (n.is_skill == skills)
      out += (out.empty() ? "" : ", ") +
             ctx.text("resources.topic_count",
                      {{"topic", n.label}, {"count", std::to_string(n.count)}});
  return out;
}

void add_topic_lists(Context& ctx, ui::Message& m, const std::vector<TopicName>& names) {
  m.text(ctx.text("resources.topics", {{"topics", name_list(ctx, names, false)}}));
  if (auto skills = name_list(ctx, names, true); !skills.empty())
    m.text(ctx.text("resources.skills", {{"skills", skills}}));
  m.context(ctx.text("resources.hint"));
}

Reply check(Context& ctx) {
  // Everyone may look resources up; only managers may see what is wrong with the file.
  if (!ctx.is_manager()) return say(ctx, "router.managers_only", {{"verb", "resources check"}});
  const auto& catalogue = ctx.templates().resources();
  const auto& problems = catalogue.problems();
  auto m = ctx.message("resources.check");
  m.header(ctx.text("resources.check.title"));
  if (problems.empty()) {
    m.text(ctx.text("resources.check.ok", {{"count", std::to_string(catalogue.entries().size())}}));
    return Reply::say(std::move(m));
  }
  m.text(ctx.text("resources.check.summary", {{"count", std::to_string(catalogue.entries().size())},
                                              {"flagged", std::to_string(problems.size())}}));
  std::string lines;
  for (std::size_t i = 0; i < problems.size() && i < kProblemsShown; ++i)
    lines += (lines.empty() ? "" : "\n") +
             ctx.text("resources.check.problem", {{"file", problems[i].file},
                                                  {"entry", problems[i].entry},
                                                  {"reason", problems[i].reason}});
  m.text(lines);
  if (problems.size() > kProblemsShown)
    m.text(ctx.text("resources.check.more",
                    {{"count", std::to_string(problems.size() - kProblemsShown)}}));
  m.context(ctx.text("resources.check.footer"));
  return Reply::say(std::move(m));
}

Reply show(Context& ctx, const Event& e) {
  const auto query = trim(e.args);
  if (lower(query) == "check") return check(ctx);
  const auto& catalogue = ctx.templates().resources();
  if (catalogue.entries().empty()) return say(ctx, "resources.empty");
  const auto names = names_in(ctx);

  if (query.empty()) {
    auto m = ctx.message("resources.index");
    m.header(ctx.text("resources.title"));
    add_topic_lists(ctx, m, names);
    if (ctx.is_manager()) m.context(ctx.text("resources.manager_hint"));
    return Reply::say(std::move(m));
  }
  const auto* topic = find_topic(names, query);
  if (topic == nullptr) {
    auto m = ctx.message("resources.unknown");
    std::string text = ctx.text("resources.unknown", {{"topic", truncate_chars(query, 60)}});
    if (auto near = closest_topic(names, query); !near.empty())
      text += " " + ctx.text("resources.suggestion", {{"suggestion", near}});
    m.text(text);
    add_topic_lists(ctx, m, names);
    return Reply::say(std::move(m));
  }
  auto m = ctx.message("resources.list");
  m.header(ctx.text("resources.list.title", {{"topic", topic->label}}));
  std::string lines;
  for (const auto* r : resources_under(catalogue, *topic)) {
    lines += (lines.empty() ? "" : "\n") +
             ctx.text("resources.item", {{"title", r->title}, {"kind", r->kind}, {"url", r->url}});
    if (!r->note.empty()) lines += " " + ctx.text("resources.note", {{"note", r->note}});
  }
  m.text(lines);
  m.context(ctx.text("resources.list.footer"));
  return Reply::say(std::move(m));
}

}  // namespace

void register_resources(Router& router) {
  router.command({"resources", "resources [topic]", "articles, videos and courses by topic"}, show);
}

std::vector<templates::TemplateSpec> resources_templates() {
  return {{"resources.title", {}},
          {"resources.topics", {"topics"}},
          {"resources.skills", {"skills"}},
          {"resources.topic_count", {"topic", "count"}},
          {"resources.hint", {}},
          {"resources.manager_hint", {}},
          {"resources.empty", {}},
          {"resources.unknown", {"topic"}},
          {"resources.suggestion", {"suggestion"}},
          {"resources.list.title", {"topic"}},
          {"resources.item", {"title", "kind", "url"}},
          {"resources.note", {"note"}},
          {"resources.list.footer", {}},
          {"resources.check.title", {}},
          {"resources.check.ok", {"count"}},
          {"resources.check.summary", {"count", "flagged"}},
          {"resources.check.problem", {"file", "entry", "reason"}},
          {"resources.check.more", {"count"}},
          {"resources.check.footer", {}}};
}

}  // namespace flipside::handlers
