//! Reusable view components, one idea per file.

pub mod app_header;
pub mod export_buttons;
pub mod html_block;
pub mod import_panel;
pub mod keyed;
pub mod language_switch;
pub mod last_sync;
pub mod measure_editor;
pub mod nav;
pub mod progress;
pub mod read_only;
pub mod replica_screen;
pub mod skip_link;
pub mod status_badge;
pub mod sync_status;
pub mod tool_markup;
pub mod when;
pub mod workspace_gate;
