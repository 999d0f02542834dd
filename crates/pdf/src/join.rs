//! A book's PDFs joined into one: the front (title page and contents) and the parts, each
//! written by typst on its own, and the running headers and page numbers (one more PDF, a
//! page for each page of the book) laid over the pages.
//!
//! typst writes a PDF from all its laid-out pages at once: a book written in parts holds the
//! pages of two parts at a time, not of the whole book. The join keeps what each PDF says: its
//! pages, their tags (one structure tree, each part's content keys and identifiers renumbered),
//! the names of its places; links between parts, written as [`super::book::far_label`]
//! addresses, are led to their labels' places; the bookmarks are made from all the headings
//! as typst makes them from one document's.

use std::num::NonZeroUsize;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};
use typst::model::OutlineNode;

use super::book::{PART_START, far_label};

/// One PDF of a book and the headings its bookmarks come from.
pub(super) struct Piece {
    pub pdf: Vec<u8>,
    pub headings: Vec<Heading>,
}

/// A heading, for the bookmarks.
pub(super) struct Heading {
    pub level: NonZeroUsize,
    pub title: String,
    pub bookmarked: bool,
    /// Where it is, on its piece's pages.
    pub at: Place,
}

/// A place on a page: the page (from 1), and the point in points from the page's top left.
#[derive(Debug, Clone, Copy)]
pub(super) struct Place {
    pub page: usize,
    pub x: f64,
    pub y: f64,
}

/// What the join needs besides the PDFs.
pub(super) struct Joining<'a> {
    /// Where a label is, on the book's pages.
    pub place: &'a dyn Fn(&str) -> Option<Place>,
    /// What a screen reader says of a link to a page.
    pub say: &'a dyn Fn(usize) -> String,
    /// Which pages the overlay lays something over.
    pub stamped: &'a [bool],
}

type Result<T> = std::result::Result<T, String>;

/// The PDF being written, object by object.
struct Output {
    bytes: Vec<u8>,
    /// Where each object starts, by number.
    offsets: Vec<Option<usize>>,
}

impl Output {
    fn new(version: &str, size: usize) -> Output {
        let mut bytes = Vec::with_capacity(size);
        bytes.extend_from_slice(format!("%PDF-{version}\n%\u{80}\u{80}\n").as_bytes());
        Output { bytes, offsets: Vec::new() }
    }

    fn write(&mut self, id: ObjectId, object: &Object) {
        let number = id.0 as usize;
        if self.offsets.len() <= number {
            self.offsets.resize(number + 1, None);
        }
        self.offsets[number] = Some(self.bytes.len());
        self.bytes.extend_from_slice(format!("{} {} obj\n", id.0, id.1).as_bytes());
        let _ = lopdf::Writer::write_object(&mut self.bytes, object);
        self.bytes.extend_from_slice(b"\nendobj\n");
    }

    /// The cross-reference table and trailer: the file is complete.
    fn finish(mut self, size: u32, trailer: &Dictionary) -> Vec<u8> {
        let start = self.bytes.len();
        self.offsets.resize(size as usize, None);
        self.bytes.extend_from_slice(format!("xref\n0 {size}\n").as_bytes());
        for (number, offset) in self.offsets.iter().enumerate() {
            let line = match offset {
                Some(offset) => format!("{offset:010} 00000 n\r\n"),
                None if number == 0 => "0000000000 65535 f\r\n".to_string(),
                None => "0000000000 00001 f\r\n".to_string(),
            };
            self.bytes.extend_from_slice(line.as_bytes());
        }
        let mut trailer = trailer.clone();
        trailer.set("Size", i64::from(size));
        trailer.remove(b"Prev");
        trailer.remove(b"XRefStm");
        self.bytes.extend_from_slice(b"trailer\n");
        let _ = lopdf::Writer::write_object(&mut self.bytes, &Object::Dictionary(trailer));
        self.bytes.extend_from_slice(format!("\nstartxref\n{start}\n%%EOF\n").as_bytes());
        self.bytes
    }
}

fn read(bytes: &[u8]) -> Result<Document> {
    Document::load_mem(bytes).map_err(|e| format!("a part cannot be read back ({e})"))
}

fn failed(error: lopdf::Error) -> String {
    error.to_string()
}

