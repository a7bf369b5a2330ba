//! The command-line interface: clap definitions only.
//!
//! Doc comments here are the help text users read, so they are written for a terminal, not for
//! rustdoc.
#![allow(clippy::doc_markdown)]

use std::path::PathBuf;

use clap::{ArgGroup, Args, FromArgMatches, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;
use earn::Decimal;
use earn::count;
use earn::count::Amount;

/// Example command lines, shown under `earn --help` and in the man page's EXAMPLES section.
pub const EXAMPLES: [&str; 12] = [
    "earn 1000000 --region us",
    "earn 1m --followers 12k --region gb --age 21 --views-30d 1.5m --length 75s --json | jq .total",
    "earn 1m --followers 12k --with sponsorship",
    "earn 250k --format csv > estimate.csv",
    "earn 1m --region gb --followers 12k --explain",
    "earn check creator_rewards --followers 12k --views-30d 150k --age 21 --length 75s && echo go",
    "earn milestones --followers 4200",
    "earn month --avg-views 50k --videos 20 --followers 12k --age 22 --length 75s",
    "earn target 1000 --followers 12k --region us",
    "earn 1m --region jp --currency jpy",
    "earn rates --format toml > my-rates.toml",
    "earn batch roster.csv > estimates.ndjson",
];

/// How numbers may be written, for the help and the man page.
pub const NUMBERS: &str =
    "Numbers accept 1000000, 1,000,000, 1_000_000 and k/m/b suffixes (1.5m, 250K).";

/// Each exit status and when it happens, for the help and the man page's EXIT STATUS section.
pub const EXIT_STATUSES: [(u8, &str); 3] = [
    (0, "on success"),
    (1, "when `earn check` finds a channel not eligible"),
    (
        2,
        "on any error (bad argument, unknown region, niche or channel, unreadable or invalid \
         rates file, output that cannot be written, a batch row that could not be estimated)",
    ),
];

/// The environment variables earn reads, and what each does.
pub const ENVIRONMENT: [(&str, &str); 6] = [
    (
        "EARN_RATES",
        "A rates file, as --rates gives one; the flag wins, and an empty value is unset.",
    ),
    (
        "NO_COLOR",
        "Set and not empty: no colour, unless --color always asks for it.",
    ),
    (
        "COLUMNS",
        "The width tables are fitted to on a terminal, in place of the terminal's own.",
    ),
    (
        "CLICOLOR_FORCE",
        "Set and not 0: colour with --color auto even when the output is not a terminal, unless \
         NO_COLOR is set.",
    ),
    ("CLICOLOR", "0: no colour with --color auto."),
    (
        "TERM",
        "dumb: no colour with --color auto, and no batch progress line.",
    ),
];

/// The text under `earn --help`: the examples, how to write numbers, the exit statuses.
fn after_help() -> String {
    let examples: Vec<String> = EXAMPLES.iter().map(|e| format!("  {e}")).collect();
    let statuses: Vec<String> = EXIT_STATUSES
        .iter()
        .map(|(code, when)| format!("{code} {when}"))
        .collect();
    format!(
        "Examples:\n{}\n\n{NUMBERS}\n\nExit status: {}.",
        examples.join("\n"),
        statuses.join("; ")
    )
}

/// Estimate what one TikTok video could earn, channel by channel.
///
/// Prints a low/high range in US dollars (or --currency) for each channel (Creator Fund,
/// Creator Rewards, sponsorship, affiliate, LIVE gifts), whether the creator is eligible for it
/// and why, and a total. Every figure comes from a rate table with sources and evidence grades: see
/// `earn rates`. The built-in table can be changed with --rates.
#[derive(Debug, Parser)]
#[command(
    name = "earn",
    version,
    propagate_version = true,
    after_help = after_help(),
    arg_required_else_help = true,
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub estimate: EstimateArgs,
}

