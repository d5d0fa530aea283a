//! The IndexedDB layer in a real browser: schema upgrades, atomic saves, rollback, restoring a
//! replica, history, version and blocking errors, the connection row, and reopening.
//!
//! Each test works on its own randomly named database and deletes it at the end.

use std::future::{poll_fn, Future, IntoFuture};
use std::pin::pin;
use std::task::Poll;

use gloo_timers::future::TimeoutFuture;
use indexed_db_futures::database::Database;
use serde_json::{json, Value};
use tsunagu_app::storage::{
    Connection, LocalStore, StorageError, SyncSaved, Write, CURRENT_VERSION,
};
use tsunagu_core::access::Role;
use tsunagu_core::client::{batch_stamps, next_push, AppliedChange, ClientReplica, Edit, FieldKey};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::merge::{FieldVersion, Hlc, RecordKey, RecordState};
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::{
    Change, Mutation, Rejection, RejectionCode, SyncResponse, WhoAmI, MAX_MUTATIONS_PER_PUSH,
    PROTOCOL_VERSION,
};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

// ---- helpers ------------------------------------------------------------------------------

fn unique(test: &str) -> String {
    format!(
        "tsunagu-test-{test}-{:x}",
        (js_sys::Math::random() * 1e15) as u64
    )
}

async fn delete_database(name: &str) {
    within(
        10_000,
        Database::delete_by_name(name).expect("deleteDatabase"),
    )
    .await
    .expect("deleting the database is not blocked")
    .expect("deleteDatabase succeeds");
}

/// `Some(output)` if `work` finishes within `ms`, so a regression fails instead of hanging.
async fn within<F: Future>(ms: u32, work: F) -> Option<F::Output> {
    let (mut work, mut timer) = (pin!(work), pin!(TimeoutFuture::new(ms)));
    poll_fn(|cx| {
        if let Poll::Ready(output) = work.as_mut().poll(cx) {
            return Poll::Ready(Some(output));
        }
        timer.as_mut().poll(cx).map(|()| None)
    })
    .await
}

fn org() -> OrgCode {
    OrgCode::parse("032085").expect("遠野市's code is valid")
}

fn measure(id: &str) -> RecordKey {
    RecordKey::new(RecordKind::Measure, id)
}

fn field(id: &str, name: &str) -> FieldKey {
    FieldKey::new(RecordKind::Measure, id, name)
}

/// The change the server's log would hold for a mutation.
fn change_of(server_seq: u64, mutation: &Mutation) -> Change {
    Change {
        seq: server_seq,
        kind: mutation.kind,
        record_id: mutation.record_id.clone(),
        org: mutation.org.clone(),
        field: mutation.field.as_str().into(),
        version: FieldVersion {
            value: mutation.value.clone(),
            hlc: mutation.hlc.clone(),
            base: mutation.base.clone(),
            seen: mutation.seen.clone(),
            seq: mutation.seq,
            author: "遠野市 DX推進担当".into(),
        },
    }
}

/// A change written by another device.
fn foreign_change(server_seq: u64, id: &str, name: &str, value: Value, wall_ms: u64) -> Change {
    Change {
        seq: server_seq,
        kind: RecordKind::Measure,
        record_id: id.into(),
        org: org(),
        field: name.into(),
        version: FieldVersion {
            value,
            hlc: Hlc::new(wall_ms, 0, "device-b"),
            base: None,
            seen: Some(Default::default()),
            seq: server_seq,
            author: "遠野市 総務課".into(),
        },
    }
}

fn response(acked_through: u64, changes: Vec<Change>) -> SyncResponse {
    SyncResponse {
        protocol: PROTOCOL_VERSION,
        acked_through,
        cursor: changes.iter().map(|c| c.seq).max().unwrap_or(0),
        changes,
        has_more: false,
        server_time_ms: 1_763_780_000_000,
        rejected: Vec::new(),
        epoch: None,
        cursor_tag: None,
    }
}

/// Merges `response` (to a push of every pending write it acknowledges or refuses) into
/// `replica` and stores its effects with the settled queue, as the syncing tab does.
async fn sync(
    store: &LocalStore,
    replica: &mut ClientReplica,
    response: &SyncResponse,
) -> (SyncSaved, Vec<AppliedChange>) {
    let sent: Vec<u64> = replica
        .pending()
        .iter()
        .map(|m| m.seq)
        .filter(|&seq| {
            seq <= response.acked_through || response.rejected.iter().any(|r| r.seq == seq)
        })
        .collect();
    let effects = replica.apply_changes(&mut response.clone());
    let records: Vec<RecordState> = effects
        .changed_records
        .iter()
        .filter_map(|key| replica.record(key).cloned())
        .collect();
    let saved = store
        .save_sync(
            replica.client_id(),
            &sent,
            response,
            &effects.applied,
            &records,
            &replica.meta(),
            5_000,
        )
        .await
        .expect("save_sync");
    replica.set_queue(saved.queue.pending.clone(), &saved.meta);
    (saved, effects.applied)
}

/// Writes a field and stores the write as a tab does: shown as a draft, numbered by the
/// stored queue.
async fn write(
    store: &LocalStore,
    replica: &mut ClientReplica,
    key: &FieldKey,
    value: Value,
    now_ms: u64,
) -> Mutation {
    let before = replica.meta();
    let draft = replica.draft(&org(), key, value, now_ms);
    let stored = store
        .store_write(&draft, &before)
        .await
        .expect("store_write");
    replica.confirm(&draft.hlc, stored.clone());
    stored
}

fn restore(loaded: tsunagu_app::storage::Loaded) -> ClientReplica {
    ClientReplica::restore(
        loaded.meta.expect("a meta row was stored"),
        loaded.records,
        loaded.pending,
    )
}

fn assert_same_replica(restored: &ClientReplica, original: &ClientReplica) {
    assert_eq!(restored.synced_fields(), original.synced_fields());
    assert_eq!(restored.pending(), original.pending());
    assert_eq!(restored.meta(), original.meta());
}

fn connection() -> Connection {
    Connection {
        url: "http://127.0.0.1:8787".into(),
        token: "tsu_03_abc_secret".into(),
        who: Some(WhoAmI {
            org: org(),
            role: Role::Editor,
            label: "遠野市 DX推進担当".into(),
            prefecture: OrgCode::parse("030007").expect("岩手県's code is valid"),
        }),
    }
}

