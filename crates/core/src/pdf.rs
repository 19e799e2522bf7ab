//! The one PDF path of the app: every printable page (the weekly summary, the agenda, the safety
//! plan, the people inventory) turns its data into a [`PrintDoc`] and this module lays it out on
//! A4 pages and writes the PDF. The webview's print is never used.
//!
//! Layout is done here, in two passes: blocks are flowed into pages of drawing operations (text
//! lines, strokes, fills), then each page is drawn with krilla, which embeds a subset of the font.
//! Lines are wrapped by measuring the embedded font's own advances (its cmap and hmtx, read with
//! skrifa, the reader krilla uses), and the same glyphs and advances are what is drawn, so a
//! measured line is exactly as wide as the printed one. There is no shaping: the embedded font
//! has precomposed Latin letters (á é í ó ú ñ ü ¿ ¡ « »), which is what the app's languages need.
//!
//! Text from the patient is data: it is drawn glyph by glyph, nothing in it is interpreted.

use krilla::color::rgb;
use krilla::geom::{Path, PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, LineCap, LineJoin, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Document, SerializeSettings};
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

use crate::error::{Error, ErrorCode, Result};
use crate::fsutil;

/// A printable document: a title on page 1 and blocks that flow down A4 pages (US Letter not
/// needed).
#[derive(Debug, Clone, PartialEq)]
pub struct PrintDoc {
    /// Shown at the top of page 1.
    pub title: String,
    /// The PDF's Title metadata (the caller passes a neutral one such as "Notes" when the patient
    /// asked for a neutral title).
    pub metadata_title: String,
    /// A small line under the title, e.g. the period or the date printed ("" for none).
    pub subtitle: String,
    pub blocks: Vec<Block>,
}

/// One piece of a [`PrintDoc`], laid out in order down the page.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A section heading (bold, larger); never left alone at the bottom of a page.
    Heading(String),
    /// Wrapped text; '\n' starts a new line.
    Paragraph(String),
    /// A smaller grey note, wrapped.
    Muted(String),
    /// "label: value" rows, the label bold, the value wrapped beside it (or under it when a label
    /// is too long to share the line).
    Fields(Vec<(String, String)>),
    /// A wrapped bullet list.
    Bullets(Vec<String>),
    /// A simple grid: columns share the width, cells wrap, the header is repeated on a new page.
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    Chart(Chart),
    /// A thin horizontal line.
    Rule,
}

/// A small line chart drawn as vector paths (never an image): each series on its own 0..=max
/// scale, all on one shared x axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// What the chart shows, in words (drawn as its caption).
    pub caption: String,
    /// Tick labels along x: (position 0.0..=1.0, label).
    pub x_labels: Vec<(f64, String)>,
    pub series: Vec<Series>,
}

/// One line of a [`Chart`].
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// In the legend, e.g. "PHQ-9 (0–27)".
    pub name: String,
    /// The top of this series' scale.
    pub max: f64,
    /// (x 0.0..=1.0, value 0..=max), in x order.
    pub points: Vec<(f64, f64)>,
    pub dashed: bool,
    /// A small dot at each point.
    pub markers: bool,
}

/// Renders the document to PDF bytes. Errors: `ErrorCode::Internal` with a calm message if the
/// PDF cannot be made.
pub fn render(doc: &PrintDoc) -> Result<Vec<u8>> {
    let fonts = Fonts::load()?;
    let pages = Layout::run(&fonts, doc);
    draw_document(&fonts, doc, &pages)
}

/// Renders and writes the PDF where the patient chose in the save dialog: the path is checked
/// first ([`fsutil::save_target`]: a full path to a file, not a folder), then the file is
/// replaced atomically. Returns the number of bytes written.
pub fn save(doc: &PrintDoc, path: &str) -> Result<u64> {
    let target = fsutil::save_target(path)?;
    let bytes = render(doc)?;
    fsutil::write_atomic(&target, &bytes)?;
    Ok(u64::try_from(bytes.len()).unwrap_or(u64::MAX))
}

// ---------------------------------------------------------------------------------------------
// Fonts

const REGULAR_TTF: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../assets/fonts/DejaVuSans-Bold.ttf");

fn internal() -> Error {
    Error::new(ErrorCode::Internal, "the PDF could not be made")
}

/// One embedded face: krilla's handle for drawing and skrifa's tables for measuring.
struct Face {
    font: Font,
    charmap: skrifa::charmap::Charmap<'static>,
    metrics: skrifa::metrics::GlyphMetrics<'static>,
    units_per_em: f32,
}

