//! Hostile and broken files, end to end: the real binary on a tree in a temporary folder.
//!
//! A policy repository takes pull requests from anyone, so every file may be hostile: too
//! big, not UTF-8, a link out of the tree, unreadable, a pipe, absurdly nested or long. Each
//! test checks that steward says so with a diagnostic at the right place, lints the rest,
//! and exits with 0 or 1 (never a crash, never a hang: every run has a time limit).

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;
use tempfile::TempDir;

const TODAY: &str = "2026-11-25";
/// Generous: these runs take well under a second in release builds.
const TIME_LIMIT: Duration = Duration::from_secs(30);

/// The fields every tool needs, one a line (lines 1-5; `status` is line 4).
const TOOL_HEAD: &str = "name = \"Zoom\"\nvendor = \"Zoom\"\ncategory = \"video\"\nstatus = \"approved\"\ndepartment = \"it\"\n";

/// A project folder with a steward.toml and a policy tree under `policies/`.
struct Project {
    dir: TempDir,
}

/// What one `steward lint --format json` run gave.
struct Run {
    code: i32,
    json: Value,
    stdout: String,
}

impl Run {
    /// Diagnostics about one file (path relative to the project).
    fn about(&self, file: &str) -> Vec<&Value> {
        self.json["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| d["file"] == file)
            .collect()
    }

    fn rules_about(&self, file: &str) -> Vec<&str> {
        self.about(file)
            .iter()
            .map(|d| d["rule"].as_str().unwrap_or_default())
            .collect()
    }

    /// The one diagnostic of `rule` about `file`, as (line, column).
    fn at(&self, file: &str, rule: &str) -> (u64, u64) {
        let found: Vec<&Value> = self
            .about(file)
            .into_iter()
            .filter(|d| d["rule"] == rule)
            .collect();
        assert_eq!(
            found.len(),
            1,
            "expected one {rule} about {file}, got {:#}",
            self.json
        );
        (
            found[0]["line"].as_u64().unwrap(),
            found[0]["column"].as_u64().unwrap(),
        )
    }
}

impl Project {
    fn new(settings: &str) -> Project {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(
            dir.path().join("steward.toml"),
            format!("root = \"policies\"\n{settings}"),
        )
        .unwrap();
        fs::create_dir_all(dir.path().join("policies/tools")).unwrap();
        Project { dir }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn write(&self, relative: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, bytes).unwrap();
        path
    }

    fn run(&self, format: &str) -> (Option<i32>, String, String) {
        self.run_within(format, TIME_LIMIT)
    }

    fn run_within(&self, format: &str, limit: Duration) -> (Option<i32>, String, String) {
        lint_in(self.dir.path(), &["--format", format], limit)
    }

    /// Runs `steward lint --format json`; it must exit normally with 0 or 1 in time.
    fn lint(&self) -> Run {
        let (code, stdout, stderr) = self.run("json");
        Self::check(code, stdout, stderr)
    }

    /// [`Project::lint`] with another time limit.
    fn lint_within(&self, limit: Duration) -> Run {
        let (code, stdout, stderr) = self.run_within("json", limit);
        Self::check(code, stdout, stderr)
    }

    /// Like [`Project::lint`], as the unprivileged user `nobody` (through `setpriv`), for
    /// tests that need permissions enforced when they run as root. Err when that is not
    /// possible here.
    #[cfg(unix)]
    fn lint_as_nobody(&self) -> Result<Run, String> {
        use std::os::unix::fs::PermissionsExt;
        // TempDir makes the folder private to its owner.
        fs::set_permissions(self.dir.path(), fs::Permissions::from_mode(0o755))
            .map_err(|e| e.to_string())?;
        let output = assert_cmd::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(assert_cmd::cargo::cargo_bin!("steward"))
            .args(["lint", "--format", "json", "--today", TODAY])
            .current_dir(self.dir.path())
            .timeout(TIME_LIMIT)
            .output()
            .map_err(|e| e.to_string())?;
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        if serde_json::from_str::<Value>(&stdout).is_err() {
            return Err(format!("status {:?}, stderr: {stderr}", output.status));
        }
        Ok(Self::check(output.status.code(), stdout, stderr))
    }

    fn check(code: Option<i32>, stdout: String, stderr: String) -> Run {
        let code = code.unwrap_or_else(|| {
            panic!("steward was killed (crash, or over {TIME_LIMIT:?}); stderr:\n{stderr}")
        });
        assert!(
            code == 0 || code == 1,
            "exit code {code}; stderr:\n{stderr}"
        );
        let json = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("the JSON report does not parse ({e}):\n{stdout:.2000}"));
        Run { code, json, stdout }
    }
}

