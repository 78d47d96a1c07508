//! TEMPORARY: replaced by the machine-mail classifier being written.
/// Machine-generated mail.
#[derive(Debug, Clone, PartialEq)]
pub enum MachineMail {
    Bounce(Bounce),
    AutoReply {
        reason: String,
    },
    Complaint {
        recipients: Vec<String>,
        original_message_id: Option<String>,
    },
}
/// A bounce.
#[derive(Debug, Clone, PartialEq)]
pub struct Bounce {
    pub recipients: Vec<FailedRecipient>,
    pub original_message_id: Option<String>,
    pub reason: String,
}
/// A failed recipient.
#[derive(Debug, Clone, PartialEq)]
pub struct FailedRecipient {
    pub address: String,
    pub status: Option<String>,
    pub permanent: bool,
    pub diagnostic: Option<String>,
}
/// Classifies.
pub fn classify(_msg: &mail_parser::Message<'_>) -> Option<MachineMail> {
    None
}
