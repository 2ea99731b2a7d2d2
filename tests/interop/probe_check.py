"""Checks an `auth0-tok probe --json` report of the real auth0-fastapi-api app.

    probe_check.py MODE REPORT.json JUNIT.xml EXIT_CODE

MODE is the probe run.sh made: `bearer` (DPoP allowed, Bearer baseline),
`dpop-allowed` or `dpop-required` (a DPoP-bound token and its key). Every
one of the probe's checks must be accounted for: each finding has exactly
the verdict listed here, each check not run has a reason containing the
words listed here, and no check is in neither list. The exit code and the
JUnit counts must follow the findings.

A verdict other than `rejected` is a finding against the SDK, listed with
why in SDK_FINDINGS: it stays visible in every run, and the run fails when
it changes (the SDK was fixed, or the probe changed) until it is updated.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET

TOKEN_CHECKS = [
    "token-alg-none",
    "token-signature-stripped",
    "token-payload-bit-flipped",
    "token-unknown-kid",
    "token-jku-header",
    "token-x5u-header",
    "token-jwk-header",
]
DPOP_CHECKS = [
    "dpop-no-proof",
    "dpop-other-method",
    "dpop-other-url",
    "dpop-other-token",
    "dpop-iat-10min-old",
    "dpop-iat-5min-ahead",
    "dpop-replayed-jti",
    "dpop-other-key",
    "dpop-alg-none",
    "dpop-alg-hs256",
    "dpop-private-jwk",
    "dpop-two-headers",
    "dpop-bound-token-as-bearer",
]
NONCE_CHECKS = ["dpop-nonce-missing", "dpop-nonce-stale"]
MINT_CHECKS = [
    "mint-wrong-audience",
    "mint-expired",
    "mint-nbf-ahead",
    "mint-iat-ahead",
    "mint-wrong-issuer",
    "mint-missing-exp",
    "mint-missing-iat",
    "mint-unpublished-key",
]

# What auth0-api-python 1.0.0b10 (behind auth0-fastapi-api 1.0.0b9) does
# that a resource server must not, as the probe reports it.
SDK_FINDINGS = {
    "dpop-replayed-jti": (
        "warning",
        "the SDK keeps no jti replay cache: the same proof is accepted twice "
        "(RFC 9449 §11.1: a SHOULD, so a warning)",
    ),
    "dpop-two-headers": (
        "ACCEPTED",
        "the SDK reads the first of two DPoP headers and accepts the request; "
        "RFC 9449 §4.3 step 1 requires exactly one DPoP header field "
        "(`auth0-tok request` predicts the SDK's 200, and names the rule with --rfc)",
    ),
}

# Checks that cannot run against this app, and the words of the reason the
# probe must give.
NOT_RUN_EVERYWHERE = {
    # The interop issuer (https://interop.auth0-tok.test/) is a made-up host
    # the SDK reaches through custom_fetch: the probe has no --domain to read
    # the tenant's public key from.
    "token-hs256-key-confusion": "no tenant to read its public key from",
    "scope-missing": "no --scope",
    **{c: "needs --tenant mock" for c in MINT_CHECKS},
}


def expectations(mode: str) -> tuple[dict[str, str], dict[str, str]]:
    """(verdict per check run, reason words per check not run)."""
    run = {c: "rejected" for c in TOKEN_CHECKS}
    not_run = dict(NOT_RUN_EVERYWHERE)
    if mode == "bearer":
        not_run.update({c: "the baseline is Bearer" for c in DPOP_CHECKS + NONCE_CHECKS})
    elif mode in ("dpop-allowed", "dpop-required"):
        run.update({c: "rejected" for c in DPOP_CHECKS})
        run.update({c: verdict for c, (verdict, _) in SDK_FINDINGS.items()})
        # The app uses no DPoP nonces.
        not_run.update({c: "the API asked for no DPoP nonce" for c in NONCE_CHECKS})
    else:
        sys.exit(f"probe_check: unknown mode {mode!r}")
    return run, not_run


def main() -> int:
    mode, report_path, junit_path, exit_code = sys.argv[1:]
    with open(report_path) as f:
        report = json.load(f)
    want_run, want_not_run = expectations(mode)
    problems: list[str] = []
    got_run = {f["check"]: f for f in report["findings"]}
    got_not_run = {s["check"]: s["why"] for s in report["skipped"]}

    want_scheme = "Bearer" if mode == "bearer" else "DPoP"
    if report["baseline"]["scheme"] != want_scheme or report["baseline"]["status"] != 200:
        problems.append(f"baseline: {report['baseline']}, expected a {want_scheme} request answered 200")
    if report["baseline"]["nonce"]:
        problems.append("the probe says the app asked for a DPoP nonce; it uses none")

    every = set(want_run) | set(want_not_run)
    for check in sorted((set(got_run) | set(got_not_run)) - every):
        problems.append(f"{check}: reported, but this checker does not know it (add it here)")
    for check, verdict in want_run.items():
        finding = got_run.get(check)
        if finding is None:
            why = got_not_run.get(check)
            problems.append(f"{check}: expected {verdict}, but not run ({why})" if why else f"{check}: missing")
        elif finding["verdict"] != verdict:
            problems.append(
                f"{check}: expected {verdict}, got {finding['verdict']} (status {finding['status']})"
                + (f"; listed finding: {SDK_FINDINGS[check][1]}" if check in SDK_FINDINGS else "")
            )
        elif verdict == "rejected" and finding["status"] not in (400, 401, 403):
            problems.append(f"{check}: rejected with status {finding['status']}")
    for check, words in want_not_run.items():
        if check in got_run:
            problems.append(f"{check}: expected not run ({words}), but it ran: {got_run[check]}")
        elif check not in got_not_run:
            problems.append(f"{check}: missing (expected not run: {words})")
        elif words not in got_not_run[check]:
            problems.append(f"{check}: not run because {got_not_run[check]!r}, expected a reason with {words!r}")

    accepted = sum(1 for f in report["findings"] if f["verdict"] == "ACCEPTED")
    summary = report["summary"]
    if summary["accepted"] != accepted or summary["not_run"] != len(report["skipped"]):
        problems.append(f"summary {summary} does not count the findings")
    want_exit = 1 if accepted else 0
    if int(exit_code) != want_exit:
        problems.append(f"probe exited {exit_code}, expected {want_exit} ({accepted} ACCEPTED)")

    suite = ET.parse(junit_path).getroot().find("testsuite")
    cases = suite.findall("testcase")
    failures = [c.get("name") for c in cases if c.find("failure") is not None]
    skipped = [c.get("name") for c in cases if c.find("skipped") is not None]
    if len(cases) != len(every):
        problems.append(f"JUnit: {len(cases)} test cases, expected {len(every)}")
    if sorted(failures) != sorted(c for c, v in want_run.items() if v == "ACCEPTED"):
        problems.append(f"JUnit: failures {failures}")
    if sorted(skipped) != sorted(want_not_run):
        problems.append(f"JUnit: skipped {skipped}")

    label = f"interop: probe ({mode})"
    for check, (verdict, why) in SDK_FINDINGS.items():
        if got_run.get(check, {}).get("verdict") == verdict:
            print(f"{label}: SDK finding {check} = {verdict}: {why}")
    for p in problems:
        print(f"{label}: FAILED: {p}")
    counts = {v: sum(1 for f in report["findings"] if f["verdict"] == v) for v in ("rejected", "ACCEPTED", "warning", "unexpected")}
    print(
        f"{label}: {len(report['findings'])} run ({counts['rejected']} rejected, {counts['ACCEPTED']} ACCEPTED, "
        f"{counts['warning']} warning, {counts['unexpected']} unexpected), {len(report['skipped'])} not run, "
        f"{summary['requests']} requests: {'ok' if not problems else 'FAILED'}"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