impl Cli {
    /// The creator's profile, for the commands that take one.
    pub fn profile(&self) -> Option<&ProfileArgs> {
        match &self.command {
            None => Some(&self.estimate.profile),
            Some(Command::Check(args)) => Some(&args.profile),
            Some(Command::Month(args)) => Some(&args.profile),
            Some(Command::Target(args)) => Some(&args.profile),
            Some(Command::Batch(args)) => Some(&args.profile),
            Some(
                Command::Milestones(_) | Command::Rates(_) | Command::Completions(_) | Command::Man,
            ) => None,
        }
    }

    /// The options every command that reads the rate table takes.
    pub fn common_mut(&mut self) -> Option<&mut CommonArgs> {
        match &mut self.command {
            None => Some(&mut self.estimate.common),
            Some(Command::Check(args)) => Some(&mut args.common),
            Some(Command::Milestones(args)) => Some(&mut args.common),
            Some(Command::Month(args)) => Some(&mut args.common),
            Some(Command::Target(args)) => Some(&mut args.common),
            Some(Command::Rates(args)) => Some(&mut args.common),
            Some(Command::Batch(args)) => Some(&mut args.common),
            Some(Command::Completions(_) | Command::Man) => None,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check eligibility from the shell: exit 0 if every channel checked is eligible, 1 if not
    ///
    /// A threshold whose input is not given fails: pass --age, --followers and --views-30d for
    /// the channels you check. A video's length, which decides which videos pay, is assumed
    /// unless --length gives one.
    #[command(
        display_name = "earn",
        after_help = "\
Examples:
  earn check creator_rewards --followers 12k --views-30d 150k --age 21 --length 75s --region us && echo go
  earn check --followers 800 --age 17
  earn check gifts sponsorship --followers 5000 --age 30 --json

With no CHANNEL, every channel is checked, and the answer is about those open to the creator in
their country: closed and unavailable ones are listed but do not decide. Of an exclusive group,
one eligible member is enough.

Exit status: 0 when every checked channel that decides is eligible, 1 when any is not (or none
is open), 2 on any error."
    )]
    Check(Deferred<CheckArgs>),

    /// Show the follower and view milestones, what each unlocks, and the next one to reach
    #[command(
        display_name = "earn",
        after_help = "\
Examples:
  earn milestones --followers 12k --region gb
  earn milestones 150k --followers 800
  earn milestones --followers 9500 --json | jq .next

A milestone's letter is its weakest source's grade, as an estimate's GRADE is its weakest figure's."
    )]
    Milestones(Deferred<MilestonesArgs>),

    /// Estimate an account's month from its posting cadence: per channel, a month and a year
    ///
    /// Built from the estimate of one video of the average views: each channel's month is one
    /// video's amount times the videos it is paid on. Sponsored posts earn their fee and no
    /// Creator Rewards; LIVE diamonds, product-link sales and subscribers are the month's. The 30-day views the
    /// thresholds ask for are projected from the cadence unless --views-30d is given.
    #[command(
        display_name = "earn",
        after_help = "\
Examples:
  earn month --avg-views 50k --videos 20 --followers 12k --age 22 --length 75s --region us
  earn month --avg-views 20k --videos-per-week 5 --sponsored 2 --followers 60k --json
  earn month --avg-views 50k --videos 20 --followers 12k --subscribers 300 --region gb

A year is 12 months, or 52 weeks with --videos-per-week (a month is then a twelfth of it)."
    )]
    Month(Deferred<Box<MonthArgs>>),

    /// Show how many views a video needs to earn an amount, per channel and in total
    ///
    /// The fewest views are at each channel's high figures, the most at its low figures; the
    /// total counts the channels the estimate counts. Each answer is the fewest whole views
    /// whose estimate reaches the amount: that many views reach it, one fewer does not.
    #[command(
        display_name = "earn",
        after_help = "\
Examples:
  earn target 1000 --followers 12k --region us
  earn target '$2,500.50' --region gb --age 21 --views-30d 150k --json | jq .total
  earn target 1k --qualified-share 45% --explain
  earn target 150k --currency jpy --region jp

