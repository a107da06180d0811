#pragma once
// Maps (method, path) to a handler. Each route has a stable name used as the metrics label, so
// arbitrary paths cannot blow up the metrics' cardinality.
#include <functional>
#include <string>
#include <vector>

#include "http_types.hpp"

namespace flipside::http {

using RouteHandler = std::function<Response(const Request&)>;

struct Match {
  const RouteHandler* handler = nullptr;  // nullptr: 404 or 405
  std::string route_name;                 // "unmatched" when nothing matched
  bool method_not_allowed = false;
};

class Router {
 public:
  void add(std::string method, std::string path, RouteHandler handler);
  // Matches every path under `prefix` (which should end with '/'); exact routes win.
  void add_prefix(std::string method, std::string prefix, RouteHandler handler);
  Match match(const Request& request) const;

 private:
  struct Route {
    std::string method;
    std::string path;
    RouteHandler handler;
    bool prefix = false;
  };
  std::vector<Route> routes_;
};

}  // namespace flipside::http
