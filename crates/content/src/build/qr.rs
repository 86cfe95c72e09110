//! QR codes (SVG) pointing at story pages, for printed posters and wall slides.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// An SVG QR code for `url`: dark modules on a light background, with the standard
/// quiet zone so phone cameras find it on any backdrop.
pub fn svg_for(url: &str) -> Result<Vec<u8>, qrcode::types::QrError> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)?;
    let image = code
        .render::<svg::Color<'_>>()
        .min_dimensions(240, 240)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .quiet_zone(true)
        .build();
    Ok(image.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_is_an_svg_with_light_background_and_dark_modules() {
        let svg =
            String::from_utf8(svg_for("https://impact.example.org/stories/rosa").unwrap()).unwrap();
        assert!(svg.contains("<svg"), "{svg}");
        assert!(svg.contains("#ffffff"));
        assert!(svg.contains("#000000"));
        assert!(!svg.contains("<script"));
    }

    #[test]
    fn overlong_data_is_an_error_not_a_panic() {
        assert!(svg_for(&"x".repeat(10_000)).is_err());
    }
}
