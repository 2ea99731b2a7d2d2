"""An independent OAuth client logs in to `auth0-tok mock serve`: Authlib.

    python authlib_check.py /path/to/auth0-tok

Authlib's OAuth2Session (authlib.integrations.requests_client) runs the
mock tenant's user flows as a client library would, and Authlib's jose
verifies every token the tenant gives it:

  (a) authorization code with PKCE S256, for a public client with a loopback
      redirect_uri (nothing listens there: the login form is filled in over
      HTTP and the redirect's Location is handed to fetch_token);
  (b) refresh_token: the refresh token rotates, the old one is then refused;
  (c) the device flow (RFC 8628): /oauth/device/code, the /activate form,
      polling the token endpoint at the given interval.

Access tokens: iss, aud (the API audience), exp, the user's permissions, and
`auth0-tok verify --domain URL --audience AUD` exits 0 on them. ID tokens:
iss, aud (the client id), exp, nonce (code flow) and at_hash, checked by
Authlib's CodeIDToken claims class.

One line per check. Exit 0 all pass, 1 a check failed, 2 the set-up failed.
"""

import html.parser
import os
import secrets
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

import requests

# authlib.jose warns that it is deprecated for joserfc (on stderr); it is still
# Authlib's JOSE API, and the one its OIDC claims classes (CodeIDToken) use.
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from authlib.jose import JsonWebKey, JsonWebToken
from authlib.oidc.core import CodeIDToken

CLIENT_ID = "cli-app"
USER = "alice@example.com"
PASSWORD = "S3cret-pass"
PERMISSION = "read:messages"
REDIRECT_URI = "http://127.0.0.1:8765/callback"
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
TIMEOUT = 10

FAILURES = []


def check(name, ok, detail=""):
    if ok:
        print(f"authlib: ok: {name}")
    else:
        print(f"authlib: FAIL: {name}{': ' + detail if detail else ''}")
        FAILURES.append(name)
    return ok


def attempt(name, fn, *args, **kwargs):
    """Runs fn; an exception is a failed check named `name`."""
    try:
        return fn(*args, **kwargs), True
    except Exception as e:  # noqa: BLE001 - every failure is reported
        check(name, False, f"{type(e).__name__}: {e}")
        return None, False


def setup_error(msg):
    print(f"authlib: set-up failed: {msg}", file=sys.stderr)
    sys.exit(2)


class FormParser(html.parser.HTMLParser):
    """The first form's action and its input fields (name -> value)."""

    def __init__(self):
        super().__init__()
        self.action = None
        self.fields = {}
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.action is None:
            self.action = a.get("action")
            self._in_form = True
        elif tag == "input" and self._in_form and a.get("name"):
            self.fields[a["name"]] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False


def parse_form(text):
    p = FormParser()
    p.feed(text)
    return p


def start_mock(binary, work):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": work}
    proc = subprocess.Popen(
        [binary, "mock", "serve", "--port", "0", "--print-env", "--device-interval", "1",
         "--user", f"{USER}:{PASSWORD}", "--permission", f"{USER}={PERMISSION}",
         "--public-client", CLIENT_ID],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=work, env=env, text=True)
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout] and None or lines.put(None),
                     daemon=True).start()
    settings, url = {}, None
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and "AUTH0_AUDIENCE" not in settings:
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            if proc.poll() is not None:
                break
            continue
        if line is None:
            break
        line = line.strip()
        if line.startswith("# auth0-tok mock tenant "):
            url = line.rsplit(" ", 1)[1]
        elif "=" in line and not line.startswith("#"):
            k, v = line.split("=", 1)
            settings[k] = v
    if url is None or "AUTH0_AUDIENCE" not in settings:
        proc.kill()
        _, err = proc.communicate(timeout=5)
        setup_error(f"mock serve did not start (url={url!r}, settings={settings!r}): {err}")
    return proc, url if url.endswith("/") else url + "/", settings["AUTH0_AUDIENCE"]


