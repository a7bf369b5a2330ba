//! Many estimates in one pass: rows of CSV or NDJSON in, one record per row out, in input
//! order.
//!
//! The batch streams: whatever the input's size, it holds one row at a time, about 256 KiB of
//! records not yet written, and the estimator's plans for at most 256 situations. It reads from
//! the `Read` and writes to the `Write` it is given and reports failed rows and progress to a
//! callback, so the caller decides what reaches stderr. A bad row never stops the batch (unless
//! `strict`) and is never dropped: it becomes an error record in the output.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::BTreeSet;
use std::fmt;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::rc::Rc;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

use crate::count::{parse_count, parse_percent, parse_share};
use crate::decimal::Decimal;
use crate::duration::parse_video_length;
use crate::estimate::{
    Conversion, Estimate, EstimateError, Estimator, Input, Reason, Used, beyond_platform,
    currency_elsewhere, resolve_currency, resolve_with, unusable,
};
use crate::money::{Money, group_thousands, plural};
use crate::month::{Cadence, Month, MonthError, MonthInput, MonthReason, Room, month_in};
use crate::rates::{Grade, RateTable};
use crate::report;
use crate::report::csv::{flag, grade};
use crate::report::month_row::MonthWriter;
use crate::report::row::{Carried, RowWriter, with_counts, written_alike};
use crate::suggest::did_you_mean;
use crate::text::and_list;

mod records;

use records::{Record, Records};

/// The longest input line, or CSV row, a batch reads: a longer one (a device that never sends a
/// newline, a CSV quote never closed) is an error, so memory stays bounded.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

/// How often, in rows, progress is reported.
pub const PROGRESS_EVERY: u64 = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    Csv,
    Ndjson,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Ndjson,
    Csv,
}

#[derive(Debug, Clone)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "each is a setting of its own, as the flags that give them are"
)]
pub struct Options {
    pub input: InputFormat,
    pub output: OutputFormat,
    /// Stop at the first bad row.
    pub strict: bool,
    /// Columns (or NDJSON keys) carried as they are, though they look like a misspelt input.
    pub carry: Vec<String>,
    /// The currency every row's amounts are given in; the table's own when absent.
    pub currency: Option<String>,
    /// Rows are accounts (average views, videos a month, …), and each record is the account's
    /// month; otherwise rows are videos.
    pub month: bool,
    /// The input may keep the batch waiting (a pipe, a terminal): the records written so far
    /// are flushed whenever the next row is not yet read, so that a live pipe sees each record
    /// as its row arrives. A file never keeps a batch waiting, and is written in blocks.
    pub live: bool,
    /// What a row that gives no value for an input takes, as if its flag were given beside the
    /// row's own values: its profile (followers, places, age, 30-day views, length) and factors
    /// (qualified share, niche, engagement). A row's `region` stands for both its places, so
    /// that no default country or audience applies. The views, currency and opt-in channels are
    /// not read.
    pub defaults: Input<'static>,
    /// The byte between a CSV input's fields; else a first line `sep=;` names it, or it is `,`.
    pub delimiter: Option<u8>,
    /// How a CSV input's numbers write their decimals.
    pub decimal_mark: DecimalMark,
    /// CSV records end with each channel's reasons, as NDJSON records always have them.
    pub reasons: bool,
}

/// The character before a number's decimals in a CSV input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DecimalMark {
    /// `4.5%`, `45,000`: as the flags read numbers.
    #[default]
    Point,
    /// `4,5%`, `45.000`: as spreadsheets in much of Europe and Latin America write them.
    Comma,
}

/// What happened, for the closing summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub read: u64,
    pub estimated: u64,
    pub failed: u64,
    /// The line of the bad row `strict` stopped at.
    pub stopped_at: Option<u64>,
    /// Rows estimated whose total leaves out a channel the row has, for want of an input, a
    /// priced figure or a threshold, or where it is not open (its status is `needs_input`,
    /// `unpriced`, `ineligible`, `unavailable` or `closed`).
    pub incomplete: Lines,
    /// Rows whose views, 30-day views or followers are more than the people TikTok says come
    /// to it each month.
    pub beyond_platform: Lines,
    /// Rows whose total counts a figure priced in another region's market, the table having
    /// none for the row's audience (`Reason::PricedIn`: a US brand-deal fee for a Brazilian
    /// audience).
    pub priced_elsewhere: Lines,
    /// Failed rows whose bad numbers a decimal comma would all read (`45.000`, `4,5%`): the
    /// roster may write its numbers so, and want `DecimalMark::Comma`.
    pub decimal_comma: Lines,
    /// Rows with more views than their account's 30 days, which usually include them.
    pub fewer_in_30d: Lines,
    /// Accounts with more paying subscribers than followers.
    pub more_subscribers: Lines,
    /// Rows whose diamonds (or sales) price a channel their `with` does not name, which their
    /// total then leaves out.
    pub not_named: Lines,
    /// CSV rows with a carried cell that says `Total`, as a spreadsheet's sum of the rows
    /// above does.
    pub totals: Lines,
}

/// Rows counted for the summary, by line: how many, and the first few, so that a roster's
/// summary can say where to look.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Lines {
    count: u64,
    first: [u64; Lines::KEPT],
}

impl Lines {
    /// How many lines the summary names; the rest it counts.
    const KEPT: usize = 8;

    pub fn push(&mut self, line: u64) {
        if let Some(slot) = usize::try_from(self.count)
            .ok()
            .and_then(|i| self.first.get_mut(i))
        {
            *slot = line;
        }
        self.count += 1;
    }

    pub fn count(&self) -> u64 {
        self.count
    }

    /// The lines kept, in the order they were pushed.
    pub fn first(&self) -> &[u64] {
        let kept = usize::try_from(self.count).map_or(Lines::KEPT, |n| n.min(Lines::KEPT));
        &self.first[..kept]
    }
}

impl fmt::Display for Lines {
    /// `line 4`, `lines 2, 3 and 9`, `lines 2, 3, 4, 5, 6, 7, 8, 9 and 1,204 more`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut named: Vec<String> = self.first().iter().map(|l| group_thousands(*l)).collect();
        let rest = self.count - named.len() as u64;
        if rest > 0 {
            named.push(format!("{} more", group_thousands(rest)));
        }
        let noun = if self.count == 1 { "line" } else { "lines" };
        write!(f, "{noun} {}", and_list(&named))
    }
}

/// What the caller hears while the batch runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event<'a> {
    /// A row failed; its error record is already in the output.
    RowFailed { line: u64, message: &'a str },
    /// This many rows have been read so far (every `PROGRESS_EVERY`).
    Progress { rows: u64 },
    /// Something the user probably did not mean, that does not stop the batch: a column whose
    /// name is close to an input's.
    Warning { message: &'a str },
}

/// Why a CSV row with a quoted field that runs past its line was not estimated.
fn runs_on(record: Record) -> String {
    let taken = match record.last - record.line {
        0 => "this row was".to_string(),
        1 => format!("line {} went into this row and was", record.last),
        _ => format!(
            "lines {}-{} went into this row and were",
            record.line + 1,
            record.last
        ),
    };
    if record.open {
        format!(
            "a quote is left open: its field runs to the end of the input, so {taken} not \
             estimated. Close the quote, or take it out"
        )
    } else {
        format!(
            "a quoted field runs on to line {}, so {taken} not estimated: is a quote left open? \
             Each row must be one line: close the quote, or take the line break out of the cell",
            record.last
        )
    }
}

/// A failure of the batch as a whole, as opposed to one bad row.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The column's name, the header's columns, and one of them that looks like a misspelling
    /// of it.
    #[error("the header has no `{0}` column (it has: {1})")]
    NoViews(&'static str, String, Option<String>),
    /// An account's roster with neither count of videos: the header's columns, and one that
    /// looks like one of them (`Videos / month`).
    #[error("the header has no `videos` or `videos_per_week` column (it has: {0})")]
    NoCadence(String, Option<String>),
    #[error("column `{0}` is not read for an account's month: {1}")]
    NotForMonth(String, &'static str),
    #[error("column `{0}` is read only for an account's month (--month), not for a video: {1}")]
    NotForVideo(String, &'static str),
    #[error("column `{0}` appears twice in the header")]
    DuplicateColumn(String),
    #[error("{}", repeated_carried(.0))]
    RepeatedCarried(String),
    /// Under `--strict`, a column that looks like a misspelt input.
    #[error("{message}")]
    /// `accounts`: some are an account's columns, in a roster of videos.
    Misspelt {
        column: String,
        message: String,
        accounts: bool,
    },
    #[error("the header is not UTF-8 text")]
    HeaderNotText,
    /// A spreadsheet program's own file: what kind.
    #[error("it is {0}, not text")]
    Workbook(&'static str),
    #[error("it is UTF-16 text, as a spreadsheet program's \"Unicode Text\" is; earn reads UTF-8")]
    Utf16,
    #[error("the header opens a quote that is never closed, so the whole input went into it")]
    HeaderQuoteOpen,
    #[error("the first line is a JSON object, not a CSV header")]
    LooksLikeNdjson,
    /// NDJSON whose first line is no object but cells between delimiters: a CSV header.
    #[error("the first line is a CSV header, not a JSON object")]
    LooksLikeCsv,
    #[error("line {0} is longer than 1 MiB, the most a row may be")]
    LineTooLong(u64),
    #[error("the row at line {0} runs on past 1 MiB: is a CSV quote left open?")]
    RowTooLong(u64),
    /// NDJSON whose first line opens a JSON array, or a JSON object spread over lines: a JSON
    /// document, whose lines are not rows. Whether it is an array.
    #[error(
        "the input is {}, not NDJSON (one object per line)",
        if *.0 { "a JSON array" } else { "a JSON object spread over lines" }
    )]
    JsonDocument(bool),
    #[error("input column `{0}` has the name of one of the output's own columns")]
    ColumnClash(String),
    /// CSV with nothing to read, not even a header: a step before the batch that failed and
    /// wrote nothing should not pass for a roster of no rows. (An NDJSON stream of no objects
    /// is a stream, as a filter that matches nothing writes.) The column every row needs.
    #[error("it has no header and no rows (it is empty, or only blank lines)")]
    Empty(&'static str),
    #[error("reading the input: {0}")]
    Read(io::Error),
    #[error("writing the output: {0}")]
    Write(io::Error),
}

/// Why NDJSON input whose first line is `text` is no NDJSON at all: a JSON array, or a line
/// that only opens an object (as `jq .` writes one), is a JSON document; cells under names of
/// columns are a CSV header (a roster saved as .ndjson), whose every line would be an error of
/// its own. A row that is merely broken is that row's error, as on any other line.
fn no_ndjson(text: &str, month: bool) -> Option<BatchError> {
    if text.starts_with('[') {
        return Some(BatchError::JsonDocument(true));
    }
    if text == "{" {
        return Some(BatchError::JsonDocument(false));
    }
    let named = |cell: &str| Field::named_in(cell.trim().trim_matches('"'), month).is_some();
    (!text.starts_with('{') && text.split([',', ';', '\t', '|']).any(named))
        .then_some(BatchError::LooksLikeCsv)
}

fn repeated_carried(name: &str) -> String {
    format!(
        "column `{name}` appears twice in the header, and NDJSON output keeps carried columns by \
         name, under `extra`"
    )
}

/// The name a carried column goes by in NDJSON's `extra`: its own, or for a column the header
/// leaves unnamed (as spreadsheets do past a table's last column), its place, `column 4`.
fn carried_name(name: &str, index: usize) -> String {
    if name.trim().is_empty() {
        format!("column {}", index + 1)
    } else {
        name.to_string()
    }
}

/// The name of the input a heading names, whatever its case and separators: `views_30d`,
/// `Views-30d` and `Views 30d` (a spreadsheet's heading) are one column.
pub fn column_key(heading: &str) -> String {
    heading
        .trim()
        .chars()
        .map(|c| match c {
            '-' | ' ' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The delimiter a spreadsheet's first line `sep=;` names, read as fields between
/// `delimiter`s. Written `SEP=;` too, and `sep=;;;` once a spreadsheet that read the line as a
/// row of empty cells saves it again.
fn sep_line(fields: &[&str], delimiter: u8) -> Option<u8> {
    let line = fields.join(char::from(delimiter).encode_utf8(&mut [0; 4]));
    let line = line.trim_end();
    let named = line
        .get(..4)
        .filter(|sep| sep.eq_ignore_ascii_case("sep="))
        .and_then(|_| line.get(4..))?
        .as_bytes();
    match named {
        [first, rest @ ..] if is_delimiter(*first) && rest.iter().all(|b| b == first) => {
            Some(*first)
        }
        _ => None,
    }
}

/// Whether a byte can stand between CSV fields: not a quote, a line end, a letter or a digit.
pub fn is_delimiter(byte: u8) -> bool {
    byte == b'\t' || (byte.is_ascii_punctuation() && byte != b'"')
}

/// The columns of a CSV row that is not UTF-8 that hold what is not (read as U+FFFD): the
/// first input among them, whose value cannot be read, or else the first carried one, which
/// is carried as decoded.
fn lossy_columns<'h>(
    headers: &'h [String],
    columns: &[Option<Field>],
    fields: &[&str],
) -> (Option<&'h str>, Option<&'h str>) {
    let mut lossy = fields
        .iter()
        .enumerate()
        .filter(|(_, field)| field.contains('\u{fffd}'))
        .map(|(i, _)| i);
    let input = lossy
        .clone()
        .find(|&i| columns.get(i).is_some_and(Option::is_some));
    let name = |i: usize| headers.get(i).map(String::as_str);
    (input.and_then(name), lossy.next().and_then(name))
}

/// Whether a row is the header again (as when two exports are joined, each with its
/// byte-order mark).
fn repeats_header(headers: &[String], fields: &[&str]) -> bool {
    headers.len() == fields.len()
        && headers.iter().zip(fields).all(|(header, field)| {
            let field = field.trim_start_matches('\u{feff}');
            header.trim().eq_ignore_ascii_case(field.trim())
        })
}

/// Whether a CSV record's cells are all empty or spaces: a blank line, as far as a roster goes.
fn holds_nothing(fields: &[&str]) -> bool {
    fields.iter().all(|field| field.trim().is_empty())
}

/// The input columns the estimate reads, named like the command-line flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Views,
    Followers,
    Region,
    Country,
    Audience,
    Age,
    Views30d,
    Length,
    Diamonds,
    QualifiedShare,
    Niche,
    Engagement,
    With,
    Sales,
    AvgViews,
    Videos,
    VideosPerWeek,
    Sponsored,
    Linked,
    Subscribers,
}

/// For a column of one video's that an account's row cannot have, what the account gives
/// instead.
fn per_video_only(field: Field) -> Option<&'static str> {
    match field {
        Field::Views => Some("an account's row gives avg_views, its average views a video"),
        Field::With => {
            Some("an account's row gives its opt-in channels by sponsored, sales and diamonds")
        }
        _ => None,
    }
}

/// Whether an NDJSON value gives nothing: `null`, `false`, `0`, `""`, `"0"`, `"none"`, `[]`.
fn gives_nothing(value: &Value) -> bool {
    match value {
        Value::Null | Value::Bool(false) => true,
        Value::Number(n) => n.as_u64() == Some(0),
        Value::String(s) => matches!(s.trim(), "" | "0") || s.trim().eq_ignore_ascii_case("none"),
        Value::Array(items) => items.is_empty(),
        _ => false,
    }
}

/// For a column of an account's month that a video's row cannot have, what the row gives
/// instead, when the column would change what the video earns.
fn per_month_only(field: Field) -> Option<&'static str> {
    match field {
        Field::Sponsored => Some("a video that is a paid brand deal has `with` sponsorship"),
        Field::Linked => Some("a video whose product link sells has `with` affiliate"),
        _ => None,
    }
}

/// How many fields there are, of videos and of accounts: `Subscribers` is the last variant
/// (a test checks every field's index is below this).
const FIELD_COUNT: usize = Field::Subscribers as usize + 1;

/// In the order of the estimate's JSON input (but `sales`, added last as a CSV's columns are),
/// and of the variants (see [`Field::index`]).
const FIELDS: [(&str, Field); 14] = [
    ("views", Field::Views),
    ("followers", Field::Followers),
    ("region", Field::Region),
    ("country", Field::Country),
    ("audience", Field::Audience),
    ("age", Field::Age),
    ("views_30d", Field::Views30d),
    ("length", Field::Length),
    ("diamonds", Field::Diamonds),
    ("qualified_share", Field::QualifiedShare),
    ("niche", Field::Niche),
    ("engagement", Field::Engagement),
    ("with", Field::With),
    // Added after the others: a CSV's columns only ever grow at the end.
    ("sales", Field::Sales),
];

/// The input columns of an account's month, in the order of the month's JSON input (but
/// `sales`, added last): the estimate's but `views` and `with`, and the month's own.
const MONTH_FIELDS: [(&str, Field); 18] = [
    ("avg_views", Field::AvgViews),
    ("videos", Field::Videos),
    ("videos_per_week", Field::VideosPerWeek),
    ("sponsored", Field::Sponsored),
    ("linked", Field::Linked),
    ("subscribers", Field::Subscribers),
    ("followers", Field::Followers),
    ("region", Field::Region),
    ("country", Field::Country),
    ("audience", Field::Audience),
    ("age", Field::Age),
    ("views_30d", Field::Views30d),
    ("length", Field::Length),
    ("diamonds", Field::Diamonds),
    ("qualified_share", Field::QualifiedShare),
    ("niche", Field::Niche),
    ("engagement", Field::Engagement),
    ("sales", Field::Sales),
];

/// The input columns rows of videos (`month` false) or of accounts have.
fn fields(month: bool) -> &'static [(&'static str, Field)] {
    if month { &MONTH_FIELDS } else { &FIELDS }
}

