#pragma once
// Our own request/response types, so no Beast header leaks into the rest of the code.
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flipside::http {

struct Request {
  std::string method;                                        // "GET", "POST", ...
  std::string target;                                        // path + query as sent
  std::string path;                                          // percent-decoded path, no query
  std::string query;                                         // raw query string, without '?'
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string remote_address;

  // Empty when absent. Header names are matched case-insensitively.
  std::string header(std::string_view name) const;
  // A decoded query parameter; empty when absent.
  std::string query_param(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static Response text(int status, std::string body);
  static Response json(int status, std::string body);
  // {"ok":false,"error":"<message>"}, the shape every 4xx from our JSON APIs takes.
  static Response json_error(int status, std::string_view message);
};

std::string percent_decode(std::string_view s, bool plus_is_space);
// Parses an application/x-www-form-urlencoded body (a repeated key keeps its last value).
std::map<std::string, std::string> parse_form(std::string_view body);
// Percent-encodes everything but unreserved characters and those in `also_safe`.
std::string percent_encode(std::string_view s, std::string_view also_safe = "");
// application/x-www-form-urlencoded, keys in the map's order.
std::string form_encode(const std::map<std::string, std::string>& fields);
std::string lower(std::string_view s);

}  // namespace flipside::http
