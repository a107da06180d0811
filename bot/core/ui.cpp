#include "ui.hpp"

#include <algorithm>
#include <charconv>

#include "time_zones.hpp"

namespace flipside::ui {

Message& Message::header(std::string t) {
  blocks.emplace_back(Header{std::move(t)});
  return *this;
}
Message& Message::text(std::string markdown) {
  blocks.emplace_back(Text{std::move(markdown)});
  return *this;
}
Message& Message::fields(std::vector<Field> items) {
  blocks.emplace_back(Fields{std::move(items)});
  return *this;
}
Message& Message::buttons(std::vector<Button> items) {
  Actions a;
  for (auto& b : items) a.items.emplace_back(std::move(b));
  blocks.emplace_back(std::move(a));
  return *this;
}
Message& Message::context(std::string line) {
  blocks.emplace_back(Context{{std::move(line)}});
  return *this;
}
Message& Message::divider() {
  blocks.emplace_back(Divider{});
  return *this;
}
Message& Message::form(Form f) {
  blocks.emplace_back(std::move(f));
  return *this;
}

std::string Message::fallback_text() const {
  std::string out;
  auto add = [&out](const std::string& s) {
    if (s.empty()) return;
    if (!out.empty()) out += '\n';
    out += s;
  };
  for (const auto& block : blocks) {
    if (auto* h = std::get_if<Header>(&block)) add(h->text);
    if (auto* t = std::get_if<Text>(&block)) add(t->markdown);
    if (auto* f = std::get_if<Form>(&block)) add(f->title);
  }
  return out;
}

namespace {

std::size_t utf8_length(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

bool is_blank(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

bool has_option(const Input& input, std::string_view value) {
  return std::any_of(input.options.begin(), input.options.end(),
                     [&](const Option& o) { return o.value == value; });
}

std::optional<std::string> check(const Input& input, const std::string& value) {
  if (is_blank(value)) {
    if (input.required) return "Please fill this in.";
    return std::nullopt;
  }
  if (utf8_length(value) > input.max_length) {
    return "Please keep this under " + std::to_string(input.max_length) + " characters.";
  }
  switch (input.kind) {
    case InputKind::select:
      if (!has_option(input, value)) return "Please pick one of the options.";
      break;
    case InputKind::multi_select: {
      std::size_t start = 0;
      while (start <= value.size()) {
        auto comma = value.find(',', start);
        auto part =
            value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!part.empty() && !has_option(input, part))
          return "\"" + part + "\" is not one of the options.";
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      break;
    }
    case InputKind::number: {
      long n = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc{} || end != value.data() + value.size())
        return "Please enter a whole number.";
      if ((input.min && n < *input.min) || (input.max && n > *input.max)) {
        return "Please enter a number from " + std::to_string(input.min.value_or(n)) + " to " +
               std::to_string(input.max.value_or(n)) + ".";
      }
      break;
    }
    case InputKind::time_zone:
      if (!is_known_time_zone(value)) {
        return "\"" + value +
               "\" is not a time zone I know. Use a name like Europe/Berlin or America/New_York.";
      }
      break;
    case InputKind::date:
      if (!parse_date(value)) return "Please enter a date as YYYY-MM-DD, e.g. 2026-03-02.";
      break;
    case InputKind::text:
    case InputKind::multiline:
      break;
  }
  return std::nullopt;
}

}  // namespace

FormErrors validate(const Form& form, const std::map<std::string, std::string>& fields) {
  FormErrors errors;
  for (const auto& input : form.inputs) {
    auto it = fields.find(input.id);
    const std::string value = it == fields.end() ? std::string{} : it->second;
    if (auto problem = check(input, value)) errors[input.id] = *problem;
  }
  return errors;
}

}  // namespace flipside::ui
