//! Giving memory back to the system between the phases of an audit.
//!
//! The walk and the team pass free most of what they allocate (the licence list, file buffers,
//! tree diffs) before the secrets pass starts, but the C allocator keeps freed memory in its
//! arenas for reuse, so the process would carry the earlier phases' peak into the next one.

/// Returns the allocator's free memory to the system (glibc's `malloc_trim`, which releases
/// the free pages of every arena); elsewhere, nothing.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn give_back() {
    // SAFETY: `malloc_trim` takes each arena's lock and only releases pages the allocator holds
    // free; it may be called from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Returns the allocator's free memory to the system: nothing to do with this allocator.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn give_back() {}
