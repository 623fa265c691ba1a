//! Writing CFF structures (TN 5176): DICT operands and operators, and INDEXes.

/// An integer DICT operand in its 5-byte form.
pub(super) fn int5(out: &mut Vec<u8>, v: usize) {
    out.push(29);
    out.extend_from_slice(&u32::try_from(v).unwrap_or(u32::MAX).to_be_bytes());
}

/// An integer DICT operand in its shortest form.
pub(super) fn int(out: &mut Vec<u8>, v: i32) {
    match v {
        -107..=107 => out.push((v + 139) as u8),
        108..=1131 => out.extend_from_slice(&[((v - 108) / 256 + 247) as u8, ((v - 108) % 256) as u8]),
        -1131..=-108 => out.extend_from_slice(&[((-v - 108) / 256 + 251) as u8, ((-v - 108) % 256) as u8]),
        -32768..=32767 => {
            out.push(28);
            out.extend_from_slice(&(v as i16).to_be_bytes());
        }
        _ => {
            out.push(29);
            out.extend_from_slice(&v.to_be_bytes());
        }
    }
}

/// A DICT operator, escaped when it is two bytes.
pub(super) fn push_op(out: &mut Vec<u8>, op: u16) {
    if op >> 8 == 12 {
        out.push(12);
    }
    out.push(op as u8);
}

/// The smallest offset size that holds `last`, the offset past the last object.
fn off_size(last: usize) -> Option<usize> {
    (1..=4).find(|&s| last < 1 << (8 * s))
}

/// The length of an INDEX of objects of these lengths.
pub(super) fn index_len(lens: &[usize]) -> Option<usize> {
    let data: usize = lens.iter().sum();
    if lens.is_empty() {
        return Some(2);
    }
    Some(3 + (lens.len() + 1) * off_size(data + 1)? + data)
}

/// The length of an INDEX of objects ending at `ends` in one buffer.
pub(super) fn index_len_from_ends(ends: &[u32]) -> Option<usize> {
    let data = ends.last().map_or(0, |&e| e as usize);
    if ends.is_empty() {
        return Some(2);
    }
    Some(3 + (ends.len() + 1) * off_size(data + 1)? + data)
}

/// Writes an INDEX of the objects.
pub(super) fn write_index<'b>(
    out: &mut Vec<u8>,
    objects: impl IntoIterator<Item = &'b [u8]> + Clone,
) -> Option<()> {
    let mut ends = Vec::new();
    let mut total = 0u32;
    for o in objects.clone() {
        total = total.checked_add(u32::try_from(o.len()).ok()?)?;
        ends.push(total);
    }
    let mut data = Vec::with_capacity(total as usize);
    for o in objects {
        data.extend_from_slice(o);
    }
    write_index_from_ends(out, &data, &ends)
}

/// Writes an INDEX of the objects of `data` ending at `ends`.
pub(super) fn write_index_from_ends(out: &mut Vec<u8>, data: &[u8], ends: &[u32]) -> Option<()> {
    out.extend_from_slice(&u16::try_from(ends.len()).ok()?.to_be_bytes());
    if ends.is_empty() {
        return Some(());
    }
    let size = off_size(data.len() + 1)?;
    out.push(size as u8);
    for off in std::iter::once(0).chain(ends.iter().copied()) {
        out.extend_from_slice(&(off + 1).to_be_bytes()[4 - size..]);
    }
    out.extend_from_slice(data);
    Some(())
}
