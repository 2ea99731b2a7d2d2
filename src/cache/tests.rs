//! The cache's trust checks, one test per rule: each would pass a cache
//! someone else can write if its rule were removed.

use super::*;

/// A private scratch directory: the cache goes under it, with it as HOME.
fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn cache_in(home: &Path) -> CacheDir {
    CacheDir::new(home.join(".cache").join("auth0-tok")).with_home(home)
}

#[test]
fn entries_round_trip_with_private_modes() {
    let dir = scratch();
    let cache = CacheDir::new(dir.path().join("c"));
    assert!(cache.read("x.json").is_none());
    cache.write("x.json", b"{}").unwrap();
    cache.write("x.json", b"{\"a\":1}").unwrap();
    assert_eq!(cache.read("x.json").unwrap(), b"{\"a\":1}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(cache.root()), 0o700);
        assert_eq!(mode(&cache.root().join("x.json")), 0o600);
    }
    assert_eq!(
        fs::read_dir(cache.root()).unwrap().count(),
        1,
        "no temporary files left"
    );
    assert_eq!(cache.clear("x").unwrap(), 1);
}

#[test]
fn an_absent_root_passes_and_is_created_private_with_its_parents() {
    let home = scratch();
    let cache = cache_in(home.path());
    assert_eq!(cache.check(), Ok(()));
    assert!(!cache.root().exists(), "checking creates nothing");
    cache.write("e.json", b"{}").unwrap();
    assert_eq!(cache.read("e.json").unwrap(), b"{}");
}

#[test]
fn oversized_entries_are_a_miss() {
    let dir = scratch();
    let cache = CacheDir::new(dir.path().join("c"));
    cache.write("big.json", &vec![b' '; MAX_ENTRY + 1]).unwrap();
    assert_eq!(cache.read_checked("big.json"), Ok(None));
    cache.write("ok.json", &vec![b' '; MAX_ENTRY]).unwrap();
    assert!(cache.read("ok.json").is_some());
}

#[test]
fn the_default_location_follows_xdg() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| OsString::from(v))
        }
    };
    assert_eq!(
        CacheDir::default_location(env(&[("HOME", "/h")])),
        Some(PathBuf::from("/h/.cache/auth0-tok"))
    );
    assert_eq!(
        CacheDir::default_location(env(&[("HOME", "/h"), ("XDG_CACHE_HOME", "/x")])),
        Some(PathBuf::from("/x/auth0-tok"))
    );
    assert_eq!(
        CacheDir::default_location(env(&[
            ("AUTH0_TOK_CACHE_DIR", "/c"),
            ("XDG_CACHE_HOME", "/x")
        ])),
        Some(PathBuf::from("/c"))
    );
    assert_eq!(CacheDir::default_location(env(&[])), None);
    let from_env = CacheDir::from_env(env(&[("HOME", "/h")])).unwrap();
    assert_eq!(from_env.home.as_deref(), Some(Path::new("/h")));
    assert_eq!(
        CacheDir::from_env(env(&[("HOME", "relative"), ("AUTH0_TOK_CACHE_DIR", "/c")]))
            .unwrap()
            .home,
        None,
        "a relative HOME is no stopping point"
    );
}

#[cfg(unix)]
mod unix {
    use std::os::unix::fs::{PermissionsExt, symlink};

    use super::*;

    fn chmod(path: &Path, mode: u32) {
        fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
    }

    fn mode(path: &Path) -> u32 {
        fs::symlink_metadata(path).unwrap().permissions().mode() & 0o7777
    }

    /// A cache with one entry, written by auth0-tok.
    fn filled() -> (tempfile::TempDir, CacheDir) {
        let home = scratch();
        let cache = cache_in(home.path());
        cache.write("jwks-x.json", b"{\"planted\":false}").unwrap();
        (home, cache)
    }

    /// A fresh handle on the same directory: the check is remembered per handle.
    fn reopen(home: &Path) -> CacheDir {
        cache_in(home)
    }

    fn is_root() -> bool {
        rustix::process::geteuid().is_root()
    }

    #[track_caller]
    fn assert_refused(cache: &CacheDir, path: &Path, rule: fn(&CacheRule) -> bool) {
        let err = cache.check().unwrap_err();
        assert_eq!(err.path, path, "{err}");
        assert!(rule(&err.rule), "{err}");
        assert!(cache.read("jwks-x.json").is_none(), "read from {err}");
        assert_eq!(cache.read_checked("jwks-x.json").unwrap_err(), err);
        let written = cache.write("jwks-y.json", b"{}").unwrap_err();
        assert_eq!(written.kind(), io::ErrorKind::PermissionDenied);
        assert!(written.to_string().contains(&path.display().to_string()));
        assert!(
            !cache.root().join("jwks-y.json").exists(),
            "wrote into {err}"
        );
        assert!(cache.remove("jwks-x.json").is_err());
        assert!(cache.clear("jwks-").is_err());
    }

