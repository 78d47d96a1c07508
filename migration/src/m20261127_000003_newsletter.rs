//! The monthly newsletter: editors and their sign-ins, issues and sections,
//! approvals and comments, and one delivery row per recipient.
use sea_orm_migration::prelude::*;

use crate::m20261125_000001_foundation::{pk, ts};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Editors::Table)
                .col(pk(Editors::Id))
                .col(ColumnDef::new(Editors::Email).string().not_null().unique_key())
                .col(ColumnDef::new(Editors::Name).string())
                .col(ts(Editors::CreatedAt).not_null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(EditorLogins::Table)
                .col(pk(EditorLogins::Id))
                .col(ColumnDef::new(EditorLogins::EditorId).big_integer().not_null())
                .col(
                    ColumnDef::new(EditorLogins::Nonce)
                        .big_integer()
                        .not_null()
                        .unique_key(),
                )
                .col(ts(EditorLogins::ExpiresAt).not_null())
                .col(ts(EditorLogins::UsedAt))
                .col(ts(EditorLogins::CreatedAt).not_null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(EditorSessions::Table)
                .col(pk(EditorSessions::Id))
                .col(
                    ColumnDef::new(EditorSessions::TokenHash)
                        .string_len(64)
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(EditorSessions::EditorId).big_integer().not_null())
                .col(ts(EditorSessions::CreatedAt).not_null())
                .col(ts(EditorSessions::ExpiresAt).not_null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(NewsletterIssues::Table)
                .col(pk(NewsletterIssues::Id))
                .col(
                    ColumnDef::new(NewsletterIssues::PeriodStart)
                        .date()
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(NewsletterIssues::PeriodEnd).date().not_null())
                .col(
                    ColumnDef::new(NewsletterIssues::Slug)
                        .string_len(64)
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(NewsletterIssues::Status).string_len(24).not_null())
                .col(ColumnDef::new(NewsletterIssues::Introduction).text().not_null())
                .col(ts(NewsletterIssues::CreatedAt).not_null())
                .col(ts(NewsletterIssues::UpdatedAt).not_null())
                .col(ts(NewsletterIssues::ApprovedAt))
                .col(ts(NewsletterIssues::SendingStartedAt))
                .col(ts(NewsletterIssues::SentAt))
                .col(
                    ColumnDef::new(NewsletterIssues::Total)
                        .big_integer()
                        .not_null()
                        .default(0),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(NewsletterSections::Table)
                .col(pk(NewsletterSections::Id))
                .col(ColumnDef::new(NewsletterSections::IssueId).big_integer().not_null())
                .col(ColumnDef::new(NewsletterSections::TeamId).big_integer())
                .col(ColumnDef::new(NewsletterSections::Position).integer().not_null())
                .col(ColumnDef::new(NewsletterSections::TeamName).string().not_null())
                .col(ColumnDef::new(NewsletterSections::Body).text().not_null())
                .col(
                    ColumnDef::new(NewsletterSections::NeedsReview)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .col(
                    ColumnDef::new(NewsletterSections::HasRecord)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(NewsletterSections::Table, NewsletterSections::IssueId)
                        .to(NewsletterIssues::Table, NewsletterIssues::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_sections_issue")
                .table(NewsletterSections::Table)
                .col(NewsletterSections::IssueId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Approvals::Table)
                .col(pk(Approvals::Id))
                .col(ColumnDef::new(Approvals::IssueId).big_integer().not_null())
                .col(ColumnDef::new(Approvals::EditorId).big_integer().not_null())
                .col(ColumnDef::new(Approvals::Channel).string_len(16).not_null())
                .col(ts(Approvals::CreatedAt).not_null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_approvals_issue_editor")
                .table(Approvals::Table)
                .col(Approvals::IssueId)
                .col(Approvals::EditorId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Comments::Table)
                .col(pk(Comments::Id))
                .col(ColumnDef::new(Comments::IssueId).big_integer().not_null())
                .col(ColumnDef::new(Comments::EditorId).big_integer())
                .col(ColumnDef::new(Comments::Body).text().not_null())
                .col(ColumnDef::new(Comments::Channel).string_len(16).not_null())
                .col(
                    ColumnDef::new(Comments::RequestsChanges)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .col(ts(Comments::CreatedAt).not_null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Deliveries::Table)
                .col(pk(Deliveries::Id))
                .col(ColumnDef::new(Deliveries::IssueId).big_integer().not_null())
                .col(ColumnDef::new(Deliveries::SubscriberId).big_integer().not_null())
                .col(ColumnDef::new(Deliveries::Email).string().not_null())
                .col(ColumnDef::new(Deliveries::Status).string_len(16).not_null())
                .col(ColumnDef::new(Deliveries::Attempts).integer().not_null().default(0))
                .col(ts(Deliveries::NextAttemptAt).not_null())
                .col(ts(Deliveries::LockedUntil))
                .col(ColumnDef::new(Deliveries::LastError).text())
                .col(ts(Deliveries::SentAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_deliveries_issue_subscriber")
                .table(Deliveries::Table)
                .col(Deliveries::IssueId)
                .col(Deliveries::SubscriberId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_deliveries_due")
                .table(Deliveries::Table)
                .col(Deliveries::Status)
                .col(Deliveries::NextAttemptAt)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Deliveries::Table.into_iden(),
            Comments::Table.into_iden(),
            Approvals::Table.into_iden(),
            NewsletterSections::Table.into_iden(),
            NewsletterIssues::Table.into_iden(),
            EditorSessions::Table.into_iden(),
            EditorLogins::Table.into_iden(),
            Editors::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Editors {
    Table,
    Id,
    Email,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum EditorLogins {
    Table,
    Id,
    EditorId,
    Nonce,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum EditorSessions {
    Table,
    Id,
    TokenHash,
    EditorId,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum NewsletterIssues {
    Table,
    Id,
    PeriodStart,
    PeriodEnd,
    Slug,
    Status,
    Introduction,
    CreatedAt,
    UpdatedAt,
    ApprovedAt,
    SendingStartedAt,
    SentAt,
    Total,
}

#[derive(DeriveIden)]
enum NewsletterSections {
    Table,
    Id,
    IssueId,
    TeamId,
    Position,
    TeamName,
    Body,
    NeedsReview,
    HasRecord,
}

#[derive(DeriveIden)]
enum Approvals {
    Table,
    Id,
    IssueId,
    EditorId,
    Channel,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Comments {
    Table,
    Id,
    IssueId,
    EditorId,
    Body,
    Channel,
    RequestsChanges,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Deliveries {
    Table,
    Id,
    IssueId,
    SubscriberId,
    Email,
    Status,
    Attempts,
    NextAttemptAt,
    LockedUntil,
    LastError,
    SentAt,
}
