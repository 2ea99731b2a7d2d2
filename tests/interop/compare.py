"""The comparison driver: one request, two answers.

Each case is sent over real HTTP to a FastAPI app protected by
auth0-fastapi-api (app.py), and the same request (method, URL, headers) is
put to `auth0-tok request --json` with the app's configuration (audience,
DPoP mode, the route's scope, --trust-proxy behind the "proxy"). Status,
`error`, `error_description` and `WWW-Authenticate` must agree.

A difference is a failure, unless auth0-tok names the rule it applied
(`strict_rule`) and is only stricter: the SDK accepted, auth0-tok refused.
Those are listed separately. Every case also states the status the SDK is
expected to give, so a case that no longer tests what it says (a token the
tenant did not issue as intended) fails instead of passing vacuously.

Run by run.sh, which starts the mock tenants and the apps and sets
INTEROP_* in the environment.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field

import httpx
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

ENV = os.environ
BIN = ENV["AUTH0_TOK_BIN"]
WORK = ENV["INTEROP_WORK"]
DOMAIN = ENV["INTEROP_DOMAIN"]
ISSUER = f"https://{DOMAIN}/"
AUDIENCE = ENV["INTEROP_AUDIENCE"]
OTHER_AUDIENCE = ENV["INTEROP_OTHER_AUDIENCE"]
SCOPE = ENV["INTEROP_SCOPE"]
SECRET = ENV["INTEROP_SECRET"]
TENANT = ENV["INTEROP_TENANT_URL"]
EXPIRED_TENANT = ENV["INTEROP_EXPIRED_TENANT_URL"]
APPS = {
    "allowed": (ENV["INTEROP_APP_ALLOWED"], "allowed", False),
    "required": (ENV["INTEROP_APP_REQUIRED"], "required", False),
    "disabled": (ENV["INTEROP_APP_DISABLED"], "disabled", False),
    "proxy": (ENV["INTEROP_APP_PROXY"], "allowed", True),
}
# Disagreements found by this suite and reported, not yet fixed in the
# library. Each is printed on every run with both answers, and must keep
# differing in exactly the fields listed: a listed case that changes (or
# starts to agree) fails the run until its entry is updated or removed.
# Empty: every answer the SDK gives here is the one `request` predicts.
KNOWN_DISAGREEMENTS: dict[str, tuple[tuple[str, ...], str]] = {}
FIELD_NAMES = ("status", "error", "error_description", "www_authenticate", "text")

# auth0-tok's exit codes (src/cli/exit.rs) for each kind of answer.
EXIT_FOR_STATUS = {200: 0, 403: 3}
EXIT_REJECTED = 1


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def tok(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Runs auth0-tok in the work directory (no .env, no AUTH0_* set)."""
    return subprocess.run(
        [BIN, *args], cwd=WORK, input=stdin, capture_output=True, text=True, timeout=60
    )


def tok_ok(*args: str) -> str:
    done = tok(*args)
    if done.returncode != 0:
        sys.exit(f"interop: auth0-tok {' '.join(args[:2])} failed ({done.returncode}): {done.stderr}")
    return done.stdout.strip()


# --- keys, proofs, tokens ---------------------------------------------------

def keygen(name: str) -> str:
    path = os.path.join(WORK, f"{name}.pem")
    tok_ok("dpop", "keygen", "--out", path)
    return path


def proof(key: str, htm: str, htu: str, access_token: str | None = None) -> str:
    """A DPoP proof signed by `auth0-tok dpop proof`."""
    args = ["dpop", "proof", "--key", key, "--htm", htm, "--htu", htu]
    if access_token is not None:
        args += ["--access-token", access_token]
    return tok_ok(*args)


def jws(header: dict, payload: str, sign) -> str:
    """A compact JWS over `payload` (JSON text, kept exactly as given)."""
    signing_input = b64url(json.dumps(header, separators=(",", ":")).encode()) + "." + b64url(payload.encode())
    return signing_input + "." + b64url(sign(signing_input.encode()))