class Tenant:
    def __init__(self, url, audience, binary, work):
        self.url, self.audience, self.binary, self.work = url, audience, binary, work
        disc = requests.get(url + ".well-known/openid-configuration", timeout=TIMEOUT)
        disc.raise_for_status()
        self.disc = disc.json()
        self.issuer = self.disc["issuer"]
        jwks = requests.get(self.disc["jwks_uri"], timeout=TIMEOUT)
        jwks.raise_for_status()
        self.keys = JsonWebKey.import_key_set(jwks.json())
        self.jwt = JsonWebToken(["RS256"])

    def session(self, **kw):
        return OAuth2Session(client_id=CLIENT_ID, token_endpoint_auth_method="none",
                             scope="openid profile email offline_access", **kw)

    def verify_access_token(self, what, token):
        def decode():
            claims = self.jwt.decode(token, self.keys, claims_options={
                "iss": {"essential": True, "value": self.issuer},
                "aud": {"essential": True, "value": self.audience},
                "exp": {"essential": True},
                "sub": {"essential": True},
            })
            claims.validate()
            return claims
        claims, ok = attempt(f"{what}: access token verifies (Authlib jose)", decode)
        if ok:
            check(f"{what}: access token verifies (Authlib jose: RS256, iss, aud {self.audience}, exp)", True)
            check(f"{what}: access token has the user's sub and permission {PERMISSION}",
                  not claims["sub"].endswith("@clients") and PERMISSION in claims.get("permissions", []),
                  f"sub={claims.get('sub')!r} permissions={claims.get('permissions')!r}")
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.work}
        r = subprocess.run([self.binary, "verify", "--domain", self.url, "--audience", self.audience, token],
                           cwd=self.work, env=env, capture_output=True, text=True, timeout=60)
        check(f"{what}: auth0-tok verify --domain --audience exits 0 on the access token",
              r.returncode == 0, f"exit {r.returncode}: {r.stderr.strip() or r.stdout.strip()}")
        return claims

    def verify_id_token(self, what, token, access_token, nonce=None):
        def decode():
            claims = self.jwt.decode(
                token, self.keys, claims_cls=CodeIDToken,
                claims_options={"iss": {"essential": True, "value": self.issuer},
                                "aud": {"essential": True, "value": CLIENT_ID}},
                claims_params={"nonce": nonce, "client_id": CLIENT_ID, "access_token": access_token})
            claims.validate()
            return claims
        claims, ok = attempt(f"{what}: ID token verifies (Authlib CodeIDToken)", decode)
        if ok:
            checked = ["RS256", "iss", f"aud {CLIENT_ID}", "exp", "iat", "sub"]
            if nonce:
                checked.append("nonce")
            if "at_hash" in claims:
                checked.append("at_hash")
            check(f"{what}: ID token verifies (Authlib CodeIDToken: {', '.join(checked)})", True)
            check(f"{what}: ID token carries at_hash (so Authlib checked it against the access token)",
                  "at_hash" in claims)
            if nonce:
                check(f"{what}: ID token nonce is the one sent", claims.get("nonce") == nonce,
                      f"{claims.get('nonce')!r} != {nonce!r}")
        return claims


def code_flow(t):
    what = "code+PKCE"
    s = t.session(redirect_uri=REDIRECT_URI, code_challenge_method="S256")
    verifier = secrets.token_urlsafe(48)
    nonce = secrets.token_urlsafe(16)
    url, state = s.create_authorization_url(t.disc["authorization_endpoint"], code_verifier=verifier,
                                            nonce=nonce, audience=t.audience)
    q = urllib.parse.parse_qs(urllib.parse.urlparse(url).query)
    check(f"{what}: Authlib's authorization URL sends code_challenge_method=S256",
          q.get("code_challenge_method") == ["S256"] and "code_challenge" in q, url)

    page = requests.get(url, allow_redirects=False, timeout=TIMEOUT)
    form = parse_form(page.text)
    if not check(f"{what}: GET /authorize shows the login form (POST /u/login)",
                 page.status_code == 200 and form.action == "/u/login" and "state" in form.fields,
                 f"{page.status_code} action={form.action!r} fields={sorted(form.fields)}"):
        return None
    login = requests.post(urllib.parse.urljoin(t.url, form.action), allow_redirects=False, timeout=TIMEOUT,
                          data={"state": form.fields["state"], "username": USER, "password": PASSWORD,
                                "action": "accept"})
    location = login.headers.get("Location", "")
    back = urllib.parse.urlparse(location)
    back_q = urllib.parse.parse_qs(back.query)
    if not check(f"{what}: the login redirects to the loopback redirect_uri with a code",
                 login.status_code in (302, 303) and location.startswith(REDIRECT_URI + "?") and "code" in back_q,
                 f"{login.status_code} Location={location!r}"):
        return None
    check(f"{what}: the redirect returns the state sent", back_q.get("state") == [state],
          f"{back_q.get('state')!r} != {state!r}")

    token, ok = attempt(f"{what}: Authlib fetch_token(authorization_response=…, code_verifier=…)",
                        s.fetch_token, t.disc["token_endpoint"], authorization_response=location,
                        state=state, code_verifier=verifier)
    if not ok:
        return None
    check(f"{what}: fetch_token gives an access token, an ID token and a refresh token",
          all(k in token for k in ("access_token", "id_token", "refresh_token")), f"keys={sorted(token)}")
    if "access_token" in token:
        t.verify_access_token(what, token["access_token"])
    if "id_token" in token:
        t.verify_id_token(what, token["id_token"], token["access_token"], nonce)

    # A wrong verifier is refused: PKCE is enforced, not just accepted.
    s2 = t.session(redirect_uri=REDIRECT_URI, code_challenge_method="S256")
    url2, state2 = s2.create_authorization_url(t.disc["authorization_endpoint"],
                                               code_verifier=secrets.token_urlsafe(48), audience=t.audience)
    form2 = parse_form(requests.get(url2, allow_redirects=False, timeout=TIMEOUT).text)
    login2 = requests.post(urllib.parse.urljoin(t.url, form2.action or "/u/login"), allow_redirects=False,
                           timeout=TIMEOUT, data={"state": form2.fields.get("state", ""), "username": USER,
                                                  "password": PASSWORD, "action": "accept"})
    try:
        s2.fetch_token(t.disc["token_endpoint"], authorization_response=login2.headers.get("Location", ""),
                       state=state2, code_verifier=secrets.token_urlsafe(48))
        check(f"{what}: a wrong code_verifier is refused", False, "the tenant gave tokens")
    except OAuthError as e:
        check(f"{what}: a wrong code_verifier is refused ({e.error})", e.error == "invalid_grant", str(e))
    return s, token


