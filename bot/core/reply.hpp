#pragma once
#include <vector>

#include "ui.hpp"

namespace flipside {

// What a handler answers to the person who acted. Adapters decide how it travels: in the HTTP
// response (console, Slack ack, Teams invoke) or through the outbox.
struct Reply {
  std::vector<ui::Message> messages;
  // Non-empty: the submitted form is shown again with these errors beside its inputs, and the
  // handler has saved nothing.
  ui::FormErrors form_errors;

  static Reply say(ui::Message m) {
    Reply r;
    r.messages.push_back(std::move(m));
    return r;
  }
  static Reply errors(ui::FormErrors e) {
    Reply r;
    r.form_errors = std::move(e);
    return r;
  }
  static Reply none() { return {}; }
};

}  // namespace flipside
