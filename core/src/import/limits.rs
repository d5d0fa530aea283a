//! The limits of one import, so that a hostile or mistaken file is refused with a message
//! instead of freezing the tab. ZIP limits are in [`super::zip`].

/// Largest file read at all (CSV or XLSX), checked before anything else.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
/// Most data rows imported at once. A large prefecture's plan has a few hundred measures;
/// 20,000 leaves room for KPI rows and stays within the 2 s the issue allows in a browser.
pub const MAX_ROWS: usize = 20_000;
/// Rows searched for the header row (a title and blank rows often come first).
pub const HEADER_SEARCH_ROWS: usize = 20;
/// Columns read from a row; wider rows are cut (no form of ours has more than 30).
pub const MAX_COLUMNS: usize = 256;
/// Characters kept of one cell (Excel's own limit).
pub const MAX_CELL_CHARS: usize = 32_767;

/// Refuses a file larger than [`MAX_FILE_BYTES`] before it is read.
pub fn check_file_size(file: &str, bytes: u64) -> Result<(), super::ImportError> {
    if bytes > MAX_FILE_BYTES {
        return Err(super::ImportError::new(
            file,
            super::ImportErrorKind::FileTooLarge { bytes },
        ));
    }
    Ok(())
}

/// Refuses a sheet with more data rows than [`MAX_ROWS`] (rows after the first, which may
/// be headers, and not counting trailing blank rows).
pub fn check_row_count(file: &str, rows: usize) -> Result<(), super::ImportError> {
    if rows > MAX_ROWS + 1 {
        return Err(super::ImportError::new(
            file,
            super::ImportErrorKind::TooManyRows {
                rows: rows.saturating_sub(1),
            },
        ));
    }
    Ok(())
}
