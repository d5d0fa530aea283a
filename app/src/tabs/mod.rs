//! One device, many tabs. Every tab of a browser profile shares one IndexedDB, hence one
//! device queue; the stored queue gives each write its sequence number (see
//! `storage::queue_store`), so tabs never collide, and exactly one tab, the leader, syncs:
//! it holds the device's Web Lock for as long as it lives, and the next tab takes over when it
//! closes or is killed. Tabs tell each other what they stored over `BroadcastChannel`s, so
//! every tab shows every other tab's edits and syncs without a reload.

mod channel;
mod lock;
mod message;

pub use channel::TabChannel;
pub use lock::request_leadership;
pub use message::TabMessage;
