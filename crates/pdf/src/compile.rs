//! typst as a library: the book's source and files in memory (a [`World`] that reads nothing
//! else and fetches nothing), laid out and written as a tagged PDF, checked against PDF/UA-1
//! unless `pdf.standard: tagged`.

use std::collections::{BTreeMap, HashMap};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::OnceLock;

use typst::foundations::Label;
use typst::introspection::{Introspector, PagedPosition};
use typst::layout::PageElem;
use typst::model::HeadingElem;
use typst::text::{Lang, LocalName};
use typst::utils::PicoStr;

use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, NativeElement, Smart, StyleChain};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::visualize::{ExchangeFormat, RasterImage, SvgImage};
use typst::{Library, World};
use typst_layout::PagedDocument;

use super::book::{Book, ImageFacts, PART_START, is_stand_in, named_keys, qr_key, typst_language};
use super::cache;
use super::job::{Job, PdfStandard};
use super::join;
use super::library::library;
use super::typst::{PdfImage, string as typst_string};
use neokit_core::diagnostics::{Diagnostic, LineIndex, Location};
use neokit_core::{build_info, calendar, qr, yaml};
use neokit_document::links::PageId;
use neokit_document::markdown::headings::attribute as html_attribute;

/// The files the books show by key: the kit's images, drawn SVGs, pages' QR codes, the logo,
/// the photos of the people who do the roles.
enum FileData {
    Disk(PathBuf),
    Bytes(Vec<u8>),
}

/// Where a file the books show comes from, for messages about it.
enum Origin {
    /// The first page that shows it.
    Page(PageId),
    /// `neokit.yaml`: the file as written there, and the keys it is under.
    Config { name: String, keys: Vec<String> },
}

/// What the PDF shows instead of an image it cannot show.
fn instead(origin: &Origin) -> &'static str {
    match origin {
        Origin::Config { keys, .. } if keys.first().is_some_and(|k| k == "people") => {
            "the PDF shows the person without it"
        }
        _ => "its alt text is shown instead",
    }
}

/// The files the books show, each with where it comes from (for messages).
fn collect_files(job: &Job) -> BTreeMap<String, (FileData, Origin)> {
    let mut files = BTreeMap::new();
    for (id, page) in job.pages {
        for (key, image) in &page.images {
            if files.contains_key(key) {
                continue;
            }
            let data = match image {
                PdfImage::File(path) => FileData::Disk(job.tree.disk_path(path)),
                PdfImage::Svg(svg) => FileData::Bytes(svg.clone().into_bytes()),
            };
            files.insert(key.clone(), (data, Origin::Page(*id)));
        }
    }
    for (&id, address) in job.qr {
        if let Some(svg) = qr::svg(address, "") {
            files.insert(qr_key(id), (FileData::Bytes(svg.into_bytes()), Origin::Page(id)));
        }
    }
    for named in &job.named {
        let origin = Origin::Config { name: named.name.clone(), keys: named.keys.clone() };
        files.insert(named.key.clone(), (FileData::Disk(named.path.clone()), origin));
    }
    files
}

/// typst's bundled fonts, read once per process.
fn bundled_fonts() -> &'static [Font] {
    static FONTS: OnceLock<Vec<Font>> = OnceLock::new();
    FONTS.get_or_init(|| typst_assets::fonts().flat_map(|data| Font::iter(Bytes::new(data))).collect())
}

struct TypstWorld<'a> {
    main: Source,
    files: &'a HashMap<String, Bytes>,
    fonts: &'a [Font],
    book: &'a LazyHash<FontBook>,
    today: Option<Datetime>,
    /// The files typst asked for (a part's cache key must cover them all), and [`DAY_READ`]
    /// when it asked for the day.
    read: std::sync::Mutex<std::collections::BTreeSet<String>>,
}

/// What [`TypstWorld::read`] holds when typst asked for the day (`datetime.today()`): a
/// document so laid out is kept under its key with the day added.
const DAY_READ: &str = "\0the day";

fn file_id(path: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(path).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl World for TypstWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotFound(id.vpath().get_with_slash().into()))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let path = id.vpath().get_with_slash();
        if let Ok(mut read) = self.read.lock() {
            read.insert(path.to_string());
        }
        self.files.get(path).cloned().ok_or_else(|| FileError::NotFound(path.into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        if let Ok(mut read) = self.read.lock() {
            read.insert(DAY_READ.to_string());
        }
        self.today
    }
}

/// The books' files and fonts, read and checked once for every book of a build.
pub(super) struct Prepared {
    files: HashMap<String, Bytes>,
    fonts: Vec<Font>,
    font_book: LazyHash<FontBook>,
    today: Option<Datetime>,
    /// Images typst cannot show (their alt text shows instead), and the others' sizes.
    pub images: ImageFacts,
    pub body_fonts: Vec<String>,
    pub heading_fonts: Vec<String>,
    /// Each file's digest, for the parts' cache keys.
    digests: HashMap<String, [u8; 32]>,
    /// What every cache key begins with: neokit's and typst's versions, the fonts.
    base: cache::Key,
    /// The build's day (`2026-12-8`): in the key of what reads it (see [`Prepared::kept`]).
    day: String,
    /// The parts laid out by earlier builds.
    pub cache: cache::Cache,
}

