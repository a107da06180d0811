#include "ui_json.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace flipside::ui {

using nlohmann::json;

namespace {

const char* style_name(Style s) {
  switch (s) {
    case Style::primary:
      return "primary";
    case Style::danger:
      return "danger";
    case Style::normal:
      break;
  }
  return "normal";
}

Style style_from(const std::string& s) {
  if (s == "primary") return Style::primary;
  if (s == "danger") return Style::danger;
  return Style::normal;
}

const char* kind_name(InputKind k) {
  switch (k) {
    case InputKind::text:
      return "text";
    case InputKind::multiline:
      return "multiline";
    case InputKind::select:
      return "select";
    case InputKind::multi_select:
      return "multi_select";
    case InputKind::number:
      return "number";
    case InputKind::time_zone:
      return "time_zone";
    case InputKind::date:
      return "date";
  }
  return "text";
}

InputKind kind_from(const std::string& s) {
  if (s == "multiline") return InputKind::multiline;
  if (s == "select") return InputKind::select;
  if (s == "multi_select") return InputKind::multi_select;
  if (s == "number") return InputKind::number;
  if (s == "time_zone") return InputKind::time_zone;
  if (s == "date") return InputKind::date;
  if (s == "text") return InputKind::text;
  throw std::invalid_argument("unknown input kind: " + s);
}

json options_json(const std::vector<Option>& options) {
  json out = json::array();
  for (const auto& o : options) out.push_back({{"label", o.label}, {"value", o.value}});
  return out;
}

std::vector<Option> options_from(const json& j) {
  std::vector<Option> out;
  for (const auto& o : j)
    out.push_back({o.at("label").get<std::string>(), o.at("value").get<std::string>()});
  return out;
}

json form_json(const Form& f) {
  json inputs = json::array();
  for (const auto& i : f.inputs) {
    json in = {{"id", i.id},
               {"label", i.label},
               {"kind", kind_name(i.kind)},
               {"hint", i.hint},
               {"placeholder", i.placeholder},
               {"initial", i.initial},
               {"required", i.required},
               {"max_length", i.max_length},
               {"options", options_json(i.options)}};
    if (i.min) in["min"] = *i.min;
    if (i.max) in["max"] = *i.max;
    inputs.push_back(std::move(in));
  }
  return {{"type", "form"},
          {"form_id", f.form_id},
          {"title", f.title},
          {"submit_label", f.submit_label},
          {"inputs", std::move(inputs)}};
}

Form form_from(const json& j) {
  Form f;
  f.form_id = j.at("form_id").get<std::string>();
  f.title = j.value("title", "");
  f.submit_label = j.value("submit_label", "Submit");
  for (const auto& in : j.at("inputs")) {
    Input i;
    i.id = in.at("id").get<std::string>();
    i.label = in.value("label", "");
    i.kind = kind_from(in.value("kind", "text"));
    i.hint = in.value("hint", "");
    i.placeholder = in.value("placeholder", "");
    i.initial = in.value("initial", "");
    i.required = in.value("required", true);
    i.max_length = in.value("max_length", std::size_t{200});
    if (in.contains("options")) i.options = options_from(in.at("options"));
    if (in.contains("min")) i.min = in.at("min").get<long>();
    if (in.contains("max")) i.max = in.at("max").get<long>();
    f.inputs.push_back(std::move(i));
  }
  return f;
}

struct BlockToJson {
  json operator()(const Header& h) const { return {{"type", "header"}, {"text", h.text}}; }
  json operator()(const Text& t) const { return {{"type", "text"}, {"markdown", t.markdown}}; }
  json operator()(const Fields& f) const {
    json items = json::array();
    for (const auto& i : f.items) items.push_back({{"label", i.label}, {"value", i.value}});
    return {{"type", "fields"}, {"items", std::move(items)}};
  }
  json operator()(const Actions& a) const {
    json items = json::array();
    for (const auto& item : a.items) {
      if (const auto* b = std::get_if<Button>(&item)) {
        items.push_back({{"type", "button"},
                         {"label", b->label},
                         {"action_id", b->action_id},
                         {"value", b->value},
                         {"style", style_name(b->style)}});
      } else {
        const auto& s = std::get<Select>(item);
        items.push_back({{"type", "select"},
                         {"action_id", s.action_id},
                         {"placeholder", s.placeholder},
                         {"options", options_json(s.options)},
                         {"initial", s.initial}});
      }
    }
    return {{"type", "actions"}, {"items", std::move(items)}};
  }
  json operator()(const Context& c) const { return {{"type", "context"}, {"items", c.items}}; }
  json operator()(const Divider&) const { return {{"type", "divider"}}; }
  json operator()(const Form& f) const { return form_json(f); }
};

Block block_from(const json& j) {
  const auto type = j.at("type").get<std::string>();
  if (type == "header") return Header{j.at("text").get<std::string>()};
  if (type == "text") return Text{j.at("markdown").get<std::string>()};
  if (type == "fields") {
    Fields f;
    for (const auto& i : j.at("items")) f.items.push_back({i.at("label"), i.at("value")});
    return f;
  }
  if (type == "actions") {
    Actions a;
    for (const auto& i : j.at("items")) {
      if (i.at("type") == "button") {
        a.items.emplace_back(Button{i.at("label"), i.at("action_id"), i.value("value", ""),
                                    style_from(i.value("style", "normal"))});
      } else {
        a.items.emplace_back(Select{i.at("action_id"), i.value("placeholder", ""),
                                    options_from(i.at("options")), i.value("initial", "")});
      }
    }
    return a;
  }
  if (type == "context") return Context{j.at("items").get<std::vector<std::string>>()};
  if (type == "divider") return Divider{};
  if (type == "form") return form_from(j);
  throw std::invalid_argument("unknown block type: " + type);
}

}  // namespace

json to_json(const Message& m) {
  json blocks = json::array();
  for (const auto& b : m.blocks) blocks.push_back(std::visit(BlockToJson{}, b));
  return {{"template_id", m.template_id}, {"blocks", std::move(blocks)}};
}

Message message_from_json(const json& j) {
  try {
    Message m;
    m.template_id = j.value("template_id", "");
    for (const auto& b : j.at("blocks")) m.blocks.push_back(block_from(b));
    return m;
  } catch (const json::exception& e) {
    throw std::invalid_argument(std::string("malformed message JSON: ") + e.what());
  }
}

}  // namespace flipside::ui
