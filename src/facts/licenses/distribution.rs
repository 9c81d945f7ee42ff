//! How the product reaches its users, inferred from the tree: a library published to a registry,
//! a command-line tool, a server or web application, a mobile or desktop application.
//!
//! The licence policy depends on it: the GPL's obligations start when code is distributed (a
//! library or a tool), the AGPL's already when it is offered over a network (a hosted service).
//! The configuration (`[checks.licenses] distribution`) overrides what is inferred; the report
//! says which model was used and why.
//!
//! Only the kept texts of product-role manifests and the paths of the walk are read (pure).

use serde::Serialize;

use crate::facts::{FileFacts, FileKind, Role};

/// How the product is shipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Model {
    /// A package others build into their software (crates.io, npm, PyPI, Maven, NuGet, …).
    Library,
    /// A command-line tool users install and run.
    Cli,
    /// A server run by the company (an API, a back end).
    Server,
    /// A web application run by the company.
    WebApp,
    /// An application installed on phones.
    MobileApp,
    /// An application installed on desktops.
    DesktopApp,
}

impl Model {
    /// The kebab-case name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Model::Library => "library",
            Model::Cli => "cli",
            Model::Server => "server",
            Model::WebApp => "web-app",
            Model::MobileApp => "mobile-app",
            Model::DesktopApp => "desktop-app",
        }
    }

    /// Whether copies of the code reach users (everything but a hosted server or web app).
    #[must_use]
    pub fn is_distributed(self) -> bool {
        !matches!(self, Model::Server | Model::WebApp)
    }
}

/// The inferred model with the evidence that decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Inferred {
    /// The model.
    pub model: Model,
    /// Why, for a reader ("Cargo.toml has a binary target and no library").
    pub evidence: String,
}

fn inferred(model: Model, evidence: impl Into<String>) -> Option<Inferred> {
    Some(Inferred {
        model,
        evidence: evidence.into(),
    })
}

/// The npm packages an application's front end is built with.
const WEB_FRAMEWORKS: &[&str] = &[
    "next",
    "nuxt",
    "@remix-run/react",
    "@sveltejs/kit",
    "gatsby",
    "react-scripts",
    "vite",
];

/// Whether a `package.json` depends on `name` (for production or development).
fn depends_on(pkg: &serde_json::Value, name: &str) -> bool {
    ["dependencies", "devDependencies"]
        .iter()
        .any(|k| pkg[*k].get(name).is_some())
}

/// The web framework a `package.json` builds its application with, if any.
fn web_framework(pkg: &serde_json::Value) -> Option<&'static str> {
    WEB_FRAMEWORKS.iter().copied().find(|d| depends_on(pkg, d))
}