    #[test]
    fn a_world_writable_root_is_neither_read_nor_written_nor_repaired() {
        let (home, cache) = filled();
        chmod(cache.root(), 0o777);
        let cache = reopen(home.path());
        assert_refused(&cache, cache.root(), |r| {
            matches!(r, CacheRule::Mode { mode: 0o777 })
        });
        assert_eq!(
            mode(cache.root()),
            0o777,
            "not repaired behind the user's back"
        );
        assert!(cache.root().join("jwks-x.json").exists());
    }

    #[test]
    fn a_group_readable_root_is_refused() {
        let (home, cache) = filled();
        chmod(cache.root(), 0o750);
        let cache = reopen(home.path());
        assert_refused(&cache, cache.root(), |r| {
            matches!(r, CacheRule::Mode { .. })
        });
    }

    #[test]
    fn a_world_writable_entry_is_refused() {
        let (home, cache) = filled();
        let entry = cache.root().join("jwks-x.json");
        chmod(&entry, 0o666);
        let cache = reopen(home.path());
        assert_refused(&cache, &entry, |r| {
            matches!(r, CacheRule::Mode { mode: 0o666 })
        });
    }

    #[test]
    fn an_entry_made_world_writable_after_the_check_is_not_read() {
        let (_home, cache) = filled();
        assert_eq!(cache.check(), Ok(()));
        let entry = cache.root().join("jwks-x.json");
        chmod(&entry, 0o666);
        let err = cache.read_checked("jwks-x.json").unwrap_err();
        assert_eq!(err.path, entry);
        assert!(matches!(err.rule, CacheRule::Mode { mode: 0o666 }), "{err}");
    }

    #[test]
    fn a_symlinked_root_is_refused() {
        let home = scratch();
        let real = home.path().join("elsewhere");
        fs::create_dir(&real).unwrap();
        chmod(&real, 0o700);
        fs::create_dir(home.path().join(".cache")).unwrap();
        let root = home.path().join(".cache").join("auth0-tok");
        symlink(&real, &root).unwrap();
        let cache = cache_in(home.path());
        fs::write(real.join("jwks-x.json"), b"{}").unwrap();
        chmod(&real.join("jwks-x.json"), 0o600);
        assert_refused(&cache, &root, |r| matches!(r, CacheRule::Symlink));
        assert_eq!(
            fs::read_dir(&real).unwrap().count(),
            1,
            "nothing written through"
        );
    }

    #[test]
    fn a_symlink_above_the_root_is_refused() {
        let home = scratch();
        let real = home.path().join("real-cache-parent");
        fs::create_dir(&real).unwrap();
        symlink(&real, home.path().join(".cache")).unwrap();
        let cache = cache_in(home.path());
        fs::create_dir(real.join("auth0-tok")).unwrap();
        chmod(&real.join("auth0-tok"), 0o700);
        let err = cache.check().unwrap_err();
        assert_eq!(err.path, home.path().join(".cache"));
        assert_eq!(err.rule, CacheRule::Symlink);
        assert!(cache.write("e.json", b"{}").is_err());
        assert_eq!(fs::read_dir(real.join("auth0-tok")).unwrap().count(), 0);
    }

    #[test]
    fn symlinked_entries_are_neither_read_nor_written_through() {
        // Before: the symlink was skipped and replaced on write. Now the
        // whole cache is refused: a symlink in it is not auth0-tok's doing.
        let dir = scratch();
        let root = dir.path().join("c");
        let cache = CacheDir::new(&root);
        cache.write("other.json", b"{}").unwrap();
        let outside = dir.path().join("outside");
        fs::write(&outside, b"secret").unwrap();
        symlink(&outside, root.join("e.json")).unwrap();
        let cache = CacheDir::new(&root);
        assert!(cache.read("e.json").is_none());
        assert!(cache.write("e.json", b"new").is_err());
        assert_eq!(fs::read(&outside).unwrap(), b"secret");
        assert_eq!(
            cache.check().unwrap_err().rule,
            CacheRule::Symlink,
            "the entry is a symlink"
        );
    }

    #[test]
    fn a_symlink_planted_after_the_check_is_not_followed() {
        let (_home, cache) = filled();
        assert_eq!(cache.check(), Ok(()));
        let outside = cache.root().parent().unwrap().join("outside.json");
        fs::write(&outside, b"{\"planted\":true}").unwrap();
        chmod(&outside, 0o600);
        fs::remove_file(cache.root().join("jwks-x.json")).unwrap();
        symlink(&outside, cache.root().join("jwks-x.json")).unwrap();
        let err = cache.read_checked("jwks-x.json").unwrap_err();
        assert_eq!(err.rule, CacheRule::Symlink);
    }

