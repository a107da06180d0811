#include "handlers/matching/demo_people.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <random>
#include <set>
#include <string_view>
#include <unordered_map>

namespace flipside::matching {

namespace {

struct Place {
  std::string_view name;
  std::string_view time_zone;
  int utc_offset_minutes;  // standard time: the demo does not need daylight saving
  std::array<std::string_view, 2> languages;  // local language(s); empty when English only
  int weight;                                 // how many staff work there, relatively
};

constexpr std::array<Place, 12> kPlaces = {{
    {"London", "Europe/London", 0, {"en", ""}, 30},
    {"Dublin", "Europe/Dublin", 0, {"en", "ga"}, 6},
    {"Lisbon", "Europe/Lisbon", 0, {"pt", ""}, 8},
    {"Berlin", "Europe/Berlin", 60, {"de", ""}, 10},
    {"Paris", "Europe/Paris", 60, {"fr", ""}, 8},
    {"Nairobi", "Africa/Nairobi", 180, {"sw", "en"}, 4},
    {"Bangalore", "Asia/Kolkata", 330, {"en", "hi"}, 10},
    {"Singapore", "Asia/Singapore", 480, {"en", "zh"}, 6},
    {"Sydney", "Australia/Sydney", 600, {"en", ""}, 5},
    {"São Paulo", "America/Sao_Paulo", -180, {"pt", ""}, 7},
    {"New York", "America/New_York", -300, {"en", "es"}, 18},
    {"San Francisco", "America/Los_Angeles", -480, {"en", ""}, 8},
}};

constexpr std::array<std::string_view, 8> kDepartments = {
    "Engineering", "Sales",  "Marketing", "Finance",
    "Operations",  "People", "Legal",     "Customer Success"};

// What juniors bring: digital skills and new ways of working.
constexpr std::array<std::string_view, 16> kDigitalSkills = {
    "data visualisation",   "generative AI tools",   "social media",
    "short-form video",     "Python basics",         "spreadsheet automation",
    "remote collaboration", "no-code apps",          "cybersecurity hygiene",
    "UX research",          "agile ways of working", "podcasting",
    "personal branding",    "Gen Z consumer trends", "accessibility",
    "online communities"};

// What seniors bring back: institutional knowledge.
constexpr std::array<std::string_view, 12> kInstitutionalSkills = {"stakeholder management",
                                                                   "budgeting",
                                                                   "navigating the organisation",
                                                                   "negotiation",
                                                                   "strategy",
                                                                   "leading teams",
                                                                   "career planning",
                                                                   "public speaking",
                                                                   "client relationships",
                                                                   "board presentations",
                                                                   "hiring",
                                                                   "change management"};

constexpr std::array<std::string_view, 18> kInterests = {
    "photography", "running", "cooking",   "chess",    "football",     "hiking",
    "jazz",        "gaming",  "gardening", "books",    "cycling",      "climbing",
    "yoga",        "travel",  "film",      "painting", "volunteering", "podcasts"};

constexpr std::array<std::string_view, 4> kStyles = {"hands_on", "discussion", "reading", "visual"};

constexpr std::array<std::string_view, 40> kFirstNames = {
    "Ana",    "Victor",  "Mei",    "Tomás",   "Priya", "James",  "Fatima", "Lukas",
    "Chloé",  "Kwame",   "Sofia",  "Hiroshi", "Amara", "Oliver", "Leila",  "Mateus",
    "Ingrid", "Ravi",    "Grace",  "Diego",   "Nadia", "Samuel", "Aoife",  "Wei",
    "Elena",  "Kofi",    "Hannah", "Arjun",   "Zoe",   "Marco",  "Yusuf",  "Clara",
    "Daniel", "Beatriz", "Noah",   "Aisha",   "Felix", "Lucía",  "Ethan",  "Sakura"};
constexpr std::array<std::string_view, 40> kLastNames = {
    "Silva",   "Okafor",  "Chen",    "Müller", "Sharma",  "Smith",   "Haddad", "Novak",
    "Dubois",  "Mensah",  "Rossi",   "Tanaka", "Kamau",   "Brown",   "Farah",  "Costa",
    "Larsen",  "Iyer",    "Walsh",   "García", "Petrova", "Adeyemi", "Byrne",  "Wang",
    "Popescu", "Boateng", "Fischer", "Nair",   "Martin",  "Bianchi", "Yilmaz", "Lopes",
    "Cohen",   "Santos",  "Taylor",  "Hassan", "Weber",   "Torres",  "Lee",    "Sato"};

std::string title_for(int level, std::string_view department) {
  switch (level) {
    case 9:
      return "Chief Executive Officer";
    case 8:
      return "Head of " + std::string(department);
    case 7:
      return "Director, " + std::string(department);
    case 6:
      return "Senior Manager";
    case 5:
      return "Manager";
    case 4:
      return "Senior Associate";
    case 3:
      return "Associate";
    case 2:
      return "Analyst";
    default:
      return "Graduate";
  }
}

// Our own uniform draws: std::uniform_int_distribution differs between standard libraries.
class Draw {
 public:
  explicit Draw(std::uint64_t seed) : rng_(seed) {}
  // Uniform in [0, n), n > 0 (modulo bias is irrelevant for 64-bit draws and small n).
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }
  int between(int lo, int hi) {
    return lo + static_cast<int>(below(static_cast<std::size_t>(hi - lo + 1)));
  }
  bool chance(int percent) { return below(100) < static_cast<std::size_t>(percent); }
  template <class Array>
  std::string pick(const Array& a) {
    return std::string(a[below(a.size())]);
  }
  // `k` distinct entries of `a`, in the array's order.
  template <class Array>
  std::vector<std::string> some(const Array& a, std::size_t k) {
    std::vector<std::size_t> idx(a.size());
    for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    for (std::size_t i = 0; i < k && i < idx.size(); ++i)
      std::swap(idx[i], idx[i + below(idx.size() - i)]);
    idx.resize(std::min(k, idx.size()));
    std::sort(idx.begin(), idx.end());
    std::vector<std::string> out;
    for (auto i : idx) out.emplace_back(a[i]);
    return out;
  }

