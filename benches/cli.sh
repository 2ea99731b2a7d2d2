#!/usr/bin/env bash
# Whole-process benchmarks of the auth0-tok binary against raw baselines
# measured in the same run. Prints one line per target with its ratio and
# exits 1 when a target is missed, so a regression is visible.
#
#   bash benches/cli.sh
#
# Needs python3 (timing) and curl; wrk for the mock-tenant load target and
# jwt-cli (`cargo install jwt-cli`, the `jwt` command) for the one-shot
# target — each is skipped, and reported as not measured, when missing.
# Sizes: TOKENS=100000 REQUESTS=50000 PROOFS=100000 RUNS=21 LOAD_SECS=10 ROUNDS=5.
# Nothing leaves 127.0.0.1: the tenant is `auth0-tok mock serve`.
set -euo pipefail
cd "$(dirname "$0")/.."

TOKENS=${TOKENS:-100000}
REQUESTS=${REQUESTS:-50000}
PROOFS=${PROOFS:-100000}
RUNS=${RUNS:-21}
LOAD_SECS=${LOAD_SECS:-10}
ROUNDS=${ROUNDS:-5}
AUD=https://api.example.com
URL=https://api.example.com/messages

cargo build --quiet --release --locked --bin auth0-tok --example bench_data
BIN=$PWD/target/release/auth0-tok
DATA=$PWD/target/release/examples/bench_data

WORK=$(mktemp -d)
MOCK_PID=
cleanup() {
    [ -n "$MOCK_PID" ] && kill "$MOCK_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
# A private home and cache; no settings from the caller's environment.
for v in $(env | grep -o '^AUTH0_[A-Z_]*' || true); do unset "$v"; done
export HOME=$WORK XDG_CACHE_HOME=$WORK/cache NO_COLOR=1

FAILED=0
report() { # name measured target comparison(ge|le) unit-note
    local name=$1 value=$2 target=$3 cmp=$4 note=$5 ok
    if [ "$cmp" = ge ]; then
        ok=$(python3 -c "print(int($value >= $target))")
    else
        ok=$(python3 -c "print(int($value <= $target))")
    fi
    local verdict=met
    if [ "$ok" != 1 ]; then verdict=MISSED; FAILED=1; fi
    printf '%-44s %8s  (target %s %s)  %-6s %s\n' "$name" "$value" \
        "$([ "$cmp" = ge ] && echo '>=' || echo '<=')" "$target" "$verdict" "$note"
}
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
per_sec() { python3 -c "print(round($1 / $2))"; }
median() { python3 -c "import statistics, sys; print(f\"{statistics.median(float(x) for x in sys.argv[1:]):g}\")" "$@"; }

# timed STDIN OUT CMD...: wall seconds, peak RSS (KiB) and CPU seconds
# (user + system; time the host gave to other machines is not counted) of
# one process.
timed() {
    python3 - "$@" <<'PY'
import os, subprocess, sys, time
stdin, out, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(stdin, "rb") as i, open(out, "wb") as o:
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=i, stdout=o)
    _, status, usage = os.wait4(p.pid, 0)
    secs = time.perf_counter() - start
code = os.waitstatus_to_exitcode(status)
if code != 0:
    sys.exit(f"{' '.join(cmd)} exited with {code}")
print(f"{secs:.4f} {usage.ru_maxrss} {usage.ru_utime + usage.ru_stime:.4f}")
PY
}

echo "# auth0-tok whole-process benchmarks ($(nproc) CPUs, $(date -u +%FT%TZ))"
"$DATA" keygen "$WORK"
# The tenant on core 0 (for the load target); the measured commands are not pinned.
taskset -c 0 "$BIN" mock serve --port 0 --signing-key "$WORK/key.pem" \
    --client bench:bench-secret --audience "$AUD" >"$WORK/mock.out" 2>/dev/null &
MOCK_PID=$!
for _ in $(seq 100); do [ -s "$WORK/mock.out" ] && break; sleep 0.05; done
TENANT=$(head -1 "$WORK/mock.out")
curl -sf "${TENANT}.well-known/jwks.json" >"$WORK/jwks.json"
"$DATA" generate "$WORK" "$TENANT" "$TOKENS" "$REQUESTS"
API=(--domain "$TENANT" --audience "$AUD")

