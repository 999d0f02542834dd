//! Interface words in the kit's language (English and Dutch; other languages use English).
//!
//! Templates read them as `site.text.<key>`; block rendering uses them for callout labels.

use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Text {
    pub skip_to_content: &'static str,
    pub menu: &'static str,
    pub close_menu: &'static str,
    pub navigation: &'static str,
    pub breadcrumbs: &'static str,
    pub home: &'static str,
    pub on_this_page: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub pagination: &'static str,
    pub in_this_section: &'static str,
    pub more_pages: &'static str,
    pub dark_mode: &'static str,
    pub light_mode: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub redirect_text: &'static str,
    pub info: &'static str,
    pub success: &'static str,
    pub warning: &'static str,
    pub danger: &'static str,
    pub do_label: &'static str,
    pub dont_label: &'static str,
    pub download: &'static str,
    pub footnotes: &'static str,
    pub back_to_reference: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    pub expand: &'static str,
    pub built_with: &'static str,
}

pub static EN: Text = Text {
    skip_to_content: "Skip to content",
    menu: "Menu",
    close_menu: "Close menu",
    navigation: "Site navigation",
    breadcrumbs: "Breadcrumbs",
    home: "Home",
    on_this_page: "On this page",
    previous: "Previous",
    next: "Next",
    pagination: "Previous and next page",
    in_this_section: "In this section",
    more_pages: "More pages",
    dark_mode: "Dark mode",
    light_mode: "Light mode",
    not_found_title: "Page not found",
    not_found_text: "This page does not exist, or it has moved. These links lead back into the guide:",
    redirect_text: "This page has moved to",
    info: "Info",
    success: "Tip",
    warning: "Warning",
    danger: "Important",
    do_label: "Do",
    dont_label: "Don't",
    download: "Download",
    footnotes: "Footnotes",
    back_to_reference: "Back to reference",
    copy: "Copy",
    copied: "Copied",
    expand: "Show more",
    built_with: "Built with",
};

pub static NL: Text = Text {
    skip_to_content: "Naar de inhoud",
    menu: "Menu",
    close_menu: "Menu sluiten",
    navigation: "Navigatie",
    breadcrumbs: "Kruimelpad",
    home: "Home",
    on_this_page: "Op deze pagina",
    previous: "Vorige",
    next: "Volgende",
    pagination: "Vorige en volgende pagina",
    in_this_section: "In dit onderdeel",
    more_pages: "Meer pagina's",
    dark_mode: "Donkere modus",
    light_mode: "Lichte modus",
    not_found_title: "Pagina niet gevonden",
    not_found_text: "Deze pagina bestaat niet of is verplaatst. Via deze links komt u terug in de gids:",
    redirect_text: "Deze pagina is verplaatst naar",
    info: "Info",
    success: "Tip",
    warning: "Let op",
    danger: "Belangrijk",
    do_label: "Wel doen",
    dont_label: "Niet doen",
    download: "Downloaden",
    footnotes: "Voetnoten",
    back_to_reference: "Terug naar verwijzing",
    copy: "Kopiëren",
    copied: "Gekopieerd",
    expand: "Meer tonen",
    built_with: "Gemaakt met",
};

/// The words for a language tag (`nl`, `nl-BE` -> Dutch; anything else -> English).
pub fn text(language: &str) -> &'static Text {
    let primary = language.split('-').next().unwrap_or("").to_ascii_lowercase();
    match primary.as_str() {
        "nl" => &NL,
        _ => &EN,
    }
}
