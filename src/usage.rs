//! Command-line errors: clap's errors put in earn's two lines, `error:` and `hint:`, built from
//! each error's kind and context rather than from clap's rendered text, so that the user's own
//! text arrives whole (and is escaped when printed) and a change in clap's wording or layout
//! cannot break them.

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};

use clap::CommandFactory;
use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::app::{self, Failure, Outcome};
use crate::cli::{Cli, ColorChoice};

/// What a command line clap did not parse comes to: help or a version printed (to stdout,
/// and a failure to write them is an error like any other), `earn` alone showing its help on
/// stderr as a usage error, or a usage error.
pub fn outcome(error: &clap::Error, args: &[OsString]) -> Result<Outcome, Failure> {
    let help_only = error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand;
    if error.use_stderr() && !help_only {
        return Err(failure(error, args));
    }
    let rendered = error.render();
    let show = |out: &mut dyn Write, terminal: bool| {
        let text = if help_in_color(args, terminal) {
            rendered.ansi().to_string()
        } else {
            rendered.to_string()
        };
        out.write_all(text.as_bytes()).and_then(|()| out.flush())
    };
    if help_only {
        let stderr = io::stderr();
        show(&mut stderr.lock(), stderr.is_terminal()).map_err(Failure::Output)?;
        // Not an error line: the help is the message. The status still tells a script that
        // `earn` was called without what it needs.
        return Err(Failure::Silent);
    }
    let stdout = io::stdout();
    show(&mut stdout.lock(), stdout.is_terminal()).map_err(Failure::Output)?;
    Ok(Outcome::Done)
}

/// Whether help goes out in colour: as any output, by the last `--color` given (one clap could
/// not read counts as `auto`) and the environment's conventions (`NO_COLOR`, `CLICOLOR`).
fn help_in_color(args: &[OsString], terminal: bool) -> bool {
    use clap::ValueEnum;
    let mut choice = ColorChoice::Auto;
    let mut args = args.iter().map(|arg| arg.to_string_lossy());
    while let Some(arg) = args.next() {
        let value = match arg.strip_prefix("--color") {
            _ if arg == "--" => break,
            Some("") => args.next(),
            Some(value) => match value.strip_prefix('=') {
                Some(value) => Some(value.to_string().into()),
                None => continue,
            },
            None => continue,
        };
        choice = value
            .and_then(|v| ColorChoice::from_str(&v, true).ok())
            .unwrap_or(ColorChoice::Auto);
    }
    app::use_color(choice, terminal, &app::Env::from_process())
}

/// A usage error as earn's two lines.
fn failure(error: &clap::Error, args: &[OsString]) -> Failure {
    let command = command_of(args);
    if let Some(negative) = negative_positional(error, args) {
        return Failure::input(
            format!("'{negative}' is negative: counts and amounts start at 0"),
            format!("see '{command} --help'"),
        );
    }
    if let Some(failure) = command_after_options(error, args) {
        return failure;
    }
    // A flag read as a value is told by the value's parser when nothing follows it.
    if error.kind() != ErrorKind::ValueValidation
        && let Some(failure) = flag_for_a_value(args, &command)
    {
        return failure;
    }
    if let Some(failure) = misspelt_command(error, args) {
        return failure;
    }
    if let Some(failure) = flag_after_double_dash(error, args) {
        return failure;
    }
    // An account roster's columns are not a video roster's.
    let month = args.iter().any(|arg| arg == "--month");
    let currency = args
        .iter()
        .any(|arg| arg == "--currency" || arg.to_string_lossy().starts_with("--currency="));
    if let Some(failure) = misplaced_views(error, &command, month, currency) {
        return failure;
    }
    // A LIVE has no views: its gifts are priced from its diamonds alone.
    let diamonds = args
        .iter()
        .any(|arg| arg == "--diamonds" || arg.to_string_lossy().starts_with("--diamonds="));
    if diamonds
        && command == "earn"
        && error.kind() == ErrorKind::MissingRequiredArgument
        && list(error, ContextKind::InvalidArg, " ").as_deref() == Some("<VIEWS>")
    {
        return Failure::input(
            message(error),
            "a LIVE's gifts are priced from its diamonds alone: give 0 views, e.g. `earn 0 \
             --diamonds 12k --with gifts`",
        );
    }
    let hint = suggested(error)
        .or_else(|| subcommand_suggestion(error))
        .or_else(|| example(error, &command).map(|e| format!("{e}; see '{command} --help'")))
        .unwrap_or_else(|| format!("see '{command} --help'"));
    Failure::input(message(error), hint)
}

