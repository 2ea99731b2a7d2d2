//! Which checks apply to a baseline, and why each other one does not: data
//! the caller words for its users (a command line names the option that
//! would make a check apply).

use super::Check;

/// Which variants apply to a baseline.
#[derive(Debug, Clone, Copy, Default)]
pub struct Plan {
    /// The baseline used DPoP.
    pub dpop: bool,
    /// The API asked for a DPoP nonce.
    pub nonce: bool,
    /// A token lacking a required scope can be had.
    pub missing_scope: bool,
    /// The tenant is `auth0-tok mock serve` (its minting endpoint works).
    pub mock: bool,
    /// The tenant's public key is known (for the key-confusion variant).
    pub tenant_key: bool,
    /// The token has a claim whose bit can be flipped harmlessly (`sub`, `azp`, `jti`).
    pub flippable: bool,
}

/// Why a check does not apply to a baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotPlanned {
    /// The tenant's public key for the token is not known.
    NoTenantKey,
    /// The token has no claim whose bit can be flipped harmlessly.
    NotFlippable,
    /// No token lacking a scope the route requires.
    NoScopeToken,
    /// The baseline is Bearer.
    NotDpop,
    /// The API asked for no DPoP nonce.
    NoNonce,
    /// The tenant is not the mock, which mints the tokens.
    NotMock,
}

impl Plan {
    /// Why `check` does not apply, or `None` when it does.
    pub fn why_not(&self, check: Check) -> Option<NotPlanned> {
        use Check::*;
        let missing = |have: bool, why| (!have).then_some(why);
        match check {
            KeyConfusion => missing(self.tenant_key, NotPlanned::NoTenantKey),
            PayloadBitFlipped => missing(self.flippable, NotPlanned::NotFlippable),
            MissingScope => missing(self.missing_scope, NotPlanned::NoScopeToken),
            c if c.is_dpop() && !self.dpop => Some(NotPlanned::NotDpop),
            DpopNonceMissing | DpopNonceStale => missing(self.nonce, NotPlanned::NoNonce),
            c if c.is_minted() => missing(self.mock, NotPlanned::NotMock),
            _ => None,
        }
    }
}

impl Check {
    /// The checks that apply to a baseline, in report order.
    pub fn plan(plan: &Plan) -> Vec<Check> {
        Check::ALL
            .into_iter()
            .filter(|c| plan.why_not(*c).is_none())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_follows_the_baseline() {
        let bearer = Check::plan(&Plan::default());
        assert!(bearer.contains(&Check::AlgNone));
        assert!(!bearer.iter().any(|c| c.is_dpop() || c.is_minted()));
        assert!(!bearer.contains(&Check::KeyConfusion));
        assert!(!bearer.contains(&Check::MissingScope));
        let full = Check::plan(&Plan {
            dpop: true,
            nonce: true,
            missing_scope: true,
            mock: true,
            tenant_key: true,
            flippable: true,
        });
        assert_eq!(full, Check::ALL.to_vec());
        let no_nonce = Check::plan(&Plan {
            dpop: true,
            ..Plan::default()
        });
        assert!(no_nonce.contains(&Check::DpopOtherUrl));
        assert!(!no_nonce.contains(&Check::DpopNonceStale));
    }

    #[test]
    fn each_check_left_out_says_why() {
        let bearer = Plan::default();
        assert_eq!(
            bearer.why_not(Check::DpopNonceStale),
            Some(NotPlanned::NotDpop)
        );
        assert_eq!(bearer.why_not(Check::Expired), Some(NotPlanned::NotMock));
        assert_eq!(
            bearer.why_not(Check::KeyConfusion),
            Some(NotPlanned::NoTenantKey)
        );
        assert_eq!(
            bearer.why_not(Check::PayloadBitFlipped),
            Some(NotPlanned::NotFlippable)
        );
        assert_eq!(
            bearer.why_not(Check::MissingScope),
            Some(NotPlanned::NoScopeToken)
        );
        assert_eq!(bearer.why_not(Check::AlgNone), None);
        let dpop = Plan {
            dpop: true,
            ..Plan::default()
        };
        assert_eq!(
            dpop.why_not(Check::DpopNonceMissing),
            Some(NotPlanned::NoNonce)
        );
        assert_eq!(dpop.why_not(Check::DpopReplay), None);
    }
}
