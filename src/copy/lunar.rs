//! The Chinese lunisolar date (农历) printed under the masthead: `农历壬寅年六月廿二`.
//!
//! The months and days come from the `chinese-lunisolar-calendar` crate, whose table of
//! month lengths and leap months for the lunar years 1901–2100 is the one the Hong Kong
//! Observatory publishes (公曆與農曆日期對照表; UTC+8 new moons throughout). The 49 days of
//! 1901 before 正月初一 (1901-02-19) belong to the last two months of 庚子, which the crate's
//! table does not hold: they are [`GENGZI_TAIL`] here. Tests check dates against the
//! almanac (tests/lunar_almanac.rs). This module only names them.

use super::date::Date;

/// The Heavenly Stems (天干).
const STEMS: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
/// The Earthly Branches (地支).
const BRANCHES: [char; 12] = [
    '子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥',
];
/// Month names, from the first (正月) to the twelfth (腊月).
const MONTHS: [&str; 12] = [
    "正月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "冬月", "腊月",
];
/// Digits for the day names.
const DIGITS: [char; 10] = ['十', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// The first and last years whose lunar dates the tool prints.
pub const YEARS: std::ops::RangeInclusive<i32> = 1901..=2099;

/// 正月初一 of 辛丑 (1901-02-19): the first day the crate's table holds.
const NEW_YEAR_1901: (i32, u8, u8) = (1901, 2, 19);

/// The first days of 庚子's 冬月 and 腊月, later first (from the Observatory's table for
/// 1900–1901; both new moons stand well clear of midnight, 08:01 and 22:36 UTC+8).
const GENGZI_TAIL: [((i32, u8, u8), u8); 2] = [((1901, 1, 20), 12), ((1900, 12, 22), 11)];

/// A date of the Chinese lunisolar calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LunarDate {
    /// The lunar year, by the Gregorian year in which it begins (its 正月初一).
    pub year: i32,
    /// Month, 1 (正月) to 12 (腊月).
    pub month: u8,
    /// Whether the month is the leap month (闰月) after month `month`.
    pub leap: bool,
    /// Day of the month, 1 (初一) to 30 (三十).
    pub day: u8,
}

impl LunarDate {
    /// The lunar date of a Gregorian date in [`YEARS`].
    pub fn of(date: Date) -> Option<LunarDate> {
        if !YEARS.contains(&date.year()) {
            return None;
        }
        let day_of = |(y, m, d): (i32, u8, u8)| Date::new(y, m, d).map(Date::unix_days);
        let days = date.unix_days();
        if days < day_of(NEW_YEAR_1901)? {
            for (first, month) in GENGZI_TAIL {
                let start = day_of(first)?;
                if days >= start {
                    return Some(LunarDate {
                        year: 1900,
                        month,
                        leap: false,
                        day: (days - start + 1) as u8,
                    });
                }
            }
            return None;
        }
        let solar =
            chinese_lunisolar_calendar::SolarDate::from_ymd(date.year() as u16, date.month(), date.day())
                .ok()?;
        let lunar = chinese_lunisolar_calendar::LunisolarDate::from_solar_date(solar).ok()?;
        let month = lunar.to_lunar_month();
        Some(LunarDate {
            year: i32::from(lunar.to_lunisolar_year().to_u16()),
            month: month.to_u8(),
            leap: month.is_leap_month(),
            day: lunar.to_lunar_day().to_u8(),
        })
    }

    /// The year's stem and branch (干支), e.g. `壬寅` for 2022.
    pub fn year_name(&self) -> String {
        // 4 CE was a 甲子 year.
        let k = (self.year - 4).rem_euclid(60) as usize;
        [STEMS[k % 10], BRANCHES[k % 12]].iter().collect()
    }

    /// The month's name, e.g. `六月` or `闰二月`.
    pub fn month_name(&self) -> String {
        let name = MONTHS[(self.month as usize).clamp(1, 12) - 1];
        if self.leap {
            format!("闰{name}")
        } else {
            name.to_string()
        }
    }

