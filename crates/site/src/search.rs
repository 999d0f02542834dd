//! The search index: pages' search text -> `_neokit/search-index.js`.
//!
//! Input: each page's search sections (written from its document by the document crate's
//! search-text writer), title, description and extra words (a role's people
//! and responsibilities). Output: one classic script that sets `window.NEOKIT_SEARCH`, loaded by
//! the theme on first use, so search works from `file://` and under a strict CSP.
//!
//! Every page is split into documents: the part before the first `h2`/`h3` (with the page
//! title), each `h2`/`h3` section, and each FAQ question. Words are folded (lower case, accents
//! removed), stop words dropped and the rest stemmed with the Snowball stemmer for the kit's
//! language (English, Dutch, German and French; other languages are searched unstemmed). The
//! stemmers see folded words (German `ä` as `a`, French `é` as `e`; the stop words are folded
//! too). The theme's `stemmers.js` gives the same stems in the browser; `tests/fixtures/search/`
//! pins both.
//!
//! The index holds what finding needs; the text results are shown with lives in chunks of
//! about [`CHUNK_BYTES`], `_neokit/search/N.js`, each loaded only when a result from it is
//! shown (`window.NEOKIT_SEARCH_TEXT(N, [text, ...])`). The index stays a fraction of the
//! kit's size and results still show the words around the match.
//!
//! Format (version 1): `pages` is `[[url, title, [anchor, heading, anchor, heading, ...]]]`,
//! one pair per document (documents are numbered in this order), `chunks` is the first document of each text chunk, `terms` holds the terms, sorted, each
//! ended by `;`: how many leading characters it shares with the term before (one `DIGITS`
//! character), the rest of the term, a space and its postings. A posting is `(doc delta << 2) | tier` as a variable-length number: 5 bits per character,
//! least significant first, characters from `DIGITS[32..]` continue a number and characters
//! from `DIGITS[..32]` end it. Tier 3: the word is in the page title, 2: in the section
//! heading, 1: in the text twice or more, 0: once.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashSet;

use rustc_hash::FxHashMap;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rust_stemmers::{Algorithm, Stemmer};
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use neokit_core::packed::Packed;

/// Where the index script is written, below the site root.
pub const INDEX: &str = "_neokit/search-index.js";
/// Index format version, checked by the theme's script.
pub const VERSION: u32 = 1;
/// The alphabet of posting numbers: the first half ends a number, the second continues it.
pub const DIGITS: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
/// Bytes of section text per chunk script.
pub const CHUNK_BYTES: usize = 32 * 1024;
/// Where the text chunks are written, below the site root.
pub const CHUNK_DIR: &str = "_neokit/search/";

const STOP_EN: &str = "a about above after again against all also am an and any are as at be because been \
before being below between both but by can could did do does doing down during each few for from further had \
has have having he her here hers herself him himself his how i if in into is it its itself just me more most \
my myself no nor not of off on once only or other our ours ourselves out over own same she should so some such \
than that the their theirs them themselves then there these they this those through to too under until up very \
was we were what when where which while who whom why will with would you your yours yourself yourselves";

const STOP_NL: &str = "aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door \
dus een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik in is ja je \
kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat onder ons ook op over reeds \
te tegen toch toen tot u uit uw van veel voor want waren was wat werd wezen wie wil worden wordt zal ze zelf zich \
zij zijn zo zonder zou";

/// Snowball's German stop words, folded as [`words`] folds them (`für` is `fur`).
const STOP_DE: &str = "aber alle allem allen aller alles als also am an ander andere anderem anderen anderer \
anderes anderm andern anderr anders auch auf aus bei bin bis bist da damit dann das dasselbe dazu daß dein deine \
deinem deinen deiner deines dem demselben den denn denselben der derer derselbe derselben des desselben dessen \
dich die dies diese dieselbe dieselben diesem diesen dieser dieses dir doch dort du durch ein eine einem einen \
einer eines einig einige einigem einigen einiger einiges einmal er es etwas euch euer eure eurem euren eurer \
eures fur gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren \
ihrer ihres im in indem ins ist jede jedem jeden jeder jedes jene jenem jenen jener jenes jetzt kann kein keine \
keinem keinen keiner keines konnen konnte machen man manche manchem manchen mancher manches mein meine meinem \
meinen meiner meines mich mir mit muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem \
seinen seiner seines selbst sich sie sind so solche solchem solchen solcher solches soll sollte sondern sonst \
uber um und uns unse unsem unsen unser unses unter viel vom von vor wahrend war waren warst was weg weil weiter \
welche welchem welchen welcher welches wenn werde werden wie wieder will wir wird wirst wo wollen wollte wurde \
wurden zu zum zur zwar zwischen";

