//! Sync by file (issue 26): the file's format and signature, the relay's checks and ordering,
//! exactly once, and the return file taken in by the offline device's replica.

use serde_json::json;
use tsunagu_core::access::{hash_secret, Principal, Role};
use tsunagu_core::client::{ClientReplica, FieldKey};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::{ErrorCode, Mutation};
use tsunagu_core::server::{handle_sync, relay_file, MemoryStore};
use tsunagu_core::sync_file::{
    check_outbound, check_return, device_key, file_key, outbound_header, FileError, FileKind,
    FileOrigin, OutboundBody, SyncFile, MAX_FILE_BYTES,
};

const NOW: u64 = 1_795_000_000_000;
const SECRET: &str = "abcdefghijklmnopqrstuvwx12345678";
const TOKEN: &str = "tsu_03_tonodev1_abcdefghijklmnopqrstuvwx12345678";

fn tono() -> OrgCode {
    OrgCode::parse("032085").expect("Tono")
}

fn device() -> Principal {
    Principal {
        token_id: "tonodev1".into(),
        org: tono(),
        role: Role::Editor,
        label: "遠野市 DX推進担当".into(),
    }
}

fn origin(revoked: bool) -> FileOrigin {
    FileOrigin {
        token_id: "tonodev1".into(),
        org: tono(),
        label: "遠野市 DX推進担当".into(),
        revoked,
        key: file_key(&hash_secret(SECRET)).expect("a key"),
    }
}

fn title(id: &str) -> FieldKey {
    FieldKey::new(RecordKind::Measure, id, "title")
}

/// The device's file of its whole queue.
fn export(replica: &ClientReplica, now: u64) -> SyncFile {
    let meta = replica.meta();
    OutboundBody {
        prefecture: 0,
        org: tono(),
        token_id: String::new(),
        client_id: meta.client_id,
        label: "遠野市 DX推進担当".into(),
        created_ms: now,
        first_seq: 0,
        last_seq: 0,
        cursor: meta.cursor,
        epoch: meta.epoch,
        cursor_tag: meta.cursor_tag,
        mutations: replica.pending().to_vec(),
    }
    .sign_with(TOKEN)
    .expect("a token")
}

/// What the server does with a relayed file's bytes: parse, check, apply.
fn relay(store: &mut MemoryStore, bytes: &[u8], revoked: bool) -> Result<SyncFile, String> {
    let file = SyncFile::parse(bytes).map_err(|e| e.to_string())?;
    let body = outbound_header(&file, 3).map_err(|e| e.to_string())?;
    let origin = origin(revoked);
    check_outbound(&file, &body, &origin, NOW).map_err(|e| e.to_string())?;
    relay_file(
        store,
        &device(),
        &origin.key,
        &file,
        body,
        "岩手県 DX推進課",
        NOW,
    )
    .map_err(|e| format!("{:?}: {}", e.code, e))
}

fn written(n: usize) -> ClientReplica {
    let mut replica = ClientReplica::new("device-offline1");
    for i in 0..n {
        replica.write(
            &tono(),
            &title(&format!("m-{i}")),
            json!(format!("施策{i}")),
            NOW,
        );
    }
    replica
}

#[test]
fn a_file_goes_out_through_a_relay_and_its_return_file_merges_like_a_sync() {
    let mut store = MemoryStore::new();
    // Another town's device writes meanwhile, online.
    let mut other = ClientReplica::new("device-online1");
    other.write(&tono(), &title("m-other"), json!("他の担当の変更"), NOW);
    let mut answer =
        handle_sync(&mut store, &device_other(), &other.request(None), NOW).expect("pushed");
    other.apply_response(&mut answer);

    let mut offline = written(3);
    let file = export(&offline, NOW);
    let text = file.to_text();
    assert!(
        !text.contains(SECRET),
        "the token's secret never travels in a file"
    );
    let back = relay(&mut store, text.as_bytes(), false).expect("relayed");
    assert_eq!(store.log().len(), 4);

    let (token_id, key) = device_key(TOKEN).expect("a token");
    let parsed = SyncFile::parse(back.to_text().as_bytes()).expect("a file");
    let body = check_return(&parsed, &key, &token_id, offline.client_id()).expect("for us");
    assert_eq!(body.response.acked_through, 3);
    let mut response = body.response.clone();
    offline.apply_response(&mut response);
    assert!(
        offline.pending().is_empty(),
        "the queue is settled as acknowledged"
    );
    assert_eq!(
        offline.value(&title("m-other")),
        Some(&json!("他の担当の変更"))
    );
    assert_eq!(offline.value(&title("m-1")), Some(&json!("施策1")));

    // The same return file again changes nothing.
    let before = offline.synced_fields();
    let mut again = body.response;
    let effects = offline.apply_response(&mut again);
    assert!(effects.is_empty());
    assert_eq!(offline.synced_fields(), before);
}

fn device_other() -> Principal {
    Principal {
        token_id: "tonodev2".into(),
        label: "遠野市 総務課".into(),
        ..device()
    }
}

#[test]
fn the_same_file_twice_or_on_two_relays_applies_once() {
    let mut store = MemoryStore::new();
    let file = export(&written(2), NOW).to_text();
    relay(&mut store, file.as_bytes(), false).expect("first time");
    let log = store.log().len();
    let again = relay(&mut store, file.as_bytes(), false).expect_err("a replay");
    assert!(again.contains("FileAlreadyRelayed"), "{again}");
    assert!(again.contains("already relayed"), "{again}");
    assert_eq!(store.log().len(), log, "nothing changed");
}

