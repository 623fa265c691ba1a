//! Just enough of the JPEG marker syntax (ITU T.81 Annex B) to tell a CMYK or grey JPEG,
//! which goes into the PDF byte for byte, from an RGB one, which must be converted.

/// What the frame header and the Adobe marker say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct JpegInfo {
    /// Samples per line.
    pub(crate) width: u16,
    /// Lines.
    pub(crate) height: u16,
    /// Components in the frame: 1 grey, 3 YCbCr/RGB, 4 CMYK/YCCK.
    pub(crate) components: u8,
    /// An Adobe APP14 marker is present (Adobe's CMYK is stored inverted).
    pub(crate) adobe: bool,
}

/// Whether the bytes start with SOI.
pub(crate) fn is_jpeg(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xD8])
}

/// Walks the markers up to the first frame header (SOFn).
pub(crate) fn inspect(bytes: &[u8]) -> Result<JpegInfo, &'static str> {
    let mut at = 2;
    let mut adobe = false;
    loop {
        let marker = *bytes.get(at + 1).ok_or("no frame header before the end")?;
        if bytes[at] != 0xFF {
            return Err("marker expected");
        }
        if marker == 0xFF {
            // Fill byte before a marker (B.1.1.2).
            at += 1;
            continue;
        }
        let len = bytes.get(at + 2..at + 4).ok_or("truncated marker")?;
        let len = usize::from(u16::from_be_bytes([len[0], len[1]]));
        let body = bytes
            .get(at + 4..at + 2 + len)
            .ok_or("truncated marker segment")?;
        match marker {
            // APP14 "Adobe": present in Adobe's CMYK/YCCK files (Adobe TN 5116 §18).
            0xEE if body.starts_with(b"Adobe") => adobe = true,
            // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                let f = body.get(..6).ok_or("truncated frame header")?;
                return Ok(JpegInfo {
                    height: u16::from_be_bytes([f[1], f[2]]),
                    width: u16::from_be_bytes([f[3], f[4]]),
                    components: f[5],
                    adobe,
                });
            }
            0xDA | 0xD9 => return Err("no frame header before the scan"),
            _ => {}
        }
        at += 2 + len;
    }
}

/// Checks the file runs to its end-of-image marker (EOI): every marker segment whole, and
/// the entropy-coded data of every scan followed by a marker. A file cut short fails here.
pub(crate) fn check_complete(bytes: &[u8]) -> Result<(), &'static str> {
    const CUT: &str = "the file ends early (no end-of-image marker): it was cut short";
    let mut at = 2;
    loop {
        let marker = *bytes.get(at + 1).ok_or(CUT)?;
        if bytes[at] != 0xFF {
            return Err("marker expected");
        }
        match marker {
            0xFF => at += 1,
            0xD9 => return Ok(()),
            // Markers without a length: RSTn, TEM.
            0xD0..=0xD7 | 0x01 => at += 2,
            _ => {
                let len = bytes.get(at + 2..at + 4).ok_or(CUT)?;
                let len = usize::from(u16::from_be_bytes([len[0], len[1]]));
                if len < 2 || at + 2 + len > bytes.len() {
                    return Err(CUT);
                }
                at += 2 + len;
                if marker == 0xDA {
                    at = scan_end(bytes, at).ok_or(CUT)?;
                }
            }
        }
    }
}

/// Where the entropy-coded data starting at `at` ends: the next byte 0xFF that is followed
/// by neither a stuffed 0x00 nor a restart marker (B.1.1.5).
fn scan_end(bytes: &[u8], mut at: usize) -> Option<usize> {
    loop {
        at += bytes.get(at..)?.iter().position(|&b| b == 0xFF)?;
        match *bytes.get(at + 1)? {
            0x00 | 0xD0..=0xD7 => at += 2,
            // Fill bytes before a marker belong to the marker.
            _ => return Some(at),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_frame_and_adobe_marker() {
        let mut j = vec![0xFF, 0xD8, 0xFF, 0xEE, 0, 14];
        j.extend_from_slice(b"Adobe\0\x64\0\0\0\0\x02");
        j.extend_from_slice(&[0xFF, 0xC0, 0, 11, 8, 0, 20, 0, 30, 4, 0, 0, 0]);
        let info = inspect(&j).expect("valid markers");
        assert_eq!(
            (info.width, info.height, info.components, info.adobe),
            (30, 20, 4, true)
        );
    }

    #[test]
    fn a_scan_must_reach_the_end_marker() {
        let mut j = vec![0xFF, 0xD8, 0xFF, 0xC0, 0, 11, 8, 0, 20, 0, 30, 1, 0, 0, 0];
        j.extend_from_slice(&[0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 63, 0]);
        j.extend_from_slice(&[0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56]);
        assert!(check_complete(&j).is_err(), "cut in the scan");
        j.extend_from_slice(&[0xFF, 0xD9]);
        assert_eq!(check_complete(&j), Ok(()));
        for n in 0..j.len() - 1 {
            assert!(check_complete(&j[..n]).is_err(), "cut at {n}");
        }
    }

    #[test]
    fn truncated_is_an_error_not_a_panic() {
        for n in 0..8 {
            let j = [0xFF, 0xD8, 0xFF, 0xC0, 0, 11, 8, 0][..n].to_vec();
            assert!(inspect(&j).is_err());
        }
    }
}
