//! `auth0-tok dpop keygen | proof | thumbprint`: DPoP keys and proofs for clients;
//! with `--json`, each prints JSON (`proof`: one object per proof and line).

use std::io::Write;
use std::path::{Path, PathBuf};

use auth0_tok::dpop::{DpopKey, ProofClaims, new_jti};
use auth0_tok::jose::{self, Object, Part};
use auth0_tok::keys::{SigningKey, pem_decode};
use auth0_tok::{jwk, x509};
use clap::{Args, Subcommand, ValueEnum};
use colored::Colorize;
use serde_json::{Value, json};

use super::output::write_json;
use super::{Context, UsageError, input};

#[derive(Debug, Args)]
pub struct DpopArgs {
    #[command(subcommand)]
    command: DpopCommand,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
enum DpopCommand {
    /// Generate an ES256 (P-256) key; prints its public JWK and thumbprint (jkt)
    #[command(
        after_help = "Examples:\n  auth0-tok dpop keygen --out dpop.pem\n  auth0-tok dpop keygen --out dpop.jwk --format jwk"
    )]
    Keygen(KeygenArgs),
    /// Sign DPoP proofs (RFC 9449) for a request
    #[command(after_help = PROOF_EXAMPLES)]
    Proof(ProofArgs),
    /// The RFC 7638 thumbprint of a key (PEM file, JWK file, or inline JWK)
    #[command(
        after_help = "Examples:\n  auth0-tok dpop thumbprint dpop.pem\n  auth0-tok dpop thumbprint '{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"…\",\"y\":\"…\"}'"
    )]
    Thumbprint(ThumbprintArgs),
}

const PROOF_EXAMPLES: &str = "\
Examples:
  auth0-tok dpop proof --key dpop.pem --htm GET --htu https://api.example.com/messages --access-token \"$TOKEN\"
  curl -H \"$(auth0-tok dpop proof --headers --htm GET --htu $URL --access-token \"$TOKEN\" | sed -n 1p)\" \\
       -H \"$(auth0-tok dpop proof --headers --htm GET --htu $URL --access-token \"$TOKEN\" | sed -n 2p)\" $URL
  auth0-tok dpop proof --htm POST --htu https://tenant.us.auth0.com/oauth/token --count 1000 > proofs.txt";

#[derive(Debug, Clone, Copy, ValueEnum)]
enum KeyFormat {
    Pem,
    Jwk,
}

#[derive(Debug, Args)]
struct KeygenArgs {
    /// Write the private key here (mode 0600)
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Private key format
    #[arg(long, value_enum, default_value_t = KeyFormat::Pem)]
    format: KeyFormat,
    /// Replace an existing --out file
    #[arg(long)]
    force: bool,
    /// Print the private JWK on stdout (with --format jwk and no --out)
    #[arg(long)]
    private: bool,
}

#[derive(Debug, Args)]
struct ProofArgs {
    /// HTTP method of the request the proof is for, as sent (case-sensitive: GET, not get)
    #[arg(long, value_name = "METHOD", value_parser = input::http_method)]
    htm: String,
    /// URL of the request (query and fragment are removed, RFC 9449 §4.2)
    #[arg(long, value_name = "URL")]
    htu: String,
    /// The DPoP private key (PEM or private JWK)
    #[arg(long, env = "AUTH0_DPOP_KEY", value_name = "FILE")]
    key: Option<PathBuf>,
    /// Bind the proof to this access token (ath), or `-` for stdin
    #[arg(long, value_name = "TOKEN|-", allow_hyphen_values = true)]
    access_token: Option<String>,
    /// The nonce the server asked for (DPoP-Nonce)
    // Nonces are base64url: one in 64 starts with `-`.
    #[arg(long, value_name = "NONCE", allow_hyphen_values = true)]
    nonce: Option<String>,
    /// Print this many proofs, one per line
    #[arg(long, default_value_t = 1, value_name = "N")]
    count: u64,
    /// Print curl-ready `Authorization: DPoP …` and `DPoP: …` lines (needs --access-token)
    #[arg(long, requires = "access_token")]
    headers: bool,
}

