#!/usr/bin/env python3
"""Build scripts/accuracy/labels.jsonl from the two labellers' files and the corpus manifest.

    python3 scripts/accuracy/import_labels.py [--corpus DIR] [-o labels.jsonl]

The corpus (default: $ACCURACY_CORPUS, else corpus/ at the repository root) holds manifest.tsv and
labels/labeller-a.jsonl, labels/labeller-b.jsonl (one JSON object per resume, see
../shared/LABELING.md). Only the judgements are kept: the eight flags, the four fits, the
ambiguous flag ids and is_resume. Evidence quotes and notes are dropped, because they are text
from the resumes. Standard library only.
"""
import argparse
import csv
import json
import os
import re
import sys

FLAGS = [
    "specific-framework", "production-scale", "type-hints", "testing-framework",
    "generic-python", "tutorial-only", "python2-only", "no-web-framework",
]
ROLES = ["backend", "data", "ml", "devops"]
LABELLERS = {"a": "labeller-a.jsonl", "b": "labeller-b.jsonl"}
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def default_corpus():
    return os.environ.get("ACCURACY_CORPUS") or os.path.join(ROOT, "corpus")


def read_manifest(path):
    with open(path, newline="", encoding="utf-8") as f:
        return {r["id"]: r for r in csv.DictReader(f, delimiter="\t")}


def judgement(rec, where):
    """The labeller's judgement without any text: flags, fits, ambiguous ids, is_resume."""
    flags = rec["flags"]
    fit = rec["fit"]
    missing = [k for k in FLAGS if k not in flags] + [r for r in ROLES if r not in fit]
    if missing:
        sys.exit(f"{where}: {rec.get('id')}: missing {', '.join(missing)}")
    for r in ROLES:
        if fit[r] not in (0, 1, 2, 3):
            sys.exit(f"{where}: {rec['id']}: fit {r} = {fit[r]!r}, want 0 to 3")
    amb = sorted(set(rec.get("ambiguous") or []))
    unknown = [a for a in amb if a not in FLAGS]
    if unknown:
        sys.exit(f"{where}: {rec['id']}: unknown ambiguous id {', '.join(unknown)}")
    return {
        "is_resume": bool(rec.get("is_resume", True)),
        "flags": {k: bool(flags[k]) for k in FLAGS},
        "fit": {r: int(fit[r]) for r in ROLES},
        "ambiguous": amb,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=default_corpus())
    ap.add_argument("-o", "--output", default=os.path.join(HERE, "labels.jsonl"))
    args = ap.parse_args()

    manifest = read_manifest(os.path.join(args.corpus, "manifest.tsv"))
    labels = {}
    for who, name in LABELLERS.items():
        path = os.path.join(args.corpus, "labels", name)
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                rec = json.loads(line)
                if rec["id"] not in manifest:
                    sys.exit(f"{path}:{n}: {rec['id']} is not in the manifest")
                labels.setdefault(rec["id"], {})[who] = judgement(rec, f"{path}:{n}")

    out = []
    for i in sorted(manifest):
        m = manifest[i]
        got = labels.get(i, {})
        if set(got) != set(LABELLERS):
            sys.exit(f"{i}: labelled by {sorted(got) or 'nobody'}, want both labellers")
        item = {
            "id": i,
            "repo": m["repo"],
            "path": m["path"],
            "commit": m["commit"],
            "sha256": m["sha256"],
            "format": m["format"],
            "bytes": int(m["bytes"]),
            "mentions_python": m["mentions_python"] == "yes",
        }
        if m["format"] == "csvrow":
            # The sha256 of a CSV item is that of its Resume cell, read from this 1-based data row.
            row = re.search(r"csv row (\d+)", m["source_note"])
            if not row:
                sys.exit(f"{i}: csvrow item without 'csv row N' in its source note")
            item["csv_row"] = int(row.group(1))
            item["csv_column"] = "Resume"
        item["labels"] = {who: got[who] for who in sorted(LABELLERS)}
        out.append(item)

    with open(args.output, "w", encoding="utf-8", newline="\n") as f:
        for item in out:
            f.write(json.dumps(item, ensure_ascii=False, sort_keys=False) + "\n")
    print(f"{len(out)} items written to {os.path.relpath(args.output)}", file=sys.stderr)


if __name__ == "__main__":
    main()
