//! Outgoing email: templates, and composing a complete message ready for the outbox.
mod compose;
mod templates;

pub use compose::{Composed, Email, ListUnsubscribe, Mailer};
pub use templates::{Rendered, Templates};