/// Joins the front, the parts and the overlay (a PDF of one page for each page of the
/// book, got from `overlay` once the parts are written: it may be laid out meanwhile) into
/// one PDF. The parts are read in order on a thread of their own, at most two parts ahead of
/// the one being written.
pub(super) fn join(
    front: Piece,
    parts: Vec<Piece>,
    overlay: impl FnOnce() -> Result<Vec<u8>>,
    joining: &Joining,
) -> Result<Vec<u8>> {
    let size = front.pdf.len() + parts.iter().map(|p| p.pdf.len()).sum::<usize>();
    let (pdfs, headings): (Vec<Vec<u8>>, Vec<Vec<Heading>>) = parts.into_iter().map(|p| (p.pdf, p.headings)).unzip();
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel(1);
        let reader = scope.spawn(move || {
            for bytes in pdfs {
                // The join has stopped (on an error) when no one receives.
                if send.send(read(&bytes)).is_err() {
                    return;
                }
            }
        });
        let parts = receive.into_iter().zip(headings);
        let joined = join_read(front, parts, overlay, joining, size);
        // A reader that panicked ended the parts early: its panic, not a shorter book.
        reader.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        joined
    })
}

/// [`join`], the parts read.
fn join_read(
    front: Piece,
    parts: impl Iterator<Item = (Result<Document>, Vec<Heading>)>,
    overlay: impl FnOnce() -> Result<Vec<u8>>,
    joining: &Joining,
    size: usize,
) -> Result<Vec<u8>> {
    let mut book = read(&front.pdf)?;
    let mut out = Output::new(&book.version, size + size / 4);
    let mut next = book.max_id + 1;

    // The overlay's pages become forms (written at the end, when the overlay is there).
    let forms: Vec<Option<ObjectId>> = (joining.stamped.iter())
        .map(|&stamped| {
            stamped.then(|| {
                next += 1;
                (next - 1, 0)
            })
        })
        .collect();
    let (begin, end) = stamp_streams(&mut out, &mut next);

    let catalog = book.catalog().map_err(failed)?;
    let page_tree = reference(catalog.get(b"Pages").ok()).ok_or("the front has no pages")?;
    let document = StructRoot::read(&book)?.document;
    let mut pages: Vec<ObjectId> = Vec::new();
    let mut heights: Vec<f32> = Vec::new();
    let mut tree = Tree::default();
    let mut names: Vec<(Vec<u8>, Object)> = Vec::new();
    let mut wanted = std::collections::BTreeSet::new();
    let mut headings = Vec::new();

    // Each piece: its keys and identifiers its own, its links led, its pages stamped; the
    // parts written at once (the front, whose catalog becomes the book's, at the end).
    let pieces = std::iter::once((None, front.headings)).chain(parts.map(|(pdf, headings)| (Some(pdf), headings)));
    for (index, (read, piece_headings)) in pieces.enumerate() {
        // A part's objects are numbered after the pieces' before it (the front keeps its own).
        let (mut part, numbers) = match read {
            None => (None, Numbers::default()),
            Some(read) => {
                let mut pdf = read?;
                let numbers = Numbers::new(&mut pdf, next);
                next = pdf.max_id + 1;
                (Some(pdf), numbers)
            }
        };
        let pdf = part.as_mut().unwrap_or(&mut book);
        let prefix = if index == 0 { Vec::new() } else { format!("P{index}-").into_bytes() };
        let mut fix = Fix { offset: tree.next_key, prefix: &prefix, joining, wanted: &mut wanted, numbers: &numbers };
        for object in pdf.objects.values_mut() {
            fix.object(object);
        }
        for (_, value) in pdf.trailer.iter_mut() {
            numbers.reference(value);
        }
        let start = pages.len();
        for page in pdf.page_iter().collect::<Vec<_>>() {
            heights.push(page_height(pdf, page));
            pages.push(page);
        }
        tree.take(pdf, document, &prefix)?;
        names.extend(named_destinations(pdf));
        for heading in piece_headings {
            headings.push(Heading { at: Place { page: heading.at.page + start, ..heading.at }, ..heading });
        }
        for (global, &page) in pages.iter().enumerate().skip(start) {
            stamp(pdf, page, page_tree, forms.get(global).copied().flatten(), begin, end)?;
        }
        if let Some(pdf) = part {
            let skip = own_objects(&pdf);
            for (id, object) in &pdf.objects {
                if !skip.contains(id) && !tree.dropped.contains(id) {
                    out.write(*id, object);
                }
            }
        }
    }

    // Places named by links that typst did not name (labels that are not headings).
    let destination = |place: Place| -> Option<Object> {
        let index = place.page.checked_sub(1)?;
        // As typst does: 10 pt above the place, so that its line shows.
        let y = heights.get(index)? - (place.y - 10.0).max(0.0) as f32;
        Some(Object::Array(vec![
            Object::Reference(*pages.get(index)?),
            Object::Name(b"XYZ".to_vec()),
            Object::Real(place.x as f32),
            Object::Real(y),
            Object::Integer(0),
        ]))
    };
    let named: std::collections::HashSet<Vec<u8>> = names.iter().map(|(name, _)| name.clone()).collect();
    for label in wanted {
        if !named.contains(label.as_bytes())
            && let Some(destination) = (joining.place)(&label).and_then(destination)
        {
            names.push((label.into_bytes(), destination));
        }
    }
    if pages.len() != forms.len() {
        return Err("the parts do not have the pages they were laid out with".into());
    }
    next = write_forms(&mut out, read(&overlay()?)?, &forms, next)?;
    let nodes = OutlineNode::build_tree(headings.iter().enumerate().map(|(index, h)| (index, h.level, h.bookmarked)));
    let entries: Vec<(String, Option<Object>)> =
        headings.into_iter().map(|heading| (heading.title, destination(heading.at))).collect();

    // The front, with the book's page tree, structure tree, names and bookmarks.
    let skip_outline = outline_objects(&book);
    book.max_id = next - 1;
    let page_tree = book.get_dictionary_mut(page_tree).map_err(failed)?;
    page_tree.set("Count", pages.len() as i64);
    page_tree.set("Kids", pages.iter().map(|&p| Object::Reference(p)).collect::<Vec<_>>());
    tree.write(&mut book, document)?;
    write_names(&mut book, names)?;
    write_outline(&mut book, &nodes, &entries)?;
    set_page_count(&mut book, pages.len());
    for (id, object) in &book.objects {
        if !skip_outline.contains(id) {
            out.write(*id, object);
        }
    }
    Ok(out.finish(book.max_id + 1, &book.trailer))
}