# Batch targets: ROUNDS rounds, each measuring the raw baseline and the
# command back to back; the median ratio is reported (the machine is noisy).
# One-thread ratios compare CPU time (the command's user + system time, the
# baseline loop's thread time), which a shared machine's steal time does not
# inflate; the wall-clock ratio is printed beside it.
# --- 3. request --batch: DPoP-bound token + proof per line (run first: proofs age) ---
ratios=(); walls=(); rates=(); raws=()
for _ in $(seq "$ROUNDS"); do
    read -r raw_wall raw < <("$DATA" raw-request "$WORK")
    read -r secs _ cpu < <(timed "$WORK/requests.txt" "$WORK/answers.jsonl" \
        "$BIN" request --batch --jobs 1 --url "$URL" "${API[@]}")
    accepted=$(grep -c '"status":200' "$WORK/answers.jsonl" || true)
    [ "$accepted" = "$REQUESTS" ] || { echo "request --batch accepted $accepted of $REQUESTS"; exit 1; }
    rate=$(per_sec "$REQUESTS" "$cpu")
    ratios+=("$(ratio "$rate" "$raw")"); rates+=("$rate"); raws+=("$raw")
    walls+=("$(ratio "$(per_sec "$REQUESTS" "$secs")" "$raw_wall")")
done
report "3. request --batch / raw RS256+ES256 verify" "$(median "${ratios[@]}")" 0.80 ge \
    "$(median "${rates[@]}") vs $(median "${raws[@]}") requests per CPU-second, 1 thread; wall clock $(median "${walls[@]}")"

# --- 1. verify --batch, warm JWKS ---
ratios=(); walls=(); scaling=(); rates=(); rates2=(); raws=()
for _ in $(seq "$ROUNDS"); do
    read -r raw_wall raw < <("$DATA" raw-rs256 "$WORK")
    read -r secs _ cpu < <(timed "$WORK/tokens.txt" "$WORK/results.jsonl" \
        "$BIN" verify --batch --jobs 1 "${API[@]}")
    valid=$(grep -c '"valid":true' "$WORK/results.jsonl" || true)
    [ "$valid" = "$TOKENS" ] || { echo "verify --batch accepted $valid of $TOKENS"; exit 1; }
    rate1=$(per_sec "$TOKENS" "$secs")
    read -r secs _ < <(timed "$WORK/tokens.txt" /dev/null "$BIN" verify --batch --jobs 2 "${API[@]}")
    rate2=$(per_sec "$TOKENS" "$secs")
    ratios+=("$(ratio "$(per_sec "$TOKENS" "$cpu")" "$raw")"); walls+=("$(ratio "$rate1" "$raw_wall")")
    scaling+=("$(ratio "$rate2" "$rate1")")
    rates+=("$(per_sec "$TOKENS" "$cpu")"); rates2+=("$rate2"); raws+=("$raw")
done
report "1. verify --batch --jobs 1 / raw RS256 verify" "$(median "${ratios[@]}")" 0.85 ge \
    "$(median "${rates[@]}") vs $(median "${raws[@]}") tokens per CPU-second; wall clock $(median "${walls[@]}")"
# Two cores can at most double the work of one: 2.0 is the ceiling, 1.8 the bar.
report "1. verify --batch --jobs 2 / --jobs 1" "$(median "${scaling[@]}")" 1.80 ge \
    "$(median "${rates2[@]}") tokens/s on 2 threads"
head -n $((TOKENS / 10)) "$WORK/tokens.txt" >"$WORK/tokens-tenth.txt"
read -r _ rss_tenth _ < <(timed "$WORK/tokens-tenth.txt" /dev/null \
    "$BIN" verify --batch --jobs 2 "${API[@]}")
read -r _ rss _ < <(timed "$WORK/tokens.txt" /dev/null "$BIN" verify --batch --jobs 2 "${API[@]}")
report "1. verify --batch peak RSS, MiB" "$(python3 -c "print(f'{$rss / 1024:.1f}')")" 30 le \
    "$((TOKENS / 10)) tokens: $((rss_tenth / 1024)) MiB; $TOKENS tokens: $((rss / 1024)) MiB"
report "1. peak RSS growth N/10 -> N, MiB" "$(python3 -c "print(f'{($rss - $rss_tenth) / 1024:.1f}')")" 2 le \
    "constant memory"

# --- 2. dpop proof --count ---
ratios=(); walls=(); rates=(); raws=()
for _ in $(seq "$ROUNDS"); do
    read -r raw_wall raw < <("$DATA" raw-es256-sign "$PROOFS")
    read -r secs _ cpu < <(timed /dev/null "$WORK/proofs.txt" \
        "$BIN" dpop proof --count "$PROOFS" --key "$WORK/dpop.pem" --htm GET --htu "$URL")
    [ "$(wc -l <"$WORK/proofs.txt")" = "$PROOFS" ] || { echo "dpop proof --count: wrong line count"; exit 1; }
    rate=$(per_sec "$PROOFS" "$cpu")
    ratios+=("$(ratio "$rate" "$raw")"); rates+=("$rate"); raws+=("$raw")
    walls+=("$(ratio "$(per_sec "$PROOFS" "$secs")" "$raw_wall")")
done
report "2. dpop proof --count / raw ES256 sign" "$(median "${ratios[@]}")" 0.80 ge \
    "$(median "${rates[@]}") vs $(median "${raws[@]}") proofs per CPU-second (aws-lc-rs); wall clock $(median "${walls[@]}")"

