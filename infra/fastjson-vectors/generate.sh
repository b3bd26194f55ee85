#!/usr/bin/env bash
# Regenerates libs/qt/test-vectors/sign-vectors.json with the real fastjson 1.2.83.
#
#   bash infra/fastjson-vectors/generate.sh [folder of push XML files ...]
#
# With no folder given, ../shared/samples/pushes is signed too when it exists.
#
# -Dfile.encoding=UTF-8 matters: QT's MD5Util hashes s.getBytes(), i.e. the platform default
# charset; QT's servers and this project both mean UTF-8.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="$repo/libs/qt/test-vectors/sign-vectors.json"
classpath_file="$here/target/classpath.txt"

folders=("$@")
if [[ ${#folders[@]} -eq 0 && -d "$repo/../shared/samples/pushes" ]]; then
  folders=("$repo/../shared/samples/pushes")
fi

mvn -q -B -f "$here/pom.xml" compile dependency:build-classpath -Dmdep.outputFile="$classpath_file" >&2
mkdir -p "$(dirname "$out")"
java -Dfile.encoding=UTF-8 -cp "$here/target/classes:$(cat "$classpath_file")" \
  dev.oarelay.vectors.SignVectorsMain "${folders[@]}" >"$out"
# The repository's formatter owns layout; escapes and values are left as written.
(cd "$repo" && npx prettier --log-level warn --write "$out")
echo "wrote $out" >&2
