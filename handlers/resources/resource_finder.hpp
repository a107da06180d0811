#pragma once
// Finding resources in the catalogue: by a topic or skill someone types (`resources <topic>`),
// the nearest name for a near miss, and the few that fit a pair's focus, skills and goals (for
// agendas). Pure functions over the catalogue, so they are tested without a chat.
#include <string>
#include <string_view>
#include <vector>

#include "templates/resources.hpp"

namespace flipside::handlers {

// "Data_Visualisation", "data visualisation " and "data-visualisation" all read
// "data visualisation": lower case, words separated by one space.
std::string topic_key(std::string_view text);

// One name people can look resources up by: a topic id ("ai_data") shown with its label
// ("AI and data"), or a skill ("Active listening").
struct TopicName {
  std::string label;
  std::vector<std::string> keys;  // topic_key()s that select it: the id and the label
  bool is_skill = false;
  std::size_t count = 0;  // resources under it
};
// `label_of` gives a topic id's label (the id itself when there is none). Topics first, then
// skills, each in the order they first appear in the catalogue.
template <typename LabelOf>
std::vector<TopicName> topic_names(const templates::ResourceCatalogue& catalogue, LabelOf label_of);

// The resources listed under `name`.
std::vector<const templates::Resource*> resources_under(
    const templates::ResourceCatalogue& catalogue, const TopicName& name);

// The name `query` selects (nullptr if none), and the nearest one for a near miss ("" if none is
// near): a typo within a couple of letters, or a word of a longer name ("listening").
const TopicName* find_topic(const std::vector<TopicName>& names, std::string_view query);
std::string closest_topic(const std::vector<TopicName>& names, std::string_view query);

// What a pair is about, for matching resources to its agenda.
struct PairInterests {
  std::vector<std::string> focus_areas;  // programme focus ids ("ai_data")
  std::vector<std::string> skills;       // what the mentee wants to learn ("data_visualisation")
  std::string words;                     // goals in their own words
};
// Up to `limit` resources, best first: a skill the pair works on (or names in its goals) counts
// twice a programme focus area the resource covers; ties keep the catalogue's order.
std::vector<const templates::Resource*> resources_for(const templates::ResourceCatalogue& catalogue,
                                                      const PairInterests& pair, std::size_t limit);

template <typename LabelOf>
std::vector<TopicName> topic_names(const templates::ResourceCatalogue& catalogue,
                                   LabelOf label_of) {
  std::vector<TopicName> topics, skills;
  auto add = [](std::vector<TopicName>& into, TopicName name) {
    for (auto& existing : into)
      if (existing.keys.front() == name.keys.front()) {
        ++existing.count;
        return;
      }
    name.count = 1;
    into.push_back(std::move(name));
  };
  for (const auto& r : catalogue.entries()) {
    for (const auto& t : r.topics) {
      std::string label = label_of(t);
      add(topics, {label, {topic_key(t), topic_key(label)}, false, 0});
    }
    for (const auto& s : r.skills) add(skills, {s, {topic_key(s)}, true, 0});
  }
  topics.insert(topics.end(), skills.begin(), skills.end());
  return topics;
}

}  // namespace flipside::handlers
