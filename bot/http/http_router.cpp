#include "http_router.hpp"

namespace flipside::http {

void Router::add(std::string method, std::string path, RouteHandler handler) {
  routes_.push_back({std::move(method), std::move(path), std::move(handler)});
}

void Router::add_prefix(std::string method, std::string prefix, RouteHandler handler) {
  routes_.push_back({std::move(method), std::move(prefix), std::move(handler), true});
}

Match Router::match(const Request& request) const {
  Match m;
  m.route_name = "unmatched";
  for (int pass = 0; pass < 2; ++pass) {  // exact routes first, then prefixes
    for (const auto& r : routes_) {
      if (r.prefix != (pass == 1)) continue;
      if (r.prefix ? !request.path.starts_with(r.path) : r.path != request.path) continue;
      if (r.method == request.method) {
        m.handler = &r.handler;
        m.route_name = r.method + " " + r.path + (r.prefix ? "*" : "");
        m.method_not_allowed = false;
        return m;
      }
      m.method_not_allowed = true;
      m.route_name = r.path;
    }
  }
  return m;
}

}  // namespace flipside::http
