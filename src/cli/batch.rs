//! What `verify --batch` and `request --batch` share: stdin read in bounded
//! chunks (constant memory whatever the input size), and a chunk's
//! sans-IO checks spread over threads with the input order kept.

use std::borrow::Cow;
use std::io::BufRead;

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
        chunk.clear();
        while chunk.len() < CHUNK {
            self.buffer.clear();
            if self
                .reader
                .read_until(b'\n', &mut self.buffer)
                .context("reading stdin")?
                == 0
            {
                break;
            }
            self.number += 1;
            // `from_utf8` first: much faster than the lossy decoder on valid input.
            let text = match std::str::from_utf8(&self.buffer) {
                Ok(text) => Cow::Borrowed(text),
                Err(_) => String::from_utf8_lossy(&self.buffer),
            };
            let text = text.trim();
            if !text.is_empty() {
                chunk.push((self.number, text.to_owned()));
            }
        }
        Ok(())
    }
}

/// `--jobs`, or the number of CPUs.
pub fn jobs(requested: Option<usize>) -> usize {
    requested
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, 64)
}

/// `f` over `items` on up to `jobs` threads, results in input order, with
/// `meanwhile` run on the calling thread while the workers check (a batch
/// reads its next chunk then). With one job, everything runs on the calling
/// thread, `meanwhile` last.
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
    let per_job = items.len().div_ceil(jobs);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(per_job)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<_>>()))
            .collect();
        let side = meanwhile();
        let results = handles
            .into_iter()
            .flat_map(|h| h.join().expect("batch checks do not panic"))
            .collect();
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