/// Infers the model from the product's manifests and the paths of the tree, or `None` when
/// nothing says.
#[must_use]
pub fn infer(files: &[FileFacts]) -> Option<Inferred> {
    let product = |f: &&FileFacts| f.role == Role::Product;
    let exists = |name: &str| files.iter().filter(product).any(|f| f.name() == name);
    let root_text = |name: &str| {
        files
            .iter()
            .find(|f| f.path == name)
            .and_then(|f| f.text.as_deref())
    };

    // Apps installed on devices. An Android library has a manifest too: only the application
    // plugin of a Gradle build makes an app.
    let android_app = files.iter().filter(product).any(|f| {
        matches!(f.name(), "build.gradle" | "build.gradle.kts")
            && f.text.as_deref().is_some_and(|t| {
                t.contains("com.android.application") || t.contains("android.application")
            })
    });
    if android_app
        || files
            .iter()
            .filter(product)
            .any(|f| f.path.contains(".xcodeproj/"))
    {
        return inferred(
            Model::MobileApp,
            "a Gradle build with the Android application plugin, or an Xcode project",
        );
    }
    if exists("tauri.conf.json") {
        return inferred(Model::DesktopApp, "a Tauri configuration");
    }

    // Rust: the root package's targets.
    if let Some(text) = root_text("Cargo.toml") {
        if let Ok(doc) = text.parse::<toml::Table>() {
            if let Some(pkg) = doc.get("package").and_then(toml::Value::as_table) {
                let has_lib =
                    doc.contains_key("lib") || files.iter().any(|f| f.path == "src/lib.rs");
                let has_bin =
                    doc.contains_key("bin") || files.iter().any(|f| f.path == "src/main.rs");
                let published = pkg.get("publish").and_then(toml::Value::as_bool) != Some(false);
                if has_bin && !has_lib {
                    return inferred(
                        Model::Cli,
                        "Cargo.toml: the root package has a binary target and no library",
                    );
                }
                if has_lib && published {
                    return inferred(
                        Model::Library,
                        "Cargo.toml: the root package is a library published to a registry",
                    );
                }
            } else if doc.contains_key("workspace") {
                return inferred(
                    Model::Library,
                    "Cargo.toml: a workspace of crates published to a registry",
                );
            }
        }
    }

    // A web framework's application: Rails (`config/application.rb` and `config/routes.rb`;
    // an engine, a gem, has routes but no application), Django (`manage.py` at the root and a
    // WSGI or ASGI entry point in the product). Before the package manifests, which such an
    // application keeps for its tooling (`package.json` for a linter, `pyproject.toml` for
    // its dependencies).
    let at_root = |path: &str| files.iter().any(|f| f.path == path);
    if at_root("config/application.rb") && at_root("config/routes.rb") {
        return inferred(
            Model::WebApp,
            "a Rails application (config/application.rb and config/routes.rb)",
        );
    }
    if at_root("manage.py")
        && files
            .iter()
            .filter(product)
            .any(|f| matches!(f.name(), "wsgi.py" | "asgi.py"))
    {
        return inferred(
            Model::WebApp,
            "a Django project (manage.py and a WSGI or ASGI entry point)",
        );
    }

    // JavaScript: the root package, or the published packages of a workspace.
    if let Some(text) = root_text("package.json") {
        if let Ok(pkg) = serde_json::from_str::<serde_json::Value>(text) {
            let private = pkg["private"].as_bool() == Some(true);
            let web = web_framework(&pkg);
            if depends_on(&pkg, "electron") {
                return inferred(Model::DesktopApp, "package.json depends on Electron");
            }
            let entry = pkg.get("main").is_some()
                || pkg.get("exports").is_some()
                || pkg.get("module").is_some();
            let workspaces = pkg.get("workspaces").is_some()
                || files.iter().any(|f| f.path == "pnpm-workspace.yaml");
            if private && workspaces {
                let members: Vec<serde_json::Value> = files
                    .iter()
                    .filter(product)
                    .filter(|f| f.depth() > 0 && f.name() == "package.json")
                    .filter_map(|f| serde_json::from_str(f.text.as_deref()?).ok())
                    .collect();
                if members
                    .iter()
                    .any(|m| m["private"].as_bool() != Some(true) && m.get("name").is_some())
                {
                    return inferred(Model::Library, "package.json: a workspace whose packages are published to the npm registry");
                }
                // A private workspace around an application (a template's `frontend/`, built
                // with Vite): the application is the product.
                if let Some(framework) = members.iter().find_map(web_framework) {
                    return inferred(
                        Model::WebApp,
                        format!("package.json: a workspace around an application built with {framework}"),
                    );
                }
            }
            if let Some(framework) = web {
                if private || !entry {
                    return inferred(
                        Model::WebApp,
                        format!("package.json: an application built with {framework}"),
                    );
                }
            }
            if !private && npm_publishable(&pkg, "", files) {
                if pkg.get("bin").is_some() && !entry {
                    return inferred(
                        Model::Cli,
                        "package.json declares a command (`bin`) and no library entry",
                    );
                }
                return inferred(
                    Model::Library,
                    "package.json: a package published to the npm registry",
                );
            }
        }
    }

    // Go: a root package that is not `main` is imported by others; `package main` at the root
    // (beside a Mage build file, `package main` too) is a program.
    if let Some(text) = root_text("go.mod") {
        let _ = text;
        let root_go: Vec<&FileFacts> = files
            .iter()
            .filter(|f| f.depth() == 0 && f.path.ends_with(".go") && !f.is(FileKind::TEST))
            .collect();
        let main = |f: &&FileFacts| f.scan.source.as_ref().is_some_and(|s| s.go_main);
        if !root_go.is_empty() && root_go.iter().all(main) {
            return inferred(
                Model::Cli,
                "go.mod with a program (`package main`) at the root",
            );
        }
        if !root_go.is_empty() {
            return inferred(
                Model::Library,
                "go.mod with a package at the root, imported by other modules",
            );
        }
        if files.iter().any(|f| f.path.starts_with("cmd/")) {
            return inferred(Model::Cli, "go.mod with programs under cmd/");
        }
    }

    // Ruby gems, PHP and .NET packages, Python distributions, Maven and Gradle artefacts.
    if files
        .iter()
        .filter(product)
        .any(|f| f.depth() == 0 && f.name().ends_with(".gemspec"))
    {
        return inferred(Model::Library, "a .gemspec: a gem published to RubyGems");
    }
    if let Some(text) = root_text("composer.json") {
        if let Ok(c) = serde_json::from_str::<serde_json::Value>(text) {
            return match c["type"].as_str() {
                Some("project") => inferred(Model::WebApp, "composer.json: type project"),
                _ => inferred(
                    Model::Library,
                    "composer.json: a package published to Packagist",
                ),
            };
        }
    }
    let csproj_packable = files.iter().filter(product).any(|f| {
        f.name().ends_with(".csproj")
            && f.text.as_deref().is_some_and(|t| {
                t.contains("<PackageId>")
                    || t.contains("<PackageLicenseExpression>")
                    || t.contains("<IsPackable>true")
                    || t.contains("<GeneratePackageOnBuild>true")
            })
    });
    if csproj_packable {
        return inferred(Model::Library, "a .csproj with NuGet package metadata");
    }
    let python_dist = root_text("pyproject.toml").is_some_and(pyproject_builds)
        || files.iter().any(|f| f.path == "setup.py");
    if python_dist {
        return inferred(
            Model::Library,
            "a Python distribution (pyproject.toml or setup.py) published to PyPI",
        );
    }
    let jvm_publish = files.iter().filter(product).any(|f| {
        let name = f.name();
        (name == "pom.xml"
            && f.text.as_deref().is_some_and(|t| {
                !t.contains("<packaging>war") && !t.contains("spring-boot-maven-plugin")
            }))
            || ((name == "build.gradle" || name == "build.gradle.kts")
                && f.text.as_deref().is_some_and(|t| {
                    t.contains("maven-publish")
                        || t.contains("maven.publish")
                        || t.contains("mavenPublishing")
                }))
    });
    if jvm_publish {
        return inferred(
            Model::Library,
            "a Maven or Gradle build that publishes artefacts",
        );
    }

    // Hosted: a container image or a deployment.
    let deploy = [
        "Dockerfile",
        "Procfile",
        "docker-compose.yml",
        "docker-compose.yaml",
        "compose.yaml",
        "compose.yml",
        "fly.toml",
        "app.yaml",
        "vercel.json",
        "netlify.toml",
    ]
    .into_iter()
    .find(|n| files.iter().any(|f| f.depth() == 0 && f.name() == *n));
    if let Some(n) = deploy {
        return inferred(
            Model::Server,
            format!("{n} at the root: the company runs it"),
        );
    }
    None
}

