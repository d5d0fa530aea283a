//! `tsunagu`: operator tools for a Tsunagu sync worker.

mod api;
mod bench;
mod demo;
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
    /// The worker's ADMIN_SECRET.
    #[arg(long, env = "TSUNAGU_ADMIN_SECRET")]
    admin_secret: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Loads the demo prefecture (Iwate: 33 municipalities, the national and Iwate taxonomy, and
    /// Tono city's DX plan) and prints its access tokens. Running it again reuses the tokens kept
    /// in --state and loads nothing twice.
    SeedDemo {
        /// The local government code list (code,prefecture,city,prefecture_kana,city_kana).
        #[arg(long)]
        csv: PathBuf,
        /// Where the demo's tokens are kept between runs.
        #[arg(long, default_value = ".state/demo-tokens.json")]
        state: PathBuf,
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
    let api = api::Api::new(&cli.url, &cli.admin_secret);
    let result = match cli.command {
        Command::SeedDemo { csv, state } => demo::seed(&api, &csv, &state),
        Command::IssueToken { org, role, label } => api
            .issue_token(&org, role, &label)
            .map(|issued| println!("{}", issued.token)),
        Command::SeedPlan { org, measures } => synthetic::seed_plan(&api, &org, measures),
        Command::BenchPush {
            batches,
            batch_size,
        } => bench::run(&api, batches, batch_size),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("tsunagu: {error}");
            ExitCode::FAILURE
        }
    }
}
