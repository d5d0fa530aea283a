//! Messages between the tabs of one profile (`BroadcastChannel`), as JSON.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::{BroadcastChannel, MessageEvent};

/// One named channel of this tab; messages it posts reach every other tab's channel of the
/// same name (not this one's).
pub struct TabChannel {
    channel: BroadcastChannel,
    _listener: Closure<dyn FnMut(MessageEvent)>,
}

impl TabChannel {
    /// Opens `name`, handing each message that decodes as `M` to `on_message`. `None` where the
    /// browser has no BroadcastChannel (the tab then works alone).
    pub fn open<M: DeserializeOwned + 'static>(
        name: &str,
        mut on_message: impl FnMut(M) + 'static,
    ) -> Option<Self> {
        let channel = BroadcastChannel::new(name).ok()?;
        let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            // A message of another build of the app may not decode: it is passed over.
            if let Some(message) = event
                .data()
                .as_string()
                .and_then(|text| serde_json::from_str(&text).ok())
            {
                on_message(message);
            }
        });
        channel.set_onmessage(Some(listener.as_ref().unchecked_ref()));
        Some(TabChannel {
            channel,
            _listener: listener,
        })
    }

    /// Tells the other tabs. A message that cannot be sent is lost: every tab also reads the
    /// stored state whenever it matters (a tab taking over reads everything again).
    pub fn post<M: Serialize>(&self, message: &M) {
        if let Ok(text) = serde_json::to_string(message) {
            let _ = self.channel.post_message(&JsValue::from_str(&text));
        }
    }
}

impl Drop for TabChannel {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}