/// The overlay's pages as the forms `forms` (none for a page with no overlay), written with
/// what they use, numbered from `next`; the number after them.
fn write_forms(out: &mut Output, mut overlay: Document, forms: &[Option<ObjectId>], next: u32) -> Result<u32> {
    overlay.renumber_objects_with(next);
    let pages: Vec<ObjectId> = overlay.page_iter().collect();
    if pages.len() != forms.len() {
        return Err("the running headers do not match the pages".into());
    }
    let mut used = std::collections::BTreeSet::new();
    for (&page, &id) in pages.iter().zip(forms) {
        if let Some(id) = id {
            let form = form(&overlay, page)?;
            form.dict.iter().for_each(|(_, value)| collect(&overlay, value, &mut used));
            out.write(id, &Object::Stream(form));
        }
    }
    for id in used {
        if let Some(object) = overlay.objects.get(&id) {
            out.write(id, object);
        }
    }
    Ok(overlay.max_id + 1)
}

/// Every object `object` refers to, and the objects they refer to.
fn collect(pdf: &Document, object: &Object, found: &mut std::collections::BTreeSet<ObjectId>) {
    match object {
        Object::Reference(id) => {
            if found.insert(*id)
                && let Some(object) = pdf.objects.get(id)
            {
                collect(pdf, object, found);
            }
        }
        Object::Array(list) => list.iter().for_each(|o| collect(pdf, o, found)),
        Object::Dictionary(dictionary) => dictionary.iter().for_each(|(_, o)| collect(pdf, o, found)),
        Object::Stream(stream) => stream.dict.iter().for_each(|(_, o)| collect(pdf, o, found)),
        _ => {}
    }
}

/// A part's objects that are not the book's: its catalog, page tree, structure tree root and
/// `Document` element, metadata, document information, and bookmarks.
fn own_objects(pdf: &Document) -> std::collections::BTreeSet<ObjectId> {
    let mut own = outline_objects(pdf);
    own.extend(reference(pdf.trailer.get(b"Root").ok()));
    own.extend(reference(pdf.trailer.get(b"Info").ok()));
    if let Ok(catalog) = pdf.catalog() {
        for key in [&b"Pages"[..], b"StructTreeRoot", b"Metadata"] {
            own.extend(reference(catalog.get(key).ok()));
        }
    }
    if let Ok(root) = StructRoot::read(pdf) {
        own.insert(root.document);
    }
    own
}

