//! Handing the media the rotation needs to the service worker, which keeps them for
//! offline use. It may take control after the first slides, so the list is offered
//! until it has been delivered.

use leptos::prelude::*;

use super::kiosk;
use impactwall_model::rotation::Rotation;

#[derive(Clone, Copy)]
pub struct MediaOffer {
    /// None until the first rotation exists: an empty list would empty the cache.
    wanted: StoredValue<Option<Vec<String>>>,
    sent: StoredValue<Option<Vec<String>>>,
}

pub fn use_media_offer(rotation: Memo<Option<Rotation>>) -> MediaOffer {
    let offer = MediaOffer {
        wanted: StoredValue::new(None),
        sent: StoredValue::new(None),
    };
    Effect::new(move |_| {
        if let Some(media) = rotation.with(|r| r.as_ref().map(Rotation::media)) {
            offer.wanted.set_value(Some(media));
        }
    });
    offer
}

impl MediaOffer {
    /// Offers the wanted list again if it was not delivered yet.
    pub fn deliver(self) {
        let unsent = self
            .sent
            .with_value(|sent| self.wanted.with_value(|w| w.is_some() && sent != w));
        if !unsent {
            return;
        }
        if let Some(wanted) = self.wanted.get_value() {
            if kiosk::keep_media_offline(&wanted) {
                self.sent.set_value(Some(wanted));
            }
        }
    }
}
