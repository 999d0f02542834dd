//! What every layer of neokit needs: diagnostics with file, line and column, kit-relative paths and the site's absolute addresses, the kit's files, stable hash keys, YAML in plain words, the calendar, HTML text, interface words, icons, QR codes, the language guess and which build this is.

pub mod address;
pub mod build_info;
pub mod calendar;
pub mod diagnostics;
pub mod guard;
pub mod htmltext;
pub mod i18n;
pub mod icons;
pub mod keys;
pub mod language;
pub mod packed;
pub mod paths;
pub mod qr;
pub mod source;
pub mod yaml;
