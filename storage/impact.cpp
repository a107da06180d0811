#include "storage/impact.hpp"

#include <SQLiteCpp/Statement.h>

#include "storage/statement_cache.hpp"

namespace flipside::storage {

void ImpactRepository::save(std::int64_t programme_id, std::int64_t person_id, Role role,
                            const std::string& phase, const std::vector<ConfidenceRating>& ratings,
                            TimePoint now) {
  auto& clear = prepare(
      db_, "DELETE FROM impact_ratings WHERE programme_id = ? AND person_id = ? AND phase = ?");
  clear.bind(1, programme_id);
  clear.bind(2, person_id);
  clear.bind(3, phase);
  clear.exec();
  for (const auto& r : ratings) {
    auto& q = prepare(db_,
                      "INSERT INTO impact_ratings(programme_id, person_id, role, phase, topic,"
                      " label, rating, rated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, programme_id);
    q.bind(2, person_id);
    q.bind(3, std::string(to_string(role)));
    q.bind(4, phase);
    q.bind(5, r.topic);
    q.bind(6, r.label);
    q.bind(7, r.rating);
    q.bind(8, to_unix(now));
    q.exec();
  }
}

std::vector<ConfidenceRating> ImpactRepository::ratings(std::int64_t programme_id,
                                                        std::int64_t person_id,
                                                        const std::string& phase) {
  auto& q = prepare(db_,
                    "SELECT topic, label, rating FROM impact_ratings WHERE programme_id = ? AND"
                    " person_id = ? AND phase = ? ORDER BY label");
  q.bind(1, programme_id);
  q.bind(2, person_id);
  q.bind(3, phase);
  std::vector<ConfidenceRating> out;
  while (q.executeStep())
    out.push_back(
        {q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getInt()});
  return out;
}

std::vector<RatingRow> ImpactRepository::programme_ratings(std::int64_t programme_id) {
  auto& q = prepare(db_,
                    "SELECT person_id, role, phase, topic, label, rating FROM impact_ratings"
                    " WHERE programme_id = ? ORDER BY person_id, phase, topic");
  q.bind(1, programme_id);
  std::vector<RatingRow> out;
  while (q.executeStep()) {
    RatingRow row;
    row.person_id = q.getColumn(0).getInt64();
    row.role = role_from_string(q.getColumn(1).getString()).value_or(Role::mentor);
    row.phase = q.getColumn(2).getString();
    row.rating = {q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getInt()};
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<SharedTestimonial> ImpactRepository::shared_testimonials(std::int64_t programme_id) {
  auto& q = prepare(db_,
                    "SELECT p.display_name, w.testimonial FROM wrapups w JOIN pairs x ON x.id ="
                    " w.pair_id JOIN people p ON p.id = w.person_id WHERE x.programme_id = ? AND"
                    " w.may_share = 1 AND w.testimonial <> '' ORDER BY p.display_name, w.pair_id");
  q.bind(1, programme_id);
  std::vector<SharedTestimonial> out;
  while (q.executeStep()) out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString()});
  return out;
}

}  // namespace flipside::storage