#[test]
fn a_newer_file_holding_the_same_writes_applies_them_once() {
    let mut store = MemoryStore::new();
    let mut replica = written(2);
    relay(
        &mut store,
        export(&replica, NOW).to_text().as_bytes(),
        false,
    )
    .expect("relayed");
    // The return file never came back; the device writes once more and exports again.
    replica.write(&tono(), &title("m-9"), json!("追加"), NOW + 5);
    let back = relay(
        &mut store,
        export(&replica, NOW + 10).to_text().as_bytes(),
        false,
    )
    .expect("relayed");
    assert_eq!(store.log().len(), 3, "two writes once, and the new one");
    let body = back.returned().expect("a return file");
    assert_eq!(body.response.acked_through, 3);
}

#[test]
fn an_altered_or_truncated_file_is_refused_and_changes_nothing() {
    let mut store = MemoryStore::new();
    let text = export(&written(2), NOW).to_text();
    let altered = text.replace("施策1", "施策X");
    assert_ne!(altered, text);
    let error = relay(&mut store, altered.as_bytes(), false).expect_err("altered");
    assert_eq!(error, FileError::Altered.to_string());
    let cut = &text.as_bytes()[..text.len() / 2];
    let error = relay(&mut store, cut, false).expect_err("cut short");
    assert_eq!(error, FileError::NotAFile.to_string());
    assert_eq!(
        SyncFile::parse(b"{\"format\":\"tsunagu-sync-file\",\"version\":9}").err(),
        Some(FileError::UnknownVersion(9))
    );
    assert!(store.log().is_empty());
}

#[test]
fn a_later_file_before_an_earlier_one_names_the_missing_writes() {
    let mut store = MemoryStore::new();
    let replica = written(5);
    let mut later = replica.clone();
    // A file of writes 4–5 only: as if 1–3 left on an earlier file not yet relayed.
    let tail: Vec<Mutation> = later.pending()[3..].to_vec();
    let head = replica.pending()[..3].to_vec();
    later = ClientReplica::restore(later.meta(), Vec::new(), tail);
    let error = relay(&mut store, export(&later, NOW).to_text().as_bytes(), false)
        .expect_err("out of order");
    assert!(error.starts_with("SequenceGap"), "{error}");
    assert!(error.contains("changes 1–3"), "{error}");
    assert!(store.log().is_empty());
    let earlier = ClientReplica::restore(replica.meta(), Vec::new(), head);
    relay(
        &mut store,
        export(&earlier, NOW).to_text().as_bytes(),
        false,
    )
    .expect("earlier");
    relay(
        &mut store,
        export(&later, NOW + 1).to_text().as_bytes(),
        false,
    )
    .expect("then later");
    assert_eq!(store.log().len(), 5);
}

#[test]
fn other_prefecture_revoked_token_and_future_dated_files_are_refused() {
    let mut store = MemoryStore::new();
    let text = export(&written(1), NOW).to_text();
    let file = SyncFile::parse(text.as_bytes()).expect("a file");
    assert_eq!(
        outbound_header(&file, 4).err(),
        Some(FileError::OtherPrefecture {
            found: 3,
            expected: 4
        })
    );
    let error = relay(&mut store, text.as_bytes(), true).expect_err("revoked");
    assert!(error.contains("revoked"), "{error}");
    let ahead = export(&written(1), NOW + 3_600_000).to_text();
    let error = relay(&mut store, ahead.as_bytes(), false).expect_err("ahead");
    assert_eq!(error, FileError::FutureDated { minutes: 60 }.to_string());
    let huge = vec![b' '; MAX_FILE_BYTES + 1];
    assert_eq!(
        SyncFile::parse(&huge).err(),
        Some(FileError::TooLarge {
            bytes: MAX_FILE_BYTES + 1
        })
    );
    assert!(store.log().is_empty());
}

#[test]
fn the_writers_rules_apply_not_the_relays() {
    let mut store = MemoryStore::new();
    let mut replica = ClientReplica::new("device-offline1");
    // Tono's editor writes a record owned by another town: refused alone.
    let morioka = OrgCode::parse("032018").expect("Morioka");
    replica.write(&morioka, &title("m-morioka"), json!("他の市"), NOW);
    replica.write(&tono(), &title("m-1"), json!("遠野"), NOW);
    let back = relay(
        &mut store,
        export(&replica, NOW).to_text().as_bytes(),
        false,
    )
    .expect("relayed");
    let body = back.returned().expect("a return file");
    assert_eq!(body.response.rejected.len(), 1);
    assert_eq!(body.response.rejected[0].seq, 1);
    assert_eq!(store.log().len(), 1);
    assert!(
        body.response.changes.iter().all(|c| c.org == tono()),
        "only what the writer may read"
    );
}

#[test]
fn a_return_file_for_another_device_or_altered_is_refused() {
    let mut store = MemoryStore::new();
    let back = relay(
        &mut store,
        export(&written(1), NOW).to_text().as_bytes(),
        false,
    )
    .expect("relayed");
    let (token_id, key) = device_key(TOKEN).expect("a token");
    let error = check_return(&back, &key, &token_id, "device-another").expect_err("another");
    assert!(matches!(error, FileError::OtherDevice { .. }));
    let mut altered = back.clone();
    altered.body = altered
        .body
        .replace("\"acked_through\":1", "\"acked_through\":9");
    assert_eq!(
        check_return(&altered, &key, &token_id, "device-offline1").err(),
        Some(FileError::Altered)
    );
    let (_, other_key) =
        device_key("tsu_03_tonodev1_zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz").expect("a token");
    assert!(check_return(&back, &other_key, &token_id, "device-offline1").is_err());
    let outbound = export(&written(1), NOW);
    assert_eq!(
        check_return(&outbound, &key, &token_id, "device-offline1").err(),
        Some(FileError::WrongKind {
            found: FileKind::Outbound
        })
    );
    assert_eq!(FileError::Altered.api_error().code, ErrorCode::FileRefused);
}