impl Prepared {
    pub fn new(job: &Job, problems: &mut Vec<Diagnostic>) -> Prepared {
        let files = collect_files(job);
        // Where the page refers to the image (its file name as written), else the page; for a
        // file of neokit.yaml, its key there.
        let place = |origin: &Origin, name: &str| match origin {
            Origin::Page(id) => image_reference(job, *id, name),
            Origin::Config { keys, .. } => {
                let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
                let (line, col) = yaml::key_position(job.config_text, &keys).unwrap_or((0, 0));
                Location::new(job.config_name, line, col)
            }
        };
        let mut images = ImageFacts::default();
        let mut loaded: HashMap<String, Bytes> = HashMap::new();
        for (key, (data, origin)) in &files {
            let name = match origin {
                Origin::Config { name, .. } => name.as_str(),
                Origin::Page(_) => key.trim_start_matches("/f/"),
            };
            let bytes = match data {
                FileData::Disk(path) => match std::fs::read(path) {
                    Ok(bytes) => Bytes::new(bytes),
                    Err(error) => {
                        problems.push(
                            Diagnostic::warning(
                                "pdf-image",
                                format!("`{name}` cannot be read for the PDF ({error}); {}", instead(origin)),
                            )
                            .at(place(origin, name)),
                        );
                        images.bad.insert(key.clone());
                        continue;
                    }
                },
                FileData::Bytes(bytes) => Bytes::new(bytes.clone()),
            };
            let format = match check_image(key, &bytes) {
                Ok(format) => format,
                Err(why) => {
                    problems.push(
                        Diagnostic::warning(
                            "pdf-image",
                            format!("the image `{name}` cannot be shown in the PDF ({why}); {}", instead(origin)),
                        )
                        .at(place(origin, name))
                        .with_help("use a PNG, JPEG, GIF, WebP or SVG file"),
                    );
                    images.bad.insert(key.clone());
                    continue;
                }
            };
            if !named_as(key, format) {
                images.formats.insert(key.clone(), format);
            }
            if let Some(size) = natural_size(format, bytes.as_slice()) {
                images.sizes.insert(key.clone(), size);
            }
            loaded.insert(key.clone(), bytes);
        }
        let mut fonts: Vec<Font> = Vec::new();
        let body_fonts = brand_font(job, job.body_font, &mut fonts, problems);
        let heading_fonts = brand_font(job, job.heading_font, &mut fonts, problems);
        let heading_fonts = if heading_fonts.is_empty() { body_fonts.clone() } else { heading_fonts };
        fonts.extend(bundled_fonts().iter().cloned());
        let font_book = LazyHash::new(FontBook::from_fonts(&fonts));
        let (year, month, day) = calendar::civil(job.now);
        let today = Datetime::from_ymd(year as i32, month as u8, day as u8);
        let digests = loaded.iter().map(|(key, bytes)| (key.clone(), cache::digest(bytes.as_slice()))).collect();
        let mut base = cache::Key::new("part");
        base.add(build_info::BUILD.as_bytes());
        base.add(typst::syntax::package::PackageVersion::compiler().to_string().as_bytes());
        let brand = fonts.len() - bundled_fonts().len();
        for font in &fonts[..brand] {
            base.add(&cache::digest(font.data().as_slice()));
            base.add(&font.index().to_le_bytes());
        }
        base.add(bundled_digest());
        // A folder per space of a site (they share the output folder).
        let space = cache::digest(job.space.to_string_lossy().as_bytes());
        let dir = job.cache.as_ref().map(|dir| dir.join(hex16(&space)));
        let cache = cache::Cache::new(dir);
        let day = format!("{year}-{month}-{day}");
        Prepared {
            files: loaded,
            fonts,
            font_book,
            today,
            images,
            body_fonts,
            heading_fonts,
            digests,
            base,
            day,
            cache,
        }
    }

    /// The cache key of a document of a book: everything its layout reads. Its source (with
    /// the preamble, the footnote count it starts from, the labels it links to), the files it
    /// names (their bytes), the fonts, neokit's and typst's versions, the book's file name and
    /// standard, and the kit files of the pages it holds (typst's messages name them). What
    /// the pages show of the day (review dates and states, the title page's date) is in the
    /// source; a document whose layout asks typst for the day is kept under the key with the
    /// day added ([`Prepared::keep`]).
    fn key(&self, job: &Job, path: &str, ua: bool, source: &str, labels: &[String]) -> (cache::Key, Vec<String>) {
        let mut key = self.base.clone();
        key.add(path.as_bytes());
        key.add(&[u8::from(ua)]);
        key.add(source.as_bytes());
        let named = named_files(source, &self.files);
        for file in &named {
            key.add(file.as_bytes());
            key.add(self.digests.get(file).map_or(&[][..], |d| &d[..]));
        }
        for label in labels {
            key.add(label.as_bytes());
            let page = label.strip_prefix('p').and_then(|id| id.parse::<usize>().ok());
            if let Some(source) = page.and_then(|id| job.sources.get(id)) {
                key.add(source.as_str().as_bytes());
            }
        }
        (key, named)
    }

