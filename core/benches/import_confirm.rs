//! Confirming the import of a 10,000-row file, natively, phase by phase as the app does it:
//! the tools module's batch and its operations (`ImportSession`'s Confirm step), the app's
//! reading of the operations into edits, drafting them on the replica (`draft_batch`),
//! numbering them and encoding the stored queue's rows (`assign_batch`, `rows_of`, JSON as
//! `LocalStore::store_writes` writes them), settling the drafts by their stamps (`confirm_stamped`), and the
//! plan screen's list of measures (`views`). The file is the browser benchmark's
//! (`tests/bench/import.mjs`): 10,000 new measures of six columns, about 80,000 field writes.
//! Printed as figures (median of runs); the browser's wasm runs about 1.5 to 3 times slower.
//!
//! `cargo bench -p tsunagu-core --bench import_confirm` (without `--bench`: 500 rows, one run,
//! as a check that it runs)

use std::hint::black_box;
use std::time::Instant;

use tsunagu_core::calendar::FiscalYear;
use tsunagu_core::client::{batch_stamps, rows_of, ClientReplica, ReplicaMeta};
use tsunagu_core::domain::{Plan, RecordKind};
use tsunagu_core::import::screen::{
    edits_of_ops, ContextRecord, FileFormat, ImportContext, ImportRequest, ImportSession,
    ImportStep, ImportTarget,
};
use tsunagu_core::lang::Lang;
use tsunagu_core::org::OrgCode;

const ROWS: usize = 10_000;
const OWNER: &str = "032085";
const PLAN_ID: &str = "bench-import-plan";
const STATUSES: [&str; 5] = ["未着手", "作業中", "完了", "実施しない", "対象外"];

/// The median of `runs` timings of `work`, each after its own untimed `setup`; what it
/// returns is dropped after the timing (freeing is timed where the app frees as it goes).
fn median_ms<S, R>(runs: usize, mut setup: impl FnMut() -> S, mut work: impl FnMut(S) -> R) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let input = setup();
            let started = Instant::now();
            let result = black_box(work(input));
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            drop(result);
            ms
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// The browser benchmark's file, as CSV.
fn csv(rows: usize) -> String {
    let mut text = String::from("施策名,分野,担当課,状況,進捗率,期限\n");
    for i in 0..rows {
        text.push_str(&format!(
            "施策 {} 行政手続のオンライン化,{},{},{},{}%,令和{}年3月31日\n",
            i + 1,
            ["online", "ai_rpa", ""][i % 3],
            ["総務課", "企画課", "情報政策課"][i % 3],
            STATUSES[i % 5],
            i % 101,
            7 + i % 3,
        ));
    }
    text
}

fn context() -> ImportContext {
    let plan = Plan {
        title: "遠野市DX推進計画 bench".into(),
        start_fy: FiscalYear(2024),
        end_fy: FiscalYear(2028),
        vision: String::new(),
        policies: Vec::new(),
    };
    ImportContext {
        plan_id: PLAN_ID.into(),
        owner: OWNER.into(),
        records: vec![ContextRecord {
            kind: RecordKind::Plan,
            id: PLAN_ID.into(),
            org: OWNER.into(),
            values: plan.to_fields(),
        }],
        target: ImportTarget::Plan,
        seed: 7,
    }
}

/// A session at the preview, ready to confirm.
fn previewed(csv: &str) -> ImportSession {
    let mut session = ImportSession::default();
    let opened = session.handle(
        ImportRequest {
            name: "bench.csv".into(),
            number: csv.len() as u64,
            format: Some(FileFormat::Csv),
            ..ImportRequest::new(ImportStep::Open, Lang::Ja)
        },
        csv.as_bytes().to_vec(),
    );
    assert_eq!(opened.status, "", "opened");
    let preview = session.handle(
        ImportRequest {
            context: Some(context()),
            ..ImportRequest::new(ImportStep::Preview, Lang::Ja)
        },
        Vec::new(),
    );
    assert_eq!(preview.status, "", "previewed");
    session
}

fn confirm(session: &mut ImportSession) -> String {
    let reply = session.handle(
        ImportRequest {
            name: format!("{OWNER}-import-1"),
            number: 42,
            at_ms: 1_765_000_000_000,
            person: "bench".into(),
            ..ImportRequest::new(ImportStep::Confirm, Lang::Ja)
        },
        Vec::new(),
    );
    reply.ops
}

fn meta() -> ReplicaMeta {
    ClientReplica::new("bench-device").meta()
}

fn main() {
    let quick = !std::env::args().any(|arg| arg == "--bench");
    let (rows, runs) = if quick { (500, 1) } else { (ROWS, 7) };
    let org = OrgCode::parse(OWNER).expect("code");
    let csv = csv(rows);
    let ops = confirm(&mut previewed(&csv));
    let edits = edits_of_ops(&ops);
    assert!(edits.len() >= rows * 6, "{} edits", edits.len());
    let now = 1_765_000_000_000;
    let drafted = || {
        let mut replica = ClientReplica::new("bench-device");
        let drafts = replica.draft_batch(&org, edits.clone(), now);
        (replica, drafts)
    };
    println!(
        "import confirm: {rows} new measures, {} field writes, median of {runs} runs",
        edits.len()
    );

    let batch_ms = median_ms(
        runs,
        || previewed(&csv),
        |mut session| confirm(&mut session),
    );
    let parse_ms = median_ms(runs, || (), |()| edits_of_ops(black_box(&ops)));
    let draft_ms = median_ms(
        runs,
        || (ClientReplica::new("bench-device"), edits.clone()),
        |(mut replica, edits)| {
            let drafts = replica.draft_batch(&org, black_box(edits), now);
            (replica, drafts)
        },
    );
    // As the app does: the batch's stamps kept, the drafts themselves numbered.
    let store_ms = median_ms(runs, drafted, |(replica, drafts)| {
        let stamps = batch_stamps(&drafts);
        let stored = meta().assign_batch(drafts);
        for row in rows_of(&stored) {
            black_box(serde_json::to_string(&row).expect("json"));
        }
        (replica, stamps, stored)
    });
    let settle_ms = median_ms(
        runs,
        || {
            let (replica, drafts) = drafted();
            let stamps = batch_stamps(&drafts);
            (replica, stamps, meta().assign_batch(drafts))
        },
        |(mut replica, stamps, stored)| {
            replica.confirm_stamped(&stamps, stored);
            replica
        },
    );
    let (mut replica, drafts) = drafted();
    let shown_drafted_ms = median_ms(runs, || (), |()| replica.views(RecordKind::Measure));
    let stamps = batch_stamps(&drafts);
    replica.confirm_stamped(&stamps, meta().assign_batch(drafts));
    let shown_ms = median_ms(runs, || (), |()| replica.views(RecordKind::Measure));
    assert_eq!(replica.views(RecordKind::Measure).len(), rows);
    let total = batch_ms + parse_ms + draft_ms + store_ms + settle_ms + shown_ms;
    println!("  tools: batch + ops JSON        {batch_ms:8.1} ms");
    println!("  app: ops JSON to edits         {parse_ms:8.1} ms");
    println!("  draft_batch                    {draft_ms:8.1} ms");
    println!("  assign_batch + rows' JSON      {store_ms:8.1} ms");
    println!("  confirm_stamped                {settle_ms:8.1} ms");
    println!("  views(Measure), drafted        {shown_drafted_ms:8.1} ms");
    println!("  views(Measure), stored         {shown_ms:8.1} ms");
    println!("  sum (one views)                {total:8.1} ms");
}
