//! Just enough X.509 DER to read a certificate's validity period, for
//! showing when a JWKS key's `x5c` certificate expires. Nothing is trusted
//! on the basis of a certificate.

use crate::clock::UnixTime;

/// A DER element: tag and contents.
fn element(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (first as usize, rest)
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | *b as usize);
        (len, &rest[n..])
    };
    if rest.len() < len {
        return None;
    }
    Some((tag, &rest[..len], &rest[len..]))
}

/// A public JWK from a DER SubjectPublicKeyInfo (`BEGIN PUBLIC KEY`): RSA,
/// EC P-256/P-384/P-521 or Ed25519.
pub fn spki_to_jwk(der: &[u8]) -> Option<crate::jose::Object> {
    use crate::jose::b64;
    use serde_json::json;
    const RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
    const EC: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
    const ED25519: &[u8] = &[0x2b, 0x65, 0x70];
    let (0x30, spki, _) = element(der)? else {
        return None;
    };
    let (0x30, algorithm, rest) = element(spki)? else {
        return None;
    };
    let (0x03, bits, _) = element(rest)? else {
        return None;
    };
    let (&0, key) = bits.split_first()? else {
        return None;
    };
    let (0x06, oid, params) = element(algorithm)? else {
        return None;
    };
    let jwk = if oid == RSA {
        let (0x30, seq, _) = element(key)? else {
            return None;
        };
        let (0x02, n, rest) = element(seq)? else {
            return None;
        };
        let (0x02, e, _) = element(rest)? else {
            return None;
        };
        let strip = |v: &[u8]| {
            v.iter()
                .position(|b| *b != 0)
                .map_or(Vec::new(), |i| v[i..].to_vec())
        };
        json!({"kty": "RSA", "n": b64(strip(n)), "e": b64(strip(e))})
    } else if oid == EC {
        let (0x06, curve, _) = element(params)? else {
            return None;
        };
        let (crv, len) = match curve {
            [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07] => ("P-256", 32),
            [0x2b, 0x81, 0x04, 0x00, 0x22] => ("P-384", 48),
            [0x2b, 0x81, 0x04, 0x00, 0x23] => ("P-521", 66),
            _ => return None,
        };
        if key.len() != 1 + 2 * len || key[0] != 0x04 {
            return None;
        }
        json!({"kty": "EC", "crv": crv, "x": b64(&key[1..=len]), "y": b64(&key[1 + len..])})
    } else if oid == ED25519 && key.len() == 32 {
        json!({"kty": "OKP", "crv": "Ed25519", "x": b64(key)})
    } else {
        return None;
    };
    jwk.as_object().cloned()
}

/// The `notAfter` of a DER certificate, as a Unix time.
pub fn not_after(der: &[u8]) -> Option<UnixTime> {
    let (0x30, cert, _) = element(der)? else {
        return None;
    };
    let (0x30, tbs, _) = element(cert)? else {
        return None;
    };
    let mut rest = tbs;
    let (tag, _, after) = element(rest)?;
    if tag == 0xa0 {
        rest = after; // explicit version
    }
    for _ in 0..3 {
        // serialNumber, signature, issuer
        rest = element(rest)?.2;
    }
    let (0x30, validity, _) = element(rest)? else {
        return None;
    };
    let (_, _, after_not_before) = element(validity)?;
    let (tag, time, _) = element(after_not_before)?;
    parse_time(tag, std::str::from_utf8(time).ok()?)
}

fn parse_time(tag: u8, s: &str) -> Option<UnixTime> {
    let s = s.strip_suffix('Z')?;
    let (year, rest) = match tag {
        0x17 if s.len() == 12 => {
            let yy: i64 = s[..2].parse().ok()?;
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, &s[2..])
        }
        0x18 if s.len() == 14 => (s[..4].parse().ok()?, &s[4..]),
        _ => return None,
    };
    let num = |r: std::ops::Range<usize>| rest.get(r)?.parse::<i64>().ok();
    let (mo, d, h, mi, se) = (num(0..2)?, num(2..4)?, num(4..6)?, num(6..8)?, num(8..10)?);
    Some(days_from_civil(year, mo, d) * 86_400 + h * 3600 + mi * 60 + se)
}

pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_parse_in_both_asn1_forms() {
        assert_eq!(parse_time(0x17, "110322184300Z"), Some(1_300_819_380));
        assert_eq!(parse_time(0x18, "20261122100000Z"), Some(1_795_341_600));
        assert_eq!(parse_time(0x17, "garbage"), None);
    }

    #[test]
    fn a_minimal_certificate_yields_its_not_after() {
        // SEQ{ SEQ{ [0]{INT 2}, INT 1, SEQ{}, SEQ{}, SEQ{ UTCTime, UTCTime } } }
        let nb = b"200101000000Z";
        let na = b"261122100000Z";
        let mut validity = vec![0x17, 13];
        validity.extend_from_slice(nb);
        validity.extend_from_slice(&[0x17, 13]);
        validity.extend_from_slice(na);
        let mut tbs = vec![
            0xa0,
            3,
            0x02,
            1,
            2,
            0x02,
            1,
            1,
            0x30,
            0,
            0x30,
            0,
            0x30,
            validity.len() as u8,
        ];
        tbs.extend_from_slice(&validity);
        let mut cert = vec![0x30, tbs.len() as u8];
        cert.extend_from_slice(&tbs);
        let der = [vec![0x30, cert.len() as u8], cert].concat();
        assert_eq!(not_after(&der), Some(1_795_341_600));
        assert_eq!(not_after(&der[..10]), None);
    }
}
