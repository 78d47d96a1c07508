//! Outgoing email: templates, and composing a complete message ready for the outbox.
mod compose;
pub mod qp;
mod templates;

pub use compose::{Composed, Email, ListUnsubscribe, Mailer};
pub use templates::{Rendered, Templates};
