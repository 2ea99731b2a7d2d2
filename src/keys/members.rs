//! Reading a JWK's members strictly: a required string, an optional
//! string that is a string when present, `key_ops`, base64url values.

use serde_json::Value;

use crate::jose::{self, Object, Part};

use super::error::JwkError;

pub(super) fn coordinate(
    jwk: &Object,
    member: &'static str,
    curve: &'static str,
    expected: usize,
) -> Result<Vec<u8>, JwkError> {
    let bytes = b64_member(jwk, member)?;
    if bytes.len() != expected {
        return Err(JwkError::CoordinateLength {
            member,
            curve,
            found: bytes.len(),
            expected,
        });
    }
    Ok(bytes)
}

pub(super) fn strip_leading_zeros(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    &bytes[start..]
}

pub(super) fn required_str<'a>(jwk: &'a Object, member: &'static str) -> Result<&'a str, JwkError> {
    jwk.get(member)
        .and_then(Value::as_str)
        .ok_or(JwkError::Member(member))
}

pub(super) fn optional_str(jwk: &Object, member: &str) -> Option<String> {
    jwk.get(member).and_then(Value::as_str).map(str::to_owned)
}

/// A member's value as an error shows it: compact JSON, at most 80
/// characters (key sets come from the network).
pub(super) fn shown(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(80) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}

/// An optional string member: absent, or a string — any other type is an error.
pub(super) fn typed_str(jwk: &Object, member: &'static str) -> Result<Option<String>, JwkError> {
    match jwk.get(member) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(JwkError::MemberType {
            member,
            expected: "a string",
            found: shown(other),
        }),
    }
}

/// RFC 7517 §4.3: `key_ops`, when present, is an array of distinct strings
/// that must include "verify" for a verification key.
pub(super) fn check_key_ops(jwk: &Object) -> Result<(), JwkError> {
    let Some(ops) = jwk.get("key_ops") else {
        return Ok(());
    };
    let found = || shown(ops);
    let strings: Option<Vec<&str>> = ops
        .as_array()
        .and_then(|items| items.iter().map(Value::as_str).collect());
    let Some(strings) = strings else {
        return Err(JwkError::MemberType {
            member: "key_ops",
            expected: "an array of strings",
            found: found(),
        });
    };
    if strings
        .iter()
        .enumerate()
        .any(|(i, op)| strings[..i].contains(op))
    {
        return Err(JwkError::KeyOpsDuplicate(found()));
    }
    if !strings.contains(&"verify") {
        return Err(JwkError::KeyOpsWithoutVerify(found()));
    }
    Ok(())
}

pub(super) fn b64_member(jwk: &Object, member: &'static str) -> Result<Vec<u8>, JwkError> {
    let s = required_str(jwk, member)?;
    jose::decode_segment(s, Part::Header).map_err(|_| JwkError::Base64(member))
}