impl Face {
    fn load(bytes: &'static [u8]) -> Result<Self> {
        let font_ref = FontRef::new(bytes).map_err(|_| internal())?;
        let units_per_em = f32::from(
            font_ref
                .metrics(Size::unscaled(), LocationRef::default())
                .units_per_em,
        );
        if units_per_em <= 0.0 {
            return Err(internal());
        }
        Ok(Self {
            font: Font::new(bytes.into(), 0).ok_or_else(internal)?,
            charmap: font_ref.charmap(),
            metrics: font_ref.glyph_metrics(Size::unscaled(), LocationRef::default()),
            units_per_em,
        })
    }

    /// The glyph for `ch` (the font's "missing" glyph when it has none) and its advance in em.
    fn glyph(&self, ch: char) -> (u32, f32) {
        let gid = self.charmap.map(ch).unwrap_or(skrifa::GlyphId::NOTDEF);
        let advance = self.metrics.advance_width(gid).unwrap_or(0.0) / self.units_per_em;
        (gid.to_u32(), advance)
    }

    /// The advance of `ch` at `size` points.
    fn advance(&self, ch: char, size: f32) -> f32 {
        self.glyph(ch).1 * size
    }
}

struct Fonts {
    regular: Face,
    bold: Face,
}

impl Fonts {
    fn load() -> Result<Self> {
        Ok(Self {
            regular: Face::load(REGULAR_TTF)?,
            bold: Face::load(BOLD_TTF)?,
        })
    }

    fn face(&self, bold: bool) -> &Face {
        if bold { &self.bold } else { &self.regular }
    }

    fn wrap(&self, text: &str, bold: bool, size: f32, max_width: f32) -> Vec<String> {
        let face = self.face(bold);
        wrap(&clean(text), max_width, &|ch| face.advance(ch, size))
    }

    fn width(&self, text: &str, bold: bool, size: f32) -> f32 {
        let face = self.face(bold);
        text.chars().map(|ch| face.advance(ch, size)).sum()
    }
}

// ---------------------------------------------------------------------------------------------
// Line wrapping

/// Tabs become spaces, CR LF and lone CR become '\n', and other control characters are dropped:
/// they have no glyph and must not reach the page.
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\n' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A space a line may break at (a no-break space is not one).
fn is_break_space(ch: char) -> bool {
    ch.is_whitespace() && !matches!(ch, '\u{a0}' | '\u{2007}' | '\u{202f}')
}

/// Breaks `text` into lines no wider than `max_width`, measuring each character with `advance`.
/// '\n' always starts a new line (an empty line stays as ""); runs of spaces between words
/// collapse to one; a word wider than the line is broken between characters. A line is only
/// wider than `max_width` when a single character is.
fn wrap(text: &str, max_width: f32, advance: &dyn Fn(char) -> f32) -> Vec<String> {
    let measure = |s: &str| -> f32 { s.chars().map(advance).sum() };
    let space = advance(' ');
    let mut lines = Vec::new();
    for raw in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0.0_f32;
        for word in raw.split(is_break_space).filter(|w| !w.is_empty()) {
            let word_width = measure(word);
            if !line.is_empty() {
                if line_width + space + word_width <= max_width {
                    line.push(' ');
                    line.push_str(word);
                    line_width += space + word_width;
                    continue;
                }
                lines.push(std::mem::take(&mut line));
            }
            if word_width <= max_width {
                line.push_str(word);
                line_width = word_width;
                continue;
            }
            // A word longer than the line: as many characters as fit on each line.
            let mut chunk = String::new();
            let mut chunk_width = 0.0_f32;
            for ch in word.chars() {
                let w = advance(ch);
                if !chunk.is_empty() && chunk_width + w > max_width {
                    lines.push(std::mem::take(&mut chunk));
                    chunk_width = 0.0;
                }
                chunk.push(ch);
                chunk_width += w;
            }
            line = chunk;
            line_width = chunk_width;
        }
        lines.push(line);
    }
    lines
}

// ---------------------------------------------------------------------------------------------
// Page geometry and style (points; y grows downwards from the top of the page)

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
/// About 2 cm.
const MARGIN: f32 = 56.7;
const LEFT: f32 = MARGIN;
const RIGHT: f32 = PAGE_W - MARGIN;
const WIDTH: f32 = RIGHT - LEFT;
const TOP: f32 = MARGIN;
const BOTTOM: f32 = PAGE_H - MARGIN;
const FOOTER_BASELINE: f32 = PAGE_H - 30.0;

