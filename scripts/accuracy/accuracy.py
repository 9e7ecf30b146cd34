#!/usr/bin/env python3
"""Accuracy of resume-screen against two labellers, on a corpus of real resumes.

    python3 scripts/accuracy/accuracy.py [--corpus DIR] [--binary PATH] [--json]
    python3 scripts/accuracy/accuracy.py --self-test

Runs `resume-screen screen --role R --format jsonl --as-of 2026-12-01 -j2` over the corpus for
each role (the original PDF, DOCX and text files; the extracted text for a row of a CSV data
set) and prints, as Markdown:

- per role: Spearman rank correlation (average ranks for ties) of the score with the labellers'
  mean fit, and AUC (mean fit >= 2 positive against <= 1 negative), for resume-screen and for two
  naive baselines on the same extracted text (the count of "python"; the count of the role's
  keywords, ROLE_KEYWORDS below), and the labellers' Spearman with each other;
- per flag, from the backend report: precision, recall and F1 against the items where both
  labellers agree and neither marked the flag ambiguous, and the labellers' agreement;
- the files resume-screen reported as errors. They rank with the lowest score of the run (tied
  with the worst candidate) and are left out of the flag scores.

The corpus (default: $ACCURACY_CORPUS, else corpus/ at the repository root) is made by
fetch_corpus.py; the labels are labels.jsonl beside this script. Python 3 standard library only.
--self-test checks the statistics and needs neither the corpus nor the binary.
"""
import argparse
import hashlib
import json
import math
import os
import re
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ROLES = ["backend", "data", "ml", "devops"]
AS_OF = "2026-12-01"
# The eight backend flags whose meaning LABELING.md fixes, green first.
FLAGS = [
    ("specific-framework", "green"), ("production-scale", "green"), ("type-hints", "green"),
    ("testing-framework", "green"), ("generic-python", "yellow"), ("tutorial-only", "yellow"),
    ("python2-only", "yellow"), ("no-web-framework", "yellow"),
]

# The naive keyword baseline: the words of each role's description in LABELING.md (must-haves and
# typical tools), counted case-insensitively as whole words, every occurrence.
ROLE_KEYWORDS = {
    "backend": [
        "python", "django", "fastapi", "flask", "rest", "restful", "api", "apis", "microservices?",
        "web app(?:lication)?s?", "back-?end", "sql", "postgres(?:ql)?", "mysql", "databases?",
        "pytest", "unit tests?", "testing", "git", "deploy(?:ment|ed|ing)?",
    ],
    "data": [
        "python", "sql", "etl", "elt", "pipelines?", "data warehouses?", "warehous(?:e|es|ing)",
        "bigquery", "redshift", "snowflake", "airflow", "dagster", "spark", "pyspark", "dbt",
        "pandas", "real-?time", "streaming", "kafka", "data engineer(?:ing)?",
    ],
    "ml": [
        "python", "machine learning", "ml", "models?", "training", "pytorch", "tensorflow",
        "scikit-learn", "sklearn", "hugging ?face", "transformers", "inference", "mlops",
        "serving", "drift", "statistics", "statistical", "gpus?", "deep learning", "evaluation",
    ],
    "devops": [
        "python", "devops", "ansible", "terraform", "aws", "boto3", "ci/cd", "ci", "cd",
        "github actions", "jenkins", "docker", "kubernetes", "k8s", "monitoring", "prometheus",
        "grafana", "infrastructure", "automation", "scripts?", "scripting",
    ],
}
PYTHON_RE = re.compile(r"\bpython", re.I)


def keyword_re(role):
    return re.compile(r"(?<![\w])(?:%s)(?![\w])" % "|".join(ROLE_KEYWORDS[role]), re.I)


# --- statistics ---------------------------------------------------------------------------------


def average_ranks(xs):
    """1-based ranks, ties given the mean of the ranks they span."""
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    ranks = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        r = (i + j) / 2 + 1
        for k in range(i, j + 1):
            ranks[order[k]] = r
        i = j + 1
    return ranks


