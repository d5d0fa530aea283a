//! Where the operator tool keeps the prefecture_admin tokens it created (`--admin-tokens`):
//! the admin secret creates a prefecture's first administrator only once, so a second run
//! (`scripts/dev.sh` again, a benchmark against the same worker) must find that token again.
//! The file holds live credentials: it is written readable by its owner only (mode 600).

use crate::api::ApiError;
use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Prefecture number (`"03"`) → its prefecture_admin token.
type Tokens = BTreeMap<String, String>;

pub struct AdminStore {
    path: Option<PathBuf>,
}

fn failed(path: &Path, error: impl std::fmt::Display) -> ApiError {
    ApiError::Other(format!("{}: {error}", path.display()))
}

impl AdminStore {
    /// A store in `path`, or none (nothing is kept between runs).
    pub fn new(path: Option<PathBuf>) -> Self {
        Self { path }
    }

    fn read(&self, path: &Path) -> Result<Tokens, ApiError> {
        match fs::read_to_string(path) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| failed(path, e)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Tokens::new()),
            Err(e) => Err(failed(path, e)),
        }
    }

    pub fn get(&self, prefecture: u8) -> Result<Option<String>, ApiError> {
        let Some(path) = &self.path else {
            return Ok(None);
        };
        Ok(self.read(path)?.remove(&format!("{prefecture:02}")))
    }

    pub fn put(&self, prefecture: u8, token: &str) -> Result<(), ApiError> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let mut tokens = self.read(path)?;
        tokens.insert(format!("{prefecture:02}"), token.to_string());
        let json = serde_json::to_string_pretty(&tokens).map_err(|e| failed(path, e))?;
        write_private(path, json.as_bytes())
    }
}

/// Writes `bytes` to `path`, readable and writable by its owner only.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), ApiError> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(|e| failed(dir, e))?;
    }
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        // A file made earlier with wider permissions is narrowed before it is written.
        if path.exists() {
            fs::set_permissions(path, fs::Permissions::from_mode(0o600))
                .map_err(|e| failed(path, e))?;
        }
    }
    let mut file = options.open(path).map_err(|e| failed(path, e))?;
    file.write_all(bytes).map_err(|e| failed(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_one_token_per_prefecture_readable_by_its_owner_only() {
        let dir = std::env::temp_dir().join(format!("tsunagu-admins-{}", std::process::id()));
        let path = dir.join("admins.json");
        let store = AdminStore::new(Some(path.clone()));
        assert_eq!(store.get(3).expect("reads"), None);
        store.put(3, "tsu_03_a_b").expect("writes");
        store.put(47, "tsu_47_c_d").expect("writes");
        store.put(3, "tsu_03_e_f").expect("replaces");
        assert_eq!(store.get(3).expect("reads").as_deref(), Some("tsu_03_e_f"));
        assert_eq!(store.get(47).expect("reads").as_deref(), Some("tsu_47_c_d"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).expect("exists").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert_eq!(AdminStore::new(None).get(3).expect("nothing"), None);
        let _ = fs::remove_dir_all(dir);
    }
}
