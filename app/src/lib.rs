//! Tsunagu web app: an offline-first Leptos (CSR) front end for municipal DX plans.

pub mod app;
pub mod components;
pub mod error;
pub mod i18n;
pub mod pages;
pub mod screens;
pub mod state;
pub mod storage;
pub mod sw_registration;
pub mod sync;
pub mod tabs;
pub mod tools;
pub mod ui;

#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
