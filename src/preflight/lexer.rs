//! A content-stream reader that walks operators in place (PDF 1.7 §7.2, §7.8.2): each
//! operator is handed over with its top-level operands as numbers, names or "something
//! else", borrowed from the stream. Nothing is allocated per operator, and strings, arrays
//! and dictionaries are skipped, not built: the checks need colours, sizes, widths and
//! resource names, never the text itself.

/// One operand of an operator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Operand<'a> {
    /// An integer or real.
    Number(f32),
    /// A name, without the slash, as written (no `#xx` decoding).
    Name(&'a [u8]),
    /// A string, array, dictionary, boolean or null.
    Other,
}

/// Why a stream cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct LexError {
    /// Byte offset in the decoded stream.
    pub(super) at: usize,
    /// What is wrong.
    pub(super) what: &'static str,
}

impl std::fmt::Display for LexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at byte {}", self.what, self.at)
    }
}

/// PDF white space (Table 1).
fn is_space(b: u8) -> bool {
    matches!(b, b'\0' | b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// PDF delimiters (Table 2).
fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

/// Calls `op(operator, operands)` for every operator of `data`, in order.
pub(super) fn for_each_operator<'a>(
    data: &'a [u8],
    mut op: impl FnMut(&'a [u8], &[Operand<'a>]),
) -> Result<(), LexError> {
    let mut operands: Vec<Operand<'a>> = Vec::with_capacity(8);
    // Nesting of arrays and dictionaries: what is inside one is a single operand.
    let mut depth = 0usize;
    let mut i = 0;
    let err = |at, what| Err(LexError { at, what });
    while i < data.len() {
        let b = data[i];
        let start = i;
        let operand = match b {
            _ if is_space(b) => {
                i += 1;
                continue;
            }
            b'%' => {
                while i < data.len() && !matches!(data[i], b'\r' | b'\n') {
                    i += 1;
                }
                continue;
            }
            b'(' => {
                i = skip_literal_string(data, i).ok_or(LexError {
                    at: start,
                    what: "unterminated string",
                })?;
                Operand::Other
            }
            b'<' if data.get(i + 1) == Some(&b'<') => {
                depth += 1;
                i += 2;
                continue;
            }
            b'>' if data.get(i + 1) == Some(&b'>') => {
                if depth == 0 {
                    return err(start, "unbalanced '>>'");
                }
                depth -= 1;
                i += 2;
                Operand::Other
            }
            b'<' => {
                let end = data[i..].iter().position(|&c| c == b'>').ok_or(LexError {
                    at: start,
                    what: "unterminated hex string",
                })?;
                i += end + 1;
                Operand::Other
            }
            b'[' => {
                depth += 1;
                i += 1;
                continue;
            }
            b']' => {
                if depth == 0 {
                    return err(start, "unbalanced ']'");
                }
                depth -= 1;
                i += 1;
                Operand::Other
            }
            b'/' => {
                i += 1;
                while i < data.len() && !is_space(data[i]) && !is_delimiter(data[i]) {
                    i += 1;
                }
                Operand::Name(&data[start + 1..i])
            }
            b')' | b'>' | b'{' | b'}' => return err(start, "unexpected delimiter"),
            _ => {
                while i < data.len() && !is_space(data[i]) && !is_delimiter(data[i]) {
                    i += 1;
                }
                let word = &data[start..i];
                if matches!(word[0], b'0'..=b'9' | b'+' | b'-' | b'.') {
                    let n = std::str::from_utf8(word)
                        .ok()
                        .and_then(|s| s.parse::<f32>().ok())
                        .ok_or(LexError {
                            at: start,
                            what: "malformed number",
                        })?;
                    Operand::Number(n)
                } else if matches!(word, b"true" | b"false" | b"null") {
                    Operand::Other
                } else if depth > 0 {
                    // A keyword inside an array or dictionary is malformed.
                    return err(start, "operator inside an array or dictionary");
                } else {
                    op(word, &operands);
                    operands.clear();
                    if word == b"ID" {
                        // Inline image data: binary, up to white space, `EI`, white space.
                        i = skip_inline_image(data, i).ok_or(LexError {
                            at: start,
                            what: "inline image without EI",
                        })?;
                    }
                    continue;
                }
            }
        };
        if depth == 0 {
            operands.push(operand);
        }
    }
    if depth > 0 {
        return err(data.len(), "unclosed array or dictionary");
    }
    Ok(())
}

/// The index after the literal string starting at `i` (`(`), balancing parentheses and
/// honouring backslash escapes (§7.3.4.2).
fn skip_literal_string(data: &[u8], mut i: usize) -> Option<usize> {
    let mut open = 0usize;
    while i < data.len() {
        match data[i] {
            b'\\' => i += 1,
            b'(' => open += 1,
            b')' => {
                open -= 1;
                if open == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The index after `EI` ending the inline image data that follows `ID` at `i` (§8.9.7).
fn skip_inline_image(data: &[u8], i: usize) -> Option<usize> {
    // One white-space byte separates ID from the data.
    let mut j = i + 1;
    while j + 2 <= data.len() {
        if data[j..].starts_with(b"EI")
            && is_space(data[j - 1])
            && data.get(j + 2).is_none_or(|&c| is_space(c) || is_delimiter(c))
        {
            return Some(j + 2);
        }
        j += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(data: &[u8]) -> Result<Vec<(String, Vec<Operand<'_>>)>, LexError> {
        let mut out = Vec::new();
        for_each_operator(data, |op, args| {
            out.push((String::from_utf8_lossy(op).into_owned(), args.to_vec()))
        })?;
        Ok(out)
    }

    #[test]
    fn operators_with_numbers_and_names() {
        let got = ops(b"q /GSop gs 0 0 0 1 k BT /F0 9 Tf 1 0 0 1 10.5 -2 Tm").unwrap();
        assert_eq!(got[0], ("q".into(), vec![]));
        assert_eq!(got[1], ("gs".into(), vec![Operand::Name(b"GSop")]));
        assert_eq!(got[2].1, [0.0, 0.0, 0.0, 1.0].map(Operand::Number));
        assert_eq!(got[4].1, vec![Operand::Name(b"F0"), Operand::Number(9.0)]);
        assert_eq!(got[5].1[4..], [Operand::Number(10.5), Operand::Number(-2.0)]);
    }

    #[test]
    fn strings_arrays_and_dictionaries_are_one_operand_each() {
        let got = ops(b"[<0012> -250 (a\\)b(c)) 3] TJ (x) Tj /P <</MCID 0 /A [1 2]>> BDC").unwrap();
        assert_eq!(got[0], ("TJ".into(), vec![Operand::Other]));
        assert_eq!(got[1], ("Tj".into(), vec![Operand::Other]));
        assert_eq!(got[2], ("BDC".into(), vec![Operand::Name(b"P"), Operand::Other]));
    }

    #[test]
    fn inline_images_and_comments_are_skipped() {
        let got = ops(b"% note k\nBI /W 1 /H 1 ID \x00EI\xffk EI Q").unwrap();
        let names: Vec<&str> = got.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(names, ["BI", "ID", "Q"]);
    }

    #[test]
    fn malformed_streams_are_errors() {
        assert!(ops(b"(open Tj").is_err());
        assert!(ops(b"[1 2 TJ").is_err());
        assert!(ops(b"1..2 w").is_err());
        assert!(ops(b"] k").is_err());
    }
}
