#!/usr/bin/env python3
"""The Python client (python3-kubernetes) against podinit-fake-apiserver, call by call, each
answer checked against what a real API server gives (defaults from
pkg/apis/core/v1/defaults.go, error texts and codes from the apiserver, strategic merge patch
as apimachinery merges, RBAC as the authorizer decides).

Usage: python_mock_test.py FAKE_APISERVER TESTDATA_DIR
Prints "N passed, M failed"; exits 77 when the kubernetes module is missing.
"""
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest
import warnings

try:
    from kubernetes import client, config, watch
    from kubernetes.client.rest import ApiException
except ImportError:
    print("SKIP: python3-kubernetes not installed")
    sys.exit(77)

SERVER = TESTDATA = MOCK = None


class Fake:
    def __init__(self, *extra, token="py-token"):
        self.dir = tempfile.TemporaryDirectory()
        self.kubeconfig = os.path.join(self.dir.name, "kubeconfig")
        self.proc = subprocess.Popen(
            [SERVER, "--listen", "127.0.0.1:0", "--kubeconfig-out", self.kubeconfig, *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line.startswith("listening on"):
            self.proc.kill()
            raise RuntimeError("server did not start: %r %s" % (line, self.proc.stderr.read()))
        self.api = config.new_client_from_config(config_file=self.kubeconfig)
        self.core = client.CoreV1Api(self.api)
        self.apps = client.AppsV1Api(self.api)

    def as_token(self, token):
        c = client.Configuration()
        c.host = self.api.configuration.host
        c.ssl_ca_cert = self.api.configuration.ssl_ca_cert
        c.api_key = {"authorization": "Bearer " + token}
        return client.ApiClient(c)

    def close(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
        self.proc.stdout.close()
        self.proc.stderr.close()
        self.dir.cleanup()


class PythonMockTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.f = Fake("--objects", TESTDATA, "--objects", os.path.join(MOCK, "rbac.yaml"),
                     "--token", "py-token", "--token", "reader-token=default/reader",
                     "--ready-delay", "100ms", "--pod-cidr", "10.88.0.0/24")
        cls.core, cls.apps = cls.f.core, cls.f.apps

    @classmethod
    def tearDownClass(cls):
        cls.f.close()

    def raises(self, fn, *args, **kw):
        with self.assertRaises(ApiException) as cm:
            fn(*args, **kw)
        return cm.exception

    def test_dry_run_delete_keeps_the_pod(self):
        self.core.delete_namespaced_pod("etcd-1", "default", dry_run="All")
        self.assertEqual(self.core.read_namespaced_pod("etcd-1", "default").metadata.name, "etcd-1")

    def test_dry_run_create_stores_nothing(self):
        cm = client.V1ConfigMap(metadata=client.V1ObjectMeta(name="dry"), data={"a": "b"})
        out = self.core.create_namespaced_config_map("default", cm, dry_run="All")
        self.assertEqual(out.data, {"a": "b"})
        self.assertEqual(self.raises(self.core.read_namespaced_config_map, "dry", "default").status, 404)

    def test_dry_run_patch_changes_nothing(self):
        self.core.patch_namespaced_pod("etcd-0", "default", {"metadata": {"labels": {"dry": "x"}}},
                                       dry_run="All")
        labels = self.core.read_namespaced_pod("etcd-0", "default").metadata.labels
        self.assertNotIn("dry", labels)

    def test_dry_run_replace_scale_and_status_change_nothing(self):
        cm = self.core.read_namespaced_config_map("etcd-config", "default")
        cm.metadata.labels = {"dry": "run"}
        self.assertEqual(self.core.replace_namespaced_config_map("etcd-config", "default", cm,
                                                                 dry_run="All").metadata.labels, {"dry": "run"})
        self.assertFalse(self.core.read_namespaced_config_map("etcd-config", "default").metadata.labels)
        out = self.apps.patch_namespaced_stateful_set_scale("etcd", "default", {"spec": {"replicas": 9}},
                                                            dry_run="All")
        self.assertEqual(out.spec.replicas, 9)
        self.assertEqual(self.apps.read_namespaced_stateful_set("etcd", "default").spec.replicas, 3)
        self.core.patch_namespaced_pod_status("etcd-1", "default", {"status": {"phase": "Failed"}}, dry_run="All")
        self.assertEqual(self.core.read_namespaced_pod("etcd-1", "default").status.phase, "Running")

    def test_strategic_patch_keeps_the_container(self):
        # A dict body is a strategic merge patch: containers merge by name.
        self.core.patch_namespaced_pod(
            "etcd-2", "default", {"spec": {"containers": [{"name": "etcd", "image": "etcd:new"}]}})
        c = self.core.read_namespaced_pod("etcd-2", "default").spec.containers[0]
        self.assertEqual((c.image, c.resources.limits["memory"], c.ports[0].container_port),
                         ("etcd:new", "512Mi", 2379))

    def test_status_subresource(self):
        self.core.patch_namespaced_pod("web-1", "default", {"status": {"phase": "Failed"}})
        self.assertEqual(self.core.read_namespaced_pod("web-1", "default").status.phase, "Pending")
        self.core.patch_namespaced_pod_status("web-1", "default", {"status": {"phase": "Failed"}})
        self.assertEqual(self.core.read_namespaced_pod_status("web-1", "default").status.phase, "Failed")

    def test_scale_subresource(self):
        scale = self.apps.read_namespaced_stateful_set_scale("etcd", "default")
        self.assertEqual(scale.spec.replicas, 3)

    def test_create_pod_gets_defaults(self):
        pod = client.V1Pod(metadata=client.V1ObjectMeta(name="py-pod"),
                           spec=client.V1PodSpec(containers=[client.V1Container(name="c", image="busybox")]))
        out = self.core.create_namespaced_pod("default", pod)
        self.assertEqual((out.spec.restart_policy, out.spec.dns_policy, out.spec.termination_grace_period_seconds,
                          out.spec.scheduler_name, out.status.phase, out.status.qos_class),
                         ("Always", "ClusterFirst", 30, "default-scheduler", "Pending", "BestEffort"))

    def test_validation_error(self):
        pod = client.V1Pod(metadata=client.V1ObjectMeta(name="py-bad"), spec=client.V1PodSpec(containers=[]))
        e = self.raises(self.core.create_namespaced_pod, "default", pod)
        self.assertEqual(e.status, 422)
        self.assertEqual(json.loads(e.body)["message"], 'Pod "py-bad" is invalid: spec.containers: Required value')

    def test_already_exists(self):
        cm = client.V1ConfigMap(metadata=client.V1ObjectMeta(name="twice"))
        self.core.create_namespaced_config_map("default", cm)
        e = self.raises(self.core.create_namespaced_config_map, "default", cm)
        self.assertEqual((e.status, json.loads(e.body)["reason"]), (409, "AlreadyExists"))

    def test_update_conflict(self):
        cm = self.core.create_namespaced_config_map(
            "default", client.V1ConfigMap(metadata=client.V1ObjectMeta(name="locked"), data={"a": "1"}))
        cm.data = {"a": "2"}
        self.core.replace_namespaced_config_map("locked", "default", cm)
        e = self.raises(self.core.replace_namespaced_config_map, "locked", "default", cm)
        self.assertEqual(e.status, 409)
        self.assertIn("the object has been modified", json.loads(e.body)["message"])

    def test_logs_answer_with_a_status(self):
        e = self.raises(self.core.read_namespaced_pod_log, "etcd-0", "default")
        self.assertEqual(e.status, 400)
        self.assertIn("runs no containers", json.loads(e.body)["message"])

    def test_self_subject_access_review(self):
        review = client.V1SelfSubjectAccessReview(spec=client.V1SelfSubjectAccessReviewSpec(
            resource_attributes=client.V1ResourceAttributes(namespace="default", verb="delete", resource="pods")))
        reader = client.AuthorizationV1Api(self.f.as_token("reader-token"))
        self.assertFalse(reader.create_self_subject_access_review(review).status.allowed)
        review.spec.resource_attributes.verb = "list"
        self.assertTrue(reader.create_self_subject_access_review(review).status.allowed)

    def test_rbac_per_token(self):
        reader = client.CoreV1Api(self.f.as_token("reader-token"))
        self.assertTrue(reader.list_namespaced_pod("default").items)
        e = self.raises(reader.list_namespaced_secret, "default")
        self.assertEqual(e.status, 403)
        self.assertIn('User "system:serviceaccount:default:reader" cannot list resource "secrets"',
                      json.loads(e.body)["message"])

    def test_watch_from_too_large_resource_version(self):
        e = self.raises(lambda: list(watch.Watch().stream(
            self.core.list_namespaced_config_map, "default", resource_version="999999", timeout_seconds=2)))
        self.assertEqual(e.status, 504)

    def test_statefulset_controller(self):
        sts = client.V1StatefulSet(
            metadata=client.V1ObjectMeta(name="py"),
            spec=client.V1StatefulSetSpec(
                replicas=2, service_name="py", pod_management_policy="Parallel",
                selector=client.V1LabelSelector(match_labels={"app": "py"}),
                template=client.V1PodTemplateSpec(
                    metadata=client.V1ObjectMeta(labels={"app": "py"}),
                    spec=client.V1PodSpec(containers=[client.V1Container(name="c", image="busybox")]))))
        self.apps.create_namespaced_stateful_set("default", sts)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            pods = self.core.list_namespaced_pod("default", label_selector="app=py").items
            if len(pods) == 2 and all(p.status.phase == "Running" for p in pods):
                break
            time.sleep(0.1)
        got = sorted((p.metadata.name, p.metadata.labels["apps.kubernetes.io/pod-index"], p.status.pod_ip)
                     for p in pods)
        self.assertEqual(got, [("py-0", "0", "10.88.0.1"), ("py-1", "1", "10.88.0.2")])

    def test_endpoints_follow_pods(self):
        ep = self.core.read_namespaced_endpoints("etcd", "default")
        ips = sorted(a.ip for s in ep.subsets for a in (s.addresses or []) + (s.not_ready_addresses or []))
        self.assertEqual(ips, ["10.244.0.5", "10.244.1.5", "10.244.2.5"])

    def test_list_endpoints_and_serviceaccounts_served(self):
        self.core.list_namespaced_endpoints("default")
        self.core.list_namespaced_service_account("default")

    def test_delete_returns_and_deletes(self):
        self.core.create_namespaced_config_map("default", client.V1ConfigMap(metadata=client.V1ObjectMeta(name="gone")))
        self.core.delete_namespaced_config_map("gone", "default")
        self.assertEqual(self.raises(self.core.read_namespaced_config_map, "gone", "default").status, 404)

    def test_json_patch(self):
        self.core.patch_namespaced_pod("etcd-0", "default",
                                       [{"op": "add", "path": "/metadata/labels/jp", "value": "1"}])
        self.assertEqual(self.core.read_namespaced_pod("etcd-0", "default").metadata.labels["jp"], "1")

    def test_managed_fields_name_the_client(self):
        # Without fieldManager the apiserver names the manager after the User-Agent's product
        # (prefixFromUserAgent): this client's is OpenAPI-Generator.
        cm = client.V1ConfigMap(metadata=client.V1ObjectMeta(name="owned-py"), data={"a": "b"})
        out = self.core.create_namespaced_config_map("default", cm)
        mf = out.metadata.managed_fields
        self.assertEqual([(e.manager, e.operation, e.api_version, e.fields_type, e.fields_v1) for e in mf],
                         [("OpenAPI-Generator", "Update", "v1", "FieldsV1", {"f:data": {".": {}, "f:a": {}}})])
        self.core.patch_namespaced_config_map("owned-py", "default", {"data": {"a": "c"}}, field_manager="editor")
        mf = self.core.read_namespaced_config_map("owned-py", "default").metadata.managed_fields
        self.assertEqual([(e.manager, e.fields_v1) for e in mf],
                         [("OpenAPI-Generator", {"f:data": {}}), ("editor", {"f:data": {"f:a": {}}})])

    def test_server_side_apply_conflict(self):
        self.core.create_namespaced_config_map(
            "default", client.V1ConfigMap(metadata=client.V1ObjectMeta(name="ssa-py"), data={"k": "v1"}),
            field_manager="creator")
        body = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "ssa-py"}, "data": {"k": "v2"}}

        def apply(**query):
            # This client version has no apply call: its ApiClient sends the apply patch.
            return self.f.api.call_api(
                "/api/v1/namespaces/default/configmaps/ssa-py", "PATCH",
                query_params=[("fieldManager", "applier")] + list(query.items()),
                header_params={"Content-Type": "application/apply-patch+yaml", "Accept": "application/json"},
                body=json.dumps(body), response_type="object", auth_settings=["BearerToken"],
                _return_http_data_only=True)
        e = self.raises(apply)
        status = json.loads(e.body)
        self.assertEqual((e.status, status["reason"], status["message"], status["details"]["causes"]),
                         (409, "Conflict",
                          'Apply failed with 1 conflict: conflict with "creator" using v1: .data.k',
                          [{"type": "FieldManagerConflict", "message": 'conflict with "creator" using v1',
                            "field": ".data.k"}]))
        out = apply(force="true")
        self.assertEqual(out["data"], {"k": "v2"})
        self.assertEqual([(e["manager"], e["operation"]) for e in out["metadata"]["managedFields"]],
                         [("applier", "Apply"), ("creator", "Update")])

    def test_update_is_defaulted(self):
        svc = self.core.read_namespaced_service("etcd", "default")
        svc.spec.session_affinity = None
        svc.metadata.resource_version = None
        out = self.core.replace_namespaced_service("etcd", "default", svc)
        self.assertEqual(out.spec.session_affinity, "None")

    def test_openapi_v2(self):
        data, status, headers = self.f.api.call_api("/openapi/v2", "GET", response_type="object",
                                                    auth_settings=["BearerToken"], _return_http_data_only=False)
        self.assertEqual((status, data["swagger"], data["definitions"]["io.k8s.api.core.v1.Pod"]
                          ["x-kubernetes-group-version-kind"]),
                         (200, "2.0", [{"group": "", "kind": "Pod", "version": "v1"}]))

    def test_merge_patch(self):
        # This client version picks strategic merge for a dict; its ApiClient sends a merge patch.
        self.f.api.call_api(
            "/api/v1/namespaces/default/pods/etcd-0", "PATCH",
            header_params={"Content-Type": "application/merge-patch+json", "Accept": "application/json"},
            body={"metadata": {"labels": {"mp": "1"}}},
            response_type="object", auth_settings=["BearerToken"], _return_http_data_only=True)
        self.assertEqual(self.core.read_namespaced_pod("etcd-0", "default").metadata.labels["mp"], "1")

    def test_pod_spec_is_immutable_but_for_images(self):
        e = self.raises(self.core.patch_namespaced_pod, "etcd-1", "default", {"spec": {"nodeName": "elsewhere"}})
        self.assertEqual((e.status, json.loads(e.body)["details"]["causes"][0]["field"]), (422, "spec"))
        self.assertIn("pod updates may not change fields other than `spec.containers[*].image`",
                      json.loads(e.body)["message"])

    def test_scale_subresource_write(self):
        sts = client.V1StatefulSet(
            metadata=client.V1ObjectMeta(name="scaled"),
            spec=client.V1StatefulSetSpec(
                replicas=1, service_name="scaled", selector=client.V1LabelSelector(match_labels={"app": "scaled"}),
                template=client.V1PodTemplateSpec(
                    metadata=client.V1ObjectMeta(labels={"app": "scaled"}),
                    spec=client.V1PodSpec(containers=[client.V1Container(name="c", image="busybox")]))))
        self.apps.create_namespaced_stateful_set("default", sts)
        out = self.apps.patch_namespaced_stateful_set_scale("scaled", "default", {"spec": {"replicas": 0}})
        self.assertEqual((out.kind, out.spec.replicas), ("Scale", 0))
        self.assertEqual(self.apps.read_namespaced_stateful_set("scaled", "default").spec.replicas, 0)
        e = self.raises(self.apps.patch_namespaced_stateful_set_scale, "scaled", "default",
                        {"spec": {"replicas": -1}})
        self.assertEqual((e.status, json.loads(e.body)["message"]),
                         (422, 'Scale.autoscaling "scaled" is invalid: spec.replicas: Invalid value: -1: '
                               'must be greater than or equal to 0'))

    def test_watch_sees_changes(self):
        self.core.create_namespaced_config_map(
            "default", client.V1ConfigMap(metadata=client.V1ObjectMeta(name="watched", labels={"w": "1"})))
        rv = self.core.list_namespaced_config_map("default", label_selector="w=1").metadata.resource_version
        self.core.patch_namespaced_config_map("watched", "default", {"data": {"k": "v"}})
        self.core.delete_namespaced_config_map("watched", "default")
        w = watch.Watch()
        seen = []
        for ev in w.stream(self.core.list_namespaced_config_map, "default", label_selector="w=1",
                           resource_version=rv, timeout_seconds=5):
            seen.append((ev["type"], ev["object"].metadata.name, (ev["object"].data or {}).get("k")))
            if len(seen) == 2:
                w.stop()
        self.assertEqual(seen, [("MODIFIED", "watched", "v"), ("DELETED", "watched", "v")])

    def test_delete_collection(self):
        for name in ("coll-a", "coll-b"):
            self.core.create_namespaced_config_map(
                "default", client.V1ConfigMap(metadata=client.V1ObjectMeta(name=name, labels={"coll": "yes"})))
        names = lambda: sorted(c.metadata.name for c in self.core.list_namespaced_config_map(
            "default", label_selector="coll=yes").items)
        self.core.delete_collection_namespaced_config_map("default", label_selector="coll=yes", dry_run="All")
        self.assertEqual(names(), ["coll-a", "coll-b"])
        self.core.delete_collection_namespaced_config_map("default", label_selector="coll=yes")
        self.assertEqual(names(), [])
        self.assertTrue(self.core.read_namespaced_pod("etcd-0", "default"))  # nothing else went

    def test_kubeconfig_is_private(self):
        self.assertEqual(os.stat(self.f.kubeconfig).st_mode & 0o777, 0o600)


def main():
    global SERVER, TESTDATA, MOCK
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    SERVER, TESTDATA = sys.argv[1], sys.argv[2]
    MOCK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mock")
    warnings.simplefilter("ignore", ResourceWarning)
    prog = unittest.main(argv=[sys.argv[0], "-v"], exit=False, warnings="ignore")
    r = prog.result
    bad = len(r.failures) + len(r.errors)
    print("%d passed, %d failed" % (r.testsRun - bad, bad))
    return 0 if r.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
