#include "socket_mode.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <charconv>
#include <cstdint>
#include <deque>
#include <future>
#include <random>
#include <string_view>
#include <system_error>
#include <thread>
#include <type_traits>
#include <vector>

#include "bot/http/http_client.hpp"

namespace flipside::slack {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ssl = asio::ssl;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using json = nlohmann::json;
using namespace std::chrono_literals;

namespace {

constexpr auto kConnectionsOpenTimeout = 10s;
constexpr auto kConnectTimeout = 10s;  // TCP, TLS and WebSocket handshakes; also the close
// Slack says hello right after the upgrade; a socket that stays silent this long is given up.
constexpr auto kHelloTimeout = 10s;
// With no frame for half of this Beast pings; with none for all of it the socket is dead. This
// catches half-open TCP connections that would otherwise look connected for ever.
constexpr auto kIdleTimeout = 30s;
// stop() lets closed sockets finish their operations for this long before abandoning them.
constexpr auto kStopGrace = 1s;

struct WebSocketUrl {
  bool tls = false;
  std::string host;
  std::string port;
  std::string target;  // path and query exactly as given: Slack's ticket is in the query

  std::string host_header() const {
    return port == (tls ? "443" : "80") ? host : host + ":" + port;
  }
};

// ws://host[:port]/path?query or wss://...; nullopt for anything else.
std::optional<WebSocketUrl> parse_websocket_url(std::string_view url) {
  WebSocketUrl parsed;
  if (url.starts_with("wss://")) {
    parsed.tls = true;
    parsed.port = "443";
    url.remove_prefix(6);
  } else if (url.starts_with("ws://")) {
    parsed.port = "80";
    url.remove_prefix(5);
  } else {
    return std::nullopt;
  }
  url = url.substr(0, url.find('#'));  // a fragment is never sent to the server
  const auto target_start = url.find_first_of("/?");
  auto authority = url.substr(0, target_start);
  if (target_start != std::string_view::npos) parsed.target = url.substr(target_start);
  if (parsed.target.empty() || parsed.target.front() != '/') parsed.target.insert(0, "/");
  if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    parsed.port = authority.substr(colon + 1);
    authority = authority.substr(0, colon);
  }
  const bool numeric_port =
      !parsed.port.empty() && std::all_of(parsed.port.begin(), parsed.port.end(),
                                          [](char c) { return c >= '0' && c <= '9'; });
  if (authority.empty() || authority.find('@') != std::string_view::npos || !numeric_port)
    return std::nullopt;
  parsed.host = authority;
  return parsed;
}

std::optional<std::string> string_field(const json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

bool is_auth_error(std::string_view error) {
  for (std::string_view known : {"invalid_auth", "not_authed", "account_inactive", "token_revoked",
                                 "token_expired", "not_allowed_token_type", "missing_scope"}) {
    if (error == known) return true;
  }
  return false;
}

// What apps.connections.open said: a URL, or why not.
struct UrlAnswer {
  std::optional<WebSocketUrl> url;
  std::string error;          // Slack's error code or a transport reason; never the token
  bool auth_failure = false;  // the token is wrong: retrying soon cannot help
  std::chrono::milliseconds retry_after{0};
};

UrlAnswer read_connections_open(const http::ClientResponse& response) {
  UrlAnswer answer;
  if (!response.error.empty()) {
    answer.error = response.error;
    return answer;
  }
  if (response.status != 200) {
    answer.error = "http_status_" + std::to_string(response.status);
    const auto retry_after = response.header("retry-after");  // Slack's rate limit, in seconds
    int seconds = 0;
    if (std::from_chars(retry_after.data(), retry_after.data() + retry_after.size(), seconds).ec ==
        std::errc{})
      answer.retry_after = std::chrono::seconds{std::clamp(seconds, 0, 3600)};
    return answer;
  }
  const auto body = json::parse(response.body, nullptr, false);
  if (!body.is_object()) {
    answer.error = "answer_not_json";
    return answer;
  }
  const auto ok = body.find("ok");
  if (ok == body.end() || *ok != true) {
    answer.error = string_field(body, "error").value_or("unknown_error");
    answer.auth_failure = is_auth_error(answer.error);
    return answer;
  }
  if (const auto url = string_field(body, "url")) answer.url = parse_websocket_url(*url);
  if (!answer.url) answer.error = "unusable_url";
  return answer;
}

bool is_envelope_type(std::string_view type) {
  return type == "events_api" || type == "slash_commands" || type == "interactive";
}

class Connection;

// What a connection reports to its owner, always on the I/O thread.
class ConnectionListener {
 public:
  virtual void on_open(Connection& connection) = 0;
  virtual void on_frame(Connection& connection, const std::string& text) = 0;
  // Called once, whether the connection failed to open, dropped, or was closed.
  virtual void on_closed(Connection& connection, const beast::error_code& reason) = 0;

 protected:
  ~ConnectionListener() = default;
};

// One WebSocket, transport only: connects, reads frames, writes acks in order, closes. The
// Socket Mode protocol lives in SocketModeClient::Impl. Used on the I/O thread only.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual void start() = 0;
  virtual void send(std::string text) = 0;
  // Closes politely once queued acks are written: a newer connection has replaced this one.
  virtual void retire() = 0;
  // Closes the socket now: stop(), or a connection that never said hello.
  virtual void abort() = 0;
};

// Stream is beast::tcp_stream for ws:// or beast::ssl_stream<beast::tcp_stream> for wss://.
template <class Stream>
class WebSocketConnection final : public Connection,
                                  public std::enable_shared_from_this<WebSocketConnection<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  // stream_args: the io_context, then for TLS the ssl::context.
  template <class... StreamArgs>
  WebSocketConnection(WebSocketUrl url, ConnectionListener& listener, asio::io_context& io,
                      StreamArgs&... stream_args)
      : url_(std::move(url)), listener_(listener), resolver_(io), ws_(io, stream_args...) {}