impl Field {
    /// Whether the field holds a count, read by [`parse_count`] (or an age, in whole years).
    fn is_count(self) -> bool {
        !matches!(
            self,
            Field::Region
                | Field::Country
                | Field::Audience
                | Field::Length
                | Field::QualifiedShare
                | Field::Niche
                | Field::Engagement
                | Field::With
                | Field::Sales
        )
    }

    /// Whether the field holds a name: a place, a niche, channel ids.
    fn is_name(self) -> bool {
        matches!(
            self,
            Field::Region | Field::Country | Field::Audience | Field::Niche | Field::With
        )
    }

    /// Whether the field is a whole number as a JSON number: a count, an age, or a length in
    /// seconds (`75.0` is 75 seconds).
    fn is_whole(self) -> bool {
        self.is_count() || self == Field::Length
    }

    /// `views_30d`, and also `views-30d` or `Views_30d`: a column named like the flag.
    fn named(name: &str) -> Option<Field> {
        Field::named_in(name, false)
    }

    /// [`Field::named`], among the columns of videos or (`month`) of accounts.
    fn named_in(name: &str, month: bool) -> Option<Field> {
        let name = column_key(name);
        fields(month)
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, f)| f)
    }

    /// Whether a flag gives it to every row that leaves it out: the fields [`fill`] fills.
    fn has_default(self) -> bool {
        matches!(
            self,
            Field::Followers
                | Field::Region
                | Field::Country
                | Field::Audience
                | Field::Age
                | Field::Views30d
                | Field::Length
                | Field::QualifiedShare
                | Field::Niche
                | Field::Engagement
        )
    }

    /// Its place in `FIELDS`, or past them for a month's own.
    fn index(self) -> usize {
        self as usize
    }

    fn name(self) -> &'static str {
        FIELDS
            .iter()
            .chain(&MONTH_FIELDS)
            .find(|(_, f)| *f == self)
            .map_or("", |&(n, _)| n)
    }
}

/// Whether a column of this name is read as an input, of a video or (`month`) of an account.
pub fn input_column(name: &str, month: bool) -> bool {
    Field::named_in(name, month).is_some()
}

/// "column `follower` is not an input: did you mean `followers`? It is carried as is", or
/// under `--strict`, which refuses it, "… (--strict refuses it)".
fn near_miss(name: &str, month: bool, strict: bool) -> Option<String> {
    let then = if strict {
        "--strict refuses a column that looks like a misspelt input"
    } else {
        "It is carried to the output as is"
    };
    // A month's own column in a roster of videos: `videos`, `subscribers` (one that would
    // change what the video earns fails the roster, or its row).
    if let Some(field) = Field::named_in(name, true).filter(|_| !month) {
        if per_month_only(field).is_some() {
            return None;
        }
        let then = if strict {
            "--strict refuses an account's column in a roster of videos"
        } else {
            "it is carried to the output as is"
        };
        return Some(format!(
            "column `{name}` is read only for an account's month (--month), not for a video: \
             {then}"
        ));
    }
    looks_like_input(&column_key(name), month)
        .map(|s| format!("column `{name}` is not an input: did you mean `{s}`? {then}"))
}

/// The input a column's key looks like a slip for: one edit from its name (of a name under five
/// letters, a letter changed or two swapped: `aeg`, not `page`), its plural (`ages`), or its
/// name among words that say what it already is or what it is of (`follower_count`,
/// `Age (years)`, `TikTok Followers`, `Video Length`, `Views (last 30 days)`, `Monthly Sales`). A column that
/// says something more (`followers_gained`, `age_group`, `views_7d`) is its own.
fn looks_like_input(key: &str, month: bool) -> Option<&'static str> {
    const SAYS_WHAT_IT_IS: [&str; 36] = [
        "count", "counts", "number", "num", "no", "total", "rate", "pct", "percent", "code",
        "name", "value", "amount", "type", "category", "years", "year", "yrs", "old", "seconds",
        "secs", "sec", "s", "usd", "tiktok", "account", "creator", "video", "live", "posts",
        "last", "of", "country", "videos", "received", "paid",
    ];
    // In a roster of accounts, whose counts are the month's: `Monthly Sales`, `Sponsored
    // Videos per Month` (beside a video's views, `Monthly Views` says something more).
    const OF_A_MONTH: [&str; 3] = ["monthly", "month", "per"];
    let words = key_words(key);
    let said_again = |input: &str| {
        let mut rest = words.clone();
        for word in input.split('_') {
            let forms = [
                Some(word.to_string()),
                word.strip_suffix('s').map(String::from),
            ];
            let Some(at) = rest
                .iter()
                .position(|w| forms.iter().flatten().any(|f| f == w))
            else {
                return false;
            };
            rest.remove(at);
        }
        rest.iter().all(|w| {
            SAYS_WHAT_IT_IS.contains(&w.as_str()) || (month && OF_A_MONTH.contains(&w.as_str()))
        })
    };
    let slip = |input: &str| {
        strsim::osa_distance(key, input) == 1 && (input.len() >= 5 || key.len() == input.len())
            || key.strip_suffix('s') == Some(input)
    };
    (fields(month).iter().map(|&(name, _)| name)).find(|&input| slip(input) || said_again(input))
}

/// A column key's words, split at anything not a letter or digit, with a number of days
/// written as the inputs write it: `views_(30_days)` is `views`, `30d`.
fn key_words(key: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in key
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let days = ["days", "day", "d"];
        let number = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit());
        if let Some(n) = days
            .iter()
            .find_map(|d| word.strip_suffix(d))
            .filter(|n| number(n))
        {
            words.push(format!("{n}d"));
        } else if let Some(n) = words
            .last_mut()
            .filter(|n| days.contains(&word) && number(n))
        {
            n.push('d');
        } else {
            words.push(word.to_string());
        }
    }
    words
}

/// The rows of a batch read so far, as a total row below them would sum them.
#[derive(Debug, Default)]
struct Above {
    rows: u64,
    views: u128,
    /// The last line whose carried cells are all empty, as a total row's label may be.
    unlabelled: u64,
    /// Rows with something in a carried cell (a handle, a name).
    labelled: u64,
}

/// A row as read: a video's input, and for an account the month's own counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Row<'r> {
    /// The video, or an account's typical video (its views the average views).
    input: Input<'r>,
    /// The row's `with` names no channel (`none`, or a JSON `[]`), which `--with` then does
    /// not fill in.
    names_none: bool,
    videos: Option<u64>,
    videos_per_week: Option<u64>,
    sponsored: u64,
    linked: u64,
}

impl<'r> Row<'r> {
    /// The account's month; the message names the column at fault.
    fn month(&mut self) -> Result<MonthInput<'r>, String> {
        let cadence = match (self.videos, self.videos_per_week) {
            (Some(_), Some(_)) => {
                return Err(
                    "videos, videos_per_week: both given; give videos a month or a week, not both"
                        .to_string(),
                );
            }
            (Some(n), None) => Cadence::Month(n),
            (None, Some(n)) => Cadence::Week(n),
            (None, None) => {
                return Err(
                    "videos: missing: every account needs videos (a month) or videos_per_week"
                        .to_string(),
                );
            }
        };
        Ok(MonthInput {
            video: std::mem::take(&mut self.input),
            cadence,
            sponsored: self.sponsored,
            linked: self.linked,
        })
    }
}

/// How a roster's cells write a number's decimal point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// NDJSON: JSON's numbers have a decimal point, and its texts are read as flags are.
    Json,
    /// A CSV cell, read as a flag is: a decimal point, commas between thousands.
    Point,
    /// A CSV cell under `--decimal-comma`: a decimal comma, dots between thousands.
    Comma,
}

/// Sets one input field from its text; an empty text leaves it unset. The message names the
/// column.
fn set<'r>(row: &mut Row<'r>, field: Field, text: &'r str, mark: Mark) -> Result<(), CellError> {
    let text = crate::count::trim(text);
    if text.is_empty() {
        return match field {
            Field::Views => Err("views: empty: every row needs its views".to_string().into()),
            Field::AvgViews => Err("avg_views: empty: every account needs its average views"
                .to_string()
                .into()),
            _ => Ok(()),
        };
    }
    if field == Field::With {
        row.names_none = names_none(text)?;
    }
    let input = &mut row.input;
    match field {
        Field::Region => input.region = Some(Cow::Borrowed(text)),
        Field::Country => input.country = Some(Cow::Borrowed(text)),
        Field::Audience => input.audience = Some(Cow::Borrowed(text)),
        Field::Niche => input.niche = Some(Cow::Borrowed(text)),
        Field::With => input.with = channel_ids(text),
        _ if mark == Mark::Comma => {
            return set_decimal_comma(row, field, text).map_err(CellError::from);
        }
        _ => {
            return set_number(row, field, text).map_err(|message| CellError {
                commas_read_it: mark == Mark::Point && commas_read_it(field, text),
                message,
            });
        }
    }
    Ok(())
}

/// Why a cell could not be read, named by its column.
struct CellError {
    message: String,
    /// Read with a decimal comma, it would be a number (`45.000`, `4,5%`).
    commas_read_it: bool,
}

impl From<String> for CellError {
    fn from(message: String) -> Self {
        CellError {
            message,
            commas_read_it: false,
        }
    }
}

/// Sets a field that holds a number (a count, an age, a length or a share) from its text.
fn set_number(row: &mut Row<'_>, field: Field, text: &str) -> Result<(), String> {
    let input = &mut row.input;
    let named = |e: String| format!("{}: {e}", field.name());
    match field {
        // An account's average views are its typical video's views.
        Field::Views | Field::AvgViews => input.views = count(field, text)?,
        Field::Followers => input.followers = Some(count(field, text)?),
        Field::Age => {
            input.age = Some(match crate::count::plain_digits(text) {
                Some(age) => age,
                None => crate::count::parse_age(text).map_err(named)?,
            });
        }
        Field::Views30d => input.views_30d = Some(count(field, text)?),
        Field::Diamonds => input.diamonds = Some(count(field, text)?),
        Field::Sales => input.sales = Some(crate::count::parse_sales(text).map_err(named)?),
        Field::Length => input.length = Some(parse_video_length(text).map_err(named)?),
        Field::QualifiedShare => input.qualified_share = Some(parse_share(text).map_err(named)?),
        Field::Engagement => input.engagement = Some(parse_percent(text).map_err(named)?),
        Field::Subscribers => input.subscribers = Some(count(field, text)?),
        Field::Videos => row.videos = Some(count(field, text)?),
        Field::VideosPerWeek => row.videos_per_week = Some(count(field, text)?),
        Field::Sponsored => row.sponsored = count(field, text)?,
        Field::Linked => row.linked = count(field, text)?,
        // Names are `set`'s own, never read as numbers.
        Field::Region | Field::Country | Field::Audience | Field::Niche | Field::With => {
            return Err(named("a name, not a number".to_string()));
        }
    }
    Ok(())
}

/// The spaces a spreadsheet in a decimal-comma locale may put between thousands (French and
/// Portuguese ones write `45 000`, with a no-break space or a narrow one).
const THOUSANDS_SPACES: [char; 3] = [' ', '\u{a0}', '\u{202f}'];

/// `text` as a flag writes it, from a decimal comma's way: dots and commas swapped, and a space
/// between digits a comma between thousands. `45.000`, `45 000` and `4,5%` become `45,000`,
/// `45,000` and `4.5%`.
fn swap_marks(text: &str) -> String {
    swapped(text, |c, between_digits| match c {
        '.' => ',',
        ',' => '.',
        c if between_digits && THOUSANDS_SPACES.contains(&c) => ',',
        c => c,
    })
}

/// `text` with each dot or comma between two digits swapped: the numbers of a message as a
/// decimal comma writes them (`1,000` and `1.5k` become `1.000` and `1,5k`).
fn swap_digit_marks(text: &str) -> String {
    swapped(text, |c, between_digits| match c {
        '.' if between_digits => ',',
        ',' if between_digits => '.',
        c => c,
    })
}

/// `text` with each character replaced as `swap` says, told whether it stands between two
/// digits.
fn swapped(text: &str, swap: impl Fn(char, bool) -> char) -> String {
    let chars: Vec<char> = text.chars().collect();
    let digit = |i: Option<usize>| {
        i.and_then(|i| chars.get(i))
            .is_some_and(char::is_ascii_digit)
    };
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| swap(c, digit(i.checked_sub(1)) && digit(Some(i + 1))))
        .collect()
}

/// A number written with a decimal comma (`--decimal-comma`): `45.000` is 45,000, `4,5%` is
/// 4.5%, `1,5k` is 1,500.
fn set_decimal_comma(row: &mut Row<'_>, field: Field, text: &str) -> Result<(), String> {
    let marked = text.contains(['.', ',']) || text.contains(THOUSANDS_SPACES);
    let swapped = if marked {
        Cow::Owned(swap_marks(text))
    } else {
        Cow::Borrowed(text)
    };
    set_number(row, field, &swapped).map_err(|e| {
        // A message about the marks themselves is the flags' (`'1,000' has a decimal comma`):
        // this mode has its own. Any other is said in this mode's terms: the cell as written,
        // and its examples with a decimal comma (`0,45`, `1,5k`).
        if !(e.contains("decimal") || e.contains("thousands")) {
            let quoted = format!("'{swapped}'");
            let parts: Vec<String> = e.split(&quoted).map(swap_digit_marks).collect();
            return parts.join(&format!("'{text}'"));
        }
        let name = field.name();
        let how = "with --decimal-comma a comma is the decimal point and a dot goes between \
                   thousands";
        match field {
            Field::QualifiedShare | Field::Engagement => format!(
                "{name}: '{text}' is not a share ({how}): write a percentage like 4,5% or a \
                 fraction like 0,45"
            ),
            Field::Sales => format!(
                "{name}: '{text}' is not an amount ({how}): write an amount like 2500, 2.500, \
                 2.500,50 or 1,5k"
            ),
            _ => format!(
                "{name}: '{text}' is not a count ({how}): write a whole number like 45000, \
                 45.000, 1,5k or 2m"
            ),
        }
    })
}

/// What a row's error ends with when a decimal comma would read its bad cells.
const COMMA_OFFER: &str =
    "; if the roster writes numbers with a decimal comma, pass --decimal-comma";

/// Whether a cell refused as a flag reads it would be read with a decimal comma (`45.000`,
/// `4,5%`): the roster may write numbers that way, and its error then says so.
#[cold]
fn commas_read_it(field: Field, text: &str) -> bool {
    let mut probe = Row::default();
    // Ages and lengths are whole: a comma in one is no decimal comma.
    !matches!(field, Field::Age | Field::Length)
        && (text.contains(['.', ',']) || text.contains(THOUSANDS_SPACES))
        && set_number(&mut probe, field, &swap_marks(text)).is_ok()
}

/// The channel ids of a `with` cell: separated by commas, semicolons or spaces (a CSV cell
/// with commas must be quoted; semicolons need no quotes). A cell of only separators names
/// none, and allocates nothing.
pub fn channel_ids(text: &str) -> Vec<Cow<'_, str>> {
    pieces(text)
        .filter(|id| !id.eq_ignore_ascii_case(NONE))
        .map(Cow::Borrowed)
        .collect()
}

/// The pieces of a `with` cell or value, `none` among them.
fn pieces(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|id| !id.is_empty())
}

/// Whether a `with` cell or value has the word `none` among its pieces.
pub fn says_none(text: &str) -> bool {
    pieces(text).any(|id| id.eq_ignore_ascii_case(NONE))
}

/// Whether a `with` cell or value says `none`; `none` beside a channel id says two things.
fn names_none(text: &str) -> Result<bool, String> {
    let none = says_none(text);
    if none && !channel_ids(text).is_empty() {
        return Err(format!(
            "with: '{text}' says none beside channel ids: give none alone, or only the ids"
        ));
    }
    Ok(none)
}

/// The word that names no opt-in channel: in a `with` cell, it keeps `--with` out of the row.
const NONE: &str = "none";

/// A count: plain digits, nearly every count of a roster, are read here; the rest, and the
/// message for a bad one, out of the way.
fn count(field: Field, text: &str) -> Result<u64, String> {
    match crate::count::plain_digits(text) {
        Some(count) => Ok(count),
        None => spelt_count(field, text),
    }
}

/// A count that is not plain digits (`1,000`, `1.5k`, or not a count at all), for [`set`].
#[cold]
fn spelt_count(field: Field, text: &str) -> Result<u64, String> {
    parse_count(text).map_err(|e| {
        // A fraction of a video is told so in words about videos, as the flags do.
        let e = match field {
            Field::Videos | Field::Sponsored | Field::Linked => {
                crate::count::fraction_of_videos(text, e, "")
            }
            Field::VideosPerWeek => crate::count::fraction_of_videos(
                text,
                e,
                ", or give the month's videos in a `videos` column instead",
            ),
            _ => e,
        };
        format!("{}: {e}", field.name())
    })
}

/// The column a flag's value is given in: `--views-30d` is `views_30d`.
fn column_of(flag: &str) -> String {
    flag.trim_start_matches('-').replace('-', "_")
}

/// Why a row could not be estimated: the error, and every name of the row the rates do not
/// know (a region, a niche, a channel), each named by its column, where the error names one.
#[cold]
fn row_error(
    table: &RateTable,
    conversion: Option<Conversion<'_>>,
    input: &Input<'_>,
    e: &EstimateError,
) -> String {
    let names = bad_names(table, conversion, input);
    let of_a_name = matches!(
        e,
        EstimateError::UnknownRegion { .. }
            | EstimateError::UnknownNiche(_)
            | EstimateError::UnknownWith(_)
            | EstimateError::NotOptIn { .. }
            | EstimateError::PaidByMonth(_)
            | EstimateError::DisabledChannel(_)
            | EstimateError::NoNicheFactor
            | EstimateError::TooYoung { .. }
            | EstimateError::TooOld { .. }
            | EstimateError::Sales { .. }
    );
    match (names.is_empty(), of_a_name) {
        (false, true) => names.join("; "),
        (false, false) => format!("{}; {}", estimate_error(e), names.join("; ")),
        (true, _) => estimate_error(e),
    }
}

