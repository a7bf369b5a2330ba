//! Running a parsed command line: read the rates, call the library, render to stdout.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::path::Path;

use earn::rates::{self, Layer, RateTable};
use earn::report;

use earn::estimate::Profile;

use earn::batch::{self, BatchError, Event, InputFormat, OutputFormat};
use earn::money::{group_thousands, plural};
use earn::text::for_a_line;

use clap::CommandFactory;
use clap_complete::Generator;
use clap_mangen::Man;

use crate::cli::{
    self, BatchArgs, BatchInput, BatchOutput, CheckArgs, Cli, ColorChoice, Command, CommonArgs,
    CompletionsArgs, EstimateArgs, FactorArgs, Format, MilestonesArgs, MoneyArgs, MonthArgs,
    ProfileArgs, RatesArgs, RatesFormat, ReportFormat, TargetArgs, VideoArgs,
};

/// The largest rates file read, so that a wrong path (a huge file) fails fast.
const MAX_RATES_BYTES: u64 = earn::rates::limits::MAX_BYTES as u64;

/// Why a run failed.
#[derive(Debug)]
pub enum Failure {
    /// Bad input of any kind: what is wrong, and what to do about it. `details` holds one line
    /// per problem when there are several (those of a rates file), shown between the two.
    Input {
        message: String,
        details: Vec<String>,
        hint: String,
    },
    /// Writing the result failed.
    Output(io::Error),
    /// A failure already explained to the user (the help shown for `earn` alone).
    Silent,
}

impl Failure {
    pub(crate) fn input(message: impl Into<String>, hint: impl Into<String>) -> Failure {
        Failure::Input {
            message: message.into(),
            details: Vec::new(),
            hint: hint.into(),
        }
    }
}

impl From<earn::RatesError> for Failure {
    fn from(e: earn::RatesError) -> Failure {
        rates_failure(&e, false, false)
    }
}

/// An invalid table, said to be `EARN_RATES`'s file when it is (`from_env`): set in a shell's
/// profile, it is easily forgotten. With it set (`env_set`), whichever file failed, the dump of
/// the built-in table a hint names is asked for without it.
fn rates_failure(e: &earn::RatesError, from_env: bool, env_set: bool) -> Failure {
    let from = if from_env {
        format!(" (from {})", cli::RATES_ENV)
    } else {
        String::new()
    };
    let what = match (e.origin == earn::rates::BUILT_IN_ORIGIN, from_env) {
        (true, _) => "the table",
        (false, false) => "the file",
        (false, true) => "the file (or unset EARN_RATES)",
    };
    let env = |text: &str| built_in_dump(text, env_set);
    if e.more.is_empty() {
        let hint = e.hint.as_ref().map_or_else(
            || {
                env(&format!(
                    "correct {what} and run again; {} prints a valid table to start from",
                    rates::DUMP_COMMAND
                ))
            },
            |hint| {
                if from_env {
                    format!("{}; or unset EARN_RATES", env(hint))
                } else {
                    hint.clone()
                }
            },
        );
        return Failure::input(format!("invalid rates{from}: {e}"), hint);
    }
    // Every problem at once, each at its place and with its own hint, so that one run
    // shows all there is to correct.
    let problems = e.problems();
    let details = problems
        .iter()
        .map(|p| {
            let hint = p
                .hint
                .as_ref()
                .map(|h| format!(" ({})", env(h)))
                .unwrap_or_default();
            format!("{}: {}{hint}", e.place(p), p.message)
        })
        .collect();
    Failure::Input {
        message: format!("invalid rates{from}: {} has {}", e.origin, e.count()),
        details,
        hint: env(&format!(
            "correct each in {what} and run again; {} prints a valid table to start from",
            rates::DUMP_COMMAND
        )),
    }
}

/// Where a message sends the user to the built-in table's dump and `EARN_RATES` is set
/// (`env_set`), the command must leave it out: with it, `earn rates` shows that file's table
/// (or fails on it).
fn built_in_dump(text: &str, env_set: bool) -> String {
    if env_set {
        text.replace(
            rates::DUMP_COMMAND,
            "`EARN_RATES= earn rates --format toml`",
        )
    } else {
        text.to_string()
    }
}

impl From<earn::month::MonthError> for Failure {
    fn from(e: earn::month::MonthError) -> Failure {
        let hint = e.hint();
        Failure::input(e.to_string(), hint)
    }
}

impl From<earn::EstimateError> for Failure {
    fn from(e: earn::EstimateError) -> Failure {
        let hint = e.hint();
        Failure::input(e.to_string(), hint)
    }
}

/// Parses the command line as clap does, keeping whether the rates file came from
/// `EARN_RATES`, which clap reads for `--rates`.
pub fn parse(args: &[std::ffi::OsString]) -> Result<Cli, clap::Error> {
    use clap::FromArgMatches;
    use clap::parser::ValueSource;
    let matches = cli::without_empty_rates_env(Cli::command()).try_get_matches_from(args)?;
    let mut cli = Cli::from_arg_matches(&matches)?;
    let command_matches = matches.subcommand().map_or(&matches, |(_, sub)| sub);
    if let Some(common) = cli.common_mut() {
        common.rates_from_env =
            command_matches.value_source("rates") == Some(ValueSource::EnvVariable);
    }
    Ok(cli)
}

/// Where a run writes and what it reads from its surroundings, so that it can run against a
/// buffer in tests and fuzzing as well as against the real stdout and environment.
pub struct Io<'a> {
    pub out: &'a mut dyn Write,
    /// Whether `out` is a terminal (for `--color auto`, and for fitting tables to it).
    pub terminal: bool,
    /// The width in columns of the terminal `out` is, when it is one and says.
    pub terminal_width: Option<usize>,
    /// Where `earn batch -` reads its rows.
    pub stdin: &'a mut dyn Read,
    /// Diagnostics that are not the run's failure: a batch's bad rows, progress and summary.
    pub err: &'a mut dyn Write,
    /// Whether `err` is a terminal (progress is shown only there).
    pub err_terminal: bool,
    /// What `stdin` is.
    pub stdin_is: Stdin,
    /// The environment variables a run reads.
    pub env: Env,
}

/// What standard input is: reading a file never waits for a writer; a pipe or a terminal can,
/// and at a terminal someone types the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stdin {
    File,
    Pipe,
    Terminal,
}

impl Stdin {
    /// What this process's standard input is.
    pub fn of_process() -> Stdin {
        let stdin = io::stdin();
        if stdin.is_terminal() {
            return Stdin::Terminal;
        }
        #[cfg(unix)]
        {
            use std::os::fd::AsFd;
            let file = stdin.as_fd().try_clone_to_owned().map(File::from);
            if file
                .and_then(|file| file.metadata())
                .is_ok_and(|m| m.is_file())
            {
                return Stdin::File;
            }
        }
        Stdin::Pipe
    }
}

/// The environment, read once (but `EARN_RATES`, which clap reads).
#[derive(Debug, Clone, Default)]
pub struct Env {
    /// What the environment says of colour under `--color auto`.
    pub color: EnvColor,
    /// `COLUMNS`, if it is a width: a whole number above 0.
    pub columns: Option<usize>,
    /// `EARN_RATES` set and not empty: `earn rates` reads it, so a message that sends the user
    /// to the built-in table's dump says to leave it out.
    pub rates_set: bool,
    /// `TERM=dumb`: a terminal that cannot redraw a line, so no progress is drawn on it.
    pub dumb: bool,
}

/// Colour under `--color auto`, by the conventions of the environment, the first that holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EnvColor {
    /// `NO_COLOR` set and not empty: none.
    Off,
    /// `CLICOLOR_FORCE` set and not `0`: colour, terminal or not.
    Forced,
    /// `TERM=dumb` or `CLICOLOR=0`: none, even on a terminal.
    Plain,
    /// Colour on a terminal.
    #[default]
    Terminal,
}

impl EnvColor {
    /// From the variables `var` gives, each `None` where unset.
    fn from_vars(var: impl Fn(&str) -> Option<std::ffi::OsString>) -> EnvColor {
        let set = |name: &str| var(name).filter(|v| !v.is_empty());
        if set("NO_COLOR").is_some() {
            EnvColor::Off
        } else if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
            EnvColor::Forced
        } else if set("TERM").is_some_and(|t| t == "dumb")
            || set("CLICOLOR").is_some_and(|v| v == "0")
        {
            EnvColor::Plain
        } else {
            EnvColor::Terminal
        }
    }
}

impl Env {
    pub fn from_process() -> Env {
        let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        let color = EnvColor::from_vars(|name| std::env::var_os(name));
        Env {
            color,
            columns: set("COLUMNS")
                .and_then(|c| c.to_str()?.trim().parse().ok())
                .filter(|&c: &usize| c > 0),
            rates_set: set(cli::RATES_ENV).is_some(),
            dumb: set("TERM").is_some_and(|t| t == "dumb"),
        }
    }
}

/// How a successful run ended, for the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// `earn check` found a channel not eligible.
    NotEligible,
    /// `earn batch` wrote a record for every row, but some rows failed.
    RowsFailed,
}

impl Outcome {
    /// The exit status of a run that ended this way.
    pub fn status(self) -> u8 {
        match self {
            Outcome::Done => 0,
            // Like grep: 1 is an answer ("not eligible"), not an error.
            Outcome::NotEligible => 1,
            // Already explained: a batch's failed rows were reported as they came.
            Outcome::RowsFailed => 2,
        }
    }
}