  void start() override {
    resolver_.async_resolve(
        url_.host, url_.port,
        [self = this->shared_from_this()](beast::error_code ec, tcp::resolver::results_type found) {
          self->on_resolved(ec, found);
        });
  }

  void send(std::string text) override {
    if (finished_ || closing_) return;
    outbox_.push_back(std::move(text));
    if (!writing_) write_next();
  }

  void retire() override {
    retiring_ = true;
    if (!writing_) close_politely();
  }

  void abort() override {
    resolver_.cancel();
    // Beast's idle timer survives a failed read; switched off, it cannot keep io busy after stop().
    ws_.set_option(
        websocket::stream_base::timeout{.handshake_timeout = websocket::stream_base::none(),
                                        .idle_timeout = websocket::stream_base::none(),
                                        .keep_alive_pings = false});
    beast::get_lowest_layer(ws_).close();
  }

 private:
  void on_resolved(beast::error_code ec, const tcp::resolver::results_type& found) {
    if (ec) return finish(ec);
    auto& socket = beast::get_lowest_layer(ws_);
    socket.expires_after(kConnectTimeout);
    socket.async_connect(
        found, [self = this->shared_from_this()](beast::error_code ec, const tcp::endpoint&) {
          self->on_connected(ec);
        });
  }

  void on_connected(beast::error_code ec) {
    if (ec) return finish(ec);
    if constexpr (kTls) {
      auto& tls = ws_.next_layer();
      // SNI, so the server presents the right certificate; then insist the certificate names
      // the host (the context already verifies the chain against the system's CAs).
      if (!SSL_set_tlsext_host_name(tls.native_handle(), url_.host.c_str())) {
        return finish(
            beast::error_code(static_cast<int>(ERR_get_error()), asio::error::get_ssl_category()));
      }
      tls.set_verify_callback(ssl::host_name_verification(url_.host));
      tls.async_handshake(
          ssl::stream_base::client,
          [self = this->shared_from_this()](beast::error_code ec) { self->upgrade(ec); });
    } else {
      upgrade(ec);
    }
  }

  void upgrade(beast::error_code ec) {
    if (ec) return finish(ec);
    // From here Beast's WebSocket timeouts apply instead of the TCP stream's.
    beast::get_lowest_layer(ws_).expires_never();
    ws_.set_option(websocket::stream_base::timeout{.handshake_timeout = kConnectTimeout,
                                                   .idle_timeout = kIdleTimeout,
                                                   .keep_alive_pings = true});
    ws_.set_option(websocket::stream_base::decorator([](websocket::request_type& request) {
      request.set(beast::http::field::user_agent, "flipside-socket-mode");
    }));
    ws_.async_handshake(url_.host_header(), url_.target,
                        [self = this->shared_from_this()](beast::error_code ec) {
                          if (ec) return self->finish(ec);
                          self->listener_.on_open(*self);
                          self->read();
                        });
  }

