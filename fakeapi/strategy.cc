#include "fakeapi/strategy.h"

namespace fakeapi {

using k8sclient::Json;

namespace {

// Kinds whose metadata.generation the apiserver sets to 1 on create and bumps on a spec change
// (apps and batch strategies; pods do not count generations in 1.32).
bool CountsGeneration(const Resource& r) {
  return r.kind == "StatefulSet" || r.kind == "Job";
}

void SetOrErase(Json& obj, std::string_view key, const Json* value) {
  if (value != nullptr) {
    obj.Set(key, *value);
  } else {
    obj.Erase(key);
  }
}

}  // namespace

bool HasStatusSubresource(const Resource& r) { return r.HasStatus(); }

void PrepareForCreate(const Resource& r, Json& obj) {
  if (r.kind == "Pod") {
    // pod strategy PrepareForCreate: status is Pending (qosClass is filled by defaulting).
    Json status = Json::MakeObject();
    status.Set("phase", "Pending");
    obj.Set("status", std::move(status));
  } else if (r.kind == "StatefulSet") {
    Json status = Json::MakeObject();
    status.Set("replicas", 0);
    status.Set("availableReplicas", 0);
    obj.Set("status", std::move(status));
  } else if (r.kind == "Job") {
    obj.Set("status", Json::MakeObject());
  } else if (r.kind == "Service") {
    Json status = Json::MakeObject();
    status.Set("loadBalancer", Json::MakeObject());
    obj.Set("status", std::move(status));
  } else if (r.kind == "Namespace") {
    Json status = Json::MakeObject();
    status.Set("phase", "Active");
    obj.Set("status", std::move(status));
  }
  if (CountsGeneration(r)) obj.Find("metadata")->Set("generation", 1);
}

void PrepareForUpdate(const Resource& r, const Json& old, Json& updated,
                      std::string_view subresource) {
  if (subresource == "status") {
    // The status strategies reset everything but status to the stored object.
    Json status = updated.Find("status") != nullptr ? *updated.Find("status") : Json();
    Json rv = updated.Path("metadata.resourceVersion") != nullptr
                  ? *updated.Path("metadata.resourceVersion")
                  : Json();
    updated = old;
    if (status.is_null()) {
      updated.Erase("status");
    } else {
      updated.Set("status", std::move(status));
    }
    if (!rv.is_null()) updated.Find("metadata")->Set("resourceVersion", std::move(rv));
    return;
  }
  if (HasStatusSubresource(r)) SetOrErase(updated, "status", old.Find("status"));
  if (CountsGeneration(r)) {
    const Json* old_gen = old.Path("metadata.generation");
    int64_t gen = old_gen != nullptr && old_gen->is_int() ? old_gen->as_int() : 1;
    const Json* old_spec = old.Find("spec");
    const Json* new_spec = updated.Find("spec");
    bool changed = (old_spec == nullptr) != (new_spec == nullptr) ||
                   (old_spec != nullptr && !(*old_spec == *new_spec));
    Json* meta = updated.Find("metadata");
    if (meta != nullptr && meta->is_object()) meta->Set("generation", changed ? gen + 1 : gen);
  }
}

}  // namespace fakeapi
