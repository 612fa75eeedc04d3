//! What the create form looked up: customers and their jobs.

use std::collections::HashMap;

use crate::app::msg::ApiFault;
use crate::kickserv::model::{Customer, JobListEntry};

/// What the create form looked up: the newest customer search and the
/// active jobs of customers.
#[derive(Clone, Debug, Default)]
pub struct Lookups {
    /// The seq of the newest search sent; older answers are dropped.
    pub search_seq: u64,
    pub customers: Option<(String, Result<Vec<Customer>, ApiFault>)>,
    pub jobs: HashMap<i64, Result<Vec<JobListEntry>, ApiFault>>,
}

/// Customers whose job lists are kept: a long session looks up many, and any
/// dropped list is asked for again when its customer is picked.
pub const JOBS_CAP: usize = 32;

impl Lookups {
    /// Keeps a customer's job list, dropping others past [`JOBS_CAP`].
    pub fn keep_jobs(&mut self, customer_id: i64, jobs: Result<Vec<JobListEntry>, ApiFault>) {
        if !self.jobs.contains_key(&customer_id) && self.jobs.len() >= JOBS_CAP {
            let extra = self.jobs.len() + 1 - JOBS_CAP;
            let drop: Vec<i64> = self.jobs.keys().copied().take(extra).collect();
            for k in drop {
                self.jobs.remove(&k);
            }
        }
        self.jobs.insert(customer_id, jobs);
    }
}
