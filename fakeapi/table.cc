#include "fakeapi/table.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gocompat/string_view.h"

namespace fakeapi {

using k8sclient::Json;

namespace {

std::string_view Doc(std::string_view key) {
  static const std::map<std::string_view, std::string_view> kDocs = {
#include "fakeapi/table_docs.inc"
  };
  auto it = kDocs.find(key);
  return it == kDocs.end() ? std::string_view() : it->second;
}

struct Column {
  std::string_view name;
  std::string_view type;
  std::string_view doc;  // a Doc() key, or the description itself when it has no dot
  int priority = 0;
  std::string_view format;
};

Json ColumnJson(const Column& c) {
  Json j = Json::MakeObject();
  j.Set("name", c.name);
  j.Set("type", c.type);
  j.Set("format", c.format);
  std::string_view d = Doc(c.doc);
  j.Set("description", d.empty() ? c.doc : d);
  j.Set("priority", c.priority);
  return j;
}

const Column kName{"Name", "string", "ObjectMeta.name", 0, "name"};
const Column kAge{"Age", "string", "ObjectMeta.creationTimestamp"};
const Column kContainers{"Containers", "string", "Names of each container in the template.", 1};
const Column kImages{"Images", "string", "Images referenced by each container in the template.", 1};

const std::vector<Column>& ColumnsFor(std::string_view kind) {
  static const std::map<std::string_view, std::vector<Column>> kColumns = {
      {"Pod",
       {kName,
        {"Ready", "string", "The aggregate readiness state of this pod for accepting traffic."},
        {"Status", "string", "The aggregate status of the containers in this pod."},
        {"Restarts", "string",
         "The number of times the containers in this pod have been restarted and when the last "
         "container in this pod has restarted."},
        kAge,
        {"IP", "string", "PodStatus.podIP", 1},
        {"Node", "string", "PodSpec.nodeName", 1},
        {"Nominated Node", "string", "PodStatus.nominatedNodeName", 1},
        {"Readiness Gates", "string", "PodSpec.readinessGates", 1}}},
      {"StatefulSet",
       {kName, {"Ready", "string", "Number of the pod with ready state"}, kAge, kContainers, kImages}},
      {"Job",
       {kName,
        {"Status", "string", "Status of the job."},
        {"Completions", "string", "JobStatus.succeeded"},
        {"Duration", "string", "Time required to complete the job."},
        kAge,
        kContainers,
        kImages,
        {"Selector", "string", "JobSpec.selector", 1}}},
      {"Service",
       {kName,
        {"Type", "string", "ServiceSpec.type"},
        {"Cluster-IP", "string", "ServiceSpec.clusterIP"},
        {"External-IP", "string", "ServiceSpec.externalIPs"},
        {"Port(s)", "string", "ServiceSpec.ports"},
        kAge,
        {"Selector", "string", "ServiceSpec.selector", 1}}},
      {"Endpoints", {kName, {"Endpoints", "string", "Endpoints.subsets"}, kAge}},
      {"EndpointSlice",
       {kName,
        {"AddressType", "string", "EndpointSlice.addressType"},
        {"Ports", "string", "EndpointSlice.ports"},
        {"Endpoints", "string", "EndpointSlice.endpoints"},
        kAge}},
      {"Node",
       {kName,
        {"Status", "string", "The status of the node"},
        {"Roles", "string", "The roles of the node"},
        kAge,
        {"Version", "string", "NodeSystemInfo.kubeletVersion"},
        {"Internal-IP", "string", "NodeStatus.addresses", 1},
        {"External-IP", "string", "NodeStatus.addresses", 1},
        {"OS-Image", "string", "NodeSystemInfo.osImage", 1},
        {"Kernel-Version", "string", "NodeSystemInfo.kernelVersion", 1},
        {"Container-Runtime", "string", "NodeSystemInfo.containerRuntimeVersion", 1}}},
      {"Event",
       {{"Last Seen", "string", "Event.lastTimestamp"},
        {"Type", "string", "Event.type"},
        {"Reason", "string", "Event.reason"},
        {"Object", "string", "Event.involvedObject"},
        {"Subobject", "string", "ObjectReference.fieldPath", 1},
        {"Source", "string", "Event.source", 1},
        {"Message", "string", "Event.message"},
        {"First Seen", "string", "Event.firstTimestamp", 1},
        {"Count", "string", "Event.count", 1},
        {"Name", "string", "ObjectMeta.name", 1, "name"}}},
      {"Namespace", {kName, {"Status", "string", "The status of the namespace"}, kAge}},
      {"Secret", {kName, {"Type", "string", "Secret.type"}, {"Data", "string", "Secret.data"}, kAge}},
      {"ServiceAccount", {kName, {"Secrets", "string", "ServiceAccount.secrets"}, kAge}},
      {"ConfigMap", {kName, {"Data", "string", "ConfigMap.data"}, kAge}},
      {"RoleBinding",
       {kName,
        {"Role", "string", "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. This field is immutable."},
        kAge,
        {"Users", "string", "Users in the roleBinding", 1},
        {"Groups", "string", "Groups in the roleBinding", 1},
        {"ServiceAccounts", "string", "ServiceAccounts in the roleBinding", 1}}},
      {"ClusterRoleBinding",
       {kName,
        {"Role", "string", "RoleRef can only reference a ClusterRole in the global namespace. This field is immutable."},
        kAge,
        {"Users", "string", "Users in the clusterRoleBinding", 1},
        {"Groups", "string", "Groups in the clusterRoleBinding", 1},
        {"ServiceAccounts", "string", "ServiceAccounts in the clusterRoleBinding", 1}}},
  };
  // apiserver's DefaultTableConvertor (k8s.io/apiserver pkg/registry/rest/table.go).
  static const std::vector<Column> kDefault = {
      kName, {"Created At", "date", "ObjectMeta.creationTimestamp"}};
  auto it = kColumns.find(kind);
  return it == kColumns.end() ? kDefault : it->second;
}

// --- field access -----------------------------------------------------------------------

std::string Str(const Json& obj, std::string_view path) {
  const Json* v = obj.Path(path);
  return v != nullptr && v->is_string() ? v->as_string() : std::string();
}

int64_t Int(const Json& obj, std::string_view path, int64_t def = 0) {
  const Json* v = obj.Path(path);
  if (v == nullptr) return def;
  if (v->is_int()) return v->as_int();
  if (v->is_double()) return static_cast<int64_t>(v->as_double());
  return def;
}

const Json::Array& Arr(const Json& obj, std::string_view path) {
  static const Json::Array kEmpty;
  const Json* v = obj.Path(path);
  return v != nullptr && v->is_array() ? v->array() : kEmpty;
}

size_t Size(const Json& obj, std::string_view path) {
  const Json* v = obj.Path(path);
  if (v == nullptr) return 0;
  if (v->is_object()) return v->object().size();
  if (v->is_array()) return v->array().size();
  return 0;
}

std::optional<absl::Time> Time(const Json& obj, std::string_view path) {
  std::string s = Str(obj, path);
  absl::Time t;
  std::string err;
  if (s.empty() || !absl::ParseTime(absl::RFC3339_full, s, &t, &err)) return std::nullopt;
  return t;
}

std::string Since(const Json& obj, std::string_view path, absl::Time now) {
  auto t = Time(obj, path);
  return t.has_value() ? HumanDuration(now - *t) : "<unknown>";
}

// labels.FormatLabels: sorted k=v joined by ",", "<none>" when empty.
std::string FormatLabels(const Json* labels) {
  std::vector<std::string> parts;
  if (labels != nullptr && labels->is_object()) {
    for (const auto& [k, v] : labels->object()) {
      parts.push_back(absl::StrCat(k, "=", v.is_string() ? v.as_string() : ""));
    }
  }
  std::sort(parts.begin(), parts.end());
  return parts.empty() ? "<none>" : absl::StrJoin(parts, ",");
}

// metav1.FormatLabelSelector: "<none>" for none or empty, else the selector string.
std::string FormatLabelSelector(const Json* sel) {
  if (sel == nullptr || !sel->is_object() || sel->object().empty()) return "<none>";
  std::vector<std::string> parts;
  if (const Json* ml = sel->Find("matchLabels"); ml != nullptr && ml->is_object()) {
    std::vector<std::string> eq;
    for (const auto& [k, v] : ml->object()) eq.push_back(absl::StrCat(k, "=", v.is_string() ? v.as_string() : ""));
    std::sort(eq.begin(), eq.end());
    parts.insert(parts.end(), eq.begin(), eq.end());
  }
  for (const Json& e : Arr(*sel, "matchExpressions")) {
    std::string op = Str(e, "operator"), key = Str(e, "key");
    std::vector<std::string> values;
    for (const Json& v : Arr(e, "values")) values.push_back(v.is_string() ? v.as_string() : "");
    std::sort(values.begin(), values.end());
    if (op == "In") parts.push_back(absl::StrCat(key, " in (", absl::StrJoin(values, ","), ")"));
    if (op == "NotIn") parts.push_back(absl::StrCat(key, " notin (", absl::StrJoin(values, ","), ")"));
    if (op == "Exists") parts.push_back(key);
    if (op == "DoesNotExist") parts.push_back("!" + key);
  }
  std::string s = absl::StrJoin(parts, ",");
  return s.empty() ? "<none>" : s;
}

void ContainerCells(const Json& pod_spec, Json::Array& cells) {
  std::vector<std::string> names, images;
  for (const Json& c : Arr(pod_spec, "containers")) {
    names.push_back(Str(c, "name"));
    images.push_back(Str(c, "image"));
  }
  cells.emplace_back(absl::StrJoin(names, ","));
  cells.emplace_back(absl::StrJoin(images, ","));
}

bool ConditionTrue(const Json& obj, std::string_view list_path, std::string_view type) {
  for (const Json& c : Arr(obj, list_path)) {
    if (Str(c, "type") == type) return Str(c, "status") == "True";
  }
  return false;
}

// --- rows -------------------------------------------------------------------------------

struct Row {
  Json::Array cells;
  Json conditions;
};

bool IsRestartableInit(const Json* c) { return c != nullptr && Str(*c, "restartPolicy") == "Always"; }

Row PodRow(const Json& pod, absl::Time now) {
  Row row;
  int restarts = 0, restartable_restarts = 0, ready = 0;
  int total = static_cast<int>(Arr(pod, "spec.containers").size());
  std::optional<absl::Time> last_restart, last_restartable_restart;
  std::string phase = Str(pod, "status.phase");
  std::string reason = phase;
  if (!Str(pod, "status.reason").empty()) reason = Str(pod, "status.reason");
  for (const Json& c : Arr(pod, "status.conditions")) {
    if (Str(c, "type") == "PodScheduled" && Str(c, "reason") == "SchedulingGated") reason = "SchedulingGated";
  }
  if (phase == "Succeeded" || phase == "Failed") {
    Json cond = Json::MakeObject();
    cond.Set("type", "Completed");
    cond.Set("status", "True");
    cond.Set("reason", phase);
    cond.Set("message", phase == "Succeeded" ? "The pod has completed successfully." : "The pod failed.");
    row.conditions = Json(Json::Array{cond});
  }
  std::map<std::string, const Json*> init_containers;
  const auto& inits = Arr(pod, "spec.initContainers");
  for (const Json& c : inits) {
    init_containers[Str(c, "name")] = &c;
    if (IsRestartableInit(&c)) ++total;
  }
  auto later = [](std::optional<absl::Time>& cur, const Json& status) {
    auto t = Time(status, "lastState.terminated.finishedAt");
    if (t.has_value() && (!cur.has_value() || *cur < *t)) cur = t;
  };
  bool initializing = false;
  const auto& init_statuses = Arr(pod, "status.initContainerStatuses");
  for (size_t i = 0; i < init_statuses.size(); ++i) {
    const Json& c = init_statuses[i];
    restarts += static_cast<int>(Int(c, "restartCount"));
    later(last_restart, c);
    auto ic = init_containers.find(Str(c, "name"));
    bool restartable = ic != init_containers.end() && IsRestartableInit(ic->second);
    if (restartable) {
      restartable_restarts += static_cast<int>(Int(c, "restartCount"));
      later(last_restartable_restart, c);
    }
    const Json* terminated = c.Path("state.terminated");
    const Json* waiting = c.Path("state.waiting");
    const Json* started = c.Find("started");
    if (terminated != nullptr && Int(*terminated, "exitCode") == 0) continue;
    if (restartable && started != nullptr && started->is_bool() && started->as_bool()) {
      const Json* r = c.Find("ready");
      if (r != nullptr && r->is_bool() && r->as_bool()) ++ready;
      continue;
    }
    if (terminated != nullptr) {
      if (Str(*terminated, "reason").empty()) {
        reason = Int(*terminated, "signal") != 0
                     ? absl::StrCat("Init:Signal:", Int(*terminated, "signal"))
                     : absl::StrCat("Init:ExitCode:", Int(*terminated, "exitCode"));
      } else {
        reason = "Init:" + Str(*terminated, "reason");
      }
    } else if (waiting != nullptr && !Str(*waiting, "reason").empty() &&
               Str(*waiting, "reason") != "PodInitializing") {
      reason = "Init:" + Str(*waiting, "reason");
    } else {
      reason = absl::StrCat("Init:", i, "/", inits.size());
    }
    initializing = true;
    break;
  }
  if (!initializing || ConditionTrue(pod, "status.conditions", "Initialized")) {
    restarts = restartable_restarts;
    last_restart = last_restartable_restart;
    bool has_running = false;
    const auto& statuses = Arr(pod, "status.containerStatuses");
    for (size_t k = statuses.size(); k-- > 0;) {
      const Json& c = statuses[k];
      restarts += static_cast<int>(Int(c, "restartCount"));
      later(last_restart, c);
      const Json* terminated = c.Path("state.terminated");
      const Json* waiting = c.Path("state.waiting");
      const Json* r = c.Find("ready");
      bool is_ready = r != nullptr && r->is_bool() && r->as_bool();
      if (waiting != nullptr && !Str(*waiting, "reason").empty()) {
        reason = Str(*waiting, "reason");
      } else if (terminated != nullptr && !Str(*terminated, "reason").empty()) {
        reason = Str(*terminated, "reason");
      } else if (terminated != nullptr) {
        reason = Int(*terminated, "signal") != 0
                     ? absl::StrCat("Signal:", Int(*terminated, "signal"))
                     : absl::StrCat("ExitCode:", Int(*terminated, "exitCode"));
      } else if (is_ready && c.Path("state.running") != nullptr) {
        has_running = true;
        ++ready;
      }
    }
    if (reason == "Completed" && has_running) {
      reason = ConditionTrue(pod, "status.conditions", "Ready") ? "Running" : "NotReady";
    }
  }
  if (pod.Path("metadata.deletionTimestamp") != nullptr && Str(pod, "status.reason") == "NodeLost") {
    reason = "Unknown";
  } else if (pod.Path("metadata.deletionTimestamp") != nullptr && phase != "Succeeded" &&
             phase != "Failed") {
    reason = "Terminating";
  }
  std::string restarts_str = absl::StrCat(restarts);
  if (restarts != 0 && last_restart.has_value()) {
    restarts_str = absl::StrCat(restarts, " (", HumanDuration(now - *last_restart), " ago)");
  }
  auto& cells = row.cells;
  cells.emplace_back(Str(pod, "metadata.name"));
  cells.emplace_back(absl::StrCat(ready, "/", total));
  cells.emplace_back(reason);
  cells.emplace_back(restarts_str);
  cells.emplace_back(Since(pod, "metadata.creationTimestamp", now));
  std::string ip;
  if (!Arr(pod, "status.podIPs").empty()) {
    ip = Str(Arr(pod, "status.podIPs")[0], "ip");
  } else {
    ip = Str(pod, "status.podIP");  // conversion to the internal type fills podIPs from podIP
  }
  std::string node = Str(pod, "spec.nodeName");
  std::string nominated = Str(pod, "status.nominatedNodeName");
  cells.emplace_back(ip.empty() ? "<none>" : ip);
  cells.emplace_back(node.empty() ? "<none>" : node);
  cells.emplace_back(nominated.empty() ? "<none>" : nominated);
  std::string gates = "<none>";
  const auto& rg = Arr(pod, "spec.readinessGates");
  if (!rg.empty()) {
    int true_conditions = 0;
    for (const Json& g : rg) {
      for (const Json& c : Arr(pod, "status.conditions")) {
        if (Str(c, "type") == Str(g, "conditionType")) {
          if (Str(c, "status") == "True") ++true_conditions;
          break;
        }
      }
    }
    gates = absl::StrCat(true_conditions, "/", rg.size());
  }
  cells.emplace_back(gates);
  return row;
}

std::string ServiceExternalIP(const Json& svc, const std::string& type) {
  std::vector<std::string> external;
  for (const Json& ip : Arr(svc, "spec.externalIPs")) external.push_back(ip.is_string() ? ip.as_string() : "");
  if (type == "ClusterIP" || type == "NodePort") {
    return external.empty() ? "<none>" : absl::StrJoin(external, ",");
  }
  if (type == "LoadBalancer") {
    std::set<std::string> lb;
    for (const Json& ing : Arr(svc, "status.loadBalancer.ingress")) {
      if (!Str(ing, "ip").empty()) {
        lb.insert(Str(ing, "ip"));
      } else if (!Str(ing, "hostname").empty()) {
        lb.insert(Str(ing, "hostname"));
      }
    }
    // The server builds with Wide set, so the list is never clipped.
    std::string lb_ips = absl::StrJoin(lb, ",");
    if (!external.empty()) {
      std::vector<std::string> all;
      if (!lb_ips.empty()) all = absl::StrSplit(lb_ips, ',');
      all.insert(all.end(), external.begin(), external.end());
      return absl::StrJoin(all, ",");
    }
    return lb_ips.empty() ? "<pending>" : lb_ips;
  }
  if (type == "ExternalName") return Str(svc, "spec.externalName");
  return "<unknown>";
}

Row ServiceRow(const Json& svc, absl::Time now) {
  Row row;
  std::string type = Str(svc, "spec.type");
  if (type.empty()) type = "ClusterIP";  // the v1 default
  std::string cluster_ip = "<none>";
  if (!Arr(svc, "spec.clusterIPs").empty()) {
    cluster_ip = Arr(svc, "spec.clusterIPs")[0].is_string() ? Arr(svc, "spec.clusterIPs")[0].as_string() : "";
  } else if (!Str(svc, "spec.clusterIP").empty()) {
    cluster_ip = Str(svc, "spec.clusterIP");  // defaulting copies clusterIP into clusterIPs
  }
  std::vector<std::string> ports;
  for (const Json& p : Arr(svc, "spec.ports")) {
    std::string proto = Str(p, "protocol").empty() ? "TCP" : Str(p, "protocol");
    ports.push_back(Int(p, "nodePort") > 0
                        ? absl::StrCat(Int(p, "port"), ":", Int(p, "nodePort"), "/", proto)
                        : absl::StrCat(Int(p, "port"), "/", proto));
  }
  std::string port_str = absl::StrJoin(ports, ",");
  row.cells = {Json(Str(svc, "metadata.name")), Json(type), Json(cluster_ip),
               Json(ServiceExternalIP(svc, type)), Json(port_str.empty() ? "<none>" : port_str),
               Json(Since(svc, "metadata.creationTimestamp", now)),
               Json(FormatLabels(svc.Path("spec.selector")))};
  return row;
}

std::string FormatEndpoints(const Json& ep) {
  const auto& subsets = Arr(ep, "subsets");
  if (subsets.empty()) return "<none>";
  std::vector<std::string> list;
  constexpr size_t kMax = 3;
  bool more = false;
  size_t count = 0;
  for (const Json& ss : subsets) {
    const auto& addrs = Arr(ss, "addresses");
    const auto& ports = Arr(ss, "ports");
    if (ports.empty()) {
      count += addrs.size();
      for (const Json& a : addrs) {
        if (list.size() == kMax) {
          more = true;
          break;
        }
        list.push_back(Str(a, "ip"));
      }
      continue;
    }
    for (const Json& port : ports) {
      count += addrs.size();
      for (const Json& a : addrs) {
        if (list.size() == kMax) {
          more = true;
          break;
        }
        std::string ip = Str(a, "ip");
        std::string host = ip.find(':') != std::string::npos ? "[" + ip + "]" : ip;
        list.push_back(absl::StrCat(host, ":", Int(port, "port")));
      }
    }
  }
  std::string ret = absl::StrJoin(list, ",");
  if (more) return absl::StrCat(ret, " + ", count - kMax, " more...");
  return ret;
}

std::string ListWithMore(const std::vector<std::string>& list, bool more, size_t count) {
  std::string ret = absl::StrJoin(list, ",");
  if (more) return absl::StrCat(ret, " + ", count - 3, " more...");
  return ret.empty() ? "<unset>" : ret;
}

Row EndpointSliceRow(const Json& s, absl::Time now) {
  std::vector<std::string> ports, addrs;
  bool more_ports = false, more_addrs = false;
  size_t port_count = 0, addr_count = 0;
  for (const Json& p : Arr(s, "ports")) {
    if (ports.size() < 3) {
      const Json* num = p.Find("port");
      ports.push_back(num != nullptr && num->is_number() ? absl::StrCat(Int(p, "port"))
                      : p.Find("name") != nullptr      ? Str(p, "name")
                                                       : "*");
    } else if (ports.size() == 3) {
      more_ports = true;
    }
    ++port_count;
  }
  for (const Json& e : Arr(s, "endpoints")) {
    for (const Json& a : Arr(e, "addresses")) {
      if (addrs.size() < 3) {
        addrs.push_back(a.is_string() ? a.as_string() : "");
      } else if (addrs.size() == 3) {
        more_addrs = true;
      }
      ++addr_count;
    }
  }
  Row row;
  row.cells = {Json(Str(s, "metadata.name")), Json(Str(s, "addressType")),
               Json(ListWithMore(ports, more_ports, port_count)),
               Json(ListWithMore(addrs, more_addrs, addr_count)),
               Json(Since(s, "metadata.creationTimestamp", now))};
  return row;
}

Row NodeRow(const Json& node, absl::Time now) {
  std::vector<std::string> status;
  for (const Json& c : Arr(node, "status.conditions")) {
    if (Str(c, "type") == "Ready") {
      status.push_back(Str(c, "status") == "True" ? "Ready" : "NotReady");
      break;
    }
  }
  if (status.empty()) status.push_back("Unknown");
  const Json* unsched = node.Path("spec.unschedulable");
  if (unsched != nullptr && unsched->is_bool() && unsched->as_bool()) status.push_back("SchedulingDisabled");
  std::set<std::string> roles;
  if (const Json* labels = node.Path("metadata.labels"); labels != nullptr && labels->is_object()) {
    for (const auto& [k, v] : labels->object()) {
      std::string_view key = k;
      constexpr std::string_view kRolePrefix = "node-role.kubernetes.io/";
      if (key.starts_with(kRolePrefix)) {
        key.remove_prefix(kRolePrefix.size());
        if (!key.empty()) roles.insert(std::string(key));
      } else if (k == "kubernetes.io/role" && v.is_string() && !v.as_string().empty()) {
        roles.insert(v.as_string());
      }
    }
  }
  auto address = [&](std::string_view type) {
    for (const Json& a : Arr(node, "status.addresses")) {
      if (Str(a, "type") == type) return Str(a, "address");
    }
    return std::string("<none>");
  };
  auto or_unknown = [](std::string s) { return s.empty() ? std::string("<unknown>") : s; };
  Row row;
  row.cells = {Json(Str(node, "metadata.name")), Json(absl::StrJoin(status, ",")),
               Json(roles.empty() ? "<none>" : absl::StrJoin(roles, ",")),
               Json(Since(node, "metadata.creationTimestamp", now)),
               Json(Str(node, "status.nodeInfo.kubeletVersion")), Json(address("InternalIP")),
               Json(address("ExternalIP")), Json(or_unknown(Str(node, "status.nodeInfo.osImage"))),
               Json(or_unknown(Str(node, "status.nodeInfo.kernelVersion"))),
               Json(or_unknown(Str(node, "status.nodeInfo.containerRuntimeVersion")))};
  return row;
}

Row JobRow(const Json& job, absl::Time now) {
  std::string completions;
  int64_t succeeded = Int(job, "status.succeeded");
  if (job.Path("spec.completions") != nullptr && job.Path("spec.completions")->is_number()) {
    completions = absl::StrCat(succeeded, "/", Int(job, "spec.completions"));
  } else if (int64_t parallelism = Int(job, "spec.parallelism"); parallelism > 1) {
    completions = absl::StrCat(succeeded, "/1 of ", parallelism);
  } else {
    completions = absl::StrCat(succeeded, "/1");
  }
  std::string duration;
  auto start = Time(job, "status.startTime");
  auto done = Time(job, "status.completionTime");
  if (start.has_value()) duration = HumanDuration((done.has_value() ? *done : now) - *start);
  std::string status = "Running";
  if (ConditionTrue(job, "status.conditions", "Complete")) {
    status = "Complete";
  } else if (ConditionTrue(job, "status.conditions", "Failed")) {
    status = "Failed";
  } else if (job.Path("metadata.deletionTimestamp") != nullptr) {
    status = "Terminating";
  } else if (ConditionTrue(job, "status.conditions", "Suspended")) {
    status = "Suspended";
  } else if (ConditionTrue(job, "status.conditions", "FailureTarget")) {
    status = "FailureTarget";
  }
  Row row;
  row.cells = {Json(Str(job, "metadata.name")), Json(status), Json(completions), Json(duration),
               Json(Since(job, "metadata.creationTimestamp", now))};
  const Json* spec = job.Path("spec.template.spec");
  ContainerCells(spec != nullptr ? *spec : Json(), row.cells);
  row.cells.emplace_back(FormatLabelSelector(job.Path("spec.selector")));
  return row;
}

std::string EventSource(const Json& ev) {
  std::string component = Str(ev, "source.component");
  if (component.empty()) component = Str(ev, "reportingComponent");
  std::string host = Str(ev, "source.host");
  if (host.empty()) host = Str(ev, "reportingInstance");
  return host.empty() ? component : absl::StrCat(component, ", ", host);
}

Row EventRow(const Json& ev, absl::Time now) {
  std::string first = Since(ev, "firstTimestamp", now);
  if (!Time(ev, "firstTimestamp").has_value()) first = Since(ev, "eventTime", now);
  std::string last = Time(ev, "lastTimestamp").has_value() ? Since(ev, "lastTimestamp", now) : first;
  int64_t count = Int(ev, "count");
  if (ev.Find("series") != nullptr && ev.Find("series")->is_object()) {
    last = Since(ev, "series.lastObservedTime", now);
    count = Int(ev, "series.count");
  } else if (count == 0) {
    count = 1;
  }
  std::string kind = absl::AsciiStrToLower(Str(ev, "involvedObject.kind"));
  std::string name = Str(ev, "involvedObject.name");
  Row row;
  row.cells = {Json(last), Json(Str(ev, "type")), Json(Str(ev, "reason")),
               Json(name.empty() ? kind : absl::StrCat(kind, "/", name)),
               Json(Str(ev, "involvedObject.fieldPath")), Json(EventSource(ev)),
               Json(std::string(absl::StripAsciiWhitespace(Str(ev, "message")))), Json(first),
               Json(count), Json(Str(ev, "metadata.name"))};
  return row;
}

Row BindingRow(const Json& b, absl::Time now) {
  std::vector<std::string> users, groups, sas;
  for (const Json& s : Arr(b, "subjects")) {
    std::string kind = Str(s, "kind");
    if (kind == "User") users.push_back(Str(s, "name"));
    if (kind == "Group") groups.push_back(Str(s, "name"));
    if (kind == "ServiceAccount") sas.push_back(absl::StrCat(Str(s, "namespace"), "/", Str(s, "name")));
  }
  Row row;
  row.cells = {Json(Str(b, "metadata.name")),
               Json(absl::StrCat(Str(b, "roleRef.kind"), "/", Str(b, "roleRef.name"))),
               Json(Since(b, "metadata.creationTimestamp", now)), Json(absl::StrJoin(users, ", ")),
               Json(absl::StrJoin(groups, ", ")), Json(absl::StrJoin(sas, ", "))};
  return row;
}

Row RowFor(const Resource& r, const Json& obj, absl::Time now) {
  const std::string& k = r.kind;
  std::string name = Str(obj, "metadata.name");
  std::string age = Since(obj, "metadata.creationTimestamp", now);
  if (k == "Pod") return PodRow(obj, now);
  if (k == "Service") return ServiceRow(obj, now);
  if (k == "EndpointSlice") return EndpointSliceRow(obj, now);
  if (k == "Node") return NodeRow(obj, now);
  if (k == "Job") return JobRow(obj, now);
  if (k == "Event") return EventRow(obj, now);
  if (k == "RoleBinding" || k == "ClusterRoleBinding") return BindingRow(obj, now);
  Row row;
  if (k == "StatefulSet") {
    row.cells = {Json(name), Json(absl::StrCat(Int(obj, "status.readyReplicas"), "/", Int(obj, "spec.replicas", 1))),
                 Json(age)};
    const Json* spec = obj.Path("spec.template.spec");
    ContainerCells(spec != nullptr ? *spec : Json(), row.cells);
  } else if (k == "Endpoints") {
    row.cells = {Json(name), Json(FormatEndpoints(obj)), Json(age)};
  } else if (k == "Namespace") {
    row.cells = {Json(name), Json(Str(obj, "status.phase")), Json(age)};
  } else if (k == "Secret") {
    row.cells = {Json(name), Json(Str(obj, "type")), Json(static_cast<int64_t>(Size(obj, "data"))), Json(age)};
  } else if (k == "ServiceAccount") {
    row.cells = {Json(name), Json(static_cast<int64_t>(Size(obj, "secrets"))), Json(age)};
  } else if (k == "ConfigMap") {
    row.cells = {Json(name), Json(static_cast<int64_t>(Size(obj, "data") + Size(obj, "binaryData"))),
                 Json(age)};
  } else {
    // DefaultTableConvertor: the creation time as metav1.Time marshals it.
    row.cells = {Json(name), Json(Str(obj, "metadata.creationTimestamp"))};
  }
  return row;
}

}  // namespace

std::string HumanDuration(absl::Duration d) {
  int64_t seconds = absl::ToInt64Seconds(d);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60 * 2) return absl::StrCat(seconds, "s");
  int64_t minutes = absl::ToInt64Minutes(d);
  if (minutes < 10) {
    int64_t s = seconds % 60;
    return s == 0 ? absl::StrCat(minutes, "m") : absl::StrCat(minutes, "m", s, "s");
  }
  if (minutes < 60 * 3) return absl::StrCat(minutes, "m");
  int64_t hours = absl::ToInt64Hours(d);
  if (hours < 8) {
    int64_t m = minutes % 60;
    return m == 0 ? absl::StrCat(hours, "h") : absl::StrCat(hours, "h", m, "m");
  }
  if (hours < 48) return absl::StrCat(hours, "h");
  if (hours < 24 * 8) {
    int64_t h = hours % 24;
    return h == 0 ? absl::StrCat(hours / 24, "d") : absl::StrCat(hours / 24, "d", h, "h");
  }
  if (hours < 24 * 365 * 2) return absl::StrCat(hours / 24, "d");
  if (hours < 24 * 365 * 8) {
    int64_t dy = (hours / 24) % 365;
    return dy == 0 ? absl::StrCat(hours / 24 / 365, "y") : absl::StrCat(hours / 24 / 365, "y", dy, "d");
  }
  return absl::StrCat(hours / 24 / 365, "y");
}

