//! The WASM build's global allocator: power-of-two size classes with free lists, on top of
//! `memory.grow`. About 0.5 KB of code against dlmalloc's 8 KB (std's default on
//! wasm32-unknown-unknown); the widget is single-threaded and short-lived per call, and the
//! classes match `Vec`'s doubling growth, so the rounding costs little memory.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::UnsafeCell;

/// Smallest block: 16 bytes (class 4); blocks of class `c` are `1 << c` bytes.
const MIN_CLASS: u32 = 4;
const PAGE: usize = 65536;

struct State {
    /// Head of the free list of each class (0: empty); a free block's first word is the next.
    free: [usize; 32],
    /// Next unused byte, and the end of the memory grown so far.
    next: usize,
    end: usize,
}

pub struct Alloc(UnsafeCell<State>);

// The WASM module has one thread.
unsafe impl Sync for Alloc {}

#[global_allocator]
static ALLOC: Alloc = Alloc(UnsafeCell::new(State {
    free: [0; 32],
    next: 0,
    end: 0,
}));

/// The class of a layout: its size and alignment rounded up to a power of two, at least 16.
fn class(layout: Layout) -> u32 {
    let size = layout.size().max(layout.align()).max(1 << MIN_CLASS);
    usize::BITS - (size - 1).leading_zeros()
}

unsafe impl GlobalAlloc for Alloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let s = &mut *self.0.get();
        let c = class(layout);
        if c >= 32 {
            return core::ptr::null_mut();
        }
        let head = s.free[c as usize];
        if head != 0 {
            s.free[c as usize] = *(head as *const usize);
            return head as *mut u8;
        }
        let size = 1usize << c;
        // Blocks are aligned to their size up to 4 KiB (alignment beyond that is not used).
        let align = size.min(4096);
        if s.end == 0 {
            s.end = wasm32::memory_size(0) * PAGE;
            s.next = s.end;
        }
        let start = (s.next + align - 1) & !(align - 1);
        let Some(stop) = start.checked_add(size) else {
            return core::ptr::null_mut();
        };
        if stop > s.end {
            // At least 1 MiB or an eighth of the memory at a time: fewer (slow) grow calls.
            let pages = (stop - s.end).div_ceil(PAGE).max(16).max(s.end / PAGE / 8);
            if wasm32::memory_grow(0, pages) == usize::MAX {
                return core::ptr::null_mut();
            }
            s.end += pages * PAGE;
        }
        s.next = stop;
        start as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let s = &mut *self.0.get();
        let c = class(layout) as usize;
        *(ptr as *mut usize) = s.free[c];
        s.free[c] = ptr as usize;
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = Layout::from_size_align_unchecked(new_size, layout.align());
        if class(new) == class(layout) {
            return ptr;
        }
        let p = self.alloc(new);
        if !p.is_null() {
            core::ptr::copy_nonoverlapping(ptr, p, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        p
    }
}
