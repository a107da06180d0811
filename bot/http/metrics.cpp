#include "metrics.hpp"

#include <fmt/format.h>

namespace flipside::http {

namespace {
std::string escape_label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}
}  // namespace

void Metrics::observe_request(const std::string& route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
  auto& h = latency_[route];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
}

void Metrics::increment(const std::string& name, const std::string& label,
                        const std::string& value) {
  std::lock_guard lock(mutex_);
  ++counters_[name][{label, value}];
}

void Metrics::add_gauge(std::string name, std::string help, std::function<double()> read) {
  std::lock_guard lock(mutex_);
  gauges_.push_back({std::move(name), std::move(help), std::move(read)});
}

std::string Metrics::render() const {
  std::vector<Gauge> gauges;
  std::string out;
  {
    std::lock_guard lock(mutex_);
    gauges = gauges_;
    out += "# HELP flipside_http_requests_total HTTP requests by route and status.\n";
    out += "# TYPE flipside_http_requests_total counter\n";
    for (const auto& [key, n] : requests_) {
      out += fmt::format("flipside_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n",
                         escape_label(key.first), key.second, n);
    }
    out += "# HELP flipside_http_request_duration_seconds Time to answer an HTTP request.\n";
    out += "# TYPE flipside_http_request_duration_seconds histogram\n";
    for (const auto& [route, h] : latency_) {
      const auto r = escape_label(route);
      for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        out += fmt::format(
            "flipside_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", r,
            kBuckets[i], h.buckets[i]);
      }
      out += fmt::format(
          "flipside_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", r,
          h.count);
      out +=
          fmt::format("flipside_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", r, h.sum);
      out += fmt::format("flipside_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", r,
                         h.count);
    }
    for (const auto& [name, series] : counters_) {
      out += fmt::format("# TYPE {} counter\n", name);
      for (const auto& [labels, n] : series) {
        out +=
            fmt::format("{}{{{}=\"{}\"}} {}\n", name, labels.first, escape_label(labels.second), n);
      }
    }
  }
  // Gauges may query the database: read them without holding the metrics lock.
  for (const auto& g : gauges) {
    out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n{} {}\n", g.name, g.help, g.name, g.name,
                       g.read());
  }
  return out;
}

}  // namespace flipside::http
