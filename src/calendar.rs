//! Julian and Gregorian calendars, converted through the Julian Day Number (JDN).
//!
//! Old Style (O.S.) dates are Julian, New Style (N.S.) dates Gregorian. No offset is ever added
//! by hand: a date is turned into its JDN under one calendar and read back under the other, so
//! the centurial Februaries (Julian 29 February 1700, 1800, 1900) come out right.

use std::fmt;

/// A calendar a written date may be in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Calendar {
    /// Old Style.
    Julian,
    /// New Style.
    Gregorian,
}

impl Calendar {
    pub fn style(self) -> &'static str {
        match self {
            Calendar::Julian => "O.S.",
            Calendar::Gregorian => "N.S.",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Calendar::Julian => "Julian",
            Calendar::Gregorian => "Gregorian",
        }
    }

    pub fn other(self) -> Calendar {
        match self {
            Calendar::Julian => Calendar::Gregorian,
            Calendar::Gregorian => Calendar::Julian,
        }
    }
}

/// A calendar date as written: year, month 1–12, day 1–31.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ymd {
    pub y: i32,
    pub m: u32,
    pub d: u32,
}

impl Ymd {
    pub const fn new(y: i32, m: u32, d: u32) -> Ymd {
        Ymd { y, m, d }
    }
}

impl fmt::Display for Ymd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

pub const MONTH_NAMES: [&str; 12] = [
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

pub const WEEKDAYS: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

pub fn is_leap(cal: Calendar, y: i32) -> bool {
    match cal {
        Calendar::Julian => y.rem_euclid(4) == 0,
        Calendar::Gregorian => (y.rem_euclid(4) == 0 && y.rem_euclid(100) != 0) || y.rem_euclid(400) == 0,
    }
}

pub fn days_in_month(cal: Calendar, y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(cal, y) => 29,
        2 => 28,
        _ => 0,
    }
}

pub fn is_valid(cal: Calendar, date: Ymd) -> bool {
    (1..=12).contains(&date.m) && date.d >= 1 && date.d <= days_in_month(cal, date.y, date.m)
}

/// The Julian Day Number of a date in `cal` (valid for any proleptic date after 4800 BC).
pub fn to_jdn(cal: Calendar, date: Ymd) -> i64 {
    let (y, m, d) = (date.y as i64, date.m as i64, date.d as i64);
    let a = (14 - m) / 12;
    let yy = y + 4800 - a;
    let mm = m + 12 * a - 3;
    let base = d + (153 * mm + 2) / 5 + 365 * yy + yy.div_euclid(4);
    match cal {
        Calendar::Gregorian => base - yy.div_euclid(100) + yy.div_euclid(400) - 32045,
        Calendar::Julian => base - 32083,
    }
}

/// The date in `cal` of a Julian Day Number.
pub fn from_jdn(cal: Calendar, jdn: i64) -> Ymd {
    let (b, c) = match cal {
        Calendar::Gregorian => {
            let a = jdn + 32044;
            let b = (4 * a + 3).div_euclid(146097);
            (b, a - (146097 * b).div_euclid(4))
        }
        Calendar::Julian => (0, jdn + 32082),
    };
    let d = (4 * c + 3).div_euclid(1461);
    let e = c - (1461 * d).div_euclid(4);
    let m = (5 * e + 2).div_euclid(153);
    let day = e - (153 * m + 2).div_euclid(5) + 1;
    let month = m + 3 - 12 * (m / 10);
    let year = 100 * b + d - 4800 + m / 10;
    Ymd::new(year as i32, month as u32, day as u32)
}

/// Reads a date written in `from` in the other calendar.
pub fn convert(from: Calendar, date: Ymd) -> Ymd {
    from_jdn(from.other(), to_jdn(from, date))
}

/// 0 = Sunday … 6 = Saturday.
pub fn weekday(jdn: i64) -> usize {
    (jdn + 1).rem_euclid(7) as usize
}

/// Days the Gregorian calendar runs ahead of the Julian on the Julian date `os` (10 in the
/// seventeenth century … 13 from Julian 29 February 1900).
pub fn offset_on(os: Ymd) -> i64 {
    to_jdn(Calendar::Julian, os) - to_jdn(Calendar::Gregorian, os)
}

/// The calendar in force for dates that carry no O.S./N.S. marker (`calendar` in scanno.toml).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum CalendarSetting {
    /// Not configured: a date is judged under both calendars.
    #[default]
    Unknown,
    Julian,
    Gregorian,
    /// Julian up to and including this Julian date, Gregorian from the next day on (Russia:
    /// Julian 1918-01-31 was followed by Gregorian 1918-02-14).
    JulianUntil(Ymd),
}

impl CalendarSetting {
    /// Parses `gregorian`, `julian` or `julian-until:YYYY-MM-DD` (a day of the Julian calendar).
    pub fn parse(s: &str) -> Result<CalendarSetting, String> {
        match s {
            "gregorian" => Ok(CalendarSetting::Gregorian),
            "julian" => Ok(CalendarSetting::Julian),
            _ => {
                let date = s
                    .strip_prefix("julian-until:")
                    .ok_or_else(|| format!("calendar: `{s}` is not one of \"gregorian\", \"julian\", \"julian-until:YYYY-MM-DD\""))?;
                let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
                let ymd = match date.split('-').collect::<Vec<_>>()[..] {
                    [y, m, d] if digits(y) && digits(m) && digits(d) => match (y.parse(), m.parse(), d.parse()) {
                        (Ok(y), Ok(m), Ok(d)) => Some(Ymd::new(y, m, d)),
                        _ => None,
                    },
                    _ => None,
                };
                match ymd {
                    Some(ymd) if is_valid(Calendar::Julian, ymd) => Ok(CalendarSetting::JulianUntil(ymd)),
                    Some(_) => Err(format!("calendar: `{date}` is not a day of the Julian calendar")),
                    None => Err(format!("calendar: `{date}` is not a date (expected YYYY-MM-DD)")),
                }
            }
        }
    }

