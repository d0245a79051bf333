// The fake API server's objects: one global resourceVersion counter as etcd has, a bounded
// history of change events for watches (older resourceVersions get 410 Expired), and wake-ups
// for waiting watchers. Objects are immutable snapshots shared with lists, events and writers,
// so the lock is held only to swap pointers. Thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "fakeapi/resources.h"
#include "k8sclient/json.h"
#include "fakeapi/selectors.h"

namespace fakeapi {

using ObjectPtr = std::shared_ptr<const k8sclient::Json>;

struct Event {
  int64_t rv = 0;
  enum class Type { kAdded, kModified, kDeleted } type = Type::kAdded;
  const Resource* resource = nullptr;
  ObjectPtr object;  // the new state; for kDeleted the last state
  ObjectPtr old;     // the state before a modification (nullptr otherwise)
};

// Something blocked on the store changing; Wake() must be cheap and must not call back into
// the store (it is called with no lock held, but from the writer's thread).
class Waiter {
 public:
  virtual ~Waiter() = default;
  virtual void Wake() = 0;
};

class Store {
 public:
  explicit Store(size_t history_limit = 1000) : history_limit_(history_limit) {}

  // Adds or replaces an object, filling metadata.uid, creationTimestamp, and the namespace
  // (`default_ns`) of namespaced objects that have none. The resource comes from apiVersion and
  // kind; unknown kinds are an error naming them.
  absl::StatusOr<ObjectPtr> Upsert(k8sclient::Json object, std::string_view default_ns);
  // Like Upsert for a known resource but fails with AlreadyExists when the name is taken.
  // `dry_run`: everything but the write; the object comes back without a resourceVersion, as
  // the apiserver's dry-run create returns it. `prepare` runs on the normalized object before
  // the name is checked (defaulting, validation); its error is returned as is.
  absl::StatusOr<ObjectPtr> Create(
      const Resource& r, k8sclient::Json object, std::string_view ns, bool dry_run = false,
      const std::function<absl::Status(k8sclient::Json&)>& prepare = nullptr);

  ObjectPtr Get(const Resource& r, std::string_view ns, std::string_view name) const;

  struct ListResult {
    std::vector<ObjectPtr> items;
    int64_t resource_version = 0;
    std::string next_key;  // non-empty when `limit` cut the list short: continue after it
    int64_t remaining = 0;
  };
  // Objects of `r` in `ns` (all namespaces when empty) matching both selectors, ordered by
  // namespace/name, starting after `after_key`, at most `limit` (0 = all).
  ListResult List(const Resource& r, std::string_view ns, const LabelSelector& labels,
                  const FieldSelector& fields, int64_t limit,
                  std::string_view after_key) const;

  // RFC 7386 merge patch; name, namespace and uid cannot change. A metadata.resourceVersion in
  // the patch that is not the current one fails with a Conflict (as optimistic locking does).
  // NotFound when there is no such object.
  absl::StatusOr<ObjectPtr> Patch(const Resource& r, std::string_view ns, std::string_view name,
                                  const k8sclient::Json& patch);
  // The general form: `mutate` edits a copy of the current object under the lock; its error is
  // returned as is. Identity fields are restored afterwards, as for Patch. `dry_run`: the result
  // is computed and returned (with the current resourceVersion) but not stored.
  using MutateFn = std::function<absl::Status(const k8sclient::Json& old, k8sclient::Json& updated)>;
  absl::StatusOr<ObjectPtr> Mutate(const Resource& r, std::string_view ns, std::string_view name,
                                   const MutateFn& mutate, bool dry_run = false);
  // PUT: replaces the whole object, keeping uid and creationTimestamp. A non-empty
  // metadata.resourceVersion must be the current one (Conflict otherwise); the body's name must
  // be `name` (InvalidArgument otherwise). NotFound when there is no such object.
  absl::StatusOr<ObjectPtr> Replace(const Resource& r, std::string_view ns, std::string_view name,
                                    k8sclient::Json object);
  // `dry_run`: returns what would be deleted and deletes nothing.
  absl::StatusOr<ObjectPtr> Delete(const Resource& r, std::string_view ns, std::string_view name,
                                   bool dry_run = false);

  int64_t ResourceVersion() const;
  // Below this, history is gone: watches get 410 and so do list continue tokens.
  int64_t OldestResourceVersion() const;
  // Events with rv > `rv`; OutOfRange (meaning 410 Expired) when history no longer reaches back
  // to `rv`. The message is the apiserver's `too old resource version: RV (OLDEST)`.
  absl::StatusOr<std::vector<Event>> EventsAfter(int64_t rv) const;

  void AddWaiter(std::weak_ptr<Waiter> w);

  // Persistence (--data-dir): every object and the resourceVersion counter, and back. Restore
  // keeps each object's resourceVersion; the event history starts empty, so watches from
  // before the restart get 410 and relist, as after an etcd compaction.
  k8sclient::Json Snapshot() const;
  absl::Status Restore(const k8sclient::Json& snapshot);

  static std::string Key(std::string_view ns, std::string_view name);

 private:
  using Map = std::map<std::string, ObjectPtr, std::less<>>;
  Map& MapFor(const Resource& r) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Stamps the next resourceVersion onto `obj`, records the event, and returns the pointer.
  ObjectPtr Commit(const Resource& r, k8sclient::Json obj, Event::Type type, ObjectPtr old,
                   std::string key) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void WakeAll();

  const size_t history_limit_;
  mutable absl::Mutex mu_;
  std::map<const Resource*, Map> objects_ ABSL_GUARDED_BY(mu_);
  int64_t rv_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t oldest_rv_ ABSL_GUARDED_BY(mu_) = 0;  // watches from below this are Expired
  std::deque<Event> history_ ABSL_GUARDED_BY(mu_);
  absl::Mutex waiters_mu_;
  std::vector<std::weak_ptr<Waiter>> waiters_ ABSL_GUARDED_BY(waiters_mu_);
};

// A random RFC 4122 version 4 UUID, as metadata.uid.
std::string NewUid();
// Now as RFC 3339 with second precision (metav1.Time).
std::string NowRfc3339();

}  // namespace fakeapi
