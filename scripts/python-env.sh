#!/usr/bin/env bash
# Makes the Python environment the cross-checks against real PyTorch and TensorBoard use (models' torch tests,
# the tensorboard package's reader test): a venv at .cache/python (gitignored), or at $MNISTKIT_PYTHON_ENV.
# pip installs from the configured index (offline machines fall back to their local wheel directory).
# Usage: scripts/python-env.sh [torch] [tensorboard]   (default: both)
set -euo pipefail
cd "$(dirname "$0")/.."
env_dir=${MNISTKIT_PYTHON_ENV:-.cache/python}
want=("$@")
[ ${#want[@]} -eq 0 ] && want=(torch tensorboard)
packages=()
for w in "${want[@]}"; do
  case "$w" in
    torch) packages+=(torch==2.13.0+cpu numpy safetensors) ;;
    tensorboard) packages+=(tensorboard numpy) ;;
    *) echo "python-env: unknown set '$w' (expected torch or tensorboard)" >&2; exit 2 ;;
  esac
done
start=$(date +%s)
[ -x "$env_dir/bin/python" ] || python3 -m venv "$env_dir"
# --retries 0: offline machines fall back to the local wheel directory at once instead of retrying the network.
"$env_dir/bin/pip" install --quiet --disable-pip-version-check --retries 0 "${packages[@]}"
echo "python-env: $env_dir ready (${packages[*]}) in $(( $(date +%s) - start ))s"
