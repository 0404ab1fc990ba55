//! Pieces that rules' fixes share (beside [`super::additions`]): ids for the things a fix adds,
//! whole numbers to write, a suggestion that no other candidate equals, and the replacement of
//! one array element.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use crate::fix::{Edit, Json};
use crate::index::Ctx;
use crate::model::ptr_index;

/// An id for something a fix adds: `stem` when the design does not define it (and it is not
/// among `also`, the ids the same fix adds), else `stem-2`, `stem-3`, … The id `internet` is
/// reserved.
pub(crate) fn fresh_id_besides(cx: &Ctx<'_>, stem: &str, also: &[&str]) -> String {
    let free = |s: &str| s != "internet" && !cx.ids.contains_key(s) && !also.contains(&s);
    if free(stem) {
        return String::from(stem);
    }
    let mut k = 2usize;
    loop {
        let s = format!("{stem}-{k}");
        if free(&s) {
            return s;
        }
        k += 1;
    }
}

/// Largest whole number a fix writes (2^53: every whole number up to it is an exact `f64`).
const MAX_WHOLE: f64 = 9_007_199_254_740_992.0;

/// `v` as an integer to write, when it is a whole number a design can hold exactly.
pub(crate) fn whole(v: f64) -> Option<i64> {
    (crate::model::is_integral(v) && (0.0..=MAX_WHOLE).contains(&v)).then_some(v as i64)
}

/// The smallest whole number not below `v` (`v` ≥ 0), when it is within what a design can
/// hold exactly.
pub(crate) fn whole_at_least(v: f64) -> Option<i64> {
    if !(0.0..=MAX_WHOLE).contains(&v) {
        return None;
    }
    let t = v as i64;
    Some(if (t as f64) < v { t + 1 } else { t })
}

/// What [`crate::text::suggest`] suggests for `word` among `candidates`, when no other
/// candidate is as near (by edit distance, letter case ignored): a fix writes a suggestion only
/// when it is the one nearest candidate. (`suggest` breaks a tie by taking the smaller
/// candidate, which is fine for a hint and not for an edit: `hz-x` is as near to `hz-b` as to
/// `hz-c`.)
pub(crate) fn sole_suggestion<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let best = crate::text::suggest(word, candidates.iter().copied())?;
    let lower = word.to_ascii_lowercase();
    let dist = |c: &str| {
        if c.eq_ignore_ascii_case(word) {
            0
        } else {
            crate::text::edit_distance(&lower, &c.to_ascii_lowercase())
        }
    };
    let d = dist(best);
    let tie = candidates.iter().any(|&c| c != best && dist(c) <= d);
    (!tie).then_some(best)
}

/// The edits that replace element `index` of the array at pointer `array`, which holds `len`
/// elements, by `value`. A pointer edit cannot set an array element in place: the element is
/// removed and the new value appended (so it moves to the end, where the order of the array
/// does not matter), and an array of one element is written anew.
pub(crate) fn replace_element(array: &str, index: usize, len: usize, value: Json) -> Vec<Edit> {
    if len <= 1 {
        return vec![Edit::Set {
            at: String::from(array),
            value: Json::Arr(vec![value]),
        }];
    }
    vec![
        Edit::Remove {
            at: ptr_index(array, index),
        },
        Edit::Push {
            array: String::from(array),
            value,
        },
    ]
}

/// Whether the loader left out an element of the array at `array` (it reported a problem in
/// it): the design's list then does not show every element of the file's.
pub(crate) fn array_has_problems(cx: &Ctx<'_>, array: &str) -> bool {
    cx.design.problems.iter().any(|p| {
        p.ptr
            .strip_prefix(array)
            .is_some_and(|rest| rest.starts_with('/'))
    })
}
