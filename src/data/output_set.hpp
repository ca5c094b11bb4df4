#pragma once
// A multi-file output (`--out DIR` of forecast and simulate) written as one unit: every file goes into a new
// temporary folder beside DIR, is flushed to disk, and the folder is renamed to DIR in one step. A reader of
// DIR sees the previous complete set or the new complete set, never a mixture; a failure (a full disk, a
// killed process) leaves DIR as it was.
//
// DIR may be new, an empty folder, or a previous output of a command (it holds the marker file
// `.elective-output`, or only files of the set being written): it is then replaced as a whole. A folder that
// holds anything else is refused with an InputError before anything is written, so that `--out .` or
// `--out ~/Documents` can never delete a user's files.
//
// Temporaries are named `.DIR.tmp.<pid>.XXXXXX` (and `.DIR.old.<pid>.XXXXXX` while the previous set is
// being removed). A process killed mid-write leaves one behind; the next write to the same DIR removes those
// whose process is gone and ignores those of a process still running.
#include <string>
#include <utility>
#include <vector>

namespace elective::data {

class OutputSet {
 public:
  explicit OutputSet(std::string dir) : dir_(std::move(dir)) {}

  // Adds a file (a plain name, no folders) to the set. Throws InputError for a name with '/' or a repeat.
  void add(std::string name, std::string content);

  // Writes the set as described above. Throws InputError when DIR exists and may not be replaced, IoError
  // when writing fails; in both cases DIR is unchanged and no temporary is left.
  void commit();

  // The marker file written into every set.
  static constexpr const char* kMarker = ".elective-output";

 private:
  std::string dir_;
  std::vector<std::pair<std::string, std::string>> files_;
};

// Removes stale temporaries `.NAME.tmp.<pid>.*` / `.NAME.old.<pid>.*` of `target` left in its folder by a
// process that no longer runs. Used by OutputSet and write_file_atomically.
void remove_stale_temporaries(const std::string& target);

}  // namespace elective::data