    /// The document kept under `key`: laid out by an earlier build, without the day or on
    /// this day.
    fn kept(&self, key: &cache::Key) -> Option<cache::Laid> {
        self.cache.get(&key.clone().name()).or_else(|| self.cache.get(&self.dated(key)))
    }

    /// Keeps a document laid out under `key` when the key covers everything its layout read:
    /// the files it names (`named`) and, when it read the day, the day.
    fn keep(&self, key: &cache::Key, named: &[String], read: &std::collections::BTreeSet<String>, laid: &cache::Laid) {
        let dated = read.contains(DAY_READ);
        if read.iter().all(|file| file == DAY_READ || named.contains(file)) {
            let name = if dated { self.dated(key) } else { key.clone().name() };
            self.cache.put(&name, laid);
        }
    }

    /// `key` with the day added.
    fn dated(&self, key: &cache::Key) -> String {
        let mut key = key.clone();
        key.add(b"day");
        key.add(self.day.as_bytes());
        key.name()
    }

    /// The keys of every image the books may show.
    pub fn image_keys(&self) -> std::collections::BTreeSet<String> {
        self.files.keys().cloned().collect()
    }

    fn world(&self, name: &str, source: String) -> TypstWorld<'_> {
        TypstWorld {
            main: Source::new(file_id(name).expect("a valid path"), source),
            files: &self.files,
            fonts: &self.fonts,
            book: &self.font_book,
            today: self.today,
            read: Default::default(),
        }
    }

    /// Lays out one book in parts and writes its PDF, with the warnings typst gave.
    ///
    /// typst's memory grows with the pages it lays out at once, so the book's units are laid
    /// out in parts of about [`PART_TEXT`] bytes (two at a time, one per core), then the
    /// title page and contents (with the page numbers the parts gave); the pages are joined
    /// and links between parts led to their labels' places while the running headers and
    /// page numbers of all pages are laid out (on another thread).
    pub fn compile(&self, job: &Job, path: &str, book: &Book) -> Result<(Vec<u8>, Vec<Diagnostic>), Diagnostic> {
        let mut warnings = Warnings::default();
        let ua = job.standard == PdfStandard::Ua1;
        let Some(part_text) = part_text() else {
            // Laid out as one document: the source `pdf.source` writes.
            let whole = |math| self.lay_out(job, path, "/main.typ", book.source(math));
            let (document, laid_warnings) = with_formulas_or_latex(book.has_formulas(0..book.units.len()), whole)?;
            warnings.add(laid_warnings);
            let (bytes, why) = write_pdf(&document, path, self.today, ua)?;
            warnings.add(why.map(|why| not_ua_warning(path, &why)).into_iter().collect());
            return Ok((bytes, warnings.list));
        };
        let parts = book.parts(part_text);
        let laid: Vec<Result<cache::Laid, Diagnostic>> = one_per_core(parts.len(), |index| {
            let units = &parts[index];
            let labels: Vec<String> = book.units[units.clone()].iter().flat_map(|u| u.labels.iter().cloned()).collect();
            let source = book.part(units.clone(), true);
            let (key, named) = self.key(job, path, ua, &source, &labels);
            if let Some(laid) = self.kept(&key) {
                return Ok(laid);
            }
            job.tell(&format!("{path}: part {} of {}", index + 1, parts.len()));
            let name = format!("/part-{index}.typ");
            let read = std::sync::Mutex::new(std::collections::BTreeSet::new());
            let part = |math| {
                let source = if math { source.clone() } else { book.part(units.clone(), false) };
                let (document, warnings, files) = self.lay_out_reading(job, path, &name, source)?;
                read.lock().expect("not poisoned").extend(files);
                Ok((document, warnings))
            };
            let (document, warnings) = with_formulas_or_latex(book.has_formulas(units.clone()), part)?;
            let introspector = document.introspector();
            let places = (labels.iter())
                .filter_map(|label| {
                    let content = introspector.query_label(Label::new(PicoStr::intern(label))?).ok()?;
                    Some((label.clone(), place_of(&introspector.position(content.location()?)?, 0)))
                })
                .collect();
            // Written without a date: the join keeps nothing of a part's metadata.
            let (pdf, why) = write_pdf(&document, path, None, ua)?;
            let laid = cache::Laid {
                pdf,
                headings: headings(&document),
                why,
                pages: document.pages().len(),
                places,
                warnings,
            };
            // Nothing of the part is kept but its PDF.
            drop(document);
            typst::comemo::evict(2);
            self.keep(&key, &named, &read.into_inner().expect("not poisoned"), &laid);
            Ok(laid)
        });
        // Where each label is, its page counted from the first page after the contents.
        let mut targets: HashMap<String, join::Place> = HashMap::new();
        let mut pieces = Vec::new();
        let mut body_pages = 0;
        let mut not_ua = None;
        for laid in laid {
            let part = laid?;
            warnings.add(part.warnings);
            for (label, at) in part.places {
                targets.insert(label, join::Place { page: at.page + body_pages, ..at });
            }
            body_pages += part.pages;
            not_ua = not_ua.or(part.why);
            pieces.push(join::Piece { pdf: part.pdf, headings: part.headings });
        }
        // The title page and contents: laid out again while their page count changes the
        // contents' page numbers. First guess: the title page, and about 52 lines of contents
        // on a page of A4 (a wrong guess costs one more layout).
        let mut front_pages = 1 + (book.contents.len() + 4).div_ceil(52);
        let mut front = None;
        for _ in 0..4 {
            let numbers: Vec<usize> = (book.contents.iter())
                .map(|entry| targets.get(entry.label.as_str()).map_or(0, |p| p.page + front_pages))
                .collect();
            let laid = self.front(job, path, ua, book.front(&numbers), not_ua.as_deref(), &pieces)?;
            let pages = laid.pages;
            front = Some(laid);
            if pages == front_pages {
                break;
            }
            front_pages = pages;
        }
        let front = front.expect("laid out at least once");
        warnings.add(front.warnings);
        let front_pages = front.pages;
        if let Some(why) = front.why {
            warnings.add(vec![not_ua_warning(path, &why)]);
        }
        let front = join::Piece { pdf: front.pdf, headings: front.headings };
        let total = front_pages + body_pages;
        // Every page but the title page has a running header or a page number.
        let stamped: Vec<bool> = (0..total).map(|page| page > 0).collect();
        let words = LinkWords::new(job.language);
        let place = |label: &str| targets.get(label).map(|at| join::Place { page: at.page + front_pages, ..*at });
        let say = |page: usize| words.say(page);
        let joining = join::Joining { place: &place, say: &say, stamped: &stamped };
        // The running headers are laid out while the parts are joined.
        let (mut overlay_warnings, mut overlay_error) = (Vec::new(), None);
        let joined = std::thread::scope(|scope| {
            let overlay = || self.overlay(job, path, book, &stamped);
            let overlay = layout_thread(scope, overlay);
            let overlay = || match overlay.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)) {
                Ok((pdf, warnings)) => {
                    overlay_warnings = warnings;
                    Ok(pdf)
                }
                Err(error) => {
                    let why = error.message.clone();
                    overlay_error = Some(error);
                    Err(why)
                }
            };
            // When the join fails before it asks for the overlay, the overlay is still
            // finished (and its result dropped) before the scope ends.
            join::join(front, pieces, overlay, &joining)
        });
        typst::comemo::evict(0);
        if let Some(error) = overlay_error {
            return Err(error);
        }
        warnings.add(overlay_warnings);
        let bytes = joined.map_err(|why| fault(path, &why))?;
        Ok((bytes, warnings.list))
    }

    /// The title page and contents (`source`) laid out and written, kept like the parts. The
    /// PDF is the book's own (its metadata, its date): the key has the day. Whether the book
    /// meets PDF/UA-1 is said here (the book's `why` not): `not_ua`, the parts' reason it
    /// does not, else the levels of the book's headings, the front's and the parts'.
    fn front(
        &self,
        job: &Job,
        path: &str,
        ua: bool,
        source: String,
        not_ua: Option<&str>,
        parts: &[join::Piece],
    ) -> Result<cache::Laid, Diagnostic> {
        let (mut key, named) = self.key(job, path, ua, &source, &[]);
        key.add(b"front");
        key.add(self.day.as_bytes());
        key.add(not_ua.map_or(&[0xff][..], str::as_bytes));
        let levels: Vec<u8> = parts.iter().flat_map(|p| &p.headings).map(|h| h.level.get().min(255) as u8).collect();
        key.add(&levels);
        if let Some(laid) = self.kept(&key) {
            return Ok(laid);
        }
        let (document, warnings, read) = self.lay_out_reading(job, path, "/front.typ", source)?;
        let headings = headings(&document);
        let levels = headings.iter().chain(parts.iter().flat_map(|p| &p.headings)).map(|h| h.level);
        let not_ua = not_ua.map(str::to_string).or_else(|| skipped_heading(levels));
        let (pdf, why) = write_pdf(&document, path, self.today, ua && not_ua.is_none())?;
        let laid = cache::Laid {
            pdf,
            headings,
            why: not_ua.or(why),
            pages: document.pages().len(),
            places: Vec::new(),
            warnings,
        };
        self.keep(&key, &named, &read, &laid);
        Ok(laid)
    }

    /// The running headers and page numbers of a book's pages (`stamped`: the pages that have
    /// them), written as a PDF, with typst's warnings.
    fn overlay(
        &self,
        job: &Job,
        path: &str,
        book: &Book,
        stamped: &[bool],
    ) -> Result<(Vec<u8>, Vec<Diagnostic>), Diagnostic> {
        let source = book.overlay(stamped.len());
        // Kept like the parts: it changes only with the page count and the preamble.
        let (key, named) = self.key(job, path, false, &source, &[]);
        if let Some(laid) = self.kept(&key) {
            return Ok((laid.pdf, laid.warnings));
        }
        let (overlay, warnings, read) = self.lay_out_reading(job, path, "/overlay.typ", source)?;
        // A page meant to have none must have none (a page that has one is drawn over it).
        let pages = overlay.pages();
        if pages.len() != stamped.len() || pages.iter().zip(stamped).any(|(page, &s)| !s && !page.frame.is_empty()) {
            return Err(fault(path, "the running headers are not on the pages they were meant for"));
        }
        let pdf = write_pdf(&overlay, path, None, false)?.0;
        let laid =
            cache::Laid { pdf, headings: Vec::new(), why: None, pages: pages.len(), places: Vec::new(), warnings };
        self.keep(&key, &named, &read, &laid);
        Ok((laid.pdf, laid.warnings))
    }

    /// Lays out one document of a book.
    fn lay_out(
        &self,
        job: &Job,
        path: &str,
        name: &str,
        source: String,
    ) -> Result<(PagedDocument, Vec<Diagnostic>), Diagnostic> {
        self.lay_out_reading(job, path, name, source).map(|(document, warnings, _)| (document, warnings))
    }

    /// Lays out one document of a book; also the files typst read.
    #[allow(clippy::type_complexity)]
    fn lay_out_reading(
        &self,
        job: &Job,
        path: &str,
        name: &str,
        source: String,
    ) -> Result<(PagedDocument, Vec<Diagnostic>, std::collections::BTreeSet<String>), Diagnostic> {
        let world = self.world(name, source);
        let warned = typst::compile::<PagedDocument>(&world);
        let warnings = warned
            .warnings
            .iter()
            .map(|w| {
                let warning = Diagnostic::warning("pdf", format!("{}: {}", path, w.message));
                Diagnostic { location: locate(&world, job, w), ..warning }
            })
            .collect();
        let document = warned.output.map_err(|errors| error(&world, job, path, errors.as_slice()))?;
        let read = world.read.into_inner().unwrap_or_default();
        Ok((document, warnings, read))
    }
}

