//! Classifies files by path alone: manifests, lockfiles, CI files, licence files, docs, tests.
//!
//! Everything here is a pure function of the relative path, so it is cheap enough to run on
//! every file of the walk and easy to test. The tables are data: adding a file name is one entry.

use bitflags::bitflags;

bitflags! {
    /// What a file is. A file may be several kinds at once (a README is a doc; a `conftest.py`
    /// is source and test).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct FileKind: u16 {
        /// Source code in a programming language.
        const SOURCE = 1;
        /// Test code by the language's conventions.
        const TEST = 1 << 1;
        /// Documentation (README, guides, Markdown and reStructuredText).
        const DOC = 1 << 2;
        /// A package manifest (`Cargo.toml`, `package.json`, …).
        const MANIFEST = 1 << 3;
        /// A lockfile (`Cargo.lock`, `package-lock.json`, …).
        const LOCKFILE = 1 << 4;
        /// A CI pipeline definition.
        const CI = 1 << 5;
        /// A licence or notice file.
        const LICENSE = 1 << 6;
        /// Repository automation and policy (`.gitignore`, Dependabot, CODEOWNERS, hooks).
        const AUTOMATION = 1 << 7;
    }
}

/// Manifests, by exact (lowercase) file name.
const MANIFEST_NAMES: &[&str] = &[
    "cargo.toml",
    "package.json",
    "pyproject.toml",
    "setup.py",
    "setup.cfg",
    "pipfile",
    "go.mod",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "settings.gradle",
    "settings.gradle.kts",
    "libs.versions.toml",
    "gemfile",
    "composer.json",
    "packages.config",
    "directory.packages.props",
    "package.swift",
    "mix.exs",
    "pubspec.yaml",
    "environment.yml",
];

/// Manifests, by (lowercase) file-name suffix.
const MANIFEST_SUFFIXES: &[&str] = &[".csproj", ".fsproj", ".vbproj", ".gemspec"];

/// Lockfiles, by exact (lowercase) file name.
const LOCKFILE_NAMES: &[&str] = &[
    "cargo.lock",
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "bun.lock",
    // Bun's binary lockfile (before Bun 1.2's text `bun.lock`).
    "bun.lockb",
    "poetry.lock",
    "pipfile.lock",
    "uv.lock",
    "pdm.lock",
    "go.sum",
    "gemfile.lock",
    "composer.lock",
    "packages.lock.json",
    "gradle.lockfile",
    "package.resolved",
    "mix.lock",
    "pubspec.lock",
];

/// CI definitions at a fixed path (lowercase).
const CI_PATHS: &[&str] = &[
    ".gitlab-ci.yml",
    ".circleci/config.yml",
    ".circleci/config.yaml",
    "jenkinsfile",
    "azure-pipelines.yml",
    "azure-pipelines.yaml",
    "bitbucket-pipelines.yml",
    ".travis.yml",
    ".drone.yml",
    ".woodpecker.yml",
    "buildspec.yml",
    "buildspec.yaml",
    "cloudbuild.yaml",
    "cloudbuild.yml",
    ".buildkite/pipeline.yml",
    ".buildkite/pipeline.yaml",
];

/// CI definitions: every YAML file under these folders (lowercase, with trailing `/`).
const CI_FOLDERS: &[&str] = &[
    ".github/workflows/",
    ".woodpecker/",
    ".buildkite/",
    ".azure-pipelines/",
];

/// Automation and repository policy files (lowercase paths).
const AUTOMATION_PATHS: &[&str] = &[
    ".gitignore",
    ".github/dependabot.yml",
    ".github/dependabot.yaml",
    "renovate.json",
    "renovate.json5",
    ".renovaterc",
    ".renovaterc.json",
    ".github/renovate.json",
    ".github/renovate.json5",
    ".pre-commit-config.yaml",
    ".pre-commit-config.yml",
    "codeowners",
    ".github/codeowners",
    "docs/codeowners",
    ".gitlab/codeowners",
    ".husky/pre-commit",
    "lefthook.yml",
];

