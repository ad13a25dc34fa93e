//! Fills the templates embedded in the binary (`templates/`, through `include_str!`: nothing
//! is read from disk at run time) with the page models, in parallel.
//!
//! Every value a template writes goes through [`write_value`]: user text is first shown
//! visibly ([`crate::render::visible`]: control, bidi and invisible characters written out,
//! as in every other human format), then escaped for HTML by minijinja's own escaping (the
//! templates are `.html`, so auto-escaping is on for all of them). Nothing in a model is
//! marked safe: a tool named `<script>` is text wherever it appears.

use minijinja::value::Value;
use minijinja::{
    AutoEscape, Environment, Error as TemplateError, ErrorKind, HtmlEscape, Output, State, context,
    escape_formatter,
};
use rayon::prelude::*;

use super::SiteFile;
use super::gather::Site;
use super::links::root_of;
use super::pages::Page;
use crate::error::Error;
use crate::render::visible::{Layout, visible};

/// The templates, by name.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("templates/base.html")),
    ("macros.html", include_str!("templates/macros.html")),
    ("overview.html", include_str!("templates/overview.html")),
    ("tools.html", include_str!("templates/tools.html")),
    ("tool.html", include_str!("templates/tool.html")),
    ("policies.html", include_str!("templates/policies.html")),
    ("policy.html", include_str!("templates/policy.html")),
    (
        "departments.html",
        include_str!("templates/departments.html"),
    ),
    ("department.html", include_str!("templates/department.html")),
    ("budgets.html", include_str!("templates/budgets.html")),
    ("budget.html", include_str!("templates/budget.html")),
    ("people.html", include_str!("templates/people.html")),
    ("calendar.html", include_str!("templates/calendar.html")),
    ("changes.html", include_str!("templates/changes.html")),
    ("propose.html", include_str!("templates/propose.html")),
];

/// The stylesheet and the script, written beside the pages.
const STYLESHEET: &str = include_str!("assets/site.css");
const SCRIPT: &str = include_str!("assets/site.js");
pub const STYLESHEET_PATH: &str = "assets/site.css";
pub const SCRIPT_PATH: &str = "assets/site.js";

/// What the pages allow themselves to load: their own stylesheet and script, nothing else
/// (no other site, no inline script or style); images only from the site or inline data.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

/// The navigation, in order: (section, label, page).
const NAVIGATION: &[(&str, &str, &str)] = &[
    ("overview", "Overview", "index.html"),
    ("tools", "Tools", "tools/index.html"),
    ("policies", "Policies", "policies/index.html"),
    ("departments", "Departments", "departments/index.html"),
    ("budgets", "Budgets", "budgets/index.html"),
    ("people", "People", "people.html"),
    ("calendar", "Calendar", "calendar.html"),
    ("changes", "Changes", "changes.html"),
    ("propose", "Propose a change", "propose.html"),
];

/// Writes a value into the page: user text visibly and escaped; anything else as minijinja
/// would.
fn write_value(out: &mut Output, state: &mut State, value: &Value) -> Result<(), TemplateError> {
    if !value.is_safe()
        && let Some(text) = value.as_str()
    {
        let shown = visible(text, Layout::Lines);
        if let std::borrow::Cow::Owned(shown) = shown {
            return escape_formatter(out, state, &Value::from(shown));
        }
    }
    escape_formatter(out, state, value)
}

/// A [`super::view::Part`] as HTML: `<a href="HREF">TEXT</a>` (with `rel="noopener
/// noreferrer"` when it leads elsewhere), or the text alone. Written in Rust rather than as a
/// template macro because pages hold hundreds of thousands of them (a macro call costs more
/// than the rest of the page); every piece is escaped exactly as [`write_value`] does.
fn push_part(html: &mut String, part: &Value) -> Result<(), TemplateError> {
    use std::fmt::Write;
    let text = |key: &str| -> Result<Option<String>, TemplateError> {
        let value = part.get_attr(key)?;
        if value.is_undefined() {
            return Err(TemplateError::new(
                ErrorKind::UndefinedError,
                format!("a link without {key}"),
            ));
        }
        Ok(value.as_str().map(escaped))
    };
    let label = text("text")?.unwrap_or_default();
    let href = text("href")?.filter(|h| !h.is_empty());
    let _ = match href {
        Some(href) if part.get_attr("external")?.is_true() => write!(
            html,
            "<a href=\"{href}\" rel=\"noopener noreferrer\">{label}</a>"
        ),
        Some(href) => write!(html, "<a href=\"{href}\">{label}</a>"),
        None => write!(html, "{label}"),
    };
    Ok(())
}

/// `link(part)` in a template.
fn link_function(part: Value) -> Result<Value, TemplateError> {
    let mut html = String::new();
    push_part(&mut html, &part)?;
    Ok(Value::from_safe_string(html))
}

/// `words(parts)` in a template: the parts one after the other.
fn words_function(parts: Value) -> Result<Value, TemplateError> {
    let mut html = String::new();
    for part in parts.try_iter()? {
        push_part(&mut html, &part)?;
    }
    Ok(Value::from_safe_string(html))
}

/// Escapes user text as [`write_value`] does.
fn escaped(text: &str) -> String {
    HtmlEscape(&visible(text, Layout::Lines)).to_string()
}

