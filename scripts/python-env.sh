#!/usr/bin/env bash
# The one Python environment of this repository: the tests that cross-check against real PyTorch and TensorBoard
# (models' torch tests, the tensorboard reader checks, the trainer's PyTorch e2e) and the bench's PyTorch rows.
# A venv at $MNISTKIT_PYTHON_ENV, else $MNISTKIT_CACHE_DIR/python, else ${XDG_CACHE_HOME:-~/.cache}/mnistkit/python
# (outside the repository, so every clone and worktree shares it, like the TensorFlow cache).
# pip installs from the configured index (offline machines fall back to their local wheel directory).
# Usage: scripts/python-env.sh [torch] [tensorboard]   make it (default: both sets)
#        scripts/python-env.sh --where                  print its Python's path, make nothing
# Exit status: 0 ready, 2 bad usage, 3 no wheels to be had (no index reachable): the Python checks cannot run here.
set -euo pipefail
cache=${MNISTKIT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/mnistkit}
env_dir=${MNISTKIT_PYTHON_ENV:-$cache/python}
if [ "${1-}" = --where ]; then
  echo "$env_dir/bin/python"
  exit 0
fi
want=("$@")
[ ${#want[@]} -eq 0 ] && want=(torch tensorboard)
packages=()
for w in "${want[@]}"; do
  case "$w" in
    torch) packages+=(torch==2.13.0+cpu numpy safetensors) ;;
    tensorboard) packages+=(tensorboard numpy) ;;
    *) echo "python-env: unknown set '$w' (expected torch, tensorboard or --where)" >&2; exit 2 ;;
  esac
done
start=$(date +%s)
target=$env_dir
if [ ! -x "$env_dir/bin/python" ]; then
  # A new venv is made beside its place and renamed in once its packages import, so a failed or interrupted
  # install never leaves a half-made environment where the tests look. (pip runs as `python -m pip`: a renamed
  # venv's bin/pip still names the old path.)
  mkdir -p "$(dirname "$env_dir")"
  target="$env_dir.tmp-$$"
  trap 'rm -rf "$target"' EXIT
  python3 -m venv "$target"
fi
# --retries 0: offline machines fall back to the local wheel directory at once instead of retrying the network.
if ! "$target/bin/python" -m pip install --quiet --disable-pip-version-check --retries 0 "${packages[@]}"; then
  echo "python-env: pip could not install ${packages[*]} into $env_dir (no index or wheel reachable?)" >&2
  exit 3
fi
modules=$(printf '%s\n' "${want[@]}" | sed 's/^torch$/torch, safetensors/' | paste -sd, -)
"$target/bin/python" -c "import numpy, $modules"
if [ "$target" != "$env_dir" ]; then
  mv -T "$target" "$env_dir"
  trap - EXIT
fi
echo "python-env: $env_dir ready (${packages[*]}) in $(( $(date +%s) - start ))s"