/// Snowball's French stop words, folded as [`words`] folds them (`étant` is `etant`), less `fûmes` and
/// `fûtes`: folded, they are the words `fumes` (smoke) and `futes` (clever).
const STOP_FR: &str = "a ai aie aient aies ait au aurai auraient aurais aurait aurez auriez aurions aurons \
auront aux avaient avais avait avec avez aviez avons ayant ayez ayons c ce ceci cela ces cet cette d dans de des \
du elle en es et etaient etais etait etant etee etees etes etiez etions eu eue eues eumes eurent eus eusse \
eussent eusses eussiez eussions eut eutes eux furent fus fusse fussent fusses fussiez fussions fut ici il ils j \
je l la le les leur leurs lui m ma mais me meme mes moi mon n ne nos notre nous on ont ou par pas pour qu que \
quel quelle quelles quels qui s sa sans se sera serai seraient serais serait seras serez seriez serions serons \
seront ses soi soient sois soit sont soyez soyons suis sur t ta te tes toi ton tu un une vos votre vous y";

/// How words of one language are turned into terms.
pub struct Language {
    /// `en`, `nl`, `de`, `fr`, or empty when words are not stemmed.
    pub stemmer_name: &'static str,
    stemmer: Option<Stemmer>,
    stop_words: &'static str,
    stop_set: HashSet<&'static str>,
}

impl Language {
    /// The stemmer and stop words for a language tag; unknown languages are not stemmed.
    pub fn for_tag(tag: &str) -> Language {
        let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        let (stemmer_name, algorithm, stop_words) = match primary.as_str() {
            "en" => ("en", Some(Algorithm::English), STOP_EN),
            "nl" => ("nl", Some(Algorithm::Dutch), STOP_NL),
            "de" => ("de", Some(Algorithm::German), STOP_DE),
            "fr" => ("fr", Some(Algorithm::French), STOP_FR),
            _ => ("", None, ""),
        };
        Language {
            stemmer_name,
            stemmer: algorithm.map(Stemmer::create),
            stop_words,
            stop_set: stop_words.split(' ').filter(|w| !w.is_empty()).collect(),
        }
    }

    fn is_stop_word(&self, word: &str) -> bool {
        self.stop_set.contains(word)
    }

    /// The term a folded word is indexed under, or `None` for a stop word.
    pub fn term(&self, word: &str) -> Option<String> {
        if self.is_stop_word(word) {
            return None;
        }
        Some(match &self.stemmer {
            Some(stemmer) => stemmer.stem(word).into_owned(),
            None => word.to_string(),
        })
    }
}

/// Lower case, accents removed, split into words of two or more characters.
pub fn words(text: &str) -> Vec<String> {
    let folded = fold(text);
    split_words(&folded).map(str::to_string).collect()
}

/// Lower case with accents removed.
fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.nfd().filter(|c| !('\u{300}'..='\u{36f}').contains(c)).collect::<String>().to_lowercase()
}

/// The words of folded text, two characters or longer.
fn split_words(folded: &str) -> impl Iterator<Item = &str> {
    folded.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() > 1 && (w.is_ascii() || w.chars().nth(1).is_some()))
}

/// Word -> its term's number (`None`: a stop word).
type WordCache = FxHashMap<Box<str>, Option<u32>>;

/// Every term seen: term -> number, and the terms by number.
type TermTable = (FxHashMap<Arc<str>, u32>, Vec<Arc<str>>);

