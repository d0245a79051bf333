#include "fakeapi/store.h"

#include <random>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace fakeapi {

using k8sclient::Json;

std::string NewUid() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  uint64_t hi = rng(), lo = rng();
  hi = (hi & ~uint64_t{0xF000}) | 0x4000;              // version 4
  lo = (lo & ~(uint64_t{0xC} << 60)) | (uint64_t{0x8} << 60);  // variant 10
  return absl::StrFormat("%08x-%04x-%04x-%04x-%012x", hi >> 32, (hi >> 16) & 0xFFFF, hi & 0xFFFF,
                         lo >> 48, lo & 0xFFFFFFFFFFFFULL);
}

std::string NowRfc3339() {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(), absl::UTCTimeZone());
}

std::string Store::Key(std::string_view ns, std::string_view name) {
  return absl::StrCat(std::string(ns), "/", std::string(name));
}

Store::Map& Store::MapFor(const Resource& r) { return objects_[&r]; }

namespace {

// Fills what the apiserver fills on create, keeping what the file already says.
absl::Status Normalize(const Resource& r, Json& obj, std::string_view ns) {
  if (!obj.is_object()) return absl::InvalidArgumentError("object is not a JSON object");
  Json* meta = obj.Find("metadata");
  if (meta == nullptr || !meta->is_object()) meta = &obj.Set("metadata", Json::MakeObject());
  if (meta->GetString("name").empty()) {
    return absl::InvalidArgumentError(absl::StrCat(r.kind, " has no metadata.name"));
  }
  if (obj.GetString("apiVersion").empty()) obj.Set("apiVersion", r.GroupVersion());
  if (obj.GetString("kind").empty()) obj.Set("kind", r.kind);
  meta = obj.Find("metadata");
  if (r.namespaced) {
    if (!ns.empty()) {
      meta->Set("namespace", ns);
    } else if (meta->GetString("namespace").empty()) {
      return absl::InvalidArgumentError(absl::StrCat(r.kind, " has no namespace"));
    }
  } else {
    meta->Erase("namespace");
  }
  if (meta->GetString("uid").empty()) meta->Set("uid", NewUid());
  if (meta->GetString("creationTimestamp").empty()) meta->Set("creationTimestamp", NowRfc3339());
  return absl::OkStatus();
}

}  // namespace

ObjectPtr Store::Commit(const Resource& r, Json obj, Event::Type type, ObjectPtr old,
                        std::string key) {
  ++rv_;
  obj.Find("metadata")->Set("resourceVersion", absl::StrCat(rv_));
  auto ptr = std::make_shared<const Json>(std::move(obj));
  Map& m = MapFor(r);
  if (type == Event::Type::kDeleted) {
    m.erase(key);
  } else {
    m[key] = ptr;
  }
  history_.push_back({rv_, type, &r, ptr, std::move(old)});
  while (history_.size() > history_limit_) {
    // Events after the dropped one are all still here, so a watch from its rv still works.
    oldest_rv_ = history_.front().rv;
    history_.pop_front();
  }
  return ptr;
}

absl::StatusOr<ObjectPtr> Store::Upsert(Json object, std::string_view default_ns) {
  const Resource* r =
      FindResourceByKind(object.GetString("apiVersion"), object.GetString("kind"));
  if (r == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("no resource for apiVersion \"", std::string(object.GetString("apiVersion")),
                     "\" kind \"", std::string(object.GetString("kind")), "\""));
  }
  const Json* meta = object.Find("metadata");
  std::string ns = meta != nullptr ? std::string(meta->GetString("namespace")) : std::string();
  if (!r->namespaced) {
    ns.clear();
  } else if (ns.empty()) {
    ns = std::string(default_ns);
  }
  if (absl::Status st = Normalize(*r, object, r->namespaced ? ns : ""); !st.ok()) return st;
  std::string key = Key(ns, object.Find("metadata")->GetString("name"));
  ObjectPtr result;
  {
    absl::MutexLock lock(&mu_);
    Map& m = MapFor(*r);
    auto it = m.find(key);
    ObjectPtr old = it == m.end() ? nullptr : it->second;
    result = Commit(*r, std::move(object), old ? Event::Type::kModified : Event::Type::kAdded, old,
                    key);
  }
  WakeAll();
  return result;
}