const TITLE_SIZE: f32 = 18.0;
const SUBTITLE_SIZE: f32 = 10.0;
const HEADING_SIZE: f32 = 13.0;
const BODY_SIZE: f32 = 10.5;
const MUTED_SIZE: f32 = 9.0;
const TABLE_SIZE: f32 = 9.5;
const SMALL_SIZE: f32 = 8.0;
/// Line height as a multiple of the font size; the baseline sits `BASELINE` × size below the top
/// of the line.
const LEADING: f32 = 1.45;
const BASELINE: f32 = 1.08;

const BLOCK_GAP: f32 = 7.0;
const HEADING_GAP_BEFORE: f32 = 9.0;
const BULLET_INDENT: f32 = 14.0;
const FIELD_LABEL_SHARE: f32 = 0.35;
const FIELD_GAP: f32 = 10.0;
const CELL_PAD_X: f32 = 4.0;
const CELL_PAD_Y: f32 = 3.0;
const PLOT_H: f32 = 120.0;

type Rgb = (u8, u8, u8);
const INK: Rgb = (0x1a, 0x1a, 0x1a);
const GREY: Rgb = (0x5f, 0x5f, 0x5f);
const LIGHT: Rgb = (0xb8, 0xb8, 0xb8);
const FAINT: Rgb = (0xe4, 0xe4, 0xe4);
const HEADER_BG: Rgb = (0xf0, 0xf0, 0xf0);
const ACCENT: Rgb = (0x1f, 0x6f, 0x76);

fn line_height(size: f32) -> f32 {
    size * LEADING
}

/// One thing to draw on a page, already placed.
#[derive(Debug, Clone, PartialEq)]
enum Op {
    Text {
        x: f32,
        baseline: f32,
        size: f32,
        bold: bool,
        color: Rgb,
        text: String,
    },
    Stroke {
        points: Vec<(f32, f32)>,
        width: f32,
        color: Rgb,
        dashed: bool,
    },
    FillRect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
    },
    Dot {
        x: f32,
        y: f32,
        r: f32,
        color: Rgb,
    },
}

// ---------------------------------------------------------------------------------------------
// Layout: blocks → pages of operations

struct Layout<'f> {
    fonts: &'f Fonts,
    pages: Vec<Vec<Op>>,
    /// The top of the free space on the current page.
    y: f32,
}

impl<'f> Layout<'f> {
    fn run(fonts: &'f Fonts, doc: &PrintDoc) -> Vec<Vec<Op>> {
        let mut l = Layout {
            fonts,
            pages: vec![Vec::new()],
            y: TOP,
        };
        l.lines(
            &fonts.wrap(&doc.title, true, TITLE_SIZE, WIDTH),
            LEFT,
            TITLE_SIZE,
            true,
            INK,
        );
        if !doc.subtitle.trim().is_empty() {
            l.y += 2.0;
            l.lines(
                &fonts.wrap(&doc.subtitle, false, SUBTITLE_SIZE, WIDTH),
                LEFT,
                SUBTITLE_SIZE,
                false,
                GREY,
            );
        }
        l.y += 10.0;
        for (i, block) in doc.blocks.iter().enumerate() {
            l.block(block, doc.blocks.get(i + 1));
        }
        l.pages
    }

    fn at_page_top(&self) -> bool {
        self.y <= TOP + 0.5
    }

