//! A minimal reader of the OpenType table directory, to lift one table out of a font file.
//!
//! A CFF-flavoured subset is embedded as a bare `CFF ` table (FontFile3 /CIDFontType0C,
//! PDF 1.7 §9.9 Table 126), while subsetter returns a whole OpenType file. Parsing the
//! directory ourselves (OpenType spec, "Table Directory") keeps the slice borrowed, with no
//! copy and no second font parser.

/// Size of the offset table before the table records.
const HEADER_LEN: usize = 12;
/// Size of one table record: tag, checksum, offset, length.
const RECORD_LEN: usize = 16;

/// The bytes of table `tag` in the sfnt `data`, or `None` when the file is truncated or the
/// table is missing.
pub(crate) fn table<'a>(data: &'a [u8], tag: &[u8; 4]) -> Option<&'a [u8]> {
    let num_tables = usize::from(u16::from_be_bytes(data.get(4..6)?.try_into().ok()?));
    (0..num_tables).find_map(|i| {
        let start = HEADER_LEN + i * RECORD_LEN;
        let record = data.get(start..start + RECORD_LEN)?;
        if &record[0..4] != tag {
            return None;
        }
        let offset = u32::from_be_bytes(record[8..12].try_into().ok()?) as usize;
        let len = u32::from_be_bytes(record[12..16].try_into().ok()?) as usize;
        data.get(offset..offset.checked_add(len)?)
    })
}

#[cfg(test)]
mod tests {
    use super::table;

    /// An sfnt with two tables, `AAAA` = [1, 2] and `CFF ` = [3, 4, 5].
    fn sample() -> Vec<u8> {
        let mut d = vec![0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0];
        for (tag, off, len) in [(b"AAAA", 44u32, 2u32), (b"CFF ", 46, 3)] {
            d.extend_from_slice(tag);
            d.extend_from_slice(&[0; 4]);
            d.extend_from_slice(&off.to_be_bytes());
            d.extend_from_slice(&len.to_be_bytes());
        }
        d.extend_from_slice(&[1, 2, 3, 4, 5]);
        d
    }

    #[test]
    fn finds_tables_by_tag() {
        let d = sample();
        assert_eq!(table(&d, b"CFF "), Some(&[3u8, 4, 5][..]));
        assert_eq!(table(&d, b"AAAA"), Some(&[1u8, 2][..]));
        assert_eq!(table(&d, b"glyf"), None);
    }

    #[test]
    fn truncated_file_is_none_not_panic() {
        let d = sample();
        assert_eq!(table(&d[..47], b"CFF "), None);
        assert_eq!(table(&d[..20], b"CFF "), None);
        assert_eq!(table(&[], b"CFF "), None);
    }
}