/// The names of a row the rates do not know, each checked on its own as the estimate checks it
/// (which stops at the first), and said as a row's error says it.
#[cold]
fn bad_names(
    table: &RateTable,
    conversion: Option<Conversion<'_>>,
    input: &Input<'_>,
) -> Vec<String> {
    let alone = [
        input.region.clone().map(|region| Input {
            region: Some(region),
            ..Input::default()
        }),
        input.country.clone().map(|country| Input {
            country: Some(country),
            ..Input::default()
        }),
        input.audience.clone().map(|audience| Input {
            audience: Some(audience),
            ..Input::default()
        }),
        input.niche.clone().map(|niche| Input {
            niche: Some(niche),
            ..Input::default()
        }),
    ];
    let refused = |probe: Input<'_>| resolve_with(table, &probe, conversion).err();
    let mut said: Vec<String> = (alone.into_iter().flatten())
        .filter_map(refused)
        .map(|e| estimate_error(&e))
        .collect();
    // Each channel of `with` on its own, once, the unknown ones said together.
    let mut ids: Vec<&Cow<'_, str>> = Vec::new();
    for id in &input.with {
        if !ids
            .iter()
            .any(|seen| seen.trim().eq_ignore_ascii_case(id.trim()))
        {
            ids.push(id);
        }
    }
    let (unknown, other): (Vec<_>, Vec<_>) = (ids.into_iter())
        .filter_map(|id| {
            refused(Input {
                with: vec![id.clone()],
                ..Input::default()
            })
        })
        .partition(|e| matches!(e, EstimateError::UnknownWith(_)));
    match unknown.as_slice() {
        [] => {}
        [one] => said.push(estimate_error(one)),
        all => said.push(unknown_channels(all)),
    }
    said.extend(other.iter().map(estimate_error));
    // Not names, but values the rates may refuse too: an age past their bounds, sales in
    // another currency's sign.
    let age = input.age.map(|age| Input {
        age: Some(age),
        ..Input::default()
    });
    said.extend(age.and_then(refused).map(|e| estimate_error(&e)));
    let sales = input.sales.clone().map(|sales| Input {
        sales: Some(sales),
        ..Input::default()
    });
    said.extend(sales.and_then(refused).map(|e| estimate_error(&e)));
    said
}

/// "with: unknown channels 'foo' and 'gift' (did you mean 'gifts'?); valid opt-in channels: …",
/// for `--with` errors of unknown channels.
fn unknown_channels(errors: &[EstimateError]) -> String {
    let names: Vec<_> = errors
        .iter()
        .filter_map(|e| match e {
            EstimateError::UnknownWith(name) => Some(name),
            _ => None,
        })
        .collect();
    let given: Vec<String> = names
        .iter()
        .map(|name| match &name.suggestion {
            Some(s) => format!("'{}' (did you mean '{s}'?)", name.given),
            None => format!("'{}'", name.given),
        })
        .collect();
    let valid = (names.first()).map_or(String::new(), |name| format!("; {}", name.valid_list()));
    format!("with: unknown channels {}{valid}", and_list(&given))
}

/// `message`, why cells of a row could not be read, and then the names among `cells` the rates
/// do not know, so that every bad cell is named at once.
#[cold]
fn with_bad_names<'r>(
    table: &RateTable,
    conversion: Option<Conversion<'_>>,
    message: String,
    cells: impl Iterator<Item = (Field, &'r str)>,
) -> String {
    let mut names = Row::default();
    let probed = |field: &Field| field.is_name() || matches!(field, Field::Age | Field::Sales);
    for (field, text) in cells.filter(|(field, _)| probed(field)) {
        // A name is read as it is; an age or sales that cannot be read has its own error
        // already.
        let _ = set(&mut names, field, text, Mark::Json);
    }
    bad_names(table, conversion, &names.input)
        .into_iter()
        .fold(message, |all, name| all + "; " + &name)
}

/// The estimate's errors, worded for a row rather than for flags.
fn estimate_error(e: &EstimateError) -> String {
    match e {
        EstimateError::UnknownRegion { flag, name } => {
            let column = column_of(flag);
            format!("{column}: unknown region '{}'; {}", name.given, name.hint())
        }
        EstimateError::UnknownNiche(name) => {
            format!("niche: unknown niche '{}'; {}", name.given, name.hint())
        }
        EstimateError::UnknownWith(name) => {
            format!("with: unknown channel '{}'; {}", name.given, name.hint())
        }
        EstimateError::NotOptIn { id, opt_in } => {
            let hint = if opt_in.is_empty() {
                "leave the column empty: the rate table has no opt-in channel".to_string()
            } else {
                format!(
                    "the column takes the opt-in channels: {}",
                    opt_in.join(", ")
                )
            };
            format!("with: '{id}' is not opt-in: it counts whenever it is eligible; {hint}")
        }
        EstimateError::PaidByMonth(id) => {
            format!(
                "with: '{id}' is paid by the month, not by a video; estimate accounts with --month"
            )
        }
        EstimateError::DisabledChannel(id) => {
            format!(
                "with: channel '{id}' is switched off in the rate table (enabled = false); leave it out of the column, or set enabled = true in the rates file"
            )
        }
        EstimateError::NoNicheFactor => {
            "niche: the rate table has no niche factor; leave the column empty".to_string()
        }
        EstimateError::NoEngagementFactor => {
            "engagement: the rate table has no engagement factor; leave the column empty"
                .to_string()
        }
        EstimateError::TooYoung { age, min_age } => {
            format!(
                "age: {age} {}",
                crate::estimate::under_the_youngest(*min_age)
            )
        }
        EstimateError::TooOld { age, max_age } => {
            format!(
                "age: {age} {}: give the age in whole years, not a year of birth",
                crate::estimate::over_the_oldest(*max_age)
            )
        }
        EstimateError::Sales {
            message, owners, ..
        } => match owners.as_slice() {
            [] => format!("sales: {message}"),
            codes => format!(
                "sales: {message}, or give the batch the currency it is in: --currency {}",
                codes.join(", --currency ")
            ),
        },
        other => other.to_string(),
    }
}

/// Parses one CSV row against its header into `row`, a default one.
fn csv_row<'r>(
    row: &mut Row<'r>,
    columns: &[Option<Field>],
    record: &[&'r str],
    mark: Mark,
) -> Result<(), String> {
    if record.len() != columns.len() {
        // `1,000,000` unquoted is three fields: its groups of three digits give it away (but
        // for a decimal comma, whose thousands are not between commas).
        let grouped = mark != Mark::Comma
            && record.len() > columns.len()
            && record
                .windows(2)
                .any(|w| w[0].ends_with(|c: char| c.is_ascii_digit()) && is_group(w[1]));
        let advice = if grouped {
            ": a number written with commas must be quoted (\"1,000,000\"), or written 1000000 or 1m"
        } else if record.len() < columns.len() {
            ": give the row a cell for every column of the header, an empty one too"
        } else {
            ": a cell that holds the delimiter must be quoted; if the columns are separated by \
             another character, pass --delimiter"
        };
        return Err(format!(
            "has {}, the header has {}{advice}",
            plural(record.len() as u64, "field"),
            columns.len()
        ));
    }
    let cells = columns
        .iter()
        .zip(record.iter().copied())
        .filter_map(|(field, text)| Some(((*field)?, text)));
    set_all(row, cells, mark)
}

/// Sets a default row from its cells; every bad cell is named, in the row's order, so that one
/// pass over the spreadsheet fixes the row. Set in place: a row is about 400 bytes, and a
/// batch that moved each one out ran about 3% longer.
fn set_all<'r>(
    row: &mut Row<'r>,
    cells: impl Iterator<Item = (Field, &'r str)>,
    mark: Mark,
) -> Result<(), String> {
    let mut errors: Option<String> = None;
    let mut offer = true;
    for (field, text) in cells {
        if let Err(CellError {
            message: e,
            commas_read_it,
        }) = set(row, field, text, mark)
        {
            // The offer of --decimal-comma is made once, after the cells, when it would read
            // every one of them.
            offer &= commas_read_it;
            match &mut errors {
                None => errors = Some(e),
                Some(all) => {
                    all.push_str("; ");
                    all.push_str(&e);
                }
            }
        }
    }
    match errors {
        None => Ok(()),
        Some(all) if offer => Err(all + COMMA_OFFER),
        Some(all) => Err(all),
    }
}

/// Three digits: what follows a comma inside a number written with commas.
fn is_group(field: &str) -> bool {
    field.len() == 3 && field.bytes().all(|b| b.is_ascii_digit())
}

/// An NDJSON line as read, before any value is interpreted: the text of each input field (in
/// the order of `FIELDS`; `None` when the key is absent) and the keys carried.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawRow {
    pub fields: [Option<String>; FIELD_COUNT],
    pub extra: Map<String, Value>,
    /// The first key that cannot be read as written (given twice, a video's column in an
    /// account's row): the row's error, with its other keys still carried.
    pub unread: Option<String>,
    /// The numbers that are no value of their field (`2.125` views, `1.5e6`), each with its
    /// message: named with the row's other bad cells.
    bad_numbers: Vec<(Field, String)>,
}

/// A JSON object's entries in the order written, repeats kept, so that a repeated key is an
/// error rather than silently the last one.
struct Entries(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Entries, D::Error> {
        struct EntriesVisitor;

        impl<'de> Visitor<'de> for EntriesVisitor {
            type Value = Entries;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }

        deserializer.deserialize_map(EntriesVisitor)
    }
}

/// Reads one NDJSON line: an object whose keys are named like the flags, with numbers or
/// strings as values (`null` or `""` for "not given"); other keys are carried. Numbers are
/// taken as written, digit for digit.
pub fn ndjson_raw(line: &str) -> Result<RawRow, String> {
    ndjson_raw_in(line, false)
}

/// [`ndjson_raw`] for a row of a video, or (`month`) of an account.
fn ndjson_raw_in(line: &str, month: bool) -> Result<RawRow, String> {
    let Entries(entries) = serde_json::from_str(line).map_err(|e| {
        // The position is within the line; the line itself is reported with the error.
        let message = e.to_string();
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m);
        let example = if month {
            "{\"avg_views\": 50000, \"videos\": 20}"
        } else {
            "{\"views\": 1000000}"
        };
        format!(
            "not a JSON object: {message} at column {}; each line is one object, like {example}",
            e.column()
        )
    })?;
    let mut row = RawRow::default();
    let mut seen = BTreeSet::new();
    for (key, value) in entries {
        // `views` and `Views` name one field: both given is as ambiguous as a repeated key.
        // An account's row cannot say one video's views or opt-in channels, nor a video's its
        // month's brand deals or sales (CSV headers are refused for the same reason).
        let field = Field::named_in(&key, month);
        let identity = field.map_or_else(|| key.clone(), |f| f.name().to_string());
        // A value that gives nothing (`null`, `0`, `[]`) changes nothing, and is carried.
        let per_video = month
            .then(|| Field::named(&key).and_then(per_video_only))
            .flatten()
            .filter(|_| !gives_nothing(&value));
        let per_month = (!month)
            .then(|| Field::named_in(&key, true).and_then(per_month_only))
            .flatten()
            .filter(|_| !gives_nothing(&value));
        let unread = if let Some(per_video) = per_video {
            Some(format!(
                "{key}: not read for an account's month: {per_video}"
            ))
        } else if let Some(per_month) = per_month {
            Some(format!(
                "{key}: read only for an account's month (--month), not for a video: {per_month}"
            ))
        } else if !seen.insert(identity) {
            Some(format!("`{key}` is given twice in this object"))
        } else {
            None
        };
        if unread.is_some() {
            row.unread = row.unread.or(unread);
            continue;
        }
        match field {
            None => {
                row.extra.insert(key, value);
            }
            Some(field) => {
                row.fields[field.index()] = Some(match value {
                    Value::Null => String::new(),
                    Value::String(s) => s,
                    // A list of channel ids: the ids in one text, as a CSV cell holds them.
                    Value::Array(ids) if field == Field::With => ids_text(&ids),
                    // Numbers are taken as written; one with an exponent is not a count (a
                    // share may be one, as JSON writers spell 0.000001, and reads it).
                    Value::Number(n) => {
                        let text = n.to_string();
                        let share = matches!(field, Field::QualifiedShare | Field::Engagement);
                        // Most numbers are plain digits, seen in one pass over their bytes.
                        let plain = text.bytes().all(|b| b.is_ascii_digit());
                        if plain || share {
                            text
                        } else if text.contains(['e', 'E']) {
                            let written = in_full(&text)
                                .map_or_else(String::new, |full| format!(" ({full})"));
                            row.bad_numbers.push((
                                field,
                                format!(
                                    "{key}: {text} is written with an exponent: write the \
                                     number in full{written}, or as text with a suffix, like \
                                     \"1.5m\""
                                ),
                            ));
                            text
                        } else if let Some((whole, fraction)) =
                            text.split_once('.').filter(|_| field.is_whole())
                        {
                            // JSON's point is a decimal point, never a thousands separator:
                            // `80.000` is 80, and `2.125` is no count.
                            if whole.starts_with('-') {
                                // Negative: the count's own error says so.
                                text
                            } else if fraction.bytes().any(|b| b != b'0') {
                                row.bad_numbers
                                    .push((field, not_whole(field, &key, &text, whole)));
                                text
                            } else {
                                whole.to_string()
                            }
                        } else {
                            text
                        }
                    }
                    // Booleans, arrays and objects are quoted back in the field's error.
                    other => other.to_string(),
                });
            }
        }
    }
    Ok(row)
}

/// Why a JSON number with a fraction is no count, age or length, and what to write.
fn not_whole(field: Field, key: &str, text: &str, whole: &str) -> String {
    let unit = match field {
        Field::Length => " of seconds",
        Field::Videos | Field::VideosPerWeek | Field::Sponsored | Field::Linked => " of videos",
        _ => "",
    };
    // The whole part as the example, unless it is 0.
    let example = match whole {
        "0" => String::new(),
        whole => format!(", like {whole}"),
    };
    format!("{key}: {text} is not a whole number{unit}: write it whole{example}")
}

/// A JSON number written with an exponent (`1.5e+6`) written out in full (`1500000`), when it
/// is a whole number, not negative: what a count may be.
fn in_full(text: &str) -> Option<u64> {
    Decimal::from_exponent_text(text)?.to_u64()
}

/// An NDJSON list of channel ids as one `with` text: `["gifts", "affiliate"]` is
/// `gifts,affiliate`. An item that is not a string is written as JSON, so that the error names
/// it: `[1]` is an unknown channel `1`.
fn ids_text(ids: &[Value]) -> String {
    // An empty list names none, as `none` does (an empty text names nothing yet).
    if ids.is_empty() {
        return NONE.to_string();
    }
    let mut text = String::new();
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        match id {
            Value::String(id) => text.push_str(id),
            other => text.push_str(&other.to_string()),
        }
    }
    text
}

impl RawRow {
    /// The estimate's input; the message names the column at fault.
    pub fn input(&self) -> Result<Input<'_>, String> {
        self.row(false).map(|row| row.input)
    }

    /// The row of a video or (`month`) of an account; the message names the column at fault.
    fn row(&self, month: bool) -> Result<Row<'_>, String> {
        let (required, what) = if month {
            (Field::AvgViews, "every account needs its average views")
        } else {
            (Field::Views, "every row needs its views")
        };
        if let Some(unread) = &self.unread {
            return Err(unread.clone());
        }
        let missing = self.fields[required.index()]
            .is_none()
            .then(|| format!("{}: missing: {what}", required.name()));
        let bad = |field: Field| self.bad_numbers.iter().find(|(f, _)| *f == field);
        let cells = fields(month).iter().filter_map(|&(_, field)| {
            let text = self.fields[field.index()].as_deref()?;
            bad(field).is_none().then_some((field, text))
        });
        let mut row = Row::default();
        let set = set_all(&mut row, cells, Mark::Json).map(|()| row);
        if missing.is_none() && self.bad_numbers.is_empty() {
            return set;
        }
        // What is missing, each bad number in the order of the columns, the other bad cells.
        let mut messages: Vec<&str> = missing.as_deref().into_iter().collect();
        messages.extend(
            fields(month)
                .iter()
                .filter_map(|&(_, field)| Some(bad(field)?.1.as_str())),
        );
        let others = set.err();
        messages.extend(others.as_deref());
        Err(messages.join("; "))
    }

    /// The input columns of a CSV output for a line that is no object: none given, none
    /// carried.
    fn unread_fields(month: bool) -> Vec<String> {
        let mut fields = vec![String::new(); fields(month).len()];
        fields.push("{}".to_string());
        fields
    }

    /// The row as the input columns of a CSV output: each field as given, then the carried
    /// keys as one JSON object.
    fn csv_fields(&self, month: bool) -> Vec<String> {
        let mut fields: Vec<String> = fields(month)
            .iter()
            .map(|&(_, f)| self.fields[f.index()].clone().unwrap_or_default())
            .collect();
        // `{}` with none, as the NDJSON record has it: the cell is always JSON to read.
        fields.push(Value::Object(self.extra.clone()).to_string());
        fields
    }
}

