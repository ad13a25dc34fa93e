//! From raw files to a model: classify each path, parse and validate every TOML file in
//! parallel (schemas compiled once), and build the typed tree. Every problem met on the way
//! (unreadable files, syntax, schema, ids) becomes a finding; nothing stops the load.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::document::{Document, SourceFile};
use crate::finding::{Finding, Location, Subject};
use crate::layout::{self, Kind, Layout, Role};
use crate::model::{Budget, Entity, Org, Policy, Tool, Tree};
use crate::rules::input;
use crate::schema::{SchemaFile, Schemas};
use crate::source::{FileProblem, RawFile};

/// The result of loading a tree.
#[derive(Debug)]
pub struct Loaded {
    pub tree: Tree,
    pub findings: Vec<Finding>,
    /// How many files were looked at (documentation excluded).
    pub files: usize,
    pub schemas: Schemas,
}

/// One file after parsing and validation.
struct LoadedFile {
    path: String,
    kind: Kind,
    id: String,
    fiscal_year: Option<String>,
    source: Arc<SourceFile>,
    /// The typed entity, built in the parallel phase; `None` when the file does not parse.
    typed: Option<Typed>,
    findings: Vec<Finding>,
}

/// A parsed file as the model sees it. Building it is pure (it reads only the file's own
/// document), so it is done in parallel with parsing even for a file that turns out to be a
/// duplicate and is dropped.
enum Typed {
    Org(Org),
    /// Boxed: a tool is the largest entity, and most files of a tree are tools or budgets.
    Tool(Box<Tool>),
    Policy(Policy),
    Budget(Budget),
    Custom(Entity),
}

/// A file to parse: its path, kind, id, fiscal year, and the path shown to people with its
/// text (turned into a [`SourceFile`] in the parallel phase).
type EntityFile = (String, Kind, String, Option<String>, String, String);

/// What parsing and validating a file depends on besides its path and text: the prefix its
/// path is shown with, and the schemas in effect (the tree's overrides, the declared kinds').
#[derive(PartialEq)]
struct ParseContext {
    prefix: String,
    schemas: Vec<(String, Arc<str>)>,
    kinds: Vec<DeclaredKind>,
}

/// A declared kind as parsing depends on it: its name, its path pattern, and its schema's
/// path and text (none for a kind checked for syntax only).
type DeclaredKind = (&'static str, String, Option<(String, Arc<str>)>);

/// A file of the previous load, as parsed and validated.
struct Previous {
    kind: Kind,
    id: String,
    fiscal_year: Option<String>,
    source: Arc<SourceFile>,
    doc: Option<Arc<Document>>,
    /// The file's own findings (syntax, schema).
    findings: Vec<Finding>,
}

/// The previous load's files by path, with the context they were parsed in. A file with the
/// same path and text in the next load in the same context is not parsed again: `steward diff`
/// and `lint --new-only` load two revisions that share most files. Only one load is kept, and
/// only when its caller said a second load follows ([`Keep::ForNextLoad`]); the documents it
/// holds are shared with that load's tree (no copies).
static PREVIOUS: Mutex<Option<(ParseContext, HashMap<String, Previous>)>> = Mutex::new(None);

/// Whether a load keeps its parsed files for the next one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// Another version of the same tree is loaded next (after the base of a diff, the
    /// worktree of `lint --new-only`, the tree `new` and `import` check their files in): keep
    /// this load's parsed files so that the unchanged ones are reused.
    ForNextLoad,
    /// Nothing follows: keeping a copy of every file's findings would only raise the peak
    /// memory of a plain lint.
    Nothing,
}

/// Loads a tree from its raw files. `prefix` turns tree-relative paths into the paths shown
/// to people (relative to the project directory). Files kept by the previous load are reused;
/// none are kept for the next.
pub fn load(files: Vec<RawFile>, prefix: &str, layout: &Layout) -> Loaded {
    load_keeping(files, prefix, layout, Keep::Nothing)
}

