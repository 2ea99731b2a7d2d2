//! What `verify --batch` and `request --batch` share: stdin read in bounded
//! chunks (constant memory whatever the input size), and a chunk's
//! sans-IO checks spread over threads with the input order kept.

use std::borrow::Cow;
use std::io::BufRead;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context as _;

/// Lines handled per round: bounds memory whatever the input size.
pub const CHUNK: usize = 2048;

/// Below this many lines a chunk is checked on the calling thread.
const PARALLEL_THRESHOLD: usize = 64;

/// Numbered input lines of a batch.
pub struct Lines<R> {
    reader: R,
    buffer: Vec<u8>,
    number: usize,
}

impl<R: BufRead> Lines<R> {
    pub fn new(reader: R) -> Self {
        Lines {
            reader,
            buffer: Vec::new(),
            number: 0,
        }
    }

    /// Fills `chunk` with up to [`CHUNK`] non-blank lines (trimmed) and
    /// their 1-based line numbers; an empty chunk means the input ended. A
    /// line that is not UTF-8 is kept (invalid bytes as U+FFFD), so it is
    /// reported as unreadable on its own line instead of ending the batch.
    pub fn next_chunk(&mut self, chunk: &mut Vec<(usize, String)>) -> anyhow::Result<()> {
        // The previous chunk's strings are refilled in place: no allocation
        // per line once the first chunk is read.
        let mut filled = 0;
        while filled < CHUNK {
            self.buffer.clear();
            match self.reader.read_until(b'\n', &mut self.buffer) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) => {
                    chunk.truncate(filled);
                    return Err(e).context("reading stdin");
                }
            }
            self.number += 1;
            // `from_utf8` first: much faster than the lossy decoder on valid input.
            let text = match std::str::from_utf8(&self.buffer) {
                Ok(text) => Cow::Borrowed(text),
                Err(_) => String::from_utf8_lossy(&self.buffer),
            };
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            match chunk.get_mut(filled) {
                Some((number, line)) => {
                    *number = self.number;
                    line.clear();
                    line.push_str(text);
                }
                None => chunk.push((self.number, text.to_owned())),
            }
            filled += 1;
        }
        chunk.truncate(filled);
        Ok(())
    }
}

/// `--jobs`, or the number of CPUs.
pub fn jobs(requested: Option<usize>) -> usize {
    requested
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, 64)
}

/// Items a thread claims at a time: small enough to balance the threads
/// when one of them is slowed (by the reader, or by another process), large
/// enough that claiming costs nothing next to the checks.
const BLOCK: usize = 16;

/// `f` over `items` on `jobs` threads (the calling thread included), results
/// in input order, with `meanwhile` run first on the calling thread (a batch
/// reads its next chunk then), which then joins the work. Threads claim
/// blocks of items as they go, so none idles while another has a backlog.
/// With one job, everything runs on the calling thread, `meanwhile` last.
pub fn parallel_map_while<T, R, F, M, MR>(
    items: &[T],
    jobs: usize,
    f: F,
    meanwhile: M,
) -> (Vec<R>, MR)
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
    M: FnOnce() -> MR,
{
    if jobs <= 1 || items.len() < PARALLEL_THRESHOLD {
        let results = items.iter().map(&f).collect();
        return (results, meanwhile());
    }
    let next = AtomicUsize::new(0);
    // Claims blocks until none is left: (first index, results) per block.
    let work = || {
        let mut done = Vec::new();
        loop {
            let start = next.fetch_add(BLOCK, Ordering::Relaxed);
            if start >= items.len() {
                return done;
            }
            let end = (start + BLOCK).min(items.len());
            done.push((start, items[start..end].iter().map(&f).collect::<Vec<R>>()));
        }
    };
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..jobs).map(|_| scope.spawn(work)).collect();
        let side = meanwhile();
        let mut blocks = work();
        for helper in helpers {
            blocks.extend(helper.join().expect("batch checks do not panic"));
        }
        blocks.sort_unstable_by_key(|(start, _)| *start);
        let results = blocks.into_iter().flat_map(|(_, part)| part).collect();
        (results, side)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_map_keeps_order() {
        let items: Vec<usize> = (0..1000).collect();
        for jobs in [1, 2, 3, 7, 64] {
            let (doubled, side) = parallel_map_while(&items, jobs, |i| i * 2, || "read");
            assert_eq!(doubled, (0..2000).step_by(2).collect::<Vec<_>>());
            assert_eq!(side, "read");
        }
    }

    #[test]
    fn chunks_skip_blank_lines_and_number_from_one() {
        let input = "a\n\n  b  \n".to_owned() + &"x\n".repeat(CHUNK + 1);
        let mut lines = Lines::new(input.as_bytes());
        let mut chunk = Vec::new();
        lines.next_chunk(&mut chunk).unwrap();
        assert_eq!(chunk.len(), CHUNK);
        assert_eq!(chunk[0], (1, "a".to_owned()));
        assert_eq!(chunk[1], (3, "b".to_owned()));
        lines.next_chunk(&mut chunk).unwrap();
        assert_eq!(chunk.len(), 3);
        lines.next_chunk(&mut chunk).unwrap();
        assert!(chunk.is_empty());
    }

    #[test]
    fn a_line_that_is_not_utf8_does_not_end_the_batch() {
        let mut lines = Lines::new(&b"a\n\xff\xfe\nb\n"[..]);
        let mut chunk = Vec::new();
        lines.next_chunk(&mut chunk).unwrap();
        assert_eq!(
            chunk,
            [
                (1, "a".into()),
                (2, "\u{fffd}\u{fffd}".into()),
                (3, "b".into())
            ]
        );
    }
}
