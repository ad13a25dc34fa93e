//! History: the changelog of policy revisions and review packets, both built on the git
//! source (which does all their git access) and the semantic diff.

pub mod changelog;
pub mod review;
pub mod summary;