/// `MIT-LICENSE`, `GPL_LICENSE.txt`: a licence's name, then the word (lowercase `name`).
fn licence_suffix(name: &str) -> bool {
    let stem = match name.rsplit_once('.') {
        Some((stem, "txt" | "md" | "rst" | "markdown")) => stem,
        Some(_) => return false,
        None => name,
    };
    ["-license", "_license", "-licence", "_licence"]
        .iter()
        .any(|s| stem.len() > s.len() && stem.ends_with(s))
}

/// Licence file name prefixes (lowercase).
const LICENSE_PREFIXES: &[&str] = &["license", "licence", "copying", "unlicense", "notice"];

/// Documentation file extensions.
const DOC_EXTENSIONS: &[&str] = &["md", "markdown", "rst", "adoc", "asciidoc", "txt", "org"];

/// Documentation by well-known file-name stem, with or without an extension.
const DOC_STEMS: &[&str] = &[
    "readme",
    "contributing",
    "security",
    "changelog",
    "changes",
    "history",
    "news",
    "releases",
    "code_of_conduct",
    "architecture",
    "design",
    "authors",
    "support",
    "governance",
];

/// Classifies one path, relative to the root with `/` separators.
///
/// `has_language` says whether tokei recognised a programming language for it; prose and data
/// languages (Markdown, JSON, YAML, TOML, plain text) do not make a file `SOURCE`.
#[must_use]
pub fn classify(path: &str, language: Option<&str>) -> FileKind {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s, e),
        _ => (name, ""),
    };
    let mut kind = FileKind::empty();

    if MANIFEST_NAMES.contains(&name)
        || MANIFEST_SUFFIXES.iter().any(|s| name.ends_with(s))
        || is_requirements_path(path)
    {
        kind |= FileKind::MANIFEST;
    }
    if LOCKFILE_NAMES.contains(&name)
        || name == "verification-metadata.xml"
        // PEP 751: `pylock.toml`, `pylock.<name>.toml`.
        || (name.starts_with("pylock.") && name.ends_with(".toml"))
    {
        kind |= FileKind::LOCKFILE;
    }
    // Gradle version catalogs: `gradle/libs.versions.toml` and any other `*.versions.toml`.
    if name.ends_with(".versions.toml") {
        kind |= FileKind::MANIFEST;
    }
    let is_yaml = ext == "yml" || ext == "yaml";
    if CI_PATHS.contains(&lower.as_str())
        || (is_yaml && CI_FOLDERS.iter().any(|d| lower.starts_with(d)))
        || (name == "jenkinsfile")
    {
        kind |= FileKind::CI;
    }
    if AUTOMATION_PATHS.contains(&lower.as_str()) || name == ".gitignore" {
        kind |= FileKind::AUTOMATION;
    }
    if (LICENSE_PREFIXES.iter().any(|p| {
        name.starts_with(p)
            && name[p.len()..]
                .chars()
                .next()
                .is_none_or(|c| matches!(c, '.' | '-' | '_'))
    }) || licence_suffix(name)
        || crate::facts::licenses::notices::is_inventory_name(name))
        && !is_code_extension(ext)
    {
        kind |= FileKind::LICENSE;
    }
    if (DOC_EXTENSIONS.contains(&ext) && !kind.contains(FileKind::LICENSE)
        || DOC_STEMS.contains(&stem) && !is_code_extension(ext))
        && !is_requirements_path(path)
        && !name.ends_with("cmakelists.txt")
    {
        kind |= FileKind::DOC;
    }
    if let Some(lang) = language {
        if !is_prose_or_data(lang) {
            kind |= FileKind::SOURCE;
            // One definition of a test file: its path role (see `roles`).
            if super::roles::role_of_path(path) == super::Role::Test {
                kind |= FileKind::TEST;
            }
        }
    }
    kind
}

/// `requirements.txt`, `requirements-dev.txt` style files (by file name).
fn is_requirements_file(name: &str) -> bool {
    name.starts_with("requirements") && (name.ends_with(".txt") || name.ends_with(".in"))
}

