// The few atomic operations Linalg's worker pool needs, on plain `long` words, plus the CPU's
// spin-wait hint. Header-only (static inline): the compiler builtins below exist in clang on
// Linux and macOS alike, so the package keeps its macOS 13 floor (Swift's own `Atomic` type
// needs macOS 15) and needs no third-party package.
#ifndef BACKPROP_CATOMICS_H
#define BACKPROP_CATOMICS_H

/// The word at `p`, read with acquire ordering: writes another thread made before its
/// release store of this word are visible after this returns.
static inline long backprop_load_acquire(const long *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }

/// The word at `p`, sequentially consistent (used where two threads each write one word and
/// read the other's: the parking handshake).
static inline long backprop_load_seq_cst(const long *p) { return __atomic_load_n(p, __ATOMIC_SEQ_CST); }

/// Stores `value` at `p` with release ordering.
static inline void backprop_store_release(long *p, long value) { __atomic_store_n(p, value, __ATOMIC_RELEASE); }

/// Stores `value` at `p`, sequentially consistent (the other half of the parking handshake).
static inline void backprop_store_seq_cst(long *p, long value) { __atomic_store_n(p, value, __ATOMIC_SEQ_CST); }

/// Adds `delta` to the word at `p` (sequentially consistent); returns the old value.
static inline long backprop_fetch_add(long *p, long delta) { return __atomic_fetch_add(p, delta, __ATOMIC_SEQ_CST); }

/// Sets the word at `p` to `desired` if it holds `expected`; returns whether it did.
static inline int backprop_compare_exchange(long *p, long expected, long desired) {
    return __atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

/// Tells the core this thread is spin-waiting (x86 `pause`, ARM `yield`): it saves power and,
/// on a core shared by two hardware threads, gives the other one the execution units.
static inline void backprop_spin_hint(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__) || defined(__arm__)
    __asm__ __volatile__("yield");
#endif
}

#endif
