#!/usr/bin/env python3
"""--on-change commands get their own exit status although podinit, as the init of --watch,
reaps every zombie: one that exits 0 is logged as having succeeded, one that exits 3 as having
failed with 3, and the rendered file and COMMAND carry on either way. Also with
--log-format json: every line podinit writes is a JSON object, the supervisor's too.

    on_change_test.py PODINIT FAKEAPI SOURCE_ROOT
"""
import json, os, shutil, signal, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_checks import check, failures, read, require, start_fakeapi, stop, wait_for  # noqa: E402

podinit, fakeapi, root = sys.argv[1:4]
kubectl = require("kubectl")
work = tempfile.mkdtemp()
procs = []


def scenario(log_format, label_value):
    tmpl = os.path.join(work, "t.tmpl")
    out = os.path.join(work, f"out-{log_format}.conf")
    ran = os.path.join(work, f"ran-{log_format}")
    open(tmpl, "w").write('tier={{ index .metadata.labels "tier" | default "none" }}\n')
    good = f"sh -c 'echo good >> {ran}; exit 0'"
    bad = f"sh -c 'echo bad >> {ran}; exit 3'"
    errlog = open(os.path.join(work, f"stderr-{log_format}"), "w+")
    run = subprocess.Popen([podinit, "run", "--kubeconfig", kubeconfig, "--pod-name", "etcd-0",
                            "--watch", "-t", f"{tmpl}:{out}", "--on-change", good, "--on-change", bad,
                            "--log-format", log_format, "-v",
                            "--", "sleep", "30"], stderr=errlog, text=True)
    procs.append(run)
    check(wait_for(lambda: read(out).startswith("tier="), 10), f"{log_format}: the first render")
    time.sleep(1.0)  # the watch is established
    env = dict(os.environ, KUBECONFIG=kubeconfig)
    subprocess.run([kubectl, "label", "--overwrite", "pod", "etcd-0", f"tier={label_value}",
                    "--cache-dir", os.path.join(work, "cache")],
                   check=True, env=env, stdout=subprocess.DEVNULL)
    check(wait_for(lambda: read(out) == f"tier={label_value}\n", 5), f"{log_format}: re-rendered")
    check(wait_for(lambda: read(ran).split() == ["good", "bad"], 5),
          f"{log_format}: both --on-change commands ran ({read(ran).split()})")
    # The log line follows the command's exit; give it a moment.
    def logged():
        errlog.seek(0)
        return "exit status 3" in errlog.read()
    wait_for(logged, 5)
    run.send_signal(signal.SIGTERM)
    rc = run.wait(timeout=10)
    errlog.seek(0)
    text = errlog.read()
    return rc, text


try:
    server, kubeconfig = start_fakeapi(fakeapi, root, work, "onchange-token")
    procs.append(server)

    rc, text = scenario("human", "db")
    lines = text.splitlines()
    good_lines = [l for l in lines if "--on-change" in l and "good" in l]
    bad_lines = [l for l in lines if "--on-change" in l and "bad" in l]
    check(len(good_lines) == 1 and "succeeded" in good_lines[0] and "fail" not in good_lines[0],
          f"the command that exits 0 is logged as having succeeded: {good_lines}")
    check(len(bad_lines) == 1 and "failed" in bad_lines[0] and "exit status 3" in bad_lines[0],
          f"the command that exits 3 is logged as having failed with 3: {bad_lines}")
    check(rc == 128 + signal.SIGTERM, f"COMMAND ran on and died of the SIGTERM: podinit exited {rc}")

    rc, text = scenario("json", "web")
    lines = [l for l in text.splitlines() if l.strip()]
    not_json = []
    for l in lines:
        try:
            obj = json.loads(l)
            if not (isinstance(obj, dict) and {"time", "level", "msg"} <= obj.keys()):
                not_json.append(l)
        except ValueError:
            not_json.append(l)
    check(lines and not not_json, f"--log-format json: every one of {len(lines)} lines is a JSON log "
          f"object (not: {not_json[:3]})")
    msgs = [json.loads(l)["msg"] for l in lines if l not in not_json]
    # -v: the supervisor says what it started and what it forwarded; those lines are JSON too.
    check(any("forwarded signal" in m for m in msgs), "the supervisor's lines are among them")
    check(any("exit status 3" in m for m in msgs), "and the --on-change lines")
finally:
    stop(procs)
    shutil.rmtree(work, ignore_errors=True)

print(f"{len(failures)} failed")
sys.exit(1 if failures else 0)