/// Lays out a document with its formulas typeset; when typst cannot (a formula the
/// converter got wrong), again with them as LaTeX source, with a warning.
fn with_formulas_or_latex(
    formulas: bool,
    lay_out: impl Fn(bool) -> Result<(PagedDocument, Vec<Diagnostic>), Diagnostic>,
) -> Result<(PagedDocument, Vec<Diagnostic>), Diagnostic> {
    match lay_out(true) {
        Err(error) if formulas => {
            let (document, mut warnings) = lay_out(false)?;
            let mut warning = Diagnostic::warning(
                "pdf-math",
                format!(
                    "a formula cannot be typeset in the PDF; the formulas near it show their LaTeX source ({})",
                    error.message
                ),
            );
            warning.location = error.location;
            warnings.push(warning);
            Ok((document, warnings))
        }
        laid => laid,
    }
}

/// `work` done for each of `count` items, on as many threads as there are cores.
///
/// Not on rayon's threads: typst lays out with rayon too, and a rayon thread that waits for
/// typst takes other items meanwhile, so that many parts would be laid out (and held) at once.
fn one_per_core<T: Send>(count: usize, work: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, count.max(1));
    let mut done: Vec<(usize, T)> = std::thread::scope(|scope| {
        let worker = || {
            let mut done = Vec::new();
            loop {
                let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if index >= count {
                    return done;
                }
                done.push((index, work(index)));
            }
        };
        let handles: Vec<_> = (0..threads).map(|_| layout_thread(scope, worker)).collect();
        (handles.into_iter())
            .flat_map(|handle| handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    });
    done.sort_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}