# --- 5. the mock tenant under load (tenant on core 0, wrk on core 1) ---
if command -v wrk >/dev/null; then
    cat >"$WORK/token.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "grant_type=client_credentials&client_id=bench&client_secret=bench-secret&audience=https%3A%2F%2Fapi.example.com"
EOF
    load() { # URL [script]: "requests/s p99 non2xx"
        local out
        out=$(taskset -c 1 wrk -t1 -c16 -d"${LOAD_SECS}s" --latency ${2:+-s "$2"} "$1")
        python3 - "$out" <<'PY'
import re, sys
out = sys.argv[1]
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
p99 = re.search(r"99%\s+([\d.]+\w+)", out).group(1)
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
print(round(rate), p99, bad.group(1) if bad else 0)
PY
    }
    read -r RAW_RS_SIGN _ < <(taskset -c 0 "$DATA" raw-rs256-sign "$WORK" 5000)
    read -r tok_rate tok_p99 tok_bad < <(load "${TENANT}oauth/token" "$WORK/token.lua")
    read -r jwks_rate jwks_p99 jwks_bad < <(load "${TENANT}.well-known/jwks.json")
    read -r disc_rate disc_p99 disc_bad < <(load "${TENANT}.well-known/openid-configuration")
    [ "$tok_bad$jwks_bad$disc_bad" = 000 ] || { echo "mock answered errors under load"; exit 1; }
    report "5. mock: client-credentials tokens/s" "$tok_rate" 1500 ge \
        "p99 $tok_p99, one core; raw RS256 signing $RAW_RS_SIGN/s ($(ratio "$tok_rate" "$RAW_RS_SIGN"))"
    report "5. mock: JWKS requests/s" "$jwks_rate" 15000 ge "p99 $jwks_p99"
    report "5. mock: discovery requests/s" "$disc_rate" 15000 ge "p99 $disc_p99"
else
    echo "5. mock under load: not measured (install wrk)"; FAILED=1
fi

# --- 4. one-shot commands vs jwt-cli, A/B interleaved, warm caches ---
# Warm the token cache, then stop the tenant: the measured runs cannot use
# the network, so a success proves they did not.
export AUTH0_CLIENT_ID=bench AUTH0_CLIENT_SECRET=bench-secret
"$BIN" token "${API[@]}" >/dev/null
TOKEN=$(head -1 "$WORK/tokens.txt")
"$BIN" verify "${API[@]}" "$TOKEN" >/dev/null
kill "$MOCK_PID"; wait "$MOCK_PID" 2>/dev/null || true; MOCK_PID=
if command -v jwt >/dev/null; then
    # Both binaries run from fresh copies side by side: how a file came into
    # the page cache changes the page faults of every start (a binary just
    # written by the linker takes ~10 % more than a copy of it), and that
    # should favour neither.
    mkdir -p "$WORK/bin"
    cp "$BIN" "$WORK/bin/auth0-tok"
    cp "$(command -v jwt)" "$WORK/bin/jwt"
    python3 - "$RUNS" "$WORK/bin/auth0-tok" "$TENANT" "$AUD" "$TOKEN" "$WORK" "$URL" >"$WORK/oneshot" <<'PY'
import statistics, subprocess, sys, time
runs, bin_, tenant, aud, token, work, url = sys.argv[1:]
api = ["--domain", tenant, "--audience", aud]
cmds = {
    "jwt-cli": [f"{work}/bin/jwt", "decode", "--alg", "RS256", "--secret", f"@{work}/public.pem", token],
    "verify": [bin_, "verify", *api, token],
    "token": [bin_, "token", *api],
    "dpop proof": [bin_, "dpop", "proof", "--key", f"{work}/dpop.pem", "--htm", "GET", "--htu", url],
}
times = {name: [] for name in cmds}
for _ in range(int(runs)):
    for name, cmd in cmds.items():  # interleaved: A, B1, B2, B3, A, ...
        start = time.perf_counter()
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times[name].append(time.perf_counter() - start)
        if done.returncode != 0:
            sys.exit(f"{name} exited with {done.returncode}: {done.stderr.decode()[:300]}")
base = statistics.median(times["jwt-cli"])
for name in ["verify", "token", "dpop proof"]:
    med = statistics.median(times[name])
    print(f"{name} {med / base:.2f} {med * 1000:.2f} {base * 1000:.2f}")
PY
    while read -r name ratio_ ms base_ms; do
        report "4. one-shot $name / jwt decode" "$ratio_" 1.00 le \
            "median of $RUNS: $ms ms vs $base_ms ms, no network"
    done < <(sed 's/^dpop proof/dpop-proof/' "$WORK/oneshot")
else
    echo "4. one-shot commands: not measured (cargo install jwt-cli)"; FAILED=1
fi

exit "$FAILED"