    /// The day's name: 初一 … 初十, 十一 … 二十, 廿一 … 三十.
    pub fn day_name(&self) -> String {
        let d = self.day as usize;
        let (tens, units) = (d / 10, d % 10);
        match (tens, units) {
            (0, u) => format!("初{}", DIGITS[u]),
            (1, 0) => "初十".to_string(),
            (1, u) => format!("十{}", DIGITS[u]),
            (2, 0) => "二十".to_string(),
            (2, u) => format!("廿{}", DIGITS[u]),
            _ => "三十".to_string(),
        }
    }
}

impl std::fmt::Display for LunarDate {
    /// `农历壬寅年六月廿二`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "农历{}年{}{}",
            self.year_name(),
            self.month_name(),
            self.day_name()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lunar(text: &str) -> String {
        let date = Date::parse(text).expect("a valid date");
        LunarDate::of(date).map_or_else(|| "none".to_string(), |l| l.to_string())
    }

    /// Dates of the published almanac (the Hong Kong Observatory's 公曆與農曆日期對照表; the
    /// festival days are also those of the State Council's holiday notices): 春节 (正月初一)
    /// across the range, the last day of the old year, 端午 (五月初五), 中秋 (八月十五), and the
    /// first days of leap months.
    const ALMANAC: &[(&str, &str)] = &[
        ("2022-07-20", "农历壬寅年六月廿二"),
        // 春节.
        ("1901-02-19", "农历辛丑年正月初一"),
        ("1912-02-18", "农历壬子年正月初一"),
        ("1949-01-29", "农历己丑年正月初一"),
        ("1950-02-17", "农历庚寅年正月初一"),
        ("1954-02-03", "农历甲午年正月初一"),
        ("1976-01-31", "农历丙辰年正月初一"),
        ("1984-02-02", "农历甲子年正月初一"),
        ("1990-01-27", "农历庚午年正月初一"),
        ("1995-01-31", "农历乙亥年正月初一"),
        ("1999-02-16", "农历己卯年正月初一"),
        ("2000-02-05", "农历庚辰年正月初一"),
        ("2001-01-24", "农历辛巳年正月初一"),
        ("2002-02-12", "农历壬午年正月初一"),
        ("2003-02-01", "农历癸未年正月初一"),
        ("2004-01-22", "农历甲申年正月初一"),
        ("2005-02-09", "农历乙酉年正月初一"),
        ("2006-01-29", "农历丙戌年正月初一"),
        ("2007-02-18", "农历丁亥年正月初一"),
        ("2008-02-07", "农历戊子年正月初一"),
        ("2009-01-26", "农历己丑年正月初一"),
        ("2010-02-14", "农历庚寅年正月初一"),
        ("2011-02-03", "农历辛卯年正月初一"),
        ("2012-01-23", "农历壬辰年正月初一"),
        ("2013-02-10", "农历癸巳年正月初一"),
        ("2014-01-31", "农历甲午年正月初一"),
        ("2015-02-19", "农历乙未年正月初一"),
        ("2016-02-08", "农历丙申年正月初一"),
        ("2017-01-28", "农历丁酉年正月初一"),
        ("2018-02-16", "农历戊戌年正月初一"),
        ("2019-02-05", "农历己亥年正月初一"),
        ("2020-01-25", "农历庚子年正月初一"),
        ("2021-02-12", "农历辛丑年正月初一"),
        ("2022-02-01", "农历壬寅年正月初一"),
        ("2023-01-22", "农历癸卯年正月初一"),
        ("2024-02-10", "农历甲辰年正月初一"),
        ("2025-01-29", "农历乙巳年正月初一"),
        ("2026-02-17", "农历丙午年正月初一"),
        // 除夕: the old year's last day, 腊月三十 or 廿九.
        ("1901-02-18", "农历庚子年腊月三十"),
        ("2022-01-31", "农历辛丑年腊月廿九"),
        ("2023-01-21", "农历壬寅年腊月三十"),
        ("2024-02-09", "农历癸卯年腊月三十"),
        ("2025-01-28", "农历甲辰年腊月廿九"),
        ("2026-02-16", "农历乙巳年腊月廿九"),
        // 端午.
        ("2008-06-08", "农历戊子年五月初五"),
        ("2012-06-23", "农历壬辰年五月初五"),
        ("2015-06-20", "农历乙未年五月初五"),
        ("2017-05-30", "农历丁酉年五月初五"),
        ("2019-06-07", "农历己亥年五月初五"),
        ("2020-06-25", "农历庚子年五月初五"),
        ("2021-06-14", "农历辛丑年五月初五"),
        ("2022-06-03", "农历壬寅年五月初五"),
        ("2023-06-22", "农历癸卯年五月初五"),
        ("2024-06-10", "农历甲辰年五月初五"),
        ("2025-05-31", "农历乙巳年五月初五"),
        // 中秋.
        ("2008-09-14", "农历戊子年八月十五"),
        ("2012-09-30", "农历壬辰年八月十五"),
        ("2015-09-27", "农历乙未年八月十五"),
        ("2017-10-04", "农历丁酉年八月十五"),
        ("2019-09-13", "农历己亥年八月十五"),
        ("2020-10-01", "农历庚子年八月十五"),
        ("2021-09-21", "农历辛丑年八月十五"),
        ("2022-09-10", "农历壬寅年八月十五"),
        ("2023-09-29", "农历癸卯年八月十五"),
        ("2024-09-17", "农历甲辰年八月十五"),
        ("2025-10-06", "农历乙巳年八月十五"),
        // Leap months (闰月) and the day before each.
        ("2023-03-21", "农历癸卯年二月三十"),
        ("2023-03-22", "农历癸卯年闰二月初一"),
        ("2020-05-23", "农历庚子年闰四月初一"),
        ("2017-07-23", "农历丁酉年闰六月初一"),
        ("2014-10-24", "农历甲午年闰九月初一"),
        ("2012-05-21", "农历壬辰年闰四月初一"),
        ("2009-06-23", "农历己丑年闰五月初一"),
        ("2006-08-24", "农历丙戌年闰七月初一"),
        ("2004-03-21", "农历甲申年闰二月初一"),
        ("2025-07-25", "农历乙巳年闰六月初一"),
    ];