/// A thread that lays out with typst, whose deeply nested layouts need a large stack.
fn layout_thread<'scope, T: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    work: impl FnOnce() -> T + Send + 'scope,
) -> std::thread::ScopedJoinHandle<'scope, T> {
    std::thread::Builder::new().stack_size(64 << 20).spawn_scoped(scope, work).expect("a thread")
}

/// The files a document's source names: its string literals that are keys of `files`, in
/// order. (A part's key covers these; a part that read another file is not kept.)
fn named_files(source: &str, files: &HashMap<String, Bytes>) -> Vec<String> {
    named_keys(source).into_iter().filter(|key| files.contains_key(key)).collect()
}

/// A digest of typst's bundled fonts, made once per process.
fn bundled_digest() -> &'static [u8] {
    static DIGEST: OnceLock<[u8; 32]> = OnceLock::new();
    DIGEST.get_or_init(|| {
        let mut key = cache::Key::new("bundled fonts");
        for font in bundled_fonts() {
            key.add(&cache::digest(font.data().as_slice()));
            key.add(&font.index().to_le_bytes());
        }
        let name = key.name();
        cache::digest(name.as_bytes())
    })
}

/// The first 16 hex digits of a digest.
fn hex16(digest: &[u8; 32]) -> String {
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// Where a position is, its page counted after `pages_before` pages.
fn place_of(at: &PagedPosition, pages_before: usize) -> join::Place {
    join::Place { page: at.page.get() + pages_before, x: at.point.x.to_pt(), y: at.point.y.to_pt() }
}

/// A document's headings, for the bookmarks (as typst makes them: the numbers, then the text).
fn headings(document: &PagedDocument) -> Vec<join::Heading> {
    let introspector = document.introspector();
    let styles = StyleChain::default();
    (introspector.query(&HeadingElem::ELEM.select()).iter())
        .filter_map(|element| {
            let heading = element.to_packed::<HeadingElem>()?;
            let text = heading.body.plain_text();
            let outlined = heading.outlined.get(styles);
            let bookmarked = heading.bookmarked.get(styles).unwrap_or(outlined);
            // Neither the hidden headings a part begins with, nor the contents' stand-ins.
            if text == PART_START || is_stand_in(outlined, bookmarked) {
                return None;
            }
            let title = match &heading.numbers {
                Some(numbers) => format!("{numbers} {text}"),
                None => text.to_string(),
            };
            let at = element.location().and_then(|l| introspector.position(l)).unwrap_or(PagedPosition::ORIGIN);
            Some(join::Heading { level: heading.resolve_level(styles), title, bookmarked, at: place_of(&at, 0) })
        })
        .collect()
}

/// How much page text (typst source) a part of a book holds.
const PART_TEXT: usize = 96 * 1024;

/// [`PART_TEXT`], or `NEOKIT_PDF_PART_TEXT` when set; `None` (when it is 0) lays the book out
/// as one document. Tests lay books out whole and in parts of every size and compare them.
fn part_text() -> Option<usize> {
    match std::env::var("NEOKIT_PDF_PART_TEXT").ok().and_then(|v| v.trim().parse::<usize>().ok()) {
        Some(0) => None,
        Some(size) => Some(size),
        None => Some(PART_TEXT),
    }
}

/// A book's warnings, each once.
#[derive(Default)]
struct Warnings {
    list: Vec<Diagnostic>,
    seen: std::collections::HashSet<String>,
}

impl Warnings {
    fn add(&mut self, warnings: Vec<Diagnostic>) {
        for warning in warnings {
            if self.seen.insert(warning.message.clone()) {
                self.list.push(warning);
            }
        }
    }
}

/// What a screen reader says of a link to a heading, as typst says it: "Section, page 12".
struct LinkWords {
    prefix: String,
}

impl LinkWords {
    fn new(language: &str) -> LinkWords {
        let lang = Lang::from_str(&typst_language(language)).unwrap_or(Lang::ENGLISH);
        let section = <typst::foundations::Packed<HeadingElem>>::local_name(lang, None);
        LinkWords { prefix: format!("{section}, {} ", PageElem::local_name(lang, None)) }
    }

    fn say(&self, page: usize) -> String {
        format!("{}{page}", self.prefix)
    }
}

fn fault(path: &str, what: &str) -> Diagnostic {
    Diagnostic::error("pdf", format!("{path} cannot be made: {what}")).with_help(
        "this is a fault in neokit's PDF writer; the site itself is fine: set `pdf: false` until it is fixed",
    )
}

/// A brand font's families, its faces added to `fonts`; a font typst cannot read is reported.
fn brand_font(job: &Job, path: Option<&Path>, fonts: &mut Vec<Font>, problems: &mut Vec<Diagnostic>) -> Vec<String> {
    let Some(path) = path else { return Vec::new() };
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let found: Vec<Font> = match (std::fs::read(path), extension.as_str()) {
        (Ok(bytes), "ttf" | "otf" | "ttc" | "otc") => Font::iter(Bytes::new(bytes)).collect(),
        _ => Vec::new(),
    };
    if found.is_empty() {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        problems.push(
            Diagnostic::warning(
                "pdf-font",
                format!("the PDF cannot use the font `{name}`; it uses Libertinus Serif instead"),
            )
            .at(Location::new(job.config_name, 0, 0))
            .with_help("typst reads TTF and OTF fonts, not WOFF or WOFF2: give the brand the font's .ttf or .otf file"),
        );
        return Vec::new();
    }
    let mut families: Vec<String> = found.iter().map(|f| f.info().family.clone()).collect();
    families.dedup();
    fonts.extend(found);
    families
}

/// Where page `id` refers to the image `name` (a path in the kit): the first place its file
/// name is written (as is, or with spaces as `%20`), else the page itself.
fn image_reference(job: &Job, id: PageId, name: &str) -> Location {
    let source = job.sources[id];
    let file = name.rsplit('/').next().unwrap_or(name);
    let text = std::fs::read_to_string(job.tree.disk_path(source)).unwrap_or_default();
    let found = [file.to_string(), file.replace(' ', "%20")].iter().find_map(|written| text.find(written.as_str()));
    match found {
        Some(offset) if !file.is_empty() => LineIndex::new(&text).location(Path::new(source.as_str()), offset),
        _ => Location::new(source.as_str(), 0, 0),
    }
}

/// An image's natural size in points (a pixel is 0.75 pt, as on screen): from the file's
/// header, or an SVG's `width` and `height` (else its `viewBox`).
fn natural_size(format: &str, bytes: &[u8]) -> Option<(f64, f64)> {
    let (w, h) = if format == "svg" {
        let text = std::str::from_utf8(bytes.get(..bytes.len().min(4096))?).ok()?;
        let root = &text[text.find("<svg")?..];
        let root = &root[..root.find('>')?];
        let attribute = |name: &str| html_attribute(root, name);
        let number = |value: &str| value.trim().trim_end_matches("px").parse::<f64>().ok();
        match (attribute("width").as_deref().and_then(number), attribute("height").as_deref().and_then(number)) {
            (Some(w), Some(h)) => (w, h),
            _ => {
                let view_box = attribute("viewBox")?;
                let parts: Vec<f64> = view_box.split([' ', ',']).filter_map(|p| p.parse().ok()).collect();
                (*parts.get(2)?, *parts.get(3)?)
            }
        }
    } else {
        let size = imagesize::blob_size(bytes).ok()?;
        (size.width as f64, size.height as f64)
    };
    (w > 0.0 && h > 0.0 && w.is_finite() && h.is_finite()).then_some((w * 0.75, h * 0.75))
}

/// Drops typst's caches of earlier layouts.
pub(super) fn forget() {
    typst::comemo::evict(0);
}

/// The image's format, judged by its bytes (not its name), when typst can show it: decoded
/// now, so that one bad file cannot stop the PDF.
fn check_image(key: &str, bytes: &Bytes) -> Result<&'static str, String> {
    if let Some(format) = ExchangeFormat::detect(bytes.as_slice()) {
        RasterImage::plain(bytes.clone(), format).map_err(|e| e.to_string())?;
        return Ok(match format {
            ExchangeFormat::Png => "png",
            ExchangeFormat::Jpg => "jpg",
            ExchangeFormat::Gif => "gif",
            ExchangeFormat::Webp => "webp",
        });
    }
    let text = bytes.as_slice().get(..bytes.len().min(1024)).unwrap_or_default();
    let looks_svg = String::from_utf8_lossy(text).contains("<svg");
    if key.ends_with(".svg") || looks_svg {
        return SvgImage::new(bytes.clone()).map(|_| "svg").map_err(|_| "the SVG cannot be read".to_string());
    }
    Err("not an image format typst reads".into())
}

