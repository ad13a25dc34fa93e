//! The last step of `steward import`: the planned files written, all of them or none (every
//! new file's place is looked at before any is written; never over an existing file, never
//! through a link). Apart because it is the only code of the command that writes to disk.

use crate::cli::workspace::Workspace;
use crate::error::Error;
use crate::import::{self, Plan};

/// Writes the planned files (new ones never over an existing file); how many.
pub(super) fn write_plan(workspace: &Workspace, plan: &Plan) -> Result<usize, Error> {
    let mut files: Vec<&import::FileWrite> = plan.files.iter().collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    // A file that is there but not in the tree (a link, say) would stop the writing half-way:
    // look before writing any. write_file checks again at each rename.
    for file in files.iter().filter(|f| !f.exists) {
        let path = workspace.root.join(&file.path);
        if std::fs::symlink_metadata(&path).is_ok() {
            return Err(Error::Unwritable {
                path,
                message: "already exists (but is not a file steward reads), so nothing was written; move it away and import again".to_string(),
            });
        }
    }
    for file in &files {
        let existing = if file.exists {
            crate::cli::files::Existing::Replace
        } else {
            crate::cli::files::Existing::Keep
        };
        crate::cli::files::write_file(
            &workspace.root.join(&file.path),
            file.text.as_bytes(),
            existing,
            Some(&workspace.project),
        )?;
    }
    Ok(files.len())
}
