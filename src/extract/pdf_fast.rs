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
//! Per run of glyphs it records the text state that hidden-text detection needs ([`GlyphRun`]:
//! render mode, fill colour, effective size, position against the page box); nothing acts on it
//! yet.

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

/// The text state of one shown string (a `Tj`, `'`, `"` or one string of a `TJ`), as drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GlyphRun {
    /// Byte range of the run's text in the page text.
    pub start: u32,
    /// End of that range (exclusive).
    pub end: u32,
    /// Text render mode (`Tr`): 3 is invisible, 7 clip only.
    pub render_mode: u8,
    /// Fill colour as RGB in 0..=1 (grey and CMYK converted).
    pub fill: [f32; 3],
    /// Font size times the vertical scale of the text matrix and CTM, in default user units.
    pub size: f32,
    /// Device-space origin of the first glyph.
    pub x: f32,
    /// Device-space origin of the first glyph.
    pub y: f32,
    /// Whether that origin lies inside the page's CropBox (MediaBox when there is none).
    pub inside: bool,
}

/// A document's text from the fast path.
#[derive(Debug, Default)]
pub struct FastText {
    /// Text per page.
    pub pages: Vec<String>,
    /// Glyph runs per page, in drawing order.
    pub runs: Vec<Vec<GlyphRun>>,
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
    for (_, page_id) in doc.get_pages() {
        let (text, runs) = reader.page(page_id)?;
        reader.total_bytes += text.len();
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

/// Graphics and text state saved by `q`.
#[derive(Clone, Copy)]
struct State {
    ctm: Matrix,
    fill: [f32; 3],
    font: Option<usize>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    scale: f32,
    leading: f32,
    rise: f32,
    render: u8,
}

impl Default for State {
    fn default() -> State {
        State {
            ctm: IDENTITY,
            fill: [0.0; 3],
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

    fn page(&mut self, page_id: ObjectId) -> Result<(String, Vec<GlyphRun>), Unsupported> {
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
            bbox,
            last: None,
            resources,
            form_stack: Vec::new(),
        };
        self.run(&content, &mut ctx, State::default())?;
        Ok((ctx.text, ctx.runs))
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
                                    self.show(a as usize, b as usize, &gs, &mut tm, ctx)?;
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
                    b"g" => {
                        let v = n(0);
                        gs.fill = [v, v, v];
                    }
                    b"rg" => gs.fill = [n(2), n(1), n(0)],
                    b"k" => gs.fill = cmyk(n(3), n(2), n(1), n(0)),
                    b"sc" | b"scn" => {
                        let nums = operands
                            .iter()
                            .rev()
                            .take_while(|o| matches!(o, Operand::Num(_)))
                            .count();
                        gs.fill = match nums {
                            1 => [n(0), n(0), n(0)],
                            3 => [n(2), n(1), n(0)],
                            4 => cmyk(n(3), n(2), n(1), n(0)),
                            _ => gs.fill,
                        };
                    }
                    b"cs" => gs.fill = [0.0; 3],
                    b"Do" => {
                        if let Some(Operand::Name(name)) = operands.last().copied() {
                            self.form(name, ctx, &gs)?;
                        }
                    }
                    b"BI" => lex.skip_inline_image(),
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
        // Space or line break from where the last glyph ended.
        if let Some((lx, ly, lsize)) = ctx.last {
            let em = size.max(lsize).max(0.1);
            let ends_ws = ctx.text.ends_with(char::is_whitespace);
            if (y - ly).abs() > 0.5 * em {
                if !ctx.text.ends_with('\n') {
                    // Trailing spaces before a break are noise.
                    while ctx.text.ends_with(' ') {
                        ctx.text.pop();
                    }
                    ctx.text.push('\n');
                }
            } else if !ends_ws && ((x - lx) > 0.15 * em || (x - lx) < -0.5 * em) {
                ctx.text.push(' ');
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
        ctx.last = Some((end[4], end[5], size));
        if ctx.text.len() > start {
            let inside = x >= ctx.bbox[0] - 1.0
                && x <= ctx.bbox[2] + 1.0
                && y >= ctx.bbox[1] - 1.0
                && y <= ctx.bbox[3] + 1.0;
            ctx.runs.push(GlyphRun {
                start: start as u32,
                end: ctx.text.len() as u32,
                render_mode: gs.render,
                fill: gs.fill,
                size,
                x,
                y,
                inside,
            });
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
    fn form(&mut self, name: &[u8], ctx: &mut Page<'d>, gs: &State) -> Result<(), Unsupported> {
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
        if !matches!(stream.dict.get(b"Subtype"), Ok(Object::Name(n)) if n == b"Form") {
            return Ok(());
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
