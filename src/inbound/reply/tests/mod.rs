//! Unit tests, one file per part of the parser. Each is a table of named
//! cases written for these tests (realistic reply bodies, varied wording).

mod around_answers;
mod decision;
mod decision_placed;
mod extract;
mod extract_mail;
mod fields;
mod html;
mod inline;
mod label_layouts;
mod lay_replies;
mod measures;
mod not_answers;
mod pasted;
mod quotes;
mod robustness;
mod shapes;
mod signature;
mod support;
mod tables_threads;
mod visible;