// ---- tests --------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn a_v1_database_opens_upgraded_with_its_data() {
    let name = unique("upgrade");
    let mut replica = ClientReplica::new("device-a");
    let mut synced = RecordState::new(measure("m-1"), org());
    synced.merge(
        "title",
        foreign_change(1, "m-1", "title", json!("窓口のオンライン化"), 1_000).version,
    );

    // As the v1 app left it: records, pending and meta, and no history store.
    let old = LocalStore::open_at(&name, 1).await.expect("open at v1");
    assert_eq!(old.version(), 1);
    let mutation = write(
        &old,
        &mut replica,
        &field("m-1", "status"),
        json!("作業中"),
        2_000,
    )
    .await;
    old.write_batch(&[Write::Put {
        store: "records",
        key: Some(JsValue::from_str("measure/m-1")),
        value: JsValue::from_str(&serde_json::to_string(&synced).expect("json")),
    }])
    .await
    .expect("a v1 record row");
    assert!(
        old.history(&measure("m-1")).await.is_err(),
        "v1 has no history store"
    );
    old.close();

    let store = LocalStore::open_named(&name).await.expect("open upgrades");
    assert_eq!(store.version(), CURRENT_VERSION);
    let loaded = store.load().await.expect("load");
    assert_eq!(loaded.records, vec![synced]);
    assert_eq!(loaded.pending, vec![mutation.clone()]);
    assert_eq!(loaded.meta, Some(replica.meta()));

    assert_eq!(
        store.history(&measure("m-1")).await.expect("history"),
        vec![]
    );
    let (_, applied) = sync(
        &store,
        &mut replica,
        &response(1, vec![change_of(2, &mutation)]),
    )
    .await;
    assert_eq!(
        store.history(&measure("m-1")).await.expect("history"),
        applied
    );
    store.close();
    delete_database(&name).await;
}

#[wasm_bindgen_test]
async fn a_write_is_stored_with_its_meta() {
    let name = unique("write");
    let mut replica = ClientReplica::new("device-a");
    let store = LocalStore::open_named(&name).await.expect("open");
    let first = write(
        &store,
        &mut replica,
        &field("m-1", "title"),
        json!("電子申請"),
        1_000,
    )
    .await;
    let second = write(
        &store,
        &mut replica,
        &field("m-1", "status"),
        json!("作業中"),
        1_000,
    )
    .await;
    store.close();

    let store = LocalStore::open_named(&name).await.expect("reopen");
    let loaded = store.load().await.expect("load");
    assert_eq!(loaded.pending, vec![first, second]);
    let meta = loaded.meta.expect("meta stored with the write");
    assert_eq!(meta.next_seq, 3);
    assert_eq!(meta.clock, Hlc::new(1_000, 1, "device-a"));
    store.close();
    delete_database(&name).await;
}

#[wasm_bindgen_test]
async fn a_failing_save_leaves_nothing_written() {
    let name = unique("rollback");
    let mut replica = ClientReplica::new("device-a");
    let store = LocalStore::open_named(&name).await.expect("open");
    let kept = write(
        &store,
        &mut replica,
        &field("m-1", "title"),
        json!("電子申請"),
        1_000,
    )
    .await;
    let before = store.load().await.expect("load");

    // The path every save takes, failing after two good puts: an object is not a valid key.
    let mut next = replica.clone();
    let lost = next.write(&org(), &field("m-1", "status"), json!("完了"), 2_000);
    let error = store
        .write_batch(&[
            Write::Put {
                store: "pending",
                key: Some(JsValue::from_f64(lost.seq as f64)),
                value: JsValue::from_str(&serde_json::to_string(&lost).expect("json")),
            },
            Write::Put {
                store: "meta",
                key: Some(JsValue::from_str("replica")),
                value: JsValue::from_str(&serde_json::to_string(&next.meta()).expect("json")),
            },
            Write::Put {
                store: "records",
                key: Some(js_sys::Object::new().into()),
                value: JsValue::from_str("{}"),
            },
        ])
        .await
        .expect_err("an invalid key fails the save");
    assert!(
        matches!(&error, StorageError::Other { message, .. } if message.contains("DataError")),
        "{error}"
    );

    let after = store.load().await.expect("load");
    assert_eq!(
        after, before,
        "neither the pending row nor the meta row was written"
    );
    assert_eq!(after.pending, vec![kept]);

    // A history row without its key properties fails the same way, after a delete.
    let error = store
        .write_batch(&[
            Write::Delete {
                store: "pending",
                key: JsValue::from_f64(1.0),
            },
            Write::Put {
                store: "history",
                key: None,
                value: JsValue::from_str("not a row"),
            },
        ])
        .await
        .expect_err("a row without its key path fails the save");
    assert!(matches!(error, StorageError::Other { .. }), "{error}");
    assert_eq!(
        store.load().await.expect("load"),
        before,
        "the delete was rolled back"
    );
    store.close();
    delete_database(&name).await;
}

#[wasm_bindgen_test]
async fn save_sync_stores_what_restores_the_same_replica() {
    let name = unique("sync");
    let mut replica = ClientReplica::new("device-a");
    let store = LocalStore::open_named(&name).await.expect("open");
    let m1 = write(
        &store,
        &mut replica,
        &field("m-1", "title"),
        json!("電子申請"),
        1_000,
    )
    .await;
    let m2 = write(
        &store,
        &mut replica,
        &field("m-1", "status"),
        json!("作業中"),
        1_001,
    )
    .await;
    write(
        &store,
        &mut replica,
        &field("m-2", "title"),
        json!("窓口DX"),
        1_002,
    )
    .await;

    // The server acknowledges the first two, and another device wrote concurrently: its
    // earlier title loses and becomes a conflict.
    let first = response(
        2,
        vec![
            change_of(10, &m1),
            foreign_change(11, "m-1", "title", json!("オンライン申請"), 900),
            change_of(12, &m2),
            foreign_change(13, "m-3", "title", json!("庁内ネットワーク"), 1_500),
        ],
    );
    let (saved, _) = sync(&store, &mut replica, &first).await;
    assert_eq!(saved.queue.removed, vec![1, 2]);
    assert_eq!(replica.conflicts().len(), 1);
    let second = response(
        2,
        vec![foreign_change(14, "m-3", "status", json!("完了"), 1_600)],
    );
    sync(&store, &mut replica, &second).await;

    let loaded = store.load().await.expect("load");
    assert_eq!(
        loaded.pending.len(),
        1,
        "only the unacknowledged write is left"
    );
    assert_eq!(loaded.records.len(), 2);
    let restored = restore(loaded);
    assert_same_replica(&restored, &replica);
    assert_eq!(restored.conflicts(), replica.conflicts());
    assert_eq!(restored.cursor(), 14);
    store.close();
    delete_database(&name).await;
}

