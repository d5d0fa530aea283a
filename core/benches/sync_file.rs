//! Sync by file (issue 26): a file of 5,000 changes written on the offline device, read and
//! checked, applied by the relay endpoint's engine (in memory: the worker's round trip is timed
//! by tests/tests/worker_bundle.rs), and its return file checked and taken in by the device.
//! Printed as figures (median of runs).
//!
//! `cargo bench -p tsunagu-core --bench sync_file`

use std::hint::black_box;
use std::time::Instant;

use serde_json::json;
use tsunagu_core::access::{hash_secret, Principal, Role};
use tsunagu_core::client::{ClientReplica, FieldKey};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::org::OrgCode;
use tsunagu_core::server::{relay_file, MemoryStore};
use tsunagu_core::sync_file::{
    check_outbound, check_return, device_key, file_key, outbound_header, FileOrigin, OutboundBody,
    SyncFile,
};

const CHANGES: usize = 5_000;
const NOW: u64 = 1_795_000_000_000;
const SECRET: &str = "abcdefghijklmnopqrstuvwx12345678";
const TOKEN: &str = "tsu_03_tonodev1_abcdefghijklmnopqrstuvwx12345678";

fn median_ms(runs: usize, mut work: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn tono() -> OrgCode {
    OrgCode::parse("032085").expect("Tono")
}

/// A device with 5,000 unsent writes: 1,000 measures, five fields each.
fn device() -> ClientReplica {
    let mut replica = ClientReplica::new("device-bench01");
    for i in 0..CHANGES {
        let field = ["title", "status", "percent", "notes", "department"][i % 5];
        let value = match field {
            "status" => json!("作業中"),
            "percent" => json!(50),
            _ => json!(format!("施策{} の{field}（ファイルで同期の計測）", i / 5)),
        };
        let key = FieldKey::new(RecordKind::Measure, format!("m-{}", i / 5), field);
        replica.write(&tono(), &key, value, NOW);
    }
    replica
}

fn export(replica: &ClientReplica) -> String {
    let meta = replica.meta();
    OutboundBody {
        prefecture: 0,
        org: tono(),
        token_id: String::new(),
        client_id: meta.client_id,
        label: "遠野市 DX推進担当".into(),
        created_ms: NOW,
        first_seq: 0,
        last_seq: 0,
        cursor: meta.cursor,
        epoch: meta.epoch,
        cursor_tag: meta.cursor_tag,
        mutations: replica.pending().to_vec(),
    }
    .sign_with(TOKEN)
    .expect("a token")
    .to_text()
}

fn origin() -> FileOrigin {
    FileOrigin {
        token_id: "tonodev1".into(),
        org: tono(),
        label: "遠野市 DX推進担当".into(),
        revoked: false,
        key: file_key(&hash_secret(SECRET)).expect("a key"),
    }
}

fn principal() -> Principal {
    Principal {
        token_id: "tonodev1".into(),
        org: tono(),
        role: Role::Editor,
        label: "遠野市 DX推進担当".into(),
    }
}

/// What the relay endpoint does: read, check, apply, write the return file.
fn relay(text: &str) -> String {
    let mut store = MemoryStore::new();
    let file = SyncFile::parse(text.as_bytes()).expect("a file");
    let body = outbound_header(&file, 3).expect("Iwate");
    let origin = origin();
    check_outbound(&file, &body, &origin, NOW).expect("checked");
    relay_file(
        &mut store,
        &principal(),
        &origin.key,
        &file,
        body,
        "岩手県",
        NOW,
    )
    .expect("relayed")
    .to_text()
}

fn main() {
    let replica = device();
    let text = export(&replica);
    let returned = relay(&text);
    println!(
        "sync by file, {CHANGES} changes: outbound file {} bytes, return file {} bytes",
        text.len(),
        returned.len()
    );
    let ms = median_ms(9, || {
        black_box(export(&replica));
    });
    println!("  export (sign the device's queue):            {ms:8.1} ms");
    let ms = median_ms(9, || {
        let file = SyncFile::parse(text.as_bytes()).expect("a file");
        let body = outbound_header(&file, 3).expect("Iwate");
        check_outbound(&file, &body, &origin(), NOW).expect("checked");
        black_box(body);
    });
    println!("  read and verify on the server:               {ms:8.1} ms");
    let ms = median_ms(5, || {
        black_box(relay(&text));
    });
    println!("  relay (verify, apply 5,000, return file):    {ms:8.1} ms");
    let (token_id, key) = device_key(TOKEN).expect("a token");
    let ms = median_ms(5, || {
        let mut device = replica.clone();
        let file = SyncFile::parse(returned.as_bytes()).expect("a file");
        let body = check_return(&file, &key, &token_id, device.client_id()).expect("ours");
        let mut response = body.response;
        device.apply_response(&mut response);
        assert!(device.pending().is_empty());
        black_box(device);
    });
    println!("  import the return file on the device:        {ms:8.1} ms");
}
