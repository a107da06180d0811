#pragma once
// Outbound HTTP(S) on libcurl: timeouts, connection reuse, and corporate proxies through the
// usual HTTPS_PROXY / NO_PROXY variables. One client per thread (a curl handle is not shared).
#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace flipside::http {

struct ClientResponse {
  int status = 0;  // 0 when no HTTP answer arrived (see error)
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string error;  // transport failure: DNS, connect, TLS, timeout

  std::string header(const std::string& name) const;
};

struct ClientRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{10000};
};

class HttpClient {
 public:
  HttpClient();
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  ClientResponse send(const ClientRequest& request);

 private:
  void* curl_;  // CURL*, kept out of this header
};

}  // namespace flipside::http
