//! Region, endpoint and retry settings from environment variables and the selected profile.
//!
//! Each setting is taken from the first place that has it: environment variable, then the
//! profile (values set in code are applied on top by the loader). Blank values count as unset.

use stsgen_runtime::profile::{Env, Profile, ProfileSet};
use stsgen_runtime::retry::RetryConfig;

use crate::error::ConfigError;

/// Environment variable and profile key of each setting.
pub mod names {
    /// Region, first choice.
    pub const REGION_ENV: &str = "AWS_REGION";
    /// Region, second choice.
    pub const DEFAULT_REGION_ENV: &str = "AWS_DEFAULT_REGION";
    /// Region in a profile.
    pub const REGION_KEY: &str = "region";
    /// Endpoint URL for STS only.
    pub const ENDPOINT_URL_STS_ENV: &str = "AWS_ENDPOINT_URL_STS";
    /// Endpoint URL for every service.
    pub const ENDPOINT_URL_ENV: &str = "AWS_ENDPOINT_URL";
    /// Endpoint URL in a profile (every service), or inside a `[services]` section's `sts`
    /// block.
    pub const ENDPOINT_URL_KEY: &str = "endpoint_url";
    /// Profile key naming the `[services name]` section to use.
    pub const SERVICES_KEY: &str = "services";
    /// The key of the STS block inside a `[services name]` section.
    pub const STS_SERVICE_KEY: &str = "sts";
    /// Turns off every configured (non-code) endpoint URL.
    pub const IGNORE_ENDPOINT_URLS_ENV: &str = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";
    /// Profile form of [`IGNORE_ENDPOINT_URLS_ENV`].
    pub const IGNORE_ENDPOINT_URLS_KEY: &str = "ignore_configured_endpoint_urls";
    /// FIPS endpoints.
    pub const USE_FIPS_ENV: &str = "AWS_USE_FIPS_ENDPOINT";
    /// Profile form of [`USE_FIPS_ENV`].
    pub const USE_FIPS_KEY: &str = "use_fips_endpoint";
    /// Dual-stack endpoints.
    pub const USE_DUAL_STACK_ENV: &str = "AWS_USE_DUALSTACK_ENDPOINT";
    /// Profile form of [`USE_DUAL_STACK_ENV`].
    pub const USE_DUAL_STACK_KEY: &str = "use_dualstack_endpoint";
    /// `regional` or `legacy` (global endpoint for the legacy regions).
    pub const STS_REGIONAL_ENDPOINTS_ENV: &str = "AWS_STS_REGIONAL_ENDPOINTS";
    /// Profile form of [`STS_REGIONAL_ENDPOINTS_ENV`].
    pub const STS_REGIONAL_ENDPOINTS_KEY: &str = "sts_regional_endpoints";
    /// Total attempts per request, the first included.
    pub const MAX_ATTEMPTS_ENV: &str = "AWS_MAX_ATTEMPTS";
    /// Profile form of [`MAX_ATTEMPTS_ENV`].
    pub const MAX_ATTEMPTS_KEY: &str = "max_attempts";
    /// `standard`, `legacy` or `adaptive`.
    pub const RETRY_MODE_ENV: &str = "AWS_RETRY_MODE";
    /// Profile form of [`RETRY_MODE_ENV`].
    pub const RETRY_MODE_KEY: &str = "retry_mode";
}

use names::*;

