//! Bad input gets a clear `file:line:col: error:` and exit 1, usage errors exit 2, and no
//! half-written PDF is left behind.

mod common;

use common::{build_to, newsprint, scratch, write};

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(newsprint(&["build"]).status.code(), Some(2));
    assert_eq!(newsprint(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn a_missing_copy_file_is_named() {
    let o = newsprint(&[
        "build",
        "no/such/page.md",
        "-o",
        scratch("missing").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("no/such/page.md: error: cannot read copy file: No such file"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn copy_that_is_not_utf8_is_placed_on_its_line() {
    let dir = scratch("utf8");
    let copy = dir.join("page.md");
    write(
        &copy,
        b"# \xe6\xa0\x87\xe9\xa2\x98\n\n\xe6\xad\xa3\xe6\x96\x87\xff\n".as_slice(),
    );
    let out = dir.join("out");
    let o = build_to(&copy, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("page.md:3:3: error: the file is not valid UTF-8"),
        "{e}"
    );
    assert!(
        !out.exists() || std::fs::read_dir(&out).unwrap().next().is_none(),
        "no PDF is written"
    );
}

#[test]
fn a_control_character_is_an_error() {
    let dir = scratch("control");
    let copy = dir.join("page.md");
    write(&copy, "# 标题\n\n正文\u{7}内容。\n");
    let o = build_to(&copy, &dir.join("out"), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("page.md:3:3: error: control character U+0007"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_character_no_font_has_is_named_with_its_line() {
    let dir = scratch("glyph");
    let copy = dir.join("page.md");
    write(&copy, "# 标题\n\n第一段正文。\n\n第二段有个\u{2A6D6}字。\n");
    let o = build_to(&copy, &dir.join("out"), &[]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("page.md:5:6: error: no font has a glyph for '\u{2A6D6}' (U+2A6D6)"),
        "{e}"
    );
}

#[test]
fn a_manifest_with_an_unknown_key_is_placed_on_its_line() {
    let dir = scratch("manifest");
    write(&dir.join("p.md"), "# 标题\n\n正文内容。\n");
    write(
        &dir.join("edition.toml"),
        "[paper]\nname = \"报\"\ncode = \"bao\"\ncolour = \"red\"\n\n[issue]\ndate = \"2024-01-02\"\nnumber = 1\n\n[[page]]\nnumber = 1\nsection = \"要闻\"\ncopy = \"p.md\"\n",
    );
    let o = newsprint(&[
        "build",
        dir.to_str().unwrap(),
        "-o",
        dir.join("out").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("edition.toml:4:1: error:") && e.contains("colour"),
        "{e}"
    );
}

#[test]
fn copy_ten_times_too_long_overflows_with_exit_1_unless_allowed() {
    let dir = scratch("overflow");
    let para = "呼伦贝尔市系统谋划，把建立健全新业态党建工作领导体制作为工作先导，扎实推动新业态、新就业群体党建工作全覆盖。".repeat(12);
    let mut copy = String::from("# 很长的稿件\n\n");
    for _ in 0..150 {
        copy.push_str(&para);
        copy.push_str("\n\n");
    }
    write(&dir.join("long.md"), &copy);
    let out = dir.join("out");
    let o = newsprint(&[
        "build",
        dir.join("long.md").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("long.md:1:1: error: story '很长的稿件' overflows by"),
        "{e}"
    );
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let over = report["pages"][0]["chars_overflowing"].as_u64().unwrap();
    let set = report["pages"][0]["chars_set"].as_u64().unwrap();
    let total = copy.chars().filter(|c| !c.is_whitespace() && *c != '#').count() as u64;
    assert_eq!(
        over + set,
        total,
        "every character is set or reported as overflow"
    );
    assert!(over > set * 5, "ten times too long: {over} over, {set} set");

    let o = newsprint(&[
        "build",
        dir.join("long.md").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--allow-overflow",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("warning: story '很长的稿件' overflows by"));
}
