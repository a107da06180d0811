#pragma once
// Driving Flipside through Slack in tests, as a Slack workspace would: the real server on
// loopback, really signed slash commands, button clicks and modal submissions, and the outbox
// delivering through a fake Slack Web API (support/fake_slack). What tests read back is what a
// Slack user would see: the Block Kit blocks the bot posted.
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/fake_slack.hpp"
#include "support/slack_requests.hpp"
#include "support/test_program.hpp"

namespace flipside::testing {

using Values = std::map<std::string, std::string>;

// Each person writes to the bot from their own DM channel, "D" + their user id.
std::string dm(const std::string& user);

// Every text a person reads in Block Kit JSON: sections, headers, fields, context, button labels.
std::string text_of(const nlohmann::json& blocks);

struct SlackButton {
  std::string label, action_id, value;
};
std::vector<SlackButton> buttons_in(const nlohmann::json& blocks);
std::vector<std::string> labels(const std::vector<SlackButton>& buttons);

// The shared intake answers (support/programme_helpers), as a Slack user fills in the modal.
Values mentor_answers(const std::string& teaches);
Values mentee_answers(const std::string& learns);

// Fills in a modal the bot opened with views.open, as Slack would submit it: view.state.values
// keyed by block id, then action id. Unchanged inputs keep their initial value; only offered
// options can be chosen.
nlohmann::json fill_in(const nlohmann::json& view, const Values& answers);

// A workspace: Pat (a programme manager by Slack user id), Ana, Bob, Cat, Lee and Mia, all in
// Europe/Berlin unless a test changes that with slack.set_user before they first write.
struct SlackCohort {
  FakeSlack slack;
  std::unique_ptr<TestProgram> program;
  std::unique_ptr<SlackSender> send;
  int clicks = 0;

  SlackCohort();
  std::int64_t count(const std::string& sql);
  std::int64_t pairs();
  // Runs due jobs and delivers until the outbox is empty; Slack pacing allows one message a
  // second per channel, so the clock moves on a second at a time meanwhile.
  void deliver_all();
  // `/flipside <text>` typed in the person's DM with the bot; returns the ephemeral answer's
  // blocks.
  nlohmann::json command(const std::string& user, const std::string& text);
  // A click on a button in a message the bot posted in the person's DM.
  void click(const std::string& user, const SlackButton& b);
  // The view of the newest views.open call, which must answer the latest trigger.
  nlohmann::json opened_modal();
  // Submits the modal; returns Slack's answer body (empty when the modal may close).
  std::string submit(const std::string& user, const nlohmann::json& view, const Values& answers);
  // What the bot posted in the person's DM, oldest first (the blocks of each chat.postMessage).
  std::vector<nlohmann::json> posts_to(const std::string& user);
  // The newest post in the person's DM that says `marker`, or fails the test.
  nlohmann::json last_post(const std::string& user, const std::string& marker);
  std::size_t posts_saying(const std::string& user, const std::string& marker);
  SlackButton button(const nlohmann::json& blocks, const std::string& label);
  // Pat creates "Spring pilot" with the programme.create modal (shortlist matching; `changes`
  // overrides any answer).
  void create_programme(const Values& changes = {});
  // Joins with a slash command, opens the intake from the invitation's button and submits it.
  void join_with_intake(const std::string& user, const std::string& role, const Values& answers);
  // Three mentors and two mentees who all fit each other, then Pat runs the matching.
  void cohort_of_five_matched();
};

}  // namespace flipside::testing
