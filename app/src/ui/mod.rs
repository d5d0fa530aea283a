//! Small helpers the screens share: who may write, dates in words, record ids, IME-safe forms,
//! page titles and how values and errors are put into words. No views here.

pub mod access;
pub mod dates;
pub mod download;
pub mod field_label;
pub mod focus;
pub mod ids;
pub mod ime;
pub mod org_name;
pub mod page_title;
pub mod sync_error;
pub mod taxonomy;
pub mod value_text;
