//! Role definitions: which pages describe a role, who does each role at this hospital, and
//! which pages mention a role.
//!
//! Input: the site (front matter `role:` and the `roles:` locations), `people:` from
//! neokit.yaml and every page's links. Output: [`Roles`] and diagnostics. The content stays
//! shared and plain GitBook Markdown; a hospital assigns its own people in neokit.yaml only.

use std::collections::{BTreeMap, HashMap};

use crate::config::{Config, Person};
use crate::site::Site;
use neokit_core::diagnostics::{Diagnostic, Location, Part};
use neokit_core::paths::{RelPath, is_readme};
use neokit_core::source::SourceTree;
use neokit_core::yaml;
use neokit_document::links::{self, PageId, Target};
use neokit_document::markdown::frontmatter::RoleFront;

/// One role described by a page.
#[derive(Debug, Clone)]
pub struct Role {
    /// The id `people:` uses (front matter `role`, else the file name).
    pub id: String,
    pub discipline: Option<String>,
    pub time_per_month: Option<String>,
    pub responsibilities: Vec<String>,
    /// Who does it here (empty: nobody yet).
    pub people: Vec<Person>,
}

#[derive(Debug, Default)]
pub struct Roles {
    pub by_page: BTreeMap<PageId, Role>,
    /// Role page -> the pages that link to it, in reading order.
    pub mentioned_by: HashMap<PageId, Vec<PageId>>,
    /// Whether the kit assigns people (a hospital's build); unassigned roles are reported then.
    pub assigned: bool,
}

impl Roles {
    /// The role pages directly inside the folder of `page` (for a folder page's overview).
    pub fn in_folder(&self, site: &Site, page: PageId) -> Vec<PageId> {
        let source = &site.pages[page].source;
        if !is_readme(source) {
            return Vec::new();
        }
        let folder = source.parent();
        let mut found: Vec<PageId> =
            self.by_page.keys().copied().filter(|&p| p != page && site.pages[p].source.parent() == folder).collect();
        found.sort_by_key(|p| site.reading_order.iter().position(|r| r == p).unwrap_or(usize::MAX));
        found
    }
}

/// Finds the roles of the site, matches people to them and collects mentions.
pub fn collect(site: &Site, config: &Config, tree: &SourceTree) -> (Roles, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let locations: Vec<RelPath> = config.roles.iter().filter_map(|r| RelPath::new(r)).collect();
    let mut roles = Roles { assigned: config.people.is_some(), ..Roles::default() };
    for (id, page) in site.pages.iter().enumerate() {
        let front = page.prepared.front.role.clone();
        let in_location =
            locations.iter().any(|l| page.source == *l || (page.source.starts_with(l) && !is_readme(&page.source)));
        let role = match front {
            Some(front) => front,
            None if in_location => RoleFront { id: page.source.file_stem().to_string(), ..Default::default() },
            None => continue,
        };
        let people = config.people.as_ref().and_then(|p| p.get(&role.id)).cloned().unwrap_or_default();
        if roles.assigned && people.is_empty() {
            diagnostics.push(
                Diagnostic::warning("unassigned-role", format!("nobody is assigned to the role `{}`", role.id))
                    .at(Location::file(tree.shown(&page.source)))
                    .with_help(format!("add people under `people: {}:` in neokit.yaml", role.id))
                    .rests_on(Part::Config(format!("people.{}", role.id))),
            );
        }
        roles.by_page.insert(
            id,
            Role {
                id: role.id,
                discipline: role.discipline,
                time_per_month: role.time_per_month,
                responsibilities: role.responsibilities,
                people,
            },
        );
    }
    if let Some(people) = &config.people {
        let known: Vec<&str> = roles.by_page.values().map(|r| r.id.as_str()).collect();
        for role in people.keys().filter(|r| !known.contains(&r.as_str())) {
            let mut d = Diagnostic::warning("unknown-role", format!("`people.{role}` matches no role page"))
                .at(config.location(&["people", role]))
                .rests_on(Part::any_front_matter("role"))
                .rests_on(Part::Pages);
            d = match yaml::did_you_mean(role, &known) {
                Some(best) => d.with_help(format!("did you mean `{best}`?")),
                None => d.with_help("role pages have `role: <id>` in their front matter"),
            };
            diagnostics.push(d);
        }
    }
    for (from, page) in site.pages.iter().enumerate() {
        for dest in &page.prepared.links {
            if let Target::Page { page: to, .. } = links::resolve(site, tree, from, &page.source, dest)
                && to != from
                && roles.by_page.contains_key(&to)
            {
                let list = roles.mentioned_by.entry(to).or_default();
                if !list.contains(&from) {
                    list.push(from);
                }
            }
        }
    }
    for list in roles.mentioned_by.values_mut() {
        list.sort_by_key(|p| site.reading_order.iter().position(|r| r == p).unwrap_or(usize::MAX));
    }
    (roles, diagnostics)
}
