#include "fakeapi/controllers.h"

#include <arpa/inet.h>

#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "fakeapi/defaults.h"
#include "gocompat/string_view.h"

namespace fakeapi {

using k8sclient::Json;


namespace {

const Resource& Res(std::string_view group, std::string_view plural) {
  return *FindResource(group, "v1", plural);
}

std::vector<ObjectPtr> ListAll(const Store& store, const Resource& r, std::string_view ns = "") {
  LabelSelector everything;
  FieldSelector none;
  return store.List(r, ns, everything, none, 0, "").items;
}

std::string Str(const Json& obj, std::string_view path) {
  const Json* v = obj.Path(path);
  return v != nullptr && v->is_string() ? v->as_string() : std::string();
}

bool PodReady(const Json& pod) {
  const Json* conds = pod.Path("status.conditions");
  if (conds == nullptr || !conds->is_array()) return false;
  for (const Json& c : conds->array()) {
    if (c.GetString("type") == "Ready") return c.GetString("status") == "True";
  }
  return false;
}

bool OwnedBy(const Json& obj, std::string_view uid) {
  const Json* refs = obj.Path("metadata.ownerReferences");
  if (refs == nullptr || !refs->is_array()) return false;
  for (const Json& r : refs->array()) {
    if (r.GetString("uid") == uid) return true;
  }
  return false;
}

// The ordinal of pod NAME in StatefulSet SET ("SET-3" -> 3), or -1.
int64_t Ordinal(std::string_view pod, std::string_view set) {
  if (pod.size() <= set.size() + 1 || pod.substr(0, set.size()) != set || pod[set.size()] != '-') return -1;
  int64_t n;
  std::string_view digits = pod.substr(set.size() + 1);
  if (digits.size() > 1 && digits[0] == '0') return -1;
  return absl::SimpleAtoi(gocompat::AV(digits), &n) && n >= 0 ? n : -1;
}

// A label selector's matchLabels as a selector over a map of labels.
bool Selects(const Json* match_labels, const Json& obj) {
  if (match_labels == nullptr || !match_labels->is_object() || match_labels->object().empty()) return false;
  const Json* labels = obj.Path("metadata.labels");
  for (const auto& [k, v] : match_labels->object()) {
    const Json* have = labels != nullptr ? labels->Find(k) : nullptr;
    if (have == nullptr || !(*have == v)) return false;
  }
  return true;
}

// controller.ComputeHash's shape: the decimal FNV-1a of the template, each digit through
// rand.SafeEncodeString's alphabet.
std::string TemplateHash(const Json* tmpl) {
  static constexpr char kAlphabet[] = "bcdfghjklmnpqrstvwxz2456789";
  uint32_t h = 2166136261u;
  for (char c : tmpl != nullptr ? tmpl->Dump() : std::string()) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  std::string out;
  for (char c : absl::StrCat(h)) out.push_back(kAlphabet[static_cast<unsigned char>(c) % (sizeof kAlphabet - 1)]);
  return out;
}

std::string RandomSuffix() {
  // generateName's alphabet (apiserver names.SimpleNameGenerator): no vowels, no confusables.
  static constexpr char kAlphabet[] = "bcdfghjklmnpqrstvwxz2456789";
  std::string uid = NewUid(), out;
  for (size_t i = 0; out.size() < 5 && i < uid.size(); ++i) {
    if (uid[i] == '-') continue;
    out.push_back(kAlphabet[static_cast<unsigned char>(uid[i]) % (sizeof kAlphabet - 1)]);
  }
  return out;
}

}  // namespace

absl::StatusOr<std::pair<uint32_t, uint32_t>> ParsePodCidr(std::string_view cidr) {
  size_t slash = cidr.find('/');
  int bits = 0;
  in_addr addr{};
  std::string ip(cidr.substr(0, slash));
  std::string_view bits_text = slash == std::string_view::npos ? "" : cidr.substr(slash + 1);
  if (slash == std::string_view::npos ||
      !absl::SimpleAtoi(gocompat::AV(bits_text), &bits) ||
      bits < 0 || bits > 32 || inet_pton(AF_INET, ip.c_str(), &addr) != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("--pod-cidr: want an IPv4 CIDR such as 10.244.0.0/16, got \"", std::string(cidr), "\""));
  }
  uint32_t a = ntohl(addr.s_addr);
  uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
  uint32_t network = a & mask, broadcast = network | ~mask;
  uint32_t first = a == network && bits < 31 ? network + 1 : a;
  uint32_t last = bits < 31 ? broadcast - 1 : broadcast;
  return std::make_pair(first, last);
}

