"""Writes what scan.c reads: the default packs' literals and patterns as Hyperscan expressions,
and the engine benchmark's corpus (benches/engine.rs builds it the same way from the fixtures).

Usage: python3 make_inputs.py OUT_DIR CORPUS_MB
"""

import glob
import pathlib
import re
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[2]
out = pathlib.Path(sys.argv[1])
corpus_mb = int(sys.argv[2])


def packs():
    for name in ["skills", "python-core", "roles"]:
        with open(ROOT / "rules" / f"{name}.toml", "rb") as f:
            yield tomllib.load(f)


# Literals as the engine matches them: ASCII case ignored, word boundaries where the literal
# starts or ends with a word character. One-letter names are left out, as the engine scans them
# separately.
literals = set()
patterns = []
for pack in packs():
    for skill in pack.get("skill", []):
        literals.update([skill["name"], *skill.get("aliases", [])])
    for rule in pack.get("rule", []):
        literals.update(rule.get("phrases", []))
        for pattern in rule.get("patterns", []):
            if pattern.startswith("(?x)"):
                pattern = re.sub(r"\s+", "", pattern[4:])
            patterns.append(pattern)
expressions = []
for literal in sorted({l.lower() for l in literals if len(l) > 1}):
    left = r"\b" if re.match(r"\w", literal) else ""
    right = r"\b" if re.search(r"\w$", literal) else ""
    expressions.append(left + re.escape(literal) + right)
(out / "literals.txt").write_text("\n".join(expressions) + "\n")
(out / "patterns.txt").write_text("\n".join(patterns) + "\n")

def utf8_text(path):
    try:
        return pathlib.Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None  # the legacy-encoding fixtures; benches/engine.rs skips them too


seeds = sorted(
    text
    for text in map(utf8_text, glob.glob(str(ROOT / "fixtures" / "resumes" / "*.txt")))
    if text is not None and text.strip()
)
total, i = 0, 0
with open(out / "corpus.bin", "wb") as f:
    while total < corpus_mb * 1024 * 1024:
        body = "\n".join(seeds[(i * 5 + k) % len(seeds)] for k in range(5))
        doc = (
            f"{body}\nServed {1000 + i % 9000} requests/second for {i * 7 % 100_000} users; "
            f"reduced latency by {i % 90}%.\n"
        ).encode()
        f.write(len(doc).to_bytes(4, "little"))
        f.write(doc)
        total += len(doc)
        i += 1
print(f"{len(expressions)} literals, {len(patterns)} patterns, {i} documents, {total / 1e6:.1f} MB")