absl::StatusOr<ObjectPtr> Store::Create(const Resource& r, Json object, std::string_view ns,
                                        bool dry_run,
                                        const std::function<absl::Status(Json&)>& prepare) {
  if (absl::Status st = Normalize(r, object, r.namespaced ? ns : ""); !st.ok()) return st;
  if (prepare) {
    if (absl::Status st = prepare(object); !st.ok()) return st;
  }
  std::string name(object.Find("metadata")->GetString("name"));
  std::string key = Key(r.namespaced ? ns : "", name);
  ObjectPtr result;
  {
    absl::MutexLock lock(&mu_);
    if (MapFor(r).count(key) != 0) {
      return absl::AlreadyExistsError(
          absl::StrCat(r.Qualified(), " \"", name, "\" already exists"));
    }
    if (dry_run) {
      object.Find("metadata")->Erase("resourceVersion");
      return std::make_shared<const Json>(std::move(object));
    }
    result = Commit(r, std::move(object), Event::Type::kAdded, nullptr, key);
  }
  WakeAll();
  return result;
}

ObjectPtr Store::Get(const Resource& r, std::string_view ns, std::string_view name) const {
  absl::MutexLock lock(&mu_);
  auto per = objects_.find(&r);
  if (per == objects_.end()) return nullptr;
  auto it = per->second.find(Key(r.namespaced ? ns : "", name));
  return it == per->second.end() ? nullptr : it->second;
}

Store::ListResult Store::List(const Resource& r, std::string_view ns,
                              const LabelSelector& labels, const FieldSelector& fields,
                              int64_t limit, std::string_view after_key) const {
  ListResult out;
  std::vector<std::pair<std::string, ObjectPtr>> candidates;
  {
    absl::MutexLock lock(&mu_);
    out.resource_version = rv_;
    auto per = objects_.find(&r);
    if (per != objects_.end()) {
      const Map& m = per->second;
      auto it = after_key.empty() ? m.begin() : m.upper_bound(after_key);
      if (!ns.empty() && r.namespaced) {
        std::string prefix = Key(ns, "");
        if (after_key.empty() || after_key < prefix) it = m.lower_bound(prefix);
        for (; it != m.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
          candidates.emplace_back(it->first, it->second);
        }
      } else {
        for (; it != m.end(); ++it) candidates.emplace_back(it->first, it->second);
      }
    }
  }
  // Selectors run outside the lock: the snapshots are immutable.
  for (auto& [key, obj] : candidates) {
    if (!labels.MatchesObject(*obj) || !fields.Matches(*obj)) continue;
    if (limit > 0 && static_cast<int64_t>(out.items.size()) == limit) {
      ++out.remaining;
      continue;
    }
    out.items.push_back(obj);
    if (limit > 0 && static_cast<int64_t>(out.items.size()) == limit) out.next_key = key;
  }
  if (out.remaining == 0) out.next_key.clear();
  return out;
}

absl::StatusOr<ObjectPtr> Store::Patch(const Resource& r, std::string_view ns,
                                       std::string_view name, const Json& patch) {
  if (!patch.is_object()) return absl::InvalidArgumentError("patch is not a JSON object");
  return Mutate(r, ns, name, [&](const Json&, Json& obj) {
    const Json* want_rv = patch.Path("metadata.resourceVersion");
    const Json* have_rv = obj.Path("metadata.resourceVersion");
    if (want_rv != nullptr && want_rv->is_string() &&
        (have_rv == nullptr || !(*want_rv == *have_rv))) {
      return absl::AbortedError(absl::StrCat(
          "Operation cannot be fulfilled on ", r.Qualified(), " \"", std::string(name),
          "\": the object has been modified; please apply your changes to the latest version "
          "and try again"));
    }
    k8sclient::MergePatch(obj, patch);
    return absl::OkStatus();
  });
}