/// `steward lint --today TODAY ARGS` in `dir`: (exit code, stdout, stderr).
fn lint_in(
    dir: &Path,
    args: &[impl AsRef<std::ffi::OsStr>],
    limit: Duration,
) -> (Option<i32>, String, String) {
    let output = assert_cmd::cargo::cargo_bin_cmd!("steward")
        .current_dir(dir)
        .args(["lint", "--today", TODAY])
        .args(args)
        .timeout(limit)
        .output()
        .expect("steward runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[cfg(unix)]
fn symlink(target: impl AsRef<Path>, link: impl AsRef<Path>) {
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

// ---------------------------------------------------------------------------------------
// Size limits

#[test]
fn a_file_over_the_default_limit_is_reported_and_not_read() {
    let project = Project::new("");
    // One byte over 1 MiB.
    let over = project.path("policies/tools/big.toml");
    fs::write(&over, vec![b'#'; 1024 * 1024 + 1]).unwrap();
    // Exactly 1 MiB is allowed: a comment padded to the limit.
    let mut exact = TOOL_HEAD.as_bytes().to_vec();
    exact.resize(1024 * 1024 - 1, b'#');
    exact.push(b'\n');
    project.write("policies/tools/exact.toml", &exact);
    // 4 GiB without using disk (a sparse file): reading it would take seconds and gigabytes.
    let huge = fs::File::create(project.path("policies/tools/huge.toml")).unwrap();
    huge.set_len(4 << 30).unwrap();
    drop(huge);

    let run = project.lint();
    assert_eq!(run.code, 1);
    assert_eq!(run.at("policies/tools/big.toml", "file/too-large"), (1, 1));
    let message = run.about("policies/tools/big.toml")[0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(message.contains("1048577 bytes"), "{message}");
    assert!(message.contains("1048576"), "{message}");
    assert_eq!(
        run.rules_about("policies/tools/huge.toml"),
        ["file/too-large"]
    );
    assert!(
        !run.rules_about("policies/tools/exact.toml")
            .iter()
            .any(|r| r.starts_with("file/") || *r == "toml/syntax"),
        "{:?}",
        run.rules_about("policies/tools/exact.toml")
    );
}

#[test]
fn the_limit_is_configurable() {
    let project = Project::new("max_file_bytes = 100\n");
    project.write("policies/tools/over.toml", vec![b'#'; 101]);
    let mut at_limit = vec![b'#'; 99];
    at_limit.push(b'\n');
    project.write("policies/tools/at-limit.toml", at_limit);
    let run = project.lint();
    assert_eq!(run.at("policies/tools/over.toml", "file/too-large"), (1, 1));
    let message = run.about("policies/tools/over.toml")[0]["message"].clone();
    assert!(
        message.as_str().unwrap().contains("101 bytes")
            && message.as_str().unwrap().contains("limit of 100 bytes"),
        "{message}"
    );
    assert!(
        !run.rules_about("policies/tools/at-limit.toml")
            .contains(&"file/too-large")
    );
}

/// steward.toml arrives with pull requests: a limit of 2^64 bytes would let one blob (git
/// compresses 500 to 1) fill the runner's memory. The limit has a ceiling.
#[test]
fn a_file_size_limit_above_the_ceiling_is_refused() {
    let project = Project::new("max_file_bytes = 18446744073709551615\n");
    project.write("policies/tools/zoom.toml", TOOL_HEAD);
    let (code, _, stderr) = project.run("json");
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "max_file_bytes = 18446744073709551615: the limit is from 1 byte to 16777216 (16 MiB)"
        ),
        "{stderr}"
    );
}

#[test]
fn the_largest_allowed_limit_works() {
    let project = Project::new("max_file_bytes = 16777216\n");
    project.write(
        "policies/tools/zoom.toml",
        TOOL_HEAD.replace("approved", "aproved"),
    );
    let run = project.lint();
    assert_eq!(run.at("policies/tools/zoom.toml", "schema/enum"), (4, 10));
}

// ---------------------------------------------------------------------------------------
// Encodings and line endings

#[test]
fn bytes_that_are_not_utf8_are_reported_at_the_first_bad_byte() {
    let project = Project::new("");
    // Latin-1 é on line 2, after a multi-byte UTF-8 ë: the column counts characters.
    project.write(
        "policies/tools/latin1.toml",
        b"name = \"Zoom\"\nvendor = \"Zo\xc3\xab Caf\xe9\"\n",
    );
    // The same after a BOM and CRLF line endings.
    project.write(
        "policies/tools/bom-crlf.toml",
        b"\xef\xbb\xbfname = \"Zoom\"\r\nvendor = \"Zo\xc3\xab Caf\xe9\"\r\n",
    );
    // UTF-16 with its BOM: bad from the first byte.
    project.write(
        "policies/tools/utf16.toml",
        b"\xff\xfen\x00a\x00m\x00e\x00 \x00=\x00 \x001\x00",
    );
    // Bad UTF-8 in a comment is still bad.
    project.write("policies/tools/comment.toml", b"# ok\n# caf\xc3\n");
    let run = project.lint();
    assert_eq!(run.code, 1);
    assert_eq!(
        run.at("policies/tools/latin1.toml", "file/not-utf8"),
        (2, 18)
    );
    assert_eq!(
        run.at("policies/tools/bom-crlf.toml", "file/not-utf8"),
        (2, 18)
    );
    assert_eq!(run.at("policies/tools/utf16.toml", "file/not-utf8"), (1, 1));
    assert_eq!(
        run.at("policies/tools/comment.toml", "file/not-utf8"),
        (2, 6)
    );
    for file in ["latin1", "bom-crlf", "utf16", "comment"] {
        assert_eq!(
            run.rules_about(&format!("policies/tools/{file}.toml")),
            ["file/not-utf8"],
            "{file}: nothing else is said about a file that cannot be read"
        );
    }
}

#[test]
fn a_bom_and_crlf_line_endings_keep_lines_and_columns_right() {
    let project = Project::new("");
    let text = "\u{feff}status = \"aproved\"\r\n\
                name = \"Zoë\"\r\n\
                vendor = \"Zoom\"\r\n\
                category = \"vidéo\"\r\n\
                department = \"it\"\r\n\
                exit_plan = { data_export = \"Café ☕ 🎥\", notice_period_days = \"ten\" }\r\n";
    project.write("policies/tools/zoom.toml", text);
    // The same file with LF endings and no BOM must give the same positions.
    project.write(
        "policies/tools/zoom-lf.toml",
        text.trim_start_matches('\u{feff}').replace("\r\n", "\n"),
    );
    let run = project.lint();
    for file in ["policies/tools/zoom.toml", "policies/tools/zoom-lf.toml"] {
        // Line 1 starts right after the BOM: `status = ` is 9 characters.
        assert_eq!(run.at(file, "schema/enum"), (1, 10), "{file}");
        // `exit_plan = { data_export = "Café ☕ 🎥", notice_period_days = ` is 61 characters
        // (67 bytes).
        assert_eq!(run.at(file, "schema/type"), (6, 62), "{file}");
    }
    let end = run
        .about("policies/tools/zoom.toml")
        .into_iter()
        .find(|d| d["rule"] == "schema/type")
        .map(|d| (d["end_line"].as_u64(), d["end_column"].as_u64()))
        .unwrap();
    assert_eq!(end, (Some(6), Some(67)), "the span ends after `\"ten\"`");
}

// ---------------------------------------------------------------------------------------
// Links, permissions, special files

#[cfg(unix)]
#[test]
fn links_out_of_the_tree_are_not_followed() {
    let project = Project::new("");
    let outside = tempfile::tempdir().unwrap();
    // If steward read this, the marker and a syntax error would show up.
    let secret = outside.path().join("secret.toml");
    fs::write(&secret, "name = \"MARKER-7f3a\"\n[broken\n").unwrap();
    fs::write(
        outside.path().join("policy.toml"),
        "title = \"MARKER-7f3a\"\n[x\n",
    )
    .unwrap();
    symlink(&secret, project.path("policies/tools/evil.toml"));
    // Relative, through `..`, to a file of the project that is outside the tree.
    project.write("secret.toml", "name = \"MARKER-7f3a\"\n[broken\n");
    symlink("../../secret.toml", project.path("policies/tools/up.toml"));
    // A whole folder linked to outside.
    symlink(outside.path(), project.path("policies/technology"));
    // Absolute system paths.
    symlink("/etc/passwd", project.path("policies/tools/passwd.toml"));
    project.write(
        "policies/tools/fine.toml",
        format!("{TOOL_HEAD}description = \"x\"\n"),
    );

    let run = project.lint();
    assert_eq!(run.code, 1);
    for file in [
        "policies/tools/evil.toml",
        "policies/tools/up.toml",
        "policies/technology",
        "policies/tools/passwd.toml",
    ] {
        assert_eq!(run.rules_about(file), ["file/symlink-outside"], "{file}");
        assert_eq!(run.at(file, "file/symlink-outside"), (1, 1));
    }
    assert!(!run.stdout.contains("MARKER-7f3a"), "{}", run.stdout);
    assert!(!run.stdout.contains("root:"), "{}", run.stdout);
    assert!(
        !run.rules_about("policies/tools/fine.toml")
            .iter()
            .any(|r| r.starts_with("file/") || *r == "toml/syntax")
    );
}

#[cfg(unix)]
#[test]
fn links_into_hidden_folders_are_not_followed() {
    let project = Project::new("");
    // Like `.git/config`, which holds the checkout's token unless persist-credentials is off.
    project.write(
        "policies/.git/config",
        "[http]\nextraheader = \"AUTHORIZATION: MARKER-7f3a\"\n[broken\n",
    );
    symlink("../.git/config", project.path("policies/tools/peek.toml"));
    let run = project.lint();
    assert_eq!(
        run.rules_about("policies/tools/peek.toml"),
        ["file/symlink-outside"]
    );
    assert!(!run.stdout.contains("MARKER-7f3a"), "{}", run.stdout);
    assert!(run.about("policies/.git/config").is_empty());
}

/// steward.toml comes with pull requests too: its `root` and a declared kind's `schema` must
/// stay inside the repository, or a pull request could make steward read (and quote in the
/// job's log) `/proc/self/environ` or a file in the runner's home.
#[test]
fn paths_in_steward_toml_that_leave_the_repository_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(
        outside.path().join("secret.toml"),
        "token = \"MARKER-7f3a\"\n[x\n",
    )
    .unwrap();
    let escape = format!("{}", outside.path().display());
    let cases = [
        (format!("root = {escape:?}\n"), "root"),
        ("root = \"../..\"\n".to_string(), "root"),
        ("root = \"policies/../../x\"\n".to_string(), "root"),
        (
            format!(
                "[kinds.vendor]\npath = \"vendors/*.toml\"\nschema = {:?}\n",
                outside.path().join("secret.toml")
            ),
            "kinds.vendor.schema",
        ),
        (
            "[kinds.vendor]\npath = \"vendors/*.toml\"\nschema = \"../secret.toml\"\n".to_string(),
            "kinds.vendor.schema",
        ),
    ];
    for (settings, field) in cases {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("steward.toml"), &settings).unwrap();
        fs::create_dir_all(dir.path().join("policies")).unwrap();
        let (code, stdout, stderr) = lint_in(dir.path(), &[] as &[&str], TIME_LIMIT);
        assert_eq!(code, Some(2), "{settings}: {stdout}{stderr}");
        assert!(
            stderr.contains(&format!("{field} = ")) && stderr.contains("outside the repository"),
            "{settings}: {stderr}"
        );
        assert!(!stdout.contains("MARKER-7f3a") && !stderr.contains("MARKER-7f3a"));
    }
}

