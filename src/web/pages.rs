use std::sync::LazyLock;

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use handlebars::Handlebars;
use serde::Serialize;
use serde_json::Value;

macro_rules! pages {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("pages/", $name, ".hbs")))),*]
    };
}

const PAGES: &[(&str, &str)] = pages![
    "layout",
    "signup",
    "message",
    "cycle_form",
    "admin_signin",
    "admin_issues",
    "admin_issue",
    "archive"
];

static REGISTRY: LazyLock<Handlebars<'static>> = LazyLock::new(|| {
    let mut h = Handlebars::new();
    h.set_strict_mode(false);
    for (name, source) in PAGES {
        let result = if *name == "layout" {
            h.register_partial(name, *source)
        } else {
            h.register_template_string(name, *source)
        };
        // The pages are compiled into the binary and rendered by the tests.
        result.expect("built-in page template compiles");
    }
    h
});

static LAB_NAME: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Sets the Lab's name shown on every page (once, at start-up).
pub fn set_lab_name(name: &str) {
    let _ = LAB_NAME.set(name.to_string());
}

/// A page to render: template name and data (`title` is used by the layout).
#[derive(Debug, Serialize)]
pub struct Page {
    #[serde(skip)]
    pub template: &'static str,
    pub title: String,
    #[serde(flatten)]
    pub data: Value,
}

impl Page {
    /// A page with a heading and a few paragraphs, optionally one button that posts.
    pub fn message(title: impl Into<String>, paragraphs: &[&str]) -> Self {
        Page {
            template: "message",
            title: title.into(),
            data: serde_json::json!({ "paragraphs": paragraphs }),
        }
    }

    /// Adds a button that POSTs to `action`, with hidden fields.
    pub fn with_button(mut self, action: &str, label: &str, hidden: &[(&str, &str)]) -> Self {
        if let Value::Object(m) = &mut self.data {
            m.insert("action".into(), action.into());
            m.insert("button".into(), label.into());
            let fields: Vec<Value> = hidden
                .iter()
                .map(|(k, v)| serde_json::json!({"name": k, "value": v}))
                .collect();
            m.insert("hidden".into(), fields.into());
        }
        self
    }
}

/// Renders `page` as an HTML response with `status`.
pub fn render_page(status: StatusCode, page: &Page) -> HttpResponse {
    let mut data = serde_json::to_value(page).unwrap_or(Value::Null);
    if let Value::Object(m) = &mut data {
        m.insert(
            "lab_name".into(),
            LAB_NAME.get().map(String::as_str).unwrap_or("Improvement Lab").into(),
        );
    }
    let body = REGISTRY.render(page.template, &data).unwrap_or_else(|e| {
        tracing::error!(error = %e, template = page.template, "page did not render");
        "<!DOCTYPE html><title>Error</title><p>Something went wrong on our side.</p>".to_string()
    });
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .insert_header(("X-Frame-Options", "DENY"))
        .insert_header(("Referrer-Policy", "same-origin"))
        .insert_header((
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-src 'self'; form-action 'self'",
        ))
        .body(body)
}