#[wasm_bindgen_test]
async fn history_lists_one_records_changes_oldest_first() {
    let name = unique("history");
    let mut replica = ClientReplica::new("device-a");
    let store = LocalStore::open_named(&name).await.expect("open");
    let changes = vec![
        foreign_change(3, "m-1", "title", json!("一"), 1_000),
        foreign_change(4, "m-2", "title", json!("別"), 1_001),
        foreign_change(5, "m-1", "title", json!("二"), 1_002),
        foreign_change(6, "m-1", "status", json!("作業中"), 1_003),
    ];
    sync(&store, &mut replica, &response(0, changes[..2].to_vec())).await;
    sync(&store, &mut replica, &response(0, changes[2..].to_vec())).await;

    let history = store.history(&measure("m-1")).await.expect("history");
    let seqs: Vec<u64> = history.iter().map(|c| c.server_seq).collect();
    assert_eq!(seqs, vec![3, 5, 6]);
    assert_eq!(history[1].previous, Some(json!("一")));
    assert!(history[1].won);
    assert_eq!(history[0].key, field("m-1", "title"));
    assert_eq!(
        store.history(&measure("m-2")).await.expect("history").len(),
        1
    );
    assert_eq!(
        store.history(&measure("none")).await.expect("history"),
        vec![]
    );

    // Storing the same effects again (a retried save) does not duplicate rows.
    let mut again = ClientReplica::new("device-a");
    let effects = again.apply_response(&mut response(0, changes.clone()));
    store
        .save_sync(
            replica.client_id(),
            &[],
            &response(0, changes.clone()),
            &effects.applied,
            &[],
            &replica.meta(),
            0,
        )
        .await
        .expect("save_sync");
    assert_eq!(
        store.history(&measure("m-1")).await.expect("history").len(),
        3
    );
    store.close();
    delete_database(&name).await;
}

#[wasm_bindgen_test]
async fn a_database_of_a_newer_app_is_refused_in_words() {
    let name = unique("newer");
    let newer = Database::open(name.as_str())
        .with_version(CURRENT_VERSION + 1)
        .await
        .expect("a newer app's database");
    newer.close();

    let error = LocalStore::open_named(&name)
        .await
        .expect_err("a newer schema is refused");
    assert_eq!(
        error,
        StorageError::NewerVersion {
            name: name.clone(),
            found: CURRENT_VERSION + 1,
            supported: CURRENT_VERSION,
        }
    );
    assert!(
        error.to_string().contains("newer version of the app"),
        "{error}"
    );
    delete_database(&name).await;
}

#[wasm_bindgen_test]
async fn an_upgrade_blocked_by_another_tab_is_reported_then_completes_later() {
    let name = unique("blocked");
    let mut replica = ClientReplica::new("device-a");
    let old = LocalStore::open_at(&name, 1).await.expect("open at v1");
    let mutation = write(
        &old,
        &mut replica,
        &field("m-1", "title"),
        json!("電子申請"),
        1_000,
    )
    .await;
    old.close();

    // An older app in another tab that never closes on `versionchange`.
    let other_tab = Database::open(name.as_str()).await.expect("the other tab");
    let error = within(10_000, LocalStore::open_named(&name))
        .await
        .expect("a blocked open answers instead of hanging")
        .expect_err("the upgrade is blocked");
    assert_eq!(error, StorageError::UpgradeBlocked { name: name.clone() });
    assert!(error.to_string().contains("another tab"), "{error}");

    // Once the other tab is gone, the upgrade runs whole (the abandoned one did not half-run).
    other_tab.close();
    let store = LocalStore::open_named(&name)
        .await
        .expect("open after the tab closed");
    assert_eq!(store.version(), CURRENT_VERSION);
    assert_eq!(store.load().await.expect("load").pending, vec![mutation]);
    assert_eq!(
        store.history(&measure("m-1")).await.expect("history"),
        vec![]
    );
    store.close();
    delete_database(&name).await;
}

#[wasm_bindgen_test]
async fn an_open_store_steps_aside_for_another_tabs_upgrade() {
    let name = unique("versionchange");
    let store = LocalStore::open_named(&name).await.expect("open");

    let newer = within(
        10_000,
        Database::open(name.as_str())
            .with_version(CURRENT_VERSION + 1)
            .into_future(),
    )
    .await
    .expect("the other tab's upgrade is not blocked by this one")
    .expect("upgrade");
    assert_eq!(
        store.load().await.expect_err("closed"),
        StorageError::Closed
    );
    newer.close();
    store.close();
    delete_database(&name).await;
}

#[wasm_bindgen_test]
async fn the_connection_round_trips_and_clears_alone() {
    let name = unique("connection");
    let mut replica = ClientReplica::new("device-a");
    let store = LocalStore::open_named(&name).await.expect("open");
    assert_eq!(store.load().await.expect("load").connection, None);
    write(
        &store,
        &mut replica,
        &field("m-1", "title"),
        json!("電子申請"),
        1_000,
    )
    .await;

    store.save_connection(&connection()).await.expect("save");
    assert_eq!(
        store.load().await.expect("load").connection,
        Some(connection())
    );
    let anonymous = Connection {
        who: None,
        ..connection()
    };
    store.save_connection(&anonymous).await.expect("replace");
    assert_eq!(
        store.load().await.expect("load").connection,
        Some(anonymous)
    );

    store.clear_connection().await.expect("clear");
    let loaded = store.load().await.expect("load");
    assert_eq!(loaded.connection, None);
    assert_eq!(
        loaded.meta,
        Some(replica.meta()),
        "the replica is untouched"
    );
    assert_eq!(loaded.pending.len(), 1);
    store.close();
    delete_database(&name).await;
}

#[wasm_bindgen_test]
async fn the_last_sync_time_survives_reopening_and_goes_with_clear_all() {
    let name = unique("last-sync");
    let store = LocalStore::open_named(&name).await.expect("open");
    assert_eq!(store.load().await.expect("load").last_sync_ms, None);
    store.save_last_sync(1_700_000_000_000).await.expect("save");
    store
        .save_last_sync(1_700_000_060_000)
        .await
        .expect("replace");
    store.close();

    let store = LocalStore::open_named(&name).await.expect("reopen");
    assert_eq!(
        store.load().await.expect("load").last_sync_ms,
        Some(1_700_000_060_000)
    );
    store
        .clear_connection()
        .await
        .expect("clear the connection");
    assert_eq!(
        store.load().await.expect("load").last_sync_ms,
        Some(1_700_000_060_000),
        "signing out keeps the replica and its last sync"
    );
    store.clear_all().await.expect("clear_all");
    assert_eq!(store.load().await.expect("load").last_sync_ms, None);
    store.close();
    delete_database(&name).await;
}

#[wasm_bindgen_test]
async fn clear_all_deletes_everything() {
    let name = unique("clear");
    let mut replica = ClientReplica::new("device-a");
    let store = LocalStore::open_named(&name).await.expect("open");
    let m1 = write(
        &store,
        &mut replica,
        &field("m-1", "title"),
        json!("電子申請"),
        1_000,
    )
    .await;
    sync(&store, &mut replica, &response(0, vec![change_of(1, &m1)])).await;
    store.save_connection(&connection()).await.expect("save");
    store.save_last_sync(1_700_000_000_000).await.expect("save");

    store.clear_all().await.expect("clear_all");
    assert_eq!(store.load().await.expect("load"), Default::default());
    assert_eq!(
        store.history(&measure("m-1")).await.expect("history"),
        vec![]
    );
    store.close();
    delete_database(&name).await;
}