/// Builds one site's index: pages are added in parallel, then written once.
pub struct Indexer {
    language_tag: String,
    language: Language,
    /// Term numbers of words already seen, per thread (a kit repeats its words).
    words: thread_local::ThreadLocal<RefCell<WordCache>>,
    /// Every term seen, numbered in order of appearance.
    terms: Mutex<TermTable>,
    /// Kept between builds (the preview): each page's entry and a hash of what it came from.
    reuse: Option<Mutex<KeptEntries>>,
    /// Pages indexed (not taken from `reuse`).
    indexed: AtomicUsize,
}

/// Each page's entry by URL, with the key of what it was made from.
type KeptEntries = FxHashMap<String, (u64, Arc<PageEntry>)>;

/// One indexer kept between builds of a kit (the preview), so that a rebuild indexes only
/// the pages whose text changed.
#[derive(Default)]
pub struct Cache {
    indexer: Mutex<Option<Arc<Indexer>>>,
}

/// A built site's index, not written yet: the preview writes it after telling pages to
/// reload, as nobody searches in the first milliseconds.
pub struct Deferred {
    indexer: Arc<Indexer>,
    pages: Vec<Arc<PageEntry>>,
}

impl Deferred {
    /// The index files, as [`Indexer::write`] gives them.
    pub fn files(self) -> Vec<(String, String)> {
        let mut files = Vec::new();
        self.indexer.write(self.pages, &mut |path, content| files.push((path, content)));
        files
    }
}

impl std::fmt::Debug for Deferred {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "search::Deferred({} pages)", self.pages.len())
    }
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("search::Cache")
    }
}

impl Cache {
    /// The index of a build, to be written later with [`Deferred::files`].
    pub fn defer(indexer: Arc<Indexer>, pages: Vec<Arc<PageEntry>>) -> Deferred {
        Deferred { indexer, pages }
    }

    /// The kept indexer, or a new one when there is none yet or the language changed.
    pub fn indexer(&self, language_tag: &str) -> Arc<Indexer> {
        let mut slot = self.indexer.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match &*slot {
            Some(indexer) if indexer.language_tag == language_tag => indexer.clone(),
            _ => {
                let mut indexer = Indexer::new(language_tag);
                indexer.reuse = Some(Mutex::default());
                let indexer = Arc::new(indexer);
                *slot = Some(indexer.clone());
                indexer
            }
        }
    }
}

pub use neokit_document::markdown::render::Section;

/// What one page adds to the index.
#[derive(Debug, Clone)]
pub struct PageEntry {
    url: String,
    title: String,
    docs: Vec<Doc>,
    /// The documents' texts one after the other (each document says how long its text is):
    /// packed when the entry is kept between builds (the preview), which reads them only
    /// when the index is written.
    text: Text,
}

#[derive(Debug, Clone)]
enum Text {
    Plain(String),
    Packed(Packed),
}

impl Text {
    fn get(&self) -> Cow<'_, str> {
        match self {
            Text::Plain(text) => Cow::Borrowed(text),
            Text::Packed(packed) => Cow::Owned(packed.text()),
        }
    }
}

#[derive(Debug, Clone)]
struct Doc {
    anchor: String,
    heading: String,
    /// The length of its text, in [`PageEntry::text`].
    text_len: usize,
    /// The document's terms and tiers, by term number, packed (see [`pack_terms`]).
    terms: Vec<u8>,
}

impl Indexer {
    pub fn new(language_tag: &str) -> Indexer {
        Indexer {
            language_tag: language_tag.to_string(),
            language: Language::for_tag(language_tag),
            words: thread_local::ThreadLocal::new(),
            terms: Mutex::new((FxHashMap::default(), Vec::new())),
            reuse: None,
            indexed: AtomicUsize::new(0),
        }
    }

    /// How many pages this indexer has indexed (pages taken unchanged from an earlier build
    /// of the preview do not count).
    pub fn pages_indexed(&self) -> usize {
        self.indexed.load(Ordering::Relaxed)
    }

    /// The number of a folded word's term, or `None` for a stop word; remembered per thread.
    fn term_id(&self, word: &str) -> Option<u32> {
        let mut cache = self.words.get_or_default().borrow_mut();
        if let Some(id) = cache.get(word) {
            return *id;
        }
        let id = self.language.term(word).map(|term| {
            let mut guard = self.terms.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            let (ids, list) = &mut *guard;
            let term: Arc<str> = Arc::from(term);
            *ids.entry(term.clone()).or_insert_with(|| {
                list.push(term);
                (list.len() - 1) as u32
            })
        });
        cache.insert(word.into(), id);
        id
    }