/// The outcome of a run once its output is flushed (`flush`): only then is the result
/// complete, and an error there is the run's (a full disk). A reader that went away ends the
/// run with status 0, but for an answer the status gives: a batch's failed row, a check's "not
/// eligible".
pub fn flushed(outcome: Outcome, flush: io::Result<()>) -> Result<Outcome, Failure> {
    match flush {
        Err(e) if outcome != Outcome::Done && e.kind() == io::ErrorKind::BrokenPipe => Ok(outcome),
        Err(e) => Err(Failure::Output(e)),
        Ok(()) => Ok(outcome),
    }
}

impl Failure {
    /// Tells the user what failed, on `stderr`, and gives the exit status: 0 when the reader
    /// of the output went away (`earn 1m | head -c 1`: nothing left to say to anyone), else 2.
    pub fn report(self, stderr: &mut dyn Write) -> u8 {
        // Messages can quote what the user typed; never pass control characters through.
        let _ = match self {
            Failure::Output(e) if e.kind() == io::ErrorKind::BrokenPipe => return 0,
            Failure::Input {
                message,
                details,
                hint,
            } => {
                let mut text = format!("error: {}\n", for_a_line(&message));
                for detail in &details {
                    text.push_str("  ");
                    text.push_str(&for_a_line(detail));
                    text.push('\n');
                }
                writeln!(stderr, "{text}hint: {}", for_a_line(&hint))
            }
            Failure::Output(e) => writeln!(
                stderr,
                "error: writing output: {e}\nhint: check that the file or pipe the output goes to can be written (a full disk, a closed file)"
            ),
            Failure::Silent => Ok(()),
        };
        2
    }
}

pub fn run(cli: &Cli, io: &mut Io<'_>) -> Result<Outcome, Failure> {
    let outcome = match &cli.command {
        None => estimate(&cli.estimate, io).map(|()| Outcome::Done),
        Some(Command::Check(args)) => check(args, io),
        Some(Command::Milestones(args)) => milestones(args, io).map(|()| Outcome::Done),
        Some(Command::Month(args)) => month(args, io).map(|()| Outcome::Done),
        Some(Command::Target(args)) => target(args, io).map(|()| Outcome::Done),
        Some(Command::Rates(args)) => rates(args, io).map(|()| Outcome::Done),
        Some(Command::Batch(args)) => run_batch(args, io),
        Some(Command::Completions(args)) => completions(args, io).map(|()| Outcome::Done),
        Some(Command::Man) => man(io).map(|()| Outcome::Done),
    }?;
    // Said once the inputs were found good: an error is two lines, whatever else was given.
    if let Some(profile) = cli.profile() {
        warn_region_unused(io, profile);
    }
    Ok(outcome)
}

/// `--explain` has no place in CSV.
fn explainable(explain: bool, format: Format) -> Result<(), Failure> {
    if explain && format == Format::Csv {
        return Err(Failure::input(
            "--explain cannot be shown in CSV",
            "use --explain with --format table or --json",
        ));
    }
    Ok(())
}

fn estimate(args: &EstimateArgs, io: &mut Io<'_>) -> Result<(), Failure> {
    let format = args.format();
    explainable(args.explain, format)?;
    let table = load_rates(&args.common, io)?;
    // clap requires VIEWS whenever no subcommand is given.
    let input = video_input(
        args.views.unwrap_or_default(),
        &args.profile,
        &args.video,
        &args.money,
    )?;
    let estimate = earn::estimate(&table, &input)?;
    warn_beyond_platform(io, &table, "views", input.views);
    if let Some(views_30d) = input.views_30d {
        warn_beyond_platform(io, &table, "views in 30 days", views_30d);
    }
    warn_followers(io, &table, input.followers);
    warn_unused(io, &table, &input);
    let (banned, channels) = statuses(&estimate);
    warn_unused_here(io, &table, &input, (banned, &channels));
    warn_currency_elsewhere(io, &table, &args.profile, estimate.input.currency.code);
    if let Some(views_30d) = input.views_30d.filter(|&v| v < input.views) {
        // Not refused: a video's views can come after the 30 days, or from another account.
        warn(
            io,
            &format!(
                "--views-30d {} is fewer than this video's own {} views; the account's \
                 30-day views usually include the video's, so check --views-30d",
                group_thousands(views_30d),
                group_thousands(input.views)
            ),
        );
    }
    // A channel the video has that the total leaves out: short of an input or a priced figure
    // (a brand deal of an account below the first fee tier), or of a threshold.
    for channel in estimate.channels.iter().filter(|c| c.left_out()) {
        warn_missing(io, channel.name, "the video", &channel.reasons);
    }
    warn_not_named(io, &estimate);
    emit(io, &args.common, |out, color, width| match format {
        Format::Table => report::table::write(&estimate, &table, out, color, width, args.explain),
        Format::Json => report::json::write(&estimate, &table, out, args.explain),
        Format::Csv => report::csv::write(&estimate, out),
    })
}

/// Warns when a count of views (`what` says which) is more than the people TikTok says come to
/// it each month: views count replays, so a video may pass it, but check the number.
fn warn_beyond_platform(io: &mut Io<'_>, table: &earn::RateTable, what: &str, views: u64) {
    warn_beyond(
        io,
        table,
        views,
        what,
        "views count replays, but check the number",
    );
}

/// Warns when an account has more followers than the people TikTok says come to it each
/// month: followers are people, so that is a slip, and a fee per follower would follow it.
fn warn_followers(io: &mut Io<'_>, table: &earn::RateTable, followers: Option<u64>) {
    if let Some(followers) = followers {
        warn_beyond(io, table, followers, "followers", "check the number");
    }
}

fn warn_beyond(io: &mut Io<'_>, table: &earn::RateTable, count: u64, what: &str, why: &str) {
    if let Some(people) = earn::estimate::beyond_platform(table, count) {
        warn(
            io,
            &format!(
                "{} {what} is more than the {} people TikTok says come to it each month; \
                 {why} (`earn rates` has the source)",
                group_thousands(count),
                group_thousands(people)
            ),
        );
    }
}

/// `--region` beside both `--country` and `--audience`, which give each of its two places.
fn warn_region_unused(io: &mut Io<'_>, profile: &ProfileArgs) {
    if profile.region.is_some() && profile.country.is_some() && profile.audience.is_some() {
        warn(
            io,
            "--region is not used: --country and --audience give both of its places",
        );
    }
}

/// Amounts asked for in a currency the table's default region does not spend, with no region
/// given: the figures are still a creator's there, which `--currency cad` alone does not change.
fn warn_currency_elsewhere(
    io: &mut Io<'_>,
    table: &earn::RateTable,
    profile: &ProfileArgs,
    code: &str,
) {
    let given = [&profile.region, &profile.country, &profile.audience];
    if given.iter().any(|r| r.is_some()) {
        return;
    }
    let Some((home, spent)) = earn::estimate::currency_elsewhere(table, code) else {
        return;
    };
    let Some((last, others)) = spent.split_last() else {
        return;
    };
    let whom = if others.is_empty() {
        format!(
            "--region {} for one in region {} ({})",
            last.code, last.code, last.name
        )
    } else {
        let others: Vec<&str> = others.iter().map(|r| r.code.as_str()).collect();
        format!(
            "--region {} or {} for one where {code} is spent",
            others.join(", "),
            last.code
        )
    };
    let message = format!(
        "amounts in {code}, but the figures are for a creator in region {} ({}), the rate \
         table's default: give {whom}, or --region {} to keep these",
        home.code, home.name, home.code
    );
    warn(io, &message);
}

/// A warning on one line: names from a rates file may hold a newline, shown escaped.
fn warn(io: &mut Io<'_>, message: &str) {
    let _ = writeln!(io.err, "warning: {}", for_a_line(message));
}

/// An input no channel of the rates uses: the amounts cannot use it.
fn warn_unused(io: &mut Io<'_>, table: &earn::RateTable, input: &earn::Input) {
    for used in earn::estimate::unused_inputs(table, input) {
        warn(io, &used.flag_not_used());
    }
}

/// An input whose every channel is unavailable to the creator: the amounts cannot use it.
/// `channels` by id, name and status; `banned` where TikTok itself is unavailable.
fn warn_unused_here(
    io: &mut Io<'_>,
    table: &earn::RateTable,
    input: &earn::Input,
    (banned, channels): (bool, &[(&str, &str, earn::Status)]),
) {
    for (used, names) in earn::estimate::unused_here(table, input, banned, channels) {
        warn(io, &used.flag_not_used_here(&names));
    }
}

/// An estimate's channels by id, name and status, as [`warn_unused_here`] takes them; not those
/// the video has (named with `--with`), whose warning that the total leaves them out says why.
fn statuses<'t>(estimate: &earn::Estimate<'t>) -> (bool, Vec<(&'t str, &'t str, earn::Status)>) {
    let channels = (estimate.channels.iter())
        .filter(|c| !(c.opt_in && c.named))
        .map(|c| (c.id, c.name, c.status));
    (estimate.input.ban.is_some(), channels.collect())
}

/// LIVE diamonds given for a video not said to have had a LIVE (or sales for one not said to
/// carry a product link): the total, which leaves the channel out, would read as if they were
/// worth nothing.
fn warn_not_named(io: &mut Io<'_>, estimate: &earn::Estimate<'_>) {
    for channel in estimate.priced_not_named() {
        let message = format!(
            "--{} prices {}, which the total leaves out: add --with {} if this video had \
             them",
            channel.basis.key(),
            channel.name,
            channel.id
        );
        warn(io, &message);
    }
}

