//! Markdown, HTML and the `diff` summaries through minijinja templates embedded from
//! `report-templates/`.
//!
//! The templates see the [`Report`] and a few lists derived from it here, in Rust (or the
//! [`ReportDiff`]): they format, they do not compute. The environment has no filesystem loader and no access to the process
//! environment. HTML output is auto-escaped; Markdown strings from the audited tree go through
//! the `md` filter.

use std::io::Write;

use super::diff::ReportDiff;
use super::{view, Report};
use crate::error::{Error, Result};
use minijinja::{AutoEscape, Environment, Value};

const TEMPLATES: &[(&str, &str)] = &[
    (
        "report.md.j2",
        include_str!("../../report-templates/report.md.j2"),
    ),
    (
        "report.html.j2",
        include_str!("../../report-templates/report.html.j2"),
    ),
    (
        "diff.txt.j2",
        include_str!("../../report-templates/diff.txt.j2"),
    ),
    (
        "diff.md.j2",
        include_str!("../../report-templates/diff.md.j2"),
    ),
];

/// Escapes text for Markdown tables and prose: Markdown punctuation and HTML.
fn md(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c if c.is_control() => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Replaces control characters (terminal escapes from file names or messages in the audited
/// tree) so that text output cannot drive the terminal.
fn clean(value: &str) -> String {
    value
        .chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}

/// A number with a sign when positive: `+1.5`, `-2.0`, `0.0`.
fn signed(value: f64, decimals: usize) -> String {
    if value > 0.0 {
        format!("+{value:.decimals$}")
    } else {
        format!("{value:.decimals$}")
    }
}

/// The widest value of `attribute` among `items`, in characters (for aligned columns).
fn widest(items: &[Value], attribute: &str) -> usize {
    items
        .iter()
        .filter_map(|item| item.get_attr(attribute).ok())
        .map(|v| v.to_string().chars().count())
        .max()
        .unwrap_or(0)
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html.j2") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
            .expect("default delimiters are valid"),
    );
    env.add_filter("md", |v: &str| md(v));
    env.add_filter("pct", |v: f64| format!("{:.0}%", v * 100.0));
    env.add_filter("clean", |v: &str| clean(v));
    env.add_filter("fixed", |v: f64, decimals: usize| format!("{v:.decimals$}"));
    env.add_filter("signed", signed);
    env.add_filter("pad", |v: &str, width: usize| format!("{v:<width$}"));
    env.add_filter("widest", |items: Vec<Value>, attribute: &str| {
        widest(&items, attribute)
    });
    for (name, source) in TEMPLATES {
        env.add_template(name, source)
            .expect("built-in templates parse (tested)");
    }
    env
}

/// Renders one of the embedded templates with `context`, ending in a newline.
fn render_value(name: &str, context: Value) -> Result<String> {
    let env = environment();
    let err = |message: String| Error::Render {
        format: name.trim_end_matches(".j2").into(),
        message,
    };
    let tmpl = env.get_template(name).map_err(|e| err(e.to_string()))?;
    let mut text = tmpl.render(context).map_err(|e| err(format!("{e:#}")))?;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

/// Renders one of the embedded report templates.
pub(super) fn render(report: &Report, name: &str, out: &mut dyn Write) -> Result<()> {
    let text = render_value(
        name,
        Value::from(minijinja::value::Serde(view::build(report))),
    )?;
    out.write_all(text.as_bytes()).map_err(|e| Error::Render {
        format: name.trim_end_matches(".j2").into(),
        message: e.to_string(),
    })
}

/// Renders one of the embedded `diff` templates.
pub(super) fn render_diff(diff: &ReportDiff, name: &str) -> Result<String> {
    render_value(name, Value::from(minijinja::value::Serde(diff)))
}

#[cfg(test)]
mod tests {
    use super::md;

    #[test]
    fn markdown_escapes_tree_strings() {
        assert_eq!(
            md("<script>alert(1)</script>.js"),
            "&lt;script&gt;alert(1)&lt;/script&gt;.js"
        );
        assert_eq!(md("a|b*c_"), "a\\|b\\*c\\_");
    }
}