AMOUNT is above 0, in US dollars to the cent (1000, 1,000, 1000.50, $1,000 or 1.5k), or with
--currency in that currency to its smallest unit (whole yen, won and rupiah)."
    )]
    Target(Deferred<Box<TargetArgs>>),

    /// Show the rate table in use: every figure with its sources, dates and grades
    #[command(
        display_name = "earn",
        after_help = "\
`earn rates --format toml` prints the table as TOML that --rates reads back to the same figures,
named after the file it is saved as: a starting point for your own rates file."
    )]
    Rates(Deferred<RatesArgs>),

    /// Estimate many videos at once: CSV or NDJSON rows in, one record per row out
    ///
    /// Columns (or keys) are named like the flags: views (required), followers, region,
    /// country, audience, age, views_30d, length, diamonds, sales, qualified_share, niche, engagement,
    /// with (opt-in channel ids, separated by commas, semicolons or spaces). Any other column is
    /// carried to the output unchanged. The flags under "Defaults for rows" fill in what a row
    /// leaves out (a missing column or an empty cell); a row's own value wins, and a row's region
    /// stands for both its places, so a default --country or --audience does not apply to it.
    #[command(
        display_name = "earn",
        after_help = "\
Examples:
  earn batch roster.csv > estimates.ndjson
  earn batch roster.csv --region gb --niche tech --json
  jq -c '.[]' rows.json | earn batch --format csv

A bad row does not stop the batch: it becomes an error record in the output and a line on
stderr. A summary goes to stderr at the end.

Exit status: 0 when every row was estimated; 2 when any row failed or the input could not be
read."
    )]
    Batch(Deferred<Box<BatchArgs>>),

    /// Print a completion script for a shell
    #[command(
        display_name = "earn",
        after_help = "\
Install the script where the shell looks for completions, for example:
  earn completions bash > ~/.local/share/bash-completion/completions/earn
  earn completions zsh > ~/.zfunc/_earn        (with ~/.zfunc in fpath)
  earn completions fish > ~/.config/fish/completions/earn.fish"
    )]
    Completions(Deferred<CompletionsArgs>),

    /// Print the manual page (roff), e.g. earn man > ~/.local/share/man/man1/earn.1
    #[command(display_name = "earn")]
    Man,
}

/// A command's arguments, added to clap's definition only when that command is the one run:
/// `earn 1m` then builds none of the other commands' options, which is most of clap's work in
/// a cold start (PERFORMANCE.md has the figures). Reads as the arguments it holds.
#[derive(Debug)]
pub struct Deferred<T>(pub T);

impl<T: Args> Args for Deferred<T> {
    fn augment_args(command: clap::Command) -> clap::Command {
        command.defer(|command| expand(command, T::augment_args))
    }

    fn augment_args_for_update(command: clap::Command) -> clap::Command {
        command.defer(|command| expand(command, T::augment_args_for_update))
    }

    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }
}

impl<T: FromArgMatches> FromArgMatches for Deferred<T> {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Deferred)
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }
}

impl<T> std::ops::Deref for Deferred<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> std::ops::DerefMut for Deferred<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

/// `command` with the arguments `augment` adds. Its description stays its own: added after
/// it, a group's doc comment would take its place.
fn expand(command: clap::Command, augment: fn(clap::Command) -> clap::Command) -> clap::Command {
    let about = command.get_about().cloned();
    let long_about = command.get_long_about().cloned();
    let expanded = without_empty_rates_env(augment(command));
    match (about, long_about) {
        (Some(about), Some(long_about)) => expanded.about(about).long_about(long_about),
        (Some(about), None) => expanded.about(about).long_about(None::<&str>),
        (None, _) => expanded,
    }
}

/// The environment variable naming a rates file when --rates is not given.
pub const RATES_ENV: &str = "EARN_RATES";

/// `command` with `--rates` reading no variable when `EARN_RATES` is set but empty, which
/// counts as unset (clap has no setting for that).
pub fn without_empty_rates_env(command: clap::Command) -> clap::Command {
    if !std::env::var_os(RATES_ENV).is_some_and(|v| v.is_empty()) {
        return command;
    }
    // In place, so that the options keep their order in help and completions.
    command.mut_args(|arg| match arg.get_id().as_str() {
        "rates" => arg.env(None),
        _ => arg,
    })
}