/// A document's bookmarks.
fn outline_objects(pdf: &Document) -> std::collections::BTreeSet<ObjectId> {
    let mut found = std::collections::BTreeSet::new();
    let root = pdf.catalog().ok().and_then(|c| reference(c.get(b"Outlines").ok()));
    let mut stack: Vec<ObjectId> = root.into_iter().collect();
    while let Some(id) = stack.pop() {
        if !found.insert(id) {
            continue;
        }
        if let Ok(item) = pdf.get_dictionary(id) {
            stack.extend(reference(item.get(b"First").ok()));
            stack.extend(reference(item.get(b"Next").ok()));
        }
    }
    found
}

/// A page of the book: in the book's page tree, with its overlay laid over it.
fn stamp(
    pdf: &mut Document,
    page: ObjectId,
    tree: ObjectId,
    form: Option<ObjectId>,
    begin: ObjectId,
    end: ObjectId,
) -> Result<()> {
    let resources = match form {
        Some(form) => Some(with_form(pdf, page, form)?),
        None => None,
    };
    let dictionary = pdf.get_dictionary_mut(page).map_err(failed)?;
    dictionary.set("Parent", Object::Reference(tree));
    if let Some(resources) = resources {
        dictionary.set("Resources", resources);
        let mut contents = vec![Object::Reference(begin)];
        match dictionary.get(b"Contents") {
            Ok(Object::Array(list)) => contents.extend(list.iter().cloned()),
            Ok(other) => contents.push(other.clone()),
            Err(_) => {}
        }
        contents.push(Object::Reference(end));
        dictionary.set("Contents", contents);
    }
    Ok(())
}

/// The object a reference names.
fn reference(object: Option<&Object>) -> Option<ObjectId> {
    match object {
        Some(Object::Reference(id)) => Some(*id),
        _ => None,
    }
}

/// An object, or the object it refers to.
fn resolve<'a>(pdf: &'a Document, object: &'a Object) -> &'a Object {
    pdf.dereference(object).map(|(_, o)| o).unwrap_or(object)
}

/// A dictionary entry's value, or the value it refers to.
fn entry<'a>(pdf: &'a Document, dictionary: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    dictionary.get(key).ok().map(|o| resolve(pdf, o))
}

/// A page's height in points (from its media box).
fn page_height(pdf: &Document, page: ObjectId) -> f32 {
    let media = pdf.get_dictionary(page).ok().and_then(|d| entry(pdf, d, b"MediaBox"));
    match media {
        Some(Object::Array(values)) if values.len() == 4 => {
            values[3].as_float().unwrap_or(0.0) - values[1].as_float().unwrap_or(0.0)
        }
        _ => 842.0,
    }
}

/// A PDF text string's text.
fn text(object: &Object) -> Option<String> {
    let Object::String(bytes, _) = object else { return None };
    Some(match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => {
            let units: Vec<u16> = utf16.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
            String::from_utf16_lossy(&units)
        }
        None => bytes.iter().map(|&b| b as char).collect(),
    })
}

/// A text as a PDF text string.
fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        Object::String(text.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// A part's objects numbered anew, from a first number on, in the order of their numbers
/// (as lopdf's `renumber_objects_with` numbers a document whose pages are in the order of
/// their numbers, as typst writes them), without its maps: the objects are moved once, and
/// each reference is renumbered when [`Fix`] walks the objects.
#[derive(Default)]
struct Numbers {
    /// The new number of each old number, and the old number's generation.
    new: Vec<Option<(u16, u32)>>,
}

impl Numbers {
    /// Numbers `pdf`'s objects from `start`: their map and trailer are renumbered at once,
    /// references in objects are left to [`Fix`]. A document whose pages are not in the
    /// order of their numbers, or that has two objects of one number, is renumbered by lopdf
    /// (and the numbers are then empty).
    fn new(pdf: &mut Document, start: u32) -> Numbers {
        let pages: Vec<ObjectId> = pdf.page_iter().collect();
        let size = pdf.objects.keys().next_back().map_or(0, |id| id.0 as usize + 1);
        let mut new = vec![None; size];
        let mut unique = true;
        for (index, id) in pdf.objects.keys().enumerate() {
            unique &= new[id.0 as usize].replace((id.1, start + index as u32)).is_none();
        }
        if !pages.is_sorted() || !unique {
            pdf.renumber_objects_with(start);
            return Numbers::default();
        }
        let numbers = Numbers { new };
        let objects = std::mem::take(&mut pdf.objects);
        let count = objects.len() as u32;
        pdf.objects = objects.into_iter().map(|(id, object)| (numbers.id(id), object)).collect();
        // As lopdf sets it (`start` is never 0: object 0 is not an object).
        pdf.max_id = start + count - 1;
        numbers
    }

    /// An object's new number.
    fn id(&self, id: ObjectId) -> ObjectId {
        match self.new.get(id.0 as usize) {
            Some(Some((generation, number))) if *generation == id.1 => (*number, id.1),
            _ => id,
        }
    }

    /// Renumbers a reference (not what it holds).
    fn reference(&self, object: &mut Object) {
        if let Object::Reference(id) = object {
            *id = self.id(*id);
        }
    }
}

/// What changes in each object of a piece: its references follow its new numbers, its
/// content keys follow the pieces before it, its structure identifiers are made its own, links
/// to labels lead to their places (by name: the labels they name are `wanted`), and say which
/// page.
struct Fix<'a> {
    offset: i64,
    prefix: &'a [u8],
    joining: &'a Joining<'a>,
    wanted: &'a mut std::collections::BTreeSet<String>,
    numbers: &'a Numbers,
}