/// A channel the video (or month) has that the total leaves out for want of an input: the
/// total alone would read as all it earns.
fn warn_missing<'r, 't: 'r>(
    io: &mut Io<'_>,
    name: &str,
    what: &str,
    reasons: impl IntoIterator<Item = &'r earn::estimate::Reason<'t>>,
) {
    let needs = reasons.into_iter().find(|r| r.leaves_out());
    if let Some(needs) = needs {
        warn(
            io,
            &format!("the total leaves out {name}, which {what} has: {needs}"),
        );
    }
}

/// What `--with none` does, as `channel_ids` says it.
const WITH_NONE: &str = "give --with none alone for no opt-in channel, or ";

/// Channel ids as given on the command line, separated as a roster's `with` cell is (clap
/// splits at commas; `a;b` and `a b` too). Empty pieces name nothing (`gifts,`), and an empty
/// value none at all, as an empty `with` cell does (`--with "$WITH"` with nothing in it); so
/// does `none`, which beside an id says two things, as in a cell: `flag` (`--with`, or empty
/// for `earn check`'s channels) and `alone` (what `none` alone would do) say what it refuses.
fn channel_ids<'a>(
    flag: &str,
    alone: &str,
    values: &'a [String],
) -> Result<Vec<Cow<'a, str>>, Failure> {
    let ids: Vec<_> = values
        .iter()
        .flat_map(|value| earn::batch::channel_ids(value))
        .collect();
    if !ids.is_empty() && values.iter().any(|value| earn::batch::says_none(value)) {
        let only: Vec<&str> = ids.iter().map(AsRef::as_ref).collect();
        return Err(Failure::input(
            format!("{flag}'{}' says none beside channel ids", values.join(",")),
            format!("{alone}give only the ids: {}", only.join(",")),
        ));
    }
    Ok(ids)
}

/// The input of one video: its views, the profile, its factors and the currency; diamonds,
/// subscribers and opt-in channels are the caller's to add.
fn input<'a>(
    views: u64,
    profile: &'a ProfileArgs,
    factors: &'a FactorArgs,
    money: &'a MoneyArgs,
) -> earn::Input<'a> {
    earn::Input {
        views,
        followers: profile.followers,
        region: profile.region.as_deref().map(Into::into),
        country: profile.country.as_deref().map(Into::into),
        audience: profile.audience.as_deref().map(Into::into),
        age: profile.age,
        views_30d: profile.views_30d,
        length: profile.length,
        qualified_share: factors.qualified_share,
        niche: factors.niche.as_deref().map(Into::into),
        engagement: factors.engagement,
        currency: money.currency.as_deref().map(Into::into),
        ..earn::Input::default()
    }
}

/// The input of a video as the estimate and `target` take it: with its diamonds and the
/// opt-in channels it has.
fn video_input<'a>(
    views: u64,
    profile: &'a ProfileArgs,
    video: &'a VideoArgs,
    money: &'a MoneyArgs,
) -> Result<earn::Input<'a>, Failure> {
    Ok(earn::Input {
        diamonds: video.diamonds,
        sales: video.sales.clone(),
        with: channel_ids("--with ", WITH_NONE, &video.with)?,
        ..input(views, profile, &video.factors, money)
    })
}

fn month(args: &MonthArgs, io: &mut Io<'_>) -> Result<(), Failure> {
    let format = args.format();
    explainable(args.explain, format)?;
    let table = load_rates(&args.common, io)?;
    let input = earn::month::MonthInput {
        // The month's diamonds, sales and subscribers; no opt-in channels, which it counts by
        // videos and amounts.
        video: earn::Input {
            diamonds: args.diamonds,
            sales: args.sales.clone(),
            subscribers: args.subscribers,
            ..input(args.avg_views, &args.profile, &args.factors, &args.money)
        },
        cadence: match (args.videos, args.videos_per_week) {
            (_, Some(week)) => earn::month::Cadence::Week(week),
            (month, None) => earn::month::Cadence::Month(month.unwrap_or_default()),
        },
        sponsored: args.sponsored,
        linked: args.linked,
    };
    let mut estimator = earn::estimate::Estimator::new(&table);
    let month = earn::month::month(&table, &input, &mut estimator)?;
    warn_beyond_platform(io, &table, "views a video", input.video.views);
    if let Some(views_30d) = month.input.video.views_30d {
        warn_beyond_platform(io, &table, "views in 30 days", views_30d);
    }
    warn_followers(io, &table, input.video.followers);
    if let Some(subscribers) = args.subscribers {
        // Subscribers are people too.
        warn_beyond(io, &table, subscribers, "subscribers", "check the number");
    }
    warn_unused(io, &table, &input.video);
    // Not the opt-in channels paid on the month's own diamonds or sales: given them, the month
    // has them, and the warning that the total leaves them out says why.
    let channels: Vec<_> = (month.channels.iter())
        .filter(|c| !(c.opt_in && c.basis.own_input()))
        .map(|c| (c.id, c.name, c.status))
        .collect();
    let banned = month.input.video.ban.is_some();
    warn_unused_here(io, &table, &input.video, (banned, &channels));
    warn_currency_elsewhere(io, &table, &args.profile, month.input.video.currency.code);
    let cadence_posts = args.videos.or(args.videos_per_week).is_some_and(|n| n > 0);
    if let Some(views_30d) = args.profile.views_30d.filter(|&v| v < args.avg_views) {
        if cadence_posts {
            // As for one video's: not refused, but a month's views usually include its videos'.
            warn(
                io,
                &format!(
                    "--views-30d {} is fewer than one video's average {} views; the \
                     account's 30-day views usually include its videos', so check --views-30d",
                    group_thousands(views_30d),
                    group_thousands(args.avg_views)
                ),
            );
        }
    }
    // Paying subscribers beyond the account's followers are most likely a slip in one of them.
    if let (Some(subscribers), Some(followers)) = (args.subscribers, args.profile.followers) {
        if subscribers > followers {
            warn(
                io,
                &format!(
                    "--subscribers {} is more than the account's {} followers, of whom few \
                     pay; check both numbers",
                    group_thousands(subscribers),
                    group_thousands(followers)
                ),
            );
        }
    }
    for channel in month.channels.iter().filter(|c| c.left_out()) {
        let reasons = channel
            .reasons
            .iter()
            .filter_map(earn::month::MonthReason::video);
        warn_missing(io, channel.name, "the month", reasons);
    }
    // The working shows one video of the month as the estimate gives it.
    let video = if args.explain {
        Some(earn::estimate::estimate_resolved(
            &table,
            month.input.video.clone(),
        )?)
    } else {
        None
    };
    emit(io, &args.common, |out, color, width| match format {
        Format::Table => {
            report::month::write_table(&month, &table, out, color, width, video.as_ref())
        }
        Format::Json => report::month::write_json(&month, &table, out, video.as_ref()),
        Format::Csv => report::month::write_csv(&month, out),
    })
}

fn target(args: &TargetArgs, io: &mut Io<'_>) -> Result<(), Failure> {
    let table = load_rates(&args.common, io)?;
    let input = video_input(0, &args.profile, &args.video, &args.money)?;
    let currency = earn::estimate::resolve_currency(&table, input.currency.as_deref())?;
    // The currencies whose sign the amount was written with, when it is not this one's.
    let owners = earn::estimate::sign_owners(&table, args.amount.sign(), currency.unit);
    let amount = args
        .amount
        .in_unit(currency.unit, currency.code, |_| !owners.is_empty())
        .map_err(|message| {
            let hint = match owners.as_slice() {
                [] => "see 'earn target --help'".to_string(),
                [code] => format!("or give the currency whose sign it is: --currency {code}"),
                codes => format!(
                    "or give the currency it is in: --currency {}",
                    codes.join(", --currency ")
                ),
            };
            // Worded like the command line's own errors: it is the argument that is wrong.
            Failure::input(
                format!(
                    "invalid value '{}' for '<AMOUNT>': {message}",
                    args.amount.text()
                ),
                hint,
            )
        })?;
    let target = earn::target::target(&table, &input, amount)?;
    // Which channels lack an input does not depend on the views.
    let at_zero = earn::estimate(&table, &input)?;
    for channel in at_zero.channels.iter().filter(|c| c.left_out()) {
        warn_missing(io, channel.name, "the video", &channel.reasons);
    }
    if let Some(views_30d) = input.views_30d {
        warn_beyond_platform(io, &table, "views in 30 days", views_30d);
    }
    warn_followers(io, &table, input.followers);
    warn_unused(io, &table, &input);
    let (banned, channels) = statuses(&at_zero);
    warn_unused_here(io, &table, &input, (banned, &channels));
    warn_currency_elsewhere(io, &table, &args.profile, currency.code);
    // Even the fewest views that reach the amount may be more than TikTok's people.
    let fewest = target.total.fewest.views();
    if let Some((views, people)) =
        fewest.and_then(|v| Some((v, earn::estimate::beyond_platform(&table, v)?)))
    {
        warn(
            io,
            &format!(
                "{amount} takes at least {} views, more than the {} people TikTok says come \
                 to it each month; one video is unlikely to earn it (`earn rates` has the source)",
                group_thousands(views),
                group_thousands(people)
            ),
        );
    }
    // As for one video's views: they usually count in the account's 30 days.
    if let Some((views, views_30d)) = fewest.zip(input.views_30d).filter(|(v, d)| v > d) {
        warn(
            io,
            &format!(
                "{amount} takes at least {} views, more than --views-30d {}; the account's \
                 30-day views usually include the video's, and thresholds are checked against \
                 the {} given",
                group_thousands(views),
                group_thousands(views_30d),
                group_thousands(views_30d)
            ),
        );
    }
    emit(io, &args.common, |out, color, width| match args.format() {
        ReportFormat::Json => report::target::write_json(&target, &table, out, args.explain),
        ReportFormat::Table => {
            report::target::write_table(&target, &table, out, color, width, args.explain)
        }
    })
}