absl::StatusOr<ObjectPtr> Store::Mutate(const Resource& r, std::string_view ns,
                                        std::string_view name, const MutateFn& mutate,
                                        bool dry_run) {
  std::string key = Key(r.namespaced ? ns : "", name);
  ObjectPtr result;
  {
    absl::MutexLock lock(&mu_);
    Map& m = MapFor(r);
    auto it = m.find(key);
    if (it == m.end()) {
      return absl::NotFoundError(absl::StrCat(r.Qualified(), " \"", std::string(name),
                                              "\" not found"));
    }
    ObjectPtr old = it->second;
    const Json* meta = old->Find("metadata");
    Json updated = *old;
    if (absl::Status st = mutate(*old, updated); !st.ok()) return st;
    if (!updated.is_object()) return absl::InvalidArgumentError("the patch removed the object");
    Json* new_meta = updated.Find("metadata");
    if (new_meta == nullptr || !new_meta->is_object()) {
      new_meta = &updated.Set("metadata", Json::MakeObject());
    }
    // Identity is not patchable.
    for (const char* field : {"name", "namespace", "uid", "creationTimestamp"}) {
      if (const Json* v = meta->Find(field)) {
        new_meta->Set(field, *v);
      } else {
        new_meta->Erase(field);
      }
    }
    if (const Json* rv = meta->Find("resourceVersion")) new_meta->Set("resourceVersion", *rv);
    // As etcd3's GuaranteedUpdate: an update that changes nothing is not written, so it gets
    // no new resourceVersion and no watch event.
    if (updated == *old) return old;
    if (dry_run) return std::make_shared<const Json>(std::move(updated));
    result = Commit(r, std::move(updated), Event::Type::kModified, old, key);
  }
  WakeAll();
  return result;
}

absl::StatusOr<ObjectPtr> Store::Replace(const Resource& r, std::string_view ns,
                                         std::string_view name, Json object) {
  if (!object.is_object()) return absl::InvalidArgumentError("object is not a JSON object");
  const Json* body_meta = object.Find("metadata");
  std::string_view body_name = body_meta != nullptr ? body_meta->GetString("name") : "";
  if (body_name != name) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the name of the object (", std::string(body_name),
        ") does not match the name on the URL (", std::string(name), ")"));
  }
  std::string want_rv(body_meta->GetString("resourceVersion"));
  std::string key = Key(r.namespaced ? ns : "", name);
  ObjectPtr result;
  {
    absl::MutexLock lock(&mu_);
    Map& m = MapFor(r);
    auto it = m.find(key);
    if (it == m.end()) {
      return absl::NotFoundError(absl::StrCat(r.Qualified(), " \"", std::string(name),
                                              "\" not found"));
    }
    ObjectPtr old = it->second;
    const Json* meta = old->Find("metadata");
    if (!want_rv.empty() && want_rv != meta->GetString("resourceVersion")) {
      return absl::AbortedError(absl::StrCat(
          "Operation cannot be fulfilled on ", r.Qualified(), " \"", std::string(name),
          "\": the object has been modified; please apply your changes to the latest version "
          "and try again"));
    }
    Json* new_meta = object.Find("metadata");
    for (const char* field : {"namespace", "uid", "creationTimestamp"}) {
      if (const Json* v = meta->Find(field)) {
        new_meta->Set(field, *v);
      } else {
        new_meta->Erase(field);
      }
    }
    if (object.GetString("apiVersion").empty()) object.Set("apiVersion", r.GroupVersion());
    if (object.GetString("kind").empty()) object.Set("kind", r.kind);
    result = Commit(r, std::move(object), Event::Type::kModified, old, key);
  }
  WakeAll();
  return result;
}

