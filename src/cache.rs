//! The on-disk cache: one directory of small JSON files, written atomically
//! (temporary file + rename) so concurrent processes never see half a file,
//! and trusted only when it is the user's own.
//!
//! The cache holds what verification trusts (key sets) and secrets (tokens),
//! so whoever can write to it can make a forged token verify. Before any
//! entry is read or written the directory is checked the way OpenSSH's
//! `StrictModes` checks `~/.ssh` (unix only; elsewhere nothing is checked):
//!
//! - the cache root is a real directory (`lstat`: not a symlink), owned by
//!   the effective uid, with no group or other permission bits (0700);
//! - every entry in it is a regular file (not a symlink), owned by the
//!   effective uid, with no group or other bits (0600);
//! - every directory above the root, up to `$HOME` when the root is inside
//!   it (else up to `/`), is a real directory (not a symlink), owned by the
//!   effective uid or root, and not writable by group or others unless it
//!   is sticky (as `/tmp` is); `$HOME` itself is checked the same way but
//!   may be a symlink, as OpenSSH allows;
//! - each entry is opened with `O_NOFOLLOW` and re-checked on the open
//!   file (`fstat`), and read up to [`MAX_ENTRY`] bytes.
//!
//! A directory that fails is not used at all — never read, never written,
//! never repaired — and the failure is a typed [`CacheRejected`] naming the
//! path and the rule, for the caller to report. Creating the root with
//! 0700 is not enough (someone may have created it first), so a directory
//! auth0-tok creates is checked like any other. Within a checked directory,
//! an unreadable or corrupt entry is a miss, never an error.

use std::ffi::OsString;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use aws_lc_rs::digest;

/// The largest entry read: room for a discovery document and a key set,
/// each at the network cap ([`crate::answer::MAX_BODY`]).
pub const MAX_ENTRY: usize = 2 * crate::answer::MAX_BODY + 64 * 1024;

/// A cache directory.
#[derive(Debug, Clone)]
pub struct CacheDir {
    root: PathBuf,
    home: Option<PathBuf>,
    /// Set once the directory has passed the check: only its owner (or
    /// root) can change that afterwards.
    trusted: Arc<OnceLock<()>>,
}

/// Why a cache directory, or an entry in it, is not used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {rule}", .path.display())]
pub struct CacheRejected {
    /// The offending path.
    pub path: PathBuf,
    /// The rule it breaks.
    pub rule: CacheRule,
}

/// The rule a cache path breaks (see the module documentation).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CacheRule {
    #[error("is a symbolic link; no symlink is followed on the way to the cache")]
    Symlink,
    #[error("is not a directory")]
    NotDirectory,
    #[error("is not a regular file")]
    NotFile,
    #[error("is owned by uid {found}; only uid {expected}{} may own it", if *.root_allowed { " or root" } else { "" })]
    Owner {
        found: u32,
        expected: u32,
        root_allowed: bool,
    },
    #[error(
        "has mode {mode:04o}: group or others have access (the cache directory must be 0700, its files 0600)"
    )]
    Mode { mode: u32 },
    #[error("has mode {mode:04o}: group or others can write to it, and so replace the cache")]
    WritableParent { mode: u32 },
    #[error("cannot be inspected: {reason}")]
    Unreadable { reason: String },
}

impl CacheRule {
    /// The rule in a few words, for a message without the path.
    pub fn summary(&self) -> &'static str {
        match self {
            CacheRule::Symlink => "a symbolic link is on its path",
            CacheRule::NotDirectory | CacheRule::NotFile => {
                "it holds something that is not a cache file"
            }
            CacheRule::Owner { .. } => "another user owns part of it",
            CacheRule::Mode { .. } | CacheRule::WritableParent { .. } => {
                "its permissions let other users change it"
            }
            CacheRule::Unreadable { .. } => "it cannot be inspected",
        }
    }
}

/// Whether the root exists (and passed the check).
enum Presence {
    Present,
    Absent,
}