fn check(args: &CheckArgs, io: &mut Io<'_>) -> Result<Outcome, Failure> {
    let table = load_rates(&args.common, io)?;
    let profile = Profile {
        age: args.profile.age,
        followers: args.profile.followers,
        views_30d: args.profile.views_30d,
        length: args.profile.length,
    };
    let places = earn::check::Places {
        region: args.profile.region.as_deref(),
        country: args.profile.country.as_deref(),
        audience: args.profile.audience.as_deref(),
    };
    // A channel given by its name as the tables show it (`"Creator Rewards"`) is that channel.
    let named: Vec<String> = (args.channels.iter())
        .map(|value| {
            (table.channels.iter())
                .find(|c| c.name.eq_ignore_ascii_case(value.trim()))
                .map_or_else(|| value.clone(), |c| c.id.clone())
        })
        .collect();
    let ids: Vec<String> = channel_ids("", "", &named)?
        .into_iter()
        .map(Cow::into_owned)
        .collect();
    // Channels given, but none named: not every channel, which giving none means.
    if ids.is_empty() && !args.channels.is_empty() {
        return Err(Failure::input(
            format!("'{}' names no channel", args.channels.join(",")),
            "give channel ids, like gifts or sponsorship,gifts, or leave them out to check every channel",
        ));
    }
    let report = earn::check::check_in(&table, &ids, places, profile)?;
    // A slip in a count would pass a threshold it should not: said even with --quiet, on stderr.
    if let Some(views_30d) = profile.views_30d {
        warn_beyond_platform(io, &table, "views in 30 days", views_30d);
    }
    warn_followers(io, &table, profile.followers);
    for unasked in report.unasked(&table) {
        let channels: Vec<&str> = report.channels.iter().map(|c| c.id.as_str()).collect();
        warn(
            io,
            &format!(
                "{} is not used: no channel checked ({}) has a threshold on it",
                unasked.flag(),
                channels.join(", ")
            ),
        );
    }
    let answer = if report.eligible() {
        Outcome::Done
    } else {
        Outcome::NotEligible
    };
    if !args.quiet {
        let named = args.common.rates.is_some().then_some(&table);
        let terminal = io.terminal;
        let written = emit(io, &args.common, |out, color, width| match args.format() {
            ReportFormat::Json => report::check::write_json(&report, &table, out),
            ReportFormat::Table => {
                report::check::write_lines(&report, (named, terminal), out, color, width)
            }
        });
        match written {
            // The status is the answer: a reader that went away does not change it.
            Err(Failure::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => {
                return Ok(answer);
            }
            other => other?,
        }
    }
    Ok(answer)
}

fn milestones(args: &MilestonesArgs, io: &mut Io<'_>) -> Result<(), Failure> {
    let table = load_rates(&args.common, io)?;
    let (region, country) = (args.region.as_deref(), args.country.as_deref());
    let country = match region.or(country) {
        Some(_) => Some(earn::estimate::places(&table, region, country, None)?.0),
        None => None,
    };
    earn::estimate::plausible_age(&table, args.age)?;
    let progress =
        earn::milestones::milestones(&table, args.followers, args.views, country, args.age);
    if let Some(views) = args.views {
        warn_beyond_platform(io, &table, "views", views);
    }
    warn_followers(io, &table, args.followers);
    emit(io, &args.common, |out, color, width| match args.format() {
        ReportFormat::Json => report::milestones::write_json(&progress, &table, out),
        ReportFormat::Table => {
            report::milestones::write_table(&progress, &table, out, color, width)
        }
    })
}

fn rates(args: &RatesArgs, io: &mut Io<'_>) -> Result<(), Failure> {
    let table = load_rates(&args.common, io)?;
    emit(io, &args.common, |out, color, width| match args.format() {
        RatesFormat::Table => report::rates::write_table(&table, out, color, width),
        RatesFormat::Json => report::rates::write_json(&table, out),
        RatesFormat::Toml => report::rates::write_toml(&table, out),
    })
}

/// The batch's options from its arguments, the input CSV where they do not state its format
/// (its first line may yet say NDJSON); the CSV-only ones refused for NDJSON input.
fn batch_options(args: &BatchArgs) -> Result<batch::Options, Failure> {
    if args.month && !args.with.is_empty() {
        return Err(Failure::input(
            "--with names the opt-in channels of a video, and --month rows are accounts",
            "give each account's counts in columns sponsored, sales or diamonds, and leave \
             --with out",
        ));
    }
    let input_format = declared_format(args).unwrap_or(InputFormat::Csv);
    if args.delimiter.is_some() && input_format == InputFormat::Ndjson {
        return Err(Failure::input(
            "--delimiter separates the columns of CSV, and the input is NDJSON".to_string(),
            "leave --delimiter out, or give --input-format csv".to_string(),
        ));
    }
    if args.decimal_comma && input_format == InputFormat::Ndjson {
        return Err(Failure::input(
            "--decimal-comma reads the numbers of CSV cells, and the input is NDJSON, whose \
             numbers have a decimal point"
                .to_string(),
            "leave --decimal-comma out, or give --input-format csv".to_string(),
        ));
    }
    if args.reasons && args.format() == BatchOutput::Ndjson {
        return Err(Failure::input(
            "--reasons adds reason columns to CSV records, and the output is NDJSON, whose \
             records always carry each channel's reasons"
                .to_string(),
            "leave --reasons out, or give --format csv".to_string(),
        ));
    }
    if let Some(column) = (args.carry.iter()).find(|c| batch::input_column(c, args.month)) {
        return Err(Failure::input(
            format!(
                "--carry '{column}': `{column}` is an input column, read as the input it names"
            ),
            format!(
                "--carry is for the columns earn does not read: leave '{column}' out of it, or rename the column"
            ),
        ));
    }
    Ok(batch::Options {
        input: input_format,
        output: match args.format() {
            BatchOutput::Ndjson => OutputFormat::Ndjson,
            BatchOutput::Csv => OutputFormat::Csv,
        },
        strict: args.strict,
        carry: args.carry.clone(),
        currency: args.money.currency.clone(),
        month: args.month,
        defaults: defaults(&args.profile, &args.factors, &args.with)?,
        live: false,
        delimiter: args.delimiter,
        decimal_mark: if args.decimal_comma {
            batch::DecimalMark::Comma
        } else {
            batch::DecimalMark::Point
        },
        reasons: args.reasons,
    })
}

/// `earn batch` typed alone waits for rows at the terminal: says so, what rows, and how to end.
fn waiting_for_rows(io: &mut Io<'_>, declared: Option<InputFormat>) {
    let (rows, file) = match declared {
        Some(InputFormat::Csv) => ("CSV, a header line first", "roster.csv"),
        Some(InputFormat::Ndjson) => ("one JSON object a line", "roster.ndjson"),
        None => (
            "CSV with a header line first, or one JSON object a line",
            "roster.csv",
        ),
    };
    let end = if cfg!(windows) {
        "Ctrl-Z, Enter"
    } else {
        "Ctrl-D"
    };
    let _ = writeln!(
        io.err,
        "batch: reading rows from the terminal ({rows}); end with {end} (or give a file: earn \
         batch {file})"
    );
}

fn run_batch(args: &BatchArgs, io: &mut Io<'_>) -> Result<Outcome, Failure> {
    let table = load_rates(&args.common, io)?;
    let from_stdin = args.input.as_os_str() == "-";
    let declared = declared_format(args);
    // The options are checked before the input is opened; a format the input's first line
    // gives is set when it is read.
    let options = batch_options(args)?;
    // An unknown currency, or a default no row could use (an unknown region or niche, an age
    // under the youngest), fails the batch before any row is read.
    earn::estimate::resolve_currency(&table, options.currency.as_deref())?;
    earn::estimate::resolve_with(&table, &options.defaults, None)?;
    // The records are data and never coloured; the diagnostics on stderr are, on a terminal.
    let color = use_color(args.common.color, io.err_terminal, &io.env);
    let paint = |label: &str, color_of: anstyle::AnsiColor| {
        let style = anstyle::Style::new().bold().fg_color(Some(color_of.into()));
        if color {
            format!("{style}{label}{style:#}")
        } else {
            label.to_string()
        }
    };
    let (error, warning) = (
        paint("error:", anstyle::AnsiColor::Red),
        paint("warning:", anstyle::AnsiColor::Yellow),
    );
    if from_stdin && io.stdin_is == Stdin::Terminal && !args.quiet {
        waiting_for_rows(io, declared);
    }
    let (err, progress) = (&mut *io.err, io.err_terminal && !io.env.dumb);
    let mut a_row_failed = false;
    // Whether a progress line stands on the terminal, to be cleared before the next line.
    let mut drawn = false;
    let clear = "\r\x1b[K";
    let mut observe = |event: Event<'_>| {
        let clear = if std::mem::take(&mut drawn) {
            clear
        } else {
            ""
        };
        // Diagnostics are best effort: a closed stderr must not stop the batch.
        let _ = match event {
            Event::RowFailed { line, message } => {
                a_row_failed = true;
                writeln!(err, "{clear}{error} line {line}: {}", for_a_line(message))
            }
            Event::Progress { rows } if progress => {
                drawn = true;
                write!(err, "\rbatch: {} rows…", group_thousands(rows))
            }
            Event::Progress { .. } => Ok(()),
            Event::Warning { message } => {
                writeln!(err, "{clear}{warning} {}", for_a_line(message))
            }
        };
    };
    // `--quiet` checks the rows: their records go nowhere.
    let mut nowhere = io::sink();
    let out: &mut dyn Write = if args.quiet { &mut nowhere } else { io.out };
    // A pipe, a FIFO or a terminal can keep the batch waiting for rows; a file cannot.
    let mut input_format = options.input;
    let run = |input: &mut dyn Read, live: bool| {
        let mut options = batch::Options { live, ..options };
        let (sniffed, input) = sniff(input).map_err(BatchError::Read)?;
        let format = match sniffed {
            Sniffed::Workbook(kind) => return Err(BatchError::Workbook(kind)),
            Sniffed::Utf16 => return Err(BatchError::Utf16),
            Sniffed::Text(format) => declared.unwrap_or(format),
        };
        (options.input, input_format) = (format, format);
        batch::run(&table, input, out, &options, &mut observe)
    };
    let result = if from_stdin {
        run(&mut *io.stdin, io.stdin_is != Stdin::File)
    } else {
        let mut file = open_batch_input(&args.input)?;
        let live = file.metadata().map_or(true, |m| !m.is_file());
        run(&mut file, live)
    };
    if drawn {
        let _ = write!(io.err, "{clear}");
    }
    // A reader that stops early (`| head`) ends the batch without an error, but a row that
    // failed before it did still fails the batch.
    if a_row_failed
        && matches!(&result, Err(BatchError::Write(e)) if e.kind() == io::ErrorKind::BrokenPipe)
    {
        return Ok(Outcome::RowsFailed);
    }
    let summary = result.map_err(|e| {
        let empty = matches!(e, BatchError::Empty(_));
        let mut failure = batch_failure(e, &args.input, input_format);
        // Nothing said the input was CSV: it may be an NDJSON filter that matched nothing.
        if let (true, None, Failure::Input { hint, .. }) = (empty, declared, &mut failure) {
            hint.push_str(
                "; an NDJSON stream of no objects (a filter that matched nothing) is no rows \
                 with --input-format ndjson",
            );
        }
        failure
    })?;
    // Quiet answers with the status alone (and the bad rows, already reported).
    if !args.quiet {
        // A CSV without reasons says where to find why a total leaves a channel out.
        let csv_without_reasons = args.format() == BatchOutput::Csv && !args.reasons;
        write_summary(io.err, &summary, args.month, csv_without_reasons);
    }
    Ok(if summary.failed == 0 {
        Outcome::Done
    } else {
        Outcome::RowsFailed
    })
}