 private:
  std::mt19937_64 rng_;
};

// Level mix of the organisation below the chief executive: 40 % seniors (6..8), 15 % middle
// (4..5), 45 % juniors (1..3), so a cohort of N per side needs about 2.5 N people.
int draw_level(Draw& d) {
  const std::size_t r = d.below(100);
  if (r < 4) return 8;
  if (r < 14) return 7;
  if (r < 40) return 6;
  if (r < 48) return 5;
  if (r < 55) return 4;
  if (r < 70) return 3;
  if (r < 85) return 2;
  return 1;
}

}  // namespace

int demo_utc_offset_minutes(const std::string& location) {
  for (const auto& p : kPlaces) {
    if (p.name == location) return p.utc_offset_minutes;
  }
  return 0;
}

std::vector<DemoPerson> generate_demo_people(std::size_t count, std::uint64_t seed) {
  Draw d(seed);
  int total_weight = 0;
  for (const auto& p : kPlaces) total_weight += p.weight;
  auto draw_place = [&]() -> const Place& {
    int r = static_cast<int>(d.below(static_cast<std::size_t>(total_weight)));
    for (const auto& p : kPlaces) {
      if ((r -= p.weight) < 0) return p;
    }
    return kPlaces[0];
  };

  std::vector<DemoPerson> people;
  people.reserve(count);
  std::set<std::string> emails;
  for (std::size_t n = 0; n < std::max<std::size_t>(count, 1); ++n) {
    DemoPerson p;
    const std::string first = d.pick(kFirstNames), last = d.pick(kLastNames);
    p.name = first + " " + last;
    std::string base;
    for (char c : first + "." + last) {
      // Keep ASCII letters and dots; accented letters (multi-byte UTF-8) are dropped.
      if ((c >= 'a' && c <= 'z') || c == '.') base += c;
      if (c >= 'A' && c <= 'Z') base += static_cast<char>(c - 'A' + 'a');
    }
    p.email = base + "@example.com";
    for (int k = 2; !emails.insert(p.email).second; ++k) {
      p.email = base + std::to_string(k) + "@example.com";
    }
    p.level = n == 0 ? 9 : draw_level(d);
    // The first few people head the departments so every department has a senior line.
    p.department = n == 0                     ? "Executive"
                   : n <= kDepartments.size() ? std::string(kDepartments[n - 1])
                                              : d.pick(kDepartments);
    if (n >= 1 && n <= kDepartments.size()) p.level = 8;
    const Place& place = n == 0 ? kPlaces[0] : draw_place();
    p.location = std::string(place.name);
    p.time_zone = std::string(place.time_zone);
    p.title = title_for(p.level, p.department);

    // Everyone speaks the local language(s); English is the company language for most.
    for (auto l : place.languages) {
      if (!l.empty()) p.languages.emplace_back(l);
    }
    if (std::find(p.languages.begin(), p.languages.end(), "en") == p.languages.end() &&
        d.chance(70)) {
      p.languages.emplace_back("en");
    }
    if (d.chance(15)) {
      const std::string extra = d.pick(std::array<std::string_view, 4>{"es", "fr", "de", "pt"});
      if (std::find(p.languages.begin(), p.languages.end(), extra) == p.languages.end()) {
        p.languages.push_back(extra);
      }
    }
    std::sort(p.languages.begin(), p.languages.end());

    // Intake answers: juniors teach digital skills and learn institutional knowledge, seniors
    // the other way round; the middle layer has a bit of both.
    const bool junior = p.level <= 4;
    const auto teach_n = static_cast<std::size_t>(d.between(2, 4));
    const auto learn_n = static_cast<std::size_t>(d.between(1, 3));
    if (junior) {
      p.skills_to_teach = d.some(kDigitalSkills, teach_n);
      p.skills_to_learn = d.some(kInstitutionalSkills, learn_n);
    } else {
      p.skills_to_teach = d.some(kInstitutionalSkills, teach_n);
      p.skills_to_learn = d.some(kDigitalSkills, learn_n);
    }
    p.interests = d.some(kInterests, static_cast<std::size_t>(d.between(1, 4)));
    p.learning_style = d.pick(kStyles);
    p.extroversion = d.between(1, 5);
    // Two to four weekly windows of one to three hours, within local working hours.
    const int windows = d.between(2, 4);
    for (int w = 0; w < windows; ++w) {
      DemoWindow win;
      win.weekday = d.between(0, 4);
      win.start_hour = d.between(8, 16);
      win.end_hour = std::min(18, win.start_hour + d.between(1, 3));
      p.availability.push_back(win);
    }
    p.capacity = junior && d.chance(20) ? 2 : 1;
    people.push_back(std::move(p));
  }

  // Managers: someone more senior in the same department (the chief executive for department
  // heads and when a department has nobody more senior yet). Strictly higher levels make the
  // hierarchy acyclic by construction.
  std::map<std::string, std::map<int, std::vector<std::size_t>>> by_department_level;
  for (std::size_t n = 1; n < people.size(); ++n) {
    by_department_level[people[n].department][people[n].level].push_back(n);
  }
  for (std::size_t n = 1; n < people.size(); ++n) {
    DemoPerson& p = people[n];
    const auto& levels = by_department_level[p.department];
    // Prefer the nearest level above (a junior's manager is a manager, not the department head),
    // up to three levels up.
    std::size_t manager = 0;
    for (int up = p.level + 1; up <= std::min(8, p.level + 3); ++up) {
      auto it = levels.find(up);
      if (it != levels.end() && !it->second.empty()) {
        manager = it->second[d.below(it->second.size())];
        break;
      }
    }
    if (manager == 0 && p.level < 8) {
      // Nobody within three levels: the department's most senior person.
      auto top = levels.rbegin();
      if (top != levels.rend() && top->first > p.level) manager = top->second.front();
    }
    p.manager_email = people[manager].email;
  }
  return people;
}

