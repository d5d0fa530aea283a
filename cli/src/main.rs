//! `tsunagu`: operator tools for a Tsunagu sync worker.

mod admins;
mod api;
mod bench;
mod clock;
mod demo;
mod load;
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
    /// The worker's ADMIN_SECRET: it only creates a prefecture's first administrator
    /// (prefecture_admin token); everything else uses that token.
    #[arg(long, env = "TSUNAGU_ADMIN_SECRET")]
    admin_secret: Option<String>,
    /// A prefecture_admin token: issues, lists and revokes the tokens of its prefecture.
    #[arg(long, env = "TSUNAGU_ADMIN_TOKEN")]
    admin_token: Option<String>,
    /// A file (JSON, mode 600) keeping each prefecture_admin token this tool creates, found
    /// again by later runs against the same worker.
    #[arg(long, env = "TSUNAGU_ADMIN_TOKENS")]
    admin_tokens: Option<PathBuf>,
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
    /// Issues one access token and prints it: with --admin-token any role of that token's
    /// prefecture; with only --admin-secret, the prefecture's first prefecture_admin.
    IssueToken {
        #[arg(long)]
        org: OrgCode,
        /// prefecture_admin, editor or viewer.
        #[arg(long)]
        role: Role,
        #[arg(long)]
        label: String,
        /// Break-glass recovery with --admin-secret when every administrator lost their
        /// token: revokes all the prefecture's prefecture_admin tokens and issues this one.
        #[arg(long)]
        replace_admins: bool,
    },
    /// Lists the tokens of the --admin-token's prefecture (never their secrets).
    ListTokens,
    /// Revokes a token of the --admin-token's prefecture at once.
    RevokeToken {
        #[arg(long)]
        id: String,
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
    /// The load test: every municipality of a prefecture, its staff and a viewer sync at once
    /// for --seconds (writes, pushes, pulls, lost answers retried, acknowledged pushes
    /// replayed); prints throughput, push latency percentiles, failures and, with --watch-pid,
    /// the memory of that process's group; fails unless every acknowledged write is stored
    /// exactly once and every client holds the server's state. scripts/bench-load.sh runs it.
    BenchLoad {
        /// The prefecture's number (01 Hokkaido: 179 municipalities, 181 clients).
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=47))]
        prefecture: u8,
        #[arg(long, default_value_t = 60)]
        seconds: u64,
        /// The local government code list.
        #[arg(long, default_value = "data/local-governments.csv")]
        csv: PathBuf,
        /// A process of the worker: the memory of its process group is sampled every second.
        #[arg(long)]
        watch_pid: Option<u32>,
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
    let api = api::Api::new(
        &cli.url,
        cli.admin_secret,
        cli.admin_token,
        admins::AdminStore::new(cli.admin_tokens),
    );
    let result = run(&api, cli.command);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("tsunagu: {error}");
            ExitCode::FAILURE
        }
    }
}

/// A first administrator with the secret (no --admin-token, role prefecture_admin), or any
/// token with a prefecture_admin token.
fn issue_token(
    api: &api::Api,
    org: &OrgCode,
    role: Role,
    label: &str,
    replace_admins: bool,
) -> Result<(), api::ApiError> {
    let issued = if replace_admins || (role == Role::PrefectureAdmin && !api.has_admin_token()) {
        if role != Role::PrefectureAdmin || !org.is_prefecture() {
            return Err(push::other(
                "the admin secret only creates a prefecture's administrator: --role \
                 prefecture_admin with the prefecture's own code (e.g. --org 030007)",
            ));
        }
        let issued = api.first_admin(org, label, replace_admins)?;
        if !issued.revoked_admins.is_empty() {
            eprintln!(
                "revoked the prefecture's other administrators: {}",
                issued.revoked_admins.join(", ")
            );
        }
        issued
    } else {
        let admin = api.known_admin(Some(org.prefecture_number()))?;
        api.issue_token(&admin, org, role, label)?
    };
    println!("{}", issued.token);
    // Where the app is served from the worker's address (the usual set-up), this link connects
    // a browser in one click; the token rides in the fragment, which no server sees.
    eprintln!(
        "invitation link: {}",
        tsunagu_core::invite::invitation_link(api.base(), &issued.token)
    );
    Ok(())
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
        Command::IssueToken {
            org,
            role,
            label,
            replace_admins,
        } => issue_token(api, &org, role, &label, replace_admins),
        Command::ListTokens => {
            for token in api.list_tokens(&api.known_admin(None)?)? {
                let state = match token.revoked_at_ms {
                    Some(ms) => format!("revoked at {ms}"),
                    None => "active".into(),
                };
                println!(
                    "{}\t{}\t{}\t{}\t{state}",
                    token.id,
                    token.org,
                    token.role.as_str(),
                    token.label
                );
            }
            Ok(())
        }
        Command::RevokeToken { id } => api
            .revoke_token(&api.known_admin(None)?, &id)
            .map(|token| println!("revoked {} ({})", token.id, token.label)),
        Command::SeedPlan { org, measures } => synthetic::seed_plan(api, &org, measures),
        Command::BenchPush {
            batches,
            batch_size,
        } => bench::run(api, batches, batch_size),
        Command::BenchLoad {
            prefecture,
            seconds,
            csv,
            watch_pid,
        } => load::run(
            api,
            &load::LoadPlan {
                csv: &csv,
                prefecture,
                seconds,
                watch_pid,
            },
        ),
        Command::SummaryRows { measures, csv } => summaries::print(&csv, measures),
    }
}
