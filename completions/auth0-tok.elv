
use builtin;
use str;

set edit:completion:arg-completer[auth0-tok] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'auth0-tok'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'auth0-tok'= {
            cand --env-file 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)'
            cand --domain 'domain'
            cand --timeout 'timeout'
            cand --json 'Machine-readable JSON output'
            cand --no-color 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
            cand -v 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --verbose 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --no-cache 'no-cache'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand verify 'A command''s own arguments and the tenant options'
            cand request 'A command''s own arguments and the tenant options'
            cand call 'A command''s own arguments and the tenant options'
            cand probe 'A command''s own arguments and the tenant options'
            cand decode 'Show a JWT''s header and claims WITHOUT verifying it'
            cand jwks 'A command''s own arguments and the tenant options'
            cand token 'A command''s own arguments and the tenant options'
            cand exchange 'A command''s own arguments and the tenant options'
            cand login 'A command''s own arguments and the tenant options'
            cand logout 'A command''s own arguments and the tenant options'
            cand dpop 'DPoP keys, proofs and thumbprints (RFC 9449)'
            cand mock 'A local Auth0-compatible tenant for tests and demos'
            cand demo 'Run the whole loop against a local tenant: tokens, verification, DPoP, Token Vault, cache'
            cand init 'A command''s own arguments and the tenant options'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'auth0-tok;verify'= {
            cand --env-file 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)'
            cand --audience 'The API identifier the token must be for; repeat to accept any of several (in AUTH0_AUDIENCE, and only there, separate them with commas)'
            cand --issuer 'Expected issuer, overriding the one derived from --domain; repeatable'
            cand --jwks 'Verify against this key set (a JWKS file, or an https URL) instead of the tenant''s'
            cand --leeway 'Seconds of clock skew tolerated for exp and nbf'
            cand --algorithm 'Allowed signing algorithm; repeatable [default: RS256, PS256 for verify; RS256, as the SDK, for request]'
            cand --hs256-secret 'Accept HS256 tokens signed with this secret (APIs using HS256 signing): @FILE reads it from a file, - from stdin; AUTH0_HS256_SECRET is taken from the environment, never from a .env'
            cand --scope 'A scope the token must grant; repeatable (all are required)'
            cand --jobs 'Threads for --batch [default: the number of CPUs]'
            cand --dpop 'A DPoP proof to verify with the token (reported as `request` does)'
            cand --htm 'The request method the DPoP proof must be for'
            cand --htu 'The request URL the DPoP proof must be for'
            cand --dpop-mode 'Which schemes the API accepts (the SDK''s dpop_enabled / dpop_required)'
            cand --nonce 'Require this nonce in DPoP proofs (RFC 9449 §9; the SDK has no nonces)'
            cand --iat-offset 'Maximum DPoP proof age in seconds (the SDK''s dpop_iat_offset) [default: 300]'
            cand --iat-leeway 'Tolerated DPoP proof clock skew in seconds (the SDK''s dpop_iat_leeway) [default: 30]'
            cand --domain 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat for multiple custom domains (in AUTH0_DOMAIN, and only there, separate them with commas)'
            cand --timeout 'Seconds allowed for each HTTP request [default: 10]'
            cand --json 'Machine-readable JSON output'
            cand --no-color 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
            cand -v 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --verbose 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --permissions 'Also accept required scopes from Auth0''s RBAC `permissions` claim (not with --dpop, which answers as the API does: `scope` only)'
            cand --batch 'Verify one token per line from stdin, writing one JSON line per token'
            cand --rfc 'Show the answer RFC 6750 / RFC 9449 prescribe instead of the SDK''s'
            cand -q 'No report: the exit code alone is the verdict (0 valid, 1 rejected, 3 insufficient scope); a usage or tenant failure still gets its one line on stderr. Not with --json or --batch (for a batch, `> /dev/null` keeps its exit code)'
            cand --quiet 'No report: the exit code alone is the verdict (0 valid, 1 rejected, 3 insufficient scope); a usage or tenant failure still gets its one line on stderr. Not with --json or --batch (for a batch, `> /dev/null` keeps its exit code)'
            cand --no-cache 'Do not read or write the disk cache'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auth0-tok;request'= {
            cand --env-file 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)'
            cand -X 'The request method (--raw: the request line''s)'
            cand --method 'The request method (--raw: the request line''s)'
            cand --url 'The request URL, as the API sees it (the same as the positional URL)'
            cand -H 'A request header; repeatable'
            cand --header 'A request header; repeatable'
            cand --raw 'Read a captured HTTP/1.1 request head (request line + headers) from a file or `-`'
            cand --jobs 'Threads for --batch [default: the number of CPUs]'
            cand --scheme 'The scheme for --raw requests (the Host header gives the rest) [default: https]'
            cand --scope 'A scope the route requires; repeatable'
            cand --audience 'The API identifier the token must be for; repeat to accept any of several (in AUTH0_AUDIENCE, and only there, separate them with commas)'
            cand --issuer 'Expected issuer, overriding the one derived from --domain; repeatable'
            cand --jwks 'Verify against this key set (a JWKS file, or an https URL) instead of the tenant''s'
            cand --leeway 'Seconds of clock skew tolerated for exp and nbf'
            cand --algorithm 'Allowed signing algorithm; repeatable [default: RS256, PS256 for verify; RS256, as the SDK, for request]'
            cand --hs256-secret 'Accept HS256 tokens signed with this secret (APIs using HS256 signing): @FILE reads it from a file, - from stdin; AUTH0_HS256_SECRET is taken from the environment, never from a .env'
            cand --dpop-mode 'Which schemes the API accepts (the SDK''s dpop_enabled / dpop_required)'
            cand --nonce 'Require this nonce in DPoP proofs (RFC 9449 §9; the SDK has no nonces)'
            cand --iat-offset 'Maximum DPoP proof age in seconds (the SDK''s dpop_iat_offset) [default: 300]'
            cand --iat-leeway 'Tolerated DPoP proof clock skew in seconds (the SDK''s dpop_iat_leeway) [default: 30]'
            cand --domain 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat for multiple custom domains (in AUTH0_DOMAIN, and only there, separate them with commas)'
            cand --timeout 'Seconds allowed for each HTTP request [default: 10]'
            cand --json 'Machine-readable JSON output'
            cand --no-color 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
            cand -v 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --verbose 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --batch 'Decide one request per stdin line (see below), writing one JSON answer per line'
            cand --trust-proxy 'Rebuild the URL from X-Forwarded-Proto/Host/Prefix, as auth0-fastapi-api does behind a trusted proxy'
            cand --rfc 'Show the answer RFC 6750 / RFC 9449 prescribe instead of the SDK''s'
            cand --no-cache 'Do not read or write the disk cache'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auth0-tok;call'= {
            cand --env-file 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)'
            cand -d 'The request body: @FILE, `-` for stdin, or the text itself'
            cand --data 'The request body: @FILE, `-` for stdin, or the text itself'
            cand --token 'Send this access token instead of getting one (`-` reads it from stdin)'
            cand --audience 'The API to get a token for'
            cand --scope 'Scopes to request, space-separated; repeatable'
            cand --organization 'The organization to get the token for'
            cand --min-ttl 'Reuse a cached token only while more than this many seconds of it remain'
            cand --client-id 'The application''s client id'
            cand --client-secret 'The application''s client secret: @FILE reads it from a file, - from stdin (prompted for on a terminal when missing)'
            cand --auth-method 'How the client authenticates'
            cand --client-assertion-key 'Private key (PEM) for --auth-method private_key_jwt: RS256 for RSA, ES256 for P-256'
            cand --key 'The DPoP key (PEM or private JWK)'
            cand --github-env 'GitHub Actions: mask the token in the log (on stdout) and set it as NAME for the job''s next steps (appended to $GITHUB_ENV); prints nothing else'
            cand --format 'Output format'
            cand --htm 'With --format header and a DPoP token: the method for the accompanying proof (GET, not get)'
            cand --htu 'With --format header and a DPoP token: the URL for the accompanying proof'
            cand --domain 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat for multiple custom domains (in AUTH0_DOMAIN, and only there, separate them with commas)'
            cand --timeout 'Seconds allowed for each HTTP request [default: 10]'
            cand --json 'Machine-readable JSON output'
            cand --no-color 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
            cand -v 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --verbose 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --user 'The user''s token from `auth0-tok login` (cached, refreshed when expired) instead of client credentials'
            cand --dpop 'Ask for a DPoP-bound token (proof for the token endpoint, nonce retry)'
            cand --github-mask 'Also print `::add-mask::<token>` first, so GitHub Actions hides it in logs (stdout only; for $GITHUB_ENV use --github-env)'
            cand --clear-cache 'Remove every cached token and exit'
            cand --no-cache 'Do not read or write the disk cache'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auth0-tok;probe'= {
            cand --env-file 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)'
            cand -X 'The request method'
            cand --method 'The request method'
            cand --token 'Use this access token as the baseline instead of getting one (`-` reads stdin)'
            cand --tenant 'What the API trusts: a real tenant, or `auth0-tok mock serve`'
            cand --rate 'At most this many requests per second to the API'
            cand --max-requests 'At most this many requests to the API in all'
            cand --junit 'Also write the findings as a JUnit XML report (for CI dashboards)'
            cand --audience 'The API to get a token for'
            cand --scope 'Scopes to request, space-separated; repeatable'
            cand --organization 'The organization to get the token for'
            cand --min-ttl 'Reuse a cached token only while more than this many seconds of it remain'
            cand --client-id 'The application''s client id'
            cand --client-secret 'The application''s client secret: @FILE reads it from a file, - from stdin (prompted for on a terminal when missing)'
            cand --auth-method 'How the client authenticates'
            cand --client-assertion-key 'Private key (PEM) for --auth-method private_key_jwt: RS256 for RSA, ES256 for P-256'
            cand --key 'The DPoP key (PEM or private JWK)'
            cand --github-env 'GitHub Actions: mask the token in the log (on stdout) and set it as NAME for the job''s next steps (appended to $GITHUB_ENV); prints nothing else'
            cand --format 'Output format'
            cand --htm 'With --format header and a DPoP token: the method for the accompanying proof (GET, not get)'
            cand --htu 'With --format header and a DPoP token: the URL for the accompanying proof'
            cand --domain 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat for multiple custom domains (in AUTH0_DOMAIN, and only there, separate them with commas)'
            cand --timeout 'Seconds allowed for each HTTP request [default: 10]'
            cand --json 'Machine-readable JSON output'
            cand --no-color 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
            cand -v 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --verbose 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --user 'The user''s token from `auth0-tok login` (cached, refreshed when expired) instead of client credentials'
            cand --dpop 'Ask for a DPoP-bound token (proof for the token endpoint, nonce retry)'
            cand --github-mask 'Also print `::add-mask::<token>` first, so GitHub Actions hides it in logs (stdout only; for $GITHUB_ENV use --github-env)'
            cand --clear-cache 'Remove every cached token and exit'
            cand --no-cache 'Do not read or write the disk cache'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auth0-tok;decode'= {
            cand --env-file 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)'
            cand --json 'Machine-readable JSON output'
            cand --no-color 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
            cand -v 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --verbose 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auth0-tok;jwks'= {
            cand --env-file 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)'
            cand --domain 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat for multiple custom domains (in AUTH0_DOMAIN, and only there, separate them with commas)'
            cand --timeout 'Seconds allowed for each HTTP request [default: 10]'
            cand --json 'Machine-readable JSON output'
            cand --no-color 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
            cand -v 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --verbose 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --no-cache 'Do not read or write the disk cache'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auth0-tok;token'= {
            cand --env-file 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)'
            cand --audience 'The API to get a token for'
            cand --scope 'Scopes to request, space-separated; repeatable'
            cand --organization 'The organization to get the token for'
            cand --min-ttl 'Reuse a cached token only while more than this many seconds of it remain'
            cand --client-id 'The application''s client id'
            cand --client-secret 'The application''s client secret: @FILE reads it from a file, - from stdin (prompted for on a terminal when missing)'
            cand --auth-method 'How the client authenticates'
            cand --client-assertion-key 'Private key (PEM) for --auth-method private_key_jwt: RS256 for RSA, ES256 for P-256'
            cand --key 'The DPoP key (PEM or private JWK)'
            cand --format 'Output format'
            cand --htm 'With --format header and a DPoP token: the method for the accompanying proof (GET, not get)'
            cand --htu 'With --format header and a DPoP token: the URL for the accompanying proof'
            cand --github-env 'GitHub Actions: mask the token in the log (on stdout) and set it as NAME for the job''s next steps (appended to $GITHUB_ENV); prints nothing else'
            cand --domain 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat for multiple custom domains (in AUTH0_DOMAIN, and only there, separate them with commas)'
            cand --timeout 'Seconds allowed for each HTTP request [default: 10]'
            cand --json 'Machine-readable JSON output'
            cand --no-color 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
            cand -v 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --verbose 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --clear-cache 'Remove every cached token and exit'
            cand --user 'The user''s token from `auth0-tok login` (cached, refreshed when expired) instead of client credentials'
            cand --dpop 'Ask for a DPoP-bound token (proof for the token endpoint, nonce retry)'
            cand --github-mask 'Also print `::add-mask::<token>` first, so GitHub Actions hides it in logs (stdout only; for $GITHUB_ENV use --github-env)'
            cand --no-cache 'Do not read or write the disk cache'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auth0-tok;exchange'= {
            cand --env-file 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)'
            cand --subject-token 'The token to exchange: @FILE reads it from a file, - from stdin'
            cand --connection 'Token Vault: the connection whose upstream token you want (google-oauth2, …)'
            cand --login-hint 'Token Vault: the user''s login hint'
            cand --subject-token-type 'access_token or refresh_token for Token Vault; your custom URI for custom token exchange'
            cand --audience 'The API the new token is for'
            cand --scope 'Scopes to request, space-separated; repeatable'
            cand --requested-token-type 'The requested token type'
            cand --organization 'The organization'
            cand --param 'An extra form parameter NAME=VALUE (custom token exchange); repeatable'
            cand --client-id 'The application''s client id'
            cand --client-secret 'The application''s client secret: @FILE reads it from a file, - from stdin (prompted for on a terminal when missing)'
            cand --auth-method 'How the client authenticates'
            cand --client-assertion-key 'Private key (PEM) for --auth-method private_key_jwt: RS256 for RSA, ES256 for P-256'
            cand --key 'The DPoP key (PEM or private JWK)'
            cand --format 'Output format'
            cand --htm 'With --format header and a DPoP token: the method for the accompanying proof (GET, not get)'
            cand --htu 'With --format header and a DPoP token: the URL for the accompanying proof'
            cand --github-env 'GitHub Actions: mask the token in the log (on stdout) and set it as NAME for the job''s next steps (appended to $GITHUB_ENV); prints nothing else'
            cand --domain 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat for multiple custom domains (in AUTH0_DOMAIN, and only there, separate them with commas)'
            cand --timeout 'Seconds allowed for each HTTP request [default: 10]'
            cand --json 'Machine-readable JSON output'
            cand --no-color 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
            cand -v 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --verbose 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --on-behalf-of 'On-behalf-of: exchange an access token for one for --audience'
            cand --dpop 'Ask for a DPoP-bound token (proof for the token endpoint, nonce retry)'
            cand --github-mask 'Also print `::add-mask::<token>` first, so GitHub Actions hides it in logs (stdout only; for $GITHUB_ENV use --github-env)'
            cand --no-cache 'Do not read or write the disk cache'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auth0-tok;login'= {
            cand --env-file 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)'
            cand --client-id 'The application''s client id (a Native application; public clients need no secret)'
            cand --client-secret 'A confidential application''s secret, sent to the token endpoint: @FILE reads it from a file, - from stdin'
            cand --audience 'The API the access token is for (without it Auth0 issues an opaque token)'
            cand --scope 'Scopes to request, space-separated; repeatable [default: openid profile offline_access]'
            cand --organization 'The organization to log in to (id or name)'
            cand --connection 'The connection to use, skipping the choice on the login page'
            cand --prompt 'none: no page (fails unless a session exists); login: always ask for credentials; consent'
            cand --max-age 'The most seconds since the user last authenticated (the ID token''s auth_time is checked)'
            cand --acr-values 'Requested authentication context class references, space-separated'
            cand --port 'The loopback port to listen on (0: a free one)'
            cand --redirect-host 'The redirect URI''s host; the listener is on 127.0.0.1 either way'
            cand --key 'The DPoP key (PEM or private JWK)'
            cand --format 'Output format'
            cand --wait 'How long to wait for the browser (or the device approval), in seconds'
            cand --domain 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat for multiple custom domains (in AUTH0_DOMAIN, and only there, separate them with commas)'
            cand --timeout 'Seconds allowed for each HTTP request [default: 10]'
            cand --json 'Machine-readable JSON output'
            cand --no-color 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
            cand -v 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --verbose 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --no-browser 'Do not open a browser: print the URL to open on stderr (never opened without a terminal either)'
            cand --device 'Log in with the device authorization grant: a code to enter on another device'
            cand --dpop 'Ask for a DPoP-bound token'
            cand --no-cache 'Do not read or write the disk cache'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auth0-tok;logout'= {
            cand --env-file 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)'
            cand --client-id 'The application''s client id (a Native application; public clients need no secret)'
            cand --client-secret 'A confidential application''s secret, sent to the token endpoint: @FILE reads it from a file, - from stdin'
            cand --domain 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat for multiple custom domains (in AUTH0_DOMAIN, and only there, separate them with commas)'
            cand --timeout 'Seconds allowed for each HTTP request [default: 10]'
            cand --json 'Machine-readable JSON output'
            cand --no-color 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
            cand -v 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --verbose 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --no-revoke 'Forget the tokens here only; do not revoke the refresh tokens at the tenant'
            cand --no-cache 'Do not read or write the disk cache'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auth0-tok;dpop'= {
            cand --env-file 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)'
            cand --json 'Machine-readable JSON output'
            cand --no-color 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
            cand -v 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --verbose 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand keygen 'Generate an ES256 (P-256) key; prints its public JWK and thumbprint (jkt)'
            cand proof 'Sign DPoP proofs (RFC 9449) for a request'
            cand thumbprint 'The RFC 7638 thumbprint of a key (PEM file, JWK file, or inline JWK)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'auth0-tok;dpop;keygen'= {
            cand --env-file 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)'
            cand --out 'Write the private key here (mode 0600)'
            cand --format 'Private key format'
            cand --json 'Machine-readable JSON output'
            cand --no-color 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
            cand -v 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --verbose 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --force 'Replace an existing --out file'
            cand --private 'Print the private JWK on stdout (with --format jwk and no --out)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auth0-tok;dpop;proof'= {
            cand --env-file 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)'
            cand --htm 'HTTP method of the request the proof is for, as sent (case-sensitive: GET, not get)'
            cand --htu 'URL of the request (query and fragment are removed, RFC 9449 §4.2)'
            cand --key 'The DPoP private key (PEM or private JWK)'
            cand --access-token 'Bind the proof to this access token (ath), or `-` for stdin'
            cand --nonce 'The nonce the server asked for (DPoP-Nonce)'
            cand --count 'Print this many proofs, one per line'
            cand --json 'Machine-readable JSON output'
            cand --no-color 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
            cand -v 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --verbose 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --headers 'Print curl-ready `Authorization: DPoP …` and `DPoP: …` lines (needs --access-token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auth0-tok;dpop;thumbprint'= {
            cand --env-file 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)'
            cand --json 'Machine-readable JSON output'
            cand --no-color 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
            cand -v 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --verbose 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auth0-tok;dpop;help'= {
            cand keygen 'Generate an ES256 (P-256) key; prints its public JWK and thumbprint (jkt)'
            cand proof 'Sign DPoP proofs (RFC 9449) for a request'
            cand thumbprint 'The RFC 7638 thumbprint of a key (PEM file, JWK file, or inline JWK)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'auth0-tok;dpop;help;keygen'= {
        }
        &'auth0-tok;dpop;help;proof'= {
        }
        &'auth0-tok;dpop;help;thumbprint'= {
        }
        &'auth0-tok;dpop;help;help'= {
        }
        &'auth0-tok;mock'= {
            cand --env-file 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)'
            cand --json 'Machine-readable JSON output'
            cand --no-color 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
            cand -v 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --verbose 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand serve 'Run the tenant (127.0.0.1 by default) until Ctrl-C; prints its URL first (with --print-env, a .env)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'auth0-tok;mock;serve'= {
            cand --env-file 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)'
            cand --host 'Address to listen on, IPv4 or IPv6 (a non-loopback address makes the tenant reachable from the network)'
            cand --port 'Port (0 picks a free port)'
            cand --issuer 'The `iss` of issued tokens and the discovery `issuer`, exactly as given: https:// (or http:// on loopback), no path [default: the tenant''s URL]'
            cand --audience 'An API identifier the tenant issues tokens for; repeatable'
            cand --client 'A client as ID:SECRET, or @FILE / - (stdin) holding ID:SECRET; repeatable [default: mock-client with a random secret, printed]'
            cand --scope 'Scopes granted to clients; repeatable'
            cand --signing-key 'Sign with this PEM private key (RSA) instead of a fresh one'
            cand --token-lifetime 'Access token lifetime in seconds'
            cand --backdate 'Issue tokens as if this many seconds ago (makes expired tokens for tests)'
            cand --max-age 'Cache-Control max-age for discovery and JWKS'
            cand --client-key 'A private_key_jwt client as ID:FILE (its public or private key, PEM or JWK); repeatable'
            cand --connection 'A Token Vault connection that has an upstream token for every user; repeatable'
            cand --custom-token-type 'The subject token type custom token exchange accepts'
            cand --fail-rate 'Answer this fraction (0–1) of requests with HTTP 500 (an unreliable tenant)'
            cand --latency 'Wait this many milliseconds before every answer'
            cand --user 'A user as EMAIL:PASSWORD, EMAIL (a random password, printed), or @FILE / - (stdin) holding EMAIL:PASSWORD; repeatable [default: user@example.com with Passw0rd!]'
            cand --role 'Give a user a role (a `https://auth0-tok/roles` claim in its tokens); repeatable'
            cand --permission 'Give a user an RBAC permission (the `permissions` claim of its access tokens); repeatable'
            cand --public-client 'A public client (a native app or SPA: no secret, PKCE required); repeatable'
            cand --callback 'An allowed callback URL; loopback ones match any port; repeatable [default: http://127.0.0.1/callback and http://localhost/callback]'
            cand --device-interval 'The device flow''s polling interval'
            cand --device-expires 'How long a device code lives'
            cand --domain 'Refused, pointing to --issuer: --domain names the tenant other commands talk to'
            cand --json 'Machine-readable JSON output'
            cand --no-color 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
            cand -v 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --verbose 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --require-dpop-nonce 'Answer DPoP token requests without a nonce with use_dpop_nonce first, as Auth0 does'
            cand --auto-login '/authorize logs the first user in at once and redirects back with a code (no form)'
            cand --print-env 'Print a .env file instead of the base URL: the URL as a `#` comment, then AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET (the first client''s), and the first user as `# user:` (its password as `# password:` only when not given)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auth0-tok;mock;help'= {
            cand serve 'Run the tenant (127.0.0.1 by default) until Ctrl-C; prints its URL first (with --print-env, a .env)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'auth0-tok;mock;help;serve'= {
        }
        &'auth0-tok;mock;help;help'= {
        }
        &'auth0-tok;demo'= {
            cand --env-file 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)'
            cand --json 'Machine-readable JSON output'
            cand --no-color 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
            cand -v 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --verbose 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auth0-tok;init'= {
            cand --env-file 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)'
            cand --out 'Where to write the variables'
            cand --domain 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat for multiple custom domains (in AUTH0_DOMAIN, and only there, separate them with commas)'
            cand --timeout 'Seconds allowed for each HTTP request [default: 10]'
            cand --json 'Machine-readable JSON output'
            cand --no-color 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
            cand -v 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --verbose 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --no-cache 'Do not read or write the disk cache'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auth0-tok;completions'= {
            cand --env-file 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)'
            cand --json 'Machine-readable JSON output'
            cand --no-color 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
            cand -v 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand --verbose 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auth0-tok;help'= {
            cand verify 'Verify an access token for an API: signature, iss, aud, exp, nbf, scopes'
            cand request 'What would my API answer to this HTTP request? Status, error, WWW-Authenticate'
            cand call 'Call your API with a token attached (Bearer or DPoP); explain a 401/403'
            cand probe 'Probe a live API: does it refuse forged, expired, misbound tokens and proofs?'
            cand decode 'Show a JWT''s header and claims WITHOUT verifying it'
            cand jwks 'Show a tenant''s discovery summary and signing keys'
            cand token 'A client-credentials access token for scripts and CI (cached; DPoP-bound on request)'
            cand exchange 'Token Vault connection tokens, custom token exchange and on-behalf-of'
            cand login 'Log a user in (browser or device code): their access token, cached and refreshed'
            cand logout 'Forget the cached user logins of a tenant and client, revoking their refresh tokens'
            cand dpop 'DPoP keys, proofs and thumbprints (RFC 9449)'
            cand mock 'A local Auth0-compatible tenant for tests and demos'
            cand demo 'Run the whole loop against a local tenant: tokens, verification, DPoP, Token Vault, cache'
            cand init 'Write a .env for your tenant, interactively (terminal only)'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'auth0-tok;help;verify'= {
        }
        &'auth0-tok;help;request'= {
        }
        &'auth0-tok;help;call'= {
        }
        &'auth0-tok;help;probe'= {
        }
        &'auth0-tok;help;decode'= {
        }
        &'auth0-tok;help;jwks'= {
        }
        &'auth0-tok;help;token'= {
        }
        &'auth0-tok;help;exchange'= {
        }
        &'auth0-tok;help;login'= {
        }
        &'auth0-tok;help;logout'= {
        }
        &'auth0-tok;help;dpop'= {
        }
        &'auth0-tok;help;mock'= {
        }
        &'auth0-tok;help;demo'= {
        }
        &'auth0-tok;help;init'= {
        }
        &'auth0-tok;help;completions'= {
        }
        &'auth0-tok;help;help'= {
        }
    ]
    $completions[$command]
}
