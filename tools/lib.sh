# tools/lib.sh — what tools/run, tools/test and tools/bench share: the Debian
# packages Lloyd needs, installing the missing ones, and configuring the build.
# Sourced, not run.

LLOYD_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Build and run time.
LLOYD_PACKAGES=(
  gcc pkg-config meson ninja-build gettext
  libglib2.0-dev libglib2.0-bin zlib1g-dev libdeflate-dev libopenblas-dev liblapacke-dev libjson-glib-dev
  libgtk-4-dev libcairo2-dev libpango1.0-dev
  desktop-file-utils appstream
)
# Tests: the headless desktop session, image checks, the reference helpers.
LLOYD_TEST_PACKAGES=(
  xvfb dbus-daemon imagemagick xdotool librsvg2-bin poppler-utils
  python3 python3-numpy python3-sklearn clang valgrind strace
)
# tools/bench: the tools Lloyd is compared with.
LLOYD_BENCH_PACKAGES=(
  python3 python3-numpy python3-pandas python3-sklearn python3-matplotlib
)

# Installs whichever of the given Debian packages are missing. Without root or
# apt-get it only says what is missing and carries on: the build will name what fails.
lloyd_install_packages () {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "lloyd: missing Debian packages (install them as root): ${missing[*]}" >&2
    return 0
  fi
  echo "lloyd: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  # A fresh machine has no package lists yet; refresh them once before installing.
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || {
    apt-get update -q >/dev/null &&
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  } || { echo "lloyd: apt-get could not install ${missing[*]}" >&2; return 1; }
}

# lloyd_build BUILDDIR [meson setup options…]: configure once, then compile.
lloyd_build () {
  local dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$LLOYD_TOP" "$@" >/dev/null || return 1
  fi
  meson compile -C "$dir" >/dev/null || meson compile -C "$dir" || return 1
}