/// Whether a `package.json` that is not private describes a package someone installs: it has
/// an entry point (`main`, `exports`, `module`, `browser`, `types`, a stylesheet's `style`), a
/// command (`bin`), a list of the files it ships (`files`), or an `index.js` beside it (what
/// `require` loads without `main`). A manifest of scripts and development tools only (a Rails
/// application's linter, written by `npm init`) is published nowhere.
#[must_use]
pub fn npm_publishable(pkg: &serde_json::Value, dir: &str, files: &[FileFacts]) -> bool {
    [
        "main", "exports", "module", "browser", "types", "typings", "style", "bin", "files",
    ]
    .iter()
    .any(|k| pkg.get(*k).is_some())
        || ["index.js", "index.mjs", "index.cjs"].iter().any(|name| {
            let path = if dir.is_empty() {
                (*name).to_owned()
            } else {
                format!("{dir}/{name}")
            };
            files.iter().any(|f| f.path == path)
        })
}

/// Why a package manifest is published nowhere, if it is not: a private `package.json` or one
/// of scripts and tools only (see [`npm_publishable`]), a crate with `publish = false`, a
/// `pyproject.toml` without a build system (see [`pyproject_builds`]). Its licence field then
/// reaches no registry and no user.
#[must_use]
pub fn unpublished(manifest: &FileFacts, files: &[FileFacts]) -> Option<&'static str> {
    let text = manifest.text.as_deref()?;
    let dir = manifest.path.rsplit_once('/').map_or("", |(d, _)| d);
    match manifest.name() {
        "package.json" => {
            let pkg = serde_json::from_str::<serde_json::Value>(text).ok()?;
            if pkg["private"].as_bool() == Some(true) {
                Some("it is private")
            } else if !npm_publishable(&pkg, dir, files) {
                Some("it has no entry point, command or list of files to publish")
            } else {
                None
            }
        }
        "Cargo.toml" => {
            let doc = text.parse::<toml::Table>().ok()?;
            let publish = doc.get("package")?.get("publish")?;
            (publish.as_bool() == Some(false) || publish.as_array().is_some_and(Vec::is_empty))
                .then_some("it says `publish = false`")
        }
        "pyproject.toml" => (!pyproject_builds(text)).then_some("it has no build system"),
        _ => None,
    }
}

