//! The contact sheet: `index.html` beside the proofs, every page as a thumbnail with its
//! figures and problems, drawn from the same [`Report`] as `--json` prints. Problems come
//! ranked (errors first, then by kind); the copy reader's repairs are folded away, grouped
//! by the paragraph they lie in.

use crate::diag::{Kind, Severity};
use crate::report::{DiagnosticEntry, PageEntry, RepairEntry, Report, Status};
use std::fmt::Write;

/// The contact sheet of a report, as one self-contained HTML page. The proofs are linked by
/// their file names (the sheet lives in the proofs' folder); `pdf_links` gives, per page
/// number, the address of the PDF that was written, relative to the sheet. A page without
/// one has no PDF link.
pub fn contact_sheet(report: &Report, pdf_links: &[(u32, String)]) -> String {
    let mut h = String::new();
    let title = report.issue.as_ref().map_or_else(
        || "newsprint 校样".to_string(),
        |i| format!("{} {} 第{}期", i.paper, i.date, i.number),
    );
    let _ = write!(
        h,
        "<!doctype html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<h1>{t}</h1>\n",
        t = esc(&title)
    );
    let t = &report.totals;
    let _ = writeln!(
        h,
        "<p class=\"totals {}\">{}：{} 个版面，{} 篇稿件，排入 {} 字，溢出 {} 字；<span class=\"n-errors\">错误 {}</span>，<span class=\"n-warnings\">警告 {}</span>（其中修复 {} 处）。</p>",
        status_class(report.status),
        status_word(report.status),
        t.pages,
        t.stories,
        t.chars_set,
        t.chars_overflowing,
        t.errors,
        t.warnings,
        t.repairs
    );
    if !report.errors.is_empty() {
        h.push_str("<ol class=\"problems run-errors\">\n");
        for e in &report.errors {
            problem(&mut h, e);
        }
        h.push_str("</ol>\n");
    }
    h.push_str("<main>\n");
    for p in &report.pages {
        let pdf = pdf_links
            .iter()
            .find(|(n, _)| *n == p.number)
            .map(|(_, href)| href);
        page_section(&mut h, p, pdf);
    }
    h.push_str("</main>\n<p><a href=\"report.json\">report.json</a></p>\n</body>\n</html>\n");
    h
}

fn page_section(h: &mut String, p: &PageEntry, pdf: Option<&String>) {
    let f = &p.figures;
    let _ = writeln!(
        h,
        "<section class=\"page {cls}\" data-page=\"{n}\">\n<h2>第{n}版 {sec} <span class=\"status\">{word}</span></h2>\n<a href=\"{img}\"><img src=\"{img}\" alt=\"第{n}版\"></a>",
        cls = status_class(p.status),
        word = status_word(p.status),
        n = p.number,
        sec = esc(&p.section),
        img = esc(&p.proof)
    );
    let link = pdf.map_or_else(String::new, |href| {
        format!(" · <a href=\"{}\">PDF</a>", esc(href))
    });
    let _ = writeln!(
        h,
        "<p>排入 {} 字，溢出 {} 字 · 版面用 {:.1} % · 空 {} 行（{} 处） · 撞题 {} · 松行 {} · 短题行 {} · 背题 {}{link}</p>",
        f.chars_set,
        f.chars_overflowing,
        f.fill,
        f.space_left_lines,
        f.holes,
        f.collisions,
        f.loose_lines,
        f.short_heading_lines,
        f.stranded_subheads
    );
    h.push_str("<table>\n<tr><th>稿件</th><th>排入</th><th>溢出</th></tr>\n");
    for s in &p.stories {
        let cls = if s.chars_overflowing > 0 {
            " class=\"error\""
        } else {
            ""
        };
        let _ = writeln!(
            h,
            "<tr{cls}><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&s.title),
            s.chars_set,
            s.chars_overflowing
        );
    }
    h.push_str("</table>\n<ol class=\"problems\">\n");
    for d in ranked(&p.diagnostics) {
        problem(h, d);
    }
    h.push_str("</ol>\n");
    repairs(h, p);
    h.push_str("</section>\n");
}

/// A page's problems other than repairs, errors first, then by kind, then in copy order.
pub fn ranked(diagnostics: &[DiagnosticEntry]) -> Vec<&DiagnosticEntry> {
    let mut out: Vec<&DiagnosticEntry> = diagnostics.iter().filter(|d| d.kind != Kind::Repair).collect();
    out.sort_by_key(|d| (std::cmp::Reverse(d.severity), d.kind));
    out
}

fn problem(h: &mut String, d: &DiagnosticEntry) {
    let hint = d
        .hint
        .as_deref()
        .map(|x| format!("<br><i>提示：{}</i>", esc(x)))
        .unwrap_or_default();
    let _ = writeln!(
        h,
        "<li class=\"{}\">{}{hint}</li>",
        severity_class(d.severity),
        esc(&d.rendered)
    );
}

/// Repairs grouped by paragraph, in a folded block: they inform, they need no action.
fn repairs(h: &mut String, p: &PageEntry) {
    if p.repairs.is_empty() {
        return;
    }
    let groups = by_paragraph(&p.repairs);
    let strict = p
        .diagnostics
        .iter()
        .any(|d| d.kind == Kind::Repair && d.severity == Severity::Error);
    let _ = writeln!(
        h,
        "<details class=\"repairs{}\"><summary>修复 {} 处，{} 段</summary>\n<ul>",
        if strict { " error" } else { "" },
        p.repairs.len(),
        groups.len()
    );
    for g in groups {
        let at = g[0]
            .paragraph
            .as_ref()
            .or(g[0].at.as_ref())
            .map_or_else(String::new, |a| format!("{}:{}", a.file, a.line));
        let what: Vec<String> = g
            .iter()
            .map(|r| format!("{}→{}", esc(&r.before), esc(&r.after)))
            .collect();
        let _ = writeln!(h, "<li>{} 处 · {}：{}</li>", g.len(), esc(&at), what.join("，"));
    }
    h.push_str("</ul></details>\n");
}

/// Repairs in runs that share a paragraph (they come in copy order).
pub fn by_paragraph(repairs: &[RepairEntry]) -> Vec<&[RepairEntry]> {
    repairs
        .chunk_by(|a, b| a.paragraph.is_some() && a.paragraph == b.paragraph)
        .collect()
}

const CSS: &str = "body{font-family:sans-serif;margin:1em 2em}main{display:flex;flex-wrap:wrap;gap:1.5em}\
.page{width:420px}.page img{width:420px;border:1px solid #999}table{border-collapse:collapse;font-size:90%}\
td,th{padding:0 .5em;text-align:left}.error{color:#c00}.warning{color:#b60}.warnings h2{color:#b60}\
.error h2{color:#c00}.ok h2{color:#080}ol,ul{font-size:85%;padding-left:1.4em}details{font-size:90%;color:#555}\n";

fn status_class(s: Status) -> &'static str {
    match s {
        Status::Ok => "ok",
        Status::Warnings => "warnings",
        Status::Error => "error",
    }
}

/// What a status means to an editor.
pub fn status_word(s: Status) -> &'static str {
    match s {
        Status::Ok => "可付印",
        Status::Warnings => "有警告",
        Status::Error => "有错误，不可付印",
    }
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}

/// Escapes text for HTML.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
