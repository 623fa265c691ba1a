//! Issue dates: a checked calendar date with the civil-date arithmetic the running head
//! needs (the weekday, 星期三), so no date crate is pulled in.

use std::fmt;

/// Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar.
const UNIX_EPOCH_DAYS: i64 = 719_468;
/// Days in a 400-year Gregorian cycle.
const DAYS_PER_ERA: i64 = 146_097;
/// Weekday names, Sunday first (1970-01-01 was a Thursday, index 4).
const WEEKDAYS_ZH: [&str; 7] = [
    "星期日",
    "星期一",
    "星期二",
    "星期三",
    "星期四",
    "星期五",
    "星期六",
];

/// A calendar date (proleptic Gregorian), always valid: built only by checked constructors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, 1 to 9999.
    year: i32,
    /// Month, 1 to 12.
    month: u8,
    /// Day, 1 to the length of the month.
    day: u8,
}

impl Date {
    /// The date, if it exists (years 1 to 9999).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let length = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1..=9999).contains(&year) && (1..=length).contains(&day)).then_some(Date { year, month, day })
    }

    /// Parses exactly `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shape_ok {
            return None;
        }
        Date::new(
            text[..4].parse().ok()?,
            text[5..7].parse().ok()?,
            text[8..].parse().ok()?,
        )
    }

    /// The date `days` days after 1970-01-01 (negative: before).
    pub fn from_unix_days(days: i64) -> Option<Date> {
        // Count from 0000-03-01 so the leap day ends the year (civil-date arithmetic).
        let z = days.checked_add(UNIX_EPOCH_DAYS)?;
        let era = z.div_euclid(DAYS_PER_ERA);
        let day_of_era = z.rem_euclid(DAYS_PER_ERA);
        let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let month_from_march = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
        let month = if month_from_march < 10 {
            month_from_march + 3
        } else {
            month_from_march - 9
        };
        let year = era * 400 + year_of_era + i64::from(month <= 2);
        Date::new(
            i32::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// Days since 1970-01-01.
    pub fn unix_days(self) -> i64 {
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year.rem_euclid(400);
        let month_from_march = (i64::from(self.month) + 9) % 12;
        let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * DAYS_PER_ERA + day_of_era - UNIX_EPOCH_DAYS
    }

    /// The weekday for the running head: `星期三`.
    pub fn weekday_zh(self) -> &'static str {
        let index = (self.unix_days() + 4).rem_euclid(7);
        WEEKDAYS_ZH[index as usize]
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month.
    pub fn day(self) -> u8 {
        self.day
    }

    /// The date of a build with no manifest: `SOURCE_DATE_EPOCH` when set (and valid: the
    /// build refuses an invalid one, see [`Date::source_date_epoch`]), so builds stay
    /// reproducible, else 2000-01-01. Never today's date.
    pub fn default_for_build() -> Date {
        let fallback = Date {
            year: 2000,
            month: 1,
            day: 1,
        };
        Date::source_date_epoch().ok().flatten().unwrap_or(fallback)
    }

    /// The date `SOURCE_DATE_EPOCH` sets: `None` when it is unset; an error, saying why, when
    /// it is not a non-negative whole number of seconds up to the end of year 9999
    /// (reproducible-builds.org: "an integer, the number of seconds since the Unix epoch").
    pub fn source_date_epoch() -> Result<Option<Date>, String> {
        let Some(value) = std::env::var_os("SOURCE_DATE_EPOCH") else {
            return Ok(None);
        };
        let text = value.to_string_lossy();
        let bad = || {
            format!(
                "SOURCE_DATE_EPOCH is '{}': it must be a whole number of seconds since 1970-01-01, \
                 from 0 to {LAST_EPOCH_SECOND}",
                text.chars().take(40).collect::<String>()
            )
        };
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let secs: i64 = text.parse().map_err(|_| bad())?;
        if secs > LAST_EPOCH_SECOND {
            return Err(bad());
        }
        Date::from_unix_days(secs.div_euclid(86_400))
            .map(Some)
            .ok_or_else(bad)
    }
}

/// 9999-12-31 23:59:59 UTC: dates have four-digit years.
const LAST_EPOCH_SECOND: i64 = 253_402_300_799;

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_of_known_dates() {
        let cases = [
            ((1970, 1, 1), "星期四"),
            ((2000, 1, 1), "星期六"),
            ((2000, 2, 29), "星期二"),
            ((2022, 7, 20), "星期三"),
            ((2024, 3, 1), "星期五"),
            ((1949, 10, 1), "星期六"),
            ((1, 1, 1), "星期一"),
        ];
        for ((y, m, d), name) in cases {
            let date = Date::new(y, m, d).expect("a real date");
            assert_eq!(date.weekday_zh(), name, "{date}");
        }
        assert_eq!(Date::new(1900, 2, 29), None);
        assert!(Date::new(2000, 2, 29).is_some());
    }

    #[test]
    fn unix_days_round_trip() {
        for days in (-719_162..2_932_897).step_by(997) {
            let date = Date::from_unix_days(days).expect("in range");
            assert_eq!(date.unix_days(), days, "{date}");
        }
        assert_eq!(
            Date::from_unix_days(0).map(|d| d.to_string()),
            Some("1970-01-01".into())
        );
        assert_eq!(Date::from_unix_days(i64::MAX), None);
    }
}
