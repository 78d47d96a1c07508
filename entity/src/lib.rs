//! sea-orm entities for labloop. Each module is one table; behaviour that
//! belongs to a row lives beside the entity in the main crate, not here.

pub mod approval;
pub mod comment;
pub mod consent;
pub mod cycle;
pub mod cycle_notice;
pub mod cycle_record;
pub mod delivery;
pub mod editor;
pub mod editor_login;
pub mod editor_session;
pub mod held_message;
pub mod inbound_message;
pub mod job_run;
pub mod membership;
pub mod newsletter_issue;
pub mod newsletter_section;
pub mod outbox;
pub mod person;
pub mod record_measure;
pub mod record_version;
pub mod setting;
pub mod subscriber;
pub mod suppression;
pub mod team;
