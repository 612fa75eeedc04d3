//! What the typed texts mean: each field read again after a change, errors
//! and notes beside their fields, the end read as a time or a duration.

use super::*;

impl Form {
    /// Reads the texts again: errors and notes beside their fields.
    pub(super) fn revalidate(&mut self) {
        let mut r = Reading::default();
        // A task without times (unscheduled) stays so while none is typed.
        if (DATE..=END)
            .all(|i| self.inputs[i].value().trim().is_empty() && self.initial[i].is_empty())
        {
            self.reading = r;
            return;
        }
        let date = match parse_date(self.inputs[DATE].value(), self.initial_date()) {
            Ok(d) => {
                // A year left out is shown, so a wrong guess is seen before saving.
                r.notes[DATE] = crate::schedule::month_day_note(self.inputs[DATE].value(), d);
                Some(d)
            }
            Err(e) => {
                r.errors[DATE] = Some(e);
                None
            }
        };
        let start_time = parse_time(self.inputs[START].value())
            .map_err(|e| r.errors[START] = Some(e))
            .ok();
        if let (Some(d), Some(t)) = (date, start_time) {
            match resolve(self.tz, d, t) {
                Ok(res) => {
                    if res.repeated {
                        r.notes[START] = Some(repeated_note(&res));
                    }
                    r.start = Some(res.at);
                }
                Err(e) => r.errors[START] = Some(e),
            }
        }
        let end_text = self.inputs[END].value();
        match self.read_end(end_text, date, r.start) {
            Ok(Some((end, note))) => {
                r.end = Some(end);
                r.notes[END] = note;
            }
            Ok(None) => {}
            Err(e) => r.errors[END] = Some(e),
        }
        self.reading = r;
    }

    /// The end from a time (on the start's date, or as many days after as
    /// the task spanned) or a duration after the start. An `h:mm` that is not
    /// after the start is read as a duration. `Ok(None)`: nothing to read
    /// it against (the start is wrong, and says so).
    pub(super) fn read_end(
        &self,
        text: &str,
        date: Option<NaiveDate>,
        start: Option<DateTime<FixedOffset>>,
    ) -> Result<Option<EndRead>, String> {
        let t = text.trim().to_ascii_lowercase();
        let looks_like_duration = t.contains('h')
            || (t.ends_with('m') && !t.ends_with("am") && !t.ends_with("pm"))
            || t.starts_with('+');
        let by_duration = |start: DateTime<FixedOffset>| -> Result<_, String> {
            let d = parse_duration(t.trim_start_matches('+'))?;
            let end = start
                .checked_add_signed(d)
                .ok_or_else(|| "that end is out of range".to_string())?;
            let local = end.with_timezone(&self.tz);
            Ok(Some((
                end,
                Some(format!("ends {}", format_time(local.time()))),
            )))
        };
        if looks_like_duration {
            let Some(start) = start else {
                parse_duration(t.trim_start_matches('+'))?;
                return Ok(None);
            };
            return by_duration(start);
        }
        let time = parse_time(text)?;
        let (Some(date), Some(start)) = (date, start) else {
            return Ok(None);
        };
        let day = date
            .checked_add_days(Days::new(self.end_days))
            .ok_or_else(|| "that end is out of range".to_string())?;
        let res = resolve(self.tz, day, time)?;
        if res.at <= start {
            if t.contains(':')
                && let Ok(found) = by_duration(start)
            {
                return Ok(found);
            }
            let local = start.with_timezone(&self.tz);
            return Err(format!(
                "the end must be after the start ({})",
                format_time(local.time())
            ));
        }
        let mut note = format!("lasts {}", format_duration(res.at - start));
        if res.repeated {
            note = format!("{note}; {}", repeated_note(&res));
        }
        Ok(Some((res.at, Some(note))))
    }

    pub(super) fn initial_date(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(&self.initial[DATE], "%Y-%m-%d").ok()
    }
}

/// `2026-11-30`, or `11-30` as the 30 November nearest the date the form
/// opened with (the next January, typed in December).
fn parse_date(s: &str, opened: Option<NaiveDate>) -> Result<NaiveDate, String> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d);
    }
    let around = opened.unwrap_or(NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default());
    crate::schedule::nearest_month_day(s, around)
        .ok_or_else(|| format!("\"{s}\" is not a date: try 2026-11-30 or 11-30"))
}
