# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_auth0_tok_global_optspecs
    string join \n env-file= json no-color v/verbose domain= timeout= no-cache h/help V/version
end

function __fish_auth0_tok_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_auth0_tok_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_auth0_tok_using_subcommand
    set -l cmd (__fish_auth0_tok_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c auth0-tok -n "__fish_auth0_tok_needs_command" -l env-file -d 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_needs_command" -l domain -r
complete -c auth0-tok -n "__fish_auth0_tok_needs_command" -l timeout -r
complete -c auth0-tok -n "__fish_auth0_tok_needs_command" -l json -d 'Machine-readable JSON output'
complete -c auth0-tok -n "__fish_auth0_tok_needs_command" -l no-color -d 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
complete -c auth0-tok -n "__fish_auth0_tok_needs_command" -s v -l verbose -d 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
complete -c auth0-tok -n "__fish_auth0_tok_needs_command" -l no-cache
complete -c auth0-tok -n "__fish_auth0_tok_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auth0-tok -n "__fish_auth0_tok_needs_command" -s V -l version -d 'Print version'
complete -c auth0-tok -n "__fish_auth0_tok_needs_command" -f -a "verify" -d 'A command\'s own arguments and the tenant options'
complete -c auth0-tok -n "__fish_auth0_tok_needs_command" -f -a "request" -d 'A command\'s own arguments and the tenant options'
complete -c auth0-tok -n "__fish_auth0_tok_needs_command" -f -a "call" -d 'A command\'s own arguments and the tenant options'
complete -c auth0-tok -n "__fish_auth0_tok_needs_command" -f -a "probe" -d 'A command\'s own arguments and the tenant options'
complete -c auth0-tok -n "__fish_auth0_tok_needs_command" -f -a "decode" -d 'Show a JWT\'s header and claims WITHOUT verifying it'
complete -c auth0-tok -n "__fish_auth0_tok_needs_command" -f -a "jwks" -d 'A command\'s own arguments and the tenant options'
complete -c auth0-tok -n "__fish_auth0_tok_needs_command" -f -a "token" -d 'A command\'s own arguments and the tenant options'
complete -c auth0-tok -n "__fish_auth0_tok_needs_command" -f -a "exchange" -d 'A command\'s own arguments and the tenant options'
complete -c auth0-tok -n "__fish_auth0_tok_needs_command" -f -a "login" -d 'A command\'s own arguments and the tenant options'
complete -c auth0-tok -n "__fish_auth0_tok_needs_command" -f -a "logout" -d 'A command\'s own arguments and the tenant options'
complete -c auth0-tok -n "__fish_auth0_tok_needs_command" -f -a "dpop" -d 'DPoP keys, proofs and thumbprints (RFC 9449)'
complete -c auth0-tok -n "__fish_auth0_tok_needs_command" -f -a "mock" -d 'A local Auth0-compatible tenant for tests and demos'
complete -c auth0-tok -n "__fish_auth0_tok_needs_command" -f -a "demo" -d 'Run the whole loop against a local tenant: tokens, verification, DPoP, Token Vault, cache'
complete -c auth0-tok -n "__fish_auth0_tok_needs_command" -f -a "init" -d 'A command\'s own arguments and the tenant options'
complete -c auth0-tok -n "__fish_auth0_tok_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c auth0-tok -n "__fish_auth0_tok_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand verify" -l env-file -d 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand verify" -l audience -d 'The API identifier the token must be for; repeat to accept any of several (in AUTH0_AUDIENCE, and only there, separate them with commas)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand verify" -l issuer -d 'Expected issuer, overriding the one derived from --domain; repeatable' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand verify" -l jwks -d 'Verify against this key set (a JWKS file, or an https URL) instead of the tenant\'s' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand verify" -l leeway -d 'Seconds of clock skew tolerated for exp and nbf' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand verify" -l algorithm -d 'Allowed signing algorithm; repeatable [default: RS256, PS256 for verify; RS256, as the SDK, for request]' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand verify" -l hs256-secret -d 'Accept HS256 tokens signed with this secret (APIs using HS256 signing): @FILE reads it from a file, - from stdin; AUTH0_HS256_SECRET is taken from the environment, never from a .env' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand verify" -l scope -d 'A scope the token must grant; repeatable (all are required)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand verify" -l jobs -d 'Threads for --batch [default: the number of CPUs]' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand verify" -l dpop -d 'A DPoP proof to verify with the token (reported as `request` does)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand verify" -l htm -d 'The request method the DPoP proof must be for' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand verify" -l htu -d 'The request URL the DPoP proof must be for' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand verify" -l dpop-mode -d 'Which schemes the API accepts (the SDK\'s dpop_enabled / dpop_required)' -r -f -a "allowed\t'Bearer and DPoP (the SDK\'s default)'
required\t'DPoP only'
disabled\t'Bearer only'"
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand verify" -l nonce -d 'Require this nonce in DPoP proofs (RFC 9449 §9; the SDK has no nonces)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand verify" -l iat-offset -d 'Maximum DPoP proof age in seconds (the SDK\'s dpop_iat_offset) [default: 300]' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand verify" -l iat-leeway -d 'Tolerated DPoP proof clock skew in seconds (the SDK\'s dpop_iat_leeway) [default: 30]' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand verify" -l domain -d 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat for multiple custom domains (in AUTH0_DOMAIN, and only there, separate them with commas)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand verify" -l timeout -d 'Seconds allowed for each HTTP request [default: 10]' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand verify" -l json -d 'Machine-readable JSON output'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand verify" -l no-color -d 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand verify" -s v -l verbose -d 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand verify" -l permissions -d 'Also accept required scopes from Auth0\'s RBAC `permissions` claim (not with --dpop, which answers as the API does: `scope` only)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand verify" -l batch -d 'Verify one token per line from stdin, writing one JSON line per token'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand verify" -l rfc -d 'Show the answer RFC 6750 / RFC 9449 prescribe instead of the SDK\'s'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand verify" -s q -l quiet -d 'No report: the exit code alone is the verdict (0 valid, 1 rejected, 3 insufficient scope); a usage or tenant failure still gets its one line on stderr. Not with --json or --batch (for a batch, `> /dev/null` keeps its exit code)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand verify" -l no-cache -d 'Do not read or write the disk cache'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand verify" -s V -l version -d 'Print version'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand request" -l env-file -d 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand request" -s X -l method -d 'The request method (--raw: the request line\'s)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand request" -l url -d 'The request URL, as the API sees it (the same as the positional URL)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand request" -s H -l header -d 'A request header; repeatable' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand request" -l raw -d 'Read a captured HTTP/1.1 request head (request line + headers) from a file or `-`' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand request" -l jobs -d 'Threads for --batch [default: the number of CPUs]' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand request" -l scheme -d 'The scheme for --raw requests (the Host header gives the rest) [default: https]' -r -f -a "http\t''
https\t''"
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand request" -l scope -d 'A scope the route requires; repeatable' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand request" -l audience -d 'The API identifier the token must be for; repeat to accept any of several (in AUTH0_AUDIENCE, and only there, separate them with commas)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand request" -l issuer -d 'Expected issuer, overriding the one derived from --domain; repeatable' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand request" -l jwks -d 'Verify against this key set (a JWKS file, or an https URL) instead of the tenant\'s' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand request" -l leeway -d 'Seconds of clock skew tolerated for exp and nbf' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand request" -l algorithm -d 'Allowed signing algorithm; repeatable [default: RS256, PS256 for verify; RS256, as the SDK, for request]' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand request" -l hs256-secret -d 'Accept HS256 tokens signed with this secret (APIs using HS256 signing): @FILE reads it from a file, - from stdin; AUTH0_HS256_SECRET is taken from the environment, never from a .env' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand request" -l dpop-mode -d 'Which schemes the API accepts (the SDK\'s dpop_enabled / dpop_required)' -r -f -a "allowed\t'Bearer and DPoP (the SDK\'s default)'
required\t'DPoP only'
disabled\t'Bearer only'"
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand request" -l nonce -d 'Require this nonce in DPoP proofs (RFC 9449 §9; the SDK has no nonces)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand request" -l iat-offset -d 'Maximum DPoP proof age in seconds (the SDK\'s dpop_iat_offset) [default: 300]' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand request" -l iat-leeway -d 'Tolerated DPoP proof clock skew in seconds (the SDK\'s dpop_iat_leeway) [default: 30]' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand request" -l domain -d 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat for multiple custom domains (in AUTH0_DOMAIN, and only there, separate them with commas)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand request" -l timeout -d 'Seconds allowed for each HTTP request [default: 10]' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand request" -l json -d 'Machine-readable JSON output'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand request" -l no-color -d 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand request" -s v -l verbose -d 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand request" -l batch -d 'Decide one request per stdin line (see below), writing one JSON answer per line'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand request" -l trust-proxy -d 'Rebuild the URL from X-Forwarded-Proto/Host/Prefix, as auth0-fastapi-api does behind a trusted proxy'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand request" -l rfc -d 'Show the answer RFC 6750 / RFC 9449 prescribe instead of the SDK\'s'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand request" -l no-cache -d 'Do not read or write the disk cache'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand request" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand request" -s V -l version -d 'Print version'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand call" -l env-file -d 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand call" -s d -l data -d 'The request body: @FILE, `-` for stdin, or the text itself' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand call" -l token -d 'Send this access token instead of getting one (`-` reads it from stdin)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand call" -l audience -d 'The API to get a token for' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand call" -l scope -d 'Scopes to request, space-separated; repeatable' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand call" -l organization -d 'The organization to get the token for' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand call" -l min-ttl -d 'Reuse a cached token only while more than this many seconds of it remain' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand call" -l client-id -d 'The application\'s client id' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand call" -l client-secret -d 'The application\'s client secret: @FILE reads it from a file, - from stdin (prompted for on a terminal when missing)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand call" -l auth-method -d 'How the client authenticates' -r -f -a "client_secret_post\t'The secret in the form body'
client_secret_basic\t'The secret in HTTP Basic authentication'
private_key_jwt\t'A JWT signed with --client-assertion-key'"
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand call" -l client-assertion-key -d 'Private key (PEM) for --auth-method private_key_jwt: RS256 for RSA, ES256 for P-256' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand call" -l key -d 'The DPoP key (PEM or private JWK)' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand call" -l github-env -d 'GitHub Actions: mask the token in the log (on stdout) and set it as NAME for the job\'s next steps (appended to $GITHUB_ENV); prints nothing else' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand call" -l format -d 'Output format' -r -f -a "token\t'The access token alone'
header\t'`Authorization: <type> <token>` (and `DPoP: <proof>` with --htm/--htu)'
env\t'`AUTH0_ACCESS_TOKEN=<token>`'"
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand call" -l htm -d 'With --format header and a DPoP token: the method for the accompanying proof (GET, not get)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand call" -l htu -d 'With --format header and a DPoP token: the URL for the accompanying proof' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand call" -l domain -d 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat for multiple custom domains (in AUTH0_DOMAIN, and only there, separate them with commas)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand call" -l timeout -d 'Seconds allowed for each HTTP request [default: 10]' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand call" -l json -d 'Machine-readable JSON output'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand call" -l no-color -d 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand call" -s v -l verbose -d 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand call" -l user -d 'The user\'s token from `auth0-tok login` (cached, refreshed when expired) instead of client credentials'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand call" -l dpop -d 'Ask for a DPoP-bound token (proof for the token endpoint, nonce retry)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand call" -l github-mask -d 'Also print `::add-mask::<token>` first, so GitHub Actions hides it in logs (stdout only; for $GITHUB_ENV use --github-env)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand call" -l clear-cache -d 'Remove every cached token and exit'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand call" -l no-cache -d 'Do not read or write the disk cache'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand call" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand call" -s V -l version -d 'Print version'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand probe" -l env-file -d 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand probe" -s X -l method -d 'The request method' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand probe" -l token -d 'Use this access token as the baseline instead of getting one (`-` reads stdin)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand probe" -l tenant -d 'What the API trusts: a real tenant, or `auth0-tok mock serve`' -r -f -a "auth0\t'A real Auth0 tenant: client-side variants only'
mock\t'`auth0-tok mock serve`: also tokens minted to be refused'"
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand probe" -l rate -d 'At most this many requests per second to the API' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand probe" -l max-requests -d 'At most this many requests to the API in all' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand probe" -l junit -d 'Also write the findings as a JUnit XML report (for CI dashboards)' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand probe" -l audience -d 'The API to get a token for' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand probe" -l scope -d 'Scopes to request, space-separated; repeatable' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand probe" -l organization -d 'The organization to get the token for' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand probe" -l min-ttl -d 'Reuse a cached token only while more than this many seconds of it remain' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand probe" -l client-id -d 'The application\'s client id' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand probe" -l client-secret -d 'The application\'s client secret: @FILE reads it from a file, - from stdin (prompted for on a terminal when missing)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand probe" -l auth-method -d 'How the client authenticates' -r -f -a "client_secret_post\t'The secret in the form body'
client_secret_basic\t'The secret in HTTP Basic authentication'
private_key_jwt\t'A JWT signed with --client-assertion-key'"
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand probe" -l client-assertion-key -d 'Private key (PEM) for --auth-method private_key_jwt: RS256 for RSA, ES256 for P-256' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand probe" -l key -d 'The DPoP key (PEM or private JWK)' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand probe" -l github-env -d 'GitHub Actions: mask the token in the log (on stdout) and set it as NAME for the job\'s next steps (appended to $GITHUB_ENV); prints nothing else' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand probe" -l format -d 'Output format' -r -f -a "token\t'The access token alone'
header\t'`Authorization: <type> <token>` (and `DPoP: <proof>` with --htm/--htu)'
env\t'`AUTH0_ACCESS_TOKEN=<token>`'"
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand probe" -l htm -d 'With --format header and a DPoP token: the method for the accompanying proof (GET, not get)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand probe" -l htu -d 'With --format header and a DPoP token: the URL for the accompanying proof' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand probe" -l domain -d 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat for multiple custom domains (in AUTH0_DOMAIN, and only there, separate them with commas)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand probe" -l timeout -d 'Seconds allowed for each HTTP request [default: 10]' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand probe" -l json -d 'Machine-readable JSON output'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand probe" -l no-color -d 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand probe" -s v -l verbose -d 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand probe" -l user -d 'The user\'s token from `auth0-tok login` (cached, refreshed when expired) instead of client credentials'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand probe" -l dpop -d 'Ask for a DPoP-bound token (proof for the token endpoint, nonce retry)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand probe" -l github-mask -d 'Also print `::add-mask::<token>` first, so GitHub Actions hides it in logs (stdout only; for $GITHUB_ENV use --github-env)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand probe" -l clear-cache -d 'Remove every cached token and exit'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand probe" -l no-cache -d 'Do not read or write the disk cache'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand probe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand probe" -s V -l version -d 'Print version'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand decode" -l env-file -d 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand decode" -l json -d 'Machine-readable JSON output'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand decode" -l no-color -d 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand decode" -s v -l verbose -d 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand decode" -s h -l help -d 'Print help'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand decode" -s V -l version -d 'Print version'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand jwks" -l env-file -d 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand jwks" -l domain -d 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat for multiple custom domains (in AUTH0_DOMAIN, and only there, separate them with commas)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand jwks" -l timeout -d 'Seconds allowed for each HTTP request [default: 10]' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand jwks" -l json -d 'Machine-readable JSON output'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand jwks" -l no-color -d 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand jwks" -s v -l verbose -d 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand jwks" -l no-cache -d 'Do not read or write the disk cache'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand jwks" -s h -l help -d 'Print help'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand jwks" -s V -l version -d 'Print version'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand token" -l env-file -d 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand token" -l audience -d 'The API to get a token for' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand token" -l scope -d 'Scopes to request, space-separated; repeatable' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand token" -l organization -d 'The organization to get the token for' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand token" -l min-ttl -d 'Reuse a cached token only while more than this many seconds of it remain' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand token" -l client-id -d 'The application\'s client id' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand token" -l client-secret -d 'The application\'s client secret: @FILE reads it from a file, - from stdin (prompted for on a terminal when missing)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand token" -l auth-method -d 'How the client authenticates' -r -f -a "client_secret_post\t'The secret in the form body'
client_secret_basic\t'The secret in HTTP Basic authentication'
private_key_jwt\t'A JWT signed with --client-assertion-key'"
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand token" -l client-assertion-key -d 'Private key (PEM) for --auth-method private_key_jwt: RS256 for RSA, ES256 for P-256' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand token" -l key -d 'The DPoP key (PEM or private JWK)' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand token" -l format -d 'Output format' -r -f -a "token\t'The access token alone'
header\t'`Authorization: <type> <token>` (and `DPoP: <proof>` with --htm/--htu)'
env\t'`AUTH0_ACCESS_TOKEN=<token>`'"
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand token" -l htm -d 'With --format header and a DPoP token: the method for the accompanying proof (GET, not get)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand token" -l htu -d 'With --format header and a DPoP token: the URL for the accompanying proof' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand token" -l github-env -d 'GitHub Actions: mask the token in the log (on stdout) and set it as NAME for the job\'s next steps (appended to $GITHUB_ENV); prints nothing else' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand token" -l domain -d 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat for multiple custom domains (in AUTH0_DOMAIN, and only there, separate them with commas)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand token" -l timeout -d 'Seconds allowed for each HTTP request [default: 10]' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand token" -l json -d 'Machine-readable JSON output'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand token" -l no-color -d 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand token" -s v -l verbose -d 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand token" -l clear-cache -d 'Remove every cached token and exit'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand token" -l user -d 'The user\'s token from `auth0-tok login` (cached, refreshed when expired) instead of client credentials'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand token" -l dpop -d 'Ask for a DPoP-bound token (proof for the token endpoint, nonce retry)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand token" -l github-mask -d 'Also print `::add-mask::<token>` first, so GitHub Actions hides it in logs (stdout only; for $GITHUB_ENV use --github-env)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand token" -l no-cache -d 'Do not read or write the disk cache'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand token" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand token" -s V -l version -d 'Print version'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand exchange" -l env-file -d 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand exchange" -l subject-token -d 'The token to exchange: @FILE reads it from a file, - from stdin' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand exchange" -l connection -d 'Token Vault: the connection whose upstream token you want (google-oauth2, …)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand exchange" -l login-hint -d 'Token Vault: the user\'s login hint' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand exchange" -l subject-token-type -d 'access_token or refresh_token for Token Vault; your custom URI for custom token exchange' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand exchange" -l audience -d 'The API the new token is for' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand exchange" -l scope -d 'Scopes to request, space-separated; repeatable' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand exchange" -l requested-token-type -d 'The requested token type' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand exchange" -l organization -d 'The organization' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand exchange" -l param -d 'An extra form parameter NAME=VALUE (custom token exchange); repeatable' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand exchange" -l client-id -d 'The application\'s client id' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand exchange" -l client-secret -d 'The application\'s client secret: @FILE reads it from a file, - from stdin (prompted for on a terminal when missing)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand exchange" -l auth-method -d 'How the client authenticates' -r -f -a "client_secret_post\t'The secret in the form body'
client_secret_basic\t'The secret in HTTP Basic authentication'
private_key_jwt\t'A JWT signed with --client-assertion-key'"
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand exchange" -l client-assertion-key -d 'Private key (PEM) for --auth-method private_key_jwt: RS256 for RSA, ES256 for P-256' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand exchange" -l key -d 'The DPoP key (PEM or private JWK)' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand exchange" -l format -d 'Output format' -r -f -a "token\t'The access token alone'
header\t'`Authorization: <type> <token>` (and `DPoP: <proof>` with --htm/--htu)'
env\t'`AUTH0_ACCESS_TOKEN=<token>`'"
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand exchange" -l htm -d 'With --format header and a DPoP token: the method for the accompanying proof (GET, not get)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand exchange" -l htu -d 'With --format header and a DPoP token: the URL for the accompanying proof' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand exchange" -l github-env -d 'GitHub Actions: mask the token in the log (on stdout) and set it as NAME for the job\'s next steps (appended to $GITHUB_ENV); prints nothing else' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand exchange" -l domain -d 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat for multiple custom domains (in AUTH0_DOMAIN, and only there, separate them with commas)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand exchange" -l timeout -d 'Seconds allowed for each HTTP request [default: 10]' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand exchange" -l json -d 'Machine-readable JSON output'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand exchange" -l no-color -d 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand exchange" -s v -l verbose -d 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand exchange" -l on-behalf-of -d 'On-behalf-of: exchange an access token for one for --audience'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand exchange" -l dpop -d 'Ask for a DPoP-bound token (proof for the token endpoint, nonce retry)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand exchange" -l github-mask -d 'Also print `::add-mask::<token>` first, so GitHub Actions hides it in logs (stdout only; for $GITHUB_ENV use --github-env)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand exchange" -l no-cache -d 'Do not read or write the disk cache'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand exchange" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand exchange" -s V -l version -d 'Print version'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand login" -l env-file -d 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand login" -l client-id -d 'The application\'s client id (a Native application; public clients need no secret)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand login" -l client-secret -d 'A confidential application\'s secret, sent to the token endpoint: @FILE reads it from a file, - from stdin' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand login" -l audience -d 'The API the access token is for (without it Auth0 issues an opaque token)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand login" -l scope -d 'Scopes to request, space-separated; repeatable [default: openid profile offline_access]' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand login" -l organization -d 'The organization to log in to (id or name)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand login" -l connection -d 'The connection to use, skipping the choice on the login page' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand login" -l prompt -d 'none: no page (fails unless a session exists); login: always ask for credentials; consent' -r -f -a "none\t''
login\t''
consent\t''"
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand login" -l max-age -d 'The most seconds since the user last authenticated (the ID token\'s auth_time is checked)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand login" -l acr-values -d 'Requested authentication context class references, space-separated' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand login" -l port -d 'The loopback port to listen on (0: a free one)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand login" -l redirect-host -d 'The redirect URI\'s host; the listener is on 127.0.0.1 either way' -r -f -a "127.0.0.1\t'http://127.0.0.1:PORT/callback (RFC 8252 §8.3)'
localhost\t'http://localhost:PORT/callback'"
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand login" -l key -d 'The DPoP key (PEM or private JWK)' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand login" -l format -d 'Output format' -r -f -a "token\t'The access token alone'
header\t'`Authorization: <type> <token>` (and `DPoP: <proof>` with --htm/--htu)'
env\t'`AUTH0_ACCESS_TOKEN=<token>`'"
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand login" -l wait -d 'How long to wait for the browser (or the device approval), in seconds' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand login" -l domain -d 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat for multiple custom domains (in AUTH0_DOMAIN, and only there, separate them with commas)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand login" -l timeout -d 'Seconds allowed for each HTTP request [default: 10]' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand login" -l json -d 'Machine-readable JSON output'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand login" -l no-color -d 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand login" -s v -l verbose -d 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand login" -l no-browser -d 'Do not open a browser: print the URL to open on stderr (never opened without a terminal either)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand login" -l device -d 'Log in with the device authorization grant: a code to enter on another device'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand login" -l dpop -d 'Ask for a DPoP-bound token'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand login" -l no-cache -d 'Do not read or write the disk cache'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand login" -s V -l version -d 'Print version'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand logout" -l env-file -d 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand logout" -l client-id -d 'The application\'s client id (a Native application; public clients need no secret)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand logout" -l client-secret -d 'A confidential application\'s secret, sent to the token endpoint: @FILE reads it from a file, - from stdin' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand logout" -l domain -d 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat for multiple custom domains (in AUTH0_DOMAIN, and only there, separate them with commas)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand logout" -l timeout -d 'Seconds allowed for each HTTP request [default: 10]' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand logout" -l json -d 'Machine-readable JSON output'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand logout" -l no-color -d 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand logout" -s v -l verbose -d 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand logout" -l no-revoke -d 'Forget the tokens here only; do not revoke the refresh tokens at the tenant'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand logout" -l no-cache -d 'Do not read or write the disk cache'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand logout" -s h -l help -d 'Print help'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand logout" -s V -l version -d 'Print version'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and not __fish_seen_subcommand_from keygen proof thumbprint help" -l env-file -d 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and not __fish_seen_subcommand_from keygen proof thumbprint help" -l json -d 'Machine-readable JSON output'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and not __fish_seen_subcommand_from keygen proof thumbprint help" -l no-color -d 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and not __fish_seen_subcommand_from keygen proof thumbprint help" -s v -l verbose -d 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and not __fish_seen_subcommand_from keygen proof thumbprint help" -s h -l help -d 'Print help'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and not __fish_seen_subcommand_from keygen proof thumbprint help" -s V -l version -d 'Print version'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and not __fish_seen_subcommand_from keygen proof thumbprint help" -f -a "keygen" -d 'Generate an ES256 (P-256) key; prints its public JWK and thumbprint (jkt)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and not __fish_seen_subcommand_from keygen proof thumbprint help" -f -a "proof" -d 'Sign DPoP proofs (RFC 9449) for a request'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and not __fish_seen_subcommand_from keygen proof thumbprint help" -f -a "thumbprint" -d 'The RFC 7638 thumbprint of a key (PEM file, JWK file, or inline JWK)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and not __fish_seen_subcommand_from keygen proof thumbprint help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from keygen" -l env-file -d 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from keygen" -l out -d 'Write the private key here (mode 0600)' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from keygen" -l format -d 'Private key format' -r -f -a "pem\t''
jwk\t''"
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from keygen" -l json -d 'Machine-readable JSON output'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from keygen" -l no-color -d 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from keygen" -s v -l verbose -d 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from keygen" -l force -d 'Replace an existing --out file'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from keygen" -l private -d 'Print the private JWK on stdout (with --format jwk and no --out)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from keygen" -s h -l help -d 'Print help'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from keygen" -s V -l version -d 'Print version'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from proof" -l env-file -d 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from proof" -l htm -d 'HTTP method of the request the proof is for, as sent (case-sensitive: GET, not get)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from proof" -l htu -d 'URL of the request (query and fragment are removed, RFC 9449 §4.2)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from proof" -l key -d 'The DPoP private key (PEM or private JWK)' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from proof" -l access-token -d 'Bind the proof to this access token (ath), or `-` for stdin' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from proof" -l nonce -d 'The nonce the server asked for (DPoP-Nonce)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from proof" -l count -d 'Print this many proofs, one per line' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from proof" -l json -d 'Machine-readable JSON output'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from proof" -l no-color -d 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from proof" -s v -l verbose -d 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from proof" -l headers -d 'Print curl-ready `Authorization: DPoP …` and `DPoP: …` lines (needs --access-token)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from proof" -s h -l help -d 'Print help'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from proof" -s V -l version -d 'Print version'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from thumbprint" -l env-file -d 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from thumbprint" -l json -d 'Machine-readable JSON output'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from thumbprint" -l no-color -d 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from thumbprint" -s v -l verbose -d 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from thumbprint" -s h -l help -d 'Print help'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from thumbprint" -s V -l version -d 'Print version'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from help" -f -a "keygen" -d 'Generate an ES256 (P-256) key; prints its public JWK and thumbprint (jkt)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from help" -f -a "proof" -d 'Sign DPoP proofs (RFC 9449) for a request'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from help" -f -a "thumbprint" -d 'The RFC 7638 thumbprint of a key (PEM file, JWK file, or inline JWK)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand dpop; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and not __fish_seen_subcommand_from serve help" -l env-file -d 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and not __fish_seen_subcommand_from serve help" -l json -d 'Machine-readable JSON output'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and not __fish_seen_subcommand_from serve help" -l no-color -d 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and not __fish_seen_subcommand_from serve help" -s v -l verbose -d 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and not __fish_seen_subcommand_from serve help" -s h -l help -d 'Print help'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and not __fish_seen_subcommand_from serve help" -s V -l version -d 'Print version'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and not __fish_seen_subcommand_from serve help" -f -a "serve" -d 'Run the tenant (127.0.0.1 by default) until Ctrl-C; prints its URL first (with --print-env, a .env)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and not __fish_seen_subcommand_from serve help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from serve" -l env-file -d 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from serve" -l host -d 'Address to listen on, IPv4 or IPv6 (a non-loopback address makes the tenant reachable from the network)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from serve" -l port -d 'Port (0 picks a free port)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from serve" -l issuer -d 'The `iss` of issued tokens and the discovery `issuer`, exactly as given: https:// (or http:// on loopback), no path [default: the tenant\'s URL]' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from serve" -l audience -d 'An API identifier the tenant issues tokens for; repeatable' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from serve" -l client -d 'A client as ID:SECRET, or @FILE / - (stdin) holding ID:SECRET; repeatable [default: mock-client with a random secret, printed]' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from serve" -l scope -d 'Scopes granted to clients; repeatable' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from serve" -l signing-key -d 'Sign with this PEM private key (RSA) instead of a fresh one' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from serve" -l token-lifetime -d 'Access token lifetime in seconds' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from serve" -l backdate -d 'Issue tokens as if this many seconds ago (makes expired tokens for tests)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from serve" -l max-age -d 'Cache-Control max-age for discovery and JWKS' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from serve" -l client-key -d 'A private_key_jwt client as ID:FILE (its public or private key, PEM or JWK); repeatable' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from serve" -l connection -d 'A Token Vault connection that has an upstream token for every user; repeatable' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from serve" -l custom-token-type -d 'The subject token type custom token exchange accepts' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from serve" -l fail-rate -d 'Answer this fraction (0–1) of requests with HTTP 500 (an unreliable tenant)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from serve" -l latency -d 'Wait this many milliseconds before every answer' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from serve" -l user -d 'A user as EMAIL:PASSWORD, EMAIL (a random password, printed), or @FILE / - (stdin) holding EMAIL:PASSWORD; repeatable [default: user@example.com with Passw0rd!]' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from serve" -l role -d 'Give a user a role (a `https://auth0-tok/roles` claim in its tokens); repeatable' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from serve" -l permission -d 'Give a user an RBAC permission (the `permissions` claim of its access tokens); repeatable' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from serve" -l public-client -d 'A public client (a native app or SPA: no secret, PKCE required); repeatable' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from serve" -l callback -d 'An allowed callback URL; loopback ones match any port; repeatable [default: http://127.0.0.1/callback and http://localhost/callback]' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from serve" -l device-interval -d 'The device flow\'s polling interval' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from serve" -l device-expires -d 'How long a device code lives' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from serve" -l domain -d 'Refused, pointing to --issuer: --domain names the tenant other commands talk to' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from serve" -l json -d 'Machine-readable JSON output'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from serve" -l no-color -d 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from serve" -s v -l verbose -d 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from serve" -l require-dpop-nonce -d 'Answer DPoP token requests without a nonce with use_dpop_nonce first, as Auth0 does'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from serve" -l auto-login -d '/authorize logs the first user in at once and redirects back with a code (no form)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from serve" -l print-env -d 'Print a .env file instead of the base URL: the URL as a `#` comment, then AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET (the first client\'s), and the first user as `# user:` (its password as `# password:` only when not given)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from serve" -s V -l version -d 'Print version'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from help" -f -a "serve" -d 'Run the tenant (127.0.0.1 by default) until Ctrl-C; prints its URL first (with --print-env, a .env)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand mock; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand demo" -l env-file -d 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand demo" -l json -d 'Machine-readable JSON output'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand demo" -l no-color -d 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand demo" -s v -l verbose -d 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand demo" -s h -l help -d 'Print help'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand demo" -s V -l version -d 'Print version'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand init" -l env-file -d 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand init" -l out -d 'Where to write the variables' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand init" -l domain -d 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat for multiple custom domains (in AUTH0_DOMAIN, and only there, separate them with commas)' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand init" -l timeout -d 'Seconds allowed for each HTTP request [default: 10]' -r
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand init" -l json -d 'Machine-readable JSON output'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand init" -l no-color -d 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand init" -s v -l verbose -d 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand init" -l no-cache -d 'Do not read or write the disk cache'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand init" -s h -l help -d 'Print help'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand init" -s V -l version -d 'Print version'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand completions" -l env-file -d 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)' -r -F
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand completions" -l json -d 'Machine-readable JSON output'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand completions" -l no-color -d 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand completions" -s v -l verbose -d 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand completions" -s h -l help -d 'Print help'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand completions" -s V -l version -d 'Print version'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand help; and not __fish_seen_subcommand_from verify request call probe decode jwks token exchange login logout dpop mock demo init completions help" -f -a "verify" -d 'Verify an access token for an API: signature, iss, aud, exp, nbf, scopes'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand help; and not __fish_seen_subcommand_from verify request call probe decode jwks token exchange login logout dpop mock demo init completions help" -f -a "request" -d 'What would my API answer to this HTTP request? Status, error, WWW-Authenticate'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand help; and not __fish_seen_subcommand_from verify request call probe decode jwks token exchange login logout dpop mock demo init completions help" -f -a "call" -d 'Call your API with a token attached (Bearer or DPoP); explain a 401/403'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand help; and not __fish_seen_subcommand_from verify request call probe decode jwks token exchange login logout dpop mock demo init completions help" -f -a "probe" -d 'Probe a live API: does it refuse forged, expired, misbound tokens and proofs?'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand help; and not __fish_seen_subcommand_from verify request call probe decode jwks token exchange login logout dpop mock demo init completions help" -f -a "decode" -d 'Show a JWT\'s header and claims WITHOUT verifying it'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand help; and not __fish_seen_subcommand_from verify request call probe decode jwks token exchange login logout dpop mock demo init completions help" -f -a "jwks" -d 'Show a tenant\'s discovery summary and signing keys'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand help; and not __fish_seen_subcommand_from verify request call probe decode jwks token exchange login logout dpop mock demo init completions help" -f -a "token" -d 'A client-credentials access token for scripts and CI (cached; DPoP-bound on request)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand help; and not __fish_seen_subcommand_from verify request call probe decode jwks token exchange login logout dpop mock demo init completions help" -f -a "exchange" -d 'Token Vault connection tokens, custom token exchange and on-behalf-of'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand help; and not __fish_seen_subcommand_from verify request call probe decode jwks token exchange login logout dpop mock demo init completions help" -f -a "login" -d 'Log a user in (browser or device code): their access token, cached and refreshed'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand help; and not __fish_seen_subcommand_from verify request call probe decode jwks token exchange login logout dpop mock demo init completions help" -f -a "logout" -d 'Forget the cached user logins of a tenant and client, revoking their refresh tokens'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand help; and not __fish_seen_subcommand_from verify request call probe decode jwks token exchange login logout dpop mock demo init completions help" -f -a "dpop" -d 'DPoP keys, proofs and thumbprints (RFC 9449)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand help; and not __fish_seen_subcommand_from verify request call probe decode jwks token exchange login logout dpop mock demo init completions help" -f -a "mock" -d 'A local Auth0-compatible tenant for tests and demos'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand help; and not __fish_seen_subcommand_from verify request call probe decode jwks token exchange login logout dpop mock demo init completions help" -f -a "demo" -d 'Run the whole loop against a local tenant: tokens, verification, DPoP, Token Vault, cache'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand help; and not __fish_seen_subcommand_from verify request call probe decode jwks token exchange login logout dpop mock demo init completions help" -f -a "init" -d 'Write a .env for your tenant, interactively (terminal only)'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand help; and not __fish_seen_subcommand_from verify request call probe decode jwks token exchange login logout dpop mock demo init completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c auth0-tok -n "__fish_auth0_tok_using_subcommand help; and not __fish_seen_subcommand_from verify request call probe decode jwks token exchange login logout dpop mock demo init completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
