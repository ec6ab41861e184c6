# Sourced by scripts/run and scripts/test: make sure .venv works for this checkout, making or
# mending it, so that a failed first try never leaves a folder that blocks every later one.
#
# A .venv is made again when its python is missing or does not start, is older than 3.11, is
# not the version its pyvenv.cfg names (the system's Python was upgraded under it), differs
# from $PYTHON when that is set, or has no pip (Debian makes such a .venv when python3-venv is
# missing). Packages are installed again when pyproject.toml changed. Each step says so in one
# line on stderr, so the terminal is never silent and stdout stays the program's own.
# Written for bash 3.2 too (macOS).

VENV=${VENV:-.venv}

say() { printf '%s\n' "$*" >&2; }
fail() {
  say "safe-session: $*"
  exit 1
}

# The Python to make .venv with: $PYTHON, else the first of python3, python, python3.14...3.11
# that is 3.11 or newer.
find_python() {
  if [ -n "${PYTHON:-}" ]; then
    command -v "$PYTHON" >/dev/null 2>&1 || fail "PYTHON=$PYTHON: no such command."
    "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 ||
      fail "PYTHON=$PYTHON is not Python 3.11 or newer, which safe-session needs."
    printf '%s\n' "$PYTHON"
    return
  fi
  for candidate in python3 python python3.14 python3.13 python3.12 python3.11; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
      printf '%s\n' "$candidate"
      return
    fi
  done
  fail "safe-session needs Python 3.11 or newer: install it (python.org, or your system's packages) and run this again."
}

major_minor() { # of a python command; empty when it does not start
  "$1" -I -S -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true
}

# Why .venv cannot be used as it is (one short phrase), or nothing when it is healthy. Asking
# pip takes half a second, so `venv_problem quick` leaves that out (for an installed .venv).
venv_problem() {
  [ -e "$VENV" ] || return 0
  [ -x "$VENV/bin/python" ] || { echo "has no bin/python"; return 0; }
  local have cfg
  have=$(major_minor "$VENV/bin/python")
  [ -n "$have" ] || { echo "holds a python that does not start"; return 0; }
  "$VENV/bin/python" -I -S -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
    { echo "was made with Python $have, older than 3.11"; return 0; }
  cfg=$(sed -n 's/^version[_a-z]* *= *\([0-9]*\.[0-9]*\).*/\1/p' "$VENV/pyvenv.cfg" 2>/dev/null | head -n 1)
  [ "$cfg" = "$have" ] || { echo "was made for Python ${cfg:-(unknown)} but its python is $have"; return 0; }
  if [ -n "${PYTHON:-}" ] && [ "$(major_minor "$PYTHON")" != "$have" ]; then
    echo "holds Python $have, not PYTHON=$PYTHON"
    return 0
  fi
  [ "${1:-}" = quick ] || "$VENV/bin/python" -m pip --version >/dev/null 2>&1 ||
    { echo "has no pip"; return 0; }
}

venv_pip_hint() {
  local version
  version=$(major_minor "$1")
  echo "install python3-venv (on Debian or Ubuntu: sudo apt install python3-venv python${version}-venv), then run this again."
}

make_venv() {
  local py=$1
  if ! "$py" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    fail "Python $(major_minor "$py") cannot make a virtual environment with pip here: $(venv_pip_hint "$py")"
  fi
  if ! "$py" -m venv "$VENV" >"$VENV.log" 2>&1 || ! "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
    rm -rf "$VENV"
    if grep -q -i -e ensurepip -e python3-venv "$VENV.log"; then
      rm -f "$VENV.log"
      fail "Python $(major_minor "$py") cannot make a virtual environment with pip here: $(venv_pip_hint "$py")"
    fi
    say "$(tail -n 5 "$VENV.log")"
    rm -f "$VENV.log"
    fail "making the .venv folder failed (the message above says why); fix that and run this again."
  fi
  rm -f "$VENV.log"
}

# What an installation was made from: the venv's Python, pyproject.toml's checksum and the
# constraints file's, if any.
fingerprint() {
  local constraints=""
  [ -z "$2" ] || constraints="$2 $(cksum <"$2")"
  printf '%s %s %s %s\n' "$1" "$(major_minor "$VENV/bin/python")" "$(cksum <pyproject.toml)" \
    "$constraints"
}

# ensure_venv SPEC MARKER [CONSTRAINTS]: $VENV (.venv unless set) with `pip install -e SPEC`
# done for this pyproject.toml, with the versions pinned in CONSTRAINTS if given.
ensure_venv() {
  local spec=$1 marker="$VENV/$2" constraints=${3:-} problem py
  if [ -f "$marker" ] && [ -z "$(venv_problem quick)" ] &&
    [ "$(cat "$marker")" = "$(fingerprint "$spec" "$constraints")" ]; then
    return 0
  fi
  problem=$(venv_problem)
  if [ ! -e "$VENV" ]; then
    say "Setting up safe-session (first run, about a minute)…"
  elif [ -n "$problem" ]; then
    say "Setting up safe-session again: the .venv folder $problem (about a minute)…"
  elif [ -f "$marker" ]; then
    say "Updating safe-session's packages (about a minute)…"
  else
    say "Installing safe-session's packages for ${spec} (about a minute)…"
  fi
  if [ -n "$problem" ] || [ ! -e "$VENV" ]; then
    py=$(find_python)
    rm -rf "$VENV"
    make_venv "$py"
  fi
  rm -f "$marker"
  set -- --quiet --disable-pip-version-check -e "$spec"
  [ -z "$constraints" ] || set -- "$@" --constraint "$constraints"
  "$VENV/bin/python" -m pip install "$@" >&2 ||
    fail "installing safe-session's packages failed (pip's message is above); check the internet connection and run this again."
  fingerprint "$spec" "$constraints" >"$marker"
}
