
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
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat (or comma-separate in AUTH0_DOMAIN) for multiple custom domains')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read variables from this file [default: .env in the working directory, when present]. Never overrides variables already set')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for each HTTP request')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not read or write the disk cache')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify an access token for an API: signature, iss, aud, exp, nbf, scopes')
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Show a JWT''s header and claims WITHOUT verifying it')
            [CompletionResult]::new('jwks', 'jwks', [CompletionResultType]::ParameterValue, 'Show a tenant''s discovery summary and signing keys')
            [CompletionResult]::new('mock', 'mock', [CompletionResultType]::ParameterValue, 'A local Auth0-compatible tenant for tests and demos')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'auth0-tok;verify' {
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'The API identifier the token must be for; repeat to accept any of several')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Expected issuer, overriding the one derived from --domain; repeatable')
            [CompletionResult]::new('--jwks', '--jwks', [CompletionResultType]::ParameterName, 'Verify against this key set (a JWKS file, or an https URL) instead of the tenant''s')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'A scope the token must grant; repeatable (all are required)')
            [CompletionResult]::new('--leeway', '--leeway', [CompletionResultType]::ParameterName, 'Seconds of clock skew tolerated for exp and nbf')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'Allowed signing algorithm; repeatable [default: RS256, PS256]')
            [CompletionResult]::new('--hs256-secret', '--hs256-secret', [CompletionResultType]::ParameterName, 'Accept HS256 tokens signed with this secret (APIs using HS256 signing)')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat (or comma-separate in AUTH0_DOMAIN) for multiple custom domains')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read variables from this file [default: .env in the working directory, when present]. Never overrides variables already set')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for each HTTP request')
            [CompletionResult]::new('--permissions', '--permissions', [CompletionResultType]::ParameterName, 'Also accept required scopes from Auth0''s RBAC `permissions` claim')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Verify one token per line from stdin, writing one JSON line per token')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not read or write the disk cache')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auth0-tok;decode' {
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat (or comma-separate in AUTH0_DOMAIN) for multiple custom domains')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read variables from this file [default: .env in the working directory, when present]. Never overrides variables already set')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for each HTTP request')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not read or write the disk cache')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auth0-tok;jwks' {
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat (or comma-separate in AUTH0_DOMAIN) for multiple custom domains')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read variables from this file [default: .env in the working directory, when present]. Never overrides variables already set')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for each HTTP request')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not read or write the disk cache')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auth0-tok;mock' {
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat (or comma-separate in AUTH0_DOMAIN) for multiple custom domains')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read variables from this file [default: .env in the working directory, when present]. Never overrides variables already set')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for each HTTP request')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not read or write the disk cache')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the tenant on 127.0.0.1 until Ctrl-C; prints its base URL first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'auth0-tok;mock;serve' {
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port on 127.0.0.1 (0 picks a free port)')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'An API identifier the tenant issues tokens for; repeatable')
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'A client as ID:SECRET; repeatable [default: one client with a random secret]')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scopes granted to clients; repeatable')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'Sign with this PEM private key (RSA) instead of a fresh one')
            [CompletionResult]::new('--token-lifetime', '--token-lifetime', [CompletionResultType]::ParameterName, 'Access token lifetime in seconds')
            [CompletionResult]::new('--backdate', '--backdate', [CompletionResultType]::ParameterName, 'Issue tokens as if this many seconds ago (makes expired tokens for tests)')
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'Cache-Control max-age for discovery and JWKS')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat (or comma-separate in AUTH0_DOMAIN) for multiple custom domains')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read variables from this file [default: .env in the working directory, when present]. Never overrides variables already set')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for each HTTP request')
            [CompletionResult]::new('--print-env', '--print-env', [CompletionResultType]::ParameterName, 'After the base URL, print AUTH0_* lines for a .env file (includes the client secret)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not read or write the disk cache')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auth0-tok;mock;help' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the tenant on 127.0.0.1 until Ctrl-C; prints its base URL first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'auth0-tok;mock;help;serve' {
            break
        }
        'auth0-tok;mock;help;help' {
            break
        }
        'auth0-tok;completions' {
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'Tenant domain or issuer URL (tenant.us.auth0.com, https://login.example.com); repeat (or comma-separate in AUTH0_DOMAIN) for multiple custom domains')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read variables from this file [default: .env in the working directory, when present]. Never overrides variables already set')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for each HTTP request')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable JSON output')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP requests and cache decisions on stderr (secrets redacted)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not read or write the disk cache')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auth0-tok;help' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify an access token for an API: signature, iss, aud, exp, nbf, scopes')
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Show a JWT''s header and claims WITHOUT verifying it')
            [CompletionResult]::new('jwks', 'jwks', [CompletionResultType]::ParameterValue, 'Show a tenant''s discovery summary and signing keys')
            [CompletionResult]::new('mock', 'mock', [CompletionResultType]::ParameterValue, 'A local Auth0-compatible tenant for tests and demos')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'auth0-tok;help;verify' {
            break
        }
        'auth0-tok;help;decode' {
            break
        }
        'auth0-tok;help;jwks' {
            break
        }
        'auth0-tok;help;mock' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the tenant on 127.0.0.1 until Ctrl-C; prints its base URL first')
            break
        }
        'auth0-tok;help;mock;serve' {
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