def refresh(t, s, token):
    what = "refresh"
    old = token["refresh_token"]
    new, ok = attempt(f"{what}: Authlib refresh_token()", s.refresh_token, t.disc["token_endpoint"],
                      refresh_token=old)
    if not ok:
        return
    check(f"{what}: the refresh token rotated", new.get("refresh_token") not in (None, old),
          f"new={new.get('refresh_token')!r}")
    if "access_token" in new:
        t.verify_access_token(what, new["access_token"])
    if "id_token" in new:
        t.verify_id_token(what, new["id_token"], new["access_token"])
    # Reusing the rotated-out refresh token is refused (and revokes the family).
    try:
        s.refresh_token(t.disc["token_endpoint"], refresh_token=old)
        check(f"{what}: the old refresh token is refused after rotation", False, "the tenant gave tokens")
    except OAuthError as e:
        check(f"{what}: the old refresh token is refused after rotation ({e.error})",
              e.error == "invalid_grant", str(e))


def device_flow(t):
    what = "device"
    s = t.session()
    r = s.post(t.disc["device_authorization_endpoint"], timeout=TIMEOUT, withhold_token=True,
               data={"client_id": CLIENT_ID, "scope": s.scope, "audience": t.audience})
    body = r.json() if r.headers.get("content-type", "").startswith("application/json") else {}
    if not check(f"{what}: POST /oauth/device/code gives a device code, a user code and an interval",
                 r.status_code == 200 and all(k in body for k in ("device_code", "user_code", "verification_uri")),
                 f"{r.status_code} {r.text[:200]}"):
        return
    interval = int(body.get("interval", 5))

    def poll():
        return s.fetch_token(t.disc["token_endpoint"], grant_type=DEVICE_GRANT,
                             device_code=body["device_code"], client_id=CLIENT_ID)

    try:
        poll()
        check(f"{what}: polling before approval answers authorization_pending", False, "the tenant gave tokens")
    except OAuthError as e:
        check(f"{what}: polling before approval answers authorization_pending", e.error == "authorization_pending",
              f"{e.error}: {e.description}")

    page = requests.get(body["verification_uri"], timeout=TIMEOUT)
    form = parse_form(page.text)
    fields = {k: v for k, v in form.fields.items() if k not in ("user_code", "username", "password")}
    fields.update({"user_code": body["user_code"], "username": USER, "password": PASSWORD, "action": "accept"})
    act = requests.post(urllib.parse.urljoin(body["verification_uri"], form.action or "/activate"),
                        data=fields, allow_redirects=False, timeout=TIMEOUT)
    check(f"{what}: the /activate form accepts the user code and the user",
          act.status_code in (200, 302, 303), f"{act.status_code} {act.text[:200]}")

    token, deadline = None, time.monotonic() + 60
    while token is None and time.monotonic() < deadline:
        time.sleep(interval)
        try:
            token = poll()
        except OAuthError as e:
            if e.error == "slow_down":
                interval += 5
            elif e.error != "authorization_pending":
                check(f"{what}: polling (interval {interval} s) gives tokens", False, f"{e.error}: {e.description}")
                return
    if not check(f"{what}: polling at the interval gives an access token and an ID token",
                 token is not None and "access_token" in token and "id_token" in token,
                 f"{sorted(token) if token else 'timed out'}"):
        return
    t.verify_access_token(what, token["access_token"])
    t.verify_id_token(what, token["id_token"], token["access_token"])


def main():
    if len(sys.argv) != 2 or not os.access(sys.argv[1], os.X_OK):
        setup_error("usage: authlib_check.py /path/to/auth0-tok (an executable)")
    binary = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="auth0-tok-authlib.")
    proc = None
    try:
        proc, url, audience = start_mock(binary, work)
        try:
            t = Tenant(url, audience, binary, work)
        except Exception as e:  # noqa: BLE001
            setup_error(f"discovery or JWKS at {url}: {e}")
        print(f"authlib: tenant {url}, audience {audience}, public client {CLIENT_ID}")
        got, ok = attempt("code+PKCE: the flow runs", code_flow, t)
        if ok and got is not None:
            attempt("refresh: the flow runs", refresh, t, *got)
        attempt("device: the flow runs", device_flow, t)
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(work, ignore_errors=True)
    if FAILURES:
        print(f"authlib: FAILED: {len(FAILURES)} check(s): {', '.join(FAILURES)}")
        return 1
    print("authlib: every flow ran and every token verifies")
    return 0


if __name__ == "__main__":
    sys.exit(main())
