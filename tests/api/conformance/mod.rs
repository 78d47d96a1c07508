//! Conformance over third-party corpora in `../shared/corpus` (read in place, never
//! copied). A missing corpus skips locally and fails under `CI=true`.
mod bounces;
mod replies;

use std::path::{Path, PathBuf};

/// The corpus folder `name`, or None (skipped) when it is missing.
pub fn corpus(name: &str) -> Option<PathBuf> {
    let root = std::env::var("LABLOOP_CORPUS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    let dir = root.join(name);
    crate::helpers::prereq::require(
        &format!("corpus {}", dir.display()),
        dir.is_dir(),
        "the shared corpus beside the project",
    )
    .then_some(dir)
}

/// The files of a folder, sorted by name.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    out.retain(|p| p.is_file());
    out.sort();
    out
}

/// A file's name.
pub fn name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
