//! Small file helpers with the durability and privacy rules the vault needs: private modes on
//! Unix (folder 0700, files 0600) and writes that are atomic and flushed.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Creates the folder (and parents) and makes it private to the user.
pub fn ensure_private_dir(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).map_err(|e| Error::io("creating data folder", e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
            .map_err(|e| Error::io("making data folder private", e))?;
    }
    Ok(())
}

/// Makes an existing file readable and writable by the user only.
pub fn make_private(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if path.exists() {
            fs::set_permissions(path, fs::Permissions::from_mode(0o600))
                .map_err(|e| Error::io("making file private", e))?;
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

fn create_private(path: &Path) -> std::io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
}

/// Flushes a folder's entry list so a rename or a new file survives a power cut.
pub fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| Error::io("flushing folder", e))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// A file the patient chose in the save dialog to write to: a full path naming a file, not a
/// folder. An existing file there is replaced whole by [`write_atomic`] (the dialog has asked).
pub fn save_target(path: &str) -> Result<PathBuf> {
    let p = PathBuf::from(path.trim());
    if path.contains('\0') || !p.is_absolute() || p.file_name().is_none() {
        return Err(Error::invalid(
            "the file to write needs a full path to a file",
        ));
    }
    if p.is_dir() {
        return Err(Error::invalid("the path to write to is a folder"));
    }
    Ok(p)
}

/// Replaces `path` with `bytes` atomically: a reader sees the old file or the new one, never a
/// half-written one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let mut suffix = [0u8; 6];
    crate::keys::os_random(&mut suffix)?;
    let tmp = dir.join(format!(".{name}.{}.tmp", hex::encode(suffix)));
    let result = (|| {
        let mut f = create_private(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(Error::io("writing file atomically", e));
    }
    sync_dir(dir)
}

/// Copies `src` to a new file `dst` (which must not exist), flushed and private.
pub fn copy_new_synced(src: &Path, dst: &Path) -> Result<()> {
    let result = (|| {
        let mut from = File::open(src)?;
        let mut to = create_private(dst)?;
        std::io::copy(&mut from, &mut to)?;
        to.sync_all()
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(dst);
        return Err(Error::io("copying file", e));
    }
    if let Some(dir) = dst.parent() {
        sync_dir(dir)?;
    }
    Ok(())
}