impl Fix<'_> {
    fn object(&mut self, object: &mut Object) {
        match object {
            Object::Dictionary(dictionary) => self.dictionary(dictionary),
            Object::Stream(stream) => self.dictionary(&mut stream.dict),
            Object::Array(list) => list.iter_mut().for_each(|o| self.object(o)),
            Object::Reference(_) => self.numbers.reference(object),
            _ => {}
        }
    }

    fn dictionary(&mut self, dictionary: &mut Dictionary) {
        let uri = dictionary.get(b"A").ok().and_then(|a| a.as_dict().ok()).and_then(|a| a.get(b"URI").ok());
        if let Some(label) = uri.and_then(text).and_then(|t| far_label(&t).map(str::to_string)) {
            dictionary.remove(b"A");
            dictionary.set("Dest", Object::String(label.clone().into_bytes(), StringFormat::Literal));
            self.wanted.insert(label);
        }
        for (key, value) in dictionary.iter_mut() {
            match (key.as_slice(), value) {
                (b"StructParents" | b"StructParent", Object::Integer(key)) => *key += self.offset,
                (b"ID", Object::String(id, _)) => prefix_id(id, self.prefix),
                (b"Headers", Object::Array(ids)) => {
                    for id in ids {
                        if let Object::String(id, _) = id {
                            prefix_id(id, self.prefix);
                        }
                    }
                }
                (b"Contents" | b"Alt", value @ Object::String(..)) => {
                    let place = text(value).and_then(|t| far_label(&t).and_then(|label| (self.joining.place)(label)));
                    if let Some(place) = place {
                        *value = text_string(&(self.joining.say)(place.page));
                    }
                }
                (_, value) => self.object(value),
            }
        }
    }
}

/// An identifier made a piece's own.
fn prefix_id(id: &mut Vec<u8>, prefix: &[u8]) {
    id.splice(0..0, prefix.iter().copied());
}

/// A document's structure tree root and its one `Document` element.
struct StructRoot {
    root: ObjectId,
    document: ObjectId,
}

impl StructRoot {
    fn read(pdf: &Document) -> Result<StructRoot> {
        let catalog = pdf.catalog().map_err(|e| e.to_string())?;
        let root = reference(catalog.get(b"StructTreeRoot").ok()).ok_or("a part has no structure tree")?;
        let kids = pdf.get_dictionary(root).ok().and_then(|r| entry(pdf, r, b"K"));
        let document = match kids {
            Some(Object::Reference(id)) => Some(*id),
            Some(Object::Array(list)) if list.len() == 1 => reference(list.first()),
            _ => None,
        };
        Ok(StructRoot { root, document: document.ok_or("a part's structure tree has no one Document element")? })
    }
}

/// The book's structure tree, gathered from the pieces'.
#[derive(Default)]
struct Tree {
    /// The parent tree: content keys and the elements they belong to.
    nums: Vec<(i64, Object)>,
    /// Structure identifiers and their elements.
    ids: Vec<(Vec<u8>, Object)>,
    roles: Dictionary,
    /// The children of the `Document` element.
    kids: Vec<Object>,
    next_key: i64,
    /// The headings parts begin with ([`super::book::PART_START`]), not written.
    dropped: std::collections::BTreeSet<ObjectId>,
}