#[wasm_bindgen_test]
async fn data_survives_closing_and_reopening() {
    let name = unique("reopen");
    let mut replica = ClientReplica::new("device-a");
    let store = LocalStore::open_named(&name).await.expect("open");
    let m1 = write(
        &store,
        &mut replica,
        &field("m-1", "title"),
        json!("電子申請"),
        1_000,
    )
    .await;
    sync(&store, &mut replica, &response(1, vec![change_of(1, &m1)])).await;
    write(
        &store,
        &mut replica,
        &field("m-1", "status"),
        json!("作業中"),
        2_000,
    )
    .await;
    store.save_connection(&connection()).await.expect("save");
    let before = store.load().await.expect("load");
    let history = store.history(&measure("m-1")).await.expect("history");
    store.close();

    let store = LocalStore::open_named(&name).await.expect("reopen");
    let after = store.load().await.expect("load");
    assert_eq!(after, before);
    assert_eq!(
        store.history(&measure("m-1")).await.expect("history"),
        history
    );
    assert_eq!(history.len(), 1);
    assert_same_replica(&restore(after), &replica);
    store.close();
    delete_database(&name).await;
}

#[wasm_bindgen_test]
async fn a_plan_of_300_measures_loads_in_bulk() {
    let name = unique("bulk");
    let mut replica = ClientReplica::new("device-a");
    let store = LocalStore::open_named(&name).await.expect("open");
    let names = [
        "title",
        "summary",
        "status",
        "owner_department",
        "start_fy",
        "end_fy",
        "budget_yen",
        "taxonomy_area",
        "pillar",
        "kpi_ids",
        "note",
        "priority",
    ];
    let changes: Vec<Change> = (0..300)
        .flat_map(|m| {
            names.iter().enumerate().map(move |(f, name)| {
                let seq = (m * names.len() + f + 1) as u64;
                let value = json!(format!(
                    "施策{m}の{name}: 行政手続のオンライン化を進め、住民の利便性を高める"
                ));
                foreign_change(seq, &format!("m-{m:03}"), name, value, 1_000 + seq)
            })
        })
        .collect();
    sync(&store, &mut replica, &response(0, changes)).await;
    store.close();

    let store = LocalStore::open_named(&name).await.expect("reopen");
    let started = js_sys::Date::now();
    let loaded = store.load().await.expect("load");
    let elapsed_ms = js_sys::Date::now() - started;
    assert_eq!(loaded.records.len(), 300);
    assert_same_replica(&restore(loaded), &replica);
    console_log!("load() of 300 measures: {elapsed_ms} ms");
    // Generous (tests run unoptimised on a shared machine): it catches a row-by-row read, not
    // a few milliseconds; release timings are measured separately.
    assert!(elapsed_ms < 500.0, "load() took {elapsed_ms} ms");
    store.close();
    delete_database(&name).await;
}

#[wasm_bindgen_test]
async fn a_v2_database_upgrades_to_dashboard_summaries_that_save_and_replace() {
    use tsunagu_core::dashboard::OrgSummary;
    use tsunagu_core::dashboard::{DashboardData, SummaryRow};
    use tsunagu_core::domain::{Measure, Status};
    use tsunagu_core::org::{OrgKind, Organisation};

    let name = unique("summaries");
    let old = LocalStore::open_at(&name, 2).await.expect("open at v2");
    let connection = Connection {
        url: "http://127.0.0.1:8787".into(),
        token: "tsu_03_abc_def".into(),
        who: None,
    };
    old.save_connection(&connection)
        .await
        .expect("v2 connection row");
    old.close();

    let store = LocalStore::open_named(&name)
        .await
        .expect("v2 opens upgraded");
    assert_eq!(store.version(), CURRENT_VERSION);
    assert_eq!(
        store.load_connection().await.expect("read"),
        Some(connection)
    );
    let empty: Vec<SummaryRow> = store.load_summaries().await.expect("empty store");
    assert!(
        empty.is_empty(),
        "an upgraded database starts with no summaries"
    );

    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");
    let row = |code: &str, name: &str, done: bool| {
        let org = Organisation {
            code: OrgCode::parse(code).expect("valid"),
            kind: OrgKind::Municipality,
            name: name.into(),
            kana: String::new(),
            population: None,
        };
        let measure = Measure {
            status: if done {
                Status::Done
            } else {
                Status::InProgress
            },
            area: Some("online".into()),
            ..Measure::new("plan", "電子申請")
        };
        let summary = OrgSummary::from_measures(&org.code, &[measure], today);
        (code.to_owned(), SummaryRow::Org { org, summary })
    };
    store
        .save_summaries(
            &[
                row("032085", "遠野市", false),
                row("032018", "盛岡市", true),
            ],
            &[],
            true,
        )
        .await
        .expect("first save");
    // Replacing everything drops rows that are not written again.
    store
        .save_summaries(&[row("032085", "遠野市", true)], &[], true)
        .await
        .expect("replacing save");
    let data = DashboardData::from_rows(store.load_summaries().await.expect("read back"));
    assert_eq!(data.orgs.len(), 1);
    let tono = &data.summaries[&org()];
    assert_eq!(tono.total(false).completion_rate(), Some(1.0));
    // A partial save adds and removes rows, keeping the others.
    store
        .save_summaries(
            &[row("032018", "盛岡市", false)],
            &["032085".to_owned()],
            false,
        )
        .await
        .expect("partial save");
    let data = DashboardData::from_rows(store.load_summaries().await.expect("read back"));
    let codes: Vec<&str> = data.orgs.iter().map(|o| o.code.as_str()).collect();
    assert_eq!(codes, ["032018"]);
    store.close();
    delete_database(&name).await;
}

