//! Cycle periods: calendar months (or ISO weeks) in the programme's timezone.
use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::config::Cadence;

/// A cycle's period: first and last day, inclusive, in the programme's timezone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Period {
    /// The period that contains the instant `at`.
    pub fn containing(at: DateTime<Utc>, tz: Tz, cadence: Cadence) -> Period {
        let day = at.with_timezone(&tz).date_naive();
        match cadence {
            Cadence::Monthly => {
                let start = day.with_day(1).unwrap_or(day);
                let end = start
                    .checked_add_months(Months::new(1))
                    .and_then(|d| d.pred_opt())
                    .unwrap_or(start);
                Period { start, end }
            }
            Cadence::Weekly => {
                let start = day - Days::new(u64::from(day.weekday().num_days_from_monday()));
                Period {
                    start,
                    end: start + Days::new(6),
                }
            }
        }
    }

    /// The period before this one.
    pub fn previous(&self, cadence: Cadence) -> Period {
        match cadence {
            Cadence::Monthly => {
                let end = self.start.pred_opt().unwrap_or(self.start);
                let start = end.with_day(1).unwrap_or(end);
                Period { start, end }
            }
            Cadence::Weekly => Period {
                start: self.start - Days::new(7),
                end: self.end - Days::new(7),
            },
        }
    }

    /// How people name it: "November 2026", or "week of 2 November 2026".
    pub fn label(&self, cadence: Cadence) -> String {
        match cadence {
            Cadence::Monthly => self.start.format("%B %Y").to_string(),
            Cadence::Weekly => format!("week of {}", self.start.format("%-d %B %Y")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_month_is_read_in_the_programme_timezone() {
        let tz: Tz = "Europe/London".parse().unwrap();
        // 23:30 UTC on 31 May is already 1 June in London (BST).
        let p = Period::containing(
            Utc.with_ymd_and_hms(2026, 5, 31, 23, 30, 0).unwrap(),
            tz,
            Cadence::Monthly,
        );
        assert_eq!(
            p,
            Period {
                start: d(2026, 6, 1),
                end: d(2026, 6, 30)
            }
        );
        let p = Period::containing(
            Utc.with_ymd_and_hms(2028, 2, 10, 9, 0, 0).unwrap(),
            tz,
            Cadence::Monthly,
        );
        assert_eq!(p.end, d(2028, 2, 29), "leap year");
        assert_eq!(
            p.previous(Cadence::Monthly),
            Period {
                start: d(2028, 1, 1),
                end: d(2028, 1, 31)
            }
        );
        assert_eq!(p.label(Cadence::Monthly), "February 2028");
    }

    #[test]
    fn a_week_runs_monday_to_sunday() {
        let tz: Tz = "Europe/London".parse().unwrap();
        let p = Period::containing(
            Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap(),
            tz,
            Cadence::Weekly,
        );
        assert_eq!(
            p,
            Period {
                start: d(2026, 11, 23),
                end: d(2026, 11, 29)
            }
        );
        assert_eq!(p.previous(Cadence::Weekly).start, d(2026, 11, 16));
    }
}