/// `facts(list)` in a template: the [`super::view::Fact`]s as a definition list, each value
/// with what its field means (a tool page has dozens; see [`push_part`] for why in Rust).
fn facts_function(list: Value) -> Result<Value, TemplateError> {
    let mut html = String::from("<dl class=\"facts\">");
    for fact in list.try_iter()? {
        let label = fact.get_attr("label")?;
        let note = fact.get_attr("note")?;
        let Some(label) = label.as_str() else {
            return Err(TemplateError::new(
                ErrorKind::UndefinedError,
                "a fact without its label",
            ));
        };
        html.push_str("\n<div><dt>");
        html.push_str(&escaped(label));
        html.push_str("</dt><dd>");
        for part in fact.get_attr("value")?.try_iter()? {
            push_part(&mut html, &part)?;
        }
        if let Some(note) = note.as_str().filter(|n| !n.is_empty()) {
            html.push_str(" <span class=\"note\">");
            html.push_str(&escaped(note));
            html.push_str("</span>");
        }
        html.push_str("</dd></div>");
    }
    html.push_str("\n</dl>");
    Ok(Value::from_safe_string(html))
}

fn environment() -> Result<Environment<'static>, TemplateError> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.set_formatter(write_value);
    env.add_function("link", link_function);
    env.add_function("words", words_function);
    env.add_function("facts", facts_function);
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    for (name, source) in TEMPLATES {
        env.add_template(name, source)?;
    }
    Ok(env)
}

fn failed(error: &TemplateError) -> Error {
    Error::Output(std::io::Error::other(format!(
        "a page of the site could not be made: {error}"
    )))
}

/// Renders every page.
pub fn render(site: &Site<'_>, pages: Vec<Page>) -> Result<Vec<SiteFile>, Error> {
    let env = environment().map_err(|e| failed(&e))?;
    let navigation: Vec<Value> = NAVIGATION
        .iter()
        .map(|(section, label, page)| context! { section => *section, label => *label, page => *page })
        .collect();
    let navigation = Value::from(navigation);
    pages
        .into_par_iter()
        .map(|page| {
            let root = root_of(&page.path);
            let template = env.get_template(page.template).map_err(|e| failed(&e))?;
            let html = template
                .render(context! {
                    root => root.as_str(),
                    site_title => site.title.as_str(),
                    page_title => page.title,
                    section => page.section,
                    navigation => navigation.clone(),
                    csp => CONTENT_SECURITY_POLICY,
                    stylesheet => format!("{root}{STYLESHEET_PATH}"),
                    script => format!("{root}{SCRIPT_PATH}"),
                    today => crate::words::long_date(site.today),
                    page => page.model,
                })
                .map_err(|e| failed(&e))?;
            Ok(SiteFile {
                path: page.path,
                bytes: html.into_bytes(),
            })
        })
        .collect()
}

/// The stylesheet and the script.
pub fn assets() -> Vec<SiteFile> {
    vec![
        SiteFile {
            path: STYLESHEET_PATH.to_string(),
            bytes: STYLESHEET.as_bytes().to_vec(),
        },
        SiteFile {
            path: SCRIPT_PATH.to_string(),
            bytes: SCRIPT.as_bytes().to_vec(),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_is_escaped_and_shown_visibly() {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| AutoEscape::Html);
        env.set_formatter(write_value);
        env.add_template("t.html", "<p>{{ name }}</p>").unwrap();
        let html = env
            .get_template("t.html")
            .unwrap()
            .render(context! { name => "<script>alert(1)</script>\u{202e}\u{1b}[2J" })
            .unwrap();
        assert_eq!(
            html,
            "<p>&lt;script&gt;alert(1)&lt;&#x2f;script&gt;&lt;U+202E&gt;\\u{1b}[2J</p>"
        );
    }

    #[test]
    fn links_are_escaped_like_any_other_value() {
        let env = environment().unwrap();
        let render = |part: serde_json::Value| {
            env.render_str(
                "{{ link(p) }}|{{ words([p, p]) }}",
                context! { p => Value::from(minijinja::value::Serde(&part)) },
            )
            .unwrap()
        };
        assert_eq!(
            render(
                serde_json::json!({"text": "<b>\u{202e}", "href": "a\"b.html", "external": false})
            ),
            "<a href=\"a&quot;b.html\">&lt;b&gt;&lt;U+202E&gt;</a>|<a href=\"a&quot;b.html\">&lt;b&gt;&lt;U+202E&gt;</a><a href=\"a&quot;b.html\">&lt;b&gt;&lt;U+202E&gt;</a>"
        );
        assert_eq!(
            render(
                serde_json::json!({"text": "Zoom", "href": "https://zoom.us/", "external": true})
            ),
            "<a href=\"https:&#x2f;&#x2f;zoom.us&#x2f;\" rel=\"noopener noreferrer\">Zoom</a>|<a href=\"https:&#x2f;&#x2f;zoom.us&#x2f;\" rel=\"noopener noreferrer\">Zoom</a><a href=\"https:&#x2f;&#x2f;zoom.us&#x2f;\" rel=\"noopener noreferrer\">Zoom</a>"
        );
        assert_eq!(
            render(serde_json::json!({"text": "a & b", "href": null, "external": false})),
            "a &amp; b|a &amp; ba &amp; b"
        );
        assert!(
            env.render_str("{{ link(p) }}", context! { p => 1 })
                .is_err()
        );
        let facts = serde_json::json!([
            {"label": "<i>", "value": [{"text": "x", "href": null, "external": false}], "note": "a\u{1b}b"},
            {"label": "Owner", "value": [], "note": null},
        ]);
        assert_eq!(
            env.render_str(
                "{{ facts(f) }}",
                context! { f => Value::from(minijinja::value::Serde(&facts)) }
            )
            .unwrap(),
            "<dl class=\"facts\">\n<div><dt>&lt;i&gt;</dt><dd>x <span class=\"note\">a\\u{1b}b</span></dd></div>\n<div><dt>Owner</dt><dd></dd></div>\n</dl>"
        );
    }

    #[test]
    fn every_template_compiles() {
        environment().unwrap();
    }
}