    /// Prepares one page for the index (called in parallel, one page at a time).
    ///
    /// `url` is the page's folder relative to the site root; `extra` is text shown on the
    /// page outside its body (description, a role's people and responsibilities).
    pub fn page(&self, url: &str, title: &str, extra: &str, sections: &[Section]) -> Arc<PageEntry> {
        self.page_keyed(url, None, title, &|| extra.to_string(), sections)
    }

    /// [`Indexer::page`], with the key of what the page comes from when the caller knows it
    /// (else the title, extra text and body are hashed): a kept entry with the same key is
    /// used again. `extra` is asked for only when needed.
    pub fn page_keyed(
        &self,
        url: &str,
        key: Option<u64>,
        title: &str,
        extra: &dyn Fn() -> String,
        sections: &[Section],
    ) -> Arc<PageEntry> {
        let Some(reuse) = &self.reuse else {
            return Arc::new(self.index_page(url, title, &extra(), sections));
        };
        let mut extra_text = None;
        let hash = key.unwrap_or_else(|| {
            let mut hasher = std::hash::DefaultHasher::new();
            (title, extra_text.get_or_insert_with(extra).as_str(), sections).hash(&mut hasher);
            hasher.finish()
        });
        let lock = || reuse.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((kept, entry)) = lock().get(url)
            && *kept == hash
        {
            return entry.clone();
        }
        let extra = extra_text.unwrap_or_else(extra);
        let entry = Arc::new(self.index_page(url, title, &extra, sections));
        lock().insert(url.to_string(), (hash, entry.clone()));
        entry
    }

    /// The entry kept for the page at `url` when it was made for `key` ([`Indexer::page_keyed`]).
    pub fn kept(&self, url: &str, key: u64) -> Option<Arc<PageEntry>> {
        let reuse = self.reuse.as_ref()?.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        reuse.get(url).filter(|(kept, _)| *kept == key).map(|(_, entry)| entry.clone())
    }

    fn index_page(&self, url: &str, title: &str, extra: &str, sections: &[Section]) -> PageEntry {
        self.indexed.fetch_add(1, Ordering::Relaxed);
        let mut sections = sections.to_vec();
        if sections.is_empty() {
            sections.push(Section::default());
        }
        let intro = &mut sections[0];
        if !extra.is_empty() {
            intro.text = if intro.text.is_empty() { extra.to_string() } else { format!("{extra} {}", intro.text) };
        }
        let folded_title = fold(title);
        let title_terms: Vec<u32> = split_words(&folded_title).filter_map(|w| self.term_id(w)).collect();
        let mut text = String::new();
        let docs = sections
            .into_iter()
            .enumerate()
            .filter(|(i, s)| *i == 0 || !s.text.is_empty() || !s.heading.is_empty())
            .map(|(i, section)| {
                // Every occurrence as (term, tier), sorted: runs of one term give its count.
                let mut found: Vec<(u32, u8)> = Vec::new();
                found.extend(split_words(&fold(&section.text)).filter_map(|w| self.term_id(w)).map(|t| (t, 0)));
                found.extend(split_words(&fold(&section.heading)).filter_map(|w| self.term_id(w)).map(|t| (t, 2)));
                if i == 0 {
                    found.extend(title_terms.iter().map(|&t| (t, 3)));
                }
                found.sort_unstable();
                let terms = pack_terms(found.chunk_by(|a, b| a.0 == b.0).map(|run| {
                    let highest = run[run.len() - 1].1;
                    let in_text = run.iter().filter(|(_, tier)| *tier == 0).count();
                    (run[0].0, highest.max(u8::from(in_text >= 2)))
                }));
                text.push_str(&section.text);
                Doc { text_len: section.text.len(), anchor: section.anchor, heading: section.heading, terms }
            })
            .collect();
        let text = if self.reuse.is_some() { Text::Packed(Packed::new(&text)) } else { Text::Plain(text) };
        PageEntry { url: url.to_string(), title: title.to_string(), docs, text }
    }

