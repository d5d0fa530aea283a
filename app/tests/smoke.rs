//! Browser smoke test: the UI language survives a round trip through
//! `localStorage`.

use tsunagu_app::i18n::{Lang, LANG_STORAGE_KEY};
use tsunagu_app::storage;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn locale_round_trips_through_local_storage() {
    storage::remove(LANG_STORAGE_KEY).expect("localStorage is available");
    assert_eq!(Lang::load_saved(), Lang::Ja, "Japanese is the default");

    Lang::En.save().expect("saving English");
    assert_eq!(
        storage::get(LANG_STORAGE_KEY).expect("reading back"),
        Some("en".to_owned())
    );
    assert_eq!(Lang::load_saved(), Lang::En);

    Lang::Ja.save().expect("saving Japanese");
    assert_eq!(Lang::load_saved(), Lang::Ja);

    storage::set(LANG_STORAGE_KEY, "klingon").expect("writing junk");
    assert_eq!(
        Lang::load_saved(),
        Lang::Ja,
        "unknown codes fall back to Japanese"
    );

    storage::remove(LANG_STORAGE_KEY).expect("cleaning up");
}
