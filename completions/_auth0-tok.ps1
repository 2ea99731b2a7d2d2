
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'auth0-tok' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'auth0-tok'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'auth0-tok' {
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'domain')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'timeout')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'no-cache')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'A command''s own arguments and the tenant options')
            [CompletionResult]::new('request', 'request', [CompletionResultType]::ParameterValue, 'A command''s own arguments and the tenant options')
            [CompletionResult]::new('call', 'call', [CompletionResultType]::ParameterValue, 'A command''s own arguments and the tenant options')
            [CompletionResult]::new('probe', 'probe', [CompletionResultType]::ParameterValue, 'A command''s own arguments and the tenant options')
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Show a JWT''s header and claims WITHOUT verifying it')
            [CompletionResult]::new('jwks', 'jwks', [CompletionResultType]::ParameterValue, 'A command''s own arguments and the tenant options')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'A command''s own arguments and the tenant options')
            [CompletionResult]::new('exchange', 'exchange', [CompletionResultType]::ParameterValue, 'A command''s own arguments and the tenant options')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'A command''s own arguments and the tenant options')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'A command''s own arguments and the tenant options')
            [CompletionResult]::new('dpop', 'dpop', [CompletionResultType]::ParameterValue, 'DPoP keys, proofs and thumbprints (RFC 9449)')
            [CompletionResult]::new('mock', 'mock', [CompletionResultType]::ParameterValue, 'A local Auth0-compatible tenant for tests and demos')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Run the whole loop against a local tenant: tokens, verification, DPoP, Token Vault, cache')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'A command''s own arguments and the tenant options')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'auth0-tok;verify' {
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'The API identifier the token must be for; repeat to accept any of several (in AUTH0_AUDIENCE, and only there, separate them with commas)')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Expected issuer, overriding the one derived from --domain; repeatable')
            [CompletionResult]::new('--jwks', '--jwks', [CompletionResultType]::ParameterName, 'Verify against this key set (a JWKS file, or an https URL) instead of the tenant''s')
            [CompletionResult]::new('--leeway', '--leeway', [CompletionResultType]::ParameterName, 'Seconds of clock skew tolerated for exp and nbf')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'Allowed signing algorithm; repeatable [default: RS256, PS256 for verify; RS256, as the SDK, for request]')
            [CompletionResult]::new('--hs256-secret', '--hs256-secret', [CompletionResultType]::ParameterName, 'Accept HS256 tokens signed with this secret (APIs using HS256 signing): @FILE reads it from a file, - from stdin; AUTH0_HS256_SECRET is taken from the environment, never from a .env')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'A scope the token must grant; repeatable (all are required)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Threads for --batch [default: the number of CPUs]')
            [CompletionResult]::new('--dpop', '--dpop', [CompletionResultType]::ParameterName, 'A DPoP proof to verify with the token (reported as `request` does)')
            [CompletionResult]::new('--htm', '--htm', [CompletionResultType]::ParameterName, 'The request method the DPoP proof must be for')
            [CompletionResult]::new('--htu', '--htu', [CompletionResultType]::ParameterName, 'The request URL the DPoP proof must be for')
            [CompletionResult]::new('--dpop-mode', '--dpop-mode', [CompletionResultType]::ParameterName, 'Which schemes the API accepts (the SDK''s dpop_enabled / dpop_required)')
            [CompletionResult]::new('--nonce', '--nonce', [CompletionResultType]::ParameterName, 'Require this nonce in DPoP proofs (RFC 9449 §9; the SDK has no nonces)')
            [CompletionResult]::new('--iat-offset', '--iat-offset', [CompletionResultType]::ParameterName, 'Maximum DPoP proof age in seconds (the SDK''s dpop_iat_offset) [default: 300]')
            [CompletionResult]::new('--iat-leeway', '--iat-leeway', [CompletionResultType]::ParameterName, 'Tolerated DPoP proof clock skew in seconds (the SDK''s dpop_iat_leeway) [default: 30]')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat for multiple custom domains (in AUTH0_DOMAIN, and only there, separate them with commas)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for each HTTP request [default: 10]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--permissions', '--permissions', [CompletionResultType]::ParameterName, 'Also accept required scopes from Auth0''s RBAC `permissions` claim (not with --dpop, which answers as the API does: `scope` only)')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Verify one token per line from stdin, writing one JSON line per token')
            [CompletionResult]::new('--rfc', '--rfc', [CompletionResultType]::ParameterName, 'Show the answer RFC 6750 / RFC 9449 prescribe instead of the SDK''s')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No report: the exit code alone is the verdict (0 valid, 1 rejected, 3 insufficient scope); a usage or tenant failure still gets its one line on stderr. Not with --json or --batch (for a batch, `> /dev/null` keeps its exit code)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No report: the exit code alone is the verdict (0 valid, 1 rejected, 3 insufficient scope); a usage or tenant failure still gets its one line on stderr. Not with --json or --batch (for a batch, `> /dev/null` keeps its exit code)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not read or write the disk cache')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auth0-tok;request' {
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'The request method (--raw: the request line''s)')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'The request method (--raw: the request line''s)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The request URL, as the API sees it (the same as the positional URL)')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'A request header; repeatable')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'A request header; repeatable')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Read a captured HTTP/1.1 request head (request line + headers) from a file or `-`')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Threads for --batch [default: the number of CPUs]')
            [CompletionResult]::new('--scheme', '--scheme', [CompletionResultType]::ParameterName, 'The scheme for --raw requests (the Host header gives the rest) [default: https]')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'A scope the route requires; repeatable')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'The API identifier the token must be for; repeat to accept any of several (in AUTH0_AUDIENCE, and only there, separate them with commas)')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Expected issuer, overriding the one derived from --domain; repeatable')
            [CompletionResult]::new('--jwks', '--jwks', [CompletionResultType]::ParameterName, 'Verify against this key set (a JWKS file, or an https URL) instead of the tenant''s')
            [CompletionResult]::new('--leeway', '--leeway', [CompletionResultType]::ParameterName, 'Seconds of clock skew tolerated for exp and nbf')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'Allowed signing algorithm; repeatable [default: RS256, PS256 for verify; RS256, as the SDK, for request]')
            [CompletionResult]::new('--hs256-secret', '--hs256-secret', [CompletionResultType]::ParameterName, 'Accept HS256 tokens signed with this secret (APIs using HS256 signing): @FILE reads it from a file, - from stdin; AUTH0_HS256_SECRET is taken from the environment, never from a .env')
            [CompletionResult]::new('--dpop-mode', '--dpop-mode', [CompletionResultType]::ParameterName, 'Which schemes the API accepts (the SDK''s dpop_enabled / dpop_required)')
            [CompletionResult]::new('--nonce', '--nonce', [CompletionResultType]::ParameterName, 'Require this nonce in DPoP proofs (RFC 9449 §9; the SDK has no nonces)')
            [CompletionResult]::new('--iat-offset', '--iat-offset', [CompletionResultType]::ParameterName, 'Maximum DPoP proof age in seconds (the SDK''s dpop_iat_offset) [default: 300]')
            [CompletionResult]::new('--iat-leeway', '--iat-leeway', [CompletionResultType]::ParameterName, 'Tolerated DPoP proof clock skew in seconds (the SDK''s dpop_iat_leeway) [default: 30]')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat for multiple custom domains (in AUTH0_DOMAIN, and only there, separate them with commas)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for each HTTP request [default: 10]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Decide one request per stdin line (see below), writing one JSON answer per line')
            [CompletionResult]::new('--trust-proxy', '--trust-proxy', [CompletionResultType]::ParameterName, 'Rebuild the URL from X-Forwarded-Proto/Host/Prefix, as auth0-fastapi-api does behind a trusted proxy')
            [CompletionResult]::new('--rfc', '--rfc', [CompletionResultType]::ParameterName, 'Show the answer RFC 6750 / RFC 9449 prescribe instead of the SDK''s')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not read or write the disk cache')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auth0-tok;call' {
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'The request body: @FILE, `-` for stdin, or the text itself')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'The request body: @FILE, `-` for stdin, or the text itself')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Send this access token instead of getting one (`-` reads it from stdin)')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'The API to get a token for')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scopes to request, space-separated; repeatable')
            [CompletionResult]::new('--organization', '--organization', [CompletionResultType]::ParameterName, 'The organization to get the token for')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Reuse a cached token only while more than this many seconds of it remain')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The application''s client id')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'The application''s client secret: @FILE reads it from a file, - from stdin (prompted for on a terminal when missing)')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'How the client authenticates')
            [CompletionResult]::new('--client-assertion-key', '--client-assertion-key', [CompletionResultType]::ParameterName, 'Private key (PEM) for --auth-method private_key_jwt: RS256 for RSA, ES256 for P-256')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The DPoP key (PEM or private JWK)')
            [CompletionResult]::new('--github-env', '--github-env', [CompletionResultType]::ParameterName, 'GitHub Actions: mask the token in the log (on stdout) and set it as NAME for the job''s next steps (appended to $GITHUB_ENV); prints nothing else')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--htm', '--htm', [CompletionResultType]::ParameterName, 'With --format header and a DPoP token: the method for the accompanying proof (GET, not get)')
            [CompletionResult]::new('--htu', '--htu', [CompletionResultType]::ParameterName, 'With --format header and a DPoP token: the URL for the accompanying proof')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat for multiple custom domains (in AUTH0_DOMAIN, and only there, separate them with commas)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for each HTTP request [default: 10]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The user''s token from `auth0-tok login` (cached, refreshed when expired) instead of client credentials')
            [CompletionResult]::new('--dpop', '--dpop', [CompletionResultType]::ParameterName, 'Ask for a DPoP-bound token (proof for the token endpoint, nonce retry)')
            [CompletionResult]::new('--github-mask', '--github-mask', [CompletionResultType]::ParameterName, 'Also print `::add-mask::<token>` first, so GitHub Actions hides it in logs (stdout only; for $GITHUB_ENV use --github-env)')
            [CompletionResult]::new('--clear-cache', '--clear-cache', [CompletionResultType]::ParameterName, 'Remove every cached token and exit')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not read or write the disk cache')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auth0-tok;probe' {
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'The request method')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'The request method')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Use this access token as the baseline instead of getting one (`-` reads stdin)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'What the API trusts: a real tenant, or `auth0-tok mock serve`')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'At most this many requests per second to the API')
            [CompletionResult]::new('--max-requests', '--max-requests', [CompletionResultType]::ParameterName, 'At most this many requests to the API in all')
            [CompletionResult]::new('--junit', '--junit', [CompletionResultType]::ParameterName, 'Also write the findings as a JUnit XML report (for CI dashboards)')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'The API to get a token for')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scopes to request, space-separated; repeatable')
            [CompletionResult]::new('--organization', '--organization', [CompletionResultType]::ParameterName, 'The organization to get the token for')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Reuse a cached token only while more than this many seconds of it remain')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The application''s client id')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'The application''s client secret: @FILE reads it from a file, - from stdin (prompted for on a terminal when missing)')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'How the client authenticates')
            [CompletionResult]::new('--client-assertion-key', '--client-assertion-key', [CompletionResultType]::ParameterName, 'Private key (PEM) for --auth-method private_key_jwt: RS256 for RSA, ES256 for P-256')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The DPoP key (PEM or private JWK)')
            [CompletionResult]::new('--github-env', '--github-env', [CompletionResultType]::ParameterName, 'GitHub Actions: mask the token in the log (on stdout) and set it as NAME for the job''s next steps (appended to $GITHUB_ENV); prints nothing else')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--htm', '--htm', [CompletionResultType]::ParameterName, 'With --format header and a DPoP token: the method for the accompanying proof (GET, not get)')
            [CompletionResult]::new('--htu', '--htu', [CompletionResultType]::ParameterName, 'With --format header and a DPoP token: the URL for the accompanying proof')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat for multiple custom domains (in AUTH0_DOMAIN, and only there, separate them with commas)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for each HTTP request [default: 10]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The user''s token from `auth0-tok login` (cached, refreshed when expired) instead of client credentials')
            [CompletionResult]::new('--dpop', '--dpop', [CompletionResultType]::ParameterName, 'Ask for a DPoP-bound token (proof for the token endpoint, nonce retry)')
            [CompletionResult]::new('--github-mask', '--github-mask', [CompletionResultType]::ParameterName, 'Also print `::add-mask::<token>` first, so GitHub Actions hides it in logs (stdout only; for $GITHUB_ENV use --github-env)')
            [CompletionResult]::new('--clear-cache', '--clear-cache', [CompletionResultType]::ParameterName, 'Remove every cached token and exit')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not read or write the disk cache')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auth0-tok;decode' {
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auth0-tok;jwks' {
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat for multiple custom domains (in AUTH0_DOMAIN, and only there, separate them with commas)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for each HTTP request [default: 10]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not read or write the disk cache')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auth0-tok;token' {
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'The API to get a token for')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scopes to request, space-separated; repeatable')
            [CompletionResult]::new('--organization', '--organization', [CompletionResultType]::ParameterName, 'The organization to get the token for')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Reuse a cached token only while more than this many seconds of it remain')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The application''s client id')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'The application''s client secret: @FILE reads it from a file, - from stdin (prompted for on a terminal when missing)')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'How the client authenticates')
            [CompletionResult]::new('--client-assertion-key', '--client-assertion-key', [CompletionResultType]::ParameterName, 'Private key (PEM) for --auth-method private_key_jwt: RS256 for RSA, ES256 for P-256')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The DPoP key (PEM or private JWK)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--htm', '--htm', [CompletionResultType]::ParameterName, 'With --format header and a DPoP token: the method for the accompanying proof (GET, not get)')
            [CompletionResult]::new('--htu', '--htu', [CompletionResultType]::ParameterName, 'With --format header and a DPoP token: the URL for the accompanying proof')
            [CompletionResult]::new('--github-env', '--github-env', [CompletionResultType]::ParameterName, 'GitHub Actions: mask the token in the log (on stdout) and set it as NAME for the job''s next steps (appended to $GITHUB_ENV); prints nothing else')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat for multiple custom domains (in AUTH0_DOMAIN, and only there, separate them with commas)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for each HTTP request [default: 10]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--clear-cache', '--clear-cache', [CompletionResultType]::ParameterName, 'Remove every cached token and exit')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The user''s token from `auth0-tok login` (cached, refreshed when expired) instead of client credentials')
            [CompletionResult]::new('--dpop', '--dpop', [CompletionResultType]::ParameterName, 'Ask for a DPoP-bound token (proof for the token endpoint, nonce retry)')
            [CompletionResult]::new('--github-mask', '--github-mask', [CompletionResultType]::ParameterName, 'Also print `::add-mask::<token>` first, so GitHub Actions hides it in logs (stdout only; for $GITHUB_ENV use --github-env)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not read or write the disk cache')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auth0-tok;exchange' {
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)')
            [CompletionResult]::new('--subject-token', '--subject-token', [CompletionResultType]::ParameterName, 'The token to exchange: @FILE reads it from a file, - from stdin')
            [CompletionResult]::new('--connection', '--connection', [CompletionResultType]::ParameterName, 'Token Vault: the connection whose upstream token you want (google-oauth2, …)')
            [CompletionResult]::new('--login-hint', '--login-hint', [CompletionResultType]::ParameterName, 'Token Vault: the user''s login hint')
            [CompletionResult]::new('--subject-token-type', '--subject-token-type', [CompletionResultType]::ParameterName, 'access_token or refresh_token for Token Vault; your custom URI for custom token exchange')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'The API the new token is for')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scopes to request, space-separated; repeatable')
            [CompletionResult]::new('--requested-token-type', '--requested-token-type', [CompletionResultType]::ParameterName, 'The requested token type')
            [CompletionResult]::new('--organization', '--organization', [CompletionResultType]::ParameterName, 'The organization')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'An extra form parameter NAME=VALUE (custom token exchange); repeatable')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The application''s client id')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'The application''s client secret: @FILE reads it from a file, - from stdin (prompted for on a terminal when missing)')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'How the client authenticates')
            [CompletionResult]::new('--client-assertion-key', '--client-assertion-key', [CompletionResultType]::ParameterName, 'Private key (PEM) for --auth-method private_key_jwt: RS256 for RSA, ES256 for P-256')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The DPoP key (PEM or private JWK)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--htm', '--htm', [CompletionResultType]::ParameterName, 'With --format header and a DPoP token: the method for the accompanying proof (GET, not get)')
            [CompletionResult]::new('--htu', '--htu', [CompletionResultType]::ParameterName, 'With --format header and a DPoP token: the URL for the accompanying proof')
            [CompletionResult]::new('--github-env', '--github-env', [CompletionResultType]::ParameterName, 'GitHub Actions: mask the token in the log (on stdout) and set it as NAME for the job''s next steps (appended to $GITHUB_ENV); prints nothing else')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat for multiple custom domains (in AUTH0_DOMAIN, and only there, separate them with commas)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for each HTTP request [default: 10]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--on-behalf-of', '--on-behalf-of', [CompletionResultType]::ParameterName, 'On-behalf-of: exchange an access token for one for --audience')
            [CompletionResult]::new('--dpop', '--dpop', [CompletionResultType]::ParameterName, 'Ask for a DPoP-bound token (proof for the token endpoint, nonce retry)')
            [CompletionResult]::new('--github-mask', '--github-mask', [CompletionResultType]::ParameterName, 'Also print `::add-mask::<token>` first, so GitHub Actions hides it in logs (stdout only; for $GITHUB_ENV use --github-env)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not read or write the disk cache')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auth0-tok;login' {
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The application''s client id (a Native application; public clients need no secret)')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'A confidential application''s secret, sent to the token endpoint: @FILE reads it from a file, - from stdin')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'The API the access token is for (without it Auth0 issues an opaque token)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scopes to request, space-separated; repeatable [default: openid profile offline_access]')
            [CompletionResult]::new('--organization', '--organization', [CompletionResultType]::ParameterName, 'The organization to log in to (id or name)')
            [CompletionResult]::new('--connection', '--connection', [CompletionResultType]::ParameterName, 'The connection to use, skipping the choice on the login page')
            [CompletionResult]::new('--prompt', '--prompt', [CompletionResultType]::ParameterName, 'none: no page (fails unless a session exists); login: always ask for credentials; consent')
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'The most seconds since the user last authenticated (the ID token''s auth_time is checked)')
            [CompletionResult]::new('--acr-values', '--acr-values', [CompletionResultType]::ParameterName, 'Requested authentication context class references, space-separated')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The loopback port to listen on (0: a free one)')
            [CompletionResult]::new('--redirect-host', '--redirect-host', [CompletionResultType]::ParameterName, 'The redirect URI''s host; the listener is on 127.0.0.1 either way')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The DPoP key (PEM or private JWK)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for the browser (or the device approval), in seconds')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat for multiple custom domains (in AUTH0_DOMAIN, and only there, separate them with commas)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for each HTTP request [default: 10]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not open a browser: print the URL to open on stderr (never opened without a terminal either)')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Log in with the device authorization grant: a code to enter on another device')
            [CompletionResult]::new('--dpop', '--dpop', [CompletionResultType]::ParameterName, 'Ask for a DPoP-bound token')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not read or write the disk cache')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auth0-tok;logout' {
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The application''s client id (a Native application; public clients need no secret)')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'A confidential application''s secret, sent to the token endpoint: @FILE reads it from a file, - from stdin')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat for multiple custom domains (in AUTH0_DOMAIN, and only there, separate them with commas)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for each HTTP request [default: 10]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--no-revoke', '--no-revoke', [CompletionResultType]::ParameterName, 'Forget the tokens here only; do not revoke the refresh tokens at the tenant')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not read or write the disk cache')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auth0-tok;dpop' {
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('keygen', 'keygen', [CompletionResultType]::ParameterValue, 'Generate an ES256 (P-256) key; prints its public JWK and thumbprint (jkt)')
            [CompletionResult]::new('proof', 'proof', [CompletionResultType]::ParameterValue, 'Sign DPoP proofs (RFC 9449) for a request')
            [CompletionResult]::new('thumbprint', 'thumbprint', [CompletionResultType]::ParameterValue, 'The RFC 7638 thumbprint of a key (PEM file, JWK file, or inline JWK)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'auth0-tok;dpop;keygen' {
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the private key here (mode 0600)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Private key format')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing --out file')
            [CompletionResult]::new('--private', '--private', [CompletionResultType]::ParameterName, 'Print the private JWK on stdout (with --format jwk and no --out)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auth0-tok;dpop;proof' {
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)')
            [CompletionResult]::new('--htm', '--htm', [CompletionResultType]::ParameterName, 'HTTP method of the request the proof is for, as sent (case-sensitive: GET, not get)')
            [CompletionResult]::new('--htu', '--htu', [CompletionResultType]::ParameterName, 'URL of the request (query and fragment are removed, RFC 9449 §4.2)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The DPoP private key (PEM or private JWK)')
            [CompletionResult]::new('--access-token', '--access-token', [CompletionResultType]::ParameterName, 'Bind the proof to this access token (ath), or `-` for stdin')
            [CompletionResult]::new('--nonce', '--nonce', [CompletionResultType]::ParameterName, 'The nonce the server asked for (DPoP-Nonce)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Print this many proofs, one per line')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--headers', '--headers', [CompletionResultType]::ParameterName, 'Print curl-ready `Authorization: DPoP …` and `DPoP: …` lines (needs --access-token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auth0-tok;dpop;thumbprint' {
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auth0-tok;dpop;help' {
            [CompletionResult]::new('keygen', 'keygen', [CompletionResultType]::ParameterValue, 'Generate an ES256 (P-256) key; prints its public JWK and thumbprint (jkt)')
            [CompletionResult]::new('proof', 'proof', [CompletionResultType]::ParameterValue, 'Sign DPoP proofs (RFC 9449) for a request')
            [CompletionResult]::new('thumbprint', 'thumbprint', [CompletionResultType]::ParameterValue, 'The RFC 7638 thumbprint of a key (PEM file, JWK file, or inline JWK)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'auth0-tok;dpop;help;keygen' {
            break
        }
        'auth0-tok;dpop;help;proof' {
            break
        }
        'auth0-tok;dpop;help;thumbprint' {
            break
        }
        'auth0-tok;dpop;help;help' {
            break
        }
        'auth0-tok;mock' {
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the tenant (127.0.0.1 by default) until Ctrl-C; prints its URL first (with --print-env, a .env)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'auth0-tok;mock;serve' {
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Address to listen on, IPv4 or IPv6 (a non-loopback address makes the tenant reachable from the network)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port (0 picks a free port)')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'The `iss` of issued tokens and the discovery `issuer`, exactly as given: https:// (or http:// on loopback), no path [default: the tenant''s URL]')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'An API identifier the tenant issues tokens for; repeatable')
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'A client as ID:SECRET, or @FILE / - (stdin) holding ID:SECRET; repeatable [default: mock-client with a random secret, printed]')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scopes granted to clients; repeatable')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Sign with this PEM private key (RSA) instead of a fresh one')
            [CompletionResult]::new('--token-lifetime', '--token-lifetime', [CompletionResultType]::ParameterName, 'Access token lifetime in seconds')
            [CompletionResult]::new('--backdate', '--backdate', [CompletionResultType]::ParameterName, 'Issue tokens as if this many seconds ago (makes expired tokens for tests)')
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'Cache-Control max-age for discovery and JWKS')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'A private_key_jwt client as ID:FILE (its public or private key, PEM or JWK); repeatable')
            [CompletionResult]::new('--connection', '--connection', [CompletionResultType]::ParameterName, 'A Token Vault connection that has an upstream token for every user; repeatable')
            [CompletionResult]::new('--custom-token-type', '--custom-token-type', [CompletionResultType]::ParameterName, 'The subject token type custom token exchange accepts')
            [CompletionResult]::new('--fail-rate', '--fail-rate', [CompletionResultType]::ParameterName, 'Answer this fraction (0–1) of requests with HTTP 500 (an unreliable tenant)')
            [CompletionResult]::new('--latency', '--latency', [CompletionResultType]::ParameterName, 'Wait this many milliseconds before every answer')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'A user as EMAIL:PASSWORD, EMAIL (a random password, printed), or @FILE / - (stdin) holding EMAIL:PASSWORD; repeatable [default: user@example.com with Passw0rd!]')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'Give a user a role (a `https://auth0-tok/roles` claim in its tokens); repeatable')
            [CompletionResult]::new('--permission', '--permission', [CompletionResultType]::ParameterName, 'Give a user an RBAC permission (the `permissions` claim of its access tokens); repeatable')
            [CompletionResult]::new('--public-client', '--public-client', [CompletionResultType]::ParameterName, 'A public client (a native app or SPA: no secret, PKCE required); repeatable')
            [CompletionResult]::new('--callback', '--callback', [CompletionResultType]::ParameterName, 'An allowed callback URL; loopback ones match any port; repeatable [default: http://127.0.0.1/callback and http://localhost/callback]')
            [CompletionResult]::new('--device-interval', '--device-interval', [CompletionResultType]::ParameterName, 'The device flow''s polling interval')
            [CompletionResult]::new('--device-expires', '--device-expires', [CompletionResultType]::ParameterName, 'How long a device code lives')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'Refused, pointing to --issuer: --domain names the tenant other commands talk to')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--require-dpop-nonce', '--require-dpop-nonce', [CompletionResultType]::ParameterName, 'Answer DPoP token requests without a nonce with use_dpop_nonce first, as Auth0 does')
            [CompletionResult]::new('--auto-login', '--auto-login', [CompletionResultType]::ParameterName, '/authorize logs the first user in at once and redirects back with a code (no form)')
            [CompletionResult]::new('--print-env', '--print-env', [CompletionResultType]::ParameterName, 'Print a .env file instead of the base URL: the URL as a `#` comment, then AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET (the first client''s), and the first user as `# user:` (its password as `# password:` only when not given)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auth0-tok;mock;help' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the tenant (127.0.0.1 by default) until Ctrl-C; prints its URL first (with --print-env, a .env)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'auth0-tok;mock;help;serve' {
            break
        }
        'auth0-tok;mock;help;help' {
            break
        }
        'auth0-tok;demo' {
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auth0-tok;init' {
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Where to write the variables')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat for multiple custom domains (in AUTH0_DOMAIN, and only there, separate them with commas)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for each HTTP request [default: 10]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not read or write the disk cache')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auth0-tok;completions' {
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this file [default: .env in the working directory, when present]. Literal KEY=value lines; it may set AUTH0_DOMAIN, AUTH0_AUDIENCE, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DPOP_KEY and AUTH0_TOK_TIMEOUT, never over the environment (AUTH0_HS256_SECRET and AUTH0_TOK_CACHE_DIR are refused)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace where each setting came from, HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auth0-tok;help' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify an access token for an API: signature, iss, aud, exp, nbf, scopes')
            [CompletionResult]::new('request', 'request', [CompletionResultType]::ParameterValue, 'What would my API answer to this HTTP request? Status, error, WWW-Authenticate')
            [CompletionResult]::new('call', 'call', [CompletionResultType]::ParameterValue, 'Call your API with a token attached (Bearer or DPoP); explain a 401/403')
            [CompletionResult]::new('probe', 'probe', [CompletionResultType]::ParameterValue, 'Probe a live API: does it refuse forged, expired, misbound tokens and proofs?')
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Show a JWT''s header and claims WITHOUT verifying it')
            [CompletionResult]::new('jwks', 'jwks', [CompletionResultType]::ParameterValue, 'Show a tenant''s discovery summary and signing keys')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'A client-credentials access token for scripts and CI (cached; DPoP-bound on request)')
            [CompletionResult]::new('exchange', 'exchange', [CompletionResultType]::ParameterValue, 'Token Vault connection tokens, custom token exchange and on-behalf-of')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log a user in (browser or device code): their access token, cached and refreshed')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Forget the cached user logins of a tenant and client, revoking their refresh tokens')
            [CompletionResult]::new('dpop', 'dpop', [CompletionResultType]::ParameterValue, 'DPoP keys, proofs and thumbprints (RFC 9449)')
            [CompletionResult]::new('mock', 'mock', [CompletionResultType]::ParameterValue, 'A local Auth0-compatible tenant for tests and demos')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Run the whole loop against a local tenant: tokens, verification, DPoP, Token Vault, cache')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a .env for your tenant, interactively (terminal only)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'auth0-tok;help;verify' {
            break
        }
        'auth0-tok;help;request' {
            break
        }
        'auth0-tok;help;call' {
            break
        }
        'auth0-tok;help;probe' {
            break
        }
        'auth0-tok;help;decode' {
            break
        }
        'auth0-tok;help;jwks' {
            break
        }
        'auth0-tok;help;token' {
            break
        }
        'auth0-tok;help;exchange' {
            break
        }
        'auth0-tok;help;login' {
            break
        }
        'auth0-tok;help;logout' {
            break
        }
        'auth0-tok;help;dpop' {
            break
        }
        'auth0-tok;help;mock' {
            break
        }
        'auth0-tok;help;demo' {
            break
        }
        'auth0-tok;help;init' {
            break
        }
        'auth0-tok;help;completions' {
            break
        }
        'auth0-tok;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
