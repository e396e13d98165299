#!/usr/bin/env bash
# Create (or update) .venv/ in the repository root with the pinned stack and install s2svr_mm
# into it, non-editable (so that `mim train s2svr_mm ...` finds the installed package).
#
#   bash tools/setup_env.sh            # runtime + tests
#
# Uses ../shared/wheels as a local wheel cache when it exists (a prebuilt mmcv 2.1.0); without it
# mmcv 2.1.0 is built from source with its compiled ops (~21 min on 2 cores).
# Re-running on an existing .venv only reinstalls s2svr_mm when the pins have not changed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
venv="$root/.venv"
py="${PYTHON:-python3.11}"
if ! command -v "$py" >/dev/null 2>&1; then
  echo "setup_env: Python 3.11 ('$py') not found; set PYTHON=/path/to/python3.11" >&2
  exit 1
fi
[ -x "$venv/bin/python" ] || "$py" -m venv "$venv"
pip=("$venv/bin/python" -m pip --disable-pip-version-check -q)
cons=(-c requirements/constraints.txt)
links=()
if [ -d "$root/../shared/wheels" ]; then links=(--find-links "$root/../shared/wheels"); fi

stamp="$venv/.s2svr_mm-deps"
want="$(cat requirements/*.txt | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup_env: installing the pinned stack into $venv"
  "${pip[@]}" install "${cons[@]}" 'setuptools>=77.0.3,<81' wheel
  "${pip[@]}" install "${cons[@]}" torch torchvision
  # mmcv: from the local wheel cache if there is one, else built from the sdist with ops.
  # The build imports torch and pkg_resources from the venv, hence --no-build-isolation.
  MMCV_WITH_OPS=1 "${pip[@]}" install "${cons[@]}" "${links[@]}" --no-build-isolation mmcv
  "${pip[@]}" install "${cons[@]}" "${links[@]}" -r requirements/runtime.txt -r requirements/tests.txt \
    -r requirements/mim.txt
  "${pip[@]}" install "${cons[@]}" --no-deps openmim
  echo "$want" > "$stamp"
fi
# The package itself, non-editable; its dependencies are already satisfied above.
"${pip[@]}" install --no-deps --no-build-isolation --force-reinstall "$root"
echo "setup_env: ready ($venv)"