Cohort cohort_from_demo_people(const std::vector<DemoPerson>& people, std::size_t per_side) {
  Cohort cohort;
  std::unordered_map<std::string, std::size_t> tag_ids;
  auto tags = [&](const std::vector<std::string>& names) {
    TagSet set;
    for (const auto& name : names) {
      auto [it, added] = tag_ids.try_emplace(name, tag_ids.size());
      if (added) cohort.tag_names.push_back(name);
      if (it->second < kMaxTags) set.set(it->second);
    }
    return set;
  };
  std::unordered_map<std::string, std::int64_t> id_of_email;
  for (std::size_t n = 0; n < people.size(); ++n) {
    id_of_email[people[n].email] = static_cast<std::int64_t>(n + 1);
  }
  for (std::size_t n = 0; n < people.size(); ++n) {
    auto boss = id_of_email.find(people[n].manager_email);
    if (boss != id_of_email.end())
      cohort.manager_of[static_cast<std::int64_t>(n + 1)] = boss->second;
  }

  for (std::size_t n = 0; n < people.size(); ++n) {
    const DemoPerson& d = people[n];
    const bool mentor = d.level <= kDemoMaxMentorLevel;
    const bool mentee = d.level >= kDemoMinMenteeLevel;
    if ((mentor && cohort.mentors.size() >= per_side) ||
        (mentee && cohort.mentees.size() >= per_side) || (!mentor && !mentee)) {
      continue;
    }
    Profile p;
    p.person_id = static_cast<std::int64_t>(n + 1);
    p.display_name = d.name;
    p.level = d.level;
    p.department = d.department;
    p.location = d.location;
    p.time_zone = d.time_zone;
    p.utc_offset_minutes = demo_utc_offset_minutes(d.location);
    p.teaches = tags(d.skills_to_teach);
    p.learns = tags(d.skills_to_learn);
    p.interests = tags(d.interests);
    p.languages = std::set<std::string>(d.languages.begin(), d.languages.end());
    const auto style = std::find(kStyles.begin(), kStyles.end(), d.learning_style);
    p.learning_style = style == kStyles.end() ? LearningStyle::discussion
                                              : static_cast<LearningStyle>(style - kStyles.begin());
    p.extroversion = d.extroversion;
    // Local windows to UTC hours of the week. Offsets are rounded down to the hour (Bangalore's
    // +5:30 counts as +5): availability is coarse anyway and a bitset of hours keeps overlap a
    // popcount.
    const int offset_hours = p.utc_offset_minutes >= 0 ? p.utc_offset_minutes / 60
                                                       : -((-p.utc_offset_minutes + 59) / 60);
    for (const auto& w : d.availability) {
      for (int h = w.start_hour; h < w.end_hour; ++h) {
        const int utc = ((w.weekday * 24 + h - offset_hours) % 168 + 168) % 168;
        p.available.set(static_cast<std::size_t>(utc));
      }
    }
    p.capacity = mentor ? d.capacity : 1;
    (mentor ? cohort.mentors : cohort.mentees).push_back(std::move(p));
  }
  return cohort;
}

Cohort demo_cohort(std::size_t per_side, std::uint64_t seed) {
  // 45 % juniors and 40 % seniors on average; the margin covers unlucky draws, and the loop
  // grows the organisation in the rare case it still falls short.
  std::size_t count = per_side * 5 / 2 + 40;
  while (true) {
    auto people = generate_demo_people(count, seed);
    Cohort c = cohort_from_demo_people(people, per_side);
    if (c.mentors.size() >= per_side && c.mentees.size() >= per_side) return c;
    count += count / 4 + 10;
  }
}

}  // namespace flipside::matching