/// A pip requirements file by its path: named `requirements*.txt` (or `.in`), or any `.txt` or
/// `.in` file of a `requirements/` folder (`requirements/prod.txt`, `requirements/base.in`).
#[must_use]
pub fn is_requirements_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let (dir, name) = lower.rsplit_once('/').unwrap_or(("", &lower));
    is_requirements_file(name)
        || (dir.rsplit('/').next() == Some("requirements")
            && (name.ends_with(".txt") || name.ends_with(".in")))
}

fn is_code_extension(ext: &str) -> bool {
    matches!(
        ext,
        "rs" | "py"
            | "js"
            | "ts"
            | "go"
            | "java"
            | "rb"
            | "php"
            | "c"
            | "h"
            | "cs"
            | "kt"
            | "swift"
    )
}

/// tokei languages that are prose, markup or data rather than programs.
#[must_use]
pub fn is_prose_or_data(language: &str) -> bool {
    matches!(
        language,
        "Markdown"
            | "Plain Text"
            | "JSON"
            | "YAML"
            | "TOML"
            | "XML"
            | "ReStructuredText"
            | "AsciiDoc"
            | "Org"
            | "INI"
            | "SVG"
            | "Text"
            | "CSV"
            | "Jupyter Notebooks"
            | "License"
            // Translation catalogs and resources, and a data notation.
            | "PO File"
            | ".NET Resource"
            | "Rusty Object Notation"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifests_lockfiles_ci_and_licences() {
        assert!(classify("Cargo.toml", Some("TOML")).contains(FileKind::MANIFEST));
        assert!(classify("web/package-lock.json", Some("JSON")).contains(FileKind::LOCKFILE));
        assert!(classify(".github/workflows/ci.yml", Some("YAML")).contains(FileKind::CI));
        assert!(classify("bun.lockb", None).contains(FileKind::LOCKFILE));
        assert!(classify("build-project/pylock.toml", Some("TOML")).contains(FileKind::LOCKFILE));
        assert!(classify("pylock.dev.toml", Some("TOML")).contains(FileKind::LOCKFILE));
        assert!(!classify("config/app.yml", Some("YAML")).contains(FileKind::CI));
        assert!(classify("LICENSE-MIT", None).contains(FileKind::LICENSE));
        assert!(classify("COPYING", None).contains(FileKind::LICENSE));
        assert!(classify("THIRD-PARTY-NOTICES.txt", None).contains(FileKind::LICENSE));
        assert!(classify("MIT-LICENSE", None).contains(FileKind::LICENSE));
        assert!(classify("GPL_LICENSE.txt", None).contains(FileKind::LICENSE));
        assert!(!classify("check-license.sh", Some("Shell")).contains(FileKind::LICENSE));
        assert!(!classify("update-license.json", Some("JSON")).contains(FileKind::LICENSE));
        assert!(classify("ThirdPartyNotices.txt", None).contains(FileKind::LICENSE));
        assert!(!classify("third_party_licenses.py", Some("Python")).contains(FileKind::LICENSE));
        assert!(!classify("src/license.rs", Some("Rust")).contains(FileKind::LICENSE));
        assert!(!classify("licenses_test_data.json", Some("JSON")).contains(FileKind::LICENSE));
        assert!(classify("requirements-dev.txt", Some("Plain Text")).contains(FileKind::MANIFEST));
        assert!(!classify("requirements-dev.txt", Some("Plain Text")).contains(FileKind::DOC));
        // The files of a `requirements/` folder, whatever their names.
        assert!(classify("requirements/prod.txt", Some("Plain Text")).contains(FileKind::MANIFEST));
        assert!(!classify("docs/prod.txt", Some("Plain Text")).contains(FileKind::MANIFEST));
    }

    #[test]
    fn docs_are_prose_not_source() {
        let k = classify("README.md", Some("Markdown"));
        assert!(k.contains(FileKind::DOC));
        assert!(!k.contains(FileKind::SOURCE));
        // Translations are data, not code: a 3,000-line catalog is no large source file.
        for (path, language) in [
            ("locale/sv/LC_MESSAGES/django.po", "PO File"),
            ("src/App/Resources/Strings.resx", ".NET Resource"),
        ] {
            assert!(
                !classify(path, Some(language)).contains(FileKind::SOURCE),
                "{path}"
            );
        }
        assert!(classify("docs/guide/setup.rst", Some("ReStructuredText")).contains(FileKind::DOC));
        assert!(classify("CHANGELOG", None).contains(FileKind::DOC));
    }

    #[test]
    fn test_paths_and_traps() {
        assert!(classify("tests/cli.rs", Some("Rust")).contains(FileKind::TEST));
        assert!(classify("app/test_models.py", Some("Python")).contains(FileKind::TEST));
        assert!(classify("src/button.test.tsx", Some("TSX")).contains(FileKind::TEST));
        assert!(classify("pkg/server_test.go", Some("Go")).contains(FileKind::TEST));
        assert!(classify("src/test/java/a/FooTest.java", Some("Java")).contains(FileKind::TEST));
        assert!(!classify("src/contest.py", Some("Python")).contains(FileKind::TEST));
        assert!(!classify("src/latest.js", Some("JavaScript")).contains(FileKind::TEST));
        assert!(!classify("pkg/attestation.go", Some("Go")).contains(FileKind::TEST));
        assert!(!classify("tests/data.json", Some("JSON")).contains(FileKind::TEST));
    }

    #[test]
    fn test_conventions_per_language() {
        let is_test = |p: &str, l: &str| classify(p, Some(l)).contains(FileKind::TEST);
        assert!(is_test("tests/conftest.py", "Python"));
        assert!(is_test("pkg/x_test.py", "Python"));
        // unittest discovers `test*.py`: a Django application's `tests.py`.
        assert!(is_test("releases/tests.py", "Python"));
        assert!(!is_test("releases/testing_tools.py", "Python"));
        assert!(is_test("src/__tests__/a.js", "JavaScript"));
        assert!(is_test("src/a.spec.ts", "TypeScript"));
        assert!(is_test("cypress/e2e/login.cy.js", "JavaScript"));
        assert!(is_test("app/src/test/kotlin/FooTest.kt", "Kotlin"));
        assert!(is_test("core/FooIT.java", "Java"));
        assert!(is_test("spec/models/user_spec.rb", "Ruby"));
        assert!(is_test("test/models/user_test.rb", "Ruby"));
        assert!(is_test("tests/Unit/UserTest.php", "PHP"));
        assert!(is_test("src/UserTest.php", "PHP"));
        assert!(is_test("Api.Tests/CalcTests.cs", "C#"));
        assert!(is_test("Api.UnitTests/Calc.cs", "C#"));
        assert!(is_test("Tests/AppTests/AppTests.swift", "Swift"));
    }

    #[test]
    fn test_traps() {
        let is_test = |p: &str, l: &str| classify(p, Some(l)).contains(FileKind::TEST);
        assert!(!is_test("app/contest.py", "Python"));
        assert!(!is_test("src/Contest.java", "Java"));
        assert!(!is_test("src/Latest.kt", "Kotlin"));
        assert!(!is_test("lib/latest.js", "JavaScript"));
        assert!(!is_test("internal/attestation.go", "Go"));
        assert!(!is_test("test-data.json", "JSON"));
        assert!(!is_test("docs/testing.md", "Markdown"));
        assert!(!is_test("tests/README.md", "Markdown"));
        assert!(!is_test("tests/fixtures/app.py", "Python"));
        assert!(!is_test("tests/fixtures/sample-repo/src/main.rs", "Rust"));
        assert!(!is_test("src/test/resources/Seed.java", "Java"));
        assert!(!is_test("pkg/testdata/input.go", "Go"));
        assert!(
            !is_test("src/Test.java", "Java"),
            "a bare `Test` is not `FooTest`"
        );
        // Data folders outside test folders are ordinary code.
        assert!(is_test("internal/data/repo_test.go", "Go"));
        assert!(!is_test("app/data/loader.py", "Python"));
    }
}
