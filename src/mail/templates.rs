use std::path::Path;

use anyhow::{Context, anyhow};
use handlebars::Handlebars;
use serde::Serialize;

/// The built-in templates, compiled into the binary. A file of the same name in the
/// configured `templates_dir` replaces one of them.
macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../email-templates/", $name)))),*]
    };
}

const EMAIL_TEMPLATES: &[(&str, &str)] = embedded![
    "layout.html.hbs",
    "footer.txt.hbs",
    "confirmation.subject.hbs",
    "confirmation.txt.hbs",
    "confirmation.html.hbs",
    "welcome.subject.hbs",
    "welcome.txt.hbs",
    "welcome.html.hbs",
    "cycle_reminder.subject.hbs",
    "cycle_reminder.txt.hbs",
    "cycle_reminder.html.hbs",
    "cycle_followup.subject.hbs",
    "cycle_followup.txt.hbs",
    "cycle_followup.html.hbs",
    "cycle_receipt.subject.hbs",
    "cycle_receipt.txt.hbs",
    "cycle_receipt.html.hbs",
    "newsletter.subject.hbs",
    "newsletter.txt.hbs",
    "newsletter.html.hbs",
    "newsletter_review.subject.hbs",
    "newsletter_review.txt.hbs",
    "newsletter_review.html.hbs",
    "newsletter_comment.subject.hbs",
    "newsletter_comment.txt.hbs",
    "newsletter_comment.html.hbs",
    "editor_login.subject.hbs",
    "editor_login.txt.hbs",
    "editor_login.html.hbs",
];

/// A rendered email: subject, plain text and HTML.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The email templates: one registry that escapes for HTML, one for plain text and subjects.
pub struct Templates {
    html: Handlebars<'static>,
    text: Handlebars<'static>,
}

impl Templates {
    /// Loads the built-in templates, overridden by files in `dir` when given.
    pub fn load(dir: Option<&Path>) -> anyhow::Result<Self> {
        let mut html = Handlebars::new();
        html.set_strict_mode(true);
        let mut text = Handlebars::new();
        text.set_strict_mode(true);
        text.register_escape_fn(handlebars::no_escape);
        for (file, builtin) in EMAIL_TEMPLATES {
            let source = match dir.map(|d| d.join(file)).filter(|p| p.is_file()) {
                Some(p) => {
                    std::fs::read_to_string(&p).with_context(|| format!("cannot read template {}", p.display()))?
                }
                None => (*builtin).to_string(),
            };
            let name = file.trim_end_matches(".hbs");
            let registry = if name.ends_with(".html") { &mut html } else { &mut text };
            let (base, _) = name.rsplit_once('.').unwrap_or((name, ""));
            // Partials (layout, footer) are registered under their base name.
            if base == "layout" || base == "footer" {
                registry
                    .register_partial(base, source)
                    .with_context(|| format!("template {file} does not compile"))?;
            } else {
                registry
                    .register_template_string(name, source)
                    .with_context(|| format!("template {file} does not compile"))?;
            }
        }
        Ok(Templates { html, text })
    }

    /// Renders the subject, text and HTML of the email called `name`.
    pub fn render(&self, name: &str, data: &impl Serialize) -> anyhow::Result<Rendered> {
        let subject = self
            .text
            .render(&format!("{name}.subject"), data)
            .map_err(|e| anyhow!("rendering {name}.subject: {e}"))?;
        Ok(Rendered {
            // A subject is one line whatever the data holds.
            subject: subject.split_whitespace().collect::<Vec<_>>().join(" "),
            text: self
                .text
                .render(&format!("{name}.txt"), data)
                .map_err(|e| anyhow!("rendering {name}.txt: {e}"))?,
            html: self
                .html
                .render(&format!("{name}.html"), data)
                .map_err(|e| anyhow!("rendering {name}.html: {e}"))?,
        })
    }
}