/// A `root` that is a link out of the repository is refused the same way.
#[cfg(unix)]
#[test]
fn a_configured_root_that_links_out_of_the_repository_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("steward.toml"), "root = \"tree\"\n").unwrap();
    symlink(outside.path(), dir.path().join("tree"));
    let (code, _, stderr) = lint_in(dir.path(), &[] as &[&str], TIME_LIMIT);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("root = \"tree\" leads, through a symbolic link, outside the repository"),
        "{stderr}"
    );

    // --root is the user's own choice on the command line, and is trusted.
    let root = outside.path().as_os_str();
    let (code, _, stderr) = lint_in(dir.path(), &["--root".as_ref(), root], TIME_LIMIT);
    assert_eq!(code, Some(0), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_tree_folder_that_links_out_of_its_folder_is_refused() {
    // `policies -> /` committed in a pull request would make the whole disk "the tree".
    let outside = tempfile::tempdir().unwrap();
    fs::write(
        outside.path().join("org.toml"),
        "name = \"MARKER-7f3a\"\n[x\n",
    )
    .unwrap();
    let project = Project::new("");
    fs::remove_dir_all(project.path("policies")).unwrap();
    symlink(outside.path(), project.path("policies"));
    let (code, stdout, stderr) = project.run("json");
    assert_eq!(code, Some(2), "{stdout}{stderr}");
    assert!(stderr.contains("link"), "{stderr}");
    assert!(!stdout.contains("MARKER-7f3a") && !stderr.contains("MARKER-7f3a"));

    // A link to a folder beside it is an ordinary setup.
    let project = Project::new("");
    fs::remove_dir_all(project.path("policies")).unwrap();
    project.write(
        "real-policies/tools/zoom.toml",
        TOOL_HEAD.replace("approved", "aproved"),
    );
    symlink("real-policies", project.path("policies"));
    let run = project.lint();
    assert_eq!(run.at("policies/tools/zoom.toml", "schema/enum"), (4, 10));
}

#[cfg(unix)]
#[test]
fn links_inside_the_tree_are_followed() {
    let project = Project::new("");
    project.write(
        "policies/notes/real.txt",
        "name = \"Alias\"\nstatus = \"aproved\"\nvendor = \"V\"\ncategory = \"c\"\ndepartment = \"it\"\n",
    );
    symlink(
        "../notes/real.txt",
        project.path("policies/tools/alias.toml"),
    );
    // Dangling links and loops are reported, not followed forever.
    symlink("nowhere.toml", project.path("policies/tools/gone.toml"));
    symlink("loop-b.toml", project.path("policies/tools/loop-a.toml"));
    symlink("loop-a.toml", project.path("policies/tools/loop-b.toml"));
    let run = project.lint();
    assert_eq!(run.at("policies/tools/alias.toml", "schema/enum"), (2, 10));
    for file in ["gone", "loop-a", "loop-b"] {
        assert_eq!(
            run.rules_about(&format!("policies/tools/{file}.toml")),
            ["file/unreadable"],
            "{file}"
        );
    }
}

/// Whether this process can read files whatever their permissions (root, or
/// CAP_DAC_OVERRIDE, as in many containers).
#[cfg(unix)]
fn permissions_are_not_enforced(locked: &Path) -> bool {
    fs::read(locked).is_ok()
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_folders_are_reported_and_the_rest_is_linted() {
    use std::os::unix::fs::PermissionsExt;

    let project = Project::new("");
    let locked = project.write("policies/tools/locked.toml", "[broken\n");
    project.write("policies/budgets/2026/it.toml", "[broken\n");
    project.write(
        "policies/tools/other.toml",
        TOOL_HEAD.replace("approved", "aproved"),
    );
    let locked_dir = project.path("policies/budgets/2026");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    fs::set_permissions(&locked_dir, fs::Permissions::from_mode(0o000)).unwrap();

    let run = if permissions_are_not_enforced(&locked) {
        // Root (or CAP_DAC_OVERRIDE) reads files whatever their permissions: run steward as
        // the unprivileged user `nobody` instead, when this system lets us.
        match project.lint_as_nobody() {
            Ok(run) => Some(run),
            Err(why) => {
                eprintln!(
                    "SKIPPED the file/unreadable assertions: this process reads files whatever \
                     their permissions (root or CAP_DAC_OVERRIDE), so chmod 000 does not make \
                     them unreadable, and running steward as `nobody` failed: {why}"
                );
                None
            }
        }
    } else {
        Some(project.lint())
    };

    fs::set_permissions(&locked_dir, fs::Permissions::from_mode(0o755)).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o644)).unwrap();

    let Some(run) = run else {
        // Still check that the rest of the tree is linted next to such files.
        let run = project.lint();
        assert_eq!(run.at("policies/tools/other.toml", "schema/enum"), (4, 10));
        return;
    };
    assert_eq!(
        run.rules_about("policies/tools/locked.toml"),
        ["file/unreadable"]
    );
    assert_eq!(
        run.rules_about("policies/budgets/2026"),
        ["file/unreadable"]
    );
    assert!(run.about("policies/budgets/2026/it.toml").is_empty());
    // The rest of the tree is linted.
    assert_eq!(run.at("policies/tools/other.toml", "schema/enum"), (4, 10));
}

