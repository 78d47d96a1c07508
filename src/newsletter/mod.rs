//! Workflow 3: the monthly learning newsletter. Assembled from the period's cycle
//! records, reviewed and approved by editors (web, email reply, CLI), sent to every
//! confirmed subscriber exactly once, and kept in a public archive.

pub mod admin;
pub mod api;
pub mod archive;
pub mod assemble;
pub mod editors;
pub mod issues;
pub mod render;
pub mod replies;
pub mod review;
pub mod send;
