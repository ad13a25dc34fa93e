//! GitHub's own markdown renderer for tests: cmark-gfm through the `cmarkgfm` Python package
//! (`python3 -m pip install cmarkgfm`), with its unsafe option so that the HTML shows every
//! raw element that would survive (GitHub's sanitizer then keeps `<img>`, `<a>` and
//! `<details>`).
//!
//! [`assert_safe_on_github`] renders steward's markdown and checks what a pull request
//! comment or job summary would show: no HTML element but the ones steward writes, no link
//! (or only steward's own), no `@mention`, and every table row with the cells steward wrote.
//!
//! When python3 or cmarkgfm is missing the check is skipped with a printed message, unless
//! `STEWARD_REQUIRE_TOOLS=1` (set by `.ci/run`), where it fails.

use std::io::Write as _;
use std::process::{Command, Stdio};

use serde_json::Value;

/// Elements steward's markdown renders to. Anything else came from user text.
const STEWARD_ELEMENTS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "code",
    "strong",
    "em",
    "del",
    "br",
    "ul",
    "ol",
    "li",
    "blockquote",
    "details",
    "summary",
];

/// The cell appended to every table row of a probe copy: a row that a `|` split into more
/// cells than the header has loses its last cells, this one first.
const ROW_END: &str = "STEWARD-ROW-END";

/// Renders markdown, walks the HTML with Python's own parser and reports what it found.
const SCRIPT: &str = r#"
import html.parser, json, sys
try:
    import cmarkgfm
except ImportError as e:
    print(json.dumps({"missing": "the cmarkgfm package is not installed (" + str(e) + ")"}))
    sys.exit(0)

class Walk(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.links, self.texts, self.rows = [], [], [], []
        self.code, self.cell = 0, None
    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.links += [v for k, v in attrs if k in ("href", "src", "action", "formaction")]
        if tag in ("code", "pre"):
            self.code += 1
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self.cell = []
    def handle_endtag(self, tag):
        if tag in ("code", "pre"):
            self.code -= 1
        if tag in ("td", "th") and self.cell is not None and self.rows:
            self.rows[-1].append("".join(self.cell))
            self.cell = None
    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)
        if not self.code:
            self.texts.append(data)

def walk(markdown):
    rendered = cmarkgfm.github_flavored_markdown_to_html(
        markdown, options=cmarkgfm.Options.CMARK_OPT_UNSAFE)
    w = Walk()
    w.feed(rendered)
    w.close()
    return {"html": rendered, "tags": w.tags, "links": w.links, "texts": w.texts, "rows": w.rows}

doc = json.load(sys.stdin)
print(json.dumps({"page": walk(doc["markdown"]), "probe": walk(doc["probe"])}))
"#;

/// What GitHub would show for some markdown.
#[derive(Debug)]
pub struct Rendered {
    pub html: String,
    /// Every element, in document order.
    pub tags: Vec<String>,
    /// Every href and src.
    pub links: Vec<String>,
    /// The text nodes outside code, entities decoded: where GitHub looks for mentions.
    pub texts: Vec<String>,
    /// The table rows (header rows included), each as its cells' text.
    pub rows: Vec<Vec<String>>,
    /// The rows of the probe copy, which has [`ROW_END`] appended to every row.
    probe_rows: Vec<Vec<String>>,
}

impl Rendered {
    /// All text outside code, joined.
    pub fn text(&self) -> String {
        self.texts.concat()
    }
}

/// What steward itself puts in the markdown checked.
#[derive(Debug, Default, Clone, Copy)]
pub struct Own<'a> {
    /// Links steward writes start with this (e.g. the changelog's `--repo-url`); none when
    /// `None`.
    pub links_to: Option<&'a str>,
}

/// Why the tools are missing, for the skip message or the failure.
#[derive(Debug)]
pub struct Missing(pub String);

