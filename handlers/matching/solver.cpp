#include "handlers/matching/solver.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace flipside::matching {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Crouse's algorithm for rows <= cols, minimising. `cost.row(i)` returns a callable j -> cost of
// (i, j); the accessor indirection lets assign() read virtual slots and transposed views without
// copying the matrix. Fills col4row (every row gets a column). Returns false if some row cannot be
// assigned without an infinite cost.
//
// Outline (Section III of the paper): keep dual variables u (rows) and v (columns) with reduced
// costs c(i,j) - u(i) - v(j) >= 0 and 0 on assigned pairs. For each unassigned row run Dijkstra on
// reduced costs over the alternating graph until reaching an unassigned column (the sink), update
// the duals by the shortest path lengths so reduced costs stay non-negative, then flip the
// assignment along the path. Each augmentation keeps the partial assignment optimal for the rows
// done so far, so after the last row it is optimal.
template <class Cost>
bool shortest_augmenting_path(std::size_t nr, std::size_t nc, const Cost& cost,
                              std::vector<int>& col4row) {
  std::vector<double> u(nr, 0.0), v(nc, 0.0), dist(nc);
  std::vector<int> row4col(nc, -1), path(nc, -1);
  std::vector<char> settled(nc);  // the paper's SC
  std::vector<int> sr_rows;       // the paper's SR, as a list: only these rows' duals change
  std::vector<int> sc_cols;
  col4row.assign(nr, -1);

  for (std::size_t cur = 0; cur < nr; ++cur) {
    std::fill(dist.begin(), dist.end(), kInf);
    sr_rows.clear();
    sc_cols.clear();

    double min_val = 0;
    int i = static_cast<int>(cur);
    int sink = -1;
    while (sink == -1) {
      sr_rows.push_back(i);
      const auto row = cost.row(static_cast<std::size_t>(i));
      const double base = min_val - u[i];
      double lowest = kInf;
      int best = -1;
      // The paper keeps a list of unsettled columns; scanning every column in order and skipping
      // the settled ones reads the matrix row, v and dist sequentially instead, which the
      // hardware prefetches. Searches settle few columns, so little is skipped.
      for (std::size_t j = 0; j < nc; ++j) {
        if (settled[j]) continue;
        const double r = base + row(j) - v[j];
        // Written as selects, not branches: whether r improves dist[j] is close to random in
        // later search steps, and mispredicted branches cost more than the arithmetic here.
        const double d = dist[j];
        const int shorter = r < d;
        const double nd = std::min(r, d);
        dist[j] = nd;
        path[j] += (i - path[j]) * shorter;
        // Prefer an unassigned column on ties: it ends the search one step sooner.
        if (nd < lowest || (nd == lowest && row4col[j] == -1)) {
          lowest = nd;
          best = static_cast<int>(j);
        }
      }
      if (best < 0 || lowest == kInf) return false;
      min_val = lowest;
      const int j = best;
      if (row4col[j] == -1) {
        sink = j;
      } else {
        i = row4col[j];
      }
      settled[j] = 1;
      sc_cols.push_back(j);
    }

    // Dual update (the paper's step after a successful search).
    u[cur] += min_val;
    for (int r : sr_rows) {
      if (r != static_cast<int>(cur)) u[r] += min_val - dist[col4row[r]];
    }
    for (int c : sc_cols) {
      v[c] -= min_val - dist[c];
      settled[c] = 0;
    }

    // Augment: walk the path back from the sink, flipping assignments.
    int j = sink;
    while (true) {
      const int r = path[j];
      row4col[j] = r;
      std::swap(col4row[r], j);
      if (r == static_cast<int>(cur)) break;
    }
  }
  return true;
}

// Costs of the public dense entry point.
struct DenseCost {
  const double* data;
  std::size_t cols;
  double sign;
  bool transposed;
  std::size_t rows;
  auto row(std::size_t i) const {
    return [this, i](std::size_t j) {
      return sign * (transposed ? data[j * cols + i] : data[i * cols + j]);
    };
  }
};

// Mentees × mentor slots, minimising -(solver_weight): slot j reads its mentor's column.
struct SlotCost {
  const ScoreMatrix* m;
  const int* owner;
  double bonus;
  auto row(std::size_t i) const {
    const float* r = m->row(i);
    const int* o = owner;
    const double b = bonus;
    return [r, o, b](std::size_t j) { return -solver_weight(r[o[j]], b); };
  }
};

