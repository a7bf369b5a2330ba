//! A CSV roster's records, read a line at a time.
//!
//! A roster row is one line, and nearly every line has no quote in it. Without a quote, a
//! record's fields are exactly the text between its commas, and finding the commas is much
//! quicker than running csv-core's state machine over every byte. A line with a quote goes
//! through csv-core, set up as the `csv` crate sets it up with `\n` as the terminator, and is read
//! on into the following lines while a quoted field is open.

use std::cell::Cell;
use std::io::{self, BufRead, BufReader, Read};
use std::rc::Rc;

use csv_core::ReadRecordResult;

/// Where a record was in the input, and whether its text could be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Record {
    /// The line it starts on, counting from 1.
    pub line: u64,
    /// The line it ends on: past `line` when a quoted field holds a line break.
    pub last: u64,
    /// False when its bytes are not UTF-8; it then has no fields.
    pub text: bool,
    /// True when a quoted field is still open at the end of the input: its last field holds
    /// the rest of the input.
    pub open: bool,
}

/// A failed read of the input, with where the reader was.
#[derive(Debug, thiserror::Error)]
#[error("{source}")]
pub(super) struct At {
    /// The lines read, the one being read among them.
    pub lines: u64,
    /// The line the record being read began on.
    pub line: u64,
    /// Whether it was reading on inside a quoted field.
    pub quoted: bool,
    pub source: io::Error,
}

impl At {
    /// `source`, on the one line that is its row.
    pub fn line(source: io::Error, line: u64) -> io::Error {
        io::Error::other(At {
            lines: line,
            line,
            quoted: false,
            source,
        })
    }
}

pub(super) struct Records<R> {
    input: BufReader<R>,
    /// How many bytes of `input`'s buffer the last record was read from, in place.
    consumed: usize,
    /// Where the commas are in the line being read.
    commas: Vec<usize>,
    /// The lines of a record that is not read in place: the first line of the input, one that
    /// runs past the end of `input`'s buffer, or one with a quote (and the lines after it while
    /// a quoted field is open).
    lines: Vec<u8>,
    core: csv_core::Reader,
    /// The byte between fields: `,` unless the input says otherwise.
    delimiter: u8,
    /// A record read by `core`: its fields' bytes, unquoted, and where each field ends.
    unquoted: Vec<u8>,
    ends: Vec<usize>,
    /// How many lines have been read.
    read: u64,
    /// Whether the input began with a byte-order mark.
    bom: bool,
    /// The line the record being read (or the last one read) begins on.
    line: u64,
    /// The fields of a record that is not UTF-8, decoded with U+FFFD in place of what is not.
    lossy: String,
    /// Bytes read since the line being read began, which the input fails past a limit: a new
    /// record sets it back, blank lines included, so that only a record runs it up.
    budget: Rc<Cell<usize>>,
}

/// A UTF-8 byte-order mark, which the `csv` crate takes off the start of its input.
const BOM: &[u8] = b"\xef\xbb\xbf";

impl<R: Read> Records<R> {
    pub fn new(input: R, budget: Rc<Cell<usize>>) -> Records<R> {
        Records {
            input: BufReader::with_capacity(super::READ_BYTES, input),
            consumed: 0,
            commas: Vec::new(),
            lines: Vec::new(),
            core: core(b','),
            delimiter: b',',
            unquoted: Vec::new(),
            ends: Vec::new(),
            read: 0,
            bom: false,
            line: 0,
            lossy: String::new(),
            budget,
        }
    }

    /// `source`, met reading the line after the `read` lines read so far, of a record that
    /// began on line `line`, inside a quoted field or not.
    fn at(read: u64, line: u64, quoted: bool, source: io::Error) -> io::Error {
        io::Error::other(At {
            lines: read + 1,
            line,
            quoted,
            source,
        })
    }

    /// Reads the fields of the records after this one as separated by `delimiter`, as an
    /// input's first line `sep=;` or `--delimiter` says.
    pub fn set_delimiter(&mut self, delimiter: u8) {
        self.delimiter = delimiter;
        self.core = core(delimiter);
    }