/// Runs a batch from `input` to `out`.
pub fn run(
    table: &RateTable,
    input: impl Read,
    out: &mut dyn Write,
    options: &Options,
    observe: &mut dyn FnMut(Event<'_>),
) -> Result<Summary, BatchError> {
    let budget = Rc::new(Cell::new(0));
    let limit = Rc::clone(&budget);
    let conversion = resolve_currency(table, options.currency.as_deref()).ok();
    let mut batch = Batch {
        table,
        sink: Sink::new(
            out,
            options.output,
            table,
            (options.month, options.reasons),
            options.decimal_mark == DecimalMark::Comma,
        ),
        month: options.month,
        strict: options.strict,
        carry: options.carry.iter().map(|name| column_key(name)).collect(),
        delimiter: options.delimiter,
        csv_mark: match options.decimal_mark {
            DecimalMark::Point => Mark::Point,
            DecimalMark::Comma => Mark::Comma,
        },
        defaults: &options.defaults,
        live: options.live,
        currency: options.currency.as_deref(),
        conversion,
        estimator: Estimator::new(table),
        room: Room::new(conversion),
        summary: Summary::default(),
        observe,
        budget,
        warned: BTreeSet::new(),
        unused: unusable(table),
        left_out: Vec::new(),
        not_named: Vec::new(),
        // CSV records give a caveat only among the reasons.
        unsaid_caveats: if options.output == OutputFormat::Csv && !options.reasons {
            // The channels a row can count: a video's, or an account's month's.
            (table.enabled_channels())
                .filter(|c| options.month || !c.basis.monthly())
                .filter(|c| c.rate.caveat.is_some())
                .map(|c| c.id.as_str())
                .collect()
        } else {
            Vec::new()
        },
        carried_not_text: 0,
        unplaced: 0,
        region_unused: 0,
        above: Above::default(),
        header: None,
    };
    batch.unused_defaults();
    // The limit counts lines as the reader sees them: after a lone `\r` is read as `\n`.
    let read = match options.input {
        InputFormat::Csv => batch.csv(LineLimit::new(CrLines::new(input), limit)),
        InputFormat::Ndjson => batch.ndjson(LineLimit::new(input, limit)),
    };
    // The records written so far go out even when the input fails part way.
    let written = batch.sink.flush().map_err(BatchError::Write);
    read?;
    written?;
    Ok(batch.summary)
}

struct Batch<'a, 'w> {
    /// What a row that gives no value for an input takes.
    defaults: &'a Input<'static>,
    /// Flush the records whenever the next row may keep the batch waiting.
    live: bool,
    table: &'a RateTable,
    sink: Sink<'w, 'a>,
    /// Rows are accounts, and records their months.
    month: bool,
    strict: bool,
    /// The columns `--carry` names, as [`column_key`]s.
    carry: Vec<String>,
    /// The CSV input's delimiter, when given.
    delimiter: Option<u8>,
    /// How the CSV input's cells write numbers.
    csv_mark: Mark,
    currency: Option<&'a str>,
    /// The currency, resolved once; `None` if it is unknown, and then every row says so.
    conversion: Option<Conversion<'a>>,
    estimator: Estimator<'a>,
    /// The last account's month, which the next is written over.
    room: Room<'a>,
    summary: Summary,
    observe: &'a mut dyn FnMut(Event<'_>),
    /// Bytes read since the last row began; the reader fails past `MAX_LINE_BYTES`.
    budget: Rc<Cell<usize>>,
    /// Column names already warned about.
    warned: BTreeSet<String>,
    /// Inputs no channel uses, not yet warned about (see [`unusable`]).
    unused: Vec<Used>,
    /// Channels already warned about as left out of a row's total for want of an input.
    left_out: Vec<&'a str>,
    /// Channels already warned about as priced by a row's diamonds but not named in its `with`.
    not_named: Vec<&'a str>,
    /// Channels whose rate's caveat the records do not carry (CSV without reasons) and no
    /// warning has said yet: said at the first row whose total counts the channel.
    unsaid_caveats: Vec<&'a str>,
    /// Rows carried with a column that is not UTF-8; the first is warned about.
    carried_not_text: u64,
    /// Rows priced in the table's default region, which gave none, in a currency not its own;
    /// the first is warned about.
    unplaced: u64,
    /// Rows whose region their country and audience override; the first is warned about.
    region_unused: u64,
    /// The rows read so far, to tell one that sums them.
    above: Above,
    /// The inputs a CSV header has columns for; `None` for NDJSON, whose rows name their own.
    header: Option<Vec<Field>>,
}

impl<'a> Batch<'a, '_> {
    /// A row given the defaults of what it leaves out, and warned about as need be.
    /// Under `--strict`, why the row is refused: it looks like a spreadsheet's total row.
    fn fill<'r>(&mut self, line: u64, row: &mut Row<'r>) -> Option<String>
    where
        'a: 'r,
    {
        // Before the defaults fill it: about the row's own cells.
        let refused = self.sums_the_rows_above(line, row.input.views);
        self.region_unused(line, &row.input);
        self.unused(line, &row.input);
        // Read only when the currency is unknown, for each row's error.
        if self.conversion.is_none() {
            row.input.currency = self.currency.map(Cow::Borrowed);
        }
        fill(&mut row.input, self.defaults, row.names_none);
        self.warn_of_inputs(line, &row.input);
        refused
    }
}