    /// Writes the index script and the text chunks with `put(path below the site root,
    /// content)`. Pages come in the order given (the reading order ranks ties); each page's
    /// text is let go once its chunk is written.
    pub fn write(&self, pages: Vec<Arc<PageEntry>>, put: &mut dyn FnMut(String, String)) {
        if let Some(reuse) = &self.reuse {
            let urls: HashSet<&str> = pages.iter().map(|p| p.url.as_str()).collect();
            reuse.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).retain(|url, _| urls.contains(url.as_str()));
        }
        let (_, names) = &*self.terms.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        // Counted first, so that each list is allocated once at its size.
        let mut counts = vec![0usize; names.len()];
        for doc in pages.iter().flat_map(|page| &page.docs) {
            for (term, _) in unpack_terms(&doc.terms) {
                counts[term as usize] += 1;
            }
        }
        let mut postings: Vec<Vec<u32>> = counts.into_iter().map(Vec::with_capacity).collect();
        let mut docs: u32 = 0;
        let mut listed = Vec::with_capacity(pages.len());
        let mut chunk: Vec<String> = Vec::new();
        let mut chunk_starts = Vec::new();
        let mut chunk_bytes = 0;
        let mut flush = |chunk: &mut Vec<String>, number: usize| {
            let json = serde_json::to_string(&chunk).expect("text serializes");
            put(format!("{CHUNK_DIR}{number}.js"), format!("NEOKIT_SEARCH_TEXT({number},{json});\n"));
            chunk.clear();
        };
        for page in &pages {
            let mut pairs = Vec::with_capacity(page.docs.len() * 2);
            let (text, mut start) = (page.text.get(), 0);
            for doc in &page.docs {
                let doc_text = &text[start..start + doc.text_len];
                start += doc.text_len;
                let id = docs;
                docs += 1;
                if chunk_starts.is_empty() || (chunk_bytes > 0 && chunk_bytes + doc_text.len() > CHUNK_BYTES) {
                    if !chunk_starts.is_empty() {
                        flush(&mut chunk, chunk_starts.len() - 1);
                    }
                    chunk_starts.push(id);
                    chunk_bytes = 0;
                }
                chunk_bytes += doc_text.len();
                chunk.push(doc_text.to_string());
                for (term, tier) in unpack_terms(&doc.terms) {
                    postings[term as usize].push((id << 2) | u32::from(tier));
                }
                pairs.push(doc.anchor.as_str());
                pairs.push(doc.heading.as_str());
            }
            listed.push((page.url.as_str(), page.title.as_str(), pairs));
        }
        if !chunk_starts.is_empty() {
            flush(&mut chunk, chunk_starts.len() - 1);
        }
        let mut order: Vec<u32> = (0..names.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| names[a as usize].cmp(&names[b as usize]));
        let head = Script {
            v: VERSION,
            stem: self.language.stemmer_name,
            stop: self.language.stop_words,
            pages: listed,
            chunks: chunk_starts,
        };
        let head = serde_json::to_string(&head).expect("the index serializes");
        // `terms` is written straight into the script: terms are letters and digits and
        // postings use `DIGITS`, so nothing needs escaping.
        let mut terms = String::with_capacity(head.len() + postings.iter().map(|p| p.len() * 2 + 12).sum::<usize>());
        terms.push_str("window.NEOKIT_SEARCH=");
        terms.push_str(&head[..head.len() - 1]);
        drop(head);
        terms.push_str(",\"terms\":\"");
        let mut before = "";
        for id in order {
            if postings[id as usize].is_empty() {
                continue; // a term of an earlier build of the preview, gone since
            }
            let term = &*names[id as usize];
            // The shared length counts characters (as the browser does), at most 63, and
            // leaves at least one character.
            let shared = term.chars().zip(before.chars()).take_while(|(a, b)| a == b).count();
            let shared = shared.min(63).min(term.chars().count() - 1);
            terms.push(char::from(DIGITS[shared]));
            terms.extend(term.chars().skip(shared));
            terms.push(' ');
            before = term;
            let list = &mut postings[id as usize];
            debug_assert!(term.chars().all(char::is_alphanumeric));
            // Pages arrive in order, but a page's documents list terms in any order.
            list.sort_unstable();
            let mut previous = 0;
            for &value in list.iter() {
                let doc = value >> 2;
                push_number(&mut terms, (((doc - previous) as usize) << 2) | (value & 3) as usize);
                previous = doc;
            }
            terms.push(';');
            *list = Vec::new();
        }
        terms.push_str("\"};\n");
        put(INDEX.to_string(), terms);
    }
}