    fn room(&self) -> f32 {
        BOTTOM - self.y
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    /// Starts a new page unless `height` fits below (or the page is still empty: what does not
    /// fit on an empty page is split or drawn anyway, never pushed on forever).
    fn ensure(&mut self, height: f32) {
        if height > self.room() && !self.at_page_top() {
            self.new_page();
        }
    }

    fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    fn text(&mut self, x: f32, top: f32, size: f32, bold: bool, color: Rgb, text: &str) {
        if text.is_empty() {
            return;
        }
        self.push(Op::Text {
            x,
            baseline: top + size * BASELINE,
            size,
            bold,
            color,
            text: text.to_owned(),
        });
    }

    fn hline(&mut self, x1: f32, x2: f32, y: f32, width: f32, color: Rgb) {
        self.push(Op::Stroke {
            points: vec![(x1, y), (x2, y)],
            width,
            color,
            dashed: false,
        });
    }

    /// Wrapped lines, one under the other; a page may break between any two.
    fn lines(&mut self, lines: &[String], x: f32, size: f32, bold: bool, color: Rgb) {
        let lh = line_height(size);
        for line in lines {
            self.ensure(lh);
            self.text(x, self.y, size, bold, color, line);
            self.y += lh;
        }
    }

    /// The height that must fit below a heading for the heading to stay on this page: the first
    /// line (or row, or the whole chart) of what follows it.
    fn first_height(&self, block: Option<&Block>) -> f32 {
        match block {
            None | Some(Block::Rule) => 0.0,
            Some(Block::Heading(_)) => line_height(HEADING_SIZE),
            Some(Block::Paragraph(_) | Block::Fields(_) | Block::Bullets(_)) => {
                line_height(BODY_SIZE)
            }
            Some(Block::Muted(_)) => line_height(MUTED_SIZE),
            Some(Block::Table { header, .. }) => {
                let header_h = if header.is_empty() {
                    0.0
                } else {
                    self.table_header(header).1
                };
                header_h + line_height(TABLE_SIZE) + 2.0 * CELL_PAD_Y
            }
            Some(Block::Chart(chart)) => self.chart_height(chart),
        }
    }

    fn block(&mut self, block: &Block, next: Option<&Block>) {
        match block {
            Block::Heading(text) => {
                let lines = self.fonts.wrap(text, true, HEADING_SIZE, WIDTH);
                let own = lines.len() as f32 * line_height(HEADING_SIZE);
                if !self.at_page_top() {
                    self.y += HEADING_GAP_BEFORE;
                }
                let keep = own + 3.0 + self.first_height(next);
                if keep <= BOTTOM - TOP {
                    self.ensure(keep);
                }
                self.lines(&lines, LEFT, HEADING_SIZE, true, INK);
                self.y += 3.0;
            }
            Block::Paragraph(text) => {
                let lines = self.fonts.wrap(text, false, BODY_SIZE, WIDTH);
                self.lines(&lines, LEFT, BODY_SIZE, false, INK);
                self.y += BLOCK_GAP;
            }
            Block::Muted(text) => {
                let lines = self.fonts.wrap(text, false, MUTED_SIZE, WIDTH);
                self.lines(&lines, LEFT, MUTED_SIZE, false, GREY);
                self.y += BLOCK_GAP;
            }
            Block::Fields(rows) => {
                self.fields(rows);
                self.y += BLOCK_GAP;
            }
            Block::Bullets(items) => {
                self.bullets(items);
                self.y += BLOCK_GAP;
            }
            Block::Table { header, rows } => {
                self.table(header, rows);
                self.y += BLOCK_GAP;
            }
            Block::Chart(chart) => {
                self.chart(chart);
                self.y += BLOCK_GAP;
            }
            Block::Rule => {
                self.ensure(8.0);
                self.y += 3.0;
                self.hline(LEFT, RIGHT, self.y, 0.6, LIGHT);
                self.y += 3.0 + BLOCK_GAP;
            }
        }
    }

    fn fields(&mut self, rows: &[(String, String)]) {
        let lh = line_height(BODY_SIZE);
        let labels: Vec<String> = rows
            .iter()
            .map(|(label, _)| {
                let label = clean(label).replace('\n', " ");
                let label = label.trim();
                if label.is_empty() || label.ends_with(':') {
                    label.to_owned()
                } else {
                    format!("{label}:")
                }
            })
            .collect();
        let widest = labels
            .iter()
            .map(|l| self.fonts.width(l, true, BODY_SIZE))
            .fold(0.0_f32, f32::max);
        let beside = widest <= WIDTH * FIELD_LABEL_SHARE;
        for (label, (_, value)) in labels.iter().zip(rows) {
            if beside {
                let value_x = LEFT + widest + FIELD_GAP;
                let value_lines = self.fonts.wrap(value, false, BODY_SIZE, RIGHT - value_x);
                for (i, line) in value_lines.iter().enumerate() {
                    self.ensure(lh);
                    if i == 0 {
                        self.text(LEFT, self.y, BODY_SIZE, true, INK, label);
                    }
                    self.text(value_x, self.y, BODY_SIZE, false, INK, line);
                    self.y += lh;
                }
            } else {
                let label_lines = self.fonts.wrap(label, true, BODY_SIZE, WIDTH);
                let value_lines = self
                    .fonts
                    .wrap(value, false, BODY_SIZE, WIDTH - BULLET_INDENT);
                // The label stays with the first line of its value.
                self.ensure(lh * (label_lines.len() + 1) as f32);
                self.lines(&label_lines, LEFT, BODY_SIZE, true, INK);
                self.lines(&value_lines, LEFT + BULLET_INDENT, BODY_SIZE, false, INK);
            }
            self.y += 2.0;
        }
    }

    fn bullets(&mut self, items: &[String]) {
        let lh = line_height(BODY_SIZE);
        for item in items {
            let lines = self
                .fonts
                .wrap(item, false, BODY_SIZE, WIDTH - BULLET_INDENT);
            for (i, line) in lines.iter().enumerate() {
                self.ensure(lh);
                if i == 0 {
                    self.text(LEFT + 3.0, self.y, BODY_SIZE, false, INK, "•");
                }
                self.text(LEFT + BULLET_INDENT, self.y, BODY_SIZE, false, INK, line);
                self.y += lh;
            }
            self.y += 2.0;
        }
    }

    /// The header's wrapped cells and its height.
    fn table_header(&self, header: &[String]) -> (Vec<Vec<String>>, f32) {
        let cols = header.len().max(1);
        let cells = self.table_cells(header, cols, true);
        let h = cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * line_height(TABLE_SIZE)
            + 2.0 * CELL_PAD_Y;
        (cells, h)
    }

    fn table_cells(&self, row: &[String], cols: usize, bold: bool) -> Vec<Vec<String>> {
        let text_w = (WIDTH / cols as f32 - 2.0 * CELL_PAD_X).max(1.0);
        (0..cols)
            .map(|c| {
                let text = row.get(c).map(String::as_str).unwrap_or("");
                self.fonts.wrap(text, bold, TABLE_SIZE, text_w)
            })
            .collect()
    }

    fn table(&mut self, header: &[String], rows: &[Vec<String>]) {
        let cols = rows
            .iter()
            .map(Vec::len)
            .chain(std::iter::once(header.len()))
            .max()
            .unwrap_or(0);
        if cols == 0 {
            return;
        }
        let lh = line_height(TABLE_SIZE);
        let head = if header.is_empty() {
            None
        } else {
            Some(self.table_cells(header, cols, true))
        };
        let head_h = head
            .as_ref()
            .map(|h| h.iter().map(Vec::len).max().unwrap_or(1) as f32 * lh + 2.0 * CELL_PAD_Y)
            .unwrap_or(0.0);
        let fresh = BOTTOM - TOP - head_h;

        // The header stays with the first row (or with as much of it as a page holds).
        let first = rows
            .first()
            .map(|row| {
                let cells = self.table_cells(row, cols, false);
                cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * lh + 2.0 * CELL_PAD_Y
            })
            .unwrap_or(0.0);
        self.ensure(head_h + first.min(fresh));
        self.table_head(head.as_deref(), cols);
        for row in rows {
            let cells = self.table_cells(row, cols, false);
            let total = cells.iter().map(Vec::len).max().unwrap_or(1);
            let mut start = 0;
            while start < total {
                let need = (total - start) as f32 * lh + 2.0 * CELL_PAD_Y;
                let min = lh + 2.0 * CELL_PAD_Y;
                // A row that fits on a fresh page is not split; a taller one is split between
                // lines, each part under a repeated header.
                if need > self.room() && (need <= fresh || self.room() < min) {
                    self.new_page();
                    self.table_head(head.as_deref(), cols);
                }
                let fit = ((self.room() - 2.0 * CELL_PAD_Y) / lh).floor().max(1.0) as usize;
                let take = fit.min(total - start);
                self.table_chunk(&cells, start, take, cols, false, None);
                start += take;
                if start < total {
                    self.new_page();
                    self.table_head(head.as_deref(), cols);
                }
            }
        }
    }

    fn table_head(&mut self, head: Option<&[Vec<String>]>, cols: usize) {
        if let Some(cells) = head {
            let lines = cells.iter().map(Vec::len).max().unwrap_or(1);
            self.table_chunk(cells, 0, lines, cols, true, Some(HEADER_BG));
        }
    }

    /// Lines `start..start + take` of every cell of a row, with the grid around them.
    fn table_chunk(
        &mut self,
        cells: &[Vec<String>],
        start: usize,
        take: usize,
        cols: usize,
        bold: bool,
        background: Option<Rgb>,
    ) {
        let lh = line_height(TABLE_SIZE);
        let col_w = WIDTH / cols as f32;
        let top = self.y;
        let h = take as f32 * lh + 2.0 * CELL_PAD_Y;
        if let Some(color) = background {
            self.push(Op::FillRect {
                x: LEFT,
                y: top,
                w: WIDTH,
                h,
                color,
            });
        }
        for (c, lines) in cells.iter().enumerate() {
            let x = LEFT + c as f32 * col_w + CELL_PAD_X;
            for k in 0..take {
                if let Some(line) = lines.get(start + k) {
                    let line_top = top + CELL_PAD_Y + k as f32 * lh;
                    self.text(x, line_top, TABLE_SIZE, bold, INK, line);
                }
            }
        }
        self.hline(LEFT, RIGHT, top, 0.5, LIGHT);
        self.hline(LEFT, RIGHT, top + h, 0.5, LIGHT);
        for c in 0..=cols {
            let x = LEFT + c as f32 * col_w;
            self.push(Op::Stroke {
                points: vec![(x, top), (x, top + h)],
                width: 0.5,
                color: LIGHT,
                dashed: false,
            });
        }
        self.y = top + h;
    }

    fn chart_caption(&self, chart: &Chart) -> Vec<String> {
        if chart.caption.trim().is_empty() {
            Vec::new()
        } else {
            self.fonts
                .wrap(&chart.caption, true, MUTED_SIZE + 0.5, WIDTH)
        }
    }

    fn chart_legend(&self, chart: &Chart) -> Vec<Vec<String>> {
        chart
            .series
            .iter()
            .map(|s| self.fonts.wrap(&s.name, false, MUTED_SIZE, WIDTH - 34.0))
            .collect()
    }

    fn chart_height(&self, chart: &Chart) -> f32 {
        let caption = self.chart_caption(chart).len() as f32 * line_height(MUTED_SIZE + 0.5);
        let legend: usize = self.chart_legend(chart).iter().map(Vec::len).sum();
        caption + 6.0 + PLOT_H + 16.0 + 4.0 + legend as f32 * line_height(MUTED_SIZE)
    }

    fn chart(&mut self, chart: &Chart) {
        self.ensure(self.chart_height(chart));
        let caption = self.chart_caption(chart);
        self.lines(&caption, LEFT, MUTED_SIZE + 0.5, true, INK);
        self.y += 6.0;

        let left = LEFT + 4.0;
        let right = RIGHT - 4.0;
        let plot_w = right - left;
        let top = self.y;
        let bottom = top + PLOT_H;
        for i in 0..=4 {
            let y = top + PLOT_H * i as f32 / 4.0;
            let color = if i == 4 { LIGHT } else { FAINT };
            self.hline(left, right, y, 0.5, color);
        }
        let to_x = |x: f64| left + (x.clamp(0.0, 1.0) as f32) * plot_w;
        for (x, label) in &chart.x_labels {
            if !x.is_finite() {
                continue;
            }
            // A label wider than the page keeps what fits on one line.
            let label = self
                .fonts
                .wrap(&clean(label).replace('\n', " "), false, SMALL_SIZE, WIDTH)
                .into_iter()
                .next()
                .unwrap_or_default();
            let px = to_x(*x);
            self.push(Op::Stroke {
                points: vec![(px, bottom), (px, bottom + 3.0)],
                width: 0.5,
                color: LIGHT,
                dashed: false,
            });
            let w = self.fonts.width(&label, false, SMALL_SIZE);
            let lx = (px - w / 2.0).clamp(LEFT, (RIGHT - w).max(LEFT));
            self.text(lx, bottom + 4.0, SMALL_SIZE, false, GREY, &label);
        }
        for series in &chart.series {
            if !(series.max.is_finite() && series.max > 0.0) {
                continue;
            }
            let points: Vec<(f32, f32)> = series
                .points
                .iter()
                .filter(|(x, v)| x.is_finite() && v.is_finite())
                .map(|(x, v)| {
                    let share = (v / series.max).clamp(0.0, 1.0) as f32;
                    (to_x(*x), bottom - share * PLOT_H)
                })
                .collect();
            if points.len() > 1 {
                self.push(Op::Stroke {
                    points: points.clone(),
                    width: 1.6,
                    color: ACCENT,
                    dashed: series.dashed,
                });
            }
            if series.markers || points.len() == 1 {
                for (x, y) in points {
                    self.push(Op::Dot {
                        x,
                        y,
                        r: 2.2,
                        color: ACCENT,
                    });
                }
            }
        }
        self.y = bottom + 16.0 + 4.0;

        let lh = line_height(MUTED_SIZE);
        for (series, lines) in chart.series.iter().zip(self.chart_legend(chart)) {
            let mid = self.y + lh / 2.0;
            self.push(Op::Stroke {
                points: vec![(LEFT + 2.0, mid), (LEFT + 26.0, mid)],
                width: 1.6,
                color: ACCENT,
                dashed: series.dashed,
            });
            if series.markers {
                self.push(Op::Dot {
                    x: LEFT + 14.0,
                    y: mid,
                    r: 2.2,
                    color: ACCENT,
                });
            }
            self.lines(&lines, LEFT + 34.0, MUTED_SIZE, false, INK);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Drawing: pages of operations → PDF

fn color(c: Rgb) -> rgb::Color {
    rgb::Color::new(c.0, c.1, c.2)
}

fn fill(c: Rgb) -> Fill {
    Fill {
        paint: color(c).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

fn circle(x: f32, y: f32, r: f32) -> Option<Path> {
    // Four cubic arcs.
    const K: f32 = 0.552_284_8;
    let k = K * r;
    let mut pb = PathBuilder::new();
    pb.move_to(x + r, y);
    pb.cubic_to(x + r, y + k, x + k, y + r, x, y + r);
    pb.cubic_to(x - k, y + r, x - r, y + k, x - r, y);
    pb.cubic_to(x - r, y - k, x - k, y - r, x, y - r);
    pb.cubic_to(x + k, y - r, x + r, y - k, x + r, y);
    pb.close();
    pb.finish()
}

fn draw_text(
    surface: &mut Surface<'_>,
    face: &Face,
    x: f32,
    y: f32,
    size: f32,
    c: Rgb,
    text: &str,
) {
    let glyphs: Vec<KrillaGlyph> = text
        .char_indices()
        .map(|(i, ch)| {
            let (gid, advance) = face.glyph(ch);
            KrillaGlyph::new(
                GlyphId::new(gid),
                advance,
                0.0,
                0.0,
                0.0,
                i..i + ch.len_utf8(),
                None,
            )
        })
        .collect();
    surface.set_stroke(None);
    surface.set_fill(Some(fill(c)));
    surface.draw_glyphs(
        Point::from_xy(x, y),
        &glyphs,
        face.font.clone(),
        text,
        size,
        false,
    );
}

fn draw_op(surface: &mut Surface<'_>, fonts: &Fonts, op: &Op) {
    match op {
        Op::Text {
            x,
            baseline,
            size,
            bold,
            color: c,
            text,
        } => draw_text(surface, fonts.face(*bold), *x, *baseline, *size, *c, text),
        Op::Stroke {
            points,
            width,
            color: c,
            dashed,
        } => {
            let mut pb = PathBuilder::new();
            for (i, (x, y)) in points.iter().enumerate() {
                if i == 0 {
                    pb.move_to(*x, *y);
                } else {
                    pb.line_to(*x, *y);
                }
            }
            if let Some(path) = pb.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    paint: color(*c).into(),
                    width: *width,
                    line_cap: LineCap::Round,
                    line_join: LineJoin::Round,
                    dash: dashed.then(|| StrokeDash {
                        array: vec![4.0, 3.0],
                        offset: 0.0,
                    }),
                    ..Stroke::default()
                }));
                surface.draw_path(&path);
            }
        }
        Op::FillRect {
            x,
            y,
            w,
            h,
            color: c,
        } => {
            if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                let mut pb = PathBuilder::new();
                pb.push_rect(rect);
                if let Some(path) = pb.finish() {
                    surface.set_stroke(None);
                    surface.set_fill(Some(fill(*c)));
                    surface.draw_path(&path);
                }
            }
        }
        Op::Dot { x, y, r, color: c } => {
            if let Some(path) = circle(*x, *y, *r) {
                surface.set_stroke(None);
                surface.set_fill(Some(fill(*c)));
                surface.draw_path(&path);
            }
        }
    }
}

fn draw_document(fonts: &Fonts, doc: &PrintDoc, pages: &[Vec<Op>]) -> Result<Vec<u8>> {
    let mut document = Document::new_with(SerializeSettings::default());
    // Only the title: no author, subject, keywords, producer or creator.
    document.set_metadata(Metadata::new().title(clean(&doc.metadata_title).replace('\n', " ")));
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(internal)?;
    let count = pages.len();
    for (i, ops) in pages.iter().enumerate() {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for op in ops {
            draw_op(&mut surface, fonts, op);
        }
        let number = format!("{} / {}", i + 1, count);
        let w = fonts.width(&number, false, SMALL_SIZE);
        draw_text(
            &mut surface,
            &fonts.regular,
            (PAGE_W - w) / 2.0,
            FOOTER_BASELINE,
            SMALL_SIZE,
            GREY,
            &number,
        );
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|_| internal())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mono(_: char) -> f32 {
        1.0
    }

    #[test]
    fn a_word_longer_than_the_line_is_broken() {
        let lines = wrap("ab cdefghijklmnopqrstuvwxy z", 10.0, &mono);
        assert_eq!(lines, vec!["ab", "cdefghijkl", "mnopqrstuv", "wxy z"]);
    }

    #[test]
    fn newlines_are_honoured_and_blank_lines_kept() {
        assert_eq!(wrap("one\ntwo", 100.0, &mono), vec!["one", "two"]);
        assert_eq!(
            wrap("one\n\ntwo\n", 100.0, &mono),
            vec!["one", "", "two", ""]
        );
        assert_eq!(wrap("", 100.0, &mono), vec![""]);
        assert_eq!(clean("a\r\nb\rc\td\u{7}e"), "a\nb\nc de");
    }

    #[test]
    fn words_fill_the_line_greedily_and_spaces_collapse() {
        assert_eq!(wrap("aa bb  cc dd", 5.0, &mono), vec!["aa bb", "cc dd"]);
        // A no-break space keeps its words together.
        assert_eq!(wrap("a b\u{a0}c", 3.0, &mono), vec!["a", "b\u{a0}c"]);
    }

    #[test]
    fn no_line_is_wider_than_the_measure_with_the_embedded_font() -> Result<()> {
        let fonts = Fonts::load()?;
        let text = "¿Cómo estás? Mañana, niño, pingüino: «sí» ¡claro! ".repeat(40)
            + &"Supercalifragilístico".repeat(30)
            + "\nfin";
        for (bold, size, width) in [
            (false, 10.5, WIDTH),
            (true, 13.0, 180.0),
            (false, 9.5, 40.0),
        ] {
            let lines = fonts.wrap(&text, bold, size, width);
            assert!(lines.len() > 5);
            for line in &lines {
                let w = fonts.width(line, bold, size);
                assert!(w <= width + 1e-3, "{w} > {width}: {line:?}");
            }
            // Nothing is lost but the spaces where lines break.
            let joined: String = lines
                .concat()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let expected: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(joined, expected);
            assert_eq!(lines.last().map(String::as_str), Some("fin"));
        }
        Ok(())
    }

    #[test]
    fn the_font_has_the_spanish_letters() -> Result<()> {
        let fonts = Fonts::load()?;
        for face in [&fonts.regular, &fonts.bold] {
            for ch in "áéíóúÁÉÍÓÚñÑüÜ¿¡«»–•".chars() {
                let (gid, advance) = face.glyph(ch);
                assert_ne!(gid, 0, "{ch} has no glyph");
                assert!(advance > 0.0);
            }
        }
        Ok(())
    }

    #[test]
    fn a_heading_is_never_left_alone_at_the_bottom_of_a_page() -> Result<()> {
        let fonts = Fonts::load()?;
        // A paragraph of 30..60 lines brings the heading to every height near the bottom of
        // page 1 (a body line is shorter than the heading and the line that must follow it).
        for filler in 30..60 {
            let mut blocks = vec![Block::Paragraph("line\n".repeat(filler))];
            blocks.push(Block::Heading("Lonely".into()));
            blocks.push(Block::Paragraph("after".into()));
            let doc = PrintDoc {
                title: "T".into(),
                metadata_title: "T".into(),
                subtitle: String::new(),
                blocks,
            };
            let pages = Layout::run(&fonts, &doc);
            let page_of = |needle: &str| {
                pages.iter().position(|ops| {
                    ops.iter()
                        .any(|op| matches!(op, Op::Text { text, .. } if text == needle))
                })
            };
            assert_eq!(page_of("Lonely"), page_of("after"), "filler {filler}");
        }
        Ok(())
    }

    #[test]
    fn nothing_is_drawn_below_the_bottom_margin() -> Result<()> {
        let fonts = Fonts::load()?;
        let long = "palabra ".repeat(2000);
        let doc = PrintDoc {
            title: "T".into(),
            metadata_title: "T".into(),
            subtitle: "s".into(),
            blocks: vec![
                Block::Paragraph(long.clone()),
                Block::Table {
                    header: vec!["a".into(), "b".into()],
                    rows: vec![vec!["x".into(), long.clone()], vec!["y".into(), "z".into()]],
                },
                Block::Fields(vec![("Label".into(), long)]),
            ],
        };
        let pages = Layout::run(&fonts, &doc);
        assert!(pages.len() > 3);
        for ops in &pages {
            for op in ops {
                if let Op::Text { baseline, .. } = op {
                    assert!(*baseline <= BOTTOM, "{baseline}");
                    assert!(*baseline >= TOP);
                }
            }
        }
        Ok(())
    }
}
