//! The fast PDF text path: a content-stream reader over lopdf's objects.
//!
//! pdf-extract parses every content stream into a vector of operations (an allocation per
//! operator and per operand) and builds a string per glyph; on real resumes that is most of its
//! time. This reader tokenizes the decompressed stream in place, keeps operands in one reused
//! stack, decodes each font once per document (cached by object) and writes the text straight
//! into the page buffer, inserting spaces and line breaks from the glyph positions.
//!
//! It declines (returns [`Unsupported`]) what it does not read well: Type3 fonts, CID fonts
//! without a ToUnicode map or with a predefined CMap, embedded Type1 fonts that rely on their
//! built-in encoding, many unmapped glyphs, and anything past its work budget. The caller then
//! runs pdf-extract. It never panics on purpose, never recurses without a bound (form XObjects
//! are depth-capped and cycle-checked) and stops when the text passes the caller's limit.
//!
//! Per run of glyphs it records the text state hidden-text detection needs ([`GlyphRun`]), and
//! per page the shapes painted (filled and stroked paths, images, shadings) with their colour and
//! order. When a page is done, runs a reader cannot see are taken out of its text and returned
//! as [`HiddenText`]: an invisible render mode (3, or 7 with nothing painted through it), a
//! colour with too little contrast against what is behind it (the last opaque shape under it,
//! else the white page), a size under 4 pt, an extent outside the page box or outside the clip,
//! or an opaque rectangle of another colour painted over it later. What is behind a run is
//! judged on its extent, not its origin, and only shapes large enough to hold it count, so
//! underlines, rules, cell borders and strike-throughs never hide or reveal anything. The work
//! is per run and per shape, never per glyph.
//!
//! pdf-extract, the fallback for documents this reader declines, keeps no drawing state: text
//! of a declined document is screened as pdf-extract reads it, hidden or not.

use super::{relative_luminance, HiddenHow, HiddenText, MIN_CONTRAST};
use lopdf::{Dictionary, Document, Encoding, Object, ObjectId};
use std::collections::HashMap;
use std::rc::Rc;

/// Form XObjects nested deeper than this are skipped.
const MAX_FORM_DEPTH: usize = 12;
/// Work per document before giving up: operators, glyphs and every 16 bytes lexed count one
/// (pathological files go to the fallback, which runs under the caller's time limit).
const MAX_WORK: usize = 20_000_000;
/// `q` nesting kept; deeper saves are counted but not stored.
const MAX_SAVE_DEPTH: usize = 256;
/// A decompressed content stream larger than this is not read here.
const MAX_CONTENT_BYTES: usize = 64 << 20;
/// More unmapped glyphs than this share and the text is not trusted.
const MAX_UNMAPPED_SHARE: f64 = 0.02;
/// Painted shapes remembered per page; past this, colour and cover are not judged for the rest
/// of the page (its backgrounds are no longer known, and a guess would hide visible text).
const MAX_SHAPES: usize = 16_384;
/// Text under this size (points, after the text matrix and CTM) cannot be read.
const MIN_READABLE_SIZE: f32 = 4.0;
/// Shapes narrower than this in either direction never hide readable text or lie behind it.
const MIN_SHAPE_SIDE: f32 = MIN_READABLE_SIZE / 2.0;
/// Index meaning "none" in `u32` run indexes.
const NONE: u32 = u32::MAX;

/// Why the fast path declined a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unsupported {
    /// A font it cannot map to Unicode reliably.
    Font(&'static str),
    /// Too many glyphs without a Unicode mapping.
    Unmapped,
    /// More text than the caller's limit.
    TooMuchText,
    /// The work or size budget ran out.
    Budget,
    /// A structural problem (missing content, bad object).
    Broken(String),
}

/// The text state of one shown string (a `Tj`, `'`, `"` or one string of a `TJ`), as drawn;
/// strings that go on the same word in the same state, with nothing painted between them, make
/// one run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GlyphRun {
    /// Byte range of the run's text in the page text as drawn (hidden runs included).
    pub start: u32,
    /// End of that range (exclusive).
    pub end: u32,
    /// Text render mode (`Tr`): 3 is invisible, 7 clip only.
    pub render_mode: u8,
    /// Fill colour as RGB in 0..=1 (grey and CMYK converted); `None` when it cannot be known
    /// (patterns, spot colours, Lab, indexed images' palettes).
    pub fill: Option<[f32; 3]>,
    /// Stroke colour, like `fill` (render modes 1, 2, 5 and 6 stroke the glyphs).
    pub stroke: Option<[f32; 3]>,
    /// Font size times the vertical scale of the text matrix and CTM, in default user units.
    pub size: f32,
    /// Device-space origin of the first glyph.
    pub x: f32,
    /// Device-space origin of the first glyph.
    pub y: f32,
    /// Device-space point where the last glyph's advance ends (before any text rise).
    pub end_x: f32,
    /// Device-space point where the last glyph's advance ends (before any text rise).
    pub end_y: f32,
    /// Device-space box of the run: its advance, from a quarter of the size below the baseline
    /// to three quarters above.
    pub bbox: [f32; 4],
    /// Whether that box meets the page's CropBox (MediaBox when there is none).
    pub inside: bool,
    /// Whether that box lies wholly outside the clip in force (rectangular clips are exact,
    /// others are taken as their bounding box, which can only keep text, never remove it).
    pub clipped: bool,
    /// Render mode 7 text something was painted through afterwards (the glyphs show).
    pub revealed: bool,
    /// How a reader is kept from seeing it, if they are.
    pub hidden: Option<HiddenHow>,
}

/// A document's text from the fast path.
#[derive(Debug, Default)]
pub struct FastText {
    /// Visible text per page: hidden runs are taken out.
    pub pages: Vec<String>,
    /// Glyph runs per page, in drawing order (their ranges are in the page text as drawn).
    pub runs: Vec<Vec<GlyphRun>>,
    /// Text a reader cannot see, with its page and the line it would have been on.
    pub hidden: Vec<HiddenText>,
}

/// Reads the text of every page, or says why it would not.
pub fn extract_text(doc: &Document, max_text_bytes: usize) -> Result<FastText, Unsupported> {
    let mut reader = Reader {
        doc,
        fonts: Vec::new(),
        font_index: HashMap::new(),
        forms: HashMap::new(),
        tables: Default::default(),
        glyph_names: Default::default(),
        strings: Vec::with_capacity(1024),
        work: 0,
        glyphs: 0,
        unmapped: 0,
        total_bytes: 0,
        limit: max_text_bytes,
    };
    let mut out = FastText::default();
    // Hidden text's line runs on across pages, as the report counts lines.
    let mut lines_before = 0u32;
    for (number, (_, page_id)) in doc.get_pages().into_iter().enumerate() {
        let (text, runs, hidden) = reader.page(page_id)?;
        out.hidden
            .extend(hidden.into_iter().map(|(line, text, how)| HiddenText {
                text,
                page: number as u32 + 1,
                line: lines_before + line,
                how,
            }));
        lines_before += crate::normalize::line_count(&text);
        out.pages.push(text);
        out.runs.push(runs);
    }
    if reader.glyphs > 0 && reader.unmapped as f64 > MAX_UNMAPPED_SHARE * reader.glyphs as f64 {
        return Err(Unsupported::Unmapped);
    }
    Ok(out)
}

