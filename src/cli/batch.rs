//! The one batch driver of `verify --batch` and `request --batch`: stdin
//! read in bounded chunks of lines of bounded length (constant memory
//! whatever the input size: a line over the limit is skipped to its
//! newline without being kept, and reported on its own); each chunk settled
//! on threads with the keys at hand while the next is read, the lines that
//! need a tenant (an issuer not seen yet, a kid its key set lacks) then
//! asked in order; one JSON line per input line, in input order. What a
//! line is and how it is answered is the command's [`Work`].

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{BufRead, Read, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context as _;
use auth0_tok::Issuer;
use auth0_tok::jwk::JwkSet;
use auth0_tok::tenant::{TenantError, TenantKeys};
use auth0_tok::verify::Prechecked;
use serde_json::{Value, json};

use super::api::Keys;
use super::exit::BatchFailures;
use super::input::{self, size};
use super::output::{still_open, write_json};

/// Lines handled per round: bounds memory whatever the input size.
const CHUNK: usize = 2048;

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
struct Lines<R> {
    reader: R,
    buffer: Vec<u8>,
    number: usize,
    max_line: usize,
}

impl<R: BufRead> Lines<R> {
    /// Lines of `reader`; a line over `max_line` bytes (its line ending
    /// aside) is reported as [`Line::too_long`] instead of being read.
    fn new(reader: R, max_line: usize) -> Self {
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
    fn next_chunk(&mut self, chunk: &mut Vec<Line>) -> anyhow::Result<()> {
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
fn parallel_map_while<'a, T, R, F, M, MR>(
    items: &'a [T],
    jobs: usize,
    f: F,
    meanwhile: M,
) -> (Vec<R>, MR)
where
    T: Sync,
    R: Send,
    F: Fn(&'a T) -> R + Sync,
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

/// One line's answer: its JSON line, and how it counts in the verdict.
pub struct Answer {
    pub verdict: Verdict,
    pub json: Vec<u8>,
}

/// How a line counts in the batch's verdict ([`BatchFailures`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Valid, or accepted.
    Passed,
    Rejected,
    /// Not a token or request to check.
    Unreadable,
    /// Not checked: the tenant failed.
    Unchecked,
}

impl Answer {
    /// A placeholder, while a pending line's answer is being asked for.
    const UNSETTLED: Answer = Answer {
        verdict: Verdict::Passed,
        json: Vec::new(),
    };

    /// `value` with the line's number (`"line"`), as one compact JSON line.
    pub fn render(mut value: Value, line: usize, verdict: Verdict) -> Self {
        value["line"] = json!(line);
        let mut json = Vec::with_capacity(256);
        write_json(&mut json, &value).expect("writing to memory");
        Answer { verdict, json }
    }
}

/// The tenants' keys a batch has fetched, by issuer: the keys at hand for
/// the lines that follow.
#[derive(Default)]
pub struct Known(HashMap<Issuer, Arc<TenantKeys>>);

impl Known {
    /// The key set learnt for `token`'s issuer, when it can check the token
    /// (it has its kid); `None` where the tenant must be asked.
    pub fn keys_for(&self, token: &Prechecked<'_>) -> Option<&JwkSet> {
        let keys = self.0.get(token.issuer())?;
        keys.can_check(token).then_some(&keys.keys)
    }
}

/// What a batch has learnt about its tenants.
#[derive(Default)]
struct Learnt {
    known: Known,
    /// Issuers whose tenant failed during this batch, with the failure.
    down: HashMap<Issuer, TenantError>,
}

/// What a command does with one batch line: read it and settle it with the
/// keys at hand (on the worker threads, sans-IO), or through its tenant (in
/// input order, on the calling thread).
pub trait Work: Sync {
    /// A line the keys at hand could not settle, as far as it was read.
    type Pending<'l>: Send + Sync;

    /// The longest line read, in bytes; a longer one is skipped unread.
    const MAX_LINE: usize;

    /// Settles `line` with the keys at hand (`known`, or pinned ones), or
    /// says what its tenant must be asked.
    fn local<'l>(&self, line: &'l Line, known: &Known) -> Result<Answer, Self::Pending<'l>>;

    /// Settles a pending line again, now that its tenant (or another line's)
    /// taught `known` more keys; `None` while they still cannot.
    fn again(&self, line: &Line, pending: &Self::Pending<'_>, known: &Known) -> Option<Answer>;

    /// The issuer whose tenant a pending line asks, when the line says: its
    /// keys, or its failure, are then kept for the lines that follow.
    fn issuer<'p>(&self, pending: &'p Self::Pending<'_>) -> Option<&'p Issuer>;

    /// Settles a pending line through its tenant; `Err` when the tenant failed.
    async fn ask(&self, pending: Self::Pending<'_>, line: usize) -> Result<Answer, TenantError>;

    /// The answer for a line whose tenant failed.
    fn unavailable(&self, e: &TenantError, line: usize) -> Answer;
}

/// Runs `work` over stdin, `jobs` threads at a time, one JSON line per
/// input line on stdout; the verdict of the lines written is the result
/// ([`BatchFailures`]). `keys` is where the tenants' keys come from.
pub async fn run<W: Work>(work: &W, keys: &Keys, jobs: usize) -> anyhow::Result<()> {
    input::claim_stdin("--batch")?;
    let stdin = std::io::stdin();
    // Large reads: a batch is often a file of many megabytes.
    let mut input = Lines::new(
        std::io::BufReader::with_capacity(1 << 18, stdin.lock()),
        W::MAX_LINE,
    );
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut failures = BatchFailures {
        rejected: 0,
        malformed: 0,
        unchecked: 0,
    };
    let mut learnt = Learnt::default();
    let mut chunk = Vec::with_capacity(CHUNK);
    let mut next = Vec::with_capacity(CHUNK);
    input.next_chunk(&mut chunk)?;
    'lines: while !chunk.is_empty() {
        // Workers settle this chunk while this thread reads the next.
        let (mut settled, read) = parallel_map_while(
            &chunk,
            jobs,
            |line| work.local(line, &learnt.known),
            || input.next_chunk(&mut next),
        );
        // Lines that need their tenant: the first goes through the tenant,
        // which learns the keys; the others are then settled again in
        // parallel with them.
        let pending: Vec<usize> = (0..settled.len())
            .filter(|&i| settled[i].is_err())
            .collect();
        if let Some((&first, rest)) = pending.split_first() {
            if let Err(asked) = std::mem::replace(&mut settled[first], Ok(Answer::UNSETTLED)) {
                let number = chunk[first].number;
                settled[first] = Ok(ask_tenant(work, keys, asked, number, &mut learnt).await);
            }
            if !rest.is_empty() {
                let (again, ()) = parallel_map_while(
                    rest,
                    jobs,
                    |&i| match &settled[i] {
                        Err(pending) => work.again(&chunk[i], pending, &learnt.known),
                        Ok(_) => None,
                    },
                    || (),
                );
                for (&i, answer) in rest.iter().zip(again) {
                    if let Some(answer) = answer {
                        settled[i] = Ok(answer);
                    }
                }
            }
        }
        for (line, settled) in chunk.iter().zip(settled) {
            let answer = match settled {
                Ok(answer) => answer,
                Err(pending) => ask_tenant(work, keys, pending, line.number, &mut learnt).await,
            };
            match answer.verdict {
                Verdict::Passed => {}
                Verdict::Rejected => failures.rejected += 1,
                Verdict::Unreadable => failures.malformed += 1,
                Verdict::Unchecked => failures.unchecked += 1,
            }
            if !still_open(out.write_all(&answer.json))? {
                // The reader is gone: stop, with the verdict of the lines so far.
                break 'lines;
            }
        }
        read?;
        std::mem::swap(&mut chunk, &mut next);
    }
    still_open(out.flush())?;
    if failures.rejected + failures.malformed + failures.unchecked > 0 {
        return Err(failures.into());
    }
    Ok(())
}

/// Settles one pending line through its tenant (fetching, or refetching on
/// an unknown kid), then keeps the issuer's keys — or its failure — for the
/// lines that follow.
async fn ask_tenant<W: Work>(
    work: &W,
    keys: &Keys,
    pending: W::Pending<'_>,
    line: usize,
    learnt: &mut Learnt,
) -> Answer {
    let issuer = work.issuer(&pending).cloned();
    if let Some(e) = issuer.as_ref().and_then(|i| learnt.down.get(i)) {
        // The tenant failed earlier in this batch: asking again would only wait again.
        return work.unavailable(e, line);
    }
    match work.ask(pending, line).await {
        Ok(answer) => {
            if let (Keys::Tenant(tenants), Some(issuer)) = (keys, issuer) {
                if let Ok(fetched) = tenants.keys(&issuer).await {
                    learnt.known.0.insert(issuer, fetched);
                }
            }
            answer
        }
        Err(e) => {
            let answer = work.unavailable(&e, line);
            if let Some(issuer) = issuer {
                learnt.down.insert(issuer, e);
            }
            answer
        }
    }
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