Controllers::Controllers(Store& store, ControllerOptions options)
    : store_(store), opts_(std::move(options)), wakeup_(std::make_shared<ChangeSignal>(true)) {
  auto range = ParsePodCidr(opts_.pod_cidr);
  if (range.ok()) std::tie(ip_next_, ip_last_) = *range;
}

Controllers::~Controllers() { Stop(); }

void Controllers::Start() {
  if (!opts_.statefulsets && !opts_.endpoints) return;
  store_.AddWaiter(wakeup_);
  thread_ = std::thread([this] { Run(); });
}

void Controllers::Stop() {
  wakeup_->Quit();
  if (thread_.joinable()) thread_.join();
}

void Controllers::Run() {
  absl::Time next = absl::Now();
  while (wakeup_->WaitUntil(next)) next = Reconcile(absl::Now());
}

std::string Controllers::NextIp() {
  std::set<std::string> used;
  for (const ObjectPtr& p : ListAll(store_, Res("", "pods"))) used.insert(Str(*p, "status.podIP"));
  while (ip_next_ != 0 && ip_next_ <= ip_last_) {
    in_addr a{htonl(ip_next_++)};
    char buf[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &a, buf, sizeof buf);
    if (used.count(buf) == 0) return buf;
  }
  return "";
}

void Controllers::ReconcileStatefulSet(const Json& sts, absl::Time now) {
  const Resource& pods = Res("", "pods");
  std::string ns = Str(sts, "metadata.namespace");
  std::string name = Str(sts, "metadata.name");
  std::string uid = Str(sts, "metadata.uid");
  const Json* want_json = sts.Path("spec.replicas");
  int64_t want = want_json != nullptr && want_json->is_int() ? want_json->as_int() : 1;
  bool ordered = Str(sts, "spec.podManagementPolicy") != "Parallel";
  std::map<int64_t, ObjectPtr> existing;
  for (const ObjectPtr& p : ListAll(store_, pods, ns)) {
    int64_t ord = Ordinal(Str(*p, "metadata.name"), name);
    if (ord >= 0 && (OwnedBy(*p, uid) || Selects(sts.Path("spec.selector.matchLabels"), *p))) existing[ord] = p;
  }
  // Scale down from the highest ordinal; OrderedReady one at a time.
  for (auto it = existing.rbegin(); it != existing.rend(); ++it) {
    if (it->first < want) break;
    (void)store_.Delete(pods, ns, Str(*it->second, "metadata.name"));
    starting_.erase(absl::StrCat(ns, "/", Str(*it->second, "metadata.name")));
    if (ordered) break;
  }
  // Scale up by ordinal; OrderedReady waits for each pod to be ready before the next.
  for (int64_t i = 0; i < want; ++i) {
    auto it = existing.find(i);
    if (it != existing.end()) {
      if (ordered && !PodReady(*it->second)) break;
      continue;
    }
    std::string pod_name = absl::StrCat(name, "-", i);
    const Json* tmpl = sts.Path("spec.template");
    Json pod = Json::MakeObject();
    pod.Set("apiVersion", "v1");
    pod.Set("kind", "Pod");
    Json meta = Json::MakeObject();
    meta.Set("name", pod_name);
    meta.Set("namespace", ns);
    Json labels = tmpl != nullptr && tmpl->Path("metadata.labels") != nullptr ? *tmpl->Path("metadata.labels")
                                                                                : Json::MakeObject();
    labels.Set("controller-revision-hash", absl::StrCat(name, "-", TemplateHash(tmpl)));
    labels.Set("statefulset.kubernetes.io/pod-name", pod_name);
    labels.Set("apps.kubernetes.io/pod-index", absl::StrCat(i));
    meta.Set("labels", std::move(labels));
    if (tmpl != nullptr && tmpl->Path("metadata.annotations") != nullptr) {
      meta.Set("annotations", *tmpl->Path("metadata.annotations"));
    }
    Json owner = Json::MakeObject();
    owner.Set("apiVersion", "apps/v1");
    owner.Set("kind", "StatefulSet");
    owner.Set("name", name);
    owner.Set("uid", uid);
    owner.Set("controller", true);
    owner.Set("blockOwnerDeletion", true);
    meta.Set("ownerReferences", Json(Json::Array{owner}));
    pod.Set("metadata", std::move(meta));
    Json spec = tmpl != nullptr && tmpl->Find("spec") != nullptr ? *tmpl->Find("spec") : Json::MakeObject();
    spec.Set("hostname", pod_name);
    if (!Str(sts, "spec.serviceName").empty()) spec.Set("subdomain", Str(sts, "spec.serviceName"));
    pod.Set("spec", std::move(spec));
    Json status = Json::MakeObject();
    status.Set("phase", "Pending");
    pod.Set("status", std::move(status));
    ApplyDefaults(pods, pod);
    if (store_.Create(pods, std::move(pod), ns).ok()) {
      starting_[absl::StrCat(ns, "/", pod_name)] = now + opts_.ready_delay;
    }
    if (ordered) break;
  }
  // Status from the pods as they are now.
  int64_t replicas = 0, ready = 0;
  for (const ObjectPtr& p : ListAll(store_, pods, ns)) {
    int64_t ord = Ordinal(Str(*p, "metadata.name"), name);
    if (ord < 0 || !(OwnedBy(*p, uid) || Selects(sts.Path("spec.selector.matchLabels"), *p))) continue;
    ++replicas;
    if (PodReady(*p)) ++ready;
  }
  (void)store_.Mutate(Res("apps", "statefulsets"), ns, name, [&](const Json&, Json& obj) {
    Json* status = obj.Find("status");
    if (status == nullptr || !status->is_object()) status = &obj.Set("status", Json::MakeObject());
    status->Set("replicas", replicas);
    status->Set("readyReplicas", ready);
    status->Set("currentReplicas", replicas);
    status->Set("updatedReplicas", replicas);
    status->Set("availableReplicas", ready);
    if (const Json* gen = obj.Path("metadata.generation")) status->Set("observedGeneration", *gen);
    // Every pod is made from the current template: one revision, current and updated alike
    // (what `kubectl rollout status` reads).
    std::string revision = absl::StrCat(name, "-", TemplateHash(obj.Path("spec.template")));
    status->Set("currentRevision", revision);
    status->Set("updateRevision", revision);
    return absl::OkStatus();
  });
}