/// Whether a `pyproject.toml` builds a distribution: a `[project]` with a `[build-system]`
/// (without one, uv and pip do not build the project itself: an application's list of
/// dependencies), or a Poetry package (not `package-mode = false`); neither with
/// `[tool.uv] package = false`.
#[must_use]
pub fn pyproject_builds(text: &str) -> bool {
    let Ok(doc) = text.parse::<toml::Table>() else {
        // Unreadable: what it says at a glance.
        return text.contains("[build-system]");
    };
    let tool = doc.get("tool");
    let uv_package = tool
        .and_then(|t| t.get("uv"))
        .and_then(|u| u.get("package"))
        .and_then(toml::Value::as_bool);
    if uv_package == Some(false) {
        return false;
    }
    let poetry = tool.and_then(|t| t.get("poetry"));
    let poetry_package =
        poetry.is_some_and(|p| p.get("package-mode").and_then(toml::Value::as_bool) != Some(false));
    (doc.contains_key("project") && doc.contains_key("build-system"))
        || poetry_package
        || uv_package == Some(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: Option<&str>) -> FileFacts {
        FileFacts {
            path: path.into(),
            kind: crate::facts::classify::classify(path, None),
            role: crate::facts::roles::role_of_path(path),
            text: text.map(str::to_owned),
            ..FileFacts::default()
        }
    }

    fn model(files: &[FileFacts]) -> Option<Model> {
        infer(files).map(|i| i.model)
    }

    #[test]
    fn rust_binaries_and_libraries() {
        let cli = [
            file("Cargo.toml", Some("[package]\nname = \"rg\"\n[[bin]]\nname = \"rg\"\npath = \"crates/core/main.rs\"\n")),
        ];
        assert_eq!(model(&cli), Some(Model::Cli));
        let lib = [
            file("Cargo.toml", Some("[package]\nname = \"x\"\n")),
            file("src/lib.rs", None),
            file("src/main.rs", None),
        ];
        assert_eq!(model(&lib), Some(Model::Library));
        let ws = [file("Cargo.toml", Some("[workspace]\nmembers = [\"a\"]\n"))];
        assert_eq!(model(&ws), Some(Model::Library));
    }

    #[test]
    fn javascript_apps_tools_and_packages() {
        let next = [file(
            "package.json",
            Some(r#"{"private": true, "dependencies": {"next": "13"}}"#),
        )];
        assert_eq!(model(&next), Some(Model::WebApp));
        let lib = [file(
            "package.json",
            Some(r#"{"name": "express", "main": "index.js"}"#),
        )];
        assert_eq!(model(&lib), Some(Model::Library));
        let tool = [file(
            "package.json",
            Some(r#"{"name": "t", "bin": {"t": "cli.js"}}"#),
        )];
        assert_eq!(model(&tool), Some(Model::Cli));
        let monorepo = [
            file(
                "package.json",
                Some(
                    r#"{"private": true, "workspaces": ["packages/*"], "devDependencies": {"vite": "5"}}"#,
                ),
            ),
            file(
                "packages/core/package.json",
                Some(r#"{"name": "@x/core", "main": "index.js"}"#),
            ),
        ];
        assert_eq!(model(&monorepo), Some(Model::Library));
        // A private workspace around a private application: the application.
        let app_workspace = [
            file(
                "package.json",
                Some(r#"{"private": true, "workspaces": ["frontend"]}"#),
            ),
            file(
                "frontend/package.json",
                Some(r#"{"name": "frontend", "private": true, "devDependencies": {"vite": "8"}}"#),
            ),
        ];
        assert_eq!(model(&app_workspace), Some(Model::WebApp));
        // A manifest of scripts and development tools, published nowhere (`npm init`'s
        // defaults): it says nothing about how the product ships.
        let tooling = [file(
            "package.json",
            Some(
                r#"{"name": "maybe", "version": "1.0.0", "scripts": {"lint": "biome lint"}, "devDependencies": {"@biomejs/biome": "1"}, "author": "", "license": "ISC"}"#,
            ),
        )];
        assert_eq!(model(&tooling), None);
        let plain = [
            file(
                "package.json",
                Some(r#"{"name": "left-pad", "version": "1.3.0"}"#),
            ),
            file("index.js", None),
        ];
        assert_eq!(model(&plain), Some(Model::Library));
    }

    /// A web framework's application is a web application, whatever manifests it keeps for its
    /// tooling; a Rails engine and a Django app published to PyPI are libraries.
    #[test]
    fn rails_and_django_applications() {
        let npm_init = r#"{"name": "app", "version": "1.0.0", "devDependencies": {"@biomejs/biome": "1"}, "license": "ISC"}"#;
        let rails = [
            file("Gemfile", Some("gem \"rails\"\n")),
            file("config/application.rb", None),
            file("config/routes.rb", None),
            file("package.json", Some(npm_init)),
        ];
        assert_eq!(model(&rails), Some(Model::WebApp));
        let engine = [
            file("my_engine.gemspec", Some("Gem::Specification.new")),
            file("config/routes.rb", None),
            file("test/dummy/config/application.rb", None),
        ];
        assert_eq!(model(&engine), Some(Model::Library));
        let uv_app = "[project]\nname = \"djangoproject-com\"\ndependencies = [\"django==6.1\"]\n";
        let django = [
            file("pyproject.toml", Some(uv_app)),
            file("manage.py", None),
            file("djangoproject/wsgi.py", None),
            file("Dockerfile", Some("FROM python")),
        ];
        assert_eq!(model(&django), Some(Model::WebApp));
        let reusable = [
            file(
                "pyproject.toml",
                Some(
                    "[build-system]\nrequires = [\"hatchling\"]\n[project]\nname = \"django-x\"\n",
                ),
            ),
            file("manage.py", None),
            file("example/wsgi.py", None),
        ];
        assert_eq!(model(&reusable), Some(Model::Library));
    }

    /// A `pyproject.toml` builds a distribution with a build system (or as a Poetry package);
    /// without one it lists an application's dependencies.
    #[test]
    fn pyproject_without_a_build_system_is_no_distribution() {
        assert!(pyproject_builds(
            "[build-system]\nrequires = [\"flit_core\"]\n[project]\nname = \"flask\"\n"
        ));
        assert!(!pyproject_builds(
            "[project]\nname = \"site\"\ndependencies = []\n"
        ));
        assert!(pyproject_builds("[tool.poetry]\nname = \"x\"\n"));
        assert!(!pyproject_builds(
            "[tool.poetry]\nname = \"x\"\npackage-mode = false\n"
        ));
        assert!(!pyproject_builds(
            "[build-system]\nrequires = [\"hatchling\"]\n[project]\nname = \"x\"\n[tool.uv]\npackage = false\n"
        ));
        let app = [
            file("pyproject.toml", Some("[project]\nname = \"site\"\n")),
            file("Dockerfile", Some("FROM python")),
        ];
        assert_eq!(model(&app), Some(Model::Server));
    }

    #[test]
    fn other_ecosystems_and_hosted_services() {
        assert_eq!(
            model(&[
                file("go.mod", Some("module github.com/x/y\n")),
                file("gin.go", None)
            ]),
            Some(Model::Library)
        );
        // A program at the root (Hugo's main.go, beside its magefile.go).
        let program = |path: &str| {
            let mut f = file(path, None);
            f.scan.source = Some(crate::facts::source::SourceSignals {
                go_main: true,
                ..Default::default()
            });
            f
        };
        assert_eq!(
            model(&[
                file("go.mod", Some("module github.com/x/y\n")),
                program("main.go"),
                program("magefile.go"),
            ]),
            Some(Model::Cli)
        );
        assert_eq!(
            model(&[file("sinatra.gemspec", Some("Gem::Specification.new"))]),
            Some(Model::Library)
        );
        assert_eq!(
            model(&[file("composer.json", Some(r#"{"type": "project"}"#))]),
            Some(Model::WebApp)
        );
        assert_eq!(
            model(&[file("Dockerfile", Some("FROM x"))]),
            Some(Model::Server)
        );
        // An Android library is a library; the application plugin makes an app.
        let lib = file(
            "android/build.gradle.kts",
            Some("plugins { id(\"com.android.library\") }\nmavenPublishing {}"),
        );
        assert_eq!(model(&[lib]), Some(Model::Library));
        let app = file(
            "app/build.gradle",
            Some("apply plugin: 'com.android.application'"),
        );
        assert_eq!(model(&[app]), Some(Model::MobileApp));
        // A fixture's manifest says nothing about the product.
        assert_eq!(
            model(&[file(
                "tests/fixtures/app/package.json",
                Some(r#"{"name": "f", "bin": "x"}"#)
            )]),
            None
        );
        assert_eq!(model(&[]), None);
    }
}
