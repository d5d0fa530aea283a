use crate::org::OrgCode;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What an access token lets its holder do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Prefectural DX staff: read everything in the prefecture, write the prefecture's own
    /// records and the master data (organisation records) of its municipalities.
    PrefectureAdmin,
    /// Municipal DX staff or a department lead: write their own organisation's records.
    Editor,
    /// Executives and observers: read only.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::PrefectureAdmin, Role::Editor, Role::Viewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::PrefectureAdmin => "prefecture_admin",
            Role::Editor => "editor",
            Role::Viewer => "viewer",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == s)
            .ok_or_else(|| {
                format!("unknown role \"{s}\": expected prefecture_admin, editor or viewer")
            })
    }
}

/// The authenticated caller of a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    pub token_id: String,
    pub org: OrgCode,
    pub role: Role,
    /// Shown as the author of every write made with the token.
    pub label: String,
}

impl Principal {
    pub fn prefecture_number(&self) -> u8 {
        self.org.prefecture_number()
    }
}