def pearson(xs, ys):
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def spearman(xs, ys):
    """Spearman's rho: Pearson of the average ranks (None when either side is constant)."""
    if len(xs) != len(ys):
        raise ValueError("lengths differ")
    return pearson(average_ranks(xs), average_ranks(ys))


def auc(scores, labels):
    """Probability that a positive outscores a negative, ties counting one half (Mann-Whitney)."""
    pos = [s for s, l in zip(scores, labels) if l]
    neg = [s for s, l in zip(scores, labels) if not l]
    if not pos or not neg:
        return None
    ranks = average_ranks(list(scores))
    rpos = sum(r for r, l in zip(ranks, labels) if l)
    return (rpos - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def prf(pred, truth):
    tp = sum(1 for p, t in zip(pred, truth) if p and t)
    fp = sum(1 for p, t in zip(pred, truth) if p and not t)
    fn = sum(1 for p, t in zip(pred, truth) if t and not p)
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    if precision is None or recall is None:
        f1 = None
    else:
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


def cohen_kappa(a, b):
    n = len(a)
    if n == 0:
        return None
    po = sum(1 for x, y in zip(a, b) if x == y) / n
    pa, pb = sum(a) / n, sum(b) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    if pe == 1:
        return None
    return (po - pe) / (1 - pe)


# --- the corpus and the runs ---------------------------------------------------------------------


def default_corpus():
    return os.environ.get("ACCURACY_CORPUS") or os.path.join(ROOT, "corpus")


def load_labels(path):
    with open(path, encoding="utf-8") as f:
        items = [json.loads(line) for line in f if line.strip()]
    return sorted(items, key=lambda it: it["id"])


def input_path(corpus, item):
    if item["format"] == "csvrow":
        return os.path.join(corpus, "text", item["id"] + ".txt")
    return os.path.join(corpus, "files", f"{item['id']}.{item['format']}")


def check_corpus(corpus, items):
    bad = []
    for it in items:
        p = input_path(corpus, it)
        t = os.path.join(corpus, "text", it["id"] + ".txt")
        if not os.path.exists(p) or not os.path.exists(t):
            bad.append(f"{it['id']}: missing")
            continue
        with open(p, "rb") as f:
            if hashlib.sha256(f.read()).hexdigest() != it["sha256"]:
                bad.append(f"{it['id']}: sha256 differs")
    if bad:
        sys.exit("the corpus does not match labels.jsonl (run fetch_corpus.py):\n  "
                 + "\n  ".join(bad))


def screen(binary, role, paths, jobs):
    """Run the binary for one role; return {path: record} for candidates, errors and skips."""
    cmd = [binary, "screen", "--role", role, "--format", "jsonl", "--as-of", AS_OF,
           "-j", str(jobs), "-q", "-"]
    r = subprocess.run(cmd, input="\n".join(paths) + "\n", capture_output=True, text=True)
    if r.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} exited {r.returncode}:\n{r.stderr}")
    out = {}
    for line in r.stdout.splitlines():
        rec = json.loads(line)
        if rec.get("type") in ("candidate", "error", "skipped"):
            out[os.path.abspath(rec["path"])] = rec
    return out


def measure(items, corpus, binary, jobs):
    texts = {}
    for it in items:
        with open(os.path.join(corpus, "text", it["id"] + ".txt"), encoding="utf-8",
                  errors="replace") as f:
            texts[it["id"]] = f.read()
    paths = {it["id"]: os.path.abspath(input_path(corpus, it)) for it in items}
    reports = {role: screen(binary, role, [paths[it["id"]] for it in items], jobs)
               for role in ROLES}
    tool = {}
    for role in ROLES:
        rep = reports[role]
        rows = {}
        for it in items:
            rec = rep.get(paths[it["id"]])
            if rec is None:
                rows[it["id"]] = {"error": "missing from the report"}
            elif rec.get("type") == "candidate":
                rows[it["id"]] = {
                    "score": float(rec["score"]),
                    "flags": sorted({f["id"] for f in rec.get("green", []) + rec.get("yellow", [])}),
                }
            elif rec.get("type") == "error":
                rows[it["id"]] = {"error": rec.get("kind", "error")}
            else:
                rows[it["id"]] = {"error": "skipped: " + str(rec.get("reason", ""))}
        tool[role] = rows
    return texts, tool


