#pragma once
// The local console: a web page to chat with the bot as anyone, with no Slack or Teams account.
// It is a platform like the others: requests become core Events, replies are rendered to HTML.
//   GET  /console                      the page
//   POST /console/api/events           {event_id?, user:{id,name,tz?}, type: text|action|form, ...}
//   GET  /console/api/messages?user=&after=   what the bot said to that user since `after`
#include <functional>
#include <memory>
#include <string>

#include "bot/core/clock.hpp"
#include "bot/http/http_router.hpp"
#include "bot/platform_client.hpp"
#include "handlers/dispatcher.hpp"
#include "storage/database.hpp"

namespace flipside::console {

struct ConsoleOptions {
  std::string token;  // required in X-Flipside-Console-Token when not empty
};

class ConsoleAdapter {
 public:
  ConsoleAdapter(Dispatcher& dispatcher, storage::Database& db, const Clock& clock,
                 ConsoleOptions options, std::function<void()> after_commit);

  void register_routes(http::Router& router);
  // Delivers outbox rows addressed to console users into their transcript.
  std::shared_ptr<PlatformClient> client();

  http::Response page(const http::Request& request) const;
  http::Response post_event(const http::Request& request);
  http::Response messages(const http::Request& request);

 private:
  bool authorised(const http::Request& request) const;

  Dispatcher& dispatcher_;
  storage::Database& db_;
  const Clock& clock_;
  ConsoleOptions options_;
  std::function<void()> after_commit_;
};

}  // namespace flipside::console
