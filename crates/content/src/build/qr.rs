//! QR codes (SVG) pointing at story pages, for printed posters and wall slides.
//!
//! One `<path>` in module units: each horizontal run of dark modules is one
//! `M x yhNv1h-Nz` segment, and the viewBox scales the grid up. That is a few
//! hundred bytes of path instead of one square per dark module (thousands of files
//! at archive scale).

use std::fmt::Write;

use qrcode::{Color, EcLevel, QrCode};

/// Smallest rendered side in pixels (the quiet zone included).
const MIN_SIDE_PX: usize = 240;

/// An SVG QR code for `url`: dark modules on a light background, with the standard
/// quiet zone so phone cameras find it on any backdrop.
pub fn svg_for(url: &str) -> Result<Vec<u8>, qrcode::types::QrError> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)?;
    let quiet = if code.version().is_micro() { 2 } else { 4 };
    let width = code.width();
    let side = width + 2 * quiet;
    // Whole pixels per module, as the crate's renderer chooses them.
    let px = MIN_SIDE_PX.div_ceil(side) * side;
    let mut svg = format!(
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{px}" height="{px}""#,
            r#" viewBox="0 0 {s} {s}" shape-rendering="crispEdges">"#,
            r##"<rect width="{s}" height="{s}" fill="#ffffff"/>"##,
            r##"<path fill="#000000" d=""##,
        ),
        px = px,
        s = side,
    );
    svg.push_str(&run_path(&code.to_colors(), width, quiet));
    svg.push_str(r#""/></svg>"#);
    Ok(svg.into_bytes())
}

/// The path data: one closed rectangle per horizontal run of dark modules in the
/// `width`×`width` grid, offset by the quiet zone.
fn run_path(colors: &[Color], width: usize, quiet: usize) -> String {
    let mut d = String::new();
    for (y, row) in colors.chunks(width.max(1)).enumerate() {
        let mut x = 0;
        while x < row.len() {
            if row[x] != Color::Dark {
                x += 1;
                continue;
            }
            let start = x;
            while x < row.len() && row[x] == Color::Dark {
                x += 1;
            }
            let n = x - start;
            // Writing to a String cannot fail.
            let _ = write!(d, "M{} {}h{n}v1h-{n}z", start + quiet, y + quiet);
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a path made of `M x yhNv1h-Nz` segments back into a grid of the given
    /// side, marking the modules each segment covers (a module twice is an error).
    fn grid_of(d: &str, side: usize) -> Vec<bool> {
        let mut grid = vec![false; side * side];
        for seg in d.split('M').filter(|s| !s.is_empty()) {
            let (xy, rest) = seg.split_once('h').expect("h after M");
            let (x, y) = xy.split_once(' ').expect("x y");
            let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
            let (n, tail) = rest.split_once("v1h-").expect("v1h-");
            let n: usize = n.parse().unwrap();
            assert_eq!(tail, format!("{n}z"), "segment closes where it began");
            for i in x..x + n {
                assert!(!grid[y * side + i], "module {i},{y} drawn twice");
                grid[y * side + i] = true;
            }
        }
        grid
    }

    fn path_data(svg: &str) -> &str {
        let start = svg.find(" d=\"").expect("path data") + 4;
        let end = svg[start..].find('"').expect("end of path data") + start;
        &svg[start..end]
    }

    #[test]
    fn path_covers_exactly_the_dark_modules_inside_the_quiet_zone() {
        for url in [
            "https://impact.example.org/stories/rosa",
            "https://impact.example.org/stories/a-much-longer-story-slug-about-the-food-bank-2027",
            "x",
        ] {
            let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).unwrap();
            let (w, quiet) = (code.width(), 4);
            let side = w + 2 * quiet;
            let svg = String::from_utf8(svg_for(url).unwrap()).unwrap();
            assert!(
                svg.contains(&format!(r#"viewBox="0 0 {side} {side}""#)),
                "{svg}"
            );
            let drawn = grid_of(path_data(&svg), side);
            let colors = code.to_colors();
            for y in 0..side {
                for x in 0..side {
                    let inside = (quiet..quiet + w).contains(&x) && (quiet..quiet + w).contains(&y);
                    let dark = inside && colors[(y - quiet) * w + (x - quiet)] == Color::Dark;
                    assert_eq!(drawn[y * side + x], dark, "module {x},{y} of {url}");
                }
            }
        }
    }

    #[test]
    fn one_path_far_smaller_than_one_square_per_module() {
        let url = "https://impact.example.org/stories/rosa";
        let svg = String::from_utf8(svg_for(url).unwrap()).unwrap();
        assert_eq!(svg.matches("<path").count(), 1);
        assert_eq!(svg.matches("<rect").count(), 1, "only the background");
        let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).unwrap();
        let per_module = code
            .render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(240, 240)
            .build();
        assert!(
            svg.len() * 2 < per_module.len(),
            "{} bytes vs {} per module",
            svg.len(),
            per_module.len()
        );
        assert!(svg.contains(r#"shape-rendering="crispEdges""#));
        assert!(svg.contains(r#"width="259""#), "{svg}");
    }

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
