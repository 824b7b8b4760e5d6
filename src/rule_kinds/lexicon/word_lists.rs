//! The word-list files of the configuration (`[lexicon] files`, one word a line, `#` starts a
//! comment line), read when the lexicon rules are loaded: an unreadable file is a configuration
//! error at the place of its path in `scanno.toml`, not a list silently left out.

use crate::diagnostic::ConfigError;
use crate::rule_kinds::rule::LoadCx;

/// The words of every word-list file of the configuration, in lower case. An unreadable file
/// is reported (once, however many packs have lexicon rules) and contributes nothing.
pub(super) fn read(cx: &mut LoadCx) -> Vec<String> {
    let config = cx.config;
    let mut words = Vec::new();
    for (i, f) in config.lexicon.files.iter().enumerate() {
        let path = config.base_dir().join(f);
        match crate::document::read_bounded_text(&path, crate::document::LIST_LIMIT, false) {
            Ok(text) => {
                for line in text.lines() {
                    let w = line.trim();
                    if !w.is_empty() && !w.starts_with('#') {
                        words.push(w.to_lowercase());
                    }
                }
            }
            Err(e) => {
                let message = format!("could not read the word list {}: {e}", path.display());
                if cx.errors.iter().any(|x| x.message == message) {
                    continue;
                }
                let error = match &config.source {
                    Some(source) => ConfigError::at(source, path_span(&source.text, i), message).with_label("this word list"),
                    None => ConfigError::plain(message),
                };
                cx.errors.push(error);
            }
        }
    }
    words
}

/// Where the `i`-th path of `[lexicon] files` is written in the configuration's text.
fn path_span(config_text: &str, i: usize) -> Option<std::ops::Range<usize>> {
    let doc = toml_edit::ImDocument::parse(config_text).ok()?;
    let files = doc.as_table().get("lexicon")?.get("files")?;
    files.as_array()?.get(i)?.span()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::diagnostic::SourceFile;

    #[test]
    fn an_unreadable_word_list_is_reported_at_its_path() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("names.txt"), "# names\nKarinyan\n\nLaing\n").expect("write the list");
        let text = "[lexicon]\nfiles = [\"names.txt\", \"missing.txt\"]\n";
        let path = dir.path().join("scanno.toml");
        std::fs::write(&path, text).expect("write the config");
        let config = Config::load(&path).expect("the config loads");
        let mut errors = Vec::new();
        let mut ids = Default::default();
        let mut confusions = Default::default();
        let mut cx = LoadCx {
            file: SourceFile::new("pack.toml", ""),
            pack: "pack".into(),
            errors: &mut errors,
            ids: &mut ids,
            config: &config,
            confusions: &mut confusions,
        };
        assert_eq!(read(&mut cx), vec!["karinyan", "laing"]);
        // (reported once when a second pack's lexicon rules read the lists again)
        read(&mut cx);
        assert_eq!(errors.len(), 1, "{errors:?}");
        let e = &errors[0];
        assert!(
            e.message.contains("missing.txt") && e.message.contains("could not read the word list"),
            "{}",
            e.message
        );
        let at = text.find("\"missing.txt\"").expect("the path is in the config");
        assert_eq!(e.span, Some((at..at + "\"missing.txt\"".len()).into()));
    }
}