absl::StatusOr<ObjectPtr> Store::Delete(const Resource& r, std::string_view ns,
                                        std::string_view name, bool dry_run) {
  std::string key = Key(r.namespaced ? ns : "", name);
  ObjectPtr result;
  {
    absl::MutexLock lock(&mu_);
    Map& m = MapFor(r);
    auto it = m.find(key);
    if (it == m.end()) {
      return absl::NotFoundError(absl::StrCat(r.Qualified(), " \"", std::string(name),
                                              "\" not found"));
    }
    if (dry_run) return it->second;
    // A deleted object's last state carries the deletion's resourceVersion.
    result = Commit(r, *it->second, Event::Type::kDeleted, it->second, key);
  }
  WakeAll();
  return result;
}

int64_t Store::ResourceVersion() const {
  absl::MutexLock lock(&mu_);
  return rv_;
}

int64_t Store::OldestResourceVersion() const {
  absl::MutexLock lock(&mu_);
  return oldest_rv_;
}

absl::StatusOr<std::vector<Event>> Store::EventsAfter(int64_t rv) const {
  absl::MutexLock lock(&mu_);
  if (rv < oldest_rv_) {
    return absl::OutOfRangeError(absl::StrCat("too old resource version: ", rv, " (", oldest_rv_,
                                              ")"));
  }
  std::vector<Event> out;
  // History is ordered by rv; skip what the watcher has seen.
  auto it = std::upper_bound(history_.begin(), history_.end(), rv,
                             [](int64_t v, const Event& e) { return v < e.rv; });
  out.assign(it, history_.end());
  return out;
}

Json Store::Snapshot() const {
  Json objects = Json::MakeArray();
  int64_t rv;
  {
    absl::MutexLock lock(&mu_);
    rv = rv_;
    for (const auto& [r, m] : objects_) {
      for (const auto& [key, obj] : m) objects.array().push_back(*obj);
    }
  }
  Json out = Json::MakeObject();
  out.Set("resourceVersion", absl::StrCat(rv));
  out.Set("objects", std::move(objects));
  return out;
}

absl::Status Store::Restore(const Json& snapshot) {
  const Json* objects = snapshot.Find("objects");
  int64_t rv = 0;
  if (objects == nullptr || !objects->is_array() ||
      !absl::SimpleAtoi(std::string(snapshot.GetString("resourceVersion")), &rv)) {
    return absl::InvalidArgumentError("not a podinit-fake-apiserver state file");
  }
  {
    absl::MutexLock lock(&mu_);
    for (const Json& obj : objects->array()) {
      const Resource* r = FindResourceByKind(obj.GetString("apiVersion"), obj.GetString("kind"));
      const Json* meta = obj.Find("metadata");
      if (r == nullptr || meta == nullptr) {
        return absl::InvalidArgumentError(absl::StrCat("state file: unknown object ", obj.Dump().substr(0, 200)));
      }
      MapFor(*r)[Key(r->namespaced ? meta->GetString("namespace") : "", meta->GetString("name"))] =
          std::make_shared<const Json>(obj);
    }
    rv_ = std::max(rv_, rv);
    oldest_rv_ = rv_;
    history_.clear();
  }
  WakeAll();
  return absl::OkStatus();
}

void Store::AddWaiter(std::weak_ptr<Waiter> w) {
  absl::MutexLock lock(&waiters_mu_);
  // Forget watchers that have gone, so a long run with many short watches stays small.
  std::erase_if(waiters_, [](const std::weak_ptr<Waiter>& x) { return x.expired(); });
  waiters_.push_back(std::move(w));
}

void Store::WakeAll() {
  std::vector<std::shared_ptr<Waiter>> live;
  {
    absl::MutexLock lock(&waiters_mu_);
    for (const auto& w : waiters_) {
      if (auto s = w.lock()) live.push_back(std::move(s));
    }
  }
  for (const auto& w : live) w->Wake();
}

}  // namespace fakeapi