impl Tree {
    /// Takes a piece's tree: its elements become children of `document`, its keys follow
    /// the keys taken before, its identifiers start with `prefix`.
    fn take(&mut self, pdf: &mut Document, document: ObjectId, prefix: &[u8]) -> Result<()> {
        let offset = self.next_key;
        let own = StructRoot::read(pdf)?;
        let root = pdf.get_dictionary(own.root).map_err(|e| e.to_string())?.clone();
        let mut next = 0;
        if let Some(Object::Dictionary(parents)) = entry(pdf, &root, b"ParentTree") {
            for (key, value) in number_tree(pdf, parents) {
                next = next.max(key + 1);
                self.nums.push((key + offset, value));
            }
        }
        if let Some(Object::Integer(key)) = entry(pdf, &root, b"ParentTreeNextKey") {
            next = next.max(*key);
        }
        if let Some(Object::Dictionary(ids)) = entry(pdf, &root, b"IDTree") {
            for (mut id, value) in name_tree(pdf, ids) {
                prefix_id(&mut id, prefix);
                self.ids.push((id, value));
            }
        }
        if let Some(Object::Dictionary(roles)) = entry(pdf, &root, b"RoleMap") {
            for (key, value) in roles.iter() {
                self.roles.set(key.clone(), value.clone());
            }
        }
        let kids = match pdf.get_dictionary(own.document).ok().and_then(|d| d.get(b"K").ok()).map(|k| resolve(pdf, k)) {
            Some(Object::Array(list)) => list.clone(),
            Some(other) => vec![other.clone()],
            None => Vec::new(),
        };
        for kid in kids {
            let Object::Reference(id) = kid else {
                return Err("a part's Document element holds content directly".into());
            };
            let Ok(element) = pdf.get_dictionary_mut(id) else { continue };
            if element.get(b"T").ok().and_then(text).is_some_and(|t| t == PART_START) {
                self.dropped.insert(id);
                continue;
            }
            element.set("P", Object::Reference(document));
            self.kids.push(kid);
        }
        self.next_key = offset + next;
        Ok(())
    }

    fn write(mut self, book: &mut Document, document: ObjectId) -> Result<()> {
        let root = StructRoot::read(book)?.root;
        self.nums.sort_by_key(|(key, _)| *key);
        self.ids.sort_by(|a, b| a.0.cmp(&b.0));
        let nums: Vec<Object> = self.nums.into_iter().flat_map(|(k, v)| [Object::Integer(k), v]).collect();
        let dictionary = book.get_dictionary_mut(root).map_err(|e| e.to_string())?;
        dictionary.set("ParentTree", Dictionary::from_iter([("Nums", Object::Array(nums))]));
        dictionary.set("ParentTreeNextKey", self.next_key);
        if self.ids.is_empty() {
            dictionary.remove(b"IDTree");
        } else {
            let names: Vec<Object> =
                self.ids.into_iter().flat_map(|(k, v)| [Object::String(k, StringFormat::Literal), v]).collect();
            dictionary.set("IDTree", Dictionary::from_iter([("Names", Object::Array(names))]));
        }
        if !self.roles.is_empty() {
            dictionary.set("RoleMap", self.roles);
        }
        let element = book.get_dictionary_mut(document).map_err(|e| e.to_string())?;
        element.set("K", Object::Array(self.kids));
        Ok(())
    }
}

/// The entries of a number tree.
fn number_tree(pdf: &Document, node: &Dictionary) -> Vec<(i64, Object)> {
    tree_entries(pdf, node, b"Nums", &|key| match key {
        Object::Integer(key) => Some(*key),
        _ => None,
    })
}

/// The entries of a name tree.
fn name_tree(pdf: &Document, node: &Dictionary) -> Vec<(Vec<u8>, Object)> {
    tree_entries(pdf, node, b"Names", &|key| match key {
        Object::String(key, _) => Some(key.clone()),
        _ => None,
    })
}