#[cfg(unix)]
#[test]
fn pipes_are_not_opened() {
    let project = Project::new("");
    let pipe = project.path("policies/tools/pipe.toml");
    let made = std::process::Command::new("mkfifo").arg(&pipe).status();
    if !matches!(made, Ok(status) if status.success()) {
        eprintln!("SKIPPED: mkfifo is not available to make a named pipe");
        return;
    }
    // Opening a pipe for reading blocks until a writer comes: the run would hang.
    let run = project.lint();
    assert_eq!(
        run.rules_about("policies/tools/pipe.toml"),
        ["file/unreadable"]
    );
}

// ---------------------------------------------------------------------------------------
// Nesting and size of values

/// Each of these nests far deeper than any parser stack allows. steward must refuse them
/// with a syntax diagnostic (no stack overflow, which would kill the process by signal).
#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let n = 100_000;
    let key80 = vec!["k"; 78].join(".");
    let cases: Vec<(&str, String)> = vec![
        ("arrays", format!("a = {}", "[".repeat(n))),
        (
            "closed-arrays",
            format!("a = {}1{}\n", "[".repeat(n), "]".repeat(n)),
        ),
        (
            "inline-tables",
            format!("a = {}1{}\n", "{b = ".repeat(n), "}".repeat(n)),
        ),
        (
            "mixed",
            format!("a = {}1{}\n", "[{b = ".repeat(n), "}]".repeat(n)),
        ),
        ("dotted-key", format!("{} = 1\n", vec!["a"; n].join("."))),
        ("table-header", format!("[{}]\n", vec!["a"; n].join("."))),
        (
            "array-of-tables",
            format!("[[{}]]\n", vec!["a"; n].join(".")),
        ),
        // Each level is within the parser's own limits, together 78 x 78 tables deep.
        (
            "dotted-inside-inline",
            format!(
                "a = {}1{}\n",
                format!("{{{key80} = ").repeat(78),
                "}".repeat(78)
            ),
        ),
    ];
    for (name, text) in cases {
        let project = Project::new("");
        project.write("policies/tools/deep.toml", &text);
        let run = project.lint();
        assert_eq!(run.code, 1, "{name}");
        let rules = run.rules_about("policies/tools/deep.toml");
        assert!(rules.contains(&"toml/syntax"), "{name}: {rules:?}");
        // The human report shows the offending line; it must not crash on it either.
        let (code, _, stderr) = project.run("human");
        assert_eq!(code, Some(1), "{name} (human): {stderr}");
    }
}

