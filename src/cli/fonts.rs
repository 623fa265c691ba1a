//! `newsprint fonts [PATH]`: the faces found, the roles each serves, and, given copy, the
//! characters no face covers, each with its first place.

use super::Ui;
use super::pipeline;
use newsprint::build;
use newsprint::diag::{Diagnostic, Sources, Span};
use newsprint::shape::{FontDb, Role};
use std::path::Path;
use std::process::ExitCode;

const ROLES: &[(Role, &str)] = &[
    (Role::Body, "body"),
    (Role::Headline, "headline"),
    (Role::HeadlineSong, "headline-song"),
    (Role::Subhead, "subhead"),
    (Role::Kai, "byline/caption"),
    (Role::Label, "label"),
];

/// Lists faces; with a path, exits 1 when a character of the copy has no face.
pub fn fonts(ui: &Ui, path: Option<&Path>, fonts: Option<&Path>) -> ExitCode {
    let db_files = match pipeline::open_fonts(fonts) {
        Ok((f, _)) => f,
        Err(d) => {
            ui.printer.print(&Sources::new(), &[d]);
            return ExitCode::from(1);
        }
    };
    let db = match pipeline::parse_fonts(&db_files) {
        Ok(db) => db,
        Err(d) => {
            ui.printer.print(&Sources::new(), &[d]);
            return ExitCode::from(1);
        }
    };
    list_faces(&db);
    let Some(path) = path else {
        return ExitCode::SUCCESS;
    };
    let job = match build::read_job(path) {
        Ok(job) => job,
        Err(f) => {
            ui.printer.print(&f.sources, &f.diagnostics);
            return ExitCode::from(1);
        }
    };
    let mut seen = Vec::new();
    let mut missing = Vec::new();
    for (_, copy) in &job.pages {
        let text = &job.sources.get(copy.file).text;
        for (at, c) in text.char_indices() {
            if c.is_whitespace() || c.is_control() || seen.contains(&c) {
                continue;
            }
            seen.push(c);
            if !db.iter().any(|(_, f)| f.has_char(c)) {
                let span = Span::new(copy.file, at, at + c.len_utf8());
                missing.push(
                    Diagnostic::error(span, format!("no face has '{c}' (U+{:04X})", c as u32))
                        .with_hint("add a face that has it to the fonts folder, or replace the character"),
                );
            }
        }
    }
    println!(
        "{}: {} distinct characters, {} not covered",
        path.display(),
        seen.len(),
        missing.len()
    );
    ui.printer.print(&job.sources, &missing);
    if missing.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn list_faces(db: &FontDb) {
    for (id, face) in db.iter() {
        let roles: Vec<&str> = ROLES
            .iter()
            .filter(|(r, _)| db.role(*r) == id)
            .map(|(_, name)| *name)
            .collect();
        let mut roles = roles.join(", ");
        if db.fallback() == id {
            roles.push_str(if roles.is_empty() {
                "fallback"
            } else {
                ", fallback"
            });
        }
        if roles.is_empty() {
            roles.push('-');
        }
        println!(
            "{}\t{}\t{} glyphs\t{}",
            face.path.display(),
            face.postscript_name,
            face.face.number_of_glyphs(),
            roles
        );
    }
}