/// An example of what is missing: a flag's value (`--followers 3000`), or the estimate's
/// views, which come first.
fn example(error: &clap::Error, command: &str) -> Option<String> {
    match error.kind() {
        ErrorKind::InvalidValue if text(error, ContextKind::InvalidValue)?.is_empty() => {
            // "--followers <N>": the flag, and a value it reads.
            let (flag, _) = text(error, ContextKind::InvalidArg)?.split_once(' ')?;
            Some(format!(
                "write the value after the flag, e.g. `{flag} {}`",
                example_value(flag)?
            ))
        }
        ErrorKind::MissingRequiredArgument
            if command == "earn" && list(error, ContextKind::InvalidArg, " ")? == "<VIEWS>" =>
        {
            Some(
                "one video's views come first, e.g. `earn 40k --followers 3000` (a month: \
                 `earn month --avg-views 40k --videos 20`)"
                    .to_string(),
            )
        }
        _ => None,
    }
}

/// A value a flag reads, for an example of it.
fn example_value(flag: &str) -> Option<&'static str> {
    Some(match flag {
        "--followers" => "3000",
        "--views-30d" => "150k",
        "--avg-views" => "50k",
        "--videos" => "20",
        "--videos-per-week" => "5",
        "--sponsored" | "--linked" => "2",
        "--diamonds" => "5000",
        "--sales" => "2500",
        "--subscribers" => "300",
        "--region" | "--country" => "gb",
        "--audience" => "us",
        "--currency" => "eur",
        "--age" => "21",
        "--length" => "75s",
        "--qualified-share" => "50%",
        "--engagement" => "4%",
        "--rates" => "rates.toml",
        "--width" => "100",
        "--niche" => "tech",
        "--with" => "sponsorship",
        _ => return None,
    })
}

/// A context value of `error` that is one string.
fn text(error: &clap::Error, kind: ContextKind) -> Option<&str> {
    match error.get(kind) {
        Some(ContextValue::String(text)) => Some(text),
        _ => None,
    }
}

/// A context value of `error` that is a list, joined with `separator`.
fn list(error: &clap::Error, kind: ContextKind, separator: &str) -> Option<String> {
    match error.get(kind) {
        Some(ContextValue::Strings(items)) if !items.is_empty() => Some(items.join(separator)),
        Some(ContextValue::String(item)) => Some(item.clone()),
        _ => None,
    }
}

