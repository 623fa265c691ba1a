//! Stories continued on another page (转版): the manifest's `continue_on` checked against
//! the pages, the order pages are laid out in so a continuation follows its first part, and
//! what arrives on each page.

use super::{Job, LaidOutPage};
use crate::copy::{Edition, PageCopy, PageSpec};
use crate::diag::Diagnostic;
use crate::layout;

/// A story the manifest continues on another page (`continue_on`).
#[derive(Debug, Clone, PartialEq)]
pub struct JumpSpec {
    /// The page it starts on (index into `Job::pages`).
    pub from: usize,
    /// The story (index into that page's copy).
    pub story: usize,
    /// The page it continues on (index into `Job::pages`).
    pub to: usize,
    /// The editor's jump headline, if any.
    pub title: Option<String>,
    /// Where the `[[page.story]]` table is written.
    pub span: crate::diag::Span,
}

/// A continuation arriving on a page: the jump, and where its story was cut.
#[derive(Debug, Clone, Copy)]
pub struct Incoming<'j> {
    /// The jump.
    pub jump: &'j JumpSpec,
    /// Index of the jump in `Job::jumps`.
    pub index: usize,
    /// Where the first part stopped.
    pub cut: layout::Cursor,
}

/// The pages in the order they can be laid out: each wave only needs the cuts of pages in
/// earlier waves; the pages of a wave are independent (laid out in parallel).
pub fn waves(job: &Job) -> Vec<Vec<usize>> {
    let n = job.pages.len();
    let mut wave = vec![0usize; n];
    // Jumps go to later pages only, so one pass per jump settles every page's wave.
    for _ in 0..=job.jumps.len() {
        for j in &job.jumps {
            wave[j.to] = wave[j.to].max(wave[j.from] + 1);
        }
    }
    let depth = wave.iter().max().map_or(0, |d| d + 1);
    (0..depth)
        .map(|d| (0..n).filter(|&i| wave[i] == d).collect())
        .collect()
}

/// The continuations arriving on page `index`, from the pages laid out so far (`laid[i]` is
/// page `i`'s layout, once done).
pub fn incoming<'j>(job: &'j Job, index: usize, laid: &[Option<&LaidOutPage>]) -> Vec<Incoming<'j>> {
    job.jumps
        .iter()
        .enumerate()
        .filter(|(_, j)| j.to == index)
        .filter_map(|(k, j)| {
            let out = laid
                .get(j.from)
                .copied()
                .flatten()?
                .findings
                .jumps
                .iter()
                .find(|o| o.story.index == j.story)?;
            Some(Incoming {
                jump: j,
                index: k,
                cut: out.cut,
            })
        })
        .collect()
}

/// Checks every `continue_on` of the manifest: the page must exist and come later.
pub(super) fn read_jumps(
    edition: &Edition,
    pages: &[(PageSpec, PageCopy)],
) -> Result<Vec<JumpSpec>, Vec<Diagnostic>> {
    let mut jumps = Vec::new();
    let mut errors = Vec::new();
    let numbers: Vec<String> = edition.pages.iter().map(|p| p.number.to_string()).collect();
    for (from, (spec, copy)) in pages.iter().enumerate() {
        for (span, s) in &spec.stories {
            let Some(n) = s.continue_on else { continue };
            let fail = |m: String| Diagnostic::error(*span, m);
            let to = pages.iter().position(|(p, _)| p.number == n);
            let err = match to {
                _ if n == spec.number => Some(
                    fail(format!("continue_on = {n} names this same page"))
                        .with_hint("a story continues on a later page of the edition"),
                ),
                None => Some(fail(format!(
                    "continue_on = {n}: the edition has no page {n} (its pages: {})",
                    numbers.join(", ")
                ))),
                Some(_) if n < spec.number => Some(
                    fail(format!(
                        "continue_on = {n} names an earlier page than this one ({})",
                        spec.number
                    ))
                    .with_hint("a story continues on a later page of the edition (下转)"),
                ),
                Some(_) => None,
            };
            if let Some(e) = err {
                errors.push(e);
                continue;
            }
            let story = match (&s.story, &s.title) {
                (Some(k), _) => k.checked_sub(1).filter(|&i| i < copy.stories.len()),
                (None, Some(t)) => copy.stories.iter().position(|st| st.title() == *t),
                (None, None) => None,
            };
            // A story the override does not name is reported by the page's own checks.
            if let (Some(story), Some(to)) = (story, to) {
                jumps.push(JumpSpec {
                    from,
                    story,
                    to,
                    title: s.jump_title.clone().filter(|t| !t.trim().is_empty()),
                    span: *span,
                });
            }
        }
    }
    if errors.is_empty() { Ok(jumps) } else { Err(errors) }
}
