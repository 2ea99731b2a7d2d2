//! A token's header or payload as a JSON object that is checked strictly in
//! one pass and then read where it lies.
//!
//! Verifying a token reads a handful of members (`alg`, `kid`, `iss`, `aud`,
//! `exp`, …) and every token is refused if any member anywhere is
//! duplicated or nested too deep, so every byte must be parsed — but
//! nothing obliges a verifier to build a tree of owned strings for it.
//! [`JsonObject`] keeps the decoded text, remembers where each top-level
//! string lies in it and keeps numbers, booleans, arrays and objects as
//! values; the full [`Object`] tree is built only when a caller asks for it.
//! Acceptance is exactly that of building the tree: the same `serde_json`
//! grammar, UTF-8, no duplicate member names, at most
//! [`MAX_JSON_DEPTH`](super::MAX_JSON_DEPTH) levels.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::sync::OnceLock;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::{JoseError, Object, Part, StrictValue};

mod flat;

#[cfg(any(test, feature = "fuzzing"))]
#[doc(hidden)]
pub mod differential;

/// Top-level members compared one by one for duplicates; beyond this many,
/// a hash set takes over (a hostile payload can hold thousands).
const LINEAR_DUPLICATE_SCAN: usize = 32;

/// A JSON object from a JWS header or payload, checked strictly and kept
/// as its text. Members are looked up in place ([`get_str`](Self::get_str),
/// [`get`](Self::get)); [`object`](Self::object) builds the whole tree once,
/// on first use. Serialises as that tree (members in name order).
#[derive(Clone)]
pub struct JsonObject {
    // Not shrunk to a `Box<str>`: that would copy it once more.
    text: String,
    members: Vec<Member>,
    tree: OnceLock<Object>,
}

#[derive(Clone)]
struct Member {
    /// [`tag`] of the name: most lookups and duplicate checks are settled
    /// by comparing it alone.
    tag: u64,
    name: Text,
    value: Slot,
}

/// A name's length and first seven bytes in one word: equal tags mean equal
/// names for names of up to seven bytes (most claim names are three).
#[inline]
fn tag(name: &str) -> u64 {
    let bytes = name.as_bytes();
    let mut tag = (bytes.len().min(255) as u64) << 56;
    for (i, &b) in bytes.iter().take(7).enumerate() {
        tag |= u64::from(b) << (8 * i);
    }
    tag
}

/// Whether `member` (named `member_name`, tagged `member_tag`) is `name`.
#[inline]
fn same_name(member_tag: u64, member_name: &str, name_tag: u64, name: &str) -> bool {
    member_tag == name_tag && (name.len() <= 7 || member_name == name)
}

/// A string from the object: where it lies in the text when it has no
/// escapes (the usual case), otherwise its unescaped value.
#[derive(Clone)]
enum Text {
    Span(u32, u32),
    Owned(Box<str>),
}

/// A member's value: a string (see [`Text`]) or any other JSON value.
#[derive(Clone)]
enum Slot {
    Str(Text),
    Other(Value),
}

impl JsonObject {
    /// Parses `bytes` as a JSON object, strictly: UTF-8, one JSON value and
    /// nothing after it, no duplicate member names at any depth, nesting at
    /// most [`MAX_JSON_DEPTH`](super::MAX_JSON_DEPTH).
    pub fn parse(bytes: Vec<u8>, part: Part) -> Result<Self, JoseError> {
        let text = String::from_utf8(bytes).map_err(|e| JoseError::Json {
            part,
            detail: format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
        })?;
        let members = match flat::scan(&text) {
            Some(members) => members,
            None => {
                let mut de = serde_json::Deserializer::from_str(&text);
                TopLevel { base: &text }
                    .deserialize(&mut de)
                    .and_then(|members| de.end().map(|()| members))
                    .map_err(|e| JoseError::Json {
                        part,
                        detail: e.to_string(),
                    })?
                    .ok_or(JoseError::NotObject(part))?
            }
        };
        Ok(JsonObject {
            text,
            members,
            tree: OnceLock::new(),
        })
    }

