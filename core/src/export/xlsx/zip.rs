//! The smallest ZIP writer an XLSX needs: deflated (or stored) entries, a central directory,
//! no ZIP64, no encryption, no reading.
//!
//! Why not the `zip` crate: in the wasm32 release build it adds about 65 KB gzip (it brings
//! getrandom, time, indexmap and more), against about 14 KB for `miniz_oxide`'s deflate plus
//! these hundred lines; the app's download is already over budget.

use super::super::ExportError;

/// Every entry gets 1980-01-01 00:00, the earliest DOS date, so equal input gives equal bytes.
const DOS_TIME: u16 = 0;
const DOS_DATE: u16 = (1 << 5) | 1;
const VERSION: u16 = 20;
/// Names are UTF-8 (bit 11), for any reader that looks.
const FLAGS: u16 = 1 << 11;
const STORED: u16 = 0;
const DEFLATED: u16 = 8;
/// miniz_oxide's default level: most of the gain of 9 for a fraction of the time.
const LEVEL: u8 = 6;

struct Entry {
    name: String,
    method: u16,
    crc: u32,
    compressed: u32,
    size: u32,
    offset: u32,
}

#[derive(Default)]
pub struct ZipWriter {
    out: Vec<u8>,
    entries: Vec<Entry>,
}

impl ZipWriter {
    pub fn add(&mut self, name: &str, data: &[u8]) -> Result<(), ExportError> {
        let deflated = miniz_oxide::deflate::compress_to_vec(data, LEVEL);
        let (method, body) = if deflated.len() < data.len() {
            (DEFLATED, deflated.as_slice())
        } else {
            (STORED, data)
        };
        let entry = Entry {
            name: name.to_owned(),
            method,
            crc: crc32(data),
            compressed: u32_of(body.len())?,
            size: u32_of(data.len())?,
            offset: u32_of(self.out.len())?,
        };
        let name_len = u16::try_from(name.len()).map_err(|_| ExportError::TooLarge)?;
        let out = &mut self.out;
        put32(out, 0x0403_4B50);
        put16(out, VERSION);
        put16(out, FLAGS);
        put16(out, entry.method);
        put16(out, DOS_TIME);
        put16(out, DOS_DATE);
        put32(out, entry.crc);
        put32(out, entry.compressed);
        put32(out, entry.size);
        put16(out, name_len);
        put16(out, 0);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(body);
        self.entries.push(entry);
        Ok(())
    }

    pub fn finish(mut self) -> Result<Vec<u8>, ExportError> {
        let directory_offset = u32_of(self.out.len())?;
        let count = u16::try_from(self.entries.len()).map_err(|_| ExportError::TooLarge)?;
        for entry in &self.entries {
            let out = &mut self.out;
            put32(out, 0x0201_4B50);
            put16(out, VERSION);
            put16(out, VERSION);
            put16(out, FLAGS);
            put16(out, entry.method);
            put16(out, DOS_TIME);
            put16(out, DOS_DATE);
            put32(out, entry.crc);
            put32(out, entry.compressed);
            put32(out, entry.size);
            // Checked in `add`.
            put16(out, entry.name.len() as u16);
            put16(out, 0); // extra
            put16(out, 0); // comment
            put16(out, 0); // disk
            put16(out, 0); // internal attributes
            put32(out, 0); // external attributes
            put32(out, entry.offset);
            out.extend_from_slice(entry.name.as_bytes());
        }
        let directory_size = u32_of(self.out.len())? - directory_offset;
        let out = &mut self.out;
        put32(out, 0x0605_4B50);
        put16(out, 0);
        put16(out, 0);
        put16(out, count);
        put16(out, count);
        put32(out, directory_size);
        put32(out, directory_offset);
        put16(out, 0);
        Ok(self.out)
    }
}

fn u32_of(length: usize) -> Result<u32, ExportError> {
    u32::try_from(length).map_err(|_| ExportError::TooLarge)
}

fn put16(out: &mut Vec<u8>, value: u16) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

/// CRC-32 (IEEE, as ZIP uses it), one byte at a time over a 1 KB table built at compile time;
/// fast enough for a few megabytes of XML and far smaller than a slice-by-16 crate.
const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut index = 0;
    while index < 256 {
        let mut crc = index as u32;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 {
                0xEDB8_8320 ^ (crc >> 1)
            } else {
                crc >> 1
            };
            bit += 1;
        }
        table[index] = crc;
        index += 1;
    }
    table
};

pub fn crc32(data: &[u8]) -> u32 {
    let crc = data.iter().fold(!0u32, |crc, &byte| {
        CRC_TABLE[((crc ^ u32::from(byte)) & 0xFF) as usize] ^ (crc >> 8)
    });
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn small_entries_are_stored_and_large_ones_deflated() {
        let mut zip = ZipWriter::default();
        zip.add("a.txt", b"x").unwrap();
        zip.add("b.xml", "<row/>".repeat(1000).as_bytes()).unwrap();
        let entries = &zip.entries;
        assert_eq!((entries[0].method, entries[0].compressed), (STORED, 1));
        assert_eq!(entries[1].method, DEFLATED);
        assert!(entries[1].compressed < 100, "{}", entries[1].compressed);
        let bytes = zip.finish().unwrap();
        assert_eq!(&bytes[..4], b"PK\x03\x04");
        // The end record: 2 entries, and it closes the file.
        let end = &bytes[bytes.len() - 22..];
        assert_eq!(&end[..4], b"PK\x05\x06");
        assert_eq!(&end[8..12], [2, 0, 2, 0]);
    }
}
