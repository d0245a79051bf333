#!/usr/bin/env python3
"""Writes tests/templating/sprig/corpus/AREA.jsonl from goref/cases/AREA.txt: each case's
expected output (or error) is what the Go reference (goref/helmref: text/template + Sprig
3.2.3 + Helm's functions) printed for it over goref/funcs_data.json. The unit test
(corpus_test.cc) renders every case with podinit's engine and compares byte for byte.

  gen_funcs_tests.py            regenerate every area
  gen_funcs_tests.py AREA...    only these (corpus/go_names.txt, the reference's function
                                names, is rewritten either way)
  gen_funcs_tests.py --random SEED N
                                also write corpus/random.jsonl: N templates from
                                random_templates.py's grammar (seeded, reproducible)
  gen_funcs_tests.py --relabel  only re-mark the known differences in the existing
                                corpus files (after editing known_differences.txt or
                                RANDOM_KNOWN); Go's answers are kept as they are, and Go
                                is not needed

Case files: one template per line; '#' starts a comment line; a line 'json:"..."' is a
JSON string (for templates with newlines or leading spaces). A case listed in
known_differences.txt (TEMPLATE TAB REASON) is written with its reason and skipped by the
test, so every difference from Go stays visible in one place.

Environment the cases see, in Go and in the test alike: PODINIT_TEST_ENV=from-env, TZ
below (a zone with a half-hour offset and a DST history)."""
import base64
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REF = os.environ.get("HELMREF", os.path.join(HERE, "helmref"))
DATA = os.path.join(HERE, "funcs_data.json")
CASES = os.path.join(HERE, "cases")
OUT = os.path.join(HERE, "..", "corpus")
TZ = "America/St_Johns"


def read_cases(path):
    cases = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cases.append(json.loads(line[5:]) if line.startswith("json:") else line)
    return cases


# For corpus/random.jsonl: a Go error that shows a documented difference, and its reason.
RANDOM_KNOWN = [
    ("range can't iterate over", "Go-version difference: podinit ranges over an integer as Go 1.22+ (kubectl's Go) "
     "does; the reference's Go 1.19 cannot"),
]


def read_known():
    known = {}
    path = os.path.join(HERE, "known_differences.txt")
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            text, reason = line.split("\t", 1)
            if text.startswith("json:"):
                text = json.loads(text[5:])
            known[text] = reason
    return known


def run_ref(cases):
    env = dict(os.environ, PODINIT_TEST_ENV="from-env", TZ=TZ)
    env.pop("PODINIT_TEST_UNSET_ENV", None)
    inp = "".join(json.dumps({"t": t}) + "\n" for t in cases)
    p = subprocess.run([REF, "-batch", DATA], input=inp.encode(), capture_output=True, env=env,
                       check=True)
    rows = [json.loads(l) for l in p.stdout.decode().splitlines()]
    assert len(rows) == len(cases), (len(rows), len(cases))
    return rows


def write_area(name, cases, known):
    rows = run_ref(cases)
    path = os.path.join(OUT, name + ".jsonl")
    dupes = set()
    with open(path, "w", encoding="utf-8") as f:
        for text, row in zip(cases, rows):
            if text in dupes:
                continue
            dupes.add(text)
            rec = {"t": text}
            rec.update(row)
            label(rec, name, known)
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print("wrote", os.path.relpath(path), len(dupes), "cases")


def label(rec, area, known):
    """Sets rec["known"] when the case is a documented difference."""
    rec.pop("known", None)
    text = rec["t"]
    if text in known:
        rec["known"] = known[text]
    elif area == "random":
        # Differences the random grammar keeps running into, by Go's error.
        err = rec.get("err", "")
        for pattern, reason in RANDOM_KNOWN:
            if pattern in err:
                rec["known"] = reason


def relabel(known):
    for f in sorted(os.listdir(OUT)):
        if not f.endswith(".jsonl"):
            continue
        path = os.path.join(OUT, f)
        with open(path, encoding="utf-8") as fh:
            recs = [json.loads(l) for l in fh]
        skipped = 0
        for rec in recs:
            label(rec, f[:-6], known)
            skipped += "known" in rec
        with open(path, "w", encoding="utf-8") as fh:
            for rec in recs:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        print("relabelled", os.path.relpath(path), len(recs), "cases,", skipped, "known")


def main(argv):
    os.makedirs(OUT, exist_ok=True)
    known = read_known()
    if argv[:1] == ["--relabel"]:
        relabel(known)
        return 0
    if argv[:1] == ["--random"]:
        sys.path.insert(0, HERE)
        import random_templates
        seed, n = int(argv[1]), int(argv[2])
        write_area("random", random_templates.generate(seed, n), known)
        return 0
    # Every function the reference defines beyond Go's builtins: corpus_test.cc checks that
    # podinit defines each of them too.
    names = subprocess.run([REF, "-names"], check=True, capture_output=True, text=True).stdout.split()
    with open(os.path.join(OUT, "go_names.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(sorted(names)) + "\n")
    areas = argv or sorted(f[:-4] for f in os.listdir(CASES) if f.endswith(".txt"))
    for area in areas:
        write_area(area, read_cases(os.path.join(CASES, area + ".txt")), known)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
