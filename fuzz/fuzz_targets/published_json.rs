#![no_main]

use impactwall_model::{EventDetail, Index, StoryDetail, ThanksDetail};
use libfuzzer_sys::fuzz_target;

// The browser's reader of the published data (serde_json over the model types): any
// text is answered with a value or an error, never a panic or a stack overflow, and a
// value it accepts is written back to JSON it accepts again.
fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(index) = serde_json::from_str::<Index>(text) {
        let again = serde_json::to_string(&index).expect("an index serialises");
        serde_json::from_str::<Index>(&again).expect("written JSON reads back");
    }
    let _ = serde_json::from_str::<StoryDetail>(text);
    let _ = serde_json::from_str::<ThanksDetail>(text);
    let _ = serde_json::from_str::<EventDetail>(text);
});
