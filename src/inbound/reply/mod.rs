//! TEMPORARY: replaced by the reply extractor being written.
use serde::{Deserialize, Serialize};
/// Extraction.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    pub reply_text: String,
    pub fields: Fields,
    pub needs_review: bool,
    pub warnings: Vec<String>,
}
/// Fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Fields {
    pub change: Option<String>,
    pub prediction: Option<String>,
    pub what_happened: Option<String>,
    pub measures: Vec<Measure>,
    pub learning: Option<String>,
    pub decision: Option<Decision>,
    pub next_steps: Option<String>,
}
impl Fields {
    /// empty
    pub fn is_empty(&self) -> bool {
        self == &Fields::default()
    }
}
/// Measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    pub name: String,
    pub value: MeasureValue,
    pub unit: Option<String>,
    #[serde(skip_serializing)]
    #[serde(default)]
    pub raw: String,
}
/// Value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum MeasureValue {
    Number(f64),
    Text(String),
}
/// Decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    Adopt,
    Adapt,
    Abandon,
}
/// Extract.
pub fn extract(text: Option<&str>, _html: Option<&str>) -> Extraction {
    Extraction {
        reply_text: text.unwrap_or("").trim().to_string(),
        ..Default::default()
    }
}
/// Visible.
pub fn visible_text(text: &str) -> String {
    text.trim().to_string()
}
