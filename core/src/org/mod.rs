//! Organisations: prefectures and municipalities, identified by their local government code.

mod code;
mod organisation;
mod population;

pub use code::{check_digit, CodeError, OrgCode, PREFECTURE_COUNT};
pub use organisation::{load_csv, CsvError, OrgKind, Organisation};
pub use population::PopulationClass;
