//! The contact sheet: `index.html` beside the proofs, every page as a thumbnail with its
//! figures and diagnostics, drawn from the same [`Report`] as `--json` prints.

use crate::report::{Report, Status};
use std::fmt::Write;

/// The contact sheet of a report, as one self-contained HTML page (the proofs are linked by
/// their file names, so the sheet lives in the proofs' folder).
pub fn contact_sheet(report: &Report) -> String {
    let mut h = String::new();
    let title = report.issue.as_ref().map_or_else(
        || "newsprint proofs".to_string(),
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
        "<p class=\"{}\">{} pages, {} stories, {} characters set, {} overflowing, {} repairs, {} warnings, {} errors.</p>",
        status_class(report.status),
        t.pages,
        t.stories,
        t.chars_set,
        t.chars_overflowing,
        t.repairs,
        t.warnings,
        t.errors
    );
    for e in &report.errors {
        let _ = writeln!(h, "<p class=\"error\">{}</p>", esc(&e.rendered));
    }
    h.push_str("<main>\n");
    for p in &report.pages {
        let _ = writeln!(
            h,
            "<section class=\"page {cls}\">\n<h2>第{n}版 {sec}</h2>\n<a href=\"{img}\"><img src=\"{img}\" alt=\"page {n}\"></a>",
            cls = status_class(p.status),
            n = p.number,
            sec = esc(&p.section),
            img = esc(&p.proof)
        );
        let _ = writeln!(
            h,
            "<p>{} characters set, {} overflowing · <a href=\"{}\">PDF</a></p>",
            p.chars_set,
            p.chars_overflowing,
            esc(&p.pdf)
        );
        h.push_str("<table>\n<tr><th>story</th><th>set</th><th>overflow</th></tr>\n");
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
        h.push_str("</table>\n<ul>\n");
        for d in &p.diagnostics {
            let sev = serde_json::to_value(d.severity)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let hint = d
                .hint
                .as_deref()
                .map(|x| format!("<br><i>hint: {}</i>", esc(x)))
                .unwrap_or_default();
            let _ = writeln!(h, "<li class=\"{sev}\">{}{hint}</li>", esc(&d.rendered));
        }
        h.push_str("</ul>\n</section>\n");
    }
    h.push_str("</main>\n<p><a href=\"report.json\">report.json</a></p>\n</body>\n</html>\n");
    h
}

const CSS: &str = "body{font-family:sans-serif;margin:1em 2em}main{display:flex;flex-wrap:wrap;gap:1.5em}\
.page{width:360px}.page img{width:360px;border:1px solid #999}table{border-collapse:collapse;font-size:90%}\
td,th{padding:0 .5em;text-align:left}.error{color:#c00}.warning{color:#b60}.warnings h2{color:#b60}\
.error h2{color:#c00}ul{font-size:85%;padding-left:1.2em}\n";

fn status_class(s: Status) -> &'static str {
    match s {
        Status::Ok => "ok",
        Status::Warnings => "warnings",
        Status::Error => "error",
    }
}

/// Escapes text for HTML.
fn esc(s: &str) -> String {
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
