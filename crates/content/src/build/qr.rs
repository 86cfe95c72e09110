//! QR codes (SVG) pointing at story pages, for printed posters and wall slides.
//!
//! One stroked `<path>` in module units: each row of the code is one line one module
//! thick, drawn only along its runs of dark modules (`M x y.5hN` for the first run,
//! `mGAP 0hN` for the next ones, relative to where the previous run ended), and the
//! viewBox scales the grid up. About 7 bytes per run instead of a closed rectangle's
//! 13, and far fewer than one square per dark module (thousands of files at archive
//! scale).

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
            r##"<path fill="none" stroke="#000000" d=""##,
        ),
        px = px,
        s = side,
    );
    svg.push_str(&run_path(&code.to_colors(), width, quiet));
    svg.push_str(r#""/></svg>"#);
    Ok(svg.into_bytes())
}

/// The path data: per row of the `width`×`width` grid, offset by the quiet zone, one
/// stroke (width 1, centred on the row) over each horizontal run of dark modules.
fn run_path(colors: &[Color], width: usize, quiet: usize) -> String {
    let mut d = String::new();
    for (y, row) in colors.chunks(width.max(1)).enumerate() {
        // Where the pen is in this row (after the last run drawn), if it is in it.
        let mut pen: Option<usize> = None;
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
            let _ = match pen {
                None => write!(d, "M{} {}.5h{n}", start + quiet, y + quiet),
                Some(at) => write!(d, "m{} 0h{n}", start - at),
            };
            pen = Some(x);
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a path made of `M x y.5hN` and `mGAP 0hN` commands back into a grid of the
    /// given side, marking the modules each stroke covers (a module twice is an error).
    fn grid_of(d: &str, side: usize) -> Vec<bool> {
        let mut grid = vec![false; side * side];
        let (mut x, mut y) = (0usize, 0usize);
        let mut rest = d;
        while !rest.is_empty() {
            let (cmd, tail) = rest.split_at(1);
            let (args, next) = tail.split_at(tail.find(['M', 'm']).unwrap_or(tail.len()));
            rest = next;
            let (mv, n) = args.split_once('h').expect("h after a move");
            let n: usize = n.parse().expect("run length");
            let (dx, dy) = mv.split_once(' ').expect("x y");
            match cmd {
                "M" => {
                    x = dx.parse().unwrap();
                    y = dy
                        .strip_suffix(".5")
                        .expect("centred on the row")
                        .parse()
                        .unwrap();
                }
                "m" => {
                    assert_eq!(dy, "0", "a relative move stays in its row");
                    x += dx.parse::<usize>().unwrap();
                }
                other => panic!("unexpected command {other}"),
            }
            assert!(n > 0);
            for i in x..x + n {
                assert!(!grid[y * side + i], "module {i},{y} drawn twice");
                grid[y * side + i] = true;
            }
            x += n;
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
        // 3,263 bytes as one closed rectangle per run.
        assert!(svg.len() < 2_000, "{} bytes", svg.len());
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
