//! `tsunagu`: operator tools for a Tsunagu sync worker.

mod api;
mod bench;
mod clock;
mod demo;
mod prefecture;
mod push;
mod rng;
mod summaries;
mod synthetic;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use tsunagu_core::access::Role;
use tsunagu_core::org::OrgCode;

#[derive(Parser)]
#[command(name = "tsunagu", about = "Operator tools for a Tsunagu sync worker")]
struct Cli {
    /// The worker's base URL.
    #[arg(long, env = "TSUNAGU_URL", default_value = "http://127.0.0.1:8787")]
    url: String,
    /// The worker's ADMIN_SECRET (every command but summary-rows needs it).
    #[arg(long, env = "TSUNAGU_ADMIN_SECRET")]
    admin_secret: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Loads the demo prefecture and prints its access tokens: Iwate's 33 municipalities with
    /// populations, the national and Iwate taxonomy, Tono city's DX plan, a generated plan for
    /// every other town (marked デモ用の架空データ), the Iwate 2021 survey with most towns'
    /// answers, and each town's standardisation progress. Running it again reuses the tokens
    /// kept in --state and loads nothing twice.
    SeedDemo {
        /// The local government code list (code,prefecture,city,prefecture_kana,city_kana).
        #[arg(long)]
        csv: PathBuf,
        /// Where the demo's tokens are kept between runs.
        #[arg(long, default_value = ".state/demo-tokens.json")]
        state: PathBuf,
    },
    /// For scale benchmarks: loads every municipality of a prefecture with a synthetic plan of
    /// --measures measures each, and prints only
    /// {"prefecture_token": ..., "records": ..., "municipalities": ...} on stdout.
    SeedPrefecture {
        /// The prefecture's number, 01 to 47 (01 Hokkaido: 179 municipalities).
        #[arg(long, value_parser = clap::value_parser!(u8).range(1..=47))]
        prefecture: u8,
        /// Measures per municipality.
        #[arg(long)]
        measures: usize,
        /// The local government code list.
        #[arg(long, default_value = "data/local-governments.csv")]
        csv: PathBuf,
    },
    /// Issues one access token and prints it.
    IssueToken {
        #[arg(long)]
        org: OrgCode,
        /// prefecture_admin, editor or viewer.
        #[arg(long)]
        role: Role,
        #[arg(long)]
        label: String,
    },
    /// Loads a synthetic plan with many measures for an organisation and prints an editor
    /// token for it (for measuring the app).
    SeedPlan {
        #[arg(long)]
        org: OrgCode,
        #[arg(long, default_value_t = 300)]
        measures: usize,
    },
    /// For the national dashboard benchmark, without a worker: prints the prefecture
    /// dashboard's cached rows (the app's `summaries` store) for every organisation of the code
    /// list, each municipality with --measures synthetic measures (as seed-prefecture), as
    /// [{"key": code or "~areas", "value": row}, ...]; the time core took goes to stderr.
    SummaryRows {
        /// Measures per municipality.
        #[arg(long, default_value_t = 60)]
        measures: usize,
        /// The local government code list.
        #[arg(long, default_value = "data/local-governments.csv")]
        csv: PathBuf,
    },
    /// Measures push-to-acknowledgement latency of mutation batches and prints median and p95.
    BenchPush {
        #[arg(long, default_value_t = 200)]
        batches: usize,
        #[arg(long, default_value_t = 100)]
        batch_size: usize,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match (cli.command, cli.admin_secret) {
        (Command::SummaryRows { measures, csv }, _) => summaries::print(&csv, measures),
        (command, Some(secret)) => run(&api::Api::new(&cli.url, &secret), command),
        (_, None) => Err(push::other(
            "--admin-secret (or TSUNAGU_ADMIN_SECRET) is required for this command",
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("tsunagu: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The commands that talk to a worker.
fn run(api: &api::Api, command: Command) -> Result<(), api::ApiError> {
    match command {
        Command::SeedDemo { csv, state } => demo::seed(api, &csv, &state),
        Command::SeedPrefecture {
            prefecture,
            measures,
            csv,
        } => prefecture::seed(api, &csv, prefecture, measures),
        Command::IssueToken { org, role, label } => api
            .issue_token(&org, role, &label)
            .map(|issued| println!("{}", issued.token)),
        Command::SeedPlan { org, measures } => synthetic::seed_plan(api, &org, measures),
        Command::BenchPush {
            batches,
            batch_size,
        } => bench::run(api, batches, batch_size),
        Command::SummaryRows { measures, csv } => summaries::print(&csv, measures),
    }
}
