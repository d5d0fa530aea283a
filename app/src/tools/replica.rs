//! Screens the tools module writes over the device's replica (活動, 施策検索): the replica is
//! sent once for each revision of it and kept by the module, then each screen asks with its
//! filters as often as they change. The activity feed needs the pulled history too (read from
//! IndexedDB); the measure search only the records, so it sends them without it.

use std::cell::Cell;

use tsunagu_core::tools::{ToolError, ToolRequest};

use super::{run, run_json, ToolsError};
use crate::state::Workspace;

thread_local! {
    /// The replica revision the tools module was last sent, plus one (0: none), and whether
    /// with the history.
    static SENT: Cell<(u64, bool)> = const { Cell::new((0, false)) };
}

/// Sends the replica at `generation` (with the history when `history`) unless the tools
/// module holds it already.
async fn send(workspace: Workspace, generation: u64, history: bool) -> Result<(), String> {
    let (sent, with_history) = SENT.get();
    if sent == generation + 1 && (with_history || !history) {
        return Ok(());
    }
    let pulled = if history {
        // The older writes are in IndexedDB, read anew with each revision (a sync adds some).
        workspace.all_history().await.map_err(|e| e.to_string())?
    } else {
        Vec::new()
    };
    let data = workspace
        .activity_data(generation, &pulled, !history)
        .map_err(|e| e.to_string())?;
    drop(pulled);
    run_json(format!("{{\"ActivityData\":{data}}}"))
        .await
        .map_err(|e| e.to_string())?;
    SENT.set((generation + 1, history));
    Ok(())
}

/// The words for a screen left before its answer came (never shown: the screen is gone).
pub fn screen_left() -> String {
    "the screen was left".to_owned()
}

/// Asks the tools module for `request()` over the replica at `generation`, sending the
/// replica first when it does not hold it (again, after the module was restarted).
pub async fn over_replica(
    workspace: Workspace,
    generation: u64,
    history: bool,
    request: impl Fn() -> ToolRequest,
) -> Result<Vec<u8>, String> {
    let missing = Err(ToolsError::Refused(ToolError::ActivityDataMissing));
    let mut answer = missing.clone();
    for _ in 0..2 {
        send(workspace, generation, history).await?;
        answer = run(request()).await;
        if answer != missing {
            break;
        }
        SENT.set((0, false));
    }
    answer.map_err(|e| e.to_string())
}
