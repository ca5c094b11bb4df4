#pragma once
// Private scratch space for files a job needs on disk (issue 9: a server that was killed left its scratch
// folder, with a whole uploaded patient list, in the system's temporary directory). The scratch root is
// `<store file>.scratch/` beside the store (mode 0700, owned by this user; a store ":memory:" uses
// `$TMPDIR/elective-scratch-<uid>/`). Each server process works in its own subfolder `run-XXXXXX` (mkdtemp,
// 0700) and holds an exclusive lock (flock) on the subfolder's `.lock` file for its lifetime; at start-up
// every other subfolder whose lock is free - left by a server that was killed - is removed with what it
// holds, and the server removes its own subfolder when it stops. Two servers on one store each keep their
// own.
#include <string>

namespace elective::server {

class ScratchDir {
 public:
  // Creates (or checks) the scratch root for the store at `db_path`, removes stale subfolders and creates
  // this process's. Throws IoError when the root cannot be made private.
  explicit ScratchDir(const std::string& db_path);
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  // This process's private folder.
  const std::string& path() const { return path_; }
  // The shared root (`<store file>.scratch`).
  const std::string& root() const { return root_; }
  // How many stale subfolders start-up removed.
  int removed_stale() const { return removed_; }

  static std::string root_for(const std::string& db_path);

 private:
  std::string root_;
  std::string path_;
  int lock_fd_ = -1;
  int removed_ = 0;
};

}  // namespace elective::server
