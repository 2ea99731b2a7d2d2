//! The network code (feature `net`), and the only place that does network
//! I/O: [`http`], the one HTTP client every request goes through, and
//! [`tenant`], a tenant's discovery document and keys fetched with it and
//! cached in memory and on disk.
//!
//! Everything else is pure and always compiled: the parsers of what these
//! fetch ([`crate::discovery`], [`crate::jwks`], [`crate::oauth`]'s answer
//! parsing) and the errors they report ([`crate::answer`]). Both modules
//! are also at the crate root (`auth0_tok::http`, `auth0_tok::tenant`), the
//! paths they have always had.

pub mod http;
pub mod tenant;