#[derive(Serialize)]
struct Script<'a> {
    v: u32,
    stem: &'a str,
    stop: &'a str,
    pages: Vec<(&'a str, &'a str, Vec<&'a str>)>,
    chunks: Vec<u32>,
}

/// Packs (term number, tier) pairs sorted by term number: each pair as one LEB128 number,
/// `(term - previous term) << 2 | tier`. Most take one byte.
fn pack_terms(terms: impl Iterator<Item = (u32, u8)>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut previous = 0;
    for (term, tier) in terms {
        let mut value = ((term - previous) << 2) | u32::from(tier);
        previous = term;
        while value >= 0x80 {
            out.push((value & 0x7f) as u8 | 0x80);
            value >>= 7;
        }
        out.push(value as u8);
    }
    out.shrink_to_fit();
    out
}

fn unpack_terms(packed: &[u8]) -> impl Iterator<Item = (u32, u8)> + '_ {
    let mut bytes = packed.iter();
    let mut previous = 0;
    std::iter::from_fn(move || {
        let (mut value, mut shift) = (0u32, 0);
        loop {
            let byte = *bytes.next()?;
            value |= u32::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                break;
            }
            shift += 7;
        }
        previous += value >> 2;
        Some((previous, (value & 3) as u8))
    })
}

