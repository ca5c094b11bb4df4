#include "server/upload_budget.hpp"

namespace elective::server {

UploadBudget::Reservation::~Reservation() {
  if (budget_ != nullptr) budget_->release(bytes_);
}

std::optional<UploadBudget::Reservation> UploadBudget::try_reserve(std::size_t bytes) {
  std::lock_guard lock(mutex_);
  if (in_use_ > 0 && (bytes > limit_ || in_use_ > limit_ - bytes)) return std::nullopt;
  in_use_ += bytes;
  return Reservation(this, bytes);
}

std::size_t UploadBudget::in_use() const {
  std::lock_guard lock(mutex_);
  return in_use_;
}

void UploadBudget::release(std::size_t bytes) {
  std::lock_guard lock(mutex_);
  in_use_ -= bytes;
}

}  // namespace elective::server
