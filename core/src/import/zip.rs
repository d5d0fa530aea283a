//! A strict reader of the ZIP container of an XLSX workbook: the central directory, then each
//! entry inflated with `miniz_oxide` (already in core for the export) under hard limits.
//!
//! Why not the `zip` crate: it brings several compression back ends and its own error and
//! path handling, far more code in the wasm than the two methods an XLSX uses (stored and
//! deflate). Why the limits: a workbook comes from anyone's mailbox, and a few kilobytes of
//! deflate can claim or expand to gigabytes (a ZIP bomb); nothing here trusts a size the
//! archive states.

use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;

use crate::export::xlsx::zip::crc32;

/// Most entries an XLSX of ours needs is a few dozen; Excel's own rarely pass a hundred.
pub const MAX_ENTRIES: usize = 1_000;
/// Largest inflated entry (one worksheet's XML). 20,000 rows of a plan are about 25 MB of XML.
pub const MAX_ENTRY_SIZE: u64 = 100 * 1024 * 1024;
/// All entries read, together (a browser worker's memory is the limit here).
pub const MAX_TOTAL_SIZE: u64 = 160 * 1024 * 1024;
/// Inflated size over compressed size, for entries over [`RATIO_FLOOR`]. Worksheet XML
/// compresses 10 to 50 times, even when its rows repeat; deflate cannot exceed about 1,030.
pub const MAX_RATIO: u64 = 500;
/// Entries up to this size are not held to [`MAX_RATIO`] (tiny parts compress oddly).
pub const RATIO_FLOOR: u64 = 1024 * 1024;

const LOCAL_HEADER: u32 = 0x0403_4b50;
const CENTRAL_HEADER: u32 = 0x0201_4b50;
const END_OF_DIRECTORY: u32 = 0x0605_4b50;
const ZIP64_END_LOCATOR: u32 = 0x0706_4b50;

/// Why the container could not be read. Every variant means the whole file is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ZipError {
    #[error("not a ZIP archive, or truncated (no end of central directory)")]
    NotZip,
    #[error("the archive is damaged: {0}")]
    Damaged(&'static str),
    #[error("the archive has {0} entries (at most {MAX_ENTRIES} are read)")]
    TooManyEntries(usize),
    #[error("entry {name:?} uses an unsupported feature ({feature})")]
    Unsupported { name: String, feature: &'static str },
    #[error("entry {name:?} would inflate to more than the limit (a ZIP bomb?)")]
    TooLarge { name: String },
    #[error("entry {name:?} is damaged ({reason})")]
    BadEntry { name: String, reason: &'static str },
}

#[derive(Debug, Clone)]
struct Entry {
    name: String,
    method: u16,
    flags: u16,
    compressed_size: u64,
    size: u64,
    crc: u32,
    local_offset: u64,
}

/// The entries of one archive, read lazily: [`ZipArchive::read`] inflates one by name.
#[derive(Debug)]
pub struct ZipArchive<'a> {
    bytes: &'a [u8],
    entries: Vec<Entry>,
    /// Inflated bytes handed out so far, against [`MAX_TOTAL_SIZE`].
    total: u64,
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    let slice = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([slice[0], slice[1]]))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let slice = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([slice[0], slice[1], slice[2], slice[3]]))
}

impl<'a> ZipArchive<'a> {
    pub fn open(bytes: &'a [u8]) -> Result<Self, ZipError> {
        let end = find_end_of_directory(bytes).ok_or(ZipError::NotZip)?;
        let damaged = ZipError::Damaged("central directory out of bounds");
        let count = usize::from(u16_at(bytes, end + 10).ok_or(ZipError::NotZip)?);
        let directory_size = u32_at(bytes, end + 12).ok_or(ZipError::NotZip)?;
        let directory_offset = u32_at(bytes, end + 16).ok_or(ZipError::NotZip)?;
        if directory_offset == u32::MAX || count == usize::from(u16::MAX) {
            // ZIP64: no XLSX under our 50 MB cap needs it.
            return Err(ZipError::Unsupported {
                name: String::new(),
                feature: "ZIP64",
            });
        }
        if end >= 20 && u32_at(bytes, end - 20) == Some(ZIP64_END_LOCATOR) {
            return Err(ZipError::Unsupported {
                name: String::new(),
                feature: "ZIP64",
            });
        }
        if count > MAX_ENTRIES {
            return Err(ZipError::TooManyEntries(count));
        }
        let start = usize::try_from(directory_offset).map_err(|_| damaged.clone())?;
        let stop = start
            .checked_add(usize::try_from(directory_size).map_err(|_| damaged.clone())?)
            .filter(|stop| *stop <= end)
            .ok_or(damaged.clone())?;
        let directory = &bytes[start..stop];
        let mut entries = Vec::with_capacity(count);
        let mut at = 0usize;
        for _ in 0..count {
            if u32_at(directory, at) != Some(CENTRAL_HEADER) {
                return Err(ZipError::Damaged("bad central directory entry"));
            }
            let field = |offset: usize| u16_at(directory, at + offset).ok_or(damaged.clone());
            let word = |offset: usize| u32_at(directory, at + offset).ok_or(damaged.clone());
            let flags = field(8)?;
            let method = field(10)?;
            let crc = word(16)?;
            let compressed_size = u64::from(word(20)?);
            let size = u64::from(word(24)?);
            let name_length = usize::from(field(28)?);
            let extra_length = usize::from(field(30)?);
            let comment_length = usize::from(field(32)?);
            let local_offset = u64::from(word(42)?);
            let name_bytes = directory
                .get(at + 46..at + 46 + name_length)
                .ok_or(damaged.clone())?;
            let name = String::from_utf8_lossy(name_bytes).into_owned();
            entries.push(Entry {
                name,
                method,
                flags,
                compressed_size,
                size,
                crc,
                local_offset,
            });
            at += 46 + name_length + extra_length + comment_length;
        }
        Ok(Self {
            bytes,
            entries,
            total: 0,
        })
    }