impl CacheDir {
    /// A cache rooted at `root` (created on first write). Directories above
    /// it are checked up to `/`; see [`with_home`](Self::with_home).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        CacheDir {
            root: root.into(),
            home: None,
            trusted: Arc::new(OnceLock::new()),
        }
    }

    /// The user's home directory: a root inside it is checked up to it
    /// (included), not up to `/`.
    pub fn with_home(mut self, home: impl Into<PathBuf>) -> Self {
        self.home = Some(home.into());
        self
    }

    /// The cache at [`default_location`](Self::default_location), with
    /// `$HOME` as its home, given an environment lookup. Pass the real
    /// environment: a file the user did not write (`.env`) must not choose
    /// where trusted keys come from.
    pub fn from_env(env: impl Fn(&str) -> Option<OsString>) -> Option<Self> {
        let root = Self::default_location(&env)?;
        let home = env("HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .filter(|p| p.is_absolute());
        let cache = CacheDir::new(root);
        Some(match home {
            Some(home) => cache.with_home(home),
            None => cache,
        })
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

    /// Checks the directory, its parents and its entries (module
    /// documentation). A root that does not exist yet passes: it is
    /// checked again once created.
    pub fn check(&self) -> Result<(), CacheRejected> {
        self.trust().map(|_| ())
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

    /// Reads an entry; `None` when absent, larger than [`MAX_ENTRY`],
    /// unreadable, or when the cache fails its check.
    pub fn read(&self, name: &str) -> Option<Vec<u8>> {
        self.read_checked(name).ok().flatten()
    }

    /// Reads an entry, saying why the cache (or this entry) is not to be
    /// trusted; `Ok(None)` when absent, too large or unreadable.
    pub fn read_checked(&self, name: &str) -> Result<Option<Vec<u8>>, CacheRejected> {
        if let Presence::Absent = self.trust()? {
            return Ok(None);
        }
        let path = self.root.join(name);
        let mut file = match open_entry(&path) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) if is_symlink_error(&e) => {
                return Err(CacheRejected {
                    path,
                    rule: CacheRule::Symlink,
                });
            }
            Err(_) => return Ok(None),
        };
        let meta = file.metadata().map_err(|e| unreadable(&path, &e))?;
        check_entry(&path, &meta)?;
        let mut bytes = Vec::new();
        match (&mut file)
            .take(MAX_ENTRY as u64 + 1)
            .read_to_end(&mut bytes)
        {
            Ok(n) if n <= MAX_ENTRY => Ok(Some(bytes)),
            _ => Ok(None),
        }
    }

    /// Writes an entry atomically with mode 0600, creating the directory
    /// with mode 0700 — only into a directory that passes the check.
    pub fn write(&self, name: &str, contents: &[u8]) -> io::Result<()> {
        self.ensure_dir()?;
        let target = self.root.join(name);
        let tmp = self.root.join(format!(
            ".{name}.{}.{}.tmp",
            std::process::id(),
            unique_suffix()
        ));
        let result = (|| {
            let mut file = create_private(&tmp)?;
            file.write_all(contents)?;
            file.sync_all()?;
            // rename replaces the name itself, never what a symlink points to.
            fs::rename(&tmp, &target)
        })();
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result
    }

    /// Removes an entry; absent is fine. Refused in a directory that fails
    /// the check.
    pub fn remove(&self, name: &str) -> io::Result<()> {
        if let Presence::Absent = self.trust().map_err(rejected_io)? {
            return Ok(());
        }
        match fs::remove_file(self.root.join(name)) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }

    /// Removes every entry whose name starts with `prefix`; returns how
    /// many. Refused in a directory that fails the check.
    pub fn clear(&self, prefix: &str) -> io::Result<usize> {
        if let Presence::Absent = self.trust().map_err(rejected_io)? {
            return Ok(0);
        }
        let mut removed = 0;
        for entry in fs::read_dir(&self.root)? {
            let entry = entry?;
            if entry.file_name().to_string_lossy().starts_with(prefix) {
                fs::remove_file(entry.path())?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// The check, remembered once passed.
    fn trust(&self) -> Result<Presence, CacheRejected> {
        if self.trusted.get().is_some() {
            return Ok(Presence::Present);
        }
        let presence = inspect(&self.root, self.home.as_deref())?;
        if let Presence::Present = presence {
            let _ = self.trusted.set(());
        }
        Ok(presence)
    }

    /// Creates the root (0700, parents too) when absent, then checks it as
    /// any other: someone may have created it first.
    fn ensure_dir(&self) -> io::Result<()> {
        if let Presence::Present = self.trust().map_err(rejected_io)? {
            return Ok(());
        }
        if let Some(parent) = self.root.parent().filter(|p| !p.as_os_str().is_empty()) {
            private_dir_builder().recursive(true).create(parent)?;
        }
        match private_dir_builder().create(&self.root) {
            Err(e) if e.kind() != io::ErrorKind::AlreadyExists => return Err(e),
            _ => {}
        }
        match self.trust().map_err(rejected_io)? {
            Presence::Present => Ok(()),
            Presence::Absent => Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("{} vanished while being created", self.root.display()),
            )),
        }
    }
}

fn private_dir_builder() -> fs::DirBuilder {
    #[allow(unused_mut)]
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
}

fn rejected_io(rejected: CacheRejected) -> io::Error {
    io::Error::new(io::ErrorKind::PermissionDenied, rejected)
}

fn unreadable(path: &Path, e: &io::Error) -> CacheRejected {
    CacheRejected {
        path: path.to_owned(),
        rule: CacheRule::Unreadable {
            reason: e.to_string(),
        },
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

/// Creates a new file readable only by its owner; fails if it exists, and
/// never follows a symlink.
pub fn create_private(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(o_nofollow());
    }
    options.open(path)
}

fn open_entry(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(o_nofollow());
    }
    options.open(path)
}

#[cfg(unix)]
fn o_nofollow() -> i32 {
    rustix::fs::OFlags::NOFOLLOW.bits() as i32
}

#[cfg(unix)]
fn is_symlink_error(e: &io::Error) -> bool {
    e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error())
}

