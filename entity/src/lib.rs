//! sea-orm entities for labloop. Each module is one table; behaviour that
//! belongs to a row lives beside the entity in the main crate, not here.

pub mod consent;
pub mod inbound_message;
pub mod outbox;
pub mod setting;
pub mod subscriber;
pub mod suppression;
