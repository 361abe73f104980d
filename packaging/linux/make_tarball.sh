#!/usr/bin/env bash
# Wrap dist/safehaven (the PyInstaller bundle) into dist/SafeHaven-<version>-linux-<arch>.tar.gz
# with the desktop entry, AppStream metadata, icons and an install script.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
[[ -x dist/safehaven/safehaven ]] || { echo "make_tarball: build dist/safehaven first" >&2; exit 1; }
VERSION="$(dist/safehaven/safehaven --version | awk '{print $2}')"
NAME="SafeHaven-$VERSION-linux-$(uname -m)"
STAGE="build/$NAME"
APP_ID=org.safehaven.SafeHaven

rm -rf "$STAGE"
mkdir -p "$STAGE/share/applications" "$STAGE/share/metainfo" \
    "$STAGE/share/icons/hicolor/scalable/apps"
cp -a dist/safehaven "$STAGE/safehaven"
cp packaging/linux/$APP_ID.desktop "$STAGE/share/applications/"
cp packaging/linux/$APP_ID.metainfo.xml "$STAGE/share/metainfo/"
cp resources/icons/safehaven.svg "$STAGE/share/icons/hicolor/scalable/apps/$APP_ID.svg"
for size in 16 24 32 48 64 128 256 512; do
    mkdir -p "$STAGE/share/icons/hicolor/${size}x${size}/apps"
    cp "resources/icons/app/safehaven-$size.png" \
        "$STAGE/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
done
cp packaging/linux/install.sh "$STAGE/install.sh"
cp packaging/linux/README.txt "$STAGE/README.txt"
chmod +x "$STAGE/install.sh"

tar -C build -czf "dist/$NAME.tar.gz" "$NAME"
echo "dist/$NAME.tar.gz ($(du -m "dist/$NAME.tar.gz" | cut -f1) MB)"