/// The batch's summary on stderr: its rows (accounts' with `month`), and those that need a
/// second look.
fn write_summary(
    err: &mut dyn Write,
    summary: &batch::Summary,
    month: bool,
    csv_without_reasons: bool,
) {
    let _ = writeln!(
        err,
        "batch: {}{} read, {} estimated, {} failed",
        summary
            .stopped_at
            .map(|line| format!("stopped at line {line} (--strict); "))
            .unwrap_or_default(),
        plural(summary.read, "row"),
        group_thousands(summary.estimated),
        group_thousands(summary.failed),
    );
    let beyond = summary.beyond_platform;
    if beyond.count() > 0 {
        let (has, it) = if beyond.count() == 1 {
            ("has", "it")
        } else {
            ("have", "them")
        };
        let counts = if month {
            "views, followers or subscribers"
        } else {
            "views or followers"
        };
        let _ = writeln!(
            err,
            "batch: {} {has} more {counts} than the people TikTok says come to it each month: \
             check {it} ({beyond})",
            plural(beyond.count(), "row"),
        );
    }
    write_slips(err, summary, month);
    let commas = summary.decimal_comma;
    if commas.count() > 0 {
        let _ = writeln!(
            err,
            "batch: {} {} numbers that --decimal-comma would read, written as a spreadsheet \
             set to a decimal comma writes them (45.000, 4,5%): {commas}",
            plural(commas.count(), "failed row"),
            if commas.count() == 1 { "has" } else { "have" },
        );
    }
    let elsewhere = summary.priced_elsewhere;
    if elsewhere.count() > 0 {
        let _ = writeln!(
            err,
            "batch: {} {} a figure from another region's market, as the rates have none for \
             the row's audience region (a US brand-deal fee for a Brazilian audience, say): \
             {elsewhere}",
            plural(elsewhere.count(), "total"),
            if elsewhere.count() == 1 {
                "counts"
            } else {
                "count"
            },
        );
    }
    let incomplete = summary.incomplete;
    if incomplete.count() > 0 {
        let _ = writeln!(
            err,
            "batch: {} {} a channel the row has, for want of an input, a priced figure or a \
             threshold, or where it is not open (status needs_input, unpriced, ineligible, \
             unavailable or closed): {incomplete}{}",
            plural(incomplete.count(), "total"),
            if incomplete.count() == 1 {
                "leaves out"
            } else {
                "leave out"
            },
            if csv_without_reasons {
                "; --reasons adds each channel's reasons to the records"
            } else {
                ""
            },
        );
    }
}

/// The rows whose inputs look like a slip, or give what their total leaves out: each kind was
/// warned of once, at its first row, and is counted here with its lines.
fn write_slips(err: &mut dyn Write, summary: &batch::Summary, month: bool) {
    let one = |lines: &batch::Lines| lines.count() == 1;
    let fewer = summary.fewer_in_30d;
    if fewer.count() > 0 {
        let (rows, views) = if month {
            (
                plural(fewer.count(), "account"),
                "one video's average views",
            )
        } else {
            (plural(fewer.count(), "row"), "the video's own views")
        };
        let _ = writeln!(
            err,
            "batch: {rows} {} fewer views_30d than {views}, which 30-day views usually include: \
             check views_30d ({fewer})",
            if one(&fewer) { "has" } else { "have" },
        );
    }
    let more = summary.more_subscribers;
    if more.count() > 0 {
        let _ = writeln!(
            err,
            "batch: {} {} more subscribers than followers: check both ({more})",
            plural(more.count(), "account"),
            if one(&more) { "has" } else { "have" },
        );
    }
    let totals = summary.totals;
    if totals.count() > 0 {
        let _ = writeln!(
            err,
            "batch: {} {} like a spreadsheet's total, read as one more row: remove any that \
             sums the rows above ({totals})",
            plural(totals.count(), "row"),
            if one(&totals) { "reads" } else { "read" },
        );
    }
    let unnamed = summary.not_named;
    if unnamed.count() > 0 {
        let _ = writeln!(
            err,
            "batch: {} {} diamonds or sales for a channel not in the row's `with`, so the total \
             leaves it out ({unnamed})",
            plural(unnamed.count(), "row"),
            if one(&unnamed) { "gives" } else { "give" },
        );
    }
}

/// What a batch's rows take where they give no value: the flags, as owned text.
fn defaults(
    profile: &ProfileArgs,
    factors: &FactorArgs,
    with: &[String],
) -> Result<earn::Input<'static>, Failure> {
    let owned = |text: &Option<String>| text.clone().map(std::borrow::Cow::Owned);
    Ok(earn::Input {
        with: channel_ids("--with ", WITH_NONE, with)?
            .into_iter()
            .map(|id| Cow::Owned(id.into_owned()))
            .collect(),
        followers: profile.followers,
        region: owned(&profile.region),
        country: owned(&profile.country),
        audience: owned(&profile.audience),
        age: profile.age,
        views_30d: profile.views_30d,
        length: profile.length,
        qualified_share: factors.qualified_share,
        niche: owned(&factors.niche),
        engagement: factors.engagement,
        ..earn::Input::default()
    })
}

/// The input's format as the arguments state it: `--input-format`; a name ending `.ndjson`,
/// `.jsonl` or `.json` (NDJSON) or `.csv`; `--delimiter` or `--decimal-comma`, which only CSV
/// takes. `None` for standard input and other names.
fn declared_format(args: &BatchArgs) -> Option<InputFormat> {
    match args.input_format {
        Some(BatchInput::Csv) => return Some(InputFormat::Csv),
        Some(BatchInput::Ndjson) => return Some(InputFormat::Ndjson),
        None => {}
    }
    let extension = args
        .input
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("ndjson" | "jsonl" | "json") => Some(InputFormat::Ndjson),
        Some("csv") => Some(InputFormat::Csv),
        _ if args.delimiter.is_some() || args.decimal_comma => Some(InputFormat::Csv),
        _ => None,
    }
}

/// An input with what was read of it put back before the rest.
type Replayed<R> = io::Chain<io::Cursor<Vec<u8>>, R>;

