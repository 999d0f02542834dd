#!/usr/bin/env bash
# Builds neokit for one target and packs it for a release: the binary, README.md, the licences,
# the man page and shell completions, in dist/neokit-<version>-<target>.tar.gz (.zip on
# Windows), with its checksum in dist/<archive>.sha256. The release workflow (.github/workflows/release.yml) runs it
# once per target; .ci/run runs it for this machine's target.
#   scripts/release.sh [TARGET]     (default: the host, built into target/release)
# Needs Rust 1.89+, a C compiler and make (jemalloc and typst's stack switching build C).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:-}
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
if [ -n "$target" ]; then
  cargo build --release --locked --target "$target"
  bin_dir=target/$target/release
else
  cargo build --release --locked
  bin_dir=target/release
  target=$(rustc -vV | sed -n 's/^host: //p')
fi
exe=neokit
case "$target" in *windows*) exe=neokit.exe ;; esac

# The man page and completions, written by the binary itself when it runs here (else by the
# host's build, which has the same commands).
runner="$bin_dir/$exe"
"$runner" --version >/dev/null 2>&1 || runner=target/release/neokit
[ -x "$runner" ] || cargo build --release --locked
mkdir -p target/assets
"$runner" man > target/assets/neokit.1
"$runner" completions bash > target/assets/neokit.bash
"$runner" completions zsh > target/assets/_neokit
"$runner" completions fish > target/assets/neokit.fish
"$runner" completions powershell > target/assets/_neokit.ps1

name=neokit-$version-$target
stage=dist/$name
rm -rf "$stage"
mkdir -p "$stage/completions"
cp "$bin_dir/$exe" README.md LICENSE-MIT LICENSE-APACHE CHANGELOG.md "$stage/"
cp target/assets/neokit.1 "$stage/"
cp target/assets/neokit.bash target/assets/_neokit target/assets/neokit.fish target/assets/_neokit.ps1 "$stage/completions/"
case "$target" in
  *windows*) (cd dist && rm -f "$name.zip" && python3 -c "import shutil,sys; shutil.make_archive(sys.argv[1], 'zip', '.', sys.argv[1])" "$name") ; archive=$name.zip ;;
  *) tar -C dist -czf "dist/$name.tar.gz" "$name" ; archive=$name.tar.gz ;;
esac
rm -rf "$stage"
# Its checksum beside it; the release joins them into SHA256SUMS.
(cd dist && if command -v sha256sum >/dev/null; then sha256sum "$archive"; else shasum -a 256 "$archive"; fi > "$archive.sha256")
echo "dist/$archive"
