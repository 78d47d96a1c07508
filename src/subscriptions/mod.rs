//! Workflow 1: double opt-in subscriptions to Lab updates, by web form and by email.
//!
//! pending → confirmed → unsubscribed / bounced. Only the confirmation link (or a reply
//! to the confirmation email) confirms; every step records how and when.

mod confirm;
mod emails;
mod queue;
pub mod routes;
mod signup;
mod store;
pub mod transfer;
mod unsubscribe;

pub use confirm::{ConfirmError, Confirmed, check_confirm_token, confirm, confirm_by_reply};
pub use emails::unsubscribe_headers;
pub use queue::SignupQueue;
pub use signup::{Channel, Prepared, SignUp, SignupOutcome, prepare, record, sign_up};
pub use store::{find_by_email, mark_bounced};
pub use unsubscribe::{UnsubscribeError, UnsubscribeOutcome, unsubscribe, unsubscribe_address};
