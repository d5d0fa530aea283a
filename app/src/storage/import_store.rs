//! The device's imports (`db::IMPORTS`): each confirmed import's entry, as the JSON text the
//! tools module wrote (`core::import::screen::ImportEntry`), kept opaque here so that its
//! decoding stays out of the app's first load.

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

    /// Every stored import's entry, in id order.
    pub async fn load_imports(&self) -> Result<Vec<String>, StorageError> {
        all_text_rows(self, IMPORTS, "read the imports").await
    }
}
