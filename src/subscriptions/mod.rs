//! Workflow 1: double opt-in subscriptions to Lab updates, by web form and by email.
//!
//! pending → confirmed → unsubscribed / bounced. Only the confirmation link (or a reply
//! to the confirmation email) confirms; every step records how and when.

mod confirm;
mod emails;
pub mod routes;
mod signup;
mod store;
pub mod transfer;
mod unsubscribe;

pub use confirm::{check_confirm_token, confirm, confirm_by_reply, ConfirmError, Confirmed};
pub use emails::unsubscribe_headers;
pub use signup::{sign_up, Channel, SignUp, SignupOutcome};
pub use store::{find_by_email, mark_bounced};
pub use unsubscribe::{unsubscribe, unsubscribe_address, UnsubscribeError, UnsubscribeOutcome};
