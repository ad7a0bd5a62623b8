#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Judge one ntsection guest run.

Splits the guest's test log into one TAP/KTAP document per program (the
"ntsection-guest:" markers written by guest-init.sh), has the kernel's own
KTAP parser (tools/testing/kunit/kunit.py parse) read each, and checks the
kernel console for splats. Appends one line per verdict to RESULTS:
"PASS <kernel> <item>" or "FAIL <kernel> <item>: <why>" (SKIP likewise),
and after a failing kselftest case the lines it printed for that case,
"DETAIL <kernel> <item>: <line>".

Usage: judge.py KERNEL-NAME GUEST-OUTDIR KERNEL-SOURCE RESULTS
"""
import json
import os
import re
import subprocess
import sys

SPLATS = [
    'BUG:', 'WARNING:', 'KASAN', 'possible circular locking',
    'possible recursive locking', 'kmemleak', 'Oops', 'general protection',
    'Call Trace', 'Kernel panic', 'UBSAN', 'INFO: task', 'soft lockup',
    'hard LOCKUP', 'list_add corruption', 'list_del corruption',
]
# Console lines that contain a pattern but are not a splat.
BENIGN = [
    re.compile(r'kmemleak: Kernel memory leak detector initialized'),
    re.compile(r'kmemleak: Automatic memory scanning thread'),
    re.compile(r'KASAN: vmalloc-based|KernelAddressSanitizer initialized|kasan: KernelAddressSanitizer'),
    re.compile(r'Mount-cache hash table|BUG: not reached'),
]
PLAN = re.compile(r'^\s*1\.\.(\d+)')
MARK = re.compile(r'^ntsection-guest: (.*)$')
# What a failing kselftest printed, kept with its verdict (DETAIL lines).
DETAIL_LINES = 60


def diagnostics(lines, case, limit=DETAIL_LINES):
    """The "# " lines a kselftest printed for @case between RUN and not ok."""
    out, inside = [], False
    for line in lines:
        if re.match(r'^#\s+RUN\s+\S*\b' + re.escape(case) + r' \.\.\.', line):
            inside, out = True, []
        elif inside and re.match(r'^(not )?ok \d+ ', line):
            break
        elif inside and line.startswith('# ') and not re.match(r'^#\s{2,}(FAIL|OK)\s', line):
            out.append(line[2:].strip())
    if len(out) > limit:
        out = out[:limit - 1] + [f'... {len(out) - limit + 1} more line(s) in tests.log']
    return out


def main():
    kernel, outdir, ksrc, results_path = sys.argv[1:5]
    verdicts = []

    def verdict(status, item, why=''):
        verdicts.append(f'{status} {kernel} {item}' + (f': {why}' if why else ''))

    tests_log = os.path.join(outdir, 'tests.log')
    console_log = os.path.join(outdir, 'console.log')
    lines = []
    if os.path.exists(tests_log):
        with open(tests_log, errors='replace') as f:
            lines = [line.rstrip('\r\n') for line in f]

    marks = [m.group(1) for m in (MARK.match(x) for x in lines) if m]
    finished = 'done' in marks and not os.path.exists(os.path.join(outdir, 'timed-out'))
    verdict('PASS' if finished else 'FAIL', 'guest-finished',
            '' if finished else 'the guest did not finish (crash, hang or time limit)')
    if any(m.startswith('insmod ') for m in marks):
        ok = 'insmod ok' in marks
        verdict('PASS' if ok else 'FAIL', 'insmod', '' if ok else 'insmod ntsection.ko failed')
    for m in marks:
        if m.startswith('insmod ') and m.endswith(' failed') and m != 'insmod failed':
            verdict('FAIL', 'insmod-' + m.split()[1], m)
        if m.startswith('rmmod ') and m.endswith(' failed') and m != 'rmmod failed':
            verdict('FAIL', 'rmmod-' + m.split()[1], m)

    # One document per "begin NAME" ... "end NAME rc=N".
    segments = []
    cur = None
    for line in lines:
        m = MARK.match(line)
        if m and m.group(1).startswith('begin '):
            cur = {'name': m.group(1)[6:], 'lines': [], 'rc': None}
            segments.append(cur)
        elif m and m.group(1).startswith('end ') and cur is not None:
            rc = re.search(r'rc=(\d+)', m.group(1))
            cur['rc'] = int(rc.group(1)) if rc else 0
            cur = None
        elif cur is not None:
            cur['lines'].append(line)

    kunit = os.path.join(ksrc, 'tools', 'testing', 'kunit', 'kunit.py')
    for seg in segments:
        name = seg['name']
        if name == 'kmemleak':
            leaks = [x for x in seg['lines'] if x.strip()]
            verdict('PASS' if not leaks else 'FAIL', 'kmemleak',
                    '' if not leaks else f'{sum("unreferenced object" in x for x in leaks)} leak(s) reported')
            continue
        if name == 'stats':
            live = [x for x in seg['lines'] if x.split()[-1:] != ['0']]
            verdict('PASS' if seg['lines'] and not live else 'FAIL', 'objects-released',
                    '' if seg['lines'] and not live else 'still alive: ' + ', '.join(live or ['no stats']))
            continue
        if seg['rc'] is None:
            verdict('FAIL', name, 'did not finish')
        if not any(PLAN.match(x) for x in seg['lines']):
            verdict('FAIL', name, 'no TAP plan')
        if seg['rc'] not in (None, 0, 4):
            verdict('FAIL', name, f'exit status {seg["rc"]}')
        jpath = os.path.join(outdir, re.sub(r'[^A-Za-z0-9_.-]', '_', name) + '.json')
        parse = subprocess.run([sys.executable, kunit, 'parse', f'--json={jpath}'],
                               input='\n'.join(seg['lines']) + '\n', text=True,
                               capture_output=True)
        with open(jpath + '.parse.log', 'w') as f:
            f.write(parse.stdout + parse.stderr)
        try:
            with open(jpath) as f:
                tree = json.load(f)
        except (OSError, ValueError):
            verdict('FAIL', name, 'kunit.py could not parse the output')
            continue
        cases = []

        def walk(group, prefix):
            for case in group.get('test_cases', []):
                cases.append((prefix + case['name'], case['status']))
            for sub in group.get('sub_groups', []):
                walk(sub, prefix + sub.get('name', '') + '.')

        walk(tree, '')
        if not cases:
            verdict('FAIL', name, 'ran no test')
        for case, status in cases:
            item = f'{name}:{case}'
            if status == 'PASS':
                verdict('PASS', item)
            elif status == 'SKIP':
                verdict('SKIP', item)
            else:
                verdict('FAIL', item, status)
                for why in diagnostics(seg['lines'], case.split('.')[-1]):
                    verdicts.append(f'DETAIL {kernel} {item}: {why}')

    for m in marks:
        if m == 'rmmod failed':
            verdict('FAIL', 'rmmod', 'rmmod ntsection failed')
        elif m == 'rmmod ok':
            verdict('PASS', 'rmmod')

    splats = []
    if os.path.exists(console_log):
        injecting = False
        with open(console_log, errors='replace') as f:
            for line in f:
                # Injected allocation failures print a stack (warn_alloc):
                # expected inside the fault-injection test, nothing else is.
                if 'ntsection-fault-injection: begin' in line:
                    injecting = True
                elif 'ntsection-fault-injection: end' in line:
                    injecting = False
                found = [p for p in SPLATS if p in line]
                if injecting and found == ['Call Trace']:
                    continue
                if found and not any(b.search(line) for b in BENIGN):
                    splats.append(line.strip())
    else:
        splats.append('no console log')
    verdict('PASS' if not splats else 'FAIL', 'console-clean',
            '' if not splats else f'{len(splats)} line(s), first: {splats[0]}')

    with open(results_path, 'a') as f:
        for v in verdicts:
            f.write(v + '\n')
    for v in verdicts:
        if not v.startswith('PASS'):
            print(v)
    return 0


if __name__ == '__main__':
    sys.exit(main())
