//! How auth0-api-python reads what auth0-tok refuses earlier or more
//! strictly: Python's lenient base64 (`binascii.a2b_base64`, non-strict),
//! Python's `json.loads` error messages (CPython's C scanner, `_json.c`),
//! Python truthiness and the SDK's `normalize_domain`. Used only to
//! *describe* a refusal as the SDK would word it; the decision stays
//! auth0-tok's own (strict parser, issuer checked before any key).

use serde_json::Value;

/// Python's truthiness of a JSON value, as the SDK tests claims (`if not cnf`).
pub(super) fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// `base64.urlsafe_b64decode(segment + padding)`, as the SDK's
/// `_decode_jwt_segment` and authlib's `urlsafe_b64decode` call it: `=`
/// added up to a multiple of 4, `-_` read as `+/`, any other character
/// outside the alphabet skipped, decoding stopped at the first complete
/// padding. The error is binascii's message.
pub(super) fn b64decode(segment: &str) -> Result<Vec<u8>, String> {
    if !segment.is_ascii() {
        return Err("string argument should contain only ASCII characters".into());
    }
    let padded = format!("{segment}{}", "=".repeat((4 - segment.len() % 4) % 4));
    let mut out = Vec::with_capacity(padded.len() / 4 * 3);
    let (mut quad, mut left, mut pads) = (0u8, 0u8, 0usize);
    for c in padded.bytes() {
        if c == b'=' {
            if quad >= 2 {
                pads += 1;
                if usize::from(quad) + pads >= 4 {
                    return Ok(out);
                }
            }
            continue;
        }
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => continue,
        };
        pads = 0;
        match quad {
            0 => {
                quad = 1;
                left = v;
            }
            1 => {
                quad = 2;
                out.push((left << 2) | (v >> 4));
                left = v & 0x0f;
            }
            2 => {
                quad = 3;
                out.push((left << 4) | (v >> 2));
                left = v & 0x03;
            }
            _ => {
                quad = 0;
                out.push((left << 6) | v);
            }
        }
    }
    match quad {
        0 => Ok(out),
        1 => Err(format!(
            "Invalid base64-encoded string: number of data characters ({}) cannot be 1 more than a multiple of 4",
            out.len() / 3 * 4 + 1
        )),
        _ => Err("Incorrect padding".into()),
    }
}

/// Why Python's `json.loads` refuses a segment: its message, and whether
/// auth0-tok reproduces it only approximately (another Python version words
/// it differently, or the bytes are not UTF-8, which Python reports with a
/// codec message auth0-tok does not reproduce).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct JsonError {
    pub message: String,
    pub approximate: bool,
}

/// `json.loads(bytes)`: `Ok(Some(value))` where Python parses it, `Ok(None)`
/// where Python parses it but serde_json reads it differently (NaN,
/// Infinity, lone surrogates), `Err` with Python's message otherwise.
pub(super) fn json_loads(bytes: &[u8]) -> Result<Option<Value>, JsonError> {
    // json.detect_encoding: BOMs and NUL bytes choose UTF-16/32 or utf-8-sig.
    let other_encoding = bytes.starts_with(&[0xef, 0xbb, 0xbf])
        || bytes.starts_with(&[0xff, 0xfe])
        || bytes.starts_with(&[0xfe, 0xff])
        || (bytes.len() >= 4 && (bytes[0] == 0 || bytes[1] == 0))
        || (bytes.len() == 2 && (bytes[0] == 0 || bytes[1] == 0));
    let text = match std::str::from_utf8(bytes) {
        Ok(text) if !other_encoding => text,
        _ => {
            return Err(JsonError {
                message: "the segment is not UTF-8 JSON (Python's codec error is not reproduced)"
                    .into(),
                approximate: true,
            });
        }
    };
    let chars: Vec<char> = text.chars().collect();
    let scanner = Scanner { s: &chars };
    let result = scanner.ws(0).and_then(|start| {
        let end = scanner.value(start)?;
        let end = scanner.ws(end)?;
        if end != chars.len() {
            return Err(Fail::new("Extra data", end));
        }
        Ok(())
    });
    match result {
        Ok(()) => Ok(serde_json::from_str(text).ok()),
        Err(fail) => Err(JsonError {
            message: format!("{}: {}", fail.message, position(&chars, fail.pos)),
            approximate: fail.trailing_comma,
        }),
    }
}

