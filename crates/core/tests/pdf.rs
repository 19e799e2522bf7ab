//! The one PDF path: a document with every kind of block is rendered, written and read back with
//! poppler's tools (`pdftotext`, `pdfinfo`, `pdftoppm`; `scripts/deps.sh test` installs
//! poppler-utils). Without those tools these tests fail, they do not skip.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use ipt_core::ErrorCode;
use ipt_core::pdf::{self, Block, Chart, PrintDoc, Series};

const SPANISH: &str = "¿Cómo estás? Mañana, niño, pingüino";
const METADATA_TITLE: &str = "Notas de sesión";

/// Runs a poppler tool and returns what it printed; a missing tool fails the test with a hint.
fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!(
            "`{tool}` could not be run ({e}). The PDF tests need poppler-utils: \
             run `scripts/deps.sh test` (or `apt-get install poppler-utils`)"
        )
    });
    assert!(
        out.status.success(),
        "`{tool} {}` failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("poppler prints UTF-8")
}

/// 5000 characters of numbered words ("w0001 w0002 …"), so that every one can be looked for.
fn long_paragraph() -> String {
    let mut text = String::new();
    let mut i = 1;
    while text.chars().count() < 5000 {
        text.push_str(&format!("w{i:04} "));
        i += 1;
    }
    text.trim_end().to_owned()
}

fn sample() -> PrintDoc {
    let rows = (0..60)
        .map(|i| {
            vec![
                format!("2026-03-{:02}", i % 28 + 1),
                format!("{}", i % 11),
                format!("fila{i:02} con señal"),
            ]
        })
        .collect();
    PrintDoc {
        title: "Resumen para la terapeuta".into(),
        metadata_title: METADATA_TITLE.into(),
        subtitle: "Semana del 2 al 8 de marzo de 2026".into(),
        blocks: vec![
            Block::Heading("Cómo fue la semana".into()),
            Block::Paragraph(format!(
                "{SPANISH}.\n«Comillas» y ¡exclamación! en otra línea."
            )),
            Block::Muted("Una nota gris y más pequeña.".into()),
            Block::Fields(vec![
                ("Ánimo medio".into(), "6,5 de 10".into()),
                ("Área acordada".into(), "Transición de rol".into()),
            ]),
            Block::Bullets(vec![
                "Llamar a mi hermana el jueves".into(),
                "Preguntar por el cambio de horario".into(),
            ]),
            Block::Rule,
            Block::Chart(Chart {
                caption: "Cuestionarios de las últimas semanas".into(),
                x_labels: vec![
                    (0.0, "1 mar".into()),
                    (0.5, "15 mar".into()),
                    (1.0, "29 mar".into()),
                ],
                series: vec![
                    Series {
                        name: "PHQ-9 (0–27)".into(),
                        max: 27.0,
                        points: vec![(0.0, 18.0), (0.33, 14.0), (0.66, 11.0), (1.0, 9.0)],
                        dashed: false,
                        markers: true,
                    },
                    Series {
                        name: "GAD-7 (0–21)".into(),
                        max: 21.0,
                        points: vec![(0.0, 12.0), (0.5, 10.0), (1.0, 6.0)],
                        dashed: true,
                        markers: false,
                    },
                ],
            }),
            Block::Heading("Lo que escribí".into()),
            Block::Paragraph(long_paragraph()),
            Block::Heading("Registro diario".into()),
            Block::Table {
                header: vec!["Fecha".into(), "Ánimo".into(), "Nota".into()],
                rows,
            },
        ],
    }
}