/// What is wrong, in one line.
fn message(error: &clap::Error) -> String {
    let value = text(error, ContextKind::InvalidValue).unwrap_or_default();
    let possible = list(error, ContextKind::ValidValue, ", ")
        .map(|values| format!(" [possible values: {values}]"))
        .unwrap_or_default();
    let Some(arg) = text(error, ContextKind::InvalidArg) else {
        return match (error.kind(), text(error, ContextKind::InvalidSubcommand)) {
            (ErrorKind::ArgumentConflict, Some(sub)) => format!(
                "the subcommand '{sub}' cannot be used with: {}",
                list(error, ContextKind::PriorArg, " ").unwrap_or_default()
            ),
            (ErrorKind::InvalidSubcommand, Some(sub)) => format!("unrecognized subcommand '{sub}'"),
            (ErrorKind::MissingRequiredArgument, _) => format!(
                "the following required arguments were not provided: {}",
                list(error, ContextKind::InvalidArg, " ").unwrap_or_default()
            ),
            (kind, _) => kind.as_str().unwrap_or("invalid arguments").to_string(),
        };
    };
    match error.kind() {
        ErrorKind::UnknownArgument => format!("unexpected argument '{arg}' found"),
        ErrorKind::InvalidValue if value.is_empty() => {
            format!("a value is required for '{arg}' but none was supplied{possible}")
        }
        ErrorKind::InvalidValue => format!("invalid value '{value}' for '{arg}'{possible}"),
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(error)
                .map(|source| format!(": {source}"))
                .unwrap_or_default();
            format!("invalid value '{value}' for '{arg}'{why}")
        }
        ErrorKind::ArgumentConflict => match list(error, ContextKind::PriorArg, " ") {
            Some(prior) if prior == arg => {
                format!("the argument '{arg}' cannot be used multiple times")
            }
            Some(prior) => format!("the argument '{arg}' cannot be used with '{prior}'"),
            None => format!(
                "the argument '{arg}' cannot be used with one or more of the other arguments"
            ),
        },
        ErrorKind::NoEquals => format!("equal sign is needed when assigning values to '{arg}'"),
        ErrorKind::TooManyValues => {
            format!("unexpected value '{value}' for '{arg}' found; no more were expected")
        }
        kind => kind.as_str().unwrap_or("invalid arguments").to_string(),
    }
}

/// What clap suggests in place of what was given: a similar flag, value or command.
fn suggested(error: &clap::Error) -> Option<String> {
    [
        (ContextKind::SuggestedArg, "argument"),
        (ContextKind::SuggestedValue, "value"),
        (ContextKind::SuggestedSubcommand, "command"),
    ]
    .into_iter()
    .find_map(|(kind, what)| {
        list(error, kind, "', '").map(|names| format!("a similar {what} exists: '{names}'"))
    })
}

/// `earn -1m`: clap reads a negative number with a suffix or separators as the flags `-1` and
/// `-m`; this finds the number it was, so the error can say what is wrong with it.
fn negative_positional(error: &clap::Error, args: &[OsString]) -> Option<String> {
    if error.kind() != ErrorKind::UnknownArgument {
        return None;
    }
    args.iter()
        .skip(1)
        .filter_map(|a| a.to_str())
        .find_map(|a| {
            let mut chars = a.chars();
            (chars.next() == Some('-') && chars.next().is_some_and(|c| c.is_ascii_digit()))
                .then(|| a.to_string())
        })
}

/// The command a command line runs, `earn target` or `earn`, for the hint under a usage error.
fn command_of(args: &[OsString]) -> String {
    let command = Cli::command();
    let subcommand = args
        .get(1)
        .and_then(|a| a.to_str())
        .and_then(|a| command.find_subcommand(a));
    match subcommand {
        Some(sub) => format!("earn {}", sub.get_name()),
        None => "earn".to_string(),
    }
}

/// A currency's code or sign after a number, `100 CAD` or `100 €`, written where a currency is
/// not read: a code has a flag, which may already be `given`, and a sign goes against the
/// amount. Looked for among the built-in table's currencies.
fn currency_word(word: &str, given: bool) -> Option<String> {
    let table = earn::rates::built_in().ok()?;
    if let Some(currency) = table.fx.currency(word) {
        let code = currency.code.to_ascii_lowercase();
        return Some(if given {
            format!("the currency is given with --currency: leave out '{word}'")
        } else {
            format!(
                "for amounts in {}, give the currency with its flag: --currency {code}",
                currency.code
            )
        });
    }
    let signed = table
        .fx
        .currencies
        .iter()
        .find(|c| c.unit().symbol() == word)?;
    Some(format!(
        "write the sign against the amount, with no space: `{word}100`{}",
        if given {
            String::new()
        } else {
            format!(", and --currency {}", signed.code.to_ascii_lowercase())
        }
    ))
}