bool AcceptsJson(std::string_view accept) {
  if (absl::StripAsciiWhitespace(gocompat::AV(accept)).empty()) return true;
  for (absl::string_view clause : absl::StrSplit(gocompat::AV(accept), ',')) {
    std::string type = absl::AsciiStrToLower(
        absl::StripAsciiWhitespace(clause.substr(0, clause.find(';'))));
    if (type == "application/json" || type == "application/yaml" || type == "*/*" ||
        type == "application/*" || type == "*") {
      return true;
    }
  }
  return false;
}

std::optional<std::string> WantedTableVersion(std::string_view accept) {
  for (absl::string_view clause : absl::StrSplit(gocompat::AV(accept), ',')) {
    std::vector<std::string> parts;
    for (absl::string_view p : absl::StrSplit(clause, ';')) {
      parts.emplace_back(absl::AsciiStrToLower(absl::StripAsciiWhitespace(p)));
    }
    if (parts.empty()) continue;
    std::string as, g, v;
    for (size_t i = 1; i < parts.size(); ++i) {
      size_t eq = parts[i].find('=');
      if (eq == std::string::npos) continue;
      std::string key = parts[i].substr(0, eq), value = parts[i].substr(eq + 1);
      if (key == "as") as = value;
      if (key == "g") g = value;
      if (key == "v") v = value;
    }
    if (as == "table" && g == "meta.k8s.io" && (v == "v1" || v == "v1beta1") &&
        (parts[0] == "application/json" || parts[0] == "*/*")) {
      return v;
    }
    if (as.empty() && (parts[0] == "application/json" || parts[0] == "*/*" ||
                       parts[0] == "application/*")) {
      return std::nullopt;  // plain objects come first
    }
  }
  return std::nullopt;
}

