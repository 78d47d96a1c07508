//! Database migrations, applied on start and by `labloop migrate`.
pub use sea_orm_migration::prelude::*;

mod m20261125_000001_foundation;
mod m20261126_000002_cycles;
mod m20261127_000003_newsletter;

/// All of labloop's migrations, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_foundation::Migration),
            Box::new(m20261126_000002_cycles::Migration),
            Box::new(m20261127_000003_newsletter::Migration),
        ]
    }
}
