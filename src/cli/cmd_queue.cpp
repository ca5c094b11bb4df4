// `elective queue`: the steady-state waiting-list formulas (NHS-R NHSRwaitinglist method) for one list.
#include <fmt/format.h>

#include <memory>
#include <optional>

#include "cli/command_registry.hpp"
#include "cli/output_options.hpp"
#include "core/json_text.hpp"
#include "core/table.hpp"
#include "queueing/formulas.hpp"

namespace elective::cli {
namespace {

struct QueueOptions {
  queueing::QueueInputs inputs;
  double queue_size = -1;  // CLI11 sets these only when given
  double mean_wait = -1;
  OutputOptions output;  // --format, --out
};

nlohmann::json to_json(const queueing::QueueInputs& in, const queueing::QueueReport& r) {
  auto opt = [](const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  return nlohmann::json{{"load", r.load},
                        {"target_mean_wait", r.target_mean_wait},
                        {"target_queue_size", r.target_queue_size},
                        {"target_capacity", r.target_capacity},
                        {"relief_capacity", opt(r.relief_capacity)},
                        {"pressure", opt(r.pressure)},
                        {"mean_wait", opt(r.mean_wait)},
                        {"mean_wait_estimated", r.mean_wait_estimated},
                        {"expected_share_within_target", opt(r.expected_share_within_target)},
                        {"load_too_big", r.load_too_big},
                        {"queue_too_big", r.queue_too_big},
                        {"inputs",
                         {{"demand", in.demand},
                          {"capacity", in.capacity},
                          {"target_wait", in.target_wait},
                          {"queue_size", opt(in.queue_size)},
                          {"time_to_target", in.time_to_target},
                          {"factor", in.factor},
                          {"cv_demand", in.cv_demand},
                          {"cv_capacity", in.cv_capacity},
                          {"num_referrals", in.num_referrals}}},
                        {"units", "weeks; demand and capacity per week"}};
}

Table to_table(const queueing::QueueReport& r) {
  Table t;
  t.columns = {{"load", "load", CellKind::number, 3},
               {"target_mean_wait", "target mean wait (wk)", CellKind::weeks},
               {"target_queue_size", "target queue size", CellKind::number, 1},
               {"target_capacity", "target capacity /wk", CellKind::number, 2},
               {"relief_capacity", "relief capacity /wk", CellKind::number, 2},
               {"pressure", "pressure", CellKind::number, 2},
               {"mean_wait", "mean wait (wk)", CellKind::weeks},
               {"load_too_big", "load too big", CellKind::text},
               {"queue_too_big", "queue too big", CellKind::text}};
  auto cell = [](const std::optional<double>& v) { return v ? Cell{*v} : Cell{}; };
  t.add_row({r.load, r.target_mean_wait, r.target_queue_size, r.target_capacity, cell(r.relief_capacity),
             cell(r.pressure), cell(r.mean_wait), std::string(r.load_too_big ? "true" : "false"),
             std::string(r.queue_too_big ? "true" : "false")});
  return t;
}

std::string explain(const queueing::QueueInputs& in, const queueing::QueueReport& r) {
  std::string s;
  s += fmt::format("Queue with demand {:.2f}/week, capacity {:.2f}/week, target wait {:g} weeks\n\n",
                   in.demand, in.capacity, in.target_wait);
  s += fmt::format("  load (demand / capacity)      {:.3f}{}\n", r.load,
                   r.load_too_big ? "  -> at or above 1: the list grows without limit" : "");
  s += fmt::format("  target mean wait              {:.2f} weeks (target wait / {:g})\n", r.target_mean_wait,
                   in.factor);
  s += fmt::format("  target queue size             {:.1f} patients\n", r.target_queue_size);
  s += fmt::format("  target capacity               {:.2f} per week\n", r.target_capacity);
  if (r.relief_capacity) {
    s += fmt::format("  relief capacity               {:.2f} per week for {:g} weeks{}\n", *r.relief_capacity,
                     in.time_to_target,
                     r.queue_too_big ? "  -> needed: the queue is over twice its target size" : "");
  }
  if (r.pressure) {
    s += fmt::format("  waiting-list pressure         {:.2f}{}{}\n", *r.pressure,
                     r.mean_wait_estimated ? " (mean wait from Little's law: queue size / demand)" : "",
                     *r.pressure > 1 ? "  -> above 1: likely to miss the target" : "");
  }
  return s;
}

const CommandRegistration registration{
    "queue", [](CLI::App& app) {
      auto opts = std::make_shared<QueueOptions>();
      auto* cmd = app.add_subcommand("queue", "Steady-state queueing formulas for one waiting list (weeks)");
      cmd->add_option("--demand", opts->inputs.demand, "Referrals per week")->required();
      cmd->add_option("--capacity", opts->inputs.capacity, "Removals (treatments) per week")->required();
      cmd->add_option("--target-wait", opts->inputs.target_wait, "Target wait in weeks (e.g. 18)")
          ->required();
      cmd->add_option("--queue-size", opts->queue_size,
                      "Patients waiting now (for relief capacity and pressure)");
      cmd->add_option("--mean-wait", opts->mean_wait,
                      "Mean wait now, weeks (default: queue size / demand, Little's law)");
      cmd->add_option("--time-to-target", opts->inputs.time_to_target, "Weeks to reach the target queue size")
          ->capture_default_str();
      cmd->add_option("--factor", opts->inputs.factor, "Target wait / target mean wait")
          ->capture_default_str();
      cmd->add_option("--cv-demand", opts->inputs.cv_demand, "Coefficient of variation of referral gaps")
          ->capture_default_str();
      cmd->add_option("--cv-capacity", opts->inputs.cv_capacity, "Coefficient of variation of removal gaps")
          ->capture_default_str();
      cmd->add_option("--num-referrals", opts->inputs.num_referrals,
                      "Referrals behind the demand estimate (adds a margin to relief capacity)")
          ->capture_default_str();
      opts->output.add_to(*cmd, OutTarget::file, "Write to this file (atomically) instead of stdout");
      cmd->callback([opts, cmd] {
        queueing::QueueInputs in = opts->inputs;
        if (cmd->count("--queue-size") > 0) in.queue_size = opts->queue_size;
        if (cmd->count("--mean-wait") > 0) in.mean_wait = opts->mean_wait;
        const Format format = opts->output.format();
        const queueing::QueueReport r = queueing::analyse_queue(in);
        switch (format) {
          case Format::json:
            opts->output.write(json_text(to_json(in, r)));
            break;
          case Format::csv:
            opts->output.write(render_csv(to_table(r)));
            break;
          case Format::table:
            opts->output.write(explain(in, r));
            break;
        }
      });
    }};

}  // namespace
}  // namespace elective::cli
