//! The reading site's pages for `build` and `serve`: the app's own components rendered
//! natively from each build's data ([`impactwall_web::prerender`]) inside the app shell.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use impactwall_content::build::Pages;
use impactwall_content::OutputFile;
use impactwall_model::Instant;
use impactwall_web::prerender::{render_site, Shell};

/// The prerenderer, holding the shell's `index.html`.
#[derive(Debug)]
pub struct Prerender {
    shell: Shell,
}

impl Prerender {
    /// Reads `shell_dir/index.html`; `Ok(None)` when there is no shell (a content-only
    /// build), `Err` when the shell cannot hold a page.
    pub fn from_shell(shell_dir: &Path) -> Result<Option<Arc<dyn Pages>>, String> {
        let index = shell_dir.join("index.html");
        let html = match std::fs::read_to_string(&index) {
            Ok(h) => h,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("reading {}: {e}", index.display())),
        };
        let shell = Shell::parse(&html).map_err(|e| format!("{}: {e}", index.display()))?;
        Ok(Some(Arc::new(Prerender { shell })))
    }
}

impl Pages for Prerender {
    fn render(
        &self,
        files: &BTreeMap<String, OutputFile>,
        now: Instant,
    ) -> Result<Vec<(String, Vec<u8>)>, String> {
        let read = |path: &str| files.get(path).map(|f| f.bytes.to_vec());
        let pages = render_site(&self.shell, &read, now).map_err(|e| e.to_string())?;
        Ok(pages
            .into_iter()
            .map(|(path, html)| (path, html.into_bytes()))
            .collect())
    }
}
