//! Types made once at the edge (parse, don't validate); the rest of labloop trusts them.
mod email_address;
mod person_name;

pub use email_address::EmailAddress;
pub use person_name::PersonName;