// Mentees × mentors when every mentor has exactly one slot: no indirection at all.
struct MentorCost {
  const ScoreMatrix* m;
  double bonus;
  auto row(std::size_t i) const {
    const float* r = m->row(i);
    const double b = bonus;
    return [r, b](std::size_t j) { return -solver_weight(r[j], b); };
  }
};

// Slots × mentees, for when mentees outnumber the slots (the algorithm wants rows <= cols).
struct TransposedSlotCost {
  const ScoreMatrix* m;
  const int* owner;
  double bonus;
  auto row(std::size_t slot) const {
    const float* col = m->scores.data() + owner[slot];
    const std::size_t stride = m->mentors;
    const double b = bonus;
    return [col, stride, b](std::size_t i) { return -solver_weight(col[i * stride], b); };
  }
};

}  // namespace

std::optional<std::vector<int>> linear_sum_assignment(std::span<const double> matrix,
                                                      std::size_t rows, std::size_t cols,
                                                      bool maximize) {
  if (matrix.size() != rows * cols) throw std::invalid_argument("matrix size is not rows × cols");
  for (double x : matrix) {
    if (std::isnan(x) || x == (maximize ? kInf : -kInf)) {
      throw std::invalid_argument("matrix contains NaN or an infinity in the wrong direction");
    }
  }
  const double sign = maximize ? -1.0 : 1.0;
  std::vector<int> result(rows, -1);
  if (rows <= cols) {
    DenseCost cost{matrix.data(), cols, sign, false, rows};
    if (!shortest_augmenting_path(rows, cols, cost, result)) return std::nullopt;
    return result;
  }
  DenseCost cost{matrix.data(), cols, sign, true, rows};
  std::vector<int> row_of_col;
  if (!shortest_augmenting_path(cols, rows, cost, row_of_col)) return std::nullopt;
  for (std::size_t c = 0; c < cols; ++c) result[row_of_col[c]] = static_cast<int>(c);
  return result;
}

double assignment_bonus(const ScoreMatrix& matrix, std::span<const int> capacities) {
  std::size_t slots = 0;
  for (int c : capacities) slots += static_cast<std::size_t>(std::max(c, 0));
  const std::size_t max_pairs = std::min(matrix.mentees, slots);
  return 100.0 * static_cast<double>(max_pairs + 1);
}

std::vector<int> mentor_slots(std::span<const int> capacities) {
  std::vector<int> owner;
  for (std::size_t j = 0; j < capacities.size(); ++j) {
    for (int k = 0; k < capacities[j]; ++k) owner.push_back(static_cast<int>(j));
  }
  return owner;
}

std::vector<int> capacities_of(const Cohort& cohort) {
  std::vector<int> c;
  c.reserve(cohort.mentors.size());
  for (const auto& m : cohort.mentors) c.push_back(m.capacity);
  return c;
}

Assignment assign(const ScoreMatrix& matrix, std::span<const int> capacities) {
  if (capacities.size() != matrix.mentors) {
    throw std::invalid_argument("one capacity per mentor expected");
  }
  Assignment a;
  a.mentor_of.assign(matrix.mentees, -1);
  a.load.assign(matrix.mentors, 0);
  const std::vector<int> owner = mentor_slots(capacities);
  const double bonus = assignment_bonus(matrix, capacities);
  const std::size_t nr = matrix.mentees, ns = owner.size();
  if (nr == 0 || ns == 0) return a;

  bool identity = ns == matrix.mentors;  // every mentor exactly one slot: skip the indirection
  std::vector<int> slot_of(nr, -1);
  if (nr <= ns) {
    if (identity) {
      shortest_augmenting_path(nr, ns, MentorCost{&matrix, bonus}, slot_of);
    } else {
      shortest_augmenting_path(nr, ns, SlotCost{&matrix, owner.data(), bonus}, slot_of);
    }
  } else {
    TransposedSlotCost cost{&matrix, owner.data(), bonus};
    std::vector<int> mentee_of_slot;
    shortest_augmenting_path(ns, nr, cost, mentee_of_slot);
    for (std::size_t s = 0; s < ns; ++s) slot_of[mentee_of_slot[s]] = static_cast<int>(s);
  }

  for (std::size_t i = 0; i < nr; ++i) {
    if (slot_of[i] < 0) continue;
    const int j = owner[slot_of[i]];
    const float s = matrix.score(i, j);
    a.objective += solver_weight(s, bonus);
    if (s < 0.0f) continue;  // infeasible: the solver only used it to fill a full side
    a.mentor_of[i] = j;
    ++a.load[j];
    ++a.matched;
    a.total_score += s;
  }
  return a;
}

}  // namespace flipside::matching