impl<'a> Batch<'a, '_> {
    fn csv(&mut self, input: impl Read) -> Result<(), BatchError> {
        let mut records = Records::new(input, Rc::clone(&self.budget));
        let mut delimiter = self.delimiter.unwrap_or(b',');
        records.set_delimiter(delimiter);
        let mut first = true;
        let headers: Vec<String> = loop {
            let mut names = Vec::new();
            let record = records.read(&mut names).map_err(read_failed)?;
            // A spreadsheet's `sep=;` before the header names the delimiter, unless
            // --delimiter does.
            if let (Some(_), Some(named)) = (record, sep_line(&names, delimiter).filter(|_| first))
            {
                delimiter = self.delimiter.unwrap_or(named);
                records.set_delimiter(delimiter);
                first = false;
                continue;
            }
            first = false;
            match record {
                None => return Err(BatchError::Empty(self.required().name())),
                Some(header) if !header.text => return Err(BatchError::HeaderNotText),
                Some(header) if header.open => return Err(BatchError::HeaderQuoteOpen),
                Some(_) if holds_nothing(&names) => {}
                Some(_) => break names.into_iter().map(str::to_string).collect(),
            }
        };
        let columns: Vec<Option<Field>> = headers
            .iter()
            .map(|h| Field::named_in(h, self.month))
            .collect();
        self.header = Some(columns.iter().flatten().copied().collect());
        for (i, field) in columns.iter().enumerate() {
            if field.is_some() && columns[..i].contains(field) {
                return Err(BatchError::DuplicateColumn(headers[i].clone()));
            }
        }
        self.columns_fit(&headers, &columns)?;
        // NDJSON carries the other columns by name, as the keys of `extra`, which can hold a
        // name once; CSV output carries them by position, so there a repeat loses nothing.
        let carried: Vec<(String, usize)> = headers
            .iter()
            .zip(&columns)
            .enumerate()
            .filter(|(_, (_, field))| field.is_none())
            .map(|(i, (name, _))| (carried_name(name, i), i))
            .collect();
        if matches!(self.sink, Sink::Ndjson { .. }) {
            // A set, as a header may have a great many columns.
            let mut seen = std::collections::HashSet::new();
            if let Some((name, _)) = carried.iter().find(|(name, _)| !seen.insert(name)) {
                return Err(BatchError::RepeatedCarried(name.clone()));
            }
        }
        // A header the output cannot take fails before any warning about it.
        self.refuse_misspelt(&headers, &columns)?;
        self.sink
            .begin(headers.clone(), delimiter, records.began_with_bom())?;
        for (name, _) in headers.iter().zip(&columns).filter(|(_, f)| f.is_none()) {
            self.warn_near_miss(name);
        }
        self.warn_carry_unmatched(&headers);

        let names = report::row::carried_names(carried);
        // The room for a row's fields, kept from row to row.
        let mut room: Vec<&str> = Vec::new();
        loop {
            self.budget.set(0);
            if self.live && !records.has_line() {
                self.sink.flush().map_err(BatchError::Write)?;
            }
            let mut fields = reuse(std::mem::take(&mut room));
            let Some(record) = records.read(&mut fields).map_err(read_failed)? else {
                return Ok(());
            };
            // A line of commas or spaces, as spreadsheets write below a table, is no row.
            if record.text && record.last == record.line && holds_nothing(&fields) {
                room = reuse(fields);
                continue;
            }
            let total = self.total_row(record.line, (&headers, &columns), &fields);
            let mut row = Row::default();
            let parsed = if let Some(message) = total {
                Err(message)
            } else if let Some(message) = self.unread(record, (&headers, &columns), &fields) {
                Err(message)
            } else {
                csv_row(&mut row, &columns, &fields, self.csv_mark).map_err(|e| {
                    if repeats_header(&headers, &fields) {
                        "this line repeats the header: were two files joined? Remove it".to_string()
                    } else if fields.len() != columns.len() {
                        // Its cells are not under their columns: no name is checked.
                        e
                    } else {
                        let cells = columns.iter().zip(fields.iter().copied());
                        let cells = cells.filter_map(|(field, text)| Some(((*field)?, text)));
                        with_bad_names(self.table, self.conversion, e, cells)
                    }
                })
            };
            let carried = Carried::Columns {
                names: &names,
                fields: &fields,
            };
            if !self.row(record.line, parsed.map(|()| &mut row), carried, &fields)? {
                return Ok(());
            }
            room = reuse(fields);
        }
    }

    /// The column every row needs: a video's views, or an account's average views.
    fn required(&self) -> Field {
        if self.month {
            Field::AvgViews
        } else {
            Field::Views
        }
    }

    /// The header has the column every row needs, and none that means a row of the other
    /// kind.
    fn columns_fit(&self, headers: &[String], columns: &[Option<Field>]) -> Result<(), BatchError> {
        let required = self.required();
        for header in headers {
            if self.month {
                if let Some(per_video) = Field::named(header).and_then(per_video_only) {
                    return Err(BatchError::NotForMonth(header.clone(), per_video));
                }
            } else if let Some(per_month) = Field::named_in(header, true).and_then(per_month_only) {
                return Err(BatchError::NotForVideo(header.clone(), per_month));
            }
        }
        if columns.contains(&Some(required)) {
            return self.cadence_fits(headers, columns);
        }
        if headers[0].trim_start().starts_with('{') {
            return Err(BatchError::LooksLikeNdjson);
        }
        // `view` or `Views count`: a column that is no input but close to the one needed.
        let misspelt = headers.iter().find(|h| {
            Field::named_in(h, false).is_none()
                && Field::named_in(h, true).is_none()
                && did_you_mean(&column_key(h), [(required.name(), required.name())]).is_some()
        });
        Err(BatchError::NoViews(
            required.name(),
            headers.join(", "),
            misspelt.cloned(),
        ))
    }

    /// An account's roster has a column of videos a month or a week: without one, every row
    /// would fail.
    fn cadence_fits(
        &self,
        headers: &[String],
        columns: &[Option<Field>],
    ) -> Result<(), BatchError> {
        let cadence = [Some(Field::Videos), Some(Field::VideosPerWeek)];
        if !self.month || columns.iter().any(|c| cadence.contains(c)) {
            return Ok(());
        }
        // `Videos / month`, `Monthly Videos`, `videos_per_month`, `posts a month`.
        let like = (headers.iter().zip(columns))
            .filter(|(_, f)| f.is_none())
            .find(|(h, _)| {
                let words = key_words(&column_key(h));
                let has = |of: &[&str]| words.iter().any(|w| of.contains(&w.as_str()));
                has(&["videos", "video", "posts"]) && has(&["month", "monthly", "week", "weekly"])
            });
        Err(BatchError::NoCadence(
            headers.join(", "),
            like.map(|(h, _)| h.clone()),
        ))
    }

    fn ndjson(&mut self, input: impl Read) -> Result<(), BatchError> {
        let columns: Vec<String> = fields(self.month)
            .iter()
            .map(|(n, _)| (*n).to_string())
            .chain(["extra".to_string()])
            .collect();
        let mut reader = BufReader::with_capacity(READ_BYTES, input);
        let mut bytes = Vec::new();
        let mut line = 0;
        // Whether a line with something in it has been read.
        let mut started = false;
        loop {
            bytes.clear();
            self.budget.set(0);
            if self.live && !reader.buffer().contains(&b'\n') {
                self.sink.flush().map_err(BatchError::Write)?;
            }
            if reader
                .read_until(b'\n', &mut bytes)
                .map_err(|e| read_failed(records::At::line(e, line + 1)))?
                == 0
            {
                // A stream of no objects is a batch of none, with its output's header.
                if !started {
                    self.sink.begin(columns, b',', false)?;
                }
                return Ok(());
            }
            line += 1;
            // A row that is not UTF-8 is read as best it can be, so that its error record
            // still carries its keys.
            let lossy = String::from_utf8_lossy(&bytes);
            let text = lossy.as_ref();
            // A byte-order mark before a row, as some programs write before the first, and as
            // two such files joined carry into the middle.
            let text = text.strip_prefix('\u{feff}').unwrap_or(text).trim();
            // A blank line holds no row (a trailing newline, say).
            if text.is_empty() {
                continue;
            }
            // A JSON document's first line: no line of it is a row.
            if !started {
                if let Some(refused) = no_ndjson(text, self.month) {
                    return Err(refused);
                }
                self.sink.begin(columns.clone(), b',', false)?;
                started = true;
            }
            let raw = ndjson_raw_in(text, self.month);
            if let (Ok(raw), false) = (&raw, self.strict) {
                for name in raw.extra.keys() {
                    self.warn_near_miss(name);
                }
            }
            let (parsed, extra, fields) = match &raw {
                Ok(_) if matches!(lossy, Cow::Owned(_)) => (
                    Err("not UTF-8 text: save the file as UTF-8".to_string()),
                    raw.as_ref()
                        .map_or(Carried::NONE, |r| Carried::Object(&r.extra)),
                    raw.as_ref()
                        .map(|r| r.csv_fields(self.month))
                        .unwrap_or_default(),
                ),
                Ok(raw) => (
                    raw.row(self.month).map_err(|e| {
                        let cells = fields(self.month).iter().filter_map(|&(_, field)| {
                            Some((field, raw.fields[field.index()].as_deref()?))
                        });
                        with_bad_names(self.table, self.conversion, e, cells)
                    }),
                    Carried::Object(&raw.extra),
                    raw.csv_fields(self.month),
                ),
                Err(_) if matches!(lossy, Cow::Owned(_)) => (
                    Err("not UTF-8 text: save the file as UTF-8".to_string()),
                    Carried::NONE,
                    RawRow::unread_fields(self.month),
                ),
                Err(message) => (
                    Err(message.clone()),
                    Carried::NONE,
                    RawRow::unread_fields(self.month),
                ),
            };
            // Under --strict, a key that looks like a misspelt input fails its row.
            let misspelt = raw.as_ref().ok().filter(|_| self.strict).and_then(|raw| {
                (raw.extra.keys())
                    .find_map(|name| Some((name, self.near_miss(name, true)?)))
                    .map(|(name, message)| format!("{message} (--carry {name} keeps it)"))
            });
            let mut parsed = match misspelt {
                Some(message) => Err(message),
                None => parsed,
            };
            let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
            let parsed = parsed.as_mut().map_err(std::mem::take);
            if !self.row(line, parsed, extra, &fields)? {
                return Ok(());
            }
        }
    }

    /// Under --strict, a column that looks like a misspelt input stops the batch: its input
    /// would be taken as not given in every row.
    fn refuse_misspelt(
        &self,
        headers: &[String],
        columns: &[Option<Field>],
    ) -> Result<(), BatchError> {
        if !self.strict {
            return Ok(());
        }
        // Every such column at once, so that one run names all a `--carry` would keep.
        let (columns, messages): (Vec<&String>, Vec<String>) = (headers.iter().zip(columns))
            .filter(|(_, f)| f.is_none())
            .filter_map(|(n, _)| Some((n, self.near_miss(n, true)?)))
            .unzip();
        let message = match messages.as_slice() {
            [] => return Ok(()),
            [one] => one.clone(),
            _ => {
                let each: Vec<String> = (columns.iter())
                    .map(
                        |name| match looks_like_input(&column_key(name), self.month) {
                            Some(input) => format!("`{name}` (did you mean `{input}`?)"),
                            None => format!("`{name}` (an account's column)"),
                        },
                    )
                    .collect();
                format!(
                    "{} columns look like misspelt inputs, which --strict refuses: {}",
                    each.len(),
                    and_list(&each)
                )
            }
        };
        let accounts = !self.month && (columns.iter()).any(|c| Field::named_in(c, true).is_some());
        Err(BatchError::Misspelt {
            column: columns
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(","),
            message,
            accounts,
        })
    }

    /// Warns of a `--carry` name no column of the header has: a slip in it leaves the column
    /// it meant warned about, or refused.
    fn warn_carry_unmatched(&mut self, headers: &[String]) {
        let keys: Vec<String> = headers.iter().map(|h| column_key(h)).collect();
        for name in self.carry.iter().filter(|name| !keys.contains(name)) {
            let message = format!(
                "--carry '{name}' names no column of the header (it has: {})",
                headers.join(", ")
            );
            (self.observe)(Event::Warning { message: &message });
        }
    }

    /// [`near_miss`], unless `--carry` names the column.
    fn near_miss(&self, name: &str, strict: bool) -> Option<String> {
        let carried = self.carry.contains(&column_key(name));
        near_miss(name, self.month, strict).filter(|_| !carried)
    }

    /// Warns, once per name, about a column that looks like a misspelt input, or like a
    /// currency for its row.
    fn warn_near_miss(&mut self, name: &str) {
        if self.warned.contains(name) || self.carry.contains(&column_key(name)) {
            return;
        }
        if name.trim().eq_ignore_ascii_case("currency") {
            let code = self.conversion.map(|c| c.code).unwrap_or_default();
            let message = format!(
                "column `{name}` is not read: every row's amounts are in {code} (choose with --currency); it is carried to the output as is"
            );
            (self.observe)(Event::Warning { message: &message });
        } else if let Some(message) = self.near_miss(name, false) {
            (self.observe)(Event::Warning { message: &message });
        }
        self.warned.insert(name.to_string());
    }

    /// Counts a row with views or followers more than the people TikTok says come to it each
    /// month (a slip of the keyboard, more likely than a video or an account), and warns about
    /// the first.
    fn beyond_platform(&mut self, line: u64, input: &Input<'_>) {
        let views = if self.month { "avg_views" } else { "views" };
        let counts = [
            (views, Some(input.views)),
            ("views_30d", input.views_30d),
            ("followers", input.followers),
            ("subscribers", input.subscribers),
        ];
        for (column, count) in counts {
            let Some((count, people)) =
                count.and_then(|c| Some((c, beyond_platform(self.table, c)?)))
            else {
                continue;
            };
            self.summary.beyond_platform.push(line);
            if self.summary.beyond_platform.count() == 1 {
                let message = format!(
                    "line {line}: {column} {} is more than the {} people TikTok says come to it each month; check the number (later rows like it are not warned about)",
                    group_thousands(count),
                    group_thousands(people)
                );
                (self.observe)(Event::Warning { message: &message });
            }
            return;
        }
    }

    /// Warns of a CSV row that looks like a spreadsheet's sum of the rows above (a carried cell
    /// that says `Total`), which is read as one more video or account: the first is warned
    /// about, each is counted for the summary. Under `--strict`, why the row is refused.
    fn total_row(
        &mut self,
        line: u64,
        (headers, columns): (&[String], &[Option<Field>]),
        fields: &[&str],
    ) -> Option<String> {
        // In English, and as European spreadsheets label it (not `soma` or `suma`, which are
        // names too).
        const TOTALS: [&str; 13] = [
            "total",
            "totals",
            "grand total",
            "subtotal",
            "sum",
            "sum total",
            "summe",
            "gesamt",
            "gesamtsumme",
            "totale",
            "totaux",
            "totaal",
            "somme",
        ];
        let said = (headers.iter().zip(columns).zip(fields))
            .filter(|((_, field), _)| field.is_none())
            .find(|(_, text)| {
                // Most cells (a handle, a name) are told apart by their first byte alone.
                let may_be = text.len() <= 32
                    && matches!(
                        text.as_bytes().first(),
                        Some(b't' | b'T' | b'g' | b'G' | b's' | b'S' | b' ')
                    );
                may_be && {
                    // `Total:`, `Total (all creators)`.
                    let text = text.trim();
                    let text = match text.split_once(" (") {
                        Some((label, _)) if text.ends_with(')') => label,
                        _ => text,
                    };
                    let text = text.trim_end_matches(':');
                    TOTALS.iter().any(|t| t.eq_ignore_ascii_case(text))
                }
            });
        // A total sums rows above it: the first row is none.
        let said = said.filter(|_| self.above.rows > 0);
        let Some(((column, _), text)) = said else {
            // A total row may have no label: one whose carried cells are all empty, under rows
            // with a label, is checked against the rows above once its views are read.
            let mut carried = (columns.iter().zip(fields)).filter(|(field, _)| field.is_none());
            if carried.clone().next().is_some() {
                // Byte by byte: a handle is told from an empty cell by its first.
                if carried.all(|(_, text)| text.bytes().all(|b| b.is_ascii_whitespace())) {
                    self.above.unlabelled = line;
                } else {
                    self.above.labelled += 1;
                }
            }
            return None;
        };
        if self.strict {
            return Some(format!(
                "`{column}` is '{}', as in a spreadsheet's total row, which --strict refuses: \
                 remove the row",
                text.trim()
            ));
        }
        self.summary.totals.push(line);
        if self.summary.totals.count() == 1 {
            let message = format!(
                "line {line}: `{column}` is '{}', as in a spreadsheet's total row: if it sums \
                 the rows above, remove it, or it is read as one more row (later rows like it \
                 are not warned about)",
                text.trim()
            );
            (self.observe)(Event::Warning { message: &message });
        }
        None
    }

    /// Counts a CSV row with its carried cells empty (no handle, no name), under two or more
    /// rows that have them, whose views are those of every row above it added up (and some),
    /// as a spreadsheet's total row with no label gives them, and warns about the first.
    fn sums_the_rows_above(&mut self, line: u64, views: u64) -> Option<String> {
        let above = &mut self.above;
        let sums = above.unlabelled == line
            && above.labelled >= 2
            && views > 0
            && u128::from(views) == above.views;
        above.views += u128::from(views);
        above.rows += 1;
        if !sums {
            return None;
        }
        if self.strict {
            return Some(format!(
                "its views, {}, are the rows' above added up, as in a spreadsheet's total row, \
                 which --strict refuses: remove the row",
                group_thousands(views)
            ));
        }
        self.summary.totals.push(line);
        if self.summary.totals.count() == 1 {
            let message = format!(
                "line {line}: its views, {}, are the rows' above added up, as in a spreadsheet's \
                 total row: if it is one, remove it, or it is read as one more row (later rows \
                 like it are not warned about)",
                group_thousands(views)
            );
            (self.observe)(Event::Warning { message: &message });
        }
        None
    }

    /// Why a CSV record cannot be read as a row, if it cannot: it is not text in an input
    /// column, or a quoted field runs over lines.
    fn unread(
        &mut self,
        record: Record,
        (headers, columns): (&[String], &[Option<Field>]),
        fields: &[&str],
    ) -> Option<String> {
        if !record.text {
            if let Some(message) = self.not_text(record.line, headers, columns, fields) {
                return Some(message);
            }
        }
        (record.open || record.last > record.line).then(|| runs_on(record))
    }

    /// Why a CSV row that is not UTF-8 cannot be estimated, if an input column is not; else
    /// its carried column is carried with U+FFFD in place of the bytes that are not, which the
    /// estimate does not need, and the first such row is warned about.
    fn not_text(
        &mut self,
        line: u64,
        headers: &[String],
        columns: &[Option<Field>],
        fields: &[&str],
    ) -> Option<String> {
        let column = match lossy_columns(headers, columns, fields) {
            (Some(input), _) => {
                return Some(format!(
                    "`{input}` is not UTF-8 text: save the file as UTF-8"
                ));
            }
            (None, Some(carried)) => carried,
            (None, None) => return Some("not UTF-8 text: save the file as UTF-8".to_string()),
        };
        self.carried_not_text += 1;
        if self.carried_not_text > 1 {
            return None;
        }
        let message = format!(
            "line {line}: `{column}` is not UTF-8 text: it is carried with U+FFFD in place of \
             the bytes that are not (save the file as UTF-8 to keep them; later rows like it are \
             not warned about)"
        );
        (self.observe)(Event::Warning { message: &message });
        None
    }

    /// Warns, once for each, about an input that no channel the rates switch on uses
    /// (diamonds under a table without LIVE gifts), as the command line does.
    fn unused(&mut self, line: u64, input: &Input<'_>) {
        while let Some(i) = self.unused.iter().position(|used| used.given(input)) {
            let used = self.unused.remove(i);
            let message = format!(
                "line {line}: {} is not used: no channel the rates switch on {} (`earn rates` \
                 lists the channels; later rows are not warned about)",
                used.key(),
                used.by()
            );
            (self.observe)(Event::Warning { message: &message });
        }
    }

    /// Warns, once for each, about a flag that gives rows an input no channel uses, as the
    /// command line does; a row's own cell of it is not warned about again.
    fn unused_defaults(&mut self) {
        let defaults = self.defaults;
        while let Some(i) = self.unused.iter().position(|used| used.given(defaults)) {
            let message = self.unused.remove(i).flag_not_used();
            (self.observe)(Event::Warning { message: &message });
        }
    }

    /// The warnings a row's inputs may give, each once in a batch.
    fn warn_of_inputs(&mut self, line: u64, input: &Input<'_>) {
        self.beyond_platform(line, input);
        self.unplaced(line, input);
        self.more_subscribers(line, input);
        self.fewer_in_30d(line, input);
    }

    /// Warns once of a video (or an account's average video) with more views than the
    /// account had in 30 days, which usually include them, as `earn` and `earn month` do.
    fn fewer_in_30d(&mut self, line: u64, input: &Input<'_>) {
        let Some(views_30d) = input.views_30d.filter(|&v| v < input.views) else {
            return;
        };
        self.summary.fewer_in_30d.push(line);
        if self.summary.fewer_in_30d.count() > 1 {
            return;
        }
        let (video, its) = if self.month {
            ("one video's average", "its videos'")
        } else {
            ("the video's own", "the video's")
        };
        let message = format!(
            "line {line}: views_30d {} is fewer than {video} {} views; the account's 30-day \
             views usually include {its}, so check views_30d (later rows like it are not warned \
             about)",
            group_thousands(views_30d),
            group_thousands(input.views)
        );
        (self.observe)(Event::Warning { message: &message });
    }

    /// Warns once of an account with more paying subscribers than followers, most likely a
    /// slip in one of them, as `earn month` does.
    fn more_subscribers(&mut self, line: u64, input: &Input<'_>) {
        let (Some(subscribers), Some(followers)) = (input.subscribers, input.followers) else {
            return;
        };
        if subscribers <= followers {
            return;
        }
        self.summary.more_subscribers.push(line);
        if self.summary.more_subscribers.count() > 1 {
            return;
        }
        let message = format!(
            "line {line}: subscribers {} is more than the account's {} followers, of whom few \
             pay; check both numbers (later rows like it are not warned about)",
            group_thousands(subscribers),
            group_thousands(followers)
        );
        (self.observe)(Event::Warning { message: &message });
    }

    /// Warns once of a row whose `region` its `country` and `audience` both override, as
    /// `--region` beside `--country` and `--audience` is warned about: a value given and not
    /// used.
    fn region_unused(&mut self, line: u64, input: &Input<'_>) {
        let Some(region) = input.region.as_deref() else {
            return;
        };
        // One no region has fails the row, which says so.
        if input.country.is_none()
            || input.audience.is_none()
            || self.table.region(region).is_none()
        {
            return;
        }
        self.region_unused += 1;
        if self.region_unused > 1 {
            return;
        }
        let message = format!(
            "line {line}: region {region} is not used: the row's country and audience give both \
             of its places; leave one of them empty for region to give it (later rows like it \
             are not warned about)"
        );
        (self.observe)(Event::Warning { message: &message });
    }

    /// Warns once of a row that gives no region, and no flag gives it one, in a batch whose
    /// amounts are in a currency the table's default region does not spend: `--currency cad`
    /// for a Canadian roster without a `region` column prices every row as a US creator.
    ///
    /// So too of a row whose place cells are empty, in a roster that has them: it is priced as
    /// a creator in the default region, whatever the others are.
    fn unplaced(&mut self, line: u64, input: &Input<'_>) {
        let placed = input.region.is_some() || input.country.is_some() || input.audience.is_some();
        if placed {
            return;
        }
        let place_column = (self.header.iter().flatten())
            .find(|f| matches!(f, Field::Region | Field::Country | Field::Audience));
        // The amounts' currency, where the default region does not spend it.
        let elsewhere = (self.conversion)
            .filter(|c| currency_elsewhere(self.table, c.code).is_some())
            .map(|c| c.code);
        if elsewhere.is_none() && place_column.is_none() {
            return;
        }
        self.unplaced += 1;
        if self.unplaced > 1 {
            return;
        }
        let give = match (&self.header, place_column) {
            (_, Some(field)) => format!("fill the row's `{}` cell", field.name()),
            (Some(_), None) => "give rows a `region` column".to_string(),
            (None, None) => "give rows a `region` key".to_string(),
        };
        let Some(home) = self.table.region(&self.table.default_region) else {
            return;
        };
        let currency = elsewhere.map_or(String::new(), |code| format!(", in {code}"));
        let message = format!(
            "line {line}: no region: priced for a creator in region {} ({}), the rate table's \
             default{currency}; {give}, or --region for all of them (later rows like it are not \
             warned about)",
            home.code, home.name
        );
        (self.observe)(Event::Warning { message: &message });
    }

    /// Estimates one parsed row and writes its record; false when the batch must stop.
    fn row<'r>(
        &mut self,
        line: u64,
        mut parsed: Result<&mut Row<'r>, String>,
        carried: Carried<'_>,
        fields: &[&str],
    ) -> Result<bool, BatchError>
    where
        'a: 'r,
    {
        self.summary.read += 1;
        if self.summary.read % PROGRESS_EVERY == 0 {
            (self.observe)(Event::Progress {
                rows: self.summary.read,
            });
        }
        let refused = parsed.as_mut().ok().and_then(|row| self.fill(line, row));
        if let Some(message) = refused {
            parsed = Err(message);
        }
        let conversion = self.conversion;
        let said = Said {
            left_out: &self.left_out,
            header: self.header.as_deref(),
            unsaid_caveats: &self.unsaid_caveats,
        };
        let written = if self.month {
            let (table, estimator) = (self.table, &mut self.estimator);
            let (room, sink) = (&mut self.room, &mut self.sink);
            parsed
                .and_then(Row::month)
                .and_then(|input| {
                    month_in(table, &input, estimator, room).map_err(|e| match e {
                        MonthError::Estimate(e) => row_error(table, conversion, &input.video, &e),
                        // A row's count is its column's, and what to give instead a column too.
                        MonthError::NoChannelFor(count, own) => {
                            let own: Vec<String> = (own.iter())
                                .map(|(name, key)| format!("{name} takes a `{key}` column"))
                                .collect();
                            let instead = if own.is_empty() {
                                String::new()
                            } else {
                                format!("; {}", crate::text::and_list(&own))
                            };
                            format!(
                                "{}: no opt-in channel of the rate table is paid on these videos{instead}",
                                count.key()
                            )
                        }
                        other => other.to_string(),
                    })
                })
                .map(|month| {
                    let channels = month.channels.iter().map(|c| {
                        let reasons = c.reasons.iter().filter_map(MonthReason::video);
                        (c.id, c.name, c.in_total, c.left_out(), reasons)
                    });
                    let notes = said.notes(channels, None);
                    let written = sink.month(line, month, carried, fields, &notes.left_out);
                    (written, notes)
                })
        } else {
            let (table, estimator) = (self.table, &mut self.estimator);
            parsed
                .and_then(|row| {
                    resolve_with(table, &row.input, conversion)
                        .and_then(|input| estimator.estimate(input))
                        .map_err(|e| row_error(table, conversion, &row.input, &e))
                })
                .map(|estimate| {
                    let channels = (estimate.channels.iter())
                        .map(|c| (c.id, c.name, c.in_total, c.left_out(), c.reasons.iter()));
                    let unnamed =
                        (estimate.priced_not_named().next()).map(|c| (c.basis.key(), c.name, c.id));
                    let notes = said.notes(channels, unnamed);
                    let written =
                        (self.sink).estimate(line, estimate, carried, fields, &notes.left_out);
                    (written, notes)
                })
        };
        match written {
            Ok((written, notes)) => {
                written.map_err(BatchError::Write)?;
                self.summary.estimated += 1;
                if notes.elsewhere {
                    self.summary.priced_elsewhere.push(line);
                }
                self.warn_left_out(line, notes.missing, notes.unnamed);
                self.warn_caveats(line, notes.caveats);
                Ok(true)
            }
            Err(message) => {
                self.summary.failed += 1;
                // The names checked after the numbers may follow the offer.
                if message.contains(COMMA_OFFER) {
                    self.summary.decimal_comma.push(line);
                }
                self.sink
                    .error(line, &message, carried, fields)
                    .map_err(BatchError::Write)?;
                (self.observe)(Event::RowFailed {
                    line,
                    message: &message,
                });
                if self.strict {
                    self.summary.stopped_at = Some(line);
                    return Ok(false);
                }
                Ok(true)
            }
        }
    }
}

impl<'a> Batch<'a, '_> {
    /// Says once, at the first row whose total counts it, the caveat of each channel's rate
    /// (`caveats`: its id, name and caveat) that the records do not carry.
    fn warn_caveats(&mut self, line: u64, caveats: Vec<(&'a str, &'a str, &'a str)>) {
        for (id, name, caveat) in caveats {
            self.unsaid_caveats.retain(|&unsaid| unsaid != id);
            let message = format!(
                "line {line}: the amounts of {name} counted in the total: {caveat}; CSV records \
                 say so only with --reasons (later rows are not warned about)"
            );
            (self.observe)(Event::Warning { message: &message });
        }
    }

    /// Counts a row whose total leaves out channels it has for want of an input, a priced
    /// figure or a threshold, or where they are not open (`missing`: each with why, or nothing
    /// once said), and warns of each
    /// channel once, at the first row that lacks it; and warns once of a row whose diamonds
    /// price a channel it does not name (`unnamed`: the input, the channel's name and its id).
    fn warn_left_out(
        &mut self,
        line: u64,
        missing: Vec<(&'a str, String)>,
        unnamed: Option<(&'static str, &'a str, &'a str)>,
    ) {
        if unnamed.is_some() {
            self.summary.not_named.push(line);
        }
        if let Some((input, name, id)) = unnamed.filter(|(_, _, id)| !self.not_named.contains(id)) {
            self.not_named.push(id);
            let message = format!(
                "line {line}: the row's {input} pay {name}, which its total leaves out: add {id} to the row's `with` if the video had them (later rows like it are not warned about)"
            );
            (self.observe)(Event::Warning { message: &message });
        }
        if !missing.is_empty() {
            self.summary.incomplete.push(line);
        }
        for (channel, needs) in missing {
            if !self.left_out.contains(&channel) {
                self.left_out.push(channel);
                let message = format!(
                    "line {line}: the total leaves out {channel}, which the row has: {needs} (later rows that lack it are not warned about)"
                );
                (self.observe)(Event::Warning { message: &message });
            }
        }
    }
}

/// What the warnings have said so far, which an estimated row's notes leave out.
struct Said<'s, 'a> {
    left_out: &'s [&'a str],
    /// The inputs a CSV header has columns for.
    header: Option<&'s [Field]>,
    unsaid_caveats: &'s [&'a str],
}