/// The estimate's arguments (`earn VIEWS …`).
#[derive(Debug, Args)]
pub struct EstimateArgs {
    /// Views of the video: 1000000, 1,000,000, 1_000_000, 1.5m or 250k
    #[arg(value_name = "VIEWS", value_parser = parse_count, allow_negative_numbers = true, required = true)]
    pub views: Option<u64>,

    #[command(flatten)]
    pub profile: ProfileArgs,

    #[command(flatten)]
    pub video: VideoArgs,

    #[command(flatten)]
    pub money: MoneyArgs,

    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = Format::Table, ignore_case = true)]
    pub format: Format,

    /// Same as --format json
    #[arg(long, conflicts_with = "format", overrides_with = "json")]
    pub json: bool,

    /// Show the working: each formula with its numbers, each threshold, each figure's sources
    #[arg(long, overrides_with = "explain")]
    pub explain: bool,

    #[command(flatten)]
    pub common: CommonArgs,
}

/// The creator attributes eligibility is judged on.
#[derive(Debug, Args)]
pub struct ProfileArgs {
    /// Followers the account has
    #[arg(long, value_name = "N", value_parser = parse_count, allow_hyphen_values = true)]
    pub followers: Option<u64>,

    /// Region code for both the creator's country and the audience, e.g. us, gb (or uk), de,
    /// jp, other, or the region's name (japan) [default: the rate table's, us]
    #[arg(long, value_name = "CODE", value_parser = parse_name)]
    pub region: Option<String>,

    /// Where the creator lives, which decides the programmes open to them [default: --region,
    /// else --audience]
    #[arg(long, value_name = "CODE", value_parser = parse_name)]
    pub country: Option<String>,

    /// Where the viewers are, which decides what a view is worth (where TikTok is unavailable
    /// to them, no channel pays) [default: --region, else --country]
    #[arg(long, value_name = "CODE", value_parser = parse_name)]
    pub audience: Option<String>,

    /// The creator's age in years
    #[arg(long, value_name = "YEARS", value_parser = parse_age, allow_hyphen_values = true)]
    pub age: Option<u64>,

    /// Account views in the last 30 days
    #[arg(long = "views-30d", value_name = "N", value_parser = parse_count, allow_hyphen_values = true)]
    pub views_30d: Option<u64>,

    /// The video's length: 75s, 1m15s, 1:15, 0:01:15, 75 (seconds) or in words (70 sec,
    /// 1min). Creator Rewards pays only videos over a minute
    #[arg(long, value_name = "TIME", value_parser = parse_length, allow_hyphen_values = true)]
    pub length: Option<u64>,
}

/// What a video earns on besides its views: diamonds, qualified share, niche, engagement.
#[derive(Debug, Args)]
pub struct VideoArgs {
    /// LIVE diamonds received (LIVE gifts are estimated only with this)
    #[arg(long, value_name = "N", value_parser = parse_count, allow_hyphen_values = true)]
    pub diamonds: Option<u64>,

    /// What the video's product links sold, as buyers paid it, in the amounts' currency
    /// (--currency, else US dollars), to its smallest unit: 2500, 2,500.50, $2,500 or 12k
    /// (affiliate commission is estimated only with this)
    #[arg(long, value_name = "AMOUNT", value_parser = parse_sales, allow_hyphen_values = true)]
    pub sales: Option<Amount>,

    #[command(flatten)]
    pub factors: FactorArgs,

    /// Count these opt-in channels, which the video has: sponsorship (a brand deal), affiliate
    /// (a product link that sells), gifts (a LIVE). Separated by commas, semicolons or spaces
    #[arg(long, value_name = "IDS", value_delimiter = ',', value_parser = parse_name)]
    pub with: Vec<String>,
}

/// What a video's figures are adjusted by: its qualified share, niche and engagement.
#[derive(Debug, Args)]
pub struct FactorArgs {
    /// Share of views that qualify for Creator Rewards: 45% or 0.45
    #[arg(long = "qualified-share", value_name = "SHARE", value_parser = parse_share, allow_hyphen_values = true)]
    pub qualified_share: Option<Decimal>,

