#!/usr/bin/env python3
"""Prints meson's test count as one closing line: 'N passed, N failed[, N skipped]', over every
testlog.json given."""
import json
import sys

counts = {"OK": 0, "FAIL": 0, "SKIP": 0, "TIMEOUT": 0, "EXPECTEDFAIL": 0, "UNEXPECTEDPASS": 0, "ERROR": 0}
for path in sys.argv[1:]:
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line:
                result = json.loads(line).get("result", "ERROR")
                counts[result] = counts.get(result, 0) + 1
passed = counts["OK"] + counts["EXPECTEDFAIL"]
failed = counts["FAIL"] + counts["TIMEOUT"] + counts["UNEXPECTEDPASS"] + counts["ERROR"]
line = f"{passed} passed, {failed} failed"
if counts["SKIP"]:
    line += f", {counts['SKIP']} skipped"
print(line)
