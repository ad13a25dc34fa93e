//! Arbitrary bytes as `steward.toml`, which a pull request controls like any other file:
//! parse it; if it is a valid configuration, resolve its paths in a project folder (which must
//! stay inside it), lint the sample tree with its settings and render the report. Nothing may
//! panic; an invalid configuration is an error message, never a crash.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use steward::config::Config;
use steward::lint::lint_files;
use steward::source::RawFile;

const ORG: &str = include_str!("../../policies/org.toml");
const TOOL: &str = include_str!("../../policies/tools/zoom.toml");

/// A project folder with a schema file in it, made once per process.
fn project() -> &'static PathBuf {
    static PROJECT: OnceLock<PathBuf> = OnceLock::new();
    PROJECT.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("steward-fuzz-config-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("schemas")).expect("project folder");
        std::fs::write(dir.join("schemas/team.schema.json"), "{\"type\": \"object\"}")
            .expect("schema");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(config) = Config::parse(text) else {
        return;
    };
    // Paths from the configuration are confined to the project (an error, never a read
    // outside it); a valid layout is used for the lint.
    let layout = config.layout(project()).unwrap_or_default();
    let files = vec![
        RawFile {
            path: "org.toml".to_string(),
            content: Ok(ORG.to_string()),
        },
        RawFile {
            path: "tools/zoom.toml".to_string(),
            content: Ok(TOOL.to_string()),
        },
    ];
    let today = jiff::civil::date(2026, 11, 25);
    let report = steward::lint::lint_files_in(files, "policies/", &layout, &config, today);
    let _ = lint_files(Vec::new(), "", &config, today);
    let json = steward::render::json::render(&report);
    assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
    let _ = steward::render::human::render(&report, false);
});