/// What an input's first bytes say it is.
enum Sniffed {
    /// Text, in the format its first byte suggests.
    Text(InputFormat),
    /// A spreadsheet program's own file, not text: what kind.
    Workbook(&'static str),
    /// Text in UTF-16, as a spreadsheet program's "Unicode Text" is.
    Utf16,
}

/// The first bytes of the files spreadsheet programs save by default, which are not text.
const WORKBOOKS: [(&[u8], &str); 2] = [
    (
        b"PK\x03\x04",
        "a zip archive, as an Excel workbook (.xlsx), a Numbers file or an OpenDocument sheet is",
    ),
    (
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        "an old Excel workbook (.xls)",
    ),
];

/// An input read as far as its first byte that is not blank space or a byte-order mark (at
/// most a line's limit): a workbook if it starts as one does; else JSON if that byte is `{`
/// (NDJSON) or `[` (a JSON array, which the NDJSON reader explains how to turn into lines),
/// else CSV, for an input whose format nothing states. What was read is read again.
fn sniff<R: Read>(mut input: R) -> io::Result<(Sniffed, Replayed<R>)> {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let mut start = Vec::new();
    let mut chunk = [0; 8192];
    let first_of = |start: &[u8]| {
        let body = match start.strip_prefix(BOM) {
            Some(body) => body,
            // A mark not yet read whole.
            None if BOM.starts_with(start) => &[],
            None => start,
        };
        body.iter().copied().find(|b| !b.is_ascii_whitespace())
    };
    let first = loop {
        // What could yet be a workbook's first bytes is read on until it is, or is not; and
        // four bytes at least, which tell UTF-16.
        let workbook_so_far = WORKBOOKS
            .iter()
            .any(|(magic, _)| start.len() < magic.len() && magic.starts_with(&start));
        if let Some(first) = first_of(&start) {
            if !workbook_so_far && start.len() >= 4 {
                break Some(first);
            }
        }
        if start.len() > batch::MAX_LINE_BYTES {
            break None;
        }
        match input.read(&mut chunk) {
            Ok(0) => break first_of(&start),
            Ok(n) => start.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    };
    let workbook = WORKBOOKS
        .iter()
        .find(|(magic, _)| start.starts_with(magic))
        .map(|&(_, kind)| kind);
    // Its byte-order mark, or ASCII with a zero byte before or after each letter.
    let utf16 = start.starts_with(b"\xFF\xFE")
        || start.starts_with(b"\xFE\xFF")
        || matches!(start[..], [a, 0, b, 0, ..] | [0, a, 0, b, ..] if a.is_ascii_graphic() && b.is_ascii_graphic());
    let sniffed = match (workbook, first) {
        (Some(kind), _) => Sniffed::Workbook(kind),
        (None, _) if utf16 => Sniffed::Utf16,
        (None, Some(b'{' | b'[')) => Sniffed::Text(InputFormat::Ndjson),
        (None, _) => Sniffed::Text(InputFormat::Csv),
    };
    Ok((sniffed, io::Cursor::new(start).chain(input)))
}

fn open_batch_input(path: &Path) -> Result<File, Failure> {
    let fail = |what: String| {
        Failure::input(
            format!("cannot read batch input '{}': {what}", path.display()),
            "give the path of a CSV or NDJSON file, or - to read standard input",
        )
    };
    // A FIFO is a fine source of rows (`earn batch <(make-rows)`); a directory is not.
    let metadata = std::fs::metadata(path).map_err(|e| fail(e.to_string()))?;
    if metadata.is_dir() {
        return Err(fail("it is a directory".to_string()));
    }
    File::open(path).map_err(|e| fail(e.to_string()))
}

fn batch_failure(e: BatchError, input: &Path, format: InputFormat) -> Failure {
    let name = if input.as_os_str() == "-" {
        "standard input".to_string()
    } else {
        format!("'{}'", input.display())
    };
    if let BatchError::Write(e) = e {
        return Failure::Output(e);
    }
    Failure::input(format!("batch input {name}: {e}"), batch_hint(&e, format))
}

/// What to do about a batch that failed as a whole.
fn batch_hint(e: &BatchError, format: InputFormat) -> String {
    match e {
        BatchError::Write(_) => String::new(),
        BatchError::Empty(required) => format!(
            "a roster's first line names its columns, {required} among them: {}",
            if *required == "views" {
                "views,followers,region"
            } else {
                "avg_views,videos,followers"
            }
        ),
        BatchError::NoViews(..) | BatchError::NoCadence(..) => missing_column_hint(e),
        BatchError::NotForMonth(..) => {
            String::from("rename or remove the column, or drop --month to estimate rows of videos")
        }
        BatchError::NotForVideo(..) => String::from(
            "rename or remove the column, or pass --month to estimate rows of accounts",
        ),
        BatchError::DuplicateColumn(_) => String::from("rename or remove one of the two columns"),
        BatchError::RepeatedCarried(_) => String::from(
            "rename one of the two, or use --format csv, which carries columns by position",
        ),
        BatchError::LineTooLong(_) => String::from(match format {
            InputFormat::Csv => {
                "a roster has one row a line: is the input CSV? (for NDJSON, pass --input-format ndjson)"
            }
            InputFormat::Ndjson => "give NDJSON: one JSON object per line",
        }),
        BatchError::RowTooLong(_) => String::from("close the quote: each row must be one line"),
        BatchError::JsonDocument(array) => String::from(if *array {
            "write each row as one object on its own line (jq -c '.[]' does it)"
        } else {
            "write each row as one object on its own line (jq -c . does it)"
        }),
        BatchError::Misspelt {
            column, accounts, ..
        } => {
            let (each, them) = if column.contains(',') {
                ("each column", "them as they are")
            } else {
                ("the column", "it as is")
            };
            let month = if *accounts {
                ", pass --month if the rows are accounts"
            } else {
                ""
            };
            format!(
                "name {each} as the input it is meant to be{month}, or pass --carry '{column}' to carry {them}"
            )
        }
        BatchError::LooksLikeNdjson => {
            String::from("for NDJSON, pass --input-format ndjson (or name the file .ndjson)")
        }
        BatchError::LooksLikeCsv => {
            String::from("for CSV, pass --input-format csv (or name the file .csv)")
        }
        BatchError::ColumnClash(_) => String::from(
            "rename the column, or use the NDJSON output, which keeps it under `extra`",
        ),
        BatchError::HeaderNotText => String::from("save the file as UTF-8"),
        BatchError::Utf16 => String::from(
            "save the sheet as CSV (UTF-8), or convert the file to UTF-8, then give that file",
        ),
        BatchError::Workbook(_) => String::from(
            "open it in its spreadsheet program and save the sheet as CSV (UTF-8), then give that file",
        ),
        BatchError::HeaderQuoteOpen => {
            String::from("close the quote in the first line, or take it out")
        }
        BatchError::Read(_) => String::from(match format {
            InputFormat::Csv => {
                "give a CSV file with a header line, or NDJSON with --input-format ndjson"
            }
            InputFormat::Ndjson => "give NDJSON: one JSON object per line",
        }),
    }
}

/// What to do about a header without a column every row needs.
fn missing_column_hint(e: &BatchError) -> String {
    match e {
        BatchError::NoViews("views", columns, _)
            if columns
                .split(", ")
                .any(|c| batch::column_key(c) == "avg_views") =>
        {
            String::from(
                "the rows look like accounts (avg_views): pass --month for each account's month",
            )
        }
        BatchError::NoViews(_, columns, _)
            if !columns.contains(", ") && (columns.contains(';') || columns.contains('\t')) =>
        {
            String::from(
                "its columns look separated by semicolons or tabs: pass --delimiter ';' or \
                 --delimiter tab (or save it as comma-separated)",
            )
        }
        BatchError::NoViews(name, _, Some(misspelt)) => {
            format!("is `{misspelt}` the {name} column? Name it `{name}` in the header")
        }
        BatchError::NoViews("views", ..) => String::from(
            "the first line must name the columns, with views among them: views,followers,region",
        ),
        BatchError::NoViews(..) => String::from(
            "the first line must name the columns, with avg_views among them: avg_views,videos,followers",
        ),
        BatchError::NoCadence(_, Some(like)) => {
            format!(
                "is `{like}` the account's videos? Name it `videos` for a month's count, or `videos_per_week` for a week's"
            )
        }
        BatchError::NoCadence(..) => String::from(
            "give each account's videos a month in a `videos` column, or a week's in `videos_per_week`",
        ),
        _ => String::new(),
    }
}

fn completions(args: &CompletionsArgs, io: &mut Io<'_>) -> Result<(), Failure> {
    let table = rates::built_in()?;
    let niches = table
        .factors
        .iter()
        .filter(|f| f.keyed_by == rates::FactorInput::Niche)
        .flat_map(|f| f.entries.iter().map(|e| e.key.clone()));
    let regions: Vec<String> = table
        .regions
        .iter()
        .flat_map(|r| std::iter::once(&r.code).chain(&r.aliases).cloned())
        // A word a shell completes: not `great britain`.
        .filter(|name| !name.contains(' '))
        .collect();
    let values = [
        ("region", regions.clone()),
        ("country", regions.clone()),
        ("audience", regions),
        ("niche", niches.collect()),
        (
            "currency",
            table
                .fx
                .currencies
                .iter()
                .map(|c| c.code.to_ascii_lowercase())
                .collect(),
        ),
        (
            "channels",
            table.enabled_channels().map(|c| c.id.clone()).collect(),
        ),
        (
            "with",
            table
                .video_channels()
                .filter(|c| c.opt_in.is_some())
                .map(|c| c.id.clone())
                .collect(),
        ),
    ];
    let mut command = Cli::command();
    command.set_bin_name("earn");
    command.build();
    let command = completing(command, &values);
    args.shell
        .try_generate(&command, io.out)
        .map_err(Failure::Output)
}

/// `command` and its commands, with the names the built-in table knows as the values their
/// arguments complete to: the shell then offers `gb` for `--region g`. Only the completion
/// script sees these; parsing takes any name, as a rates file may add its own.
fn completing(command: clap::Command, values: &[(&str, Vec<String>)]) -> clap::Command {
    // In place, so that the options keep their order.
    let mut command =
        command.mut_args(
            |arg| match values.iter().find(|(id, _)| arg.get_id() == *id) {
                Some((_, names)) => {
                    arg.value_parser(clap::builder::PossibleValuesParser::new(names.clone()))
                }
                None => arg,
            },
        );
    let commands: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in commands {
        command = command.mut_subcommand(name, |sub| completing(sub, values));
    }
    command
}

/// The manual page: clap's sections for `earn` and for each command on one page, then the
/// examples and exit statuses from the same definitions `earn --help` shows.
fn man(io: &mut Io<'_>) -> Result<(), Failure> {
    let mut command = Cli::command();
    command.set_bin_name("earn");
    command.build();
    let page = Man::new(command.clone());
    let out = &mut *io.out;
    let write = |out: &mut dyn Write| -> io::Result<()> {
        page.render_title(out)?;
        page.render_name_section(out)?;
        page.render_synopsis_section(out)?;
        page.render_description_section(out)?;
        page.render_options_section(out)?;
        writeln!(out, ".SH COMMANDS")?;
        for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
            let name = sub.get_bin_name().unwrap_or(sub.get_name());
            writeln!(out, ".SS \"{}\"", roff(name))?;
            let sub_page = Man::new(sub.clone());
            let parts: [Render; 3] = [
                Man::render_synopsis_section,
                Man::render_description_section,
                Man::render_options_section,
            ];
            for render in parts {
                // The command's parts go under its subsection, not in sections of their own.
                let mut part = Vec::new();
                render(&sub_page, &mut part)?;
                writeln!(out, ".PP")?;
                for line in String::from_utf8_lossy(&part).lines() {
                    if !line.starts_with(".SH") {
                        writeln!(out, "{line}")?;
                    }
                }
            }
            // What its help says after the options (examples, exit statuses), as written.
            if let Some(after) = sub.get_after_long_help().or(sub.get_after_help()) {
                writeln!(out, ".PP\n.nf")?;
                for line in after.to_string().lines() {
                    writeln!(out, "{}", roff(line))?;
                }
                writeln!(out, ".fi")?;
            }
        }
        writeln!(out, ".SH EXAMPLES\n.PP\n.nf\n.RS 4")?;
        for example in cli::EXAMPLES {
            writeln!(out, "{}", roff(example))?;
        }
        writeln!(out, ".RE\n.fi\n.PP\n{}", roff(cli::NUMBERS))?;
        writeln!(out, ".SH ENVIRONMENT")?;
        for (name, what) in cli::ENVIRONMENT {
            writeln!(out, ".TP\n\\fB{name}\\fR\n{}", roff(what))?;
        }
        writeln!(out, ".SH \"EXIT STATUS\"")?;
        for (status, when) in cli::EXIT_STATUSES {
            writeln!(out, ".TP\n{status}\n{}", roff(when))?;
        }
        page.render_version_section(out)
    };
    write(out).map_err(Failure::Output)
}

/// One part of a manual page.
type Render = fn(&Man, &mut dyn Write) -> io::Result<()>;

/// Text as one roff input line: backslashes and hyphen-minus escaped (so that options copy as
/// typed), and a leading `.` or `'` kept from reading as a request.
fn roff(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

/// Renders a result to the run's output, deciding colour and the width of tables once.
fn emit(
    io: &mut Io<'_>,
    common: &CommonArgs,
    render: impl FnOnce(&mut dyn Write, bool, Option<usize>) -> io::Result<()>,
) -> Result<(), Failure> {
    let color = use_color(common.color, io.terminal, &io.env);
    let width = table_width(common.width, io);
    render(io.out, color, width).map_err(Failure::Output)
}

/// The columns a table fits: `--width`, wherever the output goes; on a terminal, `COLUMNS`
/// (which is how a user overrides what the terminal says), else the terminal's own width.
/// Anywhere else no width, so that what a script reads stays one line per row.
fn table_width(flag: Option<u16>, io: &Io<'_>) -> Option<usize> {
    match flag {
        Some(width) => Some(usize::from(width)),
        None if io.terminal => io.env.columns.or(io.terminal_width),
        None => None,
    }
}

/// An explicit `--color always` or `never` wins over the environment (`--color always` turns
/// colour on through a pager, even with `NO_COLOR` set). `auto` never colours with `NO_COLOR`
/// set (and not empty); otherwise it colours with `CLICOLOR_FORCE` set (and not `0`), terminal
/// or not, and a terminal unless `TERM` is `dumb` or `CLICOLOR` is `0`.
pub(crate) fn use_color(choice: ColorChoice, terminal: bool, env: &Env) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => match env.color {
            EnvColor::Off | EnvColor::Plain => false,
            EnvColor::Forced => true,
            EnvColor::Terminal => terminal,
        },
    }
}

