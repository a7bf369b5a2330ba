//! The command-line interface: clap definitions only.
//!
//! Doc comments here are the help text users read, so they are written for a terminal, not for
//! rustdoc.
#![allow(clippy::doc_markdown)]

use std::path::PathBuf;

use clap::{Parser, ValueEnum};
use earn::Decimal;
use earn::count::{parse_count, parse_percent, parse_share};

const EXAMPLES: &str = "\
Examples:
  earn 1000000 --region us
  earn 1m --followers 12k --region gb --age 21 --views-30d 150k --json | jq .total
  earn 250k --format csv > estimate.csv
  earn 500k --followers 50k --niche tech --engagement 6% --diamonds 20k

Numbers accept 1000000, 1,000,000, 1_000_000 and k/m/b suffixes (1.5m, 250K).

Exit status: 0 on success, 2 on any error (bad argument, unknown region or niche, unreadable
or invalid rates file).";

/// Estimate what one TikTok video could earn, channel by channel.
///
/// Prints a low/high range in US dollars for each channel (Creator Fund, Creator Rewards,
/// sponsorship, affiliate, LIVE gifts), whether the creator is eligible for it and why, and a
/// total. Every figure comes from a rate table with sources and evidence grades; the built-in
/// table can be changed with --rates.
#[derive(Debug, Parser)]
#[command(name = "earn", version, after_help = EXAMPLES, arg_required_else_help = true)]
pub struct Cli {
    /// Views of the video: 1000000, 1,000,000, 1_000_000, 1.5m or 250k
    #[arg(value_name = "VIEWS", value_parser = parse_count, allow_negative_numbers = true)]
    pub views: u64,

    /// Followers the account has
    #[arg(long, value_name = "N", value_parser = parse_count, allow_negative_numbers = true)]
    pub followers: Option<u64>,

    /// Audience region code, e.g. us, gb (or uk), de, jp, other [default: the rate table's, us]
    #[arg(long, value_name = "CODE")]
    pub region: Option<String>,

    /// The creator's age in years
    #[arg(long, value_name = "N", value_parser = parse_count, allow_negative_numbers = true)]
    pub age: Option<u64>,

    /// Account views in the last 30 days
    #[arg(long = "views-30d", value_name = "N", value_parser = parse_count, allow_negative_numbers = true)]
    pub views_30d: Option<u64>,

    /// LIVE diamonds received (LIVE gifts are estimated only with this)
    #[arg(long, value_name = "N", value_parser = parse_count, allow_negative_numbers = true)]
    pub diamonds: Option<u64>,

    /// Share of views that qualify for Creator Rewards, 0-1 or a percentage: 0.45, 45%
    #[arg(long = "qualified-share", value_name = "F", value_parser = parse_share, allow_negative_numbers = true)]
    pub qualified_share: Option<Decimal>,

    /// Content niche, e.g. tech, beauty, business [default: general]
    #[arg(long, value_name = "NAME")]
    pub niche: Option<String>,

    /// Engagement as a percentage of views: 6 or 6%
    #[arg(long, value_name = "PCT", value_parser = parse_percent, allow_negative_numbers = true)]
    pub engagement: Option<Decimal>,

    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = Format::Table, ignore_case = true)]
    pub format: Format,

    /// Same as --format json
    #[arg(long, conflicts_with = "format")]
    pub json: bool,

    /// TOML rates file merged over the built-in table, key by key [env: EARN_RATES]
    #[arg(long, value_name = "FILE")]
    pub rates: Option<PathBuf>,

    /// When to colour the table
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal, NO_COLOR is unset and TERM is not dumb
    Auto,
    Always,
    Never,
}

impl Cli {
    pub fn format(&self) -> Format {
        if self.json { Format::Json } else { self.format }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