/// The views written where clap does not look for them: a second number or word after them
/// (`earn 1m 2m`, `earn 1.2m views`), which clap takes for a command, or a `--views` flag.
fn misplaced_views(
    error: &clap::Error,
    command: &str,
    month: bool,
    currency: bool,
) -> Option<Failure> {
    match error.kind() {
        ErrorKind::ArgumentConflict if after_views(error) => {
            let extra = text(error, ContextKind::InvalidSubcommand)?;
            let hint = if Cli::command().find_subcommand(extra).is_some() {
                format!("a command comes first: `earn {extra} …`")
            } else if let Some(name) = near_command(extra) {
                format!("a command comes first: did you mean `earn {name} …`?")
            } else if ["k", "m", "b"].contains(&extra.to_ascii_lowercase().as_str()) {
                format!(
                    "write the suffix against its number, with no space: `1.2{extra}`, not `1.2 {extra}`"
                )
            } else if let Some(hint) = currency_word(extra, currency) {
                hint
            } else {
                "give one video's views once, e.g. `earn 1.2m`; for many videos, `earn batch`"
                    .to_string()
            };
            Some(Failure::input(
                format!(
                    "unexpected '{extra}' after the views: earn estimates one video, whose views are one number"
                ),
                hint,
            ))
        }
        ErrorKind::UnknownArgument => {
            let flag = text(error, ContextKind::InvalidArg)?;
            if flag == "--with" || flag.starts_with("--with=") {
                return with_elsewhere(command).map(|hint| {
                    Failure::input(format!("unexpected argument '{flag}' found"), hint)
                });
            }
            if let Some(hint) = row_column(command, flag, month)
                .or_else(|| currency_word(flag, currency).filter(|_| command == "earn target"))
                .or_else(|| month_target(command, flag))
                .or_else(|| another_command(command, flag))
                .or_else(|| milestones_currency(command, flag))
                .or_else(|| opt_in_flag(command, flag))
                .or_else(|| flag_of_another_command(command, flag))
            {
                return Some(Failure::input(
                    format!("unexpected argument '{flag}' found"),
                    hint,
                ));
            }
            if flag != "--views" && !flag.starts_with("--views=") {
                return None;
            }
            let hint = match command {
                "earn" | "earn milestones" => {
                    format!("the views come without a flag: `{command} 1.2m`")
                }
                "earn month" => "a month takes its views as an average: --avg-views N".to_string(),
                _ => return None,
            };
            Some(Failure::input(
                format!("unexpected argument '{flag}' found"),
                hint,
            ))
        }
        _ => None,
    }
}

/// `--live 30k`, `--sponsorship`, `--product-link`: what a creator types to ask what a LIVE, a
/// brand deal or a product link would add. A video names it with `--with` (and gives what it
/// is priced from); a month gives its count or amount.
fn opt_in_flag(command: &str, flag: &str) -> Option<String> {
    let name = flag.split_once('=').map_or(flag, |(name, _)| name);
    let month = command == "earn month";
    if !month && !["earn", "earn target"].contains(&command) {
        return None;
    }
    let hint = if ["--live", "--lives", "--gifts", "--gift"].contains(&name) {
        if month {
            "LIVE gifts are priced from the diamonds received: --diamonds N"
        } else {
            "LIVE gifts are priced from the diamonds received: --with gifts --diamonds N"
        }
    } else if [
        "--sponsorship",
        "--sponsor",
        "--brand-deal",
        "--brand",
        "--sponsored",
    ]
    .contains(&name)
    {
        if month {
            "count the month's paid brand deals: --sponsored N"
        } else {
            "a paid brand deal counts with --with sponsorship; its fee is priced from --followers N"
        }
    } else if [
        "--affiliate",
        "--product-link",
        "--link",
        "--links",
        "--linked",
        "--shop",
    ]
    .contains(&name)
    {
        if month {
            "a month's affiliate commission is priced from what its product links sold: --sales AMOUNT"
        } else {
            "a product link's commission counts with --with affiliate, priced from what it sold: --sales AMOUNT"
        }
    } else {
        return None;
    };
    Some(hint.to_string())
}

