"""A FastAPI app protected by auth0-fastapi-api, set up as its README shows.

Configured by environment (run.sh sets these):

  INTEROP_DOMAIN      the tenant domain given to Auth0FastAPI (the issuer's host)
  INTEROP_TENANT_URL  where that tenant really answers (`auth0-tok mock serve`)
  INTEROP_AUDIENCE    the API identifier
  INTEROP_DPOP_MODE   allowed | required | disabled
  INTEROP_TRUST_PROXY 1 to set app.state.trust_proxy (X-Forwarded-* honoured)
  INTEROP_SCOPE       the scope /scoped requires

Routes: /messages (any valid token) and /scoped (INTEROP_SCOPE), GET and POST.

The SDK only fetches https://{domain}/...; the mock tenant speaks plain http
on 127.0.0.1. The SDK's documented `custom_fetch` hook maps the issuer's
https URLs onto the mock tenant, and refuses every other URL, so nothing
leaves the machine. The SDK's own code is not patched.

Serves on a free port of 127.0.0.1 and prints its base URL on stdout first.
"""

import os
import socket
import sys

import httpx
import uvicorn
from fastapi import Depends, FastAPI
from fastapi_plugin import Auth0FastAPI

DOMAIN = os.environ["INTEROP_DOMAIN"]
TENANT_URL = os.environ["INTEROP_TENANT_URL"]
AUDIENCE = os.environ["INTEROP_AUDIENCE"]
MODE = os.environ.get("INTEROP_DPOP_MODE", "allowed")
TRUST_PROXY = os.environ.get("INTEROP_TRUST_PROXY") == "1"
SCOPE = os.environ.get("INTEROP_SCOPE", "read:messages")

MODES = {
    "allowed": {"dpop_enabled": True, "dpop_required": False},
    "required": {"dpop_enabled": True, "dpop_required": True},
    "disabled": {"dpop_enabled": False, "dpop_required": False},
}
if MODE not in MODES:
    sys.exit(f"app.py: INTEROP_DPOP_MODE must be one of {', '.join(MODES)}, not {MODE!r}")
if not TENANT_URL.endswith("/"):
    TENANT_URL += "/"


async def fetch_from_mock_tenant(url: str) -> httpx.Response:
    """The SDK's custom_fetch: https://{DOMAIN}/… is served by the mock tenant."""
    issuer = f"https://{DOMAIN}/"
    if url.startswith(issuer):
        url = TENANT_URL + url[len(issuer):]
    elif not url.startswith(TENANT_URL):
        raise ValueError(f"refusing to fetch {url}: not the mock tenant")
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.get(url)
        response.raise_for_status()
        return response


app = FastAPI()
# auth0-fastapi-api's README, "Reverse Proxy Configuration".
app.state.trust_proxy = TRUST_PROXY

auth0 = Auth0FastAPI(
    domain=DOMAIN,
    audience=AUDIENCE,
    custom_fetch=fetch_from_mock_tenant,
    **MODES[MODE],
)


@app.api_route("/messages", methods=["GET", "POST"])
async def messages(claims: dict = Depends(auth0.require_auth())):
    return {"sub": claims.get("sub")}


@app.api_route("/scoped", methods=["GET", "POST"])
async def scoped(claims: dict = Depends(auth0.require_auth(scopes=[SCOPE]))):
    return {"sub": claims.get("sub")}


def main() -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    # uvicorn's own proxy-header rewriting (on by default for clients on
    # 127.0.0.1) is off: the URL the SDK sees is auth0-fastapi-api's alone.
    config = uvicorn.Config(app, log_level="warning", proxy_headers=False, access_log=False)
    server = uvicorn.Server(config)
    print(f"http://127.0.0.1:{port}/", flush=True)
    server.run(sockets=[sock])


if __name__ == "__main__":
    main()