/// Region, endpoint and retry settings found in the environment and the selected profile.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// `AWS_REGION`, `AWS_DEFAULT_REGION`, profile `region`.
    pub region: Option<String>,
    /// `AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL`, the profile's `[services]` `sts`
    /// `endpoint_url`, profile `endpoint_url`; none if `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` /
    /// `ignore_configured_endpoint_urls` is true.
    pub endpoint_url: Option<String>,
    /// `AWS_USE_FIPS_ENDPOINT`, profile `use_fips_endpoint` (default false).
    pub use_fips: bool,
    /// `AWS_USE_DUALSTACK_ENDPOINT`, profile `use_dualstack_endpoint` (default false).
    pub use_dual_stack: bool,
    /// `AWS_STS_REGIONAL_ENDPOINTS`, profile `sts_regional_endpoints`: true for `legacy`,
    /// false for `regional` (the default).
    pub use_global_endpoint: bool,
    /// `AWS_MAX_ATTEMPTS`, profile `max_attempts`: total attempts per request, at least 1.
    pub max_attempts: Option<u32>,
    /// `AWS_RETRY_MODE`, profile `retry_mode`.
    pub retry_mode: Option<RetryMode>,
}

/// The retry modes of the AWS SDKs. This client implements one policy, the standard one, and
/// uses it for all three.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryMode {
    /// `standard`: the standard policy.
    Standard,
    /// `legacy`: the older SDKs' policy; the standard policy here.
    Legacy,
    /// `adaptive`: the standard policy plus client-side rate limiting in the official SDKs; the
    /// standard policy (without rate limiting) here.
    Adaptive,
}

impl RetryMode {
    /// The mode as written in a setting.
    pub fn as_str(self) -> &'static str {
        match self {
            RetryMode::Standard => "standard",
            RetryMode::Legacy => "legacy",
            RetryMode::Adaptive => "adaptive",
        }
    }

    /// The mode a setting names, in any case.
    fn from_setting(value: &str) -> Option<RetryMode> {
        [RetryMode::Standard, RetryMode::Legacy, RetryMode::Adaptive]
            .into_iter()
            .find(|mode| value.eq_ignore_ascii_case(mode.as_str()))
    }
}

impl Settings {
    /// Reads the settings from `env` and profile `profile_name` of `profiles` (a missing
    /// profile contributes nothing).
    pub fn resolve(
        env: &Env,
        profiles: &ProfileSet,
        profile_name: &str,
    ) -> Result<Settings, ConfigError> {
        let lookup = Lookup {
            env,
            profiles,
            profile: profiles.profile(profile_name),
        };
        let region = lookup
            .env(REGION_ENV)
            .or_else(|| lookup.env(DEFAULT_REGION_ENV))
            .or_else(|| lookup.profile(REGION_KEY))
            .map(|(_, value)| value.to_owned());
        let ignore_endpoint_urls = lookup
            .flag(IGNORE_ENDPOINT_URLS_ENV, IGNORE_ENDPOINT_URLS_KEY)?
            .unwrap_or(false);
        let endpoint_url = if ignore_endpoint_urls {
            None
        } else {
            lookup.endpoint_url()?
        };
        let use_global_endpoint = match lookup
            .env(STS_REGIONAL_ENDPOINTS_ENV)
            .or_else(|| lookup.profile(STS_REGIONAL_ENDPOINTS_KEY))
        {
            None => false,
            Some((_, value)) if value.eq_ignore_ascii_case("regional") => false,
            Some((_, value)) if value.eq_ignore_ascii_case("legacy") => true,
            Some((setting, value)) => {
                return Err(invalid(
                    setting,
                    format!("must be `regional` or `legacy`, not `{value}`"),
                ))
            }
        };
        let max_attempts = match lookup
            .env(MAX_ATTEMPTS_ENV)
            .or_else(|| lookup.profile(MAX_ATTEMPTS_KEY))
        {
            None => None,
            Some((setting, value)) => Some(
                value
                    .parse::<u32>()
                    .ok()
                    .filter(|attempts| *attempts > 0)
                    .ok_or_else(|| {
                        invalid(
                            setting,
                            format!(
                                "must be a whole number of attempts of 1 or more, not `{value}`"
                            ),
                        )
                    })?,
            ),
        };
        let retry_mode = match lookup
            .env(RETRY_MODE_ENV)
            .or_else(|| lookup.profile(RETRY_MODE_KEY))
        {
            None => None,
            Some((setting, value)) => Some(RetryMode::from_setting(value).ok_or_else(|| {
                invalid(
                    setting,
                    format!("must be `standard`, `legacy` or `adaptive`, not `{value}`"),
                )
            })?),
        };
        Ok(Settings {
            region,
            endpoint_url,
            use_fips: lookup.flag(USE_FIPS_ENV, USE_FIPS_KEY)?.unwrap_or(false),
            use_dual_stack: lookup
                .flag(USE_DUAL_STACK_ENV, USE_DUAL_STACK_KEY)?
                .unwrap_or(false),
            use_global_endpoint,
            max_attempts,
            retry_mode,
        })
    }

