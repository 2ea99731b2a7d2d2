//! The fast path held against the strict one: the checks a differential
//! fuzz target (`fuzz/fuzz_targets/parsers_agree.rs`) and this crate's
//! property tests run on arbitrary input.
//!
//! A verifier with two parsers for one format is only as safe as their
//! agreement: where they differ, an attacker picks the one that suits
//! them. The token parser has two fast paths, each behind one boundary —
//! the flat scanner inside [`JsonObject::parse`] (the tree parse decides
//! everything it does not recognise) and the SIMD base64url decoder inside
//! [`decode_segment`](crate::jose::decode_segment) — and these functions
//! panic, naming the input, wherever a fast path and the strict path part.
//! Not an API: only tests and the fuzz targets call them.

use serde::de::DeserializeSeed;
use serde_json::Value;

use super::{JsonObject, Slot, TopLevel, flat};
use crate::jose::{Object, Part, StrictValue};

/// The strict tree parse: what a header or payload must be, as a tree.
pub fn reference(bytes: &[u8]) -> Option<Object> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = StrictValue { depth: 0 }
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v))
        .ok()?;
    match value {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

/// [`JsonObject::parse`] (flat scanner first) against the strict tree:
/// the same acceptance, the same value for every member read in place, the
/// same tree; and wherever the flat scanner recognises the text, exactly
/// the members the `serde_json` path finds in it.
pub fn json_object(input: &[u8]) {
    let expected = reference(input);
    if let Ok(text) = std::str::from_utf8(input) {
        if let Some(scanned) = flat::scan(text) {
            let mut de = serde_json::Deserializer::from_str(text);
            let full = TopLevel { base: text }
                .deserialize(&mut de)
                .and_then(|members| de.end().map(|()| members))
                .ok()
                .flatten();
            let full = full.unwrap_or_else(|| {
                panic!("the flat scanner accepts what the full parse refuses: {input:?}")
            });
            let as_tree = |members| {
                JsonObject {
                    text: text.to_owned(),
                    members,
                    tree: Default::default(),
                }
                .into_object()
            };
            assert_eq!(
                as_tree(scanned),
                as_tree(full),
                "the flat scanner and the full parse read {input:?} differently"
            );
        }
    }
    let Ok(parsed) = JsonObject::parse(input.to_vec(), Part::Payload) else {
        assert!(expected.is_none(), "refused, but valid: {input:?}");
        return;
    };
    let expected = expected.unwrap_or_else(|| panic!("accepted, but invalid: {input:?}"));
    assert_eq!(parsed.len(), expected.len(), "{input:?}");
    for (name, value) in &expected {
        assert_eq!(
            parsed.get(name).as_deref(),
            Some(value),
            "{name:?} in {input:?}"
        );
        assert_eq!(
            parsed.get_str(name),
            value.as_str(),
            "{name:?} in {input:?}"
        );
        assert!(parsed.contains_key(name), "{name:?} in {input:?}");
    }
    for member in &parsed.members {
        if let Slot::Str(_) = member.value {
            let name = parsed.resolve(&member.name);
            assert!(expected[name].is_string(), "{name:?} in {input:?}");
        }
    }
    assert!(parsed.get("not a member").is_none());
    assert_eq!(parsed.object(), &expected, "{input:?}");
    assert_eq!(parsed.clone().into_object(), expected, "{input:?}");
    assert_eq!(
        serde_json::to_value(&parsed).expect("serialisable"),
        Value::Object(expected),
        "{input:?}"
    );
}

/// The SIMD base64url decoder against the `base64` crate's, and
/// [`decode_segment`](crate::jose::decode_segment) (whichever it uses)
/// against both.
pub fn base64url(input: &str) {
    let simd = crate::jose::decode_simd(input);
    let scalar = crate::jose::decode_scalar(input);
    assert_eq!(simd, scalar, "the base64url decoders differ on {input:?}");
    let ours = crate::jose::decode_segment(input, Part::Payload).ok();
    assert_eq!(
        ours,
        scalar.filter(|_| !input.is_empty()),
        "decode_segment on {input:?}"
    );
}