#[derive(Debug, Args)]
struct ThumbprintArgs {
    /// A PEM file (private or public key), a JWK file, or an inline JWK
    #[arg(value_name = "FILE|JWK")]
    key: String,
}

pub fn run(args: DpopArgs, ctx: &Context) -> anyhow::Result<()> {
    match args.command {
        DpopCommand::Keygen(a) => keygen(a, ctx),
        DpopCommand::Proof(a) => proof(a, ctx),
        DpopCommand::Thumbprint(a) => thumbprint(a, ctx),
    }
}

fn keygen(args: KeygenArgs, ctx: &Context) -> anyhow::Result<()> {
    if args.out.is_none() && !(args.private && matches!(args.format, KeyFormat::Jwk)) {
        return Err(UsageError(
            "where should the private key go? pass --out FILE (or --format jwk --private to print it)".into(),
        )
        .into());
    }
    if let Some(out) = &args.out {
        if out.exists() && !args.force {
            return Err(UsageError(format!(
                "{} exists; pass --force to replace it",
                out.display()
            ))
            .into());
        }
    }
    let key = DpopKey::generate()?;
    let private = match args.format {
        KeyFormat::Pem => key.to_pem()?,
        KeyFormat::Jwk => format!("{}\n", Value::Object(key.private_jwk()?)),
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match &args.out {
        Some(path) => write_private_file(path, private.as_bytes(), args.force)?,
        None => {
            eprintln!(
                "{} printing a PRIVATE key on stdout; keep it out of logs and shell history",
                "warning:".yellow().bold()
            );
            out.write_all(private.as_bytes())?;
        }
    }
    if ctx.json {
        write_json(
            &mut out,
            &json!({"public_jwk": key.public_jwk(), "jkt": key.thumbprint(), "file": args.out.as_ref().map(|p| p.display().to_string())}),
        )?;
    } else {
        writeln!(out, "public JWK  {}", Value::Object(key.public_jwk()))?;
        writeln!(out, "jkt         {}", key.thumbprint())?;
        if let Some(path) = &args.out {
            writeln!(out, "private key {} (mode 0600)", path.display())?;
        }
    }
    out.flush()?;
    Ok(())
}

/// Writes a private file with mode 0600: a new file, or with `replace` an
/// atomic replacement.
pub fn write_private_file(path: &Path, contents: &[u8], replace: bool) -> anyhow::Result<()> {
    let io_err = |e: std::io::Error| UsageError(format!("{}: {e}", path.display()));
    if !replace {
        let mut f = auth0_tok::cache::create_private(path).map_err(io_err)?;
        f.write_all(contents).map_err(io_err)?;
        return Ok(());
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("key"),
        std::process::id()
    ));
    let result = (|| {
        let mut f = auth0_tok::cache::create_private(&tmp)?;
        f.write_all(contents)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io_err)?;
    Ok(())
}

/// Loads the DPoP key from --key / AUTH0_DPOP_KEY, warning when the file is
/// readable by others.
pub fn load_key(path: Option<&Path>) -> anyhow::Result<DpopKey> {
    let path = path.ok_or_else(|| {
        UsageError("no DPoP key: pass --key FILE or set AUTH0_DPOP_KEY (create one with `auth0-tok dpop keygen --out dpop.pem`)".into())
    })?;
    let text = input::read_capped_text(path, input::MAX_KEY_FILE)
        .map_err(|e| UsageError(format!("DPoP key {e}")))?;
    warn_if_exposed(path);
    DpopKey::parse(&text)
        .map_err(|e| UsageError(format!("DPoP key {}: {e}", path.display())).into())
}

/// Warns on stderr when a private key file is readable by group or others.
pub fn warn_if_exposed(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path) {
            if meta.permissions().mode() & 0o077 != 0 {
                eprintln!(
                    "{} {} is readable by other users (mode {:o}); run chmod 600",
                    "warning:".yellow().bold(),
                    path.display(),
                    meta.permissions().mode() & 0o777
                );
            }
        }
    }
}