    /// Whether the input began with a byte-order mark (as a spreadsheet's "CSV UTF-8" does),
    /// once its first line is read.
    pub fn began_with_bom(&self) -> bool {
        self.bom
    }

    /// Whether the next record is read in and waiting: a whole line without a quote (a quoted
    /// field may run on to lines not read yet). If not, reading it may wait for its input.
    pub fn has_line(&self) -> bool {
        let waiting = &self.input.buffer()[self.consumed..];
        waiting
            .iter()
            .position(|&b| b == b'\n')
            .is_some_and(|end| !waiting[..end].contains(&b'"'))
    }

    /// Reads the next record into `fields` (which it appends to), without the `\r` of a CRLF
    /// line ending; `None` at the end of the input. Blank lines, and lines of only `\r`, hold no
    /// record.
    pub fn read<'s>(&'s mut self, fields: &mut Vec<&'s str>) -> io::Result<Option<Record>> {
        let Some(line) = self.next_line()? else {
            return Ok(None);
        };
        self.line = self.read;
        let record = Record {
            line: self.read,
            last: self.read,
            text: true,
            open: false,
        };
        let bytes = match line {
            Line::InPlace { len } => {
                self.consumed = len;
                &self.input.buffer()[..len]
            }
            Line::Copied { start } if self.lines[start..].contains(&b'"') => {
                return self.quoted(start, record, fields);
            }
            Line::Copied { start } => &self.lines[start..],
        };
        let Ok(text) = std::str::from_utf8(content(bytes)) else {
            // Its fields, decoded as best they can be, so that its error record still carries
            // its columns.
            let delimiter = self.delimiter;
            let pieces = content(bytes).split(|&b| b == delimiter);
            lossy(&mut self.lossy, pieces, fields);
            return Ok(Some(Record {
                text: false,
                ..record
            }));
        };
        let mut from = 0;
        for &comma in &self.commas {
            fields.push(&text[from..comma]);
            from = comma + 1;
        }
        fields.push(&text[from..]);
        Ok(Some(record))
    }

    /// Finds the next line that is not blank, with where its commas are in `commas`; `None` at
    /// the end of the input.
    fn next_line(&mut self) -> io::Result<Option<Line>> {
        self.input.consume(std::mem::take(&mut self.consumed));
        loop {
            self.budget.set(0);
            // A record begins on the line about to be read.
            let read = self.read;
            let buffer = match self.input.fill_buf() {
                Ok(buffer) => buffer,
                Err(e) => return Err(Self::at(read, read + 1, false, e)),
            };
            if buffer.is_empty() {
                return Ok(None);
            }
            self.read += 1;
            // The first line is always copied, so that a byte-order mark is seen however the
            // input's reads split it.
            if self.read > 1 {
                let found = scan(buffer, &mut self.commas, self.delimiter);
                if found.newline && !found.quote {
                    if is_blank(&buffer[..found.len]) {
                        self.input.consume(found.len);
                        continue;
                    }
                    return Ok(Some(Line::InPlace { len: found.len }));
                }
            }
            self.lines.clear();
            if let Err(e) = self.input.read_until(b'\n', &mut self.lines) {
                return Err(Self::at(self.read - 1, self.read, false, e));
            }
            if self.read == 1 {
                self.bom = self.lines.starts_with(BOM);
            }
            let start = if self.read == 1 && self.bom {
                BOM.len()
            } else {
                0
            };
            if !is_blank(&self.lines[start..]) {
                scan(&self.lines[start..], &mut self.commas, self.delimiter);
                return Ok(Some(Line::Copied { start }));
            }
        }
    }

    /// Reads the record that starts at `at` in `lines` through `core`, reading on while a quoted
    /// field is open.
    fn quoted<'s>(
        &'s mut self,
        mut at: usize,
        record: Record,
        fields: &mut Vec<&'s str>,
    ) -> io::Result<Option<Record>> {
        let (start, mut bytes, mut ends) = (at, 0, 0);
        let mut at_end = false;
        loop {
            let input = &self.lines[at..];
            let (result, nin, nout, nend) =
                self.core
                    .read_record(input, &mut self.unquoted[bytes..], &mut self.ends[ends..]);
            at += nin;
            bytes += nout;
            ends += nend;
            match result {
                // A line with a quote is a record, so `core` ends it with `Record`; and it
                // answers an empty input, the end of the input, with `Record` or `End`. The other
                // two stop the loop should it ever do otherwise.
                ReadRecordResult::Record | ReadRecordResult::End => break,
                ReadRecordResult::InputEmpty if input.is_empty() => break,
                ReadRecordResult::OutputFull => {
                    self.unquoted.resize((self.unquoted.len() * 2).max(64), 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    self.ends.resize((self.ends.len() * 2).max(16), 0);
                }
                ReadRecordResult::InputEmpty => {
                    // A quoted field runs on: its next line. At the end of the input this reads
                    // nothing, and the next call gives `core` the empty input that ends it.
                    let (read, line) = (self.read, self.line);
                    let more = self.input.read_until(b'\n', &mut self.lines);
                    if more.map_err(|e| Self::at(read, line, true, e))? > 0 {
                        self.read += 1;
                    } else {
                        at_end = true;
                    }
                }
            }
        }
        let record = Record {
            last: self.read,
            open: at_end && quote_open(&self.lines[start..], self.delimiter),
            ..record
        };
        let not_text = Record {
            text: false,
            ..record
        };
        let unquoted = &self.unquoted[..bytes];
        let pieces = self.ends[..ends].iter().scan(0, |from, &end| {
            let piece = &unquoted[*from..end];
            *from = end;
            Some(piece)
        });
        // Each field must be text on its own: with its quotes taken out, a record's bytes can
        // join into a character that no field holds whole.
        if pieces
            .clone()
            .any(|piece| std::str::from_utf8(piece).is_err())
        {
            lossy(&mut self.lossy, pieces, fields);
            return Ok(Some(not_text));
        }
        let Ok(text) = std::str::from_utf8(unquoted) else {
            return Ok(Some(not_text));
        };
        let mut from = 0;
        for &end in &self.ends[..ends] {
            fields.push(&text[from..end]);
            from = end;
        }
        if let Some(last) = fields.last_mut() {
            *last = last.strip_suffix('\r').unwrap_or(last);
        }
        Ok(Some(record))
    }
}

