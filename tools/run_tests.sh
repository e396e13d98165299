#!/usr/bin/env bash
# The README's test command: set up .venv (idempotent) and run the test suite on CPU.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup_env.sh
exec .venv/bin/python -m pytest tests -q "$@"
