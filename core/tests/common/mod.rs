//! What the core integration tests share.

use tsunagu_core::client::ClientReplica;
use tsunagu_core::server::MemoryStore;

/// Every device has sent everything and holds exactly the server's merged values.
pub fn assert_converged(store: &MemoryStore, devices: &[&ClientReplica]) {
    for device in devices {
        assert!(device.pending().is_empty());
        let server: Vec<_> = store
            .fields()
            .iter()
            .map(|((key, field), state)| (key.clone(), field.clone(), state.value().clone()))
            .collect();
        let held: Vec<_> = device
            .synced_fields()
            .into_iter()
            .map(|(key, state)| (key.record, String::from(key.field), state.value().clone()))
            .collect();
        assert_eq!(
            held,
            server,
            "{} holds the server's state",
            device.client_id()
        );
    }
}