/// [`load`], keeping this load's parsed files for the next one when `keep` says so.
pub fn load_keeping(files: Vec<RawFile>, prefix: &str, layout: &Layout, keep: Keep) -> Loaded {
    let mut findings = Vec::new();
    let mut schema_files = Vec::new();
    let mut entity_files: Vec<EntityFile> = Vec::new();
    // Entities whose file exists but could not be read: like files that do not parse,
    // references to them are not reported as unknown (the file's own finding says why).
    let mut unreadable = Vec::new();
    let mut counted = 0;
    for file in files {
        let role = layout.classify(&file.path);
        // Documentation is not checked, but a problem with the entry itself (a name that is
        // not UTF-8, a submodule) is reported whatever its name.
        if role == Role::Documentation && file.content.is_ok() {
            continue;
        }
        counted += 1;
        let text = match file.content {
            Ok(text) => text,
            Err(problem) => {
                if let Role::Entity { kind, id, .. } = &role {
                    unreadable.push((*kind, id.clone()));
                }
                findings.push(problem_finding(&file.path, prefix, problem));
                continue;
            }
        };
        let shown = format!("{prefix}{}", file.path);
        match role {
            Role::Schema => schema_files.push(SchemaFile {
                name: file.path.trim_start_matches("schemas/").to_string(),
                source: Arc::new(SourceFile::new(shown, &text)),
            }),
            // Most files: their SourceFile (line index) is built in the parallel phase.
            Role::Entity {
                kind,
                id,
                fiscal_year,
            } => entity_files.push((file.path, kind, id, fiscal_year, shown, text)),
            Role::Unrecognized { hint } => findings.push(Finding::new(
                &input::FILE_UNRECOGNIZED,
                Location::new(&Arc::new(SourceFile::new(shown, &text)), 0..0),
                Subject {
                    entity: file.path.clone(),
                    field: String::new(),
                },
                "this file does not belong in the policy tree's layout",
                format!("{hint} Move or rename the file, or delete it if it is not needed."),
            )),
            Role::Documentation => {}
        }
    }

    let (schemas, schema_findings) = Schemas::load(&schema_files, &layout.custom);
    findings.extend(schema_findings);

    let context = ParseContext {
        prefix: prefix.to_string(),
        schemas: schema_files
            .iter()
            .map(|f| (f.name.clone(), Arc::clone(&f.source.text)))
            .collect(),
        kinds: layout
            .custom
            .iter()
            .map(|k| {
                let schema = k
                    .schema
                    .as_ref()
                    .map(|schema| (schema.path.clone(), Arc::clone(&schema.text)));
                (k.kind.as_str(), k.pattern.clone(), schema)
            })
            .collect(),
    };
    let previous = PREVIOUS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .take()
        .filter(|(c, _)| *c == context)
        .map(|(_, files)| files)
        .unwrap_or_default();
    let parsed: Vec<LoadedFile> = match keep {
        Keep::Nothing => entity_files
            .into_par_iter()
            .map(|file| parse_or_reuse(file, &previous, &schemas).0)
            .collect(),
        Keep::ForNextLoad => {
            let (parsed, kept): (Vec<LoadedFile>, Vec<(String, Previous)>) = entity_files
                .into_par_iter()
                .map(|file| {
                    let (parsed, doc) = parse_or_reuse(file, &previous, &schemas);
                    let kept = Previous {
                        kind: parsed.kind,
                        id: parsed.id.clone(),
                        fiscal_year: parsed.fiscal_year.clone(),
                        source: Arc::clone(&parsed.source),
                        doc,
                        findings: parsed.findings.clone(),
                    };
                    let path = parsed.path.clone();
                    (parsed, (path, kept))
                })
                .unzip();
            *PREVIOUS
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()) =
                Some((context, kept.into_iter().collect()));
            parsed
        }
    };
    drop(previous);

    let mut tree = build_tree(parsed, &mut findings);
    tree.unparsed.extend(unreadable);
    Loaded {
        tree,
        findings,
        files: counted,
        schemas,
    }
}

/// One file of this load, with its document when it parses: reused from the previous load
/// when that load had the same file with the same text, parsed and validated otherwise.
fn parse_or_reuse(
    (path, kind, id, fiscal_year, shown, text): EntityFile,
    previous: &HashMap<String, Previous>,
    schemas: &Schemas,
) -> (LoadedFile, Option<Arc<Document>>) {
    let same = previous.get(&path).filter(|p| {
        p.kind == kind
            && p.id == id
            && p.fiscal_year == fiscal_year
            && *p.source.text == *text.strip_prefix('\u{feff}').unwrap_or(&text)
    });
    let (source, doc, findings) = match same {
        Some(p) => (Arc::clone(&p.source), p.doc.clone(), p.findings.clone()),
        None => {
            let source = Arc::new(SourceFile::new(shown, &text));
            drop(text);
            let (doc, findings) = parse_and_validate(schemas, &path, kind, &source);
            (source, doc, findings)
        }
    };
    let typed = doc
        .clone()
        .map(|doc| typed(kind, &id, &path, fiscal_year.as_deref(), doc));
    let file = LoadedFile {
        path,
        kind,
        id,
        fiscal_year,
        source,
        typed,
        findings,
    };
    (file, doc)
}

