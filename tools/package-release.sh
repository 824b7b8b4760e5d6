#!/usr/bin/env bash
# Packs a built scanno binary for a release: an archive named after the version and the target
# (a .tar.gz, or a .zip for Windows) holding a folder with the binary and README.md, and beside
# it ARCHIVE.sha256 (`sha256sum` format). The release workflow (.github/workflows/release.yml)
# runs it on each platform; a local dry run uses it the same way:
#
#   cargo build --profile dist
#   tools/package-release.sh v0.1.0 x86_64-unknown-linux-gnu target/dist/scanno dist/
#
# Prints the archive's path.
set -euo pipefail

if [ "$#" -ne 4 ]; then
  echo "usage: $0 VERSION TARGET BINARY OUT_DIR" >&2
  exit 2
fi
version=$1 target=$2 binary=$3 out=$4
root=$(cd "$(dirname "$0")/.." && pwd)
name="scanno-$version-$target"

mkdir -p "$out"
out=$(cd "$out" && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$name"
case "$target" in
  *windows*) exe=scanno.exe ;;
  *) exe=scanno ;;
esac
cp "$binary" "$stage/$name/$exe"
chmod 755 "$stage/$name/$exe"
cp "$root/README.md" "$stage/$name/"

case "$target" in
  *windows*)
    archive="$name.zip"
    rm -f "$out/$archive"
    if command -v 7z >/dev/null 2>&1; then
      (cd "$stage" && 7z a -tzip -bd "$out/$archive" "$name" >/dev/null)
    else
      (cd "$stage" && zip -qr "$out/$archive" "$name")
    fi
    ;;
  *)
    archive="$name.tar.gz"
    # Sorted, owned by root, no timestamps beyond the files': the same inputs give the same bytes.
    tar_flags=()
    if tar --version 2>/dev/null | grep -q GNU; then
      tar_flags=(--sort=name --owner=0 --group=0 --numeric-owner)
    fi
    (cd "$stage" && tar ${tar_flags[@]+"${tar_flags[@]}"} -cf - "$name" | gzip -9n >"$out/$archive")
    ;;
esac

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1"; else shasum -a 256 "$1"; fi
}
(cd "$out" && sha256 "$archive" >"$archive.sha256")
echo "$out/$archive"
