# Sourced by scripts/bench.sh: finds or installs the benchmark's anchors and helpers.
# Installs only what is missing: hyperfine and GNU time from the system's packages (apt-get,
# as root or through passwordless sudo; hyperfine falls back to `cargo install`),
# check-jsonschema from PyPI into a virtualenv, taplo-cli from crates.io. Everything installed
# here lives under $TOOLS_DIR (target/bench-tools by default), so a rerun reuses it.
# Sets: HYPERFINE, GNU_TIME, CHECK_JSONSCHEMA, TAPLO, PYTHON.

as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo "$@"
  else
    return 1
  fi
}

APT_UPDATED=0
apt_install() {
  command -v apt-get >/dev/null 2>&1 || return 1
  if [ "$APT_UPDATED" = 0 ]; then
    as_root apt-get update -qq >/dev/null || return 1
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

install_anchors() {
  mkdir -p "$TOOLS_DIR"

  PYTHON=$(command -v python3 || true)
  if [ -z "$PYTHON" ]; then
    apt_install python3 python3-venv || { echo "python3 is missing and could not be installed" >&2; return 1; }
    PYTHON=$(command -v python3)
  fi
  command -v git >/dev/null 2>&1 || apt_install git || { echo "git is missing" >&2; return 1; }

  # hyperfine: the system's package first, else crates.io.
  HYPERFINE=$(command -v hyperfine || true)
  if [ -z "$HYPERFINE" ] && [ -x "$TOOLS_DIR/bin/hyperfine" ]; then HYPERFINE=$TOOLS_DIR/bin/hyperfine; fi
  if [ -z "$HYPERFINE" ]; then
    echo "   installing hyperfine (apt-get)"
    if apt_install hyperfine; then
      HYPERFINE=$(command -v hyperfine)
    else
      echo "   apt-get unavailable: cargo install hyperfine"
      cargo install hyperfine --locked --quiet --root "$TOOLS_DIR"
      HYPERFINE=$TOOLS_DIR/bin/hyperfine
    fi
  fi

  # GNU time for peak memory (the shell's `time` keyword cannot report it).
  GNU_TIME=/usr/bin/time
  if ! "$GNU_TIME" -v true >/dev/null 2>&1; then
    echo "   installing GNU time (apt-get)"
    apt_install time || { echo "GNU time (/usr/bin/time) is missing and could not be installed" >&2; return 1; }
  fi

  # check-jsonschema from PyPI, in its own virtualenv.
  CHECK_JSONSCHEMA=$(command -v check-jsonschema || true)
  if [ -z "$CHECK_JSONSCHEMA" ] && [ -x "$TOOLS_DIR/venv/bin/check-jsonschema" ]; then
    CHECK_JSONSCHEMA=$TOOLS_DIR/venv/bin/check-jsonschema
  fi
  if [ -z "$CHECK_JSONSCHEMA" ]; then
    echo "   installing check-jsonschema (pip, into $TOOLS_DIR/venv)"
    if ! "$PYTHON" -m venv "$TOOLS_DIR/venv" >/dev/null 2>&1; then
      apt_install python3-venv && "$PYTHON" -m venv "$TOOLS_DIR/venv"
    fi
    "$TOOLS_DIR/venv/bin/python" -m pip install --quiet --disable-pip-version-check check-jsonschema
    CHECK_JSONSCHEMA=$TOOLS_DIR/venv/bin/check-jsonschema
  fi

  # taplo from crates.io (a few minutes to build, once).
  TAPLO=$(command -v taplo || true)
  if [ -z "$TAPLO" ] && [ -x "$TOOLS_DIR/bin/taplo" ]; then TAPLO=$TOOLS_DIR/bin/taplo; fi
  if [ -z "$TAPLO" ]; then
    echo "   installing taplo-cli (cargo install --locked; a few minutes, once)"
    cargo install taplo-cli --locked --quiet --root "$TOOLS_DIR"
    TAPLO=$TOOLS_DIR/bin/taplo
  fi
}
