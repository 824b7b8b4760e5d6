#!/usr/bin/env bash
# Installs scanno into DEST/bin: the release binary for this platform when a release is named
# (downloaded with its .sha256 and refused unless the checksum matches), else, or when that
# fails, a build from source (`cargo install --locked --path SOURCE --root DEST`).
# The GitHub Action (action.yml) and the `scanno-release` pre-commit hook use it.
#
#   tools/install-scanno.sh DEST
#
# Environment:
#   SCANNO_VERSION      the release tag to download (e.g. v0.2.0); empty: build from source
#   SCANNO_RELEASE_URL  where the release files are, without the tag
#                       (default https://github.com/$SCANNO_REPOSITORY/releases/download)
#   SCANNO_REPOSITORY   owner/name of the repository that publishes the releases
#   SCANNO_TARGET       the target triple to download (default: this machine's)
#   SCANNO_SOURCE       the source folder to build from (default: this script's repository)
#
# Prints the path of the installed binary on the last line of standard output.
set -euo pipefail

if [ "$#" -ne 1 ]; then
  echo "usage: $0 DEST" >&2
  exit 2
fi
dest=$1
source_dir=${SCANNO_SOURCE:-$(cd "$(dirname "$0")/.." && pwd)}
version=${SCANNO_VERSION:-}
repository=${SCANNO_REPOSITORY:-}
base_url=${SCANNO_RELEASE_URL:-}
if [ -z "$base_url" ] && [ -n "$repository" ]; then
  base_url="https://github.com/$repository/releases/download"
fi

detect_target() {
  local arch os
  case "$(uname -m)" in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=aarch64 ;;
    *) return 1 ;;
  esac
  case "$(uname -s)" in
    Linux) os=unknown-linux-gnu ;;
    Darwin) os=apple-darwin ;;
    MINGW* | MSYS* | CYGWIN* | Windows_NT) os=pc-windows-msvc ;;
    *) return 1 ;;
  esac
  echo "$arch-$os"
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

# Downloads, verifies and unpacks the release archive into DEST/bin; returns non-zero (having
# said why on standard error) when there is no usable release binary.
install_release() {
  local target name archive url expected actual exe
  target=${SCANNO_TARGET:-$(detect_target)} || {
    echo "scanno: no release binary for $(uname -s) $(uname -m)" >&2
    return 1
  }
  name="scanno-$version-$target"
  case "$target" in
    *windows*) archive="$name.zip" exe=scanno.exe ;;
    *) archive="$name.tar.gz" exe=scanno ;;
  esac
  url="$base_url/$version/$archive"
  echo "scanno: downloading $url" >&2
  if ! curl -fsSL --retry 3 -o "$tmp/$archive" "$url" ||
    ! curl -fsSL --retry 3 -o "$tmp/$archive.sha256" "$url.sha256"; then
    echo "scanno: could not download the release $version for $target" >&2
    return 1
  fi
  expected=$(cut -d' ' -f1 <"$tmp/$archive.sha256")
  actual=$(sha256_of "$tmp/$archive")
  if [ -z "$expected" ] || [ "$expected" != "$actual" ]; then
    echo "scanno: checksum mismatch for $archive (expected ${expected:-nothing}, got $actual): refusing the downloaded binary" >&2
    return 1
  fi
  case "$archive" in
    *.zip)
      if command -v unzip >/dev/null 2>&1; then
        unzip -q "$tmp/$archive" -d "$tmp"
      else
        7z x -bd -o"$tmp" "$tmp/$archive" >/dev/null
      fi
      ;;
    *) tar -xzf "$tmp/$archive" -C "$tmp" ;;
  esac
  if [ ! -f "$tmp/$name/$exe" ]; then
    echo "scanno: $archive holds no $name/$exe" >&2
    return 1
  fi
  mkdir -p "$dest/bin"
  mv -f "$tmp/$name/$exe" "$dest/bin/$exe"
  chmod 755 "$dest/bin/$exe"
  echo "scanno: installed the release binary $version ($target), checksum verified" >&2
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -n "$version" ] && [ -n "$base_url" ] && install_release; then
  :
else
  if [ -n "$version" ]; then
    echo "scanno: building from source instead (cargo install --path $source_dir)" >&2
  else
    echo "scanno: no release named: building from source (cargo install --path $source_dir)" >&2
  fi
  cargo install --locked --path "$source_dir" --root "$dest"
fi
if [ -f "$dest/bin/scanno.exe" ]; then
  echo "$dest/bin/scanno.exe"
else
  echo "$dest/bin/scanno"
fi
