#!/usr/bin/env bash
# Interop: auth0-tok `request`, `probe` and `call` against a real FastAPI
# app protected by auth0-fastapi-api (from PyPI), and Authlib's OAuth client
# against `mock serve`'s user flows. See tests/interop/README.md.
#
#   bash tests/interop/run.sh              # after `cargo build` (or cargo test)
#   AUTH0_TOK_BIN=/path/to/auth0-tok bash tests/interop/run.sh
#
# Exit 0: every answer agrees and every probe finding is the one listed in
# probe_check.py, and Authlib's flows all pass authlib_check.py (or PyPI is
# unreachable: printed as skipped).
# Exit 1: a disagreement, a broken case, a probe finding that changed, or
# pip failing for a reason other than the network. Exit 2: the set-up is wrong (no binary, no python3).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BIN=${AUTH0_TOK_BIN:-$ROOT/target/debug/auth0-tok}
PYTHON=${INTEROP_PYTHON:-python3}
VENV=${INTEROP_VENV:-$ROOT/target/interop-venv}
REQUIREMENTS=tests/interop/requirements.txt

if [ ! -x "$BIN" ]; then
  echo "interop: $BIN is not an executable; run \`cargo build\` first or set AUTH0_TOK_BIN" >&2
  exit 2
fi
if ! command -v "$PYTHON" >/dev/null; then
  echo "interop: $PYTHON not found (set INTEROP_PYTHON)" >&2
  exit 2
fi
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")