    /// Content niche, e.g. tech, beauty, business [default: general]
    #[arg(long, value_name = "NAME", value_parser = parse_name)]
    pub niche: Option<String>,

    /// Engagement, the share of views that engage: 6% or 0.06
    #[arg(long, value_name = "SHARE", value_parser = parse_percent, allow_hyphen_values = true)]
    pub engagement: Option<Decimal>,
}

/// The currency amounts are given in.
#[derive(Debug, Args)]
pub struct MoneyArgs {
    /// Give amounts in this currency, e.g. eur, gbp, jpy, converted at the rate table's dated
    /// exchange rates (see `earn rates`) [default: the rate table's, USD]
    #[arg(long, value_name = "CODE", value_parser = parse_name)]
    pub currency: Option<String>,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// TOML rates file merged over the built-in table, key by key
    #[arg(long, value_name = "FILE", env = RATES_ENV, hide_env_values = true, value_parser = rates_path())]
    pub rates: Option<PathBuf>,

    /// Whether `rates` came from `EARN_RATES` rather than the flag, for messages about it.
    #[arg(skip)]
    pub rates_from_env: bool,

    /// When to colour the output
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto, ignore_case = true)]
    pub color: ColorChoice,

    /// Fit tables to this many columns, even through a pipe [default: on a terminal, COLUMNS
    /// if set, else the terminal's width; elsewhere lines are not broken]
    #[arg(long, value_name = "COLUMNS", value_parser = parse_width, allow_hyphen_values = true)]
    pub width: Option<u16>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Channel ids to check, apart or separated by commas (see `earn rates`), or a channel's name
    /// as the tables show it, quoted ("Creator Rewards") [default: every enabled channel]
    #[arg(value_name = "CHANNEL", value_delimiter = ',', value_parser = parse_name)]
    pub channels: Vec<String>,

    #[command(flatten)]
    pub profile: ProfileArgs,

    /// Print nothing on stdout; only set the exit status (errors still go to stderr)
    #[arg(short, long, conflicts_with_all = ["json", "format"], overrides_with = "quiet")]
    pub quiet: bool,

    /// Output format: table is one line per channel
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = ReportFormat::Table, ignore_case = true)]
    pub format: ReportFormat,

    /// Same as --format json
    #[arg(long, conflicts_with = "format", overrides_with = "json")]
    pub json: bool,

    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("cadence").required(true).args(["videos", "videos_per_week"])))]
pub struct MonthArgs {
    /// Average views per video: 50000, 50k
    #[arg(long = "avg-views", value_name = "N", value_parser = parse_count, allow_hyphen_values = true)]
    pub avg_views: u64,

    /// Videos posted a month
    #[arg(long, value_name = "N", value_parser = parse_videos, allow_hyphen_values = true)]
    pub videos: Option<u64>,

    /// Videos posted a week, instead of --videos
    #[arg(long = "videos-per-week", value_name = "N", value_parser = parse_videos_per_week, allow_hyphen_values = true)]
    pub videos_per_week: Option<u64>,

    /// Of the month's videos, how many are paid brand deals: each earns its fee per post, and
    /// no Creator Rewards
    #[arg(long, value_name = "N", value_parser = parse_videos, allow_hyphen_values = true, default_value_t = 0, hide_default_value = true)]
    pub sponsored: u64,

    /// Of the month's videos, how many carry a product link, for a rates file's channel paid on
    /// them (month_count = "linked"); the built-in affiliate is priced from --sales
    #[arg(long, value_name = "N", value_parser = parse_videos, allow_hyphen_values = true, default_value_t = 0, hide_default_value = true)]
    pub linked: u64,

    /// LIVE diamonds received in the month (LIVE gifts are estimated only with this)
    #[arg(long, value_name = "N", value_parser = parse_count, allow_hyphen_values = true)]
    pub diamonds: Option<u64>,

    /// What the month's product links sold, as buyers paid it, in the amounts' currency
    /// (--currency, else US dollars), to its smallest unit: 2500, 2,500.50, $2,500 or 12k
    /// (affiliate commission is estimated only with this)
    #[arg(long, value_name = "AMOUNT", value_parser = parse_sales, allow_hyphen_values = true)]
    pub sales: Option<Amount>,

