#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The documentation renders as written.

Every .rst under Documentation/ goes through docutils (the kernel's
"kernel-doc" directive, a Sphinx extension, stands for nothing here) and
must raise no warning or error, and no table of it may have an empty cell:
in a simple table a continuation line whose first column is not blank
starts a new row with an empty second column, and docutils says nothing.
Every man page under tools/man/ must pass groff's and man's warnings
(groff -man -ww, man --warnings), render its SYNOPSIS within 80 columns
(MANWIDTH=80), and give
lexgrog its NAME line.

Usage: doc-check.py [TOP]. Prints one "PASS|FAIL doc:FILE[: why]" per file;
exits 1 on any failure.
"""
import glob
import os
import subprocess
import sys

import docutils.core
import docutils.nodes
from docutils.parsers.rst import Directive, directives


class KernelDoc(Directive):
    """Stands for the kernel's kernel-doc directive: renders nothing."""
    required_arguments = 1
    optional_arguments = 0
    final_argument_whitespace = True
    option_spec = {"export": directives.unchanged, "internal": directives.unchanged,
                   "identifiers": directives.unchanged, "functions": directives.unchanged,
                   "doc": directives.unchanged}
    has_content = False

    def run(self):
        return []


directives.register_directive("kernel-doc", KernelDoc)


def check_rst(path):
    """Problems of one reStructuredText file, as strings."""
    problems = []
    with open(path, encoding="utf-8") as f:
        text = f.read()
    doctree = docutils.core.publish_doctree(
        text, source_path=path,
        settings_overrides={"report_level": 5, "halt_level": 5, "warning_stream": False})
    for msg in doctree.findall(docutils.nodes.system_message):
        if msg["level"] >= 2:
            problems.append("line %s: %s" % (msg.get("line"), msg.astext().splitlines()[0]))
    for row in doctree.findall(docutils.nodes.row):
        cells = [e for e in row.children if isinstance(e, docutils.nodes.entry)]
        if any(not c.astext().strip() for c in cells):
            where = row.line or (row.parent.line if row.parent else None)
            problems.append("table row with an empty cell: %r (line %s)" %
                            (" | ".join(c.astext().strip() for c in cells), where))
    return problems


def check_man(path):
    """Problems of one man page, as strings."""
    problems = []
    env = dict(os.environ, MANWIDTH="80", LC_ALL="C.UTF-8")
    r = subprocess.run(["groff", "-man", "-ww", "-z", path], capture_output=True, text=True,
                       env=env, check=False)
    if r.returncode or r.stderr.strip():
        problems.append("groff: " + (r.stderr.strip().splitlines() or ["rc %d" % r.returncode])[0])
    r = subprocess.run(["man", "--warnings", "-l", path], capture_output=True, text=True,
                       env=env, check=False)
    if r.returncode or r.stderr.strip():
        problems.append("man: " + (r.stderr.strip().splitlines() or ["rc %d" % r.returncode])[0])
    # The SYNOPSIS within 80 columns (example output elsewhere may be wider).
    section = None
    for n, line in enumerate(r.stdout.splitlines(), 1):
        if line[:1].isalpha():
            section = line.strip()
        elif section == "SYNOPSIS" and len(line) > 80:
            problems.append("SYNOPSIS line %d is %d columns: %s" % (n, len(line), line.strip()))
    r = subprocess.run(["lexgrog", path], capture_output=True, text=True, env=env, check=False)
    if r.returncode:
        problems.append("lexgrog: " + (r.stdout + r.stderr).strip())
    return problems


def main():
    top = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
    top = os.path.abspath(top)
    os.chdir(top)
    failed = False
    files = sorted(glob.glob("Documentation/**/*.rst", recursive=True))
    mans = sorted(glob.glob("tools/man/*.[1-8]"))
    for path in files + mans:
        problems = check_rst(path) if path.endswith(".rst") else check_man(path)
        if problems:
            failed = True
            print("FAIL doc:%s: %s" % (path, problems[0]))
            for p in problems[1:]:
                print("DETAIL doc:%s: %s" % (path, p))
        else:
            print("PASS doc:%s" % path)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
