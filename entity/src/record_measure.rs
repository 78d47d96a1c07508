//! The measures of a cycle record, one row each, keeping the line as written.
use sea_orm::entity::prelude::*;

/// One measure: a name, a value (a number, or text), a unit, and the raw line.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "record_measures")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub record_id: i64,
    pub position: i32,
    pub name: String,
    pub value_number: Option<f64>,
    pub value_text: Option<String>,
    pub unit: Option<String>,
    pub raw: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::cycle_record::Entity",
        from = "Column::RecordId",
        to = "super::cycle_record::Column::Id",
        on_delete = "Cascade"
    )]
    Record,
}

impl Related<super::cycle_record::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Record.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
