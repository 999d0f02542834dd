//! The calendar: days of Unix times in UTC, written as `2026-11-26` or `26 November 2026` in the
//! kit's language. Pure functions, used by every layer that shows a date (GitBook update blocks,
//! the governance reports, the PDF's title page, "Last updated").

/// (year, month 1-12, day 1-31) of a Unix time, in UTC.
pub fn civil(time: i64) -> (i64, u32, u32) {
    // Howard Hinnant's days-to-civil algorithm.
    let days = time.div_euclid(86_400) + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `2026-11-26`.
pub fn iso(time: i64) -> String {
    let (y, m, d) = civil(time);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The months in English.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `26 November 2026` (English), `26 november 2026` (Dutch), `26. November 2026` (German),
/// `26 novembre 2026` (French).
pub fn long(time: i64, language: &str) -> String {
    const NL: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    const DE: [&str; 12] = [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ];
    const FR: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let (y, m, d) = civil(time);
    let month = m as usize - 1;
    match language.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase().as_str() {
        "nl" => format!("{d} {} {y}", NL[month]),
        "de" => format!("{d}. {} {y}", DE[month]),
        "fr" if d == 1 => format!("1er {} {y}", FR[month]),
        "fr" => format!("{d} {} {y}", FR[month]),
        _ => format!("{d} {} {y}", MONTHS[month]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_dates_in_four_languages() {
        let day = 951_782_400; // 29 February 2000
        assert_eq!(long(day, "en"), "29 February 2000");
        assert_eq!(long(day, "nl-BE"), "29 februari 2000");
        assert_eq!(long(day, "de"), "29. Februar 2000");
        assert_eq!(long(day, "fr"), "29 février 2000");
        assert_eq!(long(0, "fr"), "1er janvier 1970");
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(951_782_400), (2000, 2, 29));
        assert_eq!(civil(1_795_651_200), (2026, 11, 26));
        assert_eq!(iso(1_795_651_200), "2026-11-26");
        assert_eq!(long(1_795_651_200, "en"), "26 November 2026");
        assert_eq!(long(1_795_651_200, "nl-BE"), "26 november 2026");
    }
}
