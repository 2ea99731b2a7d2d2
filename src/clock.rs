//! Time, injected.
//!
//! Every time-dependent check (exp, nbf, iat, DPoP proof age, cache TTLs) reads
//! the time from a [`Clock`] passed in by the caller, so tests pin it and the
//! verification code never calls the system clock on its own.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch, the unit of JWT NumericDate (RFC 7519 §2).
pub type UnixTime = i64;

/// A source of the current time.
pub trait Clock: Send + Sync {
    /// The current time in whole seconds since the Unix epoch.
    fn now(&self) -> UnixTime;
}

/// The operating system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> UnixTime {
        match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
        }
    }
}

/// A clock stopped at one instant, for tests and reproducible runs.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub UnixTime);

impl Clock for FixedClock {
    fn now(&self) -> UnixTime {
        self.0
    }
}

impl<C: Clock + ?Sized> Clock for &C {
    fn now(&self) -> UnixTime {
        (**self).now()
    }
}

/// A duration for people: `3m12s`, `23h59m`, `4d2h`, `0s`.
pub fn format_duration(secs: u64) -> String {
    let (d, h, m, s) = (secs / 86_400, secs / 3_600 % 24, secs / 60 % 60, secs % 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{s}s"),
        (0, 0, _) => format!("{m}m{s}s"),
        (0, _, _) => format!("{h}h{m}m"),
        _ => format!("{d}d{h}h"),
    }
}

/// `2026-11-22 10:00:00 UTC` for a Unix time (proleptic Gregorian calendar).
pub fn format_utc(t: UnixTime) -> String {
    format_with(t, ' ', " UTC")
}

/// `2026-11-22T10:00:00Z` (RFC 3339) for a Unix time.
pub fn format_rfc3339(t: UnixTime) -> String {
    format_with(t, 'T', "Z")
}

fn format_with(t: UnixTime, separator: char, zone: &str) -> String {
    let secs = t.rem_euclid(86_400);
    let (y, mo, d) = civil_from_days(t.div_euclid(86_400));
    format!(
        "{y:04}-{mo:02}-{d:02}{separator}{:02}:{:02}:{:02}{zone}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// "in 23h59m" or "3m12s ago" relative to `now`.
pub fn format_relative(t: UnixTime, now: UnixTime) -> String {
    if t > now {
        format!("in {}", format_duration(t.abs_diff(now)))
    } else {
        format!("{} ago", format_duration(t.abs_diff(now)))
    }
}

// Howard Hinnant's days-to-civil algorithm.
pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_like_people_write_them() {
        assert_eq!(format_duration(0), "0s");
        assert_eq!(format_duration(192), "3m12s");
        assert_eq!(format_duration(86_340), "23h59m");
        assert_eq!(format_duration(90_000), "1d1h");
    }

    #[test]
    fn utc_dates_match_known_instants() {
        assert_eq!(format_utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(format_utc(1_300_819_380), "2011-03-22 18:43:00 UTC");
        assert_eq!(format_rfc3339(1_795_341_600), "2026-11-22T10:00:00Z");
        assert_eq!(format_utc(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(format_utc(-1), "1969-12-31 23:59:59 UTC");
    }

    #[test]
    fn relative_times_say_which_side_of_now() {
        assert_eq!(format_relative(1_000, 808), "in 3m12s");
        assert_eq!(format_relative(808, 1_000), "3m12s ago");
        assert_eq!(format_relative(5, 5), "0s ago");
    }
}
