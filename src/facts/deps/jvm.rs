//! Java and Kotlin: Maven `pom.xml` (with properties), Gradle `gradle.lockfile` and version
//! catalogs (`libs.versions.toml`). Packages are named `groupId:artifactId`.

use std::collections::{BTreeMap, BTreeSet};

use super::{toml_error, Parsed, Tree};
use crate::facts::{Dependency, Ecosystem};

struct Pom {
    /// `groupId:artifactId` of the project itself.
    coordinates: Option<String>,
    properties: BTreeMap<String, String>,
    managed: BTreeMap<String, String>,
    /// (coordinates, version as written, scope)
    dependencies: Vec<(String, Option<String>, Option<String>)>,
}

fn child_text<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<&'a str> {
    node.children()
        .find(|c| c.has_tag_name(name))
        .and_then(|c| c.text())
        .map(str::trim)
}

fn read_pom(text: &str) -> Result<Pom, String> {
    let doc = roxmltree::Document::parse(text).map_err(|e| format!("invalid XML: {e}"))?;
    let project = doc.root_element();
    if !project.has_tag_name("project") {
        return Err("not a Maven POM: the root element is not <project>".into());
    }
    let parent = project.children().find(|c| c.has_tag_name("parent"));
    let group =
        child_text(project, "groupId").or_else(|| parent.and_then(|p| child_text(p, "groupId")));
    let version =
        child_text(project, "version").or_else(|| parent.and_then(|p| child_text(p, "version")));
    let artifact = child_text(project, "artifactId");
    let mut properties = BTreeMap::new();
    if let Some(props) = project.children().find(|c| c.has_tag_name("properties")) {
        for p in props.children().filter(roxmltree::Node::is_element) {
            properties.insert(
                p.tag_name().name().to_owned(),
                p.text().unwrap_or("").trim().to_owned(),
            );
        }
    }
    if let Some(v) = version {
        properties.insert("project.version".into(), v.to_owned());
        properties.insert("version".into(), v.to_owned());
    }
    if let Some(g) = group {
        properties.insert("project.groupId".into(), g.to_owned());
    }
    let deps_of = |container: Option<roxmltree::Node>| {
        container
            .and_then(|c| c.children().find(|c| c.has_tag_name("dependencies")))
            .into_iter()
            .flat_map(|d| d.children().filter(|c| c.has_tag_name("dependency")))
            .filter_map(|d| {
                let g = child_text(d, "groupId")?;
                let a = child_text(d, "artifactId")?;
                Some((
                    format!("{g}:{a}"),
                    child_text(d, "version").map(str::to_owned),
                    child_text(d, "scope").map(str::to_owned),
                ))
            })
            .collect::<Vec<_>>()
    };
    let managed = deps_of(
        project
            .children()
            .find(|c| c.has_tag_name("dependencyManagement")),
    )
    .into_iter()
    .filter_map(|(c, v, _)| Some((c, v?)))
    .collect();
    // Dependencies of profiles are part of the build when the profile is active: listed too.
    let profiles: Vec<roxmltree::Node> = project
        .children()
        .filter(|c| c.has_tag_name("profiles"))
        .flat_map(|p| p.children().filter(|c| c.has_tag_name("profile")))
        .collect();
    let mut managed: BTreeMap<String, String> = managed;
    let mut dependencies = deps_of(Some(project));
    for profile in profiles {
        dependencies.extend(deps_of(Some(profile)));
        for (c, v, _) in deps_of(
            profile
                .children()
                .find(|c| c.has_tag_name("dependencyManagement")),
        ) {
            if let Some(v) = v {
                managed.entry(c).or_insert(v);
            }
        }
    }
    Ok(Pom {
        coordinates: group.zip(artifact).map(|(g, a)| format!("{g}:{a}")),
        properties,
        managed,
        dependencies,
    })
}

