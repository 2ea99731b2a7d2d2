//! Links the binary's unwinder statically where the platform allows it.
//!
//! On Linux with glibc, Rust programs load `libgcc_s.so.1` for unwinding.
//! Loading it runs its CPU-model constructor, whose CPUID instructions trap
//! to the hypervisor in a VM: ~0.1 ms of every process start, a tenth of a
//! one-shot `auth0-tok verify` (README, Performance). The same unwinder is
//! in GCC's static `libgcc_eh.a`, which `gcc -static-libgcc` links into C
//! and C++ programs and Rust links with `crt-static`. When the C compiler
//! knows where it is, `src/main.rs` links it (cfg `static_unwinder`), and
//! the binary no longer needs `libgcc_s.so.1`. The library, tests and
//! benchmarks are not affected.

use std::path::PathBuf;
use std::process::Command;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(static_unwinder)");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=CC");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let glibc_linux = var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu";
    let crt_static = var("CARGO_CFG_TARGET_FEATURE")
        .split(',')
        .any(|f| f == "crt-static");
    if !glibc_linux || crt_static {
        return;
    }
    if let Some(dir) = libgcc_eh_dir() {
        println!("cargo::rustc-link-search=native={}", dir.display());
        println!("cargo::rustc-cfg=static_unwinder");
    }
}

/// The directory of the target compiler's `libgcc_eh.a`, when it has one.
fn libgcc_eh_dir() -> Option<PathBuf> {
    let compiler = cc::Build::new()
        .cargo_metadata(false)
        .try_get_compiler()
        .ok()?;
    let output = Command::new(compiler.path())
        .arg("-print-file-name=libgcc_eh.a")
        .output()
        .ok()?;
    let path = PathBuf::from(String::from_utf8(output.stdout).ok()?.trim());
    // A compiler that does not know the file prints its bare name.
    (output.status.success() && path.is_absolute() && path.is_file())
        .then(|| path.parent().map(PathBuf::from))
        .flatten()
}
