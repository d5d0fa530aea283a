//! Workers a test starts itself (`wrangler dev` on a free port with its own state), for what
//! the shared worker cannot show: another admin secret, a restart on existing state; and the
//! self-hosted service (plain workerd, [`Spawned::selfhosted`]).
//!
//! They run the bundle the shared worker built (`sync-worker/build/`), through a copy of
//! `wrangler.toml` without its build step, so starting one compiles nothing and never rewrites
//! the files the shared worker runs.

use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tsunagu_core::protocol::IssuedToken;

/// One worker of a test's own; stopped (its whole process group) when dropped.
pub struct Spawned {
    pub base: String,
    pub log: PathBuf,
    child: Option<Child>,
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is in the repository")
        .to_path_buf()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free port")
}

/// `sync-worker/wrangler.toml` without `[build]` and `[assets]`, running the built bundle.
fn config(dir: &Path) -> PathBuf {
    let worker_dir = repo().join("sync-worker");
    let bundle = worker_dir.join("build/index.js");
    assert!(
        bundle.exists(),
        "{} is missing: the shared worker of scripts/test.sh builds it",
        bundle.display()
    );
    let original = fs::read_to_string(worker_dir.join("wrangler.toml")).expect("wrangler.toml");
    let mut kept = Vec::new();
    let mut skipping = false;
    for line in original.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            skipping = trimmed == "[build]" || trimmed == "[assets]";
        }
        if skipping {
            continue;
        }
        if trimmed.starts_with("main =") {
            kept.push(format!("main = {:?}", bundle.display().to_string()));
        } else {
            kept.push(line.to_string());
        }
    }
    let path = dir.join("wrangler.toml");
    fs::write(&path, kept.join("\n")).expect("write the test's wrangler.toml");
    path
}

impl Spawned {
    /// Starts a worker with `secret` and its state in `dir/state`; waits for /v1/health.
    pub fn start(dir: &Path, secret: &str) -> Spawned {
        Spawned::start_with(dir, secret, &[])
    }

    /// [`Spawned::start`] with more worker vars (`--var NAME:VALUE`).
    pub fn start_with(dir: &Path, secret: &str, vars: &[(&str, &str)]) -> Spawned {
        fs::create_dir_all(dir).expect("the worker's directory");
        let config = config(dir);
        let port = free_port();
        let log = dir.join(format!("wrangler-{port}.log"));
        let log_file = fs::File::create(&log).expect("log file");
        let mut command = Command::new("wrangler");
        command
            .current_dir(dir)
            .args(["dev", "--config"])
            .arg(&config)
            .args(["--ip", "127.0.0.1", "--port", &port.to_string()])
            .arg("--persist-to")
            .arg(dir.join("state"))
            .args(["--var", &format!("ADMIN_SECRET:{secret}")])
            .args(
                vars.iter()
                    .flat_map(|(name, value)| ["--var".to_string(), format!("{name}:{value}")]),
            )
            .args(["--inspector-port", &free_port().to_string()])
            .args([
                "--show-interactive-dev-session=false",
                "--log-level",
                "info",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::from(log_file.try_clone().expect("log file")))
            .stderr(Stdio::from(log_file));
        Spawned::launch(command, port, log)
    }

    /// Starts the self-hosted service (plain `workerd serve` with the shipped configuration,
    /// through `scripts/serve-selfhosted.sh serve`) from the release directory `release`, with
    /// its data in `data` and the admin secret in its environment.
    pub fn selfhosted(release: &Path, data: &Path, secret: &str) -> Spawned {
        fs::create_dir_all(data).expect("the data directory");
        let port = free_port();
        let log = data.with_extension(format!("workerd-{port}.log"));
        let log_file = fs::File::create(&log).expect("log file");
        let mut command = Command::new("bash");
        command
            .arg(repo().join("scripts/serve-selfhosted.sh"))
            .arg("serve")
            .args([release, data])
            .arg(format!("127.0.0.1:{port}"))
            .env("TSUNAGU_ADMIN_SECRET", secret)
            .env_remove("TSUNAGU_ADMIN_SECRET_FILE")
            .stdin(Stdio::null())
            .stdout(Stdio::from(log_file.try_clone().expect("log file")))
            .stderr(Stdio::from(log_file));
        Spawned::launch(command, port, log)
    }

    fn launch(mut command: Command, port: u16, log: PathBuf) -> Spawned {
        #[cfg(unix)]
        {
            // Its own process group: wrangler (or the script) and workerd stop together.
            use std::os::unix::process::CommandExt;
            command.process_group(0);
        }
        let child = command.spawn().unwrap_or_else(|e| {
            panic!("the worker did not start ({e}); is scripts/env.sh sourced?")
        });
        let mut spawned = Spawned {
            base: format!("http://127.0.0.1:{port}"),
            log,
            child: Some(child),
        };
        spawned.wait_healthy();
        spawned
    }

    fn wait_healthy(&mut self) {
        let http = reqwest::blocking::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(2))
            .build()
            .expect("HTTP client");
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if let Ok(reply) = http.get(format!("{}/v1/health", self.base)).send() {
                if reply.status().is_success() {
                    return;
                }
            }
            let exited = self
                .child
                .as_mut()
                .and_then(|child| child.try_wait().ok().flatten());
            if exited.is_some() || Instant::now() > deadline {
                let log = fs::read_to_string(&self.log).unwrap_or_default();
                panic!("the test's own worker did not answer ({exited:?}); its log:\n{log}");
            }
            std::thread::sleep(Duration::from_millis(300));
        }
    }

    /// The worker's log so far.
    pub fn log_text(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Stops the worker and waits until it has exited.
    pub fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        let group = format!("-{}", child.id());
        let quiet = |signal: &str| {
            // The group may be gone already: nothing to say then.
            let _ = Command::new("kill")
                .args([signal, "--", &group])
                .stderr(Stdio::null())
                .status();
        };
        quiet("-TERM");
        let deadline = Instant::now() + Duration::from_secs(15);
        while child.try_wait().ok().flatten().is_none() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(100));
        }
        quiet("-KILL");
        let _ = child.wait();
        // workerd may outlive wrangler for a moment; its files are closed once it is gone.
        std::thread::sleep(Duration::from_millis(500));
    }
}

impl Drop for Spawned {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The prefecture's first administrator on a worker of a test's own, made with its secret.
pub fn first_admin(worker: &super::Worker, prefecture: &str, label: &str) -> IssuedToken {
    let pp = &prefecture[..2];
    worker
        .secret(
            reqwest::Method::POST,
            &format!("/v1/admin/prefectures/{pp}/tokens"),
            Some(
                serde_json::json!({"org": prefecture, "role": "prefecture_admin", "label": label}),
            ),
        )
        .expect(201, "the first administrator")
}

/// A token `admin` issues (`POST /v1/prefecture/tokens`).
pub fn issue_by(
    worker: &super::Worker,
    admin: &IssuedToken,
    org: &str,
    role: &str,
    label: &str,
) -> IssuedToken {
    let body = serde_json::json!({"org": org, "role": role, "label": label});
    worker
        .send(
            reqwest::Method::POST,
            "/v1/prefecture/tokens",
            Some(&super::bearer(&admin.token)),
            Some(serde_json::to_vec(&body).expect("JSON")),
        )
        .expect(201, &format!("a {role} token for {org}"))
}

/// Copies a directory tree: a worker's state or a self-hosted backup (the worker stopped, or
/// the copy taken by scripts/backup-selfhosted.sh).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("the copy's directory");
    for entry in fs::read_dir(from).expect("the directory to copy") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("a copied file");
        }
    }
}
