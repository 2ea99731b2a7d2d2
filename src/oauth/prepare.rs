//! Building token endpoint requests, pure but for a client assertion's
//! signature: the grant's form, then the client authentication (secret in
//! the form, HTTP Basic, or a signed `private_key_jwt` assertion), and the
//! revocation request (RFC 7009) built the same way.

use base64::Engine as _;
use serde_json::json;

use super::{ClientAuth, Grant, JWT_BEARER, secret};
use crate::jose::Object;
use crate::keys::KeyError;
use crate::types::Issuer;

/// A request ready to send.
#[derive(Clone)]
pub struct Prepared {
    /// The token endpoint.
    pub endpoint: String,
    /// Form fields, in order.
    pub form: Vec<(String, String)>,
    /// Extra headers (Authorization for Basic, DPoP).
    pub headers: Vec<(String, String)>,
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("endpoint", &self.endpoint)
            .field("form", &crate::answer::redact_form(&self.form))
            .finish_non_exhaustive()
    }
}

/// Builds the request for `grant` with `auth` (pure but for the assertion's
/// signature). `now` and `jti` go into a client assertion.
pub fn prepare(
    endpoint: &str,
    issuer: &Issuer,
    grant: &Grant,
    auth: &ClientAuth,
    now: i64,
    jti: &str,
) -> Result<Prepared, KeyError> {
    let mut form = grant.form();
    let mut headers = Vec::new();
    let basic = |id: &str, secret: &str| {
        // RFC 6749 §2.3.1: form-urlencode both parts before Base64.
        let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!(
                "{}:{}",
                enc(id),
                enc(secret)
            ))
        )
    };
    match (grant, auth) {
        // Token Vault: exactly as auth0-api-python sends it — Basic auth and client_id in the body.
        (
            Grant::TokenVault { .. },
            ClientAuth::SecretPost { client_id, secret }
            | ClientAuth::SecretBasic { client_id, secret },
        ) => {
            headers.push(("authorization".into(), basic(client_id, secret.expose())));
            form.insert(1, ("client_id".into(), client_id.clone()));
        }
        (_, ClientAuth::Public { client_id }) => {
            form.push(("client_id".into(), client_id.clone()));
        }
        (_, ClientAuth::SecretPost { client_id, secret }) => {
            form.push(("client_id".into(), client_id.clone()));
            form.push(("client_secret".into(), secret.expose().to_owned()));
        }
        (_, ClientAuth::SecretBasic { client_id, secret }) => {
            headers.push(("authorization".into(), basic(client_id, secret.expose())));
        }
        (
            _,
            ClientAuth::PrivateKeyJwt {
                client_id,
                key,
                alg,
            },
        ) => {
            let claims = json!({
                "iss": client_id, "sub": client_id, "aud": issuer.as_str(),
                "jti": jti, "iat": now, "exp": now + 300,
            });
            let mut header = Object::new();
            header.insert("typ".into(), json!("JWT"));
            let assertion = key.sign_jwt(*alg, &header, claims.as_object().expect("object"))?;
            form.push(("client_id".into(), client_id.clone()));
            form.push(("client_assertion_type".into(), JWT_BEARER.into()));
            form.push(("client_assertion".into(), assertion));
        }
    }
    Ok(Prepared {
        endpoint: endpoint.to_owned(),
        form,
        headers,
    })
}

/// The revocation request for a refresh token (RFC 7009 §2.1), pure but
/// for a client assertion's signature.
pub fn prepare_revoke(
    endpoint: &str,
    issuer: &Issuer,
    token: &secret::RefreshToken,
    auth: &ClientAuth,
    now: i64,
    jti: &str,
) -> Result<Prepared, KeyError> {
    // The client authentication as for a grant; then the grant's fields
    // replaced by the revocation's.
    let mut prepared = prepare(
        endpoint,
        issuer,
        &Grant::Refresh {
            refresh_token: token.clone(),
            scope: Vec::new(),
        },
        auth,
        now,
        jti,
    )?;
    prepared
        .form
        .retain(|(k, _)| k != "grant_type" && k != "refresh_token");
    prepared
        .form
        .insert(0, ("token".into(), token.expose().to_owned()));
    prepared
        .form
        .insert(1, ("token_type_hint".into(), "refresh_token".into()));
    Ok(prepared)
}