    /// The member `name` when it is a string.
    #[inline]
    pub fn get_str(&self, name: &str) -> Option<&str> {
        match &self.member(name)?.value {
            Slot::Str(text) => Some(self.resolve(text)),
            Slot::Other(_) => None,
        }
    }

    /// The member `name`, of any type (a string is copied; other values
    /// are borrowed).
    #[inline]
    pub fn get(&self, name: &str) -> Option<Cow<'_, Value>> {
        Some(match &self.member(name)?.value {
            Slot::Str(text) => Cow::Owned(Value::String(self.resolve(text).to_owned())),
            Slot::Other(value) => Cow::Borrowed(value),
        })
    }

    /// Whether the object has a member `name`.
    #[inline]
    pub fn contains_key(&self, name: &str) -> bool {
        self.member(name).is_some()
    }

    /// The number of members.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether the object has no members.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The member names, in the order of the text.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.members.iter().map(|m| self.resolve(&m.name))
    }

    /// The decoded JSON text, exactly as the token carries it.
    pub fn as_text(&self) -> &str {
        &self.text
    }

    /// The whole object as a tree, built on first use.
    pub fn object(&self) -> &Object {
        self.tree.get_or_init(|| self.build())
    }

    /// The whole object as a tree.
    pub fn into_object(self) -> Object {
        match self.tree.into_inner() {
            Some(tree) => tree,
            None => JsonObject {
                text: self.text,
                members: self.members,
                tree: OnceLock::new(),
            }
            .build(),
        }
    }

    #[inline]
    fn member(&self, name: &str) -> Option<&Member> {
        let wanted = tag(name);
        self.members
            .iter()
            .find(|m| same_name(m.tag, self.resolve(&m.name), wanted, name))
    }

    fn resolve<'s>(&'s self, text: &'s Text) -> &'s str {
        match text {
            Text::Span(start, end) => &self.text[*start as usize..*end as usize],
            Text::Owned(s) => s,
        }
    }

    fn build(&self) -> Object {
        self.members
            .iter()
            .map(|m| {
                let value = match &m.value {
                    Slot::Str(text) => Value::String(self.resolve(text).to_owned()),
                    Slot::Other(value) => value.clone(),
                };
                (self.resolve(&m.name).to_owned(), value)
            })
            .collect()
    }
}

impl fmt::Debug for JsonObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.object(), f)
    }
}

impl PartialEq for JsonObject {
    fn eq(&self, other: &Self) -> bool {
        self.object() == other.object()
    }
}

impl serde::Serialize for JsonObject {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.object().serialize(serializer)
    }
}

/// Where `inner` lies in `base`, when it is a slice of it.
fn span(base: &str, inner: &str) -> Option<Text> {
    let start = (inner.as_ptr() as usize).checked_sub(base.as_ptr() as usize)?;
    let end = start.checked_add(inner.len())?;
    if end > base.len() {
        return None;
    }
    Some(Text::Span(
        u32::try_from(start).ok()?,
        u32::try_from(end).ok()?,
    ))
}

fn text_in(base: &str, text: &Text) -> String {
    match text {
        Text::Span(start, end) => base[*start as usize..*end as usize].to_owned(),
        Text::Owned(s) => s.to_string(),
    }
}

/// The document: `Some(members)` for an object, `None` for any other
/// (well-formed, strictly checked) JSON value.
struct TopLevel<'b> {
    base: &'b str,
}

