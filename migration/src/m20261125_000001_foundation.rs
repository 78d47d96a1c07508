//! Settings, subscribers and their consent, the suppression list, the outbox
//! and the inbound message store.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Settings::Table)
                .col(ColumnDef::new(Settings::Key).string().not_null().primary_key())
                .col(ColumnDef::new(Settings::Value).text().not_null())
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Subscribers::Table)
                .col(pk(Subscribers::Id))
                .col(ColumnDef::new(Subscribers::Email).string().not_null().unique_key())
                .col(ColumnDef::new(Subscribers::Name).string())
                .col(ColumnDef::new(Subscribers::Status).string_len(16).not_null())
                .col(ColumnDef::new(Subscribers::ConfirmNonce).big_integer())
                .col(ts(Subscribers::ConfirmationSentAt))
                .col(ts(Subscribers::CreatedAt).not_null())
                .col(ts(Subscribers::UpdatedAt).not_null())
                .col(ts(Subscribers::ConfirmedAt))
                .col(ts(Subscribers::UnsubscribedAt))
                .col(ts(Subscribers::BouncedAt))
                .col(ColumnDef::new(Subscribers::StatusReason).string())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_subscribers_confirm_nonce")
                .table(Subscribers::Table)
                .col(Subscribers::ConfirmNonce)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_subscribers_status_id")
                .table(Subscribers::Table)
                .col(Subscribers::Status)
                .col(Subscribers::Id)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Consents::Table)
                .col(pk(Consents::Id))
                .col(ColumnDef::new(Consents::SubscriberId).big_integer().not_null())
                .col(ColumnDef::new(Consents::Channel).string_len(16).not_null())
                .col(ts(Consents::RequestedAt).not_null())
                .col(ColumnDef::new(Consents::SourceIp).string())
                .col(ColumnDef::new(Consents::SourceMessageId).text())
                .col(ts(Consents::ConfirmedAt))
                .col(ColumnDef::new(Consents::ConfirmedVia).string_len(16))
                .foreign_key(
                    ForeignKey::create()
                        .from(Consents::Table, Consents::SubscriberId)
                        .to(Subscribers::Table, Subscribers::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_consents_subscriber")
                .table(Consents::Table)
                .col(Consents::SubscriberId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Suppressions::Table)
                .col(pk(Suppressions::Id))
                .col(
                    ColumnDef::new(Suppressions::EmailHash)
                        .string_len(64)
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(Suppressions::Reason).string().not_null())
                .col(ts(Suppressions::CreatedAt).not_null())
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Outbox::Table)
                .col(pk(Outbox::Id))
                .col(ColumnDef::new(Outbox::Recipient).string().not_null())
                .col(ColumnDef::new(Outbox::Purpose).string_len(32).not_null())
                .col(ColumnDef::new(Outbox::MessageId).string().not_null().unique_key())
                .col(ColumnDef::new(Outbox::EnvelopeFrom).string().not_null())
                .col(ColumnDef::new(Outbox::Body).blob().not_null())
                .col(ColumnDef::new(Outbox::Status).string_len(16).not_null())
                .col(ColumnDef::new(Outbox::Attempts).integer().not_null().default(0))
                .col(ts(Outbox::NextAttemptAt).not_null())
                .col(ts(Outbox::LockedUntil))
                .col(ColumnDef::new(Outbox::LastError).text())
                .col(ts(Outbox::CreatedAt).not_null())
                .col(ts(Outbox::SentAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_outbox_due")
                .table(Outbox::Table)
                .col(Outbox::Status)
                .col(Outbox::NextAttemptAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_outbox_recipient")
                .table(Outbox::Table)
                .col(Outbox::Recipient)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(InboundMessages::Table)
                .col(pk(InboundMessages::Id))
                .col(
                    ColumnDef::new(InboundMessages::MessageId)
                        .string()
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(InboundMessages::Raw).blob().not_null())
                .col(ColumnDef::new(InboundMessages::Via).string_len(16).not_null())
                .col(ts(InboundMessages::ReceivedAt).not_null())
                .col(ColumnDef::new(InboundMessages::FromAddr).string())
                .col(ColumnDef::new(InboundMessages::ToAddrs).text())
                .col(ColumnDef::new(InboundMessages::Subject).text())
                .col(ColumnDef::new(InboundMessages::Kind).string_len(32))
                .col(ColumnDef::new(InboundMessages::Status).string_len(16).not_null())
                .col(ColumnDef::new(InboundMessages::Outcome).text())
                .col(ts(InboundMessages::ProcessedAt))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            InboundMessages::Table.into_iden(),
            Outbox::Table.into_iden(),
            Suppressions::Table.into_iden(),
            Consents::Table.into_iden(),
            Subscribers::Table.into_iden(),
            Settings::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

/// An auto-incrementing 64-bit primary key.
pub(crate) fn pk(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

/// A UTC timestamp column (nullable unless `.not_null()` is added).
pub(crate) fn ts(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).timestamp_with_time_zone().to_owned()
}

#[derive(DeriveIden)]
enum Settings {
    Table,
    Key,
    Value,
}

#[derive(DeriveIden)]
pub(crate) enum Subscribers {
    Table,
    Id,
    Email,
    Name,
    Status,
    ConfirmNonce,
    ConfirmationSentAt,
    CreatedAt,
    UpdatedAt,
    ConfirmedAt,
    UnsubscribedAt,
    BouncedAt,
    StatusReason,
}

#[derive(DeriveIden)]
enum Consents {
    Table,
    Id,
    SubscriberId,
    Channel,
    RequestedAt,
    SourceIp,
    SourceMessageId,
    ConfirmedAt,
    ConfirmedVia,
}

#[derive(DeriveIden)]
enum Suppressions {
    Table,
    Id,
    EmailHash,
    Reason,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    Recipient,
    Purpose,
    MessageId,
    EnvelopeFrom,
    Body,
    Status,
    Attempts,
    NextAttemptAt,
    LockedUntil,
    LastError,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden)]
enum InboundMessages {
    Table,
    Id,
    MessageId,
    Raw,
    Via,
    ReceivedAt,
    FromAddr,
    ToAddrs,
    Subject,
    Kind,
    Status,
    Outcome,
    ProcessedAt,
}