/// The rates file of `--rates` or `EARN_RATES` (the flag wins; clap reads both) over the
/// built-in table.
fn load_rates(common: &CommonArgs, io: &mut Io<'_>) -> Result<RateTable, Failure> {
    let given_by = if common.rates_from_env {
        cli::RATES_ENV
    } else {
        "--rates"
    };
    let Some(path) = common.rates.as_deref() else {
        return Ok(rates::built_in()?);
    };
    let text = read_rates_file(path, given_by)?;
    let origin = path.display().to_string();
    let layer = Some(Layer {
        origin: &origin,
        text: &text,
    });
    // A file may not date what it states after today.
    let table = if let Some(today) = today() {
        rates::load_on(layer, &today)
    } else {
        warn(
            io,
            &format!(
                "the system clock is set before 1970: the dates of '{origin}' are not \
                 compared with today's"
            ),
        );
        rates::load(layer)
    }
    .map_err(|e| rates_failure(&e, common.rates_from_env, io.env.rates_set))?;
    for notice in &table.notices {
        warn(
            io,
            &format!("{origin}: {}", built_in_dump(notice, io.env.rates_set)),
        );
    }
    Ok(table)
}

/// Today's date by the system clock, `YYYY-MM-DD`, where it is latest: in the furthest time
/// zone east (UTC+14), so that a file dated today where its maintainer is is never refused.
fn today() -> Option<String> {
    const AHEAD_OF_UTC: u64 = 14 * 3_600;
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    Some(date_of_day((seconds + AHEAD_OF_UTC) / 86_400))
}