def proof_with(key: str, payload: str, **header) -> str:
    """A proof with chosen claims (auth0-tok signs only well-formed, current
    proofs), signed here with the same key: ES256, the same header."""
    with open(key, "rb") as f:
        private = serialization.load_pem_private_key(f.read(), password=None)
    numbers = private.public_key().public_numbers()
    jwk = {
        "kty": "EC",
        "crv": "P-256",
        "x": b64url(numbers.x.to_bytes(32, "big")),
        "y": b64url(numbers.y.to_bytes(32, "big")),
    }

    def sign(data: bytes) -> bytes:
        r, s = decode_dss_signature(private.sign(data, ec.ECDSA(hashes.SHA256())))
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")

    if header.pop("private", False):
        jwk["d"] = b64url(private.private_numbers().private_value.to_bytes(32, "big"))
    fields = {"typ": "dpop+jwt", "alg": "ES256", "jwk": jwk, **header}
    return jws({k: v for k, v in fields.items() if v is not None}, payload, sign)


def proof_claims(htm: str, htu: str, access_token: str, iat: int | float | None = None) -> dict:
    return {
        "jti": secrets.token_urlsafe(16),
        "htm": htm,
        "htu": htu,
        "iat": int(time.time()) if iat is None else iat,
        "ath": b64url(hashlib.sha256(access_token.encode()).digest()),
    }


def proof_at(key: str, htm: str, htu: str, access_token: str, iat: int) -> str:
    """A proof with a chosen `iat`."""
    return proof_with(key, json.dumps(proof_claims(htm, htu, access_token, iat)))


def tenant_token(kid: str | None, payload: str, alg: str = "RS256") -> str:
    """An access token with chosen claims, signed with the mock tenant's own
    key (run.sh generated it): what a tenant with odd claims would issue.
    HS256 is signed with a made-up secret (the SDK refuses it unread)."""
    with open(os.path.join(WORK, "signing.pem"), "rb") as f:
        private = serialization.load_pem_private_key(f.read(), password=None)
    signers = {
        "RS256": lambda data: private.sign(data, padding.PKCS1v15(), hashes.SHA256()),
        "PS256": lambda data: private.sign(
            data, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256()
        ),
        "HS256": lambda data: hmac.new(b"not-the-tenant-key", data, hashlib.sha256).digest(),
    }
    header = {"alg": alg, "typ": "JWT"}
    if kid is not None:
        header["kid"] = kid
    return jws(header, payload, signers[alg])


def token(tenant: str, audience: str = AUDIENCE, scope: str | None = None, dpop_key: str | None = None) -> str:
    """An access token from a mock tenant's client-credentials grant."""
    form = {"grant_type": "client_credentials", "client_id": "ci", "client_secret": SECRET, "audience": audience}
    if scope is not None:
        form["scope"] = scope
    headers = {}
    if dpop_key is not None:
        headers["DPoP"] = proof(dpop_key, "POST", f"{tenant}oauth/token")
    response = httpx.post(f"{tenant}oauth/token", data=form, headers=headers, timeout=10)
    if response.status_code != 200:
        sys.exit(f"interop: the mock tenant refused a token ({response.status_code}): {response.text}")
    return response.json()["access_token"]