    /// Paying subscribers in the month (Subscriptions are estimated only with this)
    #[arg(long, value_name = "N", value_parser = parse_count, allow_hyphen_values = true)]
    pub subscribers: Option<u64>,

    #[command(flatten)]
    pub profile: ProfileArgs,

    #[command(flatten)]
    pub factors: FactorArgs,

    #[command(flatten)]
    pub money: MoneyArgs,

    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = Format::Table, ignore_case = true)]
    pub format: Format,

    /// Same as --format json
    #[arg(long, conflicts_with = "format", overrides_with = "json")]
    pub json: bool,

    /// Show the working: the month's arithmetic, and one video's estimate with its working
    #[arg(long, overrides_with = "explain")]
    pub explain: bool,

    #[command(flatten)]
    pub common: CommonArgs,
}

impl MonthArgs {
    pub fn format(&self) -> Format {
        if self.json { Format::Json } else { self.format }
    }
}

#[derive(Debug, Args)]
pub struct MilestonesArgs {
    /// Views of a video, as for the estimate: marks what is reached and the next milestone or
    /// threshold
    #[arg(value_name = "VIEWS", value_parser = parse_count, allow_negative_numbers = true)]
    pub views: Option<u64>,

    /// Followers the account has: marks what is reached and the next milestone or threshold
    #[arg(long, value_name = "N", value_parser = parse_count, allow_hyphen_values = true)]
    pub followers: Option<u64>,

    /// The creator's region: a milestone's thresholds are then those of the channels open
    /// there, and its text marks the programmes it names that are not
    #[arg(long, value_name = "CODE", value_parser = parse_name)]
    pub region: Option<String>,

    /// Where the creator lives, the same as --region here, where no audience is involved
    #[arg(long, value_name = "CODE", value_parser = parse_name, conflicts_with = "region")]
    pub country: Option<String>,

    /// The creator's age in years: marks the programmes a milestone opens that need an older
    /// creator
    #[arg(long, value_name = "YEARS", value_parser = parse_age, allow_hyphen_values = true)]
    pub age: Option<u64>,

    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = ReportFormat::Table, ignore_case = true)]
    pub format: ReportFormat,

    /// Same as --format json
    #[arg(long, conflicts_with = "format", overrides_with = "json")]
    pub json: bool,

    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Args)]
pub struct RatesArgs {
    /// Output format; toml is a rates file --rates reads back to the same figures (named after
    /// the file)
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = RatesFormat::Table, ignore_case = true)]
    pub format: RatesFormat,

    /// Same as --format json
    #[arg(long, conflicts_with = "format", overrides_with = "json")]
    pub json: bool,

    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Args)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "each is a flag of its own, as clap derives them"
)]
pub struct BatchArgs {
    /// The rows: a CSV or NDJSON file, or - for standard input
    #[arg(value_name = "FILE", default_value = "-")]
    pub input: PathBuf,