/// The entries of a number or name tree: the key-value pairs of its leaves (`leaves`: `Nums`
/// or `Names`), in order, their keys read by `key`.
fn tree_entries<K>(
    pdf: &Document,
    node: &Dictionary,
    leaves: &[u8],
    key: &dyn Fn(&Object) -> Option<K>,
) -> Vec<(K, Object)> {
    let mut entries = Vec::new();
    if let Some(Object::Array(pairs)) = entry(pdf, node, leaves) {
        for pair in pairs.chunks_exact(2) {
            if let Some(key) = key(&pair[0]) {
                entries.push((key, pair[1].clone()));
            }
        }
    }
    if let Some(Object::Array(kids)) = entry(pdf, node, b"Kids") {
        for kid in kids {
            if let Object::Dictionary(kid) = resolve(pdf, kid) {
                entries.extend(tree_entries(pdf, kid, leaves, key));
            }
        }
    }
    entries
}

/// A document's named destinations (the names typst gives its labelled headings).
fn named_destinations(pdf: &Document) -> Vec<(Vec<u8>, Object)> {
    let Ok(catalog) = pdf.catalog() else { return Vec::new() };
    let Some(Object::Dictionary(names)) = entry(pdf, catalog, b"Names") else { return Vec::new() };
    match entry(pdf, names, b"Dests") {
        Some(Object::Dictionary(dests)) => name_tree(pdf, dests),
        _ => Vec::new(),
    }
}

/// The book's named destinations, one name tree, sorted as the format asks.
fn write_names(book: &mut Document, mut names: Vec<(Vec<u8>, Object)>) -> Result<()> {
    if names.is_empty() {
        return Ok(());
    }
    names.sort_by(|a, b| a.0.cmp(&b.0));
    names.dedup_by(|a, b| a.0 == b.0);
    let list: Vec<Object> =
        names.into_iter().flat_map(|(k, v)| [Object::String(k, StringFormat::Literal), v]).collect();
    let catalog = book.catalog().map_err(|e| e.to_string())?.clone();
    let mut dictionary = match entry(book, &catalog, b"Names") {
        Some(Object::Dictionary(names)) => names.clone(),
        _ => Dictionary::new(),
    };
    dictionary.set("Dests", Dictionary::from_iter([("Names", Object::Array(list))]));
    book.catalog_mut().map_err(|e| e.to_string())?.set("Names", dictionary);
    Ok(())
}

/// The bookmarks, made as typst makes them (closed, each leading 10 pt above its heading).
fn write_outline(
    book: &mut Document,
    nodes: &[OutlineNode<usize>],
    entries: &[(String, Option<Object>)],
) -> Result<()> {
    let nodes: Vec<&OutlineNode<usize>> = nodes.iter().filter(|n| entries[n.entry].1.is_some()).collect();
    if nodes.is_empty() {
        book.catalog_mut().map_err(|e| e.to_string())?.remove(b"Outlines");
        return Ok(());
    }
    let root = book.new_object_id();
    let (first, last, count) = outline_items(book, &nodes, root, entries);
    let outlines = Dictionary::from_iter([
        ("Type", Object::Name(b"Outlines".to_vec())),
        ("First", Object::Reference(first)),
        ("Last", Object::Reference(last)),
        ("Count", Object::Integer(count)),
    ]);
    book.objects.insert(root, Object::Dictionary(outlines));
    book.catalog_mut().map_err(|e| e.to_string())?.set("Outlines", Object::Reference(root));
    Ok(())
}

/// Writes a list of bookmarks under `parent`: its first and last item, and how many there are.
fn outline_items(
    book: &mut Document,
    nodes: &[&OutlineNode<usize>],
    parent: ObjectId,
    entries: &[(String, Option<Object>)],
) -> (ObjectId, ObjectId, i64) {
    let ids: Vec<ObjectId> = nodes.iter().map(|_| book.new_object_id()).collect();
    for (index, node) in nodes.iter().enumerate() {
        let (title, destination) = &entries[node.entry];
        let mut item = Dictionary::from_iter([("Parent", Object::Reference(parent))]);
        if index + 1 < ids.len() {
            item.set("Next", Object::Reference(ids[index + 1]));
        }
        if index > 0 {
            item.set("Prev", Object::Reference(ids[index - 1]));
        }
        let children: Vec<&OutlineNode<usize>> =
            node.children.iter().filter(|n| entries[n.entry].1.is_some()).collect();
        if !children.is_empty() {
            let (first, last, count) = outline_items(book, &children, ids[index], entries);
            item.set("First", Object::Reference(first));
            item.set("Last", Object::Reference(last));
            item.set("Count", -count);
        }
        item.set("Title", text_string(title));
        item.set("Dest", destination.clone().unwrap_or(Object::Null));
        book.objects.insert(ids[index], Object::Dictionary(item));
    }
    (ids[0], ids[ids.len() - 1], ids.len() as i64)
}