impl<'de> DeserializeSeed<'de> for TopLevel<'de> {
    type Value = Option<Vec<Member>>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TopLevel<'de> {
    type Value = Option<Vec<Member>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        // Not an object, but checked all the same: a malformed array is a
        // JSON error, not a "not an object" one.
        StrictValue { depth: 0 }.visit_seq(seq)?;
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let base = self.base;
        let mut members: Vec<Member> = Vec::with_capacity(12);
        let mut seen: Option<HashSet<String>> = None;
        while let Some(name) = map.next_key_seed(NameSeed { base })? {
            let this_tag = tag(resolve_in(base, &name));
            let duplicate = match &mut seen {
                Some(seen) => !seen.insert(text_in(base, &name)),
                None => {
                    let this = resolve_in(base, &name);
                    let duplicate = members.iter().any(|m| {
                        m.tag == this_tag
                            && same_name(m.tag, resolve_in(base, &m.name), this_tag, this)
                    });
                    if !duplicate && members.len() >= LINEAR_DUPLICATE_SCAN {
                        seen = Some(
                            members
                                .iter()
                                .map(|m| text_in(base, &m.name))
                                .chain([this.to_owned()])
                                .collect(),
                        );
                    }
                    duplicate
                }
            };
            if duplicate {
                let name = resolve_in(base, &name);
                return Err(de::Error::custom(format!("duplicate member {name:?}")));
            }
            let value = map.next_value_seed(SlotSeed { base })?;
            members.push(Member {
                tag: this_tag,
                name,
                value,
            });
        }
        Ok(Some(members))
    }
}

fn resolve_in<'a>(base: &'a str, text: &'a Text) -> &'a str {
    match text {
        Text::Span(start, end) => &base[*start as usize..*end as usize],
        Text::Owned(s) => s,
    }
}

/// A member name.
struct NameSeed<'b> {
    base: &'b str,
}

impl<'de> DeserializeSeed<'de> for NameSeed<'de> {
    type Value = Text;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Text, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for NameSeed<'de> {
    type Value = Text;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Text, E> {
        Ok(span(self.base, v).unwrap_or_else(|| Text::Owned(v.into())))
    }
    fn visit_str<E>(self, v: &str) -> Result<Text, E> {
        Ok(Text::Owned(v.into()))
    }
}

/// A top-level member's value: strings where they lie, the rest as values
/// (checked by [`StrictValue`] one level down).
struct SlotSeed<'b> {
    base: &'b str,
}

impl<'de> DeserializeSeed<'de> for SlotSeed<'de> {
    type Value = Slot;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Slot, D::Error> {
        d.deserialize_any(self)
    }
}

/// Values of members sit one level below the top-level object.
const MEMBER: StrictValue = StrictValue { depth: 1 };

