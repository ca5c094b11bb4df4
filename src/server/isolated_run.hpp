#pragma once
// Runs a model in a child process (fork) so that a crash in it - a bug, or running out of memory - fails that
// one job instead of taking the whole server down, and so that cancelling stops it at once (SIGKILL) even if
// the model checks its cancel flag rarely. Progress fractions and the result (or the error, with its category
// and message) come back through a pipe. The child touches nothing of the parent's state but what `work`
// captured (no database, no sockets: every inherited descriptor but the pipe is closed) and leaves with
// _exit.
#include <functional>

#include <nlohmann/json.hpp>

#include "core/progress.hpp"

namespace elective::server {

using IsolatedWork = std::function<nlohmann::json(const Progress& progress)>;

// Returns the child's JSON. Throws the child's error as the same category (InputError, RuntimeError, ...),
// CancelledError when `progress` asks to stop, RuntimeError when the child dies (naming the signal).
nlohmann::json run_isolated(const IsolatedWork& work, const Progress& progress);

}  // namespace elective::server
