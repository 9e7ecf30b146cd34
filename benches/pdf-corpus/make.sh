#!/bin/sh
# Renders the realistic PDF benchmark corpus: synthetic resumes through LibreOffice, Chromium,
# wkhtmltopdf, pdfLaTeX, XeLaTeX and reportlab (whichever are installed).
#   benches/pdf-corpus/make.sh [OUT_DIR] [PER_PRODUCER]
# Default OUT_DIR: target/pdf-corpus (git-ignored). Tools, on Debian:
#   apt-get install libreoffice-writer chromium wkhtmltopdf texlive-latex-base texlive-xetex \
#     lmodern fonts-dejavu-core poppler-utils; pip install reportlab
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../../target/pdf-corpus}
n=${2:-40}
exec python3 "$here/make_corpus.py" "$out" --per-producer "$n"
