#!/usr/bin/env bash
# Makes the release: the Native AOT binary of tollgate and its archive, and the .NET tool packages.
#   eng/publish.sh [OUT]        (default OUT: artifacts/release)
# OUT/linux-x64/                the published binary (tollgate, with libe_sqlite3.so beside it)
# OUT/tollgate-VERSION-linux-x64.tar.gz
# OUT/tool/                     tollgate.VERSION.nupkg (pointer), tollgate.linux-x64.VERSION.nupkg (native),
#                               tollgate.any.VERSION.nupkg (framework-dependent fallback for other platforms)
# TOLLGATE_SKIP_FALLBACK=1 skips the fallback package (eng/test.d/release.sh does: the tests install the native one).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(mkdir -p "${1:-$root/artifacts/release}" && cd "${1:-$root/artifacts/release}" && pwd)"
rid=linux-x64
project="$root/src/Tollgate.Cli/Tollgate.Cli.csproj"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
quiet=(-c Release -nologo -v q -clp:ErrorsOnly)

rm -rf "$out/$rid" "$out/tool"
mkdir -p "$out/tool"
# The native package and the published binary come from one Native AOT compilation: pack -r reuses publish's output.
dotnet publish "$project" -r "$rid" -o "$out/$rid" "${quiet[@]}"
rm -f "$out/$rid"/*.dbg "$out/$rid"/*.pdb
dotnet pack "$project" -r "$rid" -o "$out/tool" "${quiet[@]}"
dotnet pack "$project" -o "$out/tool" "${quiet[@]}"
if [ "${TOLLGATE_SKIP_FALLBACK:-0}" != 1 ]; then
  dotnet pack "$project" -r any -p:PublishAot=false -o "$out/tool" "${quiet[@]}"
fi

version="$("$out/$rid/tollgate" --version)"
archive="$out/tollgate-$version-$rid.tar.gz"
tar -czf "$archive" -C "$out/$rid" tollgate libe_sqlite3.so -C "$root" README.md
echo "$archive"
ls "$out/tool"/*.nupkg
