#include "import_people.hpp"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <map>
#include <optional>
#include <set>

#include "storage/org_directory.hpp"

namespace flipside {

namespace {

constexpr const char* kBom = "\xEF\xBB\xBF";

bool is_line_end(char c) {
  return c == '\n' || c == '\r';
}

}  // namespace

std::vector<CsvRecord> read_csv(std::istream& in) {
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) throw ImportError("the file could not be read");
  const std::size_t n = text.size();
  std::size_t i = text.rfind(kBom, 0) == 0 ? 3 : 0;
  std::vector<CsvRecord> out;
  if (i >= n) return out;

  int line = 1;
  CsvRecord record;
  record.line = line;
  while (true) {
    // One field, starting at i.
    std::string field;
    if (i < n && text[i] == '"') {
      const int opened_on = line;
      ++i;
      while (true) {
        if (i >= n) {
          throw ImportError("line " + std::to_string(opened_on) +
                            ": a quoted field is never closed (a quote inside a quoted value is "
                            "written as two quotes \"\")");
        }
        const char c = text[i];
        if (c == '"') {
          if (i + 1 < n && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (c == '\r' || c == '\n') {
          // A line break inside quotes is part of the value; keep it as "\n".
          i += (c == '\r' && i + 1 < n && text[i + 1] == '\n') ? 2 : 1;
          field += '\n';
          ++line;
          continue;
        }
        field += c;
        ++i;
      }
      if (i < n && text[i] != ',' && !is_line_end(text[i]) && record.error.empty()) {
        record.error =
            "text after a closing quote (a quote inside a quoted value is written as two "
            "quotes \"\")";
      }
    }
    while (i < n && text[i] != ',' && !is_line_end(text[i])) field += text[i++];
    record.fields.push_back(std::move(field));
    if (i < n && text[i] == ',') {
      ++i;
      continue;
    }
    // End of the record: a line break or the end of the file. Blank lines are skipped.
    const bool blank = record.fields.size() == 1 && record.fields[0].empty();
    if (!blank || !record.error.empty()) out.push_back(std::move(record));
    record = CsvRecord{};
    if (i >= n) break;
    i += (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') ? 2 : 1;
    ++line;
    if (i >= n) break;
    record.line = line;
  }
  return out;
}

namespace {

enum class Column { email, name, title, department, location, grade, manager_email, languages };

std::string trim(const std::string& s) {
  const auto space = [](char c) { return c == ' ' || c == '\t'; };
  auto b = std::find_if_not(s.begin(), s.end(), space);
  auto e = std::find_if_not(s.rbegin(), s.rend(), space).base();
  return b < e ? std::string(b, e) : std::string{};
}

// "Manager_Email " -> "manager email"
std::string header_key(const std::string& s) {
  std::string out;
  for (char c : storage::lower_ascii(trim(s))) {
    if (c == '_' || c == '-') c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::optional<Column> column_for(const std::string& key) {
  static const std::map<std::string, Column> kColumns = {
      {"email", Column::email},         {"name", Column::name},
      {"title", Column::title},         {"department", Column::department},
      {"location", Column::location},   {"level", Column::grade},
      {"grade", Column::grade},         {"manager email", Column::manager_email},
      {"languages", Column::languages},
  };
  auto it = kColumns.find(key);
  if (it == kColumns.end()) return std::nullopt;
  return it->second;
}

struct Header {
  std::map<Column, std::size_t> index;
  std::size_t width = 0;
  std::string grade_word = "level";  // as the file calls it, for messages

  bool has(Column c) const { return index.count(c) != 0; }
};

Header read_header(const std::vector<CsvRecord>& records) {
  if (records.empty()) {
    throw ImportError(
        "the file is empty; expected a header row such as "
        "email,name,title,department,location,level,manager email,languages");
  }
  const auto& row = records.front();
  if (!row.error.empty()) {
    throw ImportError("line " + std::to_string(row.line) + " (the header): " + row.error);
  }
  Header h;
  h.width = row.fields.size();
  std::map<Column, std::string> seen;
  for (std::size_t i = 0; i < row.fields.size(); ++i) {
    const auto key = header_key(row.fields[i]);
    auto column = column_for(key);
    if (!column) continue;  // other columns of an HR export are ignored
    if (auto it = seen.find(*column); it != seen.end()) {
      throw ImportError("the header has both \"" + it->second + "\" and \"" + key +
                        "\"; keep one of them");
    }
    seen[*column] = key;
    h.index[*column] = i;
    if (*column == Column::grade) h.grade_word = key;
  }
  std::vector<std::string> missing;
  if (!h.has(Column::email)) missing.push_back("email");
  if (!h.has(Column::name)) missing.push_back("name");
  if (!missing.empty()) {
    std::string found;
    for (const auto& f : row.fields) found += (found.empty() ? "" : ", ") + trim(f);
    throw ImportError(
        std::string("the header (line 1) has no ") +
        (missing.size() == 2 ? "\"email\" and \"name\" columns" : "\"" + missing[0] + "\" column") +
        "; it has: " + (found.empty() ? "(nothing)" : found));
  }
  return h;
}

bool valid_utf8(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    std::uint32_t min = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      min = 0x10000;
    } else {
      return false;
    }
    if (i + extra >= s.size()) return false;
    std::uint32_t cp = c & (0x3F >> extra);
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += extra + 1;
  }
  return true;
}

bool plausible_email(const std::string& e) {
  if (e.size() > 254) return false;
  const auto at = e.find('@');
  if (at == std::string::npos || at == 0 || e.find('@', at + 1) != std::string::npos) return false;
  const auto domain = e.substr(at + 1);
  if (domain.size() < 3 || domain.find('.') == std::string::npos || domain.front() == '.' ||
      domain.back() == '.' || domain.find("..") != std::string::npos) {
    return false;
  }
  for (char ch : e) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= ' ' || c == 0x7F || c == ',' || c == ';' || c == '<' || c == '>' || c == '"' ||
        c == '(' || c == ')' || c == '[' || c == ']' || c == '\\') {
      return false;
    }
  }
  return true;
}

std::string quoted(const std::string& s) {
  return "\"" + s + "\"";
}

struct Row {
  int line = 0;
  storage::OrgRecord record;
};

// Checks one record against the header; the problems found, joined with "; ", or the record.
std::optional<Row> validate(const CsvRecord& rec, const Header& h, std::string& problems) {
  std::vector<std::string> issues;
  if (!rec.error.empty()) issues.push_back(rec.error);
  if (rec.fields.size() != h.width) {
    issues.push_back("the row has " + std::to_string(rec.fields.size()) +
                     " fields but the header has " + std::to_string(h.width) +
                     " (a value with a comma needs quotes)");
  }
  for (const auto& f : rec.fields) {
    if (!valid_utf8(f)) {
      issues.push_back("the row is not UTF-8 text (save the file as \"CSV UTF-8\")");
      break;
    }
  }
  const auto get = [&](Column c) -> std::string {
    auto it = h.index.find(c);
    if (it == h.index.end() || it->second >= rec.fields.size()) return {};
    return trim(rec.fields[it->second]);
  };

  Row row;
  row.line = rec.line;
  auto& r = row.record;
  const auto email = get(Column::email);
  r.email = storage::lower_ascii(email);
  if (email.empty()) {
    issues.push_back("email is missing");
  } else if (!plausible_email(email)) {
    issues.push_back("email " + quoted(email) + " does not look like an email address");
  }
  r.display_name = get(Column::name);
  if (r.display_name.empty()) issues.push_back("name is missing");
  r.title = get(Column::title);
  r.department = get(Column::department);
  r.location = get(Column::location);
  if (const auto level = get(Column::grade); !level.empty()) {
    int value = 0;
    auto [end, ec] = std::from_chars(level.data(), level.data() + level.size(), value);
    if (ec != std::errc{} || end != level.data() + level.size() || value < 1 || value > 20) {
      issues.push_back(h.grade_word + " " + quoted(level) + " is not a number from 1 to 20");
    } else {
      r.grade = value;
    }
  }
  const auto manager = get(Column::manager_email);
  r.manager_email = storage::lower_ascii(manager);
  if (!manager.empty()) {
    if (!plausible_email(manager)) {
      issues.push_back("manager email " + quoted(manager) + " does not look like an email address");
    } else if (!r.email.empty() && r.manager_email == r.email) {
      issues.push_back("manager email is the person's own");
    }
  }
  const auto languages = get(Column::languages);
  std::size_t start = 0;
  while (start <= languages.size()) {
    auto stop = languages.find_first_of(";|,", start);
    if (stop == std::string::npos) stop = languages.size();
    const auto code = trim(languages.substr(start, stop - start));
    start = stop + 1;
    if (code.empty()) continue;
    const auto lower = storage::lower_ascii(code);
    if (lower.size() != 2 ||
        !std::all_of(lower.begin(), lower.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
      issues.push_back("language " + quoted(code) + " is not a 2-letter code such as en or de");
      continue;
    }
    if (std::find(r.languages.begin(), r.languages.end(), lower) == r.languages.end()) {
      r.languages.push_back(lower);
    }
  }

  problems.clear();
  for (const auto& i : issues) problems += (problems.empty() ? "" : "; ") + i;
  if (!problems.empty()) return std::nullopt;
  return row;
}

bool all_empty(const CsvRecord& rec) {
  return rec.error.empty() && std::all_of(rec.fields.begin(), rec.fields.end(),
                                          [](const std::string& f) { return trim(f).empty(); });
}

}  // namespace

ImportReport import_people(storage::Database& db, std::istream& in, TimePoint now) {
  const auto records = read_csv(in);
  const auto header = read_header(records);

  ImportReport report;
  std::vector<Row> rows;
  std::map<std::string, int> first_line;  // email -> the line it first appeared on
  for (std::size_t i = 1; i < records.size(); ++i) {
    const auto& rec = records[i];
    if (all_empty(rec)) continue;  // e.g. ",,,,," left by a spreadsheet
    std::string problems;
    auto row = validate(rec, header, problems);
    const auto email = row ? row->record.email : std::string{};
    if (row) {
      if (auto it = first_line.find(email); it != first_line.end()) {
        problems =
            "email " + email + " appears again (first on line " + std::to_string(it->second) + ")";
        row.reset();
      } else {
        first_line[email] = rec.line;
      }
    } else if (auto col = header.index.at(Column::email); col < rec.fields.size()) {
      // A bad row still claims its email, so a later row with it is reported too.
      const auto e = storage::lower_ascii(trim(rec.fields[col]));
      if (!e.empty()) first_line.emplace(e, rec.line);
    }
    if (row) {
      rows.push_back(std::move(*row));
    } else {
      report.skipped.push_back({rec.line, problems});
    }
  }

  db.transact([&](SQLite::Database& c) {
    storage::OrgDirectory directory(c);

    // Columns the file does not have keep what the directory already says.
    for (auto& row : rows) {
      auto id = directory.find_by_email(row.record.email);
      if (!id) continue;
      auto existing = directory.find(*id);
      if (!existing) continue;
      auto& r = row.record;
      if (!header.has(Column::title)) r.title = existing->title;
      if (!header.has(Column::department)) r.department = existing->department;
      if (!header.has(Column::location)) r.location = existing->location;
      if (!header.has(Column::grade)) r.grade = existing->grade;
      if (!header.has(Column::manager_email)) r.manager_email = existing->manager_email;
      if (!header.has(Column::languages)) r.languages = existing->languages;
    }

    // Manager chains that loop (A manages B manages A), through the file and the directory.
    std::map<std::string, std::size_t> row_of;
    for (std::size_t i = 0; i < rows.size(); ++i) row_of[rows[i].record.email] = i;
    std::map<std::string, std::string> directory_manager;
    const auto manager_of = [&](const std::string& email) -> std::string {
      if (auto it = row_of.find(email); it != row_of.end())
        return rows[it->second].record.manager_email;
      if (auto it = directory_manager.find(email); it != directory_manager.end()) return it->second;
      std::string m;
      if (auto id = directory.find_by_email(email)) {
        if (auto r = directory.find(*id)) m = r->manager_email;
      }
      directory_manager[email] = m;
      return m;
    };
    std::map<std::string, int> state;  // 1: on the current path, 2: done
    std::set<std::size_t> in_cycle;
    std::map<std::size_t, std::string> cycle_text;
    for (const auto& start : rows) {
      std::vector<std::string> path;
      std::string at = start.record.email;
      while (!at.empty() && state[at] == 0) {
        state[at] = 1;
        path.push_back(at);
        at = manager_of(at);
      }
      if (!at.empty() && state[at] == 1) {
        auto from = std::find(path.begin(), path.end(), at);
        std::string loop;
        for (auto it = from; it != path.end(); ++it) loop += *it + " → ";
        loop += at;
        for (auto it = from; it != path.end(); ++it) {
          if (auto r = row_of.find(*it); r != row_of.end()) {
            in_cycle.insert(r->second);
            cycle_text[r->second] = loop;
          }
        }
      }
      for (const auto& p : path) state[p] = 2;
    }

    std::vector<const Row*> kept;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (in_cycle.count(i)) {
        report.skipped.push_back(
            {rows[i].line, "manager chain loops back on itself: " + cycle_text[i]});
        continue;
      }
      kept.push_back(&rows[i]);
      switch (directory.upsert(rows[i].record, now)) {
        case storage::UpsertOutcome::created:
          ++report.created;
          break;
        case storage::UpsertOutcome::updated:
          ++report.updated;
          break;
        case storage::UpsertOutcome::unchanged:
          ++report.unchanged;
          break;
      }
    }
    for (const auto* row : kept) {
      const auto& m = row->record.manager_email;
      if (!m.empty() && !directory.find_by_email(m)) {
        report.unknown_managers.push_back(
            {row->line, "manager " + m + " is not in the directory yet"});
      }
    }
  });

  std::sort(report.skipped.begin(), report.skipped.end(),
            [](const ImportIssue& a, const ImportIssue& b) { return a.line < b.line; });
  return report;
}

std::string summary(const ImportReport& report) {
  const auto n = report.imported();
  std::string s = "imported " + std::to_string(n) + (n == 1 ? " person" : " people") + ": " +
                  std::to_string(report.created) + " new, " + std::to_string(report.updated) +
                  " updated, " + std::to_string(report.unchanged) + " unchanged";
  if (const auto k = report.skipped.size(); k > 0) {
    s += "; " + std::to_string(k) + (k == 1 ? " row" : " rows") + " skipped";
  }
  return s;
}

}  // namespace flipside
