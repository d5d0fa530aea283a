//! `/connect`: the sync server and access token, and who they make me.

mod form;
mod identity;
mod problem;
mod sync_file;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::state::Locale;
use crate::storage::{persistence, Persistence};
use crate::ui::page_title::use_page_title;
use form::ConnectForm;
use identity::Identity;
use sync_file::SyncFileScreen;

#[component]
pub fn ConnectPage() -> impl IntoView {
    let locale = Locale::expect();
    let t = move || locale.texts();
    use_page_title(move || t().connect_heading.to_owned());
    // Whether the browser keeps this device's data; the form asks for it on connecting.
    let kept = RwSignal::new(None::<Persistence>);
    spawn_local(async move {
        let now = persistence().await;
        kept.update(|kept| *kept = kept.or(Some(now)));
    });

    view! {
        <h1>{locale.word(|l| l.texts().connect_heading)}</h1>
        <p class="lead">{locale.word(|l| l.texts().connect_intro)}</p>
        <Identity kept/>
        <ConnectForm kept/>
        <SyncFileScreen/>
    }
}
