//! Giving memory back to the system between the phases of an audit.
//!
//! The walk and the team pass free most of what they allocate (the licence list, file buffers,
//! tree diffs) before the secrets pass starts, but the allocator keeps freed memory for reuse,
//! so the process would carry the earlier phases' peak into the next one. Also the allocator
//! itself and its settings.

/// The allocator of the whole process (the audit's and the tests'): mimalloc, whose
/// per-thread pages serve the walk's many small, short-lived allocations (syntax trees, tokens,
/// paths, regex states) with 2-16% less CPU than glibc's arenas on the benchmark's trees, where
/// threads also waited on the arenas' locks; the history passes take as long or less (a
/// 23,000-commit history: 2.1-2.2 s, against 2.1-2.9 s with glibc side by side), at the same
/// peak with the settings below.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_arena_eager_commit` and `mi_option_purge_delay` (`mimalloc.h`; the
/// bindings name neither).
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Memory reserved for the allocator is committed as it is used, not all at once (on a system
/// that overcommits, mimalloc commits its arenas eagerly, and the pages it then purges stay
/// resident: 198 MiB at the peak of a 23,000-commit history, 172 MiB without). Set before the
/// first allocation, which reserves the first arena: by the loader, as a constructor, before
/// the runtime allocates anything (set from `main`, it came too late: tried with mimalloc's v3
/// series, the peak stayed at 220 MiB).
#[allow(unsafe_code)]
extern "C" fn tune_allocator() {
    // SAFETY: `mi_option_set` stores an option's value; any thread may call it at any time,
    // before the allocator's first use too.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
    }
}

#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
#[used]
#[unsafe(link_section = ".init_array")]
static TUNE_ALLOCATOR: extern "C" fn() = tune_allocator;

/// Freed memory goes back to the system a millisecond after it is freed instead of ten: for
/// the history passes, whose threads free blob-sized buffers by the hundred megabytes (with
/// the default delay, a 23,000-commit history peaked at 186-196 MiB instead of 177-179, and
/// gitleaks' peak there is 198). Not for a working-tree audit, whose peak is small and whose
/// allocations come back soon.
#[allow(unsafe_code)]
pub fn favour_footprint() {
    // SAFETY: as in `tune_allocator`.
    unsafe {
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 1);
    }
}

/// Returns the allocator's free memory to the system now (every thread's free pages).
#[allow(unsafe_code)]
pub fn give_back() {
    // SAFETY: `mi_collect` only releases memory the allocator holds free; it may be called from
    // any thread at any time.
    unsafe {
        libmimalloc_sys::mi_collect(true);
    }
}

/// Lets go of the resident pages of the process's read-only mappings of git pack files
/// (`*.pack`, `*.idx`, `*.rev`), as mapped by the object database: a pass over the whole
/// history touches most of a pack, and every page touched would stay resident until the
/// mapping goes (on a 100 MB pack, 110 MiB of the team pass's peak). A page needed again is
/// read back from the system's file cache. Linux only. Returns whether the mappings could be
/// listed (`false` elsewhere, or without `/proc`: nothing was released).
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
pub fn release_pack_pages() -> bool {
    let Ok(maps) = std::fs::read_to_string("/proc/self/maps") else {
        return false;
    };
    for (start, end) in pack_mappings(&maps) {
        // SAFETY: only private mappings that are readable and neither writable nor executable
        // are released. Nobody writes into such a mapping, so it holds nothing but the file's
        // bytes: after `MADV_DONTNEED`, a read of a page maps the file's page again, with the
        // same bytes, and whoever borrows the mapping meanwhile reads what it would have read
        // (the pack reader releases its own mappings the same way).
        unsafe {
            libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_DONTNEED);
        }
    }
    true
}

/// Lets go of the resident pages of pack mappings: they cannot be listed here (`false`).
#[cfg(not(target_os = "linux"))]
pub fn release_pack_pages() -> bool {
    false
}