Json MakeTable(const Resource& r, const std::vector<ObjectPtr>& items, const Json& list_meta,
               const TableRequest& req) {
  Json table = Json::MakeObject();
  table.Set("kind", "Table");
  table.Set("apiVersion", absl::StrCat("meta.k8s.io/", req.version));
  table.Set("metadata", list_meta.is_null() ? Json::MakeObject() : list_meta);
  Json columns = Json::MakeArray();
  for (const Column& c : ColumnsFor(r.kind)) columns.array().push_back(ColumnJson(c));
  table.Set("columnDefinitions", std::move(columns));
  Json rows = Json::MakeArray();
  for (const ObjectPtr& obj : items) {
    Row row = RowFor(r, *obj, req.now);
    Json j = Json::MakeObject();
    j.Set("cells", Json(std::move(row.cells)));
    if (!row.conditions.is_null()) j.Set("conditions", std::move(row.conditions));
    if (req.include_object == "Object") {
      j.Set("object", *obj);
    } else if (req.include_object != "None") {
      Json partial = Json::MakeObject();
      partial.Set("kind", "PartialObjectMetadata");
      partial.Set("apiVersion", absl::StrCat("meta.k8s.io/", req.version));
      partial.Set("metadata", obj->Find("metadata") != nullptr ? *obj->Find("metadata") : Json::MakeObject());
      j.Set("object", std::move(partial));
    }
    rows.array().push_back(std::move(j));
  }
  table.Set("rows", std::move(rows));
  return table;
}

}  // namespace fakeapi