#[wasm_bindgen_test]
async fn a_v3_database_upgrades_to_snapshot_pages_that_later_records_supersede() {
    use tsunagu_core::protocol::SnapshotResponse;

    let name = unique("snapshot");
    // A v3 device that had synced from the log: its record and meta survive the upgrade.
    let old = LocalStore::open_at(&name, 3).await.expect("open at v3");
    let mut old_replica = ClientReplica::new("device-v3");
    sync(
        &old,
        &mut old_replica,
        &response(
            0,
            vec![foreign_change(1, "m-old", "title", json!("旧"), 1_000)],
        ),
    )
    .await;
    old.close();
    let store = LocalStore::open_named(&name)
        .await
        .expect("v3 opens upgraded");
    assert_eq!(store.version(), CURRENT_VERSION);
    assert_same_replica(&restore(store.load().await.expect("load")), &old_replica);
    store.clear_all().await.expect("clear");

    // A new device's first sync: two pages, the second taken in twice.
    let record = |id: &str, title: &str, wall_ms: u64| {
        let mut state = RecordState::new(measure(id), org());
        state.merge(
            "title",
            foreign_change(1, id, "title", json!(title), wall_ms).version,
        );
        state
    };
    let pages = [
        SnapshotResponse {
            protocol: PROTOCOL_VERSION,
            as_of: 40,
            records: vec![record("m-1", "一", 1_000), record("m-2", "二", 1_000)],
            next: Some(measure("m-2")),
            after_next: None,
            epoch: None,
            as_of_tag: None,
        },
        SnapshotResponse {
            protocol: PROTOCOL_VERSION,
            as_of: 45,
            records: vec![record("m-3", "三", 1_000)],
            next: None,
            after_next: None,
            epoch: None,
            as_of_tag: None,
        },
    ];
    let mut replica = ClientReplica::new("device-new");
    let second = pages[0].next.as_ref();
    for (after, page) in [(None, &pages[0]), (second, &pages[1]), (second, &pages[1])] {
        // Stored as the app does: the response's JSON as it arrived, decoded while it is written.
        let json = serde_json::to_vec(page).expect("json");
        store
            .save_snapshot_page(after, &json, || {
                let page: SnapshotResponse = serde_json::from_slice(&json).expect("decodes");
                replica.apply_snapshot(page);
                Ok::<_, StorageError>((Vec::new(), replica.meta()))
            })
            .await
            .expect("save a page");
    }
    assert_eq!(
        replica.cursor(),
        40,
        "the log is pulled from the first page's position"
    );
    let restored = restore(store.load().await.expect("load"));
    assert_same_replica(&restored, &replica);
    assert_eq!(
        restored.snapshot_request(None),
        None,
        "the bootstrap is done"
    );

    // A later change to a snapshot record is stored in `records` and wins on the next load.
    sync(
        &store,
        &mut replica,
        &response(
            0,
            vec![foreign_change(41, "m-2", "title", json!("二・改"), 9_000)],
        ),
    )
    .await;
    let restored = restore(store.load().await.expect("load again"));
    assert_same_replica(&restored, &replica);
    assert_eq!(
        restored.value(&field("m-2", "title")),
        Some(&json!("二・改"))
    );

    // A page an earlier version of the app stored (its JSON text, records as named objects)
    // still loads.
    let legacy = json!({"protocol": 1, "as_of": 50, "records": [record("m-9", "九", 1_000)]});
    store
        .write_batch(&[Write::Put {
            store: "snapshot",
            key: Some(JsValue::from_str("measure/m-9")),
            value: JsValue::from_str(&legacy.to_string()),
        }])
        .await
        .expect("a text row");
    let before = store.load().await.expect("load with a text row");
    assert_eq!(
        restore(before.clone()).value(&field("m-9", "title")),
        Some(&json!("九"))
    );

    // A page whose merge fails stores nothing, not even its row (which would not decode).
    let refused = store
        .save_snapshot_page(Some(&measure("m-9")), b"{\"records\": [", || {
            Err(StorageError::Corrupt("the page does not decode".into()))
        })
        .await;
    assert!(refused.is_err());
    assert_eq!(store.load().await.expect("load after"), before);
    store.close();
    delete_database(&name).await;
}

/// Rows the app of protocol 1 wrote (issue 27): versions and queued writes without `seen`, a
/// field state with `max_base` and no `covered`. They load, mean what they meant, and the
/// queued write goes out as it was stored (the server reads its `base` as that app meant it).
#[wasm_bindgen_test]
async fn rows_written_before_seen_still_load_and_mean_what_they_meant() {
    let name = unique("before-seen");
    let store = LocalStore::open_named(&name).await.expect("open");
    let hlc = |wall: u64, replica: &str| json!({"wall_ms": wall, "counter": 0, "replica": replica});
    let version = |value: &str, wall: u64, replica: &str, seq: u64, base: Value| json!({"value": value, "hlc": hlc(wall, replica), "base": base, "seq": seq, "author": replica});
    // Y wrote B, then C having seen B; X's A at 1 was taken for seen by the old engine.
    let record = json!({
        "key": {"kind": "measure", "id": "m-1"}, "org": "032085",
        "fields": {"title": {
            "winner": version("C", 6, "device-y", 2, hlc(5, "device-y")),
            "max_base": hlc(5, "device-y")
        }}
    });
    let queued = json!({
        "seq": 1, "kind": "measure", "record_id": "m-1", "org": "032085", "field": "notes",
        "value": "メモ", "hlc": hlc(7, "device-a"), "base": null
    });
    store
        .write_batch(&[
            Write::Put {
                store: "records",
                key: Some(JsValue::from_str("measure/m-1")),
                value: JsValue::from_str(&record.to_string()),
            },
            Write::Put {
                store: "pending",
                key: Some(JsValue::from_f64(1.0)),
                value: JsValue::from_str(&queued.to_string()),
            },
            Write::Put {
                store: "meta",
                key: Some(JsValue::from_str("replica")),
                value: JsValue::from_str(
                    &serde_json::to_string(&ClientReplica::new("device-a").meta()).expect("json"),
                ),
            },
        ])
        .await
        .expect("rows as the old app wrote them");
    let loaded = store.load().await.expect("load");
    assert_eq!(loaded.pending.len(), 1);
    assert_eq!(loaded.pending[0].seen, None, "a legacy write stays one");
    let mut replica = restore(loaded);
    let title = field("m-1", "title");
    let state = replica.field_state(&title).expect("the record").clone();
    assert_eq!(state.winner.seen, None);
    // The old app's A comes again: still settled, as the old engine had judged it.
    let mut again = state.clone();
    again.merge(FieldVersion {
        value: json!("A"),
        hlc: Hlc::new(1, 0, "device-x"),
        base: None,
        seen: None,
        seq: 1,
        author: "device-x".into(),
    });
    assert!(again.conflicts().is_empty());
    // A new write on top of it says what it saw.
    let written = replica.write(&org(), &title, json!("D"), 10);
    assert_eq!(
        written.seen.map(|s| s.get("device-y")),
        Some(2),
        "the write saw Y's C"
    );
    store.close();
    delete_database(&name).await;
}

// ---- one device, many tabs ----------------------------------------------------------------

/// Two tabs restored from the same stored state, as two tabs of one profile open.
async fn two_tabs(name: &str) -> ((LocalStore, ClientReplica), (LocalStore, ClientReplica)) {
    let first = LocalStore::open_named(name).await.expect("open");
    let mut seed = ClientReplica::new("device-a");
    write(
        &first,
        &mut seed,
        &field("m-0", "title"),
        json!("初期"),
        500,
    )
    .await;
    let second = LocalStore::open_named(name).await.expect("open again");
    let loaded = second.load().await.expect("load");
    let tab_b = restore(loaded);
    ((first, seed), (second, tab_b))
}