/// The address ranges of the private read-only mappings of git pack files in a
/// `/proc/self/maps` listing (`start-end perms offset dev inode path`).
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn pack_mappings(maps: &str) -> Vec<(usize, usize)> {
    maps.lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let range = fields.next()?;
            let perms = fields.next()?;
            let path = fields.nth(3)?;
            let pack = std::path::Path::new(path)
                .extension()
                .is_some_and(|e| e == "pack" || e == "idx" || e == "rev");
            if perms != "r--p" || !pack || !path.contains("/pack/") {
                return None;
            }
            let (a, b) = range.split_once('-')?;
            let (a, b) = (
                usize::from_str_radix(a, 16).ok()?,
                usize::from_str_radix(b, 16).ok()?,
            );
            (b > a).then_some((a, b))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The constructor ran before this test's first allocation, and the option it sets is the
    /// one its index names in this mimalloc (whose default is 2, "eagerly where the system
    /// overcommits"); the purge delay's index names an option whose default is 10 ms, as
    /// mimalloc's purge delay (an audit with history sets it to 1, so any other value than
    /// those two means another option).
    #[cfg(target_os = "linux")]
    #[test]
    #[allow(unsafe_code)]
    fn the_allocator_is_tuned_before_the_first_allocation() {
        // SAFETY: `mi_option_get` reads an option's value.
        let (eager, purge) = unsafe {
            (
                libmimalloc_sys::mi_option_get(ARENA_EAGER_COMMIT),
                libmimalloc_sys::mi_option_get(PURGE_DELAY),
            )
        };
        assert_eq!(eager, 0);
        assert!(purge == 10 || purge == 1, "{purge}");
    }

    #[test]
    fn pack_mappings_are_the_private_read_only_maps_of_pack_files() {
        let maps = "\
55d0c0a00000-55d0c0b00000 r-xp 00000000 08:01 123 /usr/bin/diligence
7f1000000000-7f1006400000 r--p 00000000 08:01 456 /repo/.git/objects/pack/pack-1a2b.pack
7f1006400000-7f1006500000 r--p 00000000 08:01 457 /repo/.git/objects/pack/pack-1a2b.idx
7f1006500000-7f1006600000 rw-p 00000000 08:01 458 /repo/.git/objects/pack/pack-9f.pack
7f1006600000-7f1006700000 r--s 00000000 08:01 459 /repo/.git/objects/pack/pack-9e.pack
7f1006700000-7f1006800000 r--p 00000000 08:01 460 /repo/src/pack.pack.rs
7f1006800000-7f1006900000 r--p 00000000 00:00 0
7f1006900000-7f1006a00000 r--p 00000000 08:01 461 /home/user/notes/pack/list.pack
";
        assert_eq!(
            pack_mappings(maps),
            [
                (0x7f10_0000_0000, 0x7f10_0640_0000),
                (0x7f10_0640_0000, 0x7f10_0650_0000),
                (0x7f10_0690_0000, 0x7f10_06a0_0000),
            ]
        );
    }

    /// Released pages read back the file's bytes.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_released_pack_mapping_reads_the_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let pack_dir = dir.path().join("pack");
        std::fs::create_dir(&pack_dir).unwrap();
        let path = pack_dir.join("pack-test.pack");
        let bytes: Vec<u8> = (0..64 * 1024u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        let file = std::fs::File::open(&path).unwrap();
        #[allow(unsafe_code)]
        // SAFETY: a private read-only mapping of a file this test alone writes, before mapping.
        let map = unsafe {
            memmap2::MmapOptions::new()
                .map_copy_read_only(&file)
                .unwrap()
        };
        assert_eq!(&map[..], &bytes[..]);
        let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
        let start = map.as_ptr() as usize;
        assert!(pack_mappings(&maps).iter().any(|&(a, _)| a == start));
        // The mapping's resident size, in KiB, from `/proc/self/smaps`.
        let resident = || {
            let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap();
            let head = format!("{start:x}-");
            let block = smaps.split_once(&format!("\n{head}")).unwrap().1;
            let rss = block.lines().find(|l| l.starts_with("Rss:")).unwrap();
            rss.split_whitespace()
                .nth(1)
                .unwrap()
                .parse::<u64>()
                .unwrap()
        };
        // Tests run side by side, and another test's release lets every pack mapping's pages
        // go: the bytes are read again until they are resident.
        assert!((0..100).any(|_| {
            assert_eq!(&map[..], &bytes[..]);
            resident() > 0
        }));
        assert!(release_pack_pages());
        assert_eq!(resident(), 0, "the pages were let go");
        assert_eq!(&map[..], &bytes[..]);
    }
}
