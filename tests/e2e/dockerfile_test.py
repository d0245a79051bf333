#!/usr/bin/env python3
"""No Docker engine runs here, so the Dockerfile is checked for what matters: its build stage
runs the very scripts the README's commands run, and its final stage is FROM scratch with
/podinit as ENTRYPOINT."""
import json
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
text = (root / "Dockerfile").read_text()
# Join continuation lines, then split into stages.
lines = re.sub(r"\\\n", " ", text).splitlines()
stages, current = [], None
for line in lines:
    line = line.strip()
    if not line or line.startswith("#"):
        continue
    word, _, rest = line.partition(" ")
    if word.upper() == "FROM":
        current = {"from": rest.split()[0], "run": [], "entrypoint": None}
        stages.append(current)
    elif word.upper() == "RUN":
        current["run"].append(rest)
    elif word.upper() == "ENTRYPOINT":
        current["entrypoint"] = json.loads(rest)

errors = []
if len(stages) < 2:
    errors.append("Dockerfile is not multi-stage")
else:
    build, final = stages[0], stages[-1]
    if build["from"] != "debian:bookworm":
        errors.append(f"build stage is FROM {build['from']}, want debian:bookworm")
    run = " && ".join(build["run"])
    for script in ("scripts/setup.sh", "scripts/build.sh"):
        if script not in run:
            errors.append(f"build stage does not run {script}")
        if not (root / script).exists():
            errors.append(f"{script} does not exist")
    if final["from"] != "scratch":
        errors.append(f"final stage is FROM {final['from']}, want scratch")
    if not final["entrypoint"] or final["entrypoint"][0] != "/podinit":
        errors.append(f"ENTRYPOINT is {final['entrypoint']}, want [\"/podinit\", ...]")

# The README's two commands set up as the Dockerfile's build stage does (scripts/setup.sh);
# the second, which runs every test, builds as it does too (scripts/build.sh, the static
# podinit). The first, the demo, builds only what it runs: podinit and the fake API server
# in build/. Comment lines do not count.
readme = (root / "README.md").read_text()
commands = re.findall(r"```(?:sh|bash)?\n(.*?)```", readme, re.S)
needs = [(r"bash scripts/setup\.sh", r"meson compile -C build entrypoint/podinit fakeapi/podinit-fake-apiserver"),
         (r"bash scripts/setup\.sh", r"bash scripts/build\.sh")]
if len(commands) < 2:
    errors.append("README does not open with two command blocks")
else:
    for block, needed_all in zip(commands[:2], needs):
        script = re.search(r"(scripts/\w+\.sh)", block)
        if not script:
            errors.append(f"README command does not run a script: {block.strip()}")
            continue
        body = "\n".join(line for line in (root / script.group(1)).read_text().splitlines()
                         if not line.lstrip().startswith("#"))
        for needed in needed_all:
            if not re.search(needed, body):
                errors.append(f"{script.group(1)} (a README command) does not run {needed.replace(chr(92), '')}")

for e in errors:
    print("FAIL:", e)
print("Dockerfile and README agree" if not errors else f"{len(errors)} problem(s)")
sys.exit(1 if errors else 0)
