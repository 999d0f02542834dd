#!/usr/bin/env bash
# Packs the release build as a Debian package: /usr/bin/neokit (stripped), the man page,
# bash/zsh/fish completions, README.md, the licences and a copyright file, in
# OUTDIR/neokit_<version>_<arch>.deb (default target/debian). Run scripts/release.sh first: it
# builds target/release/neokit and writes the man page and completions into target/assets/.
# .ci/run builds, installs and uses the package; the release workflow attaches it to a release.
#   scripts/deb.sh [OUTDIR] [TARGET]    (TARGET: as given to scripts/release.sh; default the host)
# Needs dpkg-deb, objdump and strip (Debian's dpkg and binutils).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/debian}
target=${2:-}
bin=target/${target:+$target/}release/neokit
for file in "$bin" target/assets/neokit.1 target/assets/neokit.bash target/assets/_neokit target/assets/neokit.fish; do
  [ -f "$file" ] || { echo "deb.sh: $file is missing: run scripts/release.sh first" >&2; exit 1; }
done
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
arch=$(dpkg --print-architecture)
# File dates in the package: the last commit's, so that the same commit packs the same bytes.
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}

root=$(mktemp -d)
chmod 755 "$root"
trap 'rm -rf "$root"' EXIT
doc=$root/usr/share/doc/neokit
install -d "$root/DEBIAN" "$root/usr/bin" "$doc" "$root/usr/share/man/man1" \
  "$root/usr/share/bash-completion/completions" "$root/usr/share/zsh/vendor-completions" \
  "$root/usr/share/fish/vendor_completions.d"
install -m 755 "$bin" "$root/usr/bin/neokit"
strip --strip-unneeded "$root/usr/bin/neokit"
install -m 644 README.md LICENSE-MIT LICENSE-APACHE "$doc/"
cat > "$doc/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: neokit
Copyright: the neokit authors
License: MIT or Apache-2.0

Files: *
Copyright: the neokit authors
License: MIT or Apache-2.0
 The texts of both licences are in /usr/share/doc/neokit/LICENSE-MIT and
 /usr/share/doc/neokit/LICENSE-APACHE.
EOF
gzip -9n < target/assets/neokit.1 > "$root/usr/share/man/man1/neokit.1.gz"
install -m 644 target/assets/neokit.bash "$root/usr/share/bash-completion/completions/neokit"
install -m 644 target/assets/_neokit "$root/usr/share/zsh/vendor-completions/_neokit"
install -m 644 target/assets/neokit.fish "$root/usr/share/fish/vendor_completions.d/neokit.fish"

# What the binary links to: the C library, at the newest symbol version it uses, and the GCC
# runtime when it is linked dynamically.
glibc=$(objdump -T "$bin" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/^GLIBC_//' | sort -uV | tail -n 1)
depends="libc6 (>= $glibc)"
if objdump -p "$bin" | grep -q 'NEEDED *libgcc_s'; then
  depends="$depends, libgcc-s1"
fi
size=$(du -sk --exclude=DEBIAN "$root" | cut -f 1)
cat > "$root/DEBIAN/control" <<EOF
Package: neokit
Version: $version
Architecture: $arch
Section: web
Priority: optional
Maintainer: neokit maintainers <neokit@example.org>
Installed-Size: $size
Depends: $depends
Description: A static site generator for onboarding kits written in GitBook-flavoured Markdown
 Builds onboarding kits written in GitBook-flavoured Markdown into static
 websites (and a PDF) that work offline, from a web server or straight from
 disk.
EOF
find "$root" -exec touch -h -d "@$epoch" {} +

mkdir -p "$out"
deb=$out/neokit_${version}_${arch}.deb
SOURCE_DATE_EPOCH=$epoch dpkg-deb --root-owner-group -Zxz -z6 --build "$root" "$deb" >/dev/null
echo "$deb"
