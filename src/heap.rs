//! glibc's allocator, tuned for a board that runs for weeks.
//!
//! By default glibc gives each thread that allocates an arena of its own
//! and keeps freed memory in them, and it raises its mmap threshold after
//! the first large free, so that every later page of a listing (a few
//! hundred kilobytes, parsed and freed within a poll) stays resident. One
//! arena and a fixed threshold hand that memory back at once. Other
//! platforms and allocators are left as they are.

/// Call once, before any thread is started.
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use std::ffi::c_int;
        unsafe extern "C" {
            fn mallopt(param: c_int, value: c_int) -> c_int;
        }
        const M_TRIM_THRESHOLD: c_int = -1;
        const M_MMAP_THRESHOLD: c_int = -3;
        const M_ARENA_MAX: c_int = -8;
        // SAFETY: mallopt only changes allocator parameters; called before
        // other threads exist, as glibc asks.
        unsafe {
            mallopt(M_ARENA_MAX, 1);
            mallopt(M_MMAP_THRESHOLD, 64 * 1024);
            mallopt(M_TRIM_THRESHOLD, 256 * 1024);
        }
    }
}

/// Returns the free memory inside the heap to the system (after a listing
/// replaced an older one, whose memory would otherwise stay resident).
pub fn trim() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use std::ffi::c_int;
        unsafe extern "C" {
            fn malloc_trim(pad: usize) -> c_int;
        }
        // SAFETY: malloc_trim only releases free memory; it is thread-safe.
        unsafe {
            malloc_trim(0);
        }
    }
}