#[test]
fn reasonable_nesting_still_parses() {
    let project = Project::new("");
    let depth = 50;
    project.write(
        "policies/tools/nested.toml",
        format!(
            "{TOOL_HEAD}[extra]\nmatrix = {}1{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        ),
    );
    let run = project.lint();
    let rules = run.rules_about("policies/tools/nested.toml");
    assert!(!rules.contains(&"toml/syntax"), "{rules:?}");
}

#[test]
fn a_one_mebibyte_string_on_one_line_is_processed() {
    let project = Project::new("max_file_bytes = 4194304\n");
    project.write(
        "policies/tools/long.toml",
        format!(
            "{TOOL_HEAD}description = \"{}\"\nurl = \"not a url\"\n",
            "é".repeat(512 * 1024)
        ),
    );
    let run = project.lint();
    let rules = run.rules_about("policies/tools/long.toml");
    assert!(!rules.contains(&"toml/syntax"), "{rules:?}");
    // Positions after the long line are still right.
    assert_eq!(run.at("policies/tools/long.toml", "schema/format"), (7, 7));
}

#[test]
fn a_hundred_thousand_item_array_is_processed() {
    let project = Project::new("max_file_bytes = 4194304\n");
    let items = vec!["\"CSV\""; 100_000].join(", ");
    project.write(
        "policies/tools/formats.toml",
        format!("{TOOL_HEAD}[exit_plan]\nexport_formats = [{items}]\n"),
    );
    let run = project.lint();
    let rules = run.rules_about("policies/tools/formats.toml");
    assert!(!rules.contains(&"toml/syntax"), "{rules:?}");
    assert!(!rules.iter().any(|r| r.starts_with("schema/")), "{rules:?}");
}

/// The worst case for reporting: every item of a 100,000-item array on one line is wrong.
/// The first 100 findings of the rule in the file are listed in full (each with its exact
/// column), the rest only counted, so the report stays small and memory bounded; the counts
/// still say 100,000. (Before columns were indexed this was quadratic; before the cap the
/// report was 35 MB.)
#[test]
fn a_hundred_thousand_findings_on_one_line_are_counted_and_the_first_listed() {
    let project = Project::new("max_file_bytes = 4194304\n");
    let items = vec!["1"; 100_000].join(", ");
    project.write(
        "policies/tools/ints.toml",
        format!("{TOOL_HEAD}[exit_plan]\nexport_formats = [{items}]\n"),
    );
    let run = project.lint_within(Duration::from_secs(180));
    let about = run.about("policies/tools/ints.toml");
    let types: Vec<&Value> = about
        .into_iter()
        .filter(|d| d["rule"] == "schema/type")
        .collect();
    assert_eq!(types.len(), 100);
    // `export_formats = [` is 18 characters, then `1, ` per item: the 100th item.
    let columns: Vec<u64> = types
        .iter()
        .map(|d| d["column"].as_u64().unwrap())
        .collect();
    assert_eq!(columns.iter().max(), Some(&(18 + 99 * 3 + 1)));
    let last = types
        .iter()
        .find(|d| d["omitted"].is_u64())
        .expect("a counting finding");
    assert_eq!(last["omitted"], 99_900);
    assert!(
        last["message"]
            .as_str()
            .unwrap()
            .ends_with("(99900 more like this in this file are counted but not listed)"),
        "{last}"
    );
    assert_eq!(run.json["summary"]["errors"], 100_003);
    assert!(run.stdout.len() < 200_000, "{} bytes", run.stdout.len());
}

/// The human report shows a snippet of the file for every finding it lists: on one 300 KB
/// line, whole lines would make each finding 300 KB. Snippets are clipped to a window around
/// each span, and only the first 100 findings of a rule in a file are listed.
#[test]
fn a_hundred_thousand_findings_on_one_line_render_for_humans_in_bounded_time() {
    let project = Project::new("max_file_bytes = 4194304\n");
    let items = vec!["1"; 100_000].join(", ");
    project.write(
        "policies/tools/ints.toml",
        format!("{TOOL_HEAD}[exit_plan]\nexport_formats = [{items}]\n"),
    );
    let (code, stdout, stderr) = project.run_within("human", Duration::from_secs(180));
    assert_eq!(code, Some(1), "{stderr}");
    // About a kilobyte a finding listed.
    assert!(
        stdout.len() < 110 * 2048,
        "{} bytes of output",
        stdout.len()
    );
    assert!(
        stdout.contains(
            "100003 errors must be fixed before the change can be merged; 2 warnings should be looked at."
        ),
        "{:.2000}",
        &stdout[stdout.len().saturating_sub(2000)..]
    );
    // The last item listed, in the block of that rule's findings: its line and column are
    // the file's.
    assert!(
        stdout.contains(&format!("policies/tools/ints.toml:7:{}  ", 18 + 99 * 3 + 1)),
        "no header for the last item listed"
    );
    // miette wraps the message at 100 columns: look for its start.
    assert!(stdout.contains("(99900 more"), "no count of the rest");
}

// ---------------------------------------------------------------------------------------
// Output is data: user text never reaches a terminal as codes

mod common;

use common::hostile::{self, assert_no_hidden_characters};

/// `steward ARGS` on the hostile pull request: (exit code, stdout), after checking that it
/// ran and that neither stdout nor stderr holds a hidden character.
fn shown_by(repo: &common::git::GitRepo, args: &[&str]) -> (i32, String) {
    let (code, stdout, stderr) = repo.steward(args);
    assert!(
        code == 0 || code == 1,
        "steward {args:?}: exit {code}: {stderr}"
    );
    assert_no_hidden_characters(&format!("the output of steward {args:?}"), &stdout);
    assert_no_hidden_characters(&format!("the errors of steward {args:?}"), &stderr);
    (code, stdout)
}

/// The tool name of issue 13 would set the window title, clear the screen and print a fake
/// "No problems found" in green. In every human format it shows as text, escapes written out,
/// and the fake result never starts a line.
#[test]
fn terminal_codes_in_user_text_are_shown_not_run() {
    let repo = hostile::repository();
    let today = common::TODAY;
    let runs: [(&[&str], &str); 13] = [
        (&["lint", "--today", today], hostile::TERMINAL_SHOWN),
        (
            &["lint", "--today", today, "--format", "github"],
            hostile::TERMINAL_SHOWN,
        ),
        (
            &["lint", "--today", today, "--format", "markdown"],
            "\\\\u{1b}\\]0;owned",
        ),
        (&["diff", "HEAD~1", "HEAD"], hostile::TERMINAL_SHOWN),
        (
            &["diff", "HEAD~1", "HEAD", "--format", "markdown"],
            "\\\\u{1b}\\]0;owned",
        ),
        (&["review", "--today", today], hostile::TERMINAL_SHOWN),
        (
            &["review", "--today", today, "--format", "markdown"],
            "\\\\u{1b}\\]0;owned",
        ),
        (&["report", "tools"], hostile::TERMINAL_SHOWN),
        (
            &["report", "tools", "--format", "csv"],
            hostile::TERMINAL_SHOWN,
        ),
        (
            &["report", "budget"],
            "IT | <img src=x> @team \\u{1b}[2J (it)",
        ),
        (
            &["report", "people", "--today", today],
            "IT | <img src=x> @team \\u{1b}[2J (it)",
        ),
        (
            &["report", "people", "--today", today, "--format", "csv"],
            "IT | <img src=x> @team \\u{1b}[2J",
        ),
        (&["changelog"], "\\\\u{1b}\\]0;owned"),
    ];
    for (args, expected) in runs {
        let (_, stdout) = shown_by(&repo, args);
        assert!(
            stdout.contains(expected),
            "steward {args:?} does not show {expected:?}:\n{stdout}"
        );
        assert!(
            !stdout
                .lines()
                .any(|l| l.trim_start().starts_with("No problems found")),
            "steward {args:?} shows a fake result:\n{stdout}"
        );
    }
    // The human lint report's own summary is still its last line.
    let (code, stdout) = shown_by(&repo, &["lint", "--today", today]);
    assert_eq!(code, 1);
    assert!(
        stdout.ends_with(
            "\n10 errors must be fixed before the change can be merged; 6 warnings should be looked at.\n"
        ),
        "{stdout}"
    );
    // A key of steward.toml, quoted by config/unknown-rule, and a waiver's rule code.
    for quoted in [
        format!("there is no rule \"{}\"", hostile::RULE_KEY_SHOWN),
        format!("this waiver names \"{}\"", hostile::WAIVER_SHOWN),
    ] {
        assert!(stdout.contains(&quoted), "{quoted:?} not in:\n{stdout}");
    }
}

/// A right-to-left override (U+202E) makes `Chat<U+202E>gpj.exe` read as `Chatexe.jpg`; a zero-width space
/// makes two names look alike. The terminal shows them by name.
#[test]
fn bidi_and_invisible_characters_are_shown_by_name() {
    let repo = hostile::repository();
    let today = common::TODAY;
    for args in [
        &["lint", "--today", today][..],
        &["lint", "--today", today, "--format", "github"],
        &["diff", "HEAD~1", "HEAD"],
        &["review", "--today", today],
        &["report", "tools"],
        &["report", "tools", "--format", "csv"],
        &["report", "people", "--today", today],
    ] {
        let (_, stdout) = shown_by(&repo, args);
        assert!(
            stdout.contains(hostile::BIDI_SHOWN),
            "steward {args:?} does not show {:?}:\n{stdout}",
            hostile::BIDI_SHOWN
        );
    }
    // In the diff, a person's changed name, with its own words.
    let (_, stdout) = shown_by(&repo, &["diff", "HEAD~1", "HEAD"]);
    assert!(
        stdout.contains(&format!(
            "  people.ben.name: Ben Okoro → {} @everyone\n",
            hostile::BIDI_SHOWN
        )),
        "{stdout}"
    );
}

/// CSV for spreadsheets: no control codes, formulas stay text, numbers stay numbers.
#[test]
fn csv_cells_hold_no_codes_and_no_formulas() {
    let repo = hostile::repository();
    let (_, budget) = shown_by(&repo, &["report", "budget", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(budget.as_bytes());
    let header = reader.headers().expect("a header").clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let cell = |row: &csv::StringRecord, name: &str| {
        let i = header.iter().position(|h| h == name).expect("a column");
        row[i].to_string()
    };
    assert_eq!(rows.len(), 1, "{budget}");
    assert_eq!(
        cell(&rows[0], "description"),
        format!("'{}", hostile::FORMULA)
    );
    assert_eq!(
        cell(&rows[0], "department_name"),
        "IT | <img src=x> @team \\u{1b}[2J"
    );
    assert_eq!(cell(&rows[0], "amount"), "150");
    assert_eq!(cell(&rows[0], "allocation"), "1000");

    let (_, tools) = shown_by(&repo, &["report", "tools", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(tools.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let evil = rows
        .iter()
        .find(|r| &r[0] == "evil")
        .expect("the evil tool");
    assert_eq!(&evil[1], hostile::TERMINAL_SHOWN);
}

/// Errors quote revision names and steward.toml's keys; they are shown on one line, escaped.
#[test]
fn errors_show_revision_names_and_configuration_keys_escaped() {
    let repo = hostile::repository();
    let (code, stdout, stderr) = repo.steward(&["diff", "\u{1b}[2Jmain\u{202E}\nerror: fake"]);
    assert_eq!(code, 2, "{stdout}");
    assert_no_hidden_characters("the error", &stderr);
    assert!(
        stderr.starts_with("error: unknown revision \"\\u{1b}[2Jmain<U+202E>\\nerror: fake\""),
        "{stderr}"
    );
    assert_eq!(
        stderr.lines().filter(|l| l.starts_with("error:")).count(),
        1,
        "{stderr}"
    );

    repo.write("steward.toml", "\"\\u001b[2J\\u202Eroot\" = \"policies\"\n");
    let (code, _, stderr) = repo.steward(&["lint"]);
    assert_eq!(code, 2);
    assert_no_hidden_characters("the error", &stderr);
    assert!(stderr.contains("\\u{1b}[2J<U+202E>root"), "{stderr}");
}

/// A file that does not parse is shown by its lines: the raw ESC and the right-to-left
/// override in the line are written out, and the underline stays under the character the
/// parser stopped at, after the escapes. The file's name holds an ESC too.
#[test]
fn a_snippet_with_terminal_codes_is_shown_escaped_with_the_underline_in_place() {
    let project = Project::new("");
    project.write(
        "policies/tools/chat\u{1b}[2J.toml",
        "name = \"\u{202E}ab\u{1b}[2J\"\nvendor = \"V\"\n",
    );
    let (code, stdout, stderr) = project.run("human");
    assert_eq!(code, Some(1), "{stderr}");
    assert_no_hidden_characters("the human report", &stdout);
    insta::assert_snapshot!("snippet_with_terminal_codes_human", stdout);
}
