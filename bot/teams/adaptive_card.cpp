#include "adaptive_card.hpp"

#include "bot/core/text.hpp"

namespace flipside::teams {

using nlohmann::json;

std::string to_card_markdown(std::string_view md) {
  std::string out;
  for (std::size_t i = 0; i < md.size(); ++i) {
    // A lone *x* is bold in our subset but italic in Adaptive Cards' markdown.
    if (md[i] == '*' && (i == 0 || !std::isalnum(static_cast<unsigned char>(md[i - 1])))) {
      auto close = md.find('*', i + 1);
      if (close != std::string_view::npos && close > i + 1 && md[i + 1] != ' ' &&
          md.substr(i + 1, close - i - 1).find('\n') == std::string_view::npos) {
        out += "**";
        out += md.substr(i + 1, close - i - 1);
        out += "**";
        i = close;
        continue;
      }
    }
    out += md[i];
  }
  return out;
}

std::string select_input_id(const std::string& action_id) {
  return "select." + action_id;
}

namespace {

json text_block(const std::string& text) {
  return {{"type", "TextBlock"}, {"text", to_card_markdown(text)}, {"wrap", true}};
}

json submit(const std::string& title, json data, ui::Style style = ui::Style::normal) {
  json a = {{"type", "Action.Submit"}, {"title", title}, {"data", std::move(data)}};
  if (style == ui::Style::primary) a["style"] = "positive";
  if (style == ui::Style::danger) a["style"] = "destructive";
  return a;
}

json choices(const std::vector<ui::Option>& options) {
  json out = json::array();
  for (const auto& o : options) out.push_back({{"title", o.label}, {"value", o.value}});
  return out;
}

json input(const ui::Input& in, const std::string& value) {
  json e;
  switch (in.kind) {
    case ui::InputKind::select:
    case ui::InputKind::multi_select:
      e = {{"type", "Input.ChoiceSet"}, {"style", "compact"}, {"choices", choices(in.options)}};
      if (in.kind == ui::InputKind::multi_select) e["isMultiSelect"] = true;
      break;
    case ui::InputKind::number:
      e = {{"type", "Input.Number"}};
      if (in.min) e["min"] = *in.min;
      if (in.max) e["max"] = *in.max;
      break;
    case ui::InputKind::date:
      e = {{"type", "Input.Date"}};
      break;
    case ui::InputKind::text:
    case ui::InputKind::multiline:
    case ui::InputKind::time_zone:
      e = {{"type", "Input.Text"}, {"maxLength", in.max_length}};
      if (in.kind == ui::InputKind::multiline) e["isMultiline"] = true;
      break;
  }
  e["id"] = in.id;
  e["label"] = in.label;
  e["isRequired"] = in.required;
  e["errorMessage"] = in.required ? "Please fill this in." : "Please check this value.";
  if (!in.placeholder.empty()) e["placeholder"] = in.placeholder;
  if (!value.empty()) {
    if (in.kind == ui::InputKind::number) {
      try {
        e["value"] = std::stol(value);
      } catch (const std::exception&) {
        // A number the person typed wrongly: leave the field empty; the error says why.
      }
    } else {
      e["value"] = value;
    }
  }
  return e;
}

void add_form(const ui::Form& form, json& body, const ui::FormErrors& errors,
              const std::map<std::string, std::string>& values) {
  if (!form.title.empty())
    body.push_back(
        {{"type", "TextBlock"}, {"text", form.title}, {"weight", "Bolder"}, {"wrap", true}});
  for (const auto& in : form.inputs) {
    auto typed = values.find(in.id);
    body.push_back(input(in, typed != values.end() ? typed->second : in.initial));
    if (!in.hint.empty())
      body.push_back({{"type", "TextBlock"},
                      {"text", in.hint},
                      {"isSubtle", true},
                      {"size", "Small"},
                      {"wrap", true},
                      {"spacing", "None"}});
    if (auto error = errors.find(in.id); error != errors.end()) {
      body.push_back({{"type", "TextBlock"},
                      {"text", error->second},
                      {"color", "Attention"},
                      {"wrap", true},
                      {"spacing", "None"}});
    }
  }
  body.push_back({{"type", "ActionSet"},
                  {"actions", json::array({submit(form.submit_label, {{"form_id", form.form_id}},
                                                  ui::Style::primary)})}});
}

}  // namespace

json render_card(const ui::Message& message, const ui::FormErrors& errors,
                 const std::map<std::string, std::string>& values) {
  json body = json::array();
  bool separate_next = false;
  for (const auto& block : message.blocks) {
    const auto before = body.size();
    if (auto* h = std::get_if<ui::Header>(&block)) {
      body.push_back({{"type", "TextBlock"},
                      {"text", h->text},
                      {"size", "Large"},
                      {"weight", "Bolder"},
                      {"wrap", true}});
    } else if (auto* t = std::get_if<ui::Text>(&block)) {
      if (t->markdown.find_first_not_of(" \n") != std::string::npos)
        body.push_back(text_block(t->markdown));
    } else if (auto* f = std::get_if<ui::Fields>(&block)) {
      json facts = json::array();
      for (const auto& item : f->items)
        facts.push_back({{"title", item.label}, {"value", to_card_markdown(item.value)}});
      body.push_back({{"type", "FactSet"}, {"facts", std::move(facts)}});
    } else if (auto* a = std::get_if<ui::Actions>(&block)) {
      json actions = json::array();
      for (const auto& item : a->items) {
        if (auto* b = std::get_if<ui::Button>(&item)) {
          actions.push_back(
              submit(b->label, {{"action_id", b->action_id}, {"value", b->value}}, b->style));
        } else {
          // A select in a message: the choice travels with its own submit button, under its
          // own input id (a card may hold several selects and a form; ids must be unique).
          const auto& s = std::get<ui::Select>(item);
          json set = {{"type", "Input.ChoiceSet"},
                      {"id", select_input_id(s.action_id)},
                      {"style", "compact"},
                      {"choices", choices(s.options)},
                      {"placeholder", s.placeholder}};
          if (!s.initial.empty()) set["value"] = s.initial;
          body.push_back(set);
          actions.push_back(submit("OK", {{"action_id", s.action_id}}));
        }
      }
      body.push_back({{"type", "ActionSet"}, {"actions", std::move(actions)}});
    } else if (auto* c = std::get_if<ui::Context>(&block)) {
      for (const auto& line : c->items) {
        body.push_back({{"type", "TextBlock"},
                        {"text", to_card_markdown(line)},
                        {"isSubtle", true},
                        {"size", "Small"},
                        {"wrap", true}});
      }
    } else if (std::holds_alternative<ui::Divider>(block)) {
      separate_next = true;
      continue;
    } else if (auto* form = std::get_if<ui::Form>(&block)) {
      add_form(*form, body, errors, values);
    }
    if (separate_next && body.size() > before) {
      body[before]["separator"] = true;
      separate_next = false;
    }
  }
  return {{"type", "AdaptiveCard"},
          {"$schema", "http://adaptivecards.io/schemas/adaptive-card.json"},
          {"version", "1.5"},
          {"body", std::move(body)}};
}

json card_activity(const ui::Message& message, const ui::FormErrors& errors,
                   const std::map<std::string, std::string>& values) {
  return {{"type", "message"},
          {"summary", truncate_chars(message.fallback_text(), 200)},
          {"attachments", json::array({{{"contentType", kCardContentType},
                                        {"content", render_card(message, errors, values)}}})}};
}

}  // namespace flipside::teams
