//! What templates show of governance: a page's "About this page" block, overdue banner and
//! problem report, and the rows of the "Page status" page.

use super::changes;
use super::day::Day;
use super::model::{Governance, Owner, PageGovernance, State};
use crate::config::governance::Expired;
use crate::config::{Contact, SiteAddress};
use crate::roles::Roles;
use crate::site::Site;
use crate::theme::views::{ChangeView, DateView, GovernanceView, LinkView, OwnerView, StatusRowView};
use neokit_core::i18n::Text;
use neokit_core::paths;
use neokit_document::links::PageId;

/// What the views of a page's governance are made from.
pub struct ViewEnv<'a> {
    pub site: &'a Site,
    pub roles: &'a Roles,
    pub governance: &'a Governance,
    pub text: &'static Text,
    pub language: &'a str,
    pub contact: &'a Contact,
    /// The space's public address, when the site's is known.
    pub base_url: Option<&'a SiteAddress>,
    /// The kit is a hospital's version of a shared guide.
    pub upstream: bool,
}

impl ViewEnv<'_> {
    /// A page whose text is left out: overdue with `expired: hide`.
    pub fn withheld(&self, id: PageId) -> bool {
        self.governance.settings.expired == Expired::Hide
            && self.governance.page(id).is_some_and(|p| p.state == State::Overdue)
    }

    /// The address a QR code holds for a page: its short link, else its address (needs
    /// `base_url`).
    pub fn qr_address(&self, id: PageId) -> Option<String> {
        let base = self.base_url?;
        let page = self.governance.page(id)?;
        Some(match &page.short {
            Some(short) => base.join(&format!("go/{short}/")),
            None => base.join(&self.site.pages[id].dir),
        })
    }

    /// A day as templates show it.
    pub fn date(&self, day: Option<Day>) -> Option<DateView> {
        day.map(|d| DateView { iso: d.iso(), text: d.long(self.language) })
    }

    fn owner(&self, owner: &str, dir: &str) -> OwnerView {
        let owner = Owner::resolve(owner, self.roles, self.site);
        OwnerView {
            name: owner.name,
            href: owner.role_page.map(|p| paths::page_href(dir, &self.site.pages[p].dir)),
            role: owner.role_page.map(|p| self.site.pages[p].title.clone()),
            email: owner.email,
            phone: owner.phone,
        }
    }

    /// The page's "About this page" block, banner and problem report, when the kit uses
    /// governance.
    pub fn page(&self, id: PageId, changed: Option<DateView>) -> Option<GovernanceView> {
        let page = self.governance.page(id)?;
        let dir = self.site.pages[id].dir.as_str();
        let mut view = self.values(page, dir);
        view.changed = changed;
        let owner = view.owner.clone().filter(|o| o.email.is_some() || o.phone.is_some());
        let brand = (self.contact.email.is_some() || self.contact.phone.is_some()).then(|| OwnerView {
            name: self.contact.name.clone().unwrap_or_else(|| self.contact.email.clone().unwrap_or_default()),
            href: None,
            role: None,
            email: self.contact.email.clone(),
            phone: self.contact.phone.clone(),
        });
        let contact = owner.or(brand).or_else(|| view.owner.clone());
        if page.state == State::Overdue {
            let due = page.next_review.map(|d| d.long(self.language)).unwrap_or_default();
            view.banner = Some(self.text.overdue_banner.replace("{date}", &due));
            view.withheld = self.withheld(id);
            view.contact = contact.clone();
        }
        let title = &self.site.pages[id].title;
        let address = match self.base_url {
            Some(base) => base.join(dir),
            None => format!("/{dir}"),
        };
        let to = contact.and_then(|c| c.email).or_else(|| self.contact.email.clone());
        view.report = to.map(|to| {
            let mut body = format!("{}: {title}\n{}: {address}\n", self.text.mail_page, self.text.mail_address);
            if let Some(version) = &page.version {
                body.push_str(&format!("{}: {version}\n", self.text.version));
            }
            body.push('\n');
            report_mailto(&to, &format!("{}: {title}", self.text.mail_subject), &body)
        });
        if let Some(short) = &page.short {
            view.short_href = Some(paths::page_href(dir, &format!("go/{short}/")));
            view.short = Some(format!("go/{short}"));
        }
        if self.upstream {
            view.heading = Some(if page.local { self.text.approved_here } else { self.text.reviewed_by_programme });
        }
        view.upstream = page.upstream.as_ref().map(|up| {
            let mut up = self.values(up, dir);
            up.heading = Some(self.text.reviewed_by_programme);
            Box::new(up)
        });
        Some(view)
    }

    fn values(&self, page: &PageGovernance, dir: &str) -> GovernanceView {
        GovernanceView {
            owner: page.owner.as_deref().map(|o| self.owner(o, dir)),
            approved_by: page.approved_by.clone(),
            reviewed: self.date(page.reviewed),
            next_review: self.date(page.next_review),
            version: page.version.clone(),
            changed: None,
            state: page.state.code(),
            banner: None,
            contact: None,
            withheld: false,
            report: None,
            short_href: None,
            short: None,
            heading: None,
            upstream: None,
        }
    }

    fn state_text(&self, state: State) -> &'static str {
        match state {
            State::Current => self.text.state_current,
            State::Due => self.text.state_due,
            State::Overdue => self.text.state_overdue,
            State::NoData => self.text.state_no_data,
        }
    }

    /// The rows of the "Page status" page in site folder `folder`: overdue first, then due,
    /// current and no data; soonest review first within each.
    pub fn status_rows(&self, folder: &str) -> Vec<StatusRowView> {
        let mut rows: Vec<(State, Option<Day>, usize, StatusRowView)> = Vec::new();
        for (order, &id) in self.site.reading_order.iter().enumerate() {
            let Some(page) = self.governance.page(id) else { continue };
            let page_link = self.link(folder, id);
            rows.push((
                page.state,
                page.next_review,
                order,
                StatusRowView {
                    title: page_link.title,
                    href: page_link.href,
                    owner: page.owner.as_deref().map(|o| Owner::resolve(o, self.roles, self.site).name),
                    reviewed: self.date(page.reviewed),
                    next_review: self.date(page.next_review),
                    version: page.version.clone(),
                    state: page.state.code(),
                    state_text: self.state_text(page.state),
                },
            ));
        }
        rows.sort_by_key(|(state, next, order, _)| (*state, *next, *order));
        rows.into_iter().map(|(_, _, _, row)| row).collect()
    }

    /// The entries of the "What changed" page in site folder `folder`, newest first.
    pub fn changes(&self, folder: &str) -> Vec<ChangeView> {
        changes::changes(self.site, &self.governance.recorded, self.language, self.text)
            .into_iter()
            .map(|c| ChangeView {
                date: DateView { iso: c.date, text: c.date_text },
                title: c.title,
                text: c.text,
                page: c.page.map(|id| self.link(folder, id)),
            })
            .collect()
    }

    /// A link to page `id` from site folder `from`, without a description.
    fn link(&self, from: &str, id: PageId) -> LinkView {
        let page = &self.site.pages[id];
        LinkView { title: page.title.clone(), href: paths::page_href(from, &page.dir), description: None }
    }
}

/// The `mailto:` address of "Report a problem with this page": the page's title, address and
/// version in the subject and body.
fn report_mailto(to: &str, subject: &str, body: &str) -> String {
    format!(
        "mailto:{}?subject={}&body={}",
        mail_encode(to, true),
        mail_encode(subject, false),
        mail_encode(body, false)
    )
}

/// Percent-encoding for `mailto:` parts (RFC 6068): only unreserved characters stay.
fn mail_encode(text: &str, address: bool) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) || (address && byte == b'@');
        if keep {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mailto_parts_are_encoded() {
        assert_eq!(
            report_mailto("a.b@x.org", "Consent & you", "Page: a/b/\nVersion: 2"),
            "mailto:a.b@x.org?subject=Consent%20%26%20you&body=Page%3A%20a%2Fb%2F%0AVersion%3A%202"
        );
    }
}