absl::Time Controllers::RunKubelet(absl::Time now) {
  const Resource& pods = Res("", "pods");
  absl::Time next = absl::InfiniteFuture();
  for (auto it = starting_.begin(); it != starting_.end();) {
    if (it->second > now) {
      next = std::min(next, it->second);
      ++it;
      continue;
    }
    size_t slash = it->first.find('/');
    std::string ns = it->first.substr(0, slash), name = it->first.substr(slash + 1);
    std::string ip = NextIp();
    // kwok's scheduler: the pods go round the nodes there are, by name.
    std::string node, host_ip;
    auto nodes = ListAll(store_, Res("", "nodes"));
    if (!nodes.empty()) {
      const Json& n = *nodes[scheduled_++ % nodes.size()];
      node = Str(n, "metadata.name");
      if (const Json* addrs = n.Path("status.addresses"); addrs != nullptr && addrs->is_array()) {
        for (const Json& a : addrs->array()) {
          if (a.GetString("type") == "InternalIP") host_ip = a.GetString("address");
        }
      }
    }
    std::string started = absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", now, absl::UTCTimeZone());
    (void)store_.Mutate(pods, ns, name, [&](const Json&, Json& pod) {
      Json status = pod.Find("status") != nullptr ? *pod.Find("status") : Json::MakeObject();
      status.Set("phase", "Running");
      if (!node.empty()) {
        Json* spec = pod.Find("spec");
        if (spec != nullptr && spec->GetString("nodeName").empty()) spec->Set("nodeName", node);
      }
      if (!host_ip.empty()) {
        status.Set("hostIP", host_ip);
        Json hip = Json::MakeObject();
        hip.Set("ip", host_ip);
        status.Set("hostIPs", Json(Json::Array{hip}));
      }
      if (!ip.empty()) {
        status.Set("podIP", ip);
        Json pip = Json::MakeObject();
        pip.Set("ip", ip);
        status.Set("podIPs", Json(Json::Array{pip}));
      }
      status.Set("startTime", started);
      Json conds = Json::MakeArray();
      for (const char* type : {"PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"}) {
        Json c = Json::MakeObject();
        c.Set("type", type);
        c.Set("status", "True");
        c.Set("lastProbeTime", Json());
        c.Set("lastTransitionTime", started);
        conds.array().push_back(std::move(c));
      }
      status.Set("conditions", std::move(conds));
      Json statuses = Json::MakeArray();
      if (const Json* cs = pod.Path("spec.containers"); cs != nullptr && cs->is_array()) {
        for (const Json& c : cs->array()) {
          Json s = Json::MakeObject();
          s.Set("name", c.GetString("name"));
          s.Set("image", c.GetString("image"));
          s.Set("imageID", "");
          s.Set("ready", true);
          s.Set("started", true);
          s.Set("restartCount", 0);
          Json running = Json::MakeObject();
          running.Set("startedAt", started);
          Json state = Json::MakeObject();
          state.Set("running", std::move(running));
          s.Set("state", std::move(state));
          statuses.array().push_back(std::move(s));
        }
      }
      status.Set("containerStatuses", std::move(statuses));
      pod.Set("status", std::move(status));
      return absl::OkStatus();
    });
    it = starting_.erase(it);
  }
  return next;
}

