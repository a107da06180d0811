#pragma once
// Prometheus text-format metrics: requests by route and status, a latency histogram, counters,
// and gauges read at scrape time (outbox depth, jobs due).
#include <array>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace flipside::http {

class Metrics {
 public:
  void observe_request(const std::string& route, int status, double seconds);
  // A monotonically increasing counter, e.g. ("flipside_outbox_deliveries_total", "result",
  // "sent").
  void increment(const std::string& name, const std::string& label, const std::string& value);
  void add_gauge(std::string name, std::string help, std::function<double()> read);
  std::string render() const;

 private:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  struct Gauge {
    std::string name;
    std::string help;
    std::function<double()> read;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
  std::map<std::string, std::map<std::pair<std::string, std::string>, std::uint64_t>> counters_;
  std::vector<Gauge> gauges_;
};

}  // namespace flipside::http
