//! What `verify --batch` and `request --batch` share: stdin read in bounded
//! chunks of lines of bounded length (constant memory whatever the input
//! size: a line over the limit is skipped to its newline without being kept,
//! and reported on its own), and a chunk's sans-IO checks spread over
//! threads with the input order kept.

use std::borrow::Cow;
use std::io::{BufRead, Read};
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context as _;

use super::input::size;

/// Lines handled per round: bounds memory whatever the input size.
pub const CHUNK: usize = 2048;

/// Below this many lines a chunk is checked on the calling thread.
const PARALLEL_THRESHOLD: usize = 64;

/// One non-blank line of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number.
    pub number: usize,
    /// The line, trimmed; empty when it was too long.
    pub text: String,
    /// The line's length in bytes when it was over the limit (it was
    /// skipped, not kept).
    pub too_long: Option<u64>,
}

impl Line {
    /// Why this line cannot be checked, if it cannot: too long.
    pub fn unreadable(&self, max_line: usize) -> Option<String> {
        self.too_long.map(|len| {
            format!(
                "the line is {len} bytes, over the {} limit; skipped",
                size(max_line as u64)
            )
        })
    }
}

/// Numbered input lines of a batch, each at most `max_line` bytes.
pub struct Lines<R> {
    reader: R,
    buffer: Vec<u8>,
    number: usize,
    max_line: usize,
}

impl<R: BufRead> Lines<R> {
    /// Lines of `reader`; a line over `max_line` bytes (its line ending
    /// aside) is reported as [`Line::too_long`] instead of being read.
    pub fn new(reader: R, max_line: usize) -> Self {
        Lines {
            reader,
            buffer: Vec::new(),
            number: 0,
            max_line,
        }
    }

    /// Reads the next line into `self.buffer` (at most `max_line` + 2 bytes
    /// are kept); `None` at the end of the input, `Some(Some(len))` for a
    /// line of `len` bytes over the limit, whose rest is skipped, not kept.
    fn read_line(&mut self) -> std::io::Result<Option<Option<u64>>> {
        self.buffer.clear();
        // Room for the longest line allowed, a CR and the LF.
        let room = self.max_line as u64 + 2;
        let read = (&mut self.reader)
            .take(room)
            .read_until(b'\n', &mut self.buffer)?;
        if read == 0 {
            return Ok(None);
        }
        let ended = self.buffer.last() == Some(&b'\n');
        let without_lf = self.buffer.len() - usize::from(ended);
        let content = if ended && self.buffer[..without_lf].ends_with(b"\r") {
            without_lf - 1
        } else {
            without_lf
        };
        if content <= self.max_line {
            return Ok(Some(None));
        }
        let mut len = without_lf as u64;
        if !ended && read as u64 == room {
            len += self.skip_line()?;
        }
        self.buffer.clear();
        Ok(Some(Some(len)))
    }