/// `earn 1m --target 500`, `earn 1m --month`: a flag named like another command, which is
/// what was meant.
fn another_command(command: &str, flag: &str) -> Option<String> {
    let name = flag.split_once('=').map_or(flag, |(name, _)| name);
    match (command, name) {
        ("earn" | "earn month", "--target") => Some(
            "`earn target AMOUNT` gives the views one video needs to earn an amount".to_string(),
        ),
        ("earn", "--month") => Some(
            "`earn month --avg-views N --videos N` estimates an account's month; `earn batch \
             --month` a roster of accounts"
                .to_string(),
        ),
        _ => None,
    }
}

/// A flag after `--`, which clap reads as an argument, not an option: `earn month … -- --json`.
fn flag_after_double_dash(error: &clap::Error, args: &[OsString]) -> Option<Failure> {
    if error.kind() != ErrorKind::UnknownArgument {
        return None;
    }
    let flag = text(error, ContextKind::InvalidArg)?;
    let dash = args.iter().position(|arg| arg == "--")?;
    args[dash + 1..].iter().any(|arg| arg == flag).then(|| {
        Failure::input(
            format!("unexpected argument '{flag}' found"),
            format!("what follows `--` is not read as an option: give {flag} before `--`"),
        )
    })
}

/// A flag that only other commands take (`earn 1m --decimal-comma`): which ones.
fn flag_of_another_command(command: &str, flag: &str) -> Option<String> {
    let name = flag.split_once('=').map_or(flag, |(name, _)| name);
    let long = name.strip_prefix("--")?;
    // Each command's flags are added when it is built.
    let mut root = Cli::command();
    root.build();
    let takes = |c: &clap::Command| c.get_arguments().any(|arg| arg.get_long() == Some(long));
    let commands = std::iter::once(("earn".to_string(), takes(&root))).chain(
        root.get_subcommands()
            .map(|sub| (format!("earn {}", sub.get_name()), takes(sub))),
    );
    let (own, others): (Vec<_>, Vec<_>) = commands
        .filter(|(_, takes)| *takes)
        .map(|(owner, _)| owner)
        .partition(|owner| owner == command);
    // The command's own flag, unexpected after `--`: clap's own message serves.
    if !own.is_empty() {
        return None;
    }
    let owners: Vec<String> = others.iter().map(|owner| format!("`{owner}`")).collect();
    let (last, rest) = owners.split_last()?;
    let owners = match rest {
        [] => last.clone(),
        rest => format!("{} and {last}", rest.join(", ")),
    };
    Some(format!(
        "{name} is an option of {owners}, not of `{command}`; see '{command} --help'"
    ))
}

/// `earn milestones --currency`, which clap would take for `--country`: its fee tiers are the
/// rate table's, in its currency; an estimate converts them.
fn milestones_currency(command: &str, flag: &str) -> Option<String> {
    let name = flag.split_once('=').map_or(flag, |(name, _)| name);
    (command == "earn milestones" && name == "--currency").then(|| {
        "milestones quote the rate table's fees in its own currency; an estimate converts \
         them: `earn 100k --followers N --with sponsorship --currency CODE`"
            .to_string()
    })
}

/// A flag of one video or account that a roster gives row by row (`earn batch --videos 20`,
/// which clap would take for `--views-30d`): where the roster says it, in a roster of videos or
/// (`month`) of accounts.
fn row_column(command: &str, flag: &str, month: bool) -> Option<String> {
    const VIDEO: [&str; 3] = ["--views", "--diamonds", "--sales"];
    const ACCOUNT: [&str; 8] = [
        "--avg-views",
        "--videos",
        "--videos-per-week",
        "--sponsored",
        "--linked",
        "--diamonds",
        "--sales",
        "--subscribers",
    ];
    let name = flag.split_once('=').map_or(flag, |(name, _)| name);
    if command != "earn batch" || !VIDEO.contains(&name) && !ACCOUNT.contains(&name) {
        return None;
    }
    let column = name.trim_start_matches('-').replace('-', "_");
    let given = "given row by row; no flag sets it for every row";
    Some(
        match (month, VIDEO.contains(&name), ACCOUNT.contains(&name)) {
            (false, true, _) | (true, _, true) => {
                format!("`{column}` is a column (or key) of the roster, {given}")
            }
            // `--views` beside `--month`: an account's views are its average.
            (true, _, _) => {
                format!("an account's views are the roster's `avg_views` column (or key), {given}")
            }
            (false, _, _) => {
                format!(
                    "`{column}` is a column of an account roster (`earn batch --month`), {given}"
                )
            }
        },
    )
}

