//! History: the changelog of policy revisions and review packets, both built on the git
//! source and the semantic diff.

pub mod changelog;
pub mod review;
pub mod summary;

/// YYYY-MM-DD in the time zone the time was recorded in.
pub(crate) fn date_of(time: &git2::Time) -> String {
    let local = time.seconds() + i64::from(time.offset_minutes()) * 60;
    jiff::Timestamp::from_second(local)
        .map(|t| {
            t.to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .date()
                .to_string()
        })
        .unwrap_or_else(|_| "unknown".to_string())
}
