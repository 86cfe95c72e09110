#![no_main]

use impactwall::json;
use impactwall::model::decode::decode;
use impactwall::model::{EventDetail, Index, StoryDetail, ThanksDetail};
use libfuzzer_sys::fuzz_target;

// The browser's reader of the published data: any text is answered (a value or an
// error with a position inside the text), never a panic or a stack overflow.
fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match json::parse(text) {
        Ok(_) => {}
        Err(e) => {
            assert!(e.line >= 1 && e.col >= 1, "{e}");
            assert!(e.line <= text.lines().count().max(1) + 1, "{e}");
        }
    }
    let _ = decode::<Index>(text);
    let _ = decode::<StoryDetail>(text);
    let _ = decode::<ThanksDetail>(text);
    let _ = decode::<EventDetail>(text);
});