    #[test]
    fn lunar_dates_match_the_almanac() {
        let wrong: Vec<String> = ALMANAC
            .iter()
            .filter(|(d, want)| lunar(d) != *want)
            .map(|(d, want)| format!("{d}: {} (almanac: {want})", lunar(d)))
            .collect();
        assert!(ALMANAC.len() >= 50);
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn every_accepted_date_has_a_lunar_date_and_days_run_on() {
        // From 1901-01-01 to 2099-12-31 each day is the next lunar day, or 初一 of the next
        // month after a 29th or 30th; the year changes only at 正月初一.
        let first = Date::parse("1901-01-01").map(Date::unix_days).unwrap_or_default();
        let last = Date::parse("2099-12-31").map(Date::unix_days).unwrap_or_default();
        let mut prev: Option<LunarDate> = None;
        for days in first..=last {
            let date = Date::from_unix_days(days).expect("in range");
            let l = LunarDate::of(date).unwrap_or_else(|| panic!("{date} has no lunar date"));
            if let Some(p) = prev {
                let ok = if l.day == 1 {
                    (29..=30).contains(&p.day)
                        && (l.year == p.year || (l.month == 1 && !l.leap && l.year == p.year + 1))
                } else {
                    l.day == p.day + 1 && (l.year, l.month, l.leap) == (p.year, p.month, p.leap)
                };
                assert!(ok, "{date}: {l} after {p}");
            }
            prev = Some(l);
        }
        assert_eq!(
            LunarDate::of(Date::parse("1900-12-31").unwrap_or_else(|| unreachable!())),
            None
        );
        assert_eq!(
            LunarDate::of(Date::parse("2100-01-01").unwrap_or_else(|| unreachable!())),
            None
        );
    }

    #[test]
    fn day_names() {
        let names: Vec<String> = (1..=30)
            .map(|day| {
                LunarDate {
                    year: 2022,
                    month: 1,
                    leap: false,
                    day,
                }
                .day_name()
            })
            .collect();
        assert_eq!(names[..3], ["初一", "初二", "初三"]);
        assert_eq!(names[9..12], ["初十", "十一", "十二"]);
        assert_eq!(names[19..22], ["二十", "廿一", "廿二"]);
        assert_eq!(names[29], "三十");
    }
}