# --- the venv, reused while requirements.txt and the interpreter are unchanged
want=$({ sha256sum "$REQUIREMENTS"; "$PYTHON" -c 'import sys; print(sys.version)'; } | sha256sum | cut -d' ' -f1)
if [ "$(cat "$VENV/.requirements.sha256" 2>/dev/null || true)" != "$want" ]; then
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  # Can the index be reached at all? (pip reports an unreachable index as
  # "no matching distribution", like a pin that does not exist.)
  index=${PIP_INDEX_URL:-$("$VENV/bin/python" -m pip config get global.index-url 2>/dev/null || echo https://pypi.org/simple)}
  if ! reason=$("$VENV/bin/python" - "$index" <<'PY'
import sys, urllib.error, urllib.request
url = sys.argv[1].rstrip("/") + "/auth0-fastapi-api/"
try:
    urllib.request.urlopen(url, timeout=20).close()
except urllib.error.HTTPError:
    pass  # an answer: reachable; pip reports what is wrong
except (urllib.error.URLError, OSError) as e:
    print(f"{url}: {getattr(e, 'reason', e)}")
    sys.exit(1)
PY
  ); then
    rm -rf "$VENV"
    echo "interop: skipped: PyPI unreachable ($reason)"
    exit 0
  fi
  pip_log=$(mktemp)
  if ! "$VENV/bin/python" -m pip install --disable-pip-version-check --no-input \
    --retries 2 --timeout 20 -r "$REQUIREMENTS" >"$pip_log" 2>&1; then
    # A network failure skips; anything else (a pin that does not exist, a
    # conflict, a build failure) is a failure of this suite.
    network='Temporary failure in name resolution|Name or service not known|Network is unreachable|No route to host|Connection refused|Read timed out|ConnectTimeoutError|NewConnectionError|ProxyError|Max retries exceeded'
    if reason=$(grep -oE "$network" "$pip_log" | head -n1) && [ -n "$reason" ]; then
      rm -rf "$VENV" "$pip_log"
      echo "interop: skipped: PyPI unreachable ($reason)"
      exit 0
    fi
    cat "$pip_log" >&2
    rm -f "$pip_log"
    rm -rf "$VENV"
    echo "interop: FAILED: pip could not install $REQUIREMENTS (not a network error; see above)" >&2
    exit 1
  fi
  rm -f "$pip_log"
  echo "$want" >"$VENV/.requirements.sha256"
fi
PY=$VENV/bin/python

# --- processes, stopped on any exit
WORK=$(mktemp -d "${TMPDIR:-/tmp}/auth0-tok-interop.XXXXXX")
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# auth0-tok and the app see none of the caller's AUTH0_* settings, no .env
# (they run in $WORK) and a throw-away HOME.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep -E '^(AUTH0_|NO_COLOR$)' || true)
export HOME=$WORK/home
mkdir -p "$HOME"
cd "$WORK"

# Waits for the first stdout line of a background process, its base URL,
# and sets URL to it.
first_line() {
  local file=$1 pid=$2 what=$3 i
  for i in $(seq 1 100); do
    if [ -s "$file" ] && head -n1 "$file" | grep -q '^http'; then
      URL=$(head -n1 "$file")
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  echo "interop: $what did not start:" >&2
  cat "$file" "$file.err" >&2 2>/dev/null || true
  return 1
}

DOMAIN=interop.auth0-tok.test
AUDIENCE=https://api.example.com
OTHER_AUDIENCE=https://other.example.com
SECRET=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(24))')
"$PY" -c '
import sys
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
open(sys.argv[1], "wb").write(key.private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
' "$WORK/signing.pem"

start_mock() {
  local name=$1
  shift
  "$BIN" mock serve --issuer "https://$DOMAIN/" --signing-key "$WORK/signing.pem" \
    --client "ci:$SECRET" --audience "$AUDIENCE" --audience "$OTHER_AUDIENCE" \
    --scope read:messages --scope write:messages "$@" >"$WORK/$name.out" 2>"$WORK/$name.out.err" &
  PIDS+=($!)
  first_line "$WORK/$name.out" $! "mock serve ($name)"
}
start_mock tenant
TENANT_URL=$URL
# The same key and issuer, every token issued a day and an hour ago: expired.
start_mock expired --backdate 90000
EXPIRED_TENANT_URL=$URL

start_app() {
  local name=$1 mode=$2 trust=$3
  INTEROP_DOMAIN=$DOMAIN INTEROP_TENANT_URL=$TENANT_URL INTEROP_AUDIENCE=$AUDIENCE \
    INTEROP_DPOP_MODE=$mode INTEROP_TRUST_PROXY=$trust INTEROP_SCOPE=read:messages \
    "$PY" "$ROOT/tests/interop/app.py" >"$WORK/$name.out" 2>"$WORK/$name.out.err" &
  PIDS+=($!)
  first_line "$WORK/$name.out" $! "the FastAPI app ($name)"
}
start_app allowed allowed 0
APP_ALLOWED=$URL
start_app required required 0
APP_REQUIRED=$URL
start_app disabled disabled 0
APP_DISABLED=$URL
start_app proxy allowed 1
APP_PROXY=$URL

export AUTH0_TOK_BIN=$BIN INTEROP_WORK=$WORK INTEROP_DOMAIN=$DOMAIN INTEROP_SECRET=$SECRET
export INTEROP_AUDIENCE=$AUDIENCE INTEROP_OTHER_AUDIENCE=$OTHER_AUDIENCE INTEROP_SCOPE=read:messages
export INTEROP_TENANT_URL=$TENANT_URL INTEROP_EXPIRED_TENANT_URL=$EXPIRED_TENANT_URL
export INTEROP_APP_ALLOWED=$APP_ALLOWED INTEROP_APP_REQUIRED=$APP_REQUIRED
export INTEROP_APP_DISABLED=$APP_DISABLED INTEROP_APP_PROXY=$APP_PROXY
# In the background, so a TERM stops it at once (the trap kills it too).
"$PY" "$ROOT/tests/interop/compare.py" &
PIDS+=($!)
wait $!

# probe and call against the same real app: what auth0-tok says of an API
# protected by Auth0's own SDK. The tokens come from the mock tenant the app
# trusts (a DPoP-bound one for a key the probe holds). probe_check.py holds
# every finding to the verdict it must have, the SDK's known gaps listed.
mock_token() { # AUDIENCE [DPOP_KEY]
  local proof=""
  if [ -n "${2:-}" ]; then
    proof=$("$BIN" dpop proof --key "$2" --htm POST --htu "${TENANT_URL}oauth/token")
  fi
  "$PY" - "$TENANT_URL" "$SECRET" "$1" "$proof" <<'PY'
import sys, httpx
tenant, secret, audience, proof = sys.argv[1:]
r = httpx.post(f"{tenant}oauth/token", data={"grant_type": "client_credentials",
    "client_id": "ci", "client_secret": secret, "audience": audience},
    headers={"DPoP": proof} if proof else {}, timeout=10)
r.raise_for_status()
body = r.json()
if proof and body.get("token_type", "").lower() != "dpop":
    sys.exit(f"the mock tenant did not bind the token: {body.get('token_type')!r}")
print(body["access_token"], end="")
PY
}
probe_app() { # MODE URL [probe options]
  local mode=$1 url=$2 code
  shift 2
  echo "interop: auth0-tok probe${*:+ $*} $url ($mode)"
  set +e
  "$BIN" --json probe --token - --rate 50 --junit "$WORK/probe-$mode.xml" "$@" "$url" \
    <"$WORK/probe-$mode-token.txt" >"$WORK/probe-$mode.json" 2>"$WORK/probe-$mode.err"
  code=$?
  set -e
  if ! "$PY" "$ROOT/tests/interop/probe_check.py" "$mode" "$WORK/probe-$mode.json" \
    "$WORK/probe-$mode.xml" "$code"; then
    cat "$WORK/probe-$mode.json" "$WORK/probe-$mode.err" >&2
    exit 1
  fi
}
mock_token "$AUDIENCE" >"$WORK/probe-bearer-token.txt"
probe_app bearer "${APP_ALLOWED}messages"
"$BIN" dpop keygen --out "$WORK/probe-dpop.pem" >/dev/null
for mode in allowed required; do
  mock_token "$AUDIENCE" "$WORK/probe-dpop.pem" >"$WORK/probe-dpop-$mode-token.txt"
done
probe_app dpop-allowed "${APP_ALLOWED}messages" --dpop --key "$WORK/probe-dpop.pem"
probe_app dpop-required "${APP_REQUIRED}messages" --dpop --key "$WORK/probe-dpop.pem"
echo "interop: auth0-tok call with a token for another audience: the SDK answers 401"
mock_token "$OTHER_AUDIENCE" >"$WORK/other-token.txt"
set +e
"$BIN" call --token - --audience "$AUDIENCE" "${APP_ALLOWED}messages" <"$WORK/other-token.txt" >/dev/null 2>"$WORK/call.err"
call_code=$?
set -e
cat "$WORK/call.err"
# The SDK comparison itself needs the tenant's discovery at the issuer's
# host, which is made up here (tests/cases/call.rs covers it against the
# mock); the SDK's own challenge is shown all the same.
if [ "$call_code" != 1 ] || ! grep -q "401 Unauthorized" "$WORK/call.err" \
  || ! grep -q '^WWW-Authenticate: Bearer error="invalid_token"' "$WORK/call.err" \
  || ! grep -q 'your API said 401 invalid_token (.*); no SDK comparison: no tenant' "$WORK/call.err"; then
  echo "interop: call should exit 1 on the SDK's 401 and show its challenge; it exited $call_code" >&2
  exit 1
fi
echo "interop: probe and call: ok"

# An independent OAuth client, Authlib (in the same venv), logs in to its own
# mock tenant: authorization code + PKCE, refresh, the device flow; every
# token it gets verifies with Authlib's jose and with `auth0-tok verify`.
echo "interop: Authlib against mock serve's user flows"
"$PY" "$ROOT/tests/interop/authlib_check.py" "$BIN" &
PIDS+=($!)
wait $!
