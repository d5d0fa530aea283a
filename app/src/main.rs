//! Browser entry point: install the panic hook and mount the root component.

// Talc instead of Rust's default dlmalloc: the first sync allocates millions of small values
// (docs/benchmarks.md), and dlmalloc's malloc was the hottest function while it decoded.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(tsunagu_app::app::App);
    tsunagu_app::sw_registration::register_service_worker();
}