#[wasm_bindgen_test]
async fn two_tabs_writing_at_once_never_share_a_number_or_a_timestamp() {
    let name = unique("tabs");
    let ((store_a, mut tab_a), (store_b, mut tab_b)) = two_tabs(&name).await;
    // Both tabs hold the same next number and clock; both write in the same millisecond.
    let draft_a = tab_a.draft(&org(), &field("m-1", "title"), json!("タブ1"), 2_000);
    let draft_b = tab_b.draft(&org(), &field("m-2", "title"), json!("タブ2"), 2_000);
    assert_eq!(draft_a.hlc.wall_ms, draft_b.hlc.wall_ms);
    let (a, b) = futures::future::join(
        store_a.store_write(&draft_a, &tab_a.meta()),
        store_b.store_write(&draft_b, &tab_b.meta()),
    )
    .await;
    let (a, b) = (a.expect("tab 1 stored"), b.expect("tab 2 stored"));
    assert_ne!(a.seq, b.seq, "one number each");
    assert_ne!(a.hlc, b.hlc, "one timestamp each");
    let loaded = store_a.load().await.expect("load");
    let values: Vec<Value> = loaded.pending.iter().map(|m| m.value.clone()).collect();
    assert_eq!(values, vec![json!("初期"), json!("タブ1"), json!("タブ2")]);
    assert_eq!(loaded.meta.expect("meta").next_seq, 4);
    store_a.close();
    store_b.close();
    delete_database(&name).await;
}

#[wasm_bindgen_test]
async fn a_sync_stored_by_one_tab_keeps_the_write_another_tab_stored_meanwhile() {
    let name = unique("tabs-sync");
    let ((store_a, mut leader), (store_b, mut other)) = two_tabs(&name).await;
    // The leader pushes its one write; meanwhile the other tab stores a write of its own.
    let pushed: Vec<u64> = leader.pending().iter().map(|m| m.seq).collect();
    let theirs = write(
        &store_b,
        &mut other,
        &field("m-9", "title"),
        json!("別タブ"),
        3_000,
    )
    .await;
    let saved = {
        let effects = leader.apply_changes(&mut response(1, vec![]));
        store_a
            .save_sync(
                leader.client_id(),
                &pushed,
                &response(1, vec![]),
                &effects.applied,
                &[],
                &leader.meta(),
                0,
            )
            .await
            .expect("save_sync")
    };
    assert_eq!(saved.queue.pending, vec![theirs.clone()]);
    assert_eq!(
        saved.meta.next_seq, 3,
        "the other tab's number is not given again"
    );
    // The stored queue, read to settle the push, brings the other tab's write to the leader.
    leader.set_queue(saved.queue.pending, &saved.meta);
    assert_eq!(leader.pending(), [theirs.clone()].as_slice());
    let next = write(
        &store_a,
        &mut leader,
        &field("m-1", "status"),
        json!("完了"),
        4_000,
    )
    .await;
    assert_eq!(next.seq, 3);
    let loaded = store_a.load().await.expect("load");
    let seqs: Vec<u64> = loaded.pending.iter().map(|m| m.seq).collect();
    assert_eq!(seqs, vec![2, 3]);
    store_a.close();
    store_b.close();
    delete_database(&name).await;
}

#[wasm_bindgen_test]
async fn a_refused_write_is_kept_until_discarded_and_a_reused_number_is_renumbered() {
    let name = unique("refused");
    let store = LocalStore::open_named(&name).await.expect("open");
    let mut replica = ClientReplica::new("device-a");
    let bad = write(
        &store,
        &mut replica,
        &field("m-1", "percent"),
        json!(101),
        1_000,
    )
    .await;
    let reused = write(
        &store,
        &mut replica,
        &field("m-2", "title"),
        json!("二"),
        1_001,
    )
    .await;
    let mut answer = response(2, vec![]);
    answer.rejected = vec![
        Rejection::new(
            bad.seq,
            RejectionCode::ValidationFailed,
            "value: percent must be 0 to 100",
        ),
        Rejection::new(reused.seq, RejectionCode::SequenceReused, "used"),
    ];
    let (saved, _) = sync(&store, &mut replica, &answer).await;
    assert!(saved.queue.renumbered);
    let refused = store.load_refused().await.expect("refused");
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].mutation, bad);
    assert_eq!(refused[0].rejection.code, RejectionCode::ValidationFailed);
    // The reused write waits under a number after the server's.
    let loaded = store.load().await.expect("load");
    assert_eq!(loaded.pending.len(), 1);
    assert_eq!(loaded.pending[0].seq, 3);
    assert_eq!(loaded.pending[0].value, json!("二"));
    assert_eq!(replica.pending(), loaded.pending.as_slice());
    // Reopened, the refused write is still there; discarded, it is gone.
    store.close();
    let store = LocalStore::open_named(&name).await.expect("reopen");
    let refused = store.load_refused().await.expect("refused");
    assert_eq!(refused.len(), 1);
    store
        .discard_refused(&[refused[0].key()])
        .await
        .expect("discard");
    assert!(store.load_refused().await.expect("refused").is_empty());
    store.close();
    delete_database(&name).await;
}

#[wasm_bindgen_test]
async fn starting_over_keeps_the_queue_adds_the_writes_to_send_again_and_forgets_the_rest() {
    let name = unique("start-over");
    let mut replica = ClientReplica::new("device-a");
    let store = LocalStore::open_named(&name).await.expect("open");
    let sent = write(
        &store,
        &mut replica,
        &field("m-1", "title"),
        json!("書かない窓口"),
        1_000,
    )
    .await;
    let mut synced = response(
        1,
        vec![
            change_of(10, &sent),
            foreign_change(11, "m-2", "title", json!("オンライン申請"), 900),
        ],
    );
    synced.epoch = Some("epoch-1".into());
    synced.cursor_tag = Some("tag-11".into());
    sync(&store, &mut replica, &synced).await;
    let unsent = write(
        &store,
        &mut replica,
        &field("m-2", "status"),
        json!("作業中"),
        1_100,
    )
    .await;
    assert_eq!(store.load().await.expect("load").records.len(), 2);

    // The store was replaced: the device's own winning write goes out again after the
    // unsent one, and everything it pulled is forgotten, in one transaction.
    let again = replica.own_winning_writes();
    assert_eq!(again.len(), 1, "the title this device wrote");
    let (pending, meta) = store
        .start_over(&replica.meta(), again)
        .await
        .expect("start over");
    replica.forget_synced();
    replica.set_queue(pending.clone(), &meta);
    assert_eq!(pending.len(), 2);
    assert_eq!(
        pending[0], unsent,
        "the unsent write keeps its place and number"
    );
    assert_eq!(pending[1].seq, unsent.seq + 1);
    assert_eq!(
        pending[1].hlc, sent.hlc,
        "sent again with its own timestamp"
    );
    assert_eq!(pending[1].value, json!("書かない窓口"));
    assert_eq!(
        (meta.cursor, meta.epoch.clone(), meta.cursor_tag.clone()),
        (0, None, None)
    );

    let loaded = store.load().await.expect("load");
    assert!(
        loaded.records.is_empty(),
        "the pulled records are forgotten"
    );
    assert_eq!(loaded.pending, pending);
    assert!(store
        .history(&measure("m-2"))
        .await
        .expect("history")
        .is_empty());
    let restored = restore(loaded);
    assert_same_replica(&restored, &replica);
    assert!(
        restored.snapshot_request(None).is_some(),
        "a fresh snapshot comes next"
    );
    store.close();
    delete_database(&name).await;
}