/// Whether typst, reading the key's extension, takes the file for `format`.
fn named_as(key: &str, format: &str) -> bool {
    let extension = key.rsplit_once('.').map_or("", |(_, e)| e).to_ascii_lowercase();
    match extension.as_str() {
        "jpeg" => format == "jpg",
        "svgz" => format == "svg",
        "png" | "jpg" | "gif" | "webp" | "svg" => extension == format,
        // No extension typst knows: it judges by the bytes itself.
        _ => true,
    }
}

/// typst's PDF/UA-1 error for a document whose first heading is not of level 1.
const FIRST_HEADING: &str = "the first heading must be of level 1";

/// Writes a laid-out document as a tagged PDF, which claims PDF/UA-1 when `ua` is asked and
/// typst finds it meets it; else the reasons it does not.
fn write_pdf(
    document: &PagedDocument,
    path: &str,
    today: Option<Datetime>,
    ua: bool,
) -> Result<(Vec<u8>, Option<String>), Diagnostic> {
    let ident = Smart::Custom(path.to_string());
    let timestamp = today.map(typst_pdf::Timestamp::new_utc);
    let options = |standards: typst_pdf::PdfStandards| typst_pdf::PdfOptions {
        ident: ident.clone(),
        creator: Smart::Custom(Some("neokit".into())),
        timestamp,
        standards,
        tagged: true,
        ..Default::default()
    };
    let mut why = None;
    if ua {
        let standards = typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::Ua_1]).expect("PDF/UA-1 alone is valid");
        match typst_pdf::pdf(document, &options(standards)) {
            Ok(bytes) => return Ok((bytes, None)),
            Err(errors) => {
                let reasons: Vec<String> = errors.iter().map(|e| e.message.to_string()).take(5).collect();
                why = Some(reasons.join("; "));
            }
        }
    }
    let bytes = typst_pdf::pdf(document, &options(typst_pdf::PdfStandards::default())).map_err(|errors| {
        let message = errors.first().map_or_else(|| "unknown error".to_string(), |e| e.message.to_string());
        fault(path, &message)
    })?;
    Ok((bytes, why))
}