/// Renders `markdown` with cmarkgfm through `python`.
pub fn render_with(python: &str, markdown: &str) -> Result<Rendered, Missing> {
    let probe = with_row_ends(markdown);
    let input = serde_json::json!({"markdown": markdown, "probe": probe}).to_string();
    let mut child = Command::new(python)
        .args(["-c", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Missing(format!("{python} cannot be run ({e})")))?;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write to python");
    let output = child.wait_with_output().expect("python runs");
    assert!(
        output.status.success(),
        "the renderer failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let doc: Value = serde_json::from_slice(&output.stdout).expect("JSON from the renderer");
    if let Some(missing) = doc["missing"].as_str() {
        return Err(Missing(missing.to_string()));
    }
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .expect("an array")
            .iter()
            .map(|s| s.as_str().expect("a string").to_string())
            .collect()
    };
    let rows = |v: &Value| -> Vec<Vec<String>> {
        v.as_array().expect("rows").iter().map(strings).collect()
    };
    let page = &doc["page"];
    Ok(Rendered {
        html: page["html"].as_str().expect("html").to_string(),
        tags: strings(&page["tags"]),
        links: strings(&page["links"]),
        texts: strings(&page["texts"]),
        rows: rows(&page["rows"]),
        probe_rows: rows(&doc["probe"]["rows"]),
    })
}

/// Renders with `python3`; `None` (after saying so) when the tools are missing, unless
/// `STEWARD_REQUIRE_TOOLS=1`.
pub fn render(markdown: &str) -> Option<Rendered> {
    match render_with("python3", markdown) {
        Ok(rendered) => Some(rendered),
        Err(missing) => {
            on_missing(
                &missing,
                std::env::var("STEWARD_REQUIRE_TOOLS").as_deref() == Ok("1"),
            );
            None
        }
    }
}

/// Fails when the tools are required, else prints why the check is skipped.
pub fn on_missing(missing: &Missing, required: bool) {
    if required {
        panic!(
            "STEWARD_REQUIRE_TOOLS=1 and GitHub's markdown renderer is missing: {}; install it with `python3 -m pip install cmarkgfm`",
            missing.0
        );
    }
    eprintln!(
        "skipped: the check with GitHub's markdown renderer ({}; `pip install cmarkgfm`)",
        missing.0
    );
}

/// Renders `markdown` and asserts that GitHub would show it safely (see [`problems`]);
/// `None` when skipped.
#[track_caller]
pub fn assert_safe_on_github(markdown: &str, own: Own<'_>) -> Option<Rendered> {
    let rendered = render(markdown)?;
    let found = problems(markdown, &rendered, own);
    assert!(
        found.is_empty(),
        "GitHub would not show this safely:\n- {}\n\nmarkdown:\n{markdown}\nHTML:\n{}",
        found.join("\n- "),
        rendered.html
    );
    Some(rendered)
}

/// What is wrong with the rendering: an element steward does not write (raw HTML from user
/// text), more `<details>` or `<summary>` than steward wrote, a link steward did not write, a
/// mention, a table row whose cells a `|` split.
pub fn problems(markdown: &str, rendered: &Rendered, own: Own<'_>) -> Vec<String> {
    let mut found = Vec::new();
    for tag in &rendered.tags {
        let allowed =
            STEWARD_ELEMENTS.contains(&tag.as_str()) || (tag == "a" && own.links_to.is_some());
        if !allowed {
            found.push(format!("a <{tag}> element"));
        }
    }
    for element in ["details", "summary"] {
        let written = markdown
            .lines()
            .filter(|l| l.starts_with(&format!("<{element}>")))
            .count();
        let shown = rendered.tags.iter().filter(|t| *t == element).count();
        if shown != written {
            found.push(format!(
                "{shown} <{element}> elements, steward wrote {written}"
            ));
        }
    }
    for link in &rendered.links {
        if !own.links_to.is_some_and(|prefix| link.starts_with(prefix)) {
            found.push(format!("a link to {link:?}"));
        }
    }
    for text in &rendered.texts {
        if let Some(mention) = mention(text) {
            found.push(format!("a mention {mention:?} in {text:?}"));
        }
    }
    let table_lines = markdown
        .lines()
        .filter(|l| l.starts_with('|') && !is_delimiter_row(l))
        .count();
    if rendered.probe_rows.len() != table_lines {
        found.push(format!(
            "{} table rows, steward wrote {table_lines}",
            rendered.probe_rows.len()
        ));
    }
    for (row, probe) in rendered.rows.iter().zip(&rendered.probe_rows) {
        if probe.last().map(|c| c.trim()) != Some(ROW_END) {
            found.push(format!("a table row split into more cells: {row:?}"));
        }
    }
    found
}

/// `@name` where GitHub would see a mention: after the start of a text node or a character
/// that is not a letter, digit or `_`, followed by a letter or digit.
pub fn mention(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len()).find_map(|i| {
        let starts = chars[i] == '@'
            && (i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_'))
            && chars.get(i + 1).is_some_and(|c| c.is_ascii_alphanumeric());
        starts.then(|| {
            chars[i..]
                .iter()
                .take_while(|c| **c == '@' || c.is_ascii_alphanumeric() || **c == '-')
                .collect()
        })
    })
}

/// `|---|---:|`
fn is_delimiter_row(line: &str) -> bool {
    let inner = line.trim().trim_matches('|');
    !inner.is_empty()
        && inner
            .split('|')
            .all(|cell| !cell.trim().is_empty() && cell.trim().chars().all(|c| "-: ".contains(c)))
}

/// The markdown with one more cell at the end of every table row.
fn with_row_ends(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + 256);
    for line in markdown.lines() {
        out.push_str(line);
        if line.starts_with('|') {
            if is_delimiter_row(line) {
                out.push_str("---|");
            } else {
                out.push_str(&format!(" {ROW_END} |"));
            }
        }
        out.push('\n');
    }
    out
}