/// Replaces `${name}` from the properties, a few levels deep.
fn interpolate(value: &str, props: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let mut v = value.to_owned();
    for _ in 0..5 {
        let Some(start) = v.find("${") else {
            return Some(v);
        };
        let end = v[start..].find('}')? + start;
        let replacement = props(&v[start + 2..end])?;
        v.replace_range(start..=end, &replacement);
    }
    (!v.contains("${")).then_some(v)
}

/// Parses a `pom.xml`: its `<dependencies>` with `${property}` versions resolved from its own
/// `<properties>` (then those of the other POMs of the tree, such as a parent), versions left
/// out taken from `<dependencyManagement>`. The modules of the same build (any POM of the
/// tree) are the project's own. `test` scope is development-only.
///
/// # Errors
/// When the XML is malformed or the root element is not `<project>`.
pub fn parse_pom(path: &str, text: &str, tree: &Tree) -> Parsed {
    let pom = read_pom(text)?;
    let others: Vec<Pom> = tree
        .under("", "pom.xml")
        .filter(|(p, _)| *p != path)
        .filter_map(|(_, t)| read_pom(t).ok())
        .collect();
    let own: BTreeSet<&str> = pom
        .coordinates
        .iter()
        .chain(others.iter().filter_map(|o| o.coordinates.as_ref()))
        .map(String::as_str)
        .collect();
    let props = |name: &str| {
        pom.properties
            .get(name)
            .or_else(|| others.iter().find_map(|o| o.properties.get(name)))
            .cloned()
    };
    // Coordinates may use properties too (`<artifactId>${lib.name}</artifactId>`). Maven keeps
    // the last of several declarations of one artifact.
    let mut resolved: Vec<(String, &Option<String>, &Option<String>)> = Vec::new();
    for (coords, version, scope) in &pom.dependencies {
        let Some(coords) = interpolate(coords, &props) else {
            tree.warn(
                path,
                None,
                format!(
                    "dependency `{coords}`: a property of its coordinates is not defined; left out"
                ),
            );
            continue;
        };
        resolved.retain(|(c, _, _)| *c != coords);
        resolved.push((coords, version, scope));
    }
    let mut out = Vec::new();
    for (coords, version, scope) in &resolved {
        let coords = coords.as_str();
        let managed_coords = pom
            .managed
            .keys()
            .find(|k| interpolate(k, &props).as_deref() == Some(coords));
        if own.contains(coords) || scope.as_deref() == Some("import") {
            continue;
        }
        let version = (*version)
            .clone()
            .or_else(|| managed_coords.and_then(|k| pom.managed.get(k)).cloned())
            .or_else(|| others.iter().find_map(|o| o.managed.get(coords).cloned()));
        let Some(version) = version.and_then(|v| interpolate(&v, &props)) else {
            continue;
        };
        let mut d = Dependency::new(Ecosystem::Maven, coords, version, path);
        d.direct = true;
        d.dev = scope.as_deref() == Some("test");
        out.push(d);
    }
    Ok(out)
}

/// Parses a `gradle.lockfile`: `group:artifact:version=configurations` lines. A package is
/// development-only when every configuration that resolves it is a test one. Gradle does not
/// say which are direct.
///
/// A line that is not `group:artifact:version=…` is left out with a warning; the rest is read.
///
/// # Errors
/// Never for a readable file.
pub fn parse_gradle_lock(path: &str, text: &str, tree: &Tree) -> Parsed {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with("empty=") {
            continue;
        }
        let (coords, configs) = t.split_once('=').unwrap_or((t, ""));
        let parts: Vec<&str> = coords.split(':').collect();
        let [group, artifact, version] = parts[..] else {
            tree.warn(
                path,
                Some(i + 1),
                format!("`{t}` is not `group:artifact:version=…`; left out"),
            );
            continue;
        };
        if [group, artifact, version]
            .iter()
            .any(|p| p.trim().is_empty())
        {
            tree.warn(
                path,
                Some(i + 1),
                format!("`{t}` has an empty group, artifact or version; left out"),
            );
            continue;
        }
        let mut d = Dependency::new(
            Ecosystem::Maven,
            format!("{group}:{artifact}"),
            version,
            path,
        );
        d.dev = !configs.is_empty()
            && configs
                .split(',')
                .all(|c| c.trim().to_ascii_lowercase().starts_with("test"));
        out.push(d);
    }
    Ok(out)
}

