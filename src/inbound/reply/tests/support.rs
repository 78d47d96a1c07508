//! Helpers for the extraction tests: an expected record and a comparison
//! that names the case in every message.

use super::super::{Decision, Extraction, MeasureValue};

/// What a case expects. Text fields are compared exactly; `None` means the
/// field must be unanswered.
#[derive(Default)]
pub(super) struct Expect<'a> {
    pub(super) change: Option<&'a str>,
    pub(super) prediction: Option<&'a str>,
    pub(super) what_happened: Option<&'a str>,
    /// `(name, value as JSON, unit)` for each measure, in order.
    pub(super) measures: &'a [(&'a str, &'a str, Option<&'a str>)],
    pub(super) learning: Option<&'a str>,
    pub(super) decision: Option<Decision>,
    pub(super) next_steps: Option<&'a str>,
    pub(super) needs_review: bool,
    /// Each must appear in some warning; with `needs_review: false` and no
    /// entries here, there must be no warnings at all.
    pub(super) warnings: &'a [&'a str],
    /// Text that must (or must not) be in `reply_text`.
    pub(super) reply_has: &'a [&'a str],
    pub(super) reply_lacks: &'a [&'a str],
}

pub(super) fn check(name: &str, got: &Extraction, want: &Expect<'_>) {
    let f = &got.fields;
    let ctx = || format!("case {name:?}\n--- got: {got:#?}");
    assert_eq!(f.change.as_deref(), want.change, "change: {}", ctx());
    assert_eq!(f.prediction.as_deref(), want.prediction, "prediction: {}", ctx());
    assert_eq!(
        f.what_happened.as_deref(),
        want.what_happened,
        "what_happened: {}",
        ctx()
    );
    assert_eq!(f.learning.as_deref(), want.learning, "learning: {}", ctx());
    assert_eq!(f.decision, want.decision, "decision: {}", ctx());
    assert_eq!(f.next_steps.as_deref(), want.next_steps, "next_steps: {}", ctx());
    let measures: Vec<(String, String, Option<String>)> = f
        .measures
        .iter()
        .map(|m| {
            let value = match &m.value {
                MeasureValue::Text(t) => format!("{t:?}"),
                v => serde_json::to_string(v).unwrap_or_default(),
            };
            (m.name.clone(), value, m.unit.clone())
        })
        .collect();
    let expected: Vec<(String, String, Option<String>)> = want
        .measures
        .iter()
        .map(|(n, v, u)| (n.to_string(), v.to_string(), u.map(str::to_string)))
        .collect();
    assert_eq!(measures, expected, "measures: {}", ctx());
    assert_eq!(got.needs_review, want.needs_review, "needs_review: {}", ctx());
    for w in want.warnings {
        assert!(got.warnings.iter().any(|g| g.contains(w)), "warning {w:?}: {}", ctx());
    }
    if !want.needs_review && want.warnings.is_empty() {
        assert!(got.warnings.is_empty(), "no warnings: {}", ctx());
    }
    for s in want.reply_has {
        assert!(got.reply_text.contains(s), "reply_text has {s:?}: {}", ctx());
    }
    for s in want.reply_lacks {
        assert!(!got.reply_text.contains(s), "reply_text lacks {s:?}: {}", ctx());
    }
}

/// The reminder as labloop sends it, quoted with `>` under a Gmail attribution.
pub(super) const QUOTED_REMINDER: &str =
    "On Tue, 3 Nov 2026 at 09:00, Improvement Lab <lab+cycle.6f1c2a9b@lab.example.org> wrote:
> Hi,
>
> It's time for your cycle update. Please reply to this email.
>
> 1. What change or idea did you test this cycle?
>
> 2. What did you predict would happen?
>
> 3. What happened when you tried it?
>
> 4. What did you measure? (one per line, e.g. \"Patients offered the group: 14\")
>
> 5. What did you learn, and how did it compare with your prediction?
>
> 6. Will you adopt, adapt or abandon the change? (`adopt`, `adapt` or `abandon`)
>
> 7. What will you test next cycle?
>
> Thanks,
> The Improvement Lab team
";
