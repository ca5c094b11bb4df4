#pragma once
// A global budget for the memory that uploads in progress may hold at once (issue 9: six 200 MB uploads at
// once took the server to 3.2 GB, although each was within the per-request limit). An upload reserves its
// share before its body is read - its Content-Length times what the server keeps per received byte - and
// gives it back when it is answered; an upload that does not fit is refused with 503 and Retry-After, before
// its body is read. One upload larger than the whole budget is admitted when nothing else holds any of it,
// so the largest allowed body (--max-body-mb) can always be sent.
#include <cstddef>
#include <mutex>
#include <optional>

namespace elective::server {

// Memory an upload holds per byte of its body until it is answered: the received bytes, plus what the reader
// builds while it checks them (scripts/uploadmem measured a peak of 2.1 times the body for one 200 MB RTT
// extract; docs/security.md "Limits").
inline constexpr std::size_t kUploadMemoryPerByte = 2;

class UploadBudget {
 public:
  explicit UploadBudget(std::size_t bytes) : limit_(bytes) {}
  UploadBudget(const UploadBudget&) = delete;
  UploadBudget& operator=(const UploadBudget&) = delete;

  class Reservation {
   public:
    Reservation(Reservation&& other) noexcept : budget_(other.budget_), bytes_(other.bytes_) {
      other.budget_ = nullptr;
    }
    Reservation& operator=(Reservation&&) = delete;
    Reservation(const Reservation&) = delete;
    ~Reservation();
    std::size_t bytes() const { return bytes_; }

   private:
    friend class UploadBudget;
    Reservation(UploadBudget* budget, std::size_t bytes) : budget_(budget), bytes_(bytes) {}
    UploadBudget* budget_;
    std::size_t bytes_;
  };

  // Reserves `bytes`, or nullopt when they do not fit now.
  std::optional<Reservation> try_reserve(std::size_t bytes);
  std::size_t in_use() const;
  std::size_t limit() const { return limit_; }

 private:
  void release(std::size_t bytes);
  const std::size_t limit_;
  mutable std::mutex mutex_;
  std::size_t in_use_ = 0;
};

}  // namespace elective::server
