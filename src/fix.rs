//! Applying fixes to a text: non-overlapping edits, in order.

use crate::finding::{Applicability, Edit, Finding};

/// Applies the fixes of `findings` at or above `min` to `text`. Edits that overlap an edit
/// already accepted are skipped (the caller re-checks and retries them in a later round).
/// Returns the new text, the number of fixes applied and the number skipped.
pub fn apply_fixes(text: &str, findings: &[Finding], min: Applicability) -> (String, usize, usize) {
    let mut fixes: Vec<&crate::finding::Fix> = findings
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .filter(|f| f.applicability >= min)
        .collect();
    fixes.sort_by_key(|f| f.edits.iter().map(|e| (e.start, e.end)).min());
    let mut accepted: Vec<&Edit> = Vec::new();
    let (mut applied, mut skipped) = (0, 0);
    for fix in fixes {
        let overlaps = fix.edits.iter().any(|e| {
            accepted
                .iter()
                .any(|a| (e.start < a.end && a.start < e.end) || (e.start == a.start && (e.start == e.end || a.start == a.end)))
        });
        let valid = fix
            .edits
            .iter()
            .all(|e| e.start <= e.end && e.end <= text.len() && text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
        if overlaps || !valid {
            skipped += 1;
            continue;
        }
        accepted.extend(fix.edits.iter());
        applied += 1;
    }
    accepted.sort_by_key(|e| (e.start, e.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for e in accepted {
        out.push_str(&text[pos..e.start]);
        out.push_str(&e.replacement);
        pos = e.end;
    }
    out.push_str(&text[pos..]);
    (out, applied, skipped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Fix, Severity};

    fn f(start: usize, end: usize, rep: &str) -> Finding {
        Finding::new("t/x", Severity::Warning, start, end, String::new()).with_fix(Fix::replace(start, end, rep, Applicability::Safe))
    }

    #[test]
    fn overlapping_edits_are_skipped() {
        let (out, applied, skipped) = apply_fixes("abcdef", &[f(0, 2, "X"), f(1, 3, "Y"), f(4, 6, "")], Applicability::Safe);
        assert_eq!((out.as_str(), applied, skipped), ("Xcd", 2, 1));
    }

    #[test]
    fn respects_applicability() {
        let mut g = f(0, 1, "Z");
        g.fix.as_mut().unwrap().applicability = Applicability::Unsafe;
        let (out, applied, _) = apply_fixes("abc", &[g.clone()], Applicability::Safe);
        assert_eq!((out.as_str(), applied), ("abc", 0));
        let (out, _, _) = apply_fixes("abc", &[g], Applicability::Unsafe);
        assert_eq!(out, "Zbc");
    }
}