/// Why a book's headings do not meet PDF/UA-1, as typst says it of one document: the first is
/// not of level 1, or a level is skipped.
fn skipped_heading(levels: impl Iterator<Item = NonZeroUsize>) -> Option<String> {
    let mut previous = 0;
    for level in levels {
        let level = level.get();
        if level > previous + 1 {
            return Some(if previous == 0 {
                format!("PDF/UA-1 error: {FIRST_HEADING}")
            } else {
                format!("PDF/UA-1 error: skipped from heading level {previous} to {level}")
            });
        }
        previous = level;
    }
    None
}

/// The warning for a book that does not meet PDF/UA-1, and `why`.
fn not_ua_warning(path: &str, why: &str) -> Diagnostic {
    Diagnostic::warning(
        "pdf-ua",
        format!("{path} does not meet PDF/UA-1 ({why}); it is written as a tagged PDF without that claim"),
    )
    .with_help("give every image alt text; or set `pdf.standard: tagged`")
}

/// The page a diagnostic of the book's source is about (the last page label before it).
/// The page a typst message is about (none for the book's own parts: the message names the
/// book).
fn locate(world: &TypstWorld, job: &Job, diagnostic: &SourceDiagnostic) -> Option<Location> {
    use typst::WorldExt;
    let offset = world.range(diagnostic.span).map(|r| r.start);
    let page = offset.and_then(|offset| {
        let before = world.main.text().get(..offset)?;
        let at = before.rfind("] <p")?;
        let digits: String = before[at + 4..].chars().take_while(char::is_ascii_digit).collect();
        digits.parse::<usize>().ok()
    });
    page.and_then(|id| job.sources.get(id)).map(|source| Location::new(source.as_str(), 0, 0))
}

