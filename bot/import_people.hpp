#pragma once
// `flipside import-people org.csv`: HR's people export, upserted by email into the org directory.
// Bad rows are reported by line number and skipped; good rows are kept. A file that cannot be read
// as a whole (no header, a required column missing, a quote never closed) imports nothing.
#include <istream>
#include <stdexcept>
#include <string>
#include <vector>

#include "bot/core/clock.hpp"
#include "storage/database.hpp"

namespace flipside {

// A problem with the file as a whole; nothing was written.
class ImportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One CSV record (RFC 4180) and the physical line it starts on (the first line is 1).
struct CsvRecord {
  int line = 0;
  std::vector<std::string> fields;
  std::string error;  // set when the record is malformed (e.g. text after a closing quote)
};

// Reads every record: quoted fields with doubled quotes, commas and line breaks inside quotes,
// CRLF or LF line ends, a UTF-8 byte order mark, blank lines skipped. Throws ImportError for a
// quote that is never closed.
std::vector<CsvRecord> read_csv(std::istream& in);

struct ImportIssue {
  int line = 0;  // physical line where the record starts; the header is line 1
  std::string message;
};

struct ImportReport {
  int created = 0;
  int updated = 0;
  int unchanged = 0;
  std::vector<ImportIssue> skipped;  // bad rows, one issue per row, in file order
  // Rows kept whose manager email names no one in the directory yet (a warning, not an error).
  std::vector<ImportIssue> unknown_managers;

  int imported() const { return created + updated + unchanged; }
};

// Imports every good row in one transaction. Throws ImportError for a file-level problem (then
// nothing is written).
ImportReport import_people(storage::Database& db, std::istream& in, TimePoint now);

// "imported 47 people: 12 new, 30 updated, 5 unchanged; 3 rows skipped"
std::string summary(const ImportReport& report);

}  // namespace flipside