/// Parses Gradle's dependency verification metadata (`gradle/verification-metadata.xml`):
/// every `<component group name version>` Gradle verified when it resolved the build, which is
/// every artifact of the build. A component without one of the three attributes is left out
/// with a warning.
///
/// # Errors
/// When the XML is malformed or the root element is not `<verification-metadata>`.
pub fn parse_verification_metadata(path: &str, text: &str, tree: &Tree) -> Parsed {
    let doc = roxmltree::Document::parse(text).map_err(|e| format!("invalid XML: {e}"))?;
    let root = doc.root_element();
    if !root.has_tag_name("verification-metadata") {
        return Err(
            "not Gradle verification metadata: the root element is not <verification-metadata>"
                .into(),
        );
    }
    let mut out = Vec::new();
    for c in root
        .children()
        .filter(|c| c.has_tag_name("components"))
        .flat_map(|c| c.children().filter(|c| c.has_tag_name("component")))
    {
        let attrs = (
            c.attribute("group"),
            c.attribute("name"),
            c.attribute("version"),
        );
        let (Some(g), Some(n), Some(v)) = attrs else {
            let line = doc.text_pos_at(c.range().start).row as usize;
            tree.warn(
                path,
                Some(line),
                "component without a group, name or version; left out",
            );
            continue;
        };
        out.push(Dependency::new(
            Ecosystem::Maven,
            format!("{g}:{n}"),
            v,
            path,
        ));
    }
    Ok(out)
}