/// `earn target 1000 --month`: a target is one video's views (clap would suggest `--length`).
fn month_target(command: &str, flag: &str) -> Option<String> {
    let name = flag.split_once('=').map_or(flag, |(name, _)| name);
    (command == "earn target" && ["--month", "--videos", "--avg-views"].contains(&name)).then(
        || {
            "earn target gives the views one video needs; for an account's month, try cadences \
         with `earn month --avg-views N --videos N`"
                .to_string()
        },
    )
}

/// `--with` names a video's opt-in channels; a command without it says them its own way
/// (clap would suggest `--width`).
fn with_elsewhere(command: &str) -> Option<String> {
    let hint = match command {
        "earn month" => {
            "a month gives its opt-in channels by their counts: --sponsored N, --sales AMOUNT, --diamonds N"
        }
        "earn check" => "name the channels to check after the command: `earn check sponsorship`",
        "earn milestones" => "milestones price no video: `earn 1.2m --with sponsorship` does",
        _ => return None,
    };
    Some(hint.to_string())
}

/// `earn --json rates`, `earn --width 60 check gifts`: a command written after options is read
/// as the views, and what follows it as the estimate's; it comes first. Only when the word read
/// as the views is a command's name, and an unknown flag is that command's own: `earn --jsno
/// rates` is a misspelt flag, which clap's own hint names.
fn command_after_options(error: &clap::Error, args: &[OsString]) -> Option<Failure> {
    let command = Cli::command();
    let (at, word) = read_as_views(&command, args)?;
    if at == 1 {
        return None;
    }
    let mut found = command.find_subcommand(word)?.clone();
    match error.kind() {
        ErrorKind::ValueValidation | ErrorKind::ArgumentConflict => {}
        ErrorKind::UnknownArgument => {
            let flag = text(error, ContextKind::InvalidArg)?;
            let long = flag.strip_prefix("--")?.split('=').next()?;
            // Its options are added when it is built (`cli::Deferred`).
            found.build();
            if !found.get_arguments().any(|a| a.get_long() == Some(long)) {
                return None;
            }
        }
        _ => return None,
    }
    let name = found.get_name();
    let message = match error.kind() {
        ErrorKind::ArgumentConflict => format!("'{name}' after options is read as the views"),
        _ => message(error),
    };
    Some(Failure::input(
        message,
        format!("a command comes before its options: `earn {name} …`"),
    ))
}

/// `earn 50k --followers --region gb`: a flag whose value may start with `-` (a negative count,
/// refused with its own message) takes the next flag for its value, and clap then complains of
/// what follows. The flag left without a value is what is wrong.
fn flag_for_a_value(args: &[OsString], command: &str) -> Option<Failure> {
    let root = Cli::command();
    let subcommand = args.get(1).and_then(|a| a.to_str());
    let mut cli = subcommand
        .and_then(|name| root.find_subcommand(name))
        .unwrap_or(&root)
        .clone();
    // A command's options are added when it is built (`cli::Deferred`).
    cli.build();
    let long = |word: &str| {
        let name = word.strip_prefix("--")?;
        cli.get_arguments().find(|a| a.get_long() == Some(name))
    };
    // Only a flag that takes a value starting with `-` swallows the next flag (clap tells the
    // others itself, with their possible values); after `--`, words are no flags.
    let before_separator = args.iter().position(|a| a == "--").unwrap_or(args.len());
    args[..before_separator].windows(2).find_map(|pair| {
        let (flag, next) = (pair[0].to_str()?, pair[1].to_str()?);
        let arg = long(flag).filter(|a| a.get_action().takes_values())?;
        if !arg.is_allow_hyphen_values_set() {
            return None;
        }
        long(next)?;
        let value = example_value(flag).map_or_else(
            || {
                let names = arg.get_value_names().and_then(|names| names.first());
                names.map_or_else(|| "VALUE".to_string(), ToString::to_string)
            },
            str::to_string,
        );
        Some(Failure::input(
            format!("a value is required for '{flag}' but none was supplied: '{next}' follows it"),
            format!(
                "write the value after the flag, e.g. `{flag} {value}`; see '{command} --help'"
            ),
        ))
    })
}

