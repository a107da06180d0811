#include "block_kit.hpp"

#include <spdlog/spdlog.h>

#include <set>

namespace flipside::slack {

using nlohmann::json;

std::string to_mrkdwn(std::string_view markdown) {
  std::string out;
  out.reserve(markdown.size());
  for (char c : markdown) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string unwrap_mailto_links(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const auto open = text.find("<mailto:");
    const auto close = open == std::string_view::npos ? open : text.find('>', open);
    if (close == std::string_view::npos) break;
    out.append(text.substr(0, open));
    auto link = text.substr(open + 8, close - open - 8);  // "a@b.c|a@b.c" or "a@b.c"
    if (auto bar = link.find('|'); bar != std::string_view::npos) link.remove_prefix(bar + 1);
    out.append(link);
    text.remove_prefix(close + 1);
  }
  out.append(text);
  return out;
}

namespace {

std::size_t char_count(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Splits text into pieces of at most `max_chars`, preferring line breaks, then spaces.
std::vector<std::string> split_text(const std::string& text, std::size_t max_chars) {
  std::vector<std::string> pieces;
  std::string_view rest = text;
  while (char_count(rest) > max_chars) {
    // Byte offset of the max_chars-th character.
    std::size_t bytes = 0, chars = 0;
    while (bytes < rest.size() && chars < max_chars) {
      ++bytes;
      while (bytes < rest.size() && (static_cast<unsigned char>(rest[bytes]) & 0xC0) == 0x80)
        ++bytes;
      ++chars;
    }
    auto window = rest.substr(0, bytes);
    auto cut = window.rfind('\n');
    if (cut == std::string_view::npos || cut < bytes / 2) cut = window.rfind(' ');
    if (cut == std::string_view::npos || cut < bytes / 2) cut = bytes;
    pieces.emplace_back(rest.substr(0, cut));
    rest.remove_prefix(cut);
    while (!rest.empty() && (rest.front() == '\n' || rest.front() == ' ')) rest.remove_prefix(1);
  }
  while (!rest.empty() && (rest.back() == '\n' || rest.back() == ' ')) rest.remove_suffix(1);
  if (!rest.empty() || pieces.empty()) pieces.emplace_back(rest);
  return pieces;
}

json plain(std::string_view text, std::size_t max_chars) {
  return {{"type", "plain_text"}, {"text", truncate_chars(text, max_chars)}, {"emoji", true}};
}

json mrkdwn(std::string_view text, std::size_t max_chars) {
  return {{"type", "mrkdwn"}, {"text", truncate_chars(to_mrkdwn(text), max_chars)}};
}

json option(const ui::Option& o) {
  return {{"text", plain(o.label, limits::kOptionText)},
          {"value", truncate_chars(o.value, limits::kOptionValue)}};
}

json options(const std::vector<ui::Option>& list) {
  json out = json::array();
  for (std::size_t i = 0; i < list.size() && i < limits::kOptions; ++i)
    out.push_back(option(list[i]));
  if (list.size() > limits::kOptions) {
    spdlog::warn("event=slack_options_capped offered={} shown={}", list.size(), limits::kOptions);
  }
  return out;
}

// Gives repeated action ids in one block a "#n" suffix; Slack requires them unique per block.
class ActionIds {
 public:
  std::string unique(const std::string& id) {
    std::string candidate = truncate_chars(id, limits::kActionId - 4);
    int n = 1;
    while (!used_.insert(candidate).second) {
      candidate = truncate_chars(id, limits::kActionId - 4) + "#" + std::to_string(++n);
    }
    return candidate;
  }

 private:
  std::set<std::string> used_;
};

json button(const ui::Button& b, ActionIds& ids) {
  json out = {{"type", "button"},
              {"text", plain(b.label, limits::kButtonText)},
              {"action_id", ids.unique(b.action_id)},
              {"value", truncate_chars(b.value.empty() ? "-" : b.value, limits::kButtonValue)}};
  if (b.style == ui::Style::primary) out["style"] = "primary";
  if (b.style == ui::Style::danger) out["style"] = "danger";
  return out;
}

json select(const ui::Select& s, ActionIds& ids) {
  json out = {{"type", "static_select"},
              {"action_id", ids.unique(s.action_id)},
              {"placeholder",
               plain(s.placeholder.empty() ? "Choose" : s.placeholder, limits::kPlaceholder)},
              {"options", options(s.options)}};
  // Only an option that is actually offered (the list may have been capped) can be the initial one.
  for (std::size_t i = 0; i < s.options.size() && i < limits::kOptions; ++i) {
    if (s.options[i].value == s.initial) out["initial_option"] = option(s.options[i]);
  }
  return out;
}

void render_block(const ui::Block& block, std::vector<json>& out) {
  if (auto* h = std::get_if<ui::Header>(&block)) {
    out.push_back({{"type", "header"}, {"text", plain(h->text, limits::kHeaderText)}});
  } else if (auto* t = std::get_if<ui::Text>(&block)) {
    if (t->markdown.find_first_not_of(" \n") == std::string::npos)
      return;  // Slack rejects empty sections
    for (auto& piece : split_text(to_mrkdwn(t->markdown), limits::kSectionText)) {
      out.push_back({{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", piece}}}});
    }
  } else if (auto* f = std::get_if<ui::Fields>(&block)) {
    for (std::size_t start = 0; start < f->items.size(); start += limits::kFields) {
      json fields = json::array();
      for (std::size_t i = start; i < f->items.size() && i < start + limits::kFields; ++i) {
        fields.push_back(
            mrkdwn("*" + f->items[i].label + "*\n" + f->items[i].value, limits::kFieldText));
      }
      out.push_back({{"type", "section"}, {"fields", std::move(fields)}});
    }
  } else if (auto* a = std::get_if<ui::Actions>(&block)) {
    // More than 25 elements: continue in further actions blocks, so every choice stays reachable.
    for (std::size_t start = 0; start < a->items.size(); start += limits::kActionsElements) {
      ActionIds ids;
      json elements = json::array();
      for (std::size_t i = start; i < a->items.size() && i < start + limits::kActionsElements;
           ++i) {
        const auto& item = a->items[i];
        if (auto* b = std::get_if<ui::Button>(&item)) {
          elements.push_back(button(*b, ids));
        } else {
          elements.push_back(select(std::get<ui::Select>(item), ids));
        }
      }
      out.push_back({{"type", "actions"}, {"elements", std::move(elements)}});
    }
  } else if (auto* c = std::get_if<ui::Context>(&block)) {
    for (std::size_t start = 0; start < c->items.size(); start += limits::kContextElements) {
      json elements = json::array();
      for (std::size_t i = start; i < c->items.size() && i < start + limits::kContextElements;
           ++i) {
        elements.push_back(mrkdwn(c->items[i], limits::kSectionText));
      }
      out.push_back({{"type", "context"}, {"elements", std::move(elements)}});
    }
  } else if (std::holds_alternative<ui::Divider>(block)) {
    out.push_back({{"type", "divider"}});
  } else if (auto* form = std::get_if<ui::Form>(&block)) {
    // Inputs belong in a modal (opened with a trigger id); in a message, say what it is.
    out.push_back(
        {{"type", "section"}, {"text", mrkdwn("*" + form->title + "*", limits::kSectionText)}});
  }
}

std::vector<json> render_all(const ui::Message& message) {
  std::vector<json> blocks;
  for (const auto& b : message.blocks) render_block(b, blocks);
  return blocks;
}

json input_element(const ui::Input& in) {
  json e;
  switch (in.kind) {
    case ui::InputKind::select:
      e = {{"type", "static_select"}, {"options", options(in.options)}};
      for (std::size_t i = 0; i < in.options.size() && i < limits::kOptions; ++i) {
        if (in.options[i].value == in.initial) e["initial_option"] = option(in.options[i]);
      }
      break;
    case ui::InputKind::multi_select: {
      e = {{"type", "multi_static_select"}, {"options", options(in.options)}};
      json initial = json::array();
      for (std::size_t i = 0; i < in.options.size() && i < limits::kOptions; ++i) {
        const auto& o = in.options[i];
        if (("," + in.initial + ",").find("," + o.value + ",") != std::string::npos)
          initial.push_back(option(o));
      }
      if (!initial.empty()) e["initial_options"] = initial;
      break;
    }
    case ui::InputKind::number:
      e = {{"type", "number_input"}, {"is_decimal_allowed", false}};
      if (!in.initial.empty()) e["initial_value"] = in.initial;
      if (in.min) e["min_value"] = std::to_string(*in.min);
      if (in.max) e["max_value"] = std::to_string(*in.max);
      break;
    case ui::InputKind::date:
      e = {{"type", "datepicker"}};
      if (!in.initial.empty()) e["initial_date"] = in.initial;
      break;
    case ui::InputKind::text:
    case ui::InputKind::multiline:
    case ui::InputKind::time_zone:
      e = {{"type", "plain_text_input"},
           {"multiline", in.kind == ui::InputKind::multiline},
           {"max_length", std::min<std::size_t>(in.max_length, 3000)}};
      if (!in.initial.empty()) e["initial_value"] = in.initial;
      break;
  }
  e["action_id"] = in.id;
  if (!in.placeholder.empty()) e["placeholder"] = plain(in.placeholder, limits::kPlaceholder);
  return e;
}

}  // namespace

std::vector<json> render_messages(const ui::Message& message) {
  auto blocks = render_all(message);
  // The notification text is formatted by Slack too: escape it, or "<@U1>" would ping someone.
  auto text = truncate_chars(to_mrkdwn(message.fallback_text()), limits::kFallbackText);
  if (text.empty()) text = "Flipside";
  std::vector<json> out;
  for (std::size_t start = 0; start < blocks.size() || out.empty();
       start += limits::kMessageBlocks) {
    json part = json::array();
    for (std::size_t i = start; i < blocks.size() && i < start + limits::kMessageBlocks; ++i)
      part.push_back(std::move(blocks[i]));
    out.push_back(
        {{"blocks", std::move(part)}, {"text", out.empty() ? text : std::string("(continued)")}});
    if (blocks.empty()) break;
  }
  return out;
}

json render_modal(const ui::Form& form, const std::string& private_metadata) {
  json blocks = json::array();
  for (const auto& in : form.inputs) {
    if (blocks.size() == limits::kSurfaceBlocks) break;
    json block = {{"type", "input"},
                  {"block_id", in.id},
                  {"label", plain(in.label, limits::kLabel)},
                  {"optional", !in.required},
                  {"element", input_element(in)}};
    if (!in.hint.empty()) block["hint"] = plain(in.hint, limits::kLabel);
    blocks.push_back(std::move(block));
  }
  return {{"type", "modal"},
          {"callback_id", truncate_chars(form.form_id, 255)},
          {"title", plain(form.title, limits::kModalTitle)},
          {"submit", plain(form.submit_label, limits::kModalTitle)},
          {"close", plain("Cancel", limits::kModalTitle)},
          {"notify_on_close", true},
          {"private_metadata", truncate_chars(private_metadata, limits::kPrivateMetadata)},
          {"blocks", std::move(blocks)}};
}

json render_home(const ui::Message& message) {
  auto blocks = render_all(message);
  if (blocks.size() > limits::kSurfaceBlocks) {
    blocks.resize(limits::kSurfaceBlocks - 1);
    blocks.push_back({{"type", "context"},
                      {"elements", json::array({mrkdwn("More in our chat: type *help*.", 200)})}});
  }
  return {{"type", "home"}, {"blocks", blocks}};
}

std::string route_action_id(std::string_view action_id) {
  auto hash = action_id.find('#');
  return std::string(action_id.substr(0, hash));
}

std::map<std::string, std::string> submitted_values(const json& state_values) {
  std::map<std::string, std::string> out;
  if (!state_values.is_object()) return out;
  for (const auto& [block_id, actions] : state_values.items()) {
    if (!actions.is_object()) continue;
    for (const auto& [action_id, v] : actions.items()) {
      if (!v.is_object()) continue;
      std::string value;
      if (v.contains("value") && v["value"].is_string()) {
        value = v["value"].get<std::string>();
      } else if (v.contains("selected_option") && v["selected_option"].is_object()) {
        value = v["selected_option"].value("value", "");
      } else if (v.contains("selected_date") && v["selected_date"].is_string()) {
        value = v["selected_date"].get<std::string>();
      } else if (v.contains("selected_options") && v["selected_options"].is_array()) {
        for (const auto& o : v["selected_options"]) {
          if (!value.empty()) value += ',';
          value += o.value("value", "");
        }
      }
      out[action_id] = value;
    }
  }
  return out;
}

}  // namespace flipside::slack
