#include "http_router.hpp"

namespace flipside::http {

void Router::add(std::string method, std::string path, RouteHandler handler) {
  routes_.push_back({std::move(method), std::move(path), std::move(handler)});
}

Match Router::match(const Request& request) const {
  Match m;
  m.route_name = "unmatched";
  for (const auto& r : routes_) {
    if (r.path != request.path) continue;
    if (r.method == request.method) {
      m.handler = &r.handler;
      m.route_name = r.method + " " + r.path;
      m.method_not_allowed = false;
      return m;
    }
    m.method_not_allowed = true;
    m.route_name = r.path;
  }
  return m;
}

}  // namespace flipside::http