/// A csv-core reader set up as the `csv` crate sets one up, with `\n` as the terminator and
/// `delimiter` between fields.
fn core(delimiter: u8) -> csv_core::Reader {
    let mut core = csv_core::ReaderBuilder::new()
        .delimiter(delimiter)
        .terminator(csv_core::Terminator::Any(b'\n'))
        .build();
    // `core` takes a byte-order mark off the start of the first input it is given, and off no
    // other. Here that could be a line from the middle of the file, whose bytes must stay as
    // they are, so `core` is first given a line break, which it passes over as it does between
    // records; the input's own mark is taken off in `next_line`.
    core.read_record(b"\n", &mut [0], &mut [0]);
    core
}

/// Whether a record that runs to the end of the input ends inside a quoted field: read with
/// one more line break, as if its last line were ended, it would still not be a whole record.
fn quote_open(record: &[u8], delimiter: u8) -> bool {
    let mut core = core(delimiter);
    let (mut out, mut ends) = (vec![0; record.len() + 1], vec![0; record.len() + 1]);
    for input in [record, b"\n"] {
        if let (ReadRecordResult::Record, ..) = core.read_record(input, &mut out, &mut ends) {
            return false;
        }
    }
    true
}

/// Appends `pieces` to `fields`, each decoded with U+FFFD in place of what is not UTF-8, their
/// text kept in `room`.
fn lossy<'s, 'b>(
    room: &'s mut String,
    pieces: impl Iterator<Item = &'b [u8]>,
    fields: &mut Vec<&'s str>,
) {
    room.clear();
    let ends: Vec<usize> = pieces
        .map(|piece| {
            room.push_str(&String::from_utf8_lossy(piece));
            room.len()
        })
        .collect();
    let mut from = 0;
    for end in ends {
        fields.push(&room[from..end]);
        from = end;
    }
}

