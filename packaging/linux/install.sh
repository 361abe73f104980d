#!/usr/bin/env bash
# Install SafeHaven from this unpacked folder.
#   ./install.sh            for the current user: ~/.local/opt/safehaven, ~/.local/bin/safehaven
#   sudo ./install.sh --system   for everyone: /opt/safehaven, /usr/local/bin/safehaven
#   ./install.sh --uninstall [--system]
# Your vault (the data folder) is never touched by installing, upgrading or uninstalling.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
APP_ID=org.safehaven.SafeHaven
SYSTEM=0
UNINSTALL=0
for arg in "$@"; do
    case "$arg" in
        --system) SYSTEM=1 ;;
        --uninstall) UNINSTALL=1 ;;
        *) echo "usage: $0 [--system] [--uninstall]" >&2; exit 2 ;;
    esac
done
if (( SYSTEM )); then
    OPT=/opt/safehaven; BIN=/usr/local/bin; SHARE=/usr/local/share
else
    OPT="$HOME/.local/opt/safehaven"; BIN="$HOME/.local/bin"; SHARE="${XDG_DATA_HOME:-$HOME/.local/share}"
fi

remove() {
    rm -rf "$OPT"
    rm -f "$BIN/safehaven" "$SHARE/applications/$APP_ID.desktop" "$SHARE/metainfo/$APP_ID.metainfo.xml"
    find "$SHARE/icons/hicolor" -name "$APP_ID.*" -delete 2>/dev/null || true
}

remove
if (( UNINSTALL )); then
    echo "SafeHaven removed (your data folder was left in place)."
    exit 0
fi
mkdir -p "$OPT" "$BIN" "$SHARE"
cp -a "$HERE/safehaven/." "$OPT/"
ln -sf "$OPT/safehaven" "$BIN/safehaven"
cp -a "$HERE/share/." "$SHARE/"
sed -i "s|^Exec=safehaven|Exec=$OPT/safehaven|" "$SHARE/applications/$APP_ID.desktop"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$SHARE/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" || true
echo "SafeHaven installed in $OPT; start it from the applications menu or with: $BIN/safehaven"