type Matrix = [f32; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `a` then `b` (PDF's row-vector convention: a point is transformed by `a`, then by `b`).
fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

/// One font, decoded once per document.
struct Font {
    /// Two-byte codes (Type0 with Identity-H/V).
    two_byte: bool,
    /// Simple fonts: per code, the mapped text as a range of `arena` (len 0: unmapped).
    simple: Vec<(u32, u8)>,
    /// CID fonts: mapped codes, filled lazily from the ToUnicode map.
    cid: HashMap<u16, (u32, u8)>,
    /// The ToUnicode map, as lopdf's `UnicodeMapEncoding` (its map type is not exported).
    to_unicode: Option<Encoding<'static>>,
    arena: String,
    /// Glyph widths in text space (thousandths) by code (simple) or CID.
    widths: Vec<f32>,
    first_code: usize,
    default_width: f32,
}

impl Font {
    fn width(&self, code: usize) -> f32 {
        code.checked_sub(self.first_code)
            .and_then(|i| self.widths.get(i))
            .copied()
            .unwrap_or(self.default_width)
    }

    fn store(&mut self, text: &str) -> (u32, u8) {
        if text.is_empty() || text.len() > 255 {
            return (0, 0);
        }
        let start = self.arena.len() as u32;
        self.arena.push_str(text);
        (start, text.len() as u8)
    }
}

/// How colour operands are read.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Space {
    Gray,
    Rgb,
    Cmyk,
    /// Patterns, spot colours, Lab, indexed...: the colour is not known.
    Other,
}

/// A device-space box: `[x0, y0, x1, y1]`.
type Rect = [f32; 4];
/// The box that contains nothing (any union starts from it).
const EMPTY: Rect = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
/// The box that contains everything (no clip yet).
const EVERYWHERE: Rect = [f32::MIN, f32::MIN, f32::MAX, f32::MAX];

fn intersect(a: &Rect, b: &Rect) -> Rect {
    [
        a[0].max(b[0]),
        a[1].max(b[1]),
        a[2].min(b[2]),
        a[3].min(b[3]),
    ]
}

fn meets(a: &Rect, b: &Rect) -> bool {
    a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
}

fn contains(outer: &Rect, inner: &Rect) -> bool {
    outer[0] <= inner[0] && outer[1] <= inner[1] && outer[2] >= inner[2] && outer[3] >= inner[3]
}

fn grow(r: &mut Rect, x: f32, y: f32) {
    r[0] = r[0].min(x);
    r[1] = r[1].min(y);
    r[2] = r[2].max(x);
    r[3] = r[3].max(y);
}

fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// A shape painted on the page, as far as hidden text cares.
#[derive(Debug, Clone, Copy)]
struct Shape {
    /// Painted area (bounding box, clipped).
    bbox: Rect,
    /// The relative luminance of its colour when that is known and opaque; `None` covers
    /// images, shadings, patterns and transparency: something a reader sees but whose colour
    /// is not known.
    luminance: Option<f32>,
    /// The area is exactly `bbox` (an axis-aligned rectangle), not just inside it.
    exact: bool,
    /// An image (a scan under an OCR text layer).
    image: bool,
    /// Runs drawn before it: it is under runs `seq..` and over runs `..seq`.
    seq: u32,
}

/// The path under construction, in device space. No allocation: only its box and, for the
/// rectangle test, its first five points.
#[derive(Clone, Copy)]
struct Path {
    bbox: Rect,
    corners: [[f32; 2]; 5],
    points: u8,
    rects: u8,
    /// Curves, rotated rectangles: the shape is not its box.
    inexact: bool,
    /// `W`/`W*` seen: the path clips when it ends.
    clip: bool,
}

impl Path {
    const NEW: Path = Path {
        bbox: EMPTY,
        corners: [[0.0; 2]; 5],
        points: 0,
        rects: 0,
        inexact: false,
        clip: false,
    };

    fn point(&mut self, ctm: &Matrix, x: f32, y: f32) {
        let (x, y) = apply(ctm, x, y);
        grow(&mut self.bbox, x, y);
        if (self.points as usize) < self.corners.len() {
            self.corners[self.points as usize] = [x, y];
        }
        self.points = self.points.saturating_add(1);
    }

    fn curve(&mut self, ctm: &Matrix, x: f32, y: f32) {
        // Control points bound the curve: the box stays a superset.
        self.point(ctm, x, y);
        self.inexact = true;
    }

    fn rect(&mut self, ctm: &Matrix, x: f32, y: f32, w: f32, h: f32) {
        for (px, py) in [(x, y), (x + w, y), (x, y + h), (x + w, y + h)] {
            let (px, py) = apply(ctm, px, py);
            grow(&mut self.bbox, px, py);
        }
        let axis_aligned = (ctm[1].abs() < 1e-4 && ctm[2].abs() < 1e-4)
            || (ctm[0].abs() < 1e-4 && ctm[3].abs() < 1e-4);
        self.inexact |= !axis_aligned;
        self.rects = self.rects.saturating_add(1);
    }

    /// Whether the painted area is exactly the box: one `re`, or a closed polygon through the
    /// box's four corners (LibreOffice writes rectangles as `m l l l h`).
    fn exact(&self) -> bool {
        if self.inexact {
            return false;
        }
        match (self.rects, self.points) {
            (1, 0) => true,
            (0, 4..=5) => {
                let b = &self.bbox;
                let near = |a: f32, c: f32| (a - c).abs() < 0.01;
                let mut seen = 0u8;
                for &[x, y] in &self.corners[..self.points as usize] {
                    let corner = match (near(x, b[0]), near(x, b[2]), near(y, b[1]), near(y, b[3]))
                    {
                        (true, _, true, _) => 1,
                        (_, true, true, _) => 2,
                        (true, _, _, true) => 4,
                        (_, true, _, true) => 8,
                        _ => return false,
                    };
                    seen |= corner;
                }
                seen == 15
            }
            _ => false,
        }
    }
}

/// Graphics and text state saved by `q`.
#[derive(Clone, Copy)]
struct State {
    ctm: Matrix,
    fill: [f32; 3],
    fill_space: Space,
    stroke: [f32; 3],
    stroke_space: Space,
    fill_alpha: f32,
    stroke_alpha: f32,
    /// Blend mode Normal (or Compatible) and no soft mask: paint covers what is under it.
    plain_blend: bool,
    line_width: f32,
    /// Bounding box of the clip in force.
    clip: Rect,
    /// The clip is exactly that box (only rectangles clipped so far).
    clip_exact: bool,
    /// First run of text drawn in a clipping render mode whose clip is in force, or `NONE`:
    /// what is painted next shows through mode 7 glyphs.
    text_clip_from: u32,
    font: Option<usize>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    scale: f32,
    leading: f32,
    rise: f32,
    render: u8,
}

impl State {
    /// The fill colour, if it is known and covers what is under it.
    fn opaque_fill(&self) -> Option<[f32; 3]> {
        (self.fill_space != Space::Other && self.fill_alpha >= 0.99 && self.plain_blend)
            .then_some(self.fill)
    }

    /// The stroke colour, if it is known and covers what is under it.
    fn opaque_stroke(&self) -> Option<[f32; 3]> {
        (self.stroke_space != Space::Other && self.stroke_alpha >= 0.99 && self.plain_blend)
            .then_some(self.stroke)
    }
}

impl Default for State {
    fn default() -> State {
        State {
            ctm: IDENTITY,
            fill: [0.0; 3],
            fill_space: Space::Gray,
            stroke: [0.0; 3],
            stroke_space: Space::Gray,
            fill_alpha: 1.0,
            stroke_alpha: 1.0,
            plain_blend: true,
            line_width: 1.0,
            clip: EVERYWHERE,
            clip_exact: true,
            text_clip_from: NONE,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
            render: 0,
        }
    }
}

/// An operand on the stack; strings are ranges of the reader's string scratch buffer.
#[derive(Clone, Copy)]
enum Operand<'a> {
    Num(f32),
    Name(&'a [u8]),
    Str(u32, u32),
    ArrayOpen,
    ArrayClose,
    Other,
}

struct Reader<'d> {
    doc: &'d Document,
    fonts: Vec<Font>,
    /// Font dictionaries (by address inside the document) to their index in `fonts`; `None`
    /// for a font already found unusable is not cached: the first use declines the document.
    font_index: HashMap<usize, usize>,
    forms: HashMap<ObjectId, Rc<[u8]>>,
    tables: std::cell::RefCell<HashMap<Vec<u8>, [char; 256]>>,
    glyph_names: std::cell::RefCell<HashMap<Vec<u8>, Option<char>>>,
    strings: Vec<u8>,
    work: usize,
    glyphs: usize,
    unmapped: usize,
    total_bytes: usize,
    limit: usize,
}

/// Per-page drawing context.
struct Page<'d> {
    text: String,
    runs: Vec<GlyphRun>,
    shapes: Vec<Shape>,
    /// Run count when `shapes` filled up (`NONE` while it has room).
    shapes_full_at: u32,
    bbox: [f32; 4],
    /// Where the last glyph ended, device space, and the size it was drawn at.
    last: Option<(f32, f32, f32)>,
    /// Resource dictionaries, innermost first.
    resources: Vec<&'d Dictionary>,
    form_stack: Vec<ObjectId>,
}

