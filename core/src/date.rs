//! Calendar dates for waivers (`expires`). The core has no clock: the host passes today's date
//! in ([`crate::LintOptions::today`]).

use alloc::format;
use alloc::string::String;

/// A proleptic Gregorian calendar date, ordered: `year * 10000 + month * 100 + day`
/// (2027-03-31 is `Date(20270331)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub u32);

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        _ => 28,
    }
}

impl Date {
    /// A date from its parts, if it exists (years 1–9999).
    pub fn new(year: u32, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date(year * 10000 + month * 100 + day))
    }

    /// Parses exactly `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: core::ops::Range<usize>| -> Option<u32> {
            let mut n = 0u32;
            for &c in &b[r] {
                if !c.is_ascii_digit() {
                    return None;
                }
                n = n * 10 + u32::from(c - b'0');
            }
            Some(n)
        };
        Date::new(num(0..4)?, num(5..7)?, num(8..10)?)
    }

    /// The date `days` days after 1970-01-01 (negative: before), e.g. from the system clock.
    pub fn from_unix_days(days: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        let y = y.clamp(1, 9999) as u32;
        Date(y * 10000 + m as u32 * 100 + d as u32)
    }

    pub fn year(self) -> u32 {
        self.0 / 10000
    }
    pub fn month(self) -> u32 {
        self.0 / 100 % 100
    }
    pub fn day(self) -> u32 {
        self.0 % 100
    }
}

impl core::fmt::Display for Date {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day()
        )
    }
}

/// `YYYY-MM-DD`.
pub fn format_date(d: Date) -> String {
    format!("{d}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        assert_eq!(Date::parse("2027-03-31"), Some(Date(20270331)));
        assert_eq!(Date::parse("2024-02-29"), Some(Date(20240229)));
        for bad in [
            "2023-02-29",
            "1900-02-29",
            "2027-3-31",
            "2027-13-01",
            "2027-04-31",
            "0000-01-01",
            "2027-03-31T00:00",
            "２027-03-31",
            "",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert_eq!(
            Date::parse("2000-02-29").map(format_date).unwrap(),
            "2000-02-29"
        );
    }

    #[test]
    fn unix_days() {
        assert_eq!(Date::from_unix_days(0), Date(19700101));
        assert_eq!(Date::from_unix_days(-1), Date(19691231));
        assert_eq!(Date::from_unix_days(19_782), Date(20240229));
        assert_eq!(Date::from_unix_days(20_543), Date(20260331));
    }
}
