//! Testing cycles: teams and people, cycles, reminders sent, cycle records with their
//! measures and versions, held messages, and scheduled job runs.
use sea_orm_migration::prelude::*;

use crate::m20261125_000001_foundation::{pk, ts};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(People::Table)
                .col(pk(People::Id))
                .col(ColumnDef::new(People::Email).string().not_null().unique_key())
                .col(ColumnDef::new(People::Name).string())
                .col(ColumnDef::new(People::Bouncing).boolean().not_null().default(false))
                .col(ts(People::BouncedAt))
                .col(ts(People::CreatedAt).not_null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Teams::Table)
                .col(pk(Teams::Id))
                .col(ColumnDef::new(Teams::Name).string().not_null().unique_key())
                .col(ts(Teams::CreatedAt).not_null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Memberships::Table)
                .col(pk(Memberships::Id))
                .col(ColumnDef::new(Memberships::TeamId).big_integer().not_null())
                .col(ColumnDef::new(Memberships::PersonId).big_integer().not_null())
                .col(ts(Memberships::CreatedAt).not_null())
                .foreign_key(&mut fk(
                    Memberships::Table,
                    Memberships::TeamId,
                    Teams::Table,
                    Teams::Id,
                ))
                .foreign_key(&mut fk(
                    Memberships::Table,
                    Memberships::PersonId,
                    People::Table,
                    People::Id,
                ))
                .to_owned(),
        )
        .await?;
        unique(
            m,
            "idx_memberships_team_person",
            Memberships::Table,
            &[Memberships::TeamId, Memberships::PersonId],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Cycles::Table)
                .col(pk(Cycles::Id))
                .col(ColumnDef::new(Cycles::TeamId).big_integer().not_null())
                .col(ColumnDef::new(Cycles::Number).integer().not_null())
                .col(ColumnDef::new(Cycles::PeriodStart).date().not_null())
                .col(ColumnDef::new(Cycles::PeriodEnd).date().not_null())
                .col(ColumnDef::new(Cycles::State).string_len(16).not_null())
                .col(ts(Cycles::OpenedAt).not_null())
                .col(ts(Cycles::ClosedAt))
                .foreign_key(&mut fk(Cycles::Table, Cycles::TeamId, Teams::Table, Teams::Id))
                .to_owned(),
        )
        .await?;
        unique(
            m,
            "idx_cycles_team_period",
            Cycles::Table,
            &[Cycles::TeamId, Cycles::PeriodStart],
        )
        .await?;
        unique(
            m,
            "idx_cycles_team_number",
            Cycles::Table,
            &[Cycles::TeamId, Cycles::Number],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CycleNotices::Table)
                .col(pk(CycleNotices::Id))
                .col(ColumnDef::new(CycleNotices::CycleId).big_integer().not_null())
                .col(ColumnDef::new(CycleNotices::PersonId).big_integer().not_null())
                .col(ColumnDef::new(CycleNotices::Kind).string_len(16).not_null())
                .col(ColumnDef::new(CycleNotices::MessageId).string().not_null())
                .col(ts(CycleNotices::CreatedAt).not_null())
                .foreign_key(&mut fk(
                    CycleNotices::Table,
                    CycleNotices::CycleId,
                    Cycles::Table,
                    Cycles::Id,
                ))
                .to_owned(),
        )
        .await?;
        unique(
            m,
            "idx_notices_cycle_person_kind",
            CycleNotices::Table,
            &[CycleNotices::CycleId, CycleNotices::PersonId, CycleNotices::Kind],
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_notices_message_id")
                .table(CycleNotices::Table)
                .col(CycleNotices::MessageId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CycleRecords::Table)
                .col(pk(CycleRecords::Id))
                .col(
                    ColumnDef::new(CycleRecords::CycleId)
                        .big_integer()
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(CycleRecords::Change).text())
                .col(ColumnDef::new(CycleRecords::Prediction).text())
                .col(ColumnDef::new(CycleRecords::WhatHappened).text())
                .col(ColumnDef::new(CycleRecords::Learning).text())
                .col(ColumnDef::new(CycleRecords::Decision).string_len(16))
                .col(ColumnDef::new(CycleRecords::NextSteps).text())
                .col(ColumnDef::new(CycleRecords::ReplyText).text())
                .col(ColumnDef::new(CycleRecords::Source).string_len(16).not_null())
                .col(ColumnDef::new(CycleRecords::SubmittedBy).big_integer())
                .col(ColumnDef::new(CycleRecords::InboundMessageId).big_integer())
                .col(
                    ColumnDef::new(CycleRecords::NeedsReview)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .col(ColumnDef::new(CycleRecords::Warnings).text().not_null())
                .col(ColumnDef::new(CycleRecords::Version).integer().not_null())
                .col(ts(CycleRecords::CreatedAt).not_null())
                .col(ts(CycleRecords::UpdatedAt).not_null())
                .foreign_key(&mut fk(
                    CycleRecords::Table,
                    CycleRecords::CycleId,
                    Cycles::Table,
                    Cycles::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RecordMeasures::Table)
                .col(pk(RecordMeasures::Id))
                .col(ColumnDef::new(RecordMeasures::RecordId).big_integer().not_null())
                .col(ColumnDef::new(RecordMeasures::Position).integer().not_null())
                .col(ColumnDef::new(RecordMeasures::Name).text().not_null())
                .col(ColumnDef::new(RecordMeasures::ValueNumber).double())
                .col(ColumnDef::new(RecordMeasures::ValueText).text())
                .col(ColumnDef::new(RecordMeasures::Unit).string())
                .col(ColumnDef::new(RecordMeasures::Raw).text().not_null())
                .foreign_key(&mut fk(
                    RecordMeasures::Table,
                    RecordMeasures::RecordId,
                    CycleRecords::Table,
                    CycleRecords::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_measures_record")
                .table(RecordMeasures::Table)
                .col(RecordMeasures::RecordId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RecordVersions::Table)
                .col(pk(RecordVersions::Id))
                .col(ColumnDef::new(RecordVersions::RecordId).big_integer().not_null())
                .col(ColumnDef::new(RecordVersions::Version).integer().not_null())
                .col(ColumnDef::new(RecordVersions::Snapshot).text().not_null())
                .col(ColumnDef::new(RecordVersions::Source).string_len(16).not_null())
                .col(ColumnDef::new(RecordVersions::SubmittedBy).big_integer())
                .col(ColumnDef::new(RecordVersions::InboundMessageId).big_integer())
                .col(ts(RecordVersions::CreatedAt).not_null())
                .foreign_key(&mut fk(
                    RecordVersions::Table,
                    RecordVersions::RecordId,
                    CycleRecords::Table,
                    CycleRecords::Id,
                ))
                .to_owned(),
        )
        .await?;
        unique(
            m,
            "idx_versions_record_version",
            RecordVersions::Table,
            &[RecordVersions::RecordId, RecordVersions::Version],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(HeldMessages::Table)
                .col(pk(HeldMessages::Id))
                .col(
                    ColumnDef::new(HeldMessages::InboundMessageId)
                        .big_integer()
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(HeldMessages::Reason).text().not_null())
                .col(ColumnDef::new(HeldMessages::TeamId).big_integer())
                .col(ColumnDef::new(HeldMessages::CycleId).big_integer())
                .col(ts(HeldMessages::CreatedAt).not_null())
                .col(ts(HeldMessages::ResolvedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(JobRuns::Table)
                .col(pk(JobRuns::Id))
                .col(ColumnDef::new(JobRuns::Job).string_len(64).not_null())
                .col(ts(JobRuns::Slot).not_null())
                .col(ts(JobRuns::StartedAt).not_null())
                .col(ts(JobRuns::FinishedAt))
                .col(ColumnDef::new(JobRuns::Status).string_len(16).not_null())
                .col(ColumnDef::new(JobRuns::Detail).text())
                .to_owned(),
        )
        .await?;
        unique(
            m,
            "idx_job_runs_job_slot",
            JobRuns::Table,
            &[JobRuns::Job, JobRuns::Slot],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            JobRuns::Table.into_iden(),
            HeldMessages::Table.into_iden(),
            RecordVersions::Table.into_iden(),
            RecordMeasures::Table.into_iden(),
            CycleRecords::Table.into_iden(),
            CycleNotices::Table.into_iden(),
            Cycles::Table.into_iden(),
            Memberships::Table.into_iden(),
            Teams::Table.into_iden(),
            People::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

fn fk(
    from_table: impl IntoIden + 'static,
    from: impl IntoIden + 'static,
    to_table: impl IntoIden + 'static,
    to: impl IntoIden + 'static,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from_table, from)
        .to(to_table, to)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

async fn unique<T: IntoIden + Copy + 'static>(
    m: &SchemaManager<'_>,
    name: &str,
    table: T,
    cols: &[T],
) -> Result<(), DbErr> {
    let mut idx = Index::create();
    idx.name(name).table(table).unique();
    for c in cols {
        idx.col(*c);
    }
    m.create_index(idx.to_owned()).await
}

#[derive(DeriveIden, Clone, Copy)]
enum People {
    Table,
    Id,
    Email,
    Name,
    Bouncing,
    BouncedAt,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Teams {
    Table,
    Id,
    Name,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Memberships {
    Table,
    Id,
    TeamId,
    PersonId,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
pub(crate) enum Cycles {
    Table,
    Id,
    TeamId,
    Number,
    PeriodStart,
    PeriodEnd,
    State,
    OpenedAt,
    ClosedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum CycleNotices {
    Table,
    Id,
    CycleId,
    PersonId,
    Kind,
    MessageId,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum CycleRecords {
    Table,
    Id,
    CycleId,
    Change,
    Prediction,
    WhatHappened,
    Learning,
    Decision,
    NextSteps,
    ReplyText,
    Source,
    SubmittedBy,
    InboundMessageId,
    NeedsReview,
    Warnings,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum RecordMeasures {
    Table,
    Id,
    RecordId,
    Position,
    Name,
    ValueNumber,
    ValueText,
    Unit,
    Raw,
}

#[derive(DeriveIden, Clone, Copy)]
enum RecordVersions {
    Table,
    Id,
    RecordId,
    Version,
    Snapshot,
    Source,
    SubmittedBy,
    InboundMessageId,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum HeldMessages {
    Table,
    Id,
    InboundMessageId,
    Reason,
    TeamId,
    CycleId,
    CreatedAt,
    ResolvedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum JobRuns {
    Table,
    Id,
    Job,
    Slot,
    StartedAt,
    FinishedAt,
    Status,
    Detail,
}