fn num(obj: &Object) -> Option<f32> {
    match obj {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

impl<'d> Reader<'d> {
    fn deref(&self, obj: &'d Object) -> &'d Object {
        let mut obj = obj;
        for _ in 0..8 {
            match obj {
                Object::Reference(id) => match self.doc.get_object(*id) {
                    Ok(o) => obj = o,
                    Err(_) => return &Object::Null,
                },
                _ => return obj,
            }
        }
        &Object::Null
    }

    fn dict_get(&self, dict: &'d Dictionary, key: &[u8]) -> Option<&'d Object> {
        dict.get(key).ok().map(|o| self.deref(o))
    }

    /// A key of the page or, inherited, of its ancestors.
    fn inherited(&self, page: &'d Dictionary, key: &[u8]) -> Option<&'d Object> {
        let mut node = page;
        for _ in 0..32 {
            if let Some(value) = self.dict_get(node, key) {
                return Some(value);
            }
            node = match self.dict_get(node, b"Parent") {
                Some(Object::Dictionary(parent)) => parent,
                _ => return None,
            };
        }
        None
    }

    /// One page: its visible text, its runs, and its hidden stretches as (line within the
    /// page, text, how).
    #[allow(clippy::type_complexity)]
    fn page(
        &mut self,
        page_id: ObjectId,
    ) -> Result<(String, Vec<GlyphRun>, Vec<(u32, String, HiddenHow)>), Unsupported> {
        let doc = self.doc;
        let page = doc
            .get_dictionary(page_id)
            .map_err(|e| Unsupported::Broken(format!("page object: {e}")))?;
        let bbox = self
            .inherited(page, b"CropBox")
            .or_else(|| self.inherited(page, b"MediaBox"))
            .and_then(|b| b.as_array().ok())
            .and_then(|a| {
                let v: Vec<f32> = a.iter().filter_map(|o| num(self.deref(o))).collect();
                (v.len() == 4).then(|| {
                    [
                        v[0].min(v[2]),
                        v[1].min(v[3]),
                        v[0].max(v[2]),
                        v[1].max(v[3]),
                    ]
                })
            })
            .unwrap_or([0.0, 0.0, 612.0, 792.0]);
        let mut resources = Vec::new();
        if let Some(Object::Dictionary(r)) = self.inherited(page, b"Resources") {
            resources.push(r);
        }
        let content = doc
            .get_page_content(page_id)
            .map_err(|e| Unsupported::Broken(format!("page content: {e}")))?;
        if content.len() > MAX_CONTENT_BYTES {
            return Err(Unsupported::Budget);
        }
        let mut ctx = Page {
            // A page's text is a few KB; a huge stream of whitespace must not reserve megabytes.
            text: String::with_capacity((content.len() / 4).min(64 << 10) + 64),
            runs: Vec::new(),
            shapes: Vec::new(),
            shapes_full_at: NONE,
            bbox,
            last: None,
            resources,
            form_stack: Vec::new(),
        };
        self.run(&content, &mut ctx, State::default())?;
        self.total_bytes += ctx.text.len();
        classify(&mut ctx);
        let (text, hidden) = split_hidden(std::mem::take(&mut ctx.text), &ctx.runs);
        Ok((text, ctx.runs, hidden))
    }

    /// Spends `units` of the document's work budget.
    fn spend(&mut self, units: usize) -> Result<(), Unsupported> {
        self.work = self.work.saturating_add(units);
        if self.work > MAX_WORK {
            return Err(Unsupported::Budget);
        }
        Ok(())
    }

    /// Interprets one content stream (a page's or a form's).
    fn run(
        &mut self,
        content: &[u8],
        ctx: &mut Page<'d>,
        initial: State,
    ) -> Result<(), Unsupported> {
        let mut lex = Lexer {
            buf: content,
            pos: 0,
        };
        let mut gs = initial;
        let mut saved: Vec<State> = Vec::new();
        let mut save_depth = 0usize;
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        let mut path = Path::NEW;
        // Operands borrow `content`: one stack per stream, reused across its operators.
        let mut operands: Vec<Operand<'_>> = Vec::with_capacity(64);
        // Lexing costs by the byte: a form drawn many times, or one huge string, spends the
        // budget even when it holds few operators.
        self.spend(content.len() / 16)?;
        let result = (|| {
            loop {
                let tok = match lex.next(&mut self.strings) {
                    Some(t) => t,
                    None => return Ok(()),
                };
                let op = match tok {
                    Tok::Operand(o) => {
                        if operands.len() < 4096 {
                            operands.push(o);
                        }
                        continue;
                    }
                    Tok::Op(op) => op,
                };
                self.spend(1)?;
                let n = |i: usize| -> f32 {
                    // The i-th operand counted from the end (0 = last).
                    match operands.len().checked_sub(i + 1).map(|k| operands[k]) {
                        Some(Operand::Num(v)) => v,
                        _ => 0.0,
                    }
                };
                match op {
                    b"q" => {
                        if saved.len() < MAX_SAVE_DEPTH {
                            saved.push(gs);
                        }
                        save_depth += 1;
                    }
                    b"Q" if save_depth > 0 => {
                        save_depth -= 1;
                        if save_depth < saved.len() {
                            if let Some(s) = saved.pop() {
                                gs = s;
                            }
                        }
                    }
                    b"cm" if operands.len() >= 6 => {
                        let m = [n(5), n(4), n(3), n(2), n(1), n(0)];
                        gs.ctm = mul(&m, &gs.ctm);
                    }
                    b"BT" => {
                        tm = IDENTITY;
                        tlm = IDENTITY;
                    }
                    b"Tf" if operands.len() >= 2 => {
                        gs.size = n(0);
                        if let Operand::Name(name) = operands[operands.len() - 2] {
                            gs.font = Some(self.font(name, ctx)?);
                        }
                    }
                    b"Tc" => gs.char_spacing = n(0),
                    b"Tw" => gs.word_spacing = n(0),
                    b"Tz" => gs.scale = n(0) / 100.0,
                    b"TL" => gs.leading = n(0),
                    b"Ts" => gs.rise = n(0),
                    b"Tr" => gs.render = n(0).clamp(0.0, 7.0) as u8,
                    b"Td" => {
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, n(1), n(0)], &tlm);
                        tm = tlm;
                    }
                    b"TD" => {
                        gs.leading = -n(0);
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, n(1), n(0)], &tlm);
                        tm = tlm;
                    }
                    b"Tm" if operands.len() >= 6 => {
                        tlm = [n(5), n(4), n(3), n(2), n(1), n(0)];
                        tm = tlm;
                    }
                    b"T*" => {
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                        tm = tlm;
                    }
                    b"Tj" | b"'" | b"\"" | b"TJ" => {
                        if op == b"'" || op == b"\"" {
                            if op == b"\"" && operands.len() >= 3 {
                                gs.word_spacing = n(2);
                                gs.char_spacing = n(1);
                            }
                            tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                            tm = tlm;
                        }
                        let start = if op == b"TJ" {
                            operands
                                .iter()
                                .rposition(|o| matches!(o, Operand::ArrayOpen))
                                .map_or(0, |i| i + 1)
                        } else {
                            operands.len().saturating_sub(1)
                        };
                        for operand in operands[start..].iter().copied() {
                            match operand {
                                Operand::Str(a, b) => {
                                    let before = ctx.runs.len();
                                    self.show(a as usize, b as usize, &gs, &mut tm, ctx)?;
                                    if gs.render >= 4
                                        && ctx.runs.len() > before
                                        && gs.text_clip_from == NONE
                                    {
                                        gs.text_clip_from = before as u32;
                                    }
                                }
                                Operand::Num(adj) => {
                                    let tx = -adj / 1000.0 * gs.size * gs.scale;
                                    tm[4] += tx * tm[0];
                                    tm[5] += tx * tm[1];
                                }
                                _ => {}
                            }
                        }
                    }
                    b"g" => (gs.fill, gs.fill_space) = ([n(0); 3], Space::Gray),
                    b"rg" => (gs.fill, gs.fill_space) = ([n(2), n(1), n(0)], Space::Rgb),
                    b"k" => (gs.fill, gs.fill_space) = (cmyk(n(3), n(2), n(1), n(0)), Space::Cmyk),
                    b"G" => (gs.stroke, gs.stroke_space) = ([n(0); 3], Space::Gray),
                    b"RG" => (gs.stroke, gs.stroke_space) = ([n(2), n(1), n(0)], Space::Rgb),
                    b"K" => {
                        (gs.stroke, gs.stroke_space) = (cmyk(n(3), n(2), n(1), n(0)), Space::Cmyk)
                    }
                    b"sc" | b"scn" | b"SC" | b"SCN" => {
                        let nums = operands
                            .iter()
                            .rev()
                            .take_while(|o| matches!(o, Operand::Num(_)))
                            .count();
                        let stroke = op[0] == b'S';
                        let space = if stroke {
                            gs.stroke_space
                        } else {
                            gs.fill_space
                        };
                        let colour = match (space, nums) {
                            (Space::Gray, 1..) => Some([n(0); 3]),
                            (Space::Rgb, 3..) => Some([n(2), n(1), n(0)]),
                            (Space::Cmyk, 4..) => Some(cmyk(n(3), n(2), n(1), n(0))),
                            _ => None,
                        };
                        if let Some(colour) = colour {
                            if stroke {
                                gs.stroke = colour;
                            } else {
                                gs.fill = colour;
                            }
                        }
                    }
                    b"cs" | b"CS" => {
                        let space = match operands.last().copied() {
                            Some(Operand::Name(name)) => self.colour_space(name, ctx),
                            _ => Space::Other,
                        };
                        // Every space this reads starts at black.
                        let black = if space == Space::Cmyk {
                            cmyk(0.0, 0.0, 0.0, 1.0)
                        } else {
                            [0.0; 3]
                        };
                        if op == b"cs" {
                            (gs.fill, gs.fill_space) = (black, space);
                        } else {
                            (gs.stroke, gs.stroke_space) = (black, space);
                        }
                    }
                    b"gs" => {
                        if let Some(Operand::Name(name)) = operands.last().copied() {
                            self.ext_gstate(name, ctx, &mut gs);
                        }
                    }
                    b"w" => gs.line_width = n(0),
                    b"m" | b"l" => path.point(&gs.ctm, n(1), n(0)),
                    b"c" if operands.len() >= 6 => {
                        path.curve(&gs.ctm, n(5), n(4));
                        path.curve(&gs.ctm, n(3), n(2));
                        path.curve(&gs.ctm, n(1), n(0));
                    }
                    b"v" | b"y" if operands.len() >= 4 => {
                        path.curve(&gs.ctm, n(3), n(2));
                        path.curve(&gs.ctm, n(1), n(0));
                    }
                    b"re" if operands.len() >= 4 => path.rect(&gs.ctm, n(3), n(2), n(1), n(0)),
                    b"W" | b"W*" => path.clip = true,
                    b"n" | b"f" | b"F" | b"f*" | b"S" | b"s" | b"B" | b"B*" | b"b" | b"b*" => {
                        let fills = !matches!(op, b"n" | b"S" | b"s");
                        let strokes = matches!(op, b"S" | b"s" | b"B" | b"B*" | b"b" | b"b*");
                        if path.bbox[0] <= path.bbox[2] {
                            if fills {
                                let colour = gs.opaque_fill();
                                paint(ctx, &mut gs, path.bbox, colour, path.exact(), false);
                            }
                            if strokes {
                                // A stroke is a band around the path: its box, widened by half
                                // the line, holds it but is not it.
                                let half = 0.5
                                    * gs.line_width.abs().max(0.0)
                                    * (gs.ctm[0] * gs.ctm[3] - gs.ctm[1] * gs.ctm[2]).abs().sqrt();
                                let b = path.bbox;
                                let bbox = [b[0] - half, b[1] - half, b[2] + half, b[3] + half];
                                let colour = gs.opaque_stroke();
                                paint(ctx, &mut gs, bbox, colour, false, false);
                            }
                            if path.clip {
                                gs.clip_exact &= path.exact() || contains(&path.bbox, &gs.clip);
                                gs.clip = intersect(&gs.clip, &path.bbox);
                            }
                        }
                        path = Path::NEW;
                    }
                    b"sh" => {
                        // A shading fills the clip.
                        let area = intersect(&gs.clip, &ctx.bbox);
                        paint(ctx, &mut gs, area, None, false, false);
                    }
                    b"Do" => {
                        if let Some(Operand::Name(name)) = operands.last().copied() {
                            self.form(name, ctx, &mut gs)?;
                        }
                    }
                    b"BI" => {
                        lex.skip_inline_image();
                        paint_image(ctx, &mut gs);
                    }
                    _ => {}
                }
                operands.clear();
                self.strings.clear();
            }
        })();
        result
    }

    /// Shows one string: decodes its codes into the page text and advances the text matrix.
    fn show(
        &mut self,
        a: usize,
        b: usize,
        gs: &State,
        tm: &mut Matrix,
        ctx: &mut Page<'d>,
    ) -> Result<(), Unsupported> {
        let Some(font_idx) = gs.font else {
            return Ok(());
        };
        let m = mul(tm, &gs.ctm);
        let x = m[4] + gs.rise * m[2];
        let y = m[5] + gs.rise * m[3];
        let size = (gs.size * (m[2] * m[2] + m[3] * m[3]).sqrt()).abs();
        if let Some(last) = ctx.last {
            separate(&mut ctx.text, last, x, y, size);
            // Trailing spaces a line break removed are no longer in the runs that drew them.
            let len = ctx.text.len() as u32;
            for run in ctx.runs.iter_mut().rev() {
                if run.end <= len {
                    break;
                }
                run.end = len;
                run.start = run.start.min(len);
            }
        }
        let start = ctx.text.len();
        let bytes = std::mem::take(&mut self.strings);
        let font = &mut self.fonts[font_idx];
        let step = if font.two_byte { 2 } else { 1 };
        let mut i = a;
        let mut advance = 0.0f32;
        while i + step <= b {
            let code = if step == 2 {
                u16::from_be_bytes([bytes[i], bytes[i + 1]]) as usize
            } else {
                bytes[i] as usize
            };
            i += step;
            self.glyphs += 1;
            let (off, len) = if step == 2 {
                match font.cid.get(&(code as u16)) {
                    Some(&e) => e,
                    None => {
                        let mapped = match &font.to_unicode {
                            Some(Encoding::UnicodeMapEncoding(c)) => c.get(code as u32, 2),
                            _ => None,
                        }
                        .map(|units| String::from_utf16_lossy(&units));
                        let e = match mapped {
                            Some(s) => font.store(&s),
                            None => (0, 0),
                        };
                        font.cid.insert(code as u16, e);
                        e
                    }
                }
            } else {
                font.simple[code]
            };
            if len == 0 {
                self.unmapped += 1;
            } else {
                let s = &font.arena[off as usize..off as usize + len as usize];
                // Private-use and control characters carry no text.
                if s != "\0" {
                    ctx.text.push_str(s);
                }
            }
            let w = font.width(code) / 1000.0 * gs.size;
            let spacing = gs.char_spacing
                + if step == 1 && code == 32 {
                    gs.word_spacing
                } else {
                    0.0
                };
            advance += (w + spacing) * gs.scale;
        }
        self.strings = bytes;
        // Unmapped glyphs add no text, so they would never reach the text limit: count them.
        self.spend((b - a) / step)?;
        tm[4] += advance * tm[0];
        tm[5] += advance * tm[1];
        let end = mul(tm, &gs.ctm);
        let (end_x, end_y) = (end[4], end[5]);
        ctx.last = Some((end_x, end_y, size));
        if ctx.text.len() > start {
            // The glyphs' box: the advance, swept from below the baseline to the cap height
            // along the text's own up direction (rotated text included).
            let (ux, uy) = (m[2] * gs.size, m[3] * gs.size);
            let mut bbox = EMPTY;
            let risen = (end_x + gs.rise * end[2], end_y + gs.rise * end[3]);
            for (px, py) in [(x, y), risen] {
                grow(&mut bbox, px - 0.25 * ux, py - 0.25 * uy);
                grow(&mut bbox, px + 0.75 * ux, py + 0.75 * uy);
            }
            let page = &ctx.bbox;
            let page = [page[0] - 1.0, page[1] - 1.0, page[2] + 1.0, page[3] + 1.0];
            let run = GlyphRun {
                start: start as u32,
                end: ctx.text.len() as u32,
                render_mode: gs.render,
                fill: (gs.fill_space != Space::Other).then_some(gs.fill),
                stroke: (gs.stroke_space != Space::Other).then_some(gs.stroke),
                size,
                x,
                y,
                end_x,
                end_y,
                bbox,
                inside: meets(&bbox, &page),
                clipped: !meets(&bbox, &gs.clip),
                revealed: false,
                hidden: None,
            };
            // Producers that place every glyph (LibreOffice, kerned TJ arrays) would make a run
            // per glyph: a string that goes on a word drawn the same way, with nothing painted
            // in between, extends its run. Word boundaries always start a new run, so a word
            // can still be hidden on its own.
            let runs = ctx.runs.len() as u32;
            let painted_since =
                ctx.shapes.last().is_some_and(|s| s.seq == runs) || ctx.shapes_full_at == runs;
            let text = ctx.text.as_bytes();
            let mid_word = start > 0
                && !text[start - 1].is_ascii_whitespace()
                && !text[start].is_ascii_whitespace();
            match ctx.runs.last_mut() {
                Some(last)
                    if mid_word
                        && !painted_since
                        && last.end == run.start
                        && last.render_mode == run.render_mode
                        && last.fill == run.fill
                        && last.stroke == run.stroke
                        && last.size == run.size
                        && last.inside == run.inside
                        && last.clipped == run.clipped
                        && !last.revealed =>
                {
                    last.end = run.end;
                    (last.end_x, last.end_y) = (run.end_x, run.end_y);
                    for (px, py) in [(bbox[0], bbox[1]), (bbox[2], bbox[3])] {
                        grow(&mut last.bbox, px, py);
                    }
                }
                _ => ctx.runs.push(run),
            }
        }
        if self.total_bytes + ctx.text.len() > self.limit {
            return Err(Unsupported::TooMuchText);
        }
        Ok(())
    }

    /// Finds a resource by category and name, innermost resources first.
    fn resource(&self, ctx: &Page<'d>, category: &[u8], name: &[u8]) -> Option<&'d Object> {
        ctx.resources
            .iter()
            .find_map(|r| match self.dict_get(r, category) {
                Some(Object::Dictionary(d)) => self.dict_get(d, name),
                _ => None,
            })
    }

    /// How colour operands in the named colour space are read.
    fn colour_space(&self, name: &[u8], ctx: &Page<'d>) -> Space {
        match name {
            b"DeviceGray" | b"G" => Space::Gray,
            b"DeviceRGB" | b"RGB" => Space::Rgb,
            b"DeviceCMYK" | b"CMYK" => Space::Cmyk,
            b"Pattern" => Space::Other,
            _ => self
                .resource(ctx, b"ColorSpace", name)
                .map_or(Space::Other, |space| self.space_of(space)),
        }
    }

    fn space_of(&self, space: &'d Object) -> Space {
        let (family, rest) = match space {
            Object::Name(n) => (n.as_slice(), &[][..]),
            Object::Array(a) => match a.first().map(|o| self.deref(o)) {
                Some(Object::Name(n)) => (n.as_slice(), &a[1..]),
                _ => return Space::Other,
            },
            _ => return Space::Other,
        };
        match family {
            b"DeviceGray" | b"CalGray" => Space::Gray,
            b"DeviceRGB" | b"CalRGB" => Space::Rgb,
            b"DeviceCMYK" => Space::Cmyk,
            b"ICCBased" => match rest.first().map(|o| self.deref(o)) {
                Some(Object::Stream(profile)) => {
                    match self.dict_get(&profile.dict, b"N").and_then(num) {
                        Some(1.0) => Space::Gray,
                        Some(3.0) => Space::Rgb,
                        Some(4.0) => Space::Cmyk,
                        _ => Space::Other,
                    }
                }
                _ => Space::Other,
            },
            // Separation and DeviceN tints run the other way (1 is full ink), Indexed needs its
            // palette, Lab its white point: none is read as a colour.
            _ => Space::Other,
        }
    }

    /// `gs`: the parts of an ExtGState that decide whether paint covers what is under it.
    fn ext_gstate(&self, name: &[u8], ctx: &Page<'d>, gs: &mut State) {
        let Some(Object::Dictionary(d)) = self.resource(ctx, b"ExtGState", name) else {
            return;
        };
        if let Some(a) = self.dict_get(d, b"ca").and_then(num) {
            gs.fill_alpha = a;
        }
        if let Some(a) = self.dict_get(d, b"CA").and_then(num) {
            gs.stroke_alpha = a;
        }
        if let Some(w) = self.dict_get(d, b"LW").and_then(num) {
            gs.line_width = w;
        }
        let normal =
            |o: &Object| matches!(o, Object::Name(n) if n == b"Normal" || n == b"Compatible");
        if let Some(bm) = self.dict_get(d, b"BM") {
            gs.plain_blend = match bm {
                Object::Array(a) => a.first().is_some_and(|o| normal(self.deref(o))),
                other => normal(other),
            };
        }
        if let Some(mask) = self.dict_get(d, b"SMask") {
            if !matches!(mask, Object::Name(n) if n == b"None") {
                gs.plain_blend = false;
            }
        }
    }

    fn font(&mut self, name: &[u8], ctx: &Page<'d>) -> Result<usize, Unsupported> {
        let Some(Object::Dictionary(dict)) = self.resource(ctx, b"Font", name) else {
            return Err(Unsupported::Broken(format!(
                "font /{} not in resources",
                String::from_utf8_lossy(name)
            )));
        };
        let key = dict as *const Dictionary as usize;
        if let Some(&i) = self.font_index.get(&key) {
            return Ok(i);
        }
        let font = self.load_font(dict)?;
        self.fonts.push(font);
        let i = self.fonts.len() - 1;
        self.font_index.insert(key, i);
        Ok(i)
    }

    fn to_unicode(&self, dict: &'d Dictionary) -> Option<Encoding<'static>> {
        let reference = dict.get(b"ToUnicode").ok()?;
        if !matches!(self.deref(reference), Object::Stream(_)) {
            return None;
        }
        // lopdf parses ToUnicode maps only through a font's encoding: ask it with a font
        // dictionary that has nothing else.
        let mut probe = Dictionary::new();
        probe.set("Type", Object::Name(b"Font".to_vec()));
        probe.set("ToUnicode", reference.clone());
        match probe.get_font_encoding(self.doc) {
            Ok(Encoding::UnicodeMapEncoding(cmap)) => Some(Encoding::UnicodeMapEncoding(cmap)),
            _ => None,
        }
    }

    fn load_font(&self, dict: &'d Dictionary) -> Result<Font, Unsupported> {
        let subtype = match self.dict_get(dict, b"Subtype") {
            Some(Object::Name(n)) => n.as_slice(),
            _ => b"Type1",
        };
        let mut font = Font {
            two_byte: false,
            simple: Vec::new(),
            cid: HashMap::new(),
            to_unicode: None,
            arena: String::new(),
            widths: Vec::new(),
            first_code: 0,
            default_width: 0.0,
        };
        match subtype {
            b"Type3" => return Err(Unsupported::Font("Type3 font")),
            b"Type0" => {
                let encoding = match self.dict_get(dict, b"Encoding") {
                    Some(Object::Name(n)) => n.as_slice(),
                    _ => b"",
                };
                if encoding != b"Identity-H" && encoding != b"Identity-V" {
                    return Err(Unsupported::Font("CID font with a predefined CMap"));
                }
                font.to_unicode = self.to_unicode(dict);
                if font.to_unicode.is_none() {
                    return Err(Unsupported::Font("CID font without ToUnicode"));
                }
                font.two_byte = true;
                let descendant = match self.dict_get(dict, b"DescendantFonts") {
                    Some(Object::Array(a)) => a.first().map(|o| self.deref(o)),
                    _ => None,
                };
                font.default_width = 1000.0;
                if let Some(Object::Dictionary(d)) = descendant {
                    if let Some(dw) = self.dict_get(d, b"DW").and_then(num) {
                        font.default_width = dw;
                    }
                    if let Some(Object::Array(w)) = self.dict_get(d, b"W") {
                        self.cid_widths(w, &mut font);
                    }
                }
            }
            _ => {
                self.simple_font(dict, subtype, &mut font)?;
            }
        }
        Ok(font)
    }

    fn cid_widths(&self, w: &'d [Object], font: &mut Font) {
        // Codes are two bytes: one table of all of them, written in place, so no `/W` array can
        // make the reader hold more than that whatever ranges it claims.
        const CODES: usize = 1 << 16;
        let mut widths = vec![font.default_width; CODES];
        let mut highest = 0usize;
        let mut set = |code: usize, width: f32| {
            if code < CODES {
                widths[code] = width;
                highest = highest.max(code);
            }
        };
        let mut i = 0;
        while i < w.len() {
            let Some(first) = num(self.deref(&w[i])) else {
                break;
            };
            // Clamped first: a huge float would overflow the code arithmetic below.
            let first = first.clamp(0.0, CODES as f32) as usize;
            match w.get(i + 1).map(|o| self.deref(o)) {
                Some(Object::Array(list)) => {
                    for (k, v) in list.iter().take(CODES).enumerate() {
                        if let Some(v) = num(self.deref(v)) {
                            set(first + k, v);
                        }
                    }
                    i += 2;
                }
                Some(last) => {
                    let (Some(last), Some(v)) =
                        (num(last), w.get(i + 2).and_then(|o| num(self.deref(o))))
                    else {
                        break;
                    };
                    let last = (last.clamp(0.0, CODES as f32) as usize).min(CODES - 1);
                    for code in first..=last {
                        set(code, v);
                    }
                    i += 3;
                }
                None => break,
            }
        }
        widths.truncate(highest + 1);
        font.widths = widths;
        font.first_code = 0;
    }

    fn simple_font(
        &self,
        dict: &'d Dictionary,
        subtype: &[u8],
        font: &mut Font,
    ) -> Result<(), Unsupported> {
        let base_font = match self.dict_get(dict, b"BaseFont") {
            Some(Object::Name(n)) => n.as_slice(),
            _ => b"",
        };
        let descriptor = match self.dict_get(dict, b"FontDescriptor") {
            Some(Object::Dictionary(d)) => Some(d),
            _ => None,
        };
        let embedded_type1 = subtype == b"Type1"
            && descriptor.is_some_and(|d| d.has(b"FontFile") || d.has(b"FontFile3"));
        let symbolic_name = base_font.ends_with(b"Symbol") || base_font.ends_with(b"Dingbats");
        let to_unicode = self.to_unicode(dict);
        let default: &[u8] = if subtype == b"TrueType" {
            b"WinAnsiEncoding"
        } else {
            b"StandardEncoding"
        };
        let mut differences: Option<&'d [Object]> = None;
        let base: &[u8] = match self.dict_get(dict, b"Encoding") {
            Some(Object::Name(n)) => n,
            Some(Object::Dictionary(e)) => {
                if let Some(Object::Array(d)) = self.dict_get(e, b"Differences") {
                    differences = Some(d);
                }
                match self.dict_get(e, b"BaseEncoding") {
                    Some(Object::Name(n)) => n,
                    _ => default,
                }
            }
            _ => {
                if to_unicode.is_none() && (embedded_type1 || symbolic_name) {
                    // The font program's built-in encoding would be needed.
                    return Err(Unsupported::Font("simple font with a built-in encoding"));
                }
                default
            }
        };
        let mut table = self
            .base_table(base)
            .ok_or(Unsupported::Font("unknown simple-font encoding"))?;
        if let Some(diffs) = differences {
            let mut code = 0usize;
            for obj in diffs {
                match self.deref(obj) {
                    Object::Integer(c) => code = (*c).clamp(0, 255) as usize,
                    Object::Name(name) => {
                        if code < 256 {
                            table[code] = self.glyph(name).unwrap_or('\0');
                        }
                        code += 1;
                    }
                    _ => {}
                }
            }
        }
        font.simple = vec![(0, 0); 256];
        let mut buf = [0u8; 4];
        for (code, &glyph) in table.iter().enumerate() {
            let mapped = match &to_unicode {
                Some(Encoding::UnicodeMapEncoding(c)) => c.get(code as u32, 1),
                _ => None,
            }
            .map(|u| String::from_utf16_lossy(&u));
            let e = match mapped {
                Some(s) if !s.is_empty() && s != "\u{fffd}" => font.store(&s),
                _ => match glyph {
                    '\0' => (0, 0),
                    c => {
                        let s: &str = c.encode_utf8(&mut buf);
                        font.store(s)
                    }
                },
            };
            font.simple[code] = e;
        }
        // Widths.
        let first = self
            .dict_get(dict, b"FirstChar")
            .and_then(num)
            .unwrap_or(0.0);
        font.first_code = first.clamp(0.0, 255.0) as usize;
        if let Some(Object::Array(w)) = self.dict_get(dict, b"Widths") {
            font.widths = w
                .iter()
                .map(|o| num(self.deref(o)).unwrap_or(0.0))
                .collect();
        }
        font.default_width = descriptor
            .and_then(|d| self.dict_get(d, b"MissingWidth"))
            .and_then(num)
            .unwrap_or(if font.widths.is_empty() { 500.0 } else { 0.0 });
        Ok(())
    }

    /// A standard encoding's table, from lopdf's (only reachable through a font's encoding).
    fn base_table(&self, name: &[u8]) -> Option<[char; 256]> {
        if !matches!(
            name,
            b"WinAnsiEncoding" | b"MacRomanEncoding" | b"MacExpertEncoding" | b"StandardEncoding"
        ) {
            return None;
        }
        if let Some(t) = self.tables.borrow().get(name) {
            return Some(*t);
        }
        let mut probe = Dictionary::new();
        probe.set("Type", Object::Name(b"Font".to_vec()));
        probe.set("Encoding", Object::Name(name.to_vec()));
        let Ok(Encoding::OneByteEncoding(set)) = probe.get_font_encoding(self.doc) else {
            return None;
        };
        let mut table = ['\0'; 256];
        for (slot, glyph) in table.iter_mut().zip(set.iter()) {
            *slot = glyph
                .and_then(|g| char::from_u32(g.utf16_code_unit() as u32))
                .unwrap_or('\0');
        }
        self.tables.borrow_mut().insert(name.to_vec(), table);
        Some(table)
    }

    /// A glyph name's character: `uniXXXX` / `uXXXX`, else the Adobe glyph list (via lopdf's
    /// /Differences decoding, memoized per document).
    fn glyph(&self, name: &[u8]) -> Option<char> {
        if let Some(hex) = name
            .strip_prefix(b"uni")
            .filter(|h| h.len() == 4)
            .or_else(|| {
                name.strip_prefix(b"u")
                    .filter(|h| (4..=6).contains(&h.len()))
            })
        {
            if let Some(c) = std::str::from_utf8(hex)
                .ok()
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .and_then(char::from_u32)
            {
                return Some(c);
            }
        }
        if let Some(&c) = self.glyph_names.borrow().get(name) {
            return c;
        }
        let mut encoding = Dictionary::new();
        encoding.set("Type", Object::Name(b"Encoding".to_vec()));
        encoding.set(
            "Differences",
            Object::Array(vec![Object::Integer(65), Object::Name(name.to_vec())]),
        );
        let mut probe = Dictionary::new();
        probe.set("Type", Object::Name(b"Font".to_vec()));
        probe.set("Encoding", Object::Dictionary(encoding));
        let c = match probe.get_font_encoding(self.doc) {
            Ok(e @ Encoding::Differences(_)) => {
                e.bytes_to_string(&[65]).ok().and_then(|s| s.chars().next())
            }
            _ => None,
        };
        self.glyph_names.borrow_mut().insert(name.to_vec(), c);
        c
    }

    /// `Do`: runs a form XObject with its matrix and resources; images are skipped.
    fn form(&mut self, name: &[u8], ctx: &mut Page<'d>, gs: &mut State) -> Result<(), Unsupported> {
        let Some(reference) =
            ctx.resources
                .iter()
                .find_map(|r| match self.dict_get(r, b"XObject") {
                    Some(Object::Dictionary(d)) => d.get(name).ok(),
                    _ => None,
                })
        else {
            return Ok(());
        };
        let Ok(id) = reference.as_reference() else {
            return Ok(());
        };
        let Ok(Object::Stream(stream)) = self.doc.get_object(id) else {
            return Ok(());
        };
        match stream.dict.get(b"Subtype") {
            Ok(Object::Name(n)) if n == b"Form" => {}
            Ok(Object::Name(n)) if n == b"Image" => {
                paint_image(ctx, gs);
                return Ok(());
            }
            _ => return Ok(()),
        }
        if ctx.form_stack.len() >= MAX_FORM_DEPTH || ctx.form_stack.contains(&id) {
            return Ok(());
        }
        let content = match self.forms.get(&id) {
            Some(c) => c.clone(),
            None => {
                let bytes = stream
                    .decompressed_content()
                    .unwrap_or_else(|_| stream.content.clone());
                if bytes.len() > MAX_CONTENT_BYTES {
                    return Err(Unsupported::Budget);
                }
                let rc: Rc<[u8]> = bytes.into();
                self.forms.insert(id, rc.clone());
                rc
            }
        };
        let mut state = *gs;
        if let Some(Object::Array(m)) = self.dict_get(&stream.dict, b"Matrix") {
            let v: Vec<f32> = m.iter().filter_map(|o| num(self.deref(o))).collect();
            if v.len() == 6 {
                state.ctm = mul(&[v[0], v[1], v[2], v[3], v[4], v[5]], &gs.ctm);
            }
        }
        // The form's BBox clips what it draws.
        if let Some(Object::Array(b)) = self.dict_get(&stream.dict, b"BBox") {
            let v: Vec<f32> = b.iter().filter_map(|o| num(self.deref(o))).collect();
            if v.len() == 4 {
                let mut path = Path::NEW;
                path.rect(&state.ctm, v[0], v[1], v[2] - v[0], v[3] - v[1]);
                state.clip_exact &= path.exact() || contains(&path.bbox, &state.clip);
                state.clip = intersect(&state.clip, &path.bbox);
            }
        }
        let own = match self.dict_get(&stream.dict, b"Resources") {
            Some(Object::Dictionary(r)) => Some(r),
            _ => None,
        };
        if let Some(r) = own {
            ctx.resources.insert(0, r);
        }
        ctx.form_stack.push(id);
        // The form's operands live in its own content: save the caller's strings.
        let saved = std::mem::take(&mut self.strings);
        let result = self.run(&content, ctx, state);
        self.strings = saved;
        ctx.form_stack.pop();
        if own.is_some() {
            ctx.resources.remove(0);
        }
        result
    }
}

/// Space or line break from where the last glyph ended (`last`: x, y, size) to a glyph drawn at
/// `x`, `y` in `size`.
fn separate(text: &mut String, last: (f32, f32, f32), x: f32, y: f32, size: f32) {
    let (lx, ly, lsize) = last;
    let em = size.max(lsize).max(0.1);
    let ends_ws = text.ends_with(char::is_whitespace);
    if (y - ly).abs() > 0.5 * em {
        if !text.ends_with('\n') {
            // Trailing spaces before a break are noise.
            while text.ends_with(' ') {
                text.pop();
            }
            text.push('\n');
        }
    } else if !ends_ws && ((x - lx) > 0.15 * em || (x - lx) < -0.5 * em) {
        text.push(' ');
    }
}

/// Records a painted shape. Whatever is painted shows through mode 7 text clipping it.
fn paint(
    ctx: &mut Page<'_>,
    gs: &mut State,
    bbox: Rect,
    colour: Option<[f32; 3]>,
    exact: bool,
    image: bool,
) {
    if gs.text_clip_from != NONE {
        for run in ctx.runs.iter_mut().skip(gs.text_clip_from as usize) {
            if run.render_mode == 7 {
                run.revealed = true;
            }
        }
        gs.text_clip_from = NONE;
    }
    let exact = exact && (gs.clip_exact || contains(&gs.clip, &bbox));
    let bbox = intersect(&bbox, &gs.clip);
    // Underlines, rules, borders: a shape this thin can neither cover readable text (it would
    // need 80 % of a 4 pt height) nor be behind it (half of it in both directions), so it is
    // not kept, and costs nothing when runs are judged.
    if (bbox[2] - bbox[0]).min(bbox[3] - bbox[1]) < MIN_SHAPE_SIDE {
        return;
    }
    if ctx.shapes.len() >= MAX_SHAPES {
        if ctx.shapes_full_at == NONE {
            ctx.shapes_full_at = ctx.runs.len() as u32;
        }
        return;
    }
    ctx.shapes.push(Shape {
        bbox,
        luminance: colour.map(luminance),
        exact,
        image,
        seq: ctx.runs.len() as u32,
    });
}

/// An image fills the unit square of its CTM.
fn paint_image(ctx: &mut Page<'_>, gs: &mut State) {
    let mut bbox = EMPTY;
    for (x, y) in [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)] {
        let (x, y) = apply(&gs.ctm, x, y);
        grow(&mut bbox, x, y);
    }
    paint(ctx, gs, bbox, None, false, true);
}

/// Relative luminance, once per colour (shapes when painted, runs when judged): comparisons
/// then cost no `powf`.
fn luminance(c: [f32; 3]) -> f32 {
    relative_luminance(c.map(f64::from)) as f32
}

/// Too little contrast to read one luminance on the other (see [`MIN_CONTRAST`]).
fn low_contrast(a: f32, b: f32) -> bool {
    f64::from((a.max(b) + 0.05) / (a.min(b) + 0.05)) < MIN_CONTRAST
}

/// Decides, once the page is drawn, which runs a reader cannot see.
fn classify(ctx: &mut Page<'_>) {
    let mut previous = None;
    // Runs mostly share a colour or two: their luminance is worked out once.
    let mut seen: [(Option<[f32; 3]>, Option<f32>); 2] = [(None, None); 2];
    let mut luminance_of = |colour: Option<[f32; 3]>, slot: usize| {
        if seen[slot].0 != colour {
            seen[slot] = (colour, colour.map(luminance));
        }
        seen[slot].1
    };
    for i in 0..ctx.runs.len() {
        let run = &ctx.runs[i];
        let blank = ctx.text[run.start as usize..run.end as usize]
            .bytes()
            .all(|b| b.is_ascii_whitespace());
        // A space hides nothing, but producers draw the spaces between words as runs of their
        // own: one goes with the run before it, so a hidden paragraph stays one stretch.
        let how = if blank {
            previous
        } else {
            // The colours the glyphs are painted in (fill, stroke or both by render mode).
            let fills = matches!(run.render_mode, 0 | 2 | 4 | 6);
            let strokes = matches!(run.render_mode, 1 | 2 | 5 | 6);
            let painted = [
                fills.then(|| luminance_of(run.fill, 0)),
                strokes.then(|| luminance_of(run.stroke, 1)),
            ];
            hidden_how(
                run,
                painted,
                i as u32,
                &ctx.shapes,
                ctx.shapes_full_at,
                &ctx.bbox,
            )
        };
        ctx.runs[i].hidden = how;
        previous = how;
    }
}

fn area(r: &Rect) -> f32 {
    (r[2] - r[0]).max(0.0) * (r[3] - r[1]).max(0.0)
}

/// How run `index` is hidden, if it is.
/// `painted`: the luminance of the fill and of the stroke, when the render mode paints them
/// (inner `None`: a colour that is not known).
fn hidden_how(
    run: &GlyphRun,
    painted: [Option<Option<f32>>; 2],
    index: u32,
    shapes: &[Shape],
    shapes_full_at: u32,
    page: &Rect,
) -> Option<HiddenHow> {
    let b = &run.bbox;
    let centre = [(b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0];
    let invisible = run.render_mode == 3 || (run.render_mode == 7 && !run.revealed);
    if invisible {
        // OCR puts invisible text over the scanned image of the same words: the reader sees
        // them in the image.
        let over_image = shapes.iter().any(|s| {
            s.image
                && s.bbox[0] <= centre[0]
                && centre[0] <= s.bbox[2]
                && s.bbox[1] <= centre[1]
                && centre[1] <= s.bbox[3]
        });
        return (!over_image).then_some(HiddenHow::InvisibleRenderMode);
    }
    if !run.inside {
        return Some(HiddenHow::OffPage);
    }
    if run.clipped {
        return Some(HiddenHow::Clipped);
    }
    if run.size < MIN_READABLE_SIZE {
        return Some(HiddenHow::TinyFont);
    }
    if index >= shapes_full_at {
        return None;
    }
    let first_after = shapes.partition_point(|s| s.seq <= index);
    // Covered: an opaque rectangle of another colour painted later over all of the glyphs
    // (a margin of a tenth of the size forgives rounding; a rule or underline is too thin).
    let margin = 0.1 * run.size;
    let core = [b[0] + margin, b[1] + margin, b[2] - margin, b[3] - margin];
    let covered = shapes[first_after..].iter().any(|s| {
        s.exact
            && contains(&s.bbox, &core)
            && s.luminance.is_some_and(|c| {
                painted
                    .iter()
                    .flatten()
                    .all(|p| p.is_none_or(|p| !low_contrast(p, c)))
            })
    });
    if covered {
        return Some(HiddenHow::Covered);
    }
    // Behind: the last shape painted before the run under its middle, a square half the run's
    // height around its centre (a rule, strike-through or column border is not a background).
    let quarter = (b[2] - b[0]).min(b[3] - b[1]) / 4.0;
    let middle = [
        centre[0] - quarter,
        centre[1] - quarter,
        centre[0] + quarter,
        centre[1] + quarter,
    ];
    let mut behind: Option<(&Shape, bool)> = None;
    for shape in shapes[..first_after].iter().rev() {
        if !contains(&shape.bbox, &middle) {
            continue;
        }
        let Some(colour) = shape.luminance else {
            // An image, a shading, a pattern or something translucent: its colour is not
            // known, so nothing is hidden against it.
            return None;
        };
        let same = painted
            .iter()
            .flatten()
            .all(|p| p.is_some_and(|p| low_contrast(p, colour)));
        if shape.exact {
            behind = Some((shape, same));
            break;
        }
        if !same {
            // The glyphs may be on this shape, and would show on it.
            return None;
        }
    }
    let (how, same) = match behind {
        // A shape nearly the size of the page is the page's colour.
        Some((shape, same)) if area(&intersect(&shape.bbox, page)) < 0.9 * area(page) => {
            (HiddenHow::SameColourAsShading, same)
        }
        Some((_, same)) => (HiddenHow::SameColourAsPage, same),
        None => (
            HiddenHow::SameColourAsPage,
            painted
                .iter()
                .flatten()
                .all(|p| p.is_some_and(|p| low_contrast(p, 1.0))),
        ),
    };
    (same && painted.iter().flatten().next().is_some()).then_some(how)
}

/// Takes hidden runs out of a page's text. Visible runs keep the spacing they were drawn with;
/// where hidden runs are taken out, the space or line break between the visible runs around
/// them is worked out again from their positions, as if the hidden ones had never been drawn.
/// Consecutive hidden runs hidden the same way make one stretch, returned with the line (within
/// the page) it would have been on.
#[allow(clippy::type_complexity)]
fn split_hidden(raw: String, runs: &[GlyphRun]) -> (String, Vec<(u32, String, HiddenHow)>) {
    if runs.iter().all(|r| r.hidden.is_none()) {
        return (raw, Vec::new());
    }
    let mut out = String::with_capacity(raw.len());
    // (offset in `out`, a line break came before it, first run, last run, how)
    let mut stretches: Vec<(usize, bool, usize, usize, HiddenHow)> = Vec::new();
    let mut last_visible: Option<&GlyphRun> = None;
    for (i, run) in runs.iter().enumerate() {
        let (start, end) = (run.start as usize, run.end as usize);
        match run.hidden {
            Some(how) => {
                if let Some(open) = stretches.last_mut().filter(|s| s.3 + 1 == i && s.4 == how) {
                    open.3 = i;
                    continue;
                }
                let gap = i
                    .checked_sub(1)
                    .map_or("", |p| &raw[runs[p].end as usize..start]);
                stretches.push((out.len(), gap.contains('\n'), i, i, how));
            }
            None => {
                let previous = i.checked_sub(1).map(|p| &runs[p]);
                match (previous, last_visible) {
                    (Some(p), _) if p.hidden.is_none() => out.push_str(&raw[p.end as usize..start]),
                    (_, Some(v)) => {
                        separate(&mut out, (v.end_x, v.end_y, v.size), run.x, run.y, run.size);
                        // The gap was the hidden words': a run that brings its own space
                        // needs no other.
                        if out.ends_with(' ') && raw[start..end].starts_with(char::is_whitespace) {
                            out.pop();
                        }
                    }
                    _ => {}
                }
                out.push_str(&raw[start..end]);
                last_visible = Some(run);
            }
        }
    }
    if let Some(last) = runs.last().filter(|r| r.hidden.is_none()) {
        out.push_str(&raw[last.end as usize..]);
    }
    let mut line = 1u32;
    let mut counted = 0usize;
    let hidden = stretches
        .into_iter()
        .map(|(at, broke, first, last, how)| {
            line += out.as_bytes()[counted..at]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u32;
            counted = at;
            let on_next = broke && at > 0 && !out[..at].ends_with('\n');
            let text = raw[runs[first].start as usize..runs[last].end as usize].trim();
            (line + on_next as u32, text.to_string(), how)
        })
        .collect();
    (out, hidden)
}

fn cmyk(c: f32, m: f32, y: f32, k: f32) -> [f32; 3] {
    [
        (1.0 - c) * (1.0 - k),
        (1.0 - m) * (1.0 - k),
        (1.0 - y) * (1.0 - k),
    ]
}

enum Tok<'a> {
    Operand(Operand<'a>),
    Op(&'a [u8]),
}

/// Tokenizes a content stream without allocating: strings are decoded into a scratch buffer.
struct Lexer<'a> {
    buf: &'a [u8],
    pos: usize,
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

impl<'a> Lexer<'a> {
    fn next(&mut self, strings: &mut Vec<u8>) -> Option<Tok<'a>> {
        let buf = self.buf;
        loop {
            while self.pos < buf.len() && is_ws(buf[self.pos]) {
                self.pos += 1;
            }
            let &c = buf.get(self.pos)?;
            match c {
                b'%' => {
                    while self.pos < buf.len() && buf[self.pos] != b'\n' && buf[self.pos] != b'\r' {
                        self.pos += 1;
                    }
                }
                b'/' => {
                    self.pos += 1;
                    let start = self.pos;
                    self.regular();
                    return Some(Tok::Operand(Operand::Name(&buf[start..self.pos])));
                }
                b'(' => {
                    self.pos += 1;
                    let start = strings.len() as u32;
                    self.literal(strings);
                    return Some(Tok::Operand(Operand::Str(start, strings.len() as u32)));
                }
                b'<' if buf.get(self.pos + 1) == Some(&b'<') => {
                    self.pos += 2;
                    return Some(Tok::Operand(Operand::Other));
                }
                b'>' if buf.get(self.pos + 1) == Some(&b'>') => {
                    self.pos += 2;
                    return Some(Tok::Operand(Operand::Other));
                }
                b'<' => {
                    self.pos += 1;
                    let start = strings.len() as u32;
                    self.hex(strings);
                    return Some(Tok::Operand(Operand::Str(start, strings.len() as u32)));
                }
                b'[' => {
                    self.pos += 1;
                    return Some(Tok::Operand(Operand::ArrayOpen));
                }
                b']' => {
                    self.pos += 1;
                    return Some(Tok::Operand(Operand::ArrayClose));
                }
                b'{' | b'}' | b')' | b'>' => {
                    self.pos += 1;
                    return Some(Tok::Operand(Operand::Other));
                }
                b'0'..=b'9' | b'+' | b'-' | b'.' => {
                    let start = self.pos;
                    self.regular();
                    return Some(Tok::Operand(
                        parse_number(&buf[start..self.pos]).map_or(Operand::Other, Operand::Num),
                    ));
                }
                _ => {
                    let start = self.pos;
                    self.regular();
                    if self.pos == start {
                        self.pos += 1;
                        continue;
                    }
                    let word = &buf[start..self.pos];
                    return Some(match word {
                        b"true" | b"false" | b"null" => Tok::Operand(Operand::Other),
                        _ => Tok::Op(word),
                    });
                }
            }
        }
    }

    fn regular(&mut self) {
        while self.pos < self.buf.len()
            && !is_ws(self.buf[self.pos])
            && !is_delim(self.buf[self.pos])
        {
            self.pos += 1;
        }
    }

    fn literal(&mut self, out: &mut Vec<u8>) {
        let buf = self.buf;
        let mut depth = 1usize;
        while let Some(&c) = buf.get(self.pos) {
            self.pos += 1;
            match c {
                b'(' => {
                    depth += 1;
                    out.push(c);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                    out.push(c);
                }
                b'\\' => {
                    let Some(&e) = buf.get(self.pos) else { return };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'0'..=b'7' => {
                            let mut v = (e - b'0') as u32;
                            for _ in 0..2 {
                                match buf.get(self.pos) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + (d - b'0') as u32;
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(v as u8);
                        }
                        b'\r' => {
                            if buf.get(self.pos) == Some(&b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        other => out.push(other),
                    }
                }
                _ => out.push(c),
            }
        }
    }

    fn hex(&mut self, out: &mut Vec<u8>) {
        let buf = self.buf;
        let mut high: Option<u8> = None;
        while let Some(&c) = buf.get(self.pos) {
            self.pos += 1;
            let v = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                b'>' => break,
                _ => continue,
            };
            match high.take() {
                Some(h) => out.push(h << 4 | v),
                None => high = Some(v),
            }
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
    }

    /// After `BI`: skips the image dictionary and data up to `EI`.
    fn skip_inline_image(&mut self) {
        let buf = self.buf;
        // The dictionary ends at the `ID` operator.
        while self.pos + 1 < buf.len() {
            if buf[self.pos] == b'I'
                && buf[self.pos + 1] == b'D'
                && (self.pos == 0 || is_ws(buf[self.pos - 1]) || is_delim(buf[self.pos - 1]))
                && buf.get(self.pos + 2).is_none_or(|&b| is_ws(b))
            {
                self.pos += 3;
                break;
            }
            self.pos += 1;
        }
        while self.pos + 1 < buf.len() {
            if buf[self.pos] == b'E'
                && buf[self.pos + 1] == b'I'
                && self.pos > 0
                && is_ws(buf[self.pos - 1])
                && buf.get(self.pos + 2).is_none_or(|&b| is_ws(b))
            {
                self.pos += 2;
                return;
            }
            self.pos += 1;
        }
        self.pos = buf.len();
    }
}

fn parse_number(s: &[u8]) -> Option<f32> {
    let (neg, digits) = match s.first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let mut int = 0f64;
    let mut frac = 0f64;
    let mut scale = 1f64;
    let mut seen_dot = false;
    let mut any = false;
    for &c in digits {
        match c {
            b'0'..=b'9' => {
                any = true;
                if seen_dot {
                    scale /= 10.0;
                    frac += (c - b'0') as f64 * scale;
                } else {
                    int = int * 10.0 + (c - b'0') as f64;
                }
            }
            b'.' if !seen_dot => seen_dot = true,
            // `--5` and such: readers take what they can.
            b'-' => {}
            _ => return None,
        }
    }
    if !any {
        return None;
    }
    let v = (int + frac) as f32;
    Some(if neg { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Stream};

    fn reader(doc: &Document) -> Reader<'_> {
        Reader {
            doc,
            fonts: Vec::new(),
            font_index: HashMap::new(),
            forms: HashMap::new(),
            tables: Default::default(),
            glyph_names: Default::default(),
            strings: Vec::new(),
            work: 0,
            glyphs: 0,
            unmapped: 0,
            total_bytes: 0,
            limit: usize::MAX,
        }
    }

    #[test]
    fn cid_width_ranges_cannot_claim_more_than_the_code_space() {
        let doc = Document::with_version("1.5");
        let reader = reader(&doc);
        // Ten thousand "0 99999 w" ranges and one starting at a huge float: each used to add
        // 65,537 entries to a list (gigabytes), and the float overflowed the code arithmetic.
        let mut w: Vec<Object> = Vec::new();
        for _ in 0..10_000 {
            w.extend([0.into(), 99_999.into(), 500.into()]);
        }
        w.extend([Object::Real(3.0e38), 3.0e38_f32.into(), 1.into()]);
        w.extend([5.into(), Object::Array(vec![250.into()])]);
        let mut font = Font {
            two_byte: true,
            simple: Vec::new(),
            cid: HashMap::new(),
            to_unicode: None,
            arena: String::new(),
            widths: Vec::new(),
            first_code: 0,
            default_width: 1000.0,
        };
        reader.cid_widths(&w, &mut font);
        assert_eq!(font.widths.len(), 1 << 16);
        assert_eq!(font.width(5), 250.0);
        assert_eq!(font.width(6), 500.0);
    }

    #[test]
    fn a_form_drawn_many_times_spends_the_budget_by_its_bytes() {
        // One operator-poor form (a single long string of unmapped glyphs) drawn 100 times:
        // few operators and no text, but 100 × 4 MB to lex.
        let mut doc = Document::with_version("1.5");
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding",
        });
        let mut form_content = b"BT /F1 10 Tf (".to_vec();
        form_content.extend(std::iter::repeat_n(b'\x01', 4 << 20));
        form_content.extend(b") Tj ET");
        let form = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
                "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
            },
            form_content,
        ));
        let page_content = "/X0 Do ".repeat(100).into_bytes();
        let contents = doc.add_object(Stream::new(dictionary! {}, page_content));
        let pages = doc.new_object_id();
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages, "Contents" => contents,
            "Resources" => dictionary! { "XObject" => dictionary! { "X0" => form } },
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        });
        doc.objects.insert(
            pages,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
            ),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
        doc.trailer.set("Root", catalog);
        assert!(matches!(
            extract_text(&doc, usize::MAX),
            Err(Unsupported::Budget)
        ));
    }

    /// A one-page letter-size document drawing `content` with Helvetica as /F1 (every glyph
    /// 500 units wide), an image /Im1, a 50 % alpha /Half and a spot colour /Spot.
    fn one_page(content: &str) -> Document {
        pages(&[content])
    }

    /// Like [`one_page`], a page per content stream.
    fn pages(contents: &[&str]) -> Document {
        let mut doc = Document::with_version("1.5");
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding",
        });
        let image = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
                "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
            },
            vec![128],
        ));
        let tint = doc.add_object(dictionary! {
            "FunctionType" => 2, "Domain" => vec![0.into(), 1.into()],
            "C0" => vec![0.into()], "C1" => vec![1.into()], "N" => 1,
        });
        let pages = doc.new_object_id();
        let resources = dictionary! {
                "Font" => dictionary! { "F1" => font },
                "XObject" => dictionary! { "Im1" => image },
                "ExtGState" => dictionary! { "Half" => dictionary! { "ca" => Object::Real(0.5) } },
                "ColorSpace" => dictionary! {
                    "Spot" => vec!["Separation".into(), "Ink".into(), "DeviceGray".into(), tint.into()],
                },
        };
        let kids: Vec<Object> = contents
            .iter()
            .map(|content| {
                let stream =
                    doc.add_object(Stream::new(dictionary! {}, content.as_bytes().to_vec()));
                doc.add_object(dictionary! {
                    "Type" => "Page", "Parent" => pages, "Contents" => stream,
                    "Resources" => resources.clone(),
                    "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
                })
                .into()
            })
            .collect();
        let count = kids.len() as i64;
        doc.objects.insert(
            pages,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
        doc.trailer.set("Root", catalog);
        doc
    }

    /// Visible text of the page and its hidden stretches as (text, line, how).
    fn screened(content: &str) -> (String, Vec<(String, u32, &'static str)>) {
        let doc = one_page(content);
        let out = extract_text(&doc, usize::MAX).unwrap();
        let hidden = out
            .hidden
            .into_iter()
            .map(|h| {
                assert_eq!(h.page, 1);
                (h.text, h.line, h.how.as_str())
            })
            .collect();
        (out.pages.into_iter().next().unwrap(), hidden)
    }

    /// Two visible lines with `hidden` drawn between them, after `setup`.
    fn around(setup: &str, hidden: &str) -> (String, Vec<(String, u32, &'static str)>) {
        screened(&format!(
            "{setup} BT /F1 10 Tf 72 700 Td (Aspiring developer) Tj ET \
             q {hidden} Q \
             BT /F1 10 Tf 72 680 Td (Library assistant) Tj ET"
        ))
    }

    const PAYLOAD: &str = "(Django Kubernetes in production) Tj";

    #[test]
    fn each_way_of_hiding_is_found_and_kept_out_of_the_text() {
        let cases = [
            (
                "",
                format!("BT 3 Tr /F1 10 Tf 72 690 Td {PAYLOAD} ET"),
                "invisible-render-mode",
            ),
            (
                "",
                format!("BT 7 Tr /F1 10 Tf 72 690 Td {PAYLOAD} ET"),
                "invisible-render-mode",
            ),
            (
                "",
                format!("1 1 1 rg BT /F1 10 Tf 72 690 Td {PAYLOAD} ET"),
                "same-colour-as-page",
            ),
            (
                "",
                format!("0.97 g BT /F1 10 Tf 72 690 Td {PAYLOAD} ET"),
                "same-colour-as-page",
            ),
            (
                "1 1 1 rg 0 0 612 792 re f 0 g",
                format!("1 g BT /F1 10 Tf 72 690 Td {PAYLOAD} ET 0 g"),
                "same-colour-as-page",
            ),
            (
                "0 0 0.5 rg 60 686 300 12 re f 0 g",
                format!("0 0 0.5 rg BT /F1 10 Tf 72 690 Td {PAYLOAD} ET 0 g"),
                "same-colour-as-shading",
            ),
            (
                "",
                format!("BT /F1 1.5 Tf 72 690 Td {PAYLOAD} ET"),
                "tiny-font",
            ),
            (
                "",
                format!("q 0.1 0 0 0.1 0 0 cm BT /F1 30 Tf 720 6900 Td {PAYLOAD} ET Q"),
                "tiny-font",
            ),
            (
                "",
                format!("BT /F1 10 Tf 700 690 Td {PAYLOAD} ET"),
                "off-page",
            ),
            (
                "",
                format!("BT /F1 10 Tf 72 -40 Td {PAYLOAD} ET"),
                "off-page",
            ),
            (
                "",
                format!("BT /F1 10 Tf 72 690 Td {PAYLOAD} ET 1 g 70 685 200 16 re f 0 g"),
                "covered",
            ),
            (
                "",
                format!("q 300 0 100 100 re W n BT /F1 10 Tf 72 690 Td {PAYLOAD} ET Q"),
                "clipped",
            ),
        ];
        for (setup, hidden, how) in &cases {
            let (text, found) = around(setup, hidden);
            assert_eq!(text, "Aspiring developer\nLibrary assistant", "{hidden}");
            assert_eq!(
                found,
                [("Django Kubernetes in production".to_string(), 2, *how)],
                "{hidden}"
            );
        }
    }

    #[test]
    fn hidden_words_inside_a_line_leave_its_spacing_alone() {
        let (text, found) = screened(
            "BT /F1 10 Tf 72 700 Td (Skills: Python,) Tj 1 g ( Django, FastAPI) Tj 0 g \
             ( Git) Tj 0 -20 Td (Next line) Tj ET",
        );
        assert_eq!(text, "Skills: Python, Git\nNext line");
        assert_eq!(
            found,
            [("Django, FastAPI".to_string(), 1, "same-colour-as-page")]
        );
        // Hidden words drawn far away on the same line do not split it.
        let (text, _) = screened(
            "BT /F1 10 Tf 72 700 Td (Python and) Tj 3 Tr 300 0 Td (Kafka) Tj 0 Tr \
             -300 0 Td 55 0 Td (SQL) Tj ET",
        );
        assert_eq!(text, "Python and SQL");
        // Drawn glyph by glyph, a word still hides on its own under a box over it alone.
        let (text, found) = screened(
            "BT /F1 10 Tf 72 700 Td (S) Tj (Q) Tj (L) Tj ( ) Tj (K) Tj (a) Tj (f) Tj (k) Tj \
             (a) Tj ( ) Tj (G) Tj (o) Tj ET 1 g 91 696 27 12 re f",
        );
        assert_eq!(text, "SQL Go");
        assert_eq!(found, [("Kafka".to_string(), 1, "covered")]);
    }

    #[test]
    fn a_hidden_paragraph_drawn_word_by_word_is_one_stretch_on_its_page_and_line() {
        // Word processors draw each word, and each space between, as a string of its own.
        let words = "(Django) Tj ( ) Tj (Kubernetes) Tj ( ) Tj (Kafka) Tj";
        let doc = pages(&[
            "BT /F1 10 Tf 72 700 Td (First page) Tj 0 -14 Td (second line) Tj ET",
            &format!(
                "BT /F1 10 Tf 72 700 Td (Page two) Tj ET \
                 BT /F1 1 Tf 72 690 Td {words} ET \
                 BT /F1 10 Tf 72 680 Td (Visible) Tj ( ) Tj (words) Tj ET"
            ),
        ]);
        let out = extract_text(&doc, usize::MAX).unwrap();
        assert_eq!(out.pages[1], "Page two\nVisible words");
        let hidden: Vec<_> = out
            .hidden
            .iter()
            .map(|h| (h.text.as_str(), h.page, h.line, h.how))
            .collect();
        assert_eq!(
            hidden,
            [("Django Kubernetes Kafka", 2, 4, HiddenHow::TinyFont)]
        );
    }

    #[test]
    fn genuine_layouts_hide_nothing() {
        let visible = [
            // White text on a dark sidebar, a dark header band drawn as a polygon and a
            // rounded (curved) badge.
            "0.1 0.2 0.4 rg 0 0 150 792 re f 1 g BT /F1 10 Tf 20 700 Td (Contact me) Tj ET",
            "0.2 g 0 740 m 612 740 l 612 792 l 0 792 l h f 1 1 1 rg \
             BT /F1 14 Tf 72 760 Td (Morgan Example) Tj ET",
            "0 0 0.6 rg 60 690 m 60 720 l 200 720 l 200 690 l 210 690 210 720 200 720 c f \
             1 g BT /F1 10 Tf 72 700 Td (Badge text) Tj ET",
            // A white page-size rectangle first, a page-size clip, a photo under white text.
            "1 g 0 0 612 792 re f 0 g q 0 0 612 792 re W n BT /F1 10 Tf 72 700 Td (Plain) Tj ET Q",
            "q 612 0 0 792 0 0 cm /Im1 Do Q 1 g BT /F1 10 Tf 72 700 Td (On the photo) Tj ET",
            // Underline, strike-through and table borders drawn after the text in white and
            // black; a translucent highlight over it.
            "BT /F1 10 Tf 72 700 Td (Underlined words) Tj ET 0 g 72 698 80 0.7 re f \
             1 g 72 703 80 1 re f 0 g 70 696 90 0.5 re f 70 712 90 0.5 re f 70 696 0.5 16 re f",
            "BT /F1 10 Tf 72 700 Td (Highlighted) Tj ET /Half gs 1 1 0 rg 70 697 70 12 re f",
            // A column border drawn first, running through the middle of a line.
            "0 g 114 600 0.8 200 re f BT /F1 10 Tf 72 700 Td (Across the border) Tj ET",
            // Text in a spot colour (tint 1: full ink) and mode 7 text with an image behind it.
            "/Spot cs 1 scn BT /F1 10 Tf 72 700 Td (Spot colour) Tj ET",
            "BT 7 Tr /F1 30 Tf 72 700 Td (BIG) Tj ET q 612 0 0 792 0 0 cm /Im1 Do Q",
            // OCR: a scan, and invisible text over it.
            "q 612 0 0 792 0 0 cm /Im1 Do Q BT 3 Tr /F1 10 Tf 72 700 Td (Scanned words) Tj ET",
            // Stroked outline text in white fill but black stroke.
            "1 g 0 G BT 1 Tr /F1 20 Tf 72 700 Td (Outlined) Tj ET",
            // A text line partly cut by its column's clip.
            "q 0 0 100 792 re W n BT /F1 10 Tf 72 700 Td (Clipped at the column edge) Tj ET Q",
        ];
        for content in visible {
            let (text, found) = screened(content);
            assert!(found.is_empty(), "{content}: {found:?}");
            assert!(text.chars().any(char::is_alphabetic), "{content}");
        }
    }

    fn tokens(src: &[u8]) -> Vec<String> {
        let mut lex = Lexer { buf: src, pos: 0 };
        let mut strings = Vec::new();
        let mut out = Vec::new();
        while let Some(t) = lex.next(&mut strings) {
            out.push(match t {
                Tok::Op(op) => format!("op:{}", String::from_utf8_lossy(op)),
                Tok::Operand(Operand::Num(n)) => format!("{n}"),
                Tok::Operand(Operand::Name(n)) => format!("/{}", String::from_utf8_lossy(n)),
                Tok::Operand(Operand::Str(a, b)) => {
                    format!(
                        "({})",
                        String::from_utf8_lossy(&strings[a as usize..b as usize])
                    )
                }
                Tok::Operand(Operand::ArrayOpen) => "[".into(),
                Tok::Operand(Operand::ArrayClose) => "]".into(),
                Tok::Operand(Operand::Other) => "?".into(),
            });
        }
        out
    }

    #[test]
    fn lexer_reads_operands_strings_and_operators() {
        let t =
            tokens(b"BT /F1 12 Tf 72 -7.5 Td (a\\(b\\) \\101) Tj [<4142> -250 (C)] TJ ET % c\nQ");
        assert_eq!(
            t,
            [
                "op:BT", "/F1", "12", "op:Tf", "72", "-7.5", "op:Td", "(a(b) A)", "op:Tj", "[",
                "(AB)", "-250", "(C)", "]", "op:TJ", "op:ET", "op:Q"
            ]
        );
    }

    #[test]
    fn inline_images_are_skipped() {
        let t = tokens(b"q BI /W 2 /H 2 ID \x00EI\xff\x01 EI Q");
        assert_eq!(t.first().map(String::as_str), Some("op:q"));
        let mut lex = Lexer {
            buf: b"BI /W 2 ID \x00EI\xff EI (x) Tj",
            pos: 2,
        };
        lex.skip_inline_image();
        let mut s = Vec::new();
        assert!(matches!(
            lex.next(&mut s),
            Some(Tok::Operand(Operand::Str(..)))
        ));
    }

    #[test]
    fn numbers_parse_like_readers_do() {
        assert_eq!(parse_number(b"-.5"), Some(-0.5));
        assert_eq!(parse_number(b"12"), Some(12.0));
        assert_eq!(parse_number(b"+3.25"), Some(3.25));
        assert_eq!(parse_number(b"-"), None);
    }
}