def claims_of(jwt: str) -> dict:
    payload = jwt.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def tamper(jwt: str) -> str:
    """The same token with one signature byte changed."""
    head, payload, sig = jwt.split(".")
    raw = bytearray(base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4)))
    raw[len(raw) // 2] ^= 0x01
    return f"{head}.{payload}.{b64url(bytes(raw))}"


# --- cases ------------------------------------------------------------------

@dataclass
class Case:
    name: str
    app: str  # a key of APPS
    headers: list[tuple[str, str]]
    expect: int  # the status the SDK is expected to answer
    method: str = "GET"
    path: str = "messages"
    scoped: bool = False

    @property
    def url(self) -> str:
        return APPS[self.app][0] + self.path


@dataclass
class Answer:
    status: int
    error: str | None
    error_description: str | None
    www_authenticate: str | None
    # A plain-text body: the HTTP server's own refusal, before the API runs.
    text: str | None = None
    extra: dict = field(default_factory=dict)
    # The status line's reason phrase and the body, as the app sent them.
    reason_phrase: str | None = None
    body: bytes | None = None

    def fields(self) -> tuple:
        return (self.status, self.error, self.error_description, self.www_authenticate, self.text)

    def show(self) -> str:
        text = (
            f"status={self.status} error={self.error!r} "
            f"error_description={self.error_description!r} www-authenticate={self.www_authenticate!r}"
        )
        if self.text is not None:
            text += f" body={self.text!r}"
        if self.extra:
            text += " " + " ".join(f"{k}={v!r}" for k, v in self.extra.items())
        return text


def send_raw(case: Case) -> httpx.Response:
    """Sends the request over a plain socket, headers exactly as listed (for
    requests httpx refuses to send, such as two Host fields)."""
    host, port = case.url.split("/")[2].split(":")
    target = "/" + case.url.split("/", 3)[3]
    head = f"{case.method} {target} HTTP/1.1\r\n" + "".join(f"{n}: {v}\r\n" for n, v in case.headers)
    with socket.create_connection((host, int(port)), timeout=30) as conn:
        conn.sendall((head + "Connection: close\r\n\r\n").encode("latin-1"))
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    head_bytes, _, body = data.partition(b"\r\n\r\n")
    status_line, *lines = head_bytes.decode("latin-1").split("\r\n")
    headers = [tuple(part.strip() for part in line.split(":", 1)) for line in lines]
    return httpx.Response(int(status_line.split()[1]), headers=headers, content=body)


def ask_app(case: Case) -> Answer:
    hosts = sum(1 for name, _ in case.headers if name.lower() == "host")
    if hosts > 1:
        response = send_raw(case)
    else:
        response = httpx.request(case.method, case.url, headers=case.headers, timeout=30)
    challenges = response.headers.get_list("www-authenticate")
    error = description = text = None
    if response.status_code != 200:
        try:
            detail = response.json().get("detail")
        except ValueError:
            detail, text = None, response.text
        if isinstance(detail, dict):
            error, description = detail.get("error"), detail.get("error_description")
        elif text is None:
            error = f"<unexpected body: {response.text[:200]!r}>"
    return Answer(
        response.status_code, error, description, ", ".join(challenges) or None, text,
        reason_phrase=response.reason_phrase, body=response.content,
    )


def request_args(case: Case, json_output: bool = True) -> list[str]:
    """`auth0-tok request` for the case, with the app's configuration."""
    _, mode, trust_proxy = APPS[case.app]
    args = [
        "request", *(["--json"] if json_output else []), "--no-cache",
        "-X", case.method, "--url", case.url,
        "--jwks", f"{TENANT}.well-known/jwks.json", "--issuer", ISSUER,
        "--audience", AUDIENCE, "--dpop-mode", mode,
    ]
    headers = case.headers
    if not any(name.lower() == "host" for name, _ in headers):
        headers = [("Host", case.url.split("/")[2]), *headers]  # as httpx sends it
    for name, value in headers:
        args += ["-H", f"{name}: {value}"]
    if case.scoped:
        args += ["--scope", SCOPE]
    if trust_proxy:
        args.append("--trust-proxy")
    return args


def ask_auth0_tok(case: Case) -> tuple[Answer, str | None, int]:
    done = tok(*request_args(case))
    try:
        v = json.loads(done.stdout)
    except ValueError:
        return Answer(-1, f"<no JSON; exit {done.returncode}: {done.stderr.strip()[:300]}>", None, None), None, done.returncode
    extra = {"reason": v["reason"]} if v.get("reason") else {}
    text = v["body"] if isinstance(v.get("body"), str) else None
    answer = Answer(v.get("status"), v.get("error"), v.get("error_description"), v.get("www_authenticate"), text, extra)
    return answer, v.get("strict_rule"), done.returncode


def text_problems(case: Case, sdk: Answer) -> list[str]:
    """Where `auth0-tok request`'s text output differs from the app's answer:
    the status line (with the reason phrase the app sent), the error lines,
    WWW-Authenticate and the body. For the answers a user reads on a
    terminal most carefully: the SDK's 500s."""
    done = tok(*request_args(case, json_output=False))
    lines = done.stdout.splitlines()
    if not lines:
        return [f"text output: nothing on stdout (exit {done.returncode}): {done.stderr.strip()[:300]}"]
    problems = []
    status_line = lines[0].split("   (", 1)[0]
    want = f"HTTP/1.1 {sdk.status} {sdk.reason_phrase}"
    if status_line != want:
        problems.append(f"text output: status line {status_line!r}, the app's is {want!r}")
    shown = {}
    for line in lines[1:]:
        name, _, value = line.partition(" ")
        shown[name] = value.strip()
    for name, value in (("error", sdk.error), ("error_description", sdk.error_description),
                        ("WWW-Authenticate", sdk.www_authenticate)):
        if shown.get(name) != value:
            problems.append(f"text output: {name} {shown.get(name)!r}, the app's is {value!r}")
    try:
        app_body = json.loads(sdk.body or b"")
    except ValueError:
        app_body = (sdk.body or b"").decode(errors="replace")
    try:
        our_body = json.loads(shown.get("body", ""))
    except ValueError:
        our_body = f"<not JSON: {shown.get('body')!r}>"
    if our_body != app_body:
        problems.append(f"text output: body {our_body!r}, the app's is {app_body!r}")
    return problems


def build_cases() -> list[Case]:
    dpop_key = keygen("dpop")
    other_key = keygen("other")

    bearer = token(TENANT)
    write_only = token(TENANT, scope="write:messages")
    other_aud = token(TENANT, audience=OTHER_AUDIENCE)
    expired = token(EXPIRED_TENANT)
    bound = token(TENANT, dpop_key=dpop_key)
    # The cases below only test what they say if the tenants issued these.
    assert "cnf" in claims_of(bound), "the mock tenant did not bind the DPoP token"
    assert "read:messages" not in claims_of(write_only).get("scope", "").split()
    assert claims_of(expired)["exp"] < time.time(), "the backdated tenant's token is not expired"
    assert claims_of(other_aud)["aud"] == OTHER_AUDIENCE

    allowed, required, disabled, behind = (APPS[k][0] for k in ("allowed", "required", "disabled", "proxy"))
    msgs = "messages"

    def dpop(token_: str, key: str, htm: str, url: str, bind: bool = True) -> list[tuple[str, str]]:
        return [("Authorization", f"DPoP {token_}"), ("DPoP", proof(key, htm, url, token_ if bind else None))]

    forwarded = [
        ("X-Forwarded-Proto", "https"),
        ("X-Forwarded-Host", "api.example.com"),
        ("X-Forwarded-Prefix", "/api"),
    ]
    public = "https://api.example.com/api/messages"
    now = int(time.time())

    c = [
        # Bearer, mixed mode
        Case("bearer good", "allowed", [("Authorization", f"Bearer {bearer}")], 200),
        Case("bearer good, POST", "allowed", [("Authorization", f"Bearer {bearer}")], 200, method="POST"),
        Case("bearer expired", "allowed", [("Authorization", f"Bearer {expired}")], 401),
        Case("bearer wrong audience", "allowed", [("Authorization", f"Bearer {other_aud}")], 401),
        Case("bearer tampered signature", "allowed", [("Authorization", f"Bearer {tamper(bearer)}")], 401),
        Case("bearer not a JWT", "allowed", [("Authorization", "Bearer not-a-jwt")], 401),
        Case("no Authorization header", "allowed", [], 400),
        Case("`Bearer` alone", "allowed", [("Authorization", "Bearer")], 400),
        Case("two spaces after Bearer", "allowed", [("Authorization", f"Bearer  {bearer}")], 200),
        Case("lowercase scheme", "allowed", [("Authorization", f"bearer {bearer}")], 200),
        Case("tab after Bearer", "allowed", [("Authorization", f"Bearer\t{bearer}")], 200),
        Case("Basic scheme", "allowed", [("Authorization", "Basic Y2k6czNjcmV0")], 400),
        Case("DPoP-bound token as Bearer", "allowed", [("Authorization", f"Bearer {bound}")], 401),
        Case("Bearer with a DPoP header", "allowed",
             [("Authorization", f"Bearer {bearer}"), ("DPoP", proof(dpop_key, "GET", allowed + msgs, bearer))], 400),
        # DPoP, mixed mode
        Case("DPoP good", "allowed", dpop(bound, dpop_key, "GET", allowed + msgs), 200),
        Case("DPoP good, lowercase scheme", "allowed",
             [("Authorization", f"dpop {bound}"), ("DPoP", proof(dpop_key, "GET", allowed + msgs, bound))], 200),
        Case("DPoP good, query string", "allowed", dpop(bound, dpop_key, "GET", allowed + msgs), 200,
             path=msgs + "?page=2"),
        Case("DPoP wrong htm", "allowed", dpop(bound, dpop_key, "POST", allowed + msgs), 400),
        Case("DPoP wrong htu", "allowed", dpop(bound, dpop_key, "GET", allowed + "other"), 400),
        Case("DPoP missing ath", "allowed", dpop(bound, dpop_key, "GET", allowed + msgs, bind=False), 400),
        Case("DPoP old iat", "allowed",
             [("Authorization", f"DPoP {bound}"), ("DPoP", proof_at(dpop_key, "GET", allowed + msgs, bound, now - 400))], 400),
        Case("DPoP iat from the future", "allowed",
             [("Authorization", f"DPoP {bound}"), ("DPoP", proof_at(dpop_key, "GET", allowed + msgs, bound, now + 120))], 400),
        Case("DPoP iat within the leeway", "allowed",
             [("Authorization", f"DPoP {bound}"), ("DPoP", proof_at(dpop_key, "GET", allowed + msgs, bound, now - 60))], 200),
        Case("DPoP proof from another key", "allowed", dpop(bound, other_key, "GET", allowed + msgs), 401),
        Case("DPoP two DPoP headers", "allowed",
             [("Authorization", f"DPoP {bound}"), ("DPoP", proof(dpop_key, "GET", allowed + msgs, bound)),
              ("DPoP", proof(other_key, "GET", allowed + msgs, bound))], 200),
        Case("DPoP two proofs in one header", "allowed",
             [("Authorization", f"DPoP {bound}"),
              ("DPoP", proof(dpop_key, "GET", allowed + msgs, bound) + ", "
               + proof(dpop_key, "GET", allowed + msgs, bound))], 400),
        Case("DPoP scheme without a DPoP header", "allowed", [("Authorization", f"DPoP {bound}")], 400),
        Case("DPoP proof not a JWT", "allowed", [("Authorization", f"DPoP {bound}"), ("DPoP", "not-a-jwt")], 400),
        Case("Bearer token with the DPoP scheme", "allowed", dpop(bearer, dpop_key, "GET", allowed + msgs), 401),
        Case("DPoP expired token", "allowed", dpop(expired, dpop_key, "GET", allowed + msgs), 401),
        Case("DPoP tampered token", "allowed", dpop(tamper(bound), dpop_key, "GET", allowed + msgs), 401),
        # Scopes
        Case("scope present (Bearer)", "allowed", [("Authorization", f"Bearer {bearer}")], 200,
             path="scoped", scoped=True),
        Case("scope missing (Bearer)", "allowed", [("Authorization", f"Bearer {write_only}")], 403,
             path="scoped", scoped=True),
        Case("scope present (DPoP)", "allowed", dpop(bound, dpop_key, "GET", allowed + "scoped"), 200,
             path="scoped", scoped=True),
        Case("scoped route, expired token", "allowed", [("Authorization", f"Bearer {expired}")], 401,
             path="scoped", scoped=True),
        # dpop_required
        Case("required: Bearer", "required", [("Authorization", f"Bearer {bearer}")], 400),
        Case("required: no Authorization", "required", [], 400),
        Case("required: DPoP good", "required", dpop(bound, dpop_key, "GET", required + msgs), 200),
        Case("required: DPoP wrong htu", "required", dpop(bound, dpop_key, "GET", allowed + msgs), 400),
        Case("required: DPoP without proof", "required", [("Authorization", f"DPoP {bound}")], 400),
        Case("required: scope missing", "required", [("Authorization", f"Bearer {write_only}")], 400,
             path="scoped", scoped=True),
        # dpop disabled
        Case("disabled: Bearer good", "disabled", [("Authorization", f"Bearer {bearer}")], 200),
        Case("disabled: DPoP good", "disabled", dpop(bound, dpop_key, "GET", disabled + msgs), 400),
        Case("disabled: DPoP-bound token as Bearer", "disabled", [("Authorization", f"Bearer {bound}")], 200),
        Case("disabled: Bearer with a DPoP header", "disabled",
             [("Authorization", f"Bearer {bearer}"), ("DPoP", proof(dpop_key, "GET", disabled + msgs, bearer))], 200),
        Case("disabled: no Authorization", "disabled", [], 400),
        Case("disabled: expired", "disabled", [("Authorization", f"Bearer {expired}")], 401),
        Case("disabled: scope missing", "disabled", [("Authorization", f"Bearer {write_only}")], 403,
             path="scoped", scoped=True),
        # Behind a trusted proxy (app.state.trust_proxy = True)
        Case("proxy: DPoP for the public URL", "proxy",
             [*forwarded, *dpop(bound, dpop_key, "GET", public)], 200),
        Case("proxy: DPoP for the internal URL", "proxy",
             [*forwarded, *dpop(bound, dpop_key, "GET", behind + msgs)], 400),
        Case("proxy: no forwarded headers, internal URL", "proxy",
             dpop(bound, dpop_key, "GET", behind + msgs), 200),
        Case("proxy: first of several X-Forwarded-Host", "proxy",
             [("X-Forwarded-Proto", "https"), ("X-Forwarded-Host", "api.example.com, evil.example"),
              *dpop(bound, dpop_key, "GET", "https://api.example.com/messages")], 200),
        Case("proxy: unsafe X-Forwarded-Prefix ignored", "proxy",
             [("X-Forwarded-Proto", "https"), ("X-Forwarded-Host", "api.example.com"),
              ("X-Forwarded-Prefix", "/../admin"),
              *dpop(bound, dpop_key, "GET", "https://api.example.com/messages")], 200),
        Case("proxy: X-Forwarded-Proto other than http(s) ignored", "proxy",
             [("X-Forwarded-Proto", "ftp"), *dpop(bound, dpop_key, "GET", behind + msgs)], 200),
        Case("proxy: Bearer good", "proxy", [*forwarded, ("Authorization", f"Bearer {bearer}")], 200),
        Case("proxy: scope present", "proxy",
             [*forwarded, *dpop(bound, dpop_key, "GET", "https://api.example.com/api/scoped")], 200,
             path="scoped", scoped=True),
        Case("untrusted proxy headers: DPoP for the public URL", "allowed",
             [*forwarded, *dpop(bound, dpop_key, "GET", public)], 400),
        Case("untrusted proxy headers: DPoP for the internal URL", "allowed",
             [*forwarded, *dpop(bound, dpop_key, "GET", allowed + msgs)], 200),
    ]

    # Where the SDK is lax: auth0-tok must refuse and name the rule.
    kid = json.loads(base64.urlsafe_b64decode(bearer.split(".")[0] + "=="))["kid"]
    good = claims_of(bearer)

    def odd_token(**changes) -> str:
        return tenant_token(kid, json.dumps({**good, **changes}))

    def with_proof(token_: str, payload: str, **header) -> list[tuple[str, str]]:
        return [("Authorization", f"DPoP {token_}"), ("DPoP", proof_with(dpop_key, payload, **header))]

    url = allowed + msgs
    userinfo = url.replace("http://", "http://user@")
    dup_htm = json.dumps(proof_claims("GET", url, bound))[:-1] + ', "htm": "GET"}'
    dup_aud = json.dumps({**good, "aud": OTHER_AUDIENCE})[:-1] + f', "aud": {json.dumps(AUDIENCE)}}}'
    def without(claims: dict, name: str) -> dict:
        return {k: v for k, v in claims.items() if k != name}

    def bearer_with(jwt: str) -> list[tuple[str, str]]:
        return [("Authorization", f"Bearer {jwt}")]

    base = proof_claims("GET", url, bound)
    c += [
        # Access tokens the tenant's key signed, with odd headers or claims
        Case("token with an aud array naming the API", "allowed",
             bearer_with(odd_token(aud=[OTHER_AUDIENCE, AUDIENCE])), 200),
        Case("token with an aud array not naming the API", "allowed",
             bearer_with(odd_token(aud=[OTHER_AUDIENCE])), 401),
        Case("token without iat", "allowed", bearer_with(tenant_token(kid, json.dumps(without(good, "iat")))), 401),
        Case("token without exp", "allowed", bearer_with(tenant_token(kid, json.dumps(without(good, "exp")))), 401),
        Case("token without kid", "allowed", bearer_with(tenant_token(None, json.dumps(good))), 401),
        Case("token with an unknown kid", "allowed", bearer_with(tenant_token("no-such-key", json.dumps(good))), 401),
        Case("token signed HS256", "allowed", bearer_with(tenant_token(kid, json.dumps(good), alg="HS256")), 401),
        Case("token signed PS256", "allowed", bearer_with(tenant_token(kid, json.dumps(good), alg="PS256")), 401),
        Case("token from another issuer", "allowed", bearer_with(odd_token(iss="https://evil.example/")), 401),
        Case("token issuer without the trailing slash", "allowed",
             bearer_with(odd_token(iss=ISSUER.rstrip("/"))), 401),
        Case("token issuer with an upper-case host", "allowed",
             bearer_with(odd_token(iss=ISSUER.replace("interop", "INTEROP"))), 401),
        Case("token issuer without the trailing slash, bad signature", "allowed",
             bearer_with(tamper(odd_token(iss=ISSUER.rstrip("/")))), 401),
        Case("token issuer with a path", "allowed", bearer_with(odd_token(iss=ISSUER + "tenant/")), 401),
        Case("token issuer over http", "allowed", bearer_with(odd_token(iss=f"http://{DOMAIN}/")), 401),
        Case("token without iss", "allowed", bearer_with(tenant_token(kid, json.dumps(without(good, "iss")))), 401),
        Case("two Host headers", "allowed",
             [("Host", allowed.split("/")[2]), ("Host", "api.example.com"), ("Authorization", f"Bearer {bearer}")], 400),
        Case("two Authorization headers, the good one first", "allowed",
             [("Authorization", f"Bearer {bearer}"), ("Authorization", f"Bearer {expired}")], 200),
        # Proofs with odd headers or claims
        Case("proof typ JWT", "allowed", with_proof(bound, json.dumps(base), typ="JWT"), 400),
        Case("proof with the private key in its jwk", "allowed",
             with_proof(bound, json.dumps(base), private=True), 400),
        Case("proof without jti", "allowed", with_proof(bound, json.dumps(without(base, "jti"))), 400),
        Case("proof with an empty jti", "allowed", with_proof(bound, json.dumps({**base, "jti": " "})), 400),
        Case("proof with a numeric jti", "allowed", with_proof(bound, json.dumps({**base, "jti": 7})), 400),
        Case("proof iat a string", "allowed", with_proof(bound, json.dumps({**base, "iat": str(now)})), 400),
        Case("proof iat a float", "allowed", with_proof(bound, json.dumps({**base, "iat": now + 0.25})), 200),
        Case("proof bound to another token (ath)", "allowed",
             with_proof(bound, json.dumps(proof_claims("GET", url, bearer))), 400),
        Case("proof htu with a trailing slash", "allowed",
             with_proof(bound, json.dumps(proof_claims("GET", url + "/", bound))), 400),
        Case("proof htu with a query and fragment", "allowed",
             with_proof(bound, json.dumps(proof_claims("GET", url + "?a=1#f", bound))), 200),
        Case("proof htu with an upper-case host", "allowed",
             with_proof(bound, json.dumps(proof_claims("GET", url.replace("http://", "HTTP://"), bound))), 200),
        Case("proxy: proof htu with the default port", "proxy",
             [*forwarded, *with_proof(bound, json.dumps(proof_claims(
                 "GET", "https://api.example.com:443/api/messages", bound)))], 200),
        Case("empty DPoP header", "allowed", [("Authorization", f"DPoP {bound}"), ("DPoP", "")], 400),
        # Malformed tokens and proofs
        Case("token of two segments", "allowed", bearer_with(".".join(bearer.split(".")[:2])), 401),
        Case("token with an empty signature", "allowed", bearer_with(bearer.rsplit(".", 1)[0] + "."), 401),
        Case("token header not JSON", "allowed", bearer_with(b64url(b"not json") + "." + bearer.split(".", 1)[1]), 401),
        Case("token followed by a word", "allowed", [("Authorization", f"Bearer {bearer} extra")], 401),
        Case("token without aud", "allowed", bearer_with(tenant_token(kid, json.dumps(without(good, "aud")))), 401),
        Case("token exp a string", "allowed", bearer_with(odd_token(exp=str(good["exp"]))), 500),
        Case("proof with a tampered signature", "allowed",
             [("Authorization", f"DPoP {bound}"), ("DPoP", tamper(proof(dpop_key, "GET", url, bound)))], 400),
        Case("proof alg none", "allowed", with_proof(bound, json.dumps(base), alg="none"), 400),
        Case("proof alg RS256", "allowed", with_proof(bound, json.dumps(base), alg="RS256"), 400),
        Case("proof without jwk", "allowed", with_proof(bound, json.dumps(base), jwk=None), 400),
        Case("proof with an RSA jwk", "allowed",
             with_proof(bound, json.dumps(base), jwk={"kty": "RSA", "n": "AQAB", "e": "AQAB"}), 400),
        Case("proof iat true", "allowed", with_proof(bound, json.dumps({**base, "iat": True})), 400),
        Case("proof of two segments", "allowed",
             [("Authorization", f"DPoP {bound}"), ("DPoP", ".".join(proof(dpop_key, "GET", url, bound).split(".")[:2]))],
             400),
        # Odd cnf claims
        Case("DPoP token with cnf a string", "allowed", dpop(odd_token(cnf="abc"), dpop_key, "GET", url), 401),
        Case("DPoP token with an empty cnf", "allowed", dpop(odd_token(cnf={}), dpop_key, "GET", url), 401),
        Case("DPoP token with an empty cnf.jkt", "allowed", dpop(odd_token(cnf={"jkt": ""}), dpop_key, "GET", url), 401),
        Case("Bearer token with an empty cnf.jkt", "allowed", bearer_with(odd_token(cnf={"jkt": ""})), 200),
        Case("Bearer token with cnf a string", "allowed", bearer_with(odd_token(cnf="abc")), 200),
        # Odd scope claims on the scoped route
        Case("scope claim empty", "allowed", bearer_with(odd_token(scope="")), 403, path="scoped", scoped=True),
        Case("scope claim an array", "allowed", bearer_with(odd_token(scope=["read:messages"])), 500,
             path="scoped", scoped=True),
        Case("scope claim an array, unscoped route", "allowed", bearer_with(odd_token(scope=["read:messages"])), 200),
        Case("scope claim with tabs", "allowed", bearer_with(odd_token(scope="write:messages\tread:messages")), 200,
             path="scoped", scoped=True),
    ]
    c += [
        Case("lax: token nbf in the future", "allowed",
             [("Authorization", f"Bearer {odd_token(nbf=now + 3600)}")], 200),
        Case("lax: token exp not an integer", "allowed",
             [("Authorization", f"Bearer {odd_token(exp=good['exp'] + 0.5)}")], 200),
        Case("lax: token with a duplicate aud", "allowed",
             [("Authorization", f"Bearer {tenant_token(kid, dup_aud)}")], 200),
        Case("lax: proof htm in lowercase", "allowed",
             with_proof(bound, json.dumps(proof_claims("get", url, bound))), 200),
        Case("lax: proof htu with userinfo", "allowed",
             with_proof(bound, json.dumps(proof_claims("GET", userinfo, bound))), 200),
        Case("lax: proof with a duplicate htm", "allowed", with_proof(bound, dup_htm), 200),
    ]
    return c


def main() -> int:
    cases = build_cases()
    agreed, stricter, known, failures, texts = 0, [], [], [], 0
    for case in cases:
        sdk = ask_app(case)
        ours, strict_rule, code = ask_auth0_tok(case)
        label = f"{case.method} {case.url} [{case.app}] {case.name}"
        problems = []
        if sdk.status != case.expect:
            problems.append(f"the SDK answered {sdk.status}, the case expects {case.expect} (the case is broken)")
        expected_code = EXIT_FOR_STATUS.get(ours.status, EXIT_REJECTED)
        if code != expected_code:
            problems.append(f"auth0-tok exited {code} for status {ours.status}, not {expected_code}")
        if sdk.status == 500:
            # The text output too, where a user reads the SDK's failure.
            texts += 1
            problems += text_problems(case, sdk)
        differing = tuple(n for n, a, b in zip(FIELD_NAMES, sdk.fields(), ours.fields()) if a != b)
        listed, finding = KNOWN_DISAGREEMENTS.get(case.name, (None, None))
        if finding and not differing:
            problems.append("listed in KNOWN_DISAGREEMENTS but the answers agree now: remove it there")
        elif finding and set(differing) == set(listed):
            known.append((label, sdk, ours, finding))
        elif finding:
            problems.append(
                f"a known disagreement now differs in {', '.join(differing)}, not {', '.join(listed)}: {finding}"
            )
        elif not differing:
            if not problems:
                agreed += 1
        elif strict_rule and sdk.status == 200 and ours.status != 200:
            stricter.append((label, sdk, ours, strict_rule))
        elif strict_rule:
            problems.append(f"auth0-tok names strict rule {strict_rule!r} but the SDK did not accept")
        else:
            problems.append("the answers differ")
        if problems:
            failures.append((label, case, sdk, ours, problems))

    for label, case, sdk, ours, problems in failures:
        print(f"DISAGREE {label}")
        print(f"  request:   {case.method} {case.url} headers: {', '.join(n for n, _ in case.headers) or '-'}")
        print(f"  SDK:       {sdk.show()}")
        print(f"  auth0-tok: {ours.show()}")
        for p in problems:
            print(f"  -> {p}")
    for label, sdk, ours, rule in stricter:
        print(f"STRICTER {label}")
        print(f"  SDK:       {sdk.show()}")
        print(f"  auth0-tok: {ours.show()}")
        print(f"  rule:      {rule}")
    for label, sdk, ours, finding in known:
        print(f"KNOWN {label}")
        print(f"  SDK:       {sdk.show()}")
        print(f"  auth0-tok: {ours.show()}")
        print(f"  finding:   {finding}")
    print(
        f"interop: {len(cases)} requests against auth0-fastapi-api: {agreed} agree, "
        f"{len(stricter)} deliberately stricter, {len(known)} known disagreements, "
        f"{len(failures)} disagree; the text output compared on the {texts} the SDK answers 500"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