fn proof(args: ProofArgs, ctx: &Context) -> anyhow::Result<()> {
    let key = load_key(args.key.as_deref())?;
    if args.count == 0 {
        return Err(UsageError("--count must be at least 1".into()).into());
    }
    let method = args.htm.as_str();
    let url =
        url::Url::parse(&args.htu).map_err(|e| UsageError(format!("--htu {:?}: {e}", args.htu)))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(UsageError("--htu must be an http(s) URL".into()).into());
    }
    let token = match &args.access_token {
        Some(t) => Some(input::token(Some(t), "access token")?),
        None => None,
    };
    if ctx.json && args.headers {
        return Err(UsageError(
            "--headers prints curl-ready lines; with --json each proof is a JSON line (\"proof\")"
                .into(),
        )
        .into());
    }
    let jkt = key.thumbprint();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // htu and ath are computed once; each proof gets its own jti and iat.
    let mut claims =
        ProofClaims::new(method, &args.htu, ctx.clock.now(), String::new()).with_nonce(args.nonce);
    if let Some(t) = &token {
        claims = claims.with_access_token(t);
    }
    for _ in 0..args.count {
        claims.jti = new_jti()?;
        claims.iat = ctx.clock.now();
        let proof = key.proof(&claims)?;
        if ctx.json {
            write_json(&mut out, &proof_json(&proof, &jkt, &claims))?;
        } else if args.headers {
            writeln!(
                out,
                "Authorization: DPoP {}",
                token.as_deref().unwrap_or("")
            )?;
            writeln!(out, "DPoP: {proof}")?;
        } else {
            writeln!(out, "{proof}")?;
        }
    }
    out.flush()?;
    Ok(())
}

/// `dpop proof --json`: one line per proof, with the claims it carries.
fn proof_json(proof: &str, jkt: &str, claims: &ProofClaims) -> Value {
    let mut v = json!({
        "proof": proof,
        "jkt": jkt,
        "htm": claims.htm,
        "htu": claims.htu,
        "iat": claims.iat,
        "jti": claims.jti,
    });
    if let Some(ath) = &claims.ath {
        v["ath"] = json!(ath);
    }
    if let Some(nonce) = &claims.nonce {
        v["nonce"] = json!(nonce);
    }
    v
}

fn thumbprint(args: ThumbprintArgs, ctx: &Context) -> anyhow::Result<()> {
    let text = if args.key.trim_start().starts_with('{') {
        args.key.clone()
    } else {
        input::read_capped_text(Path::new(&args.key), input::MAX_KEY_FILE)
            .map_err(|e| UsageError(e.to_string()))?
    };
    let jwk = public_jwk_of(&text)?;
    let jkt = jwk::thumbprint(&jwk).map_err(|e| UsageError(format!("not a usable JWK: {e}")))?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if ctx.json {
        write_json(&mut out, &json!({"jkt": jkt, "kty": jwk.get("kty")}))?;
    } else {
        writeln!(out, "{jkt}")?;
    }
    Ok(())
}

/// The public JWK of a JWK (public or private) or a PEM key (private or public).
fn public_jwk_of(text: &str) -> anyhow::Result<Object> {
    let trimmed = text.trim();
    if trimmed.starts_with('{') {
        return jose::parse_object(trimmed.as_bytes(), Part::Payload)
            .map_err(|e| UsageError(format!("not a JWK: {e}")).into());
    }
    let (label, der) = pem_decode(trimmed).map_err(|e| UsageError(e.to_string()))?;
    if label == "PUBLIC KEY" {
        return x509::spki_to_jwk(&der).ok_or_else(|| {
            UsageError("unsupported public key (RSA, EC P-256/384/521 or Ed25519 SPKI)".into())
                .into()
        });
    }
    let key = SigningKey::from_pem(trimmed).map_err(|e| UsageError(e.to_string()))?;
    Ok(key.public_jwk())
}