/// The date of the day `days` after 1970-01-01, in the Gregorian calendar: the count of days
/// is taken to a 400-year era (146,097 days), a year from 1 March within it, and a month of
/// that year (months of 153 days in five, from March, so that February comes last).
fn date_of_day(days: u64) -> String {
    let shifted = days + 719_468; // days from 0000-03-01
    let era = shifted / 146_097;
    let day_of_era = shifted % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

fn read_rates_file(path: &Path, given_by: &str) -> Result<String, Failure> {
    let unset = if given_by == cli::RATES_ENV {
        ", or unset EARN_RATES"
    } else {
        ""
    };
    let fail = |what: String, hint: String| {
        Failure::input(
            format!(
                "cannot read rates file '{}' (from {given_by}): {what}",
                path.display()
            ),
            hint,
        )
    };
    let not_a_file = |what: String| {
        fail(
            what,
            format!("give {given_by} the path of a TOML rates file{unset}"),
        )
    };
    // Look before opening: opening a FIFO would wait for a writer, and a device could be
    // endless.
    let metadata = std::fs::metadata(path).map_err(|e| not_a_file(e.to_string()))?;
    if is_pipe(&metadata) {
        return Err(fail(
            "not a regular file but a pipe, which earn does not wait on".to_string(),
            format!(
                "write the table to a file and give {given_by} its path (`<(...)` and named pipes are not read){unset}"
            ),
        ));
    }
    if !metadata.is_file() {
        return Err(not_a_file("not a regular file".to_string()));
    }
    let file = File::open(path).map_err(|e| not_a_file(e.to_string()))?;
    let mut bytes = Vec::new();
    file.take(MAX_RATES_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| not_a_file(e.to_string()))?;
    if bytes.len() as u64 > MAX_RATES_BYTES {
        return Err(fail(
            format!(
                "it is larger than 1 MiB ({} bytes), the most a rates file may be",
                earn::money::group_thousands(MAX_RATES_BYTES)
            ),
            "a rates file needs only the keys it changes from the built-in table; trim it"
                .to_string(),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let lines = valid.split(|&b| b == b'\n');
        let (line, column) = lines.fold((0, 1), |(n, _), l| (n + 1, l.len() + 1));
        fail(
            format!("not UTF-8 text (line {line}, byte {column} of the line)"),
            "save the file as UTF-8".to_string(),
        )
    })
}

/// Whether a path is a pipe: a named one, or the `/dev/fd/N` of a process substitution.
#[cfg(unix)]
fn is_pipe(metadata: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    metadata.file_type().is_fifo()
}

#[cfg(not(unix))]
fn is_pipe(_: &std::fs::Metadata) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use std::io;

    use super::{
        Env, EnvColor, Failure, Outcome, Sniffed, Stdin, date_of_day, flushed, roff, sniff,
        use_color,
    };
    use crate::cli::ColorChoice;

    #[test]
    fn a_reader_gone_before_the_flush_keeps_an_answer_in_the_status() {
        let gone = || Err(io::Error::from(io::ErrorKind::BrokenPipe));
        let status = |result: Result<Outcome, Failure>| {
            result.map_or_else(|f| f.report(&mut Vec::new()), Outcome::status)
        };
        assert_eq!(status(flushed(Outcome::Done, gone())), 0);
        assert_eq!(status(flushed(Outcome::NotEligible, gone())), 1);
        assert_eq!(status(flushed(Outcome::RowsFailed, gone())), 2);
        let full = flushed(
            Outcome::Done,
            Err(io::Error::other("no space left on device")),
        );
        let mut said = Vec::new();
        assert_eq!(
            full.map_or_else(|f| f.report(&mut said), Outcome::status),
            2
        );
        assert!(
            String::from_utf8(said)
                .unwrap()
                .starts_with("error: writing output: no space")
        );
        assert_eq!(status(flushed(Outcome::NotEligible, Ok(()))), 1);
    }

    /// What a batch of `rows` writes on a terminal's stderr, `TERM=dumb` or not.
    fn batch_on_a_terminal(rows: &str, dumb: bool) -> String {
        let args: Vec<std::ffi::OsString> = ["earn", "batch", "-q", "--color", "never"]
            .iter()
            .map(std::ffi::OsString::from)
            .collect();
        let mut err = Vec::new();
        let outcome = super::run(
            &super::parse(&args).unwrap(),
            &mut super::Io {
                out: &mut io::sink(),
                terminal: false,
                terminal_width: None,
                stdin: &mut rows.as_bytes(),
                err: &mut err,
                err_terminal: true,
                stdin_is: Stdin::File,
                env: Env {
                    dumb,
                    ..Env::default()
                },
            },
        );
        assert_eq!(outcome.unwrap(), Outcome::RowsFailed);
        String::from_utf8(err).unwrap()
    }

    /// Progress is drawn on a terminal that can redraw a line, and cleared before the next
    /// line; nothing is cleared where it was not drawn.
    #[test]
    fn a_batch_clears_only_the_progress_it_drew() {
        let err = batch_on_a_terminal("views\nx\n1m\n", false);
        assert!(err.starts_with("error: line 2: views: 'x'"), "{err:?}");
        assert!(!err.contains('\r'), "{err:?}");
        let many = format!("views\n{}x\n", "1m\n".repeat(100_000));
        let err = batch_on_a_terminal(&many, false);
        assert!(
            err.starts_with("\rbatch: 100,000 rows…\r\x1b[Kerror: line 100002: "),
            "{err:?}"
        );
        assert_eq!(err.matches('\r').count(), 2, "{err:?}");
        let err = batch_on_a_terminal(&many, true);
        assert!(err.starts_with("error: line 100002: "), "{err:?}");
        assert!(!err.contains('\r'), "{err:?}");
    }

    #[test]
    fn a_batch_read_from_the_terminal_says_how_to_end_it() {
        let said = |args: &[&str], terminal: bool| {
            let args: Vec<std::ffi::OsString> = ["earn", "batch"]
                .iter()
                .chain(args)
                .map(std::ffi::OsString::from)
                .collect();
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let stdin_is = if terminal {
                Stdin::Terminal
            } else {
                Stdin::Pipe
            };
            let outcome = super::run(
                &super::parse(&args).unwrap(),
                &mut super::Io {
                    out: &mut out,
                    terminal: false,
                    terminal_width: None,
                    stdin: &mut if args.iter().any(|a| a == "ndjson") {
                        &b"{\"views\": 1000000}\n"[..]
                    } else {
                        &b"views\n1m\n"[..]
                    },
                    err: &mut err,
                    err_terminal: false,
                    stdin_is,
                    env: Env::default(),
                },
            );
            assert!(outcome.is_ok());
            String::from_utf8(err).unwrap()
        };
        let note = said(&[], true);
        assert!(
            note.starts_with(
                "batch: reading rows from the terminal (CSV with a header line first, or one \
                 JSON object a line); end with Ctrl-"
            ),
            "{note}"
        );
        let note = said(&["--input-format", "csv"], true);
        assert!(
            note.starts_with("batch: reading rows from the terminal (CSV, a header line first)")
        );
        let note = said(&["--input-format", "ndjson"], true);
        assert!(note.starts_with("batch: reading rows from the terminal (one JSON object a line)"));
        let first = note.lines().next().unwrap();
        assert!(
            first.ends_with("(or give a file: earn batch roster.ndjson)"),
            "{note}"
        );
        assert!(!said(&[], false).contains("terminal"));
        assert!(!said(&["--quiet"], true).contains("terminal"));
    }

    #[test]
    fn a_day_count_is_its_calendar_date() {
        assert_eq!(date_of_day(0), "1970-01-01");
        assert_eq!(date_of_day(59), "1970-03-01");
        // 2000 is a leap year (a 400th), 1900 and 2100 would not be.
        assert_eq!(date_of_day(11_016), "2000-02-29");
        assert_eq!(date_of_day(11_017), "2000-03-01");
        assert_eq!(date_of_day(20_453), "2025-12-31");
        assert_eq!(date_of_day(20_454), "2026-01-01");
        assert_eq!(date_of_day(20_818), "2026-12-31");
        assert_eq!(date_of_day(47_540), "2100-02-28");
        assert_eq!(date_of_day(47_541), "2100-03-01");
    }

    #[test]
    fn colour_follows_the_terminal_and_the_conventions_of_the_environment() {
        let auto = |terminal: bool, color: EnvColor| {
            let env = Env {
                color,
                columns: None,
                rates_set: false,
                dumb: false,
            };
            use_color(ColorChoice::Auto, terminal, &env)
        };
        assert!(auto(true, EnvColor::Terminal));
        assert!(!auto(false, EnvColor::Terminal));
        assert!(auto(false, EnvColor::Forced));
        assert!(!auto(true, EnvColor::Plain));
        assert!(!auto(true, EnvColor::Off));
        let off = Env {
            color: EnvColor::Off,
            columns: None,
            rates_set: false,
            dumb: false,
        };
        assert!(use_color(ColorChoice::Always, false, &off));
    }

    #[test]
    fn the_colour_variables_are_read_in_their_order() {
        let read = |vars: &[(&str, &str)]| {
            EnvColor::from_vars(|name| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| v.into()))
        };
        assert_eq!(read(&[]), EnvColor::Terminal);
        assert_eq!(
            read(&[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]),
            EnvColor::Off
        );
        // An empty NO_COLOR is unset.
        assert_eq!(
            read(&[("NO_COLOR", ""), ("CLICOLOR_FORCE", "1")]),
            EnvColor::Forced
        );
        assert_eq!(
            read(&[("CLICOLOR_FORCE", "1"), ("TERM", "dumb")]),
            EnvColor::Forced
        );
        assert_eq!(read(&[("CLICOLOR_FORCE", "0")]), EnvColor::Terminal);
        assert_eq!(read(&[("CLICOLOR", "0")]), EnvColor::Plain);
        assert_eq!(read(&[("CLICOLOR", "1")]), EnvColor::Terminal);
        assert_eq!(read(&[("TERM", "dumb")]), EnvColor::Plain);
    }

    /// A workbook's first bytes are known whatever pieces the input arrives in; text is read
    /// again whole after the sniff.
    #[test]
    fn a_workbook_is_known_when_its_first_bytes_come_one_at_a_time() {
        /// Gives its bytes one `read` at a time.
        struct Trickle<'a>(std::slice::Iter<'a, u8>);
        impl io::Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                match (self.0.next(), buf.first_mut()) {
                    (Some(&b), Some(slot)) => {
                        *slot = b;
                        Ok(1)
                    }
                    _ => Ok(0),
                }
            }
        }
        let sniffed = |bytes: &[u8]| {
            let (sniffed, mut replayed) = sniff(Trickle(bytes.iter())).unwrap();
            let mut again = Vec::new();
            io::Read::read_to_end(&mut replayed, &mut again).unwrap();
            assert_eq!(again, bytes);
            match sniffed {
                Sniffed::Workbook(kind) => Some(kind),
                Sniffed::Utf16 => Some("UTF-16"),
                Sniffed::Text(_) => None,
            }
        };
        assert!(
            sniffed(b"PK\x03\x04\x14\x00")
                .unwrap()
                .starts_with("a zip archive")
        );
        assert!(
            sniffed(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00")
                .unwrap()
                .contains(".xls")
        );
        // UTF-16, by its mark or by the zero byte beside each letter of its first line.
        for utf16 in [
            &b"\xFF\xFEv\x00i\x00"[..],
            b"\xFE\xFF\x00v\x00i",
            b"v\x00i\x00e\x00",
            b"\x00v\x00i\x00e",
            b"{\x00\"\x00",
        ] {
            assert_eq!(sniffed(utf16), Some("UTF-16"), "{utf16:?}");
        }
        for text in [
            &b"PK"[..],
            b"Pviews\n1m\n",
            b"views\n",
            b"{\"views\": 1}\n",
            b"",
        ] {
            assert_eq!(sniffed(text), None, "{text:?}");
        }
    }

    #[test]
    fn roff_text_cannot_start_a_request_or_an_escape() {
        assert_eq!(roff("earn 1m --json"), "earn 1m \\-\\-json");
        assert_eq!(roff(".total"), "\\&.total");
        assert_eq!(roff("'quoted'"), "\\&'quoted'");
        assert_eq!(roff("a\\b"), "a\\eb");
    }
}
