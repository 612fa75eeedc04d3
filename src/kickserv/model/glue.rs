//! One shared copy of each job, customer, contact and employee a listing repeats.

use super::*;

/// Makes tasks that carry identical copies of the same job, customer,
/// contact or employee share one copy. A week of tasks repeats the same few dozen
/// employees and many jobs and customers; sharing roughly halves the memory
/// a loaded board holds.
pub fn share_glue(tasks: &mut [Task]) {
    share_glue_with(tasks, std::iter::empty());
}

/// As [`share_glue`], and reusing the copies `known` tasks already hold
/// (the board's other listings: neighbouring periods overlap, and repeat
/// the same jobs and customers).
pub fn share_glue_with<'a>(tasks: &mut [Task], known: impl Iterator<Item = &'a Task>) {
    let mut glue = Glue::default();
    for t in known {
        glue.know(t);
    }
    for t in tasks {
        glue.share(t);
    }
}

/// One copy of each job, customer, contact and employee seen so far, for
/// tasks to share as they come: a listing shares them page by page, so
/// that the copies parsed into each task are let go at once rather than
/// held until the last page.
#[derive(Default)]
pub struct Glue {
    jobs: HashMap<i64, Arc<Job>>,
    customers: HashMap<i64, Arc<Customer>>,
    contacts: HashMap<i64, Arc<Contact>>,
    employees: HashMap<i64, Arc<Employee>>,
}

impl Glue {
    /// Takes `t`'s copies as the ones to share, where none is known yet.
    pub fn know(&mut self, t: &Task) {
        if let Some(j) = &t.job {
            self.jobs.entry(j.id).or_insert_with(|| j.clone());
        }
        if let Some(c) = &t.customer {
            self.customers.entry(c.id).or_insert_with(|| c.clone());
        }
        if let Some(p) = &t.primary_contact
            && let Some(id) = p.id
        {
            self.contacts.entry(id).or_insert_with(|| p.clone());
        }
        for e in &t.employees {
            self.employees.entry(e.id).or_insert_with(|| e.clone());
        }
    }

    /// Points `t` at the known copies equal to its own; a copy that differs
    /// (changed since) stays its own, and a record not seen before becomes
    /// the known one.
    pub fn share(&mut self, t: &mut Task) {
        fn share<T: PartialEq>(seen: &mut HashMap<i64, Arc<T>>, id: i64, item: &mut Arc<T>) {
            match seen.get(&id) {
                Some(known) if Arc::ptr_eq(known, item) => {}
                Some(known) if **known == **item => *item = known.clone(),
                Some(_) => {}
                None => {
                    seen.insert(id, item.clone());
                }
            }
        }
        if let Some(j) = t.job.as_mut() {
            share(&mut self.jobs, j.id, j);
        }
        if let Some(c) = t.customer.as_mut() {
            share(&mut self.customers, c.id, c);
        }
        if let Some(p) = t.primary_contact.as_mut()
            && let Some(id) = p.id
        {
            share(&mut self.contacts, id, p);
        }
        for e in &mut t.employees {
            share(&mut self.employees, e.id, e);
        }
    }
}
