//! Calendar days: dates are whole days (`YYYY-MM-DD`, no time zone); a [`Period`] (read
//! with the configuration) added to a day adds calendar months and years.

use crate::config::governance::{Period, Unit};
use neokit_core::calendar;

/// A calendar day, as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Day(pub i64);

impl Day {
    /// Reads `YYYY-MM-DD`; the message says what is wrong.
    pub fn parse(text: &str) -> Result<Day, String> {
        let text = text.trim();
        let parts: Vec<&str> = text.split('-').collect();
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let [y, m, d] = parts[..] else { return Err(format!("`{text}` is not a date")) };
        if !digits(y, 4) || !digits(m, 2) || !digits(d, 2) {
            return Err(format!("`{text}` is not a date"));
        }
        let (y, m, d): (i64, u32, u32) = (y.parse().unwrap_or(0), m.parse().unwrap_or(0), d.parse().unwrap_or(0));
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return Err(format!("`{text}` is not a day of the calendar"));
        }
        Ok(Day::from_ymd(y, m, d))
    }

    /// Howard Hinnant's days-from-civil algorithm.
    pub fn from_ymd(year: i64, month: u32, day: u32) -> Day {
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let year_of_era = y - era * 400;
        let m = i64::from(month);
        let day_of_year = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        Day(era * 146_097 + day_of_era - 719_468)
    }

    pub fn from_unix(seconds: i64) -> Day {
        Day(seconds.div_euclid(86_400))
    }

    pub fn ymd(self) -> (i64, u32, u32) {
        calendar::civil(self.0 * 86_400)
    }

    /// `2026-10-01`.
    pub fn iso(self) -> String {
        calendar::iso(self.0 * 86_400)
    }

    /// `1 October 2026`, in the kit's language.
    pub fn long(self, language: &str) -> String {
        calendar::long(self.0 * 86_400, language)
    }

    /// Today: `given`, else `NEOKIT_TODAY`, else the clock (UTC).
    pub fn today(given: Option<Day>) -> Result<Day, String> {
        if let Some(day) = given {
            return Ok(day);
        }
        if let Ok(text) = std::env::var("NEOKIT_TODAY") {
            return Day::parse(&text).map_err(|e| format!("NEOKIT_TODAY: {e}; write it as YYYY-MM-DD"));
        }
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        Ok(Day::from_unix(now as i64))
    }

    /// The day `period` after this one (a month after the 31st is the month's last day).
    pub fn plus(self, period: Period) -> Day {
        self.shift(period, 1)
    }

    /// The day `period` before this one.
    pub fn minus(self, period: Period) -> Day {
        self.shift(period, -1)
    }

    fn shift(self, period: Period, sign: i64) -> Day {
        let n = i64::from(period.amount) * sign;
        let months = match period.unit {
            Unit::Days => return Day(self.0 + n),
            Unit::Weeks => return Day(self.0 + 7 * n),
            Unit::Months => n,
            Unit::Years => 12 * n,
        };
        let (y, m, d) = self.ymd();
        let index = y * 12 + i64::from(m) - 1 + months;
        let (year, month) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
        Day::from_ymd(year, month, d.min(days_in_month(year, month)))
    }
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Day {
        Day::parse(text).unwrap()
    }

    #[test]
    fn dates_read_and_print_back() {
        assert_eq!(day("1970-01-01"), Day(0));
        assert_eq!(day("2026-11-26").0 * 86_400, 1_795_651_200);
        assert_eq!(day("2028-02-29").iso(), "2028-02-29");
        assert_eq!(day("2027-03-01").long("en"), "1 March 2027");
        assert_eq!(day("2027-03-01").long("nl"), "1 maart 2027");
        for wrong in ["2027-02-29", "2026-13-01", "2026-1-5", "01/10/2026", "2026-10-01T10:00", "", "2026-00-10"] {
            assert!(Day::parse(wrong).is_err(), "{wrong}");
        }
    }

    #[test]
    fn periods_add_calendar_units() {
        let p = |t: &str| Period::parse(t).unwrap();
        assert_eq!(day("2026-10-01").plus(p("12 months")), day("2027-10-01"));
        assert_eq!(day("2027-01-31").plus(p("1 month")), day("2027-02-28"));
        assert_eq!(day("2028-02-29").plus(p("2 years")), day("2030-02-28"));
        assert_eq!(day("2027-03-01").minus(p("60 days")), day("2026-12-31"));
        assert_eq!(day("2026-11-30").plus(p("6 weeks")), day("2027-01-11"));
    }
}