    /// The retry policy the settings ask for: the standard policy with `max_attempts` (default
    /// 3) whatever the mode; `None` when neither retry setting is present.
    pub fn retry_config(&self) -> Option<RetryConfig> {
        if self.max_attempts.is_none() && self.retry_mode.is_none() {
            return None;
        }
        let standard = RetryConfig::standard();
        let attempts = self.max_attempts.unwrap_or(standard.max_attempts());
        Some(standard.with_max_attempts(attempts))
    }
}

struct Lookup<'a> {
    env: &'a Env,
    profiles: &'a ProfileSet,
    profile: Option<&'a Profile>,
}

impl<'a> Lookup<'a> {
    /// A non-blank environment variable, trimmed, with a description of where it came from.
    fn env(&self, name: &str) -> Option<(String, &'a str)> {
        let value = self.env.get_non_blank(name)?;
        Some((
            format!("environment variable `{name}`"),
            value.trim_matches([' ', '\t']),
        ))
    }

    /// A non-blank profile property, with a description of where it came from.
    fn profile(&self, key: &str) -> Option<(String, &'a str)> {
        let profile = self.profile?;
        let value = non_blank(profile.get(key))?;
        Some((
            format!("setting `{key}` of profile `{}`", profile.name()),
            value,
        ))
    }

    /// A boolean from the environment, else the profile.
    fn flag(&self, env: &str, key: &str) -> Result<Option<bool>, ConfigError> {
        match self.env(env).or_else(|| self.profile(key)) {
            None => Ok(None),
            Some((_, value)) if value.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Some((_, value)) if value.eq_ignore_ascii_case("false") => Ok(Some(false)),
            Some((setting, value)) => Err(invalid(
                setting,
                format!("must be `true` or `false`, not `{value}`"),
            )),
        }
    }

    fn endpoint_url(&self) -> Result<Option<String>, ConfigError> {
        let found = self
            .env(ENDPOINT_URL_STS_ENV)
            .or_else(|| self.env(ENDPOINT_URL_ENV))
            .or_else(|| self.services_endpoint_url())
            .or_else(|| self.profile(ENDPOINT_URL_KEY));
        match found {
            None => Ok(None),
            Some((_, url)) if url.starts_with("http://") || url.starts_with("https://") => {
                Ok(Some(url.to_owned()))
            }
            // The value is not echoed: a URL may carry a password in its user-info part.
            Some((setting, _)) => Err(invalid(
                setting,
                "must be an http:// or https:// URL".to_owned(),
            )),
        }
    }

    /// `endpoint_url` in the `sts` block of the `[services name]` section the profile names.
    fn services_endpoint_url(&self) -> Option<(String, &'a str)> {
        let (_, services) = self.profile(SERVICES_KEY)?;
        let section = self.profiles.section(SERVICES_KEY, services)?;
        let url = non_blank(section.sub_property(STS_SERVICE_KEY, ENDPOINT_URL_KEY))?;
        Some((
            format!("`{STS_SERVICE_KEY}` setting `{ENDPOINT_URL_KEY}` of [services {services}]"),
            url,
        ))
    }
}

fn non_blank(value: Option<&str>) -> Option<&str> {
    value
        .map(|value| value.trim_matches([' ', '\t']))
        .filter(|value| !value.is_empty())
}

fn invalid(setting: String, problem: String) -> ConfigError {
    ConfigError::InvalidSetting { setting, problem }
}