/// What the summary, the warnings and a CSV record take from an estimated row.
struct Notes<'a> {
    /// The ids of the channels its total leaves out that it has.
    left_out: Vec<&'a str>,
    /// The same channels' names, each with what it needs (nothing once said).
    missing: Vec<(&'a str, String)>,
    /// A channel its diamonds (or sales) price that it does not name: that input, the
    /// channel's name and its id.
    unnamed: Option<(&'static str, &'a str, &'a str)>,
    /// Its total counts a figure priced in another region's market.
    elsewhere: bool,
    /// The channels its total counts whose rate's caveat is unsaid: id, name and caveat.
    caveats: Vec<(&'a str, &'a str, &'a str)>,
}

impl<'a> Said<'_, 'a> {
    /// The notes of a row whose `channels` are each its id, name, whether it is in the total,
    /// whether the total leaves out one the row has, and its reasons.
    fn notes<'r, R>(
        &self,
        channels: impl Iterator<Item = (&'a str, &'a str, bool, bool, R)>,
        unnamed: Option<(&'static str, &'a str, &'a str)>,
    ) -> Notes<'a>
    where
        'a: 'r,
        R: Iterator<Item = &'r Reason<'a>> + Clone,
    {
        let mut notes = Notes {
            left_out: Vec::new(),
            missing: Vec::new(),
            unnamed,
            elsewhere: false,
            caveats: Vec::new(),
        };
        for (id, name, in_total, left_out, reasons) in channels {
            if left_out {
                notes.left_out.push(id);
                let needs = if self.left_out.contains(&name) {
                    String::new()
                } else {
                    needs(reasons.clone(), self.header)
                };
                notes.missing.push((name, needs));
            }
            if in_total {
                notes.elsewhere |= priced_elsewhere(reasons.clone());
                if self.unsaid_caveats.contains(&id) {
                    notes
                        .caveats
                        .extend(caveat(reasons).map(|caveat| (id, name, caveat)));
                }
            }
        }
        notes
    }
}

/// A channel's rate's caveat, among its reasons (`Reason::Caveat`).
fn caveat<'r, 't: 'r>(reasons: impl IntoIterator<Item = &'r Reason<'t>>) -> Option<&'t str> {
    reasons.into_iter().find_map(|r| match *r {
        Reason::Caveat(caveat) => Some(caveat),
        _ => None,
    })
}

/// Whether a channel's figures are another region's market's (`Reason::PricedIn`).
fn priced_elsewhere<'r, 't: 'r>(reasons: impl IntoIterator<Item = &'r Reason<'t>>) -> bool {
    reasons
        .into_iter()
        .any(|r| matches!(r, Reason::PricedIn { .. }))
}

/// What a channel that needs an input says it needs, and where a roster gives it: "needs
/// --followers: …; give rows a `followers` column, or --followers for all of them", or where
/// the `header` has the column, "fill the row's `followers` cell". A video's diamonds or an
/// account's subscribers are the row's own: no flag gives them to every row. A channel the
/// table prices nothing for, or a threshold keeps out, says why ("no fee is priced below
/// 1,000 followers, …", "needs age 18+, has 17").
fn needs<'r, 't: 'r>(
    reasons: impl IntoIterator<Item = &'r Reason<'t>>,
    header: Option<&[Field]>,
) -> String {
    reasons
        .into_iter()
        .find_map(|r| match r {
            Reason::NeedsInput { flag, .. } => {
                let column = column_of(flag);
                let field = Field::named(&column);
                let for_all = if field.is_some_and(Field::has_default) {
                    format!(", or {flag} for all of them")
                } else {
                    String::new()
                };
                let give = match header {
                    None => format!("give rows a `{column}` key{for_all}"),
                    Some(fields) if field.is_some_and(|f| fields.contains(&f)) => {
                        format!("fill the row's `{column}` cell{for_all}")
                    }
                    Some(_) => format!("give rows a `{column}` column{for_all}"),
                };
                Some(format!("{r}; {give}"))
            }
            _ if r.leaves_out() => Some(r.to_string()),
            _ => None,
        })
        .unwrap_or_default()
}

/// Gives `input` the defaults of what it leaves out, as if their flags were given beside the
/// row's own values, which win. A row's `region` stands for both its places, so that a
/// default `--country` or `--audience` cannot override it; a row that `names_none` of the
/// opt-in channels keeps none.
fn fill<'r>(input: &mut Input<'r>, defaults: &'r Input<'_>, names_none: bool) {
    let text = |default: &'r Option<Cow<'_, str>>| default.as_deref().map(Cow::Borrowed);
    if input.region.is_none() {
        input.region = text(&defaults.region);
        if input.country.is_none() {
            input.country = text(&defaults.country);
        }
        if input.audience.is_none() {
            input.audience = text(&defaults.audience);
        }
    }
    if input.niche.is_none() {
        input.niche = text(&defaults.niche);
    }
    input.followers = input.followers.or(defaults.followers);
    input.age = input.age.or(defaults.age);
    input.views_30d = input.views_30d.or(defaults.views_30d);
    input.length = input.length.or(defaults.length);
    input.qualified_share = input.qualified_share.or(defaults.qualified_share);
    input.engagement = input.engagement.or(defaults.engagement);
    if input.with.is_empty() && !names_none {
        input
            .with
            .extend(defaults.with.iter().map(|id| Cow::Borrowed(&**id)));
    }
}

/// An empty vector with the allocation of `used`, which no longer borrows what `used` did: a
/// row's fields borrow the record, which the next row is read into. (Collecting an iterator
/// over a vector into a vector of a type of the same size reuses its allocation.)
fn reuse<'b>(mut used: Vec<&str>) -> Vec<&'b str> {
    used.clear();
    used.into_iter().map(|_| "").collect()
}

/// Where the records go.
enum Sink<'w, 't> {
    Ndjson {
        out: &'w mut dyn Write,
        writer: RowWriter<'t>,
        /// Boxed: most batches are of videos, and a month's writer is large.
        months: Box<MonthWriter<'t>>,
        /// Records not yet written: writing them into memory and then in blocks of
        /// `RECORDS_BLOCK` bytes is much faster than many small writes through `dyn Write`.
        records: Vec<u8>,
    },
    Csv {
        out: &'w mut dyn Write,
        /// Records not yet written, as for NDJSON.
        records: Vec<u8>,
        /// The delimiter, the decimal mark, and which fields need quotes. Boxed: the quoting
        /// writer is large, and the reasons kept made the variant larger still.
        style: Box<CsvStyle>,
        /// How many input columns each record starts with.
        width: usize,
        /// The ids of the channels, in the order of the estimate's (or the month's).
        channels: Vec<String>,
        /// Records are months: each channel has five columns, and the total four.
        month: bool,
        /// For videos, the places of the channels whose fee follows a tier, which have a
        /// `<id>_tier` column.
        tiered: Vec<usize>,
        /// With `Options::reasons`: each channel's `<id>_reasons`, and the cells kept.
        reasons: Option<KeptReasons<'t>>,
    },
}

impl<'w, 't> Sink<'w, 't> {
    /// `decimal_comma`: a CSV's amounts are written with a decimal comma, as its input's
    /// numbers are.
    fn new(
        out: &'w mut dyn Write,
        format: OutputFormat,
        table: &'t RateTable,
        (month, reasons): (bool, bool),
        decimal_comma: bool,
    ) -> Sink<'w, 't> {
        match format {
            OutputFormat::Ndjson => Sink::Ndjson {
                out,
                writer: RowWriter::new(table),
                months: Box::new(MonthWriter::new(table)),
                records: Vec::with_capacity(2 * RECORDS_BLOCK),
            },
            OutputFormat::Csv => {
                // A month has the channels paid by the month too, after the others.
                let monthly = table.monthly_channels().filter(|_| month);
                Sink::Csv {
                    out,
                    records: Vec::with_capacity(2 * RECORDS_BLOCK),
                    style: Box::new(CsvStyle::new(b',', decimal_comma)),
                    width: 0,
                    channels: table
                        .video_channels()
                        .chain(monthly)
                        .map(|c| c.id.clone())
                        .collect(),
                    month,
                    tiered: (table.video_channels().enumerate())
                        .filter(|(_, c)| !month && !c.rate.tiers.is_empty())
                        .map(|(i, _)| i)
                        .collect(),
                    reasons: reasons.then(KeptReasons::default),
                }
            }
        }
    }

    /// The output's own CSV columns after the input's.
    fn own_columns(
        channels: &[String],
        tiered: &[usize],
        month: bool,
        reasons: bool,
    ) -> Vec<String> {
        let (parts, totals): (&[&str], &[&str]) = if month {
            (
                &["month_low", "month_high", "year_low", "year_high", "status"],
                &[
                    "total_month_low",
                    "total_month_high",
                    "total_year_low",
                    "total_year_high",
                ],
            )
        } else {
            (&["low", "high", "status"], &["total_low", "total_high"])
        };
        let mut own: Vec<String> = Vec::new();
        for id in channels {
            own.extend(parts.iter().map(|part| format!("{id}_{part}")));
        }
        own.extend(totals.iter().map(|t| (*t).to_string()));
        own.extend(["currency", "error"].map(str::to_string));
        // Added after the first columns, which keep their places.
        own.extend(channels.iter().map(|id| format!("{id}_grade")));
        own.extend(channels.iter().map(|id| format!("{id}_in_total")));
        own.extend(tiered.iter().map(|&i| format!("{}_tier", channels[i])));
        if reasons {
            own.extend(channels.iter().map(|id| format!("{id}_reasons")));
        }
        own.push("total_leaves_out".to_string());
        own
    }

    /// For CSV: the header, the input's columns and then the table's channels, separated by
    /// `delimiter`, the input's, after a byte-order mark if the input began with one (`bom`),
    /// so that the spreadsheet that wrote the one reads the other as UTF-8 too. An input column
    /// named like an output column would make the header ambiguous, so it is refused.
    fn begin(
        &mut self,
        mut columns: Vec<String>,
        delimiter: u8,
        bom: bool,
    ) -> Result<(), BatchError> {
        let Sink::Csv {
            records,
            style,
            width,
            channels,
            month,
            tiered,
            reasons,
            ..
        } = self
        else {
            return Ok(());
        };
        *width = columns.len();
        let own = Sink::own_columns(channels, tiered, *month, reasons.is_some());
        // Any case: a reader that ignores case would see two columns of one name.
        if let Some(clash) = columns
            .iter()
            .find(|c| own.iter().any(|o| o.eq_ignore_ascii_case(c)))
        {
            return Err(BatchError::ColumnClash(clash.clone()));
        }
        columns.extend(own);
        **style = CsvStyle::new(delimiter, style.decimal_comma);
        if bom {
            records.extend_from_slice("\u{feff}".as_bytes());
        }
        let mut record = CsvRecord::new(records, style);
        for column in &columns {
            record.text(column);
        }
        record.end();
        Ok(())
    }

    /// `left_out`: the ids of the channels the row has that its total leaves out.
    fn estimate(
        &mut self,
        line: u64,
        estimate: &Estimate<'t>,
        carried: Carried<'_>,
        fields: &[&str],
        left_out: &[&str],
    ) -> io::Result<()> {
        match self {
            Sink::Ndjson {
                out,
                writer,
                records,
                ..
            } => {
                writer.estimate(estimate, line, carried, records)?;
                write_some(out, records)
            }
            Sink::Csv {
                out,
                records,
                style,
                width,
                tiered,
                reasons,
                ..
            } => {
                // Straight into the output's buffer: the output's own cells never need quotes.
                let mut record = CsvRecord::carrying(records, style, fields, *width);
                for channel in &estimate.channels {
                    record.money(channel.amount.map(|a| a.low));
                    record.money(channel.amount.map(|a| a.high));
                    record.cell(channel.status.key());
                }
                record.money(Some(estimate.total.low));
                record.money(Some(estimate.total.high));
                let channels = estimate.channels.iter();
                record.flags(
                    estimate.input.currency.code,
                    channels.clone().map(|c| (c.grade, c.in_total)),
                );
                for &i in tiered.iter() {
                    let tier = estimate.channels.get(i).and_then(|c| c.tier);
                    record.text(tier.unwrap_or_default());
                }
                if let Some(kept) = reasons {
                    for (place, channel) in channels.enumerate() {
                        kept.write(&mut record, place, &channel.reasons);
                    }
                }
                record.ids(left_out);
                record.end();
                write_some(out, records)
            }
        }
    }

    /// An account's month: NDJSON through serde (the month's JSON with `line` and `extra`), or
    /// a CSV row of each channel's month, year and status.
    fn month(
        &mut self,
        line: u64,
        month: &Month<'t>,
        carried: Carried<'_>,
        fields: &[&str],
        left_out: &[&str],
    ) -> io::Result<()> {
        match self {
            Sink::Ndjson {
                out,
                months,
                records,
                ..
            } => {
                months.write(month, line, carried, records)?;
                write_some(out, records)
            }
            Sink::Csv {
                out,
                records,
                style,
                width,
                reasons,
                ..
            } => {
                let mut record = CsvRecord::carrying(records, style, fields, *width);
                for channel in &month.channels {
                    let amount = channel.amount;
                    record.money(amount.map(|p| p.month.low));
                    record.money(amount.map(|p| p.month.high));
                    record.money(amount.map(|p| p.year.low));
                    record.money(amount.map(|p| p.year.high));
                    record.cell(channel.status.key());
                }
                let total = month.total;
                for amount in [
                    total.month.low,
                    total.month.high,
                    total.year.low,
                    total.year.high,
                ] {
                    record.money(Some(amount));
                }
                let channels = month.channels.iter();
                record.flags(
                    month.input.video.currency.code,
                    channels.clone().map(|c| (c.grade, c.in_total)),
                );
                if reasons.is_some() {
                    for channel in channels {
                        record.joined(&channel.reasons);
                    }
                }
                record.ids(left_out);
                record.end();
                write_some(out, records)
            }
        }
    }

    fn error(
        &mut self,
        line: u64,
        message: &str,
        carried: Carried<'_>,
        fields: &[&str],
    ) -> io::Result<()> {
        match self {
            Sink::Ndjson { out, records, .. } => {
                report::row::error(line, message, carried, records)?;
                write_some(out, records)
            }
            Sink::Csv {
                out,
                records,
                style,
                width,
                channels,
                month,
                tiered,
                reasons,
                ..
            } => {
                // Empty but for `error`, wherever the output's own columns put it.
                let own = Sink::own_columns(channels, tiered, *month, reasons.is_some());
                let message = report::printable(message);
                let mut record = CsvRecord::carrying(records, style, fields, *width);
                for column in &own {
                    record.text(if column == "error" { &message } else { "" });
                }
                record.end();
                write_some(out, records)
            }
        }
    }

    /// Writes out every record so far.
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Ndjson { out, records, .. } | Sink::Csv { out, records, .. } => {
                write_all(out, records)?;
                out.flush()
            }
        }
    }
}

/// How many bytes of input are read at a time. From a pipe a read returns what has arrived, up
/// to this: a live batch flushes its records before each read that may wait, so a larger read
/// from a fast producer means fewer flushes. A million rows piped from `cat` took 0.529 s of
/// CPU time with 8 KiB reads and flushes, 0.441 s with 64 KiB (a Linux pipe's buffer), and
/// 0.467 s with 8 KiB and no flushes (medians of 5 to 7 alternated runs).
const READ_BYTES: usize = 64 * 1024;

/// How many bytes of records (NDJSON or CSV) are written at a time: a million NDJSON records
/// are about 1.1 GB, which in blocks of this size is some 4,300 writes.
const RECORDS_BLOCK: usize = 256 * 1024;

/// Writes `records` out once they fill a block.
fn write_some(out: &mut dyn Write, records: &mut Vec<u8>) -> io::Result<()> {
    if records.len() < RECORDS_BLOCK {
        return Ok(());
    }
    write_all(out, records)
}

/// Writes `records` out and empties it, also when the write fails: part of it may have been
/// written, and writing it again would repeat that part.
fn write_all(out: &mut dyn Write, records: &mut Vec<u8>) -> io::Result<()> {
    let written = out.write_all(records);
    records.clear();
    written
}

/// The input columns of a record, exactly `width` of them: a short row is padded (it is an
/// error row, and its message says how many fields it had).
fn padded<'f>(fields: &[&'f str], width: usize) -> impl Iterator<Item = &'f str> {
    let given = fields.iter().copied().take(width);
    given.chain(std::iter::repeat_n("", width.saturating_sub(fields.len())))
}

/// How a batch's CSV is written: as its input was, so that a spreadsheet that saved the one
/// opens the other. Which fields need quotes, and how they are escaped, is `csv_core`'s
/// decision, as for the `csv` crate's writer.
struct CsvStyle {
    quoting: csv_core::Writer,
    delimiter: u8,
    /// Amounts with a decimal comma: `1234,50`.
    decimal_comma: bool,
    /// The output's own cells may hold the delimiter, and are quoted where they do: they are
    /// made of letters, digits, `_` and `?` (statuses, grades, tiers) and amounts' `.` or `,`.
    guarded: bool,
}