def evaluate(items, texts, tool):
    """Every figure of the report, from the labels, the texts and the tool's results."""
    res = {"items": len(items), "as_of": AS_OF, "roles": {}, "flags": {}, "errors": {}}
    formats = {}
    for it in items:
        formats[it["format"]] = formats.get(it["format"], 0) + 1
    res["corpus"] = {"formats": dict(sorted(formats.items())),
                     "mentions_python": sum(1 for it in items if it.get("mentions_python")),
                     "repositories": len({it.get("repo") for it in items})}
    fa = {r: [it["labels"]["a"]["fit"][r] for it in items] for r in ROLES}
    fb = {r: [it["labels"]["b"]["fit"][r] for it in items] for r in ROLES}
    for role in ROLES:
        mean = [(a + b) / 2 for a, b in zip(fa[role], fb[role])]
        rows = tool[role]
        ok = [rows[it["id"]]["score"] for it in items if "score" in rows[it["id"]]]
        floor = min(ok) if ok else 0.0
        scores = [rows[it["id"]].get("score", floor) for it in items]
        kw = keyword_re(role)
        systems = {
            "resume-screen": scores,
            "keywords": [float(len(kw.findall(texts[it["id"]]))) for it in items],
            "python": [float(len(PYTHON_RE.findall(texts[it["id"]]))) for it in items],
        }
        keep = [i for i, m in enumerate(mean) if m >= 2 or m <= 1]
        labels = [mean[i] >= 2 for i in keep]
        entry = {
            "mean_fit_distribution": {str(k): mean.count(k) for k in sorted(set(mean))},
            "positives": sum(labels),
            "negatives": len(labels) - sum(labels),
            "labellers_spearman": spearman(fa[role], fb[role]),
        }
        for name, s in systems.items():
            entry[name] = {"spearman": spearman(s, mean), "auc": auc([s[i] for i in keep], labels)}
        res["roles"][role] = entry

    backend = tool["backend"]
    for flag, kind in FLAGS:
        a = [it["labels"]["a"]["flags"][flag] for it in items]
        b = [it["labels"]["b"]["flags"][flag] for it in items]
        agreed, pred, truth = [], [], []
        excluded = {"disagree": 0, "ambiguous": 0, "error": 0}
        for it, x, y in zip(items, a, b):
            amb = flag in it["labels"]["a"]["ambiguous"] or flag in it["labels"]["b"]["ambiguous"]
            if amb:
                excluded["ambiguous"] += 1
            elif x != y:
                excluded["disagree"] += 1
            elif "flags" not in backend[it["id"]]:
                excluded["error"] += 1
            else:
                agreed.append(it["id"])
                truth.append(x)
                pred.append(flag in backend[it["id"]]["flags"])
        entry = {"kind": kind, "compared": len(agreed), "positives": sum(truth),
                 "predicted": sum(pred), "excluded": excluded,
                 "agreement": sum(1 for x, y in zip(a, b) if x == y) / len(a) if a else None,
                 "kappa": cohen_kappa(a, b),
                 "labelled_a": sum(a), "labelled_b": sum(b)}
        entry.update(prf(pred, truth))
        res["flags"][flag] = entry

    for role in ROLES:
        kinds = {}
        for it in items:
            e = tool[role][it["id"]].get("error")
            if e:
                kinds[e] = kinds.get(e, 0) + 1
        res["errors"][role] = {"count": sum(kinds.values()),
                               "kinds": dict(sorted(kinds.items())),
                               "ids": sorted(it["id"] for it in items
                                             if tool[role][it["id"]].get("error"))}
    return res


# --- output ------------------------------------------------------------------------------------


def fmt_fit(k):
    return f"{float(k):g}"


def f2(x):
    return "—" if x is None else f"{x:.2f}".replace("-", "−")


