#!/usr/bin/env python3
"""The official Python client (Debian's python3-kubernetes) against podinit-fake-apiserver.

Usage: python_client_test.py FAKE_APISERVER TESTDATA_DIR
Exits 77 (skipped) when the kubernetes module is not installed.
"""
import os
import subprocess
import sys
import tempfile
import time
import unittest
import warnings

try:
    import kubernetes
    from kubernetes import client, config, watch
    from kubernetes.client.rest import ApiException
except ImportError:
    print("SKIP: python3-kubernetes not installed")
    sys.exit(77)

SERVER = None
TESTDATA = None


class FakeServer:
    def __init__(self, *extra):
        self.dir = tempfile.TemporaryDirectory()
        self.kubeconfig = os.path.join(self.dir.name, "kubeconfig")
        self.log = os.path.join(self.dir.name, "requests.log")
        self.proc = subprocess.Popen(
            [SERVER, "--listen", "127.0.0.1:0", "--objects", TESTDATA, "--token", "py-token",
             "--kubeconfig-out", self.kubeconfig, "--request-log", self.log, *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line.startswith("listening on https://127.0.0.1:"):
            self.proc.kill()
            raise RuntimeError("server did not start: %r %s" % (line, self.proc.stderr.read()))
        self.url = line.split()[-1]
        api_client = config.new_client_from_config(config_file=self.kubeconfig)
        self.core = client.CoreV1Api(api_client)
        self.apps = client.AppsV1Api(api_client)

    def requests(self):
        with open(self.log) as f:
            return f.read().splitlines()

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


class PythonClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # A short history, so that resourceVersion 1 has already fallen out of it.
        cls.server = FakeServer("--history", "5", "--forbid", "secrets")

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def test_load_kube_config_reads_pod(self):
        config.load_kube_config(config_file=self.server.kubeconfig)
        pod = client.CoreV1Api().read_namespaced_pod("etcd-0", "default")
        self.assertEqual(pod.metadata.name, "etcd-0")
        self.assertEqual(pod.status.pod_ip, "10.244.0.5")
        self.assertEqual([ip.ip for ip in pod.status.pod_i_ps], ["10.244.0.5", "fd00:10:244:0::5"])
        self.assertEqual(pod.metadata.owner_references[0].kind, "StatefulSet")
        self.assertTrue(pod.metadata.resource_version)

    def test_statefulset_and_node(self):
        sts = self.server.apps.read_namespaced_stateful_set("etcd", "default")
        self.assertEqual(sts.spec.replicas, 3)
        self.assertEqual(sts.spec.service_name, "etcd")
        node = self.server.core.read_node("node-c")
        self.assertEqual(node.metadata.labels["topology.kubernetes.io/zone"], "zone-c")

    def test_list_with_selectors(self):
        pods = self.server.core.list_namespaced_pod("default", label_selector="app=etcd")
        self.assertEqual(sorted(p.metadata.name for p in pods.items), ["etcd-0", "etcd-1", "etcd-2"])
        self.assertTrue(pods.metadata.resource_version)
        pods = self.server.core.list_namespaced_pod(
            "default", label_selector="app in (etcd,web),apps.kubernetes.io/pod-index!=0")
        self.assertEqual(sorted(p.metadata.name for p in pods.items), ["etcd-1", "etcd-2", "web-1"])
        pods = self.server.core.list_pod_for_all_namespaces(field_selector="spec.nodeName=node-a")
        self.assertEqual(sorted(p.metadata.name for p in pods.items), ["etcd-0", "web-1"])

    def test_paging(self):
        first = self.server.core.list_namespaced_pod("default", limit=2)
        self.assertEqual(len(first.items), 2)
        self.assertTrue(first.metadata._continue)
        rest = self.server.core.list_namespaced_pod("default", limit=2, _continue=first.metadata._continue)
        names = [p.metadata.name for p in first.items + rest.items]
        self.assertEqual(names, sorted(set(names)))
        self.assertEqual(len(names), 4)

    def test_not_found_and_forbidden(self):
        with self.assertRaises(ApiException) as cm:
            self.server.core.read_namespaced_pod("nope", "default")
        self.assertEqual(cm.exception.status, 404)
        self.assertIn('pods \\"nope\\" not found', cm.exception.body)
        with self.assertRaises(ApiException) as cm:
            self.server.core.read_namespaced_secret("etcd-auth", "default")
        self.assertEqual(cm.exception.status, 403)
        self.assertIn("cannot get resource \\\"secrets\\\"", cm.exception.body)

    def test_watch_with_timeout_sees_patch(self):
        events = []
        w = watch.Watch()
        start = time.monotonic()
        for ev in w.stream(self.server.core.list_namespaced_pod, "default",
                           label_selector="app=etcd", timeout_seconds=3,
                           allow_watch_bookmarks=True):
            events.append((ev["type"], ev["object"].metadata.name,
                           (ev["object"].metadata.labels or {}).get("py")))
            if len(events) == 3:
                # All three pods listed: the watch is live, change one of them now.
                self.server.core.patch_namespaced_pod(
                    "etcd-1", "default", {"metadata": {"labels": {"py": "yes"}}})
            if ev["type"] == "MODIFIED":
                w.stop()
        self.assertLess(time.monotonic() - start, 10)
        self.assertEqual(sorted(events[:3]), [("ADDED", "etcd-0", None), ("ADDED", "etcd-1", None),
                                              ("ADDED", "etcd-2", None)])
        self.assertEqual(events[3:], [("MODIFIED", "etcd-1", "yes")])
        watch_lines = [r for r in self.server.requests() if "watch=True" in r]
        self.assertTrue(any("timeoutSeconds=3" in r for r in watch_lines), watch_lines)

    def test_watch_ends_at_timeout(self):
        start = time.monotonic()
        n = 0
        for _ in watch.Watch().stream(self.server.core.list_node, timeout_seconds=1):
            n += 1
            self.assertLess(n, 100)
        self.assertEqual(n, 3)
        self.assertLess(time.monotonic() - start, 5)

    def test_watch_from_expired_version(self):
        with self.assertRaises(ApiException) as cm:
            for _ in watch.Watch().stream(self.server.core.list_namespaced_pod, "default",
                                          resource_version="1", timeout_seconds=2):
                pass
        self.assertEqual(cm.exception.status, 410)


def main():
    global SERVER, TESTDATA
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    SERVER, TESTDATA = sys.argv[1], sys.argv[2]
    # The client leaves pooled connections for the garbage collector; not our concern here.
    warnings.simplefilter("ignore", ResourceWarning)
    prog = unittest.main(argv=[sys.argv[0], "-v"], exit=False, warnings="ignore")
    return 0 if prog.result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
