//! Eight bytes at a time: a few bytes read into one `u64`, and tests of all eight bytes of a
//! word at once, for the batch's hot loops (CSV lines, counts, JSON strings).

/// `0x01` in every byte.
const ONES: u64 = u64::from_le_bytes([0x01; 8]);

/// The high bit of every byte.
const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);

/// The first `N` (at most 8) bytes of `bytes` as a word, the first in the lowest byte, with
/// zeros above them.
pub(crate) fn load<const N: usize>(bytes: &[u8]) -> u64 {
    let mut word = [0; 8];
    word[..N].copy_from_slice(&bytes[..N]);
    u64::from_le_bytes(word)
}

/// The high bit of each byte of `word` that is `byte`, and perhaps of some bytes above one that
/// is, but of no other: subtracting one from each byte of `word ^ byte` borrows into the high bit
/// only where that byte is zero (or where a borrow came in from below). As a whole it is
/// non-zero exactly when some byte is `byte`.
pub(crate) fn has(word: u64, byte: u8) -> u64 {
    let x = word ^ (ONES * u64::from(byte));
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// The high bit of each byte of `word` below `n` (at most 0x80), and perhaps of some bytes above
/// one that is, but of no other, by the same borrowing; a byte of 0x80 or more is left out by
/// `& !word`. As a whole it is non-zero exactly when some byte is below `n`.
pub(crate) fn has_below(word: u64, n: u8) -> u64 {
    word.wrapping_sub(ONES * u64::from(n)) & !word & HIGHS
}
