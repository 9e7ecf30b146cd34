#!/usr/bin/env bash
# Size, load time and sort time of the HTML report for a large batch, in headless Chromium.
# Usage: scripts/html-bench.sh [N]   (default 10000 generated resumes; release build)
set -euo pipefail
cd "$(dirname "$0")/.."
RESUME_SCREEN_HTML_N="${1:-10000}" RESUME_SCREEN_REQUIRE_TOOLS=1 \
  cargo test --release --test html_report -- --ignored --nocapture html_report_at_scale
