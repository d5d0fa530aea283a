//! The device's imports (`db::IMPORTS`): each confirmed import's entry, as the JSON text the
//! tools module wrote (`core::import::screen::ImportEntry`), kept opaque here so that its
//! decoding stays out of the app's first load.

use indexed_db_futures::prelude::*;
use wasm_bindgen::JsValue;

use super::db::IMPORTS;
use super::local_store::{all_text_rows, js, put, LocalStore};
use super::StorageError;

impl LocalStore {
    /// Stores (or replaces, after an undo) the import `id`'s entry.
    pub async fn save_import(&self, id: &str, entry: &str) -> Result<(), StorageError> {
        self.write_batch(&[put(IMPORTS, js(id), JsValue::from_str(entry))])
            .await
    }

    /// The import `id`'s entry, if stored.
    pub async fn load_import(&self, id: &str) -> Result<Option<String>, StorageError> {
        const OP: &str = "read an import";
        let fail = |e| StorageError::from_idb(OP, e);
        let db = self.handle.database()?;
        let tx = db.transaction(IMPORTS).build().map_err(fail)?;
        let row = tx
            .object_store(IMPORTS)
            .map_err(fail)?
            .get::<JsValue, _, _>(js(id))
            .primitive()
            .map_err(fail)?
            .await
            .map_err(fail)?;
        Ok(row.and_then(|row| row.as_string()))
    }

    /// Every stored import's entry, in id order.
    pub async fn load_imports(&self) -> Result<Vec<String>, StorageError> {
        all_text_rows(self, IMPORTS, "read the imports").await
    }
}