    #[test]
    fn a_directory_in_the_cache_is_refused() {
        let (home, cache) = filled();
        let sub = cache.root().join("sub");
        fs::create_dir(&sub).unwrap();
        chmod(&sub, 0o700);
        let cache = reopen(home.path());
        assert_refused(&cache, &sub, |r| matches!(r, CacheRule::NotFile));
    }

    #[test]
    fn a_root_created_first_by_someone_else_is_checked_not_trusted() {
        // The root exists with the umask's 0755 before auth0-tok creates it:
        // creating it 0700 "if absent" would have trusted it.
        let home = scratch();
        fs::create_dir_all(home.path().join(".cache").join("auth0-tok")).unwrap();
        let root = home.path().join(".cache").join("auth0-tok");
        chmod(&root, 0o755);
        let cache = cache_in(home.path());
        assert!(cache.write("e.json", b"{}").is_err());
        assert!(!root.join("e.json").exists());
        assert_eq!(mode(&root), 0o755);
    }

    #[test]
    fn a_group_writable_parent_is_refused_a_sticky_one_is_not() {
        let home = scratch();
        let parent = home.path().join(".cache");
        let cache = cache_in(home.path());
        cache.write("e.json", b"{}").unwrap();
        chmod(&parent, 0o775);
        let cache = cache_in(home.path());
        let err = cache.check().unwrap_err();
        assert_eq!(err.path, parent);
        assert!(
            matches!(err.rule, CacheRule::WritableParent { mode: 0o775 }),
            "{err}"
        );
        chmod(&parent, 0o1777);
        assert_eq!(cache_in(home.path()).check(), Ok(()), "sticky, as /tmp");
    }

    #[test]
    fn a_writable_home_is_refused_directories_above_it_are_not_checked() {
        let base = scratch();
        let home = base.path().join("home");
        fs::create_dir(&home).unwrap();
        let cache = cache_in(&home);
        cache.write("e.json", b"{}").unwrap();
        chmod(base.path(), 0o777);
        assert_eq!(
            cache_in(&home).check(),
            Ok(()),
            "above HOME is not ours to judge"
        );
        chmod(base.path(), 0o700);
        chmod(&home, 0o777);
        let err = cache_in(&home).check().unwrap_err();
        assert_eq!(err.path, home);
        // Without HOME the walk goes up to `/`: the scratch directory counts.
        chmod(&home, 0o700);
        chmod(base.path(), 0o777);
        let err = CacheDir::new(home.join(".cache").join("auth0-tok"))
            .check()
            .unwrap_err();
        assert_eq!(err.path, base.path());
        chmod(base.path(), 0o700);
    }

    #[test]
    fn a_cache_owned_by_another_user_is_refused() {
        if !is_root() {
            eprintln!("skipped: needs root to chown");
            return;
        }
        let nobody = 65534;
        let (home, cache) = filled();
        std::os::unix::fs::chown(cache.root(), Some(nobody), Some(nobody)).unwrap();
        let cache = reopen(home.path());
        assert_refused(&cache, cache.root(), |r| {
            matches!(
                r,
                CacheRule::Owner {
                    found: 65534,
                    expected: 0,
                    root_allowed: false
                }
            )
        });
        std::os::unix::fs::chown(cache.root(), Some(0), Some(0)).unwrap();
        let entry = cache.root().join("jwks-x.json");
        std::os::unix::fs::chown(&entry, Some(nobody), None).unwrap();
        let cache = reopen(home.path());
        assert_refused(&cache, &entry, |r| matches!(r, CacheRule::Owner { .. }));
        std::os::unix::fs::chown(&entry, Some(0), None).unwrap();
        let parent = home.path().join(".cache");
        std::os::unix::fs::chown(&parent, Some(nobody), None).unwrap();
        let err = reopen(home.path()).check().unwrap_err();
        assert_eq!(err.path, parent);
        assert!(
            matches!(
                err.rule,
                CacheRule::Owner {
                    root_allowed: true,
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn rejections_name_the_path_and_the_rule() {
        let rejected = CacheRejected {
            path: PathBuf::from("/c"),
            rule: CacheRule::Mode { mode: 0o777 },
        };
        assert_eq!(
            rejected.to_string(),
            "/c: has mode 0777: group or others have access (the cache directory must be 0700, its files 0600)"
        );
        assert_eq!(
            rejected.rule.summary(),
            "its permissions let other users change it"
        );
    }
}