/// Where [`Records::next_line`] found a line.
enum Line {
    /// In the first `len` bytes of `input`'s buffer: a line without a quote that lies whole
    /// there.
    InPlace { len: usize },
    /// In `lines`, from `start` (past the input's byte-order mark).
    Copied { start: usize },
}

/// What one pass over a line's bytes found.
struct Scan {
    /// The line's length, with its `\n`; all of the bytes when there is none.
    len: usize,
    newline: bool,
    quote: bool,
}

/// Finds where the line at the start of `bytes` ends, where its delimiters are (into
/// `commas`), and whether it has a quote.
fn scan(bytes: &[u8], commas: &mut Vec<usize>, delimiter: u8) -> Scan {
    commas.clear();
    let mut quote = false;
    for (i, &byte) in bytes.iter().enumerate() {
        match byte {
            _ if byte == delimiter => commas.push(i),
            b'"' => quote = true,
            b'\n' => {
                return Scan {
                    len: i + 1,
                    newline: true,
                    quote,
                };
            }
            _ => {}
        }
    }
    Scan {
        len: bytes.len(),
        newline: false,
        quote,
    }
}

/// A line without its `\n`, and then without the `\r` of a CRLF ending.
fn content(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Whether a line holds nothing: it is empty, or only its ending.
fn is_blank(line: &[u8]) -> bool {
    content(line).is_empty()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Every record of `input`, as its fields (`None` for a record that is not UTF-8), with
    /// the lines it starts and ends on.
    fn all(input: &[u8]) -> Vec<(u64, u64, Option<Vec<String>>)> {
        all_from(input)
    }

    /// As [`all`], from a reader.
    fn all_from(input: impl Read) -> Vec<(u64, u64, Option<Vec<String>>)> {
        let mut records = Records::new(input, Rc::default());
        let mut all = Vec::new();
        loop {
            let mut fields = Vec::new();
            let Some(record) = records.read(&mut fields).unwrap() else {
                return all;
            };
            let fields = record
                .text
                .then(|| fields.iter().map(ToString::to_string).collect());
            all.push((record.line, record.last, fields));
        }
    }

    /// The records the `csv` crate reads, in the form [`all`] gives, but for lines of only
    /// `\r`, which csv reads as a record of one field `"\r"` and which are blank here. csv
    /// gives where each record's bytes start and end; the lines are counted from those,
    /// past any blank lines csv passes over before a record.
    fn through_csv(input: &[u8]) -> Vec<(u64, u64, Option<Vec<String>>)> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_reader(input);
        let breaks = |bytes: &[u8]| bytes.split(|&b| b == b'\n').count() as u64 - 1;
        let mut all = Vec::new();
        let mut record = csv::StringRecord::new();
        loop {
            let mut start = usize::try_from(reader.position().byte()).unwrap();
            let fields = match reader.read_record(&mut record) {
                Ok(false) => return all,
                Ok(true) => {
                    let mut fields: Vec<String> = record.iter().map(ToString::to_string).collect();
                    if let Some(last) = fields.last_mut() {
                        if last.ends_with('\r') {
                            last.pop();
                        }
                    }
                    Some(fields)
                }
                Err(e) if matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) => None,
                Err(e) => panic!("{e}"),
            };
            let end = usize::try_from(reader.position().byte()).unwrap();
            if start == 0 && input.starts_with(BOM) {
                start = BOM.len();
            }
            while input.get(start) == Some(&b'\n') {
                start += 1;
            }
            let bytes = &input[start..end];
            if matches!(bytes, b"\r" | b"\r\n") {
                continue;
            }
            let line = 1 + breaks(&input[..start]);
            let last = line + breaks(bytes.strip_suffix(b"\n").unwrap_or(bytes));
            all.push((line, last, fields));
        }
    }

    /// Gives at most `most` bytes per read, as a pipe may: lines then run past the end of the
    /// reader's buffer.
    struct Trickle<'a> {
        bytes: &'a [u8],
        most: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.bytes.len().min(self.most).min(buf.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    #[expect(clippy::unnecessary_wraps, reason = "compared with what `all` gives")]
    fn fields(fields: &[&str]) -> Option<Vec<String>> {
        Some(fields.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn a_line_is_split_at_the_delimiter_it_is_given() {
        let input = b"views;bio\n1m;\"a, b; c\"\n2m;x,y\n";
        let mut records = Records::new(&input[..], Rc::default());
        records.set_delimiter(b';');
        let mut read = Vec::new();
        loop {
            let mut fields = Vec::new();
            if records.read(&mut fields).unwrap().is_none() {
                break;
            }
            read.push(fields.iter().map(ToString::to_string).collect::<Vec<_>>());
        }
        assert_eq!(
            read,
            [["views", "bio"], ["1m", "a, b; c"], ["2m", "x,y"]].map(|r| r.map(String::from))
        );
    }

    #[test]
    fn a_line_is_split_at_its_commas() {
        assert_eq!(
            all(b"views,handle\n1k,@a\n,\n2k,\xc3\xa9,\r\n"),
            [
                (1, 1, fields(&["views", "handle"])),
                (2, 2, fields(&["1k", "@a"])),
                (3, 3, fields(&["", ""])),
                (4, 4, fields(&["2k", "\u{e9}", ""])),
            ]
        );
    }

    #[test]
    fn blank_lines_hold_no_record_but_are_counted() {
        assert_eq!(
            all(b"\nviews\n\n1\r\n\r\n\r\n2\n\n"),
            [
                (2, 2, fields(&["views"])),
                (4, 4, fields(&["1"])),
                (7, 7, fields(&["2"])),
            ]
        );
    }

    #[test]
    fn a_quoted_field_may_hold_commas_quotes_and_line_breaks() {
        assert_eq!(
            all(b"a,b\n\"1,5\",\"say \"\"hi\"\"\"\n\"two\nlines\",x\r\n3,\"4\"\n"),
            [
                (1, 1, fields(&["a", "b"])),
                (2, 2, fields(&["1,5", "say \"hi\""])),
                (3, 4, fields(&["two\nlines", "x"])),
                (5, 5, fields(&["3", "4"])),
            ]
        );
    }

    #[test]
    fn a_quote_left_open_runs_to_the_end_of_the_input() {
        assert_eq!(
            all(b"a\n\"open\n1\n2"),
            [(1, 1, fields(&["a"])), (2, 4, fields(&["open\n1\n2"]))]
        );
    }

    #[test]
    fn a_record_at_the_end_of_the_input_says_whether_its_quote_is_open() {
        let open = |input: &[u8]| {
            let mut records = Records::new(input, Rc::default());
            let mut opens = Vec::new();
            while let Some(record) = records.read(&mut Vec::new()).unwrap() {
                opens.push(record.open);
            }
            opens
        };
        assert_eq!(open(b"a\n\"open\n"), [false, true]);
        assert_eq!(open(b"a\n\"open"), [false, true]);
        assert_eq!(open(b"a\n\"open\n1\n2"), [false, true]);
        // An escaped quote leaves the field open; a closing one shuts it, line break or not.
        assert_eq!(open(b"a\n\"x\"\""), [false, true]);
        assert_eq!(open(b"a\n\"x\"\"\""), [false, false]);
        assert_eq!(open(b"a\n\"shut\""), [false, false]);
        assert_eq!(open(b"a\n\"shut\"\n"), [false, false]);
        // A quote inside a field is a character of it, and a quoted line break is the field's.
        assert_eq!(open(b"a\n5\" screen"), [false, false]);
        assert_eq!(open(b"a\n\"two\nlines\"\nb\n"), [false, false, false]);
    }

    #[test]
    fn a_byte_order_mark_is_taken_off_the_first_record_only() {
        assert_eq!(
            all(b"\xef\xbb\xbfviews\n\xef\xbb\xbf1\n"),
            [(1, 1, fields(&["views"])), (2, 2, fields(&["\u{feff}1"]))]
        );
        assert_eq!(all(b"\xef\xbb\xbf"), []);
        assert_eq!(all(b""), []);
    }

    /// The next record is waiting when a whole line without a quote is: a quoted field may
    /// run on to lines not read yet, so a live batch writes out what it has before it.
    #[test]
    fn the_next_record_is_waiting_only_when_its_line_is_whole_and_unquoted() {
        let waiting = |input: &'static [u8]| {
            let mut records = Records::new(input, Rc::default());
            let mut fields = Vec::new();
            records.read(&mut fields).unwrap();
            records.has_line()
        };
        assert!(waiting(b"views\n1m\n"));
        assert!(!waiting(b"views\n1m"));
        assert!(!waiting(b"views\n1m,\"x\n"));
        assert!(!waiting(b"views\n1m,\"x\"\n"));
        assert!(!waiting(b"views\n"));
    }

    /// Its fields are read as best they can be, for the error record to carry.
    #[test]
    fn a_record_that_is_not_utf8_is_not_text_and_the_next_is_read() {
        assert_eq!(
            all(b"a\n\xff,1\n\"\xff\"\n2\n"),
            [
                (1, 1, fields(&["a"])),
                (2, 2, None),
                (3, 3, None),
                (4, 4, fields(&["2"])),
            ]
        );
    }

    #[test]
    fn a_character_split_between_quoted_fields_is_not_text() {
        // The fields' bytes join into a byte-order mark, but neither field holds it whole.
        let input = b"a\n\"\xef\xbb\",\xbf\n";
        assert_eq!(all(input), [(1, 1, fields(&["a"])), (2, 2, None)]);
        assert_eq!(through_csv(input), all(input));
    }

    #[test]
    fn a_byte_order_mark_inside_the_input_is_text_even_before_a_quote() {
        let input = b"views\n\xef\xbb\xbf\"1\",2\n";
        assert_eq!(
            all(input),
            [
                (1, 1, fields(&["views"])),
                (2, 2, fields(&["\u{feff}\"1\"", "2"]))
            ]
        );
        assert_eq!(through_csv(input), all(input));
    }

    /// Pieces of CSV: what the reader looks for, the bytes just above those (which the
    /// eight-byte scan may mark too), characters of two and three bytes whole and split, bytes
    /// that are not text, and long runs, past a word and past the reader's buffer.
    fn piece() -> impl Strategy<Value = Vec<u8>> {
        let short: &[&[u8]] = &[
            b"a",
            b",",
            b"\"",
            b"\r",
            b"\n",
            b"\r\n",
            b"-",
            b"#",
            b"\x0b",
            b"\xc3\xa9",
            BOM,
            b"\xc3",
            b"\xa9",
            b"\xe2\x82",
            b"\xff",
            b"\"\"",
        ];
        prop_oneof![
            12 => prop::sample::select(short).prop_map(<[u8]>::to_vec),
            1 => (1usize..20_000).prop_map(|n| vec![b'y'; n]),
            1 => (1usize..200).prop_map(|n| b",".repeat(n)),
        ]
    }

    proptest! {
        /// The records, their lines and fields, and which are not text, are the `csv`
        /// crate's, however the input's reads split it.
        #[test]
        fn the_records_are_the_csv_crates(
            pieces in prop::collection::vec(piece(), 0..48),
            most in prop_oneof![1usize..20, Just(usize::MAX)],
        ) {
            let input = pieces.concat();
            let expected = through_csv(&input);
            prop_assert_eq!(&all(&input), &expected);
            prop_assert_eq!(&all_from(Trickle { bytes: &input, most }), &expected);
        }
    }
}
