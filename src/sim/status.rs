//! The job statuses the simulator hands out, spelled as the API spells them.
//!
//! Deliberately not the client's `Status`: if the two drifted apart, sharing
//! one enum would hide it on both sides; spelled twice, a contract test fails.

/// A job status the simulator knows. Every value has a literal wire spelling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SimStatus {
    New,
    Unscheduled,
    Scheduled,
    InProgress,
    OnHold,
    Complete,
    Canceled,
    Lost,
    Won,
    EstimateScheduled,
    EstimateSent,
    EstimateViewed,
}

impl SimStatus {
    /// The value of `"status"` in the API's job JSON.
    pub fn wire(self) -> &'static str {
        match self {
            SimStatus::New => "new",
            SimStatus::Unscheduled => "unscheduled",
            SimStatus::Scheduled => "scheduled",
            SimStatus::InProgress => "in_progress",
            SimStatus::OnHold => "on_hold",
            SimStatus::Complete => "complete",
            // American spelling, one "l", as the API reference has it.
            SimStatus::Canceled => "canceled",
            SimStatus::Lost => "lost",
            SimStatus::Won => "won",
            SimStatus::EstimateScheduled => "estimate_scheduled",
            SimStatus::EstimateSent => "estimate_sent",
            SimStatus::EstimateViewed => "estimate_viewed",
        }
    }

    /// The status a wire spelling names, if the simulator knows it.
    pub fn from_wire(s: &str) -> Option<SimStatus> {
        Self::ALL.into_iter().find(|v| v.wire() == s)
    }

    pub const ALL: [SimStatus; 12] = [
        SimStatus::New,
        SimStatus::Unscheduled,
        SimStatus::Scheduled,
        SimStatus::InProgress,
        SimStatus::OnHold,
        SimStatus::Complete,
        SimStatus::Canceled,
        SimStatus::Lost,
        SimStatus::Won,
        SimStatus::EstimateScheduled,
        SimStatus::EstimateSent,
        SimStatus::EstimateViewed,
    ];

    /// Left out of `job_list.json` (complete, canceled and lost work).
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            SimStatus::Complete | SimStatus::Canceled | SimStatus::Lost
        )
    }

    /// Still at the estimate stage: listed as an "Opportunity".
    pub fn is_opportunity(self) -> bool {
        matches!(
            self,
            SimStatus::New
                | SimStatus::EstimateScheduled
                | SimStatus::EstimateSent
                | SimStatus::EstimateViewed
                | SimStatus::Lost
        )
    }
}

#[cfg(test)]
mod tests {
    use super::SimStatus;

    #[test]
    fn wire_spellings_are_the_api_references() {
        let all = [
            (SimStatus::New, "new"),
            (SimStatus::Unscheduled, "unscheduled"),
            (SimStatus::Scheduled, "scheduled"),
            (SimStatus::InProgress, "in_progress"),
            (SimStatus::OnHold, "on_hold"),
            (SimStatus::Complete, "complete"),
            (SimStatus::Canceled, "canceled"),
            (SimStatus::Lost, "lost"),
            (SimStatus::Won, "won"),
            (SimStatus::EstimateScheduled, "estimate_scheduled"),
            (SimStatus::EstimateSent, "estimate_sent"),
            (SimStatus::EstimateViewed, "estimate_viewed"),
        ];
        for (s, w) in all {
            assert_eq!(s.wire(), w);
        }
    }
}