    /// How the rows are written [default: from the file's extension (.csv, .ndjson, .jsonl,
    /// .json); else csv with --delimiter or --decimal-comma; else ndjson if the input starts
    /// with { (a JSON array, [, is refused with how to write it as lines), else csv]
    #[arg(long, value_enum, value_name = "FORMAT", ignore_case = true)]
    pub input_format: Option<BatchInput>,

    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = BatchOutput::Ndjson, ignore_case = true)]
    pub format: BatchOutput,

    /// Same as --format ndjson
    #[arg(long, conflicts_with = "format", overrides_with = "json")]
    pub json: bool,

    /// Write no records and no summary: only report bad rows (and warnings) on stderr and set
    /// the exit status
    #[arg(short, long, conflicts_with_all = ["json", "format"], overrides_with = "quiet")]
    pub quiet: bool,

    /// Stop at the first bad row, and refuse a column that looks like a misspelt input
    /// (follower_count) and a row that looks like a spreadsheet's total
    #[arg(long, overrides_with = "strict")]
    pub strict: bool,

    /// Columns (or NDJSON keys) to carry as they are, though they look like a misspelt input
    /// (followers_gained): no warning, and --strict keeps them. Separated by commas
    #[arg(long, value_name = "COLUMNS", value_delimiter = ',')]
    pub carry: Vec<String>,

    /// The character between a CSV input's columns, and its CSV output's: ';' (as spreadsheets
    /// set to a decimal comma save CSV), tab, '|' [default: ',', or what a first line `sep=;`
    /// names]
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,

    /// The CSV's numbers have a decimal comma and dots between thousands (45.000, 4,5%,
    /// 1,5k), as spreadsheets in much of Europe and Latin America write them; a CSV output's
    /// amounts are written with one too (1234,50)
    #[arg(long, overrides_with = "decimal_comma")]
    pub decimal_comma: bool,

    /// CSV records end with each channel's reasons (<id>_reasons), which say why a figure is
    /// missing or left out of the total (CSV only: NDJSON records always have them)
    #[arg(long, overrides_with = "reasons")]
    pub reasons: bool,

    /// Rows are accounts, and each record is the account's month (as `earn month` gives it):
    /// columns avg_views (required), videos or videos_per_week, sponsored, linked, sales, diamonds,
    /// subscribers, and the profile columns
    #[arg(long, overrides_with = "month")]
    pub month: bool,

    #[command(flatten, next_help_heading = "Defaults for rows")]
    pub profile: ProfileArgs,

    #[command(flatten, next_help_heading = "Defaults for rows")]
    pub factors: FactorArgs,

    /// Opt-in channels every video has, for the rows that name none (no `with` column, or an
    /// empty cell; a cell of `none` keeps a row without): sponsorship, affiliate, gifts.
    /// Separated by commas, semicolons or spaces
    #[arg(long, value_name = "IDS", value_delimiter = ',', value_parser = parse_name, help_heading = "Defaults for rows")]
    pub with: Vec<String>,

    #[command(flatten, next_help_heading = "Options")]
    pub money: MoneyArgs,

    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BatchInput {
    /// A header line naming the columns, then one row per line
    Csv,
    /// One JSON object per line (.ndjson, .jsonl, .json)
    Ndjson,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BatchOutput {
    /// One JSON object per row: the estimate's JSON plus `line` and `extra`
    #[value(alias = "json")]
    Ndjson,
    /// One row per input row: its columns, then low, high and status per channel, the total,
    /// the currency, an error column, and each channel's grade and whether it is in the total
    Csv,
}

#[derive(Debug, Args)]
pub struct TargetArgs {
    /// The amount, in US dollars or in --currency, to its smallest unit: 1000, 1,000, 1000.50,
    /// $1,000 or 1.5k
    #[arg(value_name = "AMOUNT", value_parser = parse_amount, allow_negative_numbers = true)]
    pub amount: Amount,

    #[command(flatten)]
    pub profile: ProfileArgs,

    #[command(flatten)]
    pub video: VideoArgs,

    #[command(flatten)]
    pub money: MoneyArgs,

    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = ReportFormat::Table, ignore_case = true)]
    pub format: ReportFormat,

    /// Same as --format json
    #[arg(long, conflicts_with = "format", overrides_with = "json")]
    pub json: bool,

    /// Show the working: the amount divided by each channel's figures, and the views checked
    #[arg(long, overrides_with = "explain")]
    pub explain: bool,

    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum, value_name = "SHELL", ignore_case = true)]
    pub shell: Shell,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for people
    Table,
    /// One JSON object (the stable contract for scripts)
    Json,
    /// One row per channel, then a total row
    Csv,
}

/// The formats of a command whose output is a report, not a table of amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Aligned text for people
    Table,
    /// One JSON object (the stable contract for scripts)
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RatesFormat {
    /// Readable sections for people
    Table,
    /// The table's data as JSON
    Json,
    /// A rates file
    Toml,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal, unless CLICOLOR is 0 or TERM is dumb; or whenever
    /// CLICOLOR_FORCE is set (not 0); never when NO_COLOR is set
    Auto,
    Always,
    Never,
}

impl EstimateArgs {
    pub fn format(&self) -> Format {
        if self.json { Format::Json } else { self.format }
    }
}