/// The first word of a command line that is no option and no option's value, with its place:
/// what clap reads as the views when no command comes first.
fn read_as_views<'a>(command: &clap::Command, args: &'a [OsString]) -> Option<(usize, &'a str)> {
    let mut words = args.iter().enumerate().skip(1);
    while let Some((at, word)) = words.next() {
        let word = word.to_str()?;
        let takes_value = if let Some(long) = word.strip_prefix("--") {
            !long.contains('=')
                && command
                    .get_arguments()
                    .find(|a| a.get_long() == Some(long))
                    .is_some_and(|a| a.get_action().takes_values())
        } else if let Some(short) = word.strip_prefix('-').filter(|s| s.chars().count() == 1) {
            command
                .get_arguments()
                .find(|a| a.get_short().is_some_and(|c| short.starts_with(c)))
                .is_some_and(|a| a.get_action().takes_values())
        } else if word.starts_with('-') {
            false
        } else {
            return Some((at, word));
        };
        if takes_value {
            words.next();
        }
    }
    None
}

/// `earn milestone`, `earn targets 1000`, `earn mnth --avg-views 1k`: a misspelt command is
/// read as the views (and what follows it as a second number or a flag the estimate does not
/// take); the command it was probably meant to be says more.
fn misspelt_command(error: &clap::Error, args: &[OsString]) -> Option<Failure> {
    let read_as_views = match error.kind() {
        ErrorKind::ArgumentConflict => after_views(error),
        ErrorKind::UnknownArgument => true,
        // `earn milestone` alone: the word was read as the views, and is no count.
        ErrorKind::ValueValidation => {
            text(error, ContextKind::InvalidArg) == Some("<VIEWS>")
                && text(error, ContextKind::InvalidValue) == args.get(1).and_then(|a| a.to_str())
        }
        _ => false,
    };
    if !read_as_views {
        return None;
    }
    let word = args.get(1)?.to_str()?;
    if !word.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let name = near_command(word).filter(|name| name != word)?;
    Some(Failure::input(
        format!("unrecognized command '{word}'"),
        format!("did you mean `earn {name}`?"),
    ))
}

/// Whether a conflict is with the views given before it (alone, or among flags).
fn after_views(error: &clap::Error) -> bool {
    match error.get(ContextKind::PriorArg) {
        Some(ContextValue::String(prior)) => prior == "<VIEWS>",
        Some(ContextValue::Strings(prior)) => prior.iter().any(|p| p == "<VIEWS>"),
        _ => false,
    }
}

/// `earn chek` reads `chek` as the views: suggest the command it was probably meant to be.
fn subcommand_suggestion(error: &clap::Error) -> Option<String> {
    // `earn help chek`: the command help was asked for.
    if error.kind() == ErrorKind::InvalidSubcommand {
        let name = text(error, ContextKind::InvalidSubcommand)?;
        return near_command(name).map(|name| format!("did you mean `earn help {name}`?"));
    }
    let value = text(error, ContextKind::InvalidValue)?;
    if !value.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    if value.eq_ignore_ascii_case("views") {
        return Some("the views are the number alone: `earn 1.2m`".to_string());
    }
    near_command(value).map(|name| format!("did you mean `earn {name}`?"))
}

/// The command `word` was probably meant to be, if any is near it.
fn near_command(word: &str) -> Option<String> {
    let command = Cli::command();
    let names = command.get_subcommands().map(clap::Command::get_name);
    earn::suggest::did_you_mean(word, earn::suggest::names(names)).map(str::to_string)
}
