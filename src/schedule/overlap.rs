//! Double bookings: tasks of one employee that overlap in time. Only
//! timed work whose hours count (not banners, not canceled or lost) can
//! collide; touching ends (one ends at 10:00, the next starts then) do not.

use super::lanes::Lane;
use super::span::Span;

/// The indexes, sorted, among `members` of one lane's tasks that overlap
/// another of them. None for the Unassigned lane: it is nobody's time.
pub(crate) fn doubles(
    lane: Lane,
    members: impl Iterator<Item = usize>,
    spans: &[Option<Span>],
) -> Vec<usize> {
    if lane == Lane::Unassigned {
        return Vec::new();
    }
    let mut timed: Vec<(i64, i64, usize)> = members
        .filter_map(|i| {
            let s = spans.get(i).copied().flatten()?;
            (s.booked && !s.banner).then_some((s.start, s.end, i))
        })
        .collect();
    timed.sort_unstable();
    timed.dedup();
    let mut out = Vec::new();
    // The task reaching furthest so far: whatever starts before its end
    // overlaps it (and it the newcomer).
    let mut reach: Option<(i64, usize)> = None;
    for &(start, end, i) in &timed {
        match reach {
            Some((far, j)) if start < far => {
                out.push(i);
                out.push(j);
                if end > far {
                    reach = Some((end, i));
                }
            }
            _ => reach = Some((end, i)),
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: i64, end: i64) -> Option<Span> {
        Some(Span {
            start,
            end,
            id: start,
            banner: false,
            all_day: false,
            booked: true,
        })
    }

    #[test]
    fn every_task_of_an_overlap_is_found_and_touching_ends_are_not_one() {
        // 0: 9-12, 1: 10-11, 2: 12-13 (touches 0), 3: 14-15, 4: 14:30-16, 5: 15:30-17.
        let h = |x: f64| (x * 3600.0) as i64;
        let spans = vec![
            span(h(9.0), h(12.0)),
            span(h(10.0), h(11.0)),
            span(h(12.0), h(13.0)),
            span(h(14.0), h(15.0)),
            span(h(14.5), h(16.0)),
            span(h(15.5), h(17.0)),
        ];
        let got = doubles(Lane::Employee(1), 0..spans.len(), &spans);
        assert_eq!(got, [0, 1, 3, 4, 5]);
        assert!(doubles(Lane::Unassigned, 0..spans.len(), &spans).is_empty());
        // Canceled work and banners collide with nothing.
        let mut off = spans.clone();
        off[1] = off[1].map(|s| Span { booked: false, ..s });
        off[4] = off[4].map(|s| Span { banner: true, ..s });
        assert!(doubles(Lane::Employee(1), 0..off.len(), &off).is_empty());
    }
}
