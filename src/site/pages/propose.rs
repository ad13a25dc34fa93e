//! Propose a change (`propose.html`): how a committee member who never uses a terminal
//! proposes one. With the repository's address, every tool, policy and budget file has a
//! link to GitHub's web editor (which opens a pull request), and a new tool starts from the
//! template `steward new tool` writes.

use serde::Serialize;

use super::Page;
use crate::scaffold::{ToolFields, tool};
use crate::site::gather::Site;
use crate::site::view::{Part, short};

#[derive(Serialize)]
struct Propose {
    new_tool: Option<Part>,
    groups: Vec<Group>,
}

#[derive(Serialize)]
struct Group {
    title: &'static str,
    files: Vec<FileLink>,
}

#[derive(Serialize)]
struct FileLink {
    page: Part,
    edit: Part,
}

/// The file a new tool starts from: `steward new tool`'s template with placeholders to
/// replace.
fn new_tool_text(site: &Site<'_>) -> String {
    let department = site
        .tree
        .org
        .iter()
        .flat_map(|o| o.departments.keys())
        .next()
        .cloned();
    let owner = site
        .tree
        .org
        .iter()
        .flat_map(|o| o.people.keys())
        .next()
        .cloned();
    tool(&ToolFields {
        name: "New tool".to_string(),
        vendor: "Who sells it".to_string(),
        category: "what it is for".to_string(),
        description: Some("What we would use it for.".to_string()),
        status: "trial".to_string(),
        department: department.unwrap_or_else(|| "department-id".to_string()),
        owner: owner.unwrap_or_else(|| "person-id".to_string()),
        last_reviewed: site.today,
        ..ToolFields::default()
    })
}

/// GitHub's editor on a new tool file, filled with the template when the address can hold
/// it (else empty); `None` without `--repo-url`.
pub fn new_tool_link(site: &Site<'_>) -> Option<Part> {
    site.editor.as_ref().map(|editor| {
        let folder = site.repo_file("tools");
        let link = |text: &str| {
            Part::built(
                "Propose a new tool",
                &editor.new_file(&folder, "new-tool.toml", text),
            )
        };
        let filled = link(&new_tool_text(site));
        if filled.href.is_some() {
            filled
        } else {
            link("")
        }
    })
}

pub fn page(site: &Site<'_>) -> Page {
    let root = "";
    let new_tool = new_tool_link(site);
    let mut groups = Vec::new();
    if let Some(editor) = &site.editor {
        let link = |page: Part, tree_path: &str| FileLink {
            page,
            edit: Part::external(
                format!("Edit {}", short(&site.repo_file(tree_path))),
                &editor.edit(&site.repo_file(tree_path)),
            ),
        };
        groups.push(Group {
            title: "Tools",
            files: site
                .tree
                .tools
                .values()
                .map(|t| link(site.tool_link(root, &t.entity.id), &t.entity.path))
                .collect(),
        });
        groups.push(Group {
            title: "Policies",
            files: site
                .tree
                .policies
                .values()
                .map(|p| link(site.policy_link(root, &p.entity.id), &p.entity.path))
                .collect(),
        });
        groups.push(Group {
            title: "Budgets",
            files: site
                .tree
                .budgets
                .values()
                .map(|b| {
                    let page = match site.year_pages.get(&b.fiscal_year) {
                        Some(page) => Part::link(
                            format!(
                                "{} budget {}",
                                site.department_name(&b.department),
                                short(&b.fiscal_year)
                            ),
                            page.clone(),
                        ),
                        None => Part::text(short(&b.entity.path)),
                    };
                    link(page, &b.entity.path)
                })
                .collect(),
        });
        if let Some(org) = &site.tree.org {
            groups.push(Group {
                title: "People and departments",
                files: vec![link(Part::link("People", "people.html"), &org.entity.path)],
            });
        }
    }
    Page::new(
        "propose.html".to_string(),
        "propose.html",
        "Propose a change".to_string(),
        "propose",
        &Propose { new_tool, groups },
    )
}
