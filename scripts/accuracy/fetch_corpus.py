#!/usr/bin/env python3
"""Recreate (or check) the accuracy corpus from scripts/accuracy/labels.jsonl.

    python3 scripts/accuracy/fetch_corpus.py [--corpus DIR] [--mirror DIR] [--check]

Every item of labels.jsonl names a public GitHub repository, a commit, a path and the sha256 of
the original bytes (for a row of a CSV data set: of its Resume cell as UTF-8, line ends
normalized to \n). This script puts

    DIR/files/<ID>.<ext>   the original PDF, DOCX or text file
    DIR/text/<ID>.txt      the extracted text (pdftotext, default mode; python-docx paragraphs,
                           then table rows with cells joined by tabs; a CSV row is its Resume cell)

into DIR (default: $ACCURACY_CORPUS, else corpus/ at the repository root, which is git-ignored),
and checks each file's sha256. Files already present with the right sha256 are kept.

Sources: with --mirror DIR, local git mirrors named DIR/<owner>+<name> (bare, or with a .git or a
repo/ inside) are read with `git show <commit>:<path>`; otherwise the file is downloaded from
https://raw.githubusercontent.com/<owner>/<name>/<commit>/<path>.

--check reads nothing from the network: it verifies the sha256 of every file already in DIR and
exits 1 if any is missing or different.

Needs: Python 3; pdftotext (poppler-utils) and python-docx for the text of PDFs and DOCX files.
The resumes hold real people's data: keep the folder out of the repository.
"""
import argparse
import csv
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def default_corpus():
    return os.environ.get("ACCURACY_CORPUS") or os.path.join(ROOT, "corpus")


def load_items(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def original_path(corpus, item):
    """Where the file resume-screen reads lives: the original, or the text of a CSV row."""
    if item["format"] == "csvrow":
        return os.path.join(corpus, "text", item["id"] + ".txt")
    return os.path.join(corpus, "files", f"{item['id']}.{item['format']}")


def checked_bytes(corpus, item):
    """The bytes the item's sha256 is of (None when the file is missing)."""
    p = original_path(corpus, item)
    if not os.path.exists(p):
        return None
    with open(p, "rb") as f:
        return f.read()


def mirror_gitdir(mirror, repo):
    base = os.path.join(mirror, repo.replace("/", "+"))
    for d in (os.path.join(base, "repo", ".git"), os.path.join(base, "repo"),
              os.path.join(base, ".git"), base):
        if os.path.exists(os.path.join(d, "HEAD")):
            return d
    return None


_cache = {}


def get_blob(repo, commit, path, mirror):
    key = (repo, commit, path)
    if key in _cache:
        return _cache[key]
    data = None
    if mirror:
        d = mirror_gitdir(mirror, repo)
        if d:
            r = subprocess.run(["git", "-C", d, "show", f"{commit}:{path}"], capture_output=True)
            if r.returncode == 0:
                data = r.stdout
    if data is None:
        url = "https://raw.githubusercontent.com/{}/{}/{}".format(
            repo, commit, urllib.parse.quote(path))
        with urllib.request.urlopen(url, timeout=120) as resp:
            data = resp.read()
    _cache[key] = data
    return data


def csv_cell(data, row, column):
    csv.field_size_limit(1 << 30)
    reader = csv.DictReader(io.StringIO(data.decode("utf-8", "replace"), newline=""))
    for n, rec in enumerate(reader, 1):
        if n == row:
            # The cell's line ends are normalized to \n (CR LF and lone CR), as text mode reads them.
            return rec[column].replace("\r\n", "\n").replace("\r", "\n")
    raise ValueError(f"the CSV has fewer than {row} data rows")


def extract(data, fmt):
    if fmt == "pdf":
        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(data)
            f.flush()
            r = subprocess.run(["pdftotext", f.name, "-"], capture_output=True, timeout=60)
            return r.stdout.decode("utf-8", "replace")
    if fmt == "docx":
        import docx  # python-docx

        d = docx.Document(io.BytesIO(data))
        out = [p.text for p in d.paragraphs]
        for t in d.tables:
            for row in t.rows:
                cells = []
                for c in row.cells:
                    if c.text not in cells:
                        cells.append(c.text)
                out.append("\t".join(cells))
        return "\n".join(out)
    if fmt in ("txt", "csvrow"):
        return data.decode("utf-8", "replace")
    raise ValueError(f"unknown format {fmt}")


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".part"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def fetch_one(corpus, item, mirror):
    have = checked_bytes(corpus, item)
    text_path = os.path.join(corpus, "text", item["id"] + ".txt")
    if have is not None and sha256(have) == item["sha256"] and os.path.exists(text_path):
        return "kept"
    blob = get_blob(item["repo"], item["commit"], item["path"], mirror)
    if item["format"] == "csvrow":
        data = csv_cell(blob, item["csv_row"], item.get("csv_column", "Resume")).encode("utf-8")
    else:
        data = blob
    if sha256(data) != item["sha256"]:
        raise ValueError("sha256 differs from labels.jsonl")
    if item["format"] != "csvrow":
        write(original_path(corpus, item), data)
    write(text_path, extract(data, item["format"]).encode("utf-8"))
    return "fetched"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=default_corpus(), help="target folder (default: %(default)s)")
    ap.add_argument("--labels", default=os.path.join(HERE, "labels.jsonl"))
    ap.add_argument("--mirror", help="folder of local git mirrors, <owner>+<name>")
    ap.add_argument("--check", action="store_true", help="only verify the files already there")
    args = ap.parse_args()

    items = load_items(args.labels)
    bad = []
    counts = {}
    for item in items:
        if args.check:
            data = checked_bytes(args.corpus, item)
            if data is None:
                state = "missing"
            elif sha256(data) != item["sha256"]:
                state = "sha256 differs"
            elif not os.path.exists(os.path.join(args.corpus, "text", item["id"] + ".txt")):
                state = "text missing"
            else:
                state = "ok"
        else:
            try:
                state = fetch_one(args.corpus, item, args.mirror)
            except Exception as e:  # noqa: BLE001 - report every item, then fail
                state = f"failed: {e}"
        counts[state.split(":")[0]] = counts.get(state.split(":")[0], 0) + 1
        if state not in ("ok", "kept", "fetched"):
            bad.append((item["id"], state))
    for i, state in bad:
        print(f"{i}: {state}", file=sys.stderr)
    summary = ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))
    print(f"{len(items)} items in {args.corpus}: {summary}", file=sys.stderr)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