impl<'de> Visitor<'de> for SlotSeed<'de> {
    type Value = Slot;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Slot, E> {
        Ok(Slot::Str(
            span(self.base, v).unwrap_or_else(|| Text::Owned(v.into())),
        ))
    }
    fn visit_str<E>(self, v: &str) -> Result<Slot, E> {
        Ok(Slot::Str(Text::Owned(v.into())))
    }
    fn visit_string<E>(self, v: String) -> Result<Slot, E> {
        Ok(Slot::Str(Text::Owned(v.into_boxed_str())))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Slot, E> {
        MEMBER.visit_bool(v).map(Slot::Other)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Slot, E> {
        MEMBER.visit_i64(v).map(Slot::Other)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Slot, E> {
        MEMBER.visit_u64(v).map(Slot::Other)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Slot, E> {
        MEMBER.visit_f64(v).map(Slot::Other)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Slot, E> {
        MEMBER.visit_unit().map(Slot::Other)
    }
    fn visit_none<E: de::Error>(self) -> Result<Slot, E> {
        MEMBER.visit_none().map(Slot::Other)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Slot, A::Error> {
        MEMBER.visit_seq(seq).map(Slot::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Slot, A::Error> {
        MEMBER.visit_map(map).map(Slot::Other)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    use super::differential::json_object as agrees;

    #[test]
    fn acceptance_and_values_match_the_tree() {
        let many: Vec<String> = (0..40).map(|i| format!("\"m{i}\":{i}")).collect();
        let many = many.join(",");
        let cases: Vec<String> = vec![
            r#"{}"#.into(),
            r#" { "iss" : "https://t/" , "exp" : 1 } "#.into(),
            r#"{"iss":"a\/b","sub":"\u00e9\ud83d\ude00","aud":["x","y"]}"#.into(),
            r#"{"\u0069ss":"escaped name"}"#.into(),
            r#"{"iss":1,"\u0069ss":2}"#.into(),
            r#"{"a":"\ud800"}"#.into(),
            r#"{"a":"\udc00\ud800"}"#.into(),
            r#"{"a":1e400}"#.into(),
            r#"{"a":-0,"b":-1.5e-3,"c":18446744073709551615,"d":-9223372036854775808}"#.into(),
            r#"{"a":true,"b":false,"c":null,"d":{},"e":[]}"#.into(),
            r#"{"cnf":{"jkt":"x","jkt":"y"}}"#.into(),
            r#"{"cnf":{"jkt":"x"},"x":[{"a":1,"a":2}]}"#.into(),
            format!("{{\"a\":{}1{}}}", "[".repeat(15), "]".repeat(15)),
            format!("{{\"a\":{}1{}}}", "[".repeat(16), "]".repeat(16)),
            format!("{{\"a\":{}}}", "[".repeat(200)),
            "{\"a\":\"tab\there\"}".into(),
            "\u{feff}{}".into(),
            r#"{"a":1} x"#.into(),
            r#"{"a":1}{}"#.into(),
            r#"{"a":1,}"#.into(),
            r#"{"a" 1}"#.into(),
            r#"{'a':1}"#.into(),
            r#"{"a":01}"#.into(),
            r#"{"a":"\x"}"#.into(),
            r#"{"a":"\u12"}"#.into(),
            r#"[1,2]"#.into(),
            r#"[1,2"#.into(),
            r#""text""#.into(),
            r#"12"#.into(),
            r#"null"#.into(),
            "".into(),
            format!("{{{many}}}"),
            format!("{{{many},\"m39\":0}}"),
            format!("{{{many},\"m0\":0}}"),
            format!("{{{many},\"\\u006d7\":0}}"),
            format!("{{\"m7\":0,{many}}}"),
        ];
        for case in &cases {
            agrees(case.as_bytes());
        }
        agrees(b"{\"a\":\"\xff\"}");
        agrees(b"{\"\xc3\xa9\":\"\xc3\xa9\"}");
    }

    #[test]
    fn the_flat_scanner_takes_plain_objects_and_leaves_the_rest() {
        let plain = [
            r#"{}"#,
            " {\t\r\n} ",
            r#"{"alg":"RS256","typ":"at+jwt","kid":"k1"}"#,
            r#"{"iss":"https://t/","sub":"a@clients","aud":"https://api","iat":1700000000,"exp":1700086400,"scope":"read:x write:x","gty":"client-credentials","azp":"a"}"#,
            r#"{ "aud" : [ "https://api" , "https://t/userinfo" ] , "permissions":[],"b":true,"c":false,"d":null,"e":0,"é":"ü"}"#,
            r#"{"n":999999999999999999}"#,
            r#"{"typ":"dpop+jwt","alg":"ES256","jwk":{"kty":"EC","crv":"P-256","x":"a","y":"b"}}"#,
            r#"{"cnf":{ "jkt" : "t" },"o":{},"p":{"n":1,"t":true,"f":false,"z":null}}"#,
        ];
        for text in plain {
            assert!(flat::scan(text).is_some(), "{text}");
            agrees(text.as_bytes());
        }
        let left_to_the_full_parse = [
            r#"{"a":"\/"}"#,
            "{\"a\":\"\u{1}\"}",
            r#"{"a":-1}"#,
            r#"{"a":-0}"#,
            r#"{"a":01}"#,
            r#"{"a":1.5}"#,
            r#"{"a":1e3}"#,
            r#"{"a":1E3}"#,
            r#"{"a":1000000000000000000}"#,
            r#"{"a":18446744073709551616}"#,
            r#"{"a":{"b":{}}}"#,
            r#"{"a":{"b":[]}}"#,
            r#"{"a":{"b":1,"b":2}}"#,
            r#"{"a":{"b":1,}}"#,
            r#"{"a":{"b" 1}}"#,
            r#"{"a":{"b":-1}}"#,
            r#"{"a":{"\u0062":1}}"#,
            r#"{"a":{1:1}}"#,
            r#"{"a":[1]}"#,
            r#"{"a":["x",]}"#,
            r#"{"a":["x" "y"]}"#,
            r#"{"a":1,}"#,
            r#"{"a":1,"a":2}"#,
            r#"{"a":truex}"#,
            r#"{"a":tru}"#,
            r#"{"a" 1}"#,
            r#"{"a":1}x"#,
            r#"{"a":1} {}"#,
            "{\"a\":1}\u{b}",
            "\u{feff}{}",
            r#"[]"#,
            r#"{"a":1"#,
            r#"{"a"#,
            "",
        ];
        for text in left_to_the_full_parse {
            assert!(flat::scan(text).is_none(), "{text}");
            agrees(text.as_bytes());
        }
        let many: Vec<String> = (0..LINEAR_DUPLICATE_SCAN + 1)
            .map(|i| format!("\"m{i}\":{i}"))
            .collect();
        let many = format!("{{{}}}", many.join(","));
        assert!(flat::scan(&many).is_none());
        agrees(many.as_bytes());
    }

    #[test]
    fn names_that_share_a_tag_are_told_apart() {
        // Same length and first seven bytes; and names of 255 bytes and more.
        let long = |c: char| format!("{}{c}", "n".repeat(300));
        let text = format!(
            r#"{{"abcdefgX":1,"abcdefgY":2,"{}":3,"{}":4,"":5}}"#,
            long('a'),
            long('b')
        );
        agrees(text.as_bytes());
        let object = JsonObject::parse(text.into_bytes(), Part::Payload).unwrap();
        assert_eq!(object.get("abcdefgY").as_deref(), Some(&Value::from(2)));
        assert_eq!(object.get(&long('b')).as_deref(), Some(&Value::from(4)));
        assert_eq!(object.get("").as_deref(), Some(&Value::from(5)));
        assert!(object.get("abcdefgZ").is_none());
        assert!(object.get("abcdefg").is_none());
        let dup = format!(r#"{{"{}":1,"{}":2}}"#, long('a'), long('a'));
        assert!(JsonObject::parse(dup.into_bytes(), Part::Payload).is_err());
    }

    #[test]
    fn errors_name_the_duplicate_and_the_depth() {
        let dup = JsonObject::parse(br#"{"iss":1,"\u0069ss":2}"#.to_vec(), Part::Payload);
        assert!(
            dup.unwrap_err()
                .to_string()
                .contains("duplicate member \"iss\""),
        );
        let deep = format!("{{\"a\":{}1{}}}", "[".repeat(16), "]".repeat(16));
        let deep = JsonObject::parse(deep.into_bytes(), Part::Header).unwrap_err();
        assert!(deep.to_string().contains("nested deeper than 16"), "{deep}");
        assert_eq!(
            JsonObject::parse(b"[]".to_vec(), Part::Header).unwrap_err(),
            JoseError::NotObject(Part::Header)
        );
    }

    /// Fragments a hostile header or payload is made of.
    fn fragment() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "0",
            "07",
            "18446744073709551616",
            "\r",
            "\u{b}",
            "[\"x\",\"y\"]",
            "{\"k\":\"v\"}",
            "{\"k\":1,\"k\":2}",
            "[]",
            "false",
            "{",
            "}",
            "[",
            "]",
            ":",
            ",",
            " ",
            "\"",
            "\\",
            "\"a\"",
            "\"iss\"",
            "\"\\u0069ss\"",
            "\"a\\/b\"",
            "\"\\ud800\"",
            "\"\\ud83d\\ude00\"",
            "\"é\"",
            "1",
            "-0",
            "1e400",
            "2.5",
            "true",
            "null",
            "\u{feff}",
            "\t",
            "\n",
            "x",
        ])
    }

    proptest! {
        #[test]
        fn arbitrary_fragments_agree_with_the_tree(parts in prop::collection::vec(fragment(), 0..24)) {
            agrees(parts.concat().as_bytes());
        }

        #[test]
        fn arbitrary_objects_agree_with_the_tree(
            members in prop::collection::vec((fragment(), fragment(), fragment()), 0..12)
        ) {
            let body: Vec<String> = members
                .iter()
                .map(|(name, a, b)| format!("{name}:{a}{b}"))
                .collect();
            agrees(format!("{{{}}}", body.join(",")).as_bytes());
        }

        #[test]
        fn arbitrary_bytes_agree_with_the_tree(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
            agrees(&bytes);
        }
    }
}
