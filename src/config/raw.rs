//! Raw values layered from defaults, `labloop.toml` and the environment, before parsing.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, anyhow, bail};

use super::keys::{KEYS, Key};

/// Where a value came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Default,
    File,
    Env,
}

impl Source {
    pub(super) fn label(self) -> &'static str {
        match self {
            Source::Default => "default",
            Source::File => "labloop.toml",
            Source::Env => "environment",
        }
    }
}

/// The raw, unparsed values after layering defaults, file and environment.
#[derive(Default)]
pub struct RawConfig {
    pub(super) values: BTreeMap<&'static str, (String, Source)>,
}

impl RawConfig {
    /// Layers the built-in defaults, the TOML file (if any) and `env` (env wins).
    pub fn load(file: Option<&Path>, env: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let mut raw = RawConfig::default();
        for k in KEYS {
            if let Some(d) = k.default {
                raw.values.insert(k.name, (d.to_string(), Source::Default));
            }
        }
        if let Some(path) = file {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read configuration file {}", path.display()))?;
            raw.apply_toml(&text)
                .with_context(|| format!("in configuration file {}", path.display()))?;
        }
        for k in KEYS {
            if let Some(v) = env(&k.env_name()) {
                raw.values.insert(k.name, (v, Source::Env));
            }
        }
        Ok(raw)
    }

    pub(super) fn apply_toml(&mut self, text: &str) -> anyhow::Result<()> {
        let table: toml::Table = text.parse().context("not valid TOML")?;
        let mut flat = Vec::new();
        flatten("", &table, &mut flat)?;
        for (name, value) in flat {
            let k = KEYS
                .iter()
                .find(|k| k.name == name)
                .ok_or_else(|| anyhow!("unknown key `{name}`"))?;
            self.values.insert(k.name, (value, Source::File));
        }
        Ok(())
    }

    pub(super) fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(|(v, _)| v.as_str()).filter(|v| !v.is_empty())
    }

    /// Parses one key with `parse`, naming the key (as file key and env var) on error.
    pub(super) fn parse<T>(
        &self,
        name: &'static str,
        parse: impl FnOnce(&str) -> anyhow::Result<T>,
    ) -> anyhow::Result<Option<T>> {
        let Some(v) = self.get(name) else {
            return Ok(None);
        };
        parse(v).map(Some).map_err(|e| {
            let k = KEYS.iter().find(|k| k.name == name);
            let env = k.map(Key::env_name).unwrap_or_default();
            let shown = if k.is_some_and(|k| k.secret) {
                "****".to_string()
            } else {
                format!("{v:?}")
            };
            anyhow!("invalid value {shown} for `{name}` ({env}): {e:#}")
        })
    }

    /// The effective configuration as `(key, value, source)` lines, secrets masked.
    pub fn describe(&self) -> Vec<(String, String, &'static str)> {
        KEYS.iter()
            .map(|k| match self.values.get(k.name) {
                Some((v, s)) if k.secret && !v.is_empty() => (k.name.to_string(), mask(v), s.label()),
                Some((v, s)) => (k.name.to_string(), v.clone(), s.label()),
                None => (k.name.to_string(), "(unset)".to_string(), "default"),
            })
            .collect()
    }
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut Vec<(String, String)>) -> anyhow::Result<()> {
    for (k, v) in table {
        let name = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(t) => flatten(&name, t, out)?,
            toml::Value::String(s) => out.push((name, s.clone())),
            toml::Value::Integer(i) => out.push((name, i.to_string())),
            toml::Value::Float(f) => out.push((name, f.to_string())),
            toml::Value::Boolean(b) => out.push((name, b.to_string())),
            other => bail!("`{name}` has an unsupported value {other:?}"),
        }
    }
    Ok(())
}

/// Masks a secret, keeping the scheme/host of URLs readable.
fn mask(v: &str) -> String {
    if let Ok(mut url) = url::Url::parse(v) {
        if url.password().is_some() {
            let _ = url.set_password(Some("****"));
            return url.to_string();
        }
        if url.has_host() || url.scheme() == "sqlite" {
            return v.to_string();
        }
    }
    "****".to_string()
}
