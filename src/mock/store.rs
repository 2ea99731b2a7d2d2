//! What the mock tenant remembers between the requests of a user login:
//! login transactions, authorization codes, browser sessions, refresh
//! token families and device codes. In memory only; every entry that
//! stands for a credential expires or is single use.

use std::collections::{HashMap, HashSet};

use crate::clock::UnixTime;
use crate::types::TokenSecret;

/// How long an authorization code can be exchanged (seconds).
pub const CODE_LIFETIME: i64 = 600;
/// How long a login page stays usable (seconds).
pub const TRANSACTION_LIFETIME: i64 = 3600;

/// What a user is logged in for: the part of a login every grant needs to
/// issue tokens.
#[derive(Debug, Clone)]
pub(crate) struct Grant {
    pub client_id: String,
    /// Index into the tenant's users.
    pub user: usize,
    /// The requested scopes, space-separated (the grant filters them).
    pub scope: String,
    pub audience: Option<String>,
    pub organization: Option<String>,
    pub auth_time: UnixTime,
    pub sid: String,
    /// Only for the first ID token of an authorization code.
    pub nonce: Option<String>,
}

/// A `/authorize` request waiting for the login form.
#[derive(Debug, Clone)]
pub(crate) struct Transaction {
    pub client_id: String,
    pub redirect_uri: String,
    pub state: Option<String>,
    pub scope: String,
    pub audience: Option<String>,
    pub organization: Option<String>,
    pub nonce: Option<String>,
    /// (challenge, method) when PKCE is used.
    pub pkce: Option<(String, String)>,
    pub created: UnixTime,
}

/// An authorization code, bound to what it was issued for.
#[derive(Debug)]
pub(crate) struct Code {
    pub grant: Grant,
    pub redirect_uri: String,
    pub pkce: Option<(String, String)>,
    pub expires: UnixTime,
    pub used: bool,
    /// The refresh token family issued for it, revoked if it is replayed (RFC 6749 §4.1.2).
    pub family: Option<u64>,
}

/// A logged-in browser (the `auth0_mock_session` cookie).
#[derive(Debug, Clone)]
pub(crate) struct Session {
    pub user: usize,
    pub auth_time: UnixTime,
    pub sid: String,
}

/// A refresh token; rotation leaves the old one inactive in its family.
#[derive(Debug)]
pub(crate) struct Refresh {
    pub grant: Grant,
    pub family: u64,
    pub active: bool,
}

/// Where a device code stands (RFC 8628 §3.5).
#[derive(Debug, Clone)]
pub(crate) enum DeviceState {
    Pending,
    Approved(Grant),
    Denied,
}

/// A device authorization request.
#[derive(Debug)]
pub(crate) struct Device {
    pub client_id: String,
    pub user_code: String,
    pub scope: String,
    pub audience: Option<String>,
    pub expires: UnixTime,
    pub interval: u64,
    pub last_poll: Option<UnixTime>,
    pub state: DeviceState,
}

/// Every login-related thing the tenant holds.
#[derive(Debug, Default)]
pub(crate) struct Store {
    pub transactions: HashMap<String, Transaction>,
    pub codes: HashMap<String, Code>,
    pub sessions: HashMap<String, Session>,
    pub refresh: HashMap<String, Refresh>,
    pub revoked_families: HashSet<u64>,
    pub next_family: u64,
    /// device_code → device.
    pub devices: HashMap<String, Device>,
}

impl Store {
    /// A new refresh token of `family` (a new family when `None`), with its family.
    pub fn new_refresh(&mut self, grant: Grant, family: Option<u64>) -> (TokenSecret, u64) {
        let family = family.unwrap_or_else(|| {
            self.next_family += 1;
            self.next_family
        });
        let token = TokenSecret::new(super::random_token());
        self.refresh.insert(
            token.expose().to_owned(),
            Refresh {
                grant,
                family,
                active: true,
            },
        );
        (token, family)
    }

    /// Revokes every refresh token of `family`.
    pub fn revoke_family(&mut self, family: u64) {
        self.revoked_families.insert(family);
        self.refresh.retain(|_, r| r.family != family);
    }

    /// Forgets what has expired (called on every login request, so the
    /// store stays small on a long-running tenant).
    pub fn sweep(&mut self, now: UnixTime) {
        self.transactions
            .retain(|_, t| now - t.created < TRANSACTION_LIFETIME);
        self.codes.retain(|_, c| now < c.expires + CODE_LIFETIME);
        self.devices.retain(|_, d| now < d.expires + 3600);
    }

    /// The device code whose user code is `user_code` (dash and case ignored).
    pub fn device_by_user_code(&mut self, user_code: &str) -> Option<&mut Device> {
        let wanted = normalise_user_code(user_code);
        self.devices
            .values_mut()
            .find(|d| normalise_user_code(&d.user_code) == wanted)
    }
}

/// `bcdf ghjk`, `BCDFGHJK` and `BCDF-GHJK` are one code.
pub(crate) fn normalise_user_code(code: &str) -> String {
    code.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}
