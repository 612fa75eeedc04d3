//! A job's status, known values and the account's own.

use super::*;

/// Job / task status. Unknown values are kept verbatim.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Status {
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
    Other(String),
}

impl Status {
    pub const KNOWN: &'static [Status] = &[
        Status::New,
        Status::Unscheduled,
        Status::Scheduled,
        Status::InProgress,
        Status::OnHold,
        Status::Complete,
        Status::Canceled,
        Status::Lost,
        Status::Won,
        Status::EstimateScheduled,
        Status::EstimateSent,
        Status::EstimateViewed,
    ];

    pub fn as_str(&self) -> &str {
        match self {
            Status::New => "new",
            Status::Unscheduled => "unscheduled",
            Status::Scheduled => "scheduled",
            Status::InProgress => "in_progress",
            Status::OnHold => "on_hold",
            Status::Complete => "complete",
            Status::Canceled => "canceled",
            Status::Lost => "lost",
            Status::Won => "won",
            Status::EstimateScheduled => "estimate_scheduled",
            Status::EstimateSent => "estimate_sent",
            Status::EstimateViewed => "estimate_viewed",
            Status::Other(s) => s,
        }
    }

    /// The status in plain words, for people ("in progress"); an unknown status is shown
    /// as received. [`Status::as_str`] keeps the wire spelling.
    pub fn label(&self) -> &str {
        match self {
            Status::New => "new",
            Status::Unscheduled => "unscheduled",
            Status::Scheduled => "scheduled",
            Status::InProgress => "in progress",
            Status::OnHold => "on hold",
            Status::Complete => "complete",
            Status::Canceled => "canceled",
            Status::Lost => "lost",
            Status::Won => "won",
            Status::EstimateScheduled => "estimate scheduled",
            Status::EstimateSent => "estimate sent",
            Status::EstimateViewed => "estimate viewed",
            Status::Other(s) => s,
        }
    }

    /// Work that did not and will not happen: shown, but not booked hours.
    pub fn is_called_off(&self) -> bool {
        matches!(self, Status::Canceled | Status::Lost)
    }

    /// Closed work: excluded from `job_list`, never "late".
    pub fn is_closed(&self) -> bool {
        matches!(self, Status::Complete | Status::Canceled | Status::Lost)
    }
}

impl From<&str> for Status {
    fn from(s: &str) -> Self {
        Status::KNOWN
            .iter()
            .find(|k| k.as_str() == s)
            .cloned()
            // "cancelled" shows up in hand-written data; the API spells it with one l.
            .or_else(|| (s == "cancelled").then_some(Status::Canceled))
            .or_else(|| (s == "completed").then_some(Status::Complete))
            .unwrap_or_else(|| Status::Other(s.to_string()))
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Status {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(Status::from(s.as_str()))
    }
}
