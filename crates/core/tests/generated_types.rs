//! The TypeScript the UI imports is generated from the Rust types. This test fails when a
//! committed file is stale; `make types` (UPDATE_TYPES=1) rewrites them.

use std::path::PathBuf;

#[test]
fn generated_types_are_current() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/generated");
    let update = std::env::var_os("UPDATE_TYPES").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for (file, decl) in ipt_core::ts_types::declarations() {
        assert!(!decl.starts_with("// export failed"), "{file}: {decl}");
        let path = dir.join(file);
        if update {
            std::fs::create_dir_all(&dir).expect("dir");
            std::fs::write(&path, &decl).expect("write");
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(decl.as_str()) {
            stale.push(file);
        }
    }
    assert!(
        stale.is_empty(),
        "generated TypeScript is stale: {stale:?}; run `make types`"
    );
}