impl CsvStyle {
    fn new(delimiter: u8, decimal_comma: bool) -> CsvStyle {
        let mark = if decimal_comma { b',' } else { b'.' };
        CsvStyle {
            quoting: csv_core::WriterBuilder::new().delimiter(delimiter).build(),
            delimiter,
            decimal_comma,
            guarded: [mark, b'_', b'?'].contains(&delimiter),
        }
    }
}

/// One CSV record being appended to the output's buffer. The output's own cells (amounts,
/// statuses, grades, flags) are appended as they are, but for a delimiter they may hold.
struct CsvRecord<'b> {
    out: &'b mut Vec<u8>,
    style: &'b CsvStyle,
    first: bool,
}

impl<'b> CsvRecord<'b> {
    fn new(out: &'b mut Vec<u8>, style: &'b CsvStyle) -> CsvRecord<'b> {
        CsvRecord {
            out,
            style,
            first: true,
        }
    }

    /// A record that starts with the input's columns, exactly `width` of them.
    fn carrying(
        out: &'b mut Vec<u8>,
        style: &'b CsvStyle,
        fields: &[&str],
        width: usize,
    ) -> CsvRecord<'b> {
        let mut record = CsvRecord::new(out, style);
        for text in padded(fields, width) {
            record.text(text);
        }
        record
    }

    fn separate(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.out.push(self.style.delimiter);
        }
    }

    /// Any text, quoted if it needs to be.
    fn text(&mut self, text: &str) {
        self.separate();
        self.quoted(text);
    }

    /// Channel ids in one cell, separated by spaces (as a `with` cell may be); empty for none,
    /// nearly every row, which needs only its separator (joining and quoting nothing cost a
    /// batch 1% more instructions).
    #[inline]
    fn ids(&mut self, ids: &[&str]) {
        if ids.is_empty() {
            self.separate();
        } else {
            self.text(&ids.join(" "));
        }
    }

    /// The text of a cell, quoted if it needs to be, after its separator.
    fn quoted(&mut self, text: &str) {
        let text = text.as_bytes();
        if !self.style.quoting.should_quote(text) {
            self.out.extend_from_slice(text);
            return;
        }
        // Escaping at most doubles each byte (a quote becomes two).
        let start = self.out.len() + 1;
        self.out.resize(start + 2 * text.len() + 2, 0);
        self.out[start - 1] = b'"';
        let (_, _, written) = csv_core::quote(text, &mut self.out[start..], b'"', b'\\', true);
        self.out.truncate(start + written);
        self.out.push(b'"');
    }

    /// One of the output's own cells, which needs quotes only for a delimiter it may hold.
    fn cell(&mut self, text: &str) {
        self.separate();
        if self.style.guarded {
            self.quoted(text);
        } else {
            debug_assert!(!self.style.quoting.should_quote(text.as_bytes()), "{text}");
            self.out.extend_from_slice(text.as_bytes());
        }
    }

    /// An amount in plain digits (`1234.50`, or `1234,50`), or nothing.
    fn money(&mut self, amount: Option<Money>) {
        self.separate();
        let Some(amount) = amount else { return };
        let start = self.out.len();
        amount.push_plain(self.out);
        if self.style.decimal_comma {
            if let Some(point) = self.out[start..].iter().position(|&b| b == b'.') {
                self.out[start + point] = b',';
            }
        }
        // `1234,50` between commas is one field only in quotes (an amount holds no quote).
        if self.style.guarded && self.out[start..].contains(&self.style.delimiter) {
            self.out.insert(start, b'"');
            self.out.push(b'"');
        }
    }

    /// After an estimate's or a month's amounts: the currency, an empty `error`, then each
    /// channel's grade and whether it counts in the total.
    fn flags(
        &mut self,
        currency: &str,
        channels: impl Iterator<Item = (Option<Grade>, bool)> + Clone,
    ) {
        self.text(currency);
        self.cell("");
        for (channel_grade, _) in channels.clone() {
            self.cell(grade(channel_grade));
        }
        for (_, in_total) in channels {
            self.cell(flag(in_total));
        }
    }

    /// Texts in one cell, joined with `; ` as the one-video CSV joins a channel's reasons;
    /// where the cell starts in the output.
    fn joined<T: fmt::Display>(&mut self, texts: &[T]) -> usize {
        let mut cell = String::new();
        for (i, text) in texts.iter().enumerate() {
            if i > 0 {
                cell.push_str("; ");
            }
            let _ = fmt::Write::write_fmt(&mut cell, format_args!("{text}"));
        }
        self.separate();
        let start = self.out.len();
        // A rates file's text may hold a line break, written escaped as the estimate's CSV
        // writes it: a batch reads no record over two lines.
        self.quoted(&report::printable(&cell));
        start
    }

    /// A cell already written (quoted, if it needed to be) for an earlier record.
    fn written(&mut self, cell: &[u8]) {
        self.separate();
        self.out.extend_from_slice(cell);
    }

    fn end(self) {
        self.out.push(b'\n');
    }
}

/// The `<id>_reasons` cells of a batch's CSV already written, per channel, for the reasons
/// that recur from row to row: written afresh, they took a CSV batch 2.5 times as long. Kept
/// and matched as the NDJSON writer keeps its records' endings (`report::row`).
#[derive(Default)]
struct KeptReasons<'t> {
    channels: Vec<Vec<(Vec<Reason<'t>>, Vec<u8>)>>,
}

impl<'t> KeptReasons<'t> {
    /// The most cells kept per channel, as many as the NDJSON writer keeps endings: a fee's
    /// reasons differ by audience region.
    const MAX: usize = report::row::MAX_ENDINGS;

    /// Writes the reasons of the channel at `place` as one cell of `record`.
    fn write(&mut self, record: &mut CsvRecord<'_>, place: usize, reasons: &[Reason<'t>]) {
        if self.channels.len() <= place {
            self.channels.resize_with(place + 1, Vec::new);
        }
        let kept = &mut self.channels[place];
        if let Some((_, cell)) = kept.iter().find(|(k, _)| written_alike(k, reasons)) {
            record.written(cell);
            return;
        }
        let start = record.joined(reasons);
        // A reason with the row's own counts in it will not recur.
        if !reasons.iter().any(with_counts) && kept.len() < KeptReasons::MAX {
            kept.push((reasons.to_vec(), record.out[start..].to_vec()));
        }
    }
}

/// Reads a CSV whose lines end in a lone `\r`, as spreadsheet programs save "CSV (Macintosh)",
/// as lines that end in `\n`: the first line ending decides. Where it is a `\r` not followed by
/// `\n`, every `\r` of the input is read as `\n`. Until then, a `\r` that a read ends on is held
/// back, so that the byte after it can decide. Files with `\n` or `\r\n` endings pass through as
/// they are.
struct CrLines<R> {
    inner: R,
    /// Unknown until a line ending is seen.
    cr_only: Option<bool>,
    /// A `\r` held back from the end of the last read, before the first line ending was known.
    held: bool,
}

impl<R> CrLines<R> {
    fn new(inner: R) -> CrLines<R> {
        CrLines {
            inner,
            cr_only: None,
            held: false,
        }
    }
}

impl<R: Read> Read for CrLines<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.len() < 2 {
            // Too little room to hold a byte back; a reader this small is not the batch's.
            return self.inner.read(buf);
        }
        let start = usize::from(self.held);
        if self.held {
            buf[0] = b'\r';
        }
        let n = start + self.inner.read(&mut buf[start..])?;
        let at_end = n == start;
        self.held = false;
        let mut n = n;
        if self.cr_only.is_none() {
            let read = &buf[..n];
            self.cr_only = match read.iter().position(|&b| b == b'\r' || b == b'\n') {
                Some(i) if read[i] == b'\n' => Some(false),
                Some(i) => match read.get(i + 1) {
                    Some(&next) => Some(next != b'\n'),
                    // The input ends on its first line ending, a lone `\r`.
                    None if at_end => Some(true),
                    // The byte after it is not read yet: hold the `\r` back until it is.
                    None => {
                        self.held = true;
                        n -= 1;
                        None
                    }
                },
                None => None,
            };
        }
        if self.cr_only == Some(true) {
            for byte in buf[..n].iter_mut().filter(|b| **b == b'\r') {
                *byte = b'\n';
            }
        }
        Ok(n)
    }
}

/// Passes bytes through, failing once a line, or a row (`budget`, which the reader resets as
/// each row begins), grows past `MAX_LINE_BYTES`.
struct LineLimit<R> {
    inner: R,
    since_newline: usize,
    budget: Rc<Cell<usize>>,
}

/// What `LineLimit` fails with; the batch, which counts the lines, says where.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
enum TooLong {
    #[error("a line is longer than 1 MiB")]
    Line,
    #[error("a row is longer than 1 MiB")]
    Row,
}

impl<R> LineLimit<R> {
    fn new(inner: R, budget: Rc<Cell<usize>>) -> LineLimit<R> {
        LineLimit {
            inner,
            since_newline: 0,
            budget,
        }
    }
}

/// A read that failed: past the limit, at the line being read or, for a row whose quoted field
/// ran on (over short lines or a long one), the line it began on.
fn read_failed(e: io::Error) -> BatchError {
    let Some(at) = e.get_ref().and_then(|e| e.downcast_ref::<records::At>()) else {
        return BatchError::Read(e);
    };
    match at
        .source
        .get_ref()
        .and_then(|e| e.downcast_ref::<TooLong>())
    {
        // Inside a quoted field, the row's quote is left open; elsewhere a row is a line.
        Some(_) if at.quoted => BatchError::RowTooLong(at.line),
        Some(_) => BatchError::LineTooLong(at.lines),
        None => BatchError::Read(e),
    }
}

