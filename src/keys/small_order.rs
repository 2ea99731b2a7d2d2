//! Ed25519 public keys of small order: any signature may verify under
//! them, so they are refused (RFC 8032 §5.1.7, libsodium).

/// The encodings of Ed25519's eight small-order points, sign bit cleared:
/// libsodium's blocklist in `ge25519_has_small_order`
/// (src/libsodium/crypto_core/ed25519/ref10/ed25519_ref10.c). With the
/// sign bit ignored, seven encodings cover all eight points (y = 1, −1, 0
/// and the two order-8 y values) and the non-canonical y = p and p + 1.
const SMALL_ORDER_POINTS: [[u8; 32]; 7] = {
    let mut points = [[0u8; 32]; 7];
    // 0 (order 4)
    // 1 (order 1)
    points[1][0] = 0x01;
    // 2707385501144840649318225287225658788936804267575313519463743609750303402022 (order 8)
    points[2] = [
        0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98,
        0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53,
        0xfc, 0x05,
    ];
    // 55188659117513257062467267217118295137698188065244968500265048394206261417927 (order 8)
    points[3] = [
        0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67,
        0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac,
        0x03, 0x7a,
    ];
    // p − 1 (order 2), p (= 0, order 4), p + 1 (= 1, order 1)
    let mut i = 4;
    while i < 7 {
        let mut j = 1;
        while j < 31 {
            points[i][j] = 0xff;
            j += 1;
        }
        points[i][31] = 0x7f;
        points[i][0] = 0xec + (i as u8 - 4);
        i += 1;
    }
    points
};

/// Whether a 32-byte Ed25519 public key is one of the small-order points
/// (in any encoding, either sign): libsodium's `has_small_order`.
pub(super) fn has_small_order(encoded: &[u8]) -> bool {
    let Ok(bytes) = <[u8; 32]>::try_from(encoded) else {
        return false;
    };
    let mut cleared = bytes;
    cleared[31] &= 0x7f;
    SMALL_ORDER_POINTS.contains(&cleared)
}
