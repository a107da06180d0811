#pragma once
// The small vocabulary handlers speak. Renderers turn it into Block Kit, Adaptive Cards or
// the console's HTML, and enforce each platform's limits there.
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace flipside::ui {

enum class Style { normal, primary, danger };

struct Option {
  std::string label;
  std::string value;
  bool operator==(const Option&) const = default;
};

struct Button {
  std::string label;
  std::string action_id;  // "feature.verb", routed like any event
  std::string value;
  Style style = Style::normal;
  bool operator==(const Button&) const = default;
};

struct Select {
  std::string action_id;
  std::string placeholder;
  std::vector<Option> options;
  std::string initial;
  bool operator==(const Select&) const = default;
};

struct Header {
  std::string text;
  bool operator==(const Header&) const = default;
};
// Markdown subset: *bold*, _italic_, `code`, line breaks.
struct Text {
  std::string markdown;
  bool operator==(const Text&) const = default;
};
struct Field {
  std::string label;
  std::string value;
  bool operator==(const Field&) const = default;
};
struct Fields {
  std::vector<Field> items;
  bool operator==(const Fields&) const = default;
};
struct Actions {
  std::vector<std::variant<Button, Select>> items;
  bool operator==(const Actions&) const = default;
};
struct Context {
  std::vector<std::string> items;
  bool operator==(const Context&) const = default;
};
struct Divider {
  bool operator==(const Divider&) const = default;
};

// date: a calendar date, submitted as YYYY-MM-DD by every platform's date picker.
enum class InputKind { text, multiline, select, multi_select, number, time_zone, date };

struct Input {
  std::string id;
  std::string label;
  InputKind kind = InputKind::text;
  std::string hint;
  std::string placeholder;
  std::string initial;
  bool required = true;
  std::size_t max_length = 200;
  std::vector<Option> options;  // select / multi_select
  std::optional<long> min;      // number
  std::optional<long> max;      // number
  bool operator==(const Input&) const = default;
};

struct Form {
  std::string form_id;  // routed as a form event on submit
  std::string title;
  std::string submit_label = "Submit";
  std::vector<Input> inputs;
  bool operator==(const Form&) const = default;
};

using Block = std::variant<Header, Text, Fields, Actions, Context, Divider, Form>;

struct Message {
  // The template the wording came from: tests and logs name messages by it.
  std::string template_id;
  std::vector<Block> blocks;
  bool operator==(const Message&) const = default;

  Message& header(std::string text);
  Message& text(std::string markdown);
  Message& fields(std::vector<Field> items);
  Message& buttons(std::vector<Button> items);
  Message& context(std::string line);
  Message& divider();
  Message& form(Form f);

  // Plain text for notifications and screen readers (Slack's `text`, Teams' summary).
  std::string fallback_text() const;
};

// Input id -> message a person can act on. Empty means the submission is valid.
using FormErrors = std::map<std::string, std::string>;

// Server-side validation of the generic rules an Input declares (required, length, options,
// number range, a real IANA zone). Clients' own validation is advisory only.
FormErrors validate(const Form& form, const std::map<std::string, std::string>& fields);

}  // namespace flipside::ui