/// Parses and validates one file: its document, if it parses, and its own findings.
fn parse_and_validate(
    schemas: &Schemas,
    path: &str,
    kind: Kind,
    source: &Arc<SourceFile>,
) -> (Option<Arc<Document>>, Vec<Finding>) {
    match Document::parse(Arc::clone(source)) {
        Ok(doc) => {
            let findings = schemas.validate(kind, &doc, path);
            (Some(Arc::new(doc)), findings)
        }
        Err(errors) => {
            let findings = errors
                .into_iter()
                .map(|e| {
                    Finding::new(
                        &input::TOML_SYNTAX,
                        Location::new(source, e.span),
                        Subject {
                            entity: path.to_string(),
                            field: String::new(),
                        },
                        format!("this is not valid TOML: {}", e.message),
                        "fix the syntax here; the rest of this file is checked once it parses",
                    )
                })
                .collect();
            (None, findings)
        }
    }
}

/// The typed entity of a file that parsed.
fn typed(kind: Kind, id: &str, path: &str, fiscal_year: Option<&str>, doc: Arc<Document>) -> Typed {
    let entity = Entity::new(kind, id, path, doc);
    match kind {
        Kind::Org => Typed::Org(Org::from_entity(entity)),
        Kind::Tool => Typed::Tool(Box::new(Tool::from_entity(entity))),
        Kind::Policy => Typed::Policy(Policy::from_entity(entity)),
        Kind::Budget => Typed::Budget(Budget::from_entity(entity, fiscal_year.unwrap_or_default())),
        Kind::Custom(_) => Typed::Custom(entity),
    }
}

/// Builds the typed tree and reports invalid and duplicate ids.
fn build_tree(mut parsed: Vec<LoadedFile>, findings: &mut Vec<Finding>) -> Tree {
    // When two files define the same entity (`Google_Drive.toml`, `google-drive.toml`), keep
    // the one whose name is a valid id, since that is what references use, and report the
    // other as the duplicate. The sort is stable: otherwise files keep their path order.
    parsed.sort_by_key(|file| {
        !(layout::is_valid_id(&file.id)
            && file.fiscal_year.as_deref().is_none_or(layout::is_valid_id))
    });
    let mut tree = Tree::default();
    // (kind, fiscal year, normalized id) -> first path (as shown to people), to report
    // duplicates.
    let mut seen: HashMap<(Kind, Option<String>, String), String> = HashMap::new();
    let mut budgets_by_path: BTreeMap<String, Budget> = BTreeMap::new();
    // One reservation for every file's own findings: on a messy tree they are most of the
    // findings, and a vector grown by doubling holds up to twice their size at the peak.
    findings.reserve(parsed.iter().map(|file| file.findings.len()).sum());
    for file in parsed {
        findings.extend(file.findings);
        let file_start = Location::new(&file.source, 0..0);
        if kind_needs_id_check(file.kind) {
            for (what, value) in [
                ("file name", Some(&file.id)),
                ("fiscal-year folder", file.fiscal_year.as_ref()),
            ] {
                if let Some(value) = value
                    && !layout::is_valid_id(value)
                {
                    findings.push(Finding::new(
                        &input::ID_INVALID,
                        file_start.clone(),
                        Subject {
                            entity: file.path.clone(),
                            field: String::new(),
                        },
                        format!("the {what} \"{value}\" is not a valid id"),
                        format!(
                            "rename it to \"{}\": ids are lowercase letters, digits and dashes",
                            layout::normalize_id(value)
                        ),
                    ));
                }
            }
            // References written with the id the file should have (`google-drive` for
            // Google_Drive.toml) are not unknown: id/invalid already says to rename the file.
            if !layout::is_valid_id(&file.id) {
                tree.unparsed
                    .insert((file.kind, layout::normalize_id(&file.id)));
            }
        }
        let key = if file.kind.is_builtin() {
            (
                file.kind,
                file.fiscal_year.as_deref().map(layout::normalize_id),
                layout::normalize_id(&file.id),
            )
        } else {
            (file.kind, None, file.path.clone())
        };
        if let Some(first) = seen.get(&key) {
            findings.push(Finding::new(
                &input::ID_DUPLICATE,
                file_start,
                Subject {
                    entity: file.path.clone(),
                    field: String::new(),
                },
                format!(
                    "{} and {first} define the same {}",
                    file.source.path, file.kind
                ),
                "keep one of the two files and merge what the other says into it",
            ));
            continue;
        }
        seen.insert(key, file.source.path.clone());

        let Some(typed) = file.typed else {
            tree.unparsed.insert((file.kind, file.id));
            continue;
        };
        match typed {
            Typed::Org(org) => tree.org = Some(org),
            Typed::Tool(tool) => {
                tree.tools.insert(file.id, tool);
            }
            Typed::Policy(policy) => {
                tree.policies.insert(file.id, policy);
            }
            Typed::Budget(budget) => {
                budgets_by_path.insert(file.path, budget);
            }
            Typed::Custom(entity) => {
                tree.custom.insert(file.path, entity);
            }
        }
    }
    for budget in budgets_by_path.into_values() {
        tree.budgets.insert(
            (budget.fiscal_year.clone(), budget.department.clone()),
            budget,
        );
    }
    tree
}

