//! Where each page is, and how pages point at each other and at the outside world.
//!
//! Every link between pages is relative (`../tools/zoom.html`), so the site works opened from
//! a folder and under any path on GitHub Pages. A page's file name comes from an id only when
//! the id is a valid one (lowercase letters, digits and dashes, as the layout requires of
//! file names); anything else a pull request could write (a department key such as
//! `"../../x"` in org.toml) gets a name steward makes up (`_3`), which no valid id can take.
//!
//! Addresses from the tree (a tool's `url`) become links only when they are plain `http` or
//! `https` addresses; `javascript:`, `data:` and anything with spaces or control characters
//! stay text.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use crate::layout::is_valid_id;

/// The longest id used as a file name or anchor as it is.
const MAX_ID: usize = 100;
/// The longest address from the tree that becomes a link.
const MAX_URL: usize = 2048;
/// The longest address steward builds itself from the checked `--repo-url`: GitHub's "new
/// file" link carries the whole template, percent-encoded, so it is longer than any address
/// a person types (browsers and GitHub take addresses of this length).
pub const MAX_BUILT_URL: usize = 8192;

/// A file name (without extension) or anchor for the `index`-th of a sorted list of ids.
pub fn slug(id: &str, index: usize) -> String {
    if is_valid_id(id) && id.len() <= MAX_ID {
        id.to_string()
    } else {
        format!("_{index}")
    }
}

/// `../` once for every folder `page` is in: what a link from `page` to the site's top
/// starts with.
pub fn root_of(page: &str) -> String {
    "../".repeat(page.matches('/').count())
}

/// `url` when it is an `http` or `https` address with a host and no whitespace or control
/// characters; else `None` (the text is then shown, not linked).
pub fn external(url: &str) -> Option<String> {
    external_within(url, MAX_URL)
}

/// [`external`] with a longer limit, for the addresses [`Editor`] builds.
pub fn external_within(url: &str, max_len: usize) -> Option<String> {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return None;
    };
    let fine = url.len() <= max_len
        && rest
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '[')
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || crate::render::visible::is_hidden(c));
    fine.then(|| url.to_string())
}

/// Characters escaped in a path segment of a web address.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'[')
    .add(b']')
    .add(b'\'');

/// Characters escaped in a query value.
const QUERY: &AsciiSet = &SEGMENT.add(b'&').add(b'=').add(b'+').add(b';');

/// A path of `/`-separated segments, each escaped.
fn encode_path(path: &str) -> String {
    path.split('/')
        .map(|segment| utf8_percent_encode(segment, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// Links to GitHub's web editor, which opens a pull request for the change.
#[derive(Debug, Clone)]
pub struct Editor {
    /// `https://github.com/ORG/REPO`, without a trailing slash.
    repo: String,
    branch: String,
}

impl Editor {
    /// `None` when `repo_url` is not an http(s) address.
    pub fn new(repo_url: &str, branch: &str) -> Option<Editor> {
        let repo = external(repo_url)?.trim_end_matches('/').to_string();
        Some(Editor {
            repo,
            branch: branch.to_string(),
        })
    }

    /// The editor for a file of the repository (`policies/tools/zoom.toml`).
    pub fn edit(&self, file: &str) -> String {
        format!(
            "{}/edit/{}/{}",
            self.repo,
            utf8_percent_encode(&self.branch, SEGMENT),
            encode_path(file)
        )
    }

    /// The page that creates `file_name` in `folder`, filled with `text`.
    pub fn new_file(&self, folder: &str, file_name: &str, text: &str) -> String {
        format!(
            "{}/new/{}/{}?filename={}&value={}",
            self.repo,
            utf8_percent_encode(&self.branch, SEGMENT),
            encode_path(folder.trim_end_matches('/')),
            utf8_percent_encode(file_name, QUERY),
            utf8_percent_encode(text, QUERY)
        )
    }

    /// A pull request's page.
    pub fn pull_request(&self, number: u64) -> String {
        format!("{}/pull/{number}", self.repo)
    }

    /// A commit's page.
    pub fn commit(&self, sha: &str) -> String {
        format!("{}/commit/{}", self.repo, utf8_percent_encode(sha, SEGMENT))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_web_addresses_are_links() {
        assert_eq!(external("https://zoom.us"), Some("https://zoom.us".into()));
        assert_eq!(
            external(" HTTP://a.example/x?y=1 "),
            Some("HTTP://a.example/x?y=1".into())
        );
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>",
            "https://",
            "https:///etc/passwd",
            "https://a b",
            "https://a\u{202e}b",
            "https://a\nb",
            "//evil.example",
            "ftp://x",
            "",
        ] {
            assert_eq!(external(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn slugs_and_roots() {
        assert_eq!(slug("zoom", 3), "zoom");
        assert_eq!(slug("../../etc", 3), "_3");
        assert_eq!(slug("Zoom", 0), "_0");
        assert_eq!(slug(&"a".repeat(101), 1), "_1");
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("tools/zoom.html"), "../");
    }

    #[test]
    fn editor_links_escape_what_they_carry() {
        let editor = Editor::new("https://github.com/org/repo/", "main").unwrap();
        assert_eq!(
            editor.edit("policies/tools/zoom.toml"),
            "https://github.com/org/repo/edit/main/policies/tools/zoom.toml"
        );
        assert_eq!(
            editor.new_file("policies/tools/", "new-tool.toml", "a = \"b&c\"\n"),
            "https://github.com/org/repo/new/main/policies/tools?filename=new-tool.toml&value=a%20%3D%20%22b%26c%22%0A"
        );
        assert_eq!(
            editor.edit("policies/tools/a b#?.toml"),
            "https://github.com/org/repo/edit/main/policies/tools/a%20b%23%3F.toml"
        );
        assert!(Editor::new("javascript:alert(1)", "main").is_none());
    }
}