  void read() {
    ws_.async_read(buffer_, [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->finish(ec);
      const auto text = beast::buffers_to_string(self->buffer_.data());
      self->buffer_.consume(self->buffer_.size());
      self->listener_.on_frame(*self, text);
      self->read();
    });
  }

  // Beast allows one write in flight, so acks queue up and go one after another.
  void write_next() {
    writing_ = true;
    ws_.text(true);
    ws_.async_write(asio::buffer(outbox_.front()),
                    [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                      self->writing_ = false;
                      if (ec) return self->finish(ec);
                      self->outbox_.pop_front();
                      if (!self->outbox_.empty()) {
                        self->write_next();
                      } else if (self->retiring_) {
                        self->close_politely();
                      }
                    });
  }

  void close_politely() {
    if (closing_ || finished_) return;
    closing_ = true;
    ws_.async_close(websocket::close_code::normal,
                    [self = this->shared_from_this()](beast::error_code ec) {
                      self->finish(ec ? ec : beast::error_code(websocket::error::closed));
                    });
  }

  void finish(const beast::error_code& reason) {
    if (finished_) return;
    finished_ = true;
    listener_.on_closed(*this, reason);
  }

  const WebSocketUrl url_;
  ConnectionListener& listener_;
  tcp::resolver resolver_;
  websocket::stream<Stream> ws_;
  beast::flat_buffer buffer_;
  std::deque<std::string> outbox_;
  bool writing_ = false;
  bool retiring_ = false;
  bool closing_ = false;
  bool finished_ = false;
};

using PlainConnection = WebSocketConnection<beast::tcp_stream>;
using TlsConnection = WebSocketConnection<beast::ssl_stream<beast::tcp_stream>>;

}  // namespace

struct SocketModeClient::Impl final : ConnectionListener, std::enable_shared_from_this<Impl> {
  Impl(SocketModeOptions o, EnvelopeHandler h) : options(std::move(o)), handler(std::move(h)) {
    tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                    ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    tls.set_verify_mode(ssl::verify_peer);
    beast::error_code ec;
    tls.set_default_verify_paths(ec);
    if (ec) spdlog::warn("event=socket_mode_no_ca_store reason=\"{}\"", ec.message());
  }

  // ---- Called from the I/O thread only. ----

  void run() {
    for (;;) {
      try {
        io.run();
        break;
      } catch (const std::exception& e) {
        spdlog::error("event=socket_mode_loop_error reason=\"{}\"", e.what());
      }
    }
    io_finished.set_value();
  }

  // Fetches a fresh URL at once, unless a new connection is already on its way.
  void reconnect_now() {
    if (!replacing && !opening) schedule_fetch(0ms);
  }

  // The same after a failure, waiting the next backoff step (and at least `at_least`).
  void reconnect_later(std::chrono::milliseconds at_least = 0ms) {
    if (!replacing && !opening) schedule_fetch(std::max(backoff(failures++), at_least));
  }

  void schedule_fetch(std::chrono::milliseconds delay) {
    if (stopping) return;
    replacing = true;
    retry_timer.expires_after(delay);
    retry_timer.async_wait([this](beast::error_code ec) {
      if (!ec && !stopping) fetch_url();
    });
  }

  // libcurl cannot be interrupted from another thread, so the request runs on a thread of its
  // own that stop() does not wait for. That thread keeps this Impl (and so io) alive until it
  // has posted its answer, which a stopped io_context simply never runs.
  void fetch_url() {
    auto url = options.api_url;
    if (!url.ends_with('/')) url += '/';
    http::ClientRequest request{.method = "POST",
                                .url = url + "apps.connections.open",
                                .headers = {{"Authorization", "Bearer " + options.app_token},
                                            {"Content-Type", "application/x-www-form-urlencoded"}},
                                .timeout = kConnectionsOpenTimeout};
    try {
      std::thread([self = shared_from_this(), request = std::move(request)] {
        UrlAnswer answer;
        try {
          http::HttpClient client;
          answer = read_connections_open(client.send(request));
        } catch (const std::exception& e) {
          answer.error = e.what();
        }
        asio::post(self->io, [impl = self.get(), answer = std::move(answer)] {
          impl->on_url_answer(answer);
        });
      }).detach();
    } catch (const std::system_error& e) {  // no thread to be had: try again later
      on_url_answer(UrlAnswer{.error = e.what()});
    }
  }