/// An overlay page as a form to lay over a page of the book.
fn form(overlay: &Document, page: ObjectId) -> Result<Stream> {
    let dictionary = overlay.get_dictionary(page).map_err(|e| e.to_string())?;
    let content = overlay.get_page_content(page);
    let resources = match entry(overlay, dictionary, b"Resources") {
        Some(Object::Dictionary(resources)) => resources.clone(),
        _ => Dictionary::new(),
    };
    let bbox = entry(overlay, dictionary, b"MediaBox").cloned().unwrap_or(Object::Null);
    let form = Dictionary::from_iter([
        ("Type", Object::Name(b"XObject".to_vec())),
        ("Subtype", Object::Name(b"Form".to_vec())),
        ("BBox", bbox),
        ("Resources", Object::Dictionary(resources)),
    ]);
    let mut stream = Stream::new(form, content);
    let _ = stream.compress();
    Ok(stream)
}

/// The name a page's overlay has in its resources.
const OVERLAY: &[u8] = b"NkOverlay";

/// The content streams around a page's own: its graphics state kept apart, then the overlay
/// drawn as an artifact (running headers and page numbers are not the book's text).
fn stamp_streams(out: &mut Output, next: &mut u32) -> (ObjectId, ObjectId) {
    let mut end = b"Q\n/Artifact BMC\n/".to_vec();
    end.extend_from_slice(OVERLAY);
    end.extend_from_slice(b" Do\nEMC\n");
    let mut ids = [(0, 0); 2];
    for (id, content) in ids.iter_mut().zip([b"q\n".to_vec(), end]) {
        *id = (*next, 0);
        *next += 1;
        out.write(*id, &Object::Stream(Stream::new(Dictionary::new(), content)));
    }
    (ids[0], ids[1])
}

/// A page's resources with the overlay's form added.
fn with_form(book: &Document, page: ObjectId, form: ObjectId) -> Result<Dictionary> {
    let dictionary = book.get_dictionary(page).map_err(|e| e.to_string())?;
    let mut resources = match entry(book, dictionary, b"Resources") {
        Some(Object::Dictionary(resources)) => resources.clone(),
        _ => Dictionary::new(),
    };
    let mut forms = match entry(book, &resources, b"XObject") {
        Some(Object::Dictionary(forms)) => forms.clone(),
        _ => Dictionary::new(),
    };
    forms.set(OVERLAY, Object::Reference(form));
    resources.set("XObject", forms);
    Ok(resources)
}

/// The page count in the document's XMP metadata.
fn set_page_count(book: &mut Document, count: usize) {
    let Some(id) = book.catalog().ok().and_then(|c| reference(c.get(b"Metadata").ok())) else { return };
    let Ok(Object::Stream(stream)) = book.get_object_mut(id) else { return };
    let Ok(xmp) = String::from_utf8(stream.content.clone()) else { return };
    let (open, close) = ("<xmpTPg:NPages>", "</xmpTPg:NPages>");
    if let (Some(start), Some(stop)) = (xmp.find(open), xmp.find(close))
        && start < stop
    {
        let xmp = format!("{}{count}{}", &xmp[..start + open.len()], &xmp[stop..]);
        stream.set_content(xmp.into_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_read_back() {
        for words in ["Section, page 12", "Abschnitt, Seite 3", "Sección, página 7", "章节 12"] {
            assert_eq!(text(&text_string(words)).as_deref(), Some(words));
        }
    }

    #[test]
    fn the_cross_reference_table_finds_every_object() {
        let mut out = Output::new("1.7", 0);
        out.write((1, 0), &Object::Dictionary(Dictionary::from_iter([("Type", Object::Name(b"Catalog".to_vec()))])));
        out.write((3, 0), &Object::Integer(42));
        let trailer = Dictionary::from_iter([("Root", Object::Reference((1, 0)))]);
        let bytes = out.finish(4, &trailer);
        let pdf = Document::load_mem(&bytes).unwrap();
        assert_eq!(pdf.get_object((3, 0)).unwrap(), &Object::Integer(42));
        assert!(pdf.get_object((2, 0)).is_err(), "a number not written is free");
        assert_eq!(pdf.trailer.get(b"Size").unwrap(), &Object::Integer(4));
    }
}
