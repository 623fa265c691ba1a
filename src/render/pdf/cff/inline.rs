//! Type 2 charstrings with their subroutines inlined (TN 5177): the bytes of each call's
//! subroutine, without its `return`, in place of the call and the number pushed for it.

use super::Index;

/// The deepest subroutine nesting a Type 2 charstring may use (TN 5177, Appendix B).
const MAX_CALL_DEPTH: u8 = 10;
/// The argument stack limit of a Type 2 charstring (TN 5177, Appendix B).
const MAX_STACK: usize = 48;

/// Whether a charstring ends here or goes on after a subroutine.
#[derive(PartialEq)]
pub(super) enum Flow {
    Continue,
    End,
}

/// Copies one charstring into `out` with its subroutine calls replaced by the
/// subroutines' bytes.
///
/// Bytes are copied in spans, up to each call. The operands on the stack always end the
/// output: after a push comes another push, an operator that clears the stack, or a call
/// or return, which are not copied. So a call's subroutine number is the last bytes of
/// the output, and the stack only needs each operand's length and value.
pub(super) struct Inliner<'i, 'a> {
    globals: &'i Index<'a>,
    locals: Option<&'i Index<'a>>,
    out: &'i mut Vec<u8>,
    /// Each operand's encoded length and, for an integer, its value.
    stack: [(u8, Option<i32>); MAX_STACK],
    depth: usize,
    /// Stem hints declared so far, which fix the length of a hintmask.
    stems: usize,
}

impl<'i, 'a> Inliner<'i, 'a> {
    pub(super) fn new(globals: &'i Index<'a>, locals: Option<&'i Index<'a>>, out: &'i mut Vec<u8>) -> Self {
        Inliner {
            globals,
            locals,
            out,
            stack: [(0, None); MAX_STACK],
            depth: 0,
            stems: 0,
        }
    }

    /// Runs `code` (a charstring or a subroutine at nesting `depth`).
    pub(super) fn run(&mut self, code: &[u8], depth: u8) -> Option<Flow> {
        let (mut i, mut span) = (0, 0);
        while i < code.len() {
            let b0 = code[i];
            let (len, value) = match b0 {
                32..=246 => (1, Some(i32::from(b0) - 139)),
                247..=250 => (
                    2,
                    Some((i32::from(b0) - 247) * 256 + i32::from(*code.get(i + 1)?) + 108),
                ),
                251..=254 => (
                    2,
                    Some(-(i32::from(b0) - 251) * 256 - i32::from(*code.get(i + 1)?) - 108),
                ),
                28 => (
                    3,
                    Some(i32::from(i16::from_be_bytes(
                        code.get(i + 1..i + 3)?.try_into().ok()?,
                    ))),
                ),
                // 16.16 fixed: never a subroutine number.
                255 => (5, None),
                _ => (0, None),
            };
            if len > 0 {
                if self.depth == MAX_STACK {
                    return None;
                }
                self.stack[self.depth] = (len, value);
                self.depth += 1;
                i += usize::from(len);
                continue;
            }
            i += 1;
            match b0 {
                // callsubr, callgsubr
                10 | 29 => {
                    self.out.extend_from_slice(code.get(span..i - 1)?);
                    span = i;
                    self.depth = self.depth.checked_sub(1)?;
                    let (len, number) = self.stack[self.depth];
                    let subrs = if b0 == 10 { self.locals? } else { self.globals };
                    let at = usize::try_from(number? + subrs.bias()).ok()?;
                    if depth >= MAX_CALL_DEPTH {
                        return None;
                    }
                    self.out.truncate(self.out.len().checked_sub(usize::from(len))?);
                    if self.run(subrs.get(at)?, depth + 1)? == Flow::End {
                        return Some(Flow::End);
                    }
                }
                // return
                11 => {
                    self.out.extend_from_slice(code.get(span..i - 1)?);
                    return (depth > 0).then_some(Flow::Continue);
                }
                // endchar; with four operands it is seac, which names standard glyphs.
                14 => {
                    if self.depth >= 4 {
                        return None;
                    }
                    self.out.extend_from_slice(code.get(span..i)?);
                    return Some(Flow::End);
                }
                // hstem, vstem, hstemhm, vstemhm
                1 | 3 | 18 | 23 => {
                    self.stems += self.depth / 2;
                    self.depth = 0;
                }
                // hintmask, cntrmask: operands before them are vstems; the mask follows.
                19 | 20 => {
                    self.stems += self.depth / 2;
                    self.depth = 0;
                    i += self.stems.div_ceil(8);
                }
                // escape: only the flex operators and dotsection, no arithmetic or storage.
                12 => {
                    if !matches!(*code.get(i)?, 0 | 34..=37) {
                        return None;
                    }
                    i += 1;
                    self.depth = 0;
                }
                // path construction
                4..=8 | 21 | 22 | 24..=27 | 30 | 31 => self.depth = 0,
                _ => return None,
            }
        }
        // A subroutine that ends without return, or a charstring without endchar.
        self.out.extend_from_slice(code.get(span..i)?);
        Some(Flow::Continue)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::cff::write::write_index;

    /// A charstring operand for `v` in -107..=107.
    fn small(v: i32) -> u8 {
        (v + 139) as u8
    }

    #[test]
    fn inlines_nested_calls_and_drops_their_numbers() {
        // Global subr 0 draws a line and calls local subr 1, which ends the glyph.
        let g0 = [small(10), small(20), 5, small(1 - 107), 10, 11];
        let l0 = [11u8];
        let l1 = [small(5), 22, 14];
        let mut gbuf = Vec::new();
        write_index(&mut gbuf, [&g0[..]]).unwrap();
        let mut lbuf = Vec::new();
        write_index(&mut lbuf, [&l0[..], &l1[..]]).unwrap();
        let (g, _) = Index::parse(&gbuf, 0).unwrap();
        let (l, _) = Index::parse(&lbuf, 0).unwrap();
        let code = [small(0), small(0), 21, small(-107), 29];
        let mut out = Vec::new();
        let flow = Inliner::new(&g, Some(&l), &mut out).run(&code, 0);
        assert!(flow == Some(Flow::End));
        assert_eq!(
            out,
            [small(0), small(0), 21, small(10), small(20), 5, small(5), 22, 14]
        );
    }

    #[test]
    fn hintmask_length_follows_the_stems_and_arithmetic_is_refused() {
        let (empty, _) = Index::parse(&[0, 0], 0).unwrap();
        // Two hstems, then a hintmask with an implicit vstem: three stems, one mask byte.
        let code = [
            small(1),
            small(2),
            small(3),
            small(4),
            18,
            small(5),
            small(6),
            19,
            0xe0,
            14,
        ];
        let mut out = Vec::new();
        Inliner::new(&empty, None, &mut out).run(&code, 0).unwrap();
        assert_eq!(out, code);
        // `add` (12 10) could compute a subroutine number.
        let code = [small(1), small(2), 12, 10, 14];
        assert!(
            Inliner::new(&empty, None, &mut Vec::new())
                .run(&code, 0)
                .is_none()
        );
        // A call with no local subroutines, and a truncated mask, are refused, not panics.
        assert!(
            Inliner::new(&empty, None, &mut Vec::new())
                .run(&[small(0), 10], 0)
                .is_none()
        );
        assert!(
            Inliner::new(&empty, None, &mut Vec::new())
                .run(&[small(1), small(2), 1, 19], 0)
                .is_none()
        );
    }
}
