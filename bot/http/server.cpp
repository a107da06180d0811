#include "server.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <map>
#include <optional>
#include <thread>

namespace flipside::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

// Which status a failed read earns, or 0 to just close (the peer went away or timed out).
int status_for_read_error(const beast::error_code& ec) {
  if (ec == bhttp::error::body_limit) return 413;
  if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow) return 431;
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
      ec == beast::error::timeout || ec == asio::error::eof ||
      ec == asio::error::connection_reset || ec == asio::error::operation_aborted) {
    return 0;
  }
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category()) return 400;
  return 0;
}

const char* reason_for(int status) {
  switch (status) {
    case 400:
      return "The request is not valid HTTP.";
    case 413:
      return "The request body is larger than this server accepts.";
    case 431:
      return "The request headers are too large.";
    case 503:
      return "The server is at its connection limit; try again shortly.";
  }
  return "Error.";
}

}  // namespace

struct Server::Impl : std::enable_shared_from_this<Server::Impl> {
  class Session;

  ServerOptions options;
  const Router& router;
  Metrics& metrics;
  asio::io_context io{options.threads};
  std::optional<tcp::acceptor> acceptor;
  asio::steady_timer accept_backoff{io};
  std::vector<std::thread> threads;
  std::atomic<std::size_t> connections{0};
  std::atomic<bool> stopping{false};
  std::mutex sessions_mutex;
  std::map<Session*, std::weak_ptr<Session>> sessions;

  Impl(ServerOptions o, const Router& r, Metrics& m)
      : options(std::move(o)), router(r), metrics(m) {}

  Response handle(Request& request) {
    const auto started = std::chrono::steady_clock::now();
    auto match = router.match(request);
    Response response;
    if (match.handler == nullptr) {
      response = match.method_not_allowed
                     ? Response::json_error(405, "method not allowed")
                     : Response::json_error(404, "no such route: " + request.path);
    } else {
      try {
        response = (*match.handler)(request);
      } catch (const std::exception& e) {
        // One of the three places exceptions are caught: the HTTP boundary.
        spdlog::error("event=handler_exception route=\"{}\" reason=\"{}\"", match.route_name,
                      e.what());
        response = Response::json_error(500, "internal error; nothing was saved, please try again");
      }
    }
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    metrics.observe_request(match.route_name, response.status, took.count());
    return response;
  }

  class Session : public std::enable_shared_from_this<Session> {
   public:
    Session(tcp::socket socket, std::shared_ptr<Impl> server)
        : stream_(std::move(socket)), server_(std::move(server)) {
      ++server_->connections;
    }
    ~Session() { --server_->connections; }

