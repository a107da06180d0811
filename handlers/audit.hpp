#pragma once
// The audit log of programme managers' actions: recorded by the handlers that act, listed by the
// `audit` verb.
#include <cstdint>
#include <optional>
#include <string>

#include "handlers/context.hpp"

namespace flipside::handlers {

struct AuditSubject {
  std::optional<std::int64_t> programme_id;
  std::optional<std::int64_t> person_id;
  std::optional<std::int64_t> pair_id;
};

// Records that the acting person did `action` ("pair.pause", "pair.end", ...) to `subject`.
// `detail` is what they typed as a reason, if anything.
void audit(Context& ctx, const std::string& action, const AuditSubject& subject,
           const std::string& detail = "");

void register_audit(Router& router);
std::vector<templates::TemplateSpec> audit_templates();

}  // namespace flipside::handlers