/// `line L column C (char N)`, counted in characters as Python does.
fn position(s: &[char], pos: usize) -> String {
    let before = &s[..pos.min(s.len())];
    let line = before.iter().filter(|&&c| c == '\n').count() + 1;
    let column = match before.iter().rposition(|&c| c == '\n') {
        Some(nl) => pos - nl,
        None => pos + 1,
    };
    format!("line {line} column {column} (char {pos})")
}

struct Fail {
    message: &'static str,
    pos: usize,
    /// A trailing comma: Python 3.13 says "Illegal trailing comma before
    /// end of object/array" where 3.10–3.12 say this.
    trailing_comma: bool,
}

impl Fail {
    fn new(message: &'static str, pos: usize) -> Self {
        Fail {
            message,
            pos,
            trailing_comma: false,
        }
    }
}

/// CPython's C scanner (`scan_once_unicode` and friends), validating only.
struct Scanner<'a> {
    s: &'a [char],
}

impl Scanner<'_> {
    fn at(&self, i: usize) -> Option<char> {
        self.s.get(i).copied()
    }

    fn ws(&self, mut i: usize) -> Result<usize, Fail> {
        while matches!(self.at(i), Some(' ' | '\t' | '\n' | '\r')) {
            i += 1;
        }
        Ok(i)
    }

    fn starts(&self, i: usize, word: &str) -> bool {
        word.chars()
            .enumerate()
            .all(|(k, c)| self.at(i + k) == Some(c))
    }

    /// One value at `i`; the index after it. Python's StopIteration becomes
    /// "Expecting value" at `i`.
    fn value(&self, i: usize) -> Result<usize, Fail> {
        let expecting = || Err(Fail::new("Expecting value", i));
        let Some(c) = self.at(i) else {
            return expecting();
        };
        match c {
            '"' => return self.string(i + 1),
            '{' => return self.object(i + 1),
            '[' => return self.array(i + 1),
            'n' if self.starts(i, "null") => return Ok(i + 4),
            't' if self.starts(i, "true") => return Ok(i + 4),
            'f' if self.starts(i, "false") => return Ok(i + 5),
            'N' if self.starts(i, "NaN") => return Ok(i + 3),
            'I' if self.starts(i, "Infinity") => return Ok(i + 8),
            '-' if self.starts(i, "-Infinity") => return Ok(i + 9),
            _ => {}
        }
        // -?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?
        let digit = |k: usize| self.at(k).is_some_and(|c| c.is_ascii_digit());
        let mut k = i;
        if self.at(k) == Some('-') {
            k += 1;
        }
        match self.at(k) {
            Some('1'..='9') => {
                while digit(k) {
                    k += 1;
                }
            }
            Some('0') => k += 1,
            _ => return expecting(),
        }
        if self.at(k) == Some('.') && digit(k + 1) {
            k += 1;
            while digit(k) {
                k += 1;
            }
        }
        if matches!(self.at(k), Some('e' | 'E')) {
            let mut e = k + 1;
            if matches!(self.at(e), Some('-' | '+')) {
                e += 1;
            }
            if digit(e) {
                while digit(e) {
                    e += 1;
                }
                k = e;
            }
        }
        Ok(k)
    }

    /// A string whose opening quote is at `end - 1` (`scanstring_unicode`, strict).
    fn string(&self, end: usize) -> Result<usize, Fail> {
        let begin = end - 1;
        let unterminated = || Fail::new("Unterminated string starting at", begin);
        let hex = |k: usize| self.at(k).is_some_and(|c| c.is_ascii_hexdigit());
        let mut next = end;
        loop {
            let c = loop {
                match self.at(next) {
                    None => return Err(unterminated()),
                    Some(c @ ('"' | '\\')) => break c,
                    Some(c) if u32::from(c) <= 0x1f => {
                        return Err(Fail::new("Invalid control character at", next));
                    }
                    Some(_) => next += 1,
                }
            };
            next += 1;
            if c == '"' {
                return Ok(next);
            }
            let Some(escaped) = self.at(next) else {
                return Err(unterminated());
            };
            if escaped != 'u' {
                if !matches!(escaped, '"' | '\\' | '/' | 'b' | 'f' | 'n' | 'r' | 't') {
                    return Err(Fail::new("Invalid \\escape", next - 1));
                }
                next += 1;
                continue;
            }
            next += 1;
            let end = next + 4;
            if end >= self.s.len() {
                return Err(Fail::new("Invalid \\uXXXX escape", next - 1));
            }
            if !(next..end).all(hex) {
                return Err(Fail::new("Invalid \\uXXXX escape", end - 5));
            }
            let unit =
                u32::from_str_radix(&self.s[next..end].iter().collect::<String>(), 16).unwrap_or(0);
            next = end;
            if (0xd800..0xdc00).contains(&unit)
                && end + 6 < self.s.len()
                && self.at(end) == Some('\\')
                && self.at(end + 1) == Some('u')
            {
                let end = end + 6;
                if !(end - 4..end).all(hex) {
                    return Err(Fail::new("Invalid \\uXXXX escape", end - 5));
                }
                next = end;
            }
        }
    }

    /// An object whose `{` is at `i - 1` (`_parse_object_unicode`).
    fn object(&self, i: usize) -> Result<usize, Fail> {
        let mut i = self.ws(i)?;
        if self.at(i) == Some('}') {
            return Ok(i + 1);
        }
        let mut after_comma = false;
        loop {
            if self.at(i) != Some('"') {
                return Err(Fail {
                    trailing_comma: after_comma && self.at(i) == Some('}'),
                    ..Fail::new("Expecting property name enclosed in double quotes", i)
                });
            }
            i = self.ws(self.string(i + 1)?)?;
            if self.at(i) != Some(':') {
                return Err(Fail::new("Expecting ':' delimiter", i));
            }
            i = self.ws(self.value(self.ws(i + 1)?)?)?;
            match self.at(i) {
                Some('}') => return Ok(i + 1),
                Some(',') => {}
                _ => return Err(Fail::new("Expecting ',' delimiter", i)),
            }
            i = self.ws(i + 1)?;
            after_comma = true;
        }
    }

    /// An array whose `[` is at `i - 1` (`_parse_array_unicode`).
    fn array(&self, i: usize) -> Result<usize, Fail> {
        let mut i = self.ws(i)?;
        if self.at(i) == Some(']') {
            return Ok(i + 1);
        }
        let mut after_comma = false;
        loop {
            let end = self.value(i).map_err(|f| Fail {
                trailing_comma: after_comma && f.pos == i && self.at(i) == Some(']'),
                ..f
            })?;
            i = self.ws(end)?;
            match self.at(i) {
                Some(']') => return Ok(i + 1),
                Some(',') => {}
                _ => return Err(Fail::new("Expecting ',' delimiter", i)),
            }
            i = self.ws(i + 1)?;
            after_comma = true;
        }
    }
}

