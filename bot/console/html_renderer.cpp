#include "html_renderer.hpp"

#include <cctype>

namespace flipside::console {

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
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
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

bool is_word(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

// Finds the closing delimiter for an opener at `open`, on the same line, with text between.
std::size_t closing(std::string_view s, std::size_t open, char delim) {
  if (open + 1 >= s.size() || s[open + 1] == ' ' || s[open + 1] == delim)
    return std::string_view::npos;
  for (std::size_t i = open + 1; i < s.size(); ++i) {
    if (s[i] == '\n') return std::string_view::npos;
    if (s[i] == delim && s[i - 1] != ' ' && (i + 1 == s.size() || !is_word(s[i + 1]))) return i;
  }
  return std::string_view::npos;
}

}  // namespace

std::string markdown_to_html(std::string_view md) {
  std::string out;
  for (std::size_t i = 0; i < md.size(); ++i) {
    const char c = md[i];
    if (c == '\n') {
      out += "<br>";
      continue;
    }
    if ((c == '*' || c == '_' || c == '`') && (i == 0 || !is_word(md[i - 1]))) {
      auto end = closing(md, i, c);
      if (end != std::string_view::npos) {
        auto inner = md.substr(i + 1, end - i - 1);
        const char* tag = c == '*' ? "strong" : c == '_' ? "em" : "code";
        // Appended piecewise: GCC 12 warns falsely (-Wrestrict) on "<" + tag + ">".
        out.append("<").append(tag).append(">");
        out += c == '`' ? escape_html(inner) : markdown_to_html(inner);
        out.append("</").append(tag).append(">");
        i = end;
        continue;
      }
    }
    out += escape_html(std::string_view(&md[i], 1));
  }
  return out;
}

namespace {

std::string attr(std::string_view name, std::string_view value) {
  // Built with append: GCC 12 warns falsely (-Wrestrict) on " " + std::string(...).
  std::string out(" ");
  out.append(name).append("=\"").append(escape_html(value)).append("\"");
  return out;
}

const char* style_class(ui::Style s) {
  switch (s) {
    case ui::Style::primary:
      return "btn primary";
    case ui::Style::danger:
      return "btn danger";
    case ui::Style::normal:
      break;
  }
  return "btn";
}

std::string render_options(const std::vector<ui::Option>& options, std::string_view initial) {
  std::string out;
  for (const auto& o : options) {
    out += "<option" + attr("value", o.value) + (o.value == initial ? " selected" : "") + ">" +
           escape_html(o.label) + "</option>";
  }
  return out;
}

std::string render_input(const ui::Input& in) {
  std::string out = "<div class=\"field\"><label" + attr("for", "in-" + in.id) + ">" +
                    escape_html(in.label) +
                    (in.required ? "" : " <span class=\"optional\">(optional)</span>") + "</label>";
  const std::string common =
      attr("id", "in-" + in.id) + attr("name", in.id) + (in.required ? " required" : "");
  switch (in.kind) {
    case ui::InputKind::multiline:
      out += "<textarea" + common + attr("maxlength", std::to_string(in.max_length)) +
             attr("placeholder", in.placeholder) + ">" + escape_html(in.initial) + "</textarea>";
      break;
    case ui::InputKind::select:
      out += "<select" + common + ">" + render_options(in.options, in.initial) + "</select>";
      break;
    case ui::InputKind::multi_select:
      out +=
          "<select multiple" + common + ">" + render_options(in.options, in.initial) + "</select>";
      break;
    case ui::InputKind::number:
      out += "<input type=\"number\"" + common + attr("value", in.initial) +
             (in.min ? attr("min", std::to_string(*in.min)) : "") +
             (in.max ? attr("max", std::to_string(*in.max)) : "") + ">";
      break;
    case ui::InputKind::date:
      out += "<input type=\"date\"" + common + attr("value", in.initial) + ">";
      break;
    case ui::InputKind::text:
    case ui::InputKind::time_zone:
      out += "<input type=\"text\"" + common + attr("value", in.initial) +
             attr("placeholder", in.placeholder) +
             attr("maxlength", std::to_string(in.max_length)) + ">";
      break;
  }
  if (!in.hint.empty()) out += "<small class=\"hint\">" + escape_html(in.hint) + "</small>";
  out += "<span class=\"error\"" + attr("data-error-for", in.id) + "></span></div>";
  return out;
}

struct BlockToHtml {
  std::string operator()(const ui::Header& h) const {
    return "<h3>" + escape_html(h.text) + "</h3>";
  }
  std::string operator()(const ui::Text& t) const {
    return "<p>" + markdown_to_html(t.markdown) + "</p>";
  }
  std::string operator()(const ui::Fields& f) const {
    std::string out = "<dl class=\"fields\">";
    for (const auto& item : f.items) {
      out += "<div><dt>" + escape_html(item.label) + "</dt><dd>" + markdown_to_html(item.value) +
             "</dd></div>";
    }
    return out + "</dl>";
  }
  std::string operator()(const ui::Actions& a) const {
    std::string out = "<div class=\"actions\">";
    for (const auto& item : a.items) {
      if (const auto* b = std::get_if<ui::Button>(&item)) {
        out += "<button type=\"button\"" + attr("class", style_class(b->style)) +
               attr("data-action", b->action_id) + attr("data-value", b->value) + ">" +
               escape_html(b->label) + "</button>";
      } else {
        const auto& s = std::get<ui::Select>(item);
        out += "<select" + attr("data-action", s.action_id) + "><option value=\"\">" +
               escape_html(s.placeholder) + "</option>" + render_options(s.options, s.initial) +
               "</select>";
      }
    }
    return out + "</div>";
  }
  std::string operator()(const ui::Context& c) const {
    std::string out;
    for (const auto& line : c.items)
      out += "<p class=\"context\">" + markdown_to_html(line) + "</p>";
    return out;
  }
  std::string operator()(const ui::Divider&) const { return "<hr>"; }
  std::string operator()(const ui::Form& f) const {
    std::string out = "<form class=\"fs-form\"" + attr("data-form", f.form_id) +
                      " novalidate><h4>" + escape_html(f.title) + "</h4>";
    for (const auto& in : f.inputs) out += render_input(in);
    return out + "<button type=\"submit\" class=\"btn primary\">" + escape_html(f.submit_label) +
           "</button></form>";
  }
};

}  // namespace

std::string render_html(const ui::Message& message) {
  std::string out = "<div class=\"message\"" + attr("data-template", message.template_id) + ">";
  for (const auto& block : message.blocks) out += std::visit(BlockToHtml{}, block);
  return out + "</div>";
}

}  // namespace flipside::console
