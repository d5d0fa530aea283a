//! Nothing to link: this crate holds the `crdt_compare` benchmark (`benches/crdt_compare.rs`),
//! issue 27's merge-path workload run through Automerge and Yrs beside core's
//! `workload_merge` bench. `cargo bench -p tsunagu-crdt-compare`.
