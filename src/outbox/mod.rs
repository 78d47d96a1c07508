//! The outbox: every email is a row first, then a worker delivers it.
//!
//! Nothing is sent that was not recorded (callers write the row in the same
//! transaction as the change that causes the email), and nothing recorded is lost:
//! a row is only `sent` after the SMTP server accepted it, and a row left `sending`
//! by a crash is claimed again once its lease runs out.

mod queue;
mod rate;
mod smtp;
mod transport;
mod worker;

pub use queue::{
    GIVE_UP_AFTER, claim_due, counts, enqueue, for_recipient, mark_failed, mark_retry, mark_sent, new_row, retry_delay,
};
pub use rate::RateLimiter;
pub use transport::{SendError, StubMessage, Transport};
pub use worker::{Delivery, DeliveryReport, is_mailbox_rejection};
