//! The on-disk cache: one directory (mode 0700) of small JSON files (mode
//! 0600), written atomically (temporary file + rename) so concurrent
//! processes never see half a file, read without following symlinks, and
//! never fatal: an unreadable or corrupt entry is a miss.

use std::ffi::OsString;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use aws_lc_rs::digest;

/// A cache directory.
#[derive(Debug, Clone)]
pub struct CacheDir {
    root: PathBuf,
}

impl CacheDir {
    /// A cache rooted at `root` (created on first write).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        CacheDir { root: root.into() }
    }

    /// The default location given an environment lookup:
    /// `$AUTH0_TOK_CACHE_DIR`, else `$XDG_CACHE_HOME/auth0-tok`, else
    /// `$HOME/.cache/auth0-tok`.
    pub fn default_location(env: impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
        let non_empty = |k: &str| env(k).filter(|v| !v.is_empty());
        if let Some(dir) = non_empty("AUTH0_TOK_CACHE_DIR") {
            return Some(PathBuf::from(dir));
        }
        if let Some(xdg) = non_empty("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
        {
            return Some(xdg.join("auth0-tok"));
        }
        non_empty("HOME").map(|home| PathBuf::from(home).join(".cache").join("auth0-tok"))
    }

    /// The cache's directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A file name for `kind` and `key`: `kind-<sha256(key) prefix>.json`.
    pub fn entry_name(kind: &str, key: &str) -> String {
        let hash = digest::digest(&digest::SHA256, key.as_bytes());
        let hex: String = hash.as_ref()[..16]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        format!("{kind}-{hex}.json")
    }

    /// Reads an entry; `None` when absent, a symlink, not a regular file, or unreadable.
    pub fn read(&self, name: &str) -> Option<Vec<u8>> {
        let path = self.root.join(name);
        let meta = fs::symlink_metadata(&path).ok()?;
        if !meta.file_type().is_file() {
            return None;
        }
        fs::read(&path).ok()
    }

    /// Writes an entry atomically with mode 0600, creating the directory
    /// with mode 0700.
    pub fn write(&self, name: &str, contents: &[u8]) -> io::Result<()> {
        self.ensure_dir()?;
        let target = self.root.join(name);
        if fs::symlink_metadata(&target).is_ok_and(|m| m.file_type().is_symlink()) {
            fs::remove_file(&target)?;
        }
        let tmp = self.root.join(format!(
            ".{name}.{}.{}.tmp",
            std::process::id(),
            unique_suffix()
        ));
        let result = (|| {
            let mut file = create_private(&tmp)?;
            file.write_all(contents)?;
            file.sync_all()?;
            fs::rename(&tmp, &target)
        })();
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result
    }

    /// Removes an entry; absent is fine.
    pub fn remove(&self, name: &str) -> io::Result<()> {
        match fs::remove_file(self.root.join(name)) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }

    /// Removes every entry whose name starts with `prefix`; returns how many.
    pub fn clear(&self, prefix: &str) -> io::Result<usize> {
        let entries = match fs::read_dir(&self.root) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
            other => other?,
        };
        let mut removed = 0;
        for entry in entries {
            let entry = entry?;
            if entry.file_name().to_string_lossy().starts_with(prefix) {
                fs::remove_file(entry.path())?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    fn ensure_dir(&self) -> io::Result<()> {
        fs::create_dir_all(&self.root)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let meta = fs::metadata(&self.root)?;
            if meta.permissions().mode() & 0o777 != 0o700 {
                fs::set_permissions(&self.root, fs::Permissions::from_mode(0o700))?;
            }
        }
        Ok(())
    }
}

fn unique_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos() as u64);
    nanos ^ (COUNTER.fetch_add(1, Ordering::Relaxed) << 32)
}

/// Creates a new file readable only by its owner; fails if it exists.
pub fn create_private(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc_o_nofollow());
    }
    options.open(path)
}

#[cfg(unix)]
fn libc_o_nofollow() -> i32 {
    // O_NOFOLLOW: 0o400000 on Linux (x86, arm), 0x100 on macOS and the BSDs.
    if cfg!(target_os = "linux") {
        0o400000
    } else {
        0x100
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_with_private_modes() {
        let dir = tempfile::tempdir().unwrap();
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

    #[cfg(unix)]
    #[test]
    fn symlinked_entries_are_neither_read_nor_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let cache = CacheDir::new(dir.path());
        let outside = dir.path().join("outside");
        fs::write(&outside, b"secret").unwrap();
        std::os::unix::fs::symlink(&outside, dir.path().join("e.json")).unwrap();
        assert!(cache.read("e.json").is_none());
        cache.write("e.json", b"new").unwrap();
        assert_eq!(fs::read(&outside).unwrap(), b"secret");
        assert_eq!(cache.read("e.json").unwrap(), b"new");
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
    }
}
