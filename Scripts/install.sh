#!/usr/bin/env bash
# Installs civic under a prefix, where it finds its bundled data from any directory:
#
#   PREFIX/bin/civic                                   the program
#   PREFIX/share/civic/Datasets/                       the bundled data it builds its database from
#   PREFIX/share/bash-completion/completions/civic     shell completions
#   PREFIX/share/zsh/site-functions/_civic
#   PREFIX/share/fish/vendor_completions.d/civic.fish
#   PREFIX/share/doc/civic/                            README.md and SCHEMA.md
#
# Usage: Scripts/install.sh [--prefix DIR] [--binary FILE]
#   --prefix DIR   where to install (default: $PREFIX, else ~/.local)
#   --binary FILE  install this civic instead of building one (swift build -c release)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
prefix="${PREFIX:-$HOME/.local}"
binary=""
usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="${2:?--prefix needs a folder}"; shift 2 ;;
    --prefix=*) prefix="${1#*=}"; shift ;;
    --binary) binary="${2:?--binary needs a file}"; shift 2 ;;
    --binary=*) binary="${1#*=}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown argument: $1" >&2; usage >&2; exit 64 ;;
  esac
done
if [ -z "$binary" ]; then
  (cd "$root" && swift build -c release --product civic)
  binary="$(cd "$root" && swift build -c release --show-bin-path)/civic"
fi
[ -x "$binary" ] || { echo "install.sh: no civic program at $binary" >&2; exit 66; }

share="$prefix/share"
install -d "$prefix/bin" "$share/civic" "$share/doc/civic" "$share/bash-completion/completions" \
  "$share/zsh/site-functions" "$share/fish/vendor_completions.d"
install -m 755 "$binary" "$prefix/bin/civic.new"
mv -f "$prefix/bin/civic.new" "$prefix/bin/civic"

# The data: copied beside, then put in place, so an interrupted install leaves the old data whole.
rm -rf "$share/civic/Datasets.new"
cp -R "$root/Datasets" "$share/civic/Datasets.new"
find "$share/civic/Datasets.new" -name __pycache__ -prune -exec rm -rf {} +
rm -rf "$share/civic/Datasets"
mv "$share/civic/Datasets.new" "$share/civic/Datasets"

install -m 644 "$root/README.md" "$root/docs/SCHEMA.md" "$share/doc/civic/"

civic="$prefix/bin/civic"
"$civic" --generate-completion-script bash > "$share/bash-completion/completions/civic"
"$civic" --generate-completion-script zsh > "$share/zsh/site-functions/_civic"
"$civic" --generate-completion-script fish > "$share/fish/vendor_completions.d/civic.fish"

echo "installed civic $("$civic" --version) in $prefix"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "note: $prefix/bin is not on your PATH" ;;
esac
