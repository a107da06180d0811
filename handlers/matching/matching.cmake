# The matching engine (issue #5): pure C++ with the standard library only, included from
# handlers/CMakeLists.txt. bench/matching compiles the same files into its own executable.
target_sources(flipside_handlers PRIVATE
  matching/constraints.cpp
  matching/demo_people.cpp
  matching/explain.cpp
  matching/score_matrix.cpp
  matching/scoring.cpp
  matching/shortlist.cpp
  matching/solver.cpp)
