#!/usr/bin/env bash
# Compares the output of two scanno binaries, byte for byte, over a matrix of commands and
# corpora: every machine format of `check`, `--statistics`, `--diff`, `stats` and `names`.
# Used to show that a refactoring leaves the output unchanged.
#
#   tools/same-output.sh OLD_BIN NEW_BIN CORPUS...      (from the project root)
#
# A CORPUS is a file or a folder. Each run is made from the project root, with the config found
# there. Prints one line per run (sha256 of stdout and the exit code, `same` or `DIFFERS`) and
# exits 1 if any run differs. The outputs of a differing run are kept in $OUT (default
# target/same-output/).
set -uo pipefail
[[ $# -ge 3 ]] || { echo "usage: same-output.sh OLD_BIN NEW_BIN CORPUS..." >&2; exit 2; }
old=$(realpath "$1") new=$(realpath "$2"); shift 2
out=${OUT:-target/same-output}
mkdir -p "$out"
differs=0
run() { # label, then the arguments after the binary
  local label=$1; shift
  local a b ra rb
  "$old" "$@" >"$out/a" 2>"$out/old.err"; ra=$?
  "$new" "$@" >"$out/b" 2>"$out/new.err"; rb=$?
  a=$(sha256sum <"$out/a" | cut -c1-16) b=$(sha256sum <"$out/b" | cut -c1-16)
  if [[ $a == "$b" && $ra == "$rb" ]]; then
    printf 'same     %s %s exit %s  %s\n' "$a" "$label" "$ra" "$*"
  else
    printf 'DIFFERS  %s/%s %s exit %s/%s  %s\n' "$a" "$b" "$label" "$ra" "$rb" "$*"
    local k=${label//[^a-zA-Z0-9]/_}
    mv "$out/a" "$out/$k.old"; mv "$out/b" "$out/$k.new"
    differs=1
  fi
}
# FORMATS: the `check` formats to compare (all by default); QUICK=1: only those formats.
for c in "$@"; do
  for f in ${FORMATS:-jsonl json sarif rdjson concise github full}; do
    run "$c:$f" check --format "$f" --no-color -j 2 "$c"
  done
  [[ -n ${QUICK:-} ]] && continue
  run "$c:statistics" check --statistics -j 2 "$c"
  run "$c:diff" check --diff --unsafe-fixes -j 2 "$c"
  run "$c:stats" stats -j 2 "$c"
  run "$c:names" names "$c"
  run "$c:jsonl-1thread" check --format jsonl -j 1 "$c"
done
[[ -n ${QUICK:-} ]] && exit $differs
run rules rules
run explain explain ocr/bracket-year
run schema schema
exit $differs