    /// Names in an XLSX are compared without case, as Excel does.
    fn find(&self, name: &str) -> Option<&Entry> {
        let name = name.trim_start_matches('/');
        self.entries
            .iter()
            .find(|entry| entry.name.eq_ignore_ascii_case(name))
    }

    /// The inflated bytes of entry `name`, `Ok(None)` when there is none.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, ZipError> {
        let Some(entry) = self.find(name).cloned() else {
            return Ok(None);
        };
        let bad = |reason| ZipError::BadEntry {
            name: entry.name.clone(),
            reason,
        };
        if entry.flags & 1 != 0 {
            return Err(ZipError::Unsupported {
                name: entry.name.clone(),
                feature: "encryption",
            });
        }
        let too_large = || ZipError::TooLarge {
            name: entry.name.clone(),
        };
        // The claimed size is checked first (cheap), the actual one while inflating.
        let remaining = MAX_TOTAL_SIZE.saturating_sub(self.total);
        let limit = MAX_ENTRY_SIZE.min(remaining).min(
            entry
                .compressed_size
                .saturating_mul(MAX_RATIO)
                .max(RATIO_FLOOR),
        );
        if entry.size > limit {
            return Err(too_large());
        }
        let offset = usize::try_from(entry.local_offset).map_err(|_| bad("offset"))?;
        if u32_at(self.bytes, offset) != Some(LOCAL_HEADER) {
            return Err(bad("no local header"));
        }
        let name_length = usize::from(u16_at(self.bytes, offset + 26).ok_or(bad("header"))?);
        let extra_length = usize::from(u16_at(self.bytes, offset + 28).ok_or(bad("header"))?);
        let data_start = offset + 30 + name_length + extra_length;
        let data_length = usize::try_from(entry.compressed_size).map_err(|_| bad("size"))?;
        let data = data_start
            .checked_add(data_length)
            .and_then(|stop| self.bytes.get(data_start..stop))
            .ok_or(bad("truncated"))?;
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        let inflated = match entry.method {
            0 => data.to_vec(),
            8 => inflate_limited(data, limit, entry.size).map_err(|error| match error {
                InflateError::TooLarge => too_large(),
                InflateError::Damaged => bad("deflate data"),
            })?,
            _ => {
                return Err(ZipError::Unsupported {
                    name: entry.name.clone(),
                    feature: "compression method",
                })
            }
        };
        if inflated.len() as u64 != entry.size {
            return Err(bad("size differs from the directory"));
        }
        if crc32(&inflated) != entry.crc {
            return Err(bad("checksum"));
        }
        self.total += inflated.len() as u64;
        Ok(Some(inflated))
    }
}

/// The end-of-central-directory record is the last 22 bytes plus a comment of up to 64 KiB.
fn find_end_of_directory(bytes: &[u8]) -> Option<usize> {
    let last = bytes.len().checked_sub(22)?;
    let first = last.saturating_sub(usize::from(u16::MAX));
    (first..=last)
        .rev()
        .find(|&at| u32_at(bytes, at) == Some(END_OF_DIRECTORY))
}

enum InflateError {
    TooLarge,
    Damaged,
}

/// Raw deflate into a buffer that grows up to `limit` bytes and no further: a bomb stops at
/// the limit, whatever its header claimed. The buffer starts at the claimed size (already
/// checked against the limit), so an honest entry is inflated without reallocating.
fn inflate_limited(data: &[u8], limit: usize, claimed: u64) -> Result<Vec<u8>, InflateError> {
    let mut state = DecompressorOxide::new();
    let claimed = usize::try_from(claimed).unwrap_or(limit);
    let mut out = vec![
        0u8;
        claimed
            .saturating_add(1)
            .clamp(1024, limit.saturating_add(1))
    ];
    let mut input = 0usize;
    let mut written = 0usize;
    loop {
        let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF
            | if input < data.len() {
                inflate_flags::TINFL_FLAG_HAS_MORE_INPUT
            } else {
                0
            };
        let (status, read, wrote) =
            decompress(&mut state, &data[input..], &mut out, written, flags);
        input += read;
        written += wrote;
        match status {
            TINFLStatus::Done => {
                out.truncate(written);
                return Ok(out);
            }
            TINFLStatus::HasMoreOutput => {
                if written >= limit {
                    return Err(InflateError::TooLarge);
                }
                let grown = out.len().saturating_mul(2).min(limit.saturating_add(1));
                out.resize(grown, 0);
            }
            TINFLStatus::NeedsMoreInput if input >= data.len() => {
                return Err(InflateError::Damaged)
            }
            TINFLStatus::NeedsMoreInput => {}
            _ => return Err(InflateError::Damaged),
        }
    }
}