/// File names are ids for the built-in kinds (other files refer to them); a declared kind's
/// files are named as its registry likes.
fn kind_needs_id_check(kind: Kind) -> bool {
    kind != Kind::Org && kind.is_builtin()
}

fn problem_finding(path: &str, prefix: &str, problem: FileProblem) -> Finding {
    let display = format!("{prefix}{path}");
    let subject = Subject {
        entity: path.to_string(),
        field: String::new(),
    };
    let empty = |display: &str| Arc::new(SourceFile::new(display, ""));
    match problem {
        FileProblem::TooLarge { size, limit } => Finding::new(
            &input::FILE_TOO_LARGE,
            Location::new(&empty(&display), 0..0),
            subject,
            format!("this file is {size} bytes, over the limit of {limit} bytes, and was not read"),
            "policy files are small: split it, or raise max_file_bytes in steward.toml if it really must be this big",
        ),
        FileProblem::NotUtf8 { valid_up_to, text } => {
            let source = Arc::new(SourceFile::new(display, &text));
            let offset = valid_up_to.min(source.text.len());
            Finding::new(
                &input::FILE_NOT_UTF8,
                Location::new(&source, offset..offset),
                subject,
                "this file is not UTF-8 text; the first bad byte is here",
                "save the file as UTF-8 in your editor (\"Save with encoding\" > UTF-8)",
            )
        }
        // Where the link points is not said: it may name a place on the machine that the
        // pull request's author should not learn about from the job's log.
        FileProblem::SymlinkOutside { .. } => Finding::new(
            &input::FILE_SYMLINK_OUTSIDE,
            Location::new(&empty(&display), 0..0),
            subject,
            "this is a link that leads outside the policy tree (or into a hidden folder such as .git); it was not followed",
            "replace the link with the file itself",
        ),
        FileProblem::NameNotUtf8 { name } => Finding::new(
            &input::FILE_UNRECOGNIZED,
            Location::new(&empty(&display), 0..0),
            subject,
            format!(
                "the name {name} is not UTF-8 text (each byte that is not is shown as \\xNN), so it was not read, nor anything inside it"
            ),
            "rename it with UTF-8 letters (an id uses lowercase letters, digits and dashes)",
        ),
        FileProblem::Submodule => Finding::new(
            &input::FILE_SUBMODULE,
            Location::new(&empty(&display), 0..0),
            subject,
            "this folder is a git submodule (another repository): its files are not checked",
            "move the policy files into this repository, or run steward in the submodule's own repository",
        ),
        FileProblem::Unreadable { message } => Finding::new(
            &input::FILE_UNREADABLE,
            Location::new(&empty(&display), 0..0),
            subject,
            format!("this could not be read: {message}"),
            "check its permissions (the rest of the tree was still checked)",
        ),
    }
}
