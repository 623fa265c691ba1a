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

# 我市举办 第十届全民阅读节

□本报记者 张明

四月二十三日，我市第十届全民阅读节在市图书馆开幕。活动为期一个月，设有图书展销、名家讲座、亲子共读、读书分享会等十余项内容，吸引了众多市民参与。开幕当天，市图书馆门前排起长队，不少市民一早就带着孩子前来挑选图书。

开幕式上，市图书馆向全市二十个社区书屋赠送了新书五千册，内容涵盖文学、历史、科普、少儿等门类。图书馆负责人介绍，今年全市将新建城市书房二十处，推动公共阅读空间向街道、社区和乡村延伸，让市民在家门口就能读到好书。

近年来，我市持续推进书香城市建设，全市公共图书馆年接待读者超过三百万人次，数字阅读平台注册用户突破五十万人。市民人均年阅读量逐年提高，阅读正在成为越来越多市民的生活方式。

## 阅读走进社区

各社区结合自身特点，组织读书会、故事会和好书推荐活动。东城区幸福里社区每周六举办一次读书会，居民轮流领读，分享读书心得。退休教师王老师说：“每周来书屋看看书、聊聊天，生活充实多了。”

市民李女士带着孩子参加了亲子共读活动。她说，这样的活动让孩子爱上了读书，也让家长找到了陪伴孩子的好方法。社区工作人员表示，将根据居民需求增加少儿读物和老年读物，延长书屋开放时间。

## 名家讲座受欢迎

阅读节期间，主办方邀请了多位作家、学者走进校园和社区，围绕经典阅读、地方历史、科学普及等主题开设讲座二十余场。讲座现场座无虚席，不少听众在结束后仍围着主讲人请教问题。

市第一中学的学生小刘听完讲座后说，原来读书可以有这么多方法，自己要制定一份新的读书计划。主办方介绍，讲座视频将陆续上传到数字阅读平台，供市民免费观看。

◎民生

# 老旧小区改造 惠及三万余户

□本报记者 李华

今年，我市计划改造老旧小区八十六个，涉及居民三万余户。改造内容包括更新供水供暖管网、加装电梯、整治外墙、增设停车位和充电设施等。目前，首批二十个小区已经开工，预计九月底前完工。

为让改造更贴近居民需求，各街道在改造前逐户走访，广泛征求意见。南苑小区居民张大爷说，小区楼道灯坏了多年，这次不仅换了新灯，还装上了扶手，老人上下楼方便多了。

市住房和城乡建设局相关负责人表示，将加强施工质量和安全监管，建立居民监督员制度，做到改造一个、满意一个。同时，探索引入物业服务，建立长效管理机制，防止小区改造后再次老化失管。

◎经济

# 一季度我市 外贸进出口稳步增长

□本报记者 王强

记者从市商务局获悉，一季度我市外贸进出口总额同比增长百分之八点五，其中出口增长百分之十点二。机电产品、农产品出口保持较快增长，新能源产品成为新的增长点。

市商务局负责人介绍，今年以来，我市组织企业参加境内外展会三十余场，帮助企业拓展国际市场。同时，优化通关流程，压缩通关时间，为企业降低物流成本。

不少外贸企业表示，订单情况好于预期。一家机械制造企业负责人说，企业今年新开拓了三个海外市场，生产线满负荷运转，正在招聘新员工。

◎简讯

●市文化馆本周六举办书法公益课，欢迎市民报名参加。（文馆）

●市博物馆延长周末开放时间至晚上八点。（博馆）

●市体育中心游泳馆下月起面向中小学生免费开放。（体育）

●本周末城区将进行道路养护作业，请过往车辆绕行。（交通）

●市气象台预报，未来三天我市以晴为主，气温逐步回升。（气象）
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
