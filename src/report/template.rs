//! Markdown and HTML through minijinja templates embedded from `report-templates/`.
//!
//! The templates see the [`Report`] and a few lists derived from it here, in Rust: they format,
//! they do not compute. The environment has no filesystem loader and no access to the process
//! environment. HTML output is auto-escaped; Markdown strings from the audited tree go through
//! the `md` filter.

use std::io::Write;

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
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
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
    for (name, source) in TEMPLATES {
        env.add_template(name, source)
            .expect("built-in templates parse (tested)");
    }
    env
}

/// Renders one of the embedded templates.
pub(super) fn render(report: &Report, name: &str, out: &mut dyn Write) -> Result<()> {
    let env = environment();
    let err = |message: String| Error::Render {
        format: name.trim_end_matches(".j2").into(),
        message,
    };
    let tmpl = env.get_template(name).map_err(|e| err(e.to_string()))?;
    let text = tmpl
        .render(Value::from(minijinja::value::Serde(view::build(report))))
        .map_err(|e| err(format!("{e:#}")))?;
    out.write_all(text.as_bytes())
        .map_err(|e| err(e.to_string()))?;
    if !text.ends_with('\n') {
        out.write_all(b"\n").map_err(|e| err(e.to_string()))?;
    }
    Ok(())
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
