//! The mock tenant's users: who may log in at `/authorize` and `/activate`,
//! with the roles and RBAC permissions their access tokens carry.
//!
//! A user's `sub` is `auth0|` and 24 lowercase hex characters derived from
//! the email (SHA-256), so it stays the same across runs of the tenant, as
//! a database user's id does in Auth0.

use aws_lc_rs::digest;

/// The user registered when none is given.
pub const DEFAULT_EMAIL: &str = "user@example.com";
/// The default user's password.
pub const DEFAULT_PASSWORD: &str = "Passw0rd!";

/// A password: redacted in `Debug`, compared in constant time.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    /// Wraps a password.
    pub fn new(value: impl Into<String>) -> Self {
        Password(value.into())
    }

    /// The password itself, for the one place that must show it (a
    /// generated password printed for its user).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether `typed` is this password (constant time).
    pub fn matches(&self, typed: &str) -> bool {
        aws_lc_rs::constant_time::verify_slices_are_equal(self.0.as_bytes(), typed.as_bytes())
            .is_ok()
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password([redacted])")
    }
}

/// A user of the mock tenant.
#[derive(Debug, Clone)]
pub struct MockUser {
    /// The login name and `email` claim.
    pub email: String,
    /// What the login form must be given.
    pub password: Password,
    /// Roles (a namespaced claim, as an Auth0 Action adds them).
    pub roles: Vec<String>,
    /// RBAC permissions: the `permissions` claim of the user's access tokens.
    pub permissions: Vec<String>,
}

/// The namespaced claim holding a user's roles in ID and access tokens.
pub const ROLES_CLAIM: &str = "https://auth0-tok/roles";

impl MockUser {
    /// A user with no roles or permissions.
    pub fn new(email: impl Into<String>, password: Password) -> Self {
        MockUser {
            email: email.into(),
            password,
            roles: Vec::new(),
            permissions: Vec::new(),
        }
    }

    /// The default user, `user@example.com` / `Passw0rd!`.
    pub fn default_user() -> Self {
        MockUser::new(DEFAULT_EMAIL, Password::new(DEFAULT_PASSWORD))
    }

    /// `auth0|` + 24 hex characters of SHA-256(email), stable across runs.
    pub fn sub(&self) -> String {
        sub_for(&self.email)
    }

    /// The `nickname` claim: the email's local part, as Auth0 derives it.
    pub fn nickname(&self) -> &str {
        self.email.split('@').next().unwrap_or(&self.email)
    }
}

/// The `sub` of the user with this email (case-insensitive, as Auth0's
/// database connections treat emails).
pub fn sub_for(email: &str) -> String {
    let hash = digest::digest(&digest::SHA256, email.to_ascii_lowercase().as_bytes());
    let hex: String = hash.as_ref()[..12]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("auth0|{hex}")
}

/// The user `email` (case-insensitive) if `password` is theirs.
pub(crate) fn authenticate<'a>(
    users: &'a [MockUser],
    email: &str,
    password: &str,
) -> Option<&'a MockUser> {
    let user = users
        .iter()
        .find(|u| u.email.eq_ignore_ascii_case(email.trim()))?;
    user.password.matches(password).then_some(user)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sub_is_stable_hex_from_the_email() {
        let sub = sub_for("user@example.com");
        assert_eq!(sub.len(), "auth0|".len() + 24);
        assert!(sub.starts_with("auth0|"));
        assert!(
            sub[6..]
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert_eq!(sub, sub_for("User@Example.com"));
        assert_ne!(sub, sub_for("other@example.com"));
    }

    #[test]
    fn only_the_right_password_logs_in() {
        let users = vec![MockUser::default_user()];
        assert!(authenticate(&users, "USER@example.com", DEFAULT_PASSWORD).is_some());
        assert!(authenticate(&users, DEFAULT_EMAIL, "wrong").is_none());
        assert!(authenticate(&users, "nobody@example.com", DEFAULT_PASSWORD).is_none());
        assert_eq!(format!("{:?}", users[0].password), "Password([redacted])");
    }
}