impl<R: Read> Read for LineLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        // The line that runs on from the last read ends at its first newline, and the last
        // line runs on to the next read; a line between them is shorter than one read (at most
        // `READ_BYTES`, far below the limit).
        let line = if let Some(first) = buf[..n].iter().position(|&b| b == b'\n') {
            let ended = self.since_newline + first;
            let last = buf[first..n].iter().rposition(|&b| b == b'\n').unwrap_or(0);
            self.since_newline = n - 1 - (first + last);
            ended.max(self.since_newline)
        } else {
            self.since_newline += n;
            self.since_newline
        };
        self.budget.set(self.budget.get().saturating_add(n));
        if line > MAX_LINE_BYTES {
            return Err(io::Error::other(TooLong::Line));
        }
        if self.budget.get() > MAX_LINE_BYTES {
            return Err(io::Error::other(TooLong::Row));
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    /// A CSV row of a video, as the estimate takes it.
    fn video_row<'r>(
        columns: &[Option<Field>],
        record: &[&'r str],
    ) -> Result<crate::estimate::Input<'r>, String> {
        let mut row = super::Row::default();
        super::csv_row(&mut row, columns, record, super::Mark::Point).map(|()| row.input)
    }

    use super::*;

    /// A reader that gives its text in the pieces a pipe might.
    struct Pieces(Vec<&'static [u8]>);

    impl Read for Pieces {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Ok(0);
            }
            let piece = self.0[0];
            let n = piece.len().min(buf.len());
            buf[..n].copy_from_slice(&piece[..n]);
            if n == piece.len() {
                self.0.remove(0);
            } else {
                self.0[0] = &piece[n..];
            }
            Ok(n)
        }
    }

    fn through_cr_lines(pieces: Vec<&'static [u8]>) -> Vec<u8> {
        let mut text = Vec::new();
        CrLines::new(Pieces(pieces)).read_to_end(&mut text).unwrap();
        text
    }

    /// The first line ending decides, wherever the reads that bring it are cut.
    #[test]
    fn lone_cr_line_endings_are_read_as_newlines_however_the_reads_fall() {
        let lines = b"views\n1m\n2m\n".to_vec();
        assert_eq!(through_cr_lines(vec![b"views\r1m\r2m\r"]), lines);
        assert_eq!(through_cr_lines(vec![b"views\r", b"1m\r2m\r"]), lines);
        assert_eq!(through_cr_lines(vec![b"views\r", b"1m\r", b"2m\r"]), lines);
        assert_eq!(through_cr_lines(vec![b"vie", b"ws\r", b"1m\r2m\r"]), lines);
        assert_eq!(through_cr_lines(vec![b"views\r"]), b"views\n");
        // CRLF and LF files pass as they are, a lone `\r` inside a line of them included.
        for pieces in [
            vec![&b"views\r\n1m\r\n"[..]],
            vec![b"views\r", b"\n1m\r\n"],
            vec![b"views,note\n1m,\"a\rb\"\n"],
        ] {
            let whole: Vec<u8> = pieces.concat();
            assert_eq!(through_cr_lines(pieces), whole);
        }
    }

    #[test]
    fn a_summary_names_the_first_lines_and_counts_the_rest() {
        let mut lines = Lines::default();
        assert_eq!(lines.first(), &[] as &[u64]);
        lines.push(4);
        assert_eq!(lines.to_string(), "line 4");
        lines.push(12_000);
        assert_eq!(lines.to_string(), "lines 4 and 12,000");
        for line in 12_001..12_010 {
            lines.push(line);
        }
        assert_eq!(lines.count(), 11);
        assert_eq!(lines.first().len(), Lines::KEPT);
        assert_eq!(
            lines.to_string(),
            "lines 4, 12,000, 12,001, 12,002, 12,003, 12,004, 12,005, 12,006 and 3 more"
        );
    }

    #[test]
    fn reuse_keeps_the_allocation() {
        let text = String::from("a,b,c");
        let mut used: Vec<&str> = Vec::with_capacity(16);
        used.extend(text.split(','));
        let (at, capacity) = (used.as_ptr() as usize, used.capacity());
        let fresh: Vec<&'static str> = reuse(used);
        assert!(fresh.is_empty());
        assert_eq!((fresh.as_ptr() as usize, fresh.capacity()), (at, capacity));
    }

    #[test]
    fn columns_are_named_like_the_flags() {
        assert_eq!(Field::named("views_30d"), Some(Field::Views30d));
        assert_eq!(Field::named(" Views-30d "), Some(Field::Views30d));
        assert_eq!(Field::named("qualified-share"), Some(Field::QualifiedShare));
        // A spreadsheet's heading, with spaces.
        assert_eq!(Field::named("Views 30d"), Some(Field::Views30d));
        assert_eq!(Field::named_in("Avg Views", true), Some(Field::AvgViews));
        assert_eq!(Field::named("handle"), None);
        assert_eq!(Field::named("views30d"), None);
    }

    #[test]
    fn fields_are_in_the_order_of_their_variants() {
        for (i, &(name, field)) in FIELDS.iter().enumerate() {
            assert_eq!(field.index(), i, "{name}");
            assert_eq!(field.name(), name);
            assert_eq!(Field::named(name), Some(field));
        }
        // An account's fields are read by name among its own, and fit the row's room.
        for &(name, field) in &super::MONTH_FIELDS {
            assert!(field.index() < super::FIELD_COUNT, "{name}");
            assert_eq!(field.name(), name);
            assert_eq!(Field::named_in(name, true), Some(field));
        }
        assert_eq!(Field::named_in("views", true), None);
        assert_eq!(Field::named_in("avg_views", false), None);
    }

    #[test]
    fn a_with_cell_names_ids_between_commas_semicolons_or_spaces() {
        let ids =
            |text| -> Vec<String> { channel_ids(text).iter().map(ToString::to_string).collect() };
        assert_eq!(ids("sponsorship"), ["sponsorship"]);
        assert_eq!(
            ids("sponsorship,affiliate;gifts"),
            ["sponsorship", "affiliate", "gifts"]
        );
        assert_eq!(ids(" gifts ; ,affiliate\tx "), ["gifts", "affiliate", "x"]);
        // Only separators: none, and no allocation.
        for none in ["", ",", " ; ,", ";;"] {
            let ids = channel_ids(none);
            assert!(ids.is_empty() && ids.capacity() == 0, "{none:?}");
        }
        // Each id borrows the row's text.
        assert!(
            channel_ids("a;b")
                .iter()
                .all(|id| matches!(id, Cow::Borrowed(_)))
        );
    }

    #[test]
    fn country_audience_length_and_with_are_read_like_their_flags() {
        let columns = ["views", "country", "audience", "length", "with"]
            .map(Field::named)
            .to_vec();
        let input =
            video_row(&columns, &["1k", "us", " GB ", "1:15", "sponsorship;gifts"]).unwrap();
        assert_eq!(input.country.as_deref(), Some("us"));
        assert_eq!(input.audience.as_deref(), Some("GB"));
        assert_eq!(input.region, None);
        assert_eq!(input.length, Some(75));
        assert_eq!(input.with, ["sponsorship", "gifts"]);
        for length in ["75", "75s", "1m15s", "1:15", " 75 "] {
            let input = video_row(&columns, &["1", "", "", length, ""]).unwrap();
            assert_eq!(input.length, Some(75), "{length}");
        }
        // Empty cells are not given.
        let input = video_row(&columns, &["1", "", "", "", ""]).unwrap();
        assert_eq!(
            input,
            Input {
                views: 1,
                ..Input::default()
            }
        );
        for (length, message) in [("x", "is not a video length"), ("1:75", "seconds past")] {
            let error = video_row(&columns, &["1", "", "", length, ""]).unwrap_err();
            assert!(
                error.starts_with(&format!("length: '{length}'")) && error.contains(message),
                "{error}"
            );
        }
    }

    #[test]
    fn the_estimates_errors_name_the_column() {
        let table = crate::rates::built_in().unwrap();
        let error = |input: Input| {
            let e = crate::estimate::resolve(&table, &input).unwrap_err();
            estimate_error(&e)
        };
        let input = Input {
            views: 1,
            ..Input::default()
        };
        assert!(
            error(Input {
                country: Some("zz".into()),
                ..input.clone()
            })
            .starts_with("country: unknown region 'zz'; for a country not listed, give 'other'; valid regions: us (usa),")
        );
        assert!(
            error(Input {
                audience: Some("zz".into()),
                ..input.clone()
            })
            .starts_with("audience: unknown region 'zz'; for a country not listed, give 'other'; valid regions: us (usa),")
        );
        assert_eq!(
            error(Input {
                with: vec!["gift".into()],
                ..input.clone()
            }),
            "with: unknown channel 'gift'; did you mean 'gifts'? valid opt-in channels: \
             sponsorship, affiliate, gifts"
        );
        assert_eq!(
            error(Input {
                with: vec!["Creator_Rewards".into()],
                ..input
            }),
            "with: 'creator_rewards' is not opt-in: it counts whenever it is eligible; the \
             column takes the opt-in channels: sponsorship, affiliate, gifts"
        );
        assert_eq!(
            estimate_error(&EstimateError::NotOptIn {
                id: "creator_rewards".into(),
                opt_in: Vec::new(),
            }),
            "with: 'creator_rewards' is not opt-in: it counts whenever it is eligible; leave the \
             column empty: the rate table has no opt-in channel"
        );
    }

    /// A batch's records are `report::json`'s rows for the same estimates, made from scratch:
    /// the estimator's kept plans and the writer's kept text change nothing, whatever the
    /// order of the rows.
    #[test]
    fn batch_records_are_the_json_rows_of_the_same_estimates() {
        let table = crate::rates::built_in().unwrap();
        let csv = "\
views,followers,region,country,audience,age,length,with
1m,12k,us,,,21,,
1m,12k,,us,gb,,1:15,\"sponsorship,gifts\"
1m,2m,,us,,,90,sponsorship
1m,,,us,,,30,sponsorship;affiliate
1m,50k,in,,,30,,affiliate
1m,50k,,gb,in,30,61,
1m,50k,,in,us,,,
1m,12k,us,,,21,,
1m,12k,,us,gb,,1:15,sponsorship gifts
5k,12k,jp,,,,1m1s,affiliate
";
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let columns: Vec<Option<Field>> =
            reader.headers().unwrap().iter().map(Field::named).collect();
        let mut want = Vec::new();
        for (line, record) in reader.records().enumerate() {
            let record = record.unwrap();
            let fields: Vec<&str> = record.iter().collect();
            let input = video_row(&columns, &fields).unwrap();
            let estimate = crate::estimate::estimate(&table, &input).unwrap();
            let line = line as u64 + 2;
            report::json::write_row(&estimate, &table, line, &Map::new(), &mut want).unwrap();
        }
        let options = Options {
            input: InputFormat::Csv,
            output: OutputFormat::Ndjson,
            strict: true,
            carry: Vec::new(),
            currency: None,
            month: false,
            defaults: Input::default(),
            live: false,
            delimiter: None,
            decimal_mark: DecimalMark::Point,
            reasons: false,
        };
        let mut out = Vec::new();
        let summary = run(&table, csv.as_bytes(), &mut out, &options, &mut |_| {}).unwrap();
        assert_eq!(summary.estimated, 10, "{summary:?}");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            String::from_utf8(want).unwrap()
        );
    }

    #[test]
    fn fields_read_as_parse_count_reads_them() {
        let row = |fields: &[&'static str]| {
            let columns = ["views", "followers", "region", "niche", "qualified_share"]
                .map(Field::named)
                .to_vec();
            video_row(&columns, fields)
        };
        // Plain digits: leading zeros, spaces around them, and 19 digits, the most that always
        // fit. Digits in a text column stay text.
        let input = row(&["007", " 42 ", "12", "123", "1"]).unwrap();
        assert_eq!((input.views, input.followers), (7, Some(42)));
        assert_eq!(input.region.as_deref(), Some("12"));
        assert_eq!(input.niche.as_deref(), Some("123"));
        assert_eq!(input.qualified_share, Some("1".parse().unwrap()));
        let input = row(&["9999999999999999999", "1,000", "us", "", "0.5"]).unwrap();
        assert_eq!(
            (input.views, input.followers),
            (9_999_999_999_999_999_999, Some(1000))
        );
        assert_eq!(input.qualified_share, Some("0.5".parse().unwrap()));
        // Counts with a suffix, and empty optional fields.
        let input = row(&["1.5k", "", "", "", ""]).unwrap();
        assert_eq!(
            (input.views, input.followers, input.region),
            (1500, None, None)
        );
        // What plain digits cannot hold goes to parse_count, and its message.
        for (views, message) in [
            ("18446744073709551616", "too large"),
            ("", "empty"),
            ("-3", "negative"),
        ] {
            let error = row(&[views, "", "", "", ""]).unwrap_err();
            assert!(
                error.starts_with("views: ") && error.contains(message),
                "{error}"
            );
        }
        // An age is whole years, as --age reads it.
        let columns = ["views", "age"].map(Field::named).to_vec();
        assert_eq!(video_row(&columns, &["1", " 42 "]).unwrap().age, Some(42));
        assert_eq!(
            video_row(&columns, &["1", "1,000"]).unwrap_err(),
            "age: '1,000' is not an age: write whole years, like 22"
        );
    }

    #[test]
    fn ndjson_values_are_numbers_or_strings() {
        let ndjson_row = |line: &str| {
            ndjson_raw(line).and_then(|raw| raw.input().map(|input| (input.views, input.age)))
        };
        let raw = ndjson_raw(r#"{"views": 1500000, "qualified_share": 0.45, "age": "21", "x": 1}"#)
            .unwrap();
        let input = raw.input().unwrap();
        assert_eq!(input.views, 1_500_000);
        assert_eq!(input.qualified_share.unwrap().to_string(), "0.45");
        assert_eq!(input.age, Some(21));
        assert_eq!(raw.extra.len(), 1);
        // Numbers are read as written: no float rounding, no exponents the flags refuse.
        assert_eq!(
            ndjson_row(r#"{"views": 9007199254740993}"#).unwrap().0,
            9_007_199_254_740_993
        );
        // The number in full is suggested when earn can hold it; the row's other keys are
        // still carried, so that its error record can be told apart.
        for (exponent, full) in [
            (r#"{"views": 1.5e6, "handle": "@a"}"#, " (1500000),"),
            (r#"{"followers": 2.5E3, "handle": "@a"}"#, " (2500),"),
            (r#"{"views": 1.5e-3, "handle": "@a"}"#, " full,"),
            (r#"{"views": -1e3, "handle": "@a"}"#, " full,"),
            (r#"{"views": 1e400, "handle": "@a"}"#, " full,"),
            (r#"{"views": 1e-2147483648, "handle": "@a"}"#, " full,"),
        ] {
            let raw = ndjson_raw(exponent).unwrap();
            let err = raw.input().unwrap_err();
            assert!(err.contains("is written with an exponent"), "{err}");
            assert!(err.contains(full), "{exponent}: {err}");
            assert_eq!(raw.extra["handle"], "@a", "{exponent}");
        }
        // A share may be written with an exponent, as JSON writers spell small numbers: it is
        // the decimal it spells, when earn can hold it.
        let spelt = ndjson_raw(r#"{"views": 1, "qualified_share": 4.5e-1, "engagement": 1e-6}"#);
        let written =
            ndjson_raw(r#"{"views": 1, "qualified_share": 0.45, "engagement": 0.000001}"#);
        let (spelt, written) = (spelt.unwrap(), written.unwrap());
        assert_eq!(spelt.input().unwrap(), written.input().unwrap());
        // Beyond a share's places, the message quotes the number as written.
        let raw = ndjson_raw(r#"{"views": 1, "engagement": 1e-12}"#).unwrap();
        assert_eq!(
            raw.input().unwrap_err(),
            "engagement: '1e-12' has more than 9 decimal places as a fraction"
        );
        assert!(
            ndjson_row(r#"{"views": 18446744073709551616}"#)
                .unwrap_err()
                .contains("is too large")
        );
        for (twice, key) in [
            (r#"{"views": 1, "Views": 2, "handle": "@a"}"#, "Views"),
            (r#"{"views": 1, "h": 1, "h": 2, "handle": "@a"}"#, "h"),
        ] {
            let raw = ndjson_raw(twice).unwrap();
            assert_eq!(
                raw.input().unwrap_err(),
                format!("`{key}` is given twice in this object")
            );
            assert_eq!(raw.extra["handle"], "@a", "{twice}");
        }
        assert_eq!(
            ndjson_row(r#"{"views": -1}"#).unwrap_err(),
            "views: '-1' is negative: counts start at 0"
        );
    }

    #[test]
    fn ndjson_with_is_a_list_of_ids_or_a_text_of_them() {
        let with = |line: &str| {
            let raw = ndjson_raw(line).unwrap();
            let with = raw.input().map(|input| {
                input
                    .with
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
            });
            (raw.fields[Field::With.index()].clone(), with)
        };
        let both = ["sponsorship".to_string(), "gifts".to_string()];
        for line in [
            r#"{"views": 1, "with": ["sponsorship", "gifts"]}"#,
            r#"{"views": 1, "with": "sponsorship;gifts"}"#,
            r#"{"views": 1, "with": "sponsorship, gifts"}"#,
            r#"{"views": 1, "With": ["sponsorship", "", "gifts"]}"#,
        ] {
            assert_eq!(with(line).1.unwrap(), both, "{line}");
        }
        // The list as one text, which CSV output shows as the `with` column.
        assert_eq!(
            with(r#"{"views": 1, "with": ["sponsorship", "gifts"]}"#)
                .0
                .as_deref(),
            Some("sponsorship,gifts")
        );
        for none in [
            r#"{"views": 1, "with": []}"#,
            r#"{"views": 1, "with": ""}"#,
            r#"{"views": 1, "with": null}"#,
            r#"{"views": 1}"#,
        ] {
            assert_eq!(with(none).1.unwrap(), Vec::<String>::new(), "{none}");
        }
        // What is not an id is written as JSON, for the error to name.
        assert_eq!(
            with(r#"{"views": 1, "with": ["gifts", 1, null]}"#)
                .0
                .as_deref(),
            Some("gifts,1,null")
        );
        assert_eq!(
            with(r#"{"views": 1, "with": true}"#).0.as_deref(),
            Some("true")
        );
        let raw =
            ndjson_raw(r#"{"views": 1, "length": "1m15s", "country": "us", "audience": "jp"}"#)
                .unwrap();
        let input = raw.input().unwrap();
        assert_eq!(input.length, Some(75));
        assert_eq!(
            (input.country.as_deref(), input.audience.as_deref()),
            (Some("us"), Some("jp"))
        );
        assert_eq!(
            ndjson_raw(r#"{"views": 1, "length": 61.5}"#)
                .unwrap()
                .input()
                .unwrap_err(),
            "length: 61.5 is not a whole number of seconds: write it whole, like 61"
        );
        // A length as a number is seconds, as --length 75 is; a JSON writer may add a point.
        let length = |line: &str| ndjson_raw(line).unwrap().input().map(|i| i.length);
        assert_eq!(length(r#"{"views": 1, "length": 75.0}"#), Ok(Some(75)));
        assert_eq!(length(r#"{"views": 1, "length": 75}"#), Ok(Some(75)));
    }

    #[test]
    fn a_decimal_comma_reads_numbers_as_much_of_europe_writes_them() {
        let columns = [
            Some(Field::Views),
            Some(Field::Followers),
            Some(Field::Engagement),
            Some(Field::QualifiedShare),
            Some(Field::Region),
        ];
        let comma = |record: &[&str]| {
            let mut row = Row::default();
            csv_row(&mut row, &columns, record, Mark::Comma).map(|()| {
                let input = row.input;
                (
                    input.views,
                    input.followers,
                    input.engagement.map(|d| d.to_string()),
                    input.qualified_share.map(|d| d.to_string()),
                )
            })
        };
        // Dots between thousands, or spaces, as French and Portuguese spreadsheets write them.
        for spelt in [
            ["45.000", "1.234.567", "4,5%", "0,45", "br"],
            ["45 000", "1\u{a0}234\u{a0}567", "4,5 %", "0,45", "br"],
        ] {
            assert_eq!(
                comma(&spelt),
                Ok((
                    45_000,
                    Some(1_234_567),
                    Some("4.5".into()),
                    Some("0.45".into())
                )),
                "{spelt:?}"
            );
        }
        assert_eq!(
            comma(&["1,5k", "2m", "6%", "45%", "br.x"]),
            Ok((
                1_500,
                Some(2_000_000),
                Some("6".into()),
                Some("0.45".into())
            )),
            "plain numbers and names are as they were; a name keeps its dots"
        );
        // A number written the other way is refused in the roster's own terms.
        let err = comma(&["1.5k", "12,000", "4.5%", "", ""]).unwrap_err();
        let how = "with --decimal-comma a comma is the decimal point and a dot goes between \
                   thousands";
        assert_eq!(
            err,
            format!(
                "views: '1.5k' is not a count ({how}): write a whole number like 45000, 45.000, \
                 1,5k or 2m; followers: '12,000' is not a count ({how}): write a whole number \
                 like 45000, 45.000, 1,5k or 2m; engagement: '4.5%' is not a share ({how}): \
                 write a percentage like 4,5% or a fraction like 0,45"
            )
        );
        // Any other message is in the mode's terms: the cell as written, examples with a
        // decimal comma, and what is wrong said as it is (negative, more than the whole).
        let err = comma(&["x", "-45.000", "150,5%", "2,5", ""]).unwrap_err();
        assert_eq!(
            err,
            "views: 'x' is not a count: write a whole number like 1000, 1.000, 1_000, 1,5k or \
             2m; followers: '-45.000' is negative: counts start at 0; engagement: '150,5%' is \
             outside 0-100%: give the share of views that engage, like 45% or 0,45; \
             qualified_share: '2,5' is more than 1, the whole: write 2,5% for 2,5 percent, or a \
             fraction like 0,025"
        );
        // Without it, a cell a decimal comma would read says so, once a row.
        let point = |record: &[&str]| csv_row(&mut Row::default(), &columns, record, Mark::Point);
        let err = point(&["45.000", "85.000", "4,5%", "", ""]).unwrap_err();
        assert_eq!(err.matches("--decimal-comma").count(), 1, "{err}");
        assert!(err.ends_with(COMMA_OFFER), "{err}");
        assert!(err.starts_with("views: '45.000' could be 45,000"), "{err}");
        // Nor is it offered where it would not help.
        let err = point(&["lots", "", "", "", ""]).unwrap_err();
        assert!(!err.contains("--decimal-comma"), "{err}");
    }

    #[test]
    fn an_ndjson_number_has_a_decimal_point_and_a_text_a_dot_that_may_group_thousands() {
        let views = |line: &str| ndjson_raw(line).unwrap().input().map(|input| input.views);
        // JSON's point is a decimal point: 80.000 is 80, 2.125 is no count.
        assert_eq!(views(r#"{"views": 80.000}"#), Ok(80));
        assert_eq!(views(r#"{"views": 2.0}"#), Ok(2));
        assert_eq!(
            views(r#"{"views": 2.125}"#),
            Err("views: 2.125 is not a whole number: write it whole, like 2".to_string())
        );
        // As text, as a spreadsheet in Germany writes eighty thousand, it is refused.
        let refused = views(r#"{"views": "80.000"}"#).unwrap_err();
        assert!(
            refused.contains("could be 80,000 with a dot between thousands"),
            "{refused}"
        );
    }

    #[test]
    fn a_line_without_end_is_refused_once_past_the_limit() {
        let endless = io::repeat(b'x').take(MAX_LINE_BYTES as u64 + 10);
        let mut sink = Vec::new();
        let budget = || Rc::new(Cell::new(0));
        let err = LineLimit::new(endless, budget())
            .read_to_end(&mut sink)
            .unwrap_err();
        assert!(err.to_string().contains("longer than 1 MiB"), "{err}");

        // One byte over, its newline in the same read as its last bytes.
        let over = format!("{}\nviews\n", "x".repeat(MAX_LINE_BYTES + 1));
        let mut limited =
            BufReader::with_capacity(READ_BYTES, LineLimit::new(over.as_bytes(), budget()));
        let err = limited.read_to_end(&mut sink).unwrap_err();
        assert_eq!(err.to_string(), "a line is longer than 1 MiB");

        // Over 1 MiB in all, but in short lines.
        let lines = format!("{}\n", "x".repeat(100)).repeat(20_000);
        let limited = LineLimit::new(lines.as_bytes(), budget());
        let under = u64::try_from(MAX_LINE_BYTES).unwrap();
        assert!(limited.take(under).read_to_end(&mut sink).is_ok());
    }

    proptest::proptest! {
        /// A record of any texts is written as the `csv` crate's writer writes it, and reads
        /// back as the same texts.
        #[test]
        fn csv_records_are_the_csv_crates(
            texts in proptest::collection::vec(".*|[,\"\r\n a#]*", 2..6),
        ) {
            let mut ours = Vec::new();
            let style = CsvStyle::new(b',', false);
            let mut record = CsvRecord::new(&mut ours, &style);
            for text in &texts {
                record.text(text);
            }
            record.end();
            let mut theirs = csv::Writer::from_writer(Vec::new());
            theirs.write_record(&texts).unwrap();
            proptest::prop_assert_eq!(&ours, &theirs.into_inner().unwrap());
            // A reader takes a byte-order mark at the start for the file's, not the text's.
            proptest::prop_assume!(!texts[0].starts_with('\u{feff}'));
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(ours.as_slice());
            let read = reader.records().next().unwrap().unwrap();
            proptest::prop_assert_eq!(read.iter().collect::<Vec<_>>(), texts);
        }
    }
}