#[cfg(not(unix))]
fn is_symlink_error(_: &io::Error) -> bool {
    false
}

#[cfg(unix)]
use self::unix::{check_entry, inspect};

#[cfg(unix)]
mod unix {
    use std::fs::{self, Metadata};
    use std::io;
    use std::os::unix::fs::MetadataExt;
    use std::path::Path;

    use super::{CacheRejected, CacheRule, Presence, unreadable};

    fn euid() -> u32 {
        rustix::process::geteuid().as_raw()
    }

    fn reject(path: &Path, rule: CacheRule) -> CacheRejected {
        CacheRejected {
            path: path.to_owned(),
            rule,
        }
    }

    /// The root, the directories above it, and every entry.
    pub(super) fn inspect(root: &Path, home: Option<&Path>) -> Result<Presence, CacheRejected> {
        let root = std::path::absolute(root).map_err(|e| unreadable(root, &e))?;
        let meta = match fs::symlink_metadata(&root) {
            Ok(meta) => meta,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Presence::Absent),
            Err(e) => return Err(unreadable(&root, &e)),
        };
        if meta.file_type().is_symlink() {
            return Err(reject(&root, CacheRule::Symlink));
        }
        if !meta.is_dir() {
            return Err(reject(&root, CacheRule::NotDirectory));
        }
        check_private(&root, &meta)?;
        let home = home
            .and_then(|h| std::path::absolute(h).ok())
            .filter(|h| root.starts_with(h) && root != *h);
        for dir in root.ancestors().skip(1) {
            if Some(dir) == home.as_deref() {
                let meta = fs::metadata(dir).map_err(|e| unreadable(dir, &e))?;
                check_parent(dir, &meta)?;
                break;
            }
            let meta = fs::symlink_metadata(dir).map_err(|e| unreadable(dir, &e))?;
            if meta.file_type().is_symlink() {
                return Err(reject(dir, CacheRule::Symlink));
            }
            check_parent(dir, &meta)?;
        }
        for entry in fs::read_dir(&root).map_err(|e| unreadable(&root, &e))? {
            let entry = entry.map_err(|e| unreadable(&root, &e))?;
            let path = entry.path();
            // DirEntry::metadata does not follow symlinks.
            match entry.metadata() {
                Ok(meta) => check_entry(&path, &meta)?,
                // Renamed or removed by a concurrent auth0-tok meanwhile.
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(unreadable(&path, &e)),
            }
        }
        Ok(Presence::Present)
    }

    /// An entry: a regular file of ours, 0600 or stricter.
    pub(super) fn check_entry(path: &Path, meta: &Metadata) -> Result<(), CacheRejected> {
        if meta.file_type().is_symlink() {
            return Err(reject(path, CacheRule::Symlink));
        }
        if !meta.is_file() {
            return Err(reject(path, CacheRule::NotFile));
        }
        check_private(path, meta)
    }

    /// Owned by the effective uid, no group or other bits.
    fn check_private(path: &Path, meta: &Metadata) -> Result<(), CacheRejected> {
        let expected = euid();
        if meta.uid() != expected {
            return Err(reject(
                path,
                CacheRule::Owner {
                    found: meta.uid(),
                    expected,
                    root_allowed: false,
                },
            ));
        }
        let mode = meta.mode() & 0o7777;
        if mode & 0o077 != 0 {
            return Err(reject(path, CacheRule::Mode { mode }));
        }
        Ok(())
    }

    /// A directory above the root: a directory owned by us or root, not
    /// writable by group or others unless sticky.
    fn check_parent(path: &Path, meta: &Metadata) -> Result<(), CacheRejected> {
        if !meta.is_dir() {
            return Err(reject(path, CacheRule::NotDirectory));
        }
        let expected = euid();
        if meta.uid() != expected && meta.uid() != 0 {
            return Err(reject(
                path,
                CacheRule::Owner {
                    found: meta.uid(),
                    expected,
                    root_allowed: true,
                },
            ));
        }
        let mode = meta.mode() & 0o7777;
        let sticky = mode & 0o1000 != 0;
        if mode & 0o022 != 0 && !sticky {
            return Err(reject(path, CacheRule::WritableParent { mode }));
        }
        Ok(())
    }
}

#[cfg(not(unix))]
fn inspect(root: &Path, _home: Option<&Path>) -> Result<Presence, CacheRejected> {
    // Ownership and modes are unix notions: elsewhere only presence counts.
    match fs::symlink_metadata(root) {
        Ok(_) => Ok(Presence::Present),
        Err(_) => Ok(Presence::Absent),
    }
}

#[cfg(not(unix))]
fn check_entry(_: &Path, _: &fs::Metadata) -> Result<(), CacheRejected> {
    Ok(())
}

#[cfg(test)]
mod tests;