#[wasm_bindgen_test]
async fn an_import_is_kept_as_written_replaced_after_undo_and_cleared_with_the_rest() {
    let name = unique("imports");
    let store = LocalStore::open_named(&name).await.expect("open");
    assert!(store.load_imports().await.expect("imports").is_empty());
    let first = r#"{"id":"032085-import-1","file":"計画.xlsx","undone_at_ms":null}"#;
    let second = r#"{"id":"032085-import-2","file":"plan.csv","undone_at_ms":null}"#;
    store
        .save_import("032085-import-2", second)
        .await
        .expect("save");
    store
        .save_import("032085-import-1", first)
        .await
        .expect("save");
    assert_eq!(
        store.load_imports().await.expect("imports"),
        [first, second],
        "in id order, the text as written"
    );
    // Undone: the entry is written again under its id.
    let undone = first.replace("null", "1765000000000");
    store
        .save_import("032085-import-1", &undone)
        .await
        .expect("replace");
    store.close();
    let store = LocalStore::open_named(&name).await.expect("reopen");
    assert_eq!(
        store.load_imports().await.expect("imports"),
        [undone.as_str(), second]
    );
    // Connecting elsewhere clears every store, the imports too.
    store.clear_all().await.expect("clear");
    assert!(store.load_imports().await.expect("imports").is_empty());
    store.close();
    delete_database(&name).await;
}

// ---- A batch of writes: one transaction ---------------------------------------------------

#[wasm_bindgen_test]
async fn a_batch_is_numbered_after_another_tabs_write_and_stored_whole() {
    let name = unique("batch");
    let ((store_a, mut tab_a), (store_b, mut tab_b)) = two_tabs(&name).await;
    // Tab 1 stores a write tab 2 has not seen; tab 2 then stores a batch from its stale meta.
    let single = write(
        &store_a,
        &mut tab_a,
        &field("m-1", "title"),
        json!("タブ1"),
        2_000,
    )
    .await;
    let edits: Vec<Edit> = (0..3)
        .map(|n| {
            Edit::Write(
                field(&format!("m-{}", n + 2), "title"),
                json!(format!("取込{n}")),
            )
        })
        .collect();
    let stale = tab_b.meta();
    let drafts = tab_b.draft_batch(&org(), edits, 2_000);
    let stored = store_b
        .store_writes(drafts.clone(), &stale)
        .await
        .expect("the batch is stored");
    let numbers: Vec<u64> = stored.iter().map(|m| m.seq).collect();
    assert_eq!(
        numbers,
        vec![single.seq + 1, single.seq + 2, single.seq + 3]
    );
    assert!(
        stored.iter().all(|m| m.hlc > single.hlc),
        "timestamps after tab 1's"
    );
    tab_b.confirm_stamped(&batch_stamps(&drafts), stored.clone());
    let loaded = store_a.load().await.expect("load");
    let values: Vec<Value> = loaded.pending.iter().map(|m| m.value.clone()).collect();
    assert_eq!(
        values,
        vec![
            json!("初期"),
            json!("タブ1"),
            json!("取込0"),
            json!("取込1"),
            json!("取込2")
        ]
    );
    assert_eq!(loaded.meta.expect("meta").next_seq, single.seq + 4);
    store_a.close();
    store_b.close();
    delete_database(&name).await;
}

#[wasm_bindgen_test]
async fn a_batch_that_cannot_be_stored_leaves_nothing_of_it() {
    let name = unique("batch-refused");
    let mut tab = ClientReplica::new("device-a");
    let store = LocalStore::open_named(&name).await.expect("open");
    write(
        &store,
        &mut tab,
        &field("m-1", "title"),
        json!("電子申請"),
        1_000,
    )
    .await;
    let (before, good_meta) = store.read_queue().await.expect("read");
    let meta_row = |text: String| Write::Put {
        store: "meta",
        key: Some(JsValue::from_str("replica")),
        value: JsValue::from_str(&text),
    };
    // The stored meta row is damaged: the batch's transaction reads it first and gives up.
    store
        .write_batch(&[meta_row("not a meta row".into())])
        .await
        .expect("damage the meta row");
    let edits: Vec<Edit> = (0..50)
        .map(|n| Edit::Write(field(&format!("m-{n}"), "status"), json!("完了")))
        .collect();
    let meta = tab.meta();
    let drafts = tab.draft_batch(&org(), edits, 2_000);
    store
        .store_writes(drafts.clone(), &meta)
        .await
        .expect_err("a damaged meta row refuses the batch");
    tab.drop_stamped(&batch_stamps(&drafts));
    let good = serde_json::to_string(&good_meta.expect("meta stored")).expect("json");
    store
        .write_batch(&[meta_row(good)])
        .await
        .expect("repair the meta row");
    let (after, _) = store.read_queue().await.expect("read");
    assert_eq!(after, before, "not one write of the batch was stored");
    assert_eq!(
        tab.views(RecordKind::Measure).len(),
        1,
        "nothing of it shown"
    );
    store.close();
    delete_database(&name).await;
}

#[wasm_bindgen_test]
async fn a_batch_of_ten_thousand_new_measures_is_stored_in_one_transaction() {
    let name = unique("batch-large");
    let mut tab = ClientReplica::new("device-a");
    let store = LocalStore::open_named(&name).await.expect("open");
    let edits: Vec<Edit> = (0..10_000)
        .flat_map(|n| {
            [
                "plan_id",
                "title",
                "area",
                "department",
                "status",
                "percent",
                "deadline",
                "notes",
            ]
            .map(|name| Edit::Write(field(&format!("m-{n:05}"), name), json!(n)))
        })
        .collect();
    let started = js_sys::Date::now();
    let meta = tab.meta();
    let drafts = tab.draft_batch(&org(), edits, 1_000);
    let drafted = js_sys::Date::now();
    let stored = store
        .store_writes(drafts.clone(), &meta)
        .await
        .expect("stored");
    let written = js_sys::Date::now();
    tab.confirm_stamped(&batch_stamps(&drafts), stored);
    assert_eq!(tab.views(RecordKind::Measure).len(), 10_000);
    let shown = js_sys::Date::now();
    console_log!(
        "80,000 writes: drafted {} ms, stored in one transaction {} ms, confirmed and every view built {} ms",
        drafted - started,
        written - drafted,
        shown - written
    );
    let loaded = store.load().await.expect("load");
    assert_eq!(loaded.pending.len(), 80_000);
    assert_eq!(restore(loaded).pending(), tab.pending());
    // A push's settlement reads the rows it touched, not the 80,000 writes.
    let pushed = js_sys::Date::now();
    let sent = push_all_acknowledged(&store, &mut tab, 0).await;
    console_log!(
        "settling a push of {} of 80,000 queued writes: {} ms",
        sent.len(),
        js_sys::Date::now() - pushed
    );
    assert_eq!(
        store.read_queue().await.expect("read").0.len(),
        80_000 - sent.len()
    );
    store.close();
    delete_database(&name).await;
}

