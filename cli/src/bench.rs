use crate::api::{Api, ApiError};
use crate::clock::now_ms;
use serde_json::json;
use std::time::Instant;
use tsunagu_core::access::Role;
use tsunagu_core::client::{ClientReplica, FieldKey};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::MAX_MUTATIONS_PER_PUSH;

/// Pushes `batches` batches of `batch_size` mutations, one round trip each, and prints the
/// latency from sending to acknowledgement.
pub fn run(api: &Api, batches: usize, batch_size: usize) -> Result<(), ApiError> {
    if batches == 0 || batch_size == 0 || batch_size > MAX_MUTATIONS_PER_PUSH {
        return Err(ApiError::Other(format!(
            "--batches must be at least 1 and --batch-size between 1 and {MAX_MUTATIONS_PER_PUSH}"
        )));
    }
    // Okinawa's Naha city: a prefecture the demo does not use, so the figures start clean.
    let org = OrgCode::parse("472018").map_err(|e| ApiError::Other(e.to_string()))?;
    let admin = api.prefecture_admin(org.prefecture_number(), "benchmark administrator")?;
    let token = api
        .issue_token(&admin, &org, Role::Editor, "benchmark")?
        .token;
    let started_at = now_ms();
    let mut replica = ClientReplica::new(format!("bench-{started_at}"));
    let mut latencies_ms = Vec::with_capacity(batches);
    for batch in 0..batches {
        for i in 0..batch_size {
            let key = FieldKey::new(RecordKind::Measure, format!("bench-{}", i % 50), "notes");
            replica.write(
                &org,
                &key,
                json!(format!("batch {batch} write {i}")),
                now_ms(),
            );
        }
        let request = replica.request(Some(1));
        let started = Instant::now();
        let mut response = api.sync(&token, &request)?;
        latencies_ms.push(started.elapsed().as_secs_f64() * 1000.0);
        if response.acked_through != request.mutations.last().map_or(0, |m| m.seq) {
            return Err(ApiError::Other("a batch was not fully acknowledged".into()));
        }
        replica.apply_response(&mut response);
    }
    latencies_ms.sort_by(f64::total_cmp);
    let percentile = |p: f64| latencies_ms[((latencies_ms.len() - 1) as f64 * p).round() as usize];
    println!(
        "push-to-acknowledgement, {batches} batches of {batch_size} mutations: median {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        percentile(0.5),
        percentile(0.95),
        percentile(1.0)
    );
    Ok(())
}
