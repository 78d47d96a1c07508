//! Prerequisites of end-to-end tests: missing ones skip the test locally, and fail it
//! under `CI=true` (where `.ci/run` installs them).

/// True when `name` is available; otherwise skips (prints why) or, under CI, panics.
pub fn require(name: &str, available: bool, how_to_get_it: &str) -> bool {
    if available {
        return true;
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{name} is required under CI=true but is missing ({how_to_get_it})");
    }
    eprintln!("SKIPPED: {name} is not available ({how_to_get_it})");
    false
}

/// Whether a command runs successfully with these arguments.
pub fn command_works(program: &str, args: &[&str]) -> bool {
    std::process::Command::new(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}
