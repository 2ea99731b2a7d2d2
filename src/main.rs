//! The `auth0-tok` binary: parse, run, map the outcome to an exit code.

mod cli;

// GCC's unwinder linked in statically, where build.rs found it: the binary
// then starts without loading `libgcc_s.so.1` (see build.rs for why).
#[cfg(static_unwinder)]
#[link(name = "gcc_eh", kind = "static")]
unsafe extern "C" {}

fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(test)]
mod tests {
    /// The unwinder the binary links (static where build.rs found it)
    /// unwinds panics: caught on the thread, and across a thread join.
    #[test]
    fn panics_unwind_through_the_linked_unwinder() {
        let caught = std::panic::catch_unwind(|| panic!("on this thread"));
        let joined = std::thread::spawn(|| panic!("on another thread")).join();
        assert!(caught.is_err());
        assert!(joined.is_err());
    }
}
