//! `newsprint init DIR`: a new edition folder that builds as it is, so an editor starts from
//! something that works and changes it.

use super::Ui;
use super::files::write_atomic;
use newsprint::copy::Date;
use std::path::Path;
use std::process::ExitCode;

/// The copy file `init` writes.
const COPY_NAME: &str = "page-01.md";

/// An example page: every construct of FORMAT.md an editor meets daily, set with full-width
/// punctuation so it builds without a repair or a warning.
const EXAMPLE_COPY: &str = "◎要闻

# 我市举办 全民阅读节

□本报记者 张明

四月二十三日，我市第十届全民阅读节在市图书馆开幕。活动为期一个月，设有图书展销、名家讲座、亲子共读等十余项内容，吸引了众多市民参与。

开幕式上，市图书馆向社区书屋赠送了新书五千册。图书馆负责人介绍，今年将新建城市书房二十处，让市民在家门口就能读到好书。

## 阅读走进社区

各社区结合自身特点，组织读书会、故事会和好书推荐活动。退休教师王老师说：“每周来书屋看看书，生活充实多了。”

市民李女士带着孩子参加了亲子共读活动。她说，这样的活动让孩子爱上了读书，也让家长找到了陪伴孩子的好方法。

◎简讯

●市文化馆本周六举办书法公益课，欢迎市民报名参加。（文馆）

●市博物馆延长周末开放时间至晚上八点。（博馆）
";

/// Creates `dir` with `edition.toml` and one page of copy.
pub fn init(ui: &Ui, dir: &Path) -> ExitCode {
    let fail = |message: String| {
        eprintln!("{}: error: {message}", dir.display());
        ExitCode::from(1)
    };
    if let Ok(mut entries) = std::fs::read_dir(dir)
        && entries.next().is_some()
    {
        return fail("the folder exists and is not empty".to_string());
    }
    if let Err(e) = std::fs::create_dir_all(dir) {
        return fail(format!("cannot create the folder: {e}"));
    }
    let date = today();
    let manifest = format!(
        "# An edition of the paper: its name, its issue, and one [[page]] table per page.\n\
         # Build it with: newsprint build {dir}\n\n\
         [paper]\n\
         name = \"新闻报\"       # the paper's name in the running head (报眉)\n\
         code = \"news\"         # short ASCII code for file names: news-{ymd}-01.pdf\n\n\
         [issue]\n\
         date = \"{date}\"   # YYYY-MM-DD; the weekday is computed\n\
         number = 1            # the issue number (总第1期)\n\n\
         [[page]]\n\
         number = 1\n\
         section = \"要闻\"\n\
         editor = \"编辑\"       # optional: the footer's 责任编辑\n\
         copy = \"{COPY_NAME}\"\n",
        dir = dir.display(),
        ymd = date.to_string().replace('-', ""),
    );
    for (name, text) in [("edition.toml", manifest.as_str()), (COPY_NAME, EXAMPLE_COPY)] {
        let path = dir.join(name);
        if let Err(e) = write_atomic(&path, text.as_bytes()) {
            eprintln!("{}: error: cannot write: {e}", path.display());
            return ExitCode::from(1);
        }
        if !ui.quiet {
            println!("{}", path.display());
        }
    }
    if !ui.quiet {
        eprintln!(
            "next: newsprint proof {d} -o {d}/proofs  (then open {d}/proofs/index.html)",
            d = dir.display()
        );
    }
    ExitCode::SUCCESS
}

/// Today's date (UTC), or `SOURCE_DATE_EPOCH`'s when set, so tests and reproducible
/// builds get a fixed one.
fn today() -> Date {
    if std::env::var_os("SOURCE_DATE_EPOCH").is_some() {
        return Date::default_for_build();
    }
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| Date::from_unix_days((d.as_secs() / 86_400) as i64))
        .unwrap_or_else(Date::default_for_build)
}