  void on_url_answer(const UrlAnswer& answer) {
    replacing = false;
    if (stopping) return;
    if (answer.url) return open(*answer.url);
    if (answer.auth_failure) {
      spdlog::error(
          "event=socket_mode_auth_failed error=\"{}\" hint=\"check the app-level token (xapp-, "
          "scope connections:write); retrying every {} ms\"",
          answer.error, options.max_backoff.count());
      return reconnect_later(options.max_backoff);
    }
    spdlog::warn("event=socket_mode_url_failed error=\"{}\" attempt={}", answer.error,
                 failures + 1);
    reconnect_later(answer.retry_after);
  }

  void open(const WebSocketUrl& url) {
    spdlog::debug("event=socket_mode_connecting host={} tls={}", url.host, url.tls);
    std::shared_ptr<Connection> connection;
    if (url.tls) {
      connection = std::make_shared<TlsConnection>(url, *this, io, tls);
    } else {
      connection = std::make_shared<PlainConnection>(url, *this, io);
    }
    connections.push_back(connection);
    opening = connection;
    connection->start();
  }

  void on_open(Connection& connection) override {
    ++opened;
    if (&connection != opening.get()) return;
    hello_timer.expires_after(kHelloTimeout);
    hello_timer.async_wait([this, waiting = std::weak_ptr(opening)](beast::error_code ec) {
      const auto connection = waiting.lock();
      if (ec || !connection || connection != opening) return;
      spdlog::warn("event=socket_mode_no_hello timeout_ms={}",
                   std::chrono::milliseconds(kHelloTimeout).count());
      connection->abort();
    });
  }

  void on_frame(Connection& connection, const std::string& text) override {
    const auto frame = json::parse(text, nullptr, false);
    if (!frame.is_object()) {
      spdlog::debug("event=socket_mode_frame_ignored reason=not_a_json_object bytes={}",
                    text.size());
      return;
    }
    if (const auto envelope_id = string_field(frame, "envelope_id"))
      return on_envelope(connection, frame, *envelope_id);
    const auto type = string_field(frame, "type").value_or("");
    if (type == "hello") return on_hello(connection, frame);
    if (type == "disconnect") return on_disconnect(connection, frame);
    spdlog::debug("event=socket_mode_frame_ignored reason=unknown_type bytes={}", text.size());
  }

  void on_hello(Connection& connection, const json& frame) {
    if (&connection != opening.get()) return;  // a repeated hello changes nothing
    hello_timer.cancel();
    auto previous = std::exchange(live, opening);
    opening.reset();
    failures = 0;
    is_connected = true;
    const auto count = frame.find("num_connections");
    spdlog::info("event=socket_mode_connected connections_opened={} num_connections={}",
                 opened.load(), count != frame.end() ? count->dump() : "unknown");
    // Slack may still deliver on the old socket until it sees our close; its acks go out first.
    if (previous) previous->retire();
  }

  // "warning" and "refresh_requested": this socket closes soon. "link_disabled": Socket Mode was
  // turned off for the app, so the next apps.connections.open fails and backs off. In each case
  // a fresh URL and a new socket; the old one keeps acking until the new one says hello.
  void on_disconnect(Connection& connection, const json& frame) {
    const auto reason = string_field(frame, "reason").value_or("unknown");
    if (reason == "link_disabled") {
      spdlog::error("event=socket_mode_disconnect_requested reason=\"{}\"", reason);
    } else {
      spdlog::info("event=socket_mode_disconnect_requested reason=\"{}\"", reason);
    }
    if (&connection == live.get()) reconnect_now();
  }

  // Every envelope is acked, even one the handler cannot take: an unacked envelope is redelivered
  // by Slack again and again.
  void on_envelope(Connection& connection, const json& frame, const std::string& envelope_id) {
    const auto type = string_field(frame, "type").value_or("");
    const auto payload = frame.find("payload");
    std::optional<json> reply;
    if (!is_envelope_type(type) || payload == frame.end() || !payload->is_object()) {
      spdlog::debug("event=socket_mode_envelope_skipped envelope_id=\"{}\" reason=unexpected_shape",
                    envelope_id);
    } else {
      try {
        reply = handler(type, *payload);
      } catch (const std::exception& e) {
        spdlog::error(
            "event=socket_mode_handler_failed envelope_id=\"{}\" envelope_type={} reason=\"{}\"",
            envelope_id, type, e.what());
        reply.reset();
      } catch (...) {
        spdlog::error("event=socket_mode_handler_failed envelope_id=\"{}\" envelope_type={}",
                      envelope_id, type);
        reply.reset();
      }
    }
    json ack = {{"envelope_id", envelope_id}};
    const auto accepts = frame.find("accepts_response_payload");
    if (reply && accepts != frame.end() && *accepts == true) ack["payload"] = std::move(*reply);
    // Replace invalid UTF-8 from a handler rather than throw and leave the envelope unacked.
    connection.send(ack.dump(-1, ' ', false, json::error_handler_t::replace));
  }

