#!/usr/bin/env bash
# Build the Linux bundle and prove it runs on its own, without the virtual environment's Python.
#
#   packaging/smoke_test.sh            # build from this working tree (CI runs on a fresh clone)
#   packaging/smoke_test.sh --fresh    # first clone HEAD into a temporary folder and build there
#   SMOKE_SKIP_BUILD=1 packaging/smoke_test.sh   # test an existing dist/safehaven
#
# Steps: `make package`; copy dist/safehaven to a scratch folder; with an empty environment
# (no PYTHONPATH/PYTHONHOME/VIRTUAL_ENV, PATH without any venv) run --version, `demo`, `check`,
# `audit verify`, `letter` and `export` (the last two when this build has those commands), and
# start the window offscreen for a few seconds. Prints the bundle size and the build time.
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/safehaven-smoke.XXXXXX")"
trap 'rm -rf "$SCRATCH"' EXIT
FAILURES=0

say() { printf 'smoke: %s\n' "$*"; }
fail() { printf 'smoke: FAIL %s\n' "$*" >&2; FAILURES=$((FAILURES + 1)); }

if [[ "${1:-}" == "--fresh" ]]; then
    git clone --quiet --no-hardlinks "$REPO" "$SCRATCH/src"
    REPO="$SCRATCH/src"
fi
cd "$REPO"

if [[ -z "${SMOKE_SKIP_BUILD:-}" ]]; then
    start=$(date +%s)
    make package >"$SCRATCH/build.log" 2>&1 || { tail -40 "$SCRATCH/build.log"; exit 1; }
    say "build time $(( $(date +%s) - start )) s"
fi
[[ -x dist/safehaven/safehaven ]] || { echo "smoke: no dist/safehaven/safehaven" >&2; exit 1; }
say "bundle size $(du -sm dist/safehaven | cut -f1) MB ($(find dist/safehaven -type f | wc -l) files)"

# A copy away from the source tree, so nothing can be picked up from the checkout or the venv.
cp -a dist/safehaven "$SCRATCH/bundle"
APP="$SCRATCH/bundle/safehaven"
HOME_DIR="$SCRATCH/home"
mkdir -p "$HOME_DIR"
VAULT="$SCRATCH/vault"
OUT="$SCRATCH/out"
mkdir -p "$OUT"

# The bundled program must not depend on anything from the build machine's Python.
run() {
    env -i HOME="$HOME_DIR" PATH=/usr/bin:/bin LANG=C.UTF-8 SAFEHAVEN_LOG_DIR="$HOME_DIR/logs" \
        QT_QPA_PLATFORM=offscreen SAFEHAVEN_PASSWORD=safehaven-demo "$APP" "$@"
}

if ldd "$APP" | grep -q "libpython"; then
    ldd "$APP" | grep libpython | grep -q "$SCRATCH/bundle" || fail "libpython is not the bundled one"
fi

version="$(run --version)" && say "version: $version" || fail "--version"
[[ "$version" == SafeHaven* ]] || fail "unexpected --version output: $version"

start=$(date +%s)
run demo --data-dir "$VAULT" --clients 200 >"$OUT/demo.txt" && say "demo vault created" \
    || fail "demo"
say "demo vault time $(( $(date +%s) - start )) s"
run check --data-dir "$VAULT" >/dev/null && say "check ok" || fail "check"
run audit verify --data-dir "$VAULT" --user admin >/dev/null && say "audit verify ok" \
    || fail "audit verify"

commands="$(run --help)"
if grep -qw letter <<<"$commands"; then
    # Demo referrals come in every state; some lack consent and are refused, as they should be.
    # Print the first one the consent gate allows, in English and in Spanish.
    letter_id=""
    for id in $(seq "${SMOKE_REFERRAL:-1}" 60); do
        if run letter --data-dir "$VAULT" --user supervisor --referral "$id" \
            --out "$OUT/letter.pdf" >/dev/null 2>"$OUT/letter.err"; then
            letter_id=$id
            break
        fi
    done
    # The Spanish one is also password-protected (AES-256), which exercises the bundled pypdf.
    printf 'smoke-test-pdf-password\n' >"$OUT/pdf-password"
    if [[ -n "$letter_id" ]] && head -c 5 "$OUT/letter.pdf" | grep -q '%PDF-' \
        && run letter --data-dir "$VAULT" --user supervisor --referral "$letter_id" \
            --language es --pdf-password-file "$OUT/pdf-password" --out "$OUT/carta.pdf" \
            >/dev/null \
        && head -c 5 "$OUT/carta.pdf" | grep -q '%PDF-' && grep -aq '/Encrypt' "$OUT/carta.pdf"; then
        say "letter ok for referral $letter_id (en $(wc -c <"$OUT/letter.pdf") bytes," \
            "es encrypted $(wc -c <"$OUT/carta.pdf") bytes)"
    else
        cat "$OUT/letter.err" >&2
        fail "letter"
    fi
else
    say "SKIPPED letter: this build has no \`letter\` command yet"
fi
if grep -qw export <<<"$commands"; then
    period="${SMOKE_PERIOD:-$(( $(date +%Y) - 1 ))-H1}"
    mkdir -p "$OUT/export"
    if run export --data-dir "$VAULT" --user director --period "$period" --out "$OUT/export" \
        && [[ -s "$OUT/export/manifest.json" && -s "$OUT/export/tables.csv" ]] \
        && head -c 5 "$OUT/export/summary.pdf" | grep -q '%PDF-'; then
        say "export ok for $period: $(cd "$OUT/export" && ls | tr '\n' ' ')"
    else
        fail "export"
    fi
else
    say "SKIPPED export: this build has no \`export\` command yet"
fi

# The window: start it offscreen and make sure it is still alive after a few seconds
# (a missing Qt plugin or library makes it exit at once).
if [[ ! -f "$REPO/safehaven/app.py" ]]; then
    say "SKIPPED window: this build has no safehaven/app.py yet"
else
    env -i HOME="$HOME_DIR" PATH=/usr/bin:/bin LANG=C.UTF-8 SAFEHAVEN_LOG_DIR="$HOME_DIR/logs" \
        QT_QPA_PLATFORM=offscreen "$APP" gui --data-dir "$VAULT" >"$OUT/gui.log" 2>&1 &
    gui=$!
    sleep 5
    if kill -0 "$gui" 2>/dev/null; then
        say "window started offscreen"
        kill "$gui"
        wait "$gui" 2>/dev/null || true
    else
        wait "$gui" || true
        cat "$OUT/gui.log" >&2
        fail "window did not stay up"
    fi
fi

if (( FAILURES )); then
    say "$FAILURES step(s) failed"
    exit 1
fi
say "all steps passed"
