//! Messages between the tabs of one profile (`BroadcastChannel`), as JSON.

use wasm_bindgen::prelude::*;
use web_sys::{BroadcastChannel, MessageEvent};

use super::TabMessage;

/// The channel's name (one per database).
const NAME: &str = "tsunagu";

/// This tab's end of the channel. A message it posts reaches every other end: the other tabs',
/// and the other end this tab may hold (each end passes over what is not for it).
pub struct TabChannel {
    channel: BroadcastChannel,
    _listener: Closure<dyn FnMut(MessageEvent)>,
}

impl TabChannel {
    /// Opens an end, handing each message to `on_message`. `None` where the browser has no
    /// BroadcastChannel (the tab then works alone).
    pub fn open(mut on_message: impl FnMut(TabMessage) + 'static) -> Option<Self> {
        let channel = BroadcastChannel::new(NAME).ok()?;
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
    pub fn post(&self, message: &TabMessage) {
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
