//! The roles a batch can be screened for. Fixed by the product contract (DESIGN.md), so they are
//! an enum rather than data: packs refer to them and the CLI offers exactly these.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A hiring role; rules may apply to some roles only and weigh differently per role.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// APIs, web apps, microservices.
    Backend,
    /// ETL pipelines, warehouses, real-time processing.
    Data,
    /// Models, training pipelines, inference services.
    Ml,
    /// Infrastructure scripts, CI/CD, monitoring.
    Devops,
}

impl Role {
    /// Every role, in a stable order.
    pub const ALL: [Role; 4] = [Role::Backend, Role::Data, Role::Ml, Role::Devops];

    /// The role's id as written on the command line and in packs.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Backend => "backend",
            Role::Data => "data",
            Role::Ml => "ml",
            Role::Devops => "devops",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