fn error(world: &TypstWorld, job: &Job, path: &str, errors: &[SourceDiagnostic]) -> Diagnostic {
    let first = errors.iter().find(|e| e.severity == Severity::Error).or(errors.first());
    let message = first.map_or_else(|| "unknown error".to_string(), |e| e.message.to_string());
    let diagnostic = fault(path, &message);
    Diagnostic { location: first.and_then(|first| locate(world, job, first)), ..diagnostic }
}

/// An A4 page showing one SVG drawing (a poster), tagged, with `alt` as its text and `title` as
/// the document's title; typst's own fonts draw its text.
pub fn drawing(svg: &str, title: &str, alt: &str, language: &str) -> Result<Vec<u8>, String> {
    static BOOK: OnceLock<LazyHash<FontBook>> = OnceLock::new();
    let font_book = BOOK.get_or_init(|| LazyHash::new(FontBook::from_fonts(bundled_fonts())));
    let files = HashMap::from([("/drawing.svg".to_string(), Bytes::new(svg.as_bytes().to_vec()))]);
    let language = typst_language(language);
    let source = format!(
        "#set document(title: {})\n#set text(lang: {})\n#set page(width: 210mm, height: 297mm, margin: 0pt)\n\
         #image(\"/drawing.svg\", width: 210mm, height: 297mm, alt: {})\n",
        typst_string(title),
        typst_string(&language),
        typst_string(alt)
    );
    let world = TypstWorld {
        main: Source::new(file_id("/main.typ").expect("a valid path"), source),
        files: &files,
        fonts: bundled_fonts(),
        book: font_book,
        today: None,
        read: Default::default(),
    };
    let document = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errors| errors.first().map_or_else(|| "unknown error".to_string(), |e| e.message.to_string()))?;
    let standards = typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::Ua_1]).expect("PDF/UA-1 alone is valid");
    let options = typst_pdf::PdfOptions {
        creator: Smart::Custom(Some("neokit".into())),
        standards,
        tagged: true,
        ..Default::default()
    };
    let bytes = typst_pdf::pdf(&document, &options)
        .map_err(|errors| errors.first().map_or_else(|| "unknown error".to_string(), |e| e.message.to_string()));
    forget();
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty() -> PagedDocument {
        PagedDocument::new(typst::ecow::EcoVec::new(), typst::model::DocumentInfo::default())
    }

    #[test]
    fn formulas_typst_cannot_lay_out_show_their_latex() {
        let tries = std::cell::RefCell::new(Vec::new());
        let laid = with_formulas_or_latex(true, |math| {
            tries.borrow_mut().push(math);
            if math { Err(Diagnostic::error("pdf", "unknown variable: foo")) } else { Ok((empty(), Vec::new())) }
        });
        let (_, warnings) = laid.unwrap();
        assert_eq!(*tries.borrow(), [true, false]);
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].code, "pdf-math");
        assert!(warnings[0].message.contains("unknown variable: foo"), "{}", warnings[0].message);
    }

    #[test]
    fn headings_must_begin_at_level_one_and_skip_none() {
        let levels = |l: &[usize]| skipped_heading(l.iter().map(|&l| NonZeroUsize::new(l).unwrap()));
        assert_eq!(levels(&[1, 2, 3, 2, 1, 2]), None);
        assert!(levels(&[2, 3]).unwrap().ends_with(FIRST_HEADING));
        assert!(levels(&[1, 3]).unwrap().ends_with("skipped from heading level 1 to 3"));
    }

    #[test]
    fn other_faults_stay_errors() {
        let laid = with_formulas_or_latex(false, |_| Err(Diagnostic::error("pdf", "a fault")));
        assert_eq!(laid.unwrap_err().message, "a fault");
    }

    #[test]
    fn words_for_a_link_are_typsts() {
        assert_eq!(LinkWords::new("en").say(12), "Section, page 12");
        assert_eq!(
            LinkWords::new("nl-NL").say(3),
            format!(
                "{}, {} 3",
                <typst::foundations::Packed<HeadingElem>>::local_name(Lang::DUTCH, None),
                PageElem::local_name(Lang::DUTCH, None)
            )
        );
    }
}