// ---- the queue's rows (schema v7) --------------------------------------------------------

/// The push a leading tab sends next: its copy of the queue's oldest writes, as the sync
/// engine takes them; the server acknowledges them all. Returns what was acknowledged.
async fn push_all_acknowledged(
    store: &LocalStore,
    tab: &mut ClientReplica,
    acked_through: u64,
) -> Vec<Mutation> {
    let sent = next_push(tab.pending(), MAX_MUTATIONS_PER_PUSH);
    let seqs: Vec<u64> = sent.iter().map(|m| m.seq).collect();
    assert!(
        seqs.iter()
            .copied()
            .eq(acked_through + 1..acked_through + 1 + seqs.len() as u64),
        "a push without a gap or a number taken twice: {seqs:?} after {acked_through}"
    );
    let answer = response(acked_through + seqs.len() as u64, vec![]);
    let saved = store
        .save_sync(tab.client_id(), &seqs, &answer, &[], &[], &tab.meta(), 0)
        .await
        .expect("save_sync");
    assert_eq!(saved.queue.removed, seqs, "every sent write settled once");
    // The stored queue after the settlement, with whatever another tab stored meanwhile.
    tab.set_queue(saved.queue.pending, &saved.meta);
    sent
}

#[wasm_bindgen_test]
async fn one_tab_imports_while_another_edits_and_syncs_and_nothing_is_lost_or_numbered_twice() {
    let name = unique("tabs-import");
    let ((store_a, mut importer), (store_b, mut leader)) = two_tabs(&name).await;
    let edits: Vec<Edit> = (0..1_200)
        .map(|n| Edit::Write(field(&format!("m-{n:04}"), "title"), json!(n)))
        .collect();
    let meta = importer.meta();
    let drafts = importer.draft_batch(&org(), edits, 2_000);
    // The import's transaction, the leader's edit and its first push's settlement at once.
    let first_push = leader.pending().to_vec();
    let first_answer = response(1, vec![]);
    let leader_meta = leader.meta();
    let leader_draft = leader.draft(&org(), &field("m-9", "status"), json!("完了"), 2_000);
    let (imported, edited, settled) = futures::future::join3(
        store_a.store_writes(drafts.clone(), &meta),
        store_b.store_write(&leader_draft, &leader_meta),
        store_b.save_sync(
            leader.client_id(),
            &[1],
            &first_answer,
            &[],
            &[],
            &leader.meta(),
            0,
        ),
    )
    .await;
    let imported = imported.expect("the import is stored");
    importer.confirm_stamped(&batch_stamps(&drafts), imported.clone());
    let edited = edited.expect("the edit is stored");
    leader.confirm(&leader_draft.hlc, edited.clone());
    let settled = settled.expect("the first push settles");
    assert_eq!(settled.queue.removed, vec![1]);
    let (pending, meta) = store_b.read_queue().await.expect("read the queue");
    leader.set_queue(pending, &meta.expect("meta"));

    // The leader pushes until nothing is left; the importing tab writes once more meanwhile.
    let mut acked = first_push;
    let mut later = None;
    while !leader.pending().is_empty() {
        let through = acked.last().map_or(0, |m| m.seq);
        acked.extend(push_all_acknowledged(&store_b, &mut leader, through).await);
        if later.is_none() {
            later = Some(
                write(
                    &store_a,
                    &mut importer,
                    &field("m-1", "notes"),
                    json!("後から"),
                    3_000,
                )
                .await,
            );
        }
    }
    assert!(
        store_b.load().await.expect("load").pending.is_empty(),
        "the stored queue is empty"
    );
    let mut expected: Vec<Mutation> = imported;
    expected.push(edited);
    expected.extend(later);
    let seqs: Vec<u64> = acked.iter().map(|m| m.seq).collect();
    assert!(
        seqs.iter().copied().eq(1..=seqs.len() as u64),
        "numbers 1, 2, 3 … each once"
    );
    let sent_stamps: std::collections::BTreeSet<_> = acked.iter().map(|m| m.hlc.clone()).collect();
    assert_eq!(sent_stamps.len(), acked.len(), "no write sent twice");
    for write in &expected {
        assert!(
            sent_stamps.contains(&write.hlc),
            "write {} was sent",
            write.seq
        );
    }
    assert_eq!(
        acked.len(),
        expected.len() + 1,
        "and the first tab's first write"
    );
    store_a.close();
    store_b.close();
    delete_database(&name).await;
}

#[wasm_bindgen_test]
async fn a_v6_queue_of_one_row_per_write_keeps_every_write_and_settles_at_v7() {
    let name = unique("v6-queue");
    let old = LocalStore::open_at(&name, 6).await.expect("open at v6");
    let mut tab = ClientReplica::new("device-a");
    let before = tab.meta();
    let writes: Vec<Mutation> = (0..5)
        .map(|n| {
            tab.write(
                &org(),
                &field(&format!("m-{n}"), "title"),
                json!(n),
                1_000 + n,
            )
        })
        .collect();
    // The rows as the app of v6 wrote them: one `Mutation` each, keyed by its number.
    let mut rows: Vec<Write> = writes
        .iter()
        .map(|m| Write::Put {
            store: "pending",
            key: Some(JsValue::from_f64(m.seq as f64)),
            value: JsValue::from_str(&serde_json::to_string(m).expect("json")),
        })
        .collect();
    let mut meta = before;
    meta.next_seq = 6;
    rows.push(Write::Put {
        store: "meta",
        key: Some(JsValue::from_str("replica")),
        value: JsValue::from_str(&serde_json::to_string(&meta).expect("json")),
    });
    old.write_batch(&rows).await.expect("the v6 rows");
    old.close();

    let store = LocalStore::open_named(&name).await.expect("open at v7");
    assert_eq!(store.version(), CURRENT_VERSION);
    let (pending, _) = store.read_queue().await.expect("read");
    assert_eq!(pending, writes, "every unsent write, as it was");
    assert_eq!(store.load().await.expect("load").pending, writes);
    // An older app's tab cannot open it and misread runs.
    let refused = LocalStore::open_at(&name, 6).await.expect_err("v6 refused");
    assert!(
        refused.to_string().contains("newer version of the app"),
        "{refused}"
    );
    // Settling legacy rows and adding a run works as on rows stored now.
    let mut restored = restore(store.load().await.expect("load"));
    sync(&store, &mut restored, &response(2, vec![])).await;
    write(
        &store,
        &mut restored,
        &field("m-9", "title"),
        json!("新"),
        2_000,
    )
    .await;
    let (pending, _) = store.read_queue().await.expect("read");
    let seqs: Vec<u64> = pending.iter().map(|m| m.seq).collect();
    assert_eq!(seqs, vec![3, 4, 5, 6]);
    assert_eq!(restored.pending(), pending.as_slice());
    store.close();
    delete_database(&name).await;
}
