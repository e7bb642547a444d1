//! `aws.partition`: which partition a region belongs to, over a table the generator embeds.

use super::region_regex::RegionRegex;

/// What `aws.partition` returns: the partition's name and DNS facts (`getAttr` reads these).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartitionOutputs {
    /// `name`: the partition id (`aws`, `aws-cn`, `aws-us-gov`).
    pub name: &'static str,
    /// `dnsSuffix` (`amazonaws.com`).
    pub dns_suffix: &'static str,
    /// `dualStackDnsSuffix` (`api.aws`).
    pub dual_stack_dns_suffix: &'static str,
    /// `supportsFIPS`.
    pub supports_fips: bool,
    /// `supportsDualStack`.
    pub supports_dual_stack: bool,
    /// `implicitGlobalRegion`: the region global endpoints of the partition live in.
    pub implicit_global_region: &'static str,
}

/// Region-level replacements for some of a partition's outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OutputOverrides {
    /// Replaces `name`.
    pub name: Option<&'static str>,
    /// Replaces `dnsSuffix`.
    pub dns_suffix: Option<&'static str>,
    /// Replaces `dualStackDnsSuffix`.
    pub dual_stack_dns_suffix: Option<&'static str>,
    /// Replaces `supportsFIPS`.
    pub supports_fips: Option<bool>,
    /// Replaces `supportsDualStack`.
    pub supports_dual_stack: Option<bool>,
    /// Replaces `implicitGlobalRegion`.
    pub implicit_global_region: Option<&'static str>,
}

impl OutputOverrides {
    /// No overrides: the region uses its partition's outputs.
    pub const NONE: OutputOverrides = OutputOverrides {
        name: None,
        dns_suffix: None,
        dual_stack_dns_suffix: None,
        supports_fips: None,
        supports_dual_stack: None,
        implicit_global_region: None,
    };

    /// `base` with these overrides applied.
    pub fn apply(&self, base: &PartitionOutputs) -> PartitionOutputs {
        PartitionOutputs {
            name: self.name.unwrap_or(base.name),
            dns_suffix: self.dns_suffix.unwrap_or(base.dns_suffix),
            dual_stack_dns_suffix: self
                .dual_stack_dns_suffix
                .unwrap_or(base.dual_stack_dns_suffix),
            supports_fips: self.supports_fips.unwrap_or(base.supports_fips),
            supports_dual_stack: self.supports_dual_stack.unwrap_or(base.supports_dual_stack),
            implicit_global_region: self
                .implicit_global_region
                .unwrap_or(base.implicit_global_region),
        }
    }
}

/// A region a partition lists by name, with its overrides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartitionRegion {
    /// The region name (`us-east-1`, `aws-global`).
    pub name: &'static str,
    /// Outputs that differ from the partition's for this region.
    pub overrides: OutputOverrides,
}

impl PartitionRegion {
    /// A region without overrides.
    pub const fn plain(name: &'static str) -> PartitionRegion {
        PartitionRegion {
            name,
            overrides: OutputOverrides::NONE,
        }
    }
}

/// One partition of the partitions data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    /// The partition id (`aws`).
    pub id: &'static str,
    /// Matches region names that belong to the partition without being listed.
    pub region_regex: RegionRegex,
    /// Regions listed by name.
    pub regions: &'static [PartitionRegion],
    /// The partition's outputs.
    pub outputs: PartitionOutputs,
}

/// `aws.partition(region)` over `partitions` (in the data's order):
///
/// 1. a partition that lists `region` by name, with that region's overrides applied;
/// 2. else the first partition whose `regionRegex` matches `region`;
/// 3. else the partition with id `aws`, so unknown regions still resolve (as every AWS SDK
///    does); `None` only when there is no such partition.
pub fn resolve_partition(partitions: &[Partition], region: &str) -> Option<PartitionOutputs> {
    for partition in partitions {
        if let Some(listed) = partition.regions.iter().find(|r| r.name == region) {
            return Some(listed.overrides.apply(&partition.outputs));
        }
    }
    partitions
        .iter()
        .find(|p| p.region_regex.is_match(region))
        .or_else(|| partitions.iter().find(|p| p.id == "aws"))
        .map(|p| p.outputs)
}

#[cfg(test)]
mod tests {
    use super::super::region_regex::{CharClass, RegexPiece};
    use super::*;

    const fn outputs(name: &'static str, dns_suffix: &'static str) -> PartitionOutputs {
        PartitionOutputs {
            name,
            dns_suffix,
            dual_stack_dns_suffix: "api.aws",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "us-east-1",
        }
    }

    const PARTITIONS: &[Partition] = &[
        Partition {
            id: "aws",
            region_regex: RegionRegex {
                source: r"^(us|eu)\-\w+\-\d+$",
                pieces: &[
                    RegexPiece::Alternatives(&["us", "eu"]),
                    RegexPiece::Literal("-"),
                    RegexPiece::OneOrMore(CharClass::Word),
                    RegexPiece::Literal("-"),
                    RegexPiece::OneOrMore(CharClass::Digit),
                ],
            },
            regions: &[
                PartitionRegion::plain("aws-global"),
                PartitionRegion::plain("us-east-1"),
                PartitionRegion {
                    name: "us-special-1",
                    overrides: OutputOverrides {
                        dns_suffix: Some("special.example"),
                        supports_fips: Some(false),
                        ..OutputOverrides::NONE
                    },
                },
            ],
            outputs: outputs("aws", "amazonaws.com"),
        },
        Partition {
            id: "aws-iso",
            region_regex: RegionRegex {
                source: r"^us\-iso\-\w+\-\d+$",
                pieces: &[
                    RegexPiece::Literal("us-iso-"),
                    RegexPiece::OneOrMore(CharClass::Word),
                    RegexPiece::Literal("-"),
                    RegexPiece::OneOrMore(CharClass::Digit),
                ],
            },
            // Listed here although the `aws` pattern would also match it: names win.
            regions: &[PartitionRegion::plain("us-east-9")],
            outputs: outputs("aws-iso", "c2s.ic.gov"),
        },
    ];

    fn name(region: &str) -> Option<&'static str> {
        resolve_partition(PARTITIONS, region).map(|p| p.name)
    }

    #[test]
    fn listed_regions_win_over_patterns() {
        assert_eq!(name("us-east-1"), Some("aws"));
        assert_eq!(name("aws-global"), Some("aws"));
        assert_eq!(name("us-east-9"), Some("aws-iso"));
    }

    #[test]
    fn patterns_in_data_order() {
        assert_eq!(name("eu-west-7"), Some("aws"));
        assert_eq!(name("us-iso-west-3"), Some("aws-iso"));
    }

    #[test]
    fn unknown_regions_fall_back_to_aws() {
        assert_eq!(
            resolve_partition(PARTITIONS, "mars-1"),
            Some(PARTITIONS[0].outputs)
        );
        assert_eq!(name(""), Some("aws"));
        assert_eq!(resolve_partition(&PARTITIONS[1..], "mars-1"), None);
        assert_eq!(resolve_partition(&[], "us-east-1"), None);
    }

    #[test]
    fn region_overrides_apply() {
        let special = resolve_partition(PARTITIONS, "us-special-1").expect("listed");
        assert_eq!(special.dns_suffix, "special.example");
        assert!(!special.supports_fips);
        assert_eq!(special.name, "aws");
        assert_eq!(special.dual_stack_dns_suffix, "api.aws");
        assert_eq!(
            OutputOverrides::NONE.apply(&PARTITIONS[1].outputs),
            PARTITIONS[1].outputs
        );
    }
}
