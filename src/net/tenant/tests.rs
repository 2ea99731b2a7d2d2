//! The refetch limits and the in-memory lifetime, without a network.

use super::*;

const NOW: UnixTime = 1_800_000_000;

fn keys(fetched_at: UnixTime, expires_at: UnixTime, refetched_at: Option<UnixTime>) -> TenantKeys {
    let issuer = Issuer::from_domain("tenant.us.auth0.com").unwrap();
    TenantKeys {
        discovery: discovery::fallback(&issuer),
        discovery_document: None,
        keys: JwkSet::default(),
        document: serde_json::json!({"keys": []}),
        fetched_at,
        expires_at,
        refetched_at,
        source: KeySource::Disk,
    }
}

fn held(keys: TenantKeys, fetched_here: Option<UnixTime>, refetched_here: bool) -> Held {
    Held {
        keys: Arc::new(keys),
        fetched_here,
        refetched_here,
    }
}

#[test]
fn an_old_cached_key_set_may_be_refetched() {
    let current = keys(NOW - 100, NOW + 500, None);
    assert_eq!(may_refetch(None, &current, NOW), Ok(()));
    let from_disk = held(current.clone(), None, false);
    assert_eq!(may_refetch(Some(&from_disk), &current, NOW), Ok(()));
    let refetched_long_ago = keys(NOW - 100, NOW + 500, Some(NOW - 100));
    assert_eq!(may_refetch(None, &refetched_long_ago, NOW), Ok(()));
}

#[test]
fn another_process_refetching_recently_forbids_a_refetch() {
    let current = keys(NOW - 5, NOW + 595, Some(NOW - 5));
    assert_eq!(
        may_refetch(None, &current, NOW),
        Err(NoRefetch::RefetchedRecently { ago: 5 })
    );
}

#[test]
fn a_key_set_this_process_just_fetched_is_not_refetched() {
    let current = keys(NOW - 3, NOW - 3, None);
    let h = held(current.clone(), Some(NOW - 3), false);
    assert_eq!(
        may_refetch(Some(&h), &current, NOW),
        Err(NoRefetch::FetchedRecently { ago: 3 })
    );
    let h = held(current.clone(), Some(NOW - 31), false);
    assert_eq!(may_refetch(Some(&h), &current, NOW), Ok(()));
}

#[test]
fn one_refetch_per_issuer_per_run() {
    let current = keys(NOW - 3600, NOW - 3000, Some(NOW - 3600));
    let h = held(current.clone(), Some(NOW - 3600), true);
    assert_eq!(
        may_refetch(Some(&h), &current, NOW),
        Err(NoRefetch::RefetchedThisRun)
    );
}

#[test]
fn a_key_set_fetched_here_is_kept_30s_whatever_its_max_age() {
    // max-age=0: expires the moment it is fetched.
    let h = held(keys(NOW, NOW, None), Some(NOW), false);
    assert!(h.fresh(NOW));
    assert!(h.fresh(NOW + REFETCH_INTERVAL as i64 - 1));
    assert!(!h.fresh(NOW + REFETCH_INTERVAL as i64));
    // A copy read from disk keeps its own expiry.
    let from_disk = held(keys(NOW - 10, NOW, None), None, false);
    assert!(!from_disk.fresh(NOW));
    let from_disk = held(keys(NOW - 10, NOW + 1, None), None, false);
    assert!(from_disk.fresh(NOW));
}
