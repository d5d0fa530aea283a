//! Browser entry point: install the panic hook and mount the root component.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(tsunagu_app::app::App);
    tsunagu_app::sw_registration::register_service_worker();
}