/// Parses a Gradle version catalog: `[libraries]` as `"g:a:v"` strings or tables with
/// `module` or `group`/`name`, and `version` as a string, a `{ strictly, require, prefer }`
/// table, or `version.ref` into `[versions]`.
///
/// # Errors
/// When the TOML is malformed.
pub fn parse_version_catalog(path: &str, text: &str, _tree: &Tree) -> Parsed {
    let doc: toml::Table = toml::from_str(text).map_err(|e| toml_error(&e))?;
    let versions = doc.get("versions").and_then(toml::Value::as_table);
    let version_text = |v: &toml::Value| -> Option<String> {
        match v {
            toml::Value::String(s) => Some(s.clone()),
            // A rich version: the preferred version when there is one (Gradle picks it when
            // it fits), else the strict or required one.
            toml::Value::Table(t) => ["prefer", "strictly", "require"]
                .iter()
                .find_map(|k| t.get(*k).and_then(toml::Value::as_str))
                .map(str::to_owned),
            _ => None,
        }
    };
    let mut out = Vec::new();
    for (_, lib) in doc
        .get("libraries")
        .and_then(toml::Value::as_table)
        .into_iter()
        .flatten()
    {
        let (coords, version) = match lib {
            toml::Value::String(s) => {
                let parts: Vec<&str> = s.split(':').collect();
                match parts[..] {
                    [g, a, v] => (format!("{g}:{a}"), Some(v.to_owned())),
                    _ => continue,
                }
            }
            toml::Value::Table(t) => {
                let coords = match (t.get("module"), t.get("group"), t.get("name")) {
                    (Some(m), _, _) => m.as_str().unwrap_or("").to_owned(),
                    (None, Some(g), Some(n)) => {
                        format!("{}:{}", g.as_str().unwrap_or(""), n.as_str().unwrap_or(""))
                    }
                    _ => continue,
                };
                let version = match t.get("version") {
                    Some(toml::Value::Table(vt)) if vt.contains_key("ref") => vt
                        .get("ref")
                        .and_then(toml::Value::as_str)
                        .and_then(|r| versions?.get(r))
                        .and_then(version_text),
                    Some(v) => version_text(v),
                    None => t
                        .get("version.ref")
                        .and_then(toml::Value::as_str)
                        .and_then(|r| versions?.get(r))
                        .and_then(version_text),
                };
                (coords, version)
            }
            _ => continue,
        };
        // A library without a version takes it from a platform or BOM, as POM and NuGet
        // references without one do: the version is not known here, so it is not listed.
        let Some(version) = version else { continue };
        let mut d = Dependency::new(Ecosystem::Maven, coords, version, path);
        d.direct = true;
        out.push(d);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARENT: &str = r#"<project xmlns="http://maven.apache.org/POM/4.0.0">
  <groupId>com.acme</groupId><artifactId>parent</artifactId><version>1.0.0</version>
  <properties><jackson.version>2.15.2</jackson.version></properties>
  <dependencyManagement><dependencies>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.9</version></dependency>
  </dependencies></dependencyManagement>
</project>"#;

    const CHILD: &str = r#"<?xml version="1.0"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <parent><groupId>com.acme</groupId><artifactId>parent</artifactId><version>1.0.0</version></parent>
  <artifactId>app</artifactId>
  <properties><junit.version>5.10.0</junit.version></properties>
  <dependencies>
    <dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId><version>${jackson.version}</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId></dependency>
    <dependency><groupId>com.acme</groupId><artifactId>parent</artifactId><version>${project.version}</version></dependency>
    <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>${junit.version}</version><scope>test</scope></dependency>
  </dependencies>
  <build><plugins><plugin><dependencies><dependency><groupId>x</groupId><artifactId>y</artifactId><version>1</version></dependency></dependencies></plugin></plugins></build>
</project>"#;

    #[test]
    fn pom_properties_management_and_modules() {
        let tree = Tree::from_texts(&[("pom.xml", PARENT), ("app/pom.xml", CHILD)]);
        let deps = parse_pom("app/pom.xml", CHILD, &tree).unwrap();
        let got: Vec<(&str, &str, bool)> = deps
            .iter()
            .map(|d| (d.name.as_str(), d.version.as_str(), d.dev))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "com.fasterxml.jackson.core:jackson-databind",
                    "2.15.2",
                    false
                ),
                ("org.slf4j:slf4j-api", "2.0.9", false),
                ("org.junit.jupiter:junit-jupiter", "5.10.0", true),
            ]
        );
        assert!(parse_pom("pom.xml", "<project><dependencies>", &tree).is_err());
    }

    #[test]
    fn gradle_lockfile_and_catalog() {
        let lock = "# This is a Gradle generated file for dependency locking.\ncom.google.guava:guava:32.1.2-jre=compileClasspath,runtimeClasspath\njunit:junit:4.13.2=testCompileClasspath,testRuntimeClasspath\nempty=annotationProcessor\n";
        let deps = parse_gradle_lock("gradle.lockfile", lock, &Tree::from_texts(&[])).unwrap();
        let got: Vec<(&str, &str, bool)> = deps
            .iter()
            .map(|d| (d.name.as_str(), d.version.as_str(), d.dev))
            .collect();
        assert_eq!(
            got,
            [
                ("com.google.guava:guava", "32.1.2-jre", false),
                ("junit:junit", "4.13.2", true)
            ]
        );
        let catalog = "[versions]\nkotlin = \"1.9.20\"\n[libraries]\nkotlin-stdlib = { module = \"org.jetbrains.kotlin:kotlin-stdlib\", version.ref = \"kotlin\" }\nokhttp = \"com.squareup.okhttp3:okhttp:4.12.0\"\nretrofit = { group = \"com.squareup.retrofit2\", name = \"retrofit\", version = { strictly = \"2.9.0\" } }\nbom-managed = { module = \"x:y\" }\n";
        let deps =
            parse_version_catalog("gradle/libs.versions.toml", catalog, &Tree::from_texts(&[]))
                .unwrap();
        let got: Vec<(&str, &str)> = deps
            .iter()
            .map(|d| (d.name.as_str(), d.version.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("org.jetbrains.kotlin:kotlin-stdlib", "1.9.20"),
                ("com.squareup.okhttp3:okhttp", "4.12.0"),
                ("com.squareup.retrofit2:retrofit", "2.9.0"),
            ]
        );
    }
}
