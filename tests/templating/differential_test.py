#!/usr/bin/env python3
"""Differential test: our text/template engine against kubectl's (Go's) on a corpus.

usage: differential_test.py RENDER_DRIVER CORPUS_DIR [-v] [-k SUBSTRING] [--shard I/N]

Every CORPUS_DIR/POD--NAME.tmpl is rendered over CORPUS_DIR/pods/POD.json twice, with
missingkey=default and with missingkey=error (kubectl's --allow-missing-template-keys=false),
by `kubectl patch --local -f POD.json --type merge -p '{}' -o go-template-file=T` and by
RENDER_DRIVER. Outputs must be equal byte for byte; when kubectl fails, ours must fail with
the same Go error text (kubectl's "error: error executing template ...: " prefix removed).
Cases listed in CORPUS_DIR/known_differences.txt are reported but do not fail the run.
Exits 77 (skipped) when kubectl is not installed. --shard I/N takes every Nth template from
the Ith, so that meson runs the corpus as N tests in parallel, each well inside the time an
end-to-end test may take under the sanitizers.
"""
import concurrent.futures
import os
import shutil
import re
import subprocess
import sys

TIMEOUT = 60
WORKERS = 4


def go_quote(s):
    """strconv.Quote, which kubectl uses (%q) to print the template text in its error."""
    out = ['"']
    esc = {'\a': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t',
           '\v': '\\v', '"': '\\"', '\\': '\\\\'}
    for ch in s:
        if ch in esc:
            out.append(esc[ch])
        elif ch.isprintable() or ch == ' ':
            out.append(ch)
        elif ord(ch) < 0x80:
            out.append('\\x%02x' % ord(ch))
        elif ord(ch) < 0x10000:
            out.append('\\u%04x' % ord(ch))
        else:
            out.append('\\U%08x' % ord(ch))
    out.append('"')
    return ''.join(out)


def go_error(stderr, text):
    """The Go error inside kubectl's message."""
    s = stderr.rstrip('\n')
    for prefix in ('error: error executing template %s: ' % go_quote(text),
                   'error: error parsing template %s, ' % text):
        if s.startswith(prefix):
            return s[len(prefix):]
    return s


def run(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return 124, b'', b'timed out'
    return p.returncode, p.stdout, p.stderr


def check(kubectl, driver, corpus, tmpl, mk):
    pod = tmpl.split('--', 1)[0]
    pod_file = os.path.join(corpus, 'pods', pod + '.json')
    tmpl_file = os.path.join(corpus, tmpl)
    with open(tmpl_file, encoding='utf-8', errors='surrogateescape') as f:
        text = f.read()
    kcmd = [kubectl, 'patch', '--local', '-f', pod_file, '--type', 'merge', '-p', '{}',
            '-o', 'go-template-file=' + tmpl_file]
    if mk == 'error':
        kcmd.append('--allow-missing-template-keys=false')
    krc, kout, kerr = run(kcmd)
    if os.path.basename(driver) == 'podinit':
        # The product itself: `podinit render --pod-file POD -t T.tmpl`. It names a template
        # by its file (kubectl says "output") and prefixes its log line.
        drc, dout, derr = run([driver, 'render', '--pod-file', pod_file, '-t', tmpl_file,
                               '--missingkey', mk])
        derr = derr.replace(b'podinit: error: ', b'', 1)
        derr = derr.replace(('template: %s:' % tmpl_file).encode(), b'template: output:')
        derr = derr.replace(('executing "%s"' % tmpl_file).encode(), b'executing "output"')
    else:
        drc, dout, derr = run([driver, '--missingkey=' + mk, tmpl_file, pod_file])
    case = '%s@%s' % (tmpl, mk)
    if krc == 0:
        if drc != 0:
            return case, False, 'kubectl rendered, we failed: %s\n  go:   %r' % (
                derr.decode(errors='replace').strip(), kout.decode(errors='replace'))
        if kout != dout:
            return case, False, 'outputs differ\n  go:   %r\n  ours: %r' % (
                kout.decode(errors='replace'), dout.decode(errors='replace'))
        return case, True, ''
    gerr = go_error(kerr.decode(errors='replace'), text)
    if os.path.basename(driver) == 'podinit':
        # podinit logs one line per error (newlines become spaces), and it has functions
        # kubectl lacks (Sprig's, Kubernetes'), so "not defined" there may render here.
        gerr = gerr.replace('\n', ' ')
        undefined = re.match(r'template: output:\d+: function "(\w+)" not defined$', gerr)
        if undefined and drc == 0:
            return case, True, ''
    if drc == 0:
        return case, False, 'kubectl failed, we rendered\n  go:   %s\n  ours: %r' % (
            gerr, dout.decode(errors='replace'))
    ours = derr.decode(errors='replace').rstrip('\n')
    if ours != gerr:
        return case, False, 'errors differ\n  go:   %s\n  ours: %s' % (gerr, ours)
    return case, True, ''


def main(argv):
    args = [a for a in argv[1:] if not a.startswith('-')]
    verbose = '-v' in argv
    only = None
    if '-k' in argv:
        only = argv[argv.index('-k') + 1]
        args.remove(only)
    shard, shards = 0, 1
    if '--shard' in argv:
        spec = argv[argv.index('--shard') + 1]
        args.remove(spec)
        shard, shards = (int(x) for x in spec.split('/'))
    if len(args) != 2:
        print(__doc__)
        return 2
    driver, corpus = args
    kubectl = shutil.which('kubectl')
    if kubectl is None:
        print('kubectl not found: skipping')
        return 77
    known = set()
    kpath = os.path.join(corpus, 'known_differences.txt')
    if os.path.exists(kpath):
        with open(kpath) as f:
            known = {l.split('#', 1)[0].strip() for l in f} - {''}
    templates = sorted(t for t in os.listdir(corpus) if t.endswith('.tmpl'))
    if only:
        templates = [t for t in templates if only in t]
    templates = templates[shard::shards]
    jobs = [(t, mk) for t in templates for mk in ('default', 'error')]
    passed = failed = xfail = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = list(pool.map(lambda j: check(kubectl, driver, corpus, *j), jobs))
    for case, ok, why in results:
        if ok:
            passed += 1
            if case in known:
                print('XPASS %s (listed in known_differences.txt)' % case)
            elif verbose:
                print('ok    %s' % case)
        elif case in known:
            xfail += 1
            print('XFAIL %s: %s' % (case, why))
        else:
            failed += 1
            print('FAIL  %s: %s' % (case, why))
    print('differential: %d templates, %d cases, %d known differences' % (
        len(templates), len(jobs), xfail))
    print('differential: %d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