/// auth0-api-python's `normalize_domain`: `https://{host}/`, or its
/// `ValueError` message.
pub(super) fn normalize_domain(domain: &Value) -> Result<String, &'static str> {
    let domain = match domain {
        Value::String(s) if !s.trim().is_empty() => s,
        _ => return Err("domain must be a non-empty string"),
    };
    let domain = domain.trim().to_lowercase();
    if domain.starts_with("http://") {
        return Err("invalid domain URL (https required)");
    }
    let domain = domain.replace("https://", "");
    let host = domain
        .split('/')
        .next()
        .and_then(|h| h.split('?').next())
        .and_then(|h| h.split('#').next())
        .unwrap_or("");
    if host.contains('@') {
        return Err("invalid domain URL (credentials are not allowed)");
    }
    if domain.trim_end_matches('/') != host {
        return Err("invalid domain URL (path/query/fragment are not allowed)");
    }
    Ok(format!("https://{host}/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Expected values printed by CPython 3.11 (`json.loads`,
    /// `base64.urlsafe_b64decode`).
    #[test]
    fn json_errors_are_cpythons() {
        let cases: &[(&str, &str)] = &[
            ("not json", "Expecting value: line 1 column 1 (char 0)"),
            ("", "Expecting value: line 1 column 1 (char 0)"),
            ("   ", "Expecting value: line 1 column 4 (char 3)"),
            ("{} x", "Extra data: line 1 column 4 (char 3)"),
            ("{}\n\n {}", "Extra data: line 3 column 2 (char 5)"),
            (
                "{a:1}",
                "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
            ),
            (
                "{",
                "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
            ),
            (
                "{\"a\" 1}",
                "Expecting ':' delimiter: line 1 column 6 (char 5)",
            ),
            (
                "{\"a\":1 \"b\"}",
                "Expecting ',' delimiter: line 1 column 8 (char 7)",
            ),
            ("{\"a\":}", "Expecting value: line 1 column 6 (char 5)"),
            (
                "{\"a",
                "Unterminated string starting at: line 1 column 2 (char 1)",
            ),
            (
                "{\"a\u{1}\":1}",
                "Invalid control character at: line 1 column 4 (char 3)",
            ),
            ("{\"\\x\":1}", "Invalid \\escape: line 1 column 3 (char 2)"),
            (
                "{\"\\u12x4\":1}",
                "Invalid \\uXXXX escape: line 1 column 4 (char 3)",
            ),
            ("[1 2]", "Expecting ',' delimiter: line 1 column 4 (char 3)"),
            ("[01]", "Expecting ',' delimiter: line 1 column 3 (char 2)"),
            ("{\"é\":1}x", "Extra data: line 1 column 8 (char 7)"),
            ("[-]", "Expecting value: line 1 column 2 (char 1)"),
            ("1.e5", "Extra data: line 1 column 2 (char 1)"),
        ];
        for (input, want) in cases {
            let got = json_loads(input.as_bytes()).expect_err(input);
            assert_eq!(got.message, *want, "{input:?}");
            assert!(!got.approximate, "{input:?}");
        }
        for ok in [
            "{}",
            "[]",
            " {\"a\": [1, 2.5e-3, true, null]} ",
            "\"\\ud83d\\ude00\"",
            "1E+2",
        ] {
            assert!(json_loads(ok.as_bytes()).is_ok(), "{ok:?}");
        }
        assert_eq!(json_loads(b"NaN"), Ok(None));
    }

    #[test]
    fn trailing_commas_and_other_encodings_are_approximate() {
        for input in ["{\"a\":1,}", "[1,]"] {
            assert!(
                json_loads(input.as_bytes()).unwrap_err().approximate,
                "{input}"
            );
        }
        assert!(json_loads(b"{\"a\":1,\"b\"}").is_err_and(|e| !e.approximate));
        assert!(json_loads(b"\xff{}").unwrap_err().approximate);
        assert!(json_loads(b"\xef\xbb\xbf{}").unwrap_err().approximate);
    }

    #[test]
    fn base64_is_pythons_lenient_decoder() {
        assert_eq!(b64decode("eyJ9").unwrap(), b"{\"}");
        assert_eq!(b64decode("eyJ").unwrap(), b"{\"");
        assert_eq!(b64decode("ey J9").unwrap(), b"{\"}");
        assert_eq!(b64decode("a=b").unwrap_err(), "Incorrect padding");
        assert_eq!(b64decode("ab=cd").unwrap(), b"i\xb7\x1d");
        assert_eq!(b64decode("ey!!J9").unwrap(), b"{\"}");
        assert_eq!(
            b64decode("eyJ9e").unwrap_err(),
            "Invalid base64-encoded string: number of data characters (5) cannot be 1 more than a multiple of 4"
        );
        // A complete padding stops decoding: what follows is ignored.
        assert_eq!(b64decode("eQ==junk").unwrap(), b"y");
        assert_eq!(
            b64decode("é").unwrap_err(),
            "string argument should contain only ASCII characters"
        );
    }

    #[test]
    fn normalize_domain_is_the_sdks() {
        let n = |v: Value| normalize_domain(&v);
        assert_eq!(
            n(json!("https://T.example/")),
            Ok("https://t.example/".into())
        );
        assert_eq!(n(json!("t.example")), Ok("https://t.example/".into()));
        assert_eq!(
            n(json!("http://t.example/")),
            Err("invalid domain URL (https required)")
        );
        assert_eq!(
            n(json!("https://t.example/x/")),
            Err("invalid domain URL (path/query/fragment are not allowed)")
        );
        assert_eq!(
            n(json!("https://u@t.example/")),
            Err("invalid domain URL (credentials are not allowed)")
        );
        assert_eq!(n(json!(5)), Err("domain must be a non-empty string"));
        assert_eq!(n(json!("  ")), Err("domain must be a non-empty string"));
    }
}
