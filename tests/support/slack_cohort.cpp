#include "support/slack_cohort.hpp"

#include <catch2/catch.hpp>

#include <set>

#include "bot/slack/slack_adapter.hpp"
#include "support/programme_helpers.hpp"

namespace flipside::testing {

using nlohmann::json;
using namespace std::chrono;

// Each person writes to the bot from their own DM channel, "D" + their user id.
std::string dm(const std::string& user) {
  return "D" + user;
}

namespace {

void collect_text(const json& j, std::string& out) {
  if (j.is_object()) {
    if (j.contains("text") && j["text"].is_string()) out += j["text"].get<std::string>() + "\n";
    for (const auto& [key, v] : j.items())
      if (key != "text" || !v.is_string()) collect_text(v, out);
  } else if (j.is_array()) {
    for (const auto& v : j) collect_text(v, out);
  }
}

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    auto end = s.find(',', start);
    auto item = s.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!item.empty()) out.push_back(item);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string text_of(const json& blocks) {
  std::string out;
  collect_text(blocks, out);
  return out;
}

std::vector<SlackButton> buttons_in(const json& blocks) {
  std::vector<SlackButton> out;
  for (const auto& b : blocks) {
    if (b.value("type", "") != "actions") continue;
    for (const auto& e : b["elements"])
      if (e.value("type", "") == "button")
        out.push_back({e["text"]["text"].get<std::string>(), e["action_id"].get<std::string>(),
                       e["value"].get<std::string>()});
  }
  return out;
}

std::vector<std::string> labels(const std::vector<SlackButton>& buttons) {
  std::vector<std::string> out;
  for (const auto& b : buttons) out.push_back(b.label);
  return out;
}

// The shared mentor intake (support/programme_helpers), as a Slack user fills in the modal.
Values mentor_answers(const std::string& teaches) {
  auto answers = flipside::testing::good_intake();
  answers["manager_email"] = "";
  answers["teaches"] = teaches;
  return answers;
}

Values mentee_answers(const std::string& learns) {
  auto answers = mentor_answers("strategy");
  answers.erase("capacity");
  answers["level"] = "8";
  answers["learns"] = learns;
  return answers;
}

// Fills in a modal the bot opened with views.open, as Slack would submit it: view.state.values
// keyed by block id, then action id. Unchanged inputs keep their initial value; only offered
// options can be chosen.
json fill_in(const json& view, const Values& answers) {
  json values = json::object();
  for (const auto& block : view["blocks"]) {
    if (block.value("type", "") != "input") continue;
    const auto block_id = block["block_id"].get<std::string>();
    const auto& element = block["element"];
    const auto type = element["type"].get<std::string>();
    const auto action_id = element["action_id"].get<std::string>();
    std::set<std::string> offered;
    if (element.contains("options"))
      for (const auto& o : element["options"]) offered.insert(o["value"].get<std::string>());

    std::optional<std::string> answer;
    if (auto it = answers.find(block_id); it != answers.end()) answer = it->second;
    json state = {{"type", type}};
    if (type == "plain_text_input" || type == "number_input") {
      const auto v = answer ? *answer : element.value("initial_value", "");
      state["value"] = v.empty() ? json(nullptr) : json(v);
    } else if (type == "datepicker") {
      const auto v = answer ? *answer : element.value("initial_date", "");
      state["selected_date"] = v.empty() ? json(nullptr) : json(v);
    } else if (type == "static_select") {
      std::string v = answer ? *answer : "";
      if (!answer && element.contains("initial_option"))
        v = element["initial_option"]["value"].get<std::string>();
      if (v.empty()) {
        state["selected_option"] = nullptr;
      } else {
        INFO(block_id << " offers no " << v);
        REQUIRE(offered.contains(v));
        state["selected_option"] = {{"value", v}, {"text", {{"type", "plain_text"}, {"text", v}}}};
      }
    } else if (type == "multi_static_select") {
      std::vector<std::string> chosen;
      if (answer) {
        chosen = split_commas(*answer);
      } else if (element.contains("initial_options")) {
        for (const auto& o : element["initial_options"])
          chosen.push_back(o["value"].get<std::string>());
      }
      state["selected_options"] = json::array();
      for (const auto& v : chosen) {
        INFO(block_id << " offers no " << v);
        REQUIRE(offered.contains(v));
        state["selected_options"].push_back(
            {{"value", v}, {"text", {{"type", "plain_text"}, {"text", v}}}});
      }
    } else {
      FAIL("unexpected input element " << type << " in block " << block_id);
    }
    values[block_id][action_id] = state;
  }
  return values;
}

SlackCohort::SlackCohort() {
  Config config;
  config.slack_signing_secret = kSlackSecret;
  config.slack_bot_token = "xoxb-test-token";
  config.slack_api_url = slack.api_url();
  config.admins = {"UPAT"};  // a programme manager named by Slack user id
  program = std::make_unique<TestProgram>(config);
  program->serve();
  send.reset(new SlackSender{program->url("/slack/events"), program->clock, {}});
  for (auto [id, name] : {std::pair{"UPAT", "Pat"},
                          {"UANA", "Ana"},
                          {"UBOB", "Bob"},
                          {"UCAT", "Cat"},
                          {"ULEE", "Lee"},
                          {"UMIA", "Mia"}})
    slack.set_user(id, "Europe/Berlin", name, "");
}

std::int64_t SlackCohort::count(const std::string& sql) {
  return program->app->db().transact(
      [&](SQLite::Database& db) { return db.execAndGet(sql).getInt64(); });
}
std::int64_t SlackCohort::pairs() {
  return count("SELECT count(*) FROM pairs WHERE ended_at IS NULL");
}

// Runs due jobs and delivers until the outbox is empty; Slack pacing allows one message a second
// per channel, so the clock moves on a second at a time meanwhile.
void SlackCohort::deliver_all() {
  for (int i = 0; i < 30; ++i) {
    program->run_due_jobs();
    if (count("SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')") == 0) return;
    program->clock.advance(seconds{1});
  }
  FAIL("the outbox did not drain");
}

// `/flipside <text>` typed in the person's DM with the bot; returns the ephemeral answer's
// blocks.
json SlackCohort::command(const std::string& user, const std::string& text) {
  auto r = send->command(user, text, dm(user), "trig-" + std::to_string(++clicks));
  REQUIRE(r.status == 200);
  if (r.body.empty()) return json::array();
  auto ack = json::parse(r.body);
  CHECK(ack["response_type"] == "ephemeral");
  return ack["blocks"];
}

// A click on a button in a message the bot posted in the person's DM.
void SlackCohort::click(const std::string& user, const SlackButton& b) {
  auto r = send->interactive(SlackSender::button(user, b.action_id, b.value,
                                                 "trig-" + std::to_string(++clicks), dm(user)));
  REQUIRE(r.status == 200);
}

// The view of the newest views.open call, which must answer the latest trigger.
json SlackCohort::opened_modal() {
  auto opens = slack.calls("views.open");
  REQUIRE_FALSE(opens.empty());
  CHECK(opens.back().args["trigger_id"] == "trig-" + std::to_string(clicks));
  return opens.back().args["view"];
}

// Submits the modal; returns Slack's answer body (empty when the modal may close).
std::string SlackCohort::submit(const std::string& user, const json& view, const Values& answers) {
  auto payload = SlackSender::submission(user, view["callback_id"].get<std::string>(),
                                         fill_in(view, answers), "h" + std::to_string(++clicks));
  payload["view"]["private_metadata"] = view["private_metadata"];
  auto r = send->interactive(payload);
  REQUIRE(r.status == 200);
  return r.body;
}

// What the bot posted in the person's DM, oldest first (the blocks of each chat.postMessage).
std::vector<json> SlackCohort::posts_to(const std::string& user) {
  std::vector<json> out;
  for (const auto& c : slack.calls("chat.postMessage"))
    if (c.args.value("channel", "") == dm(user)) out.push_back(c.args["blocks"]);
  return out;
}

// The newest post in the person's DM that says `marker`, or fails the test.
json SlackCohort::last_post(const std::string& user, const std::string& marker) {
  auto all = posts_to(user);
  for (auto it = all.rbegin(); it != all.rend(); ++it)
    if (text_of(*it).find(marker) != std::string::npos) return *it;
  FAIL("nothing saying \"" << marker << "\" was posted to " << user);
  return {};
}

std::size_t SlackCohort::posts_saying(const std::string& user, const std::string& marker) {
  std::size_t n = 0;
  for (const auto& p : posts_to(user)) n += text_of(p).find(marker) != std::string::npos;
  return n;
}

SlackButton SlackCohort::button(const json& blocks, const std::string& label) {
  for (const auto& b : buttons_in(blocks))
    if (b.label == label) return b;
  FAIL("no \"" << label << "\" button in " << text_of(blocks));
  return {};
}

// Pat creates the programme with the programme.create modal.
void SlackCohort::create_programme(const Values& changes) {
  CHECK(command("UPAT", "programme new").empty());  // answered with a modal, not a message
  auto view = opened_modal();
  REQUIRE(view["callback_id"] == "programme.create");
  Values answers = {{"name", "Spring pilot"},
                    {"focus_areas", "digital_skills,ai_data"},
                    {"skills", "Generative AI, Data visualisation, Social media, Automation"},
                    {"matching_mode", "shortlist"}};
  for (const auto& [k, v] : changes) answers[k] = v;
  CHECK(submit("UPAT", view, answers).empty());
  deliver_all();
  CHECK_THAT(text_of(last_post("UPAT", "Spring pilot")), Catch::Contains("Open for sign-ups"));
}

// Joins with a slash command, opens the intake from the invitation's button and submits it.
void SlackCohort::join_with_intake(const std::string& user, const std::string& role,
                                   const Values& answers) {
  auto joined = command(user, "join " + role);
  CHECK_THAT(text_of(joined), Catch::Contains("Spring pilot"));
  program->app->slack()->refresh_profiles_now();  // the name and zone from users.info
  click(user, button(joined, "Fill in the intake"));
  auto view = opened_modal();
  REQUIRE(view["type"] == "modal");
  CHECK(view["callback_id"].get<std::string>().starts_with("intake.submit:"));
  CHECK(submit(user, view, answers).empty());
  deliver_all();
  CHECK_THAT(text_of(last_post(user, "Intake saved")),
             Catch::Contains("Your intake for *Spring pilot* is complete"));
}

// Three mentors and two mentees who all fit each other (cohort_of_five in programmes_test.cpp),
// then Pat runs the matching.
void SlackCohort::cohort_of_five_matched() {
  create_programme();
  join_with_intake("UANA", "mentor", mentor_answers("generative_ai"));
  join_with_intake("UBOB", "mentor", mentor_answers("data_visualisation"));
  join_with_intake("UCAT", "mentor", mentor_answers("social_media"));
  join_with_intake("ULEE", "mentee", mentee_answers("generative_ai"));
  join_with_intake("UMIA", "mentee", mentee_answers("data_visualisation"));

  CHECK_THAT(text_of(command("ULEE", "match run")), Catch::Contains("for programme managers"));
  CHECK_THAT(text_of(command("UPAT", "match run")),
             Catch::Contains("2 mentees got their shortlist"));
  deliver_all();
}

}  // namespace flipside::testing