def markdown(res):
    c = res["corpus"]
    fits = sorted({k for e in res["roles"].values() for k in e["mean_fit_distribution"]},
                  key=float)
    out = ["Corpus: {} items from {} public repositories ({}); {} mention Python.".format(
               res["items"], c["repositories"],
               ", ".join(f"{v} {k}" for k, v in c["formats"].items()), c["mentions_python"]),
           "", "Labellers' mean fit, resumes per value:", "",
           "| role | " + " | ".join(fmt_fit(k) for k in fits) + " |",
           "|---|" + "---|" * len(fits)]
    for role in ROLES:
        d = res["roles"][role]["mean_fit_distribution"]
        out.append(f"| {role} | " + " | ".join(str(d.get(k, 0)) for k in fits) + " |")
    out += ["", "Roles (Spearman ρ of the score with the labellers' mean fit; AUC of mean fit ≥ 2 "
            "against ≤ 1):", "",
            "| role | positives / negatives | resume-screen ρ | AUC | count of the role's keywords ρ "
            "| AUC | count of \"python\" ρ | AUC | labeller a vs b ρ |",
            "|---|---|---|---|---|---|---|---|---|"]
    for role in ROLES:
        e = res["roles"][role]
        out.append("| {} | {} / {} | {} | {} | {} | {} | {} | {} | {} |".format(
            role, e["positives"], e["negatives"],
            f2(e["resume-screen"]["spearman"]), f2(e["resume-screen"]["auc"]),
            f2(e["keywords"]["spearman"]), f2(e["keywords"]["auc"]),
            f2(e["python"]["spearman"]), f2(e["python"]["auc"]), f2(e["labellers_spearman"])))
    out += ["", "Flags (backend report; against the items where both labellers agree and neither "
            "marked the flag ambiguous):", "",
            "| flag | kind | compared | positives | flagged | precision | recall | F1 "
            "| labellers agree | κ |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    for flag, _ in FLAGS:
        e = res["flags"][flag]
        out.append("| {} | {} | {} | {} | {} | {} | {} | {} | {:.0f}% | {} |".format(
            flag, e["kind"], e["compared"], e["positives"], e["predicted"], f2(e["precision"]),
            f2(e["recall"]), f2(e["f1"]), 100 * e["agreement"], f2(e["kappa"])))
    out.append("")
    errs = []
    for role in ROLES:
        e = res["errors"][role]
        kinds = ", ".join(f"{k} {v}" for k, v in e["kinds"].items())
        errs.append(f"{role} {e['count']}" + (f" ({kinds})" if kinds else ""))
    out.append("Files reported as errors (ranked with the run's lowest score, left out of the "
               "flag scores): " + "; ".join(errs) + ".")
    return "\n".join(out)


# --- self-test -----------------------------------------------------------------------------------


class StatsTest(unittest.TestCase):
    def test_average_ranks_ties(self):
        self.assertEqual(average_ranks([10, 20, 20, 30]), [1.0, 2.5, 2.5, 4.0])
        self.assertEqual(average_ranks([5, 5, 5]), [2.0, 2.0, 2.0])
        self.assertEqual(average_ranks([3, 1, 2]), [3.0, 1.0, 2.0])

    def test_spearman_perfect_and_reversed(self):
        self.assertAlmostEqual(spearman([1, 2, 3, 4], [10, 20, 30, 40]), 1.0)
        self.assertAlmostEqual(spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1.0)
        self.assertAlmostEqual(spearman([1, 2, 3, 4], [1, 4, 9, 16]), 1.0)

    def test_spearman_with_ties(self):
        # x ranks 1, 2.5, 2.5, 4; y ranks 1, 2, 3, 4: Pearson of the ranks is 0.9486833.
        self.assertAlmostEqual(spearman([1, 2, 2, 3], [1, 2, 3, 4]), 3 / math.sqrt(10), places=6)
        # both tied: ranks (1.5, 1.5, 3.5, 3.5) and (1, 2.5, 2.5, 4); 3 / sqrt(4 * 4.5)
        self.assertAlmostEqual(spearman([0, 0, 1, 1], [0, 1, 1, 2]), 3 / math.sqrt(18),
                               places=6)

    def test_spearman_constant_is_undefined(self):
        self.assertIsNone(spearman([1, 1, 1], [1, 2, 3]))

    def test_auc(self):
        self.assertEqual(auc([3, 2, 1, 0], [True, True, False, False]), 1.0)
        self.assertEqual(auc([0, 1, 2, 3], [True, True, False, False]), 0.0)
        self.assertEqual(auc([1, 1, 1, 1], [True, False, True, False]), 0.5)
        # one positive at 2; negatives at 1, 2, 3: wins 1, tie 0.5, loss 0
        self.assertAlmostEqual(auc([2, 1, 2, 3], [True, False, False, False]), 0.5)
        # positives 3 and 1; negatives 2 and 0: 3 of 4 pairs won
        self.assertAlmostEqual(auc([3, 1, 2, 0], [True, True, False, False]), 0.75)
        self.assertIsNone(auc([1, 2], [False, False]))

    def test_prf_and_kappa(self):
        r = prf([True, True, False, False], [True, False, True, False])
        self.assertEqual((r["tp"], r["fp"], r["fn"]), (1, 1, 1))
        self.assertAlmostEqual(r["f1"], 0.5)
        self.assertIsNone(prf([False, False], [False, False])["f1"])
        self.assertEqual(prf([False, False], [True, False])["recall"], 0.0)
        self.assertAlmostEqual(cohen_kappa([True, True, False, False], [True, False, False, False]),
                               0.5)
        self.assertIsNone(cohen_kappa([False, False], [False, False]))

    def test_keyword_baseline_counts_whole_words(self):
        kw = keyword_re("backend")
        self.assertEqual(len(kw.findall("Django, REST APIs; git; digital restaurant")), 4)
        self.assertEqual(len(PYTHON_RE.findall("Python, python3, Jython")), 2)

    def test_report_is_deterministic(self):
        items, texts, tool = synthetic()
        a = markdown(evaluate(items, texts, tool))
        b = markdown(evaluate(list(reversed(items)), texts, tool))
        self.assertEqual(a.replace("−", "-").count("|"), b.replace("−", "-").count("|"))
        self.assertIn("| backend |", a)
        self.assertIn("| specific-framework | green |", a)
        self.assertIn("backend 1 (corrupt 1)", a)
        json.dumps(evaluate(items, texts, tool))


def synthetic():
    """Six labelled items and a fake tool run, for the self-test."""
    items, texts, tool = [], {}, {r: {} for r in ROLES}
    fits = [0, 0, 1, 2, 3, 3]
    for n, fit in enumerate(fits):
        i = f"T{n}"
        lab = {"is_resume": True, "ambiguous": [],
               "flags": {f: (f == "specific-framework" and fit >= 2) for f, _ in FLAGS},
               "fit": {r: fit for r in ROLES}}
        items.append({"id": i, "format": "txt", "labels": {"a": lab, "b": lab}})
        texts[i] = "Python Django " * fit
        for r in ROLES:
            tool[r][i] = {"score": 10.0 * fit,
                          "flags": ["specific-framework"] if fit >= 2 else []}
    tool["backend"]["T5"] = {"error": "corrupt"}
    items.sort(key=lambda it: it["id"])
    return items, texts, tool


def self_test():
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(StatsTest)
    ok = unittest.TextTestRunner(verbosity=1).run(suite).wasSuccessful()
    return 0 if ok else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=default_corpus(), help="default: %(default)s")
    ap.add_argument("--labels", default=os.path.join(HERE, "labels.jsonl"))
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "resume-screen"))
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--self-test", action="store_true", help="test the statistics and exit")
    args = ap.parse_args()
    if args.self_test:
        sys.exit(self_test())
    if not os.path.exists(args.binary):
        sys.exit(f"{args.binary} not found: run `cargo build --release` first")
    items = load_labels(args.labels)
    check_corpus(args.corpus, items)
    texts, tool = measure(items, args.corpus, args.binary, args.jobs)
    res = evaluate(items, texts, tool)
    if args.json:
        print(json.dumps(res, indent=1, sort_keys=True, ensure_ascii=False))
    else:
        print(markdown(res))


if __name__ == "__main__":
    main()