  void on_closed(Connection& connection, const beast::error_code& reason) override {
    std::erase_if(connections, [&](const auto& c) { return c.get() == &connection; });
    if (stopping) return;
    if (&connection == opening.get()) {
      opening.reset();
      hello_timer.cancel();
      spdlog::warn("event=socket_mode_connect_failed reason=\"{}\" attempt={}", reason.message(),
                   failures + 1);
      return reconnect_later();
    }
    if (&connection == live.get()) {
      live.reset();
      is_connected = false;
      spdlog::warn("event=socket_mode_disconnected reason=\"{}\"", reason.message());
      return reconnect_later();
    }
    spdlog::debug("event=socket_mode_old_connection_closed reason=\"{}\"", reason.message());
  }

  void close_everything() {
    retry_timer.cancel();
    hello_timer.cancel();
    for (const auto& connection : connections) connection->abort();
    live.reset();
    opening.reset();
    keep_running.reset();
    is_connected = false;
  }

  // Exponential, with jitter between half and the whole step so that many bots restarting
  // together do not reconnect in lockstep.
  std::chrono::milliseconds backoff(int attempt) {
    const auto ceiling = std::max(options.max_backoff, options.min_backoff);
    const auto step = std::min<std::chrono::milliseconds>(
        options.min_backoff * (std::int64_t{1} << std::min(attempt, 20)), ceiling);
    std::uniform_int_distribution<std::chrono::milliseconds::rep> jitter(step.count() / 2,
                                                                         step.count());
    return std::chrono::milliseconds{jitter(random)};
  }

  const SocketModeOptions options;
  const EnvelopeHandler handler;
  // Before io: connections abandoned in io's queue still use it while io is destroyed.
  ssl::context tls{ssl::context::tls_client};
  asio::io_context io{1};
  asio::steady_timer retry_timer{io};
  asio::steady_timer hello_timer{io};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> keep_running;
  std::thread io_thread;
  std::promise<void> io_finished;
  std::future<void> io_finished_future = io_finished.get_future();

  // I/O-thread state.
  std::vector<std::shared_ptr<Connection>> connections;  // every connection not yet closed
  std::shared_ptr<Connection> live;                      // said hello; Slack sends envelopes here
  std::shared_ptr<Connection> opening;                   // on its way to replacing `live`
  bool replacing = false;                                // waiting to retry, or fetching a URL
  int failures = 0;                                      // since the last hello; sets the backoff
  std::mt19937 random{std::random_device{}()};

  // Shared with other threads.
  std::atomic<bool> started{false};
  std::atomic<bool> stopping{false};
  std::atomic<bool> is_connected{false};
  std::atomic<std::size_t> opened{0};
};

SocketModeClient::SocketModeClient(SocketModeOptions options, EnvelopeHandler handler)
    : impl_(std::make_shared<Impl>(std::move(options), std::move(handler))) {}

SocketModeClient::~SocketModeClient() {
  stop();
}

void SocketModeClient::start() {
  auto& impl = *impl_;
  if (impl.started.exchange(true) || impl.stopping) return;
  impl.keep_running.emplace(impl.io.get_executor());
  impl.io_thread = std::thread([&impl] { impl.run(); });
  asio::post(impl.io, [&impl] { impl.reconnect_now(); });
  spdlog::info("event=socket_mode_started");
}

void SocketModeClient::stop() {
  auto& impl = *impl_;
  if (!impl.started) return;
  if (!impl.stopping.exchange(true)) {
    asio::post(impl.io, [&impl] { impl.close_everything(); });
    spdlog::info("event=socket_mode_stopping");
  }
  if (impl.io_thread.joinable() && impl.io_thread.get_id() != std::this_thread::get_id()) {
    // Aborted sockets complete at once; should anything linger, abandon it rather than wait.
    if (impl.io_finished_future.wait_for(kStopGrace) == std::future_status::timeout) impl.io.stop();
    impl.io_thread.join();
  }
  impl.is_connected = false;
}

bool SocketModeClient::connected() const {
  return impl_->is_connected;
}

std::size_t SocketModeClient::connections_opened() const {
  return impl_->opened;
}

}  // namespace flipside::slack