    void start() {
      {
        std::lock_guard lock(server_->sessions_mutex);
        server_->sessions[this] = weak_from_this();
      }
      asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_header(); });
    }

    void forget() {
      std::lock_guard lock(server_->sessions_mutex);
      server_->sessions.erase(this);
    }

    void force_close() {
      asio::post(stream_.get_executor(), [self = shared_from_this()] {
        beast::error_code ignored;
        self->stream_.socket().cancel(ignored);
        self->stream_.socket().close(ignored);
      });
    }

    // On shutdown: a connection idling between requests is closed; one mid-request finishes.
    void close_if_idle() {
      asio::post(stream_.get_executor(), [self = shared_from_this()] {
        if (self->idle_ && self->buffer_.size() == 0) {
          beast::error_code ignored;
          self->stream_.socket().cancel(ignored);
        }
      });
    }

   private:
    void read_header() {
      if (server_->stopping) return close();
      parser_.emplace();
      parser_->header_limit(static_cast<std::uint32_t>(server_->options.max_header_bytes));
      parser_->body_limit(server_->options.max_body_bytes);
      idle_ = true;
      stream_.expires_after(server_->options.header_timeout);
      bhttp::async_read_header(stream_, buffer_, *parser_,
                               [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                 self->idle_ = false;
                                 self->on_header(ec);
                               });
    }

    void on_header(beast::error_code ec) {
      if (ec) return fail(ec);
      const auto& req = parser_->get();
      if (auto length = parser_->content_length();
          length && *length > server_->options.max_body_bytes) {
        return send_error(413);  // refuse before reading a byte of the body
      }
      if (beast::iequals(req[bhttp::field::expect], "100-continue")) {
        auto interim = std::make_shared<std::string>("HTTP/1.1 100 Continue\r\n\r\n");
        return asio::async_write(
            stream_, asio::buffer(*interim),
            [self = shared_from_this(), interim](beast::error_code wec, std::size_t) {
              if (wec) return self->close();
              self->read_body();
            });
      }
      read_body();
    }

    void read_body() {
      stream_.expires_after(server_->options.body_timeout);
      bhttp::async_read(stream_, buffer_, *parser_,
                        [self = shared_from_this()](beast::error_code ec, std::size_t) {
                          if (ec) return self->fail(ec);
                          self->respond();
                        });
    }

    void respond() {
      auto& req = parser_->get();
      Request request;
      request.method = std::string(req.method_string());
      request.target = std::string(req.target());
      std::string_view target = request.target;
      auto q = target.find('?');
      request.path = percent_decode(target.substr(0, q), false);
      if (q != std::string_view::npos) request.query = std::string(target.substr(q + 1));
      for (const auto& field : req) {
        const auto name = field.name_string();
        request.headers.emplace_back(lower(std::string_view(name.data(), name.size())),
                                     std::string(field.value()));
      }
      request.body = std::move(req.body());
      beast::error_code ignored;
      auto endpoint = stream_.socket().remote_endpoint(ignored);
      if (!ignored) request.remote_address = endpoint.address().to_string();

      Response response = server_->handle(request);
      const bool keep_alive = req.keep_alive() && !server_->stopping;
      write(std::move(response), keep_alive, req.version());
    }

    void write(Response response, bool keep_alive, unsigned version) {
      auto res = std::make_shared<bhttp::response<bhttp::string_body>>(
          static_cast<bhttp::status>(response.status), version);
      res->set(bhttp::field::server, "flipside");
      res->set(bhttp::field::content_type, response.content_type);
      res->set(bhttp::field::cache_control, "no-store");
      res->set("X-Content-Type-Options", "nosniff");
      for (const auto& [k, v] : response.headers) res->set(k, v);
      res->body() = std::move(response.body);
      res->keep_alive(keep_alive);
      res->prepare_payload();
      stream_.expires_after(server_->options.body_timeout);
      bhttp::async_write(stream_, *res,
                         [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
                           if (ec || !res->keep_alive()) return self->close();
                           self->read_header();
                         });
    }

    void fail(beast::error_code ec) {
      const int status = status_for_read_error(ec);
      if (status == 0) return close();
      spdlog::debug("event=bad_request status={} reason=\"{}\"", status, ec.message());
      send_error(status);
    }

    void send_error(int status) {
      server_->metrics.observe_request("invalid", status, 0);
      // The rest of the stream cannot be trusted after a framing error: answer and close.
      write(Response::json_error(status, reason_for(status)), false, 11);
    }

    void close() {
      forget();
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
      stream_.close();
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    std::shared_ptr<Impl> server_;
    bool idle_ = false;
  };

  template <class Fn>
  void for_each_session(Fn fn) {
    std::vector<std::shared_ptr<Session>> live;
    {
      std::lock_guard lock(sessions_mutex);
      for (auto& [_, weak] : sessions) {
        if (auto s = weak.lock()) live.push_back(std::move(s));
      }
    }
    for (auto& s : live) fn(*s);
  }

  void accept() {
    acceptor->async_accept(asio::make_strand(io),
                           [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
                             self->on_accept(ec, std::move(socket));
                           });
  }

  void on_accept(beast::error_code ec, tcp::socket socket) {
    if (stopping || !acceptor->is_open()) return;
    if (ec) {
      if (ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space ||
          ec == asio::error::no_memory || ec.value() == ENFILE) {
        // Out of descriptors: accepting again at once would spin. Back off and let some close.
        spdlog::warn("event=accept_backoff reason=\"{}\" open_connections={}", ec.message(),
                     connections.load());
        accept_backoff.expires_after(std::chrono::milliseconds{100});
        accept_backoff.async_wait(
            [self = shared_from_this()](beast::error_code) { self->accept(); });
        return;
      }
      spdlog::debug("event=accept_failed reason=\"{}\"", ec.message());
      return accept();
    }
    if (connections >= options.max_connections) {
      // Answer instead of silently dropping, so clients can back off and retry.
      auto reply = std::make_shared<std::string>(
          "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: "
          "1\r\nContent-Length: 0\r\n\r\n");
      auto sock = std::make_shared<tcp::socket>(std::move(socket));
      asio::async_write(*sock, asio::buffer(*reply), [sock, reply](beast::error_code, std::size_t) {
        beast::error_code ignored;
        sock->shutdown(tcp::socket::shutdown_both, ignored);
      });
      metrics.observe_request("rejected", 503, 0);
    } else {
      std::make_shared<Session>(std::move(socket), shared_from_this())->start();
    }
    accept();
  }
};

Server::Server(ServerOptions options, const Router& router, Metrics& metrics)
    : impl_(std::make_shared<Impl>(std::move(options), router, metrics)) {}

Server::~Server() {
  stop(std::chrono::milliseconds{0});
}

std::uint16_t Server::start() {
  auto& i = *impl_;
  beast::error_code ec;
  auto address = asio::ip::make_address(i.options.bind, ec);
  if (ec)
    throw std::runtime_error("cannot listen on \"" + i.options.bind + "\": not an IP address");
  tcp::endpoint endpoint{address, i.options.port};
  i.acceptor.emplace(i.io);
  i.acceptor->open(endpoint.protocol(), ec);
  if (!ec) i.acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) i.acceptor->bind(endpoint, ec);
  if (!ec) i.acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on " + i.options.bind + ":" +
                             std::to_string(i.options.port) + ": " + ec.message());
  }
  const auto port = i.acceptor->local_endpoint().port();
  i.accept();
  for (int t = 0; t < std::max(1, i.options.threads); ++t) {
    i.threads.emplace_back([impl = impl_] { impl->io.run(); });
  }
  return port;
}

void Server::stop(std::chrono::milliseconds grace) {
  auto& i = *impl_;
  if (i.threads.empty()) return;
  i.stopping = true;
  asio::post(i.io, [impl = impl_] {
    beast::error_code ignored;
    impl->acceptor->close(ignored);
    impl->accept_backoff.cancel();
  });
  auto wait_for_connections = [&i](std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (i.connections > 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds{5});
    }
  };
  i.for_each_session([](Impl::Session& s) { s.close_if_idle(); });
  wait_for_connections(grace);
  // Whatever is still open after the grace period is cut off.
  i.for_each_session([](Impl::Session& s) { s.force_close(); });
  wait_for_connections(std::chrono::seconds{1});
  if (i.connections > 0) i.io.stop();
  // With the acceptor closed and no sessions left, the threads run out of work and return.
  for (auto& t : i.threads) {
    if (t.joinable()) t.join();
  }
  i.threads.clear();
}

std::size_t Server::open_connections() const {
  return impl_->connections;
}

}  // namespace flipside::http