fn push_number(out: &mut String, mut value: usize) {
    while value >= 32 {
        out.push(char::from(DIGITS[32 + (value & 31)]));
        value >>= 5;
    }
    out.push(char::from(DIGITS[value]));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded_and_split() {
        assert_eq!(words("Échographie: baby's CPAP-kit, 2 x"), ["echographie", "baby", "cpap", "kit"]);
        assert_eq!(words("Één café"), ["een", "cafe"]);
    }

    #[test]
    fn dutch_plural_and_singular_share_a_term() {
        let nl = Language::for_tag("nl-NL");
        assert_eq!(nl.term("verpleegkundigen"), nl.term("verpleegkundige"));
        assert_eq!(nl.term("de"), None);
        let other = Language::for_tag("it");
        assert_eq!(other.term("infermiere").as_deref(), Some("infermiere"));
    }

    /// A page's sections: the top of the page, then (anchor, heading, text) triples.
    fn body(top: &str, rest: &[(&str, &str, &str)]) -> Vec<Section> {
        let section = |anchor: &str, heading: &str, text: &str| Section {
            anchor: anchor.into(),
            heading: heading.into(),
            text: text.into(),
        };
        std::iter::once(section("", "", top)).chain(rest.iter().map(|(a, h, t)| section(a, h, t))).collect()
    }

    #[test]
    fn postings_round_trip_through_the_alphabet() {
        let mut out = String::new();
        for n in [0, 31, 32, 1000, 123_456] {
            push_number(&mut out, n);
        }
        let mut numbers = Vec::new();
        let (mut value, mut shift) = (0usize, 0);
        for b in out.bytes() {
            let digit = DIGITS.iter().position(|&d| d == b).unwrap();
            value |= (digit & 31) << shift;
            if digit < 32 {
                numbers.push(value);
                value = 0;
                shift = 0;
            } else {
                shift += 5;
            }
        }
        assert_eq!(numbers, [0, 31, 32, 1000, 123_456]);
    }

    /// The files an indexer writes, by path.
    fn written(indexer: &Indexer, pages: Vec<Arc<PageEntry>>) -> std::collections::BTreeMap<String, String> {
        let mut files = std::collections::BTreeMap::new();
        indexer.write(pages, &mut |path, content| {
            files.insert(path, content);
        });
        files
    }

    fn terms_of(indexer: &Indexer, doc: &Doc) -> Vec<(String, u8)> {
        let names = &indexer.terms.lock().unwrap().1;
        let mut terms: Vec<(String, u8)> =
            unpack_terms(&doc.terms).map(|(id, tier)| (names[id as usize].to_string(), tier)).collect();
        terms.sort();
        terms
    }

    #[test]
    fn text_is_cut_into_chunks_and_empty_pages_need_none_of_their_own() {
        let indexer = Indexer::new("en");
        let empty = indexer.page("", "Empty", "", &[]);
        let long = "word ".repeat(CHUNK_BYTES / 5);
        let big = indexer.page("big/", "Big", "", &body(&long, &[("a", "A", &long)]));
        let files = written(&indexer, vec![empty, big]);
        let names: Vec<&str> = files.keys().map(String::as_str).collect();
        assert_eq!(names, ["_neokit/search-index.js", "_neokit/search/0.js", "_neokit/search/1.js"]);
        assert!(files["_neokit/search-index.js"].contains("\"chunks\":[0,2]"));
    }

    #[test]
    fn a_page_becomes_documents_with_tiers() {
        let indexer = Indexer::new("en");
        let entry =
            indexer.page("a/", "Recording babies", "", &body("We record the recordings.", &[("x", "Consent", "Ask.")]));
        assert_eq!(entry.docs.len(), 2);
        assert_eq!(terms_of(&indexer, &entry.docs[0]), [("babi".into(), 3), ("record".into(), 3)]);
        assert_eq!(terms_of(&indexer, &entry.docs[1]), [("ask".into(), 0), ("consent".into(), 2)]);
        let files = written(&indexer, vec![entry]);
        assert_eq!(files["_neokit/search/0.js"], "NEOKIT_SEARCH_TEXT(0,[\"We record the recordings.\",\"Ask.\"]);\n");
        let script = &files["_neokit/search-index.js"];
        assert!(script.starts_with("window.NEOKIT_SEARCH={\"v\":1,\"stem\":\"en\""));
        assert!(script.contains("\"terms\":\"0ask 4;0babi 3;0consent 6;0record 3;\""), "{script}");

        let indexer = Indexer::new("en");
        let entry = indexer.page("", "Cake", "", &body("care careful cared careers car", &[]));
        let script = &written(&indexer, vec![entry])["_neokit/search-index.js"];
        assert!(script.contains("\"terms\":\"0cake 3;2r 0;3e 1;4er 0;\""), "{script}");
    }

    #[test]
    fn the_preview_indexes_only_changed_pages_and_drops_gone_terms() {
        let cache = Cache::default();
        let indexer = cache.indexer("en");
        let a = indexer.page("a/", "Alpha", "", &body("old words", &[]));
        let b = indexer.page("b/", "Beta", "", &body("kept", &[]));
        let _ = written(&indexer, vec![a, b]);
        assert_eq!(indexer.pages_indexed(), 2);

        let again = cache.indexer("en");
        assert!(Arc::ptr_eq(&indexer, &again));
        let a = again.page("a/", "Alpha", "", &body("new text", &[]));
        let b = again.page("b/", "Beta", "", &body("kept", &[]));
        assert_eq!(again.pages_indexed(), 3, "only the changed page is indexed again");
        let script = &written(&again, vec![a, b])["_neokit/search-index.js"];
        assert!(script.contains("\"terms\":\"0alpha 3;0beta 7;0kept 4;0new 0;0text 0;\""), "{script}");

        assert!(!Arc::ptr_eq(&indexer, &cache.indexer("nl")), "another language starts afresh");
    }

    #[test]
    fn two_indexers_on_one_thread_keep_their_own_numbers() {
        let first = Indexer::new("en");
        let a = first.page("", "Alpha", "", &body("beta", &[]));
        let second = Indexer::new("en");
        let b = second.page("", "Beta", "", &body("alpha", &[]));
        let again = first.page("x/", "Beta", "", &[]);
        assert_eq!(terms_of(&first, &a.docs[0]), [("alpha".into(), 3), ("beta".into(), 0)]);
        assert_eq!(terms_of(&second, &b.docs[0]), [("alpha".into(), 0), ("beta".into(), 3)]);
        assert_eq!(terms_of(&first, &again.docs[0]), [("beta".into(), 3)]);
    }
}