void Controllers::ReconcileService(const Json& svc) {
  const Json* selector = svc.Path("spec.selector");
  if (selector == nullptr || !selector->is_object() || selector->object().empty()) return;
  std::string ns = Str(svc, "metadata.namespace"), name = Str(svc, "metadata.name");
  bool publish_not_ready = svc.Path("spec.publishNotReadyAddresses") != nullptr &&
                           svc.Path("spec.publishNotReadyAddresses")->is_bool() &&
                           svc.Path("spec.publishNotReadyAddresses")->as_bool();
  struct Endpoint {
    ObjectPtr pod;
    bool ready;
  };
  std::vector<Endpoint> eps;
  for (const ObjectPtr& p : ListAll(store_, Res("", "pods"), ns)) {
    if (!Selects(selector, *p) || Str(*p, "status.podIP").empty()) continue;
    if (p->Path("metadata.deletionTimestamp") != nullptr) continue;
    eps.push_back({p, PodReady(*p)});
  }
  auto target_ref = [&](const Json& pod) {
    Json ref = Json::MakeObject();
    ref.Set("kind", "Pod");
    ref.Set("namespace", ns);
    ref.Set("name", Str(pod, "metadata.name"));
    ref.Set("uid", Str(pod, "metadata.uid"));
    return ref;
  };
  auto hostname = [&](const Json& pod) {
    return Str(pod, "spec.subdomain") == name ? Str(pod, "spec.hostname") : std::string();
  };
  // Endpoints: ports resolve targetPort numbers (named ports stay by name in a fake cluster).
  Json ports = Json::MakeArray(), slice_ports = Json::MakeArray();
  if (const Json* sp = svc.Path("spec.ports"); sp != nullptr && sp->is_array()) {
    for (const Json& p : sp->array()) {
      Json port = Json::MakeObject();
      if (!p.GetString("name").empty()) port.Set("name", p.GetString("name"));
      const Json* target = p.Find("targetPort");
      port.Set("port", target != nullptr && target->is_int() ? *target : *p.Find("port"));
      port.Set("protocol", p.GetString("protocol").empty() ? "TCP" : p.GetString("protocol"));
      ports.array().push_back(port);
      slice_ports.array().push_back(port);
    }
  }
  Json ready_addrs = Json::MakeArray(), not_ready = Json::MakeArray();
  for (const Endpoint& e : eps) {
    Json a = Json::MakeObject();
    a.Set("ip", Str(*e.pod, "status.podIP"));
    if (!hostname(*e.pod).empty()) a.Set("hostname", hostname(*e.pod));
    if (!Str(*e.pod, "spec.nodeName").empty()) a.Set("nodeName", Str(*e.pod, "spec.nodeName"));
    a.Set("targetRef", target_ref(*e.pod));
    (e.ready || publish_not_ready ? ready_addrs : not_ready).array().push_back(std::move(a));
  }
  Json subsets = Json::MakeArray();
  if (!ready_addrs.array().empty() || !not_ready.array().empty()) {
    Json subset = Json::MakeObject();
    if (!ready_addrs.array().empty()) subset.Set("addresses", ready_addrs);
    if (!not_ready.array().empty()) subset.Set("notReadyAddresses", not_ready);
    if (!ports.array().empty()) subset.Set("ports", ports);
    subsets.array().push_back(std::move(subset));
  }
  const Resource& endpoints = Res("", "endpoints");
  Json labels = svc.Path("metadata.labels") != nullptr ? *svc.Path("metadata.labels") : Json::MakeObject();
  auto set_endpoints = [&](Json& obj) {
    if (subsets.array().empty()) {
      obj.Erase("subsets");
    } else {
      obj.Set("subsets", subsets);
    }
  };
  if (store_.Get(endpoints, ns, name) == nullptr) {
    Json obj = Json::MakeObject();
    obj.Set("apiVersion", "v1");
    obj.Set("kind", "Endpoints");
    Json meta = Json::MakeObject();
    meta.Set("name", name);
    meta.Set("namespace", ns);
    meta.Set("labels", labels);
    obj.Set("metadata", std::move(meta));
    set_endpoints(obj);
    (void)store_.Create(endpoints, std::move(obj), ns);
  } else {
    (void)store_.Mutate(endpoints, ns, name, [&](const Json&, Json& obj) {
      set_endpoints(obj);
      return absl::OkStatus();
    });
  }
  // The EndpointSlice, unless someone else (a hand-written slice) speaks for this service.
  const Resource& slices = Res("discovery.k8s.io", "endpointslices");
  std::string ours;
  for (const ObjectPtr& s : ListAll(store_, slices, ns)) {
    const Json* sl = s->Path("metadata.labels");
    if (sl == nullptr || sl->GetString("kubernetes.io/service-name") != name) continue;
    if (sl->GetString("endpointslice.kubernetes.io/managed-by") != "endpointslice-controller.k8s.io") return;
    ours = Str(*s, "metadata.name");
  }
  Json endpoints_list = Json::MakeArray();
  for (const Endpoint& e : eps) {
    Json ep = Json::MakeObject();
    ep.Set("addresses", Json(Json::Array{Json(Str(*e.pod, "status.podIP"))}));
    Json cond = Json::MakeObject();
    cond.Set("ready", e.ready || publish_not_ready);
    cond.Set("serving", e.ready);
    cond.Set("terminating", false);
    ep.Set("conditions", std::move(cond));
    if (!hostname(*e.pod).empty()) ep.Set("hostname", hostname(*e.pod));
    if (!Str(*e.pod, "spec.nodeName").empty()) ep.Set("nodeName", Str(*e.pod, "spec.nodeName"));
    ep.Set("targetRef", target_ref(*e.pod));
    endpoints_list.array().push_back(std::move(ep));
  }
  auto set_slice = [&](Json& obj) {
    obj.Set("addressType", "IPv4");
    obj.Set("endpoints", endpoints_list);
    obj.Set("ports", slice_ports);
  };
  if (ours.empty()) {
    Json obj = Json::MakeObject();
    obj.Set("apiVersion", "discovery.k8s.io/v1");
    obj.Set("kind", "EndpointSlice");
    Json meta = Json::MakeObject();
    meta.Set("name", absl::StrCat(name, "-", RandomSuffix()));
    meta.Set("generateName", absl::StrCat(name, "-"));
    meta.Set("namespace", ns);
    Json slice_labels = labels;
    slice_labels.Set("kubernetes.io/service-name", name);
    slice_labels.Set("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io");
    meta.Set("labels", std::move(slice_labels));
    obj.Set("metadata", std::move(meta));
    set_slice(obj);
    (void)store_.Create(slices, std::move(obj), ns);
  } else {
    (void)store_.Mutate(slices, ns, ours, [&](const Json&, Json& obj) {
      set_slice(obj);
      return absl::OkStatus();
    });
  }
}

absl::Time Controllers::Reconcile(absl::Time now) {
  absl::Time next = absl::InfiniteFuture();
  if (opts_.statefulsets) {
    for (const ObjectPtr& sts : ListAll(store_, Res("apps", "statefulsets"))) ReconcileStatefulSet(*sts, now);
    next = RunKubelet(now);
  }
  if (opts_.endpoints) {
    for (const ObjectPtr& svc : ListAll(store_, Res("", "services"))) ReconcileService(*svc);
  }
  return next;
}

}  // namespace fakeapi