/// `--json` is `--format json`.
fn report_format(json: bool, format: ReportFormat) -> ReportFormat {
    if json { ReportFormat::Json } else { format }
}

impl CheckArgs {
    pub fn format(&self) -> ReportFormat {
        report_format(self.json, self.format)
    }
}

impl MilestonesArgs {
    pub fn format(&self) -> ReportFormat {
        report_format(self.json, self.format)
    }
}

impl TargetArgs {
    pub fn format(&self) -> ReportFormat {
        report_format(self.json, self.format)
    }
}

impl BatchArgs {
    pub fn format(&self) -> BatchOutput {
        if self.json {
            BatchOutput::Ndjson
        } else {
            self.format
        }
    }
}

impl RatesArgs {
    pub fn format(&self) -> RatesFormat {
        if self.json {
            RatesFormat::Json
        } else {
            self.format
        }
    }
}

// Option values may start with `-`, so that `--followers -1k` is read, and refused, as the
// negative count it is rather than as the flags `-1` and `-k`. A flag where a value should be
// (`--followers --json`) is named as such.
/// A CSV delimiter: one punctuation character, or a tab (`tab`, or the character itself).
fn parse_delimiter(text: &str) -> Result<u8, String> {
    let byte = match text {
        "tab" | "\\t" => Some(b'\t'),
        _ => match text.as_bytes() {
            &[byte] => Some(byte),
            _ => None,
        },
    };
    byte.filter(|&b| earn::batch::is_delimiter(b))
        .ok_or_else(|| {
            format!(
                "'{text}' cannot stand between columns: give one character, like ';' or '|', or tab"
            )
        })
}

/// A rates file's path, which any bytes may spell but none may leave empty (`--rates
/// "$UNSET"`).
fn rates_path() -> impl clap::builder::TypedValueParser<Value = PathBuf> {
    use clap::builder::TypedValueParser as _;
    clap::builder::OsStringValueParser::new().try_map(|path| {
        if path.is_empty() {
            Err("an empty path names no file: give a rates file, or leave --rates out")
        } else {
            Ok(PathBuf::from(path))
        }
    })
}

/// A region, niche, currency or channel as typed, without the spaces or line ending a value
/// read from a file can bring (`us\r`): numbers are read so too.
#[expect(
    clippy::unnecessary_wraps,
    reason = "clap takes a value parser that can fail"
)]
fn parse_name(text: &str) -> Result<String, String> {
    Ok(text.trim().to_string())
}

fn parse_count(text: &str) -> Result<u64, String> {
    count::not_a_flag(text).and_then(|()| count::parse_count(text))
}

/// A count of videos: a fraction of one is told so in those words, not in a count's.
fn parse_videos(text: &str) -> Result<u64, String> {
    parse_count(text).map_err(|e| count::fraction_of_videos(text, e, ""))
}

/// A week's videos: a cadence between two whole numbers can be given as a month's.
fn parse_videos_per_week(text: &str) -> Result<u64, String> {
    parse_count(text).map_err(|e| {
        count::fraction_of_videos(
            text,
            e,
            ", or give the month's videos with --videos instead",
        )
    })
}

fn parse_age(text: &str) -> Result<u64, String> {
    count::not_a_flag(text).and_then(|()| count::parse_age(text))
}

fn parse_width(text: &str) -> Result<u16, String> {
    count::not_a_flag(text).and_then(|()| count::parse_width(text))
}

fn parse_amount(text: &str) -> Result<Amount, String> {
    count::not_a_flag(text).and_then(|()| count::parse_amount(text))
}

fn parse_sales(text: &str) -> Result<Amount, String> {
    count::not_a_flag(text).and_then(|()| count::parse_sales(text))
}

fn parse_percent(text: &str) -> Result<Decimal, String> {
    count::not_a_flag(text).and_then(|()| count::parse_percent(text))
}

fn parse_length(text: &str) -> Result<u64, String> {
    count::not_a_flag(text).and_then(|()| earn::duration::parse_video_length(text))
}

fn parse_share(text: &str) -> Result<Decimal, String> {
    count::not_a_flag(text).and_then(|()| count::parse_share(text))
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
