//! The fast path of [`JsonObject::parse`](super::JsonObject::parse): most
//! token headers and payloads are one object of plain strings,
//! non-negative integers, booleans, arrays of plain strings and objects of
//! those scalars. This
//! scanner reads exactly that shape in one pass over the bytes and gives
//! up — `None`, and the full `serde_json` parse decides — at the first
//! thing outside it: a backslash or control character in a string, a sign,
//! fraction, exponent or leading zero in a number, nesting beyond an array
//! of plain strings or an object of scalars (`cnf`, a proof's `jwk`), a
//! duplicate name, more than [`LINEAR_DUPLICATE_SCAN`] members, anything
//! malformed. So it never decides what is valid JSON; it only recognises
//! what certainly is, and builds the same members the full parse would
//! (a differential test in the parent module holds the two together).

use serde_json::Value;

use super::{LINEAR_DUPLICATE_SCAN, Member, Object, Slot, Text, same_name, tag};

/// The members of `text` when it is a flat object of the simple shape.
pub(super) fn scan(text: &str) -> Option<Vec<Member>> {
    let b = text.as_bytes();
    let mut i = skip_ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i = skip_ws(b, i + 1);
    let mut members: Vec<Member> = Vec::with_capacity(12);
    if b.get(i) == Some(&b'}') {
        i += 1;
    } else {
        loop {
            let (name, next) = string(b, i)?;
            i = skip_ws(b, next);
            if b.get(i) != Some(&b':') {
                return None;
            }
            i = skip_ws(b, i + 1);
            let (value, next) = value(text, i)?;
            i = skip_ws(b, next);
            let name_text = &text[name.0..name.1];
            let name_tag = tag(name_text);
            if members.len() >= LINEAR_DUPLICATE_SCAN
                || members.iter().any(|m| {
                    m.tag == name_tag
                        && match m.name {
                            Text::Span(start, end) => same_name(
                                m.tag,
                                &text[start as usize..end as usize],
                                name_tag,
                                name_text,
                            ),
                            Text::Owned(_) => true,
                        }
                })
            {
                return None;
            }
            members.push(Member {
                tag: name_tag,
                name: span(name)?,
                value,
            });
            match b.get(i)? {
                b',' => {
                    i = skip_ws(b, i + 1);
                    if b.get(i) != Some(&b'"') {
                        return None;
                    }
                }
                b'}' => {
                    i += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    (skip_ws(b, i) == b.len()).then_some(members)
}

/// JSON whitespace (RFC 8259 §2): space, tab, line feed, carriage return.
fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\n' | b'\r') = b.get(i) {
        i += 1;
    }
    i
}

/// A string without escapes or control characters starting at `b[i]`:
/// its content's range and the index after the closing quote.
fn string(b: &[u8], i: usize) -> Option<((usize, usize), usize)> {
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let start = i + 1;
    // One pass to the first quote, backslash or control character, by
    // table: a token's strings are short (names of 3 letters, values of a
    // few dozen), where a plain loop beats setting up SIMD searches.
    let end = start
        + b[start..]
            .iter()
            .position(|&c| ENDS_PLAIN_STRING[usize::from(c)])?;
    (b[end] == b'"').then_some(((start, end), end + 1))
}

/// The bytes a plain string's scan stops at: its closing quote, or what
/// makes it not plain (an escape, a control character).
static ENDS_PLAIN_STRING: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 0x20 {
        table[c] = true;
        c += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

fn span((start, end): (usize, usize)) -> Option<Text> {
    Some(Text::Span(
        u32::try_from(start).ok()?,
        u32::try_from(end).ok()?,
    ))
}

/// A member value of the simple shape at `text[i]`, and the index after it.
fn value(text: &str, i: usize) -> Option<(Slot, usize)> {
    let b = text.as_bytes();
    match *b.get(i)? {
        b'"' => {
            let (content, next) = string(b, i)?;
            Some((Slot::Str(span(content)?), next))
        }
        b'[' => {
            // An array of plain strings (`aud`, `permissions`).
            let mut items = Vec::new();
            let mut i = skip_ws(b, i + 1);
            if b.get(i) == Some(&b']') {
                return Some((Slot::Other(Value::Array(items)), i + 1));
            }
            loop {
                let ((start, end), next) = string(b, i)?;
                items.push(Value::String(text[start..end].to_owned()));
                i = skip_ws(b, next);
                match b.get(i)? {
                    b',' => i = skip_ws(b, i + 1),
                    b']' => return Some((Slot::Other(Value::Array(items)), i + 1)),
                    _ => return None,
                }
            }
        }
        b'{' => {
            // An object of scalars (`cnf`, a DPoP proof's `jwk`).
            let mut object = Object::new();
            let mut i = skip_ws(b, i + 1);
            if b.get(i) == Some(&b'}') {
                return Some((Slot::Other(Value::Object(object)), i + 1));
            }
            loop {
                let ((start, end), next) = string(b, i)?;
                i = skip_ws(b, next);
                if b.get(i) != Some(&b':') {
                    return None;
                }
                let (value, next) = scalar(text, skip_ws(b, i + 1))?;
                if object.insert(text[start..end].to_owned(), value).is_some() {
                    return None;
                }
                i = skip_ws(b, next);
                match b.get(i)? {
                    b',' => {
                        i = skip_ws(b, i + 1);
                        if b.get(i) != Some(&b'"') {
                            return None;
                        }
                    }
                    b'}' => return Some((Slot::Other(Value::Object(object)), i + 1)),
                    _ => return None,
                }
            }
        }
        _ => scalar(text, i).map(|(value, next)| (Slot::Other(value), next)),
    }
}

/// A plain string, a non-negative integer, `true`, `false` or `null` at
/// `text[i]`, and the index after it.
fn scalar(text: &str, i: usize) -> Option<(Value, usize)> {
    let b = text.as_bytes();
    match *b.get(i)? {
        b'"' => {
            let ((start, end), next) = string(b, i)?;
            Some((Value::String(text[start..end].to_owned()), next))
        }
        b'0'..=b'9' => {
            let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            // Leading zeros are invalid and long integers may not fit a u64:
            // both are left to the full parse, as are fractions and exponents.
            if (digits > 1 && b[i] == b'0')
                || digits > 18
                || matches!(b.get(i + digits), Some(b'.' | b'e' | b'E'))
            {
                return None;
            }
            let n = b[i..i + digits]
                .iter()
                .fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
            Some((Value::from(n), i + digits))
        }
        b't' if b[i..].starts_with(b"true") => Some((Value::Bool(true), i + 4)),
        b'f' if b[i..].starts_with(b"false") => Some((Value::Bool(false), i + 5)),
        b'n' if b[i..].starts_with(b"null") => Some((Value::Null, i + 4)),
        _ => None,
    }
}