    /// Skips to just past the next newline (or the end of the input) without
    /// keeping what it reads; returns the bytes skipped before the newline.
    fn skip_line(&mut self) -> std::io::Result<u64> {
        let mut skipped = 0u64;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                return Ok(skipped);
            }
            match memchr::memchr(b'\n', available) {
                Some(i) => {
                    self.reader.consume(i + 1);
                    return Ok(skipped + i as u64);
                }
                None => {
                    let n = available.len();
                    self.reader.consume(n);
                    skipped += n as u64;
                }
            }
        }
    }

    /// Fills `chunk` with up to [`CHUNK`] non-blank lines (trimmed) and
    /// their 1-based line numbers; an empty chunk means the input ended. A
    /// line that is not UTF-8 is kept (invalid bytes as U+FFFD), so it is
    /// reported as unreadable on its own line instead of ending the batch;
    /// so is a line over the limit.
    pub fn next_chunk(&mut self, chunk: &mut Vec<Line>) -> anyhow::Result<()> {
        // The previous chunk's strings are refilled in place: no allocation
        // per line once the first chunk is read.
        let mut filled = 0;
        while filled < CHUNK {
            let too_long = match self.read_line() {
                Ok(None) => break,
                Ok(Some(too_long)) => too_long,
                Err(e) => {
                    chunk.truncate(filled);
                    return Err(e).context("reading stdin");
                }
            };
            self.number += 1;
            // `from_utf8` first: much faster than the lossy decoder on valid input.
            let text = match std::str::from_utf8(&self.buffer) {
                Ok(text) => Cow::Borrowed(text),
                Err(_) => String::from_utf8_lossy(&self.buffer),
            };
            let text = text.trim();
            if text.is_empty() && too_long.is_none() {
                continue;
            }
            match chunk.get_mut(filled) {
                Some(line) => {
                    line.number = self.number;
                    line.text.clear();
                    line.text.push_str(text);
                    line.too_long = too_long;
                }
                None => chunk.push(Line {
                    number: self.number,
                    text: text.to_owned(),
                    too_long,
                }),
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

    fn line(number: usize, text: &str) -> Line {
        Line {
            number,
            text: text.into(),
            too_long: None,
        }
    }

    #[test]
    fn chunks_skip_blank_lines_and_number_from_one() {
        let input = "a\n\n  b  \n".to_owned() + &"x\n".repeat(CHUNK + 1);
        let mut lines = Lines::new(input.as_bytes(), 100);
        let mut chunk = Vec::new();
        lines.next_chunk(&mut chunk).unwrap();
        assert_eq!(chunk.len(), CHUNK);
        assert_eq!(chunk[0], line(1, "a"));
        assert_eq!(chunk[1], line(3, "b"));
        lines.next_chunk(&mut chunk).unwrap();
        assert_eq!(chunk.len(), 3);
        lines.next_chunk(&mut chunk).unwrap();
        assert!(chunk.is_empty());
    }

    #[test]
    fn a_line_that_is_not_utf8_does_not_end_the_batch() {
        let mut lines = Lines::new(&b"a\n\xff\xfe\nb\n"[..], 100);
        let mut chunk = Vec::new();
        lines.next_chunk(&mut chunk).unwrap();
        assert_eq!(
            chunk,
            [line(1, "a"), line(2, "\u{fffd}\u{fffd}"), line(3, "b")]
        );
    }

    #[test]
    fn a_line_over_the_limit_is_reported_on_its_own_and_the_batch_goes_on() {
        let input = format!(
            "ok\n{}\n{}\r\n{}\r\nafter\n{}",
            "x".repeat(9),
            "y".repeat(8),
            "z".repeat(5000),
            "w".repeat(9)
        );
        let mut lines = Lines::new(std::io::BufReader::with_capacity(16, input.as_bytes()), 8);
        let mut chunk = Vec::new();
        lines.next_chunk(&mut chunk).unwrap();
        let too_long = |number, len| Line {
            number,
            text: String::new(),
            too_long: Some(len),
        };
        assert_eq!(
            chunk,
            [
                line(1, "ok"),
                too_long(2, 9),
                line(3, &"y".repeat(8)),
                too_long(4, 5001),
                line(5, "after"),
                too_long(6, 9),
            ]
        );
        assert_eq!(
            chunk[3].unreadable(8).unwrap(),
            "the line is 5001 bytes, over the 8 bytes limit; skipped"
        );
        assert!(chunk[0].unreadable(8).is_none());
    }

    #[test]
    fn an_endless_line_is_skipped_without_being_kept() {
        // 64 MiB of one line through a 64 KiB buffer: the line buffer never
        // holds more than the limit.
        let endless = std::io::Read::chain(std::io::repeat(b'a').take(64 << 20), &b"\nend\n"[..]);
        let mut lines = Lines::new(std::io::BufReader::with_capacity(1 << 16, endless), 1024);
        let mut chunk = Vec::new();
        lines.next_chunk(&mut chunk).unwrap();
        assert_eq!(chunk.len(), 2);
        assert_eq!(chunk[0].too_long, Some(64 << 20));
        assert_eq!(chunk[1], line(2, "end"));
        assert!(
            lines.buffer.capacity() <= 4096,
            "{}",
            lines.buffer.capacity()
        );
    }
}
