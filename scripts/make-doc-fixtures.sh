#!/usr/bin/env bash
# Regenerate the PDF/DOCX extraction fixtures in fixtures/documents/ and check
# them against their *.expect.toml files.
#
# The generated files are committed: CI and the Rust tests need none of this.
# Run it only to change or re-create a fixture (then review `git diff`).
#
# Needs (Debian / PyPI package names):
#   python3 >= 3.11         (tomllib, used by the check step)
#   pip: reportlab python-docx pillow   (pillow comes with reportlab)
#        msoffcrypto-tool               (only for password.docx)
#   apt: qpdf                           (encryption; --static-id/--static-aes-iv)
#        poppler-utils                  (pdftotext/pdfinfo, check step only)
#        libreoffice-writer-nogui       (soffice; only for legacy.doc)
#   e.g.  apt-get update && apt-get install -y qpdf poppler-utils libreoffice-writer-nogui
#         pip install reportlab python-docx msoffcrypto-tool
#
# Usage: scripts/make-doc-fixtures.sh [--skip-legacy-doc] [--skip-encrypted-docx] [--no-verify]
#   --skip-legacy-doc  keep the committed legacy.doc (no LibreOffice needed)
#   --skip-encrypted-docx  keep the committed password.docx (random salt, never reproducible)
#   --no-verify        do not run the pdftotext/qpdf/DOCX check afterwards
#
# Reproducibility: every file is byte-identical across runs with the same tool
# versions, except that qpdf cannot make AES-256 (R6) output reproducible
# (random salts/key); owner-aes256.pdf and user-password.pdf are therefore only
# rewritten when their decrypted content or encryption settings change.
# legacy.doc depends on the LibreOffice version.
#
# Everything in the documents is synthetic (names like "Alex Example",
# @example.com addresses, 555-01xx phone numbers).
set -euo pipefail

cd "$(dirname "$0")/.."

skip_legacy=()
skip_encrypted=()
verify=1
for arg in "$@"; do
  case "$arg" in
    --skip-legacy-doc) skip_legacy=(--skip-legacy-doc) ;;
    --skip-encrypted-docx) skip_encrypted=(--skip-encrypted-docx) ;;
    --no-verify) verify=0 ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

missing=()
command -v python3 >/dev/null || missing+=(python3)
command -v qpdf >/dev/null || missing+=("qpdf (apt: qpdf)")
if [ ${#skip_legacy[@]} -eq 0 ] && ! command -v soffice >/dev/null; then
  missing+=("soffice (apt: libreoffice-writer-nogui; or pass --skip-legacy-doc)")
fi
if [ ${#skip_encrypted[@]} -eq 0 ] && ! python3 -c "import msoffcrypto" 2>/dev/null; then
  missing+=("msoffcrypto (pip install msoffcrypto-tool; or pass --skip-encrypted-docx)")
fi
if [ "$verify" = 1 ]; then
  command -v pdftotext >/dev/null || missing+=("pdftotext/pdfinfo (apt: poppler-utils; or pass --no-verify)")
fi
python3 - <<'EOF' || missing+=("Python modules (pip install reportlab python-docx)")
import sys
try:
    import reportlab, docx, PIL  # noqa: F401
except ImportError as e:
    print(e, file=sys.stderr)
    sys.exit(1)
EOF
if [ ${#missing[@]} -gt 0 ]; then
  printf 'missing: %s\n' "${missing[@]}" >&2
  exit 1
fi

python3 scripts/make_doc_fixtures.py "${skip_legacy[@]}" "${skip_encrypted[@]}"

echo "fixtures/documents:"
( cd fixtures/documents && ls -l --time-style=+ | awk 'NR>1 && $NF !~ /\.toml$|README\.md$/ {printf "  %9d  %s\n", $5, $NF}' )
total=$(find fixtures/documents -maxdepth 1 -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
echo "  total $total bytes"

if [ "$verify" = 1 ]; then
  echo "checking expectations with pdftotext/qpdf and a reference DOCX reader:"
  python3 scripts/make_doc_fixtures.py --verify
fi
