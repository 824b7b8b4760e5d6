#!/usr/bin/env bash
# The `scanno-release` pre-commit hook: runs scanno with the given arguments, using the release
# binary of the version in this repository's Cargo.toml, downloaded once into .scanno-install/
# beside it (pre-commit keeps this clone) by tools/install-scanno.sh: checksum verified, else
# built from this source. The releases are looked up on the GitHub repository this clone came
# from; SCANNO_RELEASE_URL (and SCANNO_VERSION) override that.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dest="$here/.scanno-install"
bin="$dest/bin/scanno"
[ -f "$bin.exe" ] && bin="$bin.exe"
if [ ! -x "$bin" ]; then
  version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$here/Cargo.toml" | head -n 1)
  repository=""
  origin=$(git -C "$here" remote get-url origin 2>/dev/null || true)
  case "$origin" in
    *github.com[:/]*)
      repository=${origin#*github.com[:/]}
      repository=${repository%.git}
      ;;
  esac
  # Installed into a fresh folder and moved into place, so that a run cut short leaves nothing.
  stage=$(mktemp -d "$here/.scanno-install.XXXXXX")
  bin=$(SCANNO_VERSION=${SCANNO_VERSION-v$version} SCANNO_REPOSITORY=$repository \
    SCANNO_SOURCE=$here bash "$here/tools/install-scanno.sh" "$stage" | tail -n 1)
  if [ -e "$dest" ]; then rm -rf "$stage"; else mv "$stage" "$dest"; fi
  bin="$dest/bin/${bin##*/}"
fi
exec "$bin" "$@"
