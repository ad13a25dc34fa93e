//! The README's rule and field references are generated from the catalogue and the built-in
//! schemas. This test fails when they drift; `STEWARD_UPDATE_README=1 cargo test --test readme`
//! rewrites them.

use std::path::Path;

fn block(text: &str, name: &str) -> Option<(usize, usize)> {
    let start_marker = format!("<!-- {name}:start -->\n");
    let end_marker = format!("<!-- {name}:end -->");
    let start = text.find(&start_marker)? + start_marker.len();
    let end = text[start..].find(&end_marker)? + start;
    Some((start, end))
}

#[test]
fn readme_references_match_the_code() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let mut text = std::fs::read_to_string(&path).expect("README.md exists");
    let generated = [
        ("rules", steward::rules::markdown_reference()),
        ("fields", steward::schema::field_reference()),
        (
            "import-columns",
            steward::import::columns::markdown_reference(),
        ),
    ];
    let update = std::env::var_os("STEWARD_UPDATE_README").is_some();
    for (name, content) in generated {
        let (start, end) = block(&text, name)
            .unwrap_or_else(|| panic!("README.md lacks the <!-- {name}:start/end --> markers"));
        if text[start..end] != content {
            if update {
                text.replace_range(start..end, &content);
            } else {
                panic!(
                    "the {name} reference in README.md is out of date; run `STEWARD_UPDATE_README=1 cargo test --test readme`"
                );
            }
        }
    }
    if update {
        std::fs::write(&path, text).expect("README.md is writable");
    }
}