    /// The calendar an unmarked date with a known year is written in, if the setting says.
    /// Dates in the gap of a switch (Russia: 1–13 February 1918) are in neither.
    pub fn calendar_of(&self, date: Ymd) -> Option<Calendar> {
        match *self {
            CalendarSetting::Unknown => None,
            CalendarSetting::Julian => Some(Calendar::Julian),
            CalendarSetting::Gregorian => Some(Calendar::Gregorian),
            CalendarSetting::JulianUntil(cut) => {
                if (date.y, date.m, date.d) <= (cut.y, cut.m, cut.d) {
                    Some(Calendar::Julian)
                } else if to_jdn(Calendar::Gregorian, date) > to_jdn(Calendar::Julian, cut) {
                    Some(Calendar::Gregorian)
                } else {
                    None
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const J: Calendar = Calendar::Julian;
    const G: Calendar = Calendar::Gregorian;

    #[test]
    fn known_jdns() {
        assert_eq!(to_jdn(G, Ymd::new(2000, 1, 1)), 2_451_545);
        assert_eq!(to_jdn(J, Ymd::new(1582, 10, 4)) + 1, to_jdn(G, Ymd::new(1582, 10, 15)));
        for jdn in [0i64, 1_000_000, 2_299_160, 2_415_021, 2_451_545, 2_500_000] {
            assert_eq!(to_jdn(G, from_jdn(G, jdn)), jdn);
            assert_eq!(to_jdn(J, from_jdn(J, jdn)), jdn);
        }
    }

    #[test]
    fn offsets_by_century_and_centurial_februaries() {
        assert_eq!(convert(J, Ymd::new(1650, 6, 1)), Ymd::new(1650, 6, 11));
        assert_eq!(convert(J, Ymd::new(1700, 2, 18)), Ymd::new(1700, 2, 28));
        assert_eq!(convert(J, Ymd::new(1700, 2, 19)), Ymd::new(1700, 3, 1));
        assert_eq!(convert(J, Ymd::new(1700, 2, 29)), Ymd::new(1700, 3, 11));
        assert_eq!(convert(J, Ymd::new(1800, 2, 29)), Ymd::new(1800, 3, 12));
        assert_eq!(convert(J, Ymd::new(1900, 2, 16)), Ymd::new(1900, 2, 28));
        assert_eq!(convert(J, Ymd::new(1900, 2, 29)), Ymd::new(1900, 3, 13));
        assert_eq!(convert(J, Ymd::new(1905, 1, 9)), Ymd::new(1905, 1, 22));
        assert_eq!(convert(J, Ymd::new(1917, 10, 25)), Ymd::new(1917, 11, 7));
        assert_eq!(convert(J, Ymd::new(1918, 1, 31)), Ymd::new(1918, 2, 13));
        assert_eq!(convert(G, Ymd::new(1918, 2, 14)), Ymd::new(1918, 2, 1));
        assert_eq!(offset_on(Ymd::new(1750, 1, 1)), 11);
        assert_eq!(offset_on(Ymd::new(1850, 1, 1)), 12);
        assert_eq!(offset_on(Ymd::new(1950, 1, 1)), 13);
    }

    #[test]
    fn leap_years_differ_in_centuries() {
        assert!(is_valid(J, Ymd::new(1900, 2, 29)));
        assert!(!is_valid(G, Ymd::new(1900, 2, 29)));
        assert!(is_valid(G, Ymd::new(2000, 2, 29)));
        assert!(!is_valid(J, Ymd::new(1907, 2, 29)));
        assert!(!is_valid(G, Ymd::new(1907, 4, 31)));
    }

    #[test]
    fn weekdays() {
        // Bloody Sunday: 9 January 1905 O.S. = 22 January N.S., a Sunday.
        assert_eq!(weekday(to_jdn(J, Ymd::new(1905, 1, 9))), 0);
        assert_eq!(weekday(to_jdn(G, Ymd::new(1905, 1, 9))), 1);
        assert_eq!(weekday(to_jdn(G, Ymd::new(2000, 1, 1))), 6);
    }

    #[test]
    fn settings() {
        let s = CalendarSetting::parse("julian-until:1918-01-31").unwrap();
        assert_eq!(s.calendar_of(Ymd::new(1917, 10, 25)), Some(J));
        assert_eq!(s.calendar_of(Ymd::new(1918, 2, 5)), None);
        assert_eq!(s.calendar_of(Ymd::new(1918, 2, 14)), Some(G));
        assert_eq!(
            CalendarSetting::parse("julian-until:1918-02-30"),
            Err("calendar: `1918-02-30` is not a day of the Julian calendar".to_string())
        );
        // (a Julian leap day that the Gregorian calendar lacks)
        assert!(CalendarSetting::parse("julian-until:1900-02-29").is_ok());
        assert_eq!(
            CalendarSetting::parse("julian-until:1918-2"),
            Err("calendar: `1918-2` is not a date (expected YYYY-MM-DD)".to_string())
        );
        assert!(CalendarSetting::parse("julian-until:+1918-01-31").is_err());
        assert!(CalendarSetting::parse("julian-until:99999999999-01-31").is_err());
        assert!(CalendarSetting::parse("lunar").is_err());
    }
}