/// Collapses runs of spaces (`pdftotext -layout` pads columns) so phrases can be searched.
fn squeeze(text: &str) -> String {
    text.split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn page_count(info: &str) -> usize {
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo reports the page count")
}

#[test]
fn every_block_kind_renders_and_reads_back() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("resumen.pdf");
    let file_str = file.to_str().expect("utf-8 path");
    let doc = sample();
    let written = pdf::save(&doc, file_str).expect("saved");
    let bytes = std::fs::read(&file).expect("read back");
    assert_eq!(written, bytes.len() as u64);
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(
        bytes,
        pdf::render(&doc).expect("render"),
        "rendering is deterministic"
    );

    // The text, as a reader would copy it.
    let text = poppler("pdftotext", &["-layout", "-enc", "UTF-8", file_str, "-"]);
    let flat = squeeze(&text);
    for expected in [
        "Resumen para la terapeuta",
        "Semana del 2 al 8 de marzo de 2026",
        "Cómo fue la semana",
        SPANISH,
        "«Comillas» y ¡exclamación! en otra línea.",
        "Una nota gris y más pequeña.",
        "Ánimo medio: 6,5 de 10",
        "Área acordada: Transición de rol",
        "Llamar a mi hermana el jueves",
        "Cuestionarios de las últimas semanas",
        "PHQ-9 (0–27)",
        "GAD-7 (0–21)",
        "15 mar",
        "Registro diario",
        "fila00 con señal",
        "fila59 con señal",
    ] {
        assert!(flat.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(
        !flat.contains("Zanahoria"),
        "a word that is not in the document"
    );

    // Every word of the long paragraph, and every row of the table, made it onto a page.
    let words: BTreeSet<&str> = flat
        .split(|c: char| c.is_whitespace())
        .filter(|w| w.len() == 5 && w.starts_with('w'))
        .collect();
    let long = long_paragraph();
    let expected: BTreeSet<&str> = long.split(' ').collect();
    assert!(expected.len() > 800);
    let lost: Vec<&&str> = expected.difference(&words).collect();
    assert!(
        lost.is_empty(),
        "lost words of the long paragraph: {lost:?}"
    );
    for i in 0..60 {
        assert!(flat.contains(&format!("fila{i:02} con señal")), "row {i}");
    }

    // Several pages, numbered "n / N"; the table's header comes back on each page it runs onto.
    let info = poppler("pdfinfo", &[file_str]);
    let pages = page_count(&info);
    assert!(pages > 1, "{info}");
    // (pdftotext may drop the narrow spaces around the slash of the small footer.)
    let numbers = flat.replace(" / ", "/");
    assert!(numbers.contains(&format!("1/{pages}")), "page numbers");
    assert!(
        numbers.contains(&format!("{pages}/{pages}")),
        "page numbers"
    );
    let last_page = poppler(
        "pdftotext",
        &[
            "-layout",
            "-enc",
            "UTF-8",
            "-f",
            &pages.to_string(),
            "-l",
            &pages.to_string(),
            file_str,
            "-",
        ],
    );
    assert!(
        last_page.contains("Fecha") && last_page.contains("Ánimo"),
        "{last_page}"
    );

    // Metadata: the title the caller chose, nothing about who or what made it.
    let title = info
        .lines()
        .find_map(|l| l.strip_prefix("Title:"))
        .map(str::trim)
        .expect("a Title");
    assert_eq!(title, METADATA_TITLE);
    for absent in ["Author:", "Subject:", "Keywords:", "Creator:", "Producer:"] {
        assert!(
            !info.lines().any(|l| l.starts_with(absent)),
            "{absent} in:\n{info}"
        );
    }
    assert!(info.contains("595.28 x 841.89 pts (A4)"), "A4: {info}");

    // Page 1 renders.
    let prefix = dir.path().join("page");
    poppler(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "50",
            "-f",
            "1",
            "-l",
            "1",
            file_str,
            prefix.to_str().expect("utf-8"),
        ],
    );
    let png = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().ends_with(".png"))
        .expect("a PNG of page 1");
    assert!(png.metadata().expect("meta").len() > 1000);
}

#[test]
fn an_empty_document_is_one_numbered_page() {
    let doc = PrintDoc {
        title: String::new(),
        metadata_title: String::new(),
        subtitle: String::new(),
        blocks: vec![
            Block::Table {
                header: vec![],
                rows: vec![],
            },
            Block::Bullets(vec![]),
            Block::Fields(vec![]),
            Block::Chart(Chart {
                caption: String::new(),
                x_labels: vec![(f64::NAN, "x".into())],
                series: vec![Series {
                    name: "bad".into(),
                    max: 0.0,
                    points: vec![(f64::INFINITY, 1.0)],
                    dashed: true,
                    markers: true,
                }],
            }),
        ],
    };
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("empty.pdf");
    std::fs::write(&file, pdf::render(&doc).expect("render")).expect("write");
    let info = poppler("pdfinfo", &[file.to_str().expect("utf-8")]);
    assert_eq!(page_count(&info), 1);
    assert!(!info.lines().any(|l| l.starts_with("Title:")), "{info}");
}

fn entries(dir: &Path) -> usize {
    std::fs::read_dir(dir).expect("list").count()
}

#[test]
fn save_refuses_a_relative_path_and_a_folder_and_writes_nothing() {
    let doc = sample();
    let dir = tempfile::tempdir().expect("tmp");

    let name = "ipt-pdf-relative-test.pdf";
    let err = pdf::save(&doc, name).expect_err("a relative path is refused");
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(!Path::new(name).exists());

    let folder = dir.path().to_str().expect("utf-8");
    let err = pdf::save(&doc, folder).expect_err("a folder is refused");
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert_eq!(entries(dir.path()), 0, "nothing written into the folder");
    assert!(dir.path().is_dir());

    // An existing file is replaced whole (the save dialog has asked), and nothing else is left.
    let file = dir.path().join("old.pdf");
    std::fs::write(&file, b"old").expect("write");
    let n = pdf::save(&doc, file.to_str().expect("utf-8")).expect("saved");
    assert_eq!(std::fs::metadata(&file).expect("meta").len(), n);
    assert_eq!(entries(dir.path()), 1);
}
