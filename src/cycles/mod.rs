//! Workflow 2: testing cycles. The scheduler opens a cycle per team and period and
//! sends reminders, follows up with teams that have not answered, and closes cycles;
//! replies and the web form become structured cycle records.

pub mod api;
pub mod emails;
pub mod export;
pub mod form;
pub mod jobs;
pub mod period;
pub mod records;
pub mod replies;
pub mod teams;

pub use period::Period;

/// The seven questions, worded exactly as in the product brief; the reminder, the
/// form and the receipt all use these.
pub const QUESTIONS: [&str; 7] = [
    "What change or idea did you test this cycle?",
    "What did you predict would happen?",
    "What happened when you tried it?",
    "What did you measure? (one per line, e.g. \"Patients offered the group: 14\")",
    "What did you learn, and how did it compare with your prediction?",
    "Will you adopt, adapt or abandon the change? (`adopt`, `adapt` or `abandon`)",
    "What will you test next cycle?",
];

/// Short names of the seven fields, for receipts and the form.
pub const FIELD_LABELS: [&str; 7] = [
    "Change tested",
    "Prediction",
    "What happened",
    "Measures",
    "Learning",
    "Decision",
    "Next cycle",
];
